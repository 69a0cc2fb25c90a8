"""Message boxes, Qt's own buttons, every page and dialog speak Indonesian: no OK, Yes, No,
Close or Show Details, no English month or weekday names."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QChartView, QDateTimeAxis, QValueAxis
from PySide6.QtCore import QLocale, QModelIndex, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGroupBox,
    QLabel,
    QListView,
    QMessageBox,
    QTabBar,
    QWidget,
)

from desktop.dialogs import Dialogs
from desktop.progress.charts import chart_view, show_days
from desktop.qt_texts import install
from desktop.recon.case import describe
from models.formatting import format_date
from models.ids.cells import ascii_digits
from models.progress.summary import DayPoint
from models.recon.views import PersonLine, Version
from models.schema.recon import ReconCategory
from tests.conftest import make_window, wait_idle

ENGLISH = {"OK", "&OK", "Cancel", "Yes", "&Yes", "No", "&No", "Close", "Show Details..."}


@pytest.fixture
def shown_boxes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[QMessageBox]]:
    """Each box is recorded instead of shown; the button named in `press` is clicked."""
    boxes: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        boxes.append(box)
        wanted = getattr(fake_exec, "press", "")
        for button in box.buttons():
            if button.text() == wanted:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    yield boxes


def _texts(box: QMessageBox) -> list[str]:
    return [button.text() for button in box.buttons()]


def test_questions_answer_ya_or_tidak_with_tidak_as_default(qtbot, shown_boxes) -> None:  # type: ignore[no-untyped-def]
    dialogs = Dialogs()
    assert dialogs.ask(None, "Batalkan batch", "Batalkan batch #3?") is False  # closed
    [box] = shown_boxes
    assert sorted(_texts(box)) == ["Tidak", "Ya"]
    assert box.defaultButton().text() == "Tidak" and box.escapeButton().text() == "Tidak"
    QMessageBox.exec.press = "Ya"  # type: ignore[attr-defined]
    try:
        assert dialogs.ask(None, "Batalkan batch", "Batalkan batch #3?") is True
    finally:
        QMessageBox.exec.press = ""  # type: ignore[attr-defined]


def test_information_and_errors_close_with_tutup(qtbot, shown_boxes) -> None:  # type: ignore[no-untyped-def]
    dialogs = Dialogs()
    dialogs.inform(None, "Ekspor selesai", "12 baris ditulis.")
    dialogs.show_error(None, RuntimeError("disk I/O error"))
    info, error = shown_boxes
    assert _texts(info) == ["Tutup"]
    assert "Tutup" in _texts(error) and error.detailedText() == "RuntimeError: disk I/O error"
    # the detail button's own text comes from desktop/qt_texts.py (the next test)


def test_qt_standard_texts_are_translated_once_installed(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = install(app)
    try:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close
                                   | QDialogButtonBox.StandardButton.Cancel)
        assert sorted(b.text() for b in buttons.buttons()) == ["Batal", "Tutup"]
        box = QMessageBox(QMessageBox.Icon.Critical, "Kendali Sensus", "Gagal.")
        box.setDetailedText("rincian")
        assert "Tampilkan rincian…" in _texts(box)
        assert app.translate("QMessageBox", "Unlisted text") == "Unlisted text"
    finally:
        app.removeTranslator(translator)


# --- every page and the main dialogs on the demo city ---------------------------------------
# English words a user must not meet: Qt's own buttons, month and weekday names. April,
# September, November and the short forms Jan, Feb, Mar, Apr, Jun, Jul, Sep and Nov are the
# same in Indonesian. "OK" too: the app's buttons name what they do (Simpan, Terbitkan),
# and Qt's own OK reads "Oke" (desktop/qt_texts.py). "No." (nomor) is Indonesian.
ENGLISH_WORDS = re.compile(
    r"\b(?:Yes|No(?!\.)|Close|Cancel|OK|Apply|January|February|March|May|June|July|August|"
    r"October|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"Aug|Oct|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b")
TAG = re.compile(r"<[^>]+>")


@pytest.fixture
def indonesian_app(qtbot) -> Iterator[QApplication]:  # type: ignore[no-untyped-def]
    """The application as desktop.app starts it: Indonesian locale and Qt texts."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QLocale()
    translator = install(app)
    yield app
    for installed in [translator, *translator.findChildren(QTranslator)]:
        app.removeTranslator(installed)
    QLocale.setDefault(before)


