"""The field records behind one officer's flag, masked, for a look one click away."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, func, literal_column, or_, select, text
from sqlalchemy.orm import Session

from models.ids.nik import mask_nik
from models.quality.counts import _as_date, _parts, reference_day
from models.quality.indices import completed_age
from models.quality.measures import Measure
from models.schedule.settings import load_calendar
from models.schema.areas import Kelurahan, Sls
from models.schema.batches import FieldResult, Sex
from models.schema.recon import PersonMatch, ReconCategory


@dataclass(frozen=True)
class FlaggedRecord:
    """One field person as a reviewer may see it: NIK and No. KK masked."""

    id: int
    name: str
    nik: str  # masked; '' without NIK
    kk: str  # masked; '' without No. KK
    sex: Sex | None
    birth_date: date | None
    age: int | None  # completed years on the reference day
    sls_code: str
    visited_on: date | None


def _current_of(officer_id: int):  # type: ignore[no-untyped-def]
    return and_(FieldResult.officer_id == officer_id, FieldResult.replaced_by_batch_id.is_(None))


def _recon(category: ReconCategory):  # type: ignore[no-untyped-def]
    return FieldResult.id.in_(select(PersonMatch.field_id).where(
        PersonMatch.category == category, PersonMatch.field_id.is_not(None)))


def _age_sql(dialect: str) -> str:
    year, month_day = _parts(dialect)
    return (f"(:ref_year - {year} - CASE WHEN {month_day} > :ref_md THEN 1 ELSE 0 END)")


def _households(officer_id: int):  # type: ignore[no-untyped-def]
    """The officer's households: (SLS, No. KK) and their size."""
    return (select(FieldResult.sls_id, FieldResult.kk, func.count().label("size"))
            .where(_current_of(officer_id), FieldResult.kk.is_not(None))
            .group_by(FieldResult.sls_id, FieldResult.kk).subquery())


def _same_household(query: Select, households) -> Select:  # type: ignore[no-untyped-def]
    return query.join(households, and_(households.c.kk == FieldResult.kk,
                                       or_(households.c.sls_id == FieldResult.sls_id,
                                           and_(households.c.sls_id.is_(None),
                                                FieldResult.sls_id.is_(None)))))


def _sex_counts(session: Session, *conditions) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    counts = dict(session.execute(
        select(FieldResult.sex, func.count()).outerjoin(Sls, Sls.id == FieldResult.sls_id)
        .outerjoin(Kelurahan, Kelurahan.id == Sls.kelurahan_id)
        .where(FieldResult.replaced_by_batch_id.is_(None), *conditions)
        .group_by(FieldResult.sex)).all())
    return counts.get(Sex.LAKI_LAKI, 0), counts.get(Sex.PEREMPUAN, 0)


def _main_kecamatan(session: Session, officer_id: int) -> int | None:
    return session.scalar(select(Kelurahan.kecamatan_id)
                          .join(Sls, Sls.kelurahan_id == Kelurahan.id)
                          .join(FieldResult, FieldResult.sls_id == Sls.id)
                          .where(_current_of(officer_id))
                          .group_by(Kelurahan.kecamatan_id)
                          .order_by(func.count().desc(), Kelurahan.kecamatan_id).limit(1))


def _mean_size(session: Session, *conditions) -> float | None:  # type: ignore[no-untyped-def]
    households = (select(FieldResult.sls_id, FieldResult.kk, func.count().label("size"))
                  .outerjoin(Sls, Sls.id == FieldResult.sls_id)
                  .outerjoin(Kelurahan, Kelurahan.id == Sls.kelurahan_id)
                  .where(FieldResult.replaced_by_batch_id.is_(None), FieldResult.kk.is_not(None),
                         *conditions)
                  .group_by(FieldResult.sls_id, FieldResult.kk).subquery())
    return session.scalar(select(func.avg(households.c.size)))


def _officer_days(session: Session, officer_id: int) -> list[date]:
    return sorted({_as_date(day) for (day,) in session.execute(
        select(func.date(FieldResult.visited_at)).where(
            _current_of(officer_id), FieldResult.visited_at.is_not(None)).distinct())})


