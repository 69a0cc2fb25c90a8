"""The operation calendar: SP Online and field windows, working days, pace and thresholds."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from models.schema.base import Base, Versioned

# Ten cumulative shares, one at the end of each tenth of a window's working days.
EVEN_PACE_TEXT = "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1"


class OperationCalendar(Versioned, Base):
    """Singleton (id = 1), like the office profile. A window without dates is not planned."""

    __tablename__ = "operation_calendar"
    __table_args__ = (
        CheckConstraint("id = 1", name="singleton"),
        CheckConstraint("online_end >= online_start", name="online_order"),
        CheckConstraint("field_end >= field_start", name="field_order"),
        CheckConstraint("behind_pct BETWEEN 0 AND 100", name="behind"),
        CheckConstraint("far_behind_pct BETWEEN 0 AND 100", name="far_behind"),
        CheckConstraint("inactive_days BETWEEN 1 AND 60", name="inactive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    online_start: Mapped[date | None] = mapped_column(Date)
    online_end: Mapped[date | None] = mapped_column(Date)
    field_start: Mapped[date | None] = mapped_column(Date)
    field_end: Mapped[date | None] = mapped_column(Date)
    # One character per weekday, Monday first: "1111110" is Monday to Saturday.
    working_weekdays: Mapped[str] = mapped_column(String(7), default="1111110")
    pace: Mapped[str] = mapped_column(String(200), default=EVEN_PACE_TEXT)  # comma list
    behind_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("5"))
    far_behind_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("15"))
    inactive_days: Mapped[int] = mapped_column(Integer, default=3)


class CalendarHoliday(Base):
    """A day off for everyone (public holiday, cuti bersama), named as the office likes."""

    __tablename__ = "calendar_holiday"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), default="")


class KecamatanWindow(Base):
    """A kecamatan whose field enumeration runs in its own period, not the office's."""

    __tablename__ = "kecamatan_window"
    __table_args__ = (CheckConstraint("field_end >= field_start", name="field_order"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kecamatan_id: Mapped[int] = mapped_column(
        ForeignKey("kecamatan.id", ondelete="CASCADE"), unique=True)
    field_start: Mapped[date] = mapped_column(Date)
    field_end: Mapped[date] = mapped_column(Date)
