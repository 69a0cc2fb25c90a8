"""Government agencies (OPD) and their civil servants (ASN), who must fill online."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.schema.base import Base, Versioned


class Agency(Versioned, Base):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    head_name: Mapped[str] = mapped_column(String(150), default="")
    head_title: Mapped[str] = mapped_column(String(150), default="")
    address: Mapped[str] = mapped_column(String(300), default="")

    employees: Mapped[list[AsnEmployee]] = relationship(back_populates="agency")


class AsnEmployee(Base):
    __tablename__ = "asn_employee"
    __table_args__ = (UniqueConstraint("agency_id", "nip"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(150))
    nip: Mapped[str] = mapped_column(String(18))
    nik: Mapped[str | None] = mapped_column(String(16), index=True)
    unit: Mapped[str] = mapped_column(String(200), default="")

    agency: Mapped[Agency] = relationship(back_populates="employees")
