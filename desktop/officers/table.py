"""Officers with their role (as the office names it), team and current load."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtGui import QBrush

from desktop.table_model import WARN, Column, RowsTableModel
from models.ids.nik import mask_nik
from models.officers.queries import OfficerRow
from models.schema.officers import OfficerRole, OfficerStatus

STATUS_TEXT = {OfficerStatus.AKTIF: "Aktif", OfficerStatus.NONAKTIF: "Nonaktif"}


class OfficerTableModel(RowsTableModel[OfficerRow]):
    COL_NAME, COL_ROLE, COL_NIK, COL_PHONE, COL_KECAMATAN, COL_TEAM, COL_SLS, COL_HOUSEHOLDS, \
        COL_STATUS = range(9)

    def __init__(self, parent: object = None, full_nik: bool = True) -> None:
        super().__init__(parent)
        self.labels: dict[OfficerRole, str] = {r: r.value.upper() for r in OfficerRole}
        self.columns = [
            Column("Nama", lambda r: r.name),
            Column("Jabatan", lambda r: r.role, lambda role: self.labels[role]),
            Column("NIK", lambda r: r.nik if full_nik else mask_nik(r.nik)),
            Column("Telepon", lambda r: r.phone),
            Column("Kecamatan", lambda r: r.kecamatan),
            Column("Tim", lambda r: r.team),
            Column("SLS", lambda r: r.sls_count, tooltip="SLS yang sedang ditugaskan"),
            Column("Ruta", lambda r: r.households, tooltip="Muatan rumah tangga"),
            Column("Status", lambda r: r.status, lambda s: STATUS_TEXT[s]),
        ]

        self.capacity_households: int | None = None  # highlight PPL loaded beyond it

    def highlight(self, row: OfficerRow) -> QBrush | None:
        over = self.capacity_households is not None and row.households > self.capacity_households
        return WARN if over or row.status is OfficerStatus.NONAKTIF else None


class OfficerFilterProxy(QSortFilterProxyModel):
    """Free-text filter plus an optional role, both applied together."""

    def __init__(self, parent: object = None, full_nik: bool = True) -> None:
        super().__init__(parent)
        self._role: OfficerRole | None = None

    def set_role(self, role: OfficerRole | None) -> None:
        self.beginFilterChange()
        self._role = role
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        if self._role is not None and isinstance(model, OfficerTableModel):
            if model.row_at(source_row).role is not self._role:
                return False
        return super().filterAcceptsRow(source_row, source_parent)
