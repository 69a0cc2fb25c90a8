"""Importing SP Online submissions and field results: read, check, store in one transaction.

The sheet is read as columns where that says exactly what each cell holds (else as rows),
checked a chunk at a time as columns (models.persons.column_check), and the records that
pass are joined with the stored persons; only then is anything written, new persons in
key order. If the import is cancelled, fails, finds errors while the user chose "nothing
on error", or the process dies, the transaction is never committed and the database is
exactly as before.
"""
from __future__ import annotations

import enum
import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.access import Permission, acting_username, require
from models.errors import ImportProblem, KendaliError
from models.formatting import format_datetime, format_number
from models.ids.cells import ascii_digits
from models.ids.kemendagri import load_codes
from models.office.profile import get_profile
from models.persons.check import AreaIndex, CheckContext, RowChecker
from models.persons.column_check import ColumnChecker, empty_records
from models.persons.day_counts import add_online, recount
from models.persons.rules import NikRules
from models.persons.store import PersonWriter, current_frame, current_rows, table_of
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.base import to_local
from models.schema.batches import BatchConfirmation, BatchStatus, ImportBatch, ImportKind
from models.schema.officers import Officer
from models.sheets.column_reading import SheetColumns, read_columns
from models.sheets.columns import ColumnMapping
from models.sheets.importing import ImportReport, no_data_rows
from models.sheets.reading import SheetRows, file_sha256, open_rows, sheet_names
from models.store.bulk import INTEGRITY_ERRORS, bulk_loading, checkpoint_later
from models.store.gc_pause import collection_paused
from models.store.statistics import analyze
from models.work import ProgressCallback, advance

log = logging.getLogger(__name__)
_LOADER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sheet-loader")
WRITE_EVERY = 5000  # records stored between progress reports
CHECK_EVERY = 100_000  # rows read as rows checked at a time
# Rows of a sheet read as columns checked at a time: each polars step costs less per row
# on more rows. A million rows: 1.5 s against 2.0 s at 100,000, and the import's peak
# memory 961-974 MB against 960-965 MB.
COLUMNS_EVERY = 250_000
PROGRESS_EVERY = 5000  # rows between progress reports
DATE_FIELDS = frozenset({"birth", "moment"})  # their date-looking text is read as a date
KIND_TEXT = {ImportKind.ONLINE: "SP Online", ImportKind.LAPANGAN: "hasil lapangan"}


class OnError(enum.Enum):
    NOTHING = "nothing"  # any error row: nothing is stored
    VALID_ONLY = "valid"  # rows with errors are left out, the rest is stored


class AlreadyImported(KendaliError):
    """The very same file (same SHA-256) is already stored as an active batch."""


class ImportClash(KendaliError):
    """Another import stored some of the same persons while this one ran; nothing kept."""


@dataclass
class LiveCounts:
    """Updated while the import runs, for a progress line (read from another thread)."""

    read: int = 0
    valid: int = 0
    errors: int = 0
    warnings: int = 0
    stored: int = 0  # written so far, once every row is checked


@dataclass
class PersonImportReport(ImportReport):
    kind: ImportKind
    file_name: str
    sheet: str
    valid: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0  # rows with at least one error
    checked_only: bool = False
    # unchanged persons per batch whose version they are: what this batch confirmed
    confirmed: Counter[int] = field(default_factory=Counter)

    def summary(self) -> str:
        n = format_number
        counts = (f"{n(self.rows_read)} baris dibaca, {n(self.valid)} valid, "
                  f"{n(self.rejected)} ditolak, {n(len(self.warnings))} peringatan.")
        if self.stored:
            return (f"{counts} Tersimpan: {n(self.inserted)} baru, {n(self.updated)} diperbarui, "
                    f"{n(self.unchanged)} tetap.")
        if self.checked_only:
            return f"{counts} Hanya diperiksa; tidak ada yang disimpan."
        return f"{counts} Tidak ada yang disimpan karena ada baris yang salah."


