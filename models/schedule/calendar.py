"""The operation calendar as plain values, and the working days it defines."""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from models.formatting import MONTHS, format_date

# Cumulative planned share at the end of each tenth of a window's working days.
EVEN_PACE: tuple[float, ...] = tuple(round(0.1 * step, 2) for step in range(1, 11))
# Mon-Sat: field officers work Saturdays; the office marks public holidays itself.
DEFAULT_WORKING_WEEKDAYS = frozenset(range(6))


@dataclass(frozen=True)
class Window:
    """A period of operation, both ends included."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class Calendar:
    """What the office planned. Empty windows mean "not planned": no expectation is made."""

    online: Window | None = None
    field: Window | None = None
    # By kecamatan id: a kecamatan working in its own period.
    kecamatan_field: Mapping[int, Window] = dataclasses.field(default_factory=dict)
    holidays: frozenset[date] = frozenset()
    working_weekdays: frozenset[int] = DEFAULT_WORKING_WEEKDAYS  # 0 = Monday
    pace: tuple[float, ...] = EVEN_PACE  # non-decreasing, ends at 1.0
    behind_pct: float = 5.0  # more than this many points below expected: behind
    far_behind_pct: float = 15.0  # ...and this many: far behind
    inactive_days: int = 3  # a PPL without new households for this many working days
    version_id: int = 0  # the version read; saving against an older one is refused
    holiday_names: Mapping[date, str] = dataclasses.field(default_factory=dict)  # as shown

    def field_window(self, kecamatan_id: int | None = None) -> Window | None:
        """The kecamatan's own field window where it has one, else the office's."""
        if kecamatan_id is not None and kecamatan_id in self.kecamatan_field:
            return self.kecamatan_field[kecamatan_id]
        return self.field

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.working_weekdays and day not in self.holidays

    def working_days(self, window: Window) -> list[date]:
        days, day = [], window.start
        while day <= window.end:
            if self.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        if end <= start:
            return 0
        return len(self.working_days(Window(start + timedelta(days=1), end)))


def period_text(window: Window) -> str:
    """'1 Juli s.d. 31 Juli 2026'; the year once when both ends share it."""
    if window.start == window.end:
        return format_date(window.start)
    if window.start.year == window.end.year:
        start = f"{window.start.day} {MONTHS[window.start.month - 1]}"
    else:
        start = format_date(window.start)
    return f"{start} s.d. {format_date(window.end)}"
