"""Progress against the office targets per area, PPL, team or Koseka: the week, the calendar."""
from __future__ import annotations

import enum
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from models.progress.facts import ProgressFacts, Ref, SlsArea, Timeline
from models.schedule.calendar import Window
from models.schedule.forecast import (
    Forecast,
    WorkingDaysAhead,
    forecast,
    pace_days,
    window_increments,
)
from models.schedule.pace import daily_shares, expected, planned_share
from models.schedule.standing import ScheduleStatus, status_of
from models.store.gc_pause import collection_paused

WEEK = timedelta(days=7)
OUTSIDE = Ref(-1, "", "(wilayah di luar master)")


class ProgressLevel(enum.Enum):
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    SLS = "sls"
    PPL = "ppl"
    TIM = "tim"
    KOSEKA = "koseka"


LEVEL_LABELS = {
    ProgressLevel.KECAMATAN: "Kecamatan", ProgressLevel.KELURAHAN: "Kelurahan/Desa",
    ProgressLevel.SLS: "SLS", ProgressLevel.PPL: "PPL", ProgressLevel.TIM: "Tim",
    ProgressLevel.KOSEKA: "Koseka",
}
AREA_LEVELS = (ProgressLevel.KECAMATAN, ProgressLevel.KELURAHAN, ProgressLevel.SLS)
NOBODY = {ProgressLevel.PPL: "(belum ada PPL)", ProgressLevel.TIM: "(belum ada tim)",
          ProgressLevel.KOSEKA: "(belum ada Koseka)"}


