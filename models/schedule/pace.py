"""The planned share of a window's work done by the end of a day, and what that expects."""
from __future__ import annotations

import math
from datetime import date, timedelta

from models.schedule.calendar import Calendar, Window


def curve_at(pace: tuple[float, ...], done: int, total: int) -> float:
    """The pace curve at `done` of `total` working days: the curve gives the cumulative
    share at the end of each of its len(pace) equal parts, linear in between (and from 0)."""
    if total <= 0 or done >= total:
        return 1.0
    if done <= 0 or not pace:
        return 0.0
    parts = len(pace)
    # position done/total on a scale of `parts`, in integers so 3 of 10 is exactly part 3
    whole, rest = divmod(parts * done, total)
    below = pace[whole - 1] if whole else 0.0
    above = pace[whole] if whole < parts else 1.0
    return below + (above - below) * rest / total


def planned_share(calendar: Calendar, window: Window, day: date) -> float:
    """Share of the window's work planned to be done by the end of `day`.

    0 until the window's first working day is over, 1 from the window's end on. After k of
    the window's n working days the share is the pace curve at k/n; a day that is not a
    working day keeps the share of the working day before it. A window without working
    days (n = 0) is 0 before its end and 1 from its end.
    """
    if day >= window.end:
        return 1.0
    if day < window.start:
        return 0.0
    days = calendar.working_days(window)
    done = sum(1 for d in days if d <= day)
    if not days:
        return 0.0
    return curve_at(calendar.pace, done, len(days))


def daily_shares(calendar: Calendar, window: Window) -> dict[date, float]:
    """`planned_share` for every day of the window, in one pass over it."""
    days = calendar.working_days(window)
    shares: dict[date, float] = {}
    done, day = 0, window.start
    while day <= window.end:
        if calendar.is_working_day(day):
            done += 1
        shares[day] = 1.0 if day == window.end else (
            curve_at(calendar.pace, done, len(days)) if days else 0.0)
        day += timedelta(days=1)
    return shares


def round_half_up(value: float) -> int:
    """2.5 -> 3; the small allowance rounds 0.29 * 50 (14.499999999999998 in floats) to 15."""
    return math.floor(value + 0.5 + 1e-9)


def expected(target: int, share: float) -> int:
    """What `target` times the planned `share` asks for, rounded half up, never above it."""
    if target <= 0 or share <= 0:
        return 0
    return min(target, round_half_up(target * share))
