from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
from affine import Affine
from pyproj import CRS, Transformer
from shapely.geometry import box

from geo.errors import GeoInputError
from geo.spatial.population import compare_coverage, read_population_raster
from geo.spatial.travel import Grid

UTM = CRS.from_epsg(32645)
WEST, NORTH, CELL = 500_000.0, 2_650_000.0, 100.0
NODATA = -99999.0  # WorldPop's


def _grid(rows: int = 4, cols: int = 4) -> Grid:
    return Grid(UTM, WEST, NORTH, CELL, rows, cols)


def _tif(path, values, transform, crs, *, nodata=None, count=1):
    values = np.asarray(values, dtype="float32")
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        height=values.shape[-2],
        width=values.shape[-1],
        count=count,
        dtype="float32",
        crs=crs,
        transform=transform,
        nodata=nodata,
    ) as out:
        out.write(values if values.ndim == 3 else values[None].repeat(count, axis=0))
    return path


def _district(shape, crs=UTM) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": ["district"]}, geometry=[shape], crs=crs)


def test_pixels_twice_the_cell_split_in_quarters_and_the_district_cuts_a_column_by_area(tmp_path):
    # 200 m pixels on the grid's own CRS and corners: each 100 m cell holds a quarter of one pixel
    path = _tif(tmp_path / "people.tif", [[40, 80], [120, 160]], Affine(200, 0, WEST, 0, -200, NORTH), "EPSG:32645")
    district = _district(box(WEST, NORTH - 400, WEST + 350, NORTH))  # the last column half inside
    before = district.copy()
    people, report = read_population_raster(path, _grid(), district)
    np.testing.assert_allclose(
        people, [[10, 10, 20, 10], [10, 10, 20, 10], [30, 30, 40, 20], [30, 30, 40, 20]], atol=1e-9
    )
    # by hand: 40 + 3/4·80 + 120 + 3/4·160 = 340 people in the district, in the raster and on the grid
    assert report.people_source == pytest.approx(340.0, abs=1e-9)
    assert report.people_warped == pytest.approx(340.0, abs=1e-6)  # the warp alone keeps it: nothing to correct
    assert report.people == pytest.approx(340.0, abs=1e-9) and abs(report.correction_pct) < 1e-9
    assert (report.crs, report.resolution, report.units, report.band) == ("EPSG:32645", (200.0, 200.0), "metre", 1)
    assert report.nodata_cells == report.negative_cells == 0 and report.data_pct == pytest.approx(100.0)
    assert "340 in the raster, 340 on the grid" in report.summary()
    pd.testing.assert_frame_equal(district, before)


def test_a_lon_lat_raster_onto_a_utm_grid_keeps_the_districts_total(tmp_path):
    # 4 × 4 pixels of 0.01° from 87.00 °E, 24.00 °N; the district is exactly the middle 2 × 2 pixels
    lon0, lat0, res = 87.0, 24.0, 0.01
    values = 100.0 * np.arange(1, 17).reshape(4, 4)
    path = _tif(tmp_path / "worldpop.tif", values, Affine(res, 0, lon0, 0, -res, lat0), "EPSG:4326")
    district = _district(box(lon0 + res, lat0 - 3 * res, lon0 + 3 * res, lat0 - res), crs="EPSG:4326")
    grid = Grid.covering(district, UTM, CELL)
    people, report = read_population_raster(path, grid, district)
    # by hand: 600 + 700 + 1,000 + 1,100 people in the four pixels inside
    assert report.people_source == pytest.approx(3400.0, rel=1e-9)
    assert people.sum() == pytest.approx(3400.0, rel=1e-9) and report.people == pytest.approx(3400.0, rel=1e-9)
    # the warp and the area clip alone, before the correction: measured +0.39 % (3,413.2) — the district's edge
    # runs along pixel edges between pixels of very different counts, and a 100 m cell straddling it is clipped
    # by area, mixing the two; a boundary across pixels (the usual case) measured 0.01–0.14 %
    assert abs(report.people_warped - 3400.0) / 3400.0 < 0.005
    assert report.correction_pct == pytest.approx(3400.0 / report.people_warped * 100 - 100)
    assert report.crs == "EPSG:4326" and report.units == "degree"
    assert report.resolution == pytest.approx((0.01, 0.01))
    # a cell wholly inside pixel (1, 1) holds 600 people × its share of that pixel's area on the UTM plane
    to_utm = Transformer.from_crs(4326, UTM, always_xy=True)
    xs, ys = to_utm.transform([87.01, 87.02, 87.02, 87.01], [23.99, 23.99, 23.98, 23.98])
    pixel_m2 = 0.5 * abs(np.dot(xs, np.roll(ys, 1)) - np.dot(ys, np.roll(xs, 1)))  # shoelace
    assert people[2, 2] == pytest.approx(600.0 * CELL**2 / pixel_m2, rel=5e-3)  # carries the correction
    assert people[0, 0] < people[2, 2]  # the corner cell lies partly outside the district
    assert (people >= 0).all()


def test_nodata_and_negative_pixels_are_no_people_and_counted(tmp_path):
    path = _tif(
        tmp_path / "people.tif",
        [[40, NODATA], [-3, 160]],
        Affine(200, 0, WEST, 0, -200, NORTH),
        "EPSG:32645",
        nodata=NODATA,
    )
    people, report = read_population_raster(path, _grid(), _district(box(WEST, NORTH - 400, WEST + 400, NORTH)))
    assert people[:2, 2:].tolist() == [[0, 0], [0, 0]] and people[2:, :2].tolist() == [[0, 0], [0, 0]]
    assert people[3, 3] == pytest.approx(40.0) and people.sum() == pytest.approx(200.0)
    assert (report.nodata_cells, report.negative_cells) == (1, 1)
    assert report.data_pct == pytest.approx(75.0)  # the nodata pixel is a quarter of the district
    assert "1 pixels with no data and 1 with a negative value" in report.summary()


