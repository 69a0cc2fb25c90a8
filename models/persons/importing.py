"""Importing SP Online submissions and field results: read, check, store in one transaction.

The sheet is streamed once. Rows are checked as they come and written in chunks inside
the one transaction, so a million rows never sit in memory as records; if the import is
cancelled, fails, finds errors while the user chose "nothing on error", or the process
dies, the transaction is never committed and the database is exactly as before.
"""
from __future__ import annotations

import enum
import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.access import Permission, acting_username, require
from models.errors import ImportProblem, KendaliError
from models.formatting import format_datetime, format_number
from models.ids.cells import ascii_digits
from models.ids.kemendagri import load_codes
from models.office.profile import get_profile
from models.persons.check import (
    HASH,
    KEY,
    MOMENT,
    NAME,
    SLS,
    AreaIndex,
    CheckContext,
    Record,
    RowChecker,
)
from models.persons.day_counts import add_online, recount
from models.persons.rules import NikRules
from models.persons.store import Current, PersonWriter, current_rows, table_of
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.base import to_local
from models.schema.batches import BatchConfirmation, BatchStatus, ImportBatch, ImportKind
from models.schema.officers import Officer
from models.sheets.columns import ColumnMapping
from models.sheets.importing import ImportReport, no_data_rows
from models.sheets.reading import SheetRows, file_sha256, open_rows, sheet_names
from models.store.bulk import INTEGRITY_ERRORS, bulk_loading, checkpoint_later
from models.store.statistics import analyze
from models.work import ProgressCallback, advance

log = logging.getLogger(__name__)
_LOADER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sheet-loader")
WRITE_EVERY = 5000  # records per insert
PROGRESS_EVERY = 5000  # rows between progress reports
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
    loading = _LOADER.submit(open_rows, path, sheet)
    try:
        checker = RowChecker(check_context(session, kind), mapping, sheet)
        existing = current_rows(session, kind)
        # Asked again under the source's lock: the same file sent from two PCs at once.
        refuse_same_file(session, kind, sha256, path.name)
        batch = ImportBatch(kind=kind, file_name=path.name, file_sha256=sha256,
                            sheet_name=sheet, imported_by=imported_by or acting_username(session))
        writer: PersonWriter | None = None
        if not check_only:
            session.add(batch)
            session.flush()
            writer = PersonWriter(session, kind, batch.id)
        with bulk_loading(session.connection()):
            tally: Counter[tuple[int | None, str | None]] = Counter()
            with writer or nullcontext():
                _run(checker, existing, writer, loading.result(), mapping=mapping,
                     on_error=on_error, report=report, live=live, progress=progress,
                     tally=tally)
            if not report.rows_read:  # a header and nothing else: never an empty batch
                raise no_data_rows(path, sheet, mapping)
            report.problems = checker.problems
            if writer is None or (report.rejected and on_error is OnError.NOTHING):
                session.rollback()
                return report
            if report.inserted or report.updated:
                _count_progress(session, kind, batch, tally, writer=writer)
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


def _count_progress(session: Session, kind: ImportKind, batch: ImportBatch,
                    tally: Counter[tuple[int | None, str | None]], *, writer: PersonWriter) -> None:
    """Bring the progress day counts up to date with the stored batch."""
    if kind is ImportKind.ONLINE:
        add_online(session, tally, writer.replaced_ids, batch.imported_at.date())
    else:  # households found are not a sum over batches: count them again
        recount(session, kind)


