"""Area boundaries for the map: each import of a boundary file, and the shapes it brought."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from models.schema.base import Base, created_column, enum_column


class BoundaryLevel(enum.Enum):
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    SLS = "sls"


# Tolerances (metres, display projection) of the simplified copies kept besides the
# shape itself: level d is drawn from about 1/4 of its tolerance per pixel up.
DETAIL_TOLERANCES = (0.0, 4.0, 32.0, 256.0)


class BoundaryImport(Base):
    """One boundary file brought in; the newest import of a level is the map's."""

    __tablename__ = "boundary_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[BoundaryLevel] = mapped_column(enum_column(BoundaryLevel, "boundary_level"))
    file_name: Mapped[str] = mapped_column(String(260))
    file_sha256: Mapped[str] = mapped_column(String(64))
    source_crs: Mapped[str] = mapped_column(String(200), default="")
    shapes_read: Mapped[int] = mapped_column(Integer, default=0)
    shapes_matched: Mapped[int] = mapped_column(Integer, default=0)
    made_up: Mapped[bool] = mapped_column(Boolean, default=False)  # the demo's invented ones
    imported_by: Mapped[str] = mapped_column(String(100), default="")
    imported_at: Mapped[datetime] = created_column()


class AreaBoundary(Base):
    """One area's shape in the display projection (EPSG:3857 metres), as WKB, with its
    simplified copies (DETAIL_TOLERANCES) and its bounding box for culling."""

    __tablename__ = "area_boundary"
    __table_args__ = (Index("ix_area_boundary_import_code", "import_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("boundary_import.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))  # the BPS code it was joined by
    kecamatan_id: Mapped[int | None] = mapped_column(ForeignKey("kecamatan.id"), index=True)
    kelurahan_id: Mapped[int | None] = mapped_column(ForeignKey("kelurahan.id"), index=True)
    sls_id: Mapped[int | None] = mapped_column(ForeignKey("sls.id"), index=True)
    min_x: Mapped[float] = mapped_column(Float)
    min_y: Mapped[float] = mapped_column(Float)
    max_x: Mapped[float] = mapped_column(Float)
    max_y: Mapped[float] = mapped_column(Float)
    label_x: Mapped[float] = mapped_column(Float)  # a point inside the shape, for its name
    label_y: Mapped[float] = mapped_column(Float)
    detail_0: Mapped[bytes] = mapped_column(LargeBinary)
    detail_1: Mapped[bytes] = mapped_column(LargeBinary)
    detail_2: Mapped[bytes] = mapped_column(LargeBinary)
    detail_3: Mapped[bytes] = mapped_column(LargeBinary)
