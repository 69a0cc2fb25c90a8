"""Pengaturan › Surat › Logo kop surat: picked from a file, saved by the worker at once,
previewed; a refused file is explained and changes nothing; typing in the form survives."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.dialogs import Dialogs
from desktop.office.page import PengaturanPage
from models.office.logo import get_logo, set_logo
from tests.conftest import FakeDialogs, wait_idle
from tests.logo_images import emblem, encoded


@pytest.fixture
def page(qtbot, empty_window) -> PengaturanPage:  # type: ignore[no-untyped-def]
    shown: PengaturanPage = empty_window.show_page("pengaturan")  # type: ignore[assignment]
    wait_idle(qtbot)
    return shown


class FileDialogs(FakeDialogs):
    """Messages recorded, but the file picker is the app's own, over QFileDialog."""

    open_file = Dialogs.open_file


def _answer_file_dialog(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """QFileDialog answers `path`; returns the filters it was asked with."""
    filters: list[str] = []

    def answer(_parent, _title, _folder, wanted):  # type: ignore[no-untyped-def]
        filters.append(wanted)
        return str(path), wanted

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(answer))
    return filters


def test_a_picked_logo_is_saved_at_once_and_previewed(qtbot, page, db, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    assert page.logo.preview.pixmap().isNull() and "tanpa logo" in page.logo.note.text()
    assert not page.logo.clear_button.isEnabled()
    path = tmp_path / "Logo BPS.png"
    path.write_bytes(encoded(emblem(900)))
    page.edits["city"].setText("Banjarmasin")  # typed, not saved: the logo leaves it alone
    filters = _answer_file_dialog(monkeypatch, path)
    page.logo.dialogs = FileDialogs()
    qtbot.mouseClick(page.logo.pick_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert filters == ["Gambar PNG atau JPEG (*.png *.jpg *.jpeg)"]
    assert page.logo.dialogs.errors == []
    with db.session() as session:
        stored = get_logo(session)
    assert stored is not None and stored.info.file_name == "Logo BPS.png"
    assert (stored.width_px, stored.height_px) == (600, 600)
    preview = page.logo.preview.pixmap()
    assert not preview.isNull() and max(preview.width(), preview.height()) <= 72
    assert preview.toImage().pixelColor(preview.width() // 5, preview.height() // 2).blue() > 120
    assert "Logo BPS.png" in page.logo.note.text() and "600 × 600 piksel" in page.logo.note.text()
    assert page.edits["city"].text() == "Banjarmasin"
    assert page.logo.clear_button.isEnabled()


def test_a_refused_file_is_explained_and_the_stored_logo_stays(qtbot, page, db, dialogs,  # type: ignore[no-untyped-def]
                                                               tmp_path: Path) -> None:
    with db.session() as session:
        set_logo(session, encoded(emblem(200)), file_name="resmi.png")
    page.load()
    wait_idle(qtbot)
    assert not page.logo.preview.pixmap().isNull()
    dialogs.path = tmp_path / "animasi.gif"
    dialogs.path.write_bytes(encoded(emblem(200), "GIF"))
    qtbot.mouseClick(page.logo.pick_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert len(dialogs.errors) == 1
    assert "animasi.gif bukan gambar PNG atau JPEG" in dialogs.errors[0][1]
    with db.session() as session:
        stored = get_logo(session)
    assert stored is not None and stored.info.file_name == "resmi.png"
    assert "resmi.png" in page.logo.note.text() and page.logo.pick_button.isEnabled()


def test_removing_the_logo_asks_first(qtbot, page, db, dialogs) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        set_logo(session, encoded(emblem(200)), file_name="resmi.png")
    page.load()
    wait_idle(qtbot)
    dialogs.answer = False
    qtbot.mouseClick(page.logo.clear_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert dialogs.questions and "Hapus logo dari kop surat?" in dialogs.questions[0]
    with db.session() as session:
        assert get_logo(session) is not None
    dialogs.answer = True
    qtbot.mouseClick(page.logo.clear_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    with db.session() as session:
        assert get_logo(session) is None
    assert page.logo.preview.pixmap().isNull() and not page.logo.clear_button.isEnabled()
