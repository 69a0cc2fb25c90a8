"""The assignment workbook: styled header, frozen, filtered, codes kept as text."""
from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from models.assignment.assign import assign, sls_versions
from models.assignment.export import export_assignments
from tests.builders import SmallCity, nik


def test_export_is_styled_and_codes_are_text(db, tmp_path: Path) -> None:
    with db.session() as session:
        city = SmallCity(session)
        s1 = city.sls_ids[0]
        assign(session, {s1: city.ppl_ids[0]}, sls_versions(session, [s1]), "sari")
        target = tmp_path / "keluar" / "penugasan.xlsx"
        count = export_assignments(session, target, city.kec.id)
    assert count == 5
    sheet = load_workbook(target).active
    assert sheet.title == "Banjarmasin Utara"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:M6"
    header = [c.value for c in sheet[1]]
    assert header[4] == "IDSLS" and header[9] == "PPL"
    assert sheet["A1"].font.bold and sheet["A1"].fill.fgColor.rgb.endswith("1F3A5F")
    assert sheet.column_dimensions["E"].width > 15
    first = [c.value for c in sheet[2]]
    assert first[4] == "6371040001000100" and sheet["E2"].data_type == "s"
    assert sheet["E2"].number_format == "@"
    assert first[8] == nik(10)[:4] + "*" * 10 + nik(10)[-2:]  # masked by default
    assert first[9] == "Ahmad" and first[11] == "Siti Pengawas"
    assert [c.value for c in sheet[3]][9] in (None, "")  # unassigned stays visible
    assert not (tmp_path / "keluar" / "penugasan.xlsx.tmp").exists()
