from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
from pyproj import CRS
from shapely.geometry import LineString, Point, box

from geo.errors import GeoInputError
from geo.spatial.population import people_within, population_surface, write_geotiff
from geo.spatial.travel import Grid, travel_minutes

UTM = CRS.from_epsg(32645)
WEST, NORTH, CELL = 500_000.0, 2_650_000.0, 100.0


def _grid(rows: int = 4, cols: int = 4) -> Grid:
    return Grid(UTM, WEST, NORTH, CELL, rows, cols)


def test_points_go_into_their_cell_and_polygons_spread_by_area():
    grid = _grid()
    square = box(WEST, NORTH - 200, WEST + 200, NORTH)  # exactly the top-left 2 × 2 cells
    half = box(WEST + 300, NORTH - 400, WEST + 350, NORTH - 300)  # half of the bottom-right cell
    villages = gpd.GeoDataFrame(
        {"population": [400, 30, 7, None]},
        geometry=[square, half, Point(WEST + 250, NORTH - 150), Point(WEST + 50, NORTH - 50)],
        crs=UTM,
    )
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
    villages = gpd.GeoDataFrame(
        {"population": [10, 20, 30, 40, 50]},
        geometry=[Point(WEST + 50 + 100 * i, NORTH - 50) for i in range(5)],
        crs=UTM,
    )
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


def test_cli_access_on_foot_and_by_road(tmp_path, capsys, demo_copy):
    from cli import main
    from geo.storage.store import read_store

    data = read_store(demo_copy)
    aadhaar = data.service_points[data.service_points["kind"] == "aadhaar"].geometry
    west, south, east, north = data.panchayats.total_bounds
    # one primary road east-west through every Aadhaar centre's latitude band, joined end to end
    points = sorted((p.x, p.y) for p in aadhaar)
    roads = gpd.GeoDataFrame(
        {"highway": ["primary"]},
        geometry=[LineString([(west, points[0][1]), *points, (east, points[-1][1])])],
        crs=4326,
    )
    roads.to_file(tmp_path / "roads.geojson")
    (tmp_path / "monsoon.csv").write_text("class,kmh\nprimary,40\n", encoding="utf-8")
    (tmp_path / "bad.csv").write_text("class,kmh\nprimary,fast\n", encoding="utf-8")

    def within_15(argv: list[str]) -> int:
        table = tmp_path / "people.csv"
        assert main(["access", "--store", str(demo_copy), "--kind", "aadhaar", "--table", str(table), *argv]) == 0
        district = next(x for x in capsys.readouterr().out.splitlines() if x.strip().startswith("District"))
        people = pd.read_csv(table, dtype=str)
        row = people[(people["table"] == "people_within") & (people["level"] == "district")].iloc[0]
        assert f"{int(row['within_15_min']):,}".replace(",", "") in district.replace(",", "")  # printed = written
        return int(row["within_15_min"])

    on_foot = within_15(["--on-foot", "--out", str(tmp_path / "foot.tif")])
    by_road = within_15(["--roads", str(tmp_path / "roads.geojson"), "--out", str(tmp_path / "road.tif")])
    monsoon = within_15(
        [
            "--roads",
            str(tmp_path / "roads.geojson"),
            "--speeds",
            str(tmp_path / "monsoon.csv"),
            "--out",
            str(tmp_path / "monsoon.tif"),
        ]
    )
    assert on_foot == 25_520 and on_foot < monsoon < by_road  # a road helps; slower in the rains
    store_roads = within_15(["--out", str(tmp_path / "store.tif")])
    wet = within_15(["--scenario", "monsoon", "--out", str(tmp_path / "wet.tif")])
    assert wet < store_roads and store_roads > by_road  # the store's network by default; the rains slow it
    with rasterio.open(tmp_path / "road.tif") as written:
        minutes = written.read(1)
        assert written.crs.to_epsg() == 32645 and minutes[minutes >= 0].min() == 0.0 and written.nodata == -1.0
        assert (minutes == -1.0).any()  # the store's rivers, where no road of this file bridges them
    assert (
        main(
            [
                "access",
                "--store",
                str(demo_copy),
                "--kind",
                "aadhaar",
                "--speeds",
                str(tmp_path / "bad.csv"),
                "--out",
                str(tmp_path / "x.tif"),
            ]
        )
        == 2
    )
    assert "bad.csv: rows [2] have no speed above 0 km/h in 'kmh'" in capsys.readouterr().err


def test_cli_access_with_capacity(tmp_path, capsys, demo_copy):
    from cli import main

    table = tmp_path / "cap.xlsx"
    # 14 functional Aadhaar centres, each with far more than 1,200 people within an hour on foot: all full
    assert (
        main(
            [
                "access",
                "--store",
                str(demo_copy),
                "--kind",
                "aadhaar",
                "--capacity",
                "40x30",
                "--out",
                str(tmp_path / "m.tif"),
                "--table",
                str(table),
            ]
        )
        == 0
    )
    assert "with capacity: served 16,800 of 7,91,042 (2.1 %) within 60 min" in capsys.readouterr().out
    sheets = pd.read_excel(table, sheet_name=None)
    assert sheets["capacity_by_centre"]["served"].tolist() == [1200.0] * 14
    assert sheets["capacity_by_panchayat"]["served"].sum() == 16_800
    (tmp_path / "caps.csv").write_text("id,capacity\nAADHAAR-999,10\n", encoding="utf-8")
    assert (
        main(
            [
                "access",
                "--store",
                str(demo_copy),
                "--kind",
                "aadhaar",
                "--capacity-csv",
                str(tmp_path / "caps.csv"),
                "--out",
                str(tmp_path / "m.tif"),
            ]
        )
        == 2
    )
    assert "caps.csv: AADHAAR-999 are not functional aadhaar centres" in capsys.readouterr().err
    assert (
        main(
            [
                "access",
                "--store",
                str(demo_copy),
                "--kind",
                "aadhaar",
                "--capacity",
                "lots",
                "--out",
                str(tmp_path / "m.tif"),
            ]
        )
        == 2
    )
    assert "--capacity should be people (e.g. 1200) or a day × days (e.g. 40x30), got 'lots'" in capsys.readouterr().err
