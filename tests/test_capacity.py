from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pyproj import CRS
from shapely.geometry import Point, box

from geo.errors import GeoInputError
from geo.spatial.capacity import CapacityResult, CentreColumns, capacity_coverage, summarise_coverage
from geo.spatial.population import people_within, population_surface
from geo.spatial.travel import Grid, minutes_between, travel_minutes, within_minutes

UTM = CRS.from_epsg(32645)
CELL = 100.0
WALK_MIN = 0.1 * 60 / 5  # 100 m on foot at 5 km/h: 1.2 minutes a cell


def _grid(rows: int, cols: int) -> Grid:
    return Grid(UTM, 500_000.0, 2_650_000.0, CELL, rows, cols)


def _centre(grid: Grid, row: int, col: int) -> Point:
    return Point(grid.west + (col + 0.5) * CELL, grid.north - (row + 0.5) * CELL)


def _centres(grid: Grid, cells: list[tuple[int, int]], **columns: list) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(columns, geometry=[_centre(grid, r, c) for r, c in cells], crs=UTM)


def _villages(grid: Grid, cells: list[tuple[int, int]], population: list, **columns: list) -> gpd.GeoDataFrame:
    frame = {"census_code": [f"v{c}" for _, c in cells], "population": population, **columns}
    return gpd.GeoDataFrame(
        frame, geometry=[_centre(grid, r, c) for r, c in cells], crs=UTM, index=[f"v{r}{c}" for r, c in cells]
    )


@pytest.fixture
def row7():
    """1×7 cells on foot. A (capacity 100) in cell 0, B (no capacity: unlimited) in cell 6; villages in cells 1–5.

    Populations 60, 70, 30, 20, 10; at most 3.6 minutes (3 cells). B goes first (unlimited): cells 5, 4 and 3
    (1.2, 2.4 and exactly 3.6 minutes): 60 people. A then takes cell 1 (60) and 40 of cell 2's 70: full.
    Cell 2's other 30 are 4.8 minutes from B: unserved, although within A's reach.
    """
    grid = _grid(1, 7)
    centres = _centres(grid, [(0, 0), (0, 6)], id=["A", "B"], capacity=[100, None])
    villages = _villages(
        grid,
        [(0, c) for c in range(1, 6)],
        [60, 70, 30, 20, 10],
        panchayat_lgd=["p1", "p1", "p2", "p2", "p2"],
        block_lgd=["b1"] * 5,
    )
    return grid, np.full((1, 7), 5.0), centres, villages


def test_a_row_with_a_limited_and_an_unlimited_centre(row7):
    grid, speed, centres, villages = row7
    before = [centres.copy(), villages.copy()]
    result = capacity_coverage(centres, villages, grid, speed, max_minutes=3.6)
    assert isinstance(result, CapacityResult)
    v = result.villages
    assert v.index.tolist() == villages.index.tolist() and v.crs == villages.crs
    assert v["served"].tolist() == [60, 40, 30, 20, 10]
    assert v["unserved"].tolist() == [0, 30, 0, 0, 0]
    assert v["centre_id"].tolist() == ["A", "A", "B", "B", "B"]
    assert v["travel_min"].tolist() == pytest.approx([WALK_MIN, 2 * WALK_MIN, 3 * WALK_MIN, 2 * WALK_MIN, WALK_MIN])
    assert v["nearest_min"].tolist() == pytest.approx([WALK_MIN, 2 * WALK_MIN, 3 * WALK_MIN, 2 * WALK_MIN, WALK_MIN])
    c = result.centres
    assert c["centre_id"].tolist() == ["A", "B"] and c["order"].tolist() == [2, 1]
    assert c["capacity"].iloc[0] == 100 and np.isnan(c["capacity"].iloc[1])  # unlimited
    assert c["served"].tolist() == [100, 60]
    assert c["capacity_left"].iloc[0] == 0 and np.isnan(c["capacity_left"].iloc[1])
    assert c["villages_served"].tolist() == [2, 3]
    assert c["farthest_min"].tolist() == pytest.approx([2 * WALK_MIN, 3 * WALK_MIN])
    assert (result.people, result.served, result.unserved) == (190, 160, 30)
    assert result.unserved_out_of_reach == 0 and result.villages_not_counted == 0
    assert result.capacity == np.inf and result.max_minutes == 3.6
    assert result.allocations["centre_id"].tolist() == ["B", "B", "B", "A", "A"]  # in processing order
    assert result.allocations["village"].tolist() == ["v05", "v04", "v03", "v01", "v02"]
    assert result.allocations["people"].tolist() == [10, 20, 30, 60, 40]
    pd.testing.assert_frame_equal(centres, before[0])
    pd.testing.assert_frame_equal(villages, before[1])


