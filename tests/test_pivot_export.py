"""A pivot in xlsx (issue 22): values and totals, formats, frozen headers, text stays text."""
from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models.analysis.pivot import Dimension, Header, PivotMeasure, PivotSpec, PivotTable
from models.analysis.pivot_export import COUNT_FORMAT, SHARE_FORMAT, export_pivot
from models.errors import Cancelled

D = Dimension
HOSTILE = '=HYPERLINK("http://contoh.invalid","klik")'


def _table(measure: PivotMeasure = PivotMeasure.PERSONS, crossed: bool = True) -> PivotTable:
    share = measure is PivotMeasure.SHARE
    cells = [[0.25, 0.75], [0.5, 0.5]] if share else [[1200, 34], [5, 7]]
    return PivotTable(
        spec=PivotSpec((D.KECAMATAN,), (D.SEX,) if crossed else (), measure),
        row_headers=[(Header(1, HOSTILE),), (Header(2, "Banjarmasin Utara"),)],
        column_headers=[Header("L", "Laki-laki"), Header("P", "Perempuan")] if crossed else [],
        cells=cells if crossed else [[], []],
        row_totals=[1.0, 1.0] if share else [1234, 12],
        column_totals=([0.4, 0.6] if share else [1205, 41]) if crossed else [],
        grand_total=1.0 if share else 1246,
        reference_day=date(2020, 9, 1),
        description=("Baris: Kecamatan", "Kolom: Jenis kelamin", "=1+1 dalam keterangan"))


def _rows(path: Path) -> list[tuple[object, ...]]:
    return list(load_workbook(path).active.iter_rows(values_only=True))


def test_values_totals_and_layout(tmp_path: Path) -> None:
    target = tmp_path / "laporan.xlsx"
    assert export_pivot(_table(), target, "Penduduk per kecamatan") == 2
    rows = _rows(target)
    assert rows[0][0] == "Penduduk per kecamatan"
    assert [r[0] for r in rows[1:4]] == ["Baris: Kecamatan", "Kolom: Jenis kelamin",
                                         "=1+1 dalam keterangan"]
    assert rows[5] == (None, "Jenis kelamin", None, None)  # the column dimension above
    assert rows[6] == ("Kecamatan", "Laki-laki", "Perempuan", "Jumlah")
    assert rows[7] == (HOSTILE, 1200, 34, 1234)
    assert rows[8] == ("Banjarmasin Utara", 5, 7, 12)
    assert rows[9] == ("Jumlah", 1205, 41, 1246)
    sheet = load_workbook(target).active
    assert sheet.freeze_panes == "B8"  # headers and the row names stay in view
    assert sheet["A7"].font.bold and sheet["D8"].font.bold and sheet["B10"].font.bold
    assert sheet["B8"].number_format == COUNT_FORMAT == "#,##0"  # 1.234 in Indonesian Excel
    assert sheet.column_dimensions["A"].width >= len(HOSTILE)
    assert sheet.column_dimensions["B"].width >= len("Laki-laki")


def test_text_is_never_a_formula(tmp_path: Path) -> None:
    target = tmp_path / "laporan.xlsx"
    export_pivot(_table(), target, "=SUM(A1:A9)")
    with zipfile.ZipFile(target) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    book = load_workbook(target)
    assert book.active["A8"].value == HOSTILE and book.active["A8"].data_type == "s"
    assert book.active["A1"].value == "=SUM(A1:A9)"
    assert book.sheetnames == ["=SUM(A1-A9)"]  # Excel's sheet-title rules, still text


def test_shares_as_percent(tmp_path: Path) -> None:
    target = tmp_path / "persen.xlsx"
    export_pivot(_table(PivotMeasure.SHARE), target)
    sheet = load_workbook(target).active
    assert sheet["B8"].value == 0.25 and sheet["B8"].number_format == SHARE_FORMAT == "0.0%"
    assert sheet["D10"].value == 1.0 and sheet["D10"].number_format == SHARE_FORMAT
    assert sheet["A1"].value == "Persentase orang menurut Kecamatan × Jenis kelamin"


def test_without_a_column_dimension(tmp_path: Path) -> None:
    target = tmp_path / "baris.xlsx"
    export_pivot(_table(crossed=False), target)
    rows = _rows(target)
    assert rows[5] == ("Kecamatan", "Jumlah")  # a single header row
    assert rows[-1] == ("Jumlah", 1246)
    assert load_workbook(target).active.freeze_panes == "B7"


def test_a_failed_export_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "besar.xlsx"
    big = _table()
    many = PivotTable(big.spec, big.row_headers * 2000, big.column_headers, big.cells * 2000,
                      big.row_totals * 2000, big.column_totals, big.grand_total,
                      big.reference_day, big.description)
    with pytest.raises(Cancelled):
        export_pivot(many, target, progress=lambda done, total: False)
    assert list(tmp_path.iterdir()) == []
