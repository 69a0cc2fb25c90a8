"""Message boxes and Qt's own buttons speak Indonesian: no OK, Yes, No, Close or Show Details."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from desktop.dialogs import Dialogs
from desktop.qt_texts import install

ENGLISH = {"OK", "&OK", "Cancel", "Yes", "&Yes", "No", "&No", "Close", "Show Details..."}


@pytest.fixture
def shown_boxes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[QMessageBox]]:
    """Each box is recorded instead of shown; the button named in `press` is clicked."""
    boxes: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        boxes.append(box)
        wanted = getattr(fake_exec, "press", "")
        for button in box.buttons():
            if button.text() == wanted:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    yield boxes


def _texts(box: QMessageBox) -> list[str]:
    return [button.text() for button in box.buttons()]


def test_questions_answer_ya_or_tidak_with_tidak_as_default(qtbot, shown_boxes) -> None:  # type: ignore[no-untyped-def]
    dialogs = Dialogs()
    assert dialogs.ask(None, "Batalkan batch", "Batalkan batch #3?") is False  # closed
    [box] = shown_boxes
    assert sorted(_texts(box)) == ["Tidak", "Ya"]
    assert box.defaultButton().text() == "Tidak" and box.escapeButton().text() == "Tidak"
    QMessageBox.exec.press = "Ya"  # type: ignore[attr-defined]
    try:
        assert dialogs.ask(None, "Batalkan batch", "Batalkan batch #3?") is True
    finally:
        QMessageBox.exec.press = ""  # type: ignore[attr-defined]


def test_information_and_errors_close_with_tutup(qtbot, shown_boxes) -> None:  # type: ignore[no-untyped-def]
    dialogs = Dialogs()
    dialogs.inform(None, "Ekspor selesai", "12 baris ditulis.")
    dialogs.show_error(None, RuntimeError("disk I/O error"))
    info, error = shown_boxes
    assert _texts(info) == ["Tutup"]
    assert "Tutup" in _texts(error) and error.detailedText() == "RuntimeError: disk I/O error"
    # the detail button's own text comes from desktop/qt_texts.py (the next test)


def test_qt_standard_texts_are_translated_once_installed(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = install(app)
    try:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close
                                   | QDialogButtonBox.StandardButton.Cancel)
        assert sorted(b.text() for b in buttons.buttons()) == ["Batal", "Tutup"]
        box = QMessageBox(QMessageBox.Icon.Critical, "Kendali Sensus", "Gagal.")
        box.setDetailedText("rincian")
        assert "Tampilkan rincian…" in _texts(box)
        assert app.translate("QMessageBox", "Unlisted text") == "Unlisted text"
    finally:
        app.removeTranslator(translator)
