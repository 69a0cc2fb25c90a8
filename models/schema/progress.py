"""The per-SLS day counts that the Progres page and the letters read."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.schema.base import Base


class ProgressDayCount(Base):
    """Online: persons who filled on `day`. Lapangan: households first found on `day`."""

    __tablename__ = "progress_day_count"
    # Covering: a reader's whole query is one walk of this index.
    __table_args__ = (Index("ix_progress_day_count_kind", "kind", "sls_id", "day", "amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # ImportKind value: online, lapangan
    sls_id: Mapped[int | None] = mapped_column(Integer)  # as stored; None: no SLS found
    day: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Integer)
