"""Shared pieces of pages and dialogs: layout, tables, search, permissions, form messages."""
from __future__ import annotations

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

from desktop.context import AppContext
from desktop.table_model import SORT_ROLE, RowsTableModel
from models.access import Permission


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


FIT_ROWS = 50  # rows measured for a column's width: the first ones in the view's order
CELL_PADDING = 8  # the item view's text margins on both sides of a cell


def fit_columns(view: QTableView, max_width: int = 320) -> None:
    """Each column as wide as its header and the text of its first rows, at most max_width.

    Qt's own fitting asks each measured cell for a dozen roles through the Python model (a
    third of a second for 7,000 officers, the window frozen); only the display text is
    needed, measured here with the view's font."""
    model, header = view.model(), view.horizontalHeader()
    if model is None:
        return
    metrics = view.fontMetrics()
    rows = min(model.rowCount(), FIT_ROWS)
    display = Qt.ItemDataRole.DisplayRole
    for column in range(model.columnCount()):
        if header.isSectionHidden(column):
            continue
        widest = header.sectionSizeHint(column)
        for row in range(rows):
            text = model.index(row, column).data(display)
            if text:
                widest = max(widest, metrics.horizontalAdvance(str(text)) + CELL_PADDING)
        header.resizeSection(column, min(widest + 12, max_width))


class FormMessage(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("formError")
        self.setWordWrap(True)
        self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.show()
