"""The counts behind the quality measures, read in a few aggregate queries per officer and SLS.

Nothing here loads person rows: each query groups the current field results (rows of
active batches that no newer batch replaced) by officer and SLS and one more key (age,
household size, visit day, reconciliation outcome), so a million persons come back as a
few tens of thousands of counts. Every later total (a team, a kelurahan, a kecamatan, the
office) is a sum of these counts, never a mean of indices.
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from models.schedule.settings import load_calendar

# A database without a field window and without visit times: the SP2020 field start.
FALLBACK_REFERENCE = date(2020, 9, 15)
FIELD = "field_result"
CURRENT = "replaced_by_batch_id + 0 IS NULL"  # a table scan, as recon's full run reads it

Key = tuple[int | None, int | None]  # (officer id, SLS id)
WORK_MEM = "64MB"  # PostgreSQL, for this transaction only (the server's default is 4MB)


@dataclass
class Counts:
    """What one officer brought back in one SLS, or any sum of such."""

    persons: int = 0
    men: int = 0
    women: int = 0
    with_birth: int = 0
    jan_1: int = 0
    aug_17: int = 0
    first_of_month: int = 0
    no_nik: int = 0
    invalid_nik: int = 0  # recon "tidak valid": a NIK that fails the rules, no usable identity
    duplicates: int = 0  # recon "ganda"
    pindah: int = 0  # recon "pindah"
    households: int = 0  # distinct No. KK
    one_person: int = 0
    household_persons: int = 0  # persons with a No. KK
    repeated_birth: int = 0  # members whose birth date another member of the KK also has
    ages: Counter[int] = dataclasses.field(default_factory=Counter)
    # Households first visited per (officer, day): the officer-days of the pace.
    visits: Counter[tuple[int | None, date]] = dataclasses.field(default_factory=Counter)

    def add(self, other: Counts) -> None:
        for f in dataclasses.fields(self):
            if f.name in ("ages", "visits"):
                getattr(self, f.name).update(getattr(other, f.name))
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @classmethod
    def total(cls, parts: Iterable[Counts]) -> Counts:
        result = cls()
        for part in parts:
            result.add(part)
        return result


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _parts(dialect: str) -> tuple[str, str]:
    """SQL for the birth year and the 'MM-DD' of birth_date on this backend."""
    if dialect == "postgresql":
        # date_part, not EXTRACT: EXTRACT computes in numeric, several times slower
        return "CAST(date_part('year', birth_date) AS INTEGER)", "to_char(birth_date, 'MM-DD')"
    # SQLite keeps a DATE as 'YYYY-MM-DD' text
    return "CAST(substr(birth_date, 1, 4) AS INTEGER)", "substr(birth_date, 6, 5)"


def _count_if(condition: str, dialect: str) -> str:
    """How many rows of the group meet `condition`: SQLite adds up its 0/1 truth values
    (cheaper than a CASE per row), PostgreSQL filters the count."""
    if dialect == "postgresql":
        return f"count(*) FILTER (WHERE {condition})"
    return f"sum({condition})"


def _persons_sql(dialect: str) -> str:
    """Persons per officer, SLS and age, with their sexes, suspect birth days and NIK."""
    year, month_day = _parts(dialect)
    sums = ", ".join(_count_if(condition, dialect) for condition in (
        "sex = 'L'", "sex = 'P'")) + ", count(md), " + ", ".join(
        _count_if(condition, dialect) for condition in (
            "md = '01-01'", "md = '08-17'", "substr(md, 4, 2) = '01'", "nik IS NULL"))
    # Kept apart (not flattened into the outer query), so each row's day and age are
    # computed once, not once per expression that uses them.
    keep = " OFFSET 0" if dialect == "postgresql" else " LIMIT -1"
    return f"""
SELECT officer_id, sls_id, age, count(*), {sums}
FROM (SELECT officer_id, sls_id, sex, nik, {month_day} AS md,
        :ref_year - {year} - CASE WHEN {month_day} > :ref_md THEN 1 ELSE 0 END AS age
      FROM {FIELD} WHERE {CURRENT}{keep}) AS person
GROUP BY officer_id, sls_id, age"""


# Households per (officer, SLS, No. KK), used twice: by size and by the day first visited.
HOUSEHOLDS_SQL = f"""
WITH household AS (
  SELECT officer_id, sls_id, count(*) AS size, count(birth_date) AS born,
         count(DISTINCT birth_date) AS dates, min(visited_at) AS first_visit
  FROM {FIELD} WHERE {CURRENT} AND kk IS NOT NULL
  GROUP BY officer_id, sls_id, kk)
