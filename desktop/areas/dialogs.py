"""Small forms for editing the area master: add an SLS, rename an area, split an SLS."""
from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.dialogs import ok_cancel
from desktop.widgets import size_to_screen
from models.areas.edit import SlsPart
from models.ids.cells import ascii_digits

MAX_COUNT = 100_000


def _count() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, MAX_COUNT)
    box.setGroupSeparatorShown(True)
    return box


class AddSlsDialog(QDialog):
    def __init__(self, kelurahan: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tambah SLS")
        form = QFormLayout(self)
        form.addRow(QLabel(f"Kelurahan/desa: <b>{kelurahan}</b>"))
        self.number = QLineEdit()
        self.number.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,4}")))
        self.number.setPlaceholderText("4 angka, mis. 0034")
        self.name = QLineEdit()
        self.name.setPlaceholderText("mis. RT 034")
        self.households, self.population = _count(), _count()
        form.addRow("Nomor SLS", self.number)
        form.addRow("Nama SLS", self.name)
        form.addRow("Jumlah KK", self.households)
        form.addRow("Jumlah penduduk", self.population)
        form.addRow(ok_cancel(self, "Tambah"))


class RenameDialog(QDialog):
    def __init__(self, what: str, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ganti nama")
        form = QFormLayout(self)
        form.addRow(QLabel(what))
        self.name = QLineEdit(current)
        self.name.selectAll()
        form.addRow("Nama baru", self.name)
        form.addRow(ok_cancel(self, "Simpan"))


class SplitSlsDialog(QDialog):
    """How many sub-SLS, and each one's name and households (the parent's split evenly)."""

    def __init__(self, name: str, households: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pecah SLS")
        size_to_screen(self, 460, 360)
        self.base_name, self.total = name, households
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{name}</b> ({households} KK) dipecah menjadi sub-SLS. "
                                "SLS induk disimpan sebagai riwayat; PPL-nya ikut ke setiap "
                                "bagian."))
        form = QFormLayout()
        self.parts = QSpinBox()
        self.parts.setRange(2, 9)
        self.parts.valueChanged.connect(self._fill)
        form.addRow("Banyaknya bagian", self.parts)
        layout.addLayout(form)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Nama", "Jumlah KK"])
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        layout.addWidget(ok_cancel(self, "Pecah"))
        self._fill(2)

    def _fill(self, count: int) -> None:
        self.table.setRowCount(count)
        share, rest = divmod(self.total, count)
        for row in range(count):
            self.table.setItem(row, 0, QTableWidgetItem(f"{self.base_name} {chr(65 + row)}"))
            self.table.setItem(row, 1, QTableWidgetItem(str(share + (1 if row < rest else 0))))

    def values(self) -> list[SlsPart]:
        parts = []
        for row in range(self.table.rowCount()):
            name = self.table.item(row, 0).text()
            raw = self.table.item(row, 1).text().replace(".", "").strip()
            parts.append(SlsPart(name, int(raw) if ascii_digits(raw) else -1))
        return parts
