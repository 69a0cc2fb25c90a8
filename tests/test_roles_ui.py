"""Roles through the window: what each role sees, signing in, and the admin's page."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.admin.user_dialog import UserDialog
from desktop.sign_in.login_dialog import LoginDialog
from models.access import SYSTEM, Actor
from models.accounts.auth import authenticate, create_first_admin
from models.schema.users import UserRole
from models.sheets.reading import iter_rows
from models.store.db import Database
from tests.builders import SmallCity, set_office_codes
from tests.conftest import FakeDialogs, make_window


def _city(db: Database) -> SmallCity:
    with db.session() as session:
        set_office_codes(session)
        return SmallCity(session)


def _window_as(qtbot, db: Database, role: UserRole, settings_file: Path,  # type: ignore[no-untyped-def]
               dialogs: FakeDialogs):
    return make_window(qtbot, db.acting_as(Actor(role.value, role.value, role)), settings_file,
                       dialogs)


def test_staf_sees_data_but_not_the_tools_of_other_roles(qtbot, db, settings_file,  # type: ignore[no-untyped-def]
                                                        dialogs) -> None:
    _city(db)
    window = _window_as(qtbot, db, UserRole.STAF, settings_file, dialogs)
    keys = [p.key for p in window.pages]
    assert "pengaturan" not in keys and "admin" not in keys
    assert "Staf" in window.user_label.text()
    impor = window.show_page("impor")
    assert impor.online_button.isVisible() and not impor.rollback_button.isVisible()
    petugas = window.show_page("petugas")
    qtbot.waitUntil(lambda: petugas.model.rowCount() == 4)
    niks = {petugas.model.index(r, petugas.model.COL_NIK).data()
            for r in range(petugas.model.rowCount())}
    assert all("**********" in nik for nik in niks)  # masked for staf
    wilayah = window.show_page("wilayah")
    assert not wilayah.rename_button.isVisible() and not wilayah.import_button.isVisible()
    penugasan = window.show_page("penugasan")
    assert not penugasan.assign_button.isVisible() and not penugasan.koseka.isEnabled()
    rekon = window.show_page("rekonsiliasi")
    assert rekon.run_button.isVisible() and not rekon.undo_button.isVisible()
    assert not any(b.isVisible() for b in rekon.action_buttons.values())
    assert not window.show_page("surat").new_button.isVisible()


def test_supervisor_assigns_and_writes_letters_but_has_no_admin_page(  # type: ignore[no-untyped-def]
        qtbot, db, settings_file, dialogs) -> None:
    _city(db)
    window = _window_as(qtbot, db, UserRole.SUPERVISOR, settings_file, dialogs)
    assert "admin" not in [p.key for p in window.pages]
    assert window.show_page("penugasan").assign_button.isVisible()
    assert window.show_page("impor").rollback_button.isVisible()
    assert window.show_page("surat").new_button.isVisible()
    petugas = window.show_page("petugas")
    qtbot.waitUntil(lambda: petugas.model.rowCount() == 4)
    assert "*" not in petugas.model.index(0, petugas.model.COL_NIK).data()


def test_login_dialog_slows_a_wrong_password_then_signs_in(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    with db.acting_as(SYSTEM).session() as session:
        create_first_admin(session, "admin", "Kepala", "rahasia123")

    def attempt(name: str, password: str):  # type: ignore[no-untyped-def]
        with db.session() as session:
            return authenticate(session, name, password)

    dialog = LoginDialog(attempt, db.description, "admin")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "keliru123")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "salah" in dialog.message.text() and not dialog.ok.isEnabled()
    assert dialog.password.text() == ""
    qtbot.waitUntil(dialog.ok.isEnabled, timeout=3_000)  # after the one-second wait
    qtbot.keyClicks(dialog.password, "rahasia123")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.login is not None and dialog.login.actor.username == "admin"


def test_admin_adds_a_user_sees_it_in_the_log_and_backs_up(qtbot, db, settings_file,  # type: ignore[no-untyped-def]
                                                           dialogs, tmp_path) -> None:
    window = make_window(qtbot, db, settings_file, dialogs)
    page = window.show_page("admin")

    def fill(dialog: UserDialog) -> bool:
        dialog.username.setText("budi")
        dialog.full_name.setText("Budi Santoso")
        dialog.role.setCurrentIndex(2)  # staf
        dialog.password.setText("awal1234")
        return True

    dialogs.fill = fill
    window.activateWindow()  # offscreen, activation arrives on a later turn of the loop
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Tambah pengguna
    qtbot.waitUntil(lambda: bool(dialogs.infos))  # a button shortcut clicks after 100 ms
    assert not dialogs.errors, dialogs.errors
    assert "Akun 'budi' dibuat" in dialogs.infos[-1][1]
    qtbot.waitUntil(lambda: page.users.model.rowCount() == 1)
    assert page.users.model.row_at(0).must_change_password
    page.tabs.setCurrentWidget(page.audit)
    qtbot.waitUntil(lambda: page.audit.model.rowCount() >= 1)
    entry = page.audit.model.row_at(0)
    assert (entry.action, entry.entity, entry.username) == ("tambah", "pengguna", "penguji")
    page.audit.view.setCurrentIndex(page.audit.view.model().index(0, 0))
    assert "Budi Santoso" in page.audit.detail.toPlainText()
    dialogs.path = tmp_path / "log-audit.xlsx"
    shown = page.audit.model.rowCount()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # Ekspor
    qtbot.waitUntil(lambda: "entri log audit ditulis" in dialogs.infos[-1][1], timeout=10_000)
    exported = list(iter_rows(dialogs.path))
    assert len(exported) == 1 + shown  # a header and what the viewer showed
    assert any("Budi Santoso" in row[5] for row in exported[1:])
    qtbot.waitUntil(lambda: page.audit.model.row_at(0).action == "ekspor")
    if db.is_sqlite:
        page.tabs.setCurrentWidget(page.backup)
        page.backup.folder.setText(str(tmp_path / "cadangan"))
        page.backup._save_settings()
        qtbot.mouseClick(page.backup.backup_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.backup.files.count() == 1, timeout=10_000)
        copy = tmp_path / "cadangan" / page.backup.files.item(0).text().split()[0]
        assert copy.stat().st_size > 0
        page.backup.confirm_and_restore(copy)
        qtbot.waitUntil(lambda: window.sign_out_requested, timeout=10_000)
        assert "Silakan masuk lagi" in dialogs.infos[-1][1]
