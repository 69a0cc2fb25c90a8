"""Penugasan: how much is assigned, teams and each PPL's load against capacity."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from desktop.context import AREAS, ASSIGNMENTS, OFFICERS, PROFILE, AppContext
from desktop.pages.base import Page, fit_columns, make_table, page_layout, search_box
from desktop.tables.officer_table import OfficerFilterProxy, OfficerTableModel
from desktop.tables.team_table import TeamTableModel
from models.formatting import format_number
from models.office_profile import get_profile, role_labels
from models.officer_queries import assignment_summary, officer_rows, team_rows
from models.officers import OfficerRole


def _card(title: str) -> tuple[QWidget, QLabel]:
    card = QWidget()
    card.setObjectName("card")
    layout = QVBoxLayout(card)
    value = QLabel("–")
    value.setObjectName("cardValue")
    caption = QLabel(title)
    caption.setObjectName("cardCaption")
    caption.setWordWrap(True)
    layout.addWidget(value)
    layout.addWidget(caption)
    return card, value


class PenugasanPage(Page):
    key = "penugasan"
    title = "Penugasan"
    watches = frozenset({AREAS, OFFICERS, ASSIGNMENTS, PROFILE})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = page_layout(self, "Penugasan dan beban kerja")
        cards = QHBoxLayout()
        card, self.assigned_value = _card("SLS sudah ditugaskan")
        cards.addWidget(card)
        card, self.unassigned_value = _card("SLS belum ditugaskan")
        cards.addWidget(card)
        card, self.ppl_value = _card("Pencacah aktif")
        cards.addWidget(card)
        card, self.over_value = _card("Pencacah melebihi kapasitas")
        self.over_caption = card.findChildren(QLabel)[-1]
        cards.addWidget(card)
        layout.addLayout(cards)

        self.team_model = TeamTableModel(self)
        self.team_view, self.team_proxy = make_table(self.team_model, self)
        self.ppl_model = OfficerTableModel(self)
        self.ppl_proxy = OfficerFilterProxy(self)
        self.ppl_proxy.set_role(OfficerRole.PPL)
        self.ppl_view, _ = make_table(self.ppl_model, self, self.ppl_proxy)
        self.ppl_view.sortByColumn(OfficerTableModel.COL_HOUSEHOLDS, Qt.SortOrder.DescendingOrder)
        self.ppl_search = search_box(self.ppl_proxy, self, "Cari PPL… (Ctrl+F)")
        ppl_panel = QWidget()
        ppl_layout = QVBoxLayout(ppl_panel)
        ppl_layout.setContentsMargins(0, 6, 0, 0)
        ppl_layout.addWidget(self.ppl_search)
        ppl_layout.addWidget(self.ppl_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.team_view)
        splitter.addWidget(ppl_panel)
        layout.addWidget(splitter, 1)

    def load(self) -> None:
        with self.ctx.db.session() as session:
            labels = role_labels(get_profile(session))
            summary = assignment_summary(session)
            teams = team_rows(session)
            officers = officer_rows(session)
        self.assigned_value.setText(
            f"{format_number(summary.sls_assigned)} / {format_number(summary.sls_total)}")
        self.unassigned_value.setText(format_number(summary.sls_unassigned))
        self.ppl_value.setText(format_number(summary.ppl_active))
        self.over_value.setText(format_number(summary.ppl_over_capacity))
        self.over_caption.setText(f"{labels[OfficerRole.PPL]} melebihi kapasitas "
                                  f"({format_number(summary.capacity_households)} ruta)")
        self.team_model.capacity_per_ppl = summary.capacity_households
        self.team_model.set_labels(labels)
        self.ppl_search.setPlaceholderText(f"Cari {labels[OfficerRole.PPL]}… (Ctrl+F)")
        self.team_model.set_rows(teams)
        self.ppl_model.labels = labels
        self.ppl_model.capacity_households = summary.capacity_households
        self.ppl_model.set_rows(officers)
        fit_columns(self.team_view)
        fit_columns(self.ppl_view)
