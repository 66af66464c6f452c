from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from affine import Affine
from pyproj import CRS, Transformer
from shapely.geometry import LineString, box

from geo.errors import GeoInputError
from geo.spatial.terrain import combine_walk, slope_walk_kmh, symmetric_tobler_kmh
from geo.spatial.travel import Grid, speed_surface

UTM = CRS.from_epsg(32645)
WEST, NORTH, CELL = 500_000.0, 2_650_000.0, 100.0


def _grid(rows: int = 5, cols: int = 6) -> Grid:
    return Grid(UTM, WEST, NORTH, CELL, rows, cols)


def _tif(path, values, transform, crs, *, nodata=None):
    values = np.asarray(values, dtype="float32")
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        height=values.shape[0],
        width=values.shape[1],
        count=1,
        dtype="float32",
        crs=crs,
        transform=transform,
        nodata=nodata,
    ) as out:
        out.write(values, 1)
    return path


def _tobler(s: float) -> float:  # Tobler's hiking function, km/h, slope signed in the direction of walking
    return 6.0 * math.exp(-3.5 * abs(s + 0.05))


def _both_ways(m: float, flat_kmh: float = 5.0) -> float:
    """Hand formula: harmonic mean of up- and downhill Tobler, scaled by flat_kmh / Tobler's 5.0369 on the flat."""
    return 2.0 / (1.0 / _tobler(m) + 1.0 / _tobler(-m)) * flat_kmh / _tobler(0.0)


def test_the_symmetric_speed_by_hand():
    # on a 10 % slope: 3.549 km/h up, 5.037 down; their harmonic mean 4.164, scaled by 5 / 5.037
    assert _both_ways(0.1) == pytest.approx(4.1338, abs=1e-4)
    speeds = symmetric_tobler_kmh(np.array([0.0, 0.03, -0.03, 0.1, 0.3, 1.0]))
    assert speeds.tolist() == pytest.approx(
        [5.0, _both_ways(0.03), _both_ways(0.03), 4.1338, _both_ways(0.3), _both_ways(1.0)], abs=1e-4
    )
    assert symmetric_tobler_kmh(0.0, flat_kmh=4.0) == pytest.approx(4.0)


def test_a_flat_dem_in_lon_lat_walks_at_flat_speed_everywhere(tmp_path):
    grid = _grid()
    to_lonlat = Transformer.from_crs(UTM, 4326, always_xy=True)
    lon, lat = to_lonlat.transform(WEST - 500, NORTH + 500)
    path = _tif(tmp_path / "srtm.tif", np.full((20, 20), 212.0), Affine(0.001, 0, lon, 0, -0.001, lat), "EPSG:4326")
    assert slope_walk_kmh(path, grid).tolist() == [[5.0] * 6] * 5
    assert slope_walk_kmh(path, grid, flat_kmh=4.0).tolist() == [[4.0] * 6] * 5


def test_a_uniform_slope_gives_tobler_by_hand_from_an_array_and_a_file(tmp_path):
    grid = _grid()
    x = np.arange(6) * CELL
    east = np.tile(0.1 * x, (5, 1))  # 10 m up in every 100 m east: tan θ = 0.1
    assert slope_walk_kmh(east, grid) == pytest.approx(np.full((5, 6), 4.1338), abs=1e-4)
    west = east[:, ::-1].copy()  # the same slope falling the other way: the same speed both ways
    assert slope_walk_kmh(west, grid) == pytest.approx(np.full((5, 6), 4.1338), abs=1e-4)
    diagonal = 0.06 * np.arange(6)[None, :] * CELL + 0.08 * np.arange(5)[:, None] * CELL  # |∇z| = 0.1
    assert slope_walk_kmh(diagonal, grid) == pytest.approx(np.full((5, 6), 4.1338), abs=1e-4)
    # a 50 m DEM in the grid's CRS, wider than the grid, of a plane rising 0.1 east: bilinear keeps a plane
    centres = WEST - 500 + 25 + 50 * np.arange(40)
    path = _tif(
        tmp_path / "dem.tif",
        np.tile(0.1 * (centres - WEST), (40, 1)),
        Affine(50, 0, WEST - 500, 0, -50, NORTH + 500),
        "EPSG:32645",
    )
    assert slope_walk_kmh(path, grid) == pytest.approx(np.full((5, 6), 4.1338), abs=1e-4)


def test_steep_is_slower_than_gentle():
    grid = _grid(3, 3)
    speeds = [slope_walk_kmh(np.tile(s * np.arange(3) * CELL, (3, 1)), grid)[1, 1] for s in (0.0, 0.05, 0.2, 0.6)]
    assert speeds == sorted(speeds, reverse=True) and len(set(speeds)) == 4
    assert speeds[-1] == pytest.approx(_both_ways(0.6), abs=1e-9) and speeds[-1] > 0


