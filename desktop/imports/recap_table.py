"""The editable recap grid: one SLS per row, four counts typed in, edited rows marked."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.table_model import Index, display_text
from models.persons.recap import RecapEntry, RecapRow, check_entry

EDITED = QBrush(QColor("#fff4cc"))
WRONG = QBrush(QColor("#f9d6d3"))
COUNT_FIELDS = ("households", "persons", "male", "female")


@dataclass
class GridRow:
    stored: RecapRow
    values: RecapRow  # what the grid shows, edited or not

    @property
    def edited(self) -> bool:
        return self.values != self.stored


class RecapTableModel(QAbstractTableModel):
    COL_CODE, COL_NAME, COL_KEL, COL_EXPECTED, COL_HOUSEHOLDS, COL_PERSONS, COL_MALE, \
        COL_FEMALE = range(8)
    TITLES = ("IDSLS", "SLS", "Kelurahan/Desa", "Muatan KK", "Ruta ditemukan", "Penduduk",
              "Laki-laki", "Perempuan")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[GridRow] = []
        self.report_date = date.today()

    def set_rows(self, rows: list[RecapRow], report_date: date) -> None:
        self.beginResetModel()
        self._rows = [GridRow(r, r) for r in rows]
        self.report_date = report_date
        self.endResetModel()

    def edited(self) -> list[tuple[RecapEntry, int | None]]:
        """Rows changed in the grid, as entries with the version each was read at."""
        result = []
        for row in self._rows:
            if row.edited:
                v = row.values
                result.append((RecapEntry(v.sls_code, self.report_date, v.households or 0,
                                          v.persons or 0, v.male or 0, v.female or 0),
                               row.stored.version))
        return result

    def stored_count(self) -> int:
        """SLS that already have a recap stored for the grid's date."""
        return sum(1 for row in self._rows if row.stored.version is not None)

    def problems(self, row: int) -> list[str]:
        values = self._rows[row].values
        if not self._rows[row].edited:
            return []
        entry = RecapEntry(values.sls_code, self.report_date, values.households or 0,
                           values.persons or 0, values.male or 0, values.female or 0)
        check = check_entry(entry, values.expected_households, True)
        return check.errors + check.warnings

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.TITLES[section]
        return None

    def _value(self, row: GridRow, column: int) -> Any:
        v = row.values
        return (v.sls_code, v.sls_name, v.kelurahan, v.expected_households, v.households,
                v.persons, v.male, v.female)[column]

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() >= self.COL_HOUSEHOLDS:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        value = self._value(row, index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return display_text(value)
        if role == Qt.ItemDataRole.EditRole:
            return value or 0
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= self.COL_EXPECTED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and row.edited:
            return WRONG if self.problems(index.row()) else EDITED
        if role == Qt.ItemDataRole.ToolTipRole and row.edited:
            return "\n".join(self.problems(index.row())) or "Diubah, belum disimpan"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() < self.COL_HOUSEHOLDS:
            return False
        try:
            number = int(str(value).replace(".", "").strip() or 0)
        except ValueError:
            return False
        if number < 0:
            return False
        row = self._rows[index.row()]
        field = COUNT_FIELDS[index.column() - self.COL_HOUSEHOLDS]
        row.values = replace(row.values, **{field: number})
        left, right = self.index(index.row(), 0), self.index(index.row(), len(self.TITLES) - 1)
        self.dataChanged.emit(left, right)
        return True
