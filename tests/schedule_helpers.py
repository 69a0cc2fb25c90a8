"""Test helper: an operation calendar with a field window, as a numbered Surat Tugas needs."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from models.schedule.calendar import Window
from models.schedule.settings import load_calendar, save_calendar

FIELD_WINDOW = Window(date(2026, 7, 1), date(2026, 7, 31))


def set_field_window(session: Session, window: Window = FIELD_WINDOW) -> None:
    """Pengaturan › Jadwal with the office's field enumeration period set (committed)."""
    save_calendar(session, replace(load_calendar(session), field=window))