def check_context(session: Session, kind: ImportKind) -> CheckContext:
    """What rows are checked against: Kemendagri codes, the office's areas and officers."""
    province = get_profile(session).region_code[:2]
    context = CheckContext(kind, NikRules(load_codes(), province), _area_index(session))
    if kind is ImportKind.LAPANGAN:
        context.officers = {nik: oid for oid, nik in session.execute(
            select(Officer.id, Officer.nik).where(Officer.nik.is_not(None)))}
    return context


def _area_index(session: Session) -> AreaIndex:
    index = AreaIndex()
    for sid, code, active in session.execute(select(Sls.id, Sls.bps_code, Sls.active)):
        index.sls[code] = sid
        if not active:
            index.inactive_sls.add(code)
    index.kelurahan = set(session.scalars(select(Kelurahan.bps_code)))
    index.kecamatan = set(session.scalars(select(Kecamatan.bps_code)))
    return index


def refuse_same_file(session: Session, kind: ImportKind, sha256: str, name: str) -> None:
    earlier = session.scalars(
        select(ImportBatch).where(ImportBatch.kind == kind, ImportBatch.file_sha256 == sha256,
                                  ImportBatch.status == BatchStatus.AKTIF)).first()
    if earlier is not None:
        when = to_local(earlier.imported_at) or earlier.imported_at
        raise AlreadyImported(
            f"Berkas {name} sudah pernah diimpor (batch #{earlier.id}, {earlier.file_name}, "
            f"{format_datetime(when)} oleh {earlier.imported_by}). Isinya sama persis, jadi "
            "tidak diimpor lagi. Untuk data yang lebih baru, impor ekspor terbarunya.")


def import_persons(session: Session, kind: ImportKind, path: Path, mapping: ColumnMapping,
                   *, sheet: str | None = None, on_error: OnError = OnError.NOTHING,
                   progress: ProgressCallback | None = None, live: LiveCounts | None = None,
                   check_only: bool = False, imported_by: str | None = None
                   ) -> PersonImportReport:
    """Check every row and, unless `check_only`, store the valid ones as one new batch."""
    require(session, Permission.IMPORT_DATA)
    sheet = sheet or sheet_names(path)[0]
    sha256 = file_sha256(path)
    refuse_same_file(session, kind, sha256, path.name)
    report = PersonImportReport(kind, path.name, sheet, checked_only=check_only)
    live = live or LiveCounts()
    # calamine parses the sheet without holding Python's lock: let it run on the other core
    # while the stored persons and the office's codes are read here.
    loading = _LOADER.submit(read_sheet, path, sheet, mapping)
    try:
        checker = RowChecker(check_context(session, kind), mapping, sheet)
        existing = current_frame(current_rows(session, kind))
        # Asked again under the source's lock: the same file sent from two PCs at once.
        refuse_same_file(session, kind, sha256, path.name)
        with collection_paused():  # see models.store.gc_pause
            records = _check_all(ColumnChecker(checker, mapping), loading.result(),
                                 report=report, live=live, progress=progress)
        del loading  # the sheet's columns: a million rows hold hundreds of MB
        if not report.rows_read:  # a header and nothing else: never an empty batch
            raise no_data_rows(path, sheet, mapping)
        firsts = first_times(checker, records)
        report.valid = firsts.height
        report.rejected += records.height - firsts.height
        plan = _classify(checker, firsts, existing, report)
        del records, existing  # the plan holds what is stored
        report.problems = sorted(checker.problems, key=attrgetter("row"))  # stable: per row
        if check_only or (report.rejected and on_error is OnError.NOTHING):
            session.rollback()
            return report
        batch = ImportBatch(kind=kind, file_name=path.name, file_sha256=sha256,
                            sheet_name=sheet, imported_by=imported_by or acting_username(session))
        session.add(batch)
        session.flush()
        writer = PersonWriter(session, kind, batch.id)
        with bulk_loading(session.connection()):
            with writer:
                _store(writer, plan, report=report, live=live, progress=progress)
            if report.inserted or report.updated:
                _count_progress(session, kind, batch, _tally(plan), writer=writer)
            batch.rows_read, batch.rows_inserted = report.rows_read, report.inserted
            batch.rows_updated, batch.rows_unchanged = report.updated, report.unchanged
            batch.rows_rejected, batch.rows_warned = report.rejected, checker.warnings
            session.add_all(BatchConfirmation(batch_id=batch.id, confirmed_batch_id=confirmed,
                                              persons=persons)
                            for confirmed, persons in sorted(report.confirmed.items()))
            session.commit()
        report.batch_id = batch.id
    except INTEGRITY_ERRORS as clash:
        session.rollback()
        raise ImportClash(
            f"Sebagian orang di {path.name} baru saja disimpan oleh impor lain (mungkin dari "
            "PC lain) selama berkas ini diimpor. Tidak ada yang disimpan dari berkas ini; "
            "impor ulang berkasnya, maka data itu dihitung sebagai tetap atau diperbarui.",
            str(clash)) from clash
    except BaseException:
        session.rollback()
        raise
    bind = session.get_bind()
    if bind.dialect.name == "postgresql" and report.inserted + report.updated >= 2000:
        analyze(session, table_of(kind).name)  # the planner needs figures for the new rows
    checkpoint_later(bind)  # type: ignore[arg-type]
    log.info("imported %s %s: %s", KIND_TEXT[kind], path.name, report.summary())
    return report