def test_a_village_is_served_by_the_second_centre_once_the_first_is_full():
    """A (capacity 50, priority 1) in cell 0 and B (capacity 1000, priority 2) in cell 6; 80 people in cell 1.

    A, processed first by priority, serves 50 of them and is full; B serves the other 30, 6 minutes away.
    By capacity (the default) B would go first and serve them all.
    """
    grid = _grid(1, 7)
    centres = _centres(grid, [(0, 0), (0, 6)], id=["A", "B"], capacity=[50, 1000], priority=[1, 2])
    villages = _villages(grid, [(0, 1)], [80])
    by_priority = capacity_coverage(
        centres, villages, grid, np.full((1, 7), 5.0), max_minutes=10, columns=CentreColumns(order_by="priority")
    )
    assert by_priority.centres["order"].tolist() == [1, 2]
    assert by_priority.allocations[["centre_id", "people"]].values.tolist() == [["A", 50.0], ["B", 30.0]]
    assert by_priority.allocations["travel_min"].tolist() == pytest.approx([WALK_MIN, 5 * WALK_MIN])
    assert by_priority.villages["served"].tolist() == [80] and by_priority.villages["centre_id"].tolist() == ["A"]
    assert by_priority.centres["capacity_left"].tolist() == [0, 970]
    by_capacity = capacity_coverage(centres, villages, grid, np.full((1, 7), 5.0), max_minutes=10)
    assert by_capacity.centres["order"].tolist() == [2, 1]
    assert by_capacity.allocations[["centre_id", "people"]].values.tolist() == [["B", 80.0]]
    reverse = capacity_coverage(
        centres,
        villages,
        grid,
        np.full((1, 7), 5.0),
        max_minutes=10,
        columns=CentreColumns(order_by="priority", ascending=False),
    )
    assert reverse.centres["order"].tolist() == [2, 1]


def test_a_village_exactly_at_the_maximum_time_is_served_one_cell_beyond_is_not():
    grid = _grid(1, 12)
    centres = _centres(grid, [(0, 0)], id=["A"])
    villages = _villages(grid, [(0, 10), (0, 11)], [7, 9])  # 12.0 minutes (a float sum of ten 1.2s), 13.2
    result = capacity_coverage(
        centres, villages, grid, np.full((1, 12), 5.0), max_minutes=12, columns=CentreColumns(capacity=None)
    )
    assert result.villages["served"].tolist() == [7, 0] and result.villages["unserved"].tolist() == [0, 9]
    assert result.villages["centre_id"].tolist() == ["A", None]
    assert np.isnan(result.villages["nearest_min"].iloc[1]) and np.isnan(result.villages["travel_min"].iloc[1])
    assert result.unserved_out_of_reach == 9
    just_short = capacity_coverage(
        centres, villages, grid, np.full((1, 12), 5.0), max_minutes=11.99, columns=CentreColumns(capacity=None)
    )
    assert just_short.served == 0 and just_short.unserved_out_of_reach == 16


