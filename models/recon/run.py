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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import Connection, delete, func, select, text
from sqlalchemy.orm import Session

from models.access import Permission, acting_username, require
from models.persons.rollback import current_count
from models.recon import sql
from models.recon.linkage.second_pass import link_unpaired
from models.recon.names import SAME_NAME, name_score
from models.recon.pairs import MAX_MEMBERS, MatchRow, Side, decide_household
from models.schema.base import utcnow
from models.schema.batches import PERSON_KINDS, BatchStatus, ImportBatch, ImportKind
from models.schema.recon import (
    HouseholdMatch,
    PersonMatch,
    ReconCategory,
    ReconRun,
    ReconScope,
)
from models.store.bulk import bulk_loading, checkpoint_later, chunks
from models.store.gc_pause import collection_paused
from models.work import ProgressCallback, advance

log = logging.getLogger(__name__)
STEPS = 7
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
    linkage_seconds: float = 0.0  # the second pass's part of `seconds`, households included


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


def run_reconciliation(session: Session, *, full: bool = False,
                       progress: ProgressCallback | None = None,
                       by: str | None = None) -> ReconReport:
    """Match both sources and commit; Cancel (progress returning False) rolls back."""
    require(session, Permission.RECONCILE)
    started = time.perf_counter()
    try:
        with bulk_loading(session.connection()), collection_paused():
            report = _run(session, full=full, progress=progress, by=by or acting_username(session),
                          started=started)
            session.commit()
    except BaseException:
        session.rollback()
        raise
    checkpoint_later(session.get_bind())  # type: ignore[arg-type]
    return report


def _run(session: Session, *, full: bool, progress: ProgressCallback | None, by: str,
         started: float) -> ReconReport:
    active = person_batches(session)
    pending = None if full else pending_batches(session, active)
    scoped = pending is not None
    connection = session.connection()
    dialect = connection.dialect.name
    advance(progress, 0, STEPS)
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
    advance(progress, 1, STEPS)
    connection.exec_driver_sql(sql.insert_field_side(dialect, scoped))
    if rebuild:
        AREA_INDEX.create(connection)
    elif scoped:  # a restored older version may belong to another household
        connection.exec_driver_sql(sql.scope_new_households(first_new))
    advance(progress, 2, STEPS)
    _refine_names(session, first_new)
    advance(progress, 3, STEPS)
    _count_households(session, sql.SCOPE_KK if scoped else None)
    advance(progress, 4, STEPS)
    decided = _decide_households(session, scoped)
    advance(progress, 5, STEPS)
    linkage = link_unpaired(session, first_new=first_new if scoped else None)
    counting = time.perf_counter()
    # One count of the households whose members either decision moved: each count reads
    # every outcome row (no index on No. KK: it would slow the million inserts more).
    if linkage.households:
        connection.execute(ReconScope.__table__.insert(),  # type: ignore[attr-defined]
                           [{"kind": sql.SCOPE_DECIDE, "key": kk}
                            for kk in sorted(linkage.households)])
    if decided or linkage.households:
        _count_households(session, sql.SCOPE_DECIDE)
    connection.execute(delete(ReconScope).where(ReconScope.kind == sql.SCOPE_DECIDE))
    linking = time.perf_counter()
    for statement in sql.rebuild_household_links():
        connection.exec_driver_sql(statement)
    # The second pass's cost: its pairs, the linked households, and the count of members
    # when only its pairs called for one (else the first pass's decisions did anyway).
    linkage_seconds = linkage.seconds + time.perf_counter() - linking \
        + (0.0 if decided else linking - counting)
    log.info("second pass %.2f s: %d records, %d candidates, %d pasti, %d mungkin, %d NIK "
             "pairs released (count of households %.2f s, links %.2f s)", linkage_seconds,
             linkage.pool, linkage.candidates, linkage.sure, linkage.likely, linkage.released,
             linking - counting, time.perf_counter() - linking)
    connection.exec_driver_sql(sql.apply_resolutions(scoped, first_new))
    advance(progress, 6, STEPS)
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
    advance(progress, STEPS, STEPS)
    seconds = time.perf_counter() - started
    log.info("reconciliation %s: %d rows redone in %.2f s", "scoped" if scoped else "full",
             redone, seconds)
    return ReconReport(run.id, not scoped, run.online_rows, run.field_rows, redone, counts,
                       seconds, linkage_seconds)