class RecordingDialogs(Dialogs):
    """The real message boxes (their exec recorded, see shown_boxes); the app's own dialogs
    recorded and cancelled; no file picker opens."""

    def __init__(self) -> None:
        self.shown: list[QDialog] = []

    def run(self, dialog: QDialog) -> bool:
        self.shown.append(dialog)
        return False

    def open_file(self, parent, title, filters=""):  # type: ignore[no-untyped-def, override]
        return None

    def save_file(self, parent, title, suggested, filters=""):  # type: ignore[no-untyped-def, override]
        return None

    def choose_folder(self, parent, title):  # type: ignore[no-untyped-def, override]
        return None


def _chart_texts(view: QChartView) -> list[str]:
    texts: list[str] = []
    for item in view.scene().items():
        if isinstance(item, QGraphicsTextItem):
            texts.append(item.toPlainText())
        elif isinstance(item, QGraphicsSimpleTextItem):
            texts.append(item.text())
    for axis in view.chart().axes():
        if isinstance(axis, QBarCategoryAxis):
            texts += axis.categories()
        elif isinstance(axis, QDateTimeAxis):  # what its ticks show, in the chart's locale
            first, last, count = axis.min(), axis.max(), max(axis.tickCount(), 2)
            step = first.msecsTo(last) // (count - 1)
            texts += [view.chart().locale().toString(first.addMSecs(step * n), axis.format())
                      for n in range(count)]
        elif isinstance(axis, QValueAxis):  # the tick values as Qt writes them (not every
            # Qt release puts value labels in the scene as text items)
            count = max(axis.tickCount(), 2)
            step = (axis.max() - axis.min()) / (count - 1)
            decimals = 0 if axis.labelFormat() in ("%.0f", "%d", "%i") else 1
            values = [axis.min() + step * n for n in range(count)]
            texts += [view.chart().locale().toString(v, "f", decimals)
                      if view.chart().localizeNumbers() else f"{v:.{decimals}f}" for v in values]
    return texts


def _view_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    columns = 1 if isinstance(view, QListView) else model.columnCount(QModelIndex())
    rows = model.rowCount(QModelIndex())
    texts = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
    texts += [str(model.headerData(r, Qt.Orientation.Vertical) or "")
              for r in range(min(rows, 50))]
    if isinstance(view.parent(), QCalendarWidget):  # its weekday names are its first row
        texts += [str(model.index(0, c).data() or "") for c in range(columns)]
    return texts


