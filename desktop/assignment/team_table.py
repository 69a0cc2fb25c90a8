"""Teams: their PML, number of PPL and the load they carry, against capacity."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from desktop.table_model import WARN, Column, RowsTableModel
from models.officers.queries import TeamRow
from models.schema.officers import OfficerRole


class TeamTableModel(RowsTableModel[TeamRow]):
    # the most important first; the kecamatan (one for the whole list) last
    COL_CODE, COL_NAME, COL_PML, COL_PPL, COL_HOUSEHOLDS, COL_SLS, COL_KECAMATAN = range(7)

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self.capacity_per_ppl = 600
        self.set_labels({role: role.value.upper() for role in OfficerRole})

    def set_labels(self, labels: dict[OfficerRole, str]) -> None:
        """Headers follow what the office calls its officers (SP2020: PCL, Koordinator Tim)."""
        self.columns = [
            Column("Kode", lambda r: r.code),
            Column("Tim", lambda r: r.name),
            Column(labels[OfficerRole.PML], lambda r: r.pml),
            Column(labels[OfficerRole.PPL], lambda r: r.ppl_count),
            Column("Ruta", lambda r: r.households, tooltip="Muatan rumah tangga tim"),
            Column("SLS", lambda r: r.sls_count),
            Column("Kecamatan", lambda r: r.kecamatan),
        ]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    def highlight(self, row: TeamRow) -> QBrush | None:
        over = row.households > row.ppl_count * self.capacity_per_ppl
        return WARN if over or row.ppl_count == 0 else None
