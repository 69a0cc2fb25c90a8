"""Inserting a polars frame's columns without a Python tuple per row (the person imports)."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import polars as pl
from sqlalchemy import Connection, Table

from models.store.bulk import in_background, statement_parts

InsertFrame = Callable[[pl.DataFrame], None]  # stores rows given as columns


@contextmanager
def frame_inserter(connection: Connection, table: Table, columns: Sequence[str]
                   ) -> Iterator[InsertFrame]:
    """Yield `insert(frame)`: the frame's columns, in the order of `columns`, stored in the
    connection's transaction without a Python tuple per row.

    PostgreSQL takes each frame as one block of CSV in a COPY that stays open (an empty
    unquoted field is NULL, a quoted one the empty string, as polars writes them). SQLite
    gets multi-row INSERTs whose parameters are the columns interleaved by slice
    assignment, at C speed.
    """
    names = ", ".join(columns)
    raw = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        cursor = raw.cursor()  # type: ignore[union-attr]
        with cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN "
                                 "WITH (FORMAT csv)") as copy:
            def copy_frame(frame: pl.DataFrame) -> None:
                copy.write(frame.write_csv(None, include_header=False, null_value=""))

            yield copy_frame
        return
    cursor = raw.cursor()  # type: ignore[union-attr]
    width = len(columns)
    per, start, one = statement_parts(cursor, table.name, columns)
    full = start + ", ".join([one] * per)

    def execute(statement: tuple[str, list[Any]]) -> None:
        cursor.execute(*statement)

    try:
        # SQLite stores one statement on a worker thread while the next one's values are
        # laid out here (sqlite3 lets go of Python's lock while a statement runs).
        with in_background(execute, f"insert-{table.name}") as submit:
            def insert_frame(frame: pl.DataFrame) -> None:
                for at in range(0, frame.height, per):
                    part = frame.slice(at, per)
                    values: list[Any] = [None] * (part.height * width)
                    for index, column in enumerate(part.get_columns()):
                        values[index::width] = column.to_list()
                    submit((full if part.height == per
                            else start + ", ".join([one] * part.height), values))

            yield insert_frame
    finally:
        cursor.close()
