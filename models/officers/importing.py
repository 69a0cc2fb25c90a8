"""Importing the officer list: upsert by NIK, roles by any common name, teams by code."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.access import Permission, require
from models.formatting import format_number
from models.ids.cells import (
    DECIMAL_TAIL,
    SCIENTIFIC,
    CellProblem,
    digits,
    is_blank,
    plain_text,
    shown,
    text,
)
from models.ids.kemendagri import load_codes
from models.office.profile import get_profile, role_labels
from models.persons.rules import NikRules
from models.schema.areas import Kecamatan
from models.schema.base import utcnow
from models.schema.batches import ImportKind
from models.schema.officers import Assignment, Officer, OfficerRole, OfficerStatus, Team, TeamMember
from models.sheets.columns import ColumnMapping, FieldSpec, normalize
from models.sheets.importing import (
    PROGRESS_EVERY,
    Counts,
    ImportProblems,
    ImportRefused,
    ImportReport,
    data_rows,
    record_batch,
    refresh_statistics,
    warning_lines,
)
from models.sheets.reading import sheet_names
from models.work import ProgressCallback, advance

log = logging.getLogger(__name__)
KIND = "petugas"
# The longest text each column holds; longer is refused rather than cut short.
LIMITS = {key: Officer.__table__.c[key].type.length for key in ("name", "phone", "email")}
LIMITS["team"] = Team.__table__.c.code.type.length

FIELDS = [
    FieldSpec("nik", "NIK", ("Nomor Induk Kependudukan", "NIK Petugas", "No KTP"), required=True),
    FieldSpec("name", "Nama", ("Nama Petugas", "Nama Lengkap", "Nama Mitra"), required=True),
    FieldSpec("role", "Jabatan", ("Peran", "Posisi", "Role", "Tugas", "Jenis Petugas"),
              required=True),
    FieldSpec("phone", "No HP", ("Nomor HP", "HP", "Telepon", "No Telp", "No WA", "WhatsApp")),
    FieldSpec("email", "Email", ("E-mail", "Surel")),
    FieldSpec("kec_code", "Kode Kecamatan", ("KDKEC", "Kode Kec", "Kecamatan Tugas")),
    FieldSpec("team", "Kode Tim", ("Tim", "Nomor Tim", "No Tim")),
    FieldSpec("status", "Status", ("Status Petugas", "Aktif")),
]

ROLE_NAMES: dict[str, OfficerRole] = {
    **dict.fromkeys(["ppl", "pcl", "pencacah", "petugaspencacah", "petugaspencacahlapangan",
                     "enumerator"], OfficerRole.PPL),
    **dict.fromkeys(["pml", "koordinatortim", "kortim", "pengawas", "pemeriksa",
                     "petugaspemeriksalapangan", "supervisor"], OfficerRole.PML),
    **dict.fromkeys(["koseka", "koordinatorsensuskecamatan", "koordinatorkecamatan"],
                    OfficerRole.KOSEKA),
}
INACTIVE = {"nonaktif", "tidakaktif", "berhenti", "keluar", "tidak", "0"}
MOBILE = re.compile(r"8[0-9]{8,11}")  # an 08xx number once Excel dropped its 0


@dataclass
class OfficerRecord:
    row: int
    nik: str
    name: str
    role: OfficerRole
    phone: str
    email: str
    kec_code: str | None
    team: str
    active: bool


@dataclass
class OfficerReport(ImportReport):
    officers: Counts = field(default_factory=Counts)
    teams_created: int = 0

    def summary(self) -> str:
        return (f"{format_number(self.rows_read)} baris dibaca. Petugas: {self.officers}. "
                f"Tim baru: {format_number(self.teams_created)}.{warning_lines(self.warnings)}")


def parse_role(value: Any, labels: dict[OfficerRole, str]) -> OfficerRole:
    key = normalize(value)
    known = {**ROLE_NAMES, **{normalize(label): role for role, label in labels.items()}}
    if key in known:
        return known[key]
    raise CellProblem(f"Jabatan '{shown(value)}' tidak dikenal. Gunakan {labels[OfficerRole.PPL]}, "
                      f"{labels[OfficerRole.PML]} atau {labels[OfficerRole.KOSEKA]}.")


def parse_phone(value: Any, label: str) -> tuple[str, str | None]:
    """The phone number as text, and a warning when the cell held a number.

    A number cell drops the leading 0; an 8xxxxxxxxx number is plainly an Indonesian
    mobile number and gets its 0 back, anything else is kept as it is and named. A CSV
    saved from such a cell says so by its shape ('8123456789.0', '8,12346E+09').
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        phone, warning = plain_text(value, label, LIMITS["phone"])
        if warning is None and (SCIENTIFIC.match(phone) or DECIMAL_TAIL.match(phone)):
            warning = (f"{label} '{phone}' sudah dirusak Excel menjadi angka (angka 0 di depan "
                       "dan digit terakhir dapat hilang). Periksa nomornya, lalu format kolom "
                       "sebagai Teks.")
        elif warning is None and MOBILE.fullmatch(phone):  # a number cell saved as CSV
            return "0" + phone, (f"{label} {phone} kehilangan angka 0 di depan (tersimpan "
                                 f"sebagai angka); dibaca sebagai 0{phone}.")
        return phone, warning
    number = text(value)
    if MOBILE.fullmatch(number):
        return "0" + number, (f"{label} tersimpan sebagai angka di Excel ({number}), sehingga "
                              f"angka 0 di depan hilang; dibaca sebagai 0{number}. Format "
                              "kolom sebagai Teks.")
    return number, (f"{label} tersimpan sebagai angka di Excel ({number}); angka 0 di depan "
                    "dapat hilang. Periksa nomornya, lalu format kolom sebagai Teks.")


