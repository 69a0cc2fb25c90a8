"""Boundary files: joined to the master by code, reprojected, listed where they do not match."""
from __future__ import annotations

from pathlib import Path

import pyproj
import pytest
import shapely
from sqlalchemy import func, select

from models.maps.codes import CodeMapping
from models.maps.importing import import_boundaries, inspect_boundaries
from models.maps.queries import map_layer
from models.maps.reading import BoundaryFileError
from models.maps.simplify import detail_levels
from models.overview.map_measures import map_figures
from models.schema.areas import Sls
from models.schema.maps import AreaBoundary, BoundaryImport, BoundaryLevel
from models.work import Cancelled
from tests.builders import SmallCity
from tests.map_files import square, write_geojson, write_shapefile, zipped

TO_DISPLAY = pyproj.Transformer.from_crs(4326, 3857, always_xy=True)


def _sls_shapes(city: SmallCity) -> list[tuple[dict, list[tuple[float, float]]]]:
    """Four of the five SLS (the fifth has no shape), one code not in the master, one cell
    that is no code."""
    shapes = [({"IDSLS": s.bps_code, "NAMA": s.name}, square(i, 0))
              for i, s in enumerate(city.sls[:4])]
    shapes.append(({"IDSLS": "6371040009000100", "NAMA": "RT asing"}, square(0, 1)))
    shapes.append(({"IDSLS": "63710400O1000100", "NAMA": "salah ketik"}, square(1, 1)))
    return shapes


def _expected_bounds(column: int, row: int) -> tuple[float, float, float, float]:
    ring = square(column, row)
    xs, ys = TO_DISPLAY.transform([p[0] for p in ring], [p[1] for p in ring])
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.parametrize("form", ["shp-utm", "zip-utm", "shp-degrees", "geojson-degrees",
                                  "geojson-utm"])
def test_sls_shapes_join_by_idsls_and_land_where_they_are(db, tmp_path: Path, form: str) -> None:
    with db.session() as session:
        city = SmallCity(session)
        shapes = _sls_shapes(city)
        projected = form.endswith("utm")
        if form.startswith("geojson"):
            path = write_geojson(tmp_path / "sls.geojson", shapes, projected=projected)
        else:
            path = write_shapefile(tmp_path / "sls", shapes, projected=projected)
            if form.startswith("zip"):
                path = zipped(path)
        versions = dict(session.execute(select(Sls.id, Sls.version_id)).all())
        report = import_boundaries(session, path, level=BoundaryLevel.SLS)
        assert report.matched == 4
        assert [(u.number, u.code) for u in report.unmatched_shapes] == [
            (5, "6371040009000100"), (6, "63710400O1000100")]
        assert "tidak ada di master" in report.unmatched_shapes[0].reason
        assert [a.code for a in report.areas_without_shape] == [city.sls[4].bps_code]
        assert ("UTM zone 50S" in report.crs_name) == projected
        layer = map_layer(session, BoundaryLevel.SLS)
        assert [a.code for a in layer.areas] == [s.bps_code for s in city.sls[:4]]
        for column, area in enumerate(layer.areas):
            # reprojected from UTM or degrees to the display's metres, within a metre
            assert area.bounds == pytest.approx(_expected_bounds(column, 0), abs=1.0)
            assert area.kelurahan == "Alalak Utara" if column < 3 else "Alalak Tengah"
        # nothing in the master changed
        assert dict(session.execute(select(Sls.id, Sls.version_id)).all()) == versions


def test_kelurahan_codes_read_from_bps_part_columns(db, tmp_path: Path) -> None:
    with db.session() as session:
        city = SmallCity(session)
        shapes = [({"KDPROV": 63, "KDKAB": 71, "KDKEC": 40, "KDDESA": int(k.bps_code[-3:]),
                    "NMDESA": k.name}, square(i, 0, 0.01))
                  for i, k in enumerate([city.kel_a, city.kel_b])]
        path = write_shapefile(tmp_path / "desa", shapes, projected=False)
        preview = inspect_boundaries(path)
        assert preview.level is BoundaryLevel.KELURAHAN
        assert preview.mappings[BoundaryLevel.KELURAHAN] == CodeMapping(
            ("KDPROV", "KDKAB", "KDKEC", "KDDESA"), (2, 2, 3, 3))
        assert preview.mappings[BoundaryLevel.SLS] is None
        report = import_boundaries(session, path, level=BoundaryLevel.KELURAHAN)
        assert report.matched == 2 and not report.unmatched_shapes
        assert [a.name for a in map_layer(session, BoundaryLevel.KELURAHAN).areas] == [
            "Alalak Utara", "Alalak Tengah"]


def test_kecamatan_by_their_seven_digit_code(db, tmp_path: Path) -> None:
    with db.session() as session:
        city = SmallCity(session)
        path = write_geojson(tmp_path / "kec.geojson", [
            ({"KODE_KEC": int(city.kec.bps_code), "NAMA": city.kec.name}, square(0, 0, 0.05)),
            ({"KODE_KEC": "6371099", "NAMA": "bukan di master"}, square(1, 0, 0.05))])
        preview = inspect_boundaries(path)
        assert preview.level is BoundaryLevel.KECAMATAN
        report = import_boundaries(session, path, level=BoundaryLevel.KECAMATAN)
        assert report.matched == 1 and [u.code for u in report.unmatched_shapes] == ["6371099"]
        layer = map_layer(session, BoundaryLevel.KECAMATAN)
        assert [(a.code, a.name, a.kelurahan_id) for a in layer.areas] == [
            ("6371040", "Banjarmasin Utara", 0)]
        figures = map_figures(session, BoundaryLevel.KECAMATAN)
        assert figures[city.kec.id].sls_count == 5 and figures[city.kec.id].unassigned_sls == 5


