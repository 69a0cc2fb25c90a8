"""Pengguna: the accounts, what each role may do, and the admin's actions on an account."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from desktop.admin.tables import UserTableModel
from desktop.admin.user_dialog import UserDialog
from desktop.context import AppContext
from desktop.dialogs import Dialogs
from desktop.sign_in.password_dialog import PasswordDialog
from desktop.tasks import Reads
from desktop.widgets import fit_columns, make_table
from models.access import ROLE_LABELS, role_summary
from models.accounts.admin import (
    UserRow,
    add_user,
    list_users,
    reset_password,
    unlock,
    update_user,
)
from models.errors import KendaliError

USERS = "users"
# An edit in the write pool; the callback gets its result once saved (Page.apply_edit).
Apply = Callable[[Callable[[Session], object], Callable[[object], None] | None], object]


class UsersTab(QWidget):
    def __init__(self, ctx: AppContext, dialogs: Dialogs,
                 apply: Apply) -> None:
        super().__init__()
        self.ctx, self.dialogs, self.apply = ctx, dialogs, apply
        self.reads = Reads(self, ctx)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.add_button = QPushButton("Tambah pengguna…")
        self.add_button.setShortcut(QKeySequence.StandardKey.New)
        self.add_button.setToolTip("Tambah pengguna (Ctrl+N)")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton("Ubah…")
        self.edit_button.clicked.connect(self.edit)
        self.reset_button = QPushButton("Atur ulang kata sandi…")
        self.reset_button.clicked.connect(self.reset)
        self.unlock_button = QPushButton("Buka kunci")
        self.unlock_button.clicked.connect(self.unlock)
        for button in (self.add_button, self.edit_button, self.reset_button,
                       self.unlock_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model = UserTableModel(self)
        self.view, _ = make_table(self.model, self)
        self.view.doubleClicked.connect(lambda _: self.edit())
        layout.addWidget(self.view, 1)
        roles = QLabel("<br>".join(f"<b>{ROLE_LABELS[role]}</b>: {', '.join(things)}."
                                   for role, things in role_summary().items()))
        roles.setWordWrap(True)
        roles.setObjectName("pageHint")
        layout.addWidget(roles)

    def load(self) -> None:
        self.reads.start(list_users, self._show, self.dialogs)

    def _show(self, rows: list[UserRow]) -> None:
        self.model.set_rows(rows)
        fit_columns(self.view)

    def selected(self) -> UserRow | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.dialogs.inform(self, "Pengguna", "Pilih pengguna di tabel.")
            return None
        proxy = self.view.model()
        return self.model.row_at(proxy.mapToSource(rows[0]).row())  # type: ignore[attr-defined]

    def add(self) -> None:
        dialog = UserDialog(parent=self)
        if not self.dialogs.run(dialog):
            return
        edit, username, password = dialog.edit(), dialog.username.text(), dialog.password.text()
        self.apply(lambda s: add_user(s, username, edit.full_name, nip=edit.nip, role=edit.role,
                                      password=password),
                   lambda _user: self.dialogs.inform(
                       self, "Pengguna", f"Akun '{username.strip().lower()}' dibuat. "
                       "Pemiliknya mengganti kata sandi saat pertama masuk."))

    def edit(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = UserDialog(row, self)
        if self.dialogs.run(dialog):
            edit = dialog.edit()
            self.apply(lambda s: update_user(s, row.id, edit, row.version), None)

    def reset(self) -> None:
        row = self.selected()
        if row is None:
            return

        def change(_old: str, new: str) -> None:
            with self.ctx.db.session() as session:
                reset_password(session, row.id, new)

        dialog = PasswordDialog(change, f"Kata sandi baru untuk '{row.username}'. Pemiliknya "
                                "wajib menggantinya saat masuk berikutnya.", ask_old=False,
                                parent=self, background=True)
        try:
            if self.dialogs.run(dialog):
                self.dialogs.inform(self, "Pengguna", f"Kata sandi '{row.username}' diatur ulang.")
        except KendaliError as error:
            self.dialogs.show_error(self, error)
        self.load()

    def unlock(self) -> None:
        row = self.selected()
        if row is not None:
            self.apply(lambda s: unlock(s, row.id), None)
