"""Rekonsiliasi › KK berubah: online households the field found under another No. KK."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from desktop.recon.tables import ReconHouseholdTableModel
from desktop.widgets import fit_columns, make_table
from models.formatting import format_number
from models.recon.views import LinkedHousehold

TITLE = "KK berubah"


class HouseholdLinksTab(QWidget):
    """The list the page read with its summary; `show` takes it and whether it was cut."""

    def __init__(self, full_nik: bool) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.model = ReconHouseholdTableModel(self, full_nik)
        self.view: QTableView
        self.view, self.proxy = make_table(self.model, self)
        fit_columns(self.view)  # headers readable before the first read
        layout.addWidget(self.view, 1)
        self.show_links([], more=False)

    def show_links(self, links: list[LinkedHousehold], *, more: bool) -> None:
        self.model.set_rows(links)
        fit_columns(self.view)
        if more:
            self.note.setText(f"Ditampilkan {format_number(len(links))} ruta pertama, "
                              "urut SLS; masih ada ruta lain yang No. KK-nya berubah.")
        elif links:
            self.note.setText("Ruta online yang anggotanya ditemukan petugas dengan No. KK "
                              "lain (kartu keluarga diterbitkan ulang). Anggotanya dipasangkan "
                              "lewat skor; periksa bila jumlah anggotanya berbeda.")
        else:
            self.note.setText("Belum ada ruta yang No. KK-nya berubah antara SP Online dan "
                              "lapangan.")
