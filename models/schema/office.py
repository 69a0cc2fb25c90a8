"""The office profile and its kop logo: business settings shared by every PC of the office."""
from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, DateTime, Integer, LargeBinary, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from models.schema.base import Base, Versioned, enum_column, utcnow


class PaperSize(enum.Enum):
    A4 = "A4"
    F4 = "F4"  # 215 x 330 mm, common in Indonesian government offices


class OfficeProfile(Versioned, Base):
    """Singleton (id = 1). Officer labels live here: SP2020 said PCL / Koordinator Tim."""

    __tablename__ = "office_profile"
    __table_args__ = (
        CheckConstraint("id = 1", name="singleton"),
        CheckConstraint("online_target_pct BETWEEN 0 AND 100", name="online_target"),
        CheckConstraint("field_target_pct BETWEEN 0 AND 100", name="field_target"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_name: Mapped[str] = mapped_column(String(200), default="")
    # Kab/kota code (e.g. 6371) and the satker code used in letter numbers (e.g. 63710).
    region_code: Mapped[str] = mapped_column(String(4), default="")
    satker_code: Mapped[str] = mapped_column(String(5), default="")
    region_name: Mapped[str] = mapped_column(String(100), default="")
    province_name: Mapped[str] = mapped_column(String(100), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(100), default="")
    website: Mapped[str] = mapped_column(String(100), default="")
    head_name: Mapped[str] = mapped_column(String(150), default="")
    head_nip: Mapped[str] = mapped_column(String(18), default="")
    head_title: Mapped[str] = mapped_column(String(150), default="")
    online_target_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("20"))
    field_target_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("100"))
    # Workload capacity of one PPL, used by assignment (households).
    ppl_capacity_households: Mapped[int] = mapped_column(Integer, default=600)
    label_ppl: Mapped[str] = mapped_column(String(40), default="PPL")
    label_pml: Mapped[str] = mapped_column(String(40), default="PML")
    label_koseka: Mapped[str] = mapped_column(String(40), default="Koseka")
    paper_size: Mapped[PaperSize] = mapped_column(
        enum_column(PaperSize, "paper_size"), default=PaperSize.A4
    )


class OfficeLogo(Base):
    """Singleton (id = 1): the logo drawn at the left of the kop; no row, no logo.

    Apart from the profile so that reading the profile never loads the image. The image is
    always a PNG the app made itself (models.office.logo), never the file as it was chosen.
    """

    __tablename__ = "office_logo"
    __table_args__ = (
        CheckConstraint("id = 1", name="singleton"),
        CheckConstraint("width_px > 0 AND height_px > 0", name="size"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    image: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    mime_type: Mapped[str] = mapped_column(String(20), nullable=False, default="image/png")
    width_px: Mapped[int] = mapped_column(Integer, nullable=False)
    height_px: Mapped[int] = mapped_column(Integer, nullable=False)
    byte_size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    file_name: Mapped[str] = mapped_column(String(255), nullable=False, default="")  # as chosen
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow,
                                                 onupdate=utcnow)
