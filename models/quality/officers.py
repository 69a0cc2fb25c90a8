"""Data quality per PPL, and rolled up per team, kelurahan and kecamatan, against the area.

`quality_rows` reads the counts once (models.quality.counts), sums them per officer, team
or area, computes every measure from the sums and flags what crosses a threshold of
Pengaturan › Kualitas. A PPL is compared with the kecamatan where most of its persons
live, a team with its kecamatan, a kelurahan with its kecamatan, a kecamatan with the
whole office; the pace of a PPL with the median pace of its team's other PPL.
"""
from __future__ import annotations

import enum
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.quality import indices
from models.quality.counts import Counts, FieldCounts, read_counts
from models.quality.measures import HOUSEHOLD_MEASURES, Measure, Thresholds, is_flagged
from models.quality.records import FlaggedRecord, flagged_records
from models.quality.settings import load_thresholds
from models.schedule.calendar import Calendar
from models.schedule.settings import load_calendar
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.batches import BatchStatus, FieldResult, ImportBatch
from models.schema.officers import Officer, Team, TeamMember
from models.schema.quality import QualityThresholds
from models.schema.recon import PersonMatch, ReconRun
from models.schema.schedule import OperationCalendar

log = logging.getLogger(__name__)

__all__ = ["FlaggedRecord", "QualityLevel", "QualityRow", "flag_count", "flagged_records",
           "measure_values", "quality_rows"]


class QualityLevel(enum.Enum):
    PPL = "ppl"
    TIM = "tim"
    KELURAHAN = "kelurahan"
    KECAMATAN = "kecamatan"


LEVEL_LABELS = {QualityLevel.PPL: "PPL", QualityLevel.TIM: "Tim",
                QualityLevel.KELURAHAN: "Kelurahan/desa", QualityLevel.KECAMATAN: "Kecamatan"}
OFFICE_AREA = "seluruh wilayah"


@dataclass(frozen=True)
class QualityRow:
    """One PPL, team or area: its measures, the same measures of the area around it, and
    the measures that flag it.

    `key` is the officer, team, kelurahan or kecamatan id; `code` the officer's NIK, the
    team code or the area's BPS code. A value is None when there is nothing to compute it
    from; the sex ratio is infinite when only men were listed. A measure flags only when
    its base reaches the threshold's minimum (persons, or households for the household
    measures and the pace). `area_values[Measure.PACE]` of a PPL is the median pace of the
    other PPL of its team (of its kecamatan when it has no team).
    """

    key: int
    code: str
    name: str
    level: QualityLevel
    team_name: str
    persons: int
    households: int
    values: dict[Measure, float | None]
    area_values: dict[Measure, float | None]
    flags: frozenset[Measure]
    area_name: str = ""  # the kecamatan (or "seluruh wilayah") compared with


def longest_gap(visits: Counter[tuple[int | None, date]], calendar: Calendar) -> float | None:
    """The most working days one officer went without a visit between two active days."""
    days: dict[int | None, list[date]] = defaultdict(list)
    for officer_id, day in visits:
        days[officer_id].append(day)
    if not days:
        return None
    gap = 0
    for officer_days in days.values():
        officer_days.sort()
        for before, after in zip(officer_days, officer_days[1:], strict=False):
            gap = max(gap, calendar.working_days_between(before, after - timedelta(days=1)))
    return float(gap)


