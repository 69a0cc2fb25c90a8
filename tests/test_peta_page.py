"""The Peta page driven as a supervisor would: import boundaries, colour, point, assign, save."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from desktop.maps.canvas import Tool
from desktop.maps.details_dialog import AreaDetailsDialog, ChoosePplDialog
from desktop.maps.import_flow import BoundaryMappingDialog, BoundaryReportDialog
from desktop.maps.page import PetaPage
from models.assignment.assign import assign, sls_versions
from models.overview.map_measures import MapMeasure
from models.schema.maps import BoundaryLevel
from tests.builders import SmallCity
from tests.conftest import FakeDialogs, make_window, wait_idle
from tests.map_files import square, write_geojson


@pytest.fixture
def mapped_city(qtbot, db, settings_file: Path, dialogs: FakeDialogs, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The small city, its five SLS imported from a GeoJSON through the page's own button."""
    with db.session() as session:
        city = SmallCity(session)
    window = make_window(qtbot, db, settings_file, dialogs)
    page: PetaPage = window.show_page("peta")  # type: ignore[assignment]
    wait_idle(qtbot)
    assert page.empty.isVisible()
    path = write_geojson(tmp_path / "sls.geojson", [
        ({"IDSLS": s.bps_code}, square(i % 3, i // 3)) for i, s in enumerate(city.sls)])
    dialogs.path = path

    def answer(dialog) -> bool:  # type: ignore[no-untyped-def]
        if isinstance(dialog, BoundaryMappingDialog):
            assert dialog.level() is BoundaryLevel.SLS
            assert dialog.mapping() is not None and dialog.mapping().columns == ("IDSLS",)
        return True

    dialogs.fill = answer
    page.import_flow.start()
    wait_idle(qtbot)
    assert any(isinstance(d, BoundaryReportDialog) for d in dialogs.shown)
    assert page.import_flow.last_report is not None
    assert page.import_flow.last_report.matched == 5
    qtbot.waitUntil(lambda: len(page.canvas.areas()) == 5)
    wait_idle(qtbot)
    dialogs.fill = None
    yield window, page, city
    wait_idle(qtbot)


def _screen_point(page: PetaPage, area_id: int) -> QPoint:
    index = [a.area_id for a in page.canvas.areas()].index(area_id)
    x, y = page.canvas.areas()[index].label_point
    return page.canvas.transform().map(QPointF(x, y)).toPoint()


def _choose(name: str, city: SmallCity):  # type: ignore[no-untyped-def]
    officer_id = city.ppl_ids[["Ahmad", "Budi", "Citra"].index(name)]

    def fill(dialog) -> bool:  # type: ignore[no-untyped-def]
        if isinstance(dialog, ChoosePplDialog):
            dialog.choose(officer_id)
        return True

    return fill


def test_click_shift_click_assign_and_undo(qtbot, mapped_city, db,  # type: ignore[no-untyped-def]
                                           dialogs: FakeDialogs) -> None:
    window, page, city = mapped_city
    first, second = city.sls_ids[0], city.sls_ids[1]
    qtbot.mouseClick(page.canvas, Qt.MouseButton.LeftButton, pos=_screen_point(page, first))
    assert "Kelurahan: Alalak Utara" in page.selection_label.text()  # a click: its details
    assert page.canvas.selected == [first]
    qtbot.mouseClick(page.canvas, Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ShiftModifier, pos=_screen_point(page, second))
    assert page.canvas.selected == sorted([first, second])
    assert page.assign_button.isEnabled()
    assert "Dipilih: 2 SLS" in page.selection_label.text()
    dialogs.fill = _choose("Budi", city)
    page.assign_selected()
    wait_idle(qtbot)
    with db.session() as session:
        assert SmallCity.current(session) == {first: city.ppl_ids[1], second: city.ppl_ids[1]}
    qtbot.waitUntil(lambda: page.loaded is not None and page.loaded.figures[first].ppl == "Budi")
    page.measure.setCurrentIndex(page.measure.findData(MapMeasure.UNASSIGNED))
    assert [row[2] for row in page.legend.rows] == [2, 3]  # assigned, unassigned
    page.undo_stack.undo()
    wait_idle(qtbot)
    with db.session() as session:
        assert SmallCity.current(session) == {}


def test_another_pc_changed_the_sls_first(qtbot, mapped_city, db,  # type: ignore[no-untyped-def]
                                          dialogs: FakeDialogs) -> None:
    window, page, city = mapped_city
    first = city.sls_ids[0]
    page.canvas.set_selected([first])
    with db.session() as other:  # another PC assigns it after this page read it
        assign(other, {first: city.ppl_ids[2]}, sls_versions(other, [first]), "joko")
    dialogs.fill = _choose("Ahmad", city)
    page.assign_selected()
    wait_idle(qtbot)
    assert dialogs.errors and "pengguna lain" in dialogs.errors[-1][1]
    with db.session() as session:
        assert SmallCity.current(session) == {first: city.ppl_ids[2]}
    assert page.undo_stack.count() == 0


def test_rectangle_and_lasso_select_and_keys(qtbot, mapped_city) -> None:  # type: ignore[no-untyped-def]
    window, page, city = mapped_city
    canvas = page.canvas
    canvas.tool = Tool.RECTANGLE
    top = _screen_point(page, city.sls_ids[0]) - QPoint(30, 30)
    bottom = _screen_point(page, city.sls_ids[2]) + QPoint(30, 30)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=top)
    qtbot.mouseMove(canvas, bottom)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=bottom)
    assert canvas.selected == sorted(city.sls_ids[:3])  # the first row of the grid
    canvas.tool = Tool.LASSO
    ring = [_screen_point(page, city.sls_ids[3]) + QPoint(dx, dy)
            for dx, dy in ((-20, -20), (20, -20), (20, 20), (-20, 20))]
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=ring[0])
    for point in ring[1:]:
        qtbot.mouseMove(canvas, point)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=ring[-1])
    assert canvas.selected == [city.sls_ids[3]]
    canvas.setFocus()
    scale = canvas.metres_per_pixel()
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.metres_per_pixel() < scale
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    assert canvas.metres_per_pixel() == pytest.approx(scale)
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.selected == []


