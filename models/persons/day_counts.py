"""Per-SLS day counts that progress reads, kept up to date by the writes that change them.

Counting the current online submissions per SLS and day, and the households the field
found first on each day, sorts every person row: a tenth of a second on the demo city, a
second or more for a million rows, on every open of the Progres page and every letter
batch. The few writes that change person rows keep the counts instead, inside their own
transaction: an online import adds what it stored and subtracts what it replaced; a field
import, a rollback and the demo count their source again. A reader then gets the counts
by reading a few thousand rows.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    String,
    delete,
    func,
    insert,
    literal,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from models.schema.batches import (
    PERSON_KINDS,
    FieldResult,
    ImportBatch,
    ImportKind,
    OnlineSubmission,
)
from models.schema.progress import ProgressDayCount
from models.store.bulk import bulk_inserter, chunks


def _current(marker):  # type: ignore[no-untyped-def]
    """`replaced_by_batch_id + 0 IS NULL`: SQLite then reads the table straight through
    instead of walking the partial index on current rows and looking every row up from it
    (twice as slow when nearly every row is current)."""
    return (marker + 0).is_(None)


def _online_day():  # type: ignore[no-untyped-def]
    return func.date(func.coalesce(OnlineSubmission.submitted_at, ImportBatch.imported_at))


def _online_counts():  # type: ignore[no-untyped-def]
    """Persons per SLS and day: the submission time, or the import day when the file had none."""
    day = _online_day()
    return (select(literal(ImportKind.ONLINE.value), OnlineSubmission.sls_id, day, func.count())
            .join(ImportBatch, ImportBatch.id == OnlineSubmission.batch_id)
            .where(_current(OnlineSubmission.replaced_by_batch_id))
            .group_by(OnlineSubmission.sls_id, day))


def _field_counts():  # type: ignore[no-untyped-def]
    """Households per SLS by the day their first member was found (distinct No. KK)."""
    first_seen = func.min(func.date(func.coalesce(FieldResult.visited_at,
                                                  ImportBatch.imported_at)))
    households = (select(FieldResult.sls_id, FieldResult.kk, first_seen.label("day"))
                  .join(ImportBatch, ImportBatch.id == FieldResult.batch_id)
                  .where(_current(FieldResult.replaced_by_batch_id),
                         FieldResult.kk.is_not(None), FieldResult.sls_id.is_not(None))
                  .group_by(FieldResult.sls_id, FieldResult.kk).subquery())
    return (select(literal(ImportKind.LAPANGAN.value), households.c.sls_id, households.c.day,
                   func.count())
            .group_by(households.c.sls_id, households.c.day))


def _lock(session: Session) -> None:
    """Two PCs importing at once: the second writer of the counts waits for the first to
    commit, so it reads (and replaces) what the first one wrote. Readers never wait."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("LOCK TABLE progress_day_count IN SHARE ROW EXCLUSIVE MODE")


def recount(session: Session, kind: ImportKind) -> None:
    """Count `kind` again from its current person rows, in the caller's transaction."""
    if kind not in PERSON_KINDS:
        return
    _lock(session)
    connection = session.connection()
    table = ProgressDayCount.__table__
    connection.execute(delete(table).where(table.c.kind == kind.value))
    counts = _online_counts() if kind is ImportKind.ONLINE else _field_counts()
    connection.execute(insert(table).from_select(["kind", "sls_id", "day", "amount"], counts))


def add_online(session: Session, added: Counter[tuple[int | None, str | None]],
               replaced_ids: Sequence[int], imported_day: date) -> None:
    """Count an import's online persons in without recounting the whole table (a second
    for a million rows): `added` holds its new rows per (SLS id, submission day as text,
    None when the file had no time), `replaced_ids` the stored rows it replaced."""
    _lock(session)
    change: Counter[tuple[int | None, date]] = Counter()
    days: dict[str | None, date] = {None: imported_day}
    for (sls_id, day), amount in added.items():
        if day not in days:
            days[day] = _as_date(day)
        change[sls_id, days[day]] += amount
    connection = session.connection()
    day_of = _online_day()
    for ids in chunks(replaced_ids):  # marked replaced by now: not filtered on being current
        for sls_id, day, amount in connection.execute(
                select(OnlineSubmission.sls_id, day_of, func.count())
                .join(ImportBatch, ImportBatch.id == OnlineSubmission.batch_id)
                .where(OnlineSubmission.id.in_(ids))
                .group_by(OnlineSubmission.sls_id, day_of)):
            change[sls_id, _as_date(day)] -= amount
    if not change:
        return
    merged = Counter({(sls_id, day): amount
                      for sls_id, day, amount in day_counts(session, ImportKind.ONLINE)})
    merged.update(change)  # update adds; a count falling to 0 is dropped below
    table = ProgressDayCount.__table__
    connection.execute(delete(table).where(table.c.kind == ImportKind.ONLINE.value))
    with bulk_inserter(connection, table, ("kind", "sls_id", "day", "amount")) as write:
        write([(ImportKind.ONLINE.value, sls_id, day.isoformat(), amount)
               for (sls_id, day), amount in merged.items() if amount > 0])


def day_counts(session: Session, kind: ImportKind) -> list[tuple[int | None, date, int]]:
    """(SLS id, day, amount) of one source, as last counted.

    Read through Core with the day untyped, each distinct day parsed once: the ORM's
    result handling and the parsing of SQLite's date text, row by row, took twice as long
    as the query itself.
    """
    table = ProgressDayCount.__table__
    rows = session.connection().execute(select(table.c.sls_id, type_coerce(table.c.day, String),
                                  table.c.amount).where(table.c.kind == kind.value)).all()
    days: dict[Any, date] = {}
    return [(sls_id, days.get(day) or days.setdefault(day, _as_date(day)), amount)
            for sls_id, day, amount in rows]


def _as_date(value: Any) -> date:
    """SQLite gives the text it stored, PostgreSQL a date."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