def measure_values(counts: Counts, calendar: Calendar) -> dict[Measure, float | None]:
    """Every measure of one sum of counts."""
    officer_days = len(counts.visits)
    return {
        Measure.WHIPPLE: indices.whipple(counts.ages),
        Measure.MYERS: indices.myers(counts.ages),
        Measure.JAN_1: indices.share(counts.jan_1, counts.with_birth),
        Measure.AUG_17: indices.share(counts.aug_17, counts.with_birth),
        Measure.FIRST_OF_MONTH: indices.share(counts.first_of_month, counts.with_birth),
        Measure.SAME_BIRTH_IN_HOUSEHOLD: indices.share(counts.repeated_birth,
                                                       counts.household_persons),
        Measure.SEX_RATIO: indices.sex_ratio(counts.men, counts.women),
        Measure.HOUSEHOLD_SIZE: indices.mean_household_size(counts.household_persons,
                                                            counts.households),
        Measure.ONE_PERSON_SHARE: indices.share(counts.one_person, counts.households),
        Measure.NO_NIK: indices.share(counts.no_nik, counts.persons),
        Measure.INVALID_NIK: indices.share(counts.invalid_nik, counts.persons),
        Measure.DUPLICATES: indices.share(counts.duplicates, counts.persons),
        Measure.PINDAH: indices.share(counts.pindah, counts.persons),
        Measure.PACE: sum(counts.visits.values()) / officer_days if officer_days else None,
        Measure.LONG_GAP: longest_gap(counts.visits, calendar),
    }


def _flags(counts: Counts, values: dict[Measure, float | None],
           area_values: dict[Measure, float | None], thresholds: Thresholds) -> frozenset[Measure]:
    flagged = set()
    for measure in Measure:
        if measure is Measure.PACE:
            base = sum(counts.visits.values())
        elif measure in HOUSEHOLD_MEASURES:
            base = counts.households
        else:
            base = counts.persons
        if base < thresholds.minimum(measure):
            continue
        if is_flagged(measure, values[measure], area_values[measure], thresholds.of(measure)):
            flagged.add(measure)
    return frozenset(flagged)


@dataclass(frozen=True)
class _Area:
    kelurahan_id: int
    kecamatan_id: int


@dataclass
class _Group:
    key: int
    code: str
    name: str
    team_name: str = ""
    area_id: int | None = None  # the kecamatan compared with (None: the office)
    counts: Counts | None = None


def _sls_areas(session: Session) -> dict[int, _Area]:
    rows = session.execute(select(Sls.id, Sls.kelurahan_id, Kelurahan.kecamatan_id)
                           .join(Kelurahan, Kelurahan.id == Sls.kelurahan_id))
    return {sls_id: _Area(kelurahan_id, kecamatan_id)
            for sls_id, kelurahan_id, kecamatan_id in rows}


def _sum_by(data: FieldCounts, key_of: Callable[[int | None, int | None], Hashable | None]
            ) -> dict[Hashable, Counts]:
    sums: dict[Hashable, Counts] = {}
    for (officer_id, sls_id), counts in data.by_key.items():
        key = key_of(officer_id, sls_id)
        if key is None:
            continue
        target = sums.get(key)
        if target is None:
            target = sums[key] = Counts()
        target.add(counts)
    return sums


def _main_kecamatan(data: FieldCounts, areas: dict[int, _Area]) -> dict[int, int]:
    """Each officer's kecamatan: where most of its persons were found."""
    persons: dict[int, Counter[int]] = defaultdict(Counter)
    for (officer_id, sls_id), counts in data.by_key.items():
        if officer_id is not None and sls_id in areas:
            persons[officer_id][areas[sls_id].kecamatan_id] += counts.persons
    return {officer_id: found.most_common(1)[0][0] for officer_id, found in persons.items()
            if found}


TeamInfo = tuple[str, str, int | None]  # code, name, kecamatan id


def _current_teams(session: Session) -> tuple[dict[int, int], dict[int, TeamInfo]]:
    members = dict(session.execute(select(TeamMember.officer_id, TeamMember.team_id)
                                   .where(TeamMember.valid_to.is_(None))).all())
    teams = {team_id: (code, name, kecamatan_id) for team_id, code, name, kecamatan_id in
             session.execute(select(Team.id, Team.code, Team.name, Team.kecamatan_id))}
    return members, teams