def test_a_raster_over_part_of_the_district_reports_its_coverage(tmp_path):
    path = _tif(tmp_path / "half.tif", [[40], [120]], Affine(200, 0, WEST, 0, -200, NORTH), "EPSG:32645")
    people, report = read_population_raster(path, _grid(), _district(box(WEST, NORTH - 400, WEST + 400, NORTH)))
    assert people.sum() == pytest.approx(160.0) and people[:, 2:].sum() == 0
    assert report.data_pct == pytest.approx(50.0)


def test_the_band_of_a_multi_band_file_is_chosen_or_an_error(tmp_path):
    stack = np.stack([np.full((2, 2), 4.0), np.full((2, 2), 8.0)])
    path = _tif(tmp_path / "ghsl.tif", stack, Affine(200, 0, WEST, 0, -200, NORTH), "EPSG:32645", count=2)
    district = _district(box(WEST, NORTH - 400, WEST + 400, NORTH))
    with pytest.raises(GeoInputError, match=r"ghsl\.tif has 2 bands; say which one is the population raster"):
        read_population_raster(path, _grid(), district)
    with pytest.raises(GeoInputError, match=r"ghsl\.tif has bands 1 to 2, not band 3"):
        read_population_raster(path, _grid(), district, band=3)
    people, report = read_population_raster(path, _grid(), district, band=2)
    assert people.sum() == pytest.approx(32.0) and report.band == 2


def test_errors_name_the_file_and_say_what_to_do(tmp_path):
    grid, district = _grid(), _district(box(WEST, NORTH - 400, WEST + 400, NORTH))
    here = Affine(200, 0, WEST, 0, -200, NORTH)
    no_crs = _tif(tmp_path / "no_crs.tif", [[1, 2], [3, 4]], here, None)
    with pytest.raises(GeoInputError, match=r"no_crs\.tif has no CRS; .*gdal_edit\.py -a_srs EPSG:4326 no_crs\.tif"):
        read_population_raster(no_crs, grid, district)
    people, _ = read_population_raster(no_crs, grid, district, crs="EPSG:32645")  # stated by the user
    assert people.sum() == pytest.approx(10.0)
    with pytest.raises(GeoInputError, match=r"people\.tif is in EPSG:32645, not the EPSG:4326 stated"):
        read_population_raster(
            _tif(tmp_path / "people.tif", [[1]], here, "EPSG:32645"), grid, district, crs="EPSG:4326"
        )
    far = _tif(tmp_path / "far.tif", [[1, 2], [3, 4]], Affine(200, 0, WEST + 50_000, 0, -200, NORTH), "EPSG:32645")
    with pytest.raises(GeoInputError, match=r"far\.tif does not overlap the area: .*°E.*use a population raster"):
        read_population_raster(far, grid, district)
    empty = _tif(tmp_path / "empty.tif", np.full((2, 2), NODATA), here, "EPSG:32645", nodata=NODATA)
    with pytest.raises(GeoInputError, match=r"empty\.tif has no data over the district: all 4 pixels"):
        read_population_raster(empty, grid, district)
    text = tmp_path / "villages.tif"
    text.write_text("name,population\nA,10\n", encoding="utf-8")
    with pytest.raises(GeoInputError, match=r"villages\.tif is not a raster GDAL can read"):
        read_population_raster(text, grid, district)
    with pytest.raises(GeoInputError, match=r"missing\.tif: no such file"):
        read_population_raster(tmp_path / "missing.tif", grid, district)
    with pytest.raises(GeoInputError, match="the district outline has no CRS"):
        read_population_raster(no_crs, grid, gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1)]))
    with pytest.raises(GeoInputError, match="no area inside the grid"):
        read_population_raster(no_crs, grid, _district(box(0, 0, 1, 1)))
    with pytest.raises(TypeError, match="district should be a geopandas.GeoDataFrame or GeoSeries, got Polygon"):
        read_population_raster(no_crs, grid, box(WEST, NORTH - 400, WEST + 400, NORTH))


def test_compare_coverage_sets_both_figures_side_by_side():
    villages = np.array([[50.0, 30.0, 20.0, 0.0]])
    raster = np.array([[40.0, 50.0, 0.0, 10.0]])
    minutes = np.array([[0.0, 20.0, 45.0, np.inf]])
    table = compare_coverage(villages, raster, minutes, [15, 30, 60])
    assert list(table.columns) == [
        "threshold_min",
        "village_people",
        "raster_people",
        "difference_people",
        "difference_pct",
        "village_share_pct",
        "raster_share_pct",
    ]
    assert table["threshold_min"].tolist() == [15, 30, 60]
    assert table["village_people"].tolist() == [50.0, 80.0, 100.0]
    assert table["raster_people"].tolist() == [40.0, 90.0, 90.0]
    assert table["difference_people"].tolist() == [-10.0, 10.0, -10.0]
    assert table["difference_pct"].tolist() == pytest.approx([-20.0, 12.5, -10.0])
    assert table["village_share_pct"].tolist() == pytest.approx([50.0, 80.0, 100.0])
    assert table["raster_share_pct"].tolist() == pytest.approx([40.0, 90.0, 90.0])
    none = compare_coverage(np.zeros((1, 4)), raster, minutes, [15])
    assert np.isnan(none.loc[0, "difference_pct"]) and np.isnan(none.loc[0, "village_share_pct"])
    with pytest.raises(GeoInputError, match=r"village_people \(1, 4\) and raster_people \(2, 2\) are not on one grid"):
        compare_coverage(villages, np.zeros((2, 2)), minutes, [15])
