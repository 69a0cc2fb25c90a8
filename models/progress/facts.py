"""What progress is computed from, read in a few queries: SLS, their officers, day counts.

Everything else (any level, any day, the week's change, the daily series, a batch of 52
letters) is derived from these facts in Python, so a page or a letter batch reads the
database once.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.office.profile import get_profile
from models.persons.day_counts import day_counts
from models.schedule.calendar import Calendar
from models.schedule.settings import load_calendar
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.batches import ImportKind, SlsRecap
from models.schema.officers import Assignment, Officer, Team, TeamMember
from models.store.gc_pause import collection_paused


@dataclass(frozen=True)
class Ref:
    """Something progress is grouped by: an area, an officer or a team."""

    id: int
    code: str
    name: str


@dataclass(frozen=True)
class SlsArea:
    id: int
    code: str
    name: str
    expected_households: int
    expected_population: int
    kelurahan: Ref
    kecamatan: Ref


class Timeline:
    """A count that changes on some days; `at(day)` is its value at the end of that day."""

    def __init__(self, values: dict[date, int]) -> None:
        self.days = sorted(values)
        self.values = [values[d] for d in self.days]

    @classmethod
    def accumulated(cls, increments: dict[date, int]) -> Timeline:
        running, values = 0, {}
        for day in sorted(increments):
            running += increments[day]
            values[day] = running
        return cls(values)

    def at(self, day: date | None = None) -> int:
        if not self.values:
            return 0
        if day is None:
            return self.values[-1]
        index = bisect_right(self.days, day)
        return self.values[index - 1] if index else 0

    def last_rise(self, day: date) -> date | None:
        """The last day up to `day` on which the count went up, None when it never did."""
        index = bisect_right(self.days, day) - 1
        while index >= 0:
            if self.values[index] > (self.values[index - 1] if index else 0):
                return self.days[index]
            index -= 1
        return None


EMPTY = Timeline({})


@dataclass
class ProgressFacts:
    areas: dict[int, SlsArea]
    online: dict[int | None, Timeline]  # persons filled online; None: area not in the master
    field: dict[int, Timeline]  # households found per SLS
    ppl_of_sls: dict[int, Ref] = field(default_factory=dict)
    team_of_ppl: dict[int, Ref] = field(default_factory=dict)
    pml_of_team: dict[int, str] = field(default_factory=dict)  # the PML's name
    koseka_of_kecamatan: dict[int, Ref] = field(default_factory=dict)
    online_target_pct: Decimal = Decimal("20")
    field_target_pct: Decimal = Decimal("100")
    calendar: Calendar = field(default_factory=Calendar)  # no windows: nothing scheduled

    def online_at(self, sls_id: int | None, day: date | None) -> int:
        return self.online.get(sls_id, EMPTY).at(day)

    def field_at(self, sls_id: int, day: date | None) -> int:
        return self.field.get(sls_id, EMPTY).at(day)

    @cached_property
    def days(self) -> list[date]:
        """Every day on which some count changed, oldest first."""
        found = {d for line in self.online.values() for d in line.days}
        found.update(d for line in self.field.values() for d in line.days)
        return sorted(found)

    @property
    def last_day(self) -> date | None:
        return self.days[-1] if self.days else None

    def areas_within(self, kecamatan_id: int | None = None,
                     kelurahan_id: int | None = None) -> list[SlsArea]:
        """The SLS of one kelurahan, of one kecamatan, or all: a batch of 52 kelurahan
        letters would otherwise test every SLS of the city 52 times."""
        if kelurahan_id is not None:
            return [a for a in self._by_kelurahan.get(kelurahan_id, [])
                    if kecamatan_id is None or a.kecamatan.id == kecamatan_id]
        if kecamatan_id is not None:
            return self._by_kecamatan.get(kecamatan_id, [])
        return list(self.areas.values())

    @cached_property
    def _by_kelurahan(self) -> dict[int, list[SlsArea]]:
        return _grouped(self.areas.values(), lambda area: area.kelurahan.id)

    @cached_property
    def _by_kecamatan(self) -> dict[int, list[SlsArea]]:
        return _grouped(self.areas.values(), lambda area: area.kecamatan.id)


def _grouped(areas: Iterable[SlsArea], key: Callable[[SlsArea], int]
             ) -> dict[int, list[SlsArea]]:
    grouped: dict[int, list[SlsArea]] = defaultdict(list)
    for area in areas:
        grouped[key(area)].append(area)
    return grouped


def _areas(session: Session) -> dict[int, SlsArea]:
    query = (select(Sls.id, Sls.bps_code, Sls.name, Sls.expected_households,
                    Sls.expected_population, Kelurahan.id, Kelurahan.bps_code, Kelurahan.name,
                    Kecamatan.id, Kecamatan.bps_code, Kecamatan.name)
             .join(Kelurahan, Kelurahan.id == Sls.kelurahan_id)
             .join(Kecamatan, Kecamatan.id == Kelurahan.kecamatan_id)
             .where(Sls.active))
    return {row[0]: SlsArea(row[0], row[1], row[2], row[3] or 0, row[4] or 0,
                            Ref(*row[5:8]), Ref(*row[8:11]))
            for row in session.execute(query)}


def _online(session: Session, areas: dict[int, SlsArea]) -> dict[int | None, Timeline]:
    """Persons per SLS per day (those of SLS not in the active master together, under None)."""
    increments: dict[int | None, dict[date, int]] = defaultdict(dict)
    for sls_id, day, count in day_counts(session, ImportKind.ONLINE):
        per_day = increments[sls_id if sls_id in areas else None]
        per_day[day] = per_day.get(day, 0) + count
    return {key: Timeline.accumulated(days) for key, days in increments.items()}


def _field(session: Session, areas: dict[int, SlsArea]) -> dict[int, Timeline]:
    """Households found per SLS: the SLS recap of the day, or the distinct No. KK of the
    person-level field results found by then, whichever is larger (both count the same
    households; the larger is the more complete report)."""
    recaps: dict[int, dict[date, int]] = defaultdict(dict)
    recap = SlsRecap.__table__.c
    for sls_id, day, households in session.connection().execute(
            select(recap.sls_id, recap.report_date, recap.households_found)):
        recaps[sls_id][day] = households
    found: dict[int, dict[date, int]] = defaultdict(dict)
    for sls_id, day, count in day_counts(session, ImportKind.LAPANGAN):
        found[sls_id][day] = count
    timelines = {}
    for sls_id in (set(recaps) | set(found)) & set(areas):
        from_recaps, results = recaps.get(sls_id, {}), found.get(sls_id)
        if not results:  # recaps alone: nothing to combine
            timelines[sls_id] = Timeline(from_recaps)
            continue
        recap_line, result_line = Timeline(from_recaps), Timeline.accumulated(results)
        days = set(recap_line.days) | set(result_line.days)
        timelines[sls_id] = Timeline({d: max(recap_line.at(d), result_line.at(d)) for d in days})
    return timelines


def _officers(session: Session, facts: ProgressFacts) -> None:
    names = {o.id: Ref(o.id, o.nik or "", o.name) for o in session.scalars(select(Officer))}
    for sls_id, kecamatan_id, officer_id in session.execute(
            select(Assignment.sls_id, Assignment.kecamatan_id, Assignment.officer_id)
            .where(Assignment.valid_to.is_(None))):
        if sls_id is not None:
            facts.ppl_of_sls[sls_id] = names[officer_id]
        elif kecamatan_id is not None:
            facts.koseka_of_kecamatan[kecamatan_id] = names[officer_id]
    for officer_id, team_id, code, team_name, pml_id in session.execute(
            select(TeamMember.officer_id, Team.id, Team.code, Team.name, Team.pml_id)
            .join(Team, Team.id == TeamMember.team_id).where(TeamMember.valid_to.is_(None))):
        facts.team_of_ppl[officer_id] = Ref(team_id, code, team_name)
        if pml_id in names:
            facts.pml_of_team[team_id] = names[pml_id].name


def load_facts(session: Session) -> ProgressFacts:
    with collection_paused():
        profile = get_profile(session)
        areas = _areas(session)
        facts = ProgressFacts(areas, _online(session, areas), _field(session, areas),
                              online_target_pct=profile.online_target_pct,
                              field_target_pct=profile.field_target_pct,
                              calendar=load_calendar(session))
        _officers(session, facts)
    return facts