def share(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def target_of(pct: Decimal, amount: int) -> int:
    """How many of `amount` the target percentage asks for, rounded up (exact decimals)."""
    numerator, denominator = pct.as_integer_ratio()
    return max(0, -(-numerator * amount // (denominator * 100)))


@dataclass
class ProgressRow:
    key: int
    code: str
    name: str
    online_target_pct: Decimal
    field_target_pct: Decimal
    sls_count: int = 0
    expected_households: int = 0
    expected_population: int = 0
    households_found: int = 0
    online_persons: int = 0
    households_found_week_ago: int = 0
    online_persons_week_ago: int = 0
    pml: str = ""  # a team's PML
    # against the operation calendar, at the end of the view's day
    expected_households_today: int = 0  # households the field windows planned by then
    expected_online_today: int = 0  # persons the online window planned by then
    field_status: ScheduleStatus = ScheduleStatus.TIDAK_DIJADWALKAN
    online_status: ScheduleStatus = ScheduleStatus.TIDAK_DIJADWALKAN
    field_forecast: Forecast | None = None  # None: no target, no window, or not begun
    online_forecast: Forecast | None = None

    @property
    def field_target(self) -> int:
        """Households the field target asks for."""
        return target_of(self.field_target_pct, self.expected_households)

    @property
    def online_target(self) -> int:
        """Persons the online target asks for."""
        return target_of(self.online_target_pct, self.expected_population)

    @property
    def field_gap(self) -> int:
        """Households behind the plan by the view's day (negative: ahead of it)."""
        return self.expected_households_today - self.households_found

    @property
    def online_gap(self) -> int:
        return self.expected_online_today - self.online_persons

    @property
    def field_pct(self) -> float:
        return share(self.households_found, self.expected_households)

    @property
    def online_pct(self) -> float:
        return share(self.online_persons, self.expected_population)

    @property
    def online_on_target(self) -> bool:
        return self.online_pct >= float(self.online_target_pct)

    @property
    def field_on_target(self) -> bool:
        return self.field_pct >= float(self.field_target_pct)

    @property
    def online_short(self) -> int:
        """Persons still to fill online before the target is reached."""
        return max(0, self.online_target - self.online_persons)

    @property
    def online_week_change(self) -> int:
        return self.online_persons - self.online_persons_week_ago

    @property
    def field_week_change(self) -> int:
        return self.households_found - self.households_found_week_ago

    @property
    def online_week_points(self) -> float:
        """Change of the online share over the week, in percentage points."""
        return self.online_pct - share(self.online_persons_week_ago, self.expected_population)

    @property
    def field_week_points(self) -> float:
        return self.field_pct - share(self.households_found_week_ago, self.expected_households)


@dataclass(frozen=True)
class ProgressView:
    level: ProgressLevel
    day: date | None  # counts as of the end of this day (the latest data unless chosen)
    rows: list[ProgressRow]
    total: ProgressRow

    @property
    def week_ago(self) -> date | None:
        return self.day - WEEK if self.day else None


@dataclass(frozen=True)
class DayPoint:
    day: date
    online_persons: int
    households_found: int


@dataclass(frozen=True)
class PlannedPoint:
    """What the calendar planned done by the end of a day, cumulative."""

    day: date
    online_persons: int
    households_found: int


def group_of(facts: ProgressFacts, area: SlsArea, level: ProgressLevel) -> Ref:
    if level is ProgressLevel.KECAMATAN:
        return area.kecamatan
    if level is ProgressLevel.KELURAHAN:
        return area.kelurahan
    if level is ProgressLevel.SLS:
        return Ref(area.id, area.code, area.name)
    nobody = Ref(0, "", NOBODY[level])
    if level is ProgressLevel.KOSEKA:
        return facts.koseka_of_kecamatan.get(area.kecamatan.id, nobody)
    ppl = facts.ppl_of_sls.get(area.id)
    if level is ProgressLevel.PPL:
        return ppl or nobody
    return (facts.team_of_ppl.get(ppl.id) if ppl else None) or nobody


def progress_view(facts: ProgressFacts, level: ProgressLevel, *, kecamatan_id: int | None = None,
                  kelurahan_id: int | None = None, day: date | None = None) -> ProgressView:
    """One row per group of `level` (optionally only inside one kecamatan or kelurahan).

    Groups nobody has reached yet are listed with zeros. Online records whose area is not
    in the master get a row of their own when the whole office is shown. Each row and the
    total are also set against the calendar (`_Plan.settle`).
    """
    with collection_paused():  # tens of thousands of rows: see models.store.gc_pause
        return _progress_view(facts, level, kecamatan_id, kelurahan_id, day)


def _progress_view(facts: ProgressFacts, level: ProgressLevel, kecamatan_id: int | None,
                   kelurahan_id: int | None, day: date | None) -> ProgressView:
    day = day or facts.last_day
    week_ago = day - WEEK if day else None
    plan = _Plan(facts, day)
    rows: dict[int, ProgressRow] = {}
    tallies: dict[int, _Tally] = {}

    def row_for(ref: Ref) -> ProgressRow:
        if ref.id not in rows:
            rows[ref.id] = ProgressRow(ref.id, ref.code, ref.name, facts.online_target_pct,
                                       facts.field_target_pct)
            tallies[ref.id] = plan.tally()
            if level is ProgressLevel.TIM:
                rows[ref.id].pml = facts.pml_of_team.get(ref.id, "")
        return rows[ref.id]

    for area in facts.areas_within(kecamatan_id, kelurahan_id):
        ref = group_of(facts, area, level)
        row = row_for(ref)
        row.sls_count += 1
        row.expected_households += area.expected_households
        row.expected_population += area.expected_population
        row.households_found += facts.field_at(area.id, day)
        row.online_persons += facts.online_at(area.id, day)
        if week_ago:
            row.households_found_week_ago += facts.field_at(area.id, week_ago)
            row.online_persons_week_ago += facts.online_at(area.id, week_ago)
        plan.count(tallies[ref.id], area, facts)
    whole_office = kecamatan_id is None and kelurahan_id is None
    if whole_office and facts.online_at(None, day):
        outside = row_for(OUTSIDE)
        outside.online_persons = facts.online_at(None, day)
        outside.online_persons_week_ago = facts.online_at(None, week_ago) if week_ago else 0
        plan.count_online(tallies[OUTSIDE.id], facts.online.get(None))
    ordered = sorted(rows.values(), key=lambda r: (r.key == OUTSIDE.id, r.key == 0, r.code,
                                                   r.name))
    for row in ordered:
        plan.settle(row, tallies[row.key])
    total = total_of(ordered, facts)
    plan.settle(total, plan.merged(list(tallies.values())))
    return ProgressView(level, day, ordered, total)


def total_of(rows: list[ProgressRow], facts: ProgressFacts, name: str = "Jumlah") -> ProgressRow:
    total = ProgressRow(0, "", name, facts.online_target_pct, facts.field_target_pct)
    for row in rows:
        for attribute in ("sls_count", "expected_households", "expected_population",
                          "households_found", "online_persons", "households_found_week_ago",
                          "online_persons_week_ago"):
            setattr(total, attribute, getattr(total, attribute) + getattr(row, attribute))
    return total


@dataclass
class _Tally:
    """What a row's schedule is worked out from, summed over its SLS while they are read."""

    windows: set[int | None]  # kecamatan with a field window of their own; None: the office's
    field_expected: int  # the sum of what each SLS's field window expects of it by the day
    field_counts: list[int]  # households found at the end of each pace day
    online_counts: list[int]


class _Plan:
    """The calendar at one day, worked out once per view: the planned share of each distinct
    window, the pace days and the working days ahead. Per SLS only sums are taken; the
    rest is done once per row."""

    def __init__(self, facts: ProgressFacts, day: date | None) -> None:
        calendar = self.calendar = facts.calendar
        self.day = day
        self.own_window = calendar.kecamatan_field
        self.field_shares: dict[Window, float] = {}
        self.key_shares: dict[int | None, float] = {}  # by kecamatan with its own window
        numerator, denominator = facts.field_target_pct.as_integer_ratio()
        self.field_ratio = (numerator, denominator * 100)
        self.online_share = 0.0
        self.ends: list[date] = []
        self.ahead: WorkingDaysAhead | None = None
        # nothing planned: no sums per SLS at all, only the statuses
        self.active = bool(calendar.online or calendar.field or calendar.kecamatan_field)
        if day is None:
            self.track_field = self.track_online = False
            return
        for window in {calendar.field, *calendar.kecamatan_field.values()}:
            if window is not None:
                self.field_shares[window] = planned_share(calendar, window, day)
        self.key_shares = {key: self.field_shares[w] for key, w in (
            (None, calendar.field), *calendar.kecamatan_field.items()) if w is not None}
        if calendar.online is not None:
            self.online_share = planned_share(calendar, calendar.online, day)
        self.track_field = any(day >= w.start for w in self.field_shares)
        self.track_online = calendar.online is not None and day >= calendar.online.start
        if self.track_field or self.track_online:
            self.ends = pace_days(calendar, day)
            self.ahead = WorkingDaysAhead(calendar, day)

    def tally(self) -> _Tally:
        return _Tally(set(), 0, [0] * len(self.ends), [0] * len(self.ends))

    def count(self, tally: _Tally, area: SlsArea, facts: ProgressFacts) -> None:
        if not self.active:
            return
        key = area.kecamatan.id if area.kecamatan.id in self.own_window else None
        tally.windows.add(key)
        share = self.key_shares.get(key)
        if share:
            numerator, denominator = self.field_ratio
            target = -(-numerator * area.expected_households // denominator)
            tally.field_expected += expected(target, share)
        if self.track_field:
            self._add(tally.field_counts, facts.field.get(area.id))
        if self.track_online:
            self._add(tally.online_counts, facts.online.get(area.id))

    def count_online(self, tally: _Tally, line: Timeline | None) -> None:
        if self.track_online:
            self._add(tally.online_counts, line)

    def _add(self, counts: list[int], line: Timeline | None) -> None:
        if line is None or not line.days:
            return
        days, values = line.days, line.values
        for index, end in enumerate(self.ends):  # Timeline.at, without a call per day
            found = bisect_right(days, end)
            if found:
                counts[index] += values[found - 1]

    def merged(self, tallies: Collection[_Tally]) -> _Tally:
        if not tallies:
            return self.tally()
        field_counts = zip(*(t.field_counts for t in tallies), strict=True)
        online_counts = zip(*(t.online_counts for t in tallies), strict=True)
        return _Tally(set().union(*(t.windows for t in tallies)),
                      sum(t.field_expected for t in tallies), [sum(c) for c in field_counts],
                      [sum(c) for c in online_counts])

    def settle(self, row: ProgressRow, tally: _Tally) -> None:
        """Expected by the day, status and forecast of the row's field work and online.

        Field: the sum over the row's SLS of what each SLS's window expects of it (so a row
        is the sum of its SLS rows), never above the row's target; the forecast runs over
        the span of those windows (earliest start to latest end). Online: the row's online
        target times the online window's planned share."""
        calendar = self.calendar
        parts = {w for key in tally.windows
                 if (w := calendar.field if key is None else self.own_window[key])}
        target = row.field_target
        if parts and self.day:
            row.expected_households_today = min(target, tally.field_expected)
        row.field_status = status_of(
            achieved=row.households_found, expected=row.expected_households_today,
            target=target, behind_pct=calendar.behind_pct,
            far_behind_pct=calendar.far_behind_pct, scheduled=bool(parts))
        if parts and self.day and target > 0:
            span = next(iter(parts)) if len(parts) == 1 else Window(
                min(w.start for w in parts), max(w.end for w in parts))
            row.field_forecast = self._forecast(span, tally.field_counts,
                                                target - row.households_found)
        window, target = calendar.online, row.online_target
        if window is not None and self.day:
            row.expected_online_today = expected(target, self.online_share)
        row.online_status = status_of(
            achieved=row.online_persons, expected=row.expected_online_today, target=target,
            behind_pct=calendar.behind_pct, far_behind_pct=calendar.far_behind_pct,
            scheduled=window is not None)
        if window is not None and self.day and target > 0:
            row.online_forecast = self._forecast(window, tally.online_counts,
                                                 target - row.online_persons)

    def _forecast(self, window: Window, counts: list[int], remaining: int) -> Forecast | None:
        """None before the window has begun: there is no pace to go by."""
        if self.day is None or self.day < window.start:
            return None
        return forecast(increments=window_increments(self.ends, counts, window),
                        remaining=remaining, calendar=self.calendar, window=window,
                        day=self.day, ahead=self.ahead)


def planned_series(facts: ProgressFacts, *, kecamatan_id: int | None = None,
                   kelurahan_id: int | None = None) -> list[PlannedPoint]:
    """The planned cumulative online persons and field households at the end of every day
    from the first window's start to the last one's end (empty when nothing is planned):
    the chart's planned line, summed as `progress_view` sums its rows. Online is 0
    throughout when it has no window."""
    calendar = facts.calendar
    # SLS of one window and one target expect the same each day: count them, not each
    alike: dict[tuple[Window, int], int] = defaultdict(int)
    all_households = population = 0
    for area in facts.areas_within(kecamatan_id, kelurahan_id):
        window = calendar.field_window(area.kecamatan.id)
        if window is not None:
            alike[window, target_of(facts.field_target_pct, area.expected_households)] += 1
        all_households += area.expected_households
        population += area.expected_population
    field_target = target_of(facts.field_target_pct, all_households)
    online_target = target_of(facts.online_target_pct, population)
    windows = {w for w, _ in alike} | ({calendar.online} if calendar.online else set())
    if not windows:
        return []
    shares = {w: daily_shares(calendar, w) for w in windows}

    def share_at(window: Window, day: date) -> float:
        if day < window.start:
            return 0.0
        return 1.0 if day > window.end else shares[window][day]

    points, day = [], min(w.start for w in windows)
    last = max(w.end for w in windows)
    while day <= last:
        online = expected(online_target, share_at(calendar.online, day)) if calendar.online else 0
        found = sum(count * expected(target, share_at(w, day))
                    for (w, target), count in alike.items())
        points.append(PlannedPoint(day, online, min(field_target, found)))
        day += timedelta(days=1)
    return points


def daily_series(facts: ProgressFacts, *, kecamatan_id: int | None = None,
                 kelurahan_id: int | None = None) -> list[DayPoint]:
    """Online persons and households found at the end of every day something changed."""
    sls_ids = [a.id for a in facts.areas_within(kecamatan_id, kelurahan_id)]
    whole_office = kecamatan_id is None and kelurahan_id is None
    points = []
    for day in facts.days:
        online = sum(facts.online_at(s, day) for s in sls_ids)
        if whole_office:
            online += facts.online_at(None, day)
        points.append(DayPoint(day, online, sum(facts.field_at(s, day) for s in sls_ids)))
    return points
