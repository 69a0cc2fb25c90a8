"""Rows an import writes in bulk, without the ORM, each with the audit entry the flush
listener (`models.audit.trail`) writes for the same row: one per inserted or changed row."""
from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table
from sqlalchemy.orm import Session

from models.access import signed_in
from models.audit import chain as audit_chain
from models.audit.trail import ACTIONS, AUDITED, HIDDEN, QUIET_KEY, SKIPPED, logged_value
from models.schema.base import utcnow
from models.store.bulk_rows import insert_rows, update_rows


def _python_type(column: ColumnElement[Any]) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:  # JSON and the like
        return None


@dataclass(frozen=True)
class Change:
    """One stored row changed in place: its id and only the columns that changed."""

    row_id: int
    before: Mapping[str, Any]
    after: Mapping[str, Any]


class BulkTrail:
    """Writes rows in bulk and collects their entries; `queue` hands them to the commit, in
    order. Writing and logging go together, so no bulk write can leave its rows unlogged.

    Every entry of the write has the same time and actor, as those of one flush do."""

    def __init__(self, session: Session) -> None:
        self.session = session
        actor = signed_in(session)
        self._who, self._user_id = (actor.username, actor.user_id) if actor else ("", None)
        self._at: datetime = utcnow()
        self.entries: list[dict[str, Any]] = []

    def _add(self, table: Table, action: str, row_id: Any, before: dict[str, Any] | None,
             after: dict[str, Any] | None) -> None:
        # The values are plain JSON already (logged_value), so the round trip through JSON
        # that new_entry makes for arbitrary values is not needed for the hash to hold.
        self.entries.append({
            "at": self._at, "user_id": self._user_id, "username": self._who,
            "action": ACTIONS[action], "entity": AUDITED[table.name],
            "entity_id": str(row_id)[:50], "before": before, "after": after})

    def insert(self, table: Table, rows: list[dict[str, Any]], key: str,
               current: ColumnElement[bool] | None = None) -> None:
        """Insert `rows` (`store.bulk_rows.insert_rows`: each gets its id) and log each."""
        logged: list[dict[str, Any]] = []
        # The entries' values are laid out while SQLite stores the last rows; the ids, known
        # only afterwards, then take the place kept for them.
        insert_rows(self.session, table, rows, key, current,
                    meanwhile=lambda: logged.extend(self._logged(table, rows)))
        for row, after in zip(rows, logged, strict=True):
            if "id" in after:
                after["id"] = row["id"]
            self._add(table, "new", row["id"], None, after)

    def update(self, table: Table, rows: list[dict[str, Any]], columns: Sequence[str],
               changes: Iterable[Change], *, versioned: bool, stale: str = "") -> None:
        """Update `rows` (`store.bulk_rows.update_rows`) and log `changes`, their changed
        columns only."""
        update_rows(self.session, table, rows, columns, versioned=versioned, stale=stale)
        for change in changes:
            self._add(table, "dirty", change.row_id,
                      {k: logged_value(k, v) for k, v in change.before.items()},
                      {k: logged_value(k, v) for k, v in change.after.items()})

    def _logged(self, table: Table, rows: Sequence[Mapping[str, Any]]
                ) -> Iterator[dict[str, Any]]:
        """The values each new row is logged with: every column the insert wrote."""
        columns: list[str] = []
        values = []
        for column in table.columns:  # a column at a time: no Python step per plain cell
            key = column.key
            if key in SKIPPED:
                continue
            columns.append(key)
            cells = [row.get(key) for row in rows]
            kind = _python_type(column)
            if kind in (str, int, bool, float) and key not in HIDDEN:
                values.append(cells)  # logged as they are
                continue
            if isinstance(kind, type) and issubclass(kind, enum.Enum | date):
                # Enums and times: a bulk write repeats a few values (its rows share their
                # time), each converted once. The key tells aware times of one instant in
                # different zones apart, and a str enum from its text.
                memo: dict[tuple[Any, ...], Any] = {}
                cells = [memo.get(seen) if (seen := (type(cell), cell,
                                                      getattr(cell, "tzinfo", None))) in memo
                         else memo.setdefault(seen, logged_value(key, cell)) for cell in cells]
            else:  # JSON, numbers kept as Decimal: as they come
                cells = [logged_value(key, cell) for cell in cells]
            values.append(cells)
        for logged in zip(*values, strict=True):
            yield dict(zip(columns, logged, strict=True))

    def queue(self) -> None:
        """Queue every entry for the commit, unless the work runs inside `summarized()`."""
        if not self.session.info.get(QUIET_KEY):
            audit_chain.queue_all(self.session, self.entries)
        self.entries = []
