"""Outcomes of reconciling online submissions with field results, and their resolutions.

The match table holds the latest outcome for every person record of either source. Its
person ids carry no foreign keys: rolling an import back deletes rows, and the next
matching run (which looks at the batches that changed) clears what pointed at them.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.schema.base import Base, Versioned, created_column, enum_column


class ReconCategory(enum.Enum):
    COCOK = "cocok"  # matched, consistent
    BEDA = "beda"  # matched, some fields differ
    HANYA_ONLINE = "hanya_online"  # to be verified in the field
    HANYA_LAPANGAN = "hanya_lapangan"
    GANDA = "ganda"  # a second record of someone already in the same source
    PINDAH = "pindah"  # same person, other SLS
    TIDAK_VALID = "tidak_valid"  # no usable identity: cannot be matched
    MUNGKIN = "mungkin"  # scored without NIK between the bands: a reviewer decides


CATEGORY_LABELS = {
    ReconCategory.COCOK: "Cocok", ReconCategory.BEDA: "Beda",
    ReconCategory.HANYA_ONLINE: "Hanya online", ReconCategory.HANYA_LAPANGAN: "Hanya lapangan",
    ReconCategory.GANDA: "Ganda", ReconCategory.PINDAH: "Pindah",
    ReconCategory.TIDAK_VALID: "Tidak valid", ReconCategory.MUNGKIN: "Mungkin sama",
}
REVIEWED = (ReconCategory.BEDA, ReconCategory.GANDA, ReconCategory.PINDAH, ReconCategory.MUNGKIN)


class MatchMethod(enum.Enum):
    NIK = "nik"
    KK_NAMA = "kk_nama"  # No. KK + name similarity + birth date
    SKOR = "skor"  # the second pass: several fields weighed, without NIK agreement
    NONE = "none"


METHOD_LABELS = {MatchMethod.NIK: "NIK", MatchMethod.KK_NAMA: "KK + nama",
                 MatchMethod.SKOR: "Skor", MatchMethod.NONE: ""}


class ResolutionAction(enum.Enum):
    PILIH_ONLINE = "pilih_online"
    PILIH_LAPANGAN = "pilih_lapangan"
    GABUNG = "gabung"  # beda: field by field; ganda: the duplicate is the same person
    PINDAH = "pindah"  # the person moved to the SLS where the field found them
    TERPISAH = "terpisah"  # ganda: two different persons after all (twins, namesakes)


ACTION_LABELS = {
    ResolutionAction.PILIH_ONLINE: "Pakai data online",
    ResolutionAction.PILIH_LAPANGAN: "Pakai data lapangan",
    ResolutionAction.GABUNG: "Gabungkan",
    ResolutionAction.PINDAH: "Tandai pindah",
    ResolutionAction.TERPISAH: "Orang berbeda",
}


class ReconRun(Base):
    __tablename__ = "recon_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = created_column()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    full: Mapped[bool] = mapped_column(default=True)
    # Person batches (ids, comma-separated) whose rows the outcomes reflect: the next run
    # redoes only what batches added or rolled back since.
    batch_ids: Mapped[str] = mapped_column(Text, default="")
    online_rows: Mapped[int] = mapped_column(Integer, default=0)
    field_rows: Mapped[int] = mapped_column(Integer, default=0)
    redone: Mapped[int] = mapped_column(Integer, default=0)  # match rows written by the run
    run_by: Mapped[str] = mapped_column(String(100), default="")


class PersonMatch(Base):
    """One row per person record of either source (a pair when both hold the person)."""

    __tablename__ = "person_match"
    __table_args__ = (
        Index("ix_person_match_area", "sls_id", "category", "resolution_id"),
        # The pairs whose records carry different No. KK: few, read by every run's second
        # pass (households already linked) and its list of households with a new KK.
        Index("ix_person_match_kk_change", "kk", "field_kk",
              sqlite_where=text("field_kk IS NOT NULL"),
              postgresql_where=text("field_kk IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # No CHECK on these enums: only the run's SQL writes them, a million rows at a time.
    category: Mapped[ReconCategory] = mapped_column(
        enum_column(ReconCategory, "recon_category", checked=False))
    method: Mapped[MatchMethod] = mapped_column(
        enum_column(MatchMethod, "match_method", checked=False))
    score: Mapped[float | None] = mapped_column(Float)  # name similarity 0-100 of a pair
    # The second pass's match weight (sum of log2 m/u) and the comparison levels behind it
    # (models.recon.linkage.evidence), for pairs it formed or sent to review.
    weight: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # Comma-separated names of the differing fields: name, sex, birth_date, sls.
    differing: Mapped[str] = mapped_column(String(60), default="")
    online_id: Mapped[int | None] = mapped_column(Integer)
    field_id: Mapped[int | None] = mapped_column(Integer)
    online_batch_id: Mapped[int | None] = mapped_column(Integer)
    field_batch_id: Mapped[int | None] = mapped_column(Integer)
    # Natural key of the online record (else the field one), and of the partner: the field
    # record of a pair matched by No. KK and name, or the original of a duplicate.
    person_key: Mapped[str] = mapped_column(String(40))
    other_key: Mapped[str | None] = mapped_column(String(40))
    kk: Mapped[str | None] = mapped_column(String(16))
    # The field record's No. KK where it differs from kk (a card reissued): pairs only.
    field_kk: Mapped[str | None] = mapped_column(String(16))
    birth_date: Mapped[date | None] = mapped_column(Date)
    sls_id: Mapped[int | None] = mapped_column(Integer)  # where the field found them, else online
    resolution_id: Mapped[int | None] = mapped_column(Integer)


class HouseholdMatch(Base):
    """Members of one No. KK in each source (duplicates and invalid records left out)."""

    __tablename__ = "household_match"

    id: Mapped[int] = mapped_column(primary_key=True)
    kk: Mapped[str] = mapped_column(String(16), index=True)
    sls_id: Mapped[int | None] = mapped_column(Integer, index=True)
    online_members: Mapped[int] = mapped_column(Integer, default=0)
    field_members: Mapped[int] = mapped_column(Integer, default=0)
    category: Mapped[ReconCategory] = mapped_column(
        enum_column(ReconCategory, "recon_category", checked=False))
    # What the run uses to find households needing a decision beyond the NIK join.
    field_without_nik: Mapped[int] = mapped_column(Integer, default=0)
    online_birth_dates: Mapped[int] = mapped_column(Integer, default=0)


class HouseholdLink(Base):
    """An online household whose members were mostly found in a field household of another
    No. KK (a card reissued after the registry's cut-off): rebuilt by every run."""

    __tablename__ = "household_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    online_kk: Mapped[str] = mapped_column(String(16), index=True)
    field_kk: Mapped[str] = mapped_column(String(16))
    sls_id: Mapped[int | None] = mapped_column(Integer, index=True)
    paired: Mapped[int] = mapped_column(Integer, default=0)  # members paired across the two
    online_members: Mapped[int] = mapped_column(Integer, default=0)
    field_members: Mapped[int] = mapped_column(Integer, default=0)


class LinkageBands(Versioned, Base):
    """Singleton (id = 1): the match weights that bound pasti and mungkin (Pengaturan ›
    Pencocokan); no row: the defaults of models.recon.linkage.bands."""

    __tablename__ = "linkage_bands"
    __table_args__ = (
        CheckConstraint("id = 1", name="singleton"),
        CheckConstraint("likely < sure", name="ordered"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sure: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    likely: Mapped[Decimal] = mapped_column(Numeric(5, 1))


class Resolution(Base):
    """A reviewer's decision, keyed by natural keys so it survives a re-run of matching."""

    __tablename__ = "resolution"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_key: Mapped[str] = mapped_column(String(40), index=True)
    other_key: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[ReconCategory] = mapped_column(enum_column(ReconCategory, "recon_category"))
    action: Mapped[ResolutionAction] = mapped_column(
        enum_column(ResolutionAction, "resolution_action"))
    # For a field-by-field merge: {"name": "online", "sex": "lapangan", ...}.
    choices: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    resolved_by: Mapped[str] = mapped_column(String(100), default="")
    resolved_at: Mapped[datetime] = created_column()
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by: Mapped[str] = mapped_column(String(100), default="")


class ReconScope(Base):
    """Working set of one run (natural keys, No. KK): empty outside a run's transaction."""

    __tablename__ = "recon_scope"
    __table_args__ = (Index("ix_recon_scope_kind_key", "kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(2))
    key: Mapped[str] = mapped_column(String(40))
