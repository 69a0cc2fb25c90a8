"""Beranda: the first page; its figures read in the background, each tile and row opening
the page with the details."""
from __future__ import annotations

import threading

from PySide6.QtCore import Qt

import desktop.home.page
from desktop.home.page import BerandaPage
from desktop.home.table import BEHIND
from desktop.table_model import WARN
from models.formatting import format_date, format_number
from models.overview.home import home_figures
from tests.conftest import make_window, wait_idle
from tests.test_home_figures import _schedule, d, office

__all__ = ["office"]  # the fixture, imported for its use here


def _beranda(qtbot, window) -> BerandaPage:  # type: ignore[no-untyped-def]
    page = window.current_page()
    assert isinstance(page, BerandaPage)  # the first page of a new user
    qtbot.waitUntil(lambda: page.figures is not None, timeout=20000)
    return page


def test_the_first_page_shows_the_office_figures(qtbot, demo_window, demo_db) -> None:  # type: ignore[no-untyped-def]
    assert demo_window.navigation.item(0).text() == "Beranda"
    page = _beranda(qtbot, demo_window)
    with demo_db.session() as session:
        figures = home_figures(session)
    assert figures.day is not None and figures.sls_total > 0
    assert page.as_of.text() == f"Keadaan per {format_date(figures.day)}"
    tiles = page.tiles
    assert tiles["target"].value.text() == format_number(figures.field_target)
    assert tiles["found"].value.text() == format_number(figures.households_found)
    assert tiles["ppl"].value.text() == (f"{format_number(figures.ppl_active_today)} / "
                                         f"{format_number(figures.ppl_total)}")
    assert tiles["unassigned"].value.text() == format_number(figures.sls_unassigned)
    assert tiles["reviews"].value.text() == format_number(figures.open_reviews)
    assert page.model.rowCount() == len(figures.behind) and not page.empty.isVisible()


def test_the_quality_tile_counts_the_officers_flags_and_opens_kualitas(  # type: ignore[no-untyped-def]
        qtbot, demo_window, demo_db) -> None:
    """Issue 22: the quality alerts are the flags of the Kualitas page, read apart from the
    other figures (the first count reads every field person)."""
    from models.quality.officers import flag_count, quality_rows

    page = _beranda(qtbot, demo_window)
    with demo_db.session() as session:
        flags = flag_count(session)
        assert flags == sum(len(row.flags) for row in quality_rows(session))
    tile = page.tiles["quality"]
    qtbot.waitUntil(lambda: tile.value.text() == format_number(flags), timeout=20_000)
    assert flags > 0 and tile.property("tone") == "far"
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert demo_window.current_page().key == "kualitas"
    wait_idle(qtbot)


def test_tiles_open_their_pages_by_mouse_and_keyboard(qtbot, demo_window) -> None:  # type: ignore[no-untyped-def]
    page = _beranda(qtbot, demo_window)
    qtbot.mouseClick(page.tiles["unassigned"], Qt.MouseButton.LeftButton)
    assert demo_window.current_page().key == "penugasan"
    demo_window.show_page("beranda")
    tile = page.tiles["reviews"]
    assert tile.focusPolicy() == Qt.FocusPolicy.StrongFocus
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_Return)
    assert demo_window.current_page().key == "rekonsiliasi"
    demo_window.show_page("beranda")
    qtbot.keyClick(page.tiles["ppl"], Qt.Key.Key_Space)
    assert demo_window.current_page().key == "petugas"
    demo_window.show_page("beranda")
    qtbot.keyClick(page.tiles["target"], Qt.Key.Key_A)  # any other key does nothing
    assert demo_window.current_page().key == "beranda"
    wait_idle(qtbot)


def test_behind_rows_coloured_and_opening_progres(qtbot, db, office, settings_file,  # type: ignore[no-untyped-def]
                                                  dialogs) -> None:
    _schedule(db, office)
    window = make_window(qtbot, db, settings_file, dialogs)
    page = _beranda(qtbot, window)
    assert page.as_of.text() == f"Keadaan per {format_date(d(10))}"
    tiles = page.tiles
    assert (tiles["found"].value.text(), tiles["expected"].value.text()) == ("30", "38")
    assert tiles["schedule"].value.text() == "Tidak"
    assert tiles["schedule"].detail.text() == "Tertinggal: kurang 8 ruta (11,4 poin)"
    assert tiles["schedule"].property("tone") == "behind"
    assert tiles["ppl"].value.text() == "2 / 4"
    assert tiles["unassigned"].detail.text() == "dari 5 SLS"
    model = page.model
    assert [model.row_at(r).name for r in range(model.rowCount())] == [
        "Dua", "Satu", "Kel S2", "Kel D1", "Tim 02"]
    assert model.index(0, model.COL_GAP).data() == "13,3 poin"
    background = Qt.ItemDataRole.BackgroundRole
    assert model.index(0, 0).data(background) == BEHIND  # tertinggal
    assert model.index(2, 0).data(background) == WARN  # jauh tertinggal
    assert not page.none_behind.isVisible()
    rect = page.view.visualRect(page.proxy.index(2, 1))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page().key == "progres"
    wait_idle(qtbot)


def test_an_empty_office_reads_in_the_background_and_points_to_wilayah(  # type: ignore[no-untyped-def]
        qtbot, db, settings_file, dialogs, monkeypatch) -> None:
    threads: list[threading.Thread] = []

    def recorded(session):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return home_figures(session)

    monkeypatch.setattr(desktop.home.page, "home_figures", recorded)
    window = make_window(qtbot, db, settings_file, dialogs)
    page = window.current_page()
    assert isinstance(page, BerandaPage)
    qtbot.waitUntil(lambda: page.figures is not None and not page.loading, timeout=20000)
    assert threads and threading.main_thread() not in threads
    assert page.as_of.text() == "Belum ada isian online atau hasil lapangan."
    assert page.empty.isVisible() and page.none_behind.isVisible()
    assert page.tiles["schedule"].value.text() == "–"
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert window.current_page().key == "wilayah"
    wait_idle(qtbot)
