"""When an area or officer will reach its target at the pace of its last working days."""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from models.formatting import format_short_date
from models.schedule.calendar import Calendar, Window

PACE_DAYS = 7  # the pace is that of the last this many working days
HORIZON = 1000  # working days (about three years): a finish further off is not forecast
_LOOKBACK = timedelta(days=366)  # how far back the pace days are looked for
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Forecast:
    """The finish at the pace of the last working days, counted in working days after the
    day of the counts. A None date: not at this pace (or beyond HORIZON)."""

    day: date | None  # at the average pace of those days
    earliest: date | None  # at the pace of the fastest of them
    latest: date | None  # at the pace of the slowest; None when that day added nothing
    finishes_in_window: bool  # the likely day is on or before the window's end
    stalled: bool  # those days added nothing at all


STALLED = Forecast(None, None, None, finishes_in_window=False, stalled=True)


def pace_days(calendar: Calendar, day: date, *, count: int = PACE_DAYS) -> list[date]:
    """The ends of the last `count` working days up to `day`, oldest first, after the end of
    the working day before them: the amount gained on the i-th of them is
    count(ends[i]) - count(ends[i - 1]). Reports of a day off count for the next working
    day, and `day` itself closes the last period even when it is a day off. Fewer ends
    when the calendar has fewer working days in the year before; [day] when it has none."""
    found, current = [], day
    while len(found) <= count and day - current <= _LOOKBACK:
        if calendar.is_working_day(current):
            found.append(current)
        current -= ONE_DAY
    if not found:
        return [day]
    found.reverse()
    if len(found) <= count:  # no working day before them: start from the day before
        found.insert(0, found[0] - ONE_DAY)
    found[-1] = day
    return found


def window_increments(ends: Sequence[date], cumulative: Sequence[int],
                      window: Window) -> list[int]:
    """The amounts gained on each pace day (see `pace_days`) that falls inside the window's
    start: days before the window say nothing about its pace."""
    first = bisect_left(ends, window.start, 1)  # ends are in order
    return [cumulative[i] - cumulative[i - 1] for i in range(first, len(ends))]


class WorkingDaysAhead:
    """The working days after `day`, found as far as forecasts ask: shared by the rows of a
    view so each finish is a list lookup, not a walk over the calendar."""

    def __init__(self, calendar: Calendar, day: date) -> None:
        self.calendar, self.day = calendar, day
        self._days: list[date] = []
        self._next = day + ONE_DAY
        self._limit = day + timedelta(days=7 * HORIZON) + _LOOKBACK

    def nth(self, count: int) -> date | None:
        """The `count`-th working day after `day` (`day` itself for 0), None past HORIZON."""
        if count <= 0:
            return self.day
        if count > HORIZON:
            return None
        while len(self._days) < count and self._next <= self._limit:
            if self.calendar.is_working_day(self._next):
                self._days.append(self._next)
            self._next += ONE_DAY
        return self._days[count - 1] if len(self._days) >= count else None


def _days_needed(remaining: int, gained: int, days: int) -> int:
    """Working days to gain `remaining` at `gained` per `days` days, rounded up."""
    return -(-remaining * days // gained)


def forecast(*, increments: Sequence[int], remaining: int, calendar: Calendar, window: Window,
             day: date, ahead: WorkingDaysAhead | None = None) -> Forecast:
    """The finish of `remaining` more at the pace of `increments` (the amounts gained on
    each of the last working days up to `day`, see `pace_days` and `window_increments`).

    Already done: `day` itself. Average pace: likely day; fastest day: earliest; slowest
    day: latest (None when the slowest added nothing). Nothing gained over those days
    (or less than nothing, a recap corrected down): stalled, no dates, not in the window.
    """
    if remaining <= 0:
        return Forecast(day, day, day, finishes_in_window=True, stalled=False)
    gained = sum(increments)
    if not increments or gained <= 0:
        return STALLED
    ahead = ahead or WorkingDaysAhead(calendar, day)
    likely = ahead.nth(_days_needed(remaining, gained, len(increments)))
    earliest = ahead.nth(_days_needed(remaining, max(increments), 1))
    slowest = min(increments)
    latest = ahead.nth(_days_needed(remaining, slowest, 1)) if slowest > 0 else None
    return Forecast(likely, earliest, latest,
                    finishes_in_window=likely is not None and likely <= window.end,
                    stalled=False)


def finish_text(forecast: Forecast | None, *, late: str = " (terlambat)", none: str = "") -> str:
    """The likely finish in a few words, as tables, chat messages and letters write it:
    "14 Sep 2020", with `late` after a day past the window's end; `none` without a forecast."""
    if forecast is None:
        return none
    if forecast.stalled:
        return "tidak bergerak"
    if forecast.day is None:
        return "belum terlihat"
    return format_short_date(forecast.day) + ("" if forecast.finishes_in_window else late)
