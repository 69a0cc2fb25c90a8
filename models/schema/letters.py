"""The register of issued letters (surat) with their official numbers."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.schema.base import Base, created_column, enum_column


class LetterKind(enum.Enum):
    PROGRES_KOTA = "progres_kota"
    PROGRES_KECAMATAN = "progres_kecamatan"
    PROGRES_KELURAHAN = "progres_kelurahan"
    ASN_OPD = "asn_opd"
    SURAT_TUGAS = "surat_tugas"
    LAINNYA = "lainnya"


class Letter(Base):
    """Numbered like B-012/63710/SS.300/09/2020; the serial is unique within a year."""

    __tablename__ = "letter"
    __table_args__ = (UniqueConstraint("year", "serial"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    classification: Mapped[str] = mapped_column(String(20), default="SS.300")
    letter_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[LetterKind] = mapped_column(enum_column(LetterKind, "letter_kind"))
    subject: Mapped[str] = mapped_column(String(300))
    nature: Mapped[str] = mapped_column(String(50), default="Biasa")  # Sifat
    attachment: Mapped[str] = mapped_column(String(100), default="-")  # Lampiran
    recipient: Mapped[str] = mapped_column(String(300))
    file_path: Mapped[str] = mapped_column(String(500), default="")
    file_sha256: Mapped[str] = mapped_column(String(64), default="")
    created_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = created_column()
