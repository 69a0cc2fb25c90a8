"""PPL with their load (SLS, households, kelurahan) against capacity; SLS drop onto a row."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush

from desktop.assignment.sls_tree import SLS_MIME, decode_sls
from desktop.table_model import WARN, Column, RowsTableModel
from models.assignment.queries import PplLoad
from models.formatting import format_percent

Index = QModelIndex | QPersistentModelIndex


class PplLoadTableModel(RowsTableModel[PplLoad]):
    # the most important first: the load against capacity beside the name
    COL_NAME, COL_LOAD, COL_HOUSEHOLDS, COL_SLS, COL_TEAM, COL_KELURAHAN, COL_HOME = range(7)

    dropped = Signal(list, int)  # SLS ids, officer id

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.capacity = 600
        self.columns = [
            Column("Nama", lambda r: r.name),
            Column("Beban", lambda r: r.households / self.capacity * 100 if self.capacity else 0.0,
                   lambda v: format_percent(v, 0), tooltip="Muatan dibanding kapasitas"),
            Column("Ruta", lambda r: r.households, tooltip="Muatan rumah tangga"),
            Column("SLS", lambda r: r.sls),
            Column("Tim", lambda r: r.team),
            Column("Kelurahan", lambda r: r.kelurahan,
                   tooltip="Banyaknya kelurahan tempat bekerja"),
            Column("Kecamatan asal", lambda r: r.home_kecamatan),
        ]

    def highlight(self, row: PplLoad) -> QBrush | None:
        return WARN if row.over(self.capacity) else None

    def over_capacity(self) -> list[PplLoad]:
        return [r for r in self._rows if r.over(self.capacity)]

    def row_of(self, officer_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.officer_id == officer_id), -1)

    # --- drop -------------------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDropEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [SLS_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return data.hasFormat(SLS_MIME) and self._target(row, parent) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        target = self._target(row, parent)
        ids = decode_sls(data)
        if target is None or not ids:
            return False
        self.dropped.emit(ids, target.officer_id)
        return False  # the page reloads from the database; nothing to insert here

    def _target(self, row: int, parent: Index) -> PplLoad | None:
        """Dropped onto a PPL's row (parent), not between rows."""
        if parent.isValid() and 0 <= parent.row() < len(self._rows):
            return self._rows[parent.row()]
        return None
