"""Writing the audit log by hand: events that are not a row change (sign-in, backup, a run).

Row changes to audited tables are logged by `models.audit.trail` on every flush; both are
chained and written at commit by `models.audit.chain`.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from models.access import signed_in
from models.audit import chain as audit_chain
from models.schema.users import AuditLog


def record(session: Session, action: str, entity: str, entity_id: str | int,
           *, before: dict[str, Any] | None, after: dict[str, Any] | None,
           by: str | None = None, user_id: int | None = None) -> AuditLog:
    """Add one entry in the caller's transaction, so it commits or rolls back with the change.

    The entry is written, linked into the hash chain, when the transaction commits; the
    returned row is a copy of what will be written, not attached to the session."""
    acting = signed_in(session)
    entry = audit_chain.new_entry(
        username=by or (acting.username if acting else ""),
        user_id=user_id if by else (acting.user_id if acting else None),
        action=action, entity=entity, entity_id=str(entity_id)[:50], before=before,
        after=after)
    audit_chain.queue(session, entry)
    return AuditLog(**entry)
