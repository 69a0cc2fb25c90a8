"""Reading and validated editing of the office profile and targets."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from decimal import Decimal, InvalidOperation

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models.access import Permission, require
from models.errors import FieldProblem, StaleEditError, ValidationError
from models.ids.cells import ascii_digits
from models.ids.nip import nip_problem
from models.schema.office import OfficeProfile, PaperSize
from models.schema.officers import OfficerRole

# SP2020 called the officers PCL / Koordinator Tim / Koseka; later censuses PPL / PML.
LABEL_PRESETS: dict[str, tuple[str, str, str]] = {
    "PPL / PML / Koseka": ("PPL", "PML", "Koseka"),
    "SP2020: PCL / Koordinator Tim / Koseka": ("PCL", "Koordinator Tim", "Koseka"),
}

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class ProfileData:
    office_name: str = ""
    region_code: str = ""
    satker_code: str = ""
    region_name: str = ""
    province_name: str = ""
    city: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    head_name: str = ""
    head_nip: str = ""
    head_title: str = ""
    online_target_pct: Decimal = Decimal("20")
    field_target_pct: Decimal = Decimal("100")
    ppl_capacity_households: int = 600
    label_ppl: str = "PPL"
    label_pml: str = "PML"
    label_koseka: str = "Koseka"
    paper_size: PaperSize = PaperSize.A4
    version_id: int = 0  # the version read; saving against an older one is refused


FIELD_NAMES = [f.name for f in fields(ProfileData) if f.name != "version_id"]


def _row(session: Session) -> OfficeProfile:
    """The profile row, created with the defaults on first use.

    Two reads at once (two PCs, or two pages of one window) may both find no row: the
    insert does nothing when the other one's row is there by then, instead of failing on
    the key."""
    profile = session.get(OfficeProfile, 1)
    if profile is None:
        dialect = session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        session.execute(insert(OfficeProfile).values(id=1, version_id=1)
                        .on_conflict_do_nothing(index_elements=["id"]))
        profile = session.get(OfficeProfile, 1)
        assert profile is not None
    return profile


def get_profile(session: Session) -> ProfileData:
    profile = _row(session)
    data = ProfileData(**{name: getattr(profile, name) for name in FIELD_NAMES})
    data.version_id = profile.version_id
    return data


def _percent_problem(value: object, label: str) -> str | None:
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return f"{label} harus berupa angka."
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        return f"{label} harus antara 0 dan 100 %."
    return None


def validate_profile(data: ProfileData) -> list[FieldProblem]:
    problems: list[FieldProblem] = []

    def check(field: str, reason: str | None) -> None:
        if reason:
            problems.append(FieldProblem(field, reason))

    check("office_name", None if data.office_name.strip() else "Nama kantor wajib diisi.")
    check("region_code", None if ascii_digits(data.region_code, 4)
          else "Kode kabupaten/kota harus 4 angka (contoh 6371).")
    check("satker_code", None if ascii_digits(data.satker_code, 5)
          else "Kode satker harus 5 angka (contoh 63710).")
    if data.head_nip:
        check("head_nip", nip_problem(data.head_nip))
    check("email", None if not data.email or EMAIL.match(data.email)
          else "Alamat email tidak valid.")
    check("online_target_pct", _percent_problem(data.online_target_pct, "Target online"))
    check("field_target_pct", _percent_problem(data.field_target_pct, "Target lapangan"))
    check("ppl_capacity_households", None if 1 <= int(data.ppl_capacity_households) <= 100_000
          else "Kapasitas PPL harus antara 1 dan 100.000 rumah tangga.")
    for field, label in (("label_ppl", "PPL"), ("label_pml", "PML"), ("label_koseka", "Koseka")):
        check(field, None if getattr(data, field).strip() else f"Sebutan {label} wajib diisi.")
    return problems


def update_profile(session: Session, data: ProfileData) -> ProfileData:
    """Validate and save; refuses if another PC saved the profile since it was read."""
    require(session, Permission.EDIT_SETTINGS)
    problems = validate_profile(data)
    if problems:
        raise ValidationError(problems)
    profile = _row(session)
    if data.version_id and data.version_id != profile.version_id:
        raise StaleEditError(
            "Profil kantor sudah diubah di komputer lain sejak dibuka. Muat ulang lalu ulangi."
        )
    clean = asdict(data)
    for name in FIELD_NAMES:
        value = clean[name]
        if isinstance(value, str):
            value = value.strip()
        if name.endswith("_pct"):
            value = Decimal(str(value).replace(",", ".")).quantize(Decimal("0.01"))
        setattr(profile, name, value)
    try:
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise StaleEditError(
            "Profil kantor sudah diubah di komputer lain sejak dibuka. Muat ulang lalu ulangi."
        ) from exc
    return get_profile(session)


def role_labels(profile: ProfileData) -> dict[OfficerRole, str]:
    """What the office calls each role (SP2020: PCL / Koordinator Tim / Koseka)."""
    return {
        OfficerRole.PPL: profile.label_ppl,
        OfficerRole.PML: profile.label_pml,
        OfficerRole.KOSEKA: profile.label_koseka,
    }
