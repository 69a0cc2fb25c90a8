"""Field officers (PPL, PML, Koseka), their teams and dated assignments to areas."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.schema.base import Base, Versioned, created_column, enum_column, utcnow


def unique_while_current(name: str, column: str, condition: str = "valid_to IS NULL") -> Index:
    """At most one current (valid_to NULL) row per `column`: a partial index on both backends."""
    where = text(condition)
    return Index(name, column, unique=True, sqlite_where=where, postgresql_where=where)


class OfficerRole(enum.Enum):
    PPL = "ppl"  # enumerator (SP2020: PCL)
    PML = "pml"  # team supervisor (SP2020: Koordinator Tim)
    KOSEKA = "koseka"  # kecamatan coordinator


class OfficerStatus(enum.Enum):
    AKTIF = "aktif"
    NONAKTIF = "nonaktif"


class Officer(Versioned, Base):
    __tablename__ = "officer"

    id: Mapped[int] = mapped_column(primary_key=True)
    nik: Mapped[str | None] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(150))
    role: Mapped[OfficerRole] = mapped_column(enum_column(OfficerRole, "officer_role"), index=True)
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[OfficerStatus] = mapped_column(
        enum_column(OfficerStatus, "officer_status"), default=OfficerStatus.AKTIF
    )
    # Home kecamatan, where the officer is recruited and usually works.
    kecamatan_id: Mapped[int | None] = mapped_column(ForeignKey("kecamatan.id"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = created_column()
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)


class Team(Versioned, Base):
    """A PML and the PPL under them; membership is dated in TeamMember."""

    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kecamatan_id: Mapped[int | None] = mapped_column(ForeignKey("kecamatan.id"), index=True)
    pml_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"), index=True)

    pml: Mapped[Officer | None] = relationship()


class TeamMember(Base):
    __tablename__ = "team_member"
    __table_args__ = (
        # An officer belongs to at most one team at a time.
        unique_while_current("uq_team_member_current", "officer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id"), index=True)
    valid_from: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    valid_to: Mapped[datetime | None] = mapped_column(DateTime)


class Assignment(Base):
    """Who works where, and since when. Ended rows are history, never deleted.

    A PPL is assigned to an SLS; a Koseka to a kecamatan. The current row has
    valid_to NULL, and at most one current PPL per SLS and Koseka per kecamatan.
    """

    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint("(sls_id IS NULL) <> (kecamatan_id IS NULL)", name="one_area"),
        unique_while_current("uq_assignment_current_sls", "sls_id",
                             "valid_to IS NULL AND sls_id IS NOT NULL"),
        unique_while_current("uq_assignment_current_kecamatan", "kecamatan_id",
                             "valid_to IS NULL AND kecamatan_id IS NOT NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id"), index=True)
    sls_id: Mapped[int | None] = mapped_column(ForeignKey("sls.id"), index=True)
    kecamatan_id: Mapped[int | None] = mapped_column(ForeignKey("kecamatan.id"), index=True)
    valid_from: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    valid_to: Mapped[datetime | None] = mapped_column(DateTime)
    assigned_by: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(String(300), default="")
