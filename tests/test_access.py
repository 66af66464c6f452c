"""Travel-time access per village and panchayat: hand-computed minutes on small grids (100 m cells, UTM 45N)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box

from geo.errors import GeoInputError
from geo.spatial.access import (
    SCENARIOS,
    TravelSettings,
    beyond_minutes,
    isochrone_bands,
    measure_access,
    minutes_curve,
    nearest_id_raster,
    people_within_areas,
    speed_table,
    within_travel,
)
from geo.spatial.siting import maximal_covering, set_covering

UTM = "EPSG:32645"
WEST, NORTH, CELL = 500_000.0, 2_650_000.0, 100.0


def _at(row: int, col: int) -> Point:
    return Point(WEST + (col + 0.5) * CELL, NORTH - (row + 0.5) * CELL)


def _frames(rows: int, cols: int, villages: list[tuple[str, int, int, float | None]]):
    district = gpd.GeoDataFrame(geometry=[box(WEST, NORTH - rows * CELL, WEST + cols * CELL, NORTH)], crs=UTM)
    half = WEST + cols // 2 * CELL
    panchayats = gpd.GeoDataFrame(
        {
            "lgd_code": ["01", "02"],
            "name": ["West GP", "East GP"],
            "name_hi": ["पश्चिम", "पूर्व"],
            "block_lgd": ["9", "9"],
            "bhawan_lon": [np.nan, np.nan],
            "bhawan_lat": [np.nan, np.nan],
        },
        geometry=[
            box(WEST, NORTH - rows * CELL, half, NORTH),
            box(half, NORTH - rows * CELL, WEST + cols * CELL, NORTH),
        ],
        crs=UTM,
    ).to_crs(4326)
    bhawans = gpd.GeoSeries([_at(0, 1), _at(0, cols - 1)], crs=UTM).to_crs(4326)
    panchayats["bhawan_lon"], panchayats["bhawan_lat"] = bhawans.x.to_numpy(), bhawans.y.to_numpy()
    frame = gpd.GeoDataFrame(
        {
            "census_code": [v[0] for v in villages],
            "name": [v[0] for v in villages],
            "population": pd.array([v[3] for v in villages], dtype="Int64"),
            "panchayat_lgd": ["01" if v[2] < cols // 2 else "02" for v in villages],
            "block_lgd": "9",
        },
        geometry=[_at(v[1], v[2]) for v in villages],
        crs=UTM,
    ).to_crs(4326)
    services = gpd.GeoDataFrame(
        {
            "id": ["AAD-1", "AAD-2", "CSC-1"],
            "name": ["HQ centre", "Closed one", "A CSC"],
            "kind": ["aadhaar", "aadhaar", "csc"],
            "functional": pd.array([True, False, True], dtype="boolean"),
        },
        geometry=[_at(0, 0), _at(0, cols - 1), _at(0, cols - 1)],
        crs=UTM,
    ).to_crs(4326)
    blocks = pd.DataFrame({"lgd_code": ["9"], "name": ["Block"], "name_hi": ["प्रखंड"]})
    return frame, panchayats, services, district.to_crs(4326), blocks


def test_on_foot_minutes_people_within_and_beyond():
    """1×10 cells; the functional centre in cell 0; walking 1.2 min a cell."""
    villages, gps, services, district, blocks = _frames(1, 10, [("A", 0, 3, 100), ("B", 0, 9, 50), ("C", 0, 6, None)])
    access = measure_access(villages, gps, services, district, "aadhaar")
    assert access.on_foot and access.grid.cols == 10 and access.grid.rows == 1
    assert access.villages["minutes"].tolist() == pytest.approx([3.6, 10.8, 7.2])
    assert access.villages["via_id"].tolist() == ["AAD-1"] * 3  # the closed centre at cell 9 is not one
    assert access.panchayats["minutes"].tolist() == pytest.approx([1.2, 10.8])  # from each bhawan
    table = people_within_areas(access, blocks, thresholds_min=(3.6, 10))
    district_row = table[table["level"] == "district"].iloc[0]
    assert district_row["population"] == 150 and district_row["villages_not_counted"] == 1
    assert district_row["within_3.6_min"] == 100  # exactly at the threshold is within
    assert district_row["within_10_min"] == 100
    assert district_row["share_3.6_min"] == pytest.approx(100 / 150)
    east = table[(table["level"] == "panchayat") & (table["lgd_code"] == "02")].iloc[0]
    assert east["population"] == 50 and east["within_10_min"] == 0 and east["villages_not_counted"] == 1
    assert table["level"].tolist() == ["district", "block", "panchayat", "panchayat"]
    beyond = beyond_minutes(access, 7.2)
    assert (beyond.villages, beyond.population, beyond.not_counted) == (1, 50, 0)
    beyond = beyond_minutes(access, 3.5)
    assert (beyond.villages, beyond.population, beyond.not_counted) == (3, 150, 1)
    assert beyond.title() == "Villages beyond 3.5 min of an Aadhaar centre"
    assert beyond.title("hi") == "आधार केंद्र से 3.5 मिनट से दूर गाँव"
    assert beyond.title("hi-u-nu-deva") == "आधार केंद्र से ३.५ मिनट से दूर गाँव"  # was geo.spatial.access's doctest
    assert beyond.note("hi-u-nu-deva") == "उनमें से १ गाँवों की जनसंख्या दर्ज नहीं"
    assert beyond.note() == "1 of them have no population recorded"


def test_a_track_bridges_the_river_in_the_dry_season_only():
    """1×10 cells, a river on column 5, a track along the row (10 km/h: 0.6 min a cell), closed in the rains."""
    villages, gps, services, district, blocks = _frames(1, 10, [("A", 0, 3, 100), ("B", 0, 9, 50)])
    river = gpd.GeoDataFrame(geometry=[box(WEST + 510, NORTH - 100, WEST + 590, NORTH)], crs=UTM).to_crs(4326)
    track = gpd.GeoDataFrame(
        {"highway": ["track"], "monsoon_closed": [True]}, geometry=[LineString([_at(0, 0), _at(0, 9)])], crs=UTM
    ).to_crs(4326)
    dry = measure_access(villages, gps, services, district, "aadhaar", roads=track, water=river)
    assert dry.villages["minutes"].tolist() == pytest.approx([1.8, 5.4])
    wet = measure_access(
        villages,
        gps,
        services,
        district,
        "aadhaar",
        roads=track,
        water=river,
        settings=TravelSettings(scenario="monsoon"),
    )
    assert wet.roads_used == 0 and wet.scenario is SCENARIOS["monsoon"]
    assert wet.villages["minutes"].iloc[0] == pytest.approx(3 * 2.0)  # walking 3 km/h: 2 minutes a cell
    assert not wet.villages["reached"].iloc[1] and pd.isna(wet.villages["minutes"].iloc[1])
    assert pd.isna(wet.villages["via_id"].iloc[1])
    table = people_within_areas(wet, blocks, thresholds_min=(120,))
    assert table.loc[0, "not_reached"] == 50 and table.loc[0, "within_120_min"] == 100
    assert beyond_minutes(wet, 1_000).population == 50  # unreached is beyond any threshold


def test_a_centre_on_a_water_polygon_stands_on_dry_land():
    villages, gps, services, district, _ = _frames(1, 4, [("A", 0, 2, 10)])
    pond = gpd.GeoDataFrame(geometry=[box(WEST, NORTH - 100, WEST + 100, NORTH)], crs=UTM).to_crs(4326)
    access = measure_access(villages, gps, services, district, "aadhaar", water=pond)
    assert access.villages["minutes"].iloc[0] == pytest.approx(2.4)


def test_isochrone_bands_hold_the_cells_of_each_band():
    """1×5 cells on foot from cell 0: 0, 1.2, 2.4, 3.6, 4.8 minutes; bands ≤ 2.4, 2.4–4, > 4."""
    villages, gps, services, district, _ = _frames(1, 5, [("A", 0, 1, 10)])
    bands = isochrone_bands(measure_access(villages, gps, services, district, "aadhaar"), (2.4, 4))
    assert bands["band"].tolist() == [0, 1, 2]
    assert bands["area_km2"].tolist() == [0.03, 0.01, 0.01]  # cells 0–2 (2.4 is within), cell 3, cell 4
    assert bands["label"].tolist() == ["≤ 2.4 min", "2.4–4 min", "> 4 min"]
    assert bands["label_hi"].iloc[2] == "> 4 मिनट"
    assert bands.crs.to_epsg() == 4326


def test_nearest_id_raster_names_each_value():
    villages, gps, services, district, _ = _frames(1, 3, [("A", 0, 1, 10)])
    access = measure_access(villages, gps, services, district, "csc")
    values, table = nearest_id_raster(access)
    assert values.tolist() == [[1, 1, 1]]
    assert table.to_dict("records") == [{"value": 1, "id": "CSC-1", "name": "A CSC"}]


def test_no_functional_centre_and_unknown_scenario_are_named():
    villages, gps, services, district, _ = _frames(1, 3, [("A", 0, 1, 10)])
    with pytest.raises(GeoInputError, match="no functional pmgdisha centre"):
        measure_access(villages, gps, services, district, "pmgdisha")
    with pytest.raises(GeoInputError, match="unknown scenario 'winter'"):
        measure_access(villages, gps, services, district, "aadhaar", settings=TravelSettings(scenario="winter"))


def test_speed_table_reads_classes_and_the_off_road_walk():
    speeds, walk = speed_table(pd.DataFrame({"class": ["primary", "off_road"], "kmh": ["60", "4.5"]}), "s.csv")
    assert speeds == {"primary": 60.0} and walk == 4.5
    with pytest.raises(GeoInputError, match=r"s.csv: rows \[3\] have no speed"):
        speed_table(pd.DataFrame({"class": ["primary", "track"], "kmh": ["60", "fast"]}), "s.csv")
    with pytest.raises(GeoInputError, match="listed twice"):
        speed_table(pd.DataFrame({"class": ["track", "track"], "kmh": ["6", "8"]}), "s.csv")
    with pytest.raises(GeoInputError, match="needs the columns class and kmh"):
        speed_table(pd.DataFrame({"road": ["track"]}), "s.csv")


def test_siting_by_minutes_sees_the_river_that_kilometres_do_not():
    """1×10 cells, a river on column 5 with no bridge; 100 people at column 6, 10 at column 2.

    A site at column 4 is 200 m from both (straight line covers 110 within 0.25 km), but
    on foot it reaches only the 10 on its bank within 5 minutes; a site at column 8 reaches the 100.
    """
    villages, gps, services, district, _ = _frames(1, 10, [("A", 0, 6, 100), ("B", 0, 2, 10)])
    river = gpd.GeoDataFrame(geometry=[box(WEST + 510, NORTH - 100, WEST + 590, NORTH)], crs=UTM).to_crs(4326)
    far = services[services["kind"] == "csc"].iloc[0:0]  # no existing centre of the kind
    candidates = gpd.GeoDataFrame(
        {"id": ["S4", "S8"], "name": ["four", "eight"], "panchayat_lgd": ["01", "02"]},
        geometry=[_at(0, 4), _at(0, 8)],
        crs=UTM,
    ).to_crs(4326)
    by_km = maximal_covering(villages, candidates, far, k=1, radius_km=0.25)
    assert by_km.sites["id"].tolist() == ["S4"] and by_km.covered_after == 110
    access = measure_access(villages, gps, services, district, "aadhaar", water=river)
    reach = within_travel(access, 5.0)
    by_minutes = maximal_covering(villages, candidates, far, k=1, reach=reach)
    assert by_minutes.sites["id"].tolist() == ["S8"] and by_minutes.covered_after == 100
    assert by_minutes.reach.text() == "5 min" and by_minutes.optimal
    assert set_covering(villages, candidates, far, reach=reach).sites["id"].tolist() == ["S8", "S4"]
    with pytest.raises(GeoInputError, match="minutes above 0"):
        within_travel(access, 0)


def test_minutes_curve_counts_people_within_each_time():
    villages, gps, services, district, _ = _frames(1, 10, [("A", 0, 3, 100), ("B", 0, 9, 50), ("C", 0, 6, None)])
    curve = minutes_curve(measure_access(villages, gps, services, district, "aadhaar"), (3.6, 10, 10.8))
    assert curve["people_within"].tolist() == [100, 100, 150]
    assert curve["share"].tolist() == pytest.approx([100 / 150, 100 / 150, 1.0])


def test_a_site_in_a_river_covers_no_one():
    villages, gps, services, district, _ = _frames(1, 10, [("A", 0, 6, 100), ("B", 0, 4, 10)])
    river = gpd.GeoDataFrame(geometry=[box(WEST + 510, NORTH - 100, WEST + 590, NORTH)], crs=UTM).to_crs(4326)
    access = measure_access(villages, gps, services, district, "aadhaar", water=river)
    sites = gpd.GeoDataFrame(geometry=[_at(0, 5), _at(0, 7)], crs=UTM).to_crs(4326)
    cover = within_travel(access, 1.2).pairs(villages, sites).toarray()
    assert cover.tolist() == [[False, True], [False, False]]  # A is one cell from column 7; the river site reaches none
