"""Importing a boundary file: each shape joined to its master area by code, reprojected, stored."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import shapely
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models.access import Permission, acting_username, require
from models.audit import trail as audit_trail
from models.errors import ImportProblem
from models.maps import projection
from models.maps.codes import CodeMapping, guess_mapping
from models.maps.reading import BoundaryFile, BoundaryFileError, read_boundaries
from models.maps.simplify import detail_levels
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.maps import AreaBoundary, BoundaryImport, BoundaryLevel
from models.sheets.reading import file_sha256
from models.work import ProgressCallback, advance

LEVEL_NAMES = {BoundaryLevel.KECAMATAN: "kecamatan", BoundaryLevel.KELURAHAN: "kelurahan/desa",
               BoundaryLevel.SLS: "SLS"}
WRITE_EVERY = 500


@dataclass(frozen=True)
class AreaRef:
    code: str
    name: str


@dataclass(frozen=True)
class UnmatchedShape:
    number: int  # the shape's number in the file, 1-based
    code: str  # as read ('' when the cells spell no code)
    reason: str


@dataclass
class BoundaryPreview:
    """A first look at a boundary file: its columns and the code mapping guessed."""

    path: Path
    layer: str
    columns: list[str]
    shapes: int
    crs_name: str
    mappings: dict[BoundaryLevel, CodeMapping | None]  # the guess for each level
    samples: dict[str, list[str]]  # a few values of each column, for choosing the mapping

    @property
    def level(self) -> BoundaryLevel:
        """The level the codes look like: SLS when they spell both (they cannot)."""
        return next((level for level in (BoundaryLevel.SLS, BoundaryLevel.KELURAHAN,
                                          BoundaryLevel.KECAMATAN)
                     if self.mappings.get(level)), BoundaryLevel.SLS)


@dataclass(kw_only=True)
class BoundaryReport:
    import_id: int | None = None  # None: nothing stored
    level: BoundaryLevel
    shapes_read: int = 0
    matched: int = 0
    unmatched_shapes: list[UnmatchedShape] = field(default_factory=list)
    areas_without_shape: list[AreaRef] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)  # shapes left out
    crs_name: str = ""


def inspect_boundaries(path: Path) -> BoundaryPreview:
    read = read_boundaries(path)
    crs = projection.source_crs(read.crs_text, file_name=path.name, bounds=_bounds(read))
    samples = {c: [str(f.attributes.get(c, ""))[:40] for f in read.features[:5]]
               for c in read.columns}
    return BoundaryPreview(path, read.layer, read.columns, len(read.features), crs.name,
                           {level: guess_mapping(read.columns, read.features, level)
                            for level in BoundaryLevel}, samples)


def _bounds(read: BoundaryFile) -> tuple[float, float, float, float] | None:
    shapes = [f.geometry for f in read.features if f.geometry is not None]
    if not shapes:
        return None
    return tuple(shapely.total_bounds(shapes))  # type: ignore[return-value]


def import_boundaries(session: Session, path: Path, *, level: BoundaryLevel,
                      mapping: CodeMapping | None = None, made_up: bool = False,
                      progress: ProgressCallback | None = None) -> BoundaryReport:
    """Store the file's shapes of `level` as the map's, joined to the master by code.

    Shapes without a master area, and master areas without a shape, are listed in the
    report; the master itself is not changed. The earlier imports stay (the newest is
    drawn). Refuses (BoundaryFileError) a file whose codes cannot be read or that matches no
    area; a cancel rolls everything back.
    """
    require(session, Permission.EDIT_MASTER)
    advance(progress, 0, 4)
    read = read_boundaries(path)
    report = BoundaryReport(level=level, shapes_read=len(read.features),
                            problems=list(read.problems))
    mapping = mapping or guess_mapping(read.columns, read.features, level)
    if mapping is None:
        raise BoundaryFileError(
            f"Berkas {path.name}: tidak ada kolom atribut yang berisi kode "
            f"{LEVEL_NAMES[level]} BPS ({_lengths(level)} angka). Kolom yang ada: "
            f"{', '.join(read.columns) or '(tidak ada)'}. Pilih kolom kodenya.")
    crs = projection.source_crs(read.crs_text, file_name=path.name, bounds=_bounds(read))
    report.crs_name = crs.name
    areas = _master(session, level)
    chosen: dict[str, tuple[int, shapely.Geometry]] = {}  # code -> (shape number, shape)
    for feature in read.features:
        code = mapping.code(feature.attributes, level)
        if feature.geometry is None:
            continue  # already a problem of the file
        if code is None:
            report.unmatched_shapes.append(UnmatchedShape(
                feature.number, _shown(feature.attributes, mapping),
                f"kolom {mapping.label()} tidak berisi kode {LEVEL_NAMES[level]} yang sah"))
        elif code not in areas:
            report.unmatched_shapes.append(UnmatchedShape(
                feature.number, code, f"kode {code} tidak ada di master wilayah"))
        elif code in chosen:
            report.unmatched_shapes.append(UnmatchedShape(
                feature.number, code, f"kode {code} sudah dipakai bentuk ke-{chosen[code][0]}"))
        else:
            chosen[code] = (feature.number, feature.geometry)
    if not chosen:
        raise BoundaryFileError(
            f"Berkas {path.name}: tidak satu pun dari {len(read.features)} bentuknya cocok "
            f"dengan kode {LEVEL_NAMES[level]} di master wilayah (kolom {mapping.label()}). "
            "Periksa kolom kodenya, atau impor master wilayah lebih dulu.")
    advance(progress, 1, 4)
    codes = sorted(chosen)
    shapes = projection.to_display([chosen[c][1] for c in codes], crs)
    inside = projection.in_indonesia(shapes)
    if not any(inside):
        raise BoundaryFileError(
            f"Berkas {path.name}: bentuknya jatuh di luar Indonesia setelah diproyeksikan "
            f"dari {crs.name}. Berkas .prj-nya mungkin tidak sesuai dengan koordinatnya.")
    kept = {code: shape for code, shape, ok in zip(codes, shapes, inside, strict=True) if ok}
    # a stray shape (or coordinates the projection cannot place): listed, not stored
    report.unmatched_shapes += [UnmatchedShape(
        chosen[code][0], code, "bentuknya jatuh di luar Indonesia setelah diproyeksikan "
        "(koordinatnya salah?)") for code in codes if code not in kept]
    report.unmatched_shapes.sort(key=lambda u: u.number)
    report.areas_without_shape = [AreaRef(code, name) for code, (_id, name) in
                                  sorted(areas.items()) if code not in kept]
    report.matched = len(kept)
    with audit_trail.summarized(session, "impor batas wilayah", "batas wilayah", details={
            "berkas": path.name, "tingkat": LEVEL_NAMES[level], "bentuk": len(read.features),
            "cocok": len(kept), "sistem koordinat": crs.name}) as details:
        details["impor"] = store_shapes(
            session, level, kept, file_name=path.name, file_sha256=file_sha256(path),
            crs_name=crs.name, shapes_read=len(read.features), made_up=made_up, areas=areas,
            progress=progress)
    advance(progress, 4, 4)  # the last chance to cancel
    session.commit()
    report.import_id = details["impor"]
    return report


def store_shapes(session: Session, level: BoundaryLevel, shapes: dict[str, shapely.Geometry],
                 *, file_name: str, file_sha256: str, crs_name: str, shapes_read: int,
                 made_up: bool = False, areas: dict[str, tuple[int, str]] | None = None,
                 progress: ProgressCallback | None = None) -> int:
    """Add an import of `level` holding `shapes` (code -> shape in EPSG:3857, every code
    in the master) with their simplified levels; flushed, not committed, not audited (the
    caller's summary entry names the work). `areas`: the master's, if the caller has read
    them (`_master`). Returns the import's id."""
    areas = areas if areas is not None else _master(session, level)
    codes = sorted(shapes)
    levels = detail_levels([shapes[c] for c in codes])
    advance(progress, 3, 4)
    batch = BoundaryImport(level=level, file_name=file_name[:260], file_sha256=file_sha256,
                           source_crs=crs_name[:200], shapes_read=shapes_read,
                           shapes_matched=len(codes), made_up=made_up,
                           imported_by=acting_username(session))
    session.add(batch)
    session.flush()
    inner = shapely.get_coordinates(shapely.point_on_surface(levels[0]))
    rows = []
    for index, code in enumerate(codes):
        area_id = areas[code][0]
        min_x, min_y, max_x, max_y = levels[0][index].bounds
        rows.append({
            "import_id": batch.id, "code": code, "min_x": min_x, "min_y": min_y,
            "max_x": max_x, "max_y": max_y, "label_x": float(inner[index][0]),
            "label_y": float(inner[index][1]),
            "kecamatan_id": area_id if level is BoundaryLevel.KECAMATAN else None,
            "kelurahan_id": area_id if level is BoundaryLevel.KELURAHAN else None,
            "sls_id": area_id if level is BoundaryLevel.SLS else None,
            **{f"detail_{d}": shapely.to_wkb(levels[d][index]) for d in range(len(levels))},
        })
        if len(rows) == WRITE_EVERY:
            session.execute(insert(AreaBoundary), rows)
            rows = []
            advance(progress, 3, 4)
    if rows:
        session.execute(insert(AreaBoundary), rows)
    return batch.id


def _lengths(level: BoundaryLevel) -> str:
    return {BoundaryLevel.SLS: "16 atau 14", BoundaryLevel.KELURAHAN: "10"}.get(level, "7")


def _shown(attributes: dict[str, object], mapping: CodeMapping) -> str:
    return " ".join(str(attributes.get(c, ""))[:20] for c in mapping.columns)


def _master(session: Session, level: BoundaryLevel) -> dict[str, tuple[int, str]]:
    """code -> (id, name) of the master's areas of `level` (active SLS only)."""
    if level is BoundaryLevel.SLS:
        found = session.execute(select(Sls.bps_code, Sls.id, Sls.name).where(Sls.active))
    elif level is BoundaryLevel.KECAMATAN:
        found = session.execute(select(Kecamatan.bps_code, Kecamatan.id, Kecamatan.name))
    else:
        found = session.execute(select(Kelurahan.bps_code, Kelurahan.id, Kelurahan.name))
    return {code: (area_id, name) for code, area_id, name in found}
