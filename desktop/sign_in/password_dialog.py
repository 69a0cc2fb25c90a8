"""Ganti kata sandi: the user's own, asked again first; forced after an admin set it."""
from __future__ import annotations

import logging
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

from desktop.tasks import in_background
from desktop.widgets import FormMessage
from models.accounts.auth import MIN_PASSWORD
from models.errors import KendaliError
from models.store.errors import database_error

log = logging.getLogger(__name__)


class PasswordDialog(QDialog):
    """`change(old, new)` stores it or raises; `ask_old=False` when an admin sets one.

    From the open window `background=True` runs it in the write thread (hashing a password
    and saving it must not freeze the window); before the window, at sign-in, it runs here.
    """

    def __init__(self, change: Callable[[str, str], None], intro: str, ask_old: bool = True,
                 parent: QWidget | None = None, *, background: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kata sandi")
        self.change = change
        self.background = background
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
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText("Simpan")
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
        old, new = self.old.text(), self.new.text()
        if not self.background:
            try:
                self.change(old, new)
            except KendaliError as error:
                self.message.say(error.message)
                return
            self.accept()
            return
        self.save_button.setEnabled(False)  # one save at a time
        in_background(self, lambda: self.change(old, new), lambda _r: self.accept(),
                      self._refused, write=True)

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        error = database_error(error) or error
        if isinstance(error, KendaliError):
            self.message.say(error.message)
        else:
            log.error("password not changed", exc_info=error)
            self.message.say("Kata sandi tidak tersimpan karena kesalahan tak terduga; "
                             "rinciannya tercatat di berkas log.")
