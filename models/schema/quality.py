"""The thresholds of the data-quality measures set in Pengaturan › Kualitas."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import CheckConstraint, Integer, Numeric
from sqlalchemy.orm import Mapped, mapped_column

from models.schema.base import Base, Versioned


def _threshold(default: str) -> Mapped[Decimal]:
    return mapped_column(Numeric(7, 2), default=Decimal(default))


class QualityThresholds(Versioned, Base):
    """Singleton (id = 1), like the office profile; no row: the defaults of
    models.quality.measures.Thresholds, where each default's source is written."""

    __tablename__ = "quality_thresholds"
    __table_args__ = (
        CheckConstraint("id = 1", name="singleton"),
        CheckConstraint("min_persons >= 1 AND min_households >= 1", name="minimums"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    whipple: Mapped[Decimal] = _threshold("125")
    myers: Mapped[Decimal] = _threshold("20")
    jan_1: Mapped[Decimal] = _threshold("5")
    aug_17: Mapped[Decimal] = _threshold("2")
    first_of_month: Mapped[Decimal] = _threshold("10")
    same_birth_in_household: Mapped[Decimal] = _threshold("10")
    sex_ratio: Mapped[Decimal] = _threshold("15")
    household_size: Mapped[Decimal] = _threshold("1")
    one_person_share: Mapped[Decimal] = _threshold("15")
    no_nik: Mapped[Decimal] = _threshold("10")
    invalid_nik: Mapped[Decimal] = _threshold("2")
    duplicates: Mapped[Decimal] = _threshold("2")
    pindah: Mapped[Decimal] = _threshold("10")
    pace: Mapped[Decimal] = _threshold("2")
    long_gap: Mapped[Decimal] = _threshold("5")
    min_persons: Mapped[int] = mapped_column(Integer, default=100)
    min_households: Mapped[int] = mapped_column(Integer, default=30)
