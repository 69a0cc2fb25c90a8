"""The search of a sheet's XML for the cells that are not text (models.sheets.cell_kinds)
marks exactly the cells that loading them as truth values marks, for the writers offices
meet (inline text with typed numbers, shared strings with untyped numbers); and XML it does
not model is left to that load, never guessed."""
from __future__ import annotations

import random
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import fastexcel
import pytest
import xlsxwriter

from models.sheets import cell_kinds, column_reading
from models.sheets.columns import ColumnMapping
from tests.builders import write_xlsx
from tests.test_column_check import FIELD_HEADER, _sheet_rows

COLUMNS = list(range(len(FIELD_HEADER)))
DATES = frozenset({"f5", "f8"})  # Tgl Lahir, Waktu Pencacahan


def _rows(*, ambiguous: bool = True) -> list[list[Any]]:
    body = _sheet_rows(field=True, inactive="6371040001000900", seed=7, ambiguous=ambiguous)
    return [["Ekspor 2020"], FIELD_HEADER, *body[:1500]]


def _excel_like(path: Path, rows: list[list[Any]]) -> Path:
    """Shared strings, numbers without a type, dates as styled numbers (as Excel saves)."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                           "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("Data")
    when = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, (datetime, date)):
                sheet.write_datetime(r, c, value, when)
            elif value is not None and value != "":
                sheet.write(r, c, value)
    book.close()
    return path


def _truth_load(path: Path) -> dict[str, list[Any]]:
    frame = fastexcel.read_excel(str(path)).load_sheet(
        "Data", header_row=None, skip_rows=0, use_columns=COLUMNS, dtypes="boolean").to_polars()
    return {name: frame[name].to_list() for name in frame.columns}


def _searched(path: Path) -> dict[str, list[Any]]:
    text = fastexcel.read_excel(str(path)).load_sheet(
        "Data", header_row=None, skip_rows=0, use_columns=COLUMNS, dtypes="string").to_polars()
    kinds = cell_kinds.not_text(path, "Data", COLUMNS)
    assert kinds is not None
    marks = column_reading._number_marks(text, [kinds[c] for c in COLUMNS])
    return {name: marks[name].to_list() for name in marks.columns}


@pytest.mark.parametrize("writer", ["openpyxl", "excel-like"])
def test_the_search_marks_what_a_truth_value_load_marks(tmp_path: Path, writer: str) -> None:
    rows = _rows()
    path = (write_xlsx(tmp_path / "a.xlsx", rows, sheet="Data") if writer == "openpyxl"
            else _excel_like(tmp_path / "a.xlsx", rows))
    expected = _truth_load(path)
    marked = [sum(v is not None for v in column) for column in expected.values()]
    assert sum(marked[1:]) > 300  # numbers and truth values beside the "No" column's
    assert _searched(path) == expected


def _rewritten(tmp_path: Path, old: bytes, new: bytes, count: int = 1) -> Path:
    """The openpyxl file with its sheet XML edited."""
    source = write_xlsx(tmp_path / "asal.xlsx", _rows(), sheet="Data")
    target = tmp_path / "diubah.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w",
                                                          zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new, count)
            dst.writestr(info, data)
    return target


@pytest.mark.parametrize(("old", "new"), [
    (b'<c r="B3"', b'<c  r="B3"'),  # two spaces
    (b'<c r="B3"', b'<c\tr="B3"'),  # a tab
    (b' t="n"', b" t='n'"),  # single quotes
    (b' t="n"', b' t = "n"'),  # spaces around "="
    (b' t="n"', b' t="N"'),  # a kind calamine may read its own way
    (b'<c r="C3"', b'<c s="0" r="C3"'),  # the reference not first
    (b'<c r="D3"', b'<x:c r="D3"'),  # a prefixed cell
])
def test_xml_the_search_does_not_model_is_left_to_the_load(tmp_path: Path, old: bytes,
                                                           new: bytes) -> None:
    path = _rewritten(tmp_path, old, new)
    assert cell_kinds.not_text(path, "Data", COLUMNS) is None


def test_a_sheet_not_starting_in_column_a_is_left_to_the_load(tmp_path: Path) -> None:
    rows = [["", *row] for row in _rows()]  # column A empty: calamine's first column is B
    path = write_xlsx(tmp_path / "geser.xlsx", rows, sheet="Data")
    assert cell_kinds.not_text(path, "Data", COLUMNS) is None


def test_the_import_reads_columns_the_same_either_way(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """read_columns gives the same columns whether the marks come from the search or from
    the second load (forced by a search that does not model the file)."""
    rows = _rows(ambiguous=False)  # cells only the row reader types: no columns at all
    rng = random.Random(3)
    path = _excel_like(tmp_path / "b.xlsx", [rows[0], rows[1], *rng.sample(rows[2:], 800)])
    mapping = ColumnMapping(1, FIELD_HEADER, {f"f{i}": i for i in range(1, len(COLUMNS))})
    assert cell_kinds.not_text(path, "Data", list(range(1, len(COLUMNS)))) is not None
    searched = column_reading.read_columns(path, "Data", mapping, dates=DATES)
    monkeypatch.setattr(cell_kinds, "not_text", lambda *args: None)
    loaded = column_reading.read_columns(path, "Data", mapping, dates=DATES)
    assert searched is not None and loaded is not None
    assert searched.rows.to_list() == loaded.rows.to_list()
    for field in mapping.columns:
        assert searched.number[field].to_list() == loaded.number[field].to_list()
        assert searched.text[field].to_list() == loaded.text[field].to_list()
