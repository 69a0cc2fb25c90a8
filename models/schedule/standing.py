"""Whether an area or officer is on schedule: achieved against expected, in points of target."""
from __future__ import annotations

import enum


class ScheduleStatus(enum.Enum):
    TIDAK_DIJADWALKAN = "tidak dijadwalkan"  # no window for this work in the calendar
    TANPA_TARGET = "tanpa target"  # nothing to do: no households or persons expected
    BELUM_MULAI = "belum mulai"  # the window has not asked for anything yet
    SESUAI = "sesuai jadwal"
    TERTINGGAL = "tertinggal"
    JAUH_TERTINGGAL = "jauh tertinggal"
    SELESAI = "selesai"

    @property
    def label(self) -> str:
        return self.value

    @property
    def behind(self) -> bool:
        return self in (ScheduleStatus.TERTINGGAL, ScheduleStatus.JAUH_TERTINGGAL)


def status_of(*, achieved: int, expected: int, target: int, behind_pct: float,
              far_behind_pct: float, scheduled: bool = True) -> ScheduleStatus:
    """The standing of `achieved` against `expected` by now, both out of `target`.

    The gap is measured in percentage points of the target:
    gap = (expected - achieved) / target * 100. More than `behind_pct` points is
    TERTINGGAL, more than `far_behind_pct` points JAUH_TERTINGGAL; exactly at a threshold
    is still the better status. SELESAI once achieved >= target > 0, whatever the schedule;
    BELUM_MULAI while nothing is expected yet (expected <= 0); TANPA_TARGET when target <= 0;
    TIDAK_DIJADWALKAN when the calendar has no window for the work (`scheduled` False).
    """
    if target <= 0:
        return ScheduleStatus.TANPA_TARGET
    if achieved >= target:
        return ScheduleStatus.SELESAI
    if not scheduled:
        return ScheduleStatus.TIDAK_DIJADWALKAN
    if expected <= 0:
        return ScheduleStatus.BELUM_MULAI
    short = (expected - achieved) * 100  # points of target, times target: exact integers
    if short > far_behind_pct * target:
        return ScheduleStatus.JAUH_TERTINGGAL
    if short > behind_pct * target:
        return ScheduleStatus.TERTINGGAL
    return ScheduleStatus.SESUAI
