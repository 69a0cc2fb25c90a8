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
from desktop.qt_texts import DATE_FORMAT
from desktop.tasks import Op, Reads
from models.assignment.queries import KecamatanChoice, kecamatan_choices
from models.persons.recap import RecapRow, recap_rows, save_recaps


class RecapGrid(QWidget):
    def __init__(self, ctx: AppContext, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialogs = dialogs
        self.reads = Reads(self, ctx)
        self.saved_note = ""  # what the last save stored, until the next edit
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Kecamatan:"))
        self.kecamatan = QComboBox()
        self.kecamatan.currentIndexChanged.connect(self._moved)
        bar.addWidget(self.kecamatan, 1)
        bar.addWidget(QLabel("Tanggal laporan:"))
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(DATE_FORMAT)
        self.day.dateChanged.connect(self._moved)
        bar.addWidget(self.day)
        self.save_button = QPushButton("Simpan rekap (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        bar.addWidget(self.save_button)
        layout.addLayout(bar)
        self.note = QLabel()
        layout.addWidget(self.note)
        self.model = RecapTableModel(self)
        self.model.dataChanged.connect(self._edited)
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
        self.reads.start(kecamatan_choices, self._fill_choices, self.dialogs, slot="choices")

    def _fill_choices(self, choices: list[KecamatanChoice]) -> None:
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
            self.reads.forget()
            self.model.set_rows([], self.report_date)
            self.note.setText("Belum ada master wilayah.")
            return
        day = self.report_date
        self.reads.start(lambda s: recap_rows(s, kecamatan_id, day),
                         lambda rows: self._show(rows, day), self.dialogs)

    def _show(self, rows: list[RecapRow], day: date) -> None:
        self.model.set_rows(rows, day)
        self.view.resizeColumnsToContents()
        self._count_edits()

    def _moved(self) -> None:
        self.saved_note = ""  # another kecamatan or date: the last save is not about it
        self.reload()

    def _edited(self) -> None:
        self.saved_note = ""
        self._count_edits()

    def _count_edits(self) -> None:
        edited = len(self.model.edited())
        stored = self.model.stored_count()
        self.note.setText(f"{self.saved_note}{self.model.rowCount()} SLS · {stored} sudah ada "
                          f"rekapnya pada tanggal ini · {edited} diubah belum disimpan. Ketik "
                          "angka langsung di sel; laki-laki + perempuan harus sama dengan "
                          "penduduk.")
        self.save_button.setEnabled(edited > 0)

    def save(self) -> None:
        entries = self.model.edited()
        if not entries:
            return
        by = self.ctx.username
        self.save_button.setEnabled(False)  # one save at a time; the reload enables it again
        (Op(self, self.ctx, lambda s, _p: save_recaps(s, entries, entered_by=by),
            dialogs=self.dialogs)
         .on_success(self._saved).on_failure(lambda _e: self._count_edits()).start())

    def _saved(self, counts: object) -> None:
        self.saved_note = f"Tersimpan: {counts}. "  # shown with the rows read again
        self.ctx.changed(IMPORTS, RECON)
        self.reload()
