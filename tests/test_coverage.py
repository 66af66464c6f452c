"""Tests for geo.spatial.coverage (radius coverage and the one reach rule)."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal
from pyproj import Geod
from shapely.geometry import Point

from geo.errors import GeoInputError
from geo.spatial.coverage import CoverageResult, coverage, coverage_curve, coverage_of, within_reach

GEOD = Geod(ellps="WGS84")
LON0, LAT0 = 86.80, 23.96


def village_frame() -> gpd.GeoDataFrame:
    """Four villages 2, 4, 6 and 12 km from one CSC, in two blocks."""
    dists_km = [2, 4, 6, 12]
    azimuths = [0, 90, 180, 270]
    lons, lats, _ = GEOD.fwd([LON0] * 4, [LAT0] * 4, azimuths, [d * 1000 for d in dists_km])
    return gpd.GeoDataFrame(
        {"population": [100, 200, 300, 400], "block_lgd": ["A", "A", "B", "B"]},
        geometry=[Point(x, y) for x, y in zip(lons, lats, strict=True)],
        crs="EPSG:4326",
        index=pd.Index(["v2", "v4", "v6", "v12"], name="census_code"),
    )


def csc_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"id": ["c1", "b1"], "kind": ["csc", "bank"], "name": ["CSC", "Bank"], "name_hi": ["सीएससी", "बैंक"],
         "functional": [True, True]},
        geometry=[Point(LON0, LAT0), Point(LON0 + 0.5, LAT0)],
        crs="EPSG:4326",
    )  # fmt: skip


def test_coverage_counts_and_weighted_share() -> None:
    villages, services = village_frame(), csc_frame()
    before_v, before_s = villages.copy(), services.copy()
    res = coverage(villages, services, "csc", 5)
    assert isinstance(res, CoverageResult)
    assert res.per_origin.index.equals(villages.index)
    assert res.per_origin["covered"].tolist() == [True, True, False, False]
    np.testing.assert_allclose(res.per_origin["nearest_dist_m"], [2000, 4000, 6000, 12000], atol=1e-3)
    assert (res.per_origin["nearest_id"] == "c1").all()
    # (100 + 200) / (100 + 200 + 300 + 400)
    assert res.share_covered == pytest.approx(0.3)
    total = res.total.loc["total"]
    assert total[["origins", "covered", "population", "population_covered"]].tolist() == [4, 2, 1000, 300]
    assert res.weighted_by == "population" and res.radius_km == 5.0 and res.kinds == ("csc",)
    assert res.by_group is None
    assert_geodataframe_equal(villages, before_v)
    assert_geodataframe_equal(services, before_s)


def test_coverage_radius_changes_share() -> None:
    villages = village_frame()
    assert coverage(villages, csc_frame(), "csc", 10).share_covered == pytest.approx(0.6)
    assert coverage(villages, csc_frame(), "csc", 1.5).share_covered == 0.0
    assert coverage(villages, csc_frame(), "csc", 20).share_covered == 1.0


def test_coverage_by_group_sums_to_total() -> None:
    res = coverage(village_frame(), csc_frame(), "csc", 5, group_by="block_lgd")
    assert res.by_group is not None
    assert res.by_group.index.name == "block_lgd"
    assert res.by_group.loc["A"].tolist() == [2, 2, 100 + 200, 100 + 200, 1.0, 0]
    assert res.by_group.loc["B"].tolist() == [2, 0, 300 + 400, 0, 0.0, 0]
    summed = res.by_group[["origins", "covered", "population", "population_covered"]].sum()
    columns = ["origins", "covered", "population", "population_covered"]
    assert summed.tolist() == res.total.loc["total", columns].tolist()
    assert list(pd.concat([res.by_group, res.total]).columns) == list(res.total.columns)


def test_coverage_count_weighted_without_weight_column() -> None:
    villages = village_frame().drop(columns="population")
    res = coverage(villages, csc_frame(), "csc", 5)
    assert res.weighted_by is None
    assert res.share_covered == pytest.approx(0.5)
    assert res.total.loc["total", "population"] == 4
    assert coverage(village_frame(), csc_frame(), "csc", 5, weight=None).share_covered == pytest.approx(0.5)


def test_coverage_list_of_kinds() -> None:
    res = coverage(village_frame(), csc_frame(), ["bank", "csc"], 5)
    assert res.kinds == ("bank", "csc")
    assert res.share_covered == pytest.approx(0.3)


@pytest.mark.parametrize("radius", [0, -1, math.inf, math.nan])
def test_coverage_radius_validation(radius: float) -> None:
    with pytest.raises(GeoInputError, match="radius_km must be finite and > 0"):
        coverage(village_frame(), csc_frame(), "csc", radius)


def test_coverage_radius_type_and_group_errors() -> None:
    with pytest.raises(TypeError, match="radius_km must be a number"):
        coverage(village_frame(), csc_frame(), "csc", "5")  # type: ignore[arg-type]
    with pytest.raises(GeoInputError, match="group_by='block'"):
        coverage(village_frame(), csc_frame(), "csc", 5, group_by="block")


def test_coverage_bad_weights() -> None:
    villages = village_frame()
    villages.loc["v4", "population"] = -5
    with pytest.raises(GeoInputError, match=r"population.*>= 0.*'v4'.*not recorded"):
        coverage(villages, csc_frame(), "csc", 5)


def test_unrecorded_weights_are_counted_apart():
    villages = village_frame()
    villages["population"] = pd.array([100, None, 300, 400], dtype="Int64")  # v4 (covered) not recorded
    res = coverage(villages, csc_frame(), "csc", 5)
    total = res.total.loc["total"]
    assert total[["origins", "covered", "population", "population_covered", "unweighted"]].tolist() == [
        4,
        2,
        800,
        100,
        1,
    ]
    assert res.share_covered == pytest.approx(100 / 800)


def test_within_reach_is_inclusive_and_keeps_unmeasured():
    assert within_reach(np.array([4.999, 5.0, 5.0001, np.nan]), 5).tolist() == [True, True, False, pd.NA]


def test_coverage_of_reads_an_analysis_distances():
    villages = village_frame().assign(
        csc_id="c1", csc_name="CSC", csc_name_hi="सीएससी", csc_dist_km=[2.0, 4.0, 6.0, 12.0]
    )
    res = coverage_of(villages, "csc", 5, group_by="block_lgd")
    direct = coverage(village_frame(), csc_frame(), "csc", 5, group_by="block_lgd")
    assert res.per_origin["covered"].tolist() == direct.per_origin["covered"].tolist() == [True, True, False, False]
    assert res.by_group.equals(direct.by_group)
    with pytest.raises(GeoInputError, match="no distance to a functional pmgdisha was measured"):
        coverage_of(villages, "pmgdisha", 5)


def test_coverage_curve_is_the_coverage_at_each_threshold():
    villages = gpd.GeoDataFrame(
        {
            "aadhaar_id": ["A"] * 4,
            "aadhaar_name": ["Centre"] * 4,
            "aadhaar_name_hi": [None] * 4,
            "aadhaar_dist_km": [0.5, 2.0, 2.5, 7.0],
            "population": pd.array([100, 200, None, 700], dtype="Int64"),
        },
        geometry=gpd.points_from_xy([86.8] * 4, [23.9] * 4),
        crs=4326,
    )
    curve = coverage_curve(villages, "aadhaar", [1, 2, 5, 10])
    # by hand: of the 1,000 people recorded, 100 within 1 km, 300 within 2 km (2.0 is within), 300 within 5, all 1,000
    assert curve["km"].tolist() == [1.0, 2.0, 5.0, 10.0]
    assert curve["population_covered"].tolist() == [100, 300, 300, 1000]
    assert curve["share_covered"].tolist() == pytest.approx([0.1, 0.3, 0.3, 1.0])