def test_a_file_in_metres_without_its_prj_is_refused(db, tmp_path: Path) -> None:
    with db.session() as session:
        city = SmallCity(session)
        path = write_shapefile(tmp_path / "tanpa", _sls_shapes(city), projected=True, prj=False)
        with pytest.raises(BoundaryFileError, match=r"tidak menyebut sistem koordinatnya"):
            import_boundaries(session, path, level=BoundaryLevel.SLS)
        assert session.scalar(select(func.count()).select_from(BoundaryImport)) == 0


def test_a_file_matching_no_area_stores_nothing(db, tmp_path: Path) -> None:
    with db.session() as session:
        SmallCity(session)
        path = write_geojson(tmp_path / "lain.geojson",
                             [({"IDSLS": "1101010001000100"}, square(0, 0))])
        with pytest.raises(BoundaryFileError, match="tidak satu pun dari 1 bentuknya cocok"):
            import_boundaries(session, path, level=BoundaryLevel.SLS)
        assert session.scalar(select(func.count()).select_from(AreaBoundary)) == 0


def test_stray_and_broken_shapes_are_listed_and_the_rest_stored(db, tmp_path: Path) -> None:
    """A shape that lands in Africa, one with a coordinate that is no number, one that is a
    line: each listed with its number; the good ones stored."""
    with db.session() as session:
        city = SmallCity(session)
        shapes = _sls_shapes(city)[:3]
        stray = [(x - 100.0, y) for x, y in square(3, 0)]  # longitude 14.6: not Indonesia
        broken = [*square(4, 0)[:2], (float("nan"), -3.3), *square(4, 0)[2:]]
        path = write_geojson(tmp_path / "campur.geojson", [
            *shapes, ({"IDSLS": city.sls[3].bps_code}, stray),
            ({"IDSLS": city.sls[4].bps_code}, broken)])
        report = import_boundaries(session, path, level=BoundaryLevel.SLS)
        assert report.matched == 3
        assert [(u.number, u.code) for u in report.unmatched_shapes] == [
            (4, city.sls[3].bps_code)]
        assert "di luar Indonesia" in report.unmatched_shapes[0].reason
        assert [(p.row, "tidak sah" in p.reason) for p in report.problems] == [(5, True)]
        assert [a.code for a in map_layer(session, BoundaryLevel.SLS).areas] == [
            s.bps_code for s in city.sls[:3]]


def test_a_cancelled_import_leaves_nothing(db, tmp_path: Path) -> None:
    with db.session() as session:
        city = SmallCity(session)
        path = write_geojson(tmp_path / "sls.geojson", _sls_shapes(city))
        with pytest.raises(Cancelled):
            import_boundaries(session, path, level=BoundaryLevel.SLS,
                              progress=lambda done, _total: done < 4)
        session.rollback()
        assert session.scalar(select(func.count()).select_from(BoundaryImport)) == 0
        assert session.scalar(select(func.count()).select_from(AreaBoundary)) == 0


def test_a_later_import_is_the_one_drawn(db, tmp_path: Path) -> None:
    with db.session() as session:
        city = SmallCity(session)
        first = write_geojson(tmp_path / "a.geojson", _sls_shapes(city)[:2])
        second = write_geojson(tmp_path / "b.geojson", _sls_shapes(city)[:3])
        import_boundaries(session, first, level=BoundaryLevel.SLS)
        import_boundaries(session, second, level=BoundaryLevel.SLS)
        layer = map_layer(session, BoundaryLevel.SLS)
        assert layer.file_name == "b.geojson" and len(layer.areas) == 3


def test_simplified_neighbours_keep_their_shared_edges(tmp_path: Path) -> None:
    """Wiggly neighbours (Voronoi cells, densified) simplified at every level: no gap and no
    overlap opens between them, and they still cover the same ground."""
    points = shapely.MultiPoint([(x * 977 % 10_000, x * 613 % 10_000) for x in range(1, 60)])
    frame = shapely.box(0, 0, 10_000, 10_000)
    cells = [shapely.set_precision(shapely.segmentize(c.intersection(frame), 20), 0.001)
             for c in shapely.voronoi_polygons(points, extend_to=frame).geoms]
    for simplified in detail_levels(cells)[1:]:
        assert shapely.coverage_is_valid(simplified)  # no overlap, edges shared exactly
        union = shapely.union_all(simplified)
        assert union.geom_type == "Polygon" and not union.interiors  # no gap
        assert sum(c.area for c in simplified) == pytest.approx(union.area, rel=1e-9)
        assert union.area == pytest.approx(frame.area, rel=0.01)
    assert sum(len(shapely.get_coordinates(c)) for c in detail_levels(cells)[3]) < \
        sum(len(shapely.get_coordinates(c)) for c in cells) / 5
