"""Reading the outcomes: summaries per area or PPL, and the persons behind a summary row.

Per-SLS counts come from the covering index on (sls_id, category, resolution_id) and are
rolled up in Python, so every level opens in the time of one index scan.
"""
from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session, aliased

from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.batches import FieldResult, OnlineSubmission
from models.schema.officers import Assignment, Officer
from models.schema.recon import (
    REVIEWED,
    HouseholdLink,
    HouseholdMatch,
    PersonMatch,
    ReconCategory,
    Resolution,
    ResolutionAction,
)

OUTSIDE = -1  # key of the row for records whose area is not in the master
OUTSIDE_NAME = "(di luar master wilayah)"
NO_PPL = "(belum ada PPL)"


class Level(enum.Enum):
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    SLS = "sls"
    PPL = "ppl"


LEVEL_LABELS = {Level.KECAMATAN: "Kecamatan", Level.KELURAHAN: "Kelurahan/Desa",
                Level.SLS: "SLS", Level.PPL: "PPL"}


@dataclass
class SummaryRow:
    key: int  # area or officer id; OUTSIDE for records without a known SLS
    code: str
    name: str
    expected_households: int = 0
    households_online: int = 0
    households_field: int = 0
    counts: dict[ReconCategory, int] = field(default_factory=dict)
    open_reviews: int = 0
    sls_ids: list[int] = field(default_factory=list)

    @property
    def persons(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class _Area:
    sls_id: int
    code: str
    name: str
    expected: int
    kelurahan: tuple[int, str, str]
    kecamatan: tuple[int, str, str]
    ppl: tuple[int, str, str] | None


def _areas(session: Session) -> dict[int, _Area]:
    ppl = dict(session.execute(
        select(Assignment.sls_id, Officer.id).join(Officer, Officer.id == Assignment.officer_id)
        .where(Assignment.valid_to.is_(None), Assignment.sls_id.is_not(None))).all())
    officers = {o.id: (o.id, o.nik or "", o.name) for o in session.scalars(
        select(Officer).where(Officer.id.in_(set(ppl.values()))))} if ppl else {}
    query = (select(Sls.id, Sls.bps_code, Sls.name, Sls.expected_households, Kelurahan.id,
                    Kelurahan.bps_code, Kelurahan.name, Kecamatan.id, Kecamatan.bps_code,
                    Kecamatan.name)
             .join(Kelurahan, Kelurahan.id == Sls.kelurahan_id)
             .join(Kecamatan, Kecamatan.id == Kelurahan.kecamatan_id))
    return {sid: _Area(sid, code, name, expected or 0, (kel, kel_code, kel_name),
                       (kec, kec_code, kec_name),
                       officers.get(ppl[sid]) if sid in ppl else None)
            for sid, code, name, expected, kel, kel_code, kel_name, kec, kec_code, kec_name
            in session.execute(query)}


def _group(area: _Area | None, level: Level) -> tuple[int, str, str]:
    if area is None:
        return OUTSIDE, "", OUTSIDE_NAME
    if level is Level.SLS:
        return area.sls_id, area.code, area.name
    if level is Level.KELURAHAN:
        return area.kelurahan
    if level is Level.KECAMATAN:
        return area.kecamatan
    return area.ppl or (0, "", NO_PPL)


def summary(session: Session, level: Level) -> list[SummaryRow]:
    """Counts per category, households found and open reviews for each row of `level`.

    Areas with no outcome yet are listed too (with their expected households), so an area
    nobody has reached shows as zero rather than missing.
    """
    areas = _areas(session)
    rows: dict[int, SummaryRow] = {}

    def row_for(sls_id: int | None) -> SummaryRow:
        area = areas.get(sls_id) if sls_id is not None else None
        key, code, name = _group(area, level)
        if key not in rows:
            rows[key] = SummaryRow(key, code, name)
        return rows[key]

    for area in areas.values():
        row = row_for(area.sls_id)
        row.expected_households += area.expected
        row.sls_ids.append(area.sls_id)
    # Grouped by the index's own leading columns, so the scan needs no sorting (grouping by
    # "resolution_id IS NULL" too made SQLite sort a million rows: 3.5 times as long).
    per_sls = select(PersonMatch.sls_id, PersonMatch.category, func.count(),
                     func.sum(case((PersonMatch.resolution_id.is_(None), 1), else_=0))).group_by(
        PersonMatch.sls_id, PersonMatch.category)
    for sls_id, category, n, unresolved in session.execute(per_sls):
        row = row_for(sls_id)
        row.counts[category] = row.counts.get(category, 0) + n
        if category in REVIEWED:
            row.open_reviews += int(unresolved or 0)
    # "sls_id + 0": read the table straight through and sort the few groups, instead of
    # walking the sls_id index and looking up every household from it (three times slower).
    household_sls = (HouseholdMatch.sls_id + 0).label("sls")
    households = select(
        household_sls,
        func.sum(case((HouseholdMatch.online_members > 0, 1), else_=0)),
        func.sum(case((HouseholdMatch.field_members > 0, 1), else_=0)),
    ).group_by(household_sls)
    for sls_id, online, fielded in session.execute(households):
        row = row_for(sls_id)
        row.households_online += int(online or 0)
        row.households_field += int(fielded or 0)
    return sorted(rows.values(), key=lambda r: (r.key == OUTSIDE, r.key == 0, r.code, r.name))


def total(rows: list[SummaryRow]) -> SummaryRow:
    whole = SummaryRow(0, "", "Jumlah")
    for row in rows:
        whole.expected_households += row.expected_households
        whole.households_online += row.households_online
        whole.households_field += row.households_field
        whole.open_reviews += row.open_reviews
        for category, n in row.counts.items():
            whole.counts[category] = whole.counts.get(category, 0) + n
    return whole


@dataclass(frozen=True)
class Version:
    """One source's record of the person."""

    nik: str | None
    kk: str | None
    name: str
    sex: str | None
    birth: date | None
    sls_code: str
    address: str


@dataclass(frozen=True)
class PersonLine:
    match_id: int
    category: ReconCategory
    method: str
    score: float | None
    differing: tuple[str, ...]
    person_key: str
    other_key: str | None
    online: Version | None
    field: Version | None
    sls_code: str
    action: ResolutionAction | None
    reason: str
    weight: float | None = None  # the second pass's match weight, for its pairs
    evidence: str = ""  # its comparison levels: models.recon.linkage.evidence.reasons
    field_kk: str | None = None  # the field record's No. KK, where it differs

    @property
    def nik(self) -> str:
        for version in (self.online, self.field):
            if version and version.nik:
                return version.nik
        return ""

    @property
    def kk(self) -> str:
        version = self.online or self.field
        return version.kk or "" if version else ""

    @property
    def name(self) -> str:
        version = self.online or self.field
        return version.name if version else ""


def _version(values: tuple, code: str | None) -> Version | None:  # type: ignore[type-arg]
    nik, kk, name, sex, birth, address, present = values
    if present is None:
        return None
    return Version(nik, kk, name, getattr(sex, "value", sex), birth, code or "", address)


def persons(session: Session, *, sls_ids: list[int] | None = None, outside: bool = False,
            category: ReconCategory | None = None, open_only: bool = False,
            limit: int | None = None, match_ids: list[int] | None = None) -> list[PersonLine]:
    """The persons behind a summary row (its SLS, or those outside the master), filtered."""
    online, fielded = aliased(OnlineSubmission), aliased(FieldResult)
    online_sls, field_sls, match_sls = aliased(Sls), aliased(Sls), aliased(Sls)
    query = (
        select(PersonMatch, online.nik, online.kk, online.name, online.sex, online.birth_date,
               online.address, online.id, online_sls.bps_code, fielded.nik, fielded.kk,
               fielded.name, fielded.sex, fielded.birth_date, fielded.address, fielded.id,
               field_sls.bps_code, match_sls.bps_code, Resolution.action, Resolution.reason)
        .outerjoin(online, online.id == PersonMatch.online_id)
        .outerjoin(fielded, fielded.id == PersonMatch.field_id)
        .outerjoin(online_sls, online_sls.id == online.sls_id)
        .outerjoin(field_sls, field_sls.id == fielded.sls_id)
        .outerjoin(match_sls, match_sls.id == PersonMatch.sls_id)
        .outerjoin(Resolution, Resolution.id == PersonMatch.resolution_id)
        .order_by(PersonMatch.sls_id, PersonMatch.category, PersonMatch.id)
    )
    if match_ids is not None:
        query = query.where(PersonMatch.id.in_(match_ids))
    query = _filtered(query, sls_ids, outside, category)
    if open_only:
        query = query.where(and_(PersonMatch.resolution_id.is_(None),
                                 PersonMatch.category.in_(REVIEWED)))
    if limit is not None:
        query = query.limit(limit)
    lines = []
    for match, *values in session.execute(query):
        lines.append(PersonLine(
            match.id, match.category, match.method.value, match.score,
            tuple(f for f in match.differing.split(",") if f), match.person_key,
            match.other_key, _version(tuple(values[0:7]), values[7]),
            _version(tuple(values[8:15]), values[15]), values[16] or "", values[17],
            values[18] or "", match.weight, match.evidence or "", match.field_kk))
    return lines


def count_persons(session: Session, *, sls_ids: list[int] | None = None,
                  outside: bool = False, category: ReconCategory | None = None) -> int:
    query = _filtered(select(func.count()).select_from(PersonMatch), sls_ids, outside, category)
    return session.scalar(query) or 0


def _filtered(query: Select[Any], sls_ids: list[int] | None, outside: bool,
              category: ReconCategory | None) -> Select[Any]:
    """A summary row's persons: its SLS, or those outside the master; one category."""
    if outside:
        query = query.where(PersonMatch.sls_id.is_(None))
    elif sls_ids is not None:
        query = query.where(PersonMatch.sls_id.in_(sls_ids))
    if category:
        query = query.where(PersonMatch.category == category)
    return query


def review_queue(session: Session, limit: int | None = None,
                 category: ReconCategory | None = None) -> list[PersonLine]:
    """Beda, ganda, pindah and mungkin not yet decided (of one category), area by area."""
    return persons(session, open_only=True, limit=limit, category=category)


def online_only_by_ppl(session: Session) -> dict[tuple[int, str, str], list[PersonLine]]:
    """Hanya-online persons grouped by the PPL of their SLS: whom to visit and verify."""
    by_code = {a.code: a for a in _areas(session).values()}
    grouped: dict[tuple[int, str, str], list[PersonLine]] = defaultdict(list)
    for line in persons(session, category=ReconCategory.HANYA_ONLINE):
        area = by_code.get(line.sls_code)
        grouped[area.ppl if area and area.ppl else (0, "", NO_PPL)].append(line)
    return dict(sorted(grouped.items(), key=lambda item: (item[0][0] == 0, item[0][2])))


@dataclass(frozen=True)
class LinkedHousehold:
    """An online household found in the field under another No. KK."""

    online_kk: str
    field_kk: str
    sls_code: str
    sls_name: str
    paired: int
    online_members: int
    field_members: int


def household_links(session: Session, *, sls_ids: list[int] | None = None,
                    limit: int | None = None) -> list[LinkedHousehold]:
    """Households whose No. KK changed between the sources, area by area."""
    query = (select(HouseholdLink, Sls.bps_code, Sls.name)
             .outerjoin(Sls, Sls.id == HouseholdLink.sls_id)
             .order_by(Sls.bps_code, HouseholdLink.online_kk, HouseholdLink.field_kk))
    if sls_ids is not None:
        query = query.where(HouseholdLink.sls_id.in_(sls_ids))
    if limit is not None:
        query = query.limit(limit)
    return [LinkedHousehold(link.online_kk, link.field_kk, code or "", name or OUTSIDE_NAME,
                            link.paired, link.online_members, link.field_members)
            for link, code, name in session.execute(query)]
