from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from pyproj import CRS
from shapely.geometry import Point, box

from geo.errors import GeoInputError
from geo.population import people_within, population_surface, write_geotiff
from geo.travel import Grid, travel_minutes

UTM = CRS.from_epsg(32645)
WEST, NORTH, CELL = 500_000.0, 2_650_000.0, 100.0


def _grid(rows: int = 4, cols: int = 4) -> Grid:
    return Grid(UTM, WEST, NORTH, CELL, rows, cols)


def test_points_go_into_their_cell_and_polygons_spread_by_area():
    grid = _grid()
    square = box(WEST, NORTH - 200, WEST + 200, NORTH)  # exactly the top-left 2 × 2 cells
    half = box(WEST + 300, NORTH - 400, WEST + 350, NORTH - 300)  # half of the bottom-right cell
    villages = gpd.GeoDataFrame({"population": [400, 30, 7, None]},
                                geometry=[square, half, Point(WEST + 250, NORTH - 150), Point(WEST + 50, NORTH - 50)],
                                crs=UTM)
    people, not_counted = population_surface(grid, villages.to_crs(4326))  # any CRS in
    assert people[:2, :2].ravel().tolist() == pytest.approx([100, 100, 100, 100], abs=1e-6)
    assert people[3, 3] == pytest.approx(30.0) and people[1, 2] == pytest.approx(7.0)
    assert people.sum() == pytest.approx(437.0, abs=1e-6) and not_counted == 1  # the village with no population


def test_a_polygon_across_cells_keeps_its_total_to_the_person():
    grid = _grid(10, 10)
    odd = box(WEST + 33, NORTH - 777, WEST + 611, NORTH - 45).buffer(40)  # rounded corners, across 80-odd cells
    people, _ = population_surface(grid, gpd.GeoDataFrame({"population": [12_345]}, geometry=[odd], crs=UTM))
    assert abs(people.sum() - 12_345) < 1e-6 and (people >= 0).all()


def test_people_within_travel_time_and_errors(tmp_path):
    grid = _grid(1, 5)
    villages = gpd.GeoDataFrame({"population": [10, 20, 30, 40, 50]},
                                geometry=[Point(WEST + 50 + 100 * i, NORTH - 50) for i in range(5)], crs=UTM)
    people, _ = population_surface(grid, villages)
    source = gpd.GeoDataFrame(geometry=[Point(WEST + 50, NORTH - 50)], crs=UTM)
    minutes, _ = travel_minutes(grid, np.full((1, 5), 5.0), source)  # 1.2 minutes a cell on foot
    assert people_within(people, minutes, [1.2, 2.4, 60]) == {1.2: 30.0, 2.4: 60.0, 60: 150.0}
    far = villages.assign(geometry=[Point(0, 0)] * 5)
    with pytest.raises(GeoInputError, match="villages 0, 1, 2, 3, 4 lie outside the grid"):
        population_surface(grid, far)
    with pytest.raises(GeoInputError, match="no 'population' column"):
        population_surface(grid, villages.drop(columns="population"))
    path = write_geotiff(tmp_path / "people.tif", grid, people)
    with rasterio.open(path) as written:
        assert written.crs.to_epsg() == 32645 and written.read(1).tolist() == [[10, 20, 30, 40, 50]]
        assert written.transform == grid.transform
    assert [p.name for p in tmp_path.iterdir()] == ["people.tif"]
