"""The ``roads`` and ``water`` layers: in the contract, in the store, and in the DEMO district."""

from __future__ import annotations

import dataclasses
import sqlite3

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import LineString, Point, box
from tiny_district import east, tiny_store

from geo.storage.demo import METRIC_CRS
from geo.storage.schema import LAYERS, SCHEMA_VERSION
from geo.storage.store import empty_layer, read_store, write_store

#: The Jamtara block HQ of the demo (geo.storage.demo.BLOCKS), lon/lat.
JAMTARA_HQ = (86.80, 23.96)


def _tiny_network() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    roads = gpd.GeoDataFrame(
        {
            "id": ["r1", "r2"],
            "highway": ["primary", "track"],
            "name": ["Main road", None],
            "monsoon_closed": [False, True],
        },
        geometry=[LineString([east(-5), east(5)]), LineString([east(0), Point(86.80, 23.99)])],
        crs=4326,
    )
    water = gpd.GeoDataFrame(
        {"id": ["w1"], "name": ["Ajay"], "name_hi": ["अजय"], "kind": ["river"]},
        geometry=[box(86.79, 23.90, 86.791, 24.0)],
        crs=4326,
    )
    return roads, water


# --- the contract and the store -----------------------------------------------------------------


def test_the_contract_has_roads_and_water_since_schema_5():
    assert SCHEMA_VERSION == "7"  # 6 brought the districts, 7 the directions; roads and water stay of 5
    assert (LAYERS["roads"].geometry, LAYERS["roads"].key, LAYERS["roads"].since) == ("MultiLineString", ("id",), "5")
    assert list(LAYERS["roads"].columns) == ["id", "highway", "name", "monsoon_closed"]
    assert (LAYERS["water"].geometry, LAYERS["water"].key, LAYERS["water"].since) == ("MultiPolygon", ("id",), "5")
    assert list(LAYERS["water"].columns) == ["id", "name", "name_hi", "kind"]
    assert list(empty_layer("roads").columns) == ["id", "highway", "name", "monsoon_closed", "geometry"]


def test_a_store_without_roads_has_empty_layers():
    data = tiny_store()
    assert data.roads.empty and data.water.empty
    assert data.roads.crs.to_epsg() == 4326


def test_roads_and_water_round_trip_as_multi_geometries(tmp_path):
    roads, water = _tiny_network()
    given = (roads.copy(), water.copy())
    data = dataclasses.replace(tiny_store(), roads=roads, water=water)
    back = read_store(write_store(tmp_path / "s.gpkg", data))
    assert back.roads["id"].tolist() == ["r1", "r2"]
    assert back.roads["highway"].tolist() == ["primary", "track"]
    assert back.roads["monsoon_closed"].tolist() == [False, True]
    assert back.roads["name"].isna().tolist() == [False, True]
    assert set(back.roads.geom_type) == {"MultiLineString"}
    assert back.water[["id", "name", "name_hi", "kind"]].values.tolist() == [["w1", "Ajay", "अजय", "river"]]
    assert back.water.geom_type.tolist() == ["MultiPolygon"]
    # 10 km of road, east(-5) to east(5), in metres
    assert back.roads.to_crs(METRIC_CRS).length.iloc[0] == pytest.approx(10_000, rel=2e-3)
    assert back.water.geometry.iloc[0].equals(shapely.MultiPolygon([box(86.79, 23.90, 86.791, 24.0)]))
    assert roads.equals(given[0]) and water.equals(given[1])  # the caller's frames are unchanged


