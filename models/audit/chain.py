"""The audit log's hash chain: entries wait in the session and are linked and written at commit."""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, event, func, insert, select, update
from sqlalchemy.orm import Session, SessionTransaction, UOWTransaction

from models.audit.canonical import Documents, at_text, canonical_json, document
from models.schema.base import utcnow
from models.schema.safeguards import AuditChainHead
from models.schema.users import AuditLog
from models.store.bulk import PART, bulk_inserter

log = logging.getLogger(__name__)

# Each entry carries `entry_hash`, the SHA-256 of its fields in one canonical JSON form
# together with `prev_hash`, the entry_hash of the entry before it (64 zeros for the first).
# Whoever edits, deletes or inserts a row without recomputing every later hash leaves a
# break that models.audit.verify names.
#
# Appending takes the one-row audit_chain_head under a row lock (PostgreSQL: SELECT … FOR
# UPDATE; SQLite: a write to it, which takes the database's single write lock), links the
# waiting entries to its hash, inserts them and moves the head, all inside the committing
# transaction. The lock is held only from the last flush to COMMIT, and it is the last lock
# a transaction takes: it never waits for a row while holding the head, so the head cannot
# take part in a deadlock. Ids are drawn while the head is held, so id order is chain order.
# Entries are queued per transaction: a rolled-back savepoint or transaction drops its own,
# so a change that did not happen leaves no entry.

GENESIS = "0" * 64
HEAD_ID = 1
PENDING_KEY = "audit_pending"
# The fields an entry's hash covers, besides prev_hash; the id is not one (the chain orders).
FIELDS = ("at", "user_id", "username", "action", "entity", "entity_id", "before", "after")


def canonical(entry: dict[str, Any], prev_hash: str) -> bytes:
    """One byte string per entry: sorted keys, no spaces, UTF-8, the time as text."""
    return document(entry, at_text(entry["at"]), prev_hash)


