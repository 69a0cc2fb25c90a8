"""Forecast finishes at the pace of the last seven working days: constant, rising, stalled."""
from __future__ import annotations

from datetime import date

import pytest

from models.schedule.calendar import Calendar, Window
from models.schedule.forecast import (
    HORIZON,
    Forecast,
    WorkingDaysAhead,
    forecast,
    pace_days,
    window_increments,
)

# March 2026: Mondays 2, 9, 16, 23, 30; Mon-Sat work; Wednesday the 11th is a holiday.
CALENDAR = Calendar(holidays=frozenset({date(2026, 3, 11)}))
TUESDAY = date(2026, 3, 10)
WINDOW = Window(date(2026, 3, 2), date(2026, 3, 17))


def d(day: int, month: int = 3) -> date:
    return date(2026, month, day)


def finish(increments: list[int], remaining: int, window: Window = WINDOW) -> Forecast:
    return forecast(increments=increments, remaining=remaining, calendar=CALENDAR,
                    window=window, day=TUESDAY)


def test_pace_days_are_the_last_seven_working_days() -> None:
    # the 8th is a Sunday: Tuesday's seven are 3-7, 9, 10, after the end of Monday the 2nd
    assert pace_days(CALENDAR, TUESDAY) == [d(2), d(3), d(4), d(5), d(6), d(7), d(9), d(10)]
    # on a Sunday, Saturday's period runs to the Sunday: its reports are not lost
    assert pace_days(CALENDAR, d(8)) == [d(27, 2), d(28, 2), d(2), d(3), d(4), d(5), d(6),
                                         d(8)]
    # Friday the 13th: 5-7, 9, 10, 12, 13 (the holiday skipped), after Wednesday the 4th
    assert pace_days(CALENDAR, d(13)) == [d(4), d(5), d(6), d(7), d(9), d(10), d(12), d(13)]
    assert pace_days(Calendar(working_weekdays=frozenset()), TUESDAY) == [TUESDAY]


def test_window_increments_leave_out_days_before_the_window() -> None:
    ends = pace_days(CALENDAR, TUESDAY)
    cumulative = [0, 1, 3, 6, 10, 15, 21, 28]
    assert window_increments(ends, cumulative, WINDOW) == [1, 2, 3, 4, 5, 6, 7]
    late = Window(d(6), d(31))  # from Friday the 6th: the 6th, 7th, 9th and 10th
    assert window_increments(ends, cumulative, late) == [4, 5, 6, 7]


def test_constant_pace() -> None:
    # 5 a day, 22 to go: 5 working days after Tuesday (12, 13, 14, 16, 17; the 11th is off)
    result = finish([5] * 7, 22)
    assert result == Forecast(d(17), d(17), d(17), finishes_in_window=True, stalled=False)
    assert not finish([5] * 7, 22, Window(d(2), d(16))).finishes_in_window


def test_rising_pace_gives_a_range() -> None:
    # 1..7: average 4 -> 20 / 4 = 5 days; fastest 7 -> 3 days; slowest 1 -> 20 days
    result = finish([1, 2, 3, 4, 5, 6, 7], 20)
    assert (result.day, result.earliest) == (d(17), d(14))
    # the 20th working day after the 10th: 12-14, 16-21, 23-28, 30, 31, 1-3 April
    assert result.latest == d(3, 4)
    assert result.finishes_in_window and not result.stalled


def test_a_day_without_gain_leaves_no_latest_day() -> None:
    # average 3 -> 3 days (14th); fastest 6 -> 2 days (13th); slowest 0: not at that pace
    result = finish([0, 3, 3, 3, 3, 3, 6], 9)
    assert (result.day, result.earliest, result.latest) == (d(14), d(13), None)
    assert not result.stalled


def test_stalled_series() -> None:
    assert finish([0] * 7, 10) == Forecast(None, None, None, finishes_in_window=False,
                                           stalled=True)
    # a recap corrected downwards is no progress either
    assert finish([4, -6, 0, 0, 0, 0, 0], 10).stalled
    assert finish([], 10).stalled  # no pace days inside the window yet


def test_done_and_out_of_reach() -> None:
    assert finish([0] * 7, 0) == Forecast(TUESDAY, TUESDAY, TUESDAY, finishes_in_window=True,
                                          stalled=False)
    assert finish([3] * 7, -2).day == TUESDAY  # more than the target
    far = finish([1] * 7, HORIZON + 1)  # a finish beyond the horizon is not dated
    assert far.day is None and not far.stalled and not far.finishes_in_window
    assert finish([1] * 7, HORIZON).day is not None


def test_working_days_ahead() -> None:
    ahead = WorkingDaysAhead(CALENDAR, TUESDAY)
    assert [ahead.nth(n) for n in (0, 1, 2, 4)] == [TUESDAY, d(12), d(13), d(16)]
    assert ahead.nth(HORIZON + 1) is None
    assert WorkingDaysAhead(Calendar(working_weekdays=frozenset()), TUESDAY).nth(1) is None


@pytest.mark.parametrize("count", [1, 3])
def test_fewer_pace_days(count: int) -> None:
    ends = pace_days(CALENDAR, TUESDAY, count=count)
    assert len(ends) == count + 1 and ends[-1] == TUESDAY
