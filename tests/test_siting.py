from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from cli import main
from geo.errors import GeoInputError
from geo.spatial.nearest import GEOD
from geo.spatial.siting import candidate_sites, coverage_pairs, maximal_covering, set_covering

LON0, LAT0 = 86.5, 23.9


def _east_km(km: float) -> Point:
    """A point ``km`` east of (LON0, LAT0) along the geodesic (azimuth 90°)."""
    lon, lat, _ = GEOD.fwd(LON0, LAT0, 90.0, km * 1000.0)
    return Point(lon, lat)


@pytest.fixture
def line():
    """Four villages 0, 2, 4 and 6 km east (4, 5, 5 and 4 people) and three sites between them, at 1, 3 and 5 km.

    With a 1.5 km reach each site covers the two villages beside it: L {v1, v2} 9 people, M {v2, v3} 10,
    R {v3, v4} 9. For two sites greedy takes M first (10), then L or R adds 4: 14. The optimum is L + R: 18.
    """
    villages = gpd.GeoDataFrame(
        {"census_code": ["1", "2", "3", "4"], "name": ["v1", "v2", "v3", "v4"], "population": [4, 5, 5, 4]},
        geometry=[_east_km(km) for km in (0, 2, 4, 6)],
        crs=4326,
    )
    sites = gpd.GeoDataFrame(
        {
            "id": ["L", "M", "R"],
            "name": ["L", "M", "R"],
            "name_hi": ["एल", "एम", "आर"],
            "panchayat_lgd": ["p1", "p1", "p2"],
            "panchayat_name": ["P1", "P1", "P2"],
        },
        geometry=[_east_km(km) for km in (1, 3, 5)],
        crs=4326,
    )
    none = gpd.GeoDataFrame(geometry=[], crs=4326)
    return villages, sites, none


def test_coverage_is_exact_at_the_threshold():
    here = gpd.GeoDataFrame(geometry=[Point(LON0, LAT0)], crs=4326)
    lon, lat, _ = GEOD.fwd(LON0, LAT0, 30.0, 10_000.0)  # exactly 10 km away
    lon2, lat2, _ = GEOD.fwd(LON0, LAT0, 30.0, 10_001.0)
    there = gpd.GeoDataFrame(geometry=[Point(lon, lat), Point(lon2, lat2)], crs=4326)
    assert coverage_pairs(here, there, 10.0).toarray().tolist() == [[True, False]]
    assert coverage_pairs(here, there, 10.002).toarray().tolist() == [[True, True]]


def test_maximal_covering_beats_greedy_where_greedy_is_wrong(line):
    villages, sites, none = line
    before = [frame.copy() for frame in (villages, sites)]
    answer = maximal_covering(villages, sites, none, k=2, radius_km=1.5)
    assert sorted(answer.sites["id"]) == ["L", "R"] and answer.covered_after == 18 and answer.optimal
    assert answer.sites["people_newly_covered"].tolist() == [9, 9]
    assert answer.sites["people_covered"].tolist() == [9, 18]
    assert answer.greedy["id"].tolist()[0] == "M" and answer.greedy["people_newly_covered"].tolist() == [10, 4]
    assert (answer.people, answer.covered_before, answer.gap) == (18, 0, 0.0)
    pd.testing.assert_frame_equal(villages, before[0])
    pd.testing.assert_frame_equal(sites, before[1])
    one = maximal_covering(villages, sites, none, k=1, radius_km=1.5)
    assert one.sites["id"].tolist() == ["M"] and one.covered_after == 10


def test_existing_centres_stay_and_their_people_count_as_covered(line):
    villages, sites, _ = line
    existing = gpd.GeoDataFrame(geometry=[_east_km(0.3)], crs=4326)  # reaches v1 (0.3 km), not v2 (1.7 km)
    answer = maximal_covering(villages, sites, existing, k=1, radius_km=1.5)
    assert answer.covered_before == 4
    assert answer.sites["id"].tolist() == ["M"] and answer.covered_after == 14  # L would add only v2: 5


def test_coverage_never_falls_as_the_radius_or_k_grows(line):
    villages, sites, none = line
    by_radius = [maximal_covering(villages, sites, none, k=1, radius_km=r).covered_after for r in (0.5, 1.5, 3.5)]
    by_k = [maximal_covering(villages, sites, none, k=k, radius_km=1.5).covered_after for k in (1, 2, 3)]
    assert by_radius == [0, 10, 18] and by_k == [10, 18, 18]


def test_one_site_per_panchayat(line):
    villages, sites, none = line
    answer = maximal_covering(villages, sites, none, k=2, radius_km=1.5, one_per_panchayat=True)
    assert sorted(answer.sites["id"]) == ["L", "R"]  # L and R are in different panchayats
    sites = sites.assign(panchayat_lgd=["p1", "p2", "p1"])  # L and R now share one
    answer = maximal_covering(villages, sites, none, k=2, radius_km=1.5, one_per_panchayat=True)
    assert sorted(answer.sites["id"]) in (["L", "M"], ["M", "R"]) and answer.covered_after == 14


