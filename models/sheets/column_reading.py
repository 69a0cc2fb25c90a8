"""Reading an xlsx sheet's mapped columns straight into Arrow columns, with each cell's kind.

fastexcel (calamine, like the row reader) gives every cell as text without a Python object
per cell, but text alone hides what Excel damaged: a NIK typed into a number cell reads
as sixteen digits. So while fastexcel loads the text on one core, the sheet's XML is
searched on the other for the cells that are not text (models.sheets.cell_kinds). Where
that search does not model the XML, the columns are loaded a second time as truth values,
which are null exactly for text, blank and date cells. Either way the number marks say
what the row reader (models.sheets.reading) would give for each cell. Where they cannot
(a date cell in a text column, a time of day, a row blank in the mapped columns that
other columns may fill, rows not aligned with the row reader's), `read_columns` answers
None and the caller reads rows instead.
"""
from __future__ import annotations

import ctypes
import re
import sys
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import fastexcel
import polars as pl

from models.sheets import cell_kinds
from models.sheets import guard as sheet_guard
from models.sheets.columns import ColumnMapping
from models.sheets.reading import SpreadsheetError

SUFFIXES = {".xlsx", ".xlsm"}
# How fastexcel writes a date or time cell as text; a text cell may look the same.
DATE_TEXT = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
FIRST_YEAR = 1900  # Excel's first date: earlier is a time of day, a time() to the row reader
SEARCHED = 200  # rows looked through for the row reader's first row
# How fastexcel writes a number cell as text (Rust's shortest form, never an exponent).
NUMBER_TEXT = r"^-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$"
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sheet-columns")
_EXACT = re.compile(DATE_TEXT)


@dataclass(frozen=True)
class SheetColumns:
    """A sheet's data rows below the header, as columns per mapped field."""

    rows: pl.Series  # the row number the row reader gives each row (1-based)
    text: dict[str, pl.Series]  # field -> the cell as text; null where blank
    number: dict[str, pl.Series]  # field -> null unless a number (!= 0) or truth value
    dates: frozenset[str]  # fields read as dates: their date-looking text is a date

    @property
    def height(self) -> int:
        return len(self.rows)

    def slice(self, start: int, length: int) -> SheetColumns:
        return SheetColumns(self.rows.slice(start, length),
                            {k: v.slice(start, length) for k, v in self.text.items()},
                            {k: v.slice(start, length) for k, v in self.number.items()},
                            self.dates)

    def cell(self, field: str, at: int) -> Any:
        """The value the row reader gives the field's cell in row `at` of these columns."""
        return self.cells(field, [at])[0]

    def cells(self, field: str, at: Sequence[int]) -> list[Any]:
        """The values the row reader gives the field's cells in rows `at` of these columns
        (gathered at once: a Series item costs a microsecond)."""
        where = pl.Series(at, dtype=pl.Int64)
        texts = self.text[field].gather(where).to_list()
        numbers = self.number[field].gather(where).to_list()
        dated = field in self.dates
        return [_value(text, number, dated) for text, number in zip(texts, numbers, strict=True)]


def _value(text: str | None, number: bool | None, dated: bool) -> Any:
    if text is None:
        return ""
    if number is not None:
        return text == "true" if text in ("true", "false") else float(text)
    if dated and _EXACT.match(text):
        try:
            return datetime.strptime(text, DATE_FORMAT)
        except ValueError:  # no date cell is invalid: this one is text
            return text
    return text