def test_ties_in_travel_time_go_in_village_order():
    """Centre (capacity 70) in the middle of 1×3; 50 people either side, both 1.2 minutes away."""
    grid = _grid(1, 3)
    centres = _centres(grid, [(0, 1)], id=["A"], capacity=[70])
    villages = _villages(grid, [(0, 0), (0, 2)], [50, 50])
    result = capacity_coverage(centres, villages, grid, np.full((1, 3), 5.0), max_minutes=5)
    assert result.villages["served"].tolist() == [50, 20]
    flipped = capacity_coverage(centres, villages.iloc[::-1], grid, np.full((1, 3), 5.0), max_minutes=5)
    assert flipped.villages["served"].to_dict() == {"v02": 50, "v00": 20}


def test_a_village_across_a_river_is_unserved_and_out_of_reach():
    grid = _grid(1, 5)
    speed = np.full((1, 5), 5.0)
    speed[0, 2] = 0.0  # a river in cell 2, no bridge
    centres = _centres(grid, [(0, 0)], id=["A"], capacity=[1000])
    villages = _villages(grid, [(0, 1), (0, 3)], [5, 8])
    result = capacity_coverage(centres, villages, grid, speed, max_minutes=np.inf)
    assert result.villages["served"].tolist() == [5, 0]
    assert (result.served, result.unserved, result.unserved_out_of_reach) == (5, 8, 8)
    assert result.centres["capacity_left"].tolist() == [995]


def test_villages_without_population_are_not_counted_and_reported(row7):
    grid, speed, centres, villages = row7
    villages = villages.assign(population=[60, None, "n/a", 20, 10])
    result = capacity_coverage(centres, villages, grid, speed, max_minutes=3.6)
    v = result.villages
    assert v["counted"].tolist() == [True, False, False, True, True]
    assert v["served"].iloc[[0, 3, 4]].tolist() == [60, 20, 10]
    assert v["served"].iloc[[1, 2]].isna().all() and v["unserved"].iloc[[1, 2]].isna().all()
    assert v["centre_id"].iloc[[1, 2]].isna().all()
    assert (result.people, result.served, result.villages_not_counted) == (90, 90, 2)
    table = summarise_coverage(result, "panchayat_lgd")
    assert table["villages"].tolist() == [2, 3] and table["villages_not_counted"].tolist() == [1, 1]
    assert table["people"].tolist() == [60, 30]


def test_summaries_by_panchayat_and_block(row7):
    grid, speed, centres, villages = row7
    result = capacity_coverage(centres, villages, grid, speed, max_minutes=3.6)
    table = summarise_coverage(result, "panchayat_lgd")
    assert table.index.tolist() == ["p1", "p2"]
    assert table.loc["p1"][["villages", "people", "served", "unserved", "unserved_out_of_reach"]].tolist() == [
        2,
        130,
        100,
        30,
        0,
    ]
    assert table.loc["p1", "served_share"] == pytest.approx(100 / 130) and table.loc["p2", "served_share"] == 1.0
    block = summarise_coverage(result, "block_lgd")
    assert block.loc["b1"][["people", "served", "unserved"]].tolist() == [190, 160, 30]
    both = summarise_coverage(result, ["block_lgd", "panchayat_lgd"])
    assert both.loc[("b1", "p1"), "served"] == 100
    with pytest.raises(GeoInputError, match="no grouping column 'ward'"):
        summarise_coverage(result, "ward")
    with pytest.raises(TypeError, match="should be a CapacityResult"):
        summarise_coverage(result.villages)


