"""Surat: the register of issued letters with their official numbers."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop.context import LETTERS, AppContext
from desktop.pages.base import Page, fit_columns, make_table, page_layout, search_box
from desktop.tables.letter_table import LetterTableModel
from models.formatting import format_number
from models.registers import letter_rows


class SuratPage(Page):
    key = "surat"
    title = "Surat"
    watches = frozenset({LETTERS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = page_layout(self, "Register surat",
                             "Surat yang diterbitkan, bernomor B-NNN/<kode satker>/SS.3xx/BB/TTTT "
                             "dengan nomor urut unik per tahun.")
        self.model = LetterTableModel(self)
        self.view, self.proxy = make_table(self.model, self)
        layout.addWidget(search_box(self.proxy, self, "Cari nomor, hal, penerima… (Ctrl+F)"))
        self.summary = QLabel()
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)

    def load(self) -> None:
        with self.ctx.db.session() as session:
            rows = letter_rows(session)
        self.model.set_rows(rows)
        self.summary.setText(f"{format_number(len(rows))} surat tercatat." if rows
                             else "Belum ada surat yang diterbitkan.")
        fit_columns(self.view)
