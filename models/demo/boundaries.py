"""Made-up but plausible boundaries for the demo city: nested Voronoi cells in an invented outline.

Every SLS is a cell of one Voronoi diagram of points spread inside its kelurahan's region,
so the SLS tile the city without gaps; a kelurahan is the union of its SLS, so each SLS lies
in its kelurahan by construction. The imports are marked made up (`made_up`), and the map
says so.
"""
from __future__ import annotations

import math
import random

import numpy as np
import shapely
from sqlalchemy.orm import Session

from models.maps.importing import store_shapes
from models.maps.projection import from_degrees
from models.schema.areas import Kecamatan, Kelurahan
from models.schema.maps import BoundaryLevel

CENTRE = (114.5900, -3.3190)  # Banjarmasin, degrees
RADIUS = 6_500.0  # metres (display): the invented outline's mean radius for the demo city
CITY_SLS = 1_233  # the demo city's SLS; a larger master gets a wider outline, SLS alike
# Where each kecamatan's region lies, as a share of the radius from the centre.
PLACES = {"Utara": (0.05, 0.62), "Selatan": (-0.05, -0.62), "Timur": (0.62, 0.0),
          "Barat": (-0.62, 0.05), "Tengah": (0.0, 0.0)}
FILE_NAME = "batas contoh (buatan, bukan peta resmi)"
GRID = 0.01  # metres: coordinates snapped alike, so neighbours share exact vertices


def made_up_boundaries(session: Session, tree: list[tuple[Kecamatan, list[Kelurahan]]],
                       seed: int = 2020) -> None:
    """Store invented kecamatan, kelurahan and SLS boundaries for the demo's areas
    (flushed)."""
    rng = random.Random(seed)
    count = sum(1 for _k, villages in tree for v in villages for s in v.sls if s.active)
    radius = RADIUS * math.sqrt(max(count, 1) / CITY_SLS)
    outline = _outline(rng, radius)
    kecamatan_regions = _cells(outline, [_place(k.name, i, len(tree), radius)
                                         for i, (k, _) in enumerate(tree)])
    seeds: list[tuple[float, float]] = []
    owners: list[tuple[str, str]] = []  # (kelurahan code, SLS code) of each seed
    for (_kec, villages), region in zip(tree, kecamatan_regions, strict=True):
        village_regions = _cells(region, _relaxed(region, len(villages), rng))
        for village, village_region in zip(villages, village_regions, strict=True):
            sls = sorted((s for s in village.sls if s.active), key=lambda s: s.bps_code)
            for point, unit in zip(_serpentine(_relaxed(village_region, len(sls), rng)), sls,
                                   strict=True):
                seeds.append(point)
                owners.append((village.bps_code, unit.bps_code))
    sls_cells = _cells(outline, seeds)
    sls_shapes = {code: cell for (_kel, code), cell in zip(owners, sls_cells, strict=True)}
    by_village: dict[str, list[shapely.Geometry]] = {}
    for (kel, _code), cell in zip(owners, sls_cells, strict=True):
        by_village.setdefault(kel, []).append(cell)
    village_shapes = {code: shapely.set_precision(shapely.coverage_union_all(cells), GRID)
                      for code, cells in by_village.items()}
    kecamatan_shapes = {
        kec.bps_code: shapely.set_precision(shapely.coverage_union_all(
            [village_shapes[v.bps_code] for v in villages if v.bps_code in village_shapes]),
            GRID)
        for kec, villages in tree if any(v.bps_code in village_shapes for v in villages)}
    for level, shapes in ((BoundaryLevel.KECAMATAN, kecamatan_shapes),
                          (BoundaryLevel.KELURAHAN, village_shapes),
                          (BoundaryLevel.SLS, sls_shapes)):
        store_shapes(session, level, shapes, file_name=FILE_NAME, file_sha256="",
                     crs_name="WGS 84 / Pseudo-Mercator", shapes_read=len(shapes),
                     made_up=True)


def _centre() -> tuple[float, float]:
    return from_degrees(*CENTRE)


def _outline(rng: random.Random, mean_radius: float) -> shapely.Polygon:
    """A city-like blob: a circle with a few slow bulges, and a river bend cut in its west."""
    cx, cy = _centre()
    phases = [rng.uniform(0, 2 * math.pi) for _ in range(3)]
    points = []
    for step in range(240):
        angle = 2 * math.pi * step / 240
        radius = mean_radius * (1 + 0.13 * math.sin(3 * angle + phases[0])
                           + 0.07 * math.sin(5 * angle + phases[1])
                           + 0.03 * math.sin(9 * angle + phases[2]))
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return shapely.set_precision(shapely.Polygon(points), GRID)


def _place(name: str, index: int, count: int, radius: float) -> tuple[float, float]:
    """A kecamatan's seed: by its name's compass word in a city of five, else spread on a
    sunflower spiral (even density for a province's many)."""
    cx, cy = _centre()
    for word, (dx, dy) in PLACES.items():
        if count <= len(PLACES) and word.lower() in name.lower():
            return cx + dx * radius, cy + dy * radius
    turn = math.pi * (3 - math.sqrt(5))  # the golden angle
    distance = 0.85 * radius * math.sqrt((index + 0.5) / max(count, 1))
    return cx + distance * math.cos(index * turn), cy + distance * math.sin(index * turn)


def _cells(region: shapely.Geometry, points: list[tuple[float, float]]
           ) -> list[shapely.Geometry]:
    """The Voronoi cells of `points` (in their order) within `region`, on the grid."""
    if len(points) == 1:
        return [region]
    diagram = shapely.voronoi_polygons(shapely.MultiPoint(points), extend_to=region,
                                       ordered=True)
    cells = [shapely.set_precision(cell.intersection(region), GRID) for cell in diagram.geoms]
    return [_largest(cell) for cell in cells]


def _largest(cell: shapely.Geometry) -> shapely.Geometry:
    """A cell clipped into pieces keeps them all if polygons; stray lines are dropped."""
    polygons = [g for g in getattr(cell, "geoms", [cell]) if g.geom_type == "Polygon"]
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def _relaxed(region: shapely.Geometry, count: int, rng: random.Random
             ) -> list[tuple[float, float]]:
    """`count` points spread evenly inside `region`: random, then moved twice to their
    cells' centres (Lloyd), so cells come out of similar size, as SLS are."""
    min_x, min_y, max_x, max_y = region.bounds
    shapely.prepare(region)
    points: list[tuple[float, float]] = []
    while len(points) < count:
        x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
        if shapely.contains_xy(region, x, y):
            points.append((x, y))
    for _ in range(2):
        if count < 2:
            break
        cells = _cells(region, points)
        points = [(c.centroid.x, c.centroid.y) if not c.is_empty else p
                  for c, p in zip(cells, points, strict=True)]
    return points


def _serpentine(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """North to south in bands, west to east then back: neighbouring numbers, neighbouring
    SLS, as an RT list walks its streets."""
    if not points:
        return points
    ys = np.array([p[1] for p in points])
    bands = max(1, round(math.sqrt(len(points) / 2)))
    edges = np.linspace(ys.min(), ys.max() + 1e-6, bands + 1)
    ordered = []
    for band in range(bands):
        lower, upper = edges[bands - band - 1], edges[bands - band]
        row = sorted((p for p in points if lower <= p[1] < upper), key=lambda p: p[0],
                     reverse=band % 2 == 1)
        ordered += row
    return ordered
