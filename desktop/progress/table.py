"""Progress rows of one level: field completion or online share against target, the week."""
from __future__ import annotations

import enum

from PySide6.QtGui import QBrush

from desktop.table_model import GOOD, WARN, Column, RowsTableModel
from models.formatting import format_number, format_percent
from models.ids.nik import mask_nik
from models.progress.summary import AREA_LEVELS, LEVEL_LABELS, ProgressLevel, ProgressRow


def signed(value: int) -> str:
    return f"+{format_number(value)}" if value > 0 else format_number(value)


class ProgressFocus(enum.Enum):
    """Which half of the work the table shows: both do not fit a 1366-pixel screen."""

    FIELD = "lapangan"
    ONLINE = "online"


FOCUS_LABELS = {ProgressFocus.FIELD: "Pencacahan lapangan", ProgressFocus.ONLINE: "SP Online"}


class ProgressTableModel(RowsTableModel[ProgressRow]):
    # (areas, officers and Koseka; teams have a PML column after the name)
    COL_CODE, COL_NAME, COL_SLS = range(3)

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self.focus = ProgressFocus.FIELD
        self.set_level(ProgressLevel.KECAMATAN)

    def set_level(self, level: ProgressLevel, focus: ProgressFocus | None = None) -> None:
        """Officers are listed by masked NIK, areas by BPS code, teams by their code with
        their PML."""
        self.focus = focus or self.focus
        self.beginResetModel()
        if level is ProgressLevel.TIM:
            first = [Column("Kode tim", lambda r: r.code), Column("Tim", lambda r: r.name),
                     Column("PML", lambda r: r.pml)]
        elif level in AREA_LEVELS:
            name = "Nama SLS" if level is ProgressLevel.SLS else LEVEL_LABELS[level]
            first = [Column("Kode", lambda r: r.code), Column(name, lambda r: r.name)]
        else:
            first = [Column("NIK", lambda r: mask_nik(r.code)),
                     Column(LEVEL_LABELS[level], lambda r: r.name)]
        self.columns = [*first, SLS_COUNT,
                        *(FIELD if self.focus is ProgressFocus.FIELD else ONLINE)]
        self.endResetModel()

    def highlight(self, row: ProgressRow) -> QBrush | None:
        if self.focus is ProgressFocus.FIELD:
            if not row.expected_households:
                return None
            return GOOD if row.field_on_target else WARN
        if not row.expected_population:
            return None
        return GOOD if row.online_on_target else WARN


SLS_COUNT: Column[ProgressRow] = Column("SLS", lambda r: r.sls_count)
ONLINE: list[Column[ProgressRow]] = [
    Column("Penduduk (perkiraan)", lambda r: r.expected_population),
    Column("Isian online", lambda r: r.online_persons),
    Column("Online", lambda r: r.online_pct, format_percent,
           tooltip="Isian online dibanding perkiraan penduduk"),
    Column("Online 7 hari", lambda r: r.online_week_change, signed,
           tooltip="Tambahan isian online dalam tujuh hari terakhir"),
    Column("Kurang dari target", lambda r: r.online_short,
           tooltip="Orang yang masih harus mengisi online agar target tercapai"),
]
FIELD: list[Column[ProgressRow]] = [
    Column("Ruta (target)", lambda r: r.expected_households),
    Column("Ruta dicacah", lambda r: r.households_found),
    Column("Lapangan", lambda r: r.field_pct, format_percent),
    Column("Lapangan 7 hari", lambda r: r.field_week_change, signed,
           tooltip="Tambahan rumah tangga dicacah dalam tujuh hari terakhir"),
]
