"""The field records behind one officer's flag, NIK and No. KK masked."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.quality.table import FlaggedRecordsTableModel
from desktop.widgets import fit_columns, make_table, search_box, size_to_screen
from models.formatting import format_number
from models.quality.records import FlaggedRecord

RECORD_LIMIT = 500


class FlaggedRecordsDialog(QDialog):
    def __init__(self, officer: str, measure_label: str, explanation: str,
                 records: list[FlaggedRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Catatan di balik tanda: {measure_label}")
        size_to_screen(self, 900, 520, "quality_records")
        layout = QVBoxLayout(self)
        count = format_number(len(records))
        more = f" ({count} pertama)" if len(records) >= RECORD_LIMIT else ""
        heading = QLabel(f"{officer} — {measure_label}: {count} catatan{more}")
        heading.setObjectName("summary")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(heading)
        if explanation:
            note = QLabel(explanation)
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setWordWrap(True)
            layout.addWidget(note)
        self.model = FlaggedRecordsTableModel(self)
        self.model.set_rows(records)
        self.view, proxy = make_table(self.model, self)
        layout.addWidget(search_box(proxy, self, "Saring catatan…"))
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Tutup")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_columns(self.view)