SELECT 's', officer_id, sls_id, size, CAST(NULL AS DATE), count(*), sum(born - dates)
FROM household GROUP BY officer_id, sls_id, size
UNION ALL
SELECT 'd', officer_id, sls_id, NULL, date(first_visit), count(*), 0
FROM household WHERE first_visit IS NOT NULL AND officer_id IS NOT NULL
GROUP BY officer_id, sls_id, date(first_visit)"""


# Field records per reconciliation outcome. "Tidak valid" stands for the invalid NIK: the
# import refuses a NIK that breaks the rules, so one stored anyway (before the rules, or
# by hand) is what the reconciliation finds unusable, with the records that have neither
# a NIK nor a usable No. KK, name and birth date. (Testing the NIK pattern on every row
# here instead would cost seconds for a million persons on PostgreSQL.)
RECON_SQL = f"""
SELECT f.officer_id, f.sls_id, m.category, count(*)
FROM person_match m JOIN {FIELD} f ON f.id = m.field_id
WHERE m.field_id IS NOT NULL AND m.category IN ('ganda', 'pindah', 'tidak_valid')
  AND f.replaced_by_batch_id IS NULL
GROUP BY f.officer_id, f.sls_id, m.category"""


@dataclass
class FieldCounts:
    """Counts per (officer id, SLS id), and the day ages are counted at."""

    by_key: dict[Key, Counts]
    reference: date


VISIT_DAYS_SQL = f"""
SELECT date(visited_at), count(*) FROM {FIELD}
WHERE {CURRENT} AND visited_at IS NOT NULL GROUP BY date(visited_at)"""


def reference_day(session: Session) -> date:
    """The census day ages are counted at: the start of the office's field window when it is
    set (the census moment the officers asked about); else the median day a person was
    visited, the middle of the enumeration as it happened; else 15 September 2020."""
    window = load_calendar(session).field
    if window is not None:
        return window.start
    per_day = sorted((_as_date(day), amount) for day, amount in
                     session.connection().execute(text(VISIT_DAYS_SQL)))
    half, seen = (sum(amount for _day, amount in per_day) + 1) // 2, 0
    for day, amount in per_day:
        seen += amount
        if seen >= half:
            return day
    return FALLBACK_REFERENCE


def read_counts(session: Session) -> FieldCounts:
    """Every count of every (officer, SLS) pair with field results, in four queries."""
    connection = session.connection()
    dialect = connection.dialect.name
    if dialect == "postgresql":  # sorts and hashes of a million rows in memory, not on disk
        connection.exec_driver_sql(f"SET LOCAL work_mem = '{WORK_MEM}'")
    by_key: dict[Key, Counts] = {}

    def counts(officer_id: int | None, sls_id: int | None) -> Counts:
        found = by_key.get((officer_id, sls_id))
        if found is None:
            found = by_key[officer_id, sls_id] = Counts()
        return found

    for kind, officer_id, sls_id, size, day, amount, repeated in connection.execute(
            text(HOUSEHOLDS_SQL)):
        target = counts(officer_id, sls_id)
        if kind == "s":
            target.households += amount
            target.household_persons += size * amount
            target.repeated_birth += int(repeated or 0)
            if size == 1:
                target.one_person += amount
        else:
            visit_day = _as_date(day)
            target.visits[officer_id, visit_day] += amount

    reference = reference_day(session)
    parameters = {"ref_year": reference.year, "ref_md": f"{reference:%m-%d}"}
    for (officer_id, sls_id, age, persons, men, women, with_birth, jan_1, aug_17, first,
         no_nik) in connection.execute(text(_persons_sql(dialect)), parameters):
        target = counts(officer_id, sls_id)
        target.persons += persons
        target.men += men or 0
        target.women += women or 0
        target.with_birth += with_birth or 0
        target.jan_1 += jan_1 or 0
        target.aug_17 += aug_17 or 0
        target.first_of_month += first or 0
        target.no_nik += no_nik or 0
        if age is not None and age >= 0:
            target.ages[int(age)] += persons

    for officer_id, sls_id, category, amount in connection.execute(text(RECON_SQL)):
        target = counts(officer_id, sls_id)
        if category == "ganda":
            target.duplicates += amount
        elif category == "pindah":
            target.pindah += amount
        else:
            target.invalid_nik += amount
    return FieldCounts(by_key, reference)
