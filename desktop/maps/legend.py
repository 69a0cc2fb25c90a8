"""The map's legend: one swatch per class, its label and how many areas it holds."""
from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from models.formatting import format_number
from models.overview.map_measures import Classes

SHOWN = 12  # classes listed; the PPL measure may have dozens


class Legend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold;")
        self._layout.addWidget(self.title)
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 4, 0, 4)
        self._grid.setHorizontalSpacing(6)
        self._grid.setVerticalSpacing(2)
        self._layout.addWidget(self._grid_host)
        self.rows: list[tuple[str, str, int]] = []  # (label, colour, areas), as shown

    def show_waiting(self) -> None:
        self.show_classes(None)
        self.title.setText("Memuat angka wilayah…")

    def show_classes(self, shown: Classes | None) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget():
                item.widget().hide()  # gone now, not at the next turn of the event loop
                item.widget().deleteLater()
        self.rows = []
        if shown is None:
            self.title.setText("")
            return
        self.title.setText(shown.measure.label)
        classes = shown.legend[:SHOWN]
        for row, entry in enumerate(classes):
            swatch = QLabel()
            swatch.setFixedSize(18, 12)
            swatch.setStyleSheet(f"background: {entry.colour}; border: 1px solid #5a5a5a;")
            self._grid.addWidget(swatch, row, 0)
            self._grid.addWidget(QLabel(entry.label), row, 1)
            count = QLabel(format_number(entry.areas))
            self._grid.addWidget(count, row, 2)
            self.rows.append((entry.label, entry.colour, entry.areas))
        if len(shown.legend) > SHOWN:
            more = QLabel(f"… dan {len(shown.legend) - SHOWN} lainnya (warna berulang)")
            more.setObjectName("pageHint")
            self._grid.addWidget(more, len(classes), 0, 1, 3)
