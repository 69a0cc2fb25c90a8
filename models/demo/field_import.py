"""The demo's field results, stored as an import of the PPL's spreadsheet stores them.

Each row goes through the importer's own checks (models.persons.check.RowChecker with the
office's Kemendagri codes, areas and officers) and is written by its PersonWriter into one
batch; rows the import would refuse are refused and counted as ditolak. Only the reading
of a file is left out: the demo hands the cells over directly, inside its one transaction.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from types import TracebackType
from typing import Any

from sqlalchemy.orm import Session

from models.persons.check import KEY, Record, RowChecker
from models.persons.day_counts import recount
from models.persons.fields import FIELDS
from models.persons.importing import WRITE_EVERY, check_context
from models.persons.store import PersonWriter
from models.schema.batches import ImportBatch, ImportKind
from models.sheets.columns import ColumnMapping

FILE_NAME = "demo-hasil-lapangan-2020-09.xlsx"
SHEET = "Hasil Pencacahan"
COLUMNS = FIELDS[ImportKind.LAPANGAN]


class FieldResultsImport:
    """Rows of a field-results sheet in the order of COLUMNS, checked and stored as added."""

    def __init__(self, session: Session, imported_by: str) -> None:
        self.session = session
        headers = [spec.label for spec in COLUMNS]
        mapping = ColumnMapping(0, headers, {spec.key: i for i, spec in enumerate(COLUMNS)})
        self.checker = RowChecker(check_context(session, ImportKind.LAPANGAN), mapping, SHEET)
        self.batch = ImportBatch(
            kind=ImportKind.LAPANGAN, file_name=FILE_NAME, sheet_name=SHEET,
            file_sha256=hashlib.sha256(b"kendali-sensus-demo-lapangan").hexdigest(),
            imported_by=imported_by)
        session.add(self.batch)
        session.flush()
        self.writer = PersonWriter(session, ImportKind.LAPANGAN, self.batch.id)
        self._seen: set[str] = set()
        self._records: list[Record] = []
        self.read = self.stored = self.rejected = 0

    def __enter__(self) -> FieldResultsImport:
        self.writer.__enter__()
        return self

    def add(self, rows: Sequence[list[Any]]) -> None:
        """Check and keep `rows` (sheet rows after the header); write every WRITE_EVERY."""
        for cells in rows:
            self.read += 1
            row = self.read + 1  # the header is row 1
            record = self.checker.check(row, cells)
            if record is None:
                self.rejected += 1
                continue
            if record[KEY] in self._seen:  # the import refuses a second row of one person
                self.checker.note(row, "nik", "Orang yang sama sudah ada di baris lain.", True)
                self.rejected += 1
                continue
            self._seen.add(record[KEY])
            self._records.append(record)
        if len(self._records) >= WRITE_EVERY:
            self.writer.new(self._records)
            self._records = []

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            self.writer.new(self._records)
            self.stored = len(self._seen)
        self.writer.__exit__(kind, error, trace)
        if kind is not None:
            return
        recount(self.session, ImportKind.LAPANGAN)  # the progress day counts, as an import does
        batch = self.batch
        batch.rows_read, batch.rows_inserted = self.read, self.stored
        batch.rows_rejected, batch.rows_warned = self.rejected, self.checker.warnings
