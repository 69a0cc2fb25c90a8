"""Wilayah: the area master as a tree, with an empty state that offers the demo city."""
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

from desktop.context import AREAS, ASSIGNMENTS, AppContext
from desktop.pages.base import Page, page_layout
from desktop.tables.area_tree import AreaTreeModel
from models.area_queries import AreaLevel, AreaRow, kecamatan_rows, kelurahan_rows, sls_rows
from models.formatting import format_number


class WilayahPage(Page):
    key = "wilayah"
    title = "Wilayah"
    watches = frozenset({AREAS, ASSIGNMENTS})
    demo_requested = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
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
        self.body = QStackedWidget()
        self.body.addWidget(empty_panel)
        self.body.addWidget(self.tree)
        layout.addWidget(self.body, 1)

    def _children(self, row: AreaRow) -> list[AreaRow]:
        with self.ctx.db.session() as session:
            if row.level is AreaLevel.KECAMATAN:
                return kelurahan_rows(session, row.id)
            return sls_rows(session, row.id)

    def load(self) -> None:
        with self.ctx.db.session() as session:
            rows = kecamatan_rows(session)
        self.model.set_top_level(rows)
        self.body.setCurrentWidget(self.tree if rows else self.empty.parentWidget())
        self.summary.setVisible(bool(rows))
        self.summary.setText(
            f"{format_number(len(rows))} kecamatan · "
            f"{format_number(sum(r.children for r in rows))} kelurahan/desa · "
            f"{format_number(sum(r.sls_count for r in rows))} SLS · "
            f"{format_number(sum(r.households for r in rows))} rumah tangga"
        )
        for column, width in ((0, 260), (1, 140), (2, 130), (3, 70), (4, 80), (5, 90)):
            self.tree.setColumnWidth(column, width)
