"""Pengaturan › Pencocokan: the score bands edited in the window, saved through the worker."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from desktop.office.linkage import LinkageTab
from desktop.office.page import PengaturanPage
from models.recon.linkage.bands import Bands, load_bands, save_bands
from tests.conftest import make_window, wait_idle


def _open(qtbot, window) -> LinkageTab:  # type: ignore[no-untyped-def]
    page: PengaturanPage = window.show_page("pengaturan")  # type: ignore[assignment]
    wait_idle(qtbot)
    page.tabs.setCurrentWidget(page.linkage)
    wait_idle(qtbot)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "Pencocokan"
    assert page.linkage.form.isEnabled()
    return page.linkage


def _save(qtbot, tab: LinkageTab) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)


def test_valid_bands_are_saved_and_the_defaults_come_back(qtbot, empty_window, db) -> None:  # type: ignore[no-untyped-def]
    tab = _open(qtbot, empty_window)
    sure, likely = tab.boxes["sure"], tab.boxes["likely"]
    assert (sure.value(), likely.value()) == (14.0, 5.0)
    assert sure.decimals() == 1 and sure.locale().name().startswith("id")
    assert sure.textFromValue(13.5) == "13,5"  # the decimal comma
    sure.setValue(12.5)
    likely.setValue(6)
    _save(qtbot, tab)
    assert tab.status.text().startswith("Tersimpan"), tab.errors.text()
    with db.session() as session:
        stored = load_bands(session)
    assert (stored.sure, stored.likely) == (12.5, 6.0)
    qtbot.mouseClick(tab.defaults_button, Qt.MouseButton.LeftButton)
    assert (sure.value(), likely.value()) == (14.0, 5.0)
    qtbot.keyClick(sure, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves
    wait_idle(qtbot)
    assert tab.status.text().startswith("Tersimpan")
    with db.session() as session:
        assert replace(load_bands(session), version_id=0) == Bands()


def test_likely_not_below_sure_is_refused_at_its_field(qtbot, empty_window, db) -> None:  # type: ignore[no-untyped-def]
    tab = _open(qtbot, empty_window)
    tab.boxes["likely"].setValue(14)
    _save(qtbot, tab)
    assert tab.status.text() == "Belum tersimpan."
    assert "lebih kecil dari batas pasti" in tab.errors.text()
    assert tab.boxes["likely"].property("invalid") is True
    assert tab.boxes["sure"].property("invalid") is False
    with db.session() as session:
        assert load_bands(session).version_id == 0  # nothing stored
    tab.boxes["likely"].setValue(4)  # corrected, saved; the mark goes
    _save(qtbot, tab)
    assert tab.status.text().startswith("Tersimpan")
    assert tab.boxes["likely"].property("invalid") is False


def test_a_stale_save_is_refused_and_overwrites_nothing(qtbot, empty_window, db, dialogs  # type: ignore[no-untyped-def]
                                                        ) -> None:
    tab = _open(qtbot, empty_window)
    with db.session() as session:  # another PC saves after this tab was read
        save_bands(session, Bands(sure=16, likely=7))
    tab.boxes["sure"].setValue(10)
    _save(qtbot, tab)
    assert tab.status.text() == "Belum tersimpan."
    assert any("diubah di komputer lain" in text for _t, text, _d in dialogs.errors)
    with db.session() as session:
        assert (load_bands(session).sure, load_bands(session).likely) == (16, 7)
    tab.load()  # reloaded, the other PC's bands show and may be changed
    wait_idle(qtbot)
    assert tab.boxes["sure"].value() == 16


def test_only_the_settings_page_edits_them(qtbot, db, settings_file, dialogs) -> None:  # type: ignore[no-untyped-def]
    from models.access import Actor
    from models.schema.users import UserRole

    for role in (UserRole.SUPERVISOR, UserRole.STAF):
        window = make_window(qtbot, db.acting_as(Actor("u", "U", role)), settings_file,
                             dialogs)
        assert not any(isinstance(p, PengaturanPage) for p in window.pages)
        assert not window.findChildren(LinkageTab)
        window.close()