def test_set_covering_fewest_sites_and_who_stays_out_of_reach(line):
    villages, sites, none = line
    answer = set_covering(villages, sites, none, radius_km=1.5)
    assert sorted(answer.sites["id"]) == ["L", "R"] and answer.unreachable == 0 and answer.optimal
    far = pd.concat(
        [
            villages,
            gpd.GeoDataFrame(
                {"census_code": ["9"], "name": ["far"], "population": [7]}, geometry=[_east_km(30)], crs=4326
            ),
        ],
        ignore_index=True,
    )
    answer = set_covering(far, sites, none, radius_km=1.5)
    assert answer.unreachable == 7 and answer.covered_after == 18 and answer.people == 25


def test_unknown_population_is_left_out_and_said(line):
    villages, sites, none = line
    villages = villages.assign(population=[4, np.nan, 5, 4])
    answer = maximal_covering(villages, sites, none, k=2, radius_km=1.5)
    assert answer.villages_not_counted == 1 and answer.people == 13 and answer.covered_after == 13


def test_candidates_are_never_existing_centres(demo):
    from geo.review.analysis import analyse

    analysis = analyse(demo)
    services = analysis.services
    csc = services[(services["kind"] == "csc") & services["functional"].astype(bool)]
    bhawans = candidate_sites(analysis.panchayats, analysis.villages, services, "csc")
    assert not set(bhawans["panchayat_lgd"]) & set(csc["panchayat_lgd"])  # only panchayats with no working CSC
    villages = candidate_sites(analysis.panchayats, analysis.villages, services, "csc", among="villages")
    assert len(villages) <= len(analysis.villages)
    assert coverage_pairs(villages, csc, 0.001).nnz == 0 and coverage_pairs(bhawans, csc, 0.001).nnz == 0
    answer = maximal_covering(analysis.villages, bhawans, csc, k=3, radius_km=2.0)
    assert not set(answer.sites["id"]) & set(csc["id"]) and answer.optimal
    assert answer.covered_after >= answer.covered_before + int(answer.greedy["people_newly_covered"].sum())


def test_bad_input_is_a_clear_error(line):
    villages, sites, none = line
    with pytest.raises(GeoInputError, match="k should be a whole number of sites, 1 or more, got 0"):
        maximal_covering(villages, sites, none, k=0, radius_km=1.5)
    with pytest.raises(GeoInputError, match="radius_km should be a distance in km above 0, got -1"):
        maximal_covering(villages, sites, none, k=1, radius_km=-1)
    with pytest.raises(GeoInputError, match="no 'population' column"):
        maximal_covering(villages.drop(columns="population"), sites, none, k=1, radius_km=1.5)
    with pytest.raises(GeoInputError, match="'among' should be 'bhawans', 'villages' or 'grid', got 'roads'"):
        candidate_sites(villages, villages, sites, "csc", among="roads")


def test_cli_site(tmp_path, capsys, demo_copy):
    out = tmp_path / "sites.csv"
    assert (
        main(["site", "--store", str(demo_copy), "--kind", "csc", "--k", "3", "--radius-km", "2", "--out", str(out)])
        == 0
    )
    printed = capsys.readouterr().out
    assert "DEMO DATA — not official" in printed and "proven optimal (HiGHS)" in printed
    table = pd.read_csv(out, encoding="utf-8-sig", dtype={"panchayat_lgd": str})
    assert table.columns.tolist() == [
        "rank",
        "id",
        "name",
        "name_hi",
        "panchayat_lgd",
        "panchayat_name",
        "lon",
        "lat",
        "people_newly_covered",
        "people_covered",
        "within",
        "measured_by",
    ]
    assert table["rank"].tolist() == [1, 2, 3] and table["people_newly_covered"].is_monotonic_decreasing


def test_grid_candidates_are_the_cell_centres_inside_the_panchayats():
    """Two panchayats side by side, 3 km × 2 km together (UTM 45N); a 1 km grid has six centres, three in each."""
    west, north = 500_000.0, 2_650_000.0
    gps = gpd.GeoDataFrame(
        {
            "lgd_code": ["1", "2"],
            "name": ["West GP", "East GP"],
            "name_hi": ["पश्चिम", None],
            "bhawan_lon": [None, None],
            "bhawan_lat": [None, None],
        },
        geometry=[box(west, north - 2000, west + 1500, north), box(west + 1500, north - 2000, west + 3000, north)],
        crs=32645,
    ).to_crs(4326)
    services = gpd.GeoDataFrame(
        {"kind": [], "functional": [], "panchayat_lgd": []}, geometry=gpd.GeoSeries([], crs=4326)
    )
    sites = candidate_sites(gps, gps.iloc[0:0], services, "csc", among="grid", grid_km=1.0)
    assert sites["id"].tolist() == ["G-000-000", "G-000-001", "G-000-002", "G-001-000", "G-001-001", "G-001-002"]
    assert sites["panchayat_lgd"].tolist() == ["1", "1", "2", "1", "1", "2"]  # the middle column at 1.5 km is west's
    assert sites["name"].iloc[2] == "Grid point 000-002 (East GP)"
    assert sites["name_hi"].tolist()[:3] == [
        "ग्रिड बिंदु 000-000 (पश्चिम)",
        "ग्रिड बिंदु 000-001 (पश्चिम)",
        "ग्रिड बिंदु 000-002 (East GP)",
    ]
    centre = sites.to_crs(32645).geometry.iloc[4]
    assert (round(centre.x), round(centre.y)) == (west + 1500, north - 1500)
