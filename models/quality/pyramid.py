"""The age–sex pyramid of an area: field results beside SP Online, by five-year age group."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from models.quality.counts import CURRENT, _parts, reference_day

GROUP_YEARS = 5
OLDEST = 75  # the last group is 75 and over
GROUP_COUNT = OLDEST // GROUP_YEARS + 1
GROUP_LABELS: tuple[str, ...] = tuple(
    f"{low}–{low + GROUP_YEARS - 1}" for low in range(0, OLDEST, GROUP_YEARS)) + (f"{OLDEST}+",)
FIELD_SOURCE, ONLINE_SOURCE = "field_result", "online_submission"


@dataclass(frozen=True)
class SexCounts:
    """Persons per age group (youngest first), men and women apart."""

    men: tuple[int, ...]
    women: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.men) + sum(self.women)

    def shares(self) -> tuple[list[float], list[float]]:
        """Each group's men and women as a percentage of all persons counted."""
        total = self.total
        if not total:
            return [0.0] * GROUP_COUNT, [0.0] * GROUP_COUNT
        return ([100.0 * n / total for n in self.men], [100.0 * n / total for n in self.women])


@dataclass(frozen=True)
class Pyramid:
    """Current persons with a sex and a birth date on or before the reference day.

    `labels` name the groups ('0–4' … '75+'); persons without sex or birth date (or born
    after the reference day) are left out and counted in `unknown_field` / `unknown_online`.
    """

    labels: tuple[str, ...]
    field: SexCounts
    online: SexCounts
    reference: object  # the date ages are counted at (datetime.date)
    unknown_field: int = 0
    unknown_online: int = 0


def _pyramid_sql(table: str, dialect: str, *, kecamatan: bool, kelurahan: bool) -> str:
    """Persons of `table` per sex and age group (NULL: no birth date; -1: born after the
    reference day), the age computed once per row in a kept-apart subquery."""
    year, month_day = _parts(dialect)
    age = f":ref_year - {year} - CASE WHEN {month_day} > :ref_md THEN 1 ELSE 0 END"
    where = [CURRENT]
    if kecamatan or kelurahan:
        areas = []
        if kecamatan:
            areas.append("kelurahan.kecamatan_id = :kecamatan_id")
        if kelurahan:
            areas.append("kelurahan.id = :kelurahan_id")
        where.append("sls_id IN (SELECT sls.id FROM sls JOIN kelurahan ON kelurahan.id = "
                     f"sls.kelurahan_id WHERE {' AND '.join(areas)})")
    keep = " OFFSET 0" if dialect == "postgresql" else " LIMIT -1"
    return f"""
SELECT sex, CASE WHEN age IS NULL THEN NULL WHEN age < 0 THEN -1
                 WHEN age >= {OLDEST} THEN {GROUP_COUNT - 1}
                 ELSE CAST(age / {GROUP_YEARS} AS INTEGER) END AS age_group, count(*)
FROM (SELECT sex, {age} AS age FROM {table} WHERE {' AND '.join(where)}{keep}) AS person
GROUP BY 1, 2"""


def _read(session: Session, table: str, parameters: dict[str, object], *, kecamatan: bool,
          kelurahan: bool) -> tuple[SexCounts, int]:
    connection = session.connection()
    sql = _pyramid_sql(table, connection.dialect.name, kecamatan=kecamatan, kelurahan=kelurahan)
    men, women, unknown = [0] * GROUP_COUNT, [0] * GROUP_COUNT, 0
    for sex, group, amount in connection.execute(text(sql), parameters):
        if group is None or group < 0 or sex not in ("L", "P"):
            unknown += amount
        elif sex == "L":
            men[int(group)] += amount
        else:
            women[int(group)] += amount
    return SexCounts(tuple(men), tuple(women)), unknown


def age_sex_pyramid(session: Session, *, kecamatan_id: int | None = None,
                    kelurahan_id: int | None = None) -> Pyramid:
    """Current field results and SP Online submissions of the office, a kecamatan or a
    kelurahan, counted per five-year age group and sex in two grouped queries, with the
    ages at the reference day of the quality measures (models.quality.counts)."""
    reference = reference_day(session)
    parameters: dict[str, object] = {"ref_year": reference.year, "ref_md": f"{reference:%m-%d}"}
    if kecamatan_id is not None:
        parameters["kecamatan_id"] = kecamatan_id
    if kelurahan_id is not None:
        parameters["kelurahan_id"] = kelurahan_id
    flags = {"kecamatan": kecamatan_id is not None, "kelurahan": kelurahan_id is not None}
    field, unknown_field = _read(session, FIELD_SOURCE, parameters, **flags)
    online, unknown_online = _read(session, ONLINE_SOURCE, parameters, **flags)
    return Pyramid(GROUP_LABELS, field, online, reference, unknown_field, unknown_online)
