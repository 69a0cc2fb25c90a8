"""Pengaturan › Jadwal: operation windows, working days, holidays, planned pace, thresholds."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.context import AREAS, SCHEDULE, AppContext
from desktop.dialogs import Dialogs
from desktop.office.tab import SettingsTab
from desktop.qt_texts import DATE_FORMAT, INDONESIAN
from models.errors import FieldProblem, ValidationError
from models.formatting import format_date
from models.schedule.calendar import Calendar, Window
from models.schedule.settings import (
    HOLIDAY_NAME_LENGTH,
    MAX_INACTIVE_DAYS,
    PACE_PRESETS,
    PACE_STEPS,
    WEEKDAY_NAMES,
    KecamatanOption,
    kecamatan_options,
    load_calendar,
    save_calendar,
)

log = logging.getLogger(__name__)

CUSTOM_PACE = "Sesuai isian"


@dataclass(frozen=True)
class ScheduleForm:
    """What the tab reads in the background: the stored calendar and the kecamatan list."""

    calendar: Calendar
    kecamatan: list[KecamatanOption]


def date_edit(day: date | None = None) -> QDateEdit:
    edit = QDateEdit(QDate(day) if day else QDate.currentDate())
    edit.setLocale(INDONESIAN)
    edit.setCalendarPopup(True)
    edit.calendarWidget().setLocale(INDONESIAN)
    edit.setDisplayFormat(DATE_FORMAT)
    return edit


def _day(edit: QDateEdit) -> date:
    return edit.date().toPython()  # type: ignore[no-any-return]


class WindowRow(QWidget):
    """A period that may be left unset: [x] Diatur, start s.d. end."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.enabled = QCheckBox("Diatur")
        self.enabled.setObjectName(f"{name}_set")
        self.start, self.end = date_edit(), date_edit()
        self.start.setObjectName(f"{name}_start")
        self.end.setObjectName(f"{name}_end")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.start)
        layout.addWidget(QLabel("s.d."))
        layout.addWidget(self.end)
        layout.addStretch(1)
        self.enabled.toggled.connect(self._toggled)
        self._toggled(False)

    def _toggled(self, on: bool) -> None:
        self.start.setEnabled(on)
        self.end.setEnabled(on)

    def set_window(self, window: Window | None) -> None:
        self.enabled.setChecked(window is not None)
        self._toggled(window is not None)
        if window is not None:
            self.start.setDate(QDate(window.start))
            self.end.setDate(QDate(window.end))

    def window(self) -> Window | None:
        return Window(_day(self.start), _day(self.end)) if self.enabled.isChecked() else None