def test_cells_without_elevation_walk_at_flat_speed(tmp_path):
    grid = _grid()
    dem = np.tile(0.1 * np.arange(6) * CELL, (5, 1))
    dem[0, 0] = np.nan
    with pytest.warns(UserWarning, match=r"the DEM array: 3 of 30 cells have no elevation .* at 5 km/h"):
        speed = slope_walk_kmh(dem, grid)
    flat = np.zeros((5, 6), dtype=bool)
    flat[0, 0] = flat[0, 1] = flat[1, 0] = True  # the hole and the two cells whose gradient needs it
    assert (speed[flat] == 5.0).all() and speed[~flat] == pytest.approx(np.full(27, 4.1338), abs=1e-4)
    # a file with a nodata value and a DEM that covers only the grid's west half
    values = np.tile(0.1 * (WEST + 50 + 100 * np.arange(3) - WEST), (5, 1))
    values[2, 1] = -32768.0
    path = _tif(tmp_path / "half.tif", values, Affine(100, 0, WEST, 0, -100, NORTH), "EPSG:32645", nodata=-32768)
    # flat: the 15 cells east of the DEM, column 2 (its gradient needs column 3), the hole and its 3 neighbours
    # whose gradient needs it — (1, 1), (3, 1) and (2, 0) — 24 cells
    with pytest.warns(UserWarning, match=r"half\.tif: 24 of 30 cells"):
        speed = slope_walk_kmh(path, grid)
    assert (speed[:, 2:] == 5.0).all() and speed[1:4, 1].tolist() == [5.0] * 3 and speed[2, 0] == 5.0
    assert speed[[0, 4], 1] == pytest.approx([4.1338, 4.1338], abs=1e-4)


def test_errors_name_the_file_or_parameter(tmp_path):
    grid = _grid()
    here = Affine(100, 0, WEST, 0, -100, NORTH)
    with pytest.raises(GeoInputError, match=r"no_crs\.tif has no CRS; the DEM must say where it lies"):
        slope_walk_kmh(_tif(tmp_path / "no_crs.tif", np.zeros((5, 6)), here, None), grid)
    assert slope_walk_kmh(tmp_path / "no_crs.tif", grid, crs="EPSG:32645").tolist() == [[5.0] * 6] * 5
    far = _tif(tmp_path / "far.tif", np.zeros((5, 6)), Affine(100, 0, WEST + 90_000, 0, -100, NORTH), "EPSG:32645")
    with pytest.raises(GeoInputError, match=r"far\.tif does not overlap the area: the DEM covers"):
        slope_walk_kmh(far, grid)
    holes = _tif(tmp_path / "holes.tif", np.full((5, 6), -9999.0), here, "EPSG:32645", nodata=-9999)
    with pytest.raises(GeoInputError, match=r"holes\.tif has no elevation on any cell of the grid"):
        slope_walk_kmh(holes, grid)
    text = tmp_path / "dem.tif"
    text.write_text("not a raster", encoding="utf-8")
    with pytest.raises(GeoInputError, match=r"dem\.tif is not a raster GDAL can read"):
        slope_walk_kmh(text, grid)
    with pytest.raises(GeoInputError, match=r"the DEM array has shape \(2, 2\), the grid \(5, 6\)"):
        slope_walk_kmh(np.zeros((2, 2)), grid)
    with pytest.raises(TypeError, match="dem should be a path to a DEM GeoTIFF or a numpy array .*, got list"):
        slope_walk_kmh([[0.0]], grid)
    with pytest.raises(GeoInputError, match="flat_kmh should be a walking speed above 0 km/h"):
        slope_walk_kmh(np.zeros((5, 6)), grid, flat_kmh=0)


def test_combine_walk_replaces_walking_cells_only():
    grid = _grid(3, 4)
    road = gpd.GeoDataFrame(
        {"highway": ["primary", "footway"]},
        geometry=[
            LineString([(WEST + 10, NORTH - 50), (WEST + 390, NORTH - 50)]),
            LineString([(WEST + 50, NORTH - 290), (WEST + 150, NORTH - 290)]),
        ],
        crs=UTM,
    )
    river = gpd.GeoDataFrame(geometry=[box(WEST + 305, NORTH - 300, WEST + 395, NORTH - 110)], crs=UTM)
    speed = speed_surface(grid, road, barriers=river)
    before = speed.copy()
    slope = np.full((3, 4), 3.0)
    combined = combine_walk(speed, slope)
    assert combined.tolist() == [
        [70.0, 70.0, 70.0, 70.0],  # the primary road, bridge included
        [3.0, 3.0, 3.0, 0.0],  # walking on the slope; the river stays impassable
        [3.0, 3.0, 3.0, 0.0],
    ]  # the 5 km/h footway is walked on the slope too
    assert (speed == before).all()
    with pytest.warns(UserWarning, match="no cell of speed_kmh walks at 4 km/h"):
        combine_walk(speed, slope, walk_kmh=4.0)
    with pytest.raises(GeoInputError, match=r"speed_kmh \(3, 4\) and walk_surface_kmh \(1, 1\) are not on one grid"):
        combine_walk(speed, np.ones((1, 1)))
    with pytest.raises(GeoInputError, match="walk_surface_kmh has speeds not above 0"):
        combine_walk(speed, np.zeros((3, 4)))