def read_sheet(path: Path, sheet: str, mapping: ColumnMapping) -> SheetColumns | SheetRows:
    """The sheet as columns where they say exactly what each cell holds, else as rows."""
    columns = read_columns(path, sheet, mapping, dates=DATE_FIELDS)
    return columns if columns is not None else open_rows(path, sheet)


@dataclass
class _Plan:
    """What a checked file does to the stored persons."""

    new: pl.DataFrame  # records of persons not stored yet
    changed: pl.DataFrame  # records of new versions of stored persons
    replaced: list[int]  # the stored versions they replace


def _check_all(checker: ColumnChecker, loaded: SheetColumns | SheetRows, *,
               report: PersonImportReport, live: LiveCounts,
               progress: ProgressCallback | None) -> pl.DataFrame:
    """Every row checked, a chunk at a time; the records that passed, in row order."""
    frames: list[pl.DataFrame] = []
    rows_checker = checker.rows
    mark = PROGRESS_EVERY  # the next row count to report

    def done(found: tuple[pl.DataFrame, int, int], total: int) -> None:
        nonlocal mark
        records, read, refused = found
        frames.append(records)
        report.rows_read += read
        report.rejected += refused
        live.errors, live.warnings = rows_checker.errors, rows_checker.warnings
        valid = report.rows_read - report.rejected
        while mark <= report.rows_read:  # every PROGRESS_EVERY rows, as the row reader did
            live.read, live.valid = mark, min(valid, mark)
            advance(progress, mark, total)
            mark += PROGRESS_EVERY
        live.read, live.valid = report.rows_read, valid

    if isinstance(loaded, SheetColumns):
        for start in range(0, loaded.height, COLUMNS_EVERY):
            done(checker.check_columns(loaded.slice(start, COLUMNS_EVERY)), loaded.height)
    else:
        total = max(loaded.total - checker.header - 1, 0)
        chunk: list[list[Any]] = []
        start = 0
        for index, cells in enumerate(loaded.rows):
            chunk.append(cells)
            if len(chunk) == CHECK_EVERY:
                done(checker.check(chunk, start), total)
                chunk, start = [], index + 1
        done(checker.check(chunk, start), total)
    advance(progress, report.rows_read, report.rows_read)
    return pl.concat(frames) if frames else empty_records()


def first_times(checker: RowChecker, records: pl.DataFrame) -> pl.DataFrame:
    """The records (in row order), without a person that already came earlier in the file."""
    again = repeats(checker, records)
    return records.filter(again.not_()) if again.any() else records  # usually: no copy


def repeats(checker: RowChecker, records: pl.DataFrame) -> pl.Series:
    """Whether each record (in row order) is a person of an earlier record: each such row is
    refused, its error naming the earlier row."""
    again = records.select(pl.col("key").is_first_distinct().not_()).to_series()
    later = records.filter(again).select("key", "row")
    if not later.height:
        return again
    earliest = records.filter(again.not_() & pl.col("key").is_in(later["key"].implode())
                              ).select("key", earlier="row")
    for key, row, earlier in later.join(earliest, on="key", maintain_order="left").iter_rows():
        same = (f"NIK {key}" if ascii_digits(key, 16) else
                "No. KK, nama, tanggal lahir dan wilayah")
        checker.note(row, "nik", f"Orang yang sama ({same}) sudah ada di baris {earlier}.", True)
    return again


