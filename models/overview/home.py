"""The figures of the Beranda: the field work against the schedule, officers, assignment,
reconciliation, and the areas and teams furthest behind.

The Progres page reads every day count of every SLS (`load_facts`): well over a second for a
province of 40,000 SLS. The Beranda needs each SLS's households at the end of the day and
whether they rose on it, so the database sums them, per kelurahan, team and PPL, and a
handful of COUNT queries give the rest. The sums follow `progress_view` exactly: households
found are the larger of the latest SLS recap and the field results' households, each SLS's
field window expects its share of the SLS's target (worked out in SQL with the same integer
and floating-point steps as `models.schedule.pace.expected`), and each row's status is
`status_of`; the tests hold the two side by side on both backends.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Row,
    Select,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import Session

from models.office.profile import get_profile
from models.persons.rollback import current_count
from models.progress.summary import LEVEL_LABELS, ProgressLevel, target_of
from models.recon.run import pending_batches
from models.schedule.calendar import Calendar
from models.schedule.pace import expected, planned_share
from models.schedule.settings import load_calendar
from models.schedule.standing import ScheduleStatus, status_of
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.batches import ImportBatch, ImportKind, SlsRecap
from models.schema.officers import Assignment, Officer, OfficerRole, OfficerStatus, Team, TeamMember
from models.schema.progress import ProgressDayCount
from models.schema.recon import REVIEWED, PersonMatch
from models.store.gc_pause import collection_paused

# Rows of each level in the list of those furthest behind, in this order.
BEHIND_LEVELS: tuple[tuple[ProgressLevel, int], ...] = (
    (ProgressLevel.KECAMATAN, 3), (ProgressLevel.KELURAHAN, 4), (ProgressLevel.TIM, 3))
LAPANGAN, ONLINE = ImportKind.LAPANGAN.value, ImportKind.ONLINE.value


@dataclass(frozen=True)
class BehindRow:
    """An area or team behind its schedule; percentages are of its field target."""

    level: ProgressLevel
    key: int
    code: str
    name: str
    achieved_pct: float
    expected_pct: float
    status: ScheduleStatus

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def gap_points(self) -> float:
        """Points of the target behind what is expected by the day."""
        return self.expected_pct - self.achieved_pct

    @property
    def status_label(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class HomeFigures:
    """What the Beranda shows, as plain values: it crosses from the worker to the window."""

    day: date | None  # the counts are as of the end of this day: the latest with data
    # the field work, in households of the whole office
    field_target: int
    households_found: int
    expected_today: int
    field_status: ScheduleStatus
    scheduled: bool  # the calendar has a field window for some SLS
    # SP Online, in persons (those of areas outside the master too)
    online_target: int
    online_persons: int
    expected_online_today: int
    online_status: ScheduleStatus
    ppl_active_today: int  # PPL one of whose SLS gained households on `day`
    ppl_total: int  # active PPL
    sls_unassigned: int
    sls_total: int
    unreconciled: int  # person records imported since the last matching run (all: never ran)
    reconciled_before: bool  # whether matching has ever run
    open_reviews: int  # beda, ganda and pindah not yet decided
    behind: list[BehindRow] = field(default_factory=list)

    @property
    def field_gap(self) -> int:
        """Households behind the plan (negative: ahead of it)."""
        return self.expected_today - self.households_found

    @property
    def field_gap_points(self) -> float:
        return _pct(self.field_gap, self.field_target)

    @property
    def achieved_pct(self) -> float:
        return _pct(self.households_found, self.field_target)

    @property
    def expected_pct(self) -> float:
        return _pct(self.expected_today, self.field_target)

    @property
    def on_schedule(self) -> bool | None:
        """None when there is nothing to measure against (no window, not begun, no target)."""
        if self.field_status in (ScheduleStatus.SESUAI, ScheduleStatus.SELESAI):
            return True
        return False if self.field_status.behind else None


def _pct(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


@dataclass
class _Sums:
    """A kecamatan, kelurahan, team or the office, summed over its SLS."""

    households: int = 0
    found: int = 0
    expected: int = 0  # the sum of what each SLS's field window expects of it
    scheduled: bool = False  # some SLS has a field window

    def add(self, households: int, found: int, expecting: int, scheduled: bool) -> None:
        self.households += households
        self.found += found
        self.expected += expecting
        self.scheduled = self.scheduled or scheduled


class _Standing:
    """Targets, expectations and statuses as `progress_view` settles its rows."""

    def __init__(self, calendar: Calendar, field_pct: Decimal, day: date | None) -> None:
        self.calendar, self.field_pct, self.day = calendar, field_pct, day
        self.office_share = 0.0
        self.own_shares: dict[int, float] = {}  # by kecamatan with a field window of its own
        if day is not None:
            if calendar.field is not None:
                self.office_share = planned_share(calendar, calendar.field, day)
            self.own_shares = {kecamatan_id: planned_share(calendar, window, day)
                               for kecamatan_id, window in calendar.kecamatan_field.items()}

    def settle(self, sums: _Sums) -> tuple[int, int, ScheduleStatus]:
        """(target, expected by the day, status) of a row."""
        target = target_of(self.field_pct, sums.households)
        expecting = min(target, sums.expected) if sums.scheduled and self.day else 0
        status = status_of(achieved=sums.found, expected=expecting, target=target,
                           behind_pct=self.calendar.behind_pct,
                           far_behind_pct=self.calendar.far_behind_pct,
                           scheduled=sums.scheduled)
        return target, expecting, status

    def sls_expected(self, households: ColumnElement[Any], kecamatan_id: ColumnElement[Any],
                     dialect: str) -> ColumnElement[Any]:
        """What each SLS's field window expects of it by the day, as `_Plan.count` has it:
        `expected(target_of(pct, households), share)`, i.e. min(target, floor(target × share
        + 0.5 + 1e-9)) with the target the ceiling of households × pct / 100, in the same
        integer and double-precision steps as Python takes them."""
        numerator, denominator = self.field_pct.as_integer_ratio()
        whole = denominator * 100
        target = case((households > 0, (households * numerator + (whole - 1)) // whole),
                      else_=0)
        share: ColumnElement[Any] = bindparam("office_share", self.office_share, Float)
        if self.own_shares:
            share = case({kecamatan: bindparam(f"share_{kecamatan}", value, Float)
                          for kecamatan, value in self.own_shares.items()},
                         value=kecamatan_id, else_=share)
        raw = target * share + bindparam("half", 0.5, Float) + bindparam("nudge", 1e-9, Float)
        # positive: truncating is flooring; PostgreSQL's cast would round instead
        floored = cast(func.floor(raw), Integer) if dialect == "postgresql" else cast(raw, Integer)
        return case((floored < target, floored), else_=target)

    def sls_scheduled(self, kecamatan_id: ColumnElement[Any]) -> ColumnElement[Any]:
        """1 where the SLS's kecamatan has a field window (its own or the office's)."""
        if self.calendar.field is not None:
            return literal(1)
        if not self.calendar.kecamatan_field:
            return literal(0)
        return case((kecamatan_id.in_(list(self.calendar.kecamatan_field)), 1), else_=0)


def home_figures(session: Session) -> HomeFigures:
    """The Beranda's figures as of the end of the latest day with data, as Progres shows."""
    with collection_paused():
        return _home_figures(session)


