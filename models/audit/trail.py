"""Every change to master data, users, settings and registers goes into the audit log by itself.

A listener on every ORM flush writes one entry per inserted, changed or deleted row of the
tables below, with the values before and after, in the same transaction as the change: a
domain function cannot forget it, and a rolled-back change leaves no entry. The entries wait
in the session and are chained and written at commit (`models.audit.chain`). Person rows
from imports are written in bulk without the ORM; their trail is the import batch's entry.
Work that writes thousands of rows at once (the demo, a master import) runs inside
`summarized()`, which replaces the row entries by one entry naming the work.
"""
from __future__ import annotations

import enum
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.base import NO_VALUE

from models.access import signed_in
from models.audit import chain as audit_chain
from models.audit import log as audit
from models.schema.base import utcnow

log = logging.getLogger(__name__)

QUIET_KEY = "audit_quiet"

# Table -> the entity name shown in the log viewer.
AUDITED: dict[str, str] = {
    "kecamatan": "kecamatan", "kelurahan": "kelurahan", "sls": "SLS",
    "officer": "petugas", "team": "tim", "team_member": "anggota tim",
    "assignment": "penugasan", "office_profile": "profil kantor", "agency": "OPD",
    "import_batch": "batch impor", "sls_recap": "rekap SLS", "letter": "surat",
    "app_user": "pengguna", "operation_calendar": "jadwal", "calendar_holiday": "hari libur",
    "kecamatan_window": "jadwal kecamatan", "office_logo": "logo kop",
    "quality_thresholds": "ambang kualitas",
}
# Columns never copied into the log: bookkeeping, and what would leak or only add noise
# (the logo's image: its sha256 and byte_size are logged instead).
SKIPPED = {"version_id", "failed_logins", "locked_until", "last_login_at", "image"}
HIDDEN = {"password_hash"}  # a change is noted, the value is not

ACTIONS = {"new": "tambah", "dirty": "ubah", "deleted": "hapus"}


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ", timespec="seconds") if isinstance(value, datetime) \
            else value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def logged_value(key: str, value: Any) -> Any:
    """A column's value as its entry keeps it: plain JSON, a hidden column masked."""
    return "(disembunyikan)" if key in HIDDEN else _plain(value)


def _row_id(obj: object) -> str:
    mapper = inspect(obj).mapper
    return "/".join(str(getattr(obj, c.key, "")) for c in mapper.primary_key)


def _values(obj: object, loaded: bool) -> dict[str, Any]:
    """Column values: for a new row its attributes, for a deleted one what was loaded."""
    state = inspect(obj)
    values: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in SKIPPED:
            continue
        value = state.attrs[attr.key].loaded_value if loaded else state.dict.get(attr.key)
        if value is not NO_VALUE:
            values[attr.key] = logged_value(attr.key, value)
    return values


def _changes(obj: object) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in SKIPPED:
            continue
        history = state.attrs[attr.key].history
        if not history.added or (history.deleted and history.added[0] == history.deleted[0]):
            continue
        before[attr.key] = logged_value(attr.key, history.deleted[0]) if history.deleted else None
        after[attr.key] = logged_value(attr.key, history.added[0])
    return before, after


def _entries(session: Session) -> list[dict[str, Any]]:
    actor = signed_in(session)
    who, user_id = (actor.username, actor.user_id) if actor else ("", None)
    at = utcnow()
    rows: list[dict[str, Any]] = []
    for kind, objects in (("new", session.new), ("dirty", session.dirty),
                          ("deleted", session.deleted)):
        for obj in objects:
            table = getattr(getattr(obj, "__table__", None), "name", None)
            if table not in AUDITED:
                continue
            if kind == "new":
                before, after = None, _values(obj, loaded=False)
            elif kind == "deleted":
                before, after = _values(obj, loaded=True), None
            else:
                before, after = _changes(obj)
                if not after:
                    continue
            rows.append(audit_chain.new_entry(
                at=at, user_id=user_id, username=who, action=ACTIONS[kind],
                entity=AUDITED[table], entity_id=_row_id(obj)[:50], before=before,
                after=after))
    return rows


def install() -> None:
    """Record every row change of every session in this process; opening a database calls it
    (idempotent), so a database opened for work is never written without its audit trail."""
    if not event.contains(Session, "after_flush", _record_flush):
        event.listen(Session, "after_flush", _record_flush)


def _record_flush(session: Session, _flush: UOWTransaction) -> None:
    """After the flush ids are known and the attribute history still holds the old values."""
    if session.info.get(QUIET_KEY):
        return
    audit_chain.queue_all(session, _entries(session))


@contextmanager
def summarized(session: Session, action: str, entity: str, *, entity_id: str | int = "",
               details: dict[str, Any] | None = None, by: str | None = None
               ) -> Iterator[dict[str, Any]]:
    """Bulk work: no entry per row; one entry with `details` (the caller may add to it)."""
    details = dict(details or {})
    session.info[QUIET_KEY] = True
    try:
        yield details
        session.flush()
    finally:
        session.info.pop(QUIET_KEY, None)
    audit.record(session, action, entity, entity_id, before=None,
                 after={k: _plain(v) for k, v in details.items()}, by=by)
