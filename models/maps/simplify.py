"""Simplified copies of a level's shapes for drawing at each zoom, without gaps between them."""
from __future__ import annotations

import numpy as np
import shapely

from models.schema.maps import DETAIL_TOLERANCES


def detail_levels(geometries: list[shapely.Geometry]) -> list[list[shapely.Geometry]]:
    """For each tolerance, every shape simplified with its neighbours along their shared
    edges (a coverage simplification: an edge two areas share moves once, for both); where
    the shapes overlap and are no coverage, each is simplified alone, topology kept."""
    shapes = np.array(geometries, dtype=object)
    levels = [list(shapes)]
    for tolerance in DETAIL_TOLERANCES[1:]:
        try:
            simplified = shapely.coverage_simplify(shapes, tolerance)
            if not all(shapely.is_valid(simplified)):
                raise shapely.errors.GEOSException("invalid after simplification")
        except shapely.errors.GEOSException:
            simplified = shapely.simplify(shapes, tolerance, preserve_topology=True)
        levels.append(list(simplified))
    return levels
