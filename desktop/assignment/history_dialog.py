"""Who assigned which SLS to whom, and when: newest first."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.table_model import Column, RowsTableModel
from desktop.widgets import fit_columns, make_table, search_box, size_to_screen
from models.assignment.assign import HistoryRow


class HistoryTableModel(RowsTableModel[HistoryRow]):
    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column("Waktu", lambda r: r.at), Column("Kejadian", lambda r: r.action),
            Column("IDSLS", lambda r: r.sls_code), Column("SLS", lambda r: r.sls_name),
            Column("Petugas", lambda r: r.officer), Column("Oleh", lambda r: r.by),
            Column("Alasan", lambda r: r.reason),
        ]


class HistoryDialog(QDialog):
    def __init__(self, title: str, rows: list[HistoryRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Riwayat penugasan")
        size_to_screen(self, 860, 480, "assignment_history")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(title))
        self.model = HistoryTableModel(self)
        self.model.set_rows(rows)
        view, proxy = make_table(self.model, self)
        layout.addWidget(search_box(proxy, self, "Saring riwayat…"))
        layout.addWidget(view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Tutup")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_columns(view)
