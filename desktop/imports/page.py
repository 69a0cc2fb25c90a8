"""Impor: SP Online and field results brought in from files, the batch register, the recap grid."""
from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop.context import AREAS, IMPORTS, RECON, AppContext
from desktop.dialogs import Dialogs
from desktop.imports.batch_table import KIND_TEXT, BatchTableModel
from desktop.imports.master_flow import run_master_import
from desktop.imports.person_flow import run_person_import
from desktop.imports.progress_strip import ImportProgressPanel
from desktop.imports.recap_grid import RecapGrid
from desktop.page import Page
from desktop.tasks import Op
from desktop.widgets import allow, fit_columns, make_table, page_layout, search_box
from models.access import Permission
from models.formatting import format_number
from models.persons import recap as sls_recap
from models.persons.batch_register import BatchRow, batch_rows
from models.persons.rollback import rollback_batch
from models.schema.batches import BatchStatus, ImportKind


class ImporPage(Page):
    key = "impor"
    title = "Impor"
    watches = frozenset({IMPORTS, AREAS})

    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None) -> None:
        super().__init__(ctx, dialogs)
        layout = page_layout(self, "Impor data",
                             "Isian SP Online dan hasil lapangan dari Excel (xlsx, xls, xlsb, ods, "
                             "csv). Setiap berkas tercatat sebagai satu batch yang dapat "
                             "dibatalkan; berkas yang sama persis tidak diimpor dua kali.")
        actions = QHBoxLayout()
        self.online_button = QPushButton("Impor SP Online… (Ctrl+O)")
        self.online_button.clicked.connect(lambda: self.import_persons(ImportKind.ONLINE))
        self.field_button = QPushButton("Impor hasil lapangan… (Ctrl+L)")
        self.field_button.clicked.connect(lambda: self.import_persons(ImportKind.LAPANGAN))
        self.recap_button = QPushButton("Impor rekap SLS…")
        self.recap_button.clicked.connect(self.import_recap)
        self.rollback_button = QPushButton("Batalkan batch…")
        self.rollback_button.setToolTip("Hapus baris batch terpilih; versi sebelumnya berlaku "
                                        "lagi (Delete)")
        self.rollback_button.clicked.connect(self.rollback_selected)
        for button in (self.online_button, self.field_button, self.recap_button):
            actions.addWidget(button)
        actions.addStretch()
        actions.addWidget(self.rollback_button)
        layout.addLayout(actions)
        self.progress = ImportProgressPanel(self)
        layout.addWidget(self.progress)

        self.tabs = QTabWidget()
        history = QWidget()
        history_layout = QVBoxLayout(history)
        self.model = BatchTableModel(self)
        self.view, self.proxy = make_table(self.model, history)
        history_layout.addWidget(search_box(self.proxy, history, "Cari nama berkas… (Ctrl+F)"))
        self.summary = QLabel()
        history_layout.addWidget(self.summary)
        history_layout.addWidget(self.view, 1)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.tabs.addTab(history, "Riwayat impor")
        self.recap = RecapGrid(ctx, self.dialogs)
        self.tabs.addTab(self.recap, "Rekap SLS harian")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)
        QShortcut(QKeySequence("Ctrl+O"), self,
                  lambda: self.import_persons(ImportKind.ONLINE))
        QShortcut(QKeySequence("Ctrl+L"), self,
                  lambda: self.import_persons(ImportKind.LAPANGAN))
        rollback_key = QShortcut(QKeySequence.StandardKey.Delete, self.view,
                                 self.rollback_selected)
        QShortcut(QKeySequence("Esc"), self, self.progress.cancel.click)
        allow(ctx, Permission.ROLLBACK_IMPORT, self.rollback_button, rollback_key)
        self._selection_changed()

    def load(self) -> None:
        self.read(batch_rows, self._show)
        if self.tabs.currentWidget() is self.recap:
            self.recap.load_choices()

    def _show(self, rows: list[BatchRow]) -> None:
        self.model.set_rows(rows)
        active = [r for r in rows if r.status is BatchStatus.AKTIF]
        self.summary.setText(
            f"{format_number(len(rows))} batch ({format_number(len(active))} aktif) · "
            f"{format_number(sum(r.inserted + r.updated for r in active))} baris tersimpan"
            if rows else "Belum ada berkas yang diimpor.")
        fit_columns(self.view)
        self._selection_changed()

    def _tab_changed(self) -> None:
        if self.tabs.currentWidget() is self.recap:
            self.recap.load_choices()

    def import_persons(self, kind: ImportKind) -> Op | None:
        return run_person_import(self, self.ctx, self.dialogs, kind, self.progress)

    def import_recap(self) -> Op | None:
        return run_master_import(self, self.ctx, self.dialogs, sls_recap.FIELDS, sls_recap.KIND,
                                 sls_recap.import_recap, "Impor rekap SLS", (IMPORTS, RECON))

    def selected_batch(self) -> BatchRow | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row())

    def _selection_changed(self) -> None:
        batch = self.selected_batch()
        self.rollback_button.setEnabled(batch is not None
                                        and batch.status is BatchStatus.AKTIF)

    def rollback_selected(self) -> None:
        batch = self.selected_batch()
        if (batch is None or batch.status is not BatchStatus.AKTIF
                or not self.ctx.can(Permission.ROLLBACK_IMPORT)):
            return
        question = (f"Batalkan batch #{batch.id} ({KIND_TEXT[batch.kind]}, {batch.file_name})?"
                    f"\n\n{format_number(batch.inserted + batch.updated)} baris dari batch ini "
                    "dihapus; data yang diganti olehnya berlaku lagi. Catatan batch tetap ada "
                    "di riwayat dengan status Dibatalkan.")
        if not self.dialogs.ask(self, "Batalkan batch", question):
            return
        (Op(self, self.ctx, lambda s, p: rollback_batch(s, batch.id), dialogs=self.dialogs)
         .with_progress(f"Membatalkan batch #{batch.id}…")
         .on_success(lambda result: self._rolled_back(result))
         .start())

    def _rolled_back(self, result) -> None:  # type: ignore[no-untyped-def]
        self.ctx.changed(IMPORTS, RECON)
        self.dialogs.inform(self, "Batalkan batch",
                            f"Batch #{result.batch_id} dibatalkan: {format_number(result.removed)}"
                            f" baris dihapus, {format_number(result.restored)} versi lama "
                            "berlaku lagi.")
