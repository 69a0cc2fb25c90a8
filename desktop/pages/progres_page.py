"""Progres: field completion and online share per kecamatan against the office targets."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop.context import AREAS, IMPORTS, PROFILE, AppContext
from desktop.pages.base import Page, fit_columns, make_table, page_layout
from desktop.tables.progress_table import ProgressTableModel
from models.formatting import format_date, format_number, format_percent
from models.progress import city_total, progress_by_kecamatan


class ProgresPage(Page):
    key = "progres"
    title = "Progres"
    watches = frozenset({AREAS, IMPORTS, PROFILE})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = page_layout(self, "Progres pencacahan",
                             "Rumah tangga dicacah menurut rekap SLS terakhir, dan isian SP "
                             "Online dibanding perkiraan penduduk. Hijau: target online tercapai.")
        self.total = QLabel()
        self.total.setObjectName("summary")
        layout.addWidget(self.total)
        self.model = ProgressTableModel(self)
        self.view, _ = make_table(self.model, self)
        layout.addWidget(self.view, 1)

    def load(self) -> None:
        with self.ctx.db.session() as session:
            rows = progress_by_kecamatan(session)
        self.model.set_rows(rows)
        total = city_total(rows)
        last = f", laporan terakhir {format_date(total.last_report)}" if total.last_report else ""
        self.total.setText(
            f"Lapangan: {format_number(total.households_found)} dari "
            f"{format_number(total.expected_households)} ruta "
            f"({format_percent(total.field_pct)}){last}. "
            f"Online: {format_number(total.online_persons)} orang "
            f"({format_percent(total.online_pct)}; "
            f"target {format_percent(total.online_target_pct, 0)})."
        )
        fit_columns(self.view)
