"""Pengingat tim: the teams load in the background, the message copies, the PDF saves."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from sqlalchemy import event

from desktop.progress.reminder_dialog import ReminderDialog
from tests.conftest import make_window, wait_idle
from tests.test_reminders import build


@pytest.fixture
def window(qtbot, db, settings_file, dialogs):  # type: ignore[no-untyped-def]
    with db.session() as session:
        build(session, names={"Budi": "Budi\n*Santoso*"})
    window = make_window(qtbot, db, settings_file, dialogs)
    window.show_page("progres")
    wait_idle(qtbot)
    yield window
    wait_idle(qtbot)


def _dialog(qtbot, window, dialogs) -> ReminderDialog:  # type: ignore[no-untyped-def]
    dialog = ReminderDialog(window.ctx, dialogs, window)
    qtbot.addWidget(dialog)
    wait_idle(qtbot)
    return dialog


def test_the_button_opens_the_dialog(qtbot, window, dialogs) -> None:  # type: ignore[no-untyped-def]
    page = {p.key: p for p in window.pages}["progres"]
    dialogs.fill = lambda dialog: False  # closed at once
    qtbot.mouseClick(page.reminder_button, Qt.MouseButton.LeftButton)
    assert isinstance(dialogs.shown[-1], ReminderDialog)
    assert page.reminder_button.text() == "Pengingat tim…"


def test_lists_the_teams_and_copies_the_message(qtbot, window, dialogs) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, window, dialogs)
    items = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert items == ["Tim 01 — Siti Pengawas (2 perlu diingatkan)", "Tim 02 — Rudi Pengawas",
                     "Koseka Koseka Utara — Kecamatan Banjarmasin Utara (2 perlu diingatkan)"]
    text = dialog.text.toPlainText()
    assert text.startswith("*Tim 01 — PML: Siti Pengawas*\n")
    assert "Jauh tertinggal: Budi Santoso (20 %, target hari ini 60 %)." in text
    assert dialog.text.isReadOnly()
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == text
    dialog.list.setCurrentRow(1)
    assert dialog.text.toPlainText().startswith("*Tim 02 — PML: Rudi Pengawas*")
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text().startswith("*Tim 02")
    assert "disalin" in dialog.note.text()


def test_saves_the_chosen_sheet_as_pdf(qtbot, window, dialogs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, window, dialogs)
    dialog.list.setCurrentRow(1)
    dialogs.path = tmp_path / "tim dua"
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    target = tmp_path / "tim dua.pdf"
    assert dialogs.opened == [target] and not dialogs.errors
    pages = PdfReader(target).pages
    assert len(pages) == 1 and "Rudi Pengawas" in pages[0].extract_text()
    dialogs.path = None  # the picker cancelled: nothing written, nothing opened
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert dialogs.opened == [target]


def test_an_office_without_teams_says_so(qtbot, db, settings_file, dialogs) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, db, settings_file, dialogs)
    dialog = _dialog(qtbot, window, dialogs)
    assert dialog.list.count() == 0 and "Belum ada tim" in dialog.note.text()
    assert not dialog.copy_button.isEnabled() and not dialog.pdf_button.isEnabled()


def test_no_query_on_the_ui_thread(qtbot, db, window, dialogs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    main, seen = threading.main_thread(), []

    def record(_conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
        if threading.current_thread() is main:
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        dialog = _dialog(qtbot, window, dialogs)
        for row in range(dialog.list.count()):
            dialog.list.setCurrentRow(row)
        dialog.copy()
        dialogs.path = tmp_path / "status.pdf"
        dialog.save_pdf()
        wait_idle(qtbot)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert dialogs.opened == [tmp_path / "status.pdf"] and seen == []
