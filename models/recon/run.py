"""One matching run: every person of both sources into exactly one category, in one transaction.

A full run rebuilds the outcomes. Otherwise only the persons touched by batches imported or
rolled back since the last run are redone, with their whole households (pairing without
NIK and duplicates are decided within a No. KK). Decisions of reviewers are keyed by
natural keys and re-attached after either kind of run.
"""
from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, func, select, text
from sqlalchemy.orm import Session

from models.recon import sql
from models.access import Permission, acting_username, require
from models.schema.base import utcnow
from models.persons.rollback import current_count
from models.schema.batches import PERSON_KINDS, BatchStatus, ImportBatch, ImportKind
from models.store.bulk import bulk_loading, checkpoint_later, chunks
from models.errors import Cancelled
from models.store.gc_pause import collection_paused
from models.recon.names import SAME_NAME, name_score
from models.recon.pairs import MatchRow, Side, decide_household
from models.schema.recon import (
    HouseholdMatch,
    PersonMatch,
    ReconCategory,
    ReconRun,
    ReconScope,
)

log = logging.getLogger(__name__)
Progress = Callable[[int, int], bool]
STEPS = 6
# Dropped during a full run and built again after it: one sorted build beats a million
# inserts into it.
AREA_INDEX = next(i for i in PersonMatch.__table__.indexes if i.name == "ix_person_match_area")


@dataclass(frozen=True)
class ReconReport:
    run_id: int
    full: bool
    online_rows: int
    field_rows: int
    redone: int  # outcome rows written by this run
    counts: dict[ReconCategory, int]
    seconds: float


def person_batches(session: Session) -> set[int]:
    """Active batches of online submissions and field results."""
    return set(session.scalars(select(ImportBatch.id).where(
        ImportBatch.kind.in_(PERSON_KINDS),
        ImportBatch.status == BatchStatus.AKTIF)))


def last_run(session: Session) -> ReconRun | None:
    return session.scalars(select(ReconRun).where(ReconRun.finished_at.is_not(None))
                           .order_by(ReconRun.id.desc()).limit(1)).first()


def _batch_ids(run: ReconRun) -> set[int]:
    return {int(b) for b in run.batch_ids.split(",") if b}


def pending_batches(session: Session, active: set[int] | None = None
                    ) -> tuple[set[int], set[int]] | None:
    """Batches imported and rolled back since the last run; None before the first run.

    `active` is person_batches(session), when the caller has it already.
    """
    run = last_run(session)
    if run is None:
        return None
    seen = _batch_ids(run)
    active = person_batches(session) if active is None else active
    return active - seen, seen - active


def _step(progress: Progress | None, done: int) -> None:
    if progress is not None and not progress(done, STEPS):
        raise Cancelled()


def run_reconciliation(session: Session, *, full: bool = False,
                       progress: Progress | None = None, by: str | None = None) -> ReconReport:
    """Match both sources and commit; Cancel (progress returning False) rolls back."""
    require(session, Permission.RECONCILE)
    started = time.perf_counter()
    try:
        with bulk_loading(session.connection()), collection_paused():
            report = _run(session, full, progress, by or acting_username(session), started)
            session.commit()
    except BaseException:
        session.rollback()
        raise
    checkpoint_later(session.get_bind())  # type: ignore[arg-type]
    return report


