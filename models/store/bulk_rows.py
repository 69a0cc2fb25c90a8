"""Rows given as dicts written in bulk: inserted with their new ids, updated by id and version.

For imports that write thousands of rows of ordinary tables, where an ORM object per row
costs more than the row's checks (`bulk_inserter` feeds the driver; the ids are read back
by a unique key).
"""
from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, DateTime, Enum, Table, bindparam, select, update
from sqlalchemy.orm import Session

from models.errors import StaleEditError
from models.store.bulk import PART, bulk_inserter


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(sep=" ", timespec="microseconds")


def _enum_value(value: enum.Enum | None) -> str | None:
    return None if value is None else value.value


def _binder(column: ColumnElement[Any]) -> Callable[[Any], Any] | None:
    """How bulk_inserter takes a column's values: enums by their stored value, times as
    ISO text, the rest as they are (None)."""
    kind = column.type
    if isinstance(kind, Enum):
        return _enum_value
    if isinstance(kind, DateTime):
        return _iso
    return None


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]], key: str,
                current: ColumnElement[bool] | None = None, *,
                meanwhile: Callable[[], None] | None = None) -> None:
    """Insert `rows` (all with the same columns) and give each its new id, found by `key`:
    unique among the table's rows, or among those matching `current`. `meanwhile()` runs
    while the last rows are still being stored."""
    if not rows:
        return
    columns = list(rows[0])
    binders = [(c, _binder(table.c[c])) for c in columns]
    connection = session.connection()
    # SQLite stores each part on a worker thread while the next one is laid out here.
    with bulk_inserter(connection, table, columns, background=True) as store:
        for at in range(0, len(rows), PART):
            part = rows[at:at + PART]
            values = []
            for column, bind in binders:  # a column at a time: no Python step per cell
                cells = [row[column] for row in part]
                values.append(cells if bind is None else list(map(bind, cells)))
            store(list(zip(*values, strict=True)))
        if meanwhile is not None:
            meanwhile()
    query = select(table.c[key], table.c.id)
    ids = dict(connection.execute(query if current is None else query.where(current)).all())
    for row in rows:
        row["id"] = ids[row[key]]


def update_rows(session: Session, table: Table, rows: list[dict[str, Any]],
                columns: Sequence[str], *, versioned: bool, stale: str = "") -> None:
    """Set `columns` of each row (`id`, `version` and the columns' values) by id; with
    `versioned`, only while its version is the one read, else StaleEditError(`stale`)."""
    if not rows:
        return
    statement = update(table).where(table.c.id == bindparam("_id"))
    values: dict[str, Any] = {c: bindparam(f"_{c}") for c in columns}
    if versioned:
        statement = statement.where(table.c.version_id == bindparam("_version"))
        values["version_id"] = table.c.version_id + 1
    params = [{"_id": row["id"], **{f"_{c}": row[c] for c in columns}} for row in rows]
    if versioned:
        for param, row in zip(params, rows, strict=True):
            param["_version"] = row["version"]
    result = session.connection().execute(statement.values(values), params)
    sane = session.connection().dialect.supports_sane_multi_rowcount
    if versioned and sane and result.rowcount != len(rows):
        raise StaleEditError(stale)
