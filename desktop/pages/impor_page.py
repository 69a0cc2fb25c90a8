"""Impor: every batch brought in from files, newest first."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop.context import IMPORTS, AppContext
from desktop.pages.base import Page, fit_columns, make_table, page_layout, search_box
from desktop.tables.batch_table import BatchTableModel
from models.formatting import format_number
from models.registers import batch_rows


class ImporPage(Page):
    key = "impor"
    title = "Impor"
    watches = frozenset({IMPORTS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = page_layout(self, "Riwayat impor",
                             "Setiap berkas Excel yang diimpor tercatat sebagai satu batch: "
                             "nama berkas, sidik (SHA-256), jumlah baris, siapa dan kapan.")
        self.model = BatchTableModel(self)
        self.view, self.proxy = make_table(self.model, self)
        layout.addWidget(search_box(self.proxy, self, "Cari nama berkas… (Ctrl+F)"))
        self.summary = QLabel()
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)

    def load(self) -> None:
        with self.ctx.db.session() as session:
            rows = batch_rows(session)
        self.model.set_rows(rows)
        self.summary.setText(
            f"{format_number(len(rows))} batch · "
            f"{format_number(sum(r.inserted for r in rows))} baris tersimpan"
            if rows else "Belum ada berkas yang diimpor.")
        fit_columns(self.view)
