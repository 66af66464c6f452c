from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from geo.spatial.places import CITIZEN_KINDS, nearest_centres

#: 0.01° of latitude at 23.005° N on WGS84, by hand: M = a(1−e²)/(1−e²·sin²φ)^1.5 = 6,345,180 m per radian.
ONE_HUNDREDTH_DEGREE_M = 1107.44


@pytest.fixture
def district():
    panchayats = gpd.GeoDataFrame(
        {
            "lgd_code": ["1", "2"],
            "name": ["Nala", "Kita"],
            "name_hi": ["नाला", "किता"],
            "bhawan_lon": [86.0, np.nan],
            "bhawan_lat": [23.0, np.nan],
            "block_name": ["B", "B"],
        },
        geometry=[box(85.95, 22.95, 86.05, 23.05), box(86.05, 22.95, 86.15, 23.05)],
        crs=4326,
    )
    villages = gpd.GeoDataFrame(
        {
            "census_code": ["11"],
            "name": ["Dumka"],
            "name_hi": ["दुमका"],
            "panchayat_name": ["Nala"],
            "csc_id": ["C1"],
            "csc_dist_km": [2.5],
            "aadhaar_id": ["A1"],
            "aadhaar_dist_km": [7.25],
        },
        geometry=[Point(86.02, 23.02)],
        crs=4326,
    )
    services = gpd.GeoDataFrame(
        {
            "id": ["C1", "C2", "A1"],
            "kind": ["csc", "csc", "aadhaar"],
            "name": ["CSC 1", "CSC 2", "Aadhaar"],
            "name_hi": ["सीएससी 1", "सीएससी 2", "आधार"],
            "functional": [True, False, True],
        },
        geometry=[Point(86.0, 23.01), Point(86.0, 23.001), Point(86.1, 23.0)],
        crs=4326,
    )
    return panchayats, villages, services


def test_panchayats_measured_from_the_bhawan_to_functional_centres_only(district):
    panchayats, villages, services = district
    before = [frame.copy() for frame in district]
    places = nearest_centres(panchayats, villages, services)
    nala = places.iloc[0]
    assert nala["csc_id"] == "C1"  # C2 is 111 m away but not functional: never offered
    assert nala["csc_dist_m"] == pytest.approx(ONE_HUNDREDTH_DEGREE_M, abs=0.5)
    assert nala.geometry.equals(Point(86.0, 23.0))
    kita = places.iloc[1]  # no bhawan recorded: its centroid (area centroid in UTM), about (86.1, 23.0), at A1
    assert kita["aadhaar_id"] == "A1" and kita["aadhaar_dist_m"] == pytest.approx(0.0, abs=1.0)
    for frame, copy in zip(district, before, strict=True):
        pd.testing.assert_frame_equal(frame, copy)


def test_villages_keep_the_analysis_distances_and_a_kind_without_centres_is_missing(district):
    panchayats, villages, services = district
    places = nearest_centres(panchayats, villages, services)
    village = places.iloc[2]
    assert village[["kind", "code", "name", "within"]].tolist() == ["village", "11", "Dumka", "Nala"]
    assert village["csc_id"] == "C1" and village["csc_dist_m"] == 2500.0  # the gap lists' number, not recomputed
    assert village["aadhaar_dist_m"] == 7250.0
    assert places["pmgdisha_id"].isna().all() and places["pmgdisha_dist_m"].isna().all()  # no PMGDISHA centre
    assert [c for c in places.columns if c.endswith("_dist_m")] == [f"{k}_dist_m" for k in CITIZEN_KINDS]
    assert places.crs.to_epsg() == 4326


def test_demo_places_agree_with_the_village_access(demo):
    from geo.review.analysis import analyse

    analysis = analyse(demo)
    places = nearest_centres(analysis.panchayats, analysis.villages, analysis.services)
    assert (places["kind"] == "panchayat").sum() == 118 and len(places) == 118 + len(analysis.villages)
    villages = places[places["kind"] == "village"]
    assert villages["aadhaar_dist_m"].to_numpy() == pytest.approx(analysis.villages["aadhaar_dist_km"] * 1000)
    assert places[[f"{k}_id" for k in CITIZEN_KINDS]].notna().all().all()
