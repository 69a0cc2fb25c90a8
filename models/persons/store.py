"""Where checked person records go: the current rows of a source, new versions, replacements."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from models.persons.check import MOMENT, Record
from models.schema.batches import FieldResult, ImportKind, OnlineSubmission
from models.store.bulk import bulk_inserter, chunks

MODELS: dict[ImportKind, type[OnlineSubmission] | type[FieldResult]] = {
    ImportKind.ONLINE: OnlineSubmission, ImportKind.LAPANGAN: FieldResult,
}
COMMON = ("natural_key", "source_row", "nik", "kk", "name", "sex", "birth_date", "area_code",
          "address", "sls_id", "content_hash")
MOMENT_COLUMN = {ImportKind.ONLINE: "submitted_at", ImportKind.LAPANGAN: "visited_at"}


@dataclass(frozen=True)
class Current:
    """The stored version of a person that a new row is compared with."""

    id: int
    content_hash: int
    name: str
    batch_id: int


def table_of(kind: ImportKind) -> Table:
    return MODELS[kind].__table__  # type: ignore[return-value]


def lock_source(session: Session, kind: ImportKind) -> None:
    """One writer of a source's persons at a time, taken before its first read of them.

    Two imports sharing persons stored them in file order, each waiting on a key the
    other had just inserted: a deadlock. The lock comes first, before any row, and the
    progress counts after (models.persons.day_counts), the same order for every writer; the
    second import waits, then reads what the first stored and classifies against it.
    Readers (SELECT) never wait. SQLite has one writer for the whole file anyway.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(
            f"LOCK TABLE {table_of(kind).name} IN SHARE ROW EXCLUSIVE MODE")


def current_rows(session: Session, kind: ImportKind) -> dict[str, Current]:
    """Every current person of the source by natural key, with the digest of its values.

    Read under `lock_source`: they stay current until the caller's transaction ends.
    """
    lock_source(session, kind)
    model = MODELS[kind]
    query = (select(model.natural_key, model.id, model.content_hash, model.name, model.batch_id)
             .where(model.replaced_by_batch_id.is_(None)))
    return {key: Current(pid, digest, name, batch)
            for key, pid, digest, name, batch in session.execute(query)}


class PersonWriter:
    """Writes the records of one batch: new persons streamed as they come, changed ones last.

    A changed person's new version may only be inserted once the old one is marked
    replaced (one current row per key), so changed records wait until the stream of new
    ones is closed; an export brings far more new or unchanged persons than changed ones.
    """

    def __init__(self, session: Session, kind: ImportKind, batch_id: int) -> None:
        self.session = session
        self.batch_id = batch_id
        self.table = table_of(kind)
        self.columns = ("batch_id", *COMMON, MOMENT_COLUMN[kind])
        if kind is ImportKind.LAPANGAN:
            self.columns += ("officer_id",)
        self.width = MOMENT + (2 if kind is ImportKind.LAPANGAN else 1)
        self._changed: list[tuple[Any, ...]] = []
        self._replaced: list[int] = []
        self._stream: ExitStack | None = None
        self._insert: Callable[[Sequence[tuple[Any, ...]]], None] | None = None

    def __enter__(self) -> PersonWriter:
        self._stream = ExitStack()
        self._insert = self._stream.enter_context(
            bulk_inserter(self.session.connection(), self.table, self.columns, background=True))
        return self

    def _rows(self, records: list[Record]) -> list[tuple[Any, ...]]:
        width, batch = self.width, self.batch_id
        return [(batch, *record[:width]) for record in records]

    def new(self, records: list[Record]) -> None:
        assert self._insert is not None, "use PersonWriter as a context manager"
        self._insert(self._rows(records))

    @property
    def replaced_ids(self) -> list[int]:
        """The stored rows this batch replaces (marked so when the writer closes)."""
        return self._replaced

    def changed(self, records: list[Record], replaced: list[int]) -> None:
        self._changed += self._rows(records)
        self._replaced += replaced

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        assert self._stream is not None
        self._stream.__exit__(kind, error, trace)
        if kind is not None:
            return
        connection = self.session.connection()
        for ids in chunks(sorted(self._replaced)):  # row locks in id order
            connection.execute(update(self.table).where(self.table.c.id.in_(ids))
                               .values(replaced_by_batch_id=self.batch_id))
        with bulk_inserter(connection, self.table, self.columns) as insert:
            insert(self._changed)

