"""A read-only table model over a list of dataclass rows, described by its columns."""
from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from models.formatting import format_date, format_datetime, format_number

R = TypeVar("R")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # raw value, so numbers sort as numbers
# the roles RowsTableModel.data answers; measuring a column's width asks every cell for
# a dozen, each a call into Python (issue 19: a page's rows are shown without a stall)
ANSWERED = frozenset(int(role) for role in (
    Qt.ItemDataRole.DisplayRole, SORT_ROLE, Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole))
LONG_TEXT = 24  # a cell text this long may be elided in its column: its tooltip shows it
WARN = QBrush(QColor("#fde2e1"))  # soft red: needs attention
GOOD = QBrush(QColor("#e3f4e1"))  # soft green: on target
FAR = QBrush(QColor("#f7b9b5"))  # stronger red: far behind

Index = QModelIndex | QPersistentModelIndex


def display_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, (float, Decimal)):
        return format_number(value, 1)
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    value: Callable[[R], Any]
    text: Callable[[Any], str] = display_text
    tooltip: str = ""  # the header's
    sort: Callable[[Any], Any] | None = None  # the sort key of a value, when not the value
    tip: Callable[[R], str] | None = None  # a cell's own tooltip


class RowsTableModel(QAbstractTableModel, Generic[R]):
    """Subclasses set `columns` and may override `highlight` for a row colour."""

    columns: Sequence[Column[R]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def column_named(self, title: str) -> int:
        """The column headed `title` (columns change with a page's level or view)."""
        return next(i for i, column in enumerate(self.columns) if column.title == title)

    def highlight(self, row: R) -> QBrush | None:
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title
            if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].tooltip:
                return self.columns[section].tooltip
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ANSWERED or not index.isValid():  # Qt asks a dozen roles per cell
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(column.value(row))
        if role == SORT_ROLE:
            value = column.value(row)
            if column.sort is not None:
                return column.sort(value)
            return value.value if isinstance(value, enum.Enum) else value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            value = column.value(row)
            if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.highlight(row)
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole of a long name, elided in view
            if column.tip is not None:
                return column.tip(row) or None
            text = column.text(column.value(row))
            return text if len(text) >= LONG_TEXT else None
        return None
