"""Asking the PostgreSQL server's password at start, when neither keyring nor environment has it."""
from __future__ import annotations

import os

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.dialogs import Dialogs, ok_cancel

KEEP = ("Simpan di pengelola kata sandi Windows" if os.name == "nt"
        else "Simpan di pengelola kata sandi sistem")


class ServerPasswordDialog(QDialog):
    """The password of one server account; kept in the credential store only when ticked."""

    def __init__(self, where: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kata sandi server")
        layout = QVBoxLayout(self)
        intro = QLabel(f"Database kantor ada di server PostgreSQL {where}. Ketik kata sandi "
                       "akun server itu untuk membukanya.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Kata sandi", self.password)
        layout.addLayout(form)
        self.keep = QCheckBox(KEEP)
        self.keep.setToolTip("Kata sandi disimpan oleh sistem operasi (bukan di berkas), jadi "
                             "tidak ditanyakan lagi pada pembukaan berikutnya di PC ini.")
        layout.addWidget(self.keep)
        self.buttons = ok_cancel(self, "Hubungkan")
        self.connect_button = next(
            b for b in self.buttons.buttons()
            if self.buttons.buttonRole(b) is QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(self.buttons)
        self.password.textChanged.connect(
            lambda text: self.connect_button.setEnabled(bool(text)))
        self.connect_button.setEnabled(False)
        self.password.setFocus()
        self.setMinimumWidth(420)


class ServerPasswordPrompt:
    """The `ask` of `config.choose_url` for the window: the dialog goes through the app's
    Dialogs (tests answer it), and whether the user asked to keep the password is noted."""

    def __init__(self, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        self.dialogs, self.parent = dialogs, parent
        self.keep = False

    def __call__(self, where: str) -> str | None:
        dialog = ServerPasswordDialog(where, self.parent)
        if not self.dialogs.run(dialog):
            return None
        self.keep = dialog.keep.isChecked()
        return dialog.password.text() or None