def test_details_levels_and_saving_the_view(qtbot, mapped_city, dialogs: FakeDialogs,  # type: ignore[no-untyped-def]
                                            tmp_path: Path) -> None:
    window, page, city = mapped_city
    page.open_details(city.sls_ids[0])
    details = dialogs.shown[-1]
    assert isinstance(details, AreaDetailsDialog)
    assert ("Kelurahan", "Alalak Utara") in details.pairs
    dialogs.path = tmp_path / "peta.png"
    page.export_view()
    assert (tmp_path / "peta.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dialogs.path = tmp_path / "peta.pdf"
    page.export_view()
    pdf = (tmp_path / "peta.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"/Subtype /Image" not in pdf  # drawn as vectors
    page.level.setCurrentIndex(page.level.findData(BoundaryLevel.KELURAHAN))
    wait_idle(qtbot)
    assert page.empty.isVisible()  # no kelurahan boundaries were imported


def test_demo_city_map_has_every_sls_and_says_made_up(qtbot, demo_window) -> None:  # type: ignore[no-untyped-def]
    page: PetaPage = demo_window.show_page("peta")  # type: ignore[assignment]
    qtbot.waitUntil(lambda: page.loaded is not None, timeout=30000)
    wait_idle(qtbot)
    qtbot.waitUntil(lambda: len(page.loaded.figures) == len(page.canvas.areas()) > 1000,
                    timeout=30000)
    assert page.made_up.isVisible()
    assert sum(row[2] for row in page.legend.rows) == len(page.canvas.areas())
    page.level.setCurrentIndex(page.level.findData(BoundaryLevel.KELURAHAN))
    qtbot.waitUntil(lambda: page.loaded.level is BoundaryLevel.KELURAHAN, timeout=30000)
    assert len(page.canvas.areas()) == len(page.loaded.layer.areas) > 40
    assert page.measure.findData(MapMeasure.PPL) < 0  # one PPL per SLS, many per kelurahan
    page.level.setCurrentIndex(page.level.findData(BoundaryLevel.KECAMATAN))
    qtbot.waitUntil(lambda: page.loaded.level is BoundaryLevel.KECAMATAN
                    and len(page.loaded.figures) == 5, timeout=30000)
    assert len(page.canvas._outlines) == 0 and len(page.canvas.areas()) == 5
    assert sum(row[2] for row in page.legend.rows) == 5
