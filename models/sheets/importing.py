"""What every file import shares: inspecting a file, iterating its data rows, reporting."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from models.access import acting_username
from models.errors import ImportProblem, KendaliError, Severity
from models.formatting import format_number
from models.ids.cells import is_blank
from models.schema.batches import ImportBatch, ImportKind
from models.sheets import mapping_memory
from models.sheets.columns import (
    ColumnMapping,
    FieldSpec,
    guess_mapping,
    header_signature,
    missing_required,
)
from models.sheets.reading import (
    SpreadsheetError,
    file_sha256,
    first_rows,
    iter_rows,
    sheet_names,
)
from models.store.statistics import BULK, analyze

PROGRESS_EVERY = 500
PREVIEW_ROWS = 30  # rows read for finding the header and previewing
SHOWN = 10  # warnings listed in a summary; the count says how many more


@dataclass
class FilePreview:
    """A first look at a file: its sheets, the header found and the guessed mapping."""

    path: Path
    sheets: list[str]
    sheet: str
    mapping: ColumnMapping
    rows: list[list[Any]]  # the first rows, header included
    missing: list[FieldSpec]
    remembered: bool

    @property
    def signature(self) -> str:
        return header_signature(self.mapping.headers)

    @property
    def no_data(self) -> bool:
        """The preview is the whole sheet, and nothing is under the header."""
        return len(self.rows) < PREVIEW_ROWS and all(
            is_blank(cell) for row in self.rows[self.mapping.header_row + 1:] for cell in row)


def inspect_file(path: Path, fields: list[FieldSpec], kind: str,
                 sheet: str | None = None) -> FilePreview:
    first = first_rows(path, sheet, PREVIEW_ROWS)  # a workbook without sheets is refused
    sheets, chosen, rows = first.sheets, first.sheet, first.rows
    mapping = guess_mapping(rows, fields)
    remembered = mapping_memory.recall(kind, header_signature(mapping.headers))
    if remembered:
        mapping = guess_mapping(rows, fields, remembered)
    return FilePreview(path, sheets, chosen, mapping, rows, missing_required(mapping, fields),
                       remembered is not None)


def remember_mapping(kind: str, mapping: ColumnMapping) -> None:
    mapping_memory.remember(kind, header_signature(mapping.headers), mapping.columns)


def no_data_rows(path: Path, sheet: str, mapping: ColumnMapping) -> SpreadsheetError:
    """The refusal of a file with a header and nothing under it, for every import kind."""
    return SpreadsheetError(
        f"Berkas {path.name}, lembar {sheet}: tidak ada baris data di bawah baris judul "
        f"(baris {mapping.header_row + 1}). Tidak ada yang diimpor; periksa apakah lembarnya "
        "benar.")


def data_rows(path: Path, sheet: str | None, mapping: ColumnMapping
              ) -> Iterator[tuple[int, dict[str, Any]]]:
    """(spreadsheet row number, {field: raw value}) for each non-blank row below the header.

    Refuses (SpreadsheetError) a sheet with no such row: an empty batch is never recorded.
    """
    found = False
    for index, row in enumerate(iter_rows(path, sheet)):
        if index <= mapping.header_row:
            continue
        values = {key: (row[col] if col < len(row) else "") for key, col in mapping.columns.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        found = True
        yield index + 1, values
    if not found:
        raise no_data_rows(path, sheet if sheet is not None else sheet_names(path)[0], mapping)


@dataclass
class Counts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        n = format_number
        return f"{n(self.inserted)} baru, {n(self.updated)} diperbarui, {n(self.unchanged)} tetap"


@dataclass
class ImportProblems:
    """What one import finds in a file: errors refuse the file, warnings go into the report."""

    file: str
    sheet: str
    errors: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)

    def add(self, row: int, column: str, reason: str) -> None:
        self.errors.append(ImportProblem(self.sheet, row, column, Severity.ERROR, reason,
                                         self.file))

    def warn(self, row: int, column: str, reason: str | None) -> None:
        if reason:
            self.warnings.append(ImportProblem(self.sheet, row, column, Severity.WARNING,
                                               reason, self.file))


@dataclass(kw_only=True)
class ImportReport:
    """What every import reports: the batch it stored, the rows it read, the problems found.

    Master imports keep only warnings here (an error refuses the whole file); a person
    import keeps the errors of the rows it left out as well.
    """

    batch_id: int | None = None  # None: nothing was stored
    rows_read: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.error]

    @property
    def warnings(self) -> list[ImportProblem]:
        return [p for p in self.problems if not p.error]

    @property
    def stored(self) -> bool:
        return self.batch_id is not None


def warning_lines(warnings: list[ImportProblem]) -> str:
    """' 2 peringatan:' and one line per warning, for a report's summary; '' when none."""
    if not warnings:
        return ""
    lines = "".join(f"\n• {w}" for w in warnings[:SHOWN])
    more = f"\n… dan {len(warnings) - SHOWN} peringatan lain." if len(warnings) > SHOWN else ""
    return f" {len(warnings)} peringatan:{lines}{more}"


class ImportRefused(KendaliError):
    """Some rows are wrong; nothing was written. `errors` locates each problem."""

    def __init__(self, errors: list[ImportProblem]) -> None:
        self.errors = errors
        first = "\n".join(f"• {e}" for e in errors[:10])
        more = f"\n… dan {len(errors) - 10} masalah lain." if len(errors) > 10 else ""
        super().__init__(
            f"{len(errors)} masalah ditemukan; tidak ada data yang disimpan. Perbaiki berkasnya "
            f"lalu impor ulang.\n{first}{more}"
        )


def add_batch(session: Session, kind: ImportKind, path: Path, *, sheet: str, rows_read: int,
              counts: Counts, imported_by: str | None) -> ImportBatch:
    """Add the batch row (flushed, not committed), for imports whose rows point to it."""
    batch = ImportBatch(
        kind=kind, file_name=path.name, file_sha256=file_sha256(path), sheet_name=sheet,
        rows_read=rows_read, rows_inserted=counts.inserted, rows_updated=counts.updated,
        rows_unchanged=counts.unchanged, imported_by=imported_by or acting_username(session),
    )
    session.add(batch)
    session.flush()
    return batch


def record_batch(session: Session, kind: ImportKind, path: Path, *, sheet: str, rows_read: int,
                 counts: Counts, imported_by: str | None) -> ImportBatch:
    """Add the batch row and commit the whole import; returns the stored batch."""
    batch = add_batch(session, kind, path, sheet=sheet, rows_read=rows_read, counts=counts,
                      imported_by=imported_by)
    session.commit()
    return batch


def refresh_statistics(session: Session, counts: Counts, *tables: str) -> None:
    if counts.inserted + counts.updated >= BULK:
        analyze(session, *tables)
