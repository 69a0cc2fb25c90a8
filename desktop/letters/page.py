"""Surat: make letters, and the register of issued letters with a preview of each file."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from desktop.context import LETTERS, AppContext
from desktop.dialogs import Dialogs
from desktop.letters.flow import open_letter_dialog, show_pdf
from desktop.letters.table import LetterTableModel
from desktop.page import Page
from desktop.widgets import allow, fit_columns, make_table, page_layout, search_box
from models.access import Permission
from models.formatting import format_number
from models.letters.progress import AreaScope
from models.letters.register import LetterRow, letter_rows


class SuratPage(Page):
    key = "surat"
    title = "Surat"
    watches = frozenset({LETTERS})

    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None) -> None:
        super().__init__(ctx, dialogs)
        layout = page_layout(self, "Surat",
                             "Surat progres kepada Wali Kota, camat dan lurah, surat kepatuhan "
                             "ASN kepada kepala OPD. Nomor B-NNN/<kode satker>/SS.3xx/BB/TTTT "
                             "diberikan saat terbit, unik per tahun.")
        bar = QHBoxLayout()
        self.new_button = QPushButton("Buat surat…")
        self.new_button.setShortcut(QKeySequence.StandardKey.New)
        self.new_button.setToolTip("Surat progres atau kepatuhan ASN (Ctrl+N)")
        self.new_button.clicked.connect(self.new_letters)
        self.preview_button = QPushButton("Pratinjau")
        self.preview_button.setToolTip("Tampilkan berkas surat terpilih (Enter atau klik ganda)")
        self.preview_button.clicked.connect(self.preview_selected)
        bar.addWidget(self.new_button)
        allow(ctx, Permission.ISSUE_LETTERS, self.new_button)
        bar.addWidget(self.preview_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model = LetterTableModel(self)
        self.view, self.proxy = make_table(self.model, self)
        self.view.doubleClicked.connect(self.preview_selected)
        self.view.activated.connect(self.preview_selected)
        layout.addWidget(search_box(self.proxy, self, "Cari nomor, hal, penerima… (Ctrl+F)"))
        self.summary = QLabel()
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)

    def load(self) -> None:
        self.read(letter_rows, self._show)

    def _show(self, rows: list[LetterRow]) -> None:
        self.model.set_rows(rows)
        self.summary.setText(f"{format_number(len(rows))} surat tercatat." if rows
                             else "Belum ada surat yang diterbitkan.")
        fit_columns(self.view)

    def new_letters(self) -> None:
        open_letter_dialog(self, self.ctx, self.dialogs, AreaScope.KOTA)

    def preview_selected(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            self.dialogs.inform(self, "Pratinjau", "Pilih surat di register lebih dahulu.")
            return
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        path = Path(row.file_path)
        if not row.file_path or not path.is_file():
            self.dialogs.inform(self, "Pratinjau", f"Berkas surat {row.number} tidak ditemukan "
                                                   f"({row.file_path or 'tidak tercatat'}). "
                                                   "Mungkin sudah dipindah atau dihapus.")
            return
        show_pdf(self, self.dialogs, path, f"{row.number} — {row.recipient}")
