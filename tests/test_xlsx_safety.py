"""Every xlsx the app writes opens in Excel: safe sheet titles, data never a live formula."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models.recon.export import export_summary
from models.recon.views import Level
from models.sheets.xlsx_table import ExportColumn, sheet_title, write_table


@pytest.mark.parametrize("title", ["Rekon per Kelurahan/Desa", "a[b]c:d*e?f\\g", "'kutip'",
                                   "x" * 80, "", "///", "Log\x00audit"])
def test_any_title_makes_a_sheet_excel_accepts(tmp_path: Path, title: str) -> None:
    target = tmp_path / "t.xlsx"
    write_table(target, title, [ExportColumn("A", 10)], [["1"]])
    name = load_workbook(target).sheetnames[0]
    assert name == sheet_title(title)
    assert 0 < len(name) <= 31
    assert not set(name) & set("[]:*?/\\") and name[0] != "'" and name[-1] != "'"


def test_data_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    hostile = ['=HYPERLINK("http://contoh.invalid","klik")', "=1+1", "=cmd|' /C calc'!A0"]
    write_table(target, "Data", [ExportColumn("Nama", 30), ExportColumn("NIK", 20, True)],
                [[value, value] for value in hostile] + [["Budi\x01\x00 Santoso", "6371"]])
    with zipfile.ZipFile(target) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula element anywhere
    rows = list(load_workbook(target).active.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows[:3]] == hostile and [r[1] for r in rows[:3]] == hostile
    assert rows[3][0] == "Budi Santoso"  # characters XML cannot carry are dropped


def test_recon_export_per_kelurahan(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "rekon.xlsx"
    with demo_db.session() as session:
        count = export_summary(session, target, Level.KELURAHAN)
    assert count == 52 + 1  # and the total row
    assert load_workbook(target).sheetnames == ["Rekon per Kelurahan-Desa"]
