"""The SQL of a pivot, one statement per grouping, the same on SQLite and PostgreSQL.

Three levels, so the large scan groups by plain columns only:

1. base — each current person row with the few columns the spec needs: its SLS, the field
   officer, sex, age group (computed from the birth date), source or category, No. KK;
2. raw — persons counted per those columns (a few thousand rows out of a million; for
   households the rows themselves, since distinct No. KK do not add up);
3. mapped — joined to each SLS's kelurahan, kecamatan, current PPL and Koseka and to the
   PPL's team, filtered and grouped by the pivot's dimensions.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    distinct,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from models.analysis.spec import (
    AGE_STEP,
    AREAS,
    FIXED_LABELS,
    LAST_AGE_GROUP,
    OFFICERS,
    Dimension,
    Key,
    PivotMeasure,
    PivotSpec,
)
from models.schema.areas import Kelurahan, Sls
from models.schema.batches import (
    BatchStatus,
    FieldResult,
    ImportBatch,
    ImportKind,
    OnlineSubmission,
    Sex,
)
from models.schema.officers import Assignment, TeamMember
from models.schema.recon import PersonMatch, ReconCategory

# The keys a filter of a fixed dimension may hold.
FIXED_KEYS: dict[Dimension, frozenset[Key]] = {
    dimension: frozenset(labels) | ({None} if dimension in (Dimension.SEX, Dimension.AGE_GROUP)
                                    else set())
    for dimension, labels in FIXED_LABELS.items()
}
UNKNOWN_AGE = -1  # no birth date, or born after the reference day
# The raw column each dimension needs (areas and officers all start from the SLS).
RAW_COLUMN = {Dimension.SEX: "sex", Dimension.AGE_GROUP: "age_group",
              Dimension.SOURCE: "source", Dimension.CATEGORY: "category"}
SOURCES = ((ImportKind.ONLINE, OnlineSubmission), (ImportKind.LAPANGAN, FieldResult))


def _constant(value: int | str) -> ColumnElement[Any]:
    """A constant written into the statement (values of the app's own, never user text)."""
    if isinstance(value, int):
        return literal_column(str(int(value)), Integer)
    return literal_column("'" + value.replace("'", "''") + "'", String)


class PivotQuery:
    def __init__(self, session: Session, spec: PivotSpec, reference: date) -> None:
        self.session = session
        self.spec = spec
        self.reference = reference
        self.dialect = session.get_bind().dialect.name
        used = spec.used
        self.by_household = spec.measure is PivotMeasure.HOUSEHOLDS
        self.sls = bool(used & (AREAS | OFFICERS))
        self.officer = bool(used & {Dimension.PPL, Dimension.TIM})
        self.mapped = bool(used & (OFFICERS | {Dimension.KECAMATAN, Dimension.KELURAHAN}))
        # Batches rolled back: their rows are gone with them, so this is nearly always empty
        # and the scan needs no test per row.
        self.cancelled = list(session.scalars(select(ImportBatch.id).where(
            ImportBatch.status != BatchStatus.AKTIF)))
        self.raw_names = (["sls_id"] if self.sls else []) + (
            ["officer_id"] if self.officer else []) + [
            name for dimension, name in RAW_COLUMN.items() if dimension in used]

    # -- level 1: the person rows --------------------------------------------------------
    def _age_group(self, born: Any) -> ColumnElement[Any]:
        """Five-year group of the whole years lived at the reference day; UNKNOWN_AGE when
        there is no birth date or it lies after the day. One comparison per group with the
        group's first birthday (text on SQLite, a date on PostgreSQL: both compare in
        calendar order), which costs less than taking each birth date apart."""
        groups = [(born.is_(None), _constant(UNKNOWN_AGE)),
                  (born > _constant(self._years_before(0)), _constant(UNKNOWN_AGE))]
        for group in range(LAST_AGE_GROUP):
            groups.append((born > _constant(self._years_before((group + 1) * AGE_STEP)),
                           _constant(group)))
        return case(*groups, else_=_constant(LAST_AGE_GROUP))

    def _years_before(self, years: int) -> str:
        """The last birth date of someone `years` old at the reference day, as ISO text: a
        29 February reference falls back to the 28th in a year without one."""
        day = self.reference
        try:
            return day.replace(year=day.year - years).isoformat()
        except ValueError:
            return day.replace(year=day.year - years, day=28).isoformat()

    def _record_base(self, kind: ImportKind, model: Any) -> Select[Any]:
        columns: list[ColumnElement[Any]] = []
        if self.sls:
            columns.append(model.sls_id.label("sls_id"))
        if self.officer:
            officer = model.officer_id if model is FieldResult else cast(null(), Integer)
            columns.append(officer.label("officer_id"))
        used = self.spec.used
        if Dimension.SEX in used:
            columns.append(model.sex.label("sex"))
        if Dimension.AGE_GROUP in used:
            columns.append(self._age_group(model.birth_date).label("age_group"))
        if Dimension.SOURCE in used:
            columns.append(_constant(kind.value).label("source"))
        if self.by_household:
            columns.append(model.kk.label("kk"))
        # "+ 0": SQLite reads the table straight through instead of walking the partial
        # index of current rows and fetching each row from it (see persons/day_counts.py).
        query = select(*columns).where((model.replaced_by_batch_id + 0).is_(None))
        if self.cancelled:  # a rollback deletes its rows; this is for what it left behind
            query = query.where(model.batch_id.not_in(self.cancelled))
        return query

    def _outcome_base(self) -> Select[Any]:
        used = self.spec.used
        match = PersonMatch
        online, fielded = aliased(OnlineSubmission), aliased(FieldResult)
        columns: list[ColumnElement[Any]] = [match.category.label("category")]
        if self.sls:
            columns.append(match.sls_id.label("sls_id"))
        if self.officer:
            columns.append(fielded.officer_id.label("officer_id"))
        if Dimension.SEX in used:  # the field's record where both hold the person
            columns.append(func.coalesce(fielded.sex, online.sex).label("sex"))
        if Dimension.AGE_GROUP in used:
            columns.append(self._age_group(match.birth_date).label("age_group"))
        if self.by_household:
            columns.append(match.kk.label("kk"))
        query = select(*columns).select_from(match)
        if self.officer or Dimension.SEX in used:
            query = query.outerjoin(fielded, fielded.id == match.field_id)
        if Dimension.SEX in used:
            query = query.outerjoin(online, online.id == match.online_id)
        return query

    def _bases(self) -> list[Select[Any]]:
        if self.spec.outcomes:
            return [self._outcome_base()]
        wanted = self.spec.filters.get(Dimension.SOURCE)
        return [self._record_base(kind, model) for kind, model in SOURCES
                if wanted is None or kind.value in wanted]

    # -- level 2: counted per raw columns -------------------------------------------------
    def _direct_filters(self, base: FromClause) -> list[ColumnElement[bool]]:
        conditions = []
        for dimension, values in self.spec.filters.items():
            name = RAW_COLUMN.get(dimension)
            if name is None or dimension is Dimension.SOURCE:  # sources: left out in _bases
                continue
            keys: list[Any] = [v for v in values if v is not None]
            if dimension is Dimension.SEX:
                keys = [Sex(v) for v in keys]
            elif dimension is Dimension.CATEGORY:
                keys = [ReconCategory(v) for v in keys]
            elif dimension is Dimension.AGE_GROUP and None in values:
                keys.append(UNKNOWN_AGE)
            conditions.append(_one_of(base.c[name], keys, None in values
                                      and dimension is Dimension.SEX))
        return conditions

    def _raw(self) -> FromClause:
        parts = []
        for number, query in enumerate(self._bases()):
            base = query.subquery(f"p{number}")
            columns = [base.c[name] for name in self.raw_names]
            conditions = self._direct_filters(base)
            if self.by_household:  # a household's members in one SLS: one row
                parts.append(select(*columns, base.c.kk).where(base.c.kk.is_not(None),
                                                               *conditions).distinct())
            else:
                parts.append(select(*columns, func.count().label("n")).where(*conditions)
                             .group_by(*columns))
        if not parts:  # every source filtered away
            columns = [cast(null(), Integer).label(name) for name in self.raw_names]
            tail = cast(null(), String).label("kk") if self.by_household \
                else _constant(0).label("n")
            parts.append(select(*columns, tail).where(_constant(1) == _constant(0)))
        return (parts[0] if len(parts) == 1 else union_all(*parts)).subquery("r")

    # -- level 3: mapped onto areas and officers -------------------------------------------
    def _sls_map(self) -> FromClause:
        """Each SLS with its kelurahan, kecamatan, current PPL and current Koseka."""
        used = self.spec.used
        columns: list[ColumnElement[Any]] = [
            Sls.id.label("sls_id"), Sls.kelurahan_id.label("kelurahan_id"),
            Kelurahan.kecamatan_id.label("kecamatan_id")]
        query = select().select_from(Sls).join(Kelurahan, Kelurahan.id == Sls.kelurahan_id)
        if self.officer:
            ppl = aliased(Assignment)
            query = query.outerjoin(ppl, and_(ppl.sls_id == Sls.id, ppl.valid_to.is_(None)))
            columns.append(ppl.officer_id.label("ppl_id"))
        if Dimension.KOSEKA in used:
            koseka = aliased(Assignment)
            query = query.outerjoin(koseka, and_(koseka.kecamatan_id == Kelurahan.kecamatan_id,
                                                 koseka.valid_to.is_(None)))
            columns.append(koseka.officer_id.label("koseka_id"))
        return query.add_columns(*columns).subquery("d")

    def _mapped(self) -> tuple[FromClause, dict[Dimension, ColumnElement[Any]],
                               list[ColumnElement[bool]], FromClause]:
        """The raw rows joined to their areas and officers: the joined source, each
        dimension's expression, the filters on areas and officers, and the raw rows."""
        raw = self._raw()
        source: FromClause = raw
        expressions: dict[Dimension, ColumnElement[Any]] = {
            dimension: raw.c[name] for dimension, name in RAW_COLUMN.items()
            if dimension in self.spec.used}
        if self.sls:
            expressions[Dimension.SLS] = raw.c.sls_id
        if self.mapped:
            areas = self._sls_map()
            source = source.outerjoin(areas, areas.c.sls_id == raw.c.sls_id)
            expressions[Dimension.KECAMATAN] = areas.c.kecamatan_id
            expressions[Dimension.KELURAHAN] = areas.c.kelurahan_id
            if self.officer:
                ppl = func.coalesce(raw.c.officer_id, areas.c.ppl_id)
                expressions[Dimension.PPL] = ppl
                if Dimension.TIM in self.spec.used:
                    member = aliased(TeamMember)
                    source = source.outerjoin(member, and_(member.officer_id == ppl,
                                                           member.valid_to.is_(None)))
                    expressions[Dimension.TIM] = member.team_id
            if Dimension.KOSEKA in self.spec.used:
                expressions[Dimension.KOSEKA] = areas.c.koseka_id
        conditions = [
            _one_of(expressions[dimension], [v for v in values if v is not None],
                    None in values)
            for dimension, values in self.spec.filters.items()
            if dimension in AREAS | OFFICERS]
        return source, expressions, conditions, raw

    def persons(self, dimensions: Sequence[Dimension]) -> Iterator[tuple[Any, ...]]:
        """(key per dimension..., persons) for each group with persons in it."""
        source, expressions, conditions, raw = self._mapped()
        grouping = [expressions[d] for d in dimensions]
        statement = (select(*grouping, func.sum(raw.c.n)).select_from(source)
                     .where(*conditions).group_by(*grouping))
        for *keys, value in self.session.execute(statement):
            yield (*_keys(dimensions, keys), int(value or 0))

    def households(self) -> Iterator[tuple[Any, ...]]:
        """(level, key per row dimension..., column key, households): level 0 the cells,
        1 the row totals, 2 the column totals, 3 the grand total (keys of the levels
        above None). One statement: the distinct (dimensions, No. KK) are found once and
        each total counts them again, since a household may sit in several cells."""
        source, expressions, conditions, raw = self._mapped()
        rows, columns = list(self.spec.rows), list(self.spec.columns)
        names = [f"k{index}" for index in range(len(rows) + len(columns))]
        found = (select(*[expressions[d].label(n) for d, n in zip(rows + columns, names,
                                                                   strict=True)],
                        raw.c.kk.label("kk"))
                 .select_from(source).where(*conditions).distinct().cte("h"))
        row_names, column_names = names[:len(rows)], names[len(rows):]

        def level(number: int, kept: list[str], counted: ColumnElement[Any]) -> Select[Any]:
            keys = [found.c[n] if n in kept else cast(null(), found.c[n].type).label(n)
                    for n in names]
            return (select(_constant(number).label("level"), *keys, counted.label("n"))
                    .group_by(*[found.c[n] for n in kept]))

        distinct_kk = func.count(distinct(found.c.kk))
        levels = [level(0, names, func.count()), level(1, row_names, distinct_kk),
                  level(3, [], distinct_kk)]
        if columns:
            levels.insert(2, level(2, column_names, distinct_kk))
        for number, *keys, value in self.session.execute(union_all(*levels)):
            yield (int(number), *_keys(rows + columns, keys), int(value or 0))


def _keys(dimensions: Sequence[Dimension], values: Sequence[Any]) -> list[Key]:
    return [_key(d, v) for d, v in zip(dimensions, values, strict=True)]


def _one_of(column: ColumnElement[Any], keys: list[Any], unknown: bool) -> ColumnElement[bool]:
    chosen = column.in_(keys) if keys else None
    if unknown:
        return or_(column.is_(None), chosen) if chosen is not None else column.is_(None)
    return chosen if chosen is not None else _constant(1) == _constant(0)


def _key(dimension: Dimension, value: Any) -> Key:
    if value is None:
        return None
    if isinstance(value, (Sex, ReconCategory)):
        return value.value
    if dimension is Dimension.AGE_GROUP:
        return None if int(value) == UNKNOWN_AGE else int(value)
    if dimension in AREAS | OFFICERS:
        return int(value)
    return str(value)
