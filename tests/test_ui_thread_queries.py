"""No query on the UI thread: every page load, edit and undo goes through the background worker.

A statement run on the Qt main thread freezes the window for as long as the database takes
(seconds on a province or a busy server). The engine reports every statement with the thread
that runs it; after the window is open none may come from the main thread. Signing in happens
before the window (desktop/sign_in/flow.py) and stays on the main thread by design; this test
builds the window for an already signed-in user, as desktop.app does after the sign-in.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex
from sqlalchemy import event

from desktop.admin.page import AdminPage
from desktop.areas.dialogs import RenameDialog
from desktop.areas.page import WilayahPage
from desktop.assignment.page import PenugasanPage
from desktop.office.page import PengaturanPage
from desktop.officers.page import PetugasPage
from models.store.db import Database
from tests.conftest import FakeDialogs, make_window, wait_idle, with_demo


@pytest.fixture
def demo_copy(db: Database, demo_sqlite_file: Path, request: pytest.FixtureRequest) -> Database:
    """The demo city in a database of this test's own: the test writes."""
    return with_demo(db, demo_sqlite_file, request)


@pytest.fixture
def main_thread_statements(demo_copy: Database) -> Iterator[list[str]]:
    main = threading.main_thread()
    seen: list[str] = []

    def record(_conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
        if threading.current_thread() is main:
            seen.append(statement.split("\n")[0][:120])

    event.listen(demo_copy.engine, "before_cursor_execute", record)
    yield seen
    event.remove(demo_copy.engine, "before_cursor_execute", record)


def test_no_statement_runs_on_the_ui_thread(qtbot, demo_copy: Database,  # type: ignore[no-untyped-def]
                                            main_thread_statements: list[str],
                                            settings_file: Path, dialogs: FakeDialogs) -> None:
    window = make_window(qtbot, demo_copy, settings_file, dialogs)
    wait_idle(qtbot)
    for page in window.pages:  # every page, and every tab of the admin page
        window.show_page(page.key)
        wait_idle(qtbot)
        if isinstance(page, AdminPage):
            for tab in range(page.tabs.count()):
                page.tabs.setCurrentIndex(tab)
                wait_idle(qtbot)

    # an edit through Page.apply_edit: rename a kecamatan in Wilayah
    wilayah: WilayahPage = window.show_page("wilayah")  # type: ignore[assignment]
    wait_idle(qtbot)
    wilayah.tree.setCurrentIndex(wilayah.model.index(0, 0, QModelIndex()))

    def rename(dialog) -> bool:  # type: ignore[no-untyped-def]
        if isinstance(dialog, RenameDialog):
            dialog.name.setText("Banjarmasin Selatan Baru")
        return True

    dialogs.fill = rename
    wilayah.rename()
    wait_idle(qtbot)
    assert wilayah.model.data(wilayah.model.index(0, 0, QModelIndex())) == \
        "Banjarmasin Selatan Baru"
    wilayah.tree.expand(wilayah.model.index(0, 0, QModelIndex()))  # children load lazily
    qtbot.waitUntil(lambda: wilayah.model.rowCount(wilayah.model.index(0, 0)) > 0)

    # an officer's form read before it opens, and the save
    petugas: PetugasPage = window.show_page("petugas")  # type: ignore[assignment]
    wait_idle(qtbot)
    petugas.view.setCurrentIndex(petugas.proxy.index(0, 0))
    dialogs.fill = None
    petugas.edit()
    wait_idle(qtbot)

    # assign, undo and redo on Penugasan; its history
    penugasan: PenugasanPage = window.show_page("penugasan")  # type: ignore[assignment]
    wait_idle(qtbot)
    kelurahan = penugasan.tree_model.index(0, 0)
    penugasan.tree.expand(kelurahan)
    penugasan.tree.selectionModel().select(
        penugasan.tree_model.index(0, 0, kelurahan),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    penugasan.ppl_view.setCurrentIndex(penugasan.ppl_proxy.index(0, 0))
    penugasan.assign_selected()
    wait_idle(qtbot)
    assert penugasan.undo_stack.count() == 1 and penugasan.undo_action.isEnabled()
    penugasan.undo_stack.undo()
    wait_idle(qtbot)
    assert penugasan.redo_action.isEnabled()
    penugasan.undo_stack.redo()
    wait_idle(qtbot)
    assert penugasan.undo_stack.index() == 1
    penugasan.show_history()
    wait_idle(qtbot)

    # the office profile saved
    pengaturan: PengaturanPage = window.show_page("pengaturan")  # type: ignore[assignment]
    wait_idle(qtbot)
    pengaturan.save()
    wait_idle(qtbot)
    assert pengaturan.status.text() == "Tersimpan."

    assert not dialogs.errors
    assert main_thread_statements == [], "queries on the UI thread:\n" + "\n".join(
        dict.fromkeys(main_thread_statements))
