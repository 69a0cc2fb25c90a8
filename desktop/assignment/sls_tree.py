"""Kelurahan › SLS of one kecamatan with households and PPL; SLS can be dragged to a PPL."""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.table_model import WARN
from models.assignment.queries import SlsAssignRow
from models.formatting import format_number

SLS_MIME = "application/x-kendali-sls"
Index = QModelIndex | QPersistentModelIndex
RED_TEXT = QBrush(QColor("#b3261e"))
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass
class _Group:
    kelurahan_id: int
    code: str
    name: str
    sls: list[SlsAssignRow]

    @property
    def households(self) -> int:
        return sum(s.households for s in self.sls)

    @property
    def unassigned(self) -> int:
        return sum(1 for s in self.sls if s.officer_id is None)


def encode_sls(ids: Sequence[int]) -> QMimeData:
    data = QMimeData()
    data.setData(SLS_MIME, json.dumps(list(ids)).encode())
    return data


def decode_sls(data: QMimeData) -> list[int]:
    if not data.hasFormat(SLS_MIME):
        return []
    return [int(i) for i in json.loads(bytes(data.data(SLS_MIME).data()).decode())]


class SlsAssignTreeModel(QAbstractItemModel):
    COL_NAME, COL_CODE, COL_HOUSEHOLDS, COL_PPL = range(4)
    TITLES = ("Wilayah", "Kode", "Ruta", "PPL")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[_Group] = []
        self._all: list[SlsAssignRow] = []
        self.only_unassigned = False
        self.ppl_label = "PPL"

    # --- data in ---------------------------------------------------------------------
    def set_rows(self, rows: Sequence[SlsAssignRow]) -> None:
        self._all = list(rows)
        self._rebuild()

    def set_only_unassigned(self, only: bool) -> None:
        self.only_unassigned = only
        self._rebuild()

    def _rebuild(self) -> None:
        self.beginResetModel()
        groups: dict[int, _Group] = {}
        for row in self._all:
            if self.only_unassigned and row.officer_id is not None:
                continue
            group = groups.get(row.kelurahan_id)
            if group is None:
                group = groups[row.kelurahan_id] = _Group(row.kelurahan_id, row.kelurahan_code,
                                                          row.kelurahan, [])
            group.sls.append(row)
        self._groups = list(groups.values())
        self.endResetModel()

    # --- what the page asks ------------------------------------------------------------
    def sls_at(self, index: Index) -> SlsAssignRow | None:
        if index.isValid() and index.internalId() > 0:
            return self._groups[index.internalId() - 1].sls[index.row()]
        return None

    def sls_under(self, indexes: Sequence[Index]) -> list[SlsAssignRow]:
        """The SLS selected, a kelurahan standing for all of its SLS; no duplicates."""
        chosen: dict[int, SlsAssignRow] = {}
        for index in indexes:
            if not index.isValid():
                continue
            if index.internalId() == 0:
                for sls in self._groups[index.row()].sls:
                    chosen[sls.sls_id] = sls
            else:
                sls = self._groups[index.internalId() - 1].sls[index.row()]
                chosen[sls.sls_id] = sls
        return sorted(chosen.values(), key=lambda s: s.code)

    def sls_rows(self) -> list[SlsAssignRow]:
        return list(self._all)

    def kelurahan_ids(self) -> list[int]:
        """The kelurahan rows in display order."""
        return [g.kelurahan_id for g in self._groups]

    def kelurahan_index(self, kelurahan_id: int) -> QModelIndex:
        for row, group in enumerate(self._groups):
            if group.kelurahan_id == kelurahan_id:
                return self.index(row, 0)
        return QModelIndex()

    def sls_index(self, sls_id: int) -> QModelIndex:
        for group_row, group in enumerate(self._groups):
            for row, sls in enumerate(group.sls):
                if sls.sls_id == sls_id:
                    return self.index(row, 0, self.index(group_row, 0))
        return QModelIndex()

    # --- QAbstractItemModel -----------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not parent.isValid():
            if 0 <= row < len(self._groups):
                return self.createIndex(row, column, 0)
            return QModelIndex()
        if parent.internalId() == 0 and 0 <= row < len(self._groups[parent.row()].sls):
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()].sls)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(self.TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.ppl_label if section == self.COL_PPL else self.TITLES[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        if index.internalId() == 0:
            group = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return (group.name, group.code, format_number(group.households),
                        f"{group.unassigned} dari {len(group.sls)} SLS belum" if group.unassigned
                        else f"{len(group.sls)} SLS ditugaskan")[column]
            if role == Qt.ItemDataRole.ForegroundRole and group.unassigned:
                return RED_TEXT
        else:
            sls = self._groups[index.internalId() - 1].sls[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return (sls.name, sls.code, format_number(sls.households),
                        sls.officer or "— belum ditugaskan —")[column]
            if role == Qt.ItemDataRole.BackgroundRole and sls.officer_id is None:
                return WARN
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{sls.code} · {sls.population} penduduk"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_HOUSEHOLDS:
            return RIGHT
        return None

    # --- drag -----------------------------------------------------------------------------
    def mimeTypes(self) -> list[str]:
        return [SLS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        return encode_sls([s.sls_id for s in self.sls_under(indexes)])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
