"""The first run: the database has no account yet, so its first admin is made here."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets import FormMessage
from models.access import Actor
from models.accounts.auth import MIN_PASSWORD
from models.errors import KendaliError


class FirstAdminDialog(QDialog):
    def __init__(self, create: Callable[[str, str, str], Actor], database: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Admin pertama — Kendali Sensus")
        self.create = create
        self.actor: Actor | None = None
        layout = QVBoxLayout(self)
        intro = QLabel("<b>Database ini belum punya pengguna.</b><br>Buat akun admin kantor. "
                       "Admin mengelola pengguna, pengaturan, cadangan dan pemulihan; akun "
                       "supervisor dan staf dibuat admin di halaman Admin.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.username = QLineEdit("admin")
        self.full_name = QLineEdit()
        self.full_name.setPlaceholderText("nama pemegang akun")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"minimal {MIN_PASSWORD} karakter, huruf dan angka")
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Nama pengguna", self.username)
        form.addRow("Nama lengkap", self.full_name)
        form.addRow("Kata sandi", self.password)
        form.addRow("Ulangi kata sandi", self.repeat)
        layout.addLayout(form)
        self.message = FormMessage()
        layout.addWidget(self.message)
        where = QLabel(f"Database: {database}")
        where.setObjectName("pageHint")
        layout.addWidget(where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Buat admin")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Batal")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.full_name.setFocus()
        self.setMinimumWidth(420)

    def submit(self) -> None:
        if self.password.text() != self.repeat.text():
            self.message.say("Kedua kata sandi tidak sama.")
            return
        try:
            self.actor = self.create(self.username.text(), self.full_name.text(),
                                     self.password.text())
        except KendaliError as error:
            self.message.say(error.message)
            return
        self.accept()
