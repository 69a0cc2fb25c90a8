"""The demo's field results, stored as an import of the PPL's spreadsheet stores them.

The rows go through the importer's own checks, a chunk at a time as columns
(models.persons.column_check, with the office's Kemendagri codes, areas and officers; a
row that fails meets the row checker), lose a person's second row as the import does, and
are written by its PersonWriter into one batch; rows the import would refuse are refused
and counted as ditolak. Only the reading of a file is left out: the demo hands the cells
over directly, inside its one transaction.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from types import TracebackType
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from models.persons.check import RowChecker
from models.persons.column_check import ColumnChecker, empty_records
from models.persons.day_counts import recount
from models.persons.fields import FIELDS
from models.persons.importing import CHECK_EVERY, check_context, repeats
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
        self._columns = ColumnChecker(self.checker, mapping)
        self._rows: list[list[Any]] = []  # waiting to be checked
        self._kept = empty_records().select("key", "row")  # the persons stored, by row
        self.read = self.stored = self.rejected = 0

    def __enter__(self) -> FieldResultsImport:
        self.writer.__enter__()
        return self

    def add(self, rows: Sequence[list[Any]]) -> None:
        """Keep `rows` (sheet rows after the header), checked and stored CHECK_EVERY at a
        time: an SLS's hundred rows alone would cost the column checks more than they save."""
        self._rows += rows
        if len(self._rows) >= CHECK_EVERY:
            self._check()

    def _check(self) -> None:
        # The header is the sheet's row at index 0; the first waiting row comes after the
        # rows read so far (the demo lists no blank row).
        checked, read, refused = self._columns.check(self._rows, self.read + 1)
        self._rows = []
        # A person already stored from an earlier row is refused as the import refuses it.
        seen = pl.concat([self._kept, checked.select("key", "row")])
        repeated = repeats(self.checker, seen)  # never one of the kept rows: they are unique
        self._kept = seen.filter(repeated.not_())
        again = repeated.tail(checked.height)
        records = checked.filter(again.not_())
        self.read += read
        self.rejected += refused + int(again.sum())
        self.stored += records.height
        # As tuples: stored on the writer's thread while the city is told on.
        self.writer.new(records.rows())

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            self._check()
        self.writer.__exit__(kind, error, trace)
        if kind is not None:
            return
        recount(self.session, ImportKind.LAPANGAN)  # the progress day counts, as an import does
        batch = self.batch
        batch.rows_read, batch.rows_inserted = self.read, self.stored
        batch.rows_rejected, batch.rows_warned = self.rejected, self.checker.warnings