def _owns_person_match(connection: Connection) -> bool:
    """Only a table's owner may drop its index; the app role of `siapkan-server` owns
    nothing, and then the index stays and is filled row by row."""
    if connection.dialect.name != "postgresql":
        return True
    return bool(connection.scalar(text(sql.OWNS_PERSON_MATCH)))


def _count_households(session: Session, scope_kind: str | None) -> None:
    """(Re)count the households of one recon_scope kind, or all after a full clear."""
    connection = session.connection()
    if scope_kind is not None:
        connection.execute(delete(HouseholdMatch).where(HouseholdMatch.kk.in_(
            select(ReconScope.key).where(ReconScope.kind == scope_kind))))
    connection.exec_driver_sql(sql.insert_households(scope_kind))


def _clear(session: Session, dialect: str) -> None:
    connection = session.connection()
    for statement in sql.clear_outcomes(dialect):
        connection.exec_driver_sql(statement)


def _fill_scope(session: Session, new: set[int], rolled_back: set[int]) -> None:
    """Natural keys and households touched by the batches since the last run."""
    connection = session.connection()
    for ids in chunks(sorted(new)):
        listed = ", ".join(map(str, ids))
        for table in (sql.ONLINE, sql.FIELD):
            for statement in sql.scope_new_batches(table, listed):
                connection.exec_driver_sql(statement)
    for ids in chunks(sorted(rolled_back)):
        listed = ", ".join(map(str, ids))
        for column in ("person_key", "other_key"):
            connection.exec_driver_sql(sql.scope_rolled_back(column, listed))
    # The households the touched persons belonged to at the last run.
    connection.exec_driver_sql(sql.scope_former_households())
    # A pair of the second pass may join two households: its other record is redone too.
    for statement in sql.scope_scored_partners():
        connection.exec_driver_sql(statement)


def _refine_names(session: Session, first_new: int) -> None:
    """Pairs whose names differ in the database's plain comparison: scored by similarity.

    A spelling variant (score >= SAME_NAME) is not a conflict; only the remaining fields
    then decide between cocok, beda and pindah.
    """
    connection = session.connection()
    rows = connection.exec_driver_sql(sql.names_to_refine(first_new)).all()
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
        connection.execute(text(sql.UPDATE_SCORE), updates)


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


def _sharing_births(connection: Connection) -> list[int]:
    """The outcomes of the households to decide that decide_household can act on: only
    records of one birth date can be one person, so those whose birth date no other record
    of their household has are left out (a full run of 700,000 + 700,000: 32,000 of 109,000
    rows remain), and so are households too large to decide in."""
    frame = pl.DataFrame(connection.exec_driver_sql(sql.households_to_decide_births()).all(),
                         schema={"kk": pl.String, "id": pl.Int64, "category": pl.String,
                                 "online": pl.String, "field": pl.String}, orient="row")
    frame = frame.filter(pl.col("category") != ReconCategory.TIDAK_VALID.value).filter(
        pl.len().over("kk") <= MAX_MEMBERS)
    sides = pl.concat([frame.select("kk", "id", birth="online"),
                       frame.select("kk", "id", birth="field")]).drop_nulls("birth")
    # A pair of one birth date is one record there, not two.
    sides = sides.unique(["id", "birth"])
    return sides.filter(pl.len().over("kk", "birth") > 1)["id"].unique().sort().to_list()


def _decide_households(session: Session, scoped: bool) -> bool:
    """Pairs by No. KK and name, and duplicates, in the households where they can occur
    (left in recon_scope); whether any was found, so that their members are counted again."""
    connection = session.connection()
    connection.exec_driver_sql(sql.households_to_decide(scoped))
    rows = []
    for ids in chunks(_sharing_births(connection)):
        rows += connection.exec_driver_sql(
            sql.households_to_decide_rows(", ".join(map(str, ids)))).all()
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
        connection.execute(text(sql.UPDATE_PAIR), pairs)
        for ids in chunks(folded):
            connection.execute(delete(PersonMatch).where(PersonMatch.id.in_(ids)))
    if duplicates:
        connection.execute(text(sql.UPDATE_DUPLICATE), duplicates)
    return bool(duplicates or pairs)
