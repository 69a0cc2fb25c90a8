"""The area master read as columns finds what the row rules find: same records, same problems."""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from models.areas import column_check
from models.areas import importing as wilayah_import
from models.sheets import plain_rows
from models.sheets.column_reading import read_columns
from models.sheets.importing import ImportProblems, inspect_file
from tests.builders import write_xlsx

HEADER = ["Kode Kecamatan", "Kecamatan", "Kode Desa", "Nama Kelurahan", "IDSLS", "Kode Sub-SLS",
          "Nama RT", "Muatan", "Jumlah Penduduk", "Kode Kemendagri Kecamatan",
          "Kode Kemendagri Desa"]
PLAIN = 400


def _plain_rows(seed: int = 11) -> list[list[Any]]:
    """Rows as an office's master has them: codes typed as text, counts as numbers or text."""
    rng = random.Random(seed)
    rows = []
    for n in range(PLAIN):
        kec = f"63710{rng.choice('1234'):s}0"
        kel = f"{kec}{rng.randrange(1, 20):03d}"
        households: Any = rng.choice([rng.randrange(20, 300), str(rng.randrange(20, 300)), ""])
        rows.append([kec, rng.choice(["Banjarmasin Utara", "  Banjarmasin Tengah "]), kel,
                     f"Kelurahan {kel[-3:]}", f"{kel}{n:04d}00", "", f"RT {n % 40:03d}",
                     households, rng.choice([rng.randrange(50, 900), ""]),
                     rng.choice(["637104", ""]), rng.choice(["6371041001", "1001", ""])])
    return rows


def _odd_rows() -> list[list[Any]]:
    """One row for each thing the row rules refuse, warn about or read in their own way."""
    base = ["6371040", "Banjarmasin Utara", "6371040001", "Alalak Utara", "", "", "RT 900",
            100, 400, "637104", "6371040001"]

    def row(**changes: Any) -> list[Any]:
        cells = list(base)
        for name, value in changes.items():
            cells[HEADER.index(name)] = value
        return cells

    code = "637104000109{:02d}00".format
    return [
        row(IDSLS=6371040001090100),  # typed into a number cell
        row(IDSLS="6.37104E+15"),  # shown as a number, saved as text
        row(IDSLS="637104000109030"),  # one digit short
        row(IDSLS="６３７１０４０００１０９０４００"),  # full-width digits
        row(IDSLS=" " + code(5) + " "),  # spaces around
        row(IDSLS="63710400010906", **{"Kode Sub-SLS": "02"}),  # 14 digits and a sub-SLS
        row(IDSLS="0907", **{"Kode Desa": "6371040001"}),  # 4 digits within the kelurahan
        row(IDSLS=code(8), **{"Kode Sub-SLS": "1"}),  # a sub-SLS of one digit
        row(IDSLS=code(9), **{"Kode Kecamatan": "6371031"}),  # another kecamatan's code
        row(IDSLS=code(10), **{"Kode Kecamatan": 6371040}),  # the code as a number
        row(IDSLS=code(11), **{"Kode Desa": "6371040002"}),  # another kelurahan's code
        row(IDSLS=code(12), **{"Nama RT": "RT\t012"}),  # a control character, cleaned
        row(IDSLS=code(13), **{"Nama RT": "RT Lebak Ijuk é"}),  # not ASCII
        row(IDSLS=code(14), **{"Nama RT": ""}),  # no name
        row(IDSLS=code(15), **{"Nama RT": "   "}),  # spaces only
        row(IDSLS=code(16), **{"Nama RT": "R" * 101}),  # longer than the column
        row(IDSLS=code(17), **{"Nama RT": 17}),  # a number for a name
        row(IDSLS=code(18), Muatan="1.200"),  # thousands grouped
        row(IDSLS=code(19), Muatan=-5),
        row(IDSLS=code(20), Muatan=12.5),
        row(IDSLS=code(21), Muatan=99_999_999),  # beyond any area
        row(IDSLS=code(22), Muatan="12345678"),  # eight digits as text
        row(IDSLS=code(23), Muatan=True),
        row(IDSLS=code(24), Muatan="seratus"),
        row(IDSLS=code(25), **{"Jumlah Penduduk": 0}),
        row(IDSLS=code(26), **{"Kode Kemendagri Kecamatan": "63.71.04"}),
        row(IDSLS=code(27), **{"Kode Kemendagri Kecamatan": 637104}),
        row(IDSLS=code(28), **{"Kode Kemendagri Desa": "1001", "Kode Kemendagri Kecamatan": ""}),
        row(IDSLS=code(29), **{"Kode Kemendagri Desa": "12345"}),
        row(IDSLS=code(30), Kecamatan="", **{"Nama Kelurahan": ""}),  # names from other rows
        row(IDSLS=code(31), Kecamatan="Banjarmasin\u00a0Utara"),  # a no-break space
        row(IDSLS=code(30)),  # the same SLS again
        row(IDSLS="6371031005000100"),  # a kelurahan of its own
        ["", "", "", "", "", "", "", 0, "", "", ""],  # a zero only: the row rules read it
        ["", "", "", "", "", "", "", "", "", "", ""],  # blank: skipped
        ["", "", "", "", "", "", "   ", "", "", "", ""],  # spaces only: skipped too
    ]


