"""A large xlsx sheet's preview, read from a copy of its first rows, is what the file gives."""
from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter

from models.sheets import head_copy
from models.sheets.reading import SpreadsheetError, first_rows, head, iter_rows

ROWS = 30
FILLER = 3000  # rows after the head, so the sheet's XML is many times the head


def _kinds() -> list[list[Any]]:
    """Rows 1–30: a title, a header, and every kind of cell a census export holds."""
    rows: list[list[Any]] = [["Ekspor SP Online 2020"], [], ["NIK", "Nama", "Tanggal", "Jam",
                                                             "Jumlah", "ASN", "Catatan"]]
    rows += [
        ["6371031507800001", "Siti Aminah", dt.date(1980, 7, 15), dt.time(8, 30), 3, True, ""],
        [6371031507800002, "  spasi di tepi  ", dt.datetime(2020, 2, 15, 13, 45, 10), 0.5,
         -2.25, False, "baris\nbaru"],
        ["", "Ümit Ağaoğlu · 李", dt.date(1900, 3, 1), None, 1e-7, None, "="],
        [None, None, None, None, None, None, None],  # a blank row inside the head
        ["6371031507800004", "123", "15-07-1980", "08.30", "3", "Ya", "#N/A"],
        [1234567890123456789, "Nama'<&>\"", dt.date(2020, 9, 30), dt.time(23, 59, 59),
         10**15, True, "   "],
    ]
    rows += [[f"637103150780{n:04d}", f"Warga {n}", dt.date(1990, 1, 1) + dt.timedelta(n),
              None, n, n % 2 == 0, ""] for n in range(10, 10 + ROWS - len(rows))]
    return rows


def _filler(start: int) -> list[list[Any]]:
    return [[f"637103150781{n:04d}", f"Penduduk lain {n}", dt.date(1985, 5, 5), None, n, False,
             "lebih lebar"] for n in range(start, start + FILLER)]


def _openpyxl(path: Path, wide_tail: bool) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in _kinds() + _filler(0):
        sheet.append(row)
    sheet["B5"].number_format = "@"
    sheet.cell(row=ROWS + 5, column=3).number_format = "dd/mm/yyyy"
    if wide_tail:
        sheet.cell(row=ROWS + FILLER, column=20, value="jauh di kanan")
    book.create_sheet("Lain").append(["lembar lain"])
    book.save(path)


def _xlsxwriter(path: Path, wide_tail: bool, *, inline: bool) -> None:
    book = xlsxwriter.Workbook(path, {"constant_memory": inline})
    sheet = book.add_worksheet("Data")
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    stamp = book.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    clock = book.add_format({"num_format": "hh:mm"})
    percent = book.add_format({"num_format": "0.0%"})
    bold = book.add_format({"bold": True})
    for r, row in enumerate(_kinds() + _filler(0)):
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, stamp)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
            elif isinstance(value, dt.time):
                sheet.write_datetime(r, c, value, clock)
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, (int, float)) and abs(value) < 10**16:
                sheet.write_number(r, c, value, percent if value == 0.5 else None)
            elif value is None:
                sheet.write_blank(r, c, None, bold)  # formatting only: no value
            else:
                sheet.write_string(r, c, str(value))
    sheet.write_formula(10, 7, "=E11*2", None, 20)
    sheet.write_formula(11, 7, "=1/0", None, "#DIV/0!")
    sheet.write_formula(12, 7, '="teks"&"!"', None, "teks!")
    if not inline:  # rich text is a shared string only
        sheet.write_rich_string(13, 7, "tebal ", bold, "dan biasa")
    if wide_tail:
        sheet.write_string(ROWS + FILLER - 1, 19, "jauh di kanan")
    book.add_worksheet("Lain").write_string(0, 0, "lembar lain")
    book.close()


WRITERS: dict[str, Callable[[Path, bool], None]] = {
    "openpyxl": _openpyxl,  # inline strings
    "xlsxwriter": lambda path, wide: _xlsxwriter(path, wide, inline=False),
    "xlsxwriter-inline": lambda path, wide: _xlsxwriter(path, wide, inline=True),
}


