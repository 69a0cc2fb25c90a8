"""Inserting many rows fast: COPY on PostgreSQL, one prepared executemany on SQLite.

The ORM and even Core's executemany spend more time per row than the validation of a
row does; for imports of a million rows the driver is fed plain tuples directly.
"""
from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import psycopg
from sqlalchemy import Connection, Engine, Table, exc

log = logging.getLogger(__name__)
T = TypeVar("T")
IN_LIST = 500  # ids per "WHERE id IN (...)": well below every backend's parameter limit
# A unique or foreign key refused a row, through SQLAlchemy or straight from the driver.
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (
    exc.IntegrityError, sqlite3.IntegrityError, psycopg.IntegrityError)


def chunks(items: Sequence[T], size: int = IN_LIST) -> Iterator[Sequence[T]]:
    """`items` in slices small enough for one IN (...) list each."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


@contextmanager
def bulk_inserter(connection: Connection, table: Table, columns: Sequence[str]
                  ) -> Iterator[Callable[[Sequence[tuple[Any, ...]]], None]]:
    """Yield `insert(rows)`: tuples in the order of `columns`, in the connection's transaction.

    On PostgreSQL one COPY stays open across every call, so the server stores rows on its
    own core while the next ones are being checked here (a COPY per chunk would wait for
    the server at the end of each). Dates and times come as ISO text, which SQLite stores
    as SQLAlchemy reads it back and COPY parses. An exception inside the block aborts the
    COPY; the caller rolls the transaction back.
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
    statement = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(columns))})"
    cursor = raw.cursor()  # type: ignore[union-attr]
    try:
        yield lambda rows: cursor.executemany(statement, rows) if rows else None
    finally:
        cursor.close()


BULK_CACHE_KIB = 256 * 1024  # SQLite page cache while loading: the key index stays in memory


@contextmanager
def bulk_loading(connection: Connection) -> Iterator[None]:
    """Settings for a large load in this connection's transaction (SQLite only).

    A big page cache keeps the index being filled in memory (with the default 2 MB a
    million random keys thrash it), and the WAL is not checkpointed inside the load's
    commit; `checkpoint_later` does that afterwards without holding anyone up.
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

    threading.Thread(target=run, name="wal-checkpoint", daemon=True).start()
