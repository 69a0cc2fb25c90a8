"""Petugas: every officer with role, team and load; searchable and filterable by role."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel

from desktop.context import ASSIGNMENTS, OFFICERS, PROFILE, AppContext
from desktop.pages.base import Page, fit_columns, make_table, page_layout, search_box
from desktop.tables.officer_table import OfficerFilterProxy, OfficerTableModel
from models.formatting import format_number
from models.office_profile import get_profile, role_labels
from models.officer_queries import officer_rows
from models.officers import OfficerRole


class PetugasPage(Page):
    key = "petugas"
    title = "Petugas"
    watches = frozenset({OFFICERS, ASSIGNMENTS, PROFILE})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = page_layout(self, "Petugas lapangan")
        self.model = OfficerTableModel(self)
        self.proxy = OfficerFilterProxy(self)
        self.view, _ = make_table(self.model, self, self.proxy)
        bar = QHBoxLayout()
        self.search = search_box(self.proxy, self, "Cari nama, NIK, tim, kecamatan… (Ctrl+F)")
        bar.addWidget(self.search, 1)
        self.role_filter = QComboBox()
        self.role_filter.currentIndexChanged.connect(self._filter_role)
        bar.addWidget(self.role_filter)
        layout.addLayout(bar)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)

    def load(self) -> None:
        with self.ctx.db.session() as session:
            labels = role_labels(get_profile(session))
            rows = officer_rows(session)
        self.model.labels = labels
        self.model.set_rows(rows)
        chosen = self.role_filter.currentData()
        self.role_filter.blockSignals(True)
        self.role_filter.clear()
        self.role_filter.addItem("Semua jabatan", None)
        for role in OfficerRole:
            self.role_filter.addItem(labels[role], role)
        self.role_filter.setCurrentIndex(max(self.role_filter.findData(chosen), 0))
        self.role_filter.blockSignals(False)
        counts = {role: sum(1 for r in rows if r.role is role) for role in OfficerRole}
        self.summary.setText(" · ".join(
            f"{format_number(counts[role])} {labels[role]}" for role in OfficerRole))
        fit_columns(self.view)

    def _filter_role(self) -> None:
        self.proxy.set_role(self.role_filter.currentData())