@pytest.fixture
def copied(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every sheet is 'large'; the copies made are recorded, to know the copy was read."""
    monkeypatch.setattr(head_copy, "LARGE", 1)
    made: list[Path] = []
    original = head_copy._write

    def recording(path: Path, rows: int, target: Path) -> set[str]:
        cut = original(path, rows, target)
        made.append(target)
        return cut

    monkeypatch.setattr(head_copy, "_write", recording)
    return made


def _whole(path: Path, sheet: str = "Data") -> list[list[Any]]:
    rows = []
    for row in iter_rows(path, sheet):
        rows.append(row)
        if len(rows) == ROWS:
            break
    width = max(i + 1 for row in rows for i, cell in enumerate(row) if cell != "")
    return [row[:width] for row in rows]


def _from_copy(path: Path) -> list[list[Any]]:
    """The head as calamine reads it from the copy (no fallback to the whole file)."""
    with head_copy.head_workbook(path, ROWS) as copy:
        assert copy is not None
        assert copy.was_cut(path, "Data")
        rows = list(islice(iter_rows(copy.path, "Data"), ROWS))
    width = max(i + 1 for row in rows for i, cell in enumerate(row) if cell != "")
    return [row[:width] for row in rows]


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("wide_tail", [False, True], ids=["narrow", "wide-tail"])
def test_the_copy_gives_every_kind_of_cell_as_the_whole_file(
        tmp_path: Path, copied: list[Path], writer: str, wide_tail: bool) -> None:
    path = tmp_path / f"{writer}.xlsx"
    WRITERS[writer](path, wide_tail)
    expected = _whole(path)
    assert _from_copy(path) == expected
    assert head(path, "Data", ROWS) == expected
    assert head(path, None, ROWS) == expected  # the first sheet, named by the file
    assert len(copied) == 3
    assert first_rows(path, "Lain", ROWS).rows == [["lembar lain"]]  # a small sheet, whole
    assert first_rows(path, None, ROWS).sheets == ["Data", "Lain"]


def test_the_copy_holds_only_the_head(tmp_path: Path, copied: list[Path],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "besar.xlsx"
    book = xlsxwriter.Workbook(path)  # shared strings, numbered in the order of the cells
    sheet = book.add_worksheet("Data")
    for r, row in enumerate(_filler(0)):
        sheet.write_row(r, 0, [str(cell) for cell in row])
    book.close()
    member = "xl/worksheets/sheet1.xml"
    kept: dict[str, bytes] = {}
    original = head_copy._write

    def keeping(source: Path, rows: int, target: Path) -> set[str]:
        cut = original(source, rows, target)
        with zipfile.ZipFile(target) as archive:
            kept.update({name: archive.read(name) for name in archive.namelist()})
        return cut

    monkeypatch.setattr(head_copy, "_write", keeping)
    head(path, "Data", ROWS)
    with zipfile.ZipFile(path) as archive:
        whole = archive.read(member)
        strings = archive.read("xl/sharedStrings.xml")
    assert kept[member].count(b"</row>") == ROWS
    assert len(kept[member]) < len(whole) / 20
    assert b"<dimension" not in kept[member]
    assert len(kept["xl/sharedStrings.xml"]) < len(strings) / 20
    assert b"uniqueCount" not in kept["xl/sharedStrings.xml"]


def test_formatting_only_rows_at_the_cut_fall_back_to_the_whole_file(
        tmp_path: Path, copied: list[Path]) -> None:
    """Rows holding only formatting end the copy's range early: the whole file is read."""
    path = tmp_path / "format.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Data")
    shaded = book.add_format({"bg_color": "#DDDDDD"})
    sheet.write_row(0, 0, ["NIK", "Nama"])
    for r in range(1, ROWS + 5):
        sheet.write_blank(r, 0, None, shaded)
    for r in range(ROWS + 5, ROWS + FILLER):
        sheet.write_row(r, 0, [f"63710315078{r:05d}", f"Warga {r}"])
    book.close()
    assert head(path, "Data", ROWS) == _whole(path)
    assert len(head(path, "Data", ROWS)) == ROWS


def test_a_missing_sheet_is_refused_by_name(tmp_path: Path, copied: list[Path]) -> None:
    path = tmp_path / "lembar.xlsx"
    _openpyxl(path, False)
    with pytest.raises(SpreadsheetError, match="Lembar 'Tidak Ada' tidak ada"):
        head(path, "Tidak Ada", ROWS)


def test_a_small_sheet_is_read_itself(tmp_path: Path) -> None:
    path = tmp_path / "kecil.xlsx"
    _openpyxl(path, False)
    with head_copy.head_workbook(path, ROWS) as copy:
        assert copy is None  # the default threshold: a few thousand rows are read whole
