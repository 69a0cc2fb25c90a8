"""The Kualitas page on the hand-made office of tests/test_quality_officers.py: ranked by
flags, a flagged cell's tooltip, the records behind a flag, the export, the charts."""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCharts import QBarSet, QStackedBarSeries
from PySide6.QtCore import Qt

from desktop.quality.page import KualitasPage
from desktop.quality.records_dialog import FlaggedRecordsDialog
from desktop.quality.table import QualityTableModel
from models.ids.nik import mask_nik
from models.quality.measures import Measure, Thresholds
from models.quality.officers import QualityLevel
from tests.conftest import FakeDialogs, make_window, wait_idle
from tests.test_quality_officers import EXPECTED, build


@pytest.fixture
def page(qtbot, db, settings_file: Path, dialogs: FakeDialogs):  # type: ignore[no-untyped-def]
    with db.session() as session:
        office = build(session)
    window = make_window(qtbot, db, settings_file, dialogs)
    window.show_page("kualitas")
    wait_idle(qtbot)
    found = next(p for p in window.pages if isinstance(p, KualitasPage))
    found.office = office  # type: ignore[attr-defined]
    yield found
    wait_idle(qtbot)


def _row_of(page: KualitasPage, name: str) -> int:
    """The view row (through the proxy) showing `name`."""
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, QualityTableModel.COL_NAME).data() == name:
            return row
    raise AssertionError(name)


def test_listed_after_progres(page: KualitasPage) -> None:
    window = page.window()
    keys = [p.key for p in window.pages]  # type: ignore[attr-defined]
    assert keys[keys.index("progres") + 1] == "kualitas"


def test_ranked_by_flags(page: KualitasPage) -> None:
    names = [page.proxy.index(r, QualityTableModel.COL_NAME).data()
             for r in range(page.proxy.rowCount())]
    counts = [len(EXPECTED[name]) for name in names]
    assert set(names) == set(EXPECTED)
    assert counts == sorted(counts, reverse=True)
    assert names[0] == "Indah"
    assert names[1:4] == ["Budi", "Citra", "Eka"]  # two flags each, by name
    flags = page.model.column_named("Tanda")
    assert page.proxy.index(0, flags).data() == "3"
    assert page.total.text().startswith("7 dari 9 PPL ditandai, 12 tanda seluruhnya.")
    assert page.proxy.index(0, QualityTableModel.COL_CODE).data() == mask_nik(
        page.model.row_at(page.proxy.mapToSource(page.proxy.index(0, 0)).row()).code)


def test_sorts_by_a_measure(page: KualitasPage) -> None:
    column = page.model.column_of(Measure.WHIPPLE)
    page.view.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    assert page.proxy.index(0, QualityTableModel.COL_NAME).data() == "Budi"
    assert page.proxy.index(0, column).data() == "500,0"


def test_flagged_cell_highlighted_with_tooltip(page: KualitasPage) -> None:
    row = _row_of(page, "Budi")
    whipple = page.proxy.index(row, page.model.column_of(Measure.WHIPPLE))
    jan_1 = page.proxy.index(row, page.model.column_of(Measure.JAN_1))
    assert whipple.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert jan_1.data(Qt.ItemDataRole.BackgroundRole) is None
    tip = whipple.data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("DITANDAI")
    assert "Indeks Whipple (indeks): 500,0" in tip
    assert "Banjarmasin Utara: " in tip
    assert "Batas: di atas 125" in tip
    dedi = page.proxy.index(_row_of(page, "Dedi"), page.model.column_of(Measure.SEX_RATIO))
    assert dedi.data() == "hanya laki-laki"
    assert "selisih lebih dari 15" in dedi.data(Qt.ItemDataRole.ToolTipRole)


