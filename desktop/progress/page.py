"""Progres: online share against the target and field completion per area or officer, with
the week's change, a bar chart of the rows and the daily series."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter
from sqlalchemy.orm import Session

from desktop.context import AREAS, ASSIGNMENTS, IMPORTS, OFFICERS, PROFILE, SCHEDULE, AppContext
from desktop.dialogs import Dialogs
from desktop.letters.flow import open_letter_dialog
from desktop.page import Page
from desktop.progress.charts import chart_view, show_bars, show_days
from desktop.progress.reminder_dialog import open_reminder_dialog
from desktop.progress.table import (
    FOCUS_LABELS,
    ProgressFocus,
    ProgressTableModel,
    forecast_text,
)
from desktop.widgets import allow, fit_columns, make_table, page_layout
from models.access import Permission
from models.formatting import format_date, format_number, format_percent
from models.letters.progress import AreaScope
from models.progress.facts import ProgressFacts, load_facts
from models.progress.summary import (
    LEVEL_LABELS,
    DayPoint,
    PlannedPoint,
    ProgressLevel,
    ProgressRow,
    ProgressView,
    daily_series,
    planned_series,
    progress_view,
    share,
)
from models.schedule.standing import ScheduleStatus

FOCUSES = {focus.value for focus in ProgressFocus}


class ProgresPage(Page):
    key = "progres"
    title = "Progres"
    watches = frozenset({AREAS, IMPORTS, PROFILE, ASSIGNMENTS, OFFICERS, SCHEDULE})

    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None) -> None:
        super().__init__(ctx, dialogs)
        self.facts: ProgressFacts | None = None
        layout = page_layout(self, "Progres pencacahan",
                             "Rumah tangga dicacah (rekap SLS atau hasil lapangan) dan isian SP "
                             "Online, dibanding jadwal dan target kantor. Hijau: sesuai jadwal "
                             "atau selesai; merah: tertinggal, merah tua: jauh tertinggal (tanpa "
                             "jadwal: dibanding target).")
        bar = QHBoxLayout()
        self.level = QComboBox()
        for level in ProgressLevel:
            self.level.addItem(f"Per {LEVEL_LABELS[level]}", level)
        self.level.currentIndexChanged.connect(self._show)
        self.focus = QComboBox()
        self.focus.setAccessibleName("Tampilkan")
        for focus in ProgressFocus:
            self.focus.addItem(FOCUS_LABELS[focus], focus)
        remembered = ctx.settings.choice("progres/focus", ProgressFocus.FIELD.value)
        if remembered in FOCUSES:  # a value from another version is ignored
            self.focus.setCurrentIndex(self.focus.findData(ProgressFocus(remembered)))
        self.focus.currentIndexChanged.connect(self._focus_chosen)
        self.letter_button = QPushButton("Surat progres…")
        self.letter_button.setToolTip("Surat ke Wali Kota, camat atau lurah (Ctrl+P)")
        self.letter_button.setShortcut(QKeySequence("Ctrl+P"))
        self.letter_button.clicked.connect(self.write_letters)
        self.reminder_button = QPushButton("Pengingat tim…")
        self.reminder_button.setToolTip("Status tiap tim dan Koseka: pesan untuk grup WhatsApp "
                                        "atau PDF satu halaman")
        self.reminder_button.clicked.connect(self.remind_teams)
        bar.addWidget(QLabel("Tingkat:"))
        bar.addWidget(self.level)
        bar.addWidget(QLabel("Tampilkan:"))
        bar.addWidget(self.focus)
        bar.addStretch(1)
        bar.addWidget(self.letter_button)
        bar.addWidget(self.reminder_button)
        allow(ctx, Permission.ISSUE_LETTERS, self.letter_button)
        layout.addLayout(bar)
        self.total = QLabel("Memuat…")
        self.total.setObjectName("summary")
        self.total.setWordWrap(True)
        layout.addWidget(self.total)
        split = QSplitter(Qt.Orientation.Vertical)  # the table above, both charts below
        self.model = ProgressTableModel(self)
        self.view, self.proxy = make_table(self.model, split)
        split.addWidget(self.view)
        charts = QSplitter(Qt.Orientation.Horizontal)
        self.bars, self.days = chart_view(), chart_view()
        charts.addWidget(self.bars)
        charts.addWidget(self.days)
        split.addWidget(charts)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)  # room for 15 named bars
        split.setSizes([200, 300])  # scaled to the height the page gets
        layout.addWidget(split, 1)

    def current_level(self) -> ProgressLevel:
        return self.level.currentData()

    def current_focus(self) -> ProgressFocus:
        return self.focus.currentData()

    def _focus_chosen(self) -> None:
        self.ctx.settings.set_choice("progres/focus", self.current_focus().value)
        self._show()

    def load(self) -> None:
        level = self.current_level()

        def work(session: Session) -> tuple[ProgressFacts, list[DayPoint], list[PlannedPoint],
                                            ProgressView]:
            # summed in the background too: for a province, a second of arithmetic
            facts = load_facts(session)
            return facts, daily_series(facts), planned_series(facts), progress_view(facts, level)

        self.read(work, lambda loaded: self._loaded(level, *loaded))

    def _loaded(self, level: ProgressLevel, facts: ProgressFacts, days: list[DayPoint],
                planned: list[PlannedPoint], view: ProgressView) -> None:
        self.facts = facts
        show_days(self.days, days, planned)
        if level is self.current_level():
            self._show_view(level, view)
        else:  # chosen while it loaded
            self._show()

    def _show(self) -> None:
        if self.facts is not None:
            level = self.current_level()
            self._show_view(level, progress_view(self.facts, level))

    def _show_view(self, level: ProgressLevel, view: ProgressView) -> None:
        if self.facts is None:
            return
        focus, calendar = self.current_focus(), self.facts.calendar
        scheduled = (calendar.online is not None if focus is ProgressFocus.ONLINE
                     else calendar.field is not None or bool(calendar.kecamatan_field))
        self.model.set_level(level, focus, scheduled=scheduled)
        self.model.set_rows(view.rows)
        self.total.setText(summary_text(view))
        show_bars(self.bars, view.rows, float(self.facts.online_target_pct), level)
        fit_columns(self.view, 220)

    def remind_teams(self) -> None:
        open_reminder_dialog(self, self.ctx, self.dialogs)

    def write_letters(self) -> None:
        scope = {ProgressLevel.KELURAHAN: AreaScope.KECAMATAN,
                 ProgressLevel.SLS: AreaScope.KELURAHAN}.get(self.current_level(), AreaScope.KOTA)
        open_letter_dialog(self, self.ctx, self.dialogs, scope)


def summary_text(view: ProgressView) -> str:
    total = view.total
    if view.day is None:
        return "Belum ada isian online atau hasil lapangan."
    return (
        f"Sampai {format_date(view.day)}: online {format_number(total.online_persons)} orang "
        f"({format_percent(total.online_pct)} dari perkiraan penduduk; target "
        f"{format_percent(total.online_target_pct, 0)}), seminggu terakhir "
        f"+{format_number(total.online_week_change)}. Lapangan "
        f"{format_number(total.households_found)} dari {format_number(total.expected_households)}"
        f" ruta ({format_percent(total.field_pct)}), seminggu terakhir "
        f"+{format_number(total.field_week_change)}.{schedule_text(total)}"
    )


def schedule_text(total: ProgressRow) -> str:
    """The field work against the calendar's plan, when the calendar plans it."""
    status = total.field_status
    if status in (ScheduleStatus.TIDAK_DIJADWALKAN, ScheduleStatus.TANPA_TARGET):
        return ""
    planned = share(total.expected_households_today, total.expected_households)
    text = (f" Menurut jadwal seharusnya {format_number(total.expected_households_today)} ruta "
            f"({format_percent(planned)}): {status.label}")
    if status.behind:
        text += f", kurang {format_number(total.field_gap)} ruta"
    finish = forecast_text(total.field_forecast)
    return f"{text}; perkiraan selesai {finish}." if finish else f"{text}."