def parse_rows(path: Path, sheet: str | None, mapping: ColumnMapping, *, region: str,
               labels: dict[OfficerRole, str], rules: NikRules, problems: ImportProblems,
               progress: ProgressCallback | None) -> list[OfficerRecord]:
    records: list[OfficerRecord] = []
    seen: dict[str, int] = {}
    for count, (row, values) in enumerate(data_rows(path, sheet, mapping), start=1):
        key = "nik"
        warned: dict[str, str | None] = {}  # field -> warning, kept once the row is
        try:
            nik, _, warned["nik"] = rules.check(values.get("nik"))  # the rules for persons
            key = "name"
            name, warned["name"] = plain_text(values.get("name"), mapping.column_name("name"),
                                              LIMITS["name"])
            if not name:
                raise CellProblem("Nama kosong.")
            key = "role"
            role = parse_role(values.get("role"), labels)
            key = "kec_code"
            kec = None
            if not is_blank(values.get("kec_code")):
                kec = digits(values["kec_code"], "Kode Kecamatan", (7, 3))
                kec = kec if len(kec) == 7 else region + kec
            key = "phone"
            phone, warned["phone"] = parse_phone(values.get("phone"),
                                                 mapping.column_name("phone"))
            key = "email"
            email, warned["email"] = plain_text(values.get("email"),
                                                mapping.column_name("email"), LIMITS["email"])
            key = "team"
            team, warned["team"] = plain_text(values.get("team"), mapping.column_name("team"),
                                              LIMITS["team"])
        except CellProblem as problem:
            problems.add(row, mapping.column_name(key), str(problem))
            continue
        if nik in seen:
            problems.add(row, mapping.column_name("nik"),
                         f"NIK {nik} sudah ada di baris {seen[nik]}.")
            continue
        seen[nik] = row
        for field_key, reason in warned.items():
            problems.warn(row, mapping.column_name(field_key), reason)
        records.append(OfficerRecord(
            row, nik, name, role, phone, email, kec, team,
            normalize(values.get("status", "")) not in INACTIVE,
        ))
        if count % PROGRESS_EVERY == 0:
            advance(progress, count, 0)
    return records


def _apply(officer: Officer, record: OfficerRecord, kecamatan_id: int | None) -> bool:
    status = OfficerStatus.AKTIF if record.active else OfficerStatus.NONAKTIF
    wanted = {"name": record.name, "role": record.role, "phone": record.phone,
              "email": record.email, "status": status}
    if kecamatan_id is not None:
        wanted["kecamatan_id"] = kecamatan_id
    changed = False
    for attribute, value in wanted.items():
        if getattr(officer, attribute) != value:
            setattr(officer, attribute, value)
            changed = True
    if changed and status is OfficerStatus.NONAKTIF and officer.retired_at is None:
        officer.retired_at = utcnow()
    return changed


def _team(session: Session, teams: dict[str, Team], code: str, kecamatan_id: int | None,
          *, report: OfficerReport) -> Team:
    team = teams.get(code)
    if team is None:
        team = Team(code=code, name=f"Tim {code}", kecamatan_id=kecamatan_id)
        session.add(team)
        teams[code] = team
        report.teams_created += 1
    return team


