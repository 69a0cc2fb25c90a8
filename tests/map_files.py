"""Boundary files written by the tests: shapefiles (plain and zipped) and GeoJSON, in degrees
or in UTM metres, around Banjarmasin."""
from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyproj
import shapefile
from pyproj.enums import WktVersion

UTM_50S = pyproj.CRS.from_epsg(32750)  # Banjarmasin's UTM zone
WEST, NORTH = 114.58, -3.30  # degrees
SIZE = 0.004  # degrees, ~450 m


def square(column: int, row: int, size: float = SIZE) -> list[tuple[float, float]]:
    """A square cell of a grid (lon, lat), clockwise as shapefiles want outer rings."""
    x, y = WEST + column * size, NORTH - row * size
    return [(x, y), (x + size, y), (x + size, y - size), (x, y - size), (x, y)]


def in_utm(ring: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    move = pyproj.Transformer.from_crs(4326, UTM_50S, always_xy=True)
    return [move.transform(x, y) for x, y in ring]


def write_shapefile(base: Path, shapes: Sequence[tuple[dict[str, Any],
                                                       list[tuple[float, float]]]], *,
                    projected: bool, prj: bool = True) -> Path:
    """`base`.shp/.dbf/.shx (+ .prj); each shape is (attributes, lon/lat ring)."""
    fields = list(shapes[0][0])
    with shapefile.Writer(str(base), shapeType=shapefile.POLYGON) as writer:
        for name in fields:
            kind = "N" if isinstance(shapes[0][0][name], int) else "C"
            writer.field(name, kind, size=20)
        for attributes, ring in shapes:
            writer.poly([in_utm(ring) if projected else ring])
            writer.record(*[attributes[name] for name in fields])
    if prj:
        crs = UTM_50S if projected else pyproj.CRS.from_epsg(4326)
        base.with_suffix(".prj").write_text(crs.to_wkt(WktVersion.WKT1_ESRI))
    return base.with_suffix(".shp")


def zipped(shp: Path) -> Path:
    target = shp.with_suffix(".zip")
    with zipfile.ZipFile(target, "w") as archive:
        for part in shp.parent.glob(shp.stem + ".*"):
            if part.suffix != ".zip":
                archive.write(part, f"batas/{part.name}")
    return target


def write_geojson(path: Path, shapes: Sequence[tuple[dict[str, Any],
                                                     list[tuple[float, float]]]], *,
                  projected: bool = False) -> Path:
    features = [{"type": "Feature", "properties": attributes,
                 "geometry": {"type": "Polygon",
                              "coordinates": [[list(p) for p in
                                               (in_utm(ring) if projected else ring)]]}}
                for attributes, ring in shapes]
    document: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if projected:
        document["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32750"}}
    path.write_text(json.dumps(document))
    return path
