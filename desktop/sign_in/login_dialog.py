"""Masuk: name and password; any refusal shows the same words and waits before the next try."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
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
from models.accounts.auth import Login, LoginFailed
from models.errors import KendaliError


class LoginDialog(QDialog):
    def __init__(self, attempt: Callable[[str, str], Login], database: str,
                 last_username: str = "", hint: str = "", parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Masuk — Kendali Sensus")
        self.attempt = attempt
        self.login: Login | None = None
        self._wait = 0
        layout = QVBoxLayout(self)
        title = QLabel("<b>Kendali Sensus</b><br>Masuk dengan akun Anda.")
        layout.addWidget(title)
        form = QFormLayout()
        self.username = QLineEdit(last_username)
        self.username.setPlaceholderText("nama pengguna")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Nama pengguna", self.username)
        form.addRow("Kata sandi", self.password)
        layout.addLayout(form)
        self.message = FormMessage()
        layout.addWidget(self.message)
        if hint:
            note = QLabel(hint)
            note.setObjectName("pageHint")
            note.setWordWrap(True)
            layout.addWidget(note)
        where = QLabel(f"Database: {database}")
        where.setObjectName("pageHint")
        where.setWordWrap(True)
        layout.addWidget(where)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Masuk")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Batal")
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        (self.password if last_username else self.username).setFocus()
        self.setMinimumWidth(420)

    def try_login(self) -> None:
        if self._wait > 0:
            return
        try:
            self.login = self.attempt(self.username.text(), self.password.text())
        except LoginFailed as failed:
            self._refuse(failed.message, int(failed.retry_after + 0.999))
            return
        except KendaliError as error:
            self._refuse(error.message, 0)
            return
        self.accept()

    def _refuse(self, text: str, wait: int) -> None:
        self.password.clear()
        self.password.setFocus()
        self._text = text
        self._wait = wait
        self._show()
        if wait > 0:
            self.ok.setEnabled(False)
            self.timer.start()

    def _show(self) -> None:
        extra = f"\nCoba lagi dalam {self._wait} detik." if self._wait > 0 else ""
        self.message.say(self._text + extra)
        # Room for the message's lines, at the same width: the dialog never jumps sideways.
        layout = self.layout()
        self.resize(self.width(), max(self.height(), layout.totalHeightForWidth(self.width())))

    def _tick(self) -> None:
        self._wait -= 1
        self._show()
        if self._wait <= 0:
            self.timer.stop()
            self.ok.setEnabled(True)
