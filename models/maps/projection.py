"""The boundary file's coordinate system, and reprojection to the map's (EPSG:3857, metres)."""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pyproj
import shapely
from pyproj.exceptions import CRSError

from models.maps.reading import BoundaryFileError

# Web Mercator (what map tiles and GIS viewers show) and WGS 84, by EPSG code.
DISPLAY = 3857
WGS84 = 4326
# PROJ crashed the process (in proj_create) when called from a worker thread after the
# thread that first used it had ended, as the app's pool threads do (seen in the Peta
# page's tests). Every PROJ call runs on this one thread, which lives as long as the app.
_PROJ = ThreadPoolExecutor(max_workers=1, thread_name_prefix="proj")
T = TypeVar("T")


def _on_proj_thread(work: Callable[[], T]) -> T:
    return _PROJ.submit(work).result()
# Indonesia lies within these longitudes and latitudes, with room to spare.
_LON, _LAT = (90.0, 145.0), (-15.0, 10.0)


@dataclass(frozen=True)
class SourceCrs:
    """The file's coordinate system as text pyproj reads, and its name for people."""

    definition: str
    name: str


def source_crs(crs_text: str, *, file_name: str,
               bounds: tuple[float, float, float, float] | None) -> SourceCrs:
    """The file's CRS from its .prj (WKT) or GeoJSON crs name; with none given, WGS 84 if
    the coordinates look like degrees, else refused (metres of an unknown projection)."""
    if crs_text:
        try:
            name = _on_proj_thread(lambda: pyproj.CRS.from_user_input(crs_text).name)
            return SourceCrs(crs_text, name)
        except CRSError as exc:
            raise BoundaryFileError(
                f"Berkas {file_name}: sistem koordinatnya (.prj) tidak dikenal; simpan ulang "
                "batasnya dari aplikasi GIS dengan sistem koordinat WGS 84.", str(exc)) from exc
    if bounds is not None and -180 <= bounds[0] <= bounds[2] <= 180 \
            and -90 <= bounds[1] <= bounds[3] <= 90:
        return SourceCrs(f"EPSG:{WGS84}", "WGS 84")
    raise BoundaryFileError(
        f"Berkas {file_name} tidak menyebut sistem koordinatnya (tidak ada berkas .prj), dan "
        "koordinatnya bukan derajat bujur/lintang. Sertakan berkas .prj shapefile itu.")


def to_display(geometries: list[shapely.Geometry], crs: SourceCrs) -> list[shapely.Geometry]:
    """The geometries in EPSG:3857; x is longitude first whatever the CRS's axis order."""
    def work() -> list[shapely.Geometry]:
        transformer = pyproj.Transformer.from_crs(pyproj.CRS.from_user_input(crs.definition),
                                                  DISPLAY, always_xy=True)

        def move(points: np.ndarray) -> np.ndarray:
            x, y = transformer.transform(points[:, 0], points[:, 1], errcheck=False)
            return np.column_stack([x, y])

        return list(shapely.transform(np.array(geometries, dtype=object), move))

    return _on_proj_thread(work)


def in_indonesia(shapes: list[shapely.Geometry]) -> list[bool]:
    """For each display-projected shape, whether it lies where Indonesia is, with finite
    coordinates (a wrong .prj, or a stray point, does not)."""
    if not shapes:
        return []
    bounds = shapely.bounds(np.array(shapes, dtype=object))
    finite = np.isfinite(bounds).all(axis=1)
    safe = np.where(finite[:, None], bounds, 0.0)

    def work() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        back = pyproj.Transformer.from_crs(DISPLAY, WGS84, always_xy=True)
        west, south = back.transform(safe[:, 0], safe[:, 1], errcheck=False)
        east, north = back.transform(safe[:, 2], safe[:, 3], errcheck=False)
        return np.asarray(west), np.asarray(south), np.asarray(east), np.asarray(north)

    west, south, east, north = _on_proj_thread(work)
    inside = (finite & (west >= _LON[0]) & (east <= _LON[1]) & (south >= _LAT[0])
              & (north <= _LAT[1]))
    return [bool(v) for v in inside]


def from_degrees(longitude: float, latitude: float) -> tuple[float, float]:
    x, y = _on_proj_thread(lambda: pyproj.Transformer.from_crs(
        WGS84, DISPLAY, always_xy=True).transform(longitude, latitude))
    return float(x), float(y)


def ground_metres(display_metres: float, y: float) -> float:
    """Web Mercator stretches by 1/cos(latitude): the true length at display northing y."""
    latitude = np.degrees(2 * np.arctan(np.exp(y / 6378137.0)) - np.pi / 2)
    return float(display_metres * np.cos(np.radians(latitude)))
