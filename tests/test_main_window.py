"""The main window on the demo city: every page shows real data; state is remembered."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt

from desktop.areas.page import WilayahPage
from desktop.office.page import PengaturanPage
from tests.conftest import make_window, wait_idle


def click_nav(qtbot, window, row: int) -> None:  # type: ignore[no-untyped-def]
    nav = window.navigation
    rect = nav.visualItemRect(nav.item(row))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_every_page_is_reachable_and_shows_data(qtbot, demo_window) -> None:  # type: ignore[no-untyped-def]
    expected_titles = ["Beranda", "Wilayah", "Petugas", "Penugasan", "Impor", "Rekonsiliasi",
                       "Progres", "Kualitas", "Laporan", "Kepatuhan ASN", "Surat", "Peta",
                       "Pengaturan", "Admin"]
    assert [p.title for p in demo_window.pages] == expected_titles
    for row in range(len(expected_titles)):
        click_nav(qtbot, demo_window, row)
        assert demo_window.stack.currentIndex() == row
        assert demo_window.current_page().isVisible()
    wait_idle(qtbot)  # each page read its rows in the background when first shown

    pages = {p.key: p for p in demo_window.pages}
    wilayah: WilayahPage = pages["wilayah"]  # type: ignore[assignment]
    assert wilayah.model.rowCount() == 5 and not wilayah.empty.isVisible()
    assert "52 kelurahan/desa" in wilayah.summary.text()
    assert pages["petugas"].model.rowCount() == 378
    penugasan = pages["penugasan"]
    assert penugasan.kecamatan.currentText().startswith("6371010 Banjarmasin Selatan")
    assert penugasan.tree_model.rowCount() == 12  # its kelurahan
    assert "belum ditugaskan" in penugasan.counts.text()
    assert 0 < penugasan.team_model.rowCount() < 54  # only this kecamatan's teams
    assert pages["impor"].model.rowCount() == 2  # SP Online and the field results
    # read in the background: the five kecamatan with the demo's first matching run
    qtbot.waitUntil(lambda: pages["rekonsiliasi"].summary_model.rowCount() == 5, timeout=5_000)
    qtbot.waitUntil(lambda: pages["progres"].model.rowCount() == 5, timeout=10_000)
    assert "target 20 %" in pages["progres"].total.text()
    qtbot.waitUntil(lambda: pages["asn"].agency_model.rowCount() == 12, timeout=10_000)
    assert "1.660 ASN" in pages["asn"].summary.text()
    assert pages["surat"].model.rowCount() == 0
    assert "Belum ada surat" in pages["surat"].summary.text()
    profile: PengaturanPage = pages["pengaturan"]  # type: ignore[assignment]
    assert profile.edits["office_name"].text() == "Badan Pusat Statistik Kota Banjarmasin"
    assert profile.nip_preview.text() == "19730512 199602 1 001"


def test_area_tree_loads_children_when_opened(qtbot, demo_window) -> None:  # type: ignore[no-untyped-def]
    page: WilayahPage = demo_window.show_page("wilayah")  # type: ignore[assignment]
    wait_idle(qtbot)
    model = page.model
    selatan = model.index(0, 0, QModelIndex())
    assert model.data(selatan) == "Banjarmasin Selatan"
    assert model.rowCount(selatan) == 0 and model.canFetchMore(selatan)
    page.tree.expand(selatan)
    qtbot.waitUntil(lambda: model.rowCount(selatan) == 12)
    kelayan = model.index(0, 0, selatan)
    assert model.data(model.index(0, 2, selatan)) == "63.71.01.1001"
    page.tree.expand(kelayan)
    qtbot.waitUntil(lambda: model.rowCount(kelayan) > 0)
    assert model.data(model.index(0, 0, kelayan)) == "RT 001"


def test_keyboard_switches_pages_and_filters(qtbot, demo_window) -> None:  # type: ignore[no-untyped-def]
    demo_window.activateWindow()
    qtbot.keyClick(demo_window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert demo_window.current_page().key == "progres"
    qtbot.keyClick(demo_window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = demo_window.current_page()
    assert page.key == "petugas"
    wait_idle(qtbot)
    qtbot.keyClicks(page.search, "Banjarmasin Utara")
    utara = page.proxy.rowCount()
    assert 0 < utara < page.model.rowCount()
    page.role_filter.setCurrentIndex(page.role_filter.findText("Koseka"))
    assert page.proxy.rowCount() == 1


def test_status_bar_names_the_database(demo_window, demo_db) -> None:  # type: ignore[no-untyped-def]
    """By the file's name only (the folder is in the tooltip and in Pengaturan)."""
    text = demo_window.db_label.text()
    assert demo_window.db_label.toolTip() == demo_db.description
    if demo_db.is_sqlite:
        assert text == f"Database: SQLite — {demo_db.sqlite_path.name}"
        assert str(demo_db.sqlite_path.parent) not in text
    else:
        assert text == f"Database: {demo_db.description}"


def test_window_size_and_last_page_are_remembered(qtbot, demo_db, settings_file: Path,  # type: ignore[no-untyped-def]
                                                  dialogs) -> None:
    first = make_window(qtbot, demo_db, settings_file, dialogs)
    first.resize(790, 707)  # the offscreen screen is 800 × 800
    first.show_page("progres")
    first.close()
    second = make_window(qtbot, demo_db, settings_file, dialogs)
    assert second.current_page().key == "progres"
    assert (second.width(), second.height()) == (790, 707)
    wait_idle(qtbot)  # both windows' loads back before the shared database is used again
