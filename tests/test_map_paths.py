"""Shapes become QPainterPaths in bulk exactly as point by point: rings, holes, multipolygons."""
from __future__ import annotations

import shapely
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath, QPolygonF

from desktop.maps.paths import combined_path, shape_paths

SHAPES = [
    shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(2, 2), (4, 2), (4, 4), (2, 4)]]),
    shapely.MultiPolygon([shapely.box(20, 20, 30, 30), shapely.box(40, 40, 45, 46)]),
    shapely.box(12_700_000.125, -330_000.5, 12_700_100.25, -329_900.75),  # metres, EPSG:3857
]


def _one_by_one(shape: shapely.Geometry) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(path.fillRule().OddEvenFill)
    for polygon in getattr(shape, "geoms", [shape]):
        for ring in (polygon.exterior, *polygon.interiors):
            path.addPolygon(QPolygonF([QPointF(x, y) for x, y in ring.coords]))
    return path


def test_bulk_paths_equal_point_by_point_paths(qapp) -> None:  # type: ignore[no-untyped-def]
    wkbs = [shapely.to_wkb(s) for s in SHAPES]
    for built, shape in zip(shape_paths(wkbs), SHAPES, strict=True):
        assert built == _one_by_one(shape)
    assert not shape_paths(wkbs)[0].contains(QPointF(3, 3))  # the hole stays empty
    assert shape_paths(wkbs)[0].contains(QPointF(6, 6))
    whole = combined_path(wkbs)
    assert whole.elementCount() == sum(_one_by_one(s).elementCount() for s in SHAPES)
    assert whole.boundingRect() == _one_by_one(shapely.GeometryCollection(
        [g for s in SHAPES for g in getattr(s, "geoms", [s])])).boundingRect()
    assert shape_paths([]) == [] and combined_path([]).isEmpty()
