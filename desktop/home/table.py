"""The areas and teams furthest behind schedule, as the Beranda lists them."""
from __future__ import annotations

from PySide6.QtGui import QBrush, QColor

from desktop.table_model import GOOD, WARN, Column, RowsTableModel
from models.formatting import format_number, format_percent
from models.overview.home import BehindRow
from models.schedule.standing import ScheduleStatus

BEHIND = QBrush(QColor("#fff1cc"))  # soft amber: between GOOD and WARN


def status_brush(status: ScheduleStatus) -> QBrush | None:
    """On schedule green, behind amber, far behind red: rows and tiles alike."""
    if status in (ScheduleStatus.SESUAI, ScheduleStatus.SELESAI):
        return GOOD
    if status is ScheduleStatus.TERTINGGAL:
        return BEHIND
    if status is ScheduleStatus.JAUH_TERTINGGAL:
        return WARN
    return None


def points(value: float) -> str:
    return f"{format_number(value, 1)} poin"


class BehindTableModel(RowsTableModel[BehindRow]):
    COL_LEVEL, COL_CODE, COL_NAME, COL_ACHIEVED, COL_EXPECTED, COL_GAP, COL_STATUS = range(7)
    columns = [
        Column("Tingkat", lambda r: r.level_label),
        Column("Kode", lambda r: r.code),
        Column("Nama", lambda r: r.name),
        Column("Dicacah", lambda r: r.achieved_pct, format_percent,
               tooltip="Rumah tangga dicacah dibanding target"),
        Column("Seharusnya", lambda r: r.expected_pct, format_percent,
               tooltip="Yang direncanakan jadwal sampai hari itu, dibanding target"),
        Column("Selisih", lambda r: r.gap_points, points,
               tooltip="Poin persentase target di bawah rencana jadwal"),
        Column("Status", lambda r: r.status_label),
    ]

    def highlight(self, row: BehindRow) -> QBrush | None:
        return status_brush(row.status)