@pytest.fixture
def district():
    """12×15 cells, random speeds (walking to tertiary roads), a river with one bridge; 6 centres, 40 villages."""
    rng = np.random.default_rng(7)
    grid = _grid(12, 15)
    speed = rng.choice([5.0, 5.0, 5.0, 20.0, 30.0], size=(12, 15))
    speed[:, 7] = 0.0
    speed[5, 7] = 20.0  # the bridge
    cells = [(int(r), int(c)) for r, c in zip(rng.integers(0, 12, 46), rng.integers(0, 15, 46), strict=True)]
    cells = [cell for cell in cells if cell[1] != 7]
    centre_cells, village_cells = cells[:6], cells[6:]
    centres = _centres(
        grid, centre_cells, id=[f"C{i}" for i in range(6)], capacity=[300, 150, 2000, 800, 50, 3000]
    )  # 6300 for 9122 people
    villages = gpd.GeoDataFrame(
        {"population": rng.integers(20, 400, len(village_cells))},
        geometry=[
            Point(_centre(grid, r, c).x + rng.uniform(-40, 40), _centre(grid, r, c).y + rng.uniform(-40, 40))
            for r, c in village_cells
        ],
        crs=UTM,
    )
    return grid, speed, centres, villages


def test_served_never_exceeds_capacity_and_nobody_is_left_near_a_centre_with_room(district):
    grid, speed, centres, villages = district
    result = capacity_coverage(centres, villages, grid, speed, max_minutes=3.0)
    c, v = result.centres, result.villages
    assert result.served <= result.capacity
    limited = c["capacity"].notna()
    assert (c.loc[limited, "served"] <= c.loc[limited, "capacity"] + 1e-9).all()
    assert (c.loc[limited, "capacity_left"] == c.loc[limited, "capacity"] - c.loc[limited, "served"]).all()
    assert np.allclose(v["served"] + v["unserved"], v["population"]) and (v["unserved"] >= 0).all()
    assert result.served + result.unserved == pytest.approx(result.people)
    by_centre = result.allocations.groupby("centre_id")["people"].sum()
    assert by_centre.reindex(c["centre_id"]).fillna(0).tolist() == pytest.approx(c["served"].tolist())
    by_village = result.allocations.groupby("village")["people"].sum()
    assert by_village.reindex(v.index).fillna(0).tolist() == pytest.approx(v["served"].tolist())
    # a centre left with room took everyone it reached: no one within its reach stays unserved
    minutes = minutes_between(grid, speed, centres, villages, limit_min=3.0)
    room = (c["capacity"].isna() | (c["capacity_left"] > 0)).to_numpy()
    near_room = within_minutes(minutes[room], 3.0).any(axis=0)
    assert near_room.any() and (v["unserved"].to_numpy()[near_room] == 0).all()
    assert result.unserved > 0 and result.unserved_out_of_reach < result.unserved  # some left for want of room
    chunked = capacity_coverage(centres, villages, grid, speed, max_minutes=3.0, chunk=1)
    pd.testing.assert_frame_equal(chunked.villages, v)
    pd.testing.assert_frame_equal(chunked.centres, c)
    other_crs = capacity_coverage(centres.to_crs(4326), villages.to_crs(4326), grid, speed, max_minutes=3.0)
    assert other_crs.villages["served"].tolist() == pytest.approx(v["served"].tolist())


def test_unlimited_capacity_serves_everyone_within_reach_of_the_nearest_centre(district):
    grid, speed, centres, villages = district
    result = capacity_coverage(centres, villages, grid, speed, max_minutes=3.0, columns=CentreColumns(capacity=None))
    minutes, _ = travel_minutes(grid, speed, centres)
    people, _ = population_surface(grid, villages)
    assert result.served == pytest.approx(people_within(people, minutes, [3.0])[3.0])
    assert result.unserved == result.unserved_out_of_reach > 0
    row, col = grid.cell_of(villages)
    nearest = minutes[row, col]
    assert result.villages["nearest_min"].fillna(np.inf).tolist() == pytest.approx(
        np.where(within_minutes(nearest, 3.0), nearest, np.inf).tolist()
    )
    all_missing = capacity_coverage(centres.assign(capacity=None), villages, grid, speed, max_minutes=3.0)
    assert all_missing.centres["capacity"].isna().all()
    pd.testing.assert_frame_equal(all_missing.villages, result.villages)