class RowsTable(QTableWidget):
    """A short editable list; it asks for little height, so the tab fits a laptop screen."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(super().sizeHint().width(), 130)


def _table(headers: list[str]) -> QTableWidget:
    table = RowsTable(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(30)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.setMinimumHeight(90)
    return table


class ScheduleTab(SettingsTab):
    """The Jadwal tab; saved on its own with "Simpan jadwal", read and written in the worker."""

    def __init__(self, ctx: AppContext, dialogs: Dialogs) -> None:
        super().__init__(ctx, dialogs, watches=frozenset({SCHEDULE, AREAS}))
        self._loaded = Calendar()
        self.kecamatan: list[KecamatanOption] = []
        self.online = WindowRow("online")
        self.field = WindowRow("field")
        self.weekdays = [QCheckBox(name) for name in WEEKDAY_NAMES]
        self.holidays = _table(["Tanggal", "Nama hari libur"])
        self.holidays.setObjectName("holidays")
        self.holidays.setColumnWidth(0, 180)
        self.windows = _table(["Kecamatan", "Mulai", "Selesai"])
        self.windows.setObjectName("kecamatan_field")
        self.windows.setColumnWidth(0, 150)
        self.windows.setColumnWidth(1, 148)
        self.add_holiday = QPushButton("Tambah hari libur")
        self.add_holiday.clicked.connect(lambda: self._add_holiday())
        self.remove_holiday = QPushButton("Hapus")
        self.remove_holiday.clicked.connect(lambda: self._remove_row(self.holidays))
        self.add_window = QPushButton("Tambah kecamatan")
        self.add_window.clicked.connect(lambda: self._add_window())
        self.remove_window = QPushButton("Hapus")
        self.remove_window.clicked.connect(lambda: self._remove_row(self.windows))
        self.preset = QComboBox()
        self.preset.setObjectName("pace_preset")
        for title, shares in PACE_PRESETS.items():
            self.preset.addItem(title, shares)
        self.preset.addItem(CUSTOM_PACE, None)
        self.preset.activated.connect(self._apply_preset)
        self.pace: list[QDoubleSpinBox] = []
        for step in range(PACE_STEPS):
            box = QDoubleSpinBox()
            box.setObjectName(f"pace_{step}")
            box.setLocale(INDONESIAN)
            box.setRange(0, 100)
            box.setDecimals(1)
            box.setSuffix(" %")
            box.valueChanged.connect(self._pace_edited)
            self.pace.append(box)
        self.behind = self._points_box("behind_pct")
        self.far_behind = self._points_box("far_behind_pct")
        self.inactive = QSpinBox()
        self.inactive.setObjectName("inactive_days")
        self.inactive.setRange(1, MAX_INACTIVE_DAYS)
        self.inactive.setSuffix(" hari kerja")
        self.add_controls("schedule", "Simpan jadwal (Ctrl+S)")
        self._build()

    def _points_box(self, name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setObjectName(name)
        box.setLocale(INDONESIAN)
        box.setRange(0, 100)
        box.setDecimals(2)  # as stored
        box.setSuffix(" poin")
        return box

    def _build(self) -> None:
        periods = QGroupBox("Periode")
        form = QFormLayout(periods)
        self.weekday_box = QWidget()
        self.weekday_box.setObjectName("working_weekdays")
        days = QHBoxLayout(self.weekday_box)
        days.setContentsMargins(0, 0, 0, 0)
        for box in self.weekdays:
            days.addWidget(box)
        days.addStretch(1)
        form.addRow("Isian SP Online", self.online)
        form.addRow("Pencacahan lapangan", self.field)
        form.addRow("Hari kerja", self.weekday_box)
        note = QLabel("Periode yang tidak diatur tidak dipakai untuk menghitung rencana. "
                      "Surat Tugas menyebut periode pencacahan lapangan.")
        note.setWordWrap(True)
        form.addRow(note)
        pace = QGroupBox("Laju rencana (kumulatif)")
        pace_layout = QGridLayout(pace)
        pace_layout.addWidget(QLabel("Pola"), 0, 0)
        pace_layout.addWidget(self.preset, 0, 1, 1, 4)
        explained = QLabel("Bagian target yang direncanakan selesai pada akhir setiap "
                           "sepersepuluh hari kerja periode:")
        explained.setWordWrap(True)
        pace_layout.addWidget(explained, 1, 0, 1, 5)
        for step, box in enumerate(self.pace):
            row, column = 2 + (step // 5) * 2, step % 5
            pace_layout.addWidget(QLabel(f"{(step + 1) * 10} % hari"), row, column)
            pace_layout.addWidget(box, row + 1, column)
        thresholds = QGroupBox("Batas status")
        limits = QFormLayout(thresholds)
        limits.addRow("Tertinggal bila di bawah rencana lebih dari", self.behind)
        limits.addRow("Jauh tertinggal bila di bawah rencana lebih dari", self.far_behind)
        limits.addRow("Petugas tidak aktif bila tanpa ruta baru selama", self.inactive)
        holidays = QGroupBox("Hari libur")
        holiday_layout = QVBoxLayout(holidays)
        holiday_layout.addWidget(self.holidays, 1)
        holiday_layout.addLayout(self._buttons(self.add_holiday, self.remove_holiday))
        windows = QGroupBox("Periode pencacahan lapangan per kecamatan")
        window_layout = QVBoxLayout(windows)
        own = QLabel("Kecamatan yang tidak tercantum mengikuti periode pencacahan lapangan "
                     "kantor.")
        own.setWordWrap(True)
        window_layout.addWidget(own)
        window_layout.addWidget(self.windows, 1)
        window_layout.addLayout(self._buttons(self.add_window, self.remove_window))

        content = self.form = QWidget()
        content.setEnabled(False)  # until the calendar has been read
        grid = QGridLayout(content)  # under the page's "Pengaturan" title, as the Kantor tab
        grid.addWidget(periods, 1, 0)
        grid.addWidget(pace, 2, 0)
        grid.addWidget(thresholds, 3, 0)
        grid.addWidget(holidays, 1, 1)
        grid.addWidget(windows, 2, 1, 2, 1)
        grid.addWidget(self.errors, 4, 0, 1, 2)
        grid.addLayout(self.button_row(), 5, 0, 1, 2)
        grid.setRowStretch(6, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.scroll_around(content)

    @staticmethod
    def _buttons(add: QPushButton, remove: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        return row

    # --- reading -----------------------------------------------------------------------------

    def read(self, session: Session) -> Any:
        return _read(session)

    def show_read(self, data: Any) -> None:
        self._show(data)

    def _show(self, data: ScheduleForm) -> None:
        calendar = self._loaded = data.calendar
        self.kecamatan = data.kecamatan
        self.online.set_window(calendar.online)
        self.field.set_window(calendar.field)
        for day, box in enumerate(self.weekdays):
            box.setChecked(day in calendar.working_weekdays)
        self.holidays.setRowCount(0)
        for day in sorted(calendar.holidays):
            self._add_holiday(day, calendar.holiday_names.get(day, ""))
        self.windows.setRowCount(0)
        for kecamatan_id, window in sorted(calendar.kecamatan_field.items()):
            self._add_window(kecamatan_id, window)
        self._set_pace(calendar.pace)
        self.behind.setValue(calendar.behind_pct)
        self.far_behind.setValue(calendar.far_behind_pct)
        self.inactive.setValue(calendar.inactive_days)
        self.form_ready()

    # --- rows ----------------------------------------------------------------------------------

    def _add_holiday(self, day: date | None = None, name: str = "") -> None:
        row = self.holidays.rowCount()
        self.holidays.insertRow(row)
        self.holidays.setCellWidget(row, 0, date_edit(day))
        edit = QLineEdit(name)
        edit.setMaxLength(HOLIDAY_NAME_LENGTH)
        edit.setPlaceholderText("mis. Hari Kemerdekaan")
        self.holidays.setCellWidget(row, 1, edit)
        self.holidays.selectRow(row)

    def _add_window(self, kecamatan_id: int | None = None, window: Window | None = None) -> None:
        row = self.windows.rowCount()
        self.windows.insertRow(row)
        combo = QComboBox()
        for option in self.kecamatan:
            combo.addItem(option.name, option.id)
            combo.setItemData(combo.count() - 1, f"Kode BPS {option.code}",
                              Qt.ItemDataRole.ToolTipRole)
        if kecamatan_id is not None:
            index = combo.findData(kecamatan_id)
            if index < 0:  # not in the list read: keep it, the core names the problem
                combo.addItem(f"(ID {kecamatan_id})", kecamatan_id)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
        else:  # the first kecamatan not listed yet
            taken = {self._kecamatan_at(r) for r in range(row)}
            free = [n for n in range(combo.count()) if combo.itemData(n) not in taken]
            combo.setCurrentIndex(free[0] if free else 0)
        self.windows.setCellWidget(row, 0, combo)
        default = window or self.field.window()
        self.windows.setCellWidget(row, 1, date_edit(default.start if default else None))
        self.windows.setCellWidget(row, 2, date_edit(default.end if default else None))
        self.windows.selectRow(row)

    def _kecamatan_at(self, row: int) -> int | None:
        combo = self.windows.cellWidget(row, 0)
        return combo.currentData() if isinstance(combo, QComboBox) else None

    @staticmethod
    def _remove_row(table: QTableWidget) -> None:
        row = table.currentRow()
        if row < 0 and table.rowCount():
            row = table.rowCount() - 1
        if row >= 0:
            table.removeRow(row)

    # --- pace ----------------------------------------------------------------------------------

    def _set_pace(self, shares: tuple[float, ...]) -> None:
        for box, share in zip(self.pace, shares, strict=False):
            box.blockSignals(True)
            box.setValue(round(share * 100, 1))
            box.blockSignals(False)
        self._pace_edited()

    def _apply_preset(self) -> None:
        shares = self.preset.currentData()
        if shares:
            self._set_pace(shares)

    def _pace_edited(self) -> None:
        shares = self._pace_values()
        for index in range(self.preset.count()):
            preset = self.preset.itemData(index)
            if preset is None or all(abs(a - b) < 1e-6 for a, b in zip(
                    preset, shares, strict=True)):
                self.preset.setCurrentIndex(index)
                return

    def _pace_values(self) -> tuple[float, ...]:
        return tuple(round(box.value() / 100, 4) for box in self.pace)

    # --- saving --------------------------------------------------------------------------------

    def form_calendar(self) -> Calendar | list[FieldProblem]:
        """The calendar as typed, or what the form itself can tell is wrong (a day twice)."""
        problems: list[FieldProblem] = []
        names: dict[date, str] = {}
        for row in range(self.holidays.rowCount()):
            day_edit, name_edit = self.holidays.cellWidget(row, 0), self.holidays.cellWidget(row, 1)
            assert isinstance(day_edit, QDateEdit) and isinstance(name_edit, QLineEdit)
            day = _day(day_edit)
            if day in names:
                problems.append(FieldProblem("holidays", f"Hari libur {format_date(day)} "
                                                         "tercantum dua kali."))
            names[day] = name_edit.text().strip()
        windows: dict[int, Window] = {}
        for row in range(self.windows.rowCount()):
            kecamatan_id = self._kecamatan_at(row)
            start, end = self.windows.cellWidget(row, 1), self.windows.cellWidget(row, 2)
            assert isinstance(start, QDateEdit) and isinstance(end, QDateEdit)
            if kecamatan_id is None:
                problems.append(FieldProblem("kecamatan_field", "Pilih kecamatan di setiap baris "
                                                                "periode per kecamatan."))
                continue
            if kecamatan_id in windows:
                combo = self.windows.cellWidget(row, 0)
                shown = combo.currentText() if isinstance(combo, QComboBox) else kecamatan_id
                problems.append(FieldProblem("kecamatan_field", f"Kecamatan {shown} tercantum "
                                                                "dua kali."))
            windows[kecamatan_id] = Window(_day(start), _day(end))
        if problems:
            return problems
        return Calendar(
            online=self.online.window(), field=self.field.window(), kecamatan_field=windows,
            holidays=frozenset(names), holiday_names=names,
            working_weekdays=frozenset(day for day, box in enumerate(self.weekdays)
                                       if box.isChecked()),
            pace=self._pace_values(), behind_pct=round(self.behind.value(), 2),
            far_behind_pct=round(self.far_behind.value(), 2),
            inactive_days=self.inactive.value(), version_id=self._loaded.version_id)

    def field_widgets(self) -> dict[str, list[QWidget]]:
        return {
            "online": [self.online.start, self.online.end],
            "field": [self.field.start, self.field.end],
            "kecamatan_field": [self.windows], "holidays": [self.holidays],
            "working_weekdays": [self.weekday_box], "pace": list(self.pace),
            "behind_pct": [self.behind], "far_behind_pct": [self.far_behind],
            "inactive_days": [self.inactive],
        }

    def save(self) -> None:
        if self.saving or not self.form.isEnabled():
            return
        calendar = self.form_calendar()
        if isinstance(calendar, list):
            self._refuse(calendar, ValidationError(calendar).message)
            return
        self.save_through(lambda s: _save(s, calendar), self._saved)

    def _saved(self, outcome: ScheduleForm) -> None:
        self._show(outcome)
        self.saved_now()
        self.ctx.changed(SCHEDULE)  # reloads this tab too, so the note comes after
        self.status.setText("Tersimpan.")


def _read(session: Session) -> ScheduleForm:
    return ScheduleForm(load_calendar(session), kecamatan_options(session))


def _save(session: Session, calendar: Calendar) -> ScheduleForm:
    """The saved calendar with the kecamatan the form offers."""
    return ScheduleForm(save_calendar(session, calendar), kecamatan_options(session))
