"""Progres: online share against the target and field completion per area or officer, with
the week's change, a bar chart of the rows and the daily series."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter

from desktop.context import AREAS, ASSIGNMENTS, IMPORTS, OFFICERS, PROFILE, AppContext
from desktop.dialogs import Dialogs
from desktop.letters.flow import open_letter_dialog
from desktop.widgets import Page, allow, fit_columns, make_table, page_layout
from desktop.progress.charts import chart_view, show_bars, show_days
from desktop.progress.table import ProgressTableModel
from desktop.tasks import Op
from models.access import Permission
from models.formatting import format_date, format_number, format_percent
from models.progress.summary import LEVEL_LABELS, ProgressLevel, ProgressView, daily_series, progress_view
from models.progress.facts import ProgressFacts, load_facts
from models.letters.progress import AreaScope


class ProgresPage(Page):
    key = "progres"
    title = "Progres"
    watches = frozenset({AREAS, IMPORTS, PROFILE, ASSIGNMENTS, OFFICERS})

    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None) -> None:
        super().__init__(ctx)
        self.dialogs = dialogs or Dialogs()
        self.facts: ProgressFacts | None = None
        layout = page_layout(self, "Progres pencacahan",
                             "Isian SP Online dibanding perkiraan penduduk dan target kantor, "
                             "rumah tangga dicacah menurut rekap SLS atau hasil lapangan. Hijau: "
                             "target online tercapai; merah: belum.")
        bar = QHBoxLayout()
        self.level = QComboBox()
        for level in ProgressLevel:
            self.level.addItem(f"Per {LEVEL_LABELS[level]}", level)
        self.level.currentIndexChanged.connect(self._show)
        self.letter_button = QPushButton("Surat progres…")
        self.letter_button.setToolTip("Surat ke Wali Kota, camat atau lurah (Ctrl+P)")
        self.letter_button.setShortcut(QKeySequence("Ctrl+P"))
        self.letter_button.clicked.connect(self.write_letters)
        bar.addWidget(QLabel("Tingkat:"))
        bar.addWidget(self.level)
        bar.addStretch(1)
        bar.addWidget(self.letter_button)
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
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)

    def current_level(self) -> ProgressLevel:
        return self.level.currentData()

    def load(self) -> None:
        Op(self, self.ctx, lambda session, _p: load_facts(session), write=False,
           dialogs=self.dialogs).on_success(self._loaded).start()

    def _loaded(self, facts: ProgressFacts) -> None:
        self.facts = facts
        show_days(self.days, daily_series(facts))
        self._show()

    def _show(self) -> None:
        if self.facts is None:
            return
        level = self.current_level()
        view = progress_view(self.facts, level)
        self.model.set_level(level)
        self.model.set_rows(view.rows)
        self.total.setText(summary_text(view))
        show_bars(self.bars, view.rows, float(self.facts.online_target_pct))
        fit_columns(self.view, 220)

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
        f"+{format_number(total.field_week_change)}."
    )