def _run(session: Session, full: bool, progress: Progress | None, by: str,
         started: float) -> ReconReport:
    active = person_batches(session)
    pending = None if full else pending_batches(session, active)
    scoped = pending is not None
    connection = session.connection()
    dialect = connection.dialect.name
    _step(progress, 0)
    if pending is None:
        _clear(session, dialect)
    else:
        new, rolled_back = pending
        _fill_scope(session, new, rolled_back)
        connection.execute(delete(PersonMatch).where(text(sql.match_scope())))
    first_new = (session.scalar(select(func.max(PersonMatch.id))) or 0) + 1
    rebuild = not scoped and _owns_person_match(connection)
    if rebuild:
        AREA_INDEX.drop(connection)
    connection.exec_driver_sql(sql.insert_online_side(dialect, scoped))
    _step(progress, 1)
    connection.exec_driver_sql(sql.insert_field_side(dialect, scoped))
    if rebuild:
        AREA_INDEX.create(connection)
    elif scoped:  # a restored older version may belong to another household
        connection.exec_driver_sql(
            f"INSERT INTO recon_scope (kind, key) SELECT DISTINCT '{sql.SCOPE_KK}', kk "
            f"FROM person_match WHERE id >= {first_new} AND kk IS NOT NULL")
    _step(progress, 2)
    _refine_names(session, first_new)
    _step(progress, 3)
    _count_households(session, sql.SCOPE_KK if scoped else None)
    _step(progress, 4)
    _decide_households(session, scoped)
    connection.exec_driver_sql(sql.apply_resolutions(scoped))
    _step(progress, 5)
    redone = session.scalar(select(func.count()).where(PersonMatch.id >= first_new)) or 0
    connection.execute(delete(ReconScope))
    counts = {category: n for category, n in session.execute(
        select(PersonMatch.category, func.count()).group_by(PersonMatch.category))}
    run = ReconRun(full=not scoped, batch_ids=",".join(map(str, sorted(active))),
                   online_rows=current_count(session, ImportKind.ONLINE),
                   field_rows=current_count(session, ImportKind.LAPANGAN), redone=redone,
                   run_by=by,
                   finished_at=utcnow())
    session.add(run)
    session.flush()
    _step(progress, STEPS)
    seconds = time.perf_counter() - started
    log.info("reconciliation %s: %d rows redone in %.2f s", "scoped" if scoped else "full",
             redone, seconds)
    return ReconReport(run.id, not scoped, run.online_rows, run.field_rows, redone, counts,
                       seconds)


def _owns_person_match(connection: Connection) -> bool:
    """Only a table's owner may drop its index; the app role of `siapkan-server` owns
    nothing, and then the index stays and is filled row by row."""
    if connection.dialect.name != "postgresql":
        return True
    return bool(connection.scalar(text(
        "SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables "
        "WHERE schemaname = current_schema() AND tablename = 'person_match'")))


def _count_households(session: Session, scope_kind: str | None) -> None:
    """(Re)count the households of one recon_scope kind, or all after a full clear."""
    connection = session.connection()
    if scope_kind is not None:
        connection.execute(delete(HouseholdMatch).where(HouseholdMatch.kk.in_(
            select(ReconScope.key).where(ReconScope.kind == scope_kind))))
    connection.exec_driver_sql(sql.insert_households(scope_kind))


def _clear(session: Session, dialect: str) -> None:
    connection = session.connection()
    if dialect == "postgresql":
        connection.exec_driver_sql("TRUNCATE person_match, household_match")
    else:  # SQLite empties a table without a WHERE at once
        connection.exec_driver_sql("DELETE FROM person_match")
        connection.exec_driver_sql("DELETE FROM household_match")


def _fill_scope(session: Session, new: set[int], rolled_back: set[int]) -> None:
    """Natural keys and households touched by the batches since the last run."""
    connection = session.connection()
    for ids in chunks(sorted(new)):
        listed = ", ".join(map(str, ids))
        for table in (sql.ONLINE, sql.FIELD):
            connection.exec_driver_sql(
                f"INSERT INTO recon_scope (kind, key) SELECT '{sql.SCOPE_KEY}', natural_key "
                f"FROM {table} WHERE batch_id IN ({listed})")
            connection.exec_driver_sql(
                f"INSERT INTO recon_scope (kind, key) SELECT DISTINCT '{sql.SCOPE_KK}', kk "
                f"FROM {table} WHERE batch_id IN ({listed}) AND kk IS NOT NULL")
    for ids in chunks(sorted(rolled_back)):
        listed = ", ".join(map(str, ids))
        for column in ("person_key", "other_key"):
            connection.exec_driver_sql(
                f"INSERT INTO recon_scope (kind, key) SELECT '{sql.SCOPE_KEY}', {column} "
                f"FROM person_match WHERE {column} IS NOT NULL AND (online_batch_id IN "
                f"({listed}) OR field_batch_id IN ({listed}))")
    # The households the touched persons belonged to at the last run.
    connection.exec_driver_sql(
        f"INSERT INTO recon_scope (kind, key) SELECT DISTINCT '{sql.SCOPE_KK}', kk "
        f"FROM person_match m WHERE kk IS NOT NULL AND (person_key IN "
        f"({sql.scope_keys(sql.SCOPE_KEY)}) OR other_key IN ({sql.scope_keys(sql.SCOPE_KEY)}))")