def _sheet() -> list[list[Any]]:
    plain = _plain_rows()
    odd = _odd_rows()
    mixed: list[list[Any]] = []
    for at, cells in enumerate(plain):  # the odd rows spread among the plain ones
        mixed.append(cells)
        if at % 11 == 5 and odd:
            mixed.append(odd.pop(0))
    mixed += odd
    mixed.append(list(plain[7]))  # a plain row's SLS twice
    return [["Master SLS 2020"], HEADER, *mixed]


def _excel_like(path: Path, rows: list[list[Any]]) -> Path:
    """Shared strings and numbers without a type, as Excel saves a workbook."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                           "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("Data")
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            if value is not None and value != "":
                sheet.write(r, c, value)
    book.close()
    return path


def _parsed(path: Path) -> tuple[list[Any], list[Any], list[Any]]:
    preview = inspect_file(path, wilayah_import.FIELDS, wilayah_import.KIND)
    problems = ImportProblems(path.name, preview.sheet)
    records = wilayah_import.parse_rows(path, preview.sheet, preview.mapping, region="6371",
                                        problems=problems, progress=None)
    return records, problems.errors, problems.warnings


@pytest.mark.parametrize("layout", ["openpyxl", "excel"])
def test_column_reading_finds_what_the_row_rules_find(tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                                      layout: str) -> None:
    rows = _sheet()
    path = (write_xlsx(tmp_path / "master.xlsx", rows, sheet="Data") if layout == "openpyxl"
            else _excel_like(tmp_path / "master.xlsx", rows))
    preview = inspect_file(path, wilayah_import.FIELDS, wilayah_import.KIND)
    columns = read_columns(path, preview.sheet, preview.mapping, dates=frozenset(),
                           mapped_only=True)
    assert columns is not None, "the sheet is read as columns"
    plain = column_check.plain_rows(columns, name_limit=wilayah_import.NAME_LIMIT)["plain"]
    # the generated rows are read at once (and some odd rows that are plain after all);
    # the rest go through the row rules
    assert PLAIN < plain.sum() < len(plain) - 20

    by_columns = _parsed(path)
    monkeypatch.setattr(plain_rows, "read_columns", lambda *args, **kwargs: None)
    by_rows = _parsed(path)
    records, errors, warnings = by_columns
    assert records == by_rows[0]
    assert errors == by_rows[1]
    assert warnings == by_rows[2]
    assert len(records) > PLAIN and len(errors) >= 15 and warnings  # the test sees each kind
