"""Per-SLS field recap (households and persons found, male/female): typed in or imported.

Each recap is the cumulative count an SLS reached on a report date, checked against the
SLS master: the SLS must exist and be active, male + female must equal persons, a
household has at least one person, and far more households than the master expects is
a warning worth a second look.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.access import Permission, acting_username, require
from models.errors import FieldProblem, StaleEditError, ValidationError
from models.formatting import format_date
from models.ids.cells import CellProblem, digits, whole_number
from models.persons.rules import DateReader
from models.schema.areas import Kelurahan, Sls
from models.schema.batches import ImportBatch, ImportKind, SlsRecap
from models.sheets.columns import ColumnMapping, FieldSpec
from models.sheets.importing import (
    PROGRESS_EVERY,
    Counts,
    ImportProblems,
    ImportRefused,
    ImportReport,
    data_rows,
)
from models.sheets.reading import file_sha256, sheet_names
from models.store.bulk import chunks
from models.work import ProgressCallback, advance

log = logging.getLogger(__name__)
KIND = "rekap_sls"
OVER_EXPECTED = 1.5  # households found beyond 150 % of the master's count: a warning

FIELDS = [
    FieldSpec("sls_code", "IDSLS", ("Kode SLS", "ID SLS", "Kode Wilayah"), required=True),
    FieldSpec("report_date", "Tanggal", ("Tanggal Laporan", "Tgl", "Tanggal Rekap"),
              required=True),
    FieldSpec("households", "Ruta Ditemukan", ("Jumlah Ruta", "KK Ditemukan", "Jumlah KK",
                                               "Rumah Tangga"), required=True),
    FieldSpec("persons", "Penduduk Ditemukan", ("Jumlah Penduduk", "Penduduk", "Jiwa"),
              required=True),
    FieldSpec("male", "Laki-laki", ("L", "Jumlah Laki-laki", "Pria"), required=True),
    FieldSpec("female", "Perempuan", ("P", "Jumlah Perempuan", "Wanita"), required=True),
]


@dataclass(frozen=True)
class RecapEntry:
    sls_code: str
    report_date: date
    households: int
    persons: int
    male: int
    female: int


@dataclass(frozen=True)
class RecapRow:
    """One SLS in the recap grid, with what is stored for the chosen date (if anything)."""

    sls_id: int
    sls_code: str
    sls_name: str
    kelurahan: str
    expected_households: int
    households: int | None
    persons: int | None
    male: int | None
    female: int | None
    version: int | None  # None: no recap yet for that date


@dataclass
class RecapImportReport(ImportReport):
    counts: Counts = field(default_factory=Counts)

    def summary(self) -> str:
        return f"Batch #{self.batch_id}. Rekap SLS: {self.counts}."


@dataclass
class RecapCheck:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_entry(entry: RecapEntry, expected_households: int | None, active: bool,
                today: date | None = None) -> RecapCheck:
    """The rules one recap must follow; `expected_households` None: SLS not in the master."""
    result = RecapCheck()
    if expected_households is None:
        result.errors.append(f"SLS {entry.sls_code} tidak ada di master wilayah.")
        return result
    if not active:
        result.errors.append(f"SLS {entry.sls_code} sudah tidak aktif (dipecah).")
    if entry.report_date > (today or date.today()):
        result.errors.append(f"Tanggal {format_date(entry.report_date)} belum terjadi.")
    if entry.male + entry.female != entry.persons:
        result.errors.append(f"Laki-laki + perempuan ({entry.male} + {entry.female}) harus "
                             f"sama dengan penduduk ({entry.persons}).")
    if entry.households > entry.persons:
        result.errors.append(f"Ruta ({entry.households}) lebih banyak daripada penduduk "
                             f"({entry.persons}); setiap ruta berisi paling sedikit satu orang.")
    if expected_households and entry.households > expected_households * OVER_EXPECTED:
        result.warnings.append(f"Ruta ditemukan ({entry.households}) jauh di atas muatan "
                               f"master ({expected_households}).")
    return result


def recap_rows(session: Session, kecamatan_id: int, report_date: date) -> list[RecapRow]:
    stored = {r.sls_id: r for r in session.scalars(
        select(SlsRecap).join(Sls, Sls.id == SlsRecap.sls_id)
        .join(Kelurahan, Kelurahan.id == Sls.kelurahan_id)
        .where(Kelurahan.kecamatan_id == kecamatan_id, SlsRecap.report_date == report_date))}
    query = (select(Sls.id, Sls.bps_code, Sls.name, Kelurahan.name, Sls.expected_households)
             .join(Kelurahan, Kelurahan.id == Sls.kelurahan_id)
             .where(Kelurahan.kecamatan_id == kecamatan_id, Sls.active)
             .order_by(Sls.bps_code))
    rows = []
    for sid, code, name, kel, expected in session.execute(query):
        recap = stored.get(sid)
        rows.append(RecapRow(sid, code, name, kel, expected,
                             *(getattr(recap, f, None) for f in
                               ("households_found", "persons_found", "male", "female")),
                             recap.version_id if recap else None))
    return rows


def save_recaps(session: Session, entries: list[tuple[RecapEntry, int | None]],
                *, entered_by: str | None = None, batch_id: int | None = None,
                commit: bool = True) -> Counts:
    """Store recaps, each with the version the user saw (None: new); all or nothing."""
    require(session, Permission.IMPORT_DATA)
    codes = sorted({e.sls_code for e, _ in entries})
    masters = {code: (sid, hh, active) for part in chunks(codes)
               for sid, code, hh, active in session.execute(
                   select(Sls.id, Sls.bps_code, Sls.expected_households, Sls.active)
                   .where(Sls.bps_code.in_(part)))}
    problems = []
    for entry, _ in entries:
        master = masters.get(entry.sls_code)
        check = check_entry(entry, master[1] if master else None, bool(master and master[2]))
        problems += [FieldProblem(entry.sls_code, reason) for reason in check.errors]
    if problems:
        raise ValidationError(problems)
    counts = Counts()
    try:
        stored = _stored_recaps(session, [masters[e.sls_code][0] for e, _ in entries],
                                {e.report_date for e, _ in entries})
        for entry, seen_version in entries:
            sls_id = masters[entry.sls_code][0]
            recap = stored.get((sls_id, entry.report_date))
            values = (entry.households, entry.persons, entry.male, entry.female)
            if recap is None:
                if seen_version is not None:
                    raise StaleEditError(f"Rekap SLS {entry.sls_code} dihapus orang lain.")
                recap = stored[sls_id, entry.report_date] = SlsRecap(
                    sls_id=sls_id, report_date=entry.report_date, households_found=values[0],
                    persons_found=values[1], male=values[2], female=values[3],
                    batch_id=batch_id, entered_by=entered_by or acting_username(session))
                session.add(recap)
                counts.inserted += 1
                continue
            if seen_version is not None and recap.version_id != seen_version:
                raise StaleEditError(f"Rekap SLS {entry.sls_code} tanggal "
                                     f"{format_date(entry.report_date)} baru saja diubah orang "
                                     "lain. Muat ulang lalu isi lagi.")
            if (recap.households_found, recap.persons_found, recap.male, recap.female) == values:
                counts.unchanged += 1
                continue
            recap.households_found, recap.persons_found, recap.male, recap.female = values
            recap.entered_by = entered_by or acting_username(session)
            if batch_id is not None:
                recap.batch_id = batch_id
            counts.updated += 1
        session.flush()
        if commit:
            session.commit()
    except BaseException:
        session.rollback()
        raise
    return counts


def _stored_recaps(session: Session, sls_ids: list[int], dates: set[date]
                   ) -> dict[tuple[int, date], SlsRecap]:
    """The recaps already stored for these SLS on these dates, freshly read (versions)."""
    found: dict[tuple[int, date], SlsRecap] = {}
    for part in chunks(sorted(set(sls_ids))):
        for recap in session.scalars(
                select(SlsRecap).where(SlsRecap.sls_id.in_(part),
                                       SlsRecap.report_date.in_(dates))
                .execution_options(populate_existing=True)):
            found[recap.sls_id, recap.report_date] = recap
    return found


def _entry(values: dict[str, object], dates: DateReader) -> RecapEntry:
    code = digits(values["sls_code"], "IDSLS", (16, 14))
    day = dates.day(values["report_date"])
    if day is None:
        raise CellProblem(f"Tanggal '{values['report_date']}' tidak terbaca (contoh: "
                          "15-09-2020).")
    numbers = [whole_number(values[k], label) for k, label in (
        ("households", "Ruta"), ("persons", "Penduduk"), ("male", "Laki-laki"),
        ("female", "Perempuan"))]
    return RecapEntry(code if len(code) == 16 else code + "00", day, *numbers)


def import_recap(session: Session, path: Path, mapping: ColumnMapping,
                 *, sheet: str | None = None, progress: ProgressCallback | None = None,
                 imported_by: str | None = None) -> RecapImportReport:
    """A recap file in one transaction; any wrong row refuses the whole file."""
    require(session, Permission.IMPORT_DATA)
    sheet = sheet or sheet_names(path)[0]
    problems = ImportProblems(path.name, sheet)
    dates = DateReader()
    entries: list[tuple[RecapEntry, int | None]] = []
    rows: dict[tuple[str, date], int] = {}
    for count, (row, values) in enumerate(data_rows(path, sheet, mapping), start=1):
        try:
            entry = _entry(values, dates)
        except CellProblem as problem:
            problems.add(row, mapping.column_name("sls_code"), str(problem))
            continue
        if (entry.sls_code, entry.report_date) in rows:
            problems.add(row, mapping.column_name("sls_code"),
                         f"SLS dan tanggal yang sama sudah ada di baris "
                         f"{rows[entry.sls_code, entry.report_date]}.")
            continue
        rows[entry.sls_code, entry.report_date] = row
        entries.append((entry, None))
        if count % PROGRESS_EVERY == 0:
            advance(progress, count, 0)
    try:
        if problems.errors:
            raise ImportRefused(problems.errors)
        batch = ImportBatch(kind=ImportKind.REKAP_SLS, file_name=path.name,
                            file_sha256=file_sha256(path), sheet_name=sheet,
                            rows_read=len(entries),
                            imported_by=imported_by or acting_username(session))
        session.add(batch)
        session.flush()
        try:  # imported rows overwrite what is stored for the same SLS and date
            counts = save_recaps(session, entries, entered_by=imported_by, batch_id=batch.id,
                                 commit=False)
        except ValidationError as invalid:
            for problem in invalid.problems:
                row = next(r for (code, _), r in rows.items() if code == problem.field)
                problems.add(row, mapping.column_name("sls_code"), problem.reason)
            raise ImportRefused(problems.errors) from invalid
        batch.rows_inserted, batch.rows_updated = counts.inserted, counts.updated
        batch.rows_unchanged = counts.unchanged
        session.commit()
    except BaseException:
        session.rollback()
        raise
    log.info("imported recap %s: %s", path.name, counts)
    return RecapImportReport(batch_id=batch.id, rows_read=len(entries), counts=counts)
