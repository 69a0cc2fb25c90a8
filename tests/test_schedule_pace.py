"""The planned share of a window by day, what it expects, and the schedule status edges."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from models.schedule.calendar import Calendar, Window
from models.schedule.pace import curve_at, daily_shares, expected, planned_share
from models.schedule.standing import ScheduleStatus, status_of

# March 2026: the 2nd is a Monday, the 8th a Sunday; Mon-Sat are working days.
HOLIDAY = date(2026, 3, 11)  # a Wednesday
WINDOW = Window(date(2026, 3, 2), date(2026, 3, 13))  # 2-7, 9-10, 12-13: 10 working days
UNEVEN = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.85, 1.0)
CALENDAR = Calendar(field=WINDOW, holidays=frozenset({HOLIDAY}), pace=UNEVEN)


def test_working_days_skip_sundays_and_holidays() -> None:
    days = CALENDAR.working_days(WINDOW)
    assert len(days) == 10
    assert date(2026, 3, 8) not in days and HOLIDAY not in days
    # after Saturday the 7th up to Thursday the 12th: 9, 10 and 12
    assert CALENDAR.working_days_between(date(2026, 3, 7), date(2026, 3, 12)) == 3


@pytest.mark.parametrize(("day", "share"), [
    (date(2026, 2, 27), 0.0),  # before the window
    (date(2026, 3, 1), 0.0),  # the Sunday before it
    (date(2026, 3, 2), 0.05),  # the first working day is over: 1 of 10
    (date(2026, 3, 7), 0.5),  # Saturday: 6 of 10
    (date(2026, 3, 8), 0.5),  # Sunday keeps Saturday's share
    (date(2026, 3, 10), 0.7),  # 8 of 10
    (HOLIDAY, 0.7),  # the holiday keeps Tuesday's share
    (date(2026, 3, 12), 0.85),  # 9 of 10
    (date(2026, 3, 13), 1.0),  # the window's end
    (date(2026, 4, 1), 1.0),  # after it
])
def test_planned_share_on_the_pace_curve(day: date, share: float) -> None:
    assert planned_share(CALENDAR, WINDOW, day) == pytest.approx(share)


def test_planned_share_interpolates_between_tenths() -> None:
    # Mon 2 - Thu 5 March: 4 working days; 1 of 4 is 2.5 tenths, between 0.1 and 0.2
    short = Window(date(2026, 3, 2), date(2026, 3, 5))
    assert planned_share(CALENDAR, short, date(2026, 3, 2)) == pytest.approx(0.15)
    assert planned_share(CALENDAR, short, date(2026, 3, 4)) == pytest.approx(0.65)  # 7.5 tenths
    even = Calendar()
    assert planned_share(even, short, date(2026, 3, 2)) == pytest.approx(0.25)
    # 1 of 20 working days: half of the first tenth, from 0 to 0.05
    assert curve_at(UNEVEN, 1, 20) == pytest.approx(0.025)
    assert curve_at(UNEVEN, 0, 20) == 0.0 and curve_at(UNEVEN, 20, 20) == 1.0


def test_a_window_without_working_days() -> None:
    # Sunday 8 and the holiday-only Monday 9: nothing to count; 0 until the end, then 1
    calendar = Calendar(holidays=frozenset({date(2026, 3, 9)}))
    window = Window(date(2026, 3, 8), date(2026, 3, 9))
    assert calendar.working_days(window) == []
    assert planned_share(calendar, window, date(2026, 3, 8)) == 0.0
    assert planned_share(calendar, window, date(2026, 3, 9)) == 1.0


def test_daily_shares_agree_with_planned_share() -> None:
    shares = daily_shares(CALENDAR, WINDOW)
    assert len(shares) == 12  # every day of the window, days off included
    day = WINDOW.start
    while day <= WINDOW.end:
        assert shares[day] == pytest.approx(planned_share(CALENDAR, WINDOW, day))
        day += timedelta(days=1)


@pytest.mark.parametrize(("target", "share", "amount"), [
    (10, 0.25, 3),  # 2.5 rounds up
    (10, 0.24, 2),
    (3, 0.5, 2),  # 1.5 rounds up
    (50, 0.29, 15),  # 14.5, which floats hold as 14.499999999999998
    (7, 1.0, 7),
    (3, 0.99, 3),  # never above the target
    (0, 0.5, 0),  # no target: nothing expected
    (40, 0.0, 0),
])
def test_expected_rounds_half_up_within_the_target(target: int, share: float,
                                                   amount: int) -> None:
    assert expected(target, share) == amount


@pytest.mark.parametrize(("achieved", "status"), [
    (120, ScheduleStatus.SESUAI),  # ahead of the plan
    (90, ScheduleStatus.SESUAI),  # 10 of 200 below: exactly 5 points, not more
    (89, ScheduleStatus.TERTINGGAL),  # 5.5 points
    (70, ScheduleStatus.TERTINGGAL),  # exactly 15 points
    (69, ScheduleStatus.JAUH_TERTINGGAL),  # 15.5 points
    (0, ScheduleStatus.JAUH_TERTINGGAL),
    (200, ScheduleStatus.SELESAI),
    (230, ScheduleStatus.SELESAI),
])
def test_status_thresholds_in_points_of_target(achieved: int, status: ScheduleStatus) -> None:
    assert status_of(achieved=achieved, expected=100, target=200, behind_pct=5,
                     far_behind_pct=15) is status


def test_status_without_target_schedule_or_expectation() -> None:
    def status(**given: object) -> ScheduleStatus:
        values: dict = {"achieved": 0, "expected": 10, "target": 40, "behind_pct": 2.5,
                        "far_behind_pct": 15.0, **given}
        return status_of(**values)

    # fractional threshold: 1 of 40 below is 2.5 points (on schedule), 2 of 40 is 5
    assert status(achieved=9) is ScheduleStatus.SESUAI
    assert status(achieved=8) is ScheduleStatus.TERTINGGAL
    assert status(target=0, expected=0, achieved=5) is ScheduleStatus.TANPA_TARGET
    assert status(expected=0) is ScheduleStatus.BELUM_MULAI
    assert status(expected=0, achieved=3) is ScheduleStatus.BELUM_MULAI
    assert status(scheduled=False) is ScheduleStatus.TIDAK_DIJADWALKAN
    assert status(scheduled=False, achieved=40) is ScheduleStatus.SELESAI  # done is done
    assert ScheduleStatus.SESUAI.label == "sesuai jadwal"
    assert ScheduleStatus.JAUH_TERTINGGAL.label == "jauh tertinggal"
    assert ScheduleStatus.TERTINGGAL.behind and not ScheduleStatus.SELESAI.behind
