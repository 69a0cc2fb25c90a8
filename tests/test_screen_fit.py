"""At 1366×768, the common office laptop: every page's tables show their headers and key
contents whole, and the main window and dialogs stay inside the screen (issue 20)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QRect, QSettings, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPageSize, QPdfWriter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLineEdit,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

from desktop import widgets
from desktop.settings import APPLICATION, ORGANIZATION
from models.resources import resource_path
from tests.conftest import make_window, wait_idle

# 1366×768 less a 40 px taskbar: what a maximised window may use
LAPTOP = QRect(0, 0, 1366, 728)
ROWS = 10  # the first rows whose display text must fit
HEADER_PADDING = 10  # the style sheet's 4 px each side and the section's border
CELL_PADDING = 6  # the item view's text margin, 3 px each side


@pytest.fixture
def laptop(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The screen as the app sees it is a 1366×768 laptop's; the app's style applied."""
    monkeypatch.setattr(widgets, "available_geometry", lambda _widget=None: QRect(LAPTOP),
                        raising=False)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    yield
    app.setStyleSheet(before)


@pytest.fixture
def window(laptop, qtbot, demo_db, settings_file: Path, dialogs):  # type: ignore[no-untyped-def]
    made = make_window(qtbot, demo_db, settings_file, dialogs)
    yield made
    wait_idle(qtbot)


def _texts(view: QAbstractItemView, column: int) -> list[tuple[QModelIndex, str]]:
    model = view.model()
    found = []
    for row in range(min(model.rowCount(), ROWS)):
        index = model.index(row, column)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if text not in (None, ""):
            found.append((index, str(text)))
    return found


def clipped(view: QAbstractItemView, where: str) -> list[str]:
    """Columns narrower than their header or their first rows' text; a long text may be
    elided in the middle when its tooltip shows it whole."""
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    if not header.isVisible() and isinstance(view, QTreeView) and view.isHeaderHidden():
        header = None
    model = view.model()
    if model is None:
        return []
    bold = QFont(view.font())
    bold.setBold(True)
    header_metrics, metrics = QFontMetrics(bold), view.fontMetrics()
    problems = []
    for column in range(model.columnCount()):
        if header is not None and header.isSectionHidden(column):
            continue
        width = view.columnWidth(column)
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        if header is not None and header.isVisible():
            # a header of two lines ("Hanya\nlapangan") needs the width of its longer line
            need = max(header_metrics.horizontalAdvance(line)
                       for line in title.split("\n")) + HEADER_PADDING
            if width < need:
                problems.append(f"{where}: header {title!r} {width} < {need} px")
        indent = view.indentation() + 24 if isinstance(view, QTreeView) and column == 0 else 0
        for index, text in _texts(view, column):
            need = metrics.horizontalAdvance(text) + CELL_PADDING + indent
            if width >= need:
                continue
            tip = index.data(Qt.ItemDataRole.ToolTipRole)
            if view.textElideMode() == Qt.TextElideMode.ElideMiddle and tip == text:
                continue
            problems.append(f"{where}: {title!r} cell {text!r} {width} < {need} px")
            break
        if header is not None and header.sectionViewportPosition(column) + width \
                > view.viewport().width() + 1 and (column < KEY_COLUMNS or title in MUST_SEE):
            problems.append(f"{where}: {title!r} lies outside the visible part of the table")
    return problems


KEY_COLUMNS = 4  # the most important columns come first and are in view without scrolling
MUST_SEE = {"Kepatuhan", "Beban", "Hal", "Kepada"}  # wherever they are, in view as well


def views_of(page: QWidget) -> list[QAbstractItemView]:
    return [v for v in page.findChildren(QAbstractItemView)
            if v.isVisible() and isinstance(v, (QTableView, QTreeView))]