def test_no_centres_leave_everyone_unserved(row7):
    grid, speed, centres, villages = row7
    result = capacity_coverage(centres.iloc[:0], villages, grid, speed, max_minutes=3.6)
    assert (result.served, result.unserved, result.unserved_out_of_reach, result.capacity) == (0, 190, 190, 0)
    assert result.villages["centre_id"].isna().all() and result.allocations.empty


def test_every_problem_is_named_together(row7):
    grid, speed, centres, villages = row7
    bad = centres.assign(capacity=[-5, "many"], id=["A", "A"])
    with pytest.raises(
        GeoInputError,
        match=r"capacities that are not numbers \(1: 'many'\).*"
        r"centres 0 have a negative capacity.*centre ids A are used twice",
    ):
        capacity_coverage(bad, villages, grid, speed, max_minutes=3.6)
    with pytest.raises(GeoInputError, match=r"no 'population' column.*max_minutes should be .* got -1"):
        capacity_coverage(centres, villages.drop(columns="population"), grid, speed, max_minutes=-1)
    with pytest.raises(GeoInputError, match="villages v01 have a negative population"):
        capacity_coverage(centres, villages.assign(population=[-1, 70, 30, 20, 10]), grid, speed, max_minutes=3)
    with pytest.raises(GeoInputError, match="no 'seats' column of capacities"):
        capacity_coverage(centres, villages, grid, speed, max_minutes=3.6, columns=CentreColumns(capacity="seats"))
    with pytest.raises(GeoInputError, match="no 'rank' column to order them by"):
        capacity_coverage(centres, villages, grid, speed, max_minutes=3.6, columns=CentreColumns(order_by="rank"))
    with pytest.raises(GeoInputError, match="centres 1 have no 'priority' to order by"):
        capacity_coverage(
            centres.assign(priority=[1, None]),
            villages,
            grid,
            speed,
            max_minutes=3.6,
            columns=CentreColumns(order_by="priority"),
        )
    with pytest.raises(GeoInputError, match="chunk should be a whole number of centres"):
        capacity_coverage(centres, villages, grid, speed, max_minutes=3.6, chunk=0)


def test_centres_and_villages_off_the_grid_are_named(row7):
    grid, speed, centres, villages = row7
    blocked = speed.copy()
    blocked[0, 6] = 0.0
    with pytest.raises(GeoInputError, match="centres B lie outside the grid or on an impassable cell"):
        capacity_coverage(centres, villages, grid, blocked, max_minutes=3.6)
    far = villages.copy()
    far.loc["v03", "geometry"] = Point(grid.west - 500, grid.north - 50)
    with pytest.raises(GeoInputError, match="villages v03 lie outside the grid"):
        capacity_coverage(centres, far, grid, speed, max_minutes=3.6)
    with pytest.raises(GeoInputError, match=r"speed_kmh has shape \(1, 6\)"):
        capacity_coverage(centres, villages, grid, speed[:, :6], max_minutes=3.6)
    with pytest.raises(TypeError, match="'villages' should be a GeoDataFrame, got DataFrame"):
        capacity_coverage(centres, pd.DataFrame(villages), grid, speed, max_minutes=3.6)


def test_village_polygons_stand_at_their_centroid():
    grid = _grid(1, 5)
    centres = _centres(grid, [(0, 0)], id=["A"], capacity=[10])
    square = box(grid.west + 300, grid.north - 100, grid.west + 400, grid.north)  # cell 3: 3.6 minutes
    villages = gpd.GeoDataFrame({"population": [25]}, geometry=[square], crs=UTM)
    result = capacity_coverage(centres, villages, grid, np.full((1, 5), 5.0), max_minutes=3.6)
    assert result.villages["served"].tolist() == [10] and result.villages["unserved"].tolist() == [15]
    assert result.villages["travel_min"].tolist() == pytest.approx([3 * WALK_MIN])