def _home_figures(session: Session) -> HomeFigures:
    profile = get_profile(session)
    calendar = load_calendar(session)
    day, online_persons = _last_day(session)
    standing = _Standing(calendar, profile.field_target_pct, day)
    levels: dict[ProgressLevel, dict[int, _Sums]] = {
        level: defaultdict(_Sums) for level, _ in BEHIND_LEVELS}
    whole = _Sums()
    active_ppl: set[int] = set()
    population = sls_total = sls_assigned = 0
    kecamatan, kelurahan, teams = (levels[ProgressLevel.KECAMATAN],
                                   levels[ProgressLevel.KELURAHAN], levels[ProgressLevel.TIM])
    for kelurahan_id, kecamatan_id, team_id, officer_id, sls, households, people, found, \
            expecting, scheduled, rose in _groups(session, standing):
        counts = (int(households), int(found), int(expecting), bool(scheduled))
        whole.add(*counts)
        kecamatan[kecamatan_id].add(*counts)
        kelurahan[kelurahan_id].add(*counts)
        if team_id is not None:  # SLS without a team: not a team behind
            teams[team_id].add(*counts)
        population += int(people)
        sls_total += sls
        if officer_id is not None:
            sls_assigned += sls
            if rose:
                active_ppl.add(officer_id)
    target, expecting, status = standing.settle(whole)
    online = _online(calendar, profile.online_target_pct, population, day, online_persons)
    unreconciled, reconciled_before = _unreconciled(session)
    return HomeFigures(
        day=day, field_target=target, households_found=whole.found, expected_today=expecting,
        field_status=status, scheduled=whole.scheduled, online_target=online[0],
        online_persons=online_persons, expected_online_today=online[1],
        online_status=online[2], ppl_active_today=len(active_ppl),
        ppl_total=_count(session, select(func.count()).select_from(Officer).where(
            Officer.role == OfficerRole.PPL, Officer.status == OfficerStatus.AKTIF)),
        sls_unassigned=sls_total - sls_assigned, sls_total=sls_total,
        unreconciled=unreconciled, reconciled_before=reconciled_before,
        open_reviews=_count(session, select(func.count()).select_from(PersonMatch).where(
            PersonMatch.category.in_(REVIEWED), PersonMatch.resolution_id.is_(None))),
        behind=_behind(session, standing, levels))