def read_columns(path: Path, sheet: str, mapping: ColumnMapping, *,
                 dates: frozenset[str], mapped_only: bool = False) -> SheetColumns | None:
    """The mapped columns of `sheet`, or None when the row reader must read the file.

    The rows are those the person import reads (some cell of the row neither blank, 0
    nor FALSE), or with `mapped_only` those `models.sheets.importing.data_rows` reads
    (some mapped cell not blank), give or take rows of cells that only Python counts as
    blank space (U+001C to U+001F): the caller checks those again."""
    if path.suffix.lower() not in SUFFIXES or not mapping.columns:
        return None
    if problem := sheet_guard.refusal(path, sheet):
        raise SpreadsheetError(problem)
    fields = sorted(mapping.columns, key=mapping.columns.__getitem__)
    indices = [mapping.columns[f] for f in fields]
    if len(set(indices)) != len(indices):
        return None
    try:
        # A load holds every cell of the sheet while it runs (818 MB for a million rows):
        # one load, and the search for the cells that are not text beside it.
        load = _POOL.submit(_load, path, sheet, indices, "string")
        kinds = cell_kinds.not_text(path, sheet, indices)
        text, width = load.result()
        _give_back_freed_memory()
        if kinds is None:
            number, _width = _load(path, sheet, indices, "boolean")
            _give_back_freed_memory()
        else:
            number = _number_marks(text, [kinds[index] for index in indices])
    except (fastexcel.FastExcelError, OSError, ValueError, zipfile.BadZipFile):
        return None  # the row reader names what is wrong with the file
    text.columns = number.columns = fields
    first = _first_row(text, mapping, fields)
    if first is None:
        return None
    start = first + mapping.header_row + 1
    text, number = text.slice(start), number.slice(start)
    keep = _filled_rows(text) if mapped_only else _truthy_rows(text, number, fields)
    if not mapped_only and not keep.all() and width > len(fields):
        others = _filled_elsewhere(path, sheet, indices, width=width, start=start,
                                   blank=keep.not_().arg_true().to_list(), height=len(keep))
        if others is None:
            return None
        keep = keep | others
    rows = pl.int_range(start - first + 1, start - first + 1 + text.height, eager=True)
    text, number, rows = text.filter(keep), number.filter(keep), rows.filter(keep)
    if not _unambiguous(text, number, fields, dates):
        return None
    return SheetColumns(rows, {f: text[f] for f in fields}, {f: number[f] for f in fields},
                        dates)


def _number_marks(text: pl.DataFrame, not_text: list[pl.Series]) -> pl.DataFrame:
    """What loading the columns as truth values gives, from their text and the rows of
    their cells that are not text: a number is whether it is not 0, a truth value itself,
    and anything else (text, blank, a date, an error) null."""
    marks = {}
    for name, rows in zip(text.columns, not_text, strict=True):
        at = rows.filter((rows > 0) & (rows <= text.height)) - 1  # frame row 0 is row 1
        typed = pl.repeat(False, text.height, eager=True)
        if len(at):
            typed = typed.scatter(at, True)
        cell = text[name]
        marks[name] = pl.select(
            pl.when(typed & cell.is_in(["true", "false"])).then(cell == "true")
            .when(typed & cell.str.contains(NUMBER_TEXT))
            .then(cell.cast(pl.Float64, strict=False) != 0)
            .otherwise(pl.lit(None, dtype=pl.Boolean))).to_series()
    return pl.DataFrame(marks)


def _give_back_freed_memory() -> None:
    """Return the pages a load freed to the system: the C heap keeps them for its own reuse,
    and polars allocates from a heap of its own, so they would add to the peak."""
    try:
        if sys.platform.startswith("linux"):
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        elif sys.platform == "win32":
            kernel = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined]
            kernel.GetProcessHeap.restype = ctypes.c_void_p  # a handle: 64 bits, not an int
            kernel.HeapCompact.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
            kernel.HeapCompact.restype = ctypes.c_size_t
            kernel.HeapCompact(kernel.GetProcessHeap(), 0)
    except (OSError, AttributeError):
        pass  # another C library: its freed pages stay with it


def _load(path: Path, sheet: str, indices: list[int], kind: str) -> tuple[pl.DataFrame, int]:
    """The columns as one kind, and how many columns the sheet has."""
    loaded = fastexcel.read_excel(str(path)).load_sheet(
        sheet, header_row=None, skip_rows=0, use_columns=indices, dtypes=kind)
    return loaded.to_polars(), len(loaded.available_columns())


