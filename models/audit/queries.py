"""Reading the audit log for the admin: filtered, newest first, with the changes in words."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from models.access import Permission, require
from models.audit.labels import field_label, value_text
from models.schema.base import to_local
from models.schema.users import AuditLog

SHOWN = 5000  # rows in the viewer; narrow the filter to see older ones


@dataclass(frozen=True)
class AuditFilter:
    username: str | None = None
    entity: str | None = None
    action: str | None = None
    first_day: date | None = None  # local days, inclusive
    last_day: date | None = None
    text: str = ""  # found in the entity id or in the values before or after


@dataclass(frozen=True)
class AuditLine:
    id: int
    at: datetime  # local time
    username: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def summary(self) -> str:
        return describe_change(self.before, self.after, self.entity)


def _short(value: Any, key: str) -> str:
    text = value_text(value, key)
    return text if len(text) <= 60 else text[:57] + "…"


def describe_change(before: dict[str, Any] | None, after: dict[str, Any] | None,
                    entity: str | None = None) -> str:
    """'Nama: Lama → Baru; Perkiraan ruta: 120 → 135' for a change; the values for the rest.
    Fields by their Indonesian labels (models.audit.labels) for the `entity` logged."""
    before, after = before or {}, after or {}
    if before and after:
        keys = list(dict.fromkeys([*before, *after]))
        return "; ".join(f"{field_label(k, entity)}: {_short(before.get(k), k)} → "
                         f"{_short(after.get(k), k)}" for k in keys
                         if before.get(k) != after.get(k))
    values = after or before
    return "; ".join(f"{field_label(k, entity)}: {_short(v, k)}" for k, v in values.items())


def _utc_bound(day: date) -> datetime:
    """Local midnight of `day` as the naive UTC the log stores."""
    return datetime.combine(day, time()).astimezone().astimezone(UTC).replace(tzinfo=None)


def audit_lines(session: Session, wanted: AuditFilter, limit: int = SHOWN) -> list[AuditLine]:
    require(session, Permission.VIEW_AUDIT)
    query = select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
    if wanted.username:
        query = query.where(AuditLog.username == wanted.username)
    if wanted.entity:
        query = query.where(AuditLog.entity == wanted.entity)
    if wanted.action:
        query = query.where(AuditLog.action == wanted.action)
    if wanted.first_day:
        query = query.where(AuditLog.at >= _utc_bound(wanted.first_day))
    if wanted.last_day:
        query = query.where(AuditLog.at < _utc_bound(wanted.last_day + timedelta(days=1)))
    if wanted.text.strip():
        pattern = f"%{wanted.text.strip().lower()}%"
        query = query.where(or_(func.lower(AuditLog.entity_id).like(pattern),
                                func.lower(cast(AuditLog.before, String)).like(pattern),
                                func.lower(cast(AuditLog.after, String)).like(pattern)))
    return [AuditLine(e.id, to_local(e.at) or e.at, e.username, e.action, e.entity,
                      e.entity_id, e.before, e.after) for e in session.scalars(query)]


@dataclass(frozen=True)
class AuditChoices:
    usernames: list[str]
    entities: list[str]
    actions: list[str]


def audit_choices(session: Session) -> AuditChoices:
    """What the filter lists offer: only values that occur in the log."""
    require(session, Permission.VIEW_AUDIT)

    def values(column: Any) -> list[str]:
        return [v for v in session.scalars(select(column).distinct().order_by(column)) if v]

    return AuditChoices(values(AuditLog.username), values(AuditLog.entity),
                        values(AuditLog.action))
