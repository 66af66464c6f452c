from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.review.indicators import bhawan_points
from geo.spatial.locate import panchayat_at, search_panchayats


@pytest.fixture
def two_gps() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"lgd_code": ["1", "2"], "name": ["Nala GP 01", "Kalajharia"], "name_hi": ["नाला ग्रा.पं. ०१", "कालाझरिया"]},
        geometry=[box(86.0, 23.0, 86.1, 23.1), box(86.1, 23.0, 86.2, 23.1)],
        crs=4326,
    )


def test_panchayat_at_inside_outside_and_on_the_shared_edge(two_gps):
    before = two_gps.copy()
    assert panchayat_at(two_gps, 86.05, 23.05) == "1"
    assert panchayat_at(two_gps, 86.15, 23.05) == "2"
    assert panchayat_at(two_gps, 86.1, 23.05) == "1"  # shared edge: the first row wins
    assert panchayat_at(two_gps, 87.0, 23.05) is None
    pd.testing.assert_frame_equal(two_gps, before)


def test_panchayat_at_finds_every_demo_bhawan(demo):
    bhawans = bhawan_points(demo.panchayats)
    found = [panchayat_at(demo.panchayats, p.x, p.y) for p in bhawans.geometry]
    assert found == demo.panchayats["lgd_code"].tolist()


def test_panchayat_at_rejects_wrong_input(two_gps):
    with pytest.raises(TypeError, match="'panchayats' should be a GeoDataFrame, got DataFrame"):
        panchayat_at(pd.DataFrame(two_gps), 86.05, 23.05)
    with pytest.raises(ValueError, match="must be in EPSG:4326.*to_crs"):
        panchayat_at(two_gps.to_crs(32645), 86.05, 23.05)


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("nala", ["1"]),
        ("NALA gp", ["1"]),
        ("gp nala", ["1"]),
        ("नाला", ["1"]),
        ("झरिया", ["2"]),
        ("०१", ["1"]),
        ("01", ["1"]),
        ("nala 1", ["1"]),
        ("नाला ०१", ["1"]),
        ("nala 2", []),
        ("2", ["2"]),
        ("a", ["2", "1"]),
        ("zzz", []),
        ("   ", []),
    ],
)
def test_search_panchayats_by_english_hindi_digits_and_code(two_gps, query, codes):
    before = two_gps.copy()
    assert search_panchayats(two_gps, query)["lgd_code"].tolist() == codes
    pd.testing.assert_frame_equal(two_gps, before)


def test_search_panchayats_puts_names_starting_with_the_query_first(demo):
    found = search_panchayats(demo.panchayats, "nala")
    assert len(found) == (demo.panchayats["name"].str.lower().str.contains("nala")).sum() > 0
    assert found["name"].iloc[0].lower().startswith("nala")
    assert search_panchayats(demo.panchayats, "नाला ग्रा.पं. ०३")["name"].tolist() == ["Nala GP 03"]
    assert search_panchayats(demo.panchayats, "nala 3")["name"].tolist() == ["Nala GP 03"]
    assert search_panchayats(demo.panchayats, "990103")["name"].tolist() == ["Jamtara GP 03"]
