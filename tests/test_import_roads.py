"""Importing a district's roads and water: GIS files that replace their layer, with a preview first."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, box
from tiny_district import ORIGIN, tiny_store

from cli import main
from geo.importing import IMPORT_KINDS, apply_import, import_file
from geo.storage.store import read_store, write_store


def _feature(properties: dict, geometry: dict | None) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _line(*points: tuple[float, float]) -> dict:
    return {"type": "LineString", "coordinates": [list(p) for p in points]}


def _geojson(path: Path, features: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path) -> Path:
    return write_store(tmp_path / "store.gpkg", tiny_store())


def test_roads_and_water_are_import_kinds():
    assert {"roads", "water"} <= set(IMPORT_KINDS)


def test_three_lines_one_without_a_class_and_one_polygon_are_refused_naming_both(tmp_path):
    path = _geojson(
        tmp_path / "roads.geojson",
        [
            _feature({"osm_id": "101", "highway": "primary"}, _line((86.79, 23.95), (86.81, 23.95))),
            _feature({"osm_id": "102", "highway": None}, _line((86.80, 23.94), (86.80, 23.96))),
            _feature({"osm_id": "103", "highway": "track"}, box(86.79, 23.94, 86.80, 23.95).__geo_interface__),
        ],
    )
    result = import_file("roads", tiny_store(), path)
    assert not result.ok and result.data is None
    errors = {p.where: p.message for p in result.report.errors}
    assert set(errors) == {"roads.geojson feature 2", "roads.geojson feature 3"}
    assert "no highway" in errors["roads.geojson feature 2"]
    assert "(id 103) is a Polygon; expected a line" in errors["roads.geojson feature 3"]


def test_skip_invalid_keeps_the_valid_line_and_returns_the_others_with_their_reasons(tmp_path):
    path = _geojson(
        tmp_path / "roads.geojson",
        [
            _feature({"osm_id": "101", "highway": "primary"}, _line((86.79, 23.95), (86.81, 23.95))),
            _feature({"osm_id": "102", "highway": ""}, _line((86.80, 23.94), (86.80, 23.96))),
            _feature({"osm_id": "103", "highway": "track"}, {"type": "Point", "coordinates": [86.8, 23.95]}),
        ],
    )
    result = import_file("roads", tiny_store(), path, skip_invalid=True)
    assert result.ok
    assert result.data.roads["id"].tolist() == ["101"]
    assert result.rejected["row"].tolist() == [2, 3]
    assert "is a Point" in result.rejected["reason"].iloc[1]


def test_an_osm_extract_keeps_its_classes_ids_and_names(tmp_path):
    path = _geojson(
        tmp_path / "gis_osm_roads.geojson",
        [
            _feature(
                {"osm_id": "101", "code": 5112, "fclass": "Primary", "name": "NH 114A"},
                _line((86.79, 23.95), (86.81, 23.95)),
            ),
            _feature(
                {"osm_id": "102", "code": 5141, "fclass": "construction", "name": None},
                _line((86.80, 23.94), (86.80, 23.96)),
            ),
        ],
    )
    given = path.read_bytes()
    result = import_file("roads", tiny_store(), path)
    assert result.ok
    roads = result.data.roads
    assert roads[["id", "highway"]].values.tolist() == [["101", "primary"], ["102", "construction"]]
    assert roads["name"].tolist()[0] == "NH 114A" and roads["name"].isna().tolist() == [False, True]
    assert roads["monsoon_closed"].isna().all()  # the file does not say
    assert set(roads.geom_type) == {"MultiLineString"}
    facts = "\n".join(result.report.facts)
    assert "not in the default speed table, kept as they are: construction" in facts
    assert "the store has no roads yet; the file's 2 become its roads" in facts
    assert path.read_bytes() == given


def test_without_an_id_column_ids_are_numbered_in_file_order(tmp_path):
    path = _geojson(
        tmp_path / "roads.geojson",
        [
            _feature({"highway": "track", "monsoon_closed": "yes"}, _line((86.79, 23.95), (86.80, 23.95))),
            _feature({"highway": "tertiary", "monsoon_closed": "no"}, _line((86.80, 23.95), (86.81, 23.95))),
        ],
    )
    roads = import_file("roads", tiny_store(), path).data.roads
    assert roads["id"].tolist() == ["road-000001", "road-000002"]
    assert roads["monsoon_closed"].tolist() == [True, False]


def test_a_file_without_crs_is_refused_unless_the_crs_is_given(tmp_path):
    utm = gpd.GeoSeries([Point(ORIGIN)], crs=4326).to_crs(32645).iloc[0]
    frame = gpd.GeoDataFrame(
        {"highway": ["secondary"]}, geometry=[LineString([(utm.x, utm.y), (utm.x + 1000, utm.y)])], crs=32645
    )
    shp = tmp_path / "roads.shp"
    frame.to_file(shp)
    shp.with_suffix(".prj").unlink()  # a Shapefile sent without its .prj
    archive = tmp_path / "roads.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in tmp_path.glob("roads.*"):
            if part.suffix != ".zip":
                zf.write(part, part.name)
    refused = import_file("roads", tiny_store(), archive)
    assert len(refused.report.errors) == 1 and refused.data is None
    assert "states no CRS" in refused.report.errors[0].message
    assert "--crs" in refused.report.errors[0].message
    result = import_file("roads", tiny_store(), archive, crs="EPSG:32645")
    assert result.ok
    road = result.data.roads
    assert road.crs.to_epsg() == 4326
    start = road.geometry.iloc[0].geoms[0].coords[0]
    assert start == pytest.approx(ORIGIN, abs=1e-6)  # reprojected back to where it was drawn
    assert road.to_crs(32645).length.iloc[0] == pytest.approx(1000, abs=0.01)


def test_a_replacement_is_previewed_and_needs_confirming(tmp_path, store):
    first = _geojson(
        tmp_path / "old.geojson",
        [
            _feature({"id": "a", "highway": "track"}, _line((86.79, 23.95), (86.80, 23.95))),
            _feature({"id": "b", "highway": "track"}, _line((86.80, 23.95), (86.81, 23.95))),
        ],
    )
    apply_import(store, import_file("roads", read_store(store, private=True), first), user="dio")
    assert read_store(store).roads["id"].tolist() == ["a", "b"]
    new = _geojson(
        tmp_path / "new.geojson",
        [
            _feature(
                {"id": f"n{i}", "highway": "unclassified"}, _line((86.79, 23.94 + i / 100), (86.81, 23.94 + i / 100))
            )
            for i in range(3)
        ],
    )
    preview = import_file("roads", read_store(store, private=True), new)
    assert not preview.ok
    assert "replaces the store's 2 roads with the file's 3" in "\n".join(preview.report.facts)
    (change,) = preview.changes
    assert (change.before, change.after, change.added, change.removed) == (2, 3, ("n0", "n1", "n2"), ("a", "b"))
    assert "would remove 2 of 2 roads" in preview.report.errors[0].message
    confirmed = import_file("roads", read_store(store, private=True), new, confirm_removal=True)
    apply_import(store, confirmed, user="dio")
    after = read_store(store)
    assert after.roads["id"].tolist() == ["n0", "n1", "n2"]
    assert len(after.panchayats) == 2 and len(after.villages) == 4  # nothing else changed


def test_water_polygons_are_imported_and_a_river_line_is_an_error_with_a_hint(tmp_path):
    river, reservoir = box(86.79, 23.90, 86.791, 24.0), box(86.82, 23.96, 86.83, 23.97)
    path = _geojson(
        tmp_path / "water.geojson",
        [
            _feature({"osm_id": "w1", "fclass": "river", "name": "Ajay", "name_hi": "अजय"}, river.__geo_interface__),
            _feature({"osm_id": "w2", "fclass": "reservoir", "name": None}, reservoir.__geo_interface__),
        ],
    )
    water = import_file("water", tiny_store(), path).data.water
    assert water[["id", "kind", "name", "name_hi"]].values.tolist()[0] == ["w1", "river", "Ajay", "अजय"]
    assert water["kind"].tolist() == ["river", "reservoir"]
    assert set(water.geom_type) == {"MultiPolygon"}
    line = _geojson(
        tmp_path / "waterways.geojson",
        [_feature({"osm_id": "w9", "fclass": "river"}, _line((86.79, 23.90), (86.79, 24.0)))],
    )
    (error,) = import_file("water", tiny_store(), line).report.errors
    assert error.where == "waterways.geojson feature 1"
    assert "is a LineString; expected a polygon" in error.message and "Buffer" in error.message


def test_a_feature_without_geometry_is_an_error_naming_it(tmp_path):
    path = _geojson(
        tmp_path / "roads.geojson",
        [
            _feature({"highway": "track"}, _line((86.79, 23.95), (86.80, 23.95))),
            _feature({"highway": "track"}, None),
        ],
    )
    (error,) = import_file("roads", tiny_store(), path).report.errors
    assert (error.where, error.message) == ("roads.geojson feature 2", "has no geometry; draw it or remove the feature")


def test_the_command_line_imports_roads_into_a_store(tmp_path, store, capsys):
    path = _geojson(
        tmp_path / "roads.geojson",
        [_feature({"osm_id": "7", "highway": "secondary"}, _line((86.79, 23.95), (86.81, 23.95)))],
    )
    assert main(["import", "roads", str(path), "--store", str(store), "--user", "dio"]) == 0
    assert "applied as version" in capsys.readouterr().out
    assert read_store(store).roads["id"].tolist() == ["7"]
    assert main(["import", "roads", str(path), "--store", str(store), "--lat-col", "y"]) == 2
    assert "--lat-col: not for a roads file" in capsys.readouterr().err
    missing = tmp_path / "none.gpkg"
    assert main(["import", "water", str(path), "--store", str(missing)]) == 2
    assert "does not exist" in capsys.readouterr().err
