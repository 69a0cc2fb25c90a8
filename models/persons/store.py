"""Where checked person records go: the current rows of a source, new versions, replacements."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import polars as pl
from sqlalchemy import Table, update
from sqlalchemy.orm import Session

from models.persons.check import MOMENT, Record
from models.schema.batches import FieldResult, ImportKind, OnlineSubmission
from models.store.bulk import bulk_inserter, chunks
from models.store.frame_insert import frame_inserter

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


CURRENT_SCHEMA = {"natural_key": pl.String, "id": pl.Int64, "content_hash": pl.Int64,
                  "name": pl.String, "batch_id": pl.Int64}


class CurrentRows(Mapping[str, Current]):
    """The current persons of a source by natural key, kept as columns (a million of them
    are read in a fraction of a second and joined with an import's records)."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame = frame
        self._index: dict[str, int] | None = None

    def __len__(self) -> int:
        return self.frame.height

    def __iter__(self) -> Iterator[str]:
        return iter(self.frame["natural_key"].to_list())

    def __getitem__(self, key: str) -> Current:
        if self._index is None:
            self._index = {k: at for at, k in enumerate(self.frame["natural_key"].to_list())}
        _key, pid, digest, name, batch = self.frame.row(self._index[key])
        return Current(pid, digest, name, batch)


def current_frame(existing: Mapping[str, Current]) -> pl.DataFrame:
    """The current persons as columns of CURRENT_SCHEMA, whatever mapping holds them."""
    if isinstance(existing, CurrentRows):
        return existing.frame
    return pl.DataFrame([(key, c.id, c.content_hash, c.name, c.batch_id)
                         for key, c in existing.items()], schema=CURRENT_SCHEMA, orient="row")


def current_rows(session: Session, kind: ImportKind) -> CurrentRows:
    """Every current person of the source by natural key, with the digest of its values.

    Read under `lock_source`: they stay current until the caller's transaction ends. The
    driver's cursor gives plain tuples, a tenth of the cost of ORM rows.
    """
    lock_source(session, kind)
    table = table_of(kind).name
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(f"SELECT natural_key, id, content_hash, name, batch_id FROM {table} "
                       "WHERE replaced_by_batch_id IS NULL")
        rows = cursor.fetchall()
    finally:
        cursor.close()
    return CurrentRows(pl.DataFrame(rows, schema=CURRENT_SCHEMA, orient="row"))


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
        return self

    def _tuples(self) -> Callable[[Sequence[tuple[Any, ...]]], None]:
        """The insert of rows as tuples, opened at its first use (PostgreSQL keeps one COPY
        open at a time on a connection, so the column insert opens only when this is shut)."""
        assert self._stream is not None, "use PersonWriter as a context manager"
        if self._insert is None:
            self._insert = self._stream.enter_context(bulk_inserter(
                self.session.connection(), self.table, self.columns, background=True))
        return self._insert

    def _rows(self, records: list[Record]) -> list[tuple[Any, ...]]:
        width, batch = self.width, self.batch_id
        return [(batch, *record[:width]) for record in records]

    def new(self, records: list[Record]) -> None:
        self._tuples()(self._rows(records))

    @property
    def replaced_ids(self) -> list[int]:
        """The stored rows this batch replaces (marked so when the writer closes)."""
        return self._replaced

    def changed(self, records: list[Record], replaced: list[int]) -> None:
        self._changed += self._rows(records)
        self._replaced += replaced

    def new_frame(self, records: pl.DataFrame, *, order: pl.Series, every: int,
                  each: Callable[[int], None]) -> None:
        """Store new persons given as record columns, in `order` (row positions), `every`
        at a time; `each(stored)` after each part (the caller reports progress, and may stop
        by raising). Each part is gathered while the one before is written."""
        assert self._stream is not None and self._insert is None, "columns before tuples"
        # One chunk: a part gathered from the chunks the file was checked in costs ten
        # times as much (a million persons: 1.3 s of gathers against 0.1 s, copy included).
        rows = self._select(records).rechunk()
        with frame_inserter(self.session.connection(), self.table, self.columns) as insert:
            for start in range(0, rows.height, every):
                part = rows[order.slice(start, every)]
                # The gathered texts still point into buffers in file order; copied once in
                # key order (in Rust), the driver's Python strings are then made reading
                # memory in sequence, with Python's lock held for half as long.
                insert(part.with_columns(pl.format("{}", pl.col(pl.String)).name.keep()))
                each(min(start + every, rows.height))

    def changed_frame(self, records: pl.DataFrame, replaced: list[int]) -> None:
        self._changed += self._select(records).rows()
        self._replaced += replaced

    def _select(self, records: pl.DataFrame) -> pl.DataFrame:
        """The insert's columns, in its order: the batch, then the record's first fields."""
        return records.select(pl.lit(self.batch_id, dtype=pl.Int64).alias("batch_id"),
                              *records.columns[:self.width])

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

