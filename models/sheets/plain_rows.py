"""A master sheet's rows with the plain ones read as columns and the rest left to the row rules.

Almost every row of a master file is plain: codes and NIKs typed as text, ASCII names.
An import's column check (models.areas.column_check, models.officers.column_check) says
which rows are plain and gives their fields from whole columns (polars); every other row
goes through the import's row rules unchanged, so a problem is found and worded exactly as
before, and the rows keep the file's order (duplicates are found in it). The tests here
are the ones both checks share.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl

from models.ids.cells import CellProblem, is_blank
from models.sheets.column_reading import SheetColumns, read_columns
from models.sheets.columns import ColumnMapping
from models.sheets.importing import data_rows, no_data_rows

PLAIN_TEXT = r"^[\x20-\x7E]*$"  # printable ASCII: nothing for the row rules to clean
# A row's cells for the row rules, or the fields of a plain row: one of them is None.
SheetRow = tuple[int, dict[str, Any] | None, tuple[Any, ...] | None]


def sheet_rows(path: Path, sheet: str, mapping: ColumnMapping,
               judge: Callable[[SheetColumns], pl.DataFrame]) -> Iterator[SheetRow]:
    """The rows `data_rows` reads, in order. `judge` gives, per row of the columns, `plain`
    and then the plain row's fields; a file the columns cannot read is read as rows."""
    columns = read_columns(path, sheet, mapping, dates=frozenset(), mapped_only=True)
    if columns is None:
        for row, values in data_rows(path, sheet, mapping):
            yield row, values, None
        return
    judged = judge(columns)
    plain = judged["plain"]
    ready = zip(*(judged[c].to_list() for c in judged.columns[1:]), strict=True)
    # the other rows' cells gathered at once (a cell alone costs a few polars calls)
    others = plain.not_().arg_true().to_list()
    cells = zip(*(columns.cells(key, others) for key in columns.text), strict=True)
    keys = list(columns.text)
    found = False
    for row, is_plain, fields in zip(columns.rows.to_list(), plain.to_list(), ready,
                                     strict=True):
        if is_plain:
            found = True
            yield row, None, fields
            continue
        values = dict(zip(keys, next(cells), strict=True))
        # a row of what only Python takes for white space (U+001C-U+001F) is blank too
        if not all(is_blank(v) for v in values.values()):
            found = True
            yield row, values, None
    if not found:
        raise no_data_rows(path, sheet, mapping)


def text_of(columns: SheetColumns, key: str, height: int) -> pl.Series:
    """The field's text column, or a blank one when the field is not mapped."""
    found = columns.text.get(key)
    return found if found is not None else pl.Series(key, [None] * height, dtype=pl.String)


def is_text(columns: SheetColumns, key: str) -> pl.Expr:
    """No number or truth value in the cell (a 0 reads as the text "0", alike both ways);
    the frame holds the number marks as `n_<key>`."""
    return pl.col(f"n_{key}").is_null() if key in columns.number else pl.lit(True)


def blank(key: str) -> pl.Expr:
    return pl.col(key).is_null() | (pl.col(key) == "")


def plain_text(key: str, limit: int, *, required: bool) -> tuple[pl.Expr, pl.Expr]:
    """(the cell passes as written, its stripped value) for a text column of at most
    `limit` characters, as models.ids.cells.plain_text reads it."""
    value = pl.col(key).str.strip_chars(" ")
    ok = pl.col(key).str.contains(PLAIN_TEXT) & (value.str.len_bytes() <= limit)
    if required:
        return ok.fill_null(False) & (value.str.len_bytes() > 0), value
    return blank(key) | ok, value.fill_null("")


def frame_of(columns: SheetColumns, keys: tuple[str, ...]) -> pl.DataFrame:
    """The text of `keys` and their number marks (`n_<key>`) as one frame."""
    height = columns.height
    return pl.DataFrame({key: text_of(columns, key, height) for key in keys}).with_columns(
        **{f"n_{key}": series for key, series in columns.number.items() if key in keys})


def read_once(column: pl.Expr, texts: pl.Series, read: Callable[[str], Any],
              dtype: pl.DataType) -> pl.Expr:
    """`read` of each distinct text in `texts` as a column (null where it refuses the text
    with a CellProblem): a list repeats a few roles, statuses and codes over and over."""
    known: list[str] = []
    results: list[Any] = []
    for value in texts.drop_nulls().unique().to_list():
        try:
            result = read(value)
        except CellProblem:
            continue
        known.append(value)
        results.append(result)
    return column.replace_strict(pl.Series(known, dtype=pl.String),
                                 pl.Series(results, dtype=dtype), default=None,
                                 return_dtype=dtype)
