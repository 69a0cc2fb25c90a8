"""Ganti kata sandi: the user's own, asked again first; forced after an admin set it."""
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

from desktop.form_message import FormMessage
from models.accounts.auth import MIN_PASSWORD
from models.errors import KendaliError


class PasswordDialog(QDialog):
    """`change(old, new)` stores it or raises; `ask_old=False` when an admin sets one."""

    def __init__(self, change: Callable[[str, str], None], intro: str, ask_old: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kata sandi")
        self.change = change
        layout = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.old = QLineEdit()
        self.new = QLineEdit()
        self.new.setPlaceholderText(f"minimal {MIN_PASSWORD} karakter, huruf dan angka")
        self.repeat = QLineEdit()
        for field in (self.old, self.new, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        if ask_old:
            form.addRow("Kata sandi sekarang", self.old)
        form.addRow("Kata sandi baru", self.new)
        form.addRow("Ulangi kata sandi baru", self.repeat)
        layout.addLayout(form)
        self.message = FormMessage()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Simpan")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Batal")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.old if ask_old else self.new).setFocus()
        self.setMinimumWidth(400)

    def submit(self) -> None:
        if self.new.text() != self.repeat.text():
            self.message.say("Kedua kata sandi baru tidak sama.")
            return
        try:
            self.change(self.old.text(), self.new.text())
        except KendaliError as error:
            self.message.say(error.message)
            return
        self.accept()
