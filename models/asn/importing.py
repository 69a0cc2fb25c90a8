"""Importing an OPD's list of civil servants (ASN): the file replaces that OPD's list.

A file either names each row's OPD in a column (one file from the BKPSDM for the whole
city) or is one agency's own list, whose OPD the user names.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models.access import Permission, require
from models.errors import KendaliError
from models.formatting import format_number
from models.ids.cells import CellProblem, digits, plain_text
from models.ids.kemendagri import load_codes
from models.ids.nip import nip_problem
from models.office.profile import get_profile
from models.persons.rules import NikRules
from models.schema.asn import Agency, AsnEmployee
from models.schema.batches import ImportKind
from models.sheets.columns import ColumnMapping, FieldSpec, normalize
from models.sheets.importing import (
    PROGRESS_EVERY,
    Counts,
    ImportProblems,
    ImportRefused,
    ImportReport,
    add_batch,
    data_rows,
    warning_lines,
)
from models.sheets.reading import sheet_names
from models.work import ProgressCallback, advance

log = logging.getLogger(__name__)
KIND = "asn"
# The longest text each column holds; an OPD's name also goes into "Kepala <name>" (150).
LIMITS = {"name": AsnEmployee.__table__.c.name.type.length,
          "unit": AsnEmployee.__table__.c.unit.type.length, "opd": 140}

FIELDS = [
    FieldSpec("name", "Nama", ("Nama Lengkap", "Nama Pegawai", "Nama ASN", "Nama PNS"),
              required=True),
    FieldSpec("nip", "NIP", ("NIP Baru", "Nomor Induk Pegawai", "NIP/NIPPPK", "NI PPPK"),
              required=True),
    FieldSpec("nik", "NIK", ("Nomor Induk Kependudukan", "No KTP", "NIK KTP"), required=True),
    FieldSpec("unit", "Unit Kerja", ("Unit", "Satuan Kerja", "Bidang", "Bagian", "Sub Unit")),
    FieldSpec("opd", "OPD", ("Nama OPD", "Perangkat Daerah", "Instansi", "SKPD", "Dinas",
                             "Unit Organisasi")),
]


class AsnImportError(KendaliError):
    """The list cannot be imported as asked (no OPD named)."""


@dataclass(frozen=True)
class AsnRecord:
    row: int
    agency: str
    name: str
    nip: str
    nik: str
    unit: str


@dataclass
class AsnReport(ImportReport):
    employees: Counts = field(default_factory=Counts)
    removed: int = 0  # on an agency's old list but not on the new one
    agencies_created: int = 0
    agencies: list[str] = field(default_factory=list)

    def summary(self) -> str:
        n = format_number
        return (f"{n(self.rows_read)} baris dibaca untuk {n(len(self.agencies))} OPD. ASN: "
                f"{self.employees}, {n(self.removed)} dihapus dari daftar. "
                f"OPD baru: {n(self.agencies_created)}.{warning_lines(self.warnings)}")


def parse_rows(path: Path, sheet: str, mapping: ColumnMapping, *, agency: str | None,
               rules: NikRules, problems: ImportProblems) -> list[AsnRecord]:
    records: list[AsnRecord] = []
    seen_nip: dict[tuple[str, str], int] = {}
    seen_nik: dict[str, int] = {}
    for row, values in data_rows(path, sheet, mapping):
        key = "name"
        warned: dict[str, str | None] = {}  # field -> warning, kept once the row is
        try:
            name, warned["name"] = plain_text(values.get("name"), mapping.column_name("name"),
                                              LIMITS["name"])
            if not name:
                raise CellProblem("Nama kosong.")
            key = "nip"
            nip = digits(values.get("nip"), "NIP", (18,))
            if problem := nip_problem(nip, today=rules.today):
                raise CellProblem(problem)
            key = "nik"
            nik, _, warned["nik"] = rules.check(values.get("nik"))
            key = "opd"
            opd, warned["opd"] = plain_text(values.get("opd"), mapping.column_name("opd"),
                                            LIMITS["opd"])
            opd = opd or agency or ""
            if not opd:
                raise CellProblem("Nama OPD kosong.")
            key = "unit"
            unit, warned["unit"] = plain_text(values.get("unit"), mapping.column_name("unit"),
                                              LIMITS["unit"])
        except CellProblem as problem:
            problems.add(row, mapping.column_name(key), str(problem))
            continue
        if (opd, nip) in seen_nip:
            problems.add(row, mapping.column_name("nip"),
                         f"NIP {nip} sudah ada di baris {seen_nip[opd, nip]}.")
            continue
        if nik in seen_nik:
            problems.add(row, mapping.column_name("nik"),
                         f"NIK {nik} sudah ada di baris {seen_nik[nik]}.")
            continue
        seen_nip[opd, nip], seen_nik[nik] = row, row
        for field_key, reason in warned.items():
            problems.warn(row, mapping.column_name(field_key), reason)
        records.append(AsnRecord(row, opd, name, nip, nik, unit))
    return records


def _next_code(taken: set[str]) -> str:
    number = len(taken) + 1
    while f"OPD-{number:03d}" in taken:
        number += 1
    code = f"OPD-{number:03d}"
    taken.add(code)
    return code


def _agencies(session: Session, names: list[str], report: AsnReport) -> dict[str, Agency]:
    """The agency of each name in the file (matched loosely), created when new."""
    existing = list(session.scalars(select(Agency)))
    by_name = {normalize(a.name): a for a in existing}
    taken = {a.code for a in existing}
    found: dict[str, Agency] = {}
    for name in names:
        agency = by_name.get(normalize(name))
        if agency is None:
            agency = Agency(code=_next_code(taken), name=name, head_title=f"Kepala {name}")
            session.add(agency)
            by_name[normalize(name)] = agency
            report.agencies_created += 1
        found[name] = agency
    session.flush()
    return found


def import_asn(session: Session, path: Path, mapping: ColumnMapping, *, sheet: str | None = None,
               progress: ProgressCallback | None = None, imported_by: str | None = None,
               agency: str | None = None) -> AsnReport:
    """Replace the list of every OPD in the file, in one transaction; nothing on any error.

    `agency` names the OPD of a file without an OPD column.
    """
    require(session, Permission.IMPORT_DATA)
    if "opd" not in mapping.columns and not (agency or "").strip():
        raise AsnImportError(f"{path.name}: kolom OPD tidak dipetakan. Pilih nama OPD pemilik "
                             "daftar ini, atau petakan kolom OPD.")
    profile = get_profile(session)
    sheet = sheet or sheet_names(path)[0]
    problems = ImportProblems(path.name, sheet)
    rules = NikRules(load_codes(), profile.region_code[:2])
    try:
        records = parse_rows(path, sheet, mapping, agency=(agency or "").strip() or None,
                             rules=rules, problems=problems)
        if problems.errors:
            raise ImportRefused(problems.errors)
        report = AsnReport(rows_read=len(records), problems=problems.warnings)
        names = list(dict.fromkeys(r.agency for r in records))
        agencies = _agencies(session, names, report)
        report.agencies = [agencies[n].name for n in names]
        old = {(e.agency_id, e.nip): e for e in session.scalars(
            select(AsnEmployee).where(AsnEmployee.agency_id.in_([a.id for a in
                                                                  agencies.values()])))}
        kept: set[int] = set()
        new_rows = []
        for count, record in enumerate(records, start=1):
            agency_id = agencies[record.agency].id
            employee = old.get((agency_id, record.nip))
            if employee is None:
                new_rows.append(AsnEmployee(agency_id=agency_id, name=record.name,
                                            nip=record.nip, nik=record.nik, unit=record.unit))
                report.employees.inserted += 1
            elif (employee.name, employee.nik, employee.unit) == (record.name, record.nik,
                                                                  record.unit):
                kept.add(employee.id)
                report.employees.unchanged += 1
            else:
                kept.add(employee.id)
                employee.name, employee.nik, employee.unit = record.name, record.nik, record.unit
                report.employees.updated += 1
            if count % PROGRESS_EVERY == 0:
                advance(progress, count, len(records))
        gone = [e.id for e in old.values() if e.id not in kept]
        if gone:
            session.execute(delete(AsnEmployee).where(AsnEmployee.id.in_(gone)))
        report.removed = len(gone)
        batch = add_batch(session, ImportKind.ASN, path, sheet=sheet, rows_read=report.rows_read,
                          counts=report.employees, imported_by=imported_by)
        for employee in new_rows:
            employee.batch_id = batch.id
        session.add_all(new_rows)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    report.batch_id = batch.id
    log.info("imported %s: %s", path.name, report.summary())
    return report