def _groups(session: Session, level: QualityLevel, data: FieldCounts,
            areas: dict[int, _Area]) -> list[_Group]:
    members, teams = _current_teams(session)
    main = _main_kecamatan(data, areas)
    if level is QualityLevel.PPL:
        sums = _sum_by(data, lambda officer_id, _sls: officer_id)
        officers = {officer_id: (nik or "", name) for officer_id, nik, name in session.execute(
            select(Officer.id, Officer.nik, Officer.name).where(Officer.id.in_(
                [key for key in sums if isinstance(key, int)])))} if sums else {}
        groups = []
        for officer_id, counts in sums.items():
            assert isinstance(officer_id, int)
            nik, name = officers.get(officer_id, ("", f"Petugas #{officer_id}"))
            team = teams.get(members.get(officer_id, -1))
            groups.append(_Group(officer_id, nik, name, team[1] if team else "",
                                 main.get(officer_id), counts))
        return sorted(groups, key=lambda g: (g.team_name == "", g.team_name, g.name, g.key))
    if level is QualityLevel.TIM:
        sums = _sum_by(data, lambda officer_id, _sls: members.get(officer_id)
                       if officer_id is not None else None)
        groups = []
        for team_id, counts in sums.items():
            assert isinstance(team_id, int)
            code, name, kecamatan_id = teams[team_id]
            if kecamatan_id is None:  # the kecamatan of most of its members' persons
                found = Counter(main[o] for o, t in members.items() if t == team_id and o in main)
                kecamatan_id = found.most_common(1)[0][0] if found else None
            groups.append(_Group(team_id, code, name, name, kecamatan_id, counts))
        return sorted(groups, key=lambda g: (g.code, g.key))
    if level is QualityLevel.KELURAHAN:
        sums = _sum_by(data, lambda _o, sls_id: areas[sls_id].kelurahan_id
                       if sls_id in areas else None)
        rows = session.execute(select(Kelurahan.id, Kelurahan.bps_code, Kelurahan.name,
                                      Kelurahan.kecamatan_id).where(Kelurahan.id.in_(
                                          list(sums)))) if sums else []
        return sorted((_Group(kel_id, code, name, "", kecamatan_id, sums[kel_id])
                       for kel_id, code, name, kecamatan_id in rows),
                      key=lambda g: (g.code, g.key))
    sums = _sum_by(data, lambda _o, sls_id: areas[sls_id].kecamatan_id
                   if sls_id in areas else None)
    rows = session.execute(select(Kecamatan.id, Kecamatan.bps_code, Kecamatan.name).where(
        Kecamatan.id.in_(list(sums)))) if sums else []
    return sorted((_Group(kec_id, code, name, "", None, sums[kec_id])
                   for kec_id, code, name in rows), key=lambda g: (g.code, g.key))


def _colleague_paces(groups: list[_Group], members: dict[int, int],
                     thresholds: Thresholds) -> dict[int, float | None]:
    """Per PPL, the median pace of the other PPL of its team (else of its kecamatan) who
    visited enough households to have a pace worth comparing with."""
    paces: dict[int, float] = {}
    for group in groups:
        assert group.counts is not None
        visited, days = sum(group.counts.visits.values()), len(group.counts.visits)
        if days and visited >= thresholds.min_households:
            paces[group.key] = visited / days
    circles: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    circle_of: dict[int, tuple[str, int | None]] = {}
    for group in groups:
        circle = ("tim", members[group.key]) if group.key in members else ("kec", group.area_id)
        circle_of[group.key] = circle
        circles[circle].append(group.key)
    result: dict[int, float | None] = {}
    for group in groups:
        others = [paces[o] for o in circles[circle_of[group.key]]
                  if o != group.key and o in paces]
        result[group.key] = median(others) if others else None
    return result


