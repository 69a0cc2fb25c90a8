"""Census areas: kecamatan › kelurahan/desa › SLS, with BPS and Kemendagri codes."""
from __future__ import annotations

import enum

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.schema.base import Base, Versioned, enum_column


class VillageKind(enum.Enum):
    KELURAHAN = "kelurahan"
    DESA = "desa"


class Kecamatan(Versioned, Base):
    __tablename__ = "kecamatan"

    id: Mapped[int] = mapped_column(primary_key=True)
    # BPS code: province 2 + kab/kota 2 + kecamatan 3 (e.g. 6371040).
    bps_code: Mapped[str] = mapped_column(String(7), unique=True)
    # Kemendagri code as it appears inside a NIK: 63.71.04 stored as 637104.
    kemendagri_code: Mapped[str | None] = mapped_column(String(6), index=True)
    name: Mapped[str] = mapped_column(String(100))

    kelurahan: Mapped[list[Kelurahan]] = relationship(
        back_populates="kecamatan", order_by="Kelurahan.bps_code"
    )


class Kelurahan(Versioned, Base):
    __tablename__ = "kelurahan"

    id: Mapped[int] = mapped_column(primary_key=True)
    kecamatan_id: Mapped[int] = mapped_column(ForeignKey("kecamatan.id"), index=True)
    # BPS code: kecamatan 7 + desa 3 (e.g. 6371040001).
    bps_code: Mapped[str] = mapped_column(String(10), unique=True)
    # Kemendagri: kecamatan 6 + desa 4 (63.71.04.1001 stored as 6371041001).
    kemendagri_code: Mapped[str | None] = mapped_column(String(10), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[VillageKind] = mapped_column(
        enum_column(VillageKind, "village_kind"), default=VillageKind.KELURAHAN
    )

    kecamatan: Mapped[Kecamatan] = relationship(back_populates="kelurahan")
    sls: Mapped[list[Sls]] = relationship(back_populates="kelurahan", order_by="Sls.bps_code")


class Sls(Versioned, Base):
    """Satuan Lingkungan Setempat (RT-level unit); a split SLS points to its parent."""

    __tablename__ = "sls"

    id: Mapped[int] = mapped_column(primary_key=True)
    kelurahan_id: Mapped[int] = mapped_column(ForeignKey("kelurahan.id"), index=True)
    # IDSLS: kelurahan 10 + SLS 4 + sub-SLS 2 (e.g. 6371040001000100).
    bps_code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    expected_households: Mapped[int] = mapped_column(Integer, default=0)
    expected_population: Mapped[int] = mapped_column(Integer, default=0)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("sls.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    kelurahan: Mapped[Kelurahan] = relationship(back_populates="sls")
