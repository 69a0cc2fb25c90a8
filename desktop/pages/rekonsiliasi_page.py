"""Rekonsiliasi: persons per source and per outcome category, by kecamatan."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop.context import IMPORTS, RECON, AppContext
from desktop.pages.base import Page, fit_columns, make_table, page_layout
from desktop.tables.source_table import SourceCountTableModel
from models.base import to_local
from models.formatting import format_datetime, format_number
from models.recon_queries import latest_run, source_counts


class RekonsiliasiPage(Page):
    key = "rekonsiliasi"
    title = "Rekonsiliasi"
    watches = frozenset({IMPORTS, RECON})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = page_layout(self, "Rekonsiliasi SP Online dan lapangan",
                             "Jumlah orang dari tiap sumber per kecamatan, dan hasil pencocokan "
                             "terakhir per kategori (cocok, beda, hanya online, hanya lapangan, "
                             "ganda, pindah, tidak valid).")
        self.status = QLabel()
        layout.addWidget(self.status)
        self.model = SourceCountTableModel(self)
        self.view, _ = make_table(self.model, self)
        layout.addWidget(self.view, 1)

    def load(self) -> None:
        with self.ctx.db.session() as session:
            rows = source_counts(session)
            run = latest_run(session)
            finished = to_local(run.finished_at) if run else None
        self.model.set_rows(rows)
        online = sum(r.online for r in rows)
        field = sum(r.field for r in rows)
        when = (f"Pencocokan terakhir: {format_datetime(finished)}." if finished
                else "Pencocokan belum pernah dijalankan.")
        self.status.setText(f"{format_number(online)} isian online · {format_number(field)} "
                            f"hasil lapangan. {when}")
        fit_columns(self.view)