def _filled_elsewhere(path: Path, sheet: str, indices: list[int], *, width: int, start: int,
                      blank: list[int], height: int) -> pl.Series | None:
    """Which of the rows blank in the mapped columns hold something in another column, as
    the row reader sees it (it skips a row of blanks, zeros and FALSE): those rows alone
    are loaded again. None when a cell there may be a zero typed as text or as a number."""
    wanted = {start + at for at in blank}
    others = [index for index in range(width) if index not in set(indices)]
    loaded = fastexcel.read_excel(str(path)).load_sheet(
        sheet, header_row=None, skip_rows=lambda at: at not in wanted, use_columns=others,
        dtypes="string").to_polars()
    if loaded.height != len(blank):
        return None
    cells = [pl.col(c) for c in loaded.columns]
    if loaded.select(pl.any_horizontal(c.is_in(["0", "-0", "false"]) for c in cells)
                     .any()).item():
        return None
    filled = loaded.select(pl.any_horizontal((c.is_not_null() & (c != "")) for c in cells)
                           .fill_null(False)).to_series().to_list()
    found = [False] * height
    for at, full in zip(blank, filled, strict=True):
        found[at] = full
    return pl.Series(found)


def _first_row(text: pl.DataFrame, mapping: ColumnMapping, fields: list[str]) -> int | None:
    """Where the row reader's first row is: it leaves out the empty rows above the used
    range, fastexcel keeps them. The header must be found at the same place."""
    wanted = [mapping.headers[mapping.columns[f]] if mapping.columns[f] < len(mapping.headers)
              else "" for f in fields]
    head = text.head(SEARCHED + mapping.header_row + 1).rows()
    for first in range(min(SEARCHED, len(head))):
        at = first + mapping.header_row
        if at >= len(head):
            return None
        if mapping.header_rows == 2 and at >= 1:
            lower, upper = head[at], head[at - 1]
            found = [_shown(lower[i]) or _shown(upper[i]) for i in range(len(fields))]
        else:
            found = [_shown(cell) for cell in head[at]]
        if found == wanted:
            return first
        if any(cell is not None for cell in head[first]):
            return None  # the row reader starts here at the latest
    return None


def _shown(cell: str | None) -> str:
    return "" if cell is None else cell.strip()


def _truthy_rows(text: pl.DataFrame, number: pl.DataFrame, fields: list[str]) -> pl.Series:
    """Rows the row reader keeps: some cell neither blank, 0 nor FALSE."""
    both = pl.concat([text.rename({f: f"t{i}" for i, f in enumerate(fields)}),
                      number.rename({f: f"n{i}" for i, f in enumerate(fields)})],
                     how="horizontal")
    cells = [(pl.col(f"t{i}").is_not_null() & (pl.col(f"t{i}") != "")
              & (pl.col(f"n{i}").is_null() | pl.col(f"n{i}"))) for i in range(len(fields))]
    return both.select(pl.any_horizontal(cells).fill_null(False)).to_series()


def _filled_rows(text: pl.DataFrame) -> pl.Series:
    """Rows with some cell not blank: not empty once white space is stripped."""
    cells = [pl.col(c).str.strip_chars().str.len_bytes() > 0 for c in text.columns]
    return text.select(pl.any_horizontal(cells).fill_null(False)).to_series()


def _unambiguous(text: pl.DataFrame, number: pl.DataFrame, fields: list[str],
                 dates: frozenset[str]) -> bool:
    """No cell whose kind the two loads leave open: date-looking text in a text column
    (a date cell, or text), or a time of day in a date column."""
    checks = []
    for f in fields:
        looks = pl.col(f).str.contains(DATE_TEXT)
        if f in dates:
            checks.append((looks & (pl.col(f).str.slice(0, 4) < str(FIRST_YEAR))).any())
        else:
            checks.append(looks.any())
    found = text.select(pl.any_horizontal(checks)).item()
    return not found
