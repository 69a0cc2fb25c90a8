"""Merging a beda case field by field: for each differing field, which source is right."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop.dialogs import ok_cancel
from models.recon.export import DIFFERING_LABELS
from models.recon.views import PersonLine

ATTRIBUTES = {"name": "name", "sex": "sex", "birth_date": "birth", "sls": "sls_code"}


class MergeDialog(QDialog):
    def __init__(self, line: PersonLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Gabungkan data online dan lapangan")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Untuk setiap isian yang berbeda, pilih nilai yang benar."))
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for field in line.differing:
            combo = QComboBox()
            attribute = ATTRIBUTES.get(field, field)
            for source, version in (("online", line.online), ("lapangan", line.field)):
                value = getattr(version, attribute, "") if version else ""
                combo.addItem(f"{source.capitalize()}: {value}", source)
            form.addRow(DIFFERING_LABELS.get(field, field).capitalize(), combo)
            self.combos[field] = combo
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, "Gabungkan"))

    def choices(self) -> dict[str, str]:
        return {field: combo.currentData() for field, combo in self.combos.items()}