def test_every_page_fits_a_laptop_screen(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    frame = window.frameGeometry()
    problems = [] if LAPTOP.contains(frame) else [f"main window {frame} beyond {LAPTOP}"]
    for page in window.pages:
        window.show_page(page.key)
        wait_idle(qtbot)
        tabs = [t for t in page.findChildren(QTabWidget) if t.isVisible()] or [None]
        for tab in tabs:
            for number in range(tab.count() if tab else 1):
                if tab:
                    tab.setCurrentIndex(number)
                    wait_idle(qtbot)
                qtbot.wait(20)
                where = page.title + (f" / {tab.tabText(number)}" if tab else "")
                for view in views_of(page):
                    problems += clipped(view, where)
    assert not problems, "\n".join(problems)


def test_progres_shows_every_column_of_either_view(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Online and field together ran off a 1366-pixel screen: each view fits whole."""
    from desktop.progress.table import ProgressFocus

    page = window.show_page("progres")
    qtbot.waitUntil(lambda: page.model.rowCount() == 5, timeout=10_000)
    problems = []
    for focus in ProgressFocus:
        page.focus.setCurrentIndex(page.focus.findData(focus))
        qtbot.wait(20)
        header = page.view.horizontalHeader()
        for column in range(page.model.columnCount()):
            right = header.sectionViewportPosition(column) + page.view.columnWidth(column)
            if right > page.view.viewport().width() + 1:
                problems.append(f"{focus.value}: {page.model.columns[column].title!r} out of view")
        problems += clipped(page.view, f"Progres / {focus.value}")
    assert not problems, "\n".join(problems)
    assert window.ctx.settings.choice("progres/focus", "") == ProgressFocus.ONLINE.value


def _pdf(path: Path) -> Path:
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    from PySide6.QtGui import QPainter

    painter = QPainter(writer)
    painter.drawText(100, 100, "Surat")
    painter.end()
    return path


def placeholder_fits(edit: QLineEdit) -> bool:
    text = edit.placeholderText()
    return not text or edit.width() >= edit.fontMetrics().horizontalAdvance(text) + 12


def dialog_problems(dialog: QDialog, qtbot) -> list[str]:  # type: ignore[no-untyped-def]
    dialog.show()
    qtbot.waitExposed(dialog)
    problems = []
    # Qt itself centres a dialog on its window and keeps it inside the screen: its frame
    # must be no larger than the laptop's (the offscreen screen itself is 800×800)
    frame = dialog.frameGeometry()
    if frame.width() > LAPTOP.width() or frame.height() > LAPTOP.height():
        problems.append(f"{dialog.windowTitle()}: {frame.size()} larger than {LAPTOP.size()}")
    if dialog.width() < 360:
        problems.append(f"{dialog.windowTitle()}: only {dialog.width()} px wide")
    for edit in dialog.findChildren(QLineEdit):
        if edit.isVisible() and not placeholder_fits(edit):
            problems.append(f"{dialog.windowTitle()}: placeholder {edit.placeholderText()!r} "
                            f"cut at {edit.width()} px")
    for view in views_of(dialog):
        problems += clipped(view, dialog.windowTitle())
    dialog.close()
    return problems


def test_main_dialogs_fit_a_laptop_screen(qtbot, window, dialogs, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.admin.user_dialog import UserDialog
    from desktop.assignment.history_dialog import HistoryDialog
    from desktop.letters.dialog import LetterDialog
    from desktop.letters.preview import PdfPreviewDialog
    from desktop.officers.dialogs import OfficerDialog
    from desktop.progress.reminder_dialog import ReminderDialog
    from models.schema.officers import OfficerRole

    wait_idle(qtbot)
    labels = {role: role.value.upper() for role in OfficerRole}
    kecamatan = [(1, "Banjarmasin Selatan"), (2, "Banjarmasin Timur")]
    made = [
        PdfPreviewDialog(_pdf(tmp_path / "surat.pdf"), dialogs, "Pratinjau surat", window),
        OfficerDialog(labels, kecamatan, window),
        UserDialog(parent=window),
        LetterDialog("progres_kota", lambda _kind, deliver: deliver([]), window),
        HistoryDialog("Riwayat", [], window),
        ReminderDialog(window.ctx, dialogs, window),
    ]
    problems: list[str] = []
    for dialog in made:
        qtbot.addWidget(dialog)
        problems += dialog_problems(dialog, qtbot)
    assert not problems, "\n".join(problems)


def test_a_chosen_dialog_size_is_remembered(qtbot, laptop, dialogs, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.letters.preview import PdfPreviewDialog

    path = _pdf(tmp_path / "surat.pdf")
    first = PdfPreviewDialog(path, dialogs, "Pratinjau")
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 600)
    first.close()
    second = PdfPreviewDialog(path, dialogs, "Pratinjau")
    qtbot.addWidget(second)
    try:
        assert (second.width(), second.height()) == (700, 600)
    finally:
        QSettings(ORGANIZATION, APPLICATION).remove("size/pdf_preview")  # the next test's


def test_the_letter_register_shows_subject_and_recipient(qtbot, laptop) -> None:  # type: ignore[no-untyped-def]
    """The demo has no letters yet: a register of issued ones, as wide as its page leaves it
    on a laptop. A subject too long for its column is elided in the middle, whole in the
    tooltip; Hal and Kepada stay in view."""
    from datetime import date

    from desktop.letters.table import LetterTableModel
    from models.letters.register import LetterRow
    from models.schema.letters import LetterKind

    model = LetterTableModel()
    model.set_rows([
        LetterRow(n, f"B-{n:03d}/63710/HM.300/12/2026", date(2026, 12, 1), LetterKind.ASN_OPD,
                  "Permohonan dukungan pengisian Sensus Penduduk Online bagi ASN di "
                  "lingkungan Dinas Kependudukan dan Pencatatan Sipil",
                  "Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Banjarmasin",
                  f"/home/bps/Dokumen/Surat/2026/B-{n:03d}-kepatuhan-asn.pdf")
        for n in range(1, 6)])
    holder = QWidget()
    qtbot.addWidget(holder)
    view, _ = widgets.make_table(model, holder)
    view.resize(1350 - 200 - 32, 400)  # the page's room in the main window on a laptop
    holder.show()
    widgets.fit_columns(view)
    qtbot.wait(20)
    assert not clipped(view, "Surat"), "\n".join(clipped(view, "Surat"))
