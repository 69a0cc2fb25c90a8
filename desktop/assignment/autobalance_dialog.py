"""The auto-balance proposal shown before anything is saved: accept or reject."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.table_model import WARN, Column, RowsTableModel
from desktop.widgets import fit_columns, make_table, size_to_screen
from models.assignment.autobalance import Proposal, ProposedSls
from models.formatting import format_number, format_percent


class ProposalTableModel(RowsTableModel[ProposedSls]):
    def __init__(self, ppl_label: str, parent: object = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column("IDSLS", lambda r: r.code), Column("SLS", lambda r: r.name),
            Column("Kelurahan", lambda r: r.kelurahan), Column("Ruta", lambda r: r.households),
            Column(f"{ppl_label} usulan", lambda r: r.officer_name or "— tidak muat —"),
        ]

    def highlight(self, row: ProposedSls):  # type: ignore[no-untyped-def]
        return WARN if row.officer_id is None else None


@dataclass(frozen=True)
class LoadChange:
    name: str
    before: int
    after: int
    capacity: int


class LoadChangeTableModel(RowsTableModel[LoadChange]):
    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column("Nama", lambda r: r.name), Column("Ruta sebelum", lambda r: r.before),
            Column("Ruta sesudah", lambda r: r.after),
            Column("Beban sesudah", lambda r: r.after / r.capacity * 100 if r.capacity else 0.0,
                   lambda v: format_percent(v, 0)),
        ]


class AutoBalanceDialog(QDialog):
    def __init__(self, proposal: Proposal, ppl_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Usulan penugasan otomatis")
        size_to_screen(self, 760, 520, "autobalance")
        layout = QVBoxLayout(self)
        placed, unplaced = proposal.placed, proposal.unplaced
        officers = {i.officer_id for i in placed}
        summary = (f"{format_number(len(placed))} SLS akan ditugaskan kepada "
                   f"{format_number(len(officers))} {ppl_label}, dengan beban paling banyak "
                   f"{format_number(proposal.capacity)} ruta per {ppl_label}.")
        if unplaced:
            summary += (f" {format_number(len(unplaced))} SLS tidak muat pada siapa pun dan "
                        "tetap belum ditugaskan (ditandai merah): tambah petugas, naikkan "
                        "kapasitas di Pengaturan, atau pecah SLS-nya.")
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        tabs = QTabWidget()
        self.items_model = ProposalTableModel(ppl_label, self)
        self.items_model.set_rows(proposal.items)
        items_view, _ = make_table(self.items_model, self)
        tabs.addTab(items_view, "SLS")
        names = {i.officer_id: i.officer_name for i in placed}
        self.loads_model = LoadChangeTableModel(self)
        self.loads_model.set_rows(sorted(
            (LoadChange(names[o], proposal.loads_before.get(o, 0), proposal.loads_after[o],
                        proposal.capacity) for o in officers), key=lambda r: r.name))
        loads_view, _ = make_table(self.loads_model, self)
        tabs.addTab(loads_view, f"Beban {ppl_label}")
        layout.addWidget(tabs, 1)
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton("Terapkan usulan",
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Tolak", QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_button.setEnabled(bool(placed))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_columns(items_view)
        fit_columns(loads_view)