def _count(session: Session, query: Select[Any]) -> int:
    return int(session.scalar(query) or 0)


def _as_date(value: Any) -> date | None:
    """SQLite gives the text it stored, PostgreSQL a date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _last_day(session: Session) -> tuple[date | None, int]:
    """The last day on which a count changed, as `ProgressFacts.last_day` (online anywhere,
    field households and recaps of the SLS in the master), and every online person (none
    is counted after that day)."""
    counts = ProgressDayCount.__table__.c
    recap = SlsRecap.__table__.c
    connection = session.connection()
    online_day, persons = connection.execute(
        select(func.max(counts.day), func.sum(counts.amount))
        .where(counts.kind == ONLINE)).one()
    online_day = _as_date(online_day)
    field_day = _as_date(connection.execute(
        select(func.max(counts.day)).where(counts.kind == LAPANGAN)).scalar())
    recap_day = _as_date(connection.execute(select(func.max(recap.report_date))).scalar())
    later = max((d for d in (field_day, recap_day) if d is not None), default=None)
    if later is not None and (online_day is None or later > online_day) \
            and not _counted_in_master(session, later):
        # the latest field count is of SLS no longer in the master: theirs do not count
        active = select(Sls.id).where(Sls.active)
        field_day = _as_date(connection.execute(select(func.max(counts.day)).where(
            counts.kind == LAPANGAN, counts.sls_id.in_(active))).scalar())
        recap_day = _as_date(connection.execute(select(func.max(recap.report_date))
                                                .where(recap.sls_id.in_(active))).scalar())
    days = [d for d in (online_day, field_day, recap_day) if d is not None]
    return (max(days) if days else None), int(persons or 0)


def _counted_in_master(session: Session, day: date) -> bool:
    """Whether an SLS of the master has a field count or a recap on `day`."""
    counts = ProgressDayCount.__table__.c
    recap = SlsRecap.__table__.c
    active = select(Sls.id).where(Sls.active)
    connection = session.connection()
    return connection.execute(select(counts.id).where(
        counts.kind == LAPANGAN, counts.day == day, counts.sls_id.in_(active)).limit(1)
    ).first() is not None or connection.execute(select(recap.id).where(
        recap.report_date == day, recap.sls_id.in_(active)).limit(1)).first() is not None


def _groups(session: Session, standing: _Standing) -> Sequence[Row[Any]]:
    """The active SLS summed per kelurahan, team and PPL: how many, their expected
    households and persons, households found by the end of the day, what their field
    windows expect of them by then, whether they have a window, and whether households rose
    on the day (against the end of the day before).

    Households found by a day are the larger of the latest recap and the field results'
    households by then, as `load_facts` combines them. Summed in the database: forty
    thousand SLS rows fetched and added up in Python took longer than the query itself."""
    dialect = session.connection().dialect.name
    sls = Sls.__table__.c
    kelurahan = Kelurahan.__table__.c
    day = standing.day
    source: Any = Sls.__table__
    if day is None:  # nothing counted anywhere: nothing found, nothing rose
        found_now = found_before = literal(0)
    else:
        counts = ProgressDayCount.__table__.c
        # every count is of the day or before it: the sum is all of them
        results = (select(counts.sls_id, func.sum(counts.amount).label("now"),
                          func.sum(case((counts.day == day, counts.amount), else_=0))
                          .label("on_day"))
                   .where(counts.kind == LAPANGAN).group_by(counts.sls_id).subquery())
        recap_now = _latest_recap(day, dialect)
        recap_before = _latest_recap(day - timedelta(days=1), dialect)
        found_now = _larger(results.c.now, recap_now.c.found)
        found_before = _larger(results.c.now - results.c.on_day, recap_before.c.found)
        source = (source.outerjoin(results, results.c.sls_id == sls.id)
                  .outerjoin(recap_now, recap_now.c.sls_id == sls.id)
                  .outerjoin(recap_before, recap_before.c.sls_id == sls.id))
    households = func.coalesce(sls.expected_households, 0)
    query = (
        select(kelurahan.id.label("kelurahan_id"), kelurahan.kecamatan_id,
               TeamMember.team_id, Assignment.officer_id, func.count().label("sls"),
               func.sum(households).label("households"),
               func.sum(func.coalesce(sls.expected_population, 0)).label("population"),
               func.sum(found_now).label("found"),
               func.sum(standing.sls_expected(households, kelurahan.kecamatan_id, dialect))
               .label("expected"),
               func.max(standing.sls_scheduled(kelurahan.kecamatan_id)).label("scheduled"),
               func.max(case((found_now > found_before, 1), else_=0)).label("rose"))
        .select_from(source)
        .join(Kelurahan, kelurahan.id == sls.kelurahan_id)
        .outerjoin(Assignment, and_(Assignment.sls_id == sls.id, Assignment.valid_to.is_(None)))
        .outerjoin(TeamMember, and_(TeamMember.officer_id == Assignment.officer_id,
                                    TeamMember.valid_to.is_(None)))
        .where(sls.active)
        .group_by(kelurahan.id, kelurahan.kecamatan_id, TeamMember.team_id,
                  Assignment.officer_id))
    return session.connection().execute(query).all()


def _latest_recap(day: date, dialect: str):  # type: ignore[no-untyped-def]
    """Households of each SLS's latest recap up to the end of `day`.

    One table read per backend's own idiom, which both planners join by an index: SQLite
    takes the other columns of a max() aggregate from the row holding the max, PostgreSQL
    keeps the first row of each SLS (DISTINCT ON). A join back to the recaps made SQLite
    walk them once per SLS."""
    recap = SlsRecap.__table__.c
    if dialect == "sqlite":
        return (select(recap.sls_id, func.max(recap.report_date).label("report_date"),
                       recap.households_found.label("found"))
                .where(recap.report_date <= day).group_by(recap.sls_id).subquery())
    return (select(recap.sls_id, recap.report_date, recap.households_found.label("found"))
            .where(recap.report_date <= day).ext(distinct_on(recap.sls_id))
            .order_by(recap.sls_id, recap.report_date.desc()).subquery())


def _larger(a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[Any]:
    """The larger of two counts, a missing one as 0 (GREATEST is not SQLite's)."""
    a, b = func.coalesce(a, 0), func.coalesce(b, 0)
    return case((a > b, a), else_=b)


def _online(calendar: Calendar, pct: Decimal, population: int, day: date | None,
            persons: int) -> tuple[int, int, ScheduleStatus]:
    """(target, expected by the end of the day, status) of SP Online, as the Progres total."""
    target = target_of(pct, population)
    window = calendar.online
    expecting = expected(target, planned_share(calendar, window, day)) \
        if window is not None and day is not None else 0
    status = status_of(achieved=persons, expected=expecting, target=target,
                       behind_pct=calendar.behind_pct, far_behind_pct=calendar.far_behind_pct,
                       scheduled=window is not None)
    return target, expecting, status


def _unreconciled(session: Session) -> tuple[int, bool]:
    """Person records the matching has not seen: what the batches imported since its last
    run stored (new persons and new versions), or every current record when it never ran."""
    pending = pending_batches(session)
    if pending is None:
        return (current_count(session, ImportKind.ONLINE)
                + current_count(session, ImportKind.LAPANGAN)), False
    new, _rolled_back = pending
    if not new:
        return 0, True
    return _count(session, select(func.sum(ImportBatch.rows_inserted + ImportBatch.rows_updated))
                  .where(ImportBatch.id.in_(new))), True


def _behind(session: Session, standing: _Standing,
            levels: dict[ProgressLevel, dict[int, _Sums]]) -> list[BehindRow]:
    """Of each level, the rows behind schedule by the most points of their target."""
    listed: list[BehindRow] = []
    for level, limit in BEHIND_LEVELS:
        rows = []
        for key, sums in levels[level].items():
            target, expecting, status = standing.settle(sums)
            if status.behind:
                rows.append((_pct(sums.found, target) - _pct(expecting, target), key,
                             _pct(sums.found, target), _pct(expecting, target), status))
        rows.sort(key=lambda r: (r[0], r[1]))  # achieved minus expected: the lowest first
        names = _names(session, level, [r[1] for r in rows[:limit]])
        listed += [BehindRow(level, key, *names[key], achieved, expecting, status)
                   for _, key, achieved, expecting, status in rows[:limit]]
    return listed


def _names(session: Session, level: ProgressLevel, keys: list[int]) -> dict[int, tuple[str, str]]:
    if not keys:
        return {}
    columns = {ProgressLevel.KECAMATAN: (Kecamatan.id, Kecamatan.bps_code, Kecamatan.name),
               ProgressLevel.KELURAHAN: (Kelurahan.id, Kelurahan.bps_code, Kelurahan.name),
               ProgressLevel.TIM: (Team.id, Team.code, Team.name)}[level]
    return {key: (code, name) for key, code, name in
            session.execute(select(*columns).where(columns[0].in_(keys)))}