def test_a_store_of_schema_4_reads_roads_and_water_as_empty_and_gains_them_on_write(tmp_path):
    path = write_store(tmp_path / "old.gpkg", tiny_store())
    with sqlite3.connect(path) as con:  # as a store written before schema 5
        for name in ("roads", "water"):
            con.execute(f"DROP TABLE {name}")
            con.execute("DELETE FROM gpkg_contents WHERE table_name = ?", (name,))
            con.execute("DELETE FROM gpkg_geometry_columns WHERE table_name = ?", (name,))
    old = read_store(path)
    assert old.roads.empty and old.water.empty
    assert list(old.roads.columns) == ["id", "highway", "name", "monsoon_closed", "geometry"]
    roads, water = _tiny_network()
    write_store(path, dataclasses.replace(tiny_store(), roads=roads, water=water), layers=("roads",))
    again = read_store(path)
    assert again.roads["id"].tolist() == ["r1", "r2"]
    assert again.water.empty  # only the roads were written
    assert len(again.panchayats) == 2


# --- the DEMO district --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def network(demo):
    return demo.roads.to_crs(METRIC_CRS), demo.water.to_crs(METRIC_CRS)


def test_demo_roads_have_the_listed_classes(demo):
    assert {"trunk", "secondary", "tertiary", "unclassified", "track"} <= set(demo.roads["highway"])
    assert (demo.roads["highway"] == "trunk").sum() == 1
    assert demo.roads["id"].is_unique
    assert set(demo.roads.geom_type) == {"MultiLineString"}
    assert demo.roads.crs.to_epsg() == 4326


def test_demo_tracks_are_closed_in_the_monsoon_and_main_roads_are_not(demo):
    roads = demo.roads
    assert roads.loc[roads["highway"] == "track", "monsoon_closed"].all()
    assert not roads.loc[roads["highway"].isin(["trunk", "secondary"]), "monsoon_closed"].any()


def test_the_demo_highway_passes_the_jamtara_hq(network):
    roads, _ = network
    hq = gpd.GeoSeries([Point(JAMTARA_HQ)], crs=4326).to_crs(METRIC_CRS).iloc[0]
    highway = roads[roads["highway"] == "trunk"].geometry.iloc[0]
    assert highway.distance(hq) < 200


def test_every_demo_bhawan_is_within_50_m_of_a_road(demo, network):
    roads, _ = network
    bhawans = gpd.GeoSeries(
        gpd.points_from_xy(demo.panchayats["bhawan_lon"], demo.panchayats["bhawan_lat"]), crs=4326
    ).to_crs(METRIC_CRS)
    network_union = roads.union_all()
    assert len(bhawans) == 118
    assert (bhawans.distance(network_union) < 50).all()


def test_the_demo_road_network_is_connected(network):
    roads, _ = network
    joined = roads.buffer(2).union_all()  # roads meeting within a few metres (a junction snapped to 1e-7 degree)
    assert joined.geom_type == "Polygon"


def test_demo_has_the_ajay_and_the_barakar(demo, network):
    water = demo.water.set_index("id")
    assert sorted(zip(water["name"], water["name_hi"], water["kind"], strict=True)) == [
        ("Ajay", "अजय", "river"),
        ("Barakar", "बराकर", "river"),
    ]
    _, rivers = network
    width = 2 * rivers.area / rivers.length  # a long thin polygon: area = length × width, perimeter ≈ 2 × length
    assert ((width > 60) & (width < 150)).all()
    district = demo.district.to_crs(METRIC_CRS).geometry.iloc[0]
    for river in rivers.geometry:
        assert river.intersects(district) and not river.within(district)  # they run in the district and leave it


def test_demo_rivers_are_crossed_by_a_few_bridges(network):
    roads, rivers = network
    water = rivers.union_all()
    crossings = {}
    for road in roads.itertuples():
        wet = road.geometry.intersection(water)
        if not wet.is_empty:
            crossings[road.id] = (road.highway, len(getattr(wet, "geoms", [wet])))
    bridges = sum(n for _, n in crossings.values())
    assert 2 <= bridges <= 8
    classes = {cls for cls, _ in crossings.values()}
    assert {"trunk", "secondary"} <= classes  # the highway and some secondary roads have bridges
    tracks = (roads["highway"] == "track").sum()
    assert sum(cls == "track" for cls, _ in crossings.values()) < tracks / 4  # most tracks do not cross
