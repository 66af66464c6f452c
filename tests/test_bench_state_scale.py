"""The synthetic district of ``bench/state_scale.py``: its counts, its tiling, its growth exponent."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

BENCH = Path(__file__).resolve().parent.parent / "bench" / "state_scale.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("state_scale", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.fixture(scope="module")
def district(bench):
    rng = np.random.default_rng([25, 1])
    return bench.village_rows(1_400, rng), bench.csc_rows(1_400, rng)


def test_grid_shape_is_near_square_in_tiles_of_two_by_four(bench):
    # 1,400 villages = 175 tiles of 8; sqrt(175 * 4 / 2) = 18.7 -> 19 rows, ceil(175 / 19) = 10 columns
    assert bench.grid_shape(1_400) == (19, 10)
    # 8x: 1,400 tiles; sqrt(2,800) = 52.9 -> 53 rows, ceil(1,400 / 53) = 27 columns
    assert bench.grid_shape(11_200) == (53, 27)


def test_one_district_has_1400_villages_175_panchayats_8_blocks_262_cscs(district):
    villages, cscs = district
    assert len(villages) == 1_400
    assert len({v["panchayat_code"] for v in villages}) == 175
    assert len({v["block_code"] for v in villages}) == 8
    assert len(cscs) == 262  # 175 x 1.5 = 262.5, rounded to even
    assert villages[0]["block_code"] == "9000.00000000" and villages[-1]["block_name"] == "BLOCK 8"


def test_the_villages_of_41_points_tile_without_overlap_and_cover_1400_cells_of_1_44_km2(district):
    villages, cscs = district
    shapes = gpd.GeoSeries.from_wkt([v["geometery_in_wkt"] for v in villages], crs=4326).to_crs(32645)
    assert shapes.is_valid.all()
    # 4 corners, 9 points along each of 4 edges, the first corner again to close the ring
    assert set(shapely.get_num_coordinates(shapes.values)) == {41}
    union = shapely.union_all(shapes.values)
    # shared corners: the parts add up to the whole (no overlap, no gap between neighbours)
    assert shapes.area.sum() == pytest.approx(union.area, rel=1e-6)
    # 1,400 cells of 1.2 km x 1.2 km = 2,016 km², give or take the jittered step where the last column ends
    assert union.area / 1e6 == pytest.approx(2_016.0, rel=0.005)
    points = gpd.points_from_xy([float(c["lon"]) for c in cscs], [float(c["lat"]) for c in cscs], crs=4326)
    assert gpd.GeoSeries(points).to_crs(32645).within(union).all()


def test_the_files_are_the_same_for_a_seed_and_differ_for_another(bench, district):
    again = bench.village_rows(1_400, np.random.default_rng([25, 1]))
    other = bench.village_rows(1_400, np.random.default_rng([26, 1]))
    assert again == district[0]
    assert other[0]["geometery_in_wkt"] != district[0][0]["geometery_in_wkt"]


def test_one_panchayat_for_the_fixed_cost(bench):
    rng = np.random.default_rng([25, 8])
    villages, cscs = bench.village_rows(8, rng), bench.csc_rows(8, rng)
    assert len(villages) == 8 and {v["panchayat_code"] for v in villages} == {"500000"}
    assert {v["block_name"] for v in villages} == {"BLOCK 1"}
    assert len(cscs) == 2  # 1.5 rounded to even


def test_growth_exponent_is_the_log_log_slope(bench):
    assert bench.growth_exponent([1, 2, 4, 8], [3.0, 6.0, 12.0, 24.0]) == pytest.approx(1.0)
    assert bench.growth_exponent([1_400, 2_800, 5_600], [1.0, 4.0, 16.0]) == pytest.approx(2.0)


def test_three_districts_are_three_named_districts_of_1400_villages_and_8_blocks(bench):
    rows = bench.village_rows(3 * 1_400, np.random.default_rng([25, 3]))
    by_district = {}
    for row in rows:
        by_district.setdefault((row["district_code"], row["district_name"]), set()).add(row["block_code"])
    counts = {key: sum(1 for r in rows if (r["district_code"], r["district_name"]) == key) for key in by_district}
    assert counts == {("700", "BENCHPUR 1"): 1_400, ("701", "BENCHPUR 2"): 1_400, ("702", "BENCHPUR 3"): 1_400}
    assert [len(blocks) for blocks in by_district.values()] == [8, 8, 8]


def test_a_step_reports_its_own_peak_memory_not_the_bench_s(bench, tmp_path):
    held = np.ones(400 * 2**20 // 8)  # the bench holding 400 MB, touched: a forked child's ru_maxrss would count it
    run = bench.run_geo(["--help"], tmp_path / "help.log")
    assert held.sum() == 400 * 2**20 // 8
    assert 50 < run.peak_mb < 400  # python -m geo --help alone: about 190 MB
    assert "usage" in (tmp_path / "help.log").read_text(encoding="utf-8")