def entry_hash(entry: dict[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(canonical(entry, prev_hash)).hexdigest()


def _as_stored(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """The JSON values as the database gives them back (tuples become lists, keys text),
    so the hash computed now is the one the check recomputes from the row."""
    return None if values is None else json.loads(json.dumps(values, allow_nan=False))


def new_entry(*, username: str, user_id: int | None, action: str, entity: str,
              entity_id: str, before: dict[str, Any] | None, after: dict[str, Any] | None,
              at: datetime | None = None) -> dict[str, Any]:
    return {"at": at or utcnow(), "user_id": user_id, "username": username or "",
            "action": action, "entity": entity, "entity_id": entity_id or "",
            "before": _as_stored(before), "after": _as_stored(after)}


@dataclass
class _Pending:
    """Entries waiting for the commit, each with the (nested) transaction that wrote it."""

    root: SessionTransaction
    entries: list[tuple[SessionTransaction, dict[str, Any]]] = field(default_factory=list)


def _innermost(session: Session) -> tuple[SessionTransaction, SessionTransaction]:
    root = session.get_transaction()
    if root is None:
        session.connection()  # begins the transaction the entry belongs to
        root = session.get_transaction()
    assert root is not None
    return root, session.get_nested_transaction() or root


def queue(session: Session, entry: dict[str, Any]) -> None:
    """Add one entry to the log when the session's transaction commits."""
    queue_all(session, [entry])


def queue_all(session: Session, entries: list[dict[str, Any]]) -> None:
    """Add entries, in order, to the log when the session's transaction commits."""
    root, current = _innermost(session)
    pending = session.info.get(PENDING_KEY)
    if not isinstance(pending, _Pending) or pending.root is not root:
        pending = session.info[PENDING_KEY] = _Pending(root)
    pending.entries.extend((current, entry) for entry in entries)


def pending_count(session: Session) -> int:
    pending = session.info.get(PENDING_KEY)
    return len(pending.entries) if isinstance(pending, _Pending) else 0


def _within(transaction: SessionTransaction | None, ended: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session: Session, previous: SessionTransaction) -> None:
    pending = session.info.get(PENDING_KEY)
    if isinstance(pending, _Pending):
        pending.entries = [(t, e) for t, e in pending.entries if not _within(t, previous)]


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    """Committed, rolled back or closed: nothing of this transaction waits any more."""
    pending = session.info.get(PENDING_KEY)
    if isinstance(pending, _Pending) and pending.root is transaction:
        del session.info[PENDING_KEY]


@event.listens_for(Session, "before_flush")
def _adopt_added_rows(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    """An AuditLog row added to the session directly is queued like any other entry."""
    for obj in list(session.new):
        if isinstance(obj, AuditLog):
            session.expunge(obj)
            queue(session, new_entry(username=obj.username or "", user_id=obj.user_id,
                                     action=obj.action, entity=obj.entity,
                                     entity_id=obj.entity_id or "", before=obj.before,
                                     after=obj.after, at=obj.at))


@event.listens_for(Session, "before_commit")
def _append_at_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint's entries wait for the outer commit
    session.flush()  # row changes queue their entries in after_flush
    while pending_count(session):
        pending: _Pending = session.info.pop(PENDING_KEY)
        append(session.connection(), [entry for _, entry in pending.entries])
        session.flush()


def _lock_head(connection: Connection) -> tuple[int | None, str]:
    head = AuditChainHead.__table__
    if connection.dialect.name == "sqlite":  # a write first: the single write lock, waited for
        connection.execute(update(head).where(head.c.id == HEAD_ID)
                           .values(last_hash=head.c.last_hash))
    row = connection.execute(select(head.c.last_id, head.c.last_hash)
                             .where(head.c.id == HEAD_ID).with_for_update()).first()
    if row is not None:
        return row.last_id, row.last_hash
    # The head row was removed by hand: start again from the log's last entry.
    table = AuditLog.__table__
    last = connection.execute(select(table.c.id, table.c.entry_hash)
                              .order_by(table.c.id.desc()).limit(1)).first()
    last_id, last_hash = (last.id, last.entry_hash) if last is not None else (None, GENESIS)
    log.warning("audit chain head missing; rebuilt from entry %s", last_id)
    connection.execute(insert(head).values(id=HEAD_ID, last_id=last_id, last_hash=last_hash))
    return last_id, last_hash


# The columns an entry is written with, in the order bulk_inserter takes them.
COLUMNS = ("at", "user_id", "username", "action", "entity", "entity_id", "before", "after",
           "prev_hash", "entry_hash")


def append(connection: Connection, entries: list[dict[str, Any]]) -> None:
    """Link `entries` after the chain's head and insert them, in the caller's transaction."""
    if not entries:
        return
    _, prev = _lock_head(connection)
    table = AuditLog.__table__
    times: dict[datetime, str] = {}  # a bulk write's entries share their time
    # Rows are stored one after another (COPY, or multi-row VALUES in list order), so ids
    # follow the list; the head is held, so the largest id is the last of these. SQLite
    # stores each part on a worker thread while the next part is hashed here.
    documents = Documents()
    with bulk_inserter(connection, table, COLUMNS, background=True) as insert_rows:
        rows = []
        for entry in entries:
            at = entry["at"]
            shown = times.get(at) or times.setdefault(at, at_text(at))
            encoded = documents.encode(entry, shown)
            digest = hashlib.sha256(b"".join((encoded.head, canonical_json(prev),
                                              encoded.tail))).hexdigest()
            # As SQLAlchemy's types would bind them: the time as ISO text, the values as
            # JSON text (None too, as JSON null); a bulk import writes some 15,000 at once.
            rows.append((shown, entry["user_id"], entry["username"],
                         entry["action"], entry["entity"], entry["entity_id"],
                         encoded.before, encoded.after, prev, digest))
            prev = digest
            if len(rows) == PART:
                insert_rows(rows)
                rows = []
        insert_rows(rows)
    last_id = connection.scalar(select(func.max(table.c.id)))
    head = AuditChainHead.__table__
    connection.execute(update(head).where(head.c.id == HEAD_ID)
                       .values(last_id=last_id, last_hash=prev))