def visible_texts(root: QWidget) -> list[str]:
    """Buttons, labels, headers, tabs, lists, date edits (and their calendars), chart axes."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLabel):
            texts.append(TAG.sub(" ", widget.text()))
        elif isinstance(widget, QAbstractItemView):
            texts += _view_texts(widget)
        elif isinstance(widget, QChartView):
            texts += _chart_texts(widget)
        elif isinstance(widget, QDateEdit):
            texts.append(widget.text())
            if widget.calendarPopup():
                texts += visible_texts(widget.calendarWidget())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(n) for n in range(widget.count())]
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(n) for n in range(widget.count())]
    return [text for text in texts if text]


def english_in(texts: list[str]) -> list[str]:
    """The texts holding an English word, the mnemonic marks (&Yes) taken out."""
    return sorted({text.replace("&", "") for text in texts
                   if ENGLISH_WORDS.search(text.replace("&", ""))})


def test_the_word_list_finds_qt_english_and_passes_indonesian() -> None:
    assert english_in(["&Yes", "No", "Close", "1 December 2026", "30 May", "Mon", "OK"]) == [
        "1 December 2026", "30 May", "Close", "Mon", "No", "OK", "Yes"]
    assert english_in(["Ya", "Tidak", "Tutup", "Batal", "Terapkan", "1 Desember 2026",
                       "30 Mei", "Sen", "No. HP", "Nomor urut", "April", "Sep"]) == []


def test_every_page_and_dialog_speaks_indonesian(qtbot, indonesian_app, demo_db, settings_file,  # type: ignore[no-untyped-def]
                                                 shown_boxes) -> None:
    dialogs = RecordingDialogs()
    window = make_window(qtbot, demo_db, settings_file, dialogs)
    found: dict[str, list[str]] = {}
    try:
        for page in window.pages:
            window.show_page(page.key)
            wait_idle(qtbot)
            for tab in range(page.tabs.count()) if hasattr(page, "tabs") else [0]:
                if hasattr(page, "tabs"):
                    page.tabs.setCurrentIndex(tab)
                    wait_idle(qtbot)
                found[f"halaman {page.title}"] = visible_texts(window)
        pages = {page.key: page for page in window.pages}

        window.show_page("impor")  # the rollback confirmation, answered No
        wait_idle(qtbot)
        imports = pages["impor"]
        imports.view.selectRow(0)
        imports.rollback_selected()
        window.show_page("penugasan")
        wait_idle(qtbot)
        pages["penugasan"].show_history()
        wait_idle(qtbot)
        window.show_page("progres")
        pages["progres"].remind_teams()
        wait_idle(qtbot)
        window.show_page("surat")
        pages["surat"].new_letters()
        wait_idle(qtbot)
        admin = pages["admin"]
        window.show_page("admin")
        admin.tabs.setCurrentWidget(admin.users)
        wait_idle(qtbot)
        admin.users.add()
        Dialogs().inform(window, "Ekspor selesai", "12 baris ditulis.")
        Dialogs().show_error(window, RuntimeError("disk I/O error"))
        # history, reminders, letter, user
        assert len(dialogs.shown) == 4 and len(shown_boxes) == 3
        for dialog in [*dialogs.shown, *shown_boxes]:
            dialog.show()
            qtbot.waitExposed(dialog)
            found[f"dialog {dialog.windowTitle()}"] = visible_texts(dialog)
            dialog.close()

        progress = pages["progres"]
        window.show_page("progres")
        wait_idle(qtbot)
        axes = _chart_texts(progress.days) + _chart_texts(progress.bars)
        assert any(ascii_digits(text.split(" ")[0]) for text in axes)  # the days were read
        found["grafik Progres"] = axes
        # one number format: thousands with a dot on the axes too (8.000, not 8000)
        assert not [text for text in axes if re.search(r"\d{4}", text)]
    finally:
        for dialog in dialogs.shown:
            dialog.deleteLater()
    english = {where: english_in(texts) for where, texts in found.items() if english_in(texts)}
    assert english == {}
    # one date format: a date edit shows its day as the tables do ("1 Desember 2026")
    edits = [edit for root in [window, *dialogs.shown] for edit in root.findChildren(QDateEdit)]
    assert edits and all(edit.text() == format_date(edit.date().toPython()) for edit in edits)


def test_the_review_pane_writes_dates_as_the_tables_do() -> None:
    def version(birth: date) -> Version:
        return Version(nik="6371010101900001", kk=None, name="Siti Aminah", sex="P",
                       birth=birth, sls_code="6371010001000100", address="")

    line = PersonLine(match_id=1, category=ReconCategory.BEDA, method="nik", score=None,
                      differing=("birth_date",), person_key="6371010101900001",
                      other_key=None, online=version(date(2009, 8, 28)),
                      field=version(date(2009, 8, 27)), sls_code="6371010001000100",
                      action=None, reason="")
    shown = describe(line, full_nik=True)
    assert "<b>28 Agustus 2009</b>" in shown and "<b>27 Agustus 2009</b>" in shown
    assert "2009-08-2" not in shown


def test_the_daily_chart_writes_days_and_counts_in_indonesian(qtbot, indonesian_app) -> None:  # type: ignore[no-untyped-def]
    view = chart_view()
    qtbot.addWidget(view)
    show_days(view, [DayPoint(date(2026, 5, 30), 1200, 300),
                     DayPoint(date(2026, 8, 2), 8000, 2500)])
    view.resize(640, 360)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: "30 Mei" in _chart_texts(view))  # the axes laid out their ticks
    texts = _chart_texts(view)
    assert any(re.fullmatch(r"\d{1,3}\.\d{3}", text) for text in texts)  # 2.100, 8.000
    assert not [text for text in texts if re.search(r"\d{4}", text)]
    assert "30 Mei" in texts and not english_in(texts)
