"""Outcomes of reconciling online submissions with field results, and their resolutions."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_column, enum_column


class ReconCategory(enum.Enum):
    COCOK = "cocok"  # matched, consistent
    BEDA = "beda"  # matched, some fields differ
    HANYA_ONLINE = "hanya_online"  # to be verified in the field
    HANYA_LAPANGAN = "hanya_lapangan"
    GANDA = "ganda"  # duplicate within one source
    PINDAH = "pindah"  # same NIK, other SLS
    TIDAK_VALID = "tidak_valid"


class MatchMethod(enum.Enum):
    NIK = "nik"
    KK_NAMA = "kk_nama"  # No. KK + name similarity + birth date
    NONE = "none"


class ResolutionAction(enum.Enum):
    PILIH_ONLINE = "pilih_online"
    PILIH_LAPANGAN = "pilih_lapangan"
    GABUNG = "gabung"
    PINDAH = "pindah"


class ReconRun(Base):
    __tablename__ = "recon_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = created_column()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    online_rows: Mapped[int] = mapped_column(Integer, default=0)
    field_rows: Mapped[int] = mapped_column(Integer, default=0)
    run_by: Mapped[str] = mapped_column(String(100), default="")


class PersonMatch(Base):
    """Exactly one row per person of either source, carrying its category."""

    __tablename__ = "person_match"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("recon_run.id", ondelete="CASCADE"), index=True)
    online_id: Mapped[int | None] = mapped_column(
        ForeignKey("online_submission.id", ondelete="CASCADE"), index=True
    )
    field_id: Mapped[int | None] = mapped_column(
        ForeignKey("field_result.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[ReconCategory] = mapped_column(
        enum_column(ReconCategory, "recon_category"), index=True
    )
    method: Mapped[MatchMethod] = mapped_column(
        enum_column(MatchMethod, "match_method"), default=MatchMethod.NONE
    )
    score: Mapped[float | None] = mapped_column(Float)
    # Comma-separated names of the differing fields: name,sex,birth_date,sls.
    differing_fields: Mapped[str] = mapped_column(String(100), default="")
    sls_id: Mapped[int | None] = mapped_column(ForeignKey("sls.id"), index=True)


class HouseholdMatch(Base):
    __tablename__ = "household_match"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("recon_run.id", ondelete="CASCADE"), index=True)
    kk: Mapped[str] = mapped_column(String(16), index=True)
    sls_id: Mapped[int | None] = mapped_column(ForeignKey("sls.id"), index=True)
    online_members: Mapped[int] = mapped_column(Integer, default=0)
    field_members: Mapped[int] = mapped_column(Integer, default=0)
    category: Mapped[ReconCategory] = mapped_column(enum_column(ReconCategory, "recon_category"))


class Resolution(Base):
    """A reviewer's decision, keyed by natural key so it survives a re-run of matching."""

    __tablename__ = "resolution"

    id: Mapped[int] = mapped_column(primary_key=True)
    nik: Mapped[str | None] = mapped_column(String(16), index=True)
    online_id: Mapped[int | None] = mapped_column(
        ForeignKey("online_submission.id", ondelete="SET NULL"), index=True
    )
    field_id: Mapped[int | None] = mapped_column(
        ForeignKey("field_result.id", ondelete="SET NULL"), index=True
    )
    category: Mapped[ReconCategory] = mapped_column(enum_column(ReconCategory, "recon_category"))
    action: Mapped[ResolutionAction] = mapped_column(
        enum_column(ResolutionAction, "resolution_action")
    )
    reason: Mapped[str] = mapped_column(Text)
    resolved_by: Mapped[str] = mapped_column(String(100), default="")
    resolved_at: Mapped[datetime] = created_column()
