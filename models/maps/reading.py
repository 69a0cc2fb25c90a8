"""Reading boundary files (ESRI shapefile, also zipped, and GeoJSON) into shapes and attributes."""
from __future__ import annotations

import io
import json
import struct
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapefile
import shapely
from shapely.geometry import shape as geometry_of

from models.errors import ImportProblem, KendaliError, Severity

SUFFIXES = {".shp", ".zip", ".geojson", ".json"}
# A province's SLS are some 100 MB of .shp or 200 MB of GeoJSON; a file beyond these is
# no office's area map (a GeoJSON is parsed whole: ten times its size in memory).
MAX_BYTES = 400 << 20
MAX_MEMBER = 400 << 20


class BoundaryFileError(KendaliError):
    """The file cannot be read as a boundary file; nothing was stored."""


@dataclass(frozen=True)
class Feature:
    """One shape of the file: its number (1-based, as GIS programs show it), its attributes
    and its polygonal geometry in the file's own coordinates (None when it has none)."""

    number: int
    attributes: dict[str, Any]
    geometry: shapely.Geometry | None


@dataclass
class BoundaryFile:
    layer: str  # the shapefile's (or GeoJSON's) name, standing for a spreadsheet's sheet
    crs_text: str  # WKT of the .prj, the GeoJSON's crs name, or '' (none given)
    columns: list[str]
    features: list[Feature]
    problems: list[ImportProblem]


def read_boundaries(path: Path) -> BoundaryFile:
    """Every feature of a .shp (with its .dbf and .prj beside it), a .zip holding one, or a
    GeoJSON file. Shapes that are not polygons, or are broken, are listed as problems."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise BoundaryFileError(f"Berkas {path} tidak ditemukan.")
    if suffix not in SUFFIXES:
        raise BoundaryFileError(f"Berkas {path.name} bukan berkas batas wilayah yang dikenal. "
                                "Gunakan shapefile (.shp atau .zip) atau GeoJSON.")
    if path.stat().st_size > MAX_BYTES:
        raise BoundaryFileError(f"Berkas {path.name} lebih dari 400 MB; bukan peta wilayah "
                                "satu kantor. Pisahkan per kabupaten/kota lalu impor lagi.")
    try:
        if suffix in (".geojson", ".json"):
            return _geojson(path)
        if suffix == ".zip":
            return _zipped_shapefile(path)
        return _shapefile(path.name, path.stem, *_sidecars(path))
    except (shapefile.ShapefileException, OSError, ValueError, struct.error,
            zipfile.BadZipFile, EOFError) as exc:
        raise BoundaryFileError(f"Berkas {path.name} tidak dapat dibaca sebagai batas wilayah; "
                                "mungkin rusak atau tidak lengkap.", str(exc)) from exc


def _sidecars(path: Path) -> tuple[io.BytesIO, io.BytesIO, str, str]:
    """The .shp, its .dbf (required), the .prj text and the .cpg encoding ('' if absent)."""
    def beside(extension: str) -> Path | None:
        for candidate in (path.with_suffix(extension), path.with_suffix(extension.upper())):
            if candidate.is_file():
                return candidate
        return None

    dbf = beside(".dbf")
    if dbf is None:
        raise BoundaryFileError(f"Berkas {path.with_suffix('.dbf').name} (atribut, termasuk kode "
                                f"wilayah) tidak ada di samping {path.name}.")
    prj, cpg = beside(".prj"), beside(".cpg")
    return (io.BytesIO(path.read_bytes()), io.BytesIO(dbf.read_bytes()),
            prj.read_text("utf-8", "replace") if prj else "",
            cpg.read_text("ascii", "replace").strip() if cpg else "")


def _zipped_shapefile(path: Path) -> BoundaryFile:
    with zipfile.ZipFile(path) as archive:
        members = {info.filename.lower(): info for info in archive.infolist()
                   if not info.is_dir() and "__macosx" not in info.filename.lower()}
        shps = sorted(name for name in members if name.endswith(".shp"))
        if not shps:
            raise BoundaryFileError(f"Berkas {path.name} tidak berisi shapefile (.shp).")
        stem = shps[0][:-4]

        def read(extension: str) -> bytes | None:
            info = members.get(stem + extension)
            if info is None:
                return None
            if info.file_size > MAX_MEMBER:
                raise BoundaryFileError(f"Berkas {path.name}: {info.filename} terlalu besar.")
            return archive.read(info)

        dbf = read(".dbf")
        if dbf is None:
            raise BoundaryFileError(f"Berkas {path.name}: {stem}.dbf (atribut, termasuk kode "
                                    "wilayah) tidak ada di dalamnya.")
        prj, cpg = read(".prj"), read(".cpg")
        return _shapefile(path.name, Path(stem).name, io.BytesIO(read(".shp") or b""),
                          io.BytesIO(dbf), prj.decode("utf-8", "replace") if prj else "",
                          cpg.decode("ascii", "replace").strip() if cpg else "")


def _shapefile(file_name: str, layer: str, shp: io.BytesIO, dbf: io.BytesIO, prj: str,
               cpg: str) -> BoundaryFile:
    encoding = _encoding(cpg)
    reader = shapefile.Reader(shp=shp, dbf=dbf, encoding=encoding, encodingErrors="replace")
    columns = [f[0] for f in reader.fields[1:]]  # the first is the deletion flag
    features, problems = [], []
    for number, record in enumerate(reader.iterShapeRecords(), start=1):
        attributes = dict(zip(columns, record.record, strict=False))
        geometry, reason = _polygonal(record.shape.__geo_interface__
                                      if record.shape.shapeType != shapefile.NULL else None)
        if reason:
            problems.append(_problem(file_name, layer, number, reason))
        features.append(Feature(number, attributes, geometry))
    return BoundaryFile(layer, prj.strip(), columns, features, problems)


def _encoding(cpg: str) -> str:
    named = cpg.lower().replace("-", "")
    if named in ("", "utf8", "65001"):
        return "utf-8"
    if named in ("1252", "ansi1252", "cp1252", "windows1252"):
        return "cp1252"
    if named in ("88591", "iso88591", "latin1"):
        return "latin-1"
    return "utf-8"


def _geojson(path: Path) -> BoundaryFile:
    try:
        document = json.loads(path.read_bytes())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BoundaryFileError(f"Berkas {path.name} bukan GeoJSON yang sah.", str(exc)) from exc
    if not isinstance(document, dict):
        raise BoundaryFileError(f"Berkas {path.name} bukan GeoJSON (tidak berisi objek).")
    if document.get("type") == "Feature":
        items: list[Any] = [document]
    elif document.get("type") == "FeatureCollection" and isinstance(document.get("features"),
                                                                     list):
        items = document["features"]
    else:
        raise BoundaryFileError(f"Berkas {path.name} bukan FeatureCollection GeoJSON.")
    features, problems, columns = [], [], {}
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(_problem(path.name, path.stem, number, "bukan objek Feature"))
            continue
        properties = item.get("properties")
        attributes = dict(properties) if isinstance(properties, dict) else {}
        columns.update(dict.fromkeys(attributes))
        geometry, reason = _polygonal(item.get("geometry"))
        if reason:
            problems.append(_problem(path.name, path.stem, number, reason))
        features.append(Feature(number, attributes, geometry))
    return BoundaryFile(path.stem, _geojson_crs(document), list(columns), features, problems)


def _geojson_crs(document: dict[str, Any]) -> str:
    """The legacy `crs` member's name (GeoJSON 2008); RFC 7946 files have none: WGS 84."""
    crs = document.get("crs")
    if isinstance(crs, dict) and isinstance(crs.get("properties"), dict):
        name = crs["properties"].get("name")
        if isinstance(name, str):
            return name
    return ""


