"""Kecamatan › kelurahan › SLS as a tree whose children load when a branch opens.

A province has ~40,000 SLS; loading one kelurahan at a time keeps the tree instant. The loader
answers later (it reads in the background): a branch is asked once and fills when it comes.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.table_model import SORT_ROLE, display_text
from models.areas.queries import AreaLevel, AreaRow
from models.formatting import format_kemendagri

Index = QModelIndex | QPersistentModelIndex
UNASSIGNED = QColor("#b3261e")
Deliver = Callable[[list[AreaRow]], None]
ChildLoader = Callable[[AreaRow, Deliver], None]  # calls Deliver with the rows, now or later


class _Node:
    __slots__ = ("row", "parent", "children", "asked")

    def __init__(self, row: AreaRow | None, parent: _Node | None) -> None:
        self.row = row
        self.parent = parent
        self.children: list[_Node] | None = None  # None: not loaded yet
        self.asked = False  # its children were asked for and are on their way

    def index_in_parent(self) -> int:
        return self.parent.children.index(self) if self.parent and self.parent.children else 0


class AreaTreeModel(QAbstractItemModel):
    COL_NAME, COL_BPS, COL_KEMENDAGRI, COL_SLS, COL_HOUSEHOLDS, COL_POPULATION, COL_PPL = range(7)
    HEADERS = ["Wilayah", "Kode BPS", "Kode Kemendagri", "SLS", "Ruta", "Penduduk", "PPL"]

    def __init__(self, load_children: ChildLoader, parent: Any = None) -> None:
        super().__init__(parent)
        self._load_children = load_children
        self._root = _Node(None, None)
        self._root.children = []
        self._era = 0  # bumped by every reset: children asked for before it are dropped

    def set_top_level(self, rows: list[AreaRow]) -> None:
        self.beginResetModel()
        self._era += 1
        self._root.children = [_Node(row, self._root) for row in rows]
        self.endResetModel()

    def row_at(self, index: Index) -> AreaRow | None:
        return self._node(index).row if index.isValid() else None

    def _node(self, index: Index) -> _Node:
        return index.internalPointer() if index.isValid() else self._root  # type: ignore[return-value]

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        children = self._node(parent).children or []
        if 0 <= row < len(children) and 0 <= column < len(self.HEADERS):
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = self._node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.index_in_parent(), 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children or [])

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(self.HEADERS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        node = self._node(parent)
        if node is self._root:
            return bool(node.children)
        if node.children is not None:
            return bool(node.children)
        row = node.row
        return row is not None and row.level is not AreaLevel.SLS and row.children > 0

    def canFetchMore(self, parent: Index) -> bool:
        node = self._node(parent)
        return (node is not self._root and node.children is None and not node.asked
                and self.hasChildren(parent))

    def fetchMore(self, parent: Index) -> None:
        node = self._node(parent)
        if node.row is None or node.children is not None or node.asked:
            return
        node.asked = True
        era = self._era

        def deliver(rows: list[AreaRow]) -> None:
            if era == self._era and node.children is None:  # not reset in the meantime
                self._fill(node, rows)

        self._load_children(node.row, deliver)

    def _fill(self, node: _Node, rows: list[AreaRow]) -> None:
        parent = self.createIndex(node.index_in_parent(), 0, node)
        if not rows:
            node.children = []
            self.dataChanged.emit(parent, parent)  # no arrow any more
            return
        self.beginInsertRows(parent, 0, len(rows) - 1)
        node.children = [_Node(row, node) for row in rows]
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def _value(self, row: AreaRow, column: int) -> Any:
        return [row.name, row.bps_code, format_kemendagri(row.kemendagri_code), row.sls_count,
                row.households, row.population, row.ppl_name][column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.COL_PPL and row.level is AreaLevel.SLS and not row.ppl_name:
                return "— belum ditugaskan —"
            return display_text(self._value(row, index.column()))
        if role == SORT_ROLE:
            return self._value(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (
                self.COL_SLS, self.COL_HOUSEHOLDS, self.COL_POPULATION):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.COL_PPL \
                and row.level is AreaLevel.SLS and not row.ppl_name:
            return UNASSIGNED
        return None