def _run(checker: RowChecker, existing: dict[str, Current], writer: PersonWriter | None,
         loaded: SheetRows, *, mapping: ColumnMapping, on_error: OnError,
         report: PersonImportReport, live: LiveCounts, progress: ProgressCallback | None,
         tally: Counter[tuple[int | None, str | None]]) -> None:
    """The one pass over the sheet: check, classify against stored versions, write chunks."""
    total = max(loaded.total - mapping.header_row - 1, 0)
    seen: dict[str, int] = {}
    records: list[Record] = []  # new persons
    changed: list[Record] = []  # new versions of stored persons
    replaced: list[int] = []  # the stored versions they replace
    header = mapping.header_row
    for index, cells in enumerate(loaded.rows):
        if index <= header or not any(cells):  # blank cells are '' (falsy)
            continue
        row = index + 1
        report.rows_read += 1
        record = _first_time(checker, seen, row, checker.check(row, cells))
        if record is None:  # check() returns None exactly when it noted an error
            report.rejected += 1
        else:
            report.valid += 1
            _classify(checker, record, existing.get(record[KEY]), report, records=records,
                      changed=changed, replaced=replaced)
        if writer is not None and len(records) + len(changed) >= WRITE_EVERY:
            _flush(writer, records, changed, replaced, report=report, on_error=on_error,
                   tally=tally)
        if report.rows_read % PROGRESS_EVERY == 0:
            _report_progress(checker, report, live, progress, total=total)
    if writer is not None:
        _flush(writer, records, changed, replaced, report=report, on_error=on_error, tally=tally)
    _report_progress(checker, report, live, progress, total=report.rows_read)


def _report_progress(checker: RowChecker, report: PersonImportReport, live: LiveCounts,
                     progress: ProgressCallback | None, *, total: int) -> None:
    live.read, live.valid = report.rows_read, report.valid
    live.errors, live.warnings = checker.errors, checker.warnings
    advance(progress, report.rows_read, total)


def _first_time(checker: RowChecker, seen: dict[str, int], row: int,
                record: Record | None) -> Record | None:
    """The record, unless the same person already came earlier in the file (an error)."""
    if record is None:
        return None
    first = seen.setdefault(record[KEY], row)
    if first == row:
        return record
    same = (f"NIK {record[KEY]}" if ascii_digits(record[KEY], 16) else
            "No. KK, nama, tanggal lahir dan wilayah")
    checker.note(row, "nik", f"Orang yang sama ({same}) sudah ada di baris {first}.", True)
    return None


def _classify(checker: RowChecker, record: Record, current: Current | None,
              report: PersonImportReport, *, records: list[Record], changed: list[Record],
              replaced: list[int]) -> None:
    if current is None:
        report.inserted += 1
        records.append(record)
        return
    if current.content_hash == record[HASH]:
        report.unchanged += 1
        report.confirmed[current.batch_id] += 1
        return
    if _norm(current.name) != _norm(record[NAME]):
        checker.note(record[1], "name", f"NIK ini sudah tercatat di batch #{current.batch_id}"
                                            f" atas nama {current.name}; data diganti.", False)
    report.updated += 1
    changed.append(record)
    replaced.append(current.id)


def _flush(writer: PersonWriter, records: list[Record], changed: list[Record],
           replaced: list[int], *, report: PersonImportReport, on_error: OnError,
           tally: Counter[tuple[int | None, str | None]]) -> None:
    # With "nothing on error" the first error dooms the batch: stop writing, keep checking.
    if not (report.rejected and on_error is OnError.NOTHING):
        writer.new(records)
        writer.changed(changed, replaced)
        # per SLS and day (the time's first ten characters) for the progress counts
        tally.update((r[SLS], r[MOMENT][:10] if r[MOMENT] else None)
                     for r in chain(records, changed))
    records.clear()
    changed.clear()
    replaced.clear()


def _norm(name: str) -> str:
    return " ".join(name.lower().split())


def preview_problems(session: Session, kind: ImportKind, rows: list[list], mapping: ColumnMapping,
                     *, limit: int, sheet: str = "") -> list[ImportProblem]:
    """Problems in the first `limit` data rows of a preview, before anything is written."""
    checker = RowChecker(check_context(session, kind), mapping, sheet)
    seen: dict[str, int] = {}
    for index in range(mapping.header_row + 1, min(len(rows), mapping.header_row + 1 + limit)):
        if not any(rows[index]):
            continue
        _first_time(checker, seen, index + 1, checker.check(index + 1, list(rows[index])))
    return checker.problems
