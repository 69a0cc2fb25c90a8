"""Shared pieces of pages and dialogs: layout, tables, search, permissions, form messages."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics, QGuiApplication, QKeySequence, QShortcut
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
from desktop.settings import AppSettings
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
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # long names keep head and tail
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


HEADER_PADDING = 12  # the style sheet's 4 px each side of a header, its border, a margin
SORT_ARROW = 8  # room for the sort indicator beside a header's text


def fit_columns(view: QTableView, max_width: int = 320) -> None:
    """Each column as wide as its header and the text of its first rows, at most max_width
    (a longer text is elided in the middle, whole in its tooltip).

    Qt's own fitting asks each measured cell for a dozen roles through the Python model (a
    third of a second for 7,000 officers, the window frozen); only the display text is
    needed, measured here with the view's font. Headers are measured bold, as the style
    sheet draws them, also before the view is first shown and polished."""
    model, header = view.model(), view.horizontalHeader()
    if model is None:
        return
    metrics = view.fontMetrics()
    bold = QFont(view.font())
    bold.setBold(True)
    header_metrics = QFontMetrics(bold)
    rows = min(model.rowCount(), FIT_ROWS)
    display = Qt.ItemDataRole.DisplayRole
    for column in range(model.columnCount()):
        if header.isSectionHidden(column):
            continue
        title = str(model.headerData(column, Qt.Orientation.Horizontal, display) or "")
        lines = title.split("\n")
        longest = max(header_metrics.horizontalAdvance(line) for line in lines)
        # the hint holds the sort arrow, but measures a header of two lines as one line
        hint = header.sectionSizeHint(column) + 4 if len(lines) == 1 else 0
        widest = max(hint, longest + HEADER_PADDING + SORT_ARROW)
        for row in range(rows):
            text = model.index(row, column).data(display)
            if text:
                widest = max(widest, metrics.horizontalAdvance(str(text)) + CELL_PADDING + 12)
        header.resizeSection(column, min(widest, max_width))


# What a window manager adds around a window: borders and a title bar (Windows 10/11, GNOME).
FRAME_ALLOWANCE = QSize(16, 40)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The part of the widget's screen (else the primary one) not taken by the taskbar."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def screen_room(widget: QWidget | None = None) -> QSize:
    """The largest size a window may take with its frame still on the screen."""
    return available_geometry(widget).size() - FRAME_ALLOWANCE


class _SizeKeeper(QObject):
    """Writes a window's size to the settings when it is hidden (closed, accepted)."""

    def __init__(self, widget: QWidget, key: str, settings: AppSettings) -> None:
        super().__init__(widget)
        self.key, self.settings = key, settings

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and isinstance(watched, QWidget) \
                and not watched.isMinimized():
            self.settings.set_window_size(self.key, watched.size())
        return False


def size_to_screen(widget: QWidget, width: int, height: int, key: str = "",
                   settings: AppSettings | None = None) -> None:
    """Resize to the size the user chose last (remembered under `key`), else to width ×
    height; never larger than the available screen, so its buttons stay in view on a
    1366×768 laptop. With a key, the size the user leaves it at is remembered."""
    size = QSize(width, height)
    if key:
        settings = settings or AppSettings()
        size = settings.window_size(key) or size
        keeper = _SizeKeeper(widget, key, settings)
        widget.installEventFilter(keeper)
    widget.resize(size.boundedTo(screen_room(widget)).expandedTo(widget.minimumSize()))


def fit_window(widget: QWidget) -> None:
    """Pull a window (restored from another, larger screen) back inside this screen."""
    area = available_geometry(widget)
    room = area.size() - (widget.frameGeometry().size() - widget.size())  # its own frame
    if widget.width() > room.width() or widget.height() > room.height():
        widget.resize(widget.size().boundedTo(room))
    frame = widget.frameGeometry()
    if not area.contains(frame):
        x = min(max(frame.x(), area.x()), area.right() + 1 - frame.width())
        y = min(max(frame.y(), area.y()), area.bottom() + 1 - frame.height())
        widget.move(max(x, area.x()), max(y, area.y()))


class FormMessage(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("formError")
        self.setWordWrap(True)
        self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.show()