def _classify(checker: RowChecker, records: pl.DataFrame, existing: pl.DataFrame,
              report: PersonImportReport) -> _Plan:
    """New, unchanged or changed: each record against the stored version of its person."""
    # Two joins rather than one left join: a first import copies its records once, not twice.
    new = records if existing.is_empty() else records.join(
        existing.select("natural_key"), left_on="key", right_on="natural_key", how="anti",
        maintain_order="left")
    stored = records.join(existing.rename({"name": "stored_name", "id": "stored_id"}),
                          left_on="key", right_on="natural_key", how="inner",
                          maintain_order="left")
    same = pl.col("content_hash") == pl.col("hash")
    unchanged = stored.filter(same)
    changed = stored.filter(same.not_())
    report.inserted, report.unchanged, report.updated = new.height, unchanged.height, \
        changed.height
    for batch_id, persons in unchanged.group_by("batch_id").len().iter_rows():
        report.confirmed[batch_id] += persons
    for row, name, stored_name, batch_id in changed.select(
            "row", "name", "stored_name", "batch_id").iter_rows():
        if _norm(stored_name) != _norm(name):
            checker.note(row, "name", f"NIK ini sudah tercatat di batch #{batch_id} atas nama "
                                      f"{stored_name}; data diganti.", False)
    columns = records.columns
    return _Plan(new.select(columns), changed.select(columns),
                 changed["stored_id"].to_list())


def _store(writer: PersonWriter, plan: _Plan, *, report: PersonImportReport,
           live: LiveCounts, progress: ProgressCallback | None) -> None:
    """New persons in key order (the key index is filled front to back, twice as fast as
    in file order), then the changed ones. Each insert is a chance to cancel; the bar
    stays full, every row having been read."""
    def each(stored: int) -> None:
        live.stored = stored
        advance(progress, report.rows_read, report.rows_read)

    # The order only speeds the store (any order stores the same rows): a NIK is sixteen
    # digits, so as a number it sorts as its text does, at a third of the cost; the few
    # keys of persons without a NIK come last.
    order = plan.new["key"].cast(pl.Int64, strict=False).arg_sort(nulls_last=True)
    writer.new_frame(plan.new, order=order, every=WRITE_EVERY, each=each)
    writer.changed_frame(plan.changed, plan.replaced)
    live.stored += plan.changed.height


def _tally(plan: _Plan) -> Counter[tuple[int | None, str | None]]:
    """Stored persons per SLS and day (the time's first ten characters), for progress."""
    both = pl.concat([plan.new, plan.changed]).select(
        "sls_id", day=pl.col("moment").str.slice(0, 10))
    return Counter({(sls, day): persons for sls, day, persons
                    in both.group_by("sls_id", "day").len().iter_rows()})


def _count_progress(session: Session, kind: ImportKind, batch: ImportBatch,
                    tally: Counter[tuple[int | None, str | None]], *, writer: PersonWriter) -> None:
    """Bring the progress day counts up to date with the stored batch."""
    if kind is ImportKind.ONLINE:
        add_online(session, tally, writer.replaced_ids, batch.imported_at.date())
    else:  # households found are not a sum over batches: count them again
        recount(session, kind)


def _norm(name: str) -> str:
    return " ".join(name.lower().split())


def preview_problems(session: Session, kind: ImportKind, rows: list[list], mapping: ColumnMapping,
                     *, limit: int, sheet: str = "") -> list[ImportProblem]:
    """Problems in the first `limit` data rows of a preview, before anything is written."""
    checker = RowChecker(check_context(session, kind), mapping, sheet)
    shown = [list(cells) for cells in rows[:mapping.header_row + 1 + limit]]
    records, _read, _refused = ColumnChecker(checker, mapping).check(shown, 0)
    first_times(checker, records)
    return sorted(checker.problems, key=attrgetter("row"))
