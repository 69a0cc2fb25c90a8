"""Wilayah: the area master as a tree, with an empty state that offers the demo city.

While the demo city is being written nothing is committed yet, so a read finds no
kecamatan: the page then says the demo is loading, never that the database is empty.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.areas.dialogs import AddSlsDialog, RenameDialog, SplitSlsDialog
from desktop.areas.tree import AreaTreeModel, Deliver
from desktop.context import AREAS, ASSIGNMENTS, IMPORTS, AppContext
from desktop.dialogs import Dialogs
from desktop.imports.master_flow import run_master_import
from desktop.page import Page
from desktop.tasks import Op
from desktop.widgets import allow, page_layout
from models.access import Permission
from models.areas import importing as wilayah_import
from models.areas.edit import add_sls, current_version, rename_area, split_sls
from models.areas.queries import AreaLevel, AreaRow, kecamatan_rows, kelurahan_rows, sls_rows
from models.formatting import format_number


class WilayahPage(Page):
    key = "wilayah"
    title = "Wilayah"
    watches = frozenset({AREAS, ASSIGNMENTS})
    demo_requested = Signal()

    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None) -> None:
        super().__init__(ctx, dialogs)
        layout = page_layout(self, "Wilayah kerja",
                             "Kecamatan › kelurahan/desa › SLS dengan kode BPS, kode Kemendagri "
                             "(yang dipakai di NIK), muatan rumah tangga dan PPL yang bertugas.")
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        layout.addWidget(self.summary)

        self.empty = QFrame()
        self.empty.setObjectName("emptyState")
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addWidget(QLabel(
            "<b>Database ini masih kosong.</b><br>Muat data contoh Kota Banjarmasin untuk "
            "mencoba aplikasi, atau impor master wilayah kantor Anda dari Excel."))
        buttons = QHBoxLayout()
        self.demo_button = QPushButton("Muat data contoh (Kota Banjarmasin)")
        self.demo_button.clicked.connect(self.demo_requested)
        buttons.addWidget(self.demo_button)
        first_import = QPushButton("Impor master wilayah…")
        first_import.clicked.connect(self.import_master)
        buttons.addWidget(first_import)
        allow(ctx, Permission.EDIT_SETTINGS, self.demo_button)
        allow(ctx, Permission.EDIT_MASTER, first_import)
        buttons.addStretch()
        empty_layout.addLayout(buttons)
        empty_panel = QWidget()
        panel_layout = QVBoxLayout(empty_panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        panel_layout.addWidget(self.empty)
        panel_layout.addStretch(1)

        self.model = AreaTreeModel(self._children)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.header().setStretchLastSection(True)
        self.tree.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.tree.doubleClicked.connect(lambda _: self.rename())
        bar = QHBoxLayout()
        self.import_button = self._button("Impor master wilayah…", self.import_master, bar)
        bar.addStretch(1)
        self.add_button = self._button("Tambah SLS…", self.add, bar)
        self.rename_button = self._button("Ganti nama…", self.rename, bar)
        self.split_button = self._button("Pecah SLS…", self.split, bar)
        allow(ctx, Permission.EDIT_MASTER, self.import_button, self.add_button, self.rename_button,
              self.split_button)
        layout.addLayout(bar)
        self.body = QStackedWidget()
        self.body.addWidget(empty_panel)
        self.body.addWidget(self.tree)
        self.body.setCurrentWidget(self.tree)  # until the first read says the database is empty
        self.summary.setText("Memuat…")
        layout.addWidget(self.body, 1)
        self._demo_loading = False

    @staticmethod
    def _button(text: str, slot, bar: QHBoxLayout) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text)
        button.clicked.connect(slot)
        bar.addWidget(button)
        return button

    def selected(self) -> tuple[AreaRow | None, AreaRow | None]:
        """The selected row and its parent row (the kelurahan of an SLS)."""
        index = self.tree.currentIndex()
        return self.model.row_at(index), self.model.row_at(index.parent())

    def _enable(self) -> None:
        row, _ = self.selected()
        level = row.level if row else None
        self.add_button.setEnabled(level in (AreaLevel.KELURAHAN, AreaLevel.SLS))
        self.rename_button.setEnabled(row is not None)
        self.split_button.setEnabled(level is AreaLevel.SLS)

    def import_master(self) -> Op | None:
        return run_master_import(self, self.ctx, self.dialogs, wilayah_import.FIELDS,
                                 wilayah_import.KIND, wilayah_import.import_wilayah,
                                 "Impor master wilayah", (AREAS, ASSIGNMENTS, IMPORTS))

    def add(self) -> None:
        row, parent = self.selected()
        kelurahan = row if row and row.level is AreaLevel.KELURAHAN else parent
        if kelurahan is None or kelurahan.level is not AreaLevel.KELURAHAN:
            return
        dialog = AddSlsDialog(kelurahan.name, self)
        if self.dialogs.run(dialog):
            self.apply_edit(lambda s: add_sls(
                s, kelurahan.id, dialog.number.text(), dialog.name.text(),
                households=dialog.households.value(), population=dialog.population.value()),
                AREAS, ASSIGNMENTS)

    def rename(self) -> None:
        row, _ = self.selected()
        if row is None or not self.ctx.can(Permission.EDIT_MASTER):  # a double click
            return
        self.read(lambda s: current_version(s, row.level, row.id),
                  lambda version: self._rename(row, version), slot="edit")

    def _rename(self, row: AreaRow, version: int) -> None:
        """The form, once the version it will be saved against has been read."""
        dialog = RenameDialog(f"{row.level.value.capitalize()} {row.bps_code}", row.name, self)
        if self.dialogs.run(dialog):
            name = dialog.name.text()
            self.apply_edit(lambda s: rename_area(s, row.level, row.id, name,
                                                                seen_version=version),
                            AREAS, ASSIGNMENTS)

    def split(self) -> None:
        row, _ = self.selected()
        if row is None or row.level is not AreaLevel.SLS:
            return
        self.read(lambda s: current_version(s, row.level, row.id),
                  lambda version: self._split(row, version), slot="edit")

    def _split(self, row: AreaRow, version: int) -> None:
        dialog = SplitSlsDialog(row.name, row.households, self)
        if self.dialogs.run(dialog):
            by = self.ctx.username
            parts = dialog.values()
            self.apply_edit(lambda s: split_sls(s, row.id, parts,
                                                              seen_version=version, by=by),
                            AREAS, ASSIGNMENTS)

    def _children(self, row: AreaRow, deliver: Deliver) -> None:
        # One slot per branch: opening two branches at once loads both.
        children = kelurahan_rows if row.level is AreaLevel.KECAMATAN else sls_rows
        self.read(lambda s: children(s, row.id), deliver, slot=f"{row.level.value}:{row.id}")

    def set_demo_loading(self, loading: bool) -> None:
        """The window's demo load started or ended (done, cancelled or refused)."""
        self._demo_loading = loading
        if loading:
            if not self.model.rowCount():  # a filled database refuses the demo: keep its rows
                self._show_demo_loading()
        elif self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def _show_demo_loading(self) -> None:
        self.body.setCurrentWidget(self.tree)
        self.summary.setVisible(True)
        self.summary.setText("Memuat data contoh Kota Banjarmasin…")

    def load(self) -> None:
        self.read(kecamatan_rows, self._show)

    def _show(self, rows: list[AreaRow]) -> None:
        if not rows and self._demo_loading:  # not committed yet: not an empty database
            self._show_demo_loading()
            return
        self.model.set_top_level(rows)
        self.body.setCurrentWidget(self.tree if rows else self.empty.parentWidget())
        self.summary.setVisible(bool(rows))
        self.summary.setText(
            f"{format_number(len(rows))} kecamatan · "
            f"{format_number(sum(r.children for r in rows))} kelurahan/desa · "
            f"{format_number(sum(r.sls_count for r in rows))} SLS · "
            f"{format_number(sum(r.households for r in rows))} rumah tangga"
        )
        self._enable()
        for column, width in ((0, 260), (1, 140), (2, 130), (3, 70), (4, 80), (5, 90)):
            self.tree.setColumnWidth(column, width)
