"""Writing the audit log: who changed what, when, with the values before and after."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from models.importing import current_user
from models.users import AuditLog


def record(session: Session, action: str, entity: str, entity_id: str | int,
           before: dict[str, Any] | None, after: dict[str, Any] | None,
           by: str | None = None) -> AuditLog:
    """Add one entry in the caller's transaction, so it commits or rolls back with the change."""
    entry = AuditLog(username=by or current_user(), action=action, entity=entity,
                     entity_id=str(entity_id), before=before, after=after)
    session.add(entry)
    return entry
