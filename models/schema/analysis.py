"""Pivot reports a user saved under a name, to open again from Laporan."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.schema.base import Base, created_column, utcnow


class SavedReport(Base):
    """One user's report: the spec as JSON (models.analysis.saved reads it defensively).

    Keyed by the username the session's actor carries, without a foreign key: reports
    are a user's own preference, and the actors of the command line and the tests (who
    have no row in app_user) save them too. A name is unique per user; saving the same
    name again replaces the spec.
    """

    __tablename__ = "saved_report"
    __table_args__ = (UniqueConstraint("username", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(100))
    spec: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
