"""PPL who have found no new households for some working days of the field window."""
from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from models.progress.facts import ProgressFacts, Ref, SlsArea
from models.schedule.calendar import Calendar, Window


@dataclass(frozen=True)
class InactivePpl:
    ppl: Ref
    last_day: date | None  # the last day one of his or her SLS gained households; None: never
    idle_working_days: int  # working days since then (or since the window began) up to the day


def _window_of(calendar: Calendar, areas: list[SlsArea]) -> Window | None:
    """From the earliest start to the latest end of the field windows of the PPL's SLS."""
    windows = [w for w in {calendar.field_window(a.kecamatan.id) for a in areas} if w]
    if not windows:
        return None
    return Window(min(w.start for w in windows), max(w.end for w in windows))


def inactive_ppl(facts: ProgressFacts, calendar: Calendar, day: date) -> list[InactivePpl]:
    """PPL whose SLS gained no households for at least `calendar.inactive_days` working days
    up to the end of `day`, most idle first.

    Only while `day` is inside the field window of the PPL's SLS (from the earliest start
    to the latest end where their kecamatan differ). Idle days are counted from the last
    gain, or from the window's start when there was none in the window (a PPL who never
    reported, or only before it). A PPL whose SLS together reached their expected
    households is done, not idle. `inactive_days` of 0 or less turns the list off.
    """
    if calendar.inactive_days <= 0:
        return []
    areas_of: dict[int, list[SlsArea]] = defaultdict(list)
    refs: dict[int, Ref] = {}
    for sls_id, ppl in facts.ppl_of_sls.items():
        if sls_id in facts.areas:
            areas_of[ppl.id].append(facts.areas[sls_id])
            refs[ppl.id] = ppl
    windows = {ppl_id: _window_of(calendar, areas) for ppl_id, areas in areas_of.items()}
    open_now = [w for w in windows.values() if w and day in w]
    if not open_now:
        return []
    # working days up to `day`, counted once for every PPL
    working = calendar.working_days(Window(min(w.start for w in open_now), day))
    listed = []
    for ppl_id, areas in areas_of.items():
        window = windows[ppl_id]
        if window is None or day not in window:
            continue
        target = sum(a.expected_households for a in areas)
        if target > 0 and sum(facts.field_at(a.id, day) for a in areas) >= target:
            continue
        rises = [facts.field[a.id].last_rise(day) for a in areas if a.id in facts.field]
        last_day = max((d for d in rises if d is not None), default=None)
        since = window.start - timedelta(days=1)
        if last_day is not None and last_day > since:
            since = last_day
        idle = len(working) - bisect_right(working, since)
        if idle >= calendar.inactive_days:
            listed.append(InactivePpl(refs[ppl_id], last_day, idle))
    listed.sort(key=lambda p: (-p.idle_working_days, p.ppl.name, p.ppl.id))
    return listed
