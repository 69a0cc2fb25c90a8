"""Typing the per-SLS field recap of one kecamatan for one date (the Impor page's second tab)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.context import IMPORTS, RECON, AppContext
from desktop.dialogs import Dialogs
from desktop.imports.recap_table import RecapTableModel
from models.assignment.queries import kecamatan_choices
from models.errors import KendaliError
from models.persons.recap import recap_rows, save_recaps


class RecapGrid(QWidget):
    def __init__(self, ctx: AppContext, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialogs = dialogs
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Kecamatan:"))
        self.kecamatan = QComboBox()
        self.kecamatan.currentIndexChanged.connect(self.reload)
        bar.addWidget(self.kecamatan, 1)
        bar.addWidget(QLabel("Tanggal laporan:"))
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.day.dateChanged.connect(self.reload)
        bar.addWidget(self.day)
        self.save_button = QPushButton("Simpan rekap (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        bar.addWidget(self.save_button)
        layout.addLayout(bar)
        self.note = QLabel()
        layout.addWidget(self.note)
        self.model = RecapTableModel(self)
        self.model.dataChanged.connect(self._count_edits)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                  | QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        layout.addWidget(self.view, 1)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

    @property
    def report_date(self) -> date:
        return self.day.date().toPython()  # type: ignore[no-any-return]

    def load_choices(self) -> None:
        with self.ctx.db.session() as session:
            choices = kecamatan_choices(session)
        current = self.kecamatan.currentData()
        self.kecamatan.blockSignals(True)
        self.kecamatan.clear()
        for choice in choices:
            self.kecamatan.addItem(f"{choice.code} {choice.name}", choice.id)
        index = self.kecamatan.findData(current)
        self.kecamatan.setCurrentIndex(max(index, 0))
        self.kecamatan.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        kecamatan_id = self.kecamatan.currentData()
        if kecamatan_id is None:
            self.model.set_rows([], self.report_date)
            self.note.setText("Belum ada master wilayah.")
            return
        with self.ctx.db.session() as session:
            rows = recap_rows(session, kecamatan_id, self.report_date)
        self.model.set_rows(rows, self.report_date)
        self.view.resizeColumnsToContents()
        self._count_edits()

    def _count_edits(self) -> None:
        edited = len(self.model.edited())
        stored = self.model.stored_count()
        self.note.setText(f"{self.model.rowCount()} SLS · {stored} sudah ada rekapnya pada "
                          f"tanggal ini · {edited} diubah belum disimpan. Ketik angka langsung "
                          "di sel; laki-laki + perempuan harus sama dengan penduduk.")
        self.save_button.setEnabled(edited > 0)

    def save(self) -> None:
        entries = self.model.edited()
        if not entries:
            return
        try:
            with self.ctx.db.session() as session:
                counts = save_recaps(session, entries, self.ctx.username)
        except KendaliError as error:
            self.dialogs.show_error(self, error)
            return
        self.ctx.changed(IMPORTS, RECON)
        self.reload()
        self.note.setText(f"Tersimpan: {counts}. " + self.note.text())