def test_enter_on_a_flagged_cell_opens_its_records(qtbot, page: KualitasPage,  # type: ignore[no-untyped-def]
                                                   dialogs: FakeDialogs) -> None:
    row = _row_of(page, "Citra")
    page.view.setFocus()
    page.view.setCurrentIndex(page.proxy.index(row, page.model.column_of(Measure.JAN_1)))
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    wait_idle(qtbot)
    shown = [d for d in dialogs.shown if isinstance(d, FlaggedRecordsDialog)]
    assert len(shown) == 1
    records = shown[0].model.rows()
    assert len(records) == 120  # every one of Citra's persons was born on 1 January
    assert all(r.birth_date is not None and (r.birth_date.month, r.birth_date.day) == (1, 1)
               for r in records)
    assert all("*" in r.nik for r in records if r.nik)  # masked
    assert page.current_measure() is Measure.JAN_1  # the chart follows
    # a cell that is not flagged opens nothing
    page.view.setCurrentIndex(page.proxy.index(row, page.model.column_of(Measure.WHIPPLE)))
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    wait_idle(qtbot)
    assert len([d for d in dialogs.shown if isinstance(d, FlaggedRecordsDialog)]) == 1


def test_other_levels(qtbot, page: KualitasPage) -> None:  # type: ignore[no-untyped-def]
    page.level.setCurrentIndex(page.level.findData(QualityLevel.KECAMATAN))
    wait_idle(qtbot)
    assert page.model.rowCount() == 1
    assert page.proxy.index(0, QualityTableModel.COL_NAME).data() == "Banjarmasin Utara"
    assert page.model.headerData(QualityTableModel.COL_NAME, Qt.Orientation.Horizontal) \
        == "Kecamatan"


def test_export_writes_the_table(qtbot, page: KualitasPage, dialogs: FakeDialogs,  # type: ignore[no-untyped-def]
                                 tmp_path: Path) -> None:
    dialogs.path = tmp_path / "kualitas"
    page.export_button.click()
    wait_idle(qtbot)
    target = tmp_path / "kualitas.xlsx"
    assert target.exists(), dialogs.errors
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("NIK", "PPL", "Tim")
    assert "Indeks Whipple (indeks)" in header
    assert len(rows) == 1 + len(EXPECTED)
    assert rows[1][1] == "Indah" and rows[1][header.index("Tanda")] == 3
    budi = next(r for r in rows if r[1] == "Budi")
    assert budi[header.index("Indeks Whipple (indeks)")] == 500
    assert "*" in budi[0]
    assert dialogs.infos and "9 baris" in dialogs.infos[-1][1]


def test_distribution_marks_the_flagged(qtbot, page: KualitasPage) -> None:  # type: ignore[no-untyped-def]
    page.measure.setCurrentIndex(page.measure.findData(Measure.WHIPPLE))
    chart = page.distribution.chart()
    bars = next(s for s in chart.series() if isinstance(s, QStackedBarSeries))
    normal, flagged = bars.barSets()
    assert isinstance(flagged, QBarSet) and flagged.label() == "Ditandai"
    values = [flagged.at(i) for i in range(flagged.count())]
    assert values[-1] == 500  # Budi, the highest, flagged
    assert sum(1 for v in values if v) == 1
    assert "1 dari" in chart.title()
    assert any(s.name().startswith("Batas") for s in chart.series())


def test_pyramid_of_a_kecamatan(qtbot, page: KualitasPage) -> None:  # type: ignore[no-untyped-def]
    page.kecamatan.setCurrentIndex(1)
    wait_idle(qtbot)
    assert page.pyramid is not None
    assert page.pyramid.field.total == 2600
    assert "Banjarmasin Utara" in page.pyramid_view.chart().title()


def test_table_model_alone() -> None:
    model = QualityTableModel()
    model.set_level(QualityLevel.TIM, Thresholds())
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert titles[:2] == ["Kode", "Tim"] and "Tim" not in titles[2:]
    assert titles[-len(Measure):] == [m.label for m in Measure]
