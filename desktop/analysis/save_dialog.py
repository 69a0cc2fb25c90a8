"""Asks the name a report is saved under (the same name replaces the saved one)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.dialogs import ok_cancel
from models.analysis.saved import NAME_LENGTH


class SaveReportDialog(QDialog):
    def __init__(self, suggested: str, taken: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Simpan laporan")
        self.taken = set(taken)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(suggested[:NAME_LENGTH])
        self.name.setMaxLength(NAME_LENGTH)
        self.name.selectAll()
        self.name.textChanged.connect(self._check)
        form.addRow("Nama laporan:", self.name)
        layout.addLayout(form)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.buttons = ok_cancel(self, "Simpan")
        layout.addWidget(self.buttons)
        self._check()

    def chosen_name(self) -> str:
        return self.name.text().strip()

    def _check(self) -> None:
        name = self.chosen_name()
        self.note.setText("Laporan dengan nama ini sudah ada dan akan diganti."
                          if name in self.taken else "Disimpan untuk Anda sendiri.")
        ok = self.buttons.buttons()[0]
        ok.setEnabled(bool(name))
