"""validate_change: what an import changes, checked against its neighbours, reads as the whole-store check reads it.

Every case starts from the tiny store (two 10 km x 10 km panchayats, P1 west and P2 east of
86.80 E) with one problem of its own the change does not touch: service point C2 names P1
but stands in P2. The whole-store check lists it; the change's check does not.
"""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Polygon, box
from tiny_district import east, tiny_store

from geo.importing.apply import finish
from geo.importing.result import ImportResult
from geo.storage.store import StoreData, conform
from geo.storage.validate import ValidationReport, tiling, validate_change, validate_store

STANDING = "WARNING: service_points C2: names panchayat P1 but lies in P2; check the point or the panchayat"


@pytest.fixture
def base() -> StoreData:
    data = tiny_store()
    services = data.service_points.copy()
    services.loc[2, "panchayat_lgd"] = "P1"  # C2 stands 3 km east of the origin, in P2
    return dataclasses.replace(data, service_points=services)


def _problems(report: ValidationReport) -> set[str]:
    return {str(p) for p in report.problems}


def _with_rows(frame: gpd.GeoDataFrame, name: str, rows: list[dict]) -> gpd.GeoDataFrame:
    added = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    return conform(name, pd.concat([frame, added], ignore_index=True))


def _compare(base: StoreData, data: StoreData, layers: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """The change's problems, and those the whole store has besides (never fewer: the change's are among them)."""
    change, whole = _problems(validate_change(base, data, layers)), _problems(validate_store(data))
    assert change <= whole
    return change, whole - change


def test_the_tiny_store_has_one_problem_of_its_own(base):
    assert _problems(validate_store(base)) == {STANDING}


def test_a_new_panchayat_overlapping_an_old_one(base):
    utm = gpd.GeoSeries([east(-10)], crs=4326).to_crs(32645).iloc[0]  # P1's west edge, 10 km west of the origin
    square = gpd.GeoSeries([box(utm.x, utm.y + 3_000, utm.x + 1_500, utm.y + 4_000)], crs=32645).to_crs(4326)
    row = {"lgd_code": "P3", "name": "North GP", "block_lgd": "B1", "geometry": square.iloc[0]}  # 1.5 km² inside P1
    data = dataclasses.replace(base, panchayats=_with_rows(base.panchayats, "panchayats", [row]))
    change, besides = _compare(base, data, ("panchayats",))
    assert change == {
        "WARNING: panchayats P1 / P3: overlap 1.500 km²; the two claim the same land — fix the boundary in QGIS",
        "ERROR: panchayats: panchayats do not tile the district: overlap 1.500 km² (> 0.1% of the district); fix "
        "the boundaries in QGIS",
    }
    assert besides == {STANDING}


def test_a_new_village_outside_every_panchayat(base):
    row = {"census_code": "V5", "name": "far", "panchayat_lgd": "P2", "population": 50, "geometry": east(25)}
    data = dataclasses.replace(base, villages=_with_rows(base.villages, "villages", [row]))
    change, besides = _compare(base, data, ("villages",))
    assert change == {"ERROR: villages V5: lies outside the district; check its coordinates (lat/lon swapped?)"}
    assert besides == {STANDING}


def test_a_duplicate_key(base):
    row = {"id": "C1", "kind": "csc", "name": "CSC west again", "panchayat_lgd": "P1", "geometry": east(-5)}
    data = dataclasses.replace(base, service_points=_with_rows(base.service_points, "service_points", [row]))
    change, besides = _compare(base, data, ("service_points",))
    assert change == {"ERROR: service_points id C1: duplicate code (2 rows); codes must be unique"}
    assert besides == {STANDING}


def test_a_service_point_outside_the_district(base):
    row = {"id": "C9", "kind": "csc", "name": "CSC far", "panchayat_lgd": "P2", "geometry": east(30)}
    data = dataclasses.replace(base, service_points=_with_rows(base.service_points, "service_points", [row]))
    change, besides = _compare(base, data, ("service_points",))
    assert change == {
        "ERROR: service_points C9: lies outside the district but names a panchayat; check its coordinates "
        "(lat/lon swapped?)"
    }
    assert besides == {STANDING}


def test_a_change_with_no_problem(base):
    villages = base.villages.copy()
    villages.loc[villages["census_code"] == "V4", "population"] = 450
    data = dataclasses.replace(base, villages=villages)
    change, besides = _compare(base, data, ("villages",))
    assert change == set()
    assert besides == {STANDING}


def test_a_changed_panchayat_checks_the_points_that_lie_in_it_again(base):
    """P2 moved 5 km west, over half of P1: C2 (3 km east of the origin, naming P1) lies in the changed P2."""
    utm = gpd.GeoSeries([east(0)], crs=4326).to_crs(32645).iloc[0]
    moved = base.panchayats.copy()
    west = gpd.GeoSeries([box(utm.x - 5_000, utm.y - 5_000, utm.x + 5_000, utm.y + 5_000)], crs=32645).to_crs(4326)
    moved.loc[moved["lgd_code"] == "P2", "geometry"] = west.iloc[0]
    data = dataclasses.replace(base, panchayats=moved)
    change, besides = _compare(base, data, ("panchayats",))
    assert besides == set()  # every point lies in or names P2, or lies in P1 which P2 now overlaps
    assert STANDING in change  # checked again: its problem is still there
    assert (
        "WARNING: panchayats P1 / P2: overlap 50.000 km²; the two claim the same land — fix the boundary in QGIS"
        in change
    )


def test_the_import_lists_what_it_introduces_and_counts_what_stood_before(base):
    row = {"id": "C9", "kind": "csc", "name": "CSC far", "panchayat_lgd": "P2", "geometry": east(30)}
    services = _with_rows(base.service_points, "service_points", [row])
    services.loc[services["id"] == "C2", "name"] = "CSC east (renamed)"  # C2 changes; its old problem stays
    data = dataclasses.replace(base, service_points=services)
    result = finish(ImportResult("services", "csc.csv", None, ValidationReport()), base, data, ("service_points",))
    assert [str(p) for p in result.report.problems] == [
        "ERROR: service_points C9: lies outside the district but names a panchayat; check its coordinates "
        "(lat/lon swapped?)"
    ]
    assert [str(p) for p in result.standing] == [STANDING]
    assert "panchayats tile the district (within 0.1 %)" in result.report.facts  # the tiling, as it stands


def test_validate_change_names_what_it_was_given(base):
    with pytest.raises(TypeError, match="'base' should be a StoreData, got dict"):
        validate_change({}, base, ("villages",))
    with pytest.raises(ValueError, match="'layers' names unknown layer\\(s\\) 'village'; the store has: district"):
        validate_change(base, base, ("village",))


def test_neighbours_whose_shared_edge_is_not_matched_vertex_for_vertex_tile_without_a_gap():
    """B has a vertex halfway along the edge it shares with A, A has none: one 200 m x 100 m union, no gap."""
    x, y = 500_000, 2_650_000  # UTM 45N
    a = box(x, y, x + 100, y + 100)
    b = Polygon([(x + 100, y), (x + 200, y), (x + 200, y + 100), (x + 100, y + 100), (x + 100, y + 50)])
    frame = gpd.GeoDataFrame({"lgd_code": ["A", "B"]}, geometry=[a, b], crs=32645)
    found = tiling(frame, "lgd_code")
    assert (round(found.union_km2 * 1e6), round(found.sum_km2 * 1e6), round(found.outline_km2 * 1e6)) == (
        20_000,
        20_000,
        20_000,
    )
    assert found.overlaps == () and found.gaps == () and found.outside_km2 == 0.0


def test_a_panchayat_inside_another_is_an_overlap():
    x, y = 500_000, 2_650_000
    frame = gpd.GeoDataFrame(
        {"lgd_code": ["A", "B"]}, geometry=[box(x, y, x + 100, y + 100), box(x + 10, y + 10, x + 30, y + 30)], crs=32645
    )
    assert [(a, b, round(m2)) for a, b, m2 in tiling(frame, "lgd_code").overlaps] == [("A", "B", 400)]
