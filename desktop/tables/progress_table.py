"""Progress per kecamatan: field completion and online share against the target."""
from __future__ import annotations

from PySide6.QtGui import QBrush

from desktop.tables.rows import GOOD, WARN, Column, RowsTableModel
from models.formatting import format_percent
from models.progress import AreaProgress


class ProgressTableModel(RowsTableModel[AreaProgress]):
    COL_CODE, COL_NAME, COL_HOUSEHOLDS, COL_FOUND, COL_FIELD_PCT, COL_POPULATION, COL_ONLINE, \
        COL_ONLINE_PCT, COL_LAST = range(9)

    columns = [
        Column("Kode", lambda r: r.code),
        Column("Kecamatan", lambda r: r.name),
        Column("Ruta (target)", lambda r: r.expected_households),
        Column("Ruta dicacah", lambda r: r.households_found),
        Column("Lapangan", lambda r: r.field_pct, format_percent),
        Column("Penduduk (perkiraan)", lambda r: r.expected_population),
        Column("Isian online", lambda r: r.online_persons),
        Column("Online", lambda r: r.online_pct, format_percent,
               tooltip="Isian online dibanding perkiraan penduduk"),
        Column("Laporan terakhir", lambda r: r.last_report),
    ]

    def highlight(self, row: AreaProgress) -> QBrush | None:
        if not row.expected_population:
            return None
        return GOOD if row.online_on_target else WARN