def _polygonal(geo: Any) -> tuple[shapely.Geometry | None, str]:
    """The polygons of a GeoJSON-like geometry, repaired if they cross themselves."""
    if not geo:
        return None, "tidak memiliki bentuk (geometri kosong)"
    try:
        with warnings.catch_warnings():  # NaN coordinates warn here; refused just below
            warnings.simplefilter("ignore", RuntimeWarning)
            geometry = geometry_of(geo)
    except (ValueError, TypeError, KeyError, AttributeError, shapely.errors.GEOSException) as exc:
        return None, f"bentuknya tidak dapat dibaca ({exc})"
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        return None, f"bukan poligon ({geometry.geom_type}); batas wilayah harus berupa poligon"
    if not np.isfinite(shapely.get_coordinates(geometry)).all():
        return None, "koordinatnya tidak sah (bukan angka atau tak hingga)"
    if not shapely.is_valid(geometry):
        geometry = shapely.make_valid(geometry)
        parts = [g for g in _parts(geometry) if g.geom_type == "Polygon"]
        geometry = shapely.MultiPolygon(parts) if len(parts) > 1 else (parts[0] if parts
                                                                        else None)
        if geometry is None:
            return None, "poligonnya rusak dan tidak dapat diperbaiki"
    if geometry.is_empty:
        return None, "tidak memiliki bentuk (geometri kosong)"
    return geometry, ""


def _parts(geometry: shapely.Geometry) -> Iterator[shapely.Geometry]:
    if hasattr(geometry, "geoms"):
        for part in geometry.geoms:
            yield from _parts(part)
    else:
        yield geometry


def _problem(file_name: str, layer: str, number: int, reason: str) -> ImportProblem:
    return ImportProblem(layer, number, "bentuk", Severity.WARNING,
                         f"Bentuk ke-{number} {reason}.", file_name)
