"""A pivot as table rows: the row headers, one column per column value, the row's total, and
a last row of totals; totals bold."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from desktop.table_model import Column, Index, RowsTableModel
from models.analysis.pivot import TOTAL_LABEL, Number, PivotTable
from models.formatting import format_number, format_percent


@dataclass(frozen=True)
class PivotLine:
    labels: tuple[str, ...]  # one per row dimension
    cells: tuple[Number, ...]
    total: Number
    is_total: bool = False


def lines(table: PivotTable) -> list[PivotLine]:
    """The table's rows, then its totals row."""
    width = len(table.spec.rows)
    found = [PivotLine(tuple(h.label for h in headers), tuple(cells), total)
             for headers, cells, total in zip(table.row_headers, table.cells, table.row_totals,
                                              strict=True)]
    found.append(PivotLine((TOTAL_LABEL,) + ("",) * (width - 1), tuple(table.column_totals),
                           table.grand_total, is_total=True))
    return found


def value_text(share: bool) -> Any:
    if share:
        return lambda value: format_percent(value * 100, 1)
    return lambda value: format_number(int(value))


class PivotTableModel(RowsTableModel[PivotLine]):
    """Columns follow the pivot shown: COL_FIRST_VALUE is the first after the row headers."""

    COL_FIRST_LABEL = 0

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self.label_columns = 0
        self._bold = QFont()
        self._bold.setBold(True)

    def set_table(self, table: PivotTable | None) -> None:
        self.beginResetModel()
        if table is None:
            self.columns, self._rows, self.label_columns = [], [], 0
            self.endResetModel()
            return
        text = value_text(table.is_share)
        columns: list[Column[PivotLine]] = [
            Column(dimension.label, lambda r, i=index: r.labels[i])
            for index, dimension in enumerate(table.spec.rows)]
        columns += [Column(header.label, lambda r, i=index: r.cells[i], text=text)
                    for index, header in enumerate(table.column_headers)]
        columns.append(Column(TOTAL_LABEL, lambda r: r.total, text=text))
        self.columns = columns
        self.label_columns = len(table.spec.rows)
        self._rows = lines(table)
        self.endResetModel()

    def is_total(self, row: int, column: int) -> bool:
        return self._rows[row].is_total or column == len(self.columns) - 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid():
            return self._bold if self.is_total(index.row(), index.column()) else None
        return super().data(index, role)
