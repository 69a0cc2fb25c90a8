"""Asking how an export writes NIK and No. KK: masked (the default) or whole, with a reason."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.dialogs import Dialogs, ok_cancel
from models.audit.nik_disclosure import MIN_REASON


@dataclass(frozen=True)
class NikChoice:
    masked: bool = True
    reason: str = ""


MASKED = NikChoice()


class NikChoiceDialog(QDialog):
    """Masked is chosen; whole numbers need a reason before Ekspor can be pressed."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("NIK dalam ekspor")
        layout = QVBoxLayout(self)
        intro = QLabel(f"Berkas {what} memuat NIK dan No. KK. Bagaimana nomor itu ditulis?")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.masked = QRadioButton("Tersamar (6371**********01) — cukup untuk kebanyakan "
                                   "keperluan")
        self.whole = QRadioButton("Lengkap — dengan alasan, yang dicatat di log audit")
        self.masked.setChecked(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Alasan, mis. permintaan padanan data dari Dukcapil")
        self.reason.setEnabled(False)
        self.reason_hint = QLabel(f"Alasan paling sedikit {MIN_REASON} karakter; dicatat di "
                                  "log audit bersama nama Anda.")
        self.reason_hint.setObjectName("pageHint")
        self.reason_hint.setWordWrap(True)
        for widget in (self.masked, self.whole, self.reason, self.reason_hint):
            layout.addWidget(widget)
        self.buttons = ok_cancel(self, "Ekspor")
        layout.addWidget(self.buttons)
        self.whole.toggled.connect(self._update)
        self.whole.toggled.connect(lambda on: on and self.reason.setFocus())
        self.reason.textChanged.connect(self._update)
        self._update()
        self.setMinimumWidth(520)

    def _update(self) -> None:
        self.reason.setEnabled(self.whole.isChecked())
        ready = self.masked.isChecked() or len(self.reason.text().strip()) >= MIN_REASON
        for button in self.buttons.buttons():
            if self.buttons.buttonRole(button) is QDialogButtonBox.ButtonRole.AcceptRole:
                button.setEnabled(ready)

    def choice(self) -> NikChoice:
        if self.masked.isChecked():
            return MASKED
        return NikChoice(False, self.reason.text().strip())


def ask_nik_choice(ctx: AppContext, dialogs: Dialogs, parent: QWidget, what: str
                   ) -> NikChoice | None:
    """Masked without a question for a role that may not see whole NIK; otherwise asked.
    None when the user cancelled."""
    if not ctx.full_nik:
        return MASKED
    dialog = NikChoiceDialog(what, parent)
    if not dialogs.run(dialog):
        return None
    return dialog.choice()
