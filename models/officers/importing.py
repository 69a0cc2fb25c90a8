"""Importing the officer list: upsert by NIK, roles by any common name, teams by code."""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.access import Permission, require
from models.formatting import format_number
from models.ids.cells import CellProblem, digits, is_blank, plain_text, shown
from models.ids.kemendagri import load_codes
from models.office.profile import get_profile, role_labels
from models.officers.column_check import plain_rows
from models.officers.phone import parse_phone
from models.officers.upsert import OfficerRecord, write_officers
from models.persons.rules import NikRules
from models.schema.areas import Kecamatan
from models.schema.batches import ImportKind
from models.schema.officers import Officer, OfficerRole, Team
from models.sheets.column_reading import SheetColumns
from models.sheets.columns import ColumnMapping, FieldSpec, normalize
from models.sheets.importing import (
    PROGRESS_EVERY,
    Counts,
    ImportProblems,
    ImportRefused,
    ImportReport,
    record_batch,
    refresh_statistics,
    warning_lines,
)
from models.sheets.plain_rows import sheet_rows
from models.sheets.reading import sheet_names
from models.store.gc_pause import collection_paused
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


@dataclass
class OfficerReport(ImportReport):
    officers: Counts = field(default_factory=Counts)
    teams_created: int = 0

    def summary(self) -> str:
        return (f"{format_number(self.rows_read)} baris dibaca. Petugas: {self.officers}. "
                f"Tim baru: {format_number(self.teams_created)}.{warning_lines(self.warnings)}")


class RoleNames:
    """Every name a role goes by, the office's own labels too; each cell value read once."""

    def __init__(self, labels: dict[OfficerRole, str]) -> None:
        self.labels = labels
        self.known = {**ROLE_NAMES, **{normalize(label): role for role, label in labels.items()}}
        self.parse: Callable[[Any], OfficerRole] = _once(self._read)

    def _read(self, value: Any) -> OfficerRole:
        role = self.known.get(normalize(value))
        if role is None:
            labels = self.labels
            raise CellProblem(f"Jabatan '{shown(value)}' tidak dikenal. Gunakan "
                              f"{labels[OfficerRole.PPL]}, {labels[OfficerRole.PML]} atau "
                              f"{labels[OfficerRole.KOSEKA]}.")
        return role


# An OfficerRecord's fields after its row: nik, name, role, phone, email, kecamatan code,
# team, active.
Fields = tuple[str, str, OfficerRole, str, str, str | None, str, bool]


class RowRules:
    """The rules of one import for a row's cells, each distinct role, status, team and
    kecamatan cell read once."""

    def __init__(self, mapping: ColumnMapping, *, region: str, labels: dict[OfficerRole, str],
                 rules: NikRules) -> None:
        self.nik = rules
        self.label = label = {spec.key: mapping.column_name(spec.key) for spec in FIELDS}
        self.role = RoleNames(labels).parse
        self.active = _once(lambda status: normalize(status) not in INACTIVE)
        self.team = _once(lambda value: plain_text(value, label["team"], LIMITS["team"]))
        self.kecamatan = _once(lambda value: None if is_blank(value)
                               else _kecamatan(value, region))

    def checked(self, row: int, values: dict[str, Any], *, warned: dict[str, str | None],
                problems: ImportProblems) -> Fields | None:
        """The row's fields, with its warnings in `warned`; None once its problem is added
        to `problems`."""
        label = self.label
        key = "nik"
        try:
            nik, _, warned["nik"] = self.nik.check(values.get("nik"))  # the rules for persons
            key = "name"
            name, warned["name"] = plain_text(values.get("name"), label["name"], LIMITS["name"])
            if not name:
                raise CellProblem("Nama kosong.")
            key = "role"
            role = self.role(values.get("role"))
            key = "kec_code"
            kec = self.kecamatan(values.get("kec_code"))
            key = "phone"
            phone, warned["phone"] = parse_phone(values.get("phone"), label["phone"])
            key = "email"
            email, warned["email"] = plain_text(values.get("email"), label["email"],
                                                LIMITS["email"])
            key = "team"
            team, warned["team"] = self.team(values.get("team"))
        except CellProblem as problem:
            problems.add(row, label[key], str(problem))
            return None
        return nik, name, role, phone, email, kec, team, self.active(values.get("status", ""))

    def plain(self, columns: SheetColumns) -> pl.DataFrame:
        """The plain rows as columns, by the same rules (models.officers.column_check)."""
        return plain_rows(columns, rules=self.nik, role=self.role, kecamatan=self.kecamatan,
                          active=self.active, limits=LIMITS)


def parse_rows(path: Path, sheet: str, mapping: ColumnMapping, *, region: str,
               labels: dict[OfficerRole, str], rules: NikRules, problems: ImportProblems,
               progress: ProgressCallback | None) -> list[OfficerRecord]:
    records: list[OfficerRecord] = []
    seen: dict[str, int] = {}
    row_rules = RowRules(mapping, region=region, labels=labels, rules=rules)
    label = row_rules.label
    roles = {role.value: role for role in OfficerRole}
    for count, (row, values, ready) in enumerate(sheet_rows(path, sheet, mapping,
                                                            row_rules.plain), start=1):
        warned: dict[str, str | None] = {}  # field -> warning, kept once the row is
        if ready is None:
            assert values is not None
            fields = row_rules.checked(row, values, warned=warned, problems=problems)
            if fields is None:
                continue
        else:
            nik, name, role, *rest, warned["nik"] = ready
            fields = (nik, name, roles[role], *rest)  # type: ignore[assignment]
        nik = fields[0]
        if nik in seen:
            problems.add(row, label["nik"], f"NIK {nik} sudah ada di baris {seen[nik]}.")
            continue
        seen[nik] = row
        for field_key, reason in warned.items():
            if reason is not None:
                problems.warn(row, label[field_key], reason)
        records.append(OfficerRecord(row, *fields))
        if count % PROGRESS_EVERY == 0:
            advance(progress, count, 0)
    return records


def _kecamatan(value: Any, region: str) -> str:
    code = digits(value, "Kode Kecamatan", (7, 3))
    return code if len(code) == 7 else region + code


@dataclass(frozen=True)
class _Refused:
    reason: str


def _once(read: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`read(value)` with each distinct cell read once (a list repeats a few hundred
    kecamatan codes, a few statuses); a CellProblem is raised again for each cell that has
    it."""
    seen: dict[tuple[type, Any], Any] = {}  # by type too: 0 and False are equal keys

    def once(value: Any) -> Any:
        known = (type(value), value)
        found = seen.get(known, seen)
        if found is seen:
            try:
                found = seen[known] = read(value)
            except CellProblem as problem:
                found = seen[known] = _Refused(str(problem))
        if type(found) is _Refused:
            raise CellProblem(found.reason)
        return found

    return once


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
        with collection_paused():  # some 100,000 small objects: see models.store.gc_pause
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
            advance(progress, len(records), len(records))
            written = write_officers(session, records, kecamatan)
            report.officers, report.teams_created = written.officers, written.teams_created
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
