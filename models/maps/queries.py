"""The shapes the map draws: the newest import of a level, with each area's names and parents."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.base import to_local
from models.schema.maps import AreaBoundary, BoundaryImport, BoundaryLevel


@dataclass(frozen=True)
class MapArea:
    """One area's shape: WKB in EPSG:3857 at each detail level, and where it belongs."""

    area_id: int  # the SLS's, the kelurahan's or the kecamatan's id
    code: str
    name: str
    kelurahan_id: int  # 0 for a kecamatan
    kelurahan: str
    kecamatan_id: int
    kecamatan: str
    bounds: tuple[float, float, float, float]
    details: tuple[bytes, ...]
    label_point: tuple[float, float]  # inside the shape, where its name goes


@dataclass
class MapLayer:
    level: BoundaryLevel
    import_id: int | None = None  # None: no boundary of this level has been imported
    file_name: str = ""
    imported_at: datetime | None = None
    made_up: bool = False
    areas: list[MapArea] = field(default_factory=list)

    @property
    def bounds(self) -> tuple[float, float, float, float] | None:
        if not self.areas:
            return None
        return (min(a.bounds[0] for a in self.areas), min(a.bounds[1] for a in self.areas),
                max(a.bounds[2] for a in self.areas), max(a.bounds[3] for a in self.areas))


@dataclass(frozen=True)
class ImportRow:
    id: int
    level: BoundaryLevel
    file_name: str
    shapes_read: int
    shapes_matched: int
    made_up: bool
    imported_by: str
    imported_at: datetime | None


def map_label(name: str, level: BoundaryLevel) -> str:
    """What a map writes on an area: an SLS's number ('RT 007' -> '007'), else its name."""
    return name.removeprefix("RT ") if level is BoundaryLevel.SLS else name


def current_import(session: Session, level: BoundaryLevel) -> BoundaryImport | None:
    newest = session.scalar(select(func.max(BoundaryImport.id))
                            .where(BoundaryImport.level == level))
    return session.get(BoundaryImport, newest) if newest is not None else None


def map_layer(session: Session, level: BoundaryLevel, *, kecamatan_id: int | None = None,
              kelurahan_id: int | None = None) -> MapLayer:
    """The newest import's shapes of `level`, within a kecamatan or kelurahan if given."""
    batch = current_import(session, level)
    if batch is None:
        return MapLayer(level)
    details = (AreaBoundary.detail_0, AreaBoundary.detail_1, AreaBoundary.detail_2,
               AreaBoundary.detail_3)
    bounds = (AreaBoundary.min_x, AreaBoundary.min_y, AreaBoundary.max_x, AreaBoundary.max_y,
              AreaBoundary.label_x, AreaBoundary.label_y)
    if level is BoundaryLevel.SLS:
        query = (select(Sls.id, AreaBoundary.code, Sls.name, Kelurahan.id, Kelurahan.name,
                        Kecamatan.id, Kecamatan.name, *bounds, *details)
                 .join(Sls, Sls.id == AreaBoundary.sls_id)
                 .join(Kelurahan, Kelurahan.id == Sls.kelurahan_id)
                 .where(Sls.active))
    elif level is BoundaryLevel.KELURAHAN:
        query = (select(Kelurahan.id, AreaBoundary.code, Kelurahan.name, Kelurahan.id,
                        Kelurahan.name, Kecamatan.id, Kecamatan.name, *bounds, *details)
                 .join(Kelurahan, Kelurahan.id == AreaBoundary.kelurahan_id))
    else:  # a kecamatan belongs to no kelurahan: 0 and ''
        query = (select(Kecamatan.id, AreaBoundary.code, Kecamatan.name, literal(0),
                        literal(""), Kecamatan.id, Kecamatan.name, *bounds, *details)
                 .join(Kecamatan, Kecamatan.id == AreaBoundary.kecamatan_id))
    if level is not BoundaryLevel.KECAMATAN:
        query = query.join(Kecamatan, Kecamatan.id == Kelurahan.kecamatan_id)
    query = query.where(AreaBoundary.import_id == batch.id).order_by(AreaBoundary.code)
    if kecamatan_id is not None:
        query = query.where(Kecamatan.id == kecamatan_id)
    if kelurahan_id is not None and level is not BoundaryLevel.KECAMATAN:
        query = query.where(Kelurahan.id == kelurahan_id)
    # Core rows (no ORM loading), the blobs as the driver gives them: bytes on both backends
    rows = session.connection().execute(query).all()
    if rows and not isinstance(rows[0][13], bytes):  # a driver giving memoryview
        rows = [(*row[:13], *(bytes(d) for d in row[13:17])) for row in rows]
    areas = [MapArea(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                     (row[7], row[8], row[9], row[10]), tuple(row[13:17]), (row[11], row[12]))
             for row in rows]
    return MapLayer(level, batch.id, batch.file_name, to_local(batch.imported_at),
                    batch.made_up, areas)


def boundary_imports(session: Session) -> list[ImportRow]:
    return [ImportRow(b.id, b.level, b.file_name, b.shapes_read, b.shapes_matched, b.made_up,
                      b.imported_by, to_local(b.imported_at))
            for b in session.scalars(select(BoundaryImport).order_by(BoundaryImport.id.desc()))]
