"""Inserting many rows fast: COPY on PostgreSQL, multi-row INSERTs on SQLite.

The ORM and even Core's executemany spend more time per row than the validation of a
row does; for imports of a million rows the driver is fed plain tuples directly.
"""
from __future__ import annotations

import logging
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from itertools import chain
from typing import Any, TypeVar

import psycopg
from sqlalchemy import Connection, Engine, Table, exc

log = logging.getLogger(__name__)
T = TypeVar("T")
Insert = Callable[[Sequence[tuple[Any, ...]]], None]  # stores rows given as tuples
ROWS_PER_STATEMENT = 2500  # rows of one multi-row INSERT on SQLite
IN_LIST = 500  # ids per "WHERE id IN (...)": well below every backend's parameter limit
# Rows laid out per call of a background insert: SQLite stores one part while the next is
# made (an officer list: some 7,000 rows and 14,000 audit entries).
PART = 2000
# A unique or foreign key refused a row, through SQLAlchemy or straight from the driver.
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (
    exc.IntegrityError, sqlite3.IntegrityError, psycopg.IntegrityError)


def chunks(items: Sequence[T], size: int = IN_LIST) -> Iterator[Sequence[T]]:
    """`items` in slices small enough for one IN (...) list each."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


@contextmanager
def bulk_inserter(connection: Connection, table: Table, columns: Sequence[str],
                  background: bool = False) -> Iterator[Insert]:
    """Yield `insert(rows)`: tuples in the order of `columns`, in the connection's transaction.

    On PostgreSQL one COPY stays open across every call, so the server stores rows on its
    own core while the next ones are being checked here (a COPY per chunk would wait for
    the server at the end of each). Dates and times come as ISO text, which SQLite stores
    as SQLAlchemy reads it back and COPY parses. An exception inside the block aborts the
    COPY; the caller rolls the transaction back.

    With `background`, SQLite runs the statements on a worker thread (`in_background`):
    the database stores one chunk while the caller checks the next.
    """
    names = ", ".join(columns)
    raw = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        cursor = raw.cursor()  # type: ignore[union-attr]
        with cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            write_row = copy.write_row

            def copy_rows(rows: Sequence[tuple[Any, ...]]) -> None:
                for row in rows:
                    write_row(row)

            yield copy_rows
        return
    cursor = raw.cursor()  # type: ignore[union-attr]
    insert = _sqlite_insert(cursor, table.name, columns)
    try:
        if background:
            with in_background(insert, f"insert-{table.name}") as submit:
                yield submit
        else:
            yield insert
    finally:
        cursor.close()


def _sqlite_insert(cursor: sqlite3.Cursor, table: str, columns: Sequence[str]) -> Insert:
    """`insert(rows)` as INSERT … VALUES (…), (…), … of up to ROWS_PER_STATEMENT rows.

    One statement runs all its rows in a single step, during which sqlite3 lets go of
    Python's lock; executemany takes the lock back after every row, and a thread doing it
    beside busy Python code waits for the lock at each one.
    """
    per, start, one = statement_parts(cursor, table, columns)

    def insert(rows: Sequence[tuple[Any, ...]]) -> None:
        for at in range(0, len(rows), per):
            part = rows[at:at + per]
            cursor.execute(start + ", ".join([one] * len(part)), list(chain.from_iterable(part)))

    return insert


def statement_parts(cursor: sqlite3.Cursor, table: str, columns: Sequence[str]
                    ) -> tuple[int, str, str]:
    """Rows per multi-row INSERT (within SQLite's variable limit), its head, one row's place."""
    width = len(columns)
    per = max(1, min(ROWS_PER_STATEMENT,
                     cursor.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width))
    return (per, f"INSERT INTO {table} ({', '.join(columns)}) VALUES ",
            f"({', '.join('?' * width)})")


# SQLite's page cache while loading. Keys now arrive in order, so the index is filled front
# to back: 32 MB stores a million persons as fast as 256 MB did (3.98 s against 4.71 s).
BULK_CACHE_KIB = 32 * 1024


@contextmanager
def bulk_loading(connection: Connection) -> Iterator[None]:
    """Settings for a large load in this connection's transaction (SQLite only).

    A bigger page cache keeps the index pages being filled in memory (the default 2 MB
    thrashes on keys that do not arrive in order, as new versions do), and the WAL is not
    checkpointed inside the load's commit; `checkpoint_later` does that afterwards without
    holding anyone up.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    # The raw connection: the settings are put back after the commit has returned the
    # SQLAlchemy connection to the pool.
    raw = connection.connection.driver_connection
    cache = raw.execute("PRAGMA cache_size").fetchone()[0]  # type: ignore[union-attr]
    checkpoint = raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0]  # type: ignore[union-attr]
    raw.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")  # type: ignore[union-attr]
    raw.execute("PRAGMA wal_autocheckpoint = 0")  # type: ignore[union-attr]
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size = {cache}")  # type: ignore[union-attr]
        raw.execute(f"PRAGMA wal_autocheckpoint = {checkpoint}")  # type: ignore[union-attr]


def checkpoint_later(engine: Engine) -> None:
    """Copy a large WAL back into the SQLite file in the background (readers keep reading)."""
    if engine.dialect.name != "sqlite":
        return

    def run() -> None:
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except Exception:  # noqa: BLE001 - SQLite checkpoints again on its own later
            log.debug("background checkpoint failed", exc_info=True)

    # Not a daemon: the process waits for it at exit. A checkpoint cut short leaves the WAL
    # for the next writer to copy first, which on a nearly full disk fails.
    threading.Thread(target=run, name="wal-checkpoint").start()


@contextmanager
def in_background(call: Callable[[T], None], name: str, ahead: int = 2
                  ) -> Iterator[Callable[[T], None]]:
    """Yield `submit(item)`: `call(item)` runs on one worker thread, in submission order.

    Worth it where `call` spends its time outside Python's lock, as a database driver does
    while the database works: the caller goes on on the other core meanwhile. At most
    `ahead` items wait, which bounds memory. A worker's error is raised to the caller at its
    next submit or when the block ends. The block never ends while the worker still runs,
    so the caller may roll back right after.
    """
    pending: deque[Future[None]] = deque()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix=name) as worker:
        def submit(item: T) -> None:
            while len(pending) >= ahead:
                pending.popleft().result()
            pending.append(worker.submit(call, item))

        try:
            yield submit
            while pending:
                pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
