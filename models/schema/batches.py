"""Import batches and the rows they brought: online submissions, field results, SLS recaps."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from models.schema.base import Base, Versioned, created_column, enum_column


class ImportKind(enum.Enum):
    WILAYAH = "wilayah"
    PETUGAS = "petugas"
    ONLINE = "online"
    LAPANGAN = "lapangan"
    REKAP_SLS = "rekap_sls"
    ASN = "asn"


# The sources of person records: what reconciliation matches and progress counts.
PERSON_KINDS = (ImportKind.ONLINE, ImportKind.LAPANGAN)


class BatchStatus(enum.Enum):
    AKTIF = "aktif"
    DIBATALKAN = "dibatalkan"  # rolled back from the Impor page


class ImportBatch(Base):
    __tablename__ = "import_batch"
    __table_args__ = (Index("ix_import_batch_kind_sha", "kind", "file_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ImportKind] = mapped_column(enum_column(ImportKind, "import_kind"))
    file_name: Mapped[str] = mapped_column(String(260))
    file_sha256: Mapped[str] = mapped_column(String(64))
    sheet_name: Mapped[str] = mapped_column(String(100), default="")
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_inserted: Mapped[int] = mapped_column(Integer, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    rows_warned: Mapped[int] = mapped_column(Integer, default=0)
    imported_by: Mapped[str] = mapped_column(String(100), default="")
    imported_at: Mapped[datetime] = created_column()
    status: Mapped[BatchStatus] = mapped_column(
        enum_column(BatchStatus, "batch_status"), default=BatchStatus.AKTIF
    )
    rolled_back_at: Mapped[datetime | None] = mapped_column(DateTime)


class BatchConfirmation(Base):
    """How many persons a batch found unchanged ("tetap") whose current version another
    batch brought: a "tetap" stores no row, so this is what says which batches it confirmed.
    `confirmed_batch_id` None: not known (a batch stored before migration 0008).
    """

    __tablename__ = "batch_confirmation"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), index=True)
    confirmed_batch_id: Mapped[int | None] = mapped_column(Integer, index=True)
    persons: Mapped[int] = mapped_column(Integer, default=0)


class Sex(enum.Enum):
    LAKI_LAKI = "L"
    PEREMPUAN = "P"


CURRENT = "replaced_by_batch_id IS NULL"


def current_key_index(table: str) -> Index:
    """One current row per person and source; older versions stay for rolling back."""
    return Index(f"ux_{table}_current_key", "natural_key", unique=True,
                 sqlite_where=text(CURRENT), postgresql_where=text(CURRENT))


class PersonRecord:
    """Columns shared by both sources, as the resident or the officer gave them.

    A newer export of the same source does not overwrite a person: it adds a row and marks
    the old one replaced by its batch, so rolling that batch back restores the old row.
    Only the current-key index is kept: each further index costs more than a microsecond
    per row on a million-row import, and summaries scan the table anyway.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    # The NIK, or for a person without one a digest of No. KK, name, birth date and area.
    natural_key: Mapped[str] = mapped_column(String(40))
    source_row: Mapped[int] = mapped_column(Integer, default=0)  # row in the imported sheet
    nik: Mapped[str | None] = mapped_column(String(16))
    kk: Mapped[str | None] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(150))
    sex: Mapped[Sex | None] = mapped_column(enum_column(Sex, "sex"))
    birth_date: Mapped[date | None] = mapped_column(Date)
    # Area code as written in the file, and the SLS it resolved to (if any).
    area_code: Mapped[str] = mapped_column(String(16), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    # Digest of the stored values: a newer export's row is "unchanged" when it is equal.
    content_hash: Mapped[int] = mapped_column(BigInteger, default=0)

    @declared_attr
    def batch_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("import_batch.id", ondelete="CASCADE"))

    @declared_attr
    def sls_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("sls.id"))

    @declared_attr
    def replaced_by_batch_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("import_batch.id"))


class OnlineSubmission(PersonRecord, Base):
    """One person as filled in by a resident on SP Online."""

    __tablename__ = "online_submission"
    __table_args__ = (current_key_index(__tablename__),)

    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)


class FieldResult(PersonRecord, Base):
    """One person as verified or enumerated door to door by a PPL."""

    __tablename__ = "field_result"
    __table_args__ = (current_key_index(__tablename__),)

    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"))
    visited_at: Mapped[datetime | None] = mapped_column(DateTime)


class SlsRecap(Versioned, Base):
    """Per-SLS field count reported on one day, typed in or imported."""

    __tablename__ = "sls_recap"
    __table_args__ = (UniqueConstraint("sls_id", "report_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sls_id: Mapped[int] = mapped_column(ForeignKey("sls.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="CASCADE"), index=True
    )
    report_date: Mapped[date] = mapped_column(Date)
    households_found: Mapped[int] = mapped_column(Integer, default=0)
    persons_found: Mapped[int] = mapped_column(Integer, default=0)
    male: Mapped[int] = mapped_column(Integer, default=0)
    female: Mapped[int] = mapped_column(Integer, default=0)
    entered_by: Mapped[str] = mapped_column(String(100), default="")