def _refine_names(session: Session, first_new: int) -> None:
    """Pairs whose names differ in the database's plain comparison: scored by similarity.

    A spelling variant (score >= SAME_NAME) is not a conflict; only the remaining fields
    then decide between cocok, beda and pindah.
    """
    connection = session.connection()
    rows = connection.exec_driver_sql(
        f"SELECT m.id, m.category, m.differing, o.name, f.name FROM person_match m "
        f"JOIN {sql.ONLINE} o ON o.id = m.online_id JOIN {sql.FIELD} f ON f.id = m.field_id "
        f"WHERE m.id >= {first_new} AND m.method = 'nik' AND m.score IS NULL").all()
    updates = []
    for match_id, category, differing, online_name, field_name in rows:
        score = name_score(online_name, field_name)
        fields = [f for f in differing.split(",") if f]
        if score >= SAME_NAME:
            fields = [f for f in fields if f != "name"]
            if category == ReconCategory.BEDA.value and not fields:
                category = ReconCategory.COCOK.value
        updates.append({"id": match_id, "score": score, "category": category,
                        "differing": _stored(fields)})
    if updates:
        connection.execute(
            text("UPDATE person_match SET score = :score, category = :category, "
                 "differing = :differing WHERE id = :id"), updates)


def _stored(differing: Sequence[str]) -> str:
    """Differing field names as the SQL side writes them: each followed by a comma."""
    return "".join(f"{name}," for name in differing)


def _side(values: tuple[Any, ...]) -> Side | None:
    record_id, key, name, sex, birth, sls_id, nik = values
    if record_id is None:
        return None
    if isinstance(birth, str):  # SQLite hands dates back as text
        birth = date.fromisoformat(birth)
    return Side(record_id, key, name, sex, birth, sls_id, nik is not None)


def _decide_households(session: Session, scoped: bool) -> None:
    """Pairs by No. KK and name, and duplicates, in the households where they can occur."""
    connection = session.connection()
    connection.exec_driver_sql(sql.households_to_decide(scoped))
    person = "{a}.id, {a}.natural_key, {a}.name, {a}.sex, {a}.birth_date, {a}.sls_id, {a}.nik"
    rows = connection.exec_driver_sql(
        f"SELECT m.kk, m.id, m.category, m.field_batch_id, {person.format(a='o')}, "
        f"{person.format(a='f')} FROM person_match m "
        f"LEFT JOIN {sql.ONLINE} o ON o.id = m.online_id "
        f"LEFT JOIN {sql.FIELD} f ON f.id = m.field_id "
        f"WHERE m.kk IN ({sql.scope_keys(sql.SCOPE_DECIDE)})").all()
    households: dict[str, list[MatchRow]] = defaultdict(list)
    field_batch: dict[int, int | None] = {}
    for kk, match_id, category, batch_id, *values in rows:
        households[kk].append(MatchRow(match_id, ReconCategory(category), _side(values[:7]),
                                       _side(values[7:])))
        field_batch[match_id] = batch_id
    pairs, folded, duplicates = [], [], []
    for members in households.values():
        decisions = decide_household(members)
        for online_row, field_row, comparison in decisions.pairs:
            assert field_row.field is not None and online_row.online is not None
            pairs.append({
                "id": online_row.id, "field_id": field_row.field.id,
                "field_batch_id": field_batch[field_row.id], "other_key": field_row.field.key,
                "score": comparison.score, "category": comparison.category.value,
                "differing": _stored(comparison.differing),
                "sls_id": field_row.field.sls_id or online_row.online.sls_id})
            folded.append(field_row.id)
        duplicates += [{"id": row.id, "other_key": key} for row, key in decisions.duplicates]
    if pairs:
        connection.execute(text(
            "UPDATE person_match SET field_id = :field_id, field_batch_id = :field_batch_id, "
            "other_key = :other_key, method = 'kk_nama', score = :score, category = :category, "
            "differing = :differing, sls_id = :sls_id WHERE id = :id"), pairs)
        for ids in chunks(folded):
            connection.execute(delete(PersonMatch).where(PersonMatch.id.in_(ids)))
    if duplicates:
        connection.execute(text("UPDATE person_match SET category = 'ganda', "
                                "other_key = :other_key WHERE id = :id"), duplicates)
    if duplicates or pairs:  # their member counts change
        _count_households(session, sql.SCOPE_DECIDE)
    connection.execute(delete(ReconScope).where(ReconScope.kind == sql.SCOPE_DECIDE))
