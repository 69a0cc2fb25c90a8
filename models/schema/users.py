"""Application users, their roles, and the audit log of every change."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from models.schema.base import Base, Versioned, created_column, enum_column


class UserRole(enum.Enum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    STAF = "staf"


class User(Versioned, Base):
    __tablename__ = "app_user"  # "user" is reserved on PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    full_name: Mapped[str] = mapped_column(String(150))
    nip: Mapped[str] = mapped_column(String(18), default="")
    role: Mapped[UserRole] = mapped_column(enum_column(UserRole, "user_role"))
    # Deferred: a siapkan-server app role cannot read it (models/accounts/password_store.py).
    password_hash: Mapped[str] = mapped_column(String(200), deferred=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Set when an admin chose the password: the user picks their own at the next sign-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=false())
    created_at: Mapped[datetime] = created_column()


class AuditLog(Base):
    """Append-only (triggers refuse UPDATE and DELETE) and hash-chained (models/audit/chain.py).

    `user_id` has no foreign key: an entry keeps what it was written with, and a key's
    ON DELETE would have to rewrite the log. Entries are written only through
    models.audit / models.audit.trail, which link each to the one before at commit.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = created_column()
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    username: Mapped[str] = mapped_column(String(50), default="")
    action: Mapped[str] = mapped_column(String(50), index=True)
    entity: Mapped[str] = mapped_column(String(50), index=True)
    entity_id: Mapped[str] = mapped_column(String(50), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))  # the previous entry's entry_hash
    entry_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of this entry and prev_hash
