"""Progress rows of one level: field completion or online share against target, the week."""
from __future__ import annotations

import enum

from PySide6.QtGui import QBrush

from desktop.table_model import FAR, GOOD, WARN, Column, RowsTableModel
from models.formatting import format_number, format_percent, format_short_date
from models.ids.nik import mask_nik
from models.progress.summary import AREA_LEVELS, LEVEL_LABELS, ProgressLevel, ProgressRow
from models.schedule.forecast import Forecast, finish_text
from models.schedule.standing import ScheduleStatus

# worst first when sorted; the row colour of each
STATUS_ORDER = [ScheduleStatus.JAUH_TERTINGGAL, ScheduleStatus.TERTINGGAL,
                ScheduleStatus.BELUM_MULAI, ScheduleStatus.SESUAI, ScheduleStatus.SELESAI,
                ScheduleStatus.TANPA_TARGET, ScheduleStatus.TIDAK_DIJADWALKAN]
STATUS_BRUSH = {ScheduleStatus.JAUH_TERTINGGAL: FAR, ScheduleStatus.TERTINGGAL: WARN,
                ScheduleStatus.SESUAI: GOOD, ScheduleStatus.SELESAI: GOOD}


def signed(value: int) -> str:
    return f"+{format_number(value)}" if value > 0 else format_number(value)


def status_text(status: ScheduleStatus) -> str:
    return "" if status is ScheduleStatus.TIDAK_DIJADWALKAN else status.label.capitalize()


def forecast_text(forecast: Forecast | None) -> str:
    return finish_text(forecast)


def forecast_tip(forecast: Forecast | None) -> str:
    if forecast is None:
        return ""
    if forecast.stalled:
        return "Tidak ada tambahan dalam 7 hari kerja terakhir: dengan laju ini tidak selesai."
    if forecast.day is None:
        return "Dengan laju 7 hari kerja terakhir, selesai lebih dari 1.000 hari kerja lagi."
    fastest = format_short_date(forecast.earliest) or "?"
    slowest = format_short_date(forecast.latest) or "tidak selesai"
    late = "" if forecast.finishes_in_window else " Melewati akhir jadwal."
    return (f"Perkiraan dari laju 7 hari kerja terakhir: {format_short_date(forecast.day)}; "
            f"laju tercepat {fastest}, terlambat {slowest}.{late}")


def forecast_key(forecast: Forecast | None) -> str:
    """Sorts by day, the ones that will not finish last (ISO dates sort as text)."""
    if forecast is None:
        return "9"
    return forecast.day.isoformat() if forecast.day else "8"


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

    def set_level(self, level: ProgressLevel, focus: ProgressFocus | None = None, *,
                  scheduled: bool = True) -> None:
        """Officers are listed by masked NIK, areas by BPS code, teams by their code with
        their PML. The schedule's columns only when the calendar plans the work shown."""
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
        shown = FIELD if self.focus is ProgressFocus.FIELD else ONLINE
        self.columns = [*first, SLS_COUNT,
                        *(c for c in shown if scheduled or c.title not in SCHEDULE_COLUMNS)]
        self.endResetModel()

    def highlight(self, row: ProgressRow) -> QBrush | None:
        """By the schedule where the calendar plans the work, else against the target."""
        field = self.focus is ProgressFocus.FIELD
        status = row.field_status if field else row.online_status
        if status is not ScheduleStatus.TIDAK_DIJADWALKAN:
            return STATUS_BRUSH.get(status)
        if not (row.expected_households if field else row.expected_population):
            return None
        return GOOD if (row.field_on_target if field else row.online_on_target) else WARN


SLS_COUNT: Column[ProgressRow] = Column("SLS", lambda r: r.sls_count)
SCHEDULE_COLUMNS = {"Seharusnya", "Status", "Perkiraan selesai", "Target tercapai"}
ONLINE: list[Column[ProgressRow]] = [
    Column("Penduduk", lambda r: r.expected_population, tooltip="Perkiraan jumlah penduduk"),
    Column("Isian online", lambda r: r.online_persons),
    Column("Online", lambda r: r.online_pct, format_percent,
           tooltip="Isian online dibanding perkiraan penduduk"),
    Column("7 hari", lambda r: r.online_week_change, signed,
           tooltip="Tambahan isian online dalam tujuh hari terakhir"),
    Column("Seharusnya", lambda r: r.expected_online_today,
           tooltip="Isian online yang direncanakan jadwal sampai hari ini"),
    Column("Status", lambda r: r.online_status, status_text, sort=STATUS_ORDER.index,
           tooltip="Dibanding rencana jadwal (Pengaturan › Jadwal)"),
    Column("Target tercapai", lambda r: r.online_forecast, forecast_text, sort=forecast_key,
           tooltip="Perkiraan tanggal target online tercapai, dari laju 7 hari kerja terakhir",
           tip=lambda r: forecast_tip(r.online_forecast)),
    Column("Kurang", lambda r: r.online_short,
           tooltip="Orang yang masih harus mengisi online agar target tercapai"),
]
FIELD: list[Column[ProgressRow]] = [
    Column("Ruta (target)", lambda r: r.expected_households),
    Column("Ruta dicacah", lambda r: r.households_found),
    Column("Lapangan", lambda r: r.field_pct, format_percent),
    Column("Seharusnya", lambda r: r.expected_households_today,
           tooltip="Rumah tangga yang direncanakan jadwal sudah dicacah sampai hari ini"),
    Column("Status", lambda r: r.field_status, status_text, sort=STATUS_ORDER.index,
           tooltip="Dibanding rencana jadwal (Pengaturan › Jadwal)"),
    Column("Perkiraan selesai", lambda r: r.field_forecast, forecast_text, sort=forecast_key,
           tooltip="Perkiraan tanggal selesai dari laju 7 hari kerja terakhir",
           tip=lambda r: forecast_tip(r.field_forecast)),
    Column("7 hari", lambda r: r.field_week_change, signed,
           tooltip="Tambahan rumah tangga dicacah dalam tujuh hari terakhir"),
]