def _restrict(session: Session, query: Select, officer_id: int, measure: Measure,
              dialect: str) -> Select:
    """`query` narrowed (and ordered) to the records behind `measure`."""
    _year, month_day = _parts(dialect)
    age = _age_sql(dialect)
    if measure in (Measure.WHIPPLE, Measure.MYERS):
        low, high = (23, 62) if measure is Measure.WHIPPLE else (10, 89)
        return query.where(FieldResult.birth_date.is_not(None), text(
            f"{age} BETWEEN {low} AND {high} AND {age} - 5 * CAST({age} / 5 AS INTEGER) = 0"))
    if measure in (Measure.JAN_1, Measure.AUG_17):
        day = "01-01" if measure is Measure.JAN_1 else "08-17"
        return query.where(text(f"{month_day} = '{day}'"))
    if measure is Measure.FIRST_OF_MONTH:
        return query.where(text(f"substr({month_day}, 4, 2) = '01'"))
    if measure is Measure.NO_NIK:
        return query.where(FieldResult.nik.is_(None))
    if measure is Measure.INVALID_NIK:
        return query.where(_recon(ReconCategory.TIDAK_VALID))
    if measure is Measure.DUPLICATES:
        return query.where(_recon(ReconCategory.GANDA))
    if measure is Measure.PINDAH:
        return query.where(_recon(ReconCategory.PINDAH))
    if measure is Measure.SAME_BIRTH_IN_HOUSEHOLD:
        repeated = (select(FieldResult.sls_id, FieldResult.kk, FieldResult.birth_date)
                    .where(_current_of(officer_id), FieldResult.kk.is_not(None),
                           FieldResult.birth_date.is_not(None))
                    .group_by(FieldResult.sls_id, FieldResult.kk, FieldResult.birth_date)
                    .having(func.count() > 1).subquery())
        return _same_household(query, repeated).where(
            repeated.c.birth_date == FieldResult.birth_date).order_by(FieldResult.kk)
    if measure is Measure.ONE_PERSON_SHARE:
        households = _households(officer_id)
        return _same_household(query, households).where(households.c.size == 1)
    if measure is Measure.HOUSEHOLD_SIZE:
        kecamatan = _main_kecamatan(session, officer_id)
        own = _mean_size(session, FieldResult.officer_id == officer_id)
        area = _mean_size(session, Kelurahan.kecamatan_id == kecamatan) if kecamatan else None
        households = _households(officer_id)
        size = households.c.size
        larger = own is not None and area is not None and own > area
        return _same_household(query, households).order_by(
            size.desc() if larger else size.asc(), FieldResult.kk)
    if measure is Measure.SEX_RATIO:
        kecamatan = _main_kecamatan(session, officer_id)
        men, women = _sex_counts(session, FieldResult.officer_id == officer_id)
        area_men, area_women = (_sex_counts(session, Kelurahan.kecamatan_id == kecamatan)
                                if kecamatan else (men, women))
        # The sex the officer has more of than the area: its records are the ones to check.
        more_men = men * max(area_women, 1) >= area_men * max(women, 1)
        return query.where(FieldResult.sex == (Sex.LAKI_LAKI if more_men else Sex.PEREMPUAN))
    if measure is Measure.PACE:
        per_day = (select(func.date(FieldResult.visited_at).label("day"),
                          func.count(func.distinct(FieldResult.kk)).label("households"))
                   .where(_current_of(officer_id), FieldResult.visited_at.is_not(None))
                   .group_by(func.date(FieldResult.visited_at)).subquery())
        return (query.join(per_day, per_day.c.day == func.date(FieldResult.visited_at))
                .order_by(per_day.c.households.desc(), per_day.c.day))
    # LONG_GAP: the records of the two active days around the longest gap
    days, calendar = _officer_days(session, officer_id), load_calendar(session)
    best: tuple[int, date, date] | None = None
    for before, after in zip(days, days[1:], strict=False):
        gap = calendar.working_days_between(before, after - timedelta(days=1))
        if best is None or gap > best[0]:
            best = (gap, before, after)
    if best is None:
        return query.where(literal_column("1") == 0)
    return query.where(func.date(FieldResult.visited_at).in_(
        [best[1].isoformat(), best[2].isoformat()] if dialect == "sqlite" else [best[1], best[2]]))


def flagged_records(session: Session, *, officer_id: int, measure: Measure,
                    limit: int = 500) -> list[FlaggedRecord]:
    """The officer's current field records behind `measure`, at most `limit` of them: ages
    ending in 0 or 5 (Whipple 23-62, Myers 10-89), the births on the suspect dates, the
    members sharing a birth date in one household, the persons without NIK, the recon's
    tidak valid, ganda and pindah, the over-represented sex, the households from the
    largest (or smallest) on, the one-person households, the busiest days first, and the
    two days around the longest gap."""
    dialect = session.connection().dialect.name
    reference = reference_day(session)
    query = (select(FieldResult.id, FieldResult.name, FieldResult.nik, FieldResult.kk,
                    FieldResult.sex, FieldResult.birth_date, Sls.bps_code,
                    FieldResult.visited_at)
             .outerjoin(Sls, Sls.id == FieldResult.sls_id)
             .where(_current_of(officer_id)))
    query = _restrict(session, query, officer_id, measure, dialect)
    query = query.order_by(Sls.bps_code, FieldResult.kk, FieldResult.name, FieldResult.id)
    parameters = {"ref_year": reference.year, "ref_md": f"{reference:%m-%d}"}
    rows = session.execute(query.limit(limit), parameters)
    return [FlaggedRecord(
        id=row_id, name=name, nik=mask_nik(nik) if nik else "", kk=mask_nik(kk) if kk else "",
        sex=sex, birth_date=born, age=completed_age(born, reference) if born else None,
        sls_code=sls_code or "", visited_on=visited.date() if visited else None)
        for row_id, name, nik, kk, sex, born, sls_code, visited in rows]
