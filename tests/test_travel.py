from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pyproj import CRS
from shapely.geometry import LineString, Point, box

from geo.errors import GeoInputError
from geo.spatial.travel import Grid, minutes_between, speed_surface, travel_minutes, within_minutes

UTM = CRS.from_epsg(32645)
CELL = 100.0
WALK_MIN = 0.1 * 60 / 5  # 100 m on foot at 5 km/h: 1.2 minutes


def _grid(rows: int, cols: int) -> Grid:
    return Grid(UTM, 500_000.0, 2_650_000.0, CELL, rows, cols)


def _centre(grid: Grid, row: int, col: int) -> Point:
    return Point(grid.west + (col + 0.5) * CELL, grid.north - (row + 0.5) * CELL)


def _points(grid: Grid, *cells: tuple[int, int]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(geometry=[_centre(grid, r, c) for r, c in cells], crs=UTM)


def test_three_by_three_with_one_road_cell():
    grid = _grid(3, 3)
    speed = np.full((3, 3), 5.0)
    speed[1, 1] = 50.0  # one road cell in the middle
    minutes, nearest = travel_minutes(grid, speed, _points(grid, (0, 0)))
    diagonal = np.sqrt(2) * 0.1 * (12.0 + 1.2) / 2  # 141 m, half on foot (12 min/km), half on the road (1.2)
    assert minutes[0, 0] == 0.0
    assert minutes[0, 1] == pytest.approx(WALK_MIN)
    assert minutes[1, 1] == pytest.approx(diagonal)  # 0.9334
    assert minutes[2, 2] == pytest.approx(2 * diagonal)  # through the road cell, not around it (4.1 min)
    assert (nearest == 0).all()
    four, _ = travel_minutes(grid, speed, _points(grid, (0, 0)), neighbours=4)
    # via (0,1), the road cell and (1,2): 3.72 minutes
    assert four[2, 2] == pytest.approx(WALK_MIN + 2 * 0.1 * (12.0 + 1.2) / 2 + WALK_MIN)


def test_a_river_is_crossed_only_at_its_bridge():
    """5×5 cells; column 2 a river, the bottom row a road that bridges it; from the top-left to the top-right."""
    grid = _grid(5, 5)
    river = gpd.GeoDataFrame(
        geometry=[box(grid.west + 2 * CELL + 10, grid.north - 5 * CELL, grid.west + 3 * CELL - 10, grid.north)], crs=UTM
    )
    road = gpd.GeoDataFrame(
        {"highway": ["secondary"]}, geometry=[LineString([_centre(grid, 4, 1), _centre(grid, 4, 3)])], crs=UTM
    )
    speed = speed_surface(grid, road, barriers=river)
    assert speed[:4, 2].tolist() == [0.0] * 4 and speed[4, 1:4].tolist() == [50.0] * 3
    minutes, nearest = travel_minutes(grid, speed, _points(grid, (0, 0)), neighbours=4)
    # down 4 cells on foot, onto the road, across the bridge, off the road, up 4 cells on foot
    on_road = 0.1 * 60 / 50
    expected = 4 * WALK_MIN + (WALK_MIN + on_road) / 2 + on_road + on_road + (on_road + WALK_MIN) / 2 + 4 * WALK_MIN
    assert minutes[0, 4] == pytest.approx(expected)  # 13.32 minutes, against 4.8 straight across
    assert np.isinf(minutes[0, 2]) and nearest[0, 2] == -1  # the river itself
    no_bridge = speed_surface(grid, None, barriers=river)
    cut, cut_nearest = travel_minutes(grid, no_bridge, _points(grid, (0, 0)), neighbours=4)
    assert np.isinf(cut[:, 3:]).all() and (cut_nearest[:, 3:] == -1).all()


def test_each_cell_knows_its_nearest_source():
    grid = _grid(1, 5)
    minutes, nearest = travel_minutes(grid, np.full((1, 5), 5.0), _points(grid, (0, 0), (0, 4)))
    assert nearest.tolist() == [[0, 0, 0, 1, 1]] or nearest.tolist() == [[0, 0, 1, 1, 1]]
    assert minutes[0].tolist() == pytest.approx([0, WALK_MIN, 2 * WALK_MIN, WALK_MIN, 0])


@pytest.mark.parametrize("neighbours", [4, 8])
def test_the_nearest_source_is_the_one_a_fast_road_reaches_first(neighbours):
    # a road at 60 km/h on cells 6-9: from the source at 10, cell 5 is 0.65 + 3 × 0.1 + 0.65 = 1.6 minutes
    # away (6.0 on foot from the source at 0); cell 4 is 2.8 against 4.8, cell 3 is 4.0 against 3.6
    grid = _grid(1, 11)
    speed = np.full((1, 11), 5.0)
    speed[0, 6:10] = 60.0
    minutes, nearest = travel_minutes(grid, speed, _points(grid, (0, 10), (0, 0), (0, 10)), neighbours=neighbours)
    assert nearest.tolist() == [[1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]]  # two sources in cell 10: the first listed
    assert minutes[0, 3:6].tolist() == pytest.approx([3 * WALK_MIN, 1.6 + WALK_MIN, 1.6])


def test_the_nearest_source_around_a_river_is_not_the_nearest_as_the_crow_flies():
    # the river fills column 2 but for its bridge in the bottom row; A stands 2 cells from the top-left
    # cell (0, 1) across the water, B √5 cells: B is reached in 1.2 + 1.2√2 = 2.90 minutes, A in 5.79
    grid = _grid(3, 5)
    speed = np.full((3, 5), 5.0)
    speed[0:2, 2] = 0.0
    minutes, nearest = travel_minutes(grid, speed, _points(grid, (0, 3), (2, 0)))
    assert nearest.tolist() == [[1, 1, -1, 0, 0], [1, 1, -1, 0, 0], [1, 1, 1, 0, 0]]
    assert minutes[0, 1] == pytest.approx(WALK_MIN * (1 + np.sqrt(2)))
    assert minutes[2, 2] == pytest.approx(2 * WALK_MIN)  # the bridge: B's by 2.4 against 1.2 + 1.2√2 = 2.90


def test_a_long_path_keeps_its_source():
    # 40 cells in a row, sources at 0 and 31: cells 0-15 go to the first (15 steps against 16), the rest
    # to the second; a path of 15 steps takes several rounds of pointer jumping
    grid = _grid(1, 40)
    minutes, nearest = travel_minutes(grid, np.full((1, 40), 5.0), _points(grid, (0, 0), (0, 31)))
    assert nearest.tolist() == [[0] * 16 + [1] * 24]
    assert minutes[0, 15] == pytest.approx(15 * WALK_MIN) and minutes[0, 39] == pytest.approx(8 * WALK_MIN)


def test_a_cell_at_exactly_the_threshold_is_within_it():
    grid = _grid(1, 11)
    minutes, _ = travel_minutes(grid, np.full((1, 11), 5.0), _points(grid, (0, 0)))
    assert minutes[0, 10] == pytest.approx(12.0)  # ten steps of 1.2 minutes: a float sum, not exactly 12
    assert within_minutes(minutes, 12.0).sum() == 11 and within_minutes(minutes, 11.9).sum() == 10


def test_speed_surface_takes_the_fastest_road_and_names_unknown_classes():
    grid = _grid(3, 3)
    across = LineString([_centre(grid, 1, 0), _centre(grid, 1, 2)])
    down = LineString([_centre(grid, 0, 1), _centre(grid, 2, 1)])
    roads = gpd.GeoDataFrame({"highway": ["track", "primary"]}, geometry=[across, down], crs=UTM)
    speed = speed_surface(grid, roads.to_crs(4326))  # any CRS in, the grid's used
    assert speed[1].tolist() == [10.0, 70.0, 10.0] and speed[0].tolist() == [5.0, 70.0, 5.0]
    with pytest.raises(GeoInputError, match=r"no speed for road class 'ghat_road', 'jungle'; add them"):
        speed_surface(grid, roads.assign(highway=["jungle", "ghat_road"]))
    with pytest.raises(GeoInputError, match="no 'highway' column"):
        speed_surface(grid, roads.drop(columns="highway"))
    monsoon = speed_surface(grid, roads, speeds_kmh={"track": 2.0, "primary": 40.0})
    assert monsoon[1].tolist() == [5.0, 40.0, 5.0]  # a track slower than walking: walking it is


def test_bad_input_is_named():
    grid = _grid(2, 2)
    with pytest.raises(GeoInputError, match="neighbours should be 4 or 8, got 6"):
        travel_minutes(grid, np.full((2, 2), 5.0), _points(grid, (0, 0)), neighbours=6)
    outside = gpd.GeoDataFrame(geometry=[Point(0.0, 0.0)], index=["CSC-9"], crs=UTM)
    with pytest.raises(GeoInputError, match="sources CSC-9 lie outside the grid or on an impassable cell"):
        travel_minutes(grid, np.full((2, 2), 5.0), outside)
    with pytest.raises(GeoInputError, match="projected in metres"):
        Grid.covering(outside, 4326)


def test_grid_covering_an_area():
    area = gpd.GeoDataFrame(geometry=[box(500_000, 2_600_000, 501_050, 2_600_500)], crs=UTM)
    grid = Grid.covering(area.to_crs(4326), UTM, cell_m=100)
    assert (grid.rows, grid.cols) == (5, 11)
    assert grid.cell_of(_points(grid, (4, 10))) == (np.array([4]), np.array([10]))


def test_minutes_between_origins_and_targets():
    """1×4 cells on foot: from cell 0 and cell 3 to cells 1 and 3, and a target off the grid."""
    grid = _grid(1, 4)
    speed = np.full((1, 4), 5.0)
    off_grid = gpd.GeoDataFrame(geometry=[Point(grid.west - 500, grid.north - 50)], crs=UTM)
    targets = pd.concat([_points(grid, (0, 1), (0, 3)), off_grid], ignore_index=True)
    matrix = minutes_between(grid, speed, _points(grid, (0, 0), (0, 3)), targets, chunk=1)
    assert matrix[0, :2] == pytest.approx([WALK_MIN, 3 * WALK_MIN])
    assert matrix[1, :2] == pytest.approx([2 * WALK_MIN, 0.0])
    assert np.isinf(matrix[:, 2]).all()
    limited = minutes_between(grid, speed, _points(grid, (0, 0)), targets, limit_min=2 * WALK_MIN)
    assert limited[0, 0] == pytest.approx(WALK_MIN) and np.isinf(limited[0, 1])
    with pytest.raises(GeoInputError, match="origins 0 lie outside"):
        minutes_between(grid, speed, off_grid, targets)
