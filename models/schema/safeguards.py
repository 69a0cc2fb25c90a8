"""Tables behind the database's own safeguards: the audit chain's head and password checks."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.schema.base import Base


class AuditChainHead(Base):
    """One row (id 1): the last entry of the audit chain. Appending locks it, so two PCs
    link their entries one after the other; the check compares it with the log's tail."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_id: Mapped[int | None] = mapped_column(Integer)  # None: the log is empty
    last_hash: Mapped[str] = mapped_column(String(64))


class PasswordAttempt(Base):
    """PostgreSQL only: each password test the app role asks of the server, committed before
    its answer is given (models/accounts/password_store.py); unused on SQLite."""

    __tablename__ = "password_attempt"
    __table_args__ = (Index("ix_password_attempt_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer)
    candidate: Mapped[str] = mapped_column(String(64))  # SHA-256 of the tested hash
    txid: Mapped[int] = mapped_column(BigInteger)  # the asking transaction (txid_current)
    at: Mapped[datetime] = mapped_column(DateTime)  # server clock, UTC
