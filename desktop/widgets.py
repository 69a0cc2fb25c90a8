"""What every page shares: refresh on data_changed (only when visible), table set-up."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.context import AppContext
from desktop.dialogs import Dialogs
from desktop.table_model import SORT_ROLE, RowsTableModel
from models.access import Permission
from models.errors import KendaliError


class Page(QWidget):
    key = ""
    title = ""
    watches: frozenset[str] = frozenset()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._dirty = True
        ctx.bus.data_changed.connect(self._on_data_changed)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _on_data_changed(self, kinds: set[str]) -> None:
        if kinds & self.watches:
            self._dirty = True
            if self.isVisible():
                self.refresh()

    def refresh(self) -> None:
        self._dirty = False
        self.load()

    def load(self) -> None:
        raise NotImplementedError

    def apply_edit(self, dialogs: Dialogs, work: Callable[[Session], object],
                   *changed: str) -> bool:
        """A small edit in one session; an error becomes a message and nothing half-saved."""
        try:
            with self.ctx.db.session() as session:
                work(session)
        except KendaliError as error:
            dialogs.show_error(self, error)
            self.ctx.changed(*changed)  # show what the database holds now
            return False
        self.ctx.changed(*changed)
        return True


def allow(ctx: AppContext, permission: Permission, *items: QWidget | QAction | QShortcut
          ) -> bool:
    """Hide what the signed-in role may not use: buttons and actions vanish, shortcuts stop.
    The core refuses these operations anyway; this keeps them out of sight."""
    allowed = ctx.can(permission)
    if not allowed:
        for item in items:
            if isinstance(item, QShortcut):
                item.setEnabled(False)
            else:
                item.setVisible(False)
                item.setEnabled(False)
    return allowed


def page_layout(page: QWidget, heading: str, hint: str = "") -> QVBoxLayout:
    layout = QVBoxLayout(page)
    layout.setContentsMargins(16, 12, 16, 12)
    title = QLabel(heading)
    title.setObjectName("pageTitle")
    layout.addWidget(title)
    if hint:
        note = QLabel(hint)
        note.setObjectName("pageHint")
        note.setWordWrap(True)
        layout.addWidget(note)
    return layout


def make_table(model: RowsTableModel, parent: QWidget,
               proxy: QSortFilterProxyModel | None = None
               ) -> tuple[QTableView, QSortFilterProxyModel]:
    """A sortable, filterable, read-only table view over `model`."""
    proxy = proxy or QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    view = QTableView(parent)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    return view, proxy


def search_box(proxy: QSortFilterProxyModel, parent: QWidget, placeholder: str) -> QLineEdit:
    """A filter field bound to the proxy; Ctrl+F focuses it."""
    box = QLineEdit(parent)
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    box.textChanged.connect(proxy.setFilterFixedString)
    shortcut = QShortcut(QKeySequence.StandardKey.Find, parent)
    shortcut.activated.connect(box.setFocus)
    return box


def fit_columns(view: QTableView, max_width: int = 320) -> None:
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count()):
        header.resizeSection(column, min(header.sectionSize(column) + 12, max_width))
