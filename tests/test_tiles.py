"""Travel time tile by tile with a halo (the national scale's plan, docs/national.md) against the whole grid."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from shapely.geometry import Point

from geo.spatial.tiles import exact_within, travel_minutes_tiled
from geo.spatial.travel import Grid, travel_minutes

UTM = "EPSG:32645"
CELL = 100.0


def grid(rows: int, cols: int) -> Grid:
    return Grid(UTM, 500_000.0, 2_650_000.0, CELL, rows, cols)


def at(g: Grid, row: int, col: int) -> Point:
    return Point(g.west + (col + 0.5) * CELL, g.north - (row + 0.5) * CELL)


def sources(g: Grid, cells: list[tuple[int, int]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(geometry=[at(g, r, c) for r, c in cells], crs=UTM)


def test_a_tile_sees_only_the_sources_inside_its_halo():
    g = grid(1, 4)  # 6 km/h: a minute a cell; a tile of 2 cells, a halo of 1
    speed = np.full((1, 4), 6.0)
    minutes, nearest = travel_minutes_tiled(g, speed, sources(g, [(0, 0)]), tile_cells=2, halo_cells=1, neighbours=4)
    assert minutes.tolist() == [[0.0, 1.0, np.inf, np.inf]]  # cols 2-3 search cols 1-3: the source is not there
    assert nearest.tolist() == [[0, 0, -1, -1]]
    assert exact_within(g, speed, 1) == 1.0


def test_tiled_equals_the_whole_grid_within_the_halo_and_never_reads_less():
    rng = np.random.default_rng(25)
    g = grid(60, 80)
    speed = rng.choice([5.0, 5.0, 5.0, 30.0, 0.0], size=(60, 80))
    cells = [(int(r), int(c)) for r, c in zip(rng.integers(0, 60, 12), rng.integers(0, 80, 12), strict=True)]
    for r, c in cells:
        speed[r, c] = 5.0
    points = sources(g, cells)
    whole, whole_nearest = travel_minutes(g, speed, points)
    tiled, tiled_nearest = travel_minutes_tiled(g, speed, points, tile_cells=20, halo_cells=10)
    bound = exact_within(g, speed, 10)
    assert bound == 2.0  # 10 cells of 100 m at 30 km/h
    near = whole <= bound
    assert near.sum() > 100
    np.testing.assert_allclose(tiled[near], whole[near], rtol=0, atol=1e-9)
    assert (whole_nearest[near] == tiled_nearest[near]).mean() > 0.99  # ties between two sources may differ
    reached = np.isfinite(whole)
    assert (tiled[reached] >= whole[reached] - 1e-9).all()


def test_a_halo_as_large_as_the_grid_gives_the_whole_answer():
    rng = np.random.default_rng(7)
    g = grid(30, 40)
    speed = rng.choice([5.0, 30.0], size=(30, 40))
    points = sources(g, [(3, 4), (25, 33), (15, 20)])
    whole, whole_nearest = travel_minutes(g, speed, points)
    tiled, tiled_nearest = travel_minutes_tiled(g, speed, points, tile_cells=8, halo_cells=40)
    np.testing.assert_array_equal(tiled, whole)
    np.testing.assert_array_equal(tiled_nearest, whole_nearest)
