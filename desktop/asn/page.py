"""Kepatuhan ASN: each OPD's share of civil servants who filled SP Online, ranked, and who
has not filled yet."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from desktop.asn.import_dialog import AsnImportDialog
from desktop.asn.tables import AgencyTableModel, AsnTableModel
from desktop.context import IMPORTS, AppContext
from desktop.dialogs import Dialogs
from desktop.imports.master_flow import run_master_import
from desktop.letters.flow import open_letter_dialog
from desktop.page import Page
from desktop.tasks import Op
from desktop.widgets import allow, fit_columns, make_table, page_layout, search_box
from models.access import Permission
from models.asn import importing as asn_import
from models.asn import replacement as asn_replacement
from models.asn.compliance import AgencyCompliance, AsnLine, compliance, employees
from models.asn.replacement import ListReplacement
from models.errors import KendaliError
from models.formatting import format_number, format_percent
from models.letters.requests import OPD
from models.progress.summary import share
from models.sheets.columns import ColumnMapping

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Loaded:
    ranking: list[AgencyCompliance]


class AsnPage(Page):
    key = "asn"
    title = "Kepatuhan ASN"
    watches = frozenset({IMPORTS})

    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None) -> None:
        super().__init__(ctx, dialogs)
        layout = page_layout(self, "Kepatuhan ASN mengisi SP Online",
                             "ASN wajib mengisi sensus secara online. Impor daftar ASN tiap OPD "
                             "(nama, NIP, NIK, unit kerja); yang NIK-nya ada di isian SP Online "
                             "dihitung sudah mengisi.")
        bar = QHBoxLayout()
        self.import_button = QPushButton("Impor daftar ASN…")
        self.import_button.setShortcut(QKeySequence("Ctrl+I"))
        self.import_button.setToolTip("Daftar satu OPD, atau semua OPD dengan kolom OPD (Ctrl+I)")
        self.import_button.clicked.connect(self.import_list)
        self.letter_button = QPushButton("Surat ke OPD…")
        self.letter_button.setShortcut(QKeySequence("Ctrl+P"))
        self.letter_button.setToolTip("Surat kepada kepala OPD dengan daftar ASN yang belum "
                                      "mengisi (Ctrl+P)")
        self.letter_button.clicked.connect(
            lambda: open_letter_dialog(self, self.ctx, self.dialogs, OPD))
        for button in (self.import_button, self.letter_button):
            bar.addWidget(button)
        allow(ctx, Permission.IMPORT_DATA, self.import_button)
        allow(ctx, Permission.ISSUE_LETTERS, self.letter_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        self.agency_model = AgencyTableModel(self)
        self.agency_view, self.agency_proxy = make_table(self.agency_model, split)
        self.agency_view.selectionModel().currentRowChanged.connect(self._show_employees)
        split.addWidget(self.agency_view)
        lower = QWidget()
        lower_layout = QHBoxLayout()
        self.only_waiting = QCheckBox("Hanya yang belum mengisi")
        self.only_waiting.setChecked(True)
        self.only_waiting.toggled.connect(self._show_employees)
        self.employee_model = AsnTableModel(self)
        self.employee_view, employee_proxy = make_table(self.employee_model, lower)
        lower_layout.addWidget(self.only_waiting)
        lower_layout.addWidget(search_box(employee_proxy, lower, "Cari nama, NIP, unit… (Ctrl+F)"),
                               1)
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(lower_layout)
        column.addWidget(self.employee_view, 1)
        split.addWidget(lower)
        layout.addWidget(split, 1)

    def load(self) -> None:
        self.read(lambda s: _Loaded(compliance(s)), self._loaded)

    def _loaded(self, loaded: _Loaded) -> None:
        ranking = loaded.ranking
        self.agency_model.set_rows(ranking)
        staff = sum(a.employees for a in ranking)
        filled = sum(a.filled for a in ranking)
        self.summary.setText(
            f"{format_number(len(ranking))} OPD, {format_number(staff)} ASN; "
            f"{format_number(filled)} sudah mengisi ({format_percent(share(filled, staff))}), "
            f"{format_number(staff - filled)} belum." if ranking
            else "Belum ada daftar ASN. Impor daftar ASN tiap OPD (Ctrl+I).")
        fit_columns(self.agency_view)
        if ranking and not self.agency_view.currentIndex().isValid():
            self.agency_view.setCurrentIndex(self.agency_proxy.index(0, 0))
        self._show_employees()

    def _show_employees(self) -> None:
        index = self.agency_view.currentIndex()
        if not index.isValid():
            self._reads.forget("employees")  # an agency chosen before would fill it again
            self.employee_model.set_rows([])
            return
        agency = self.agency_model.row_at(self.agency_proxy.mapToSource(index).row())
        agency_id, waiting = agency.agency_id, self.only_waiting.isChecked()
        self.read(lambda s: employees(s, agency_id, only_not_filled=waiting),
                  self._show_rows, slot="employees")

    def _show_rows(self, rows: list[AsnLine]) -> None:
        self.employee_model.set_rows(rows)
        fit_columns(self.employee_view)

    def import_list(self) -> Op | None:
        agencies = [a.name for a in self.agency_model.rows()]
        return run_master_import(
            self, self.ctx, self.dialogs, asn_import.FIELDS, asn_import.KIND,
            asn_import.import_asn, "Impor daftar ASN", (IMPORTS,),
            make_dialog=lambda preview, reinspect: AsnImportDialog(
                preview, reinspect, agencies, self, dialogs=self.dialogs,
                count_lists=lambda mapping, sheet, agency: self.count_lists(
                    preview.path, mapping, sheet, agency)),
            options=lambda dialog: {"agency": dialog.agency_name})

    def count_lists(self, path: Path, mapping: ColumnMapping, sheet: str,
                    agency: str | None) -> list[ListReplacement]:
        """The stored lists importing `path` would replace, with their counts, asked before
        the dialog closes. A database that cannot answer refuses the import: a list is never
        replaced without the question."""
        try:
            with self.ctx.db.session() as session:
                return asn_replacement.replaced_lists(session, path, mapping, sheet=sheet,
                                                      agency=agency)
        except SQLAlchemyError as exc:
            log.warning("ASN lists to replace not counted: %s", exc)
            raise KendaliError("Jumlah ASN pada daftar yang akan diganti tidak dapat dihitung "
                               "karena database tidak dapat dibaca saat ini; tidak ada yang "
                               "diimpor. Coba lagi sebentar lagi.", str(exc)) from exc
