"""Editing officers in the app: add one, change details, retire and hand over areas."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models.access import Permission, require
from models.assignment.assign import AssignmentChange, hand_over
from models.assignment.koseka import replace_koseka
from models.errors import KendaliError, StaleEditError
from models.ids.cells import CellProblem, clean_text
from models.ids.kemendagri import load_codes
from models.office.profile import get_profile
from models.persons.rules import NikRules
from models.schema.areas import Kecamatan
from models.schema.base import utcnow
from models.schema.officers import Assignment, Officer, OfficerRole, OfficerStatus, TeamMember


class OfficerEditError(KendaliError):
    """An officer edit that cannot be made."""


@dataclass
class OfficerData:
    nik: str
    name: str
    role: OfficerRole
    phone: str = ""
    email: str = ""
    kecamatan_id: int | None = None


def _clean(session: Session, data: OfficerData, officer_id: int | None) -> OfficerData:
    """The form's values as stored; the NIK follows the same rules as a person's."""
    rules = NikRules(load_codes(), get_profile(session).region_code[:2])
    try:
        nik = rules.check(data.nik.strip())[0]  # a warning (another province) is fine
    except CellProblem as problem:
        raise OfficerEditError(str(problem)) from problem
    # Pasted text may carry tabs or line breaks; they never belong in a name or number.
    name, phone, email = (clean_text(v.strip())[0] for v in (data.name, data.phone, data.email))
    if not name:
        raise OfficerEditError("Nama petugas wajib diisi.")
    other = session.scalar(select(Officer.id).where(Officer.nik == nik))
    if other is not None and other != officer_id:
        raise OfficerEditError(f"NIK {nik} sudah dipakai petugas lain.")
    return OfficerData(nik, name, data.role, phone, email, data.kecamatan_id)


def add_officer(session: Session, data: OfficerData) -> int:
    require(session, Permission.EDIT_MASTER)
    clean = _clean(session, data, None)
    officer = Officer(nik=clean.nik, name=clean.name, role=clean.role, phone=clean.phone,
                      email=clean.email, kecamatan_id=clean.kecamatan_id)
    session.add(officer)
    session.commit()
    return officer.id


def update_officer(session: Session, officer_id: int, data: OfficerData,
                   seen_version: int) -> None:
    require(session, Permission.EDIT_MASTER)
    officer = session.get(Officer, officer_id, populate_existing=True)
    if officer is None:
        raise OfficerEditError("Petugas tidak ditemukan.")
    if officer.version_id != seen_version:
        raise StaleEditError("Data petugas ini sudah diubah pengguna lain. Muat ulang lalu ulangi.")
    clean = _clean(session, data, officer_id)
    for attribute in ("nik", "name", "role", "phone", "email", "kecamatan_id"):
        setattr(officer, attribute, getattr(clean, attribute))
    try:
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise StaleEditError("Data petugas ini sudah diubah pengguna lain.") from exc


def _hand_over_kecamatan(session: Session, officer_id: int, successor_id: int | None, by: str,
                         *, name: str) -> None:
    """A retiring Koseka's kecamatan go to the successor if they are a Koseka too."""
    kecamatan_ids = list(session.scalars(select(Assignment.kecamatan_id).where(
        Assignment.officer_id == officer_id, Assignment.valid_to.is_(None),
        Assignment.kecamatan_id.is_not(None))))
    if not kecamatan_ids:
        return
    session.execute(update(Kecamatan).where(Kecamatan.id.in_(kecamatan_ids))  # stale for others
                    .values(version_id=Kecamatan.version_id + 1)
                    .execution_options(synchronize_session=False))
    successor = session.get(Officer, successor_id) if successor_id else None
    taker = successor.id if successor and successor.role is OfficerRole.KOSEKA else None
    replace_koseka(session, kecamatan_ids, taker, by, reason=f"serah terima dari {name}")


def retire_officer(session: Session, officer_id: int, successor_id: int | None,
                   seen_version: int, *, by: str) -> AssignmentChange:
    """Mark an officer inactive; their SLS go to the successor (or become unassigned)."""
    require(session, Permission.EDIT_MASTER)
    officer = session.get(Officer, officer_id, populate_existing=True)
    if officer is None:
        raise OfficerEditError("Petugas tidak ditemukan.")
    if officer.version_id != seen_version:
        raise StaleEditError("Data petugas ini sudah diubah pengguna lain. Muat ulang lalu ulangi.")
    if officer.status is OfficerStatus.NONAKTIF:
        raise OfficerEditError(f"{officer.name} sudah nonaktif.")
    if successor_id == officer_id:
        raise OfficerEditError("Pengganti harus petugas lain.")
    change = hand_over(session, officer_id, successor_id, by,
                       reason=f"serah terima dari {officer.name}", commit=False)
    _hand_over_kecamatan(session, officer_id, successor_id, by, name=officer.name)
    now = utcnow()
    officer.status = OfficerStatus.NONAKTIF
    officer.retired_at = now
    session.execute(update(TeamMember).where(
        TeamMember.officer_id == officer_id, TeamMember.valid_to.is_(None)).values(valid_to=now))
    try:
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise StaleEditError("Data petugas ini sudah diubah pengguna lain.") from exc
    return change


def officer_version(session: Session, officer_id: int) -> int:
    version = session.scalar(select(Officer.version_id).where(Officer.id == officer_id))
    if version is None:
        raise OfficerEditError("Petugas tidak ditemukan.")
    return version


def successor_choices(session: Session, officer_id: int) -> list[tuple[int, str]]:
    """Active officers of the same role who can take over, home kecamatan first."""
    officer = session.get(Officer, officer_id)
    if officer is None:
        return []
    rows = session.execute(
        select(Officer.id, Officer.name, Officer.kecamatan_id).where(
            Officer.role == officer.role, Officer.status == OfficerStatus.AKTIF,
            Officer.id != officer_id).order_by(Officer.name)).all()
    return [(oid, name) for oid, name, kec in sorted(
        rows, key=lambda r: (r[2] != officer.kecamatan_id, r[1]))]


def officer_form(session: Session, officer_id: int) -> tuple[OfficerData, int]:
    """What an edit form starts from, and the version saving it must still find."""
    officer = session.get(Officer, officer_id, populate_existing=True)
    if officer is None:
        raise OfficerEditError("Petugas tidak ditemukan.")
    return (OfficerData(officer.nik or "", officer.name, officer.role, officer.phone,
                        officer.email, officer.kecamatan_id), officer.version_id)