def _join_team(session: Session, officer: Officer, team: Team,
               memberships: dict[int, TeamMember]) -> None:
    current = memberships.get(officer.id)
    if current is not None and current.team_id == team.id:
        return
    now = utcnow()
    if current is not None:
        current.valid_to = now
        session.flush()  # the old row ends before the new one starts (one current per officer)
    membership = TeamMember(team_id=team.id, officer_id=officer.id, valid_from=now)
    session.add(membership)
    memberships[officer.id] = membership


def _place_koseka(session: Session, records: list[OfficerRecord],
                  officers: dict[str, Officer], kecamatan: dict[str, int]) -> None:
    """A Koseka listed with a kecamatan coordinates it, unless it already has a Koseka."""
    covered = set(session.scalars(select(Assignment.kecamatan_id).where(
        Assignment.kecamatan_id.is_not(None), Assignment.valid_to.is_(None))))
    for record in records:
        kec_id = kecamatan.get(record.kec_code) if record.kec_code else None
        if record.role is OfficerRole.KOSEKA and record.active and kec_id and kec_id not in covered:
            session.add(Assignment(officer_id=officers[record.nik].id, kecamatan_id=kec_id,
                                   assigned_by="impor petugas"))
            covered.add(kec_id)


def import_petugas(session: Session, path: Path, mapping: ColumnMapping,
                   *, sheet: str | None = None, progress: ProgressCallback | None = None,
                   imported_by: str | None = None) -> OfficerReport:
    """Upsert every officer by NIK in one transaction; nothing is written on any error."""
    require(session, Permission.EDIT_MASTER)
    profile = get_profile(session)
    sheet = sheet or sheet_names(path)[0]  # errors always name the sheet
    problems = ImportProblems(path.name, sheet)
    rules = NikRules(load_codes(), profile.region_code[:2])
    try:
        records = parse_rows(path, sheet, mapping, region=profile.region_code,
                             labels=role_labels(profile), rules=rules, problems=problems,
                             progress=progress)
        kecamatan = dict(session.execute(select(Kecamatan.bps_code, Kecamatan.id)).all())
        for record in records:
            if record.kec_code and record.kec_code not in kecamatan:
                problems.add(record.row, mapping.column_name("kec_code"),
                             f"Kecamatan {record.kec_code} tidak ada di master wilayah.")
        if problems.errors:
            raise ImportRefused(problems.errors)
        report = OfficerReport(rows_read=len(records), problems=problems.warnings)
        officers = {o.nik: o for o in session.scalars(select(Officer)) if o.nik}
        teams = {t.code: t for t in session.scalars(select(Team))}
        memberships = {m.officer_id: m for m in session.scalars(
            select(TeamMember).where(TeamMember.valid_to.is_(None)))}
        for count, record in enumerate(records, start=1):
            kec_id = kecamatan.get(record.kec_code) if record.kec_code else None
            officer = officers.get(record.nik)
            if officer is None:
                officer = Officer(nik=record.nik, name=record.name, role=record.role)
                _apply(officer, record, kec_id)
                session.add(officer)
                officers[record.nik] = officer
                report.officers.inserted += 1
            elif _apply(officer, record, kec_id):
                report.officers.updated += 1
            else:
                report.officers.unchanged += 1
            if count % PROGRESS_EVERY == 0:
                advance(progress, count, len(records))
        session.flush()  # ids for every new officer, in one go
        _place_koseka(session, records, officers, kecamatan)
        for record in records:
            if record.team:
                kec_id = kecamatan.get(record.kec_code) if record.kec_code else None
                _team(session, teams, record.team, kec_id, report=report)
        session.flush()
        for record in records:
            if not record.team:
                continue
            officer, team = officers[record.nik], teams[record.team]
            if record.role is OfficerRole.PML:
                team.pml_id = officer.id
            elif record.role is OfficerRole.PPL:
                _join_team(session, officer, team, memberships)
        batch = record_batch(session, ImportKind.PETUGAS, path, sheet=sheet,
                             rows_read=report.rows_read, counts=report.officers,
                             imported_by=imported_by)
    except BaseException:
        session.rollback()
        raise
    report.batch_id = batch.id
    refresh_statistics(session, report.officers, "officer", "team", "team_member")
    log.info("imported %s: %s", path.name, report.summary())
    return report