def quality_rows(session: Session, level: QualityLevel = QualityLevel.PPL, *,
                 thresholds: Thresholds | None = None) -> list[QualityRow]:
    """Every officer (or team, kelurahan, kecamatan) with field results, measured and
    flagged against `thresholds` (default: those saved in Pengaturan)."""
    thresholds = thresholds or load_thresholds(session)
    calendar = load_calendar(session)
    data = _counts(session)
    areas = _sls_areas(session)
    groups = _groups(session, level, data, areas)
    by_kecamatan = _sum_by(data, lambda _o, sls_id: areas[sls_id].kecamatan_id
                           if sls_id in areas else None)
    office = Counts.total(data.by_key.values())
    area_names = dict(session.execute(select(Kecamatan.id, Kecamatan.name)).all())
    area_cache: dict[int | None, dict[Measure, float | None]] = {}

    def area_values(kecamatan_id: int | None) -> dict[Measure, float | None]:
        if kecamatan_id not in area_cache:
            counts = by_kecamatan.get(kecamatan_id) if kecamatan_id is not None else office
            area_cache[kecamatan_id] = measure_values(counts or office, calendar)
        return area_cache[kecamatan_id]

    paces: dict[int, float | None] = {}
    if level is QualityLevel.PPL:
        members, _teams = _current_teams(session)
        paces = _colleague_paces(groups, members, thresholds)
    rows = []
    for group in groups:
        assert group.counts is not None
        values = measure_values(group.counts, calendar)
        around = dict(area_values(group.area_id if group.area_id in by_kecamatan else None))
        if level is QualityLevel.PPL:
            around[Measure.PACE] = paces.get(group.key)
        rows.append(QualityRow(
            key=group.key, code=group.code, name=group.name, level=level,
            team_name=group.team_name, persons=group.counts.persons,
            households=group.counts.households, values=values, area_values=around,
            flags=_flags(group.counts, values, around, thresholds),
            area_name=area_names.get(group.area_id, OFFICE_AREA)
            if group.area_id in by_kecamatan else OFFICE_AREA))
    return rows


# The last counts read and flag_count's last answer, per database, with the state of the
# data they were computed on: the Kualitas page switching levels, and the Beranda asking
# again, need no new pass over the persons while nothing changed.
_COUNTS_CACHE: dict[str, tuple[tuple[object, ...], FieldCounts]] = {}
_FLAG_CACHE: dict[str, tuple[tuple[object, ...], int]] = {}


def _data_state(session: Session) -> tuple[object, ...]:
    """What the counts depend on, read in a few index look-ups: the person rows (only
    imports, rollbacks and the demo write them, each as a batch), the last reconciliation
    (the ganda, pindah and tidak valid), the calendar (the day ages are counted at)."""
    rolled_back = session.execute(select(func.max(ImportBatch.id), func.count(ImportBatch.id))
                                  .where(ImportBatch.status == BatchStatus.DIBATALKAN)).one()
    run = session.execute(select(ReconRun.id, ReconRun.finished_at)
                          .order_by(ReconRun.id.desc()).limit(1)).first()
    return (session.scalar(select(func.max(ImportBatch.id))), tuple(rolled_back),
            session.scalar(select(func.max(FieldResult.id))),
            session.scalar(select(func.max(PersonMatch.id))), tuple(run) if run else None,
            session.scalar(select(OperationCalendar.version_id)))


def _database_key(session: Session) -> str:
    return str(session.get_bind().engine.url)


def _counts(session: Session) -> FieldCounts:
    key, state = _database_key(session), _data_state(session)
    cached = _COUNTS_CACHE.get(key)
    if cached is not None and cached[0] == state:
        return cached[1]
    data = read_counts(session)
    _COUNTS_CACHE[key] = (state, data)
    return data


def flag_count(session: Session) -> int:
    """How many flags the PPL carry together (the Beranda's quality alerts). Computed once
    per state of the data: while no import, rollback, reconciliation, team change or
    setting happened since, the count is answered from memory."""
    teams = session.execute(select(func.max(TeamMember.id), func.count(TeamMember.id))
                            .where(TeamMember.valid_to.is_(None))).one()
    state = (_data_state(session), tuple(teams),
             session.scalar(select(QualityThresholds.version_id)))
    key = _database_key(session)
    cached = _FLAG_CACHE.get(key)
    if cached is not None and cached[0] == state:
        return cached[1]
    count = sum(len(row.flags) for row in quality_rows(session, QualityLevel.PPL))
    _FLAG_CACHE[key] = (state, count)
    return count
