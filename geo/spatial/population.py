"""A population surface on a travel-time grid, built from villages, totals kept; people within N minutes.

:func:`population_surface` puts every village's recorded population on the cells of
a :class:`geo.spatial.travel.Grid`: a village point into the cell it falls in, a village
polygon spread over the cells it covers in proportion to the area of each cell it
covers (computed in the grid's metric CRS). Each village's total is kept to
floating-point rounding, so the district's is too. Villages without a recorded
population are left off, and counted.

:func:`people_within` then counts the people within each travel-time threshold
(:func:`geo.spatial.travel.within_minutes`: inclusive), and :func:`write_geotiff` writes a
surface as a cloud-optimised GeoTIFF (rasterio, GDAL's COG driver).

An imported population raster (WorldPop, GHSL: people per pixel, any CRS) comes
onto the same grid through :func:`read_population_raster`:

1. Only the pixels over the district are read; nodata, non-finite and negative
   pixels are no people (and counted).
2. The source's total in the district is the sum of its pixels weighted by the share
   of each pixel's area inside the district (areas in the source's CRS).
3. The pixels are reprojected onto the grid with GDAL's ``sum`` resampling: each
   grid cell gets the sum of the source pixels it overlaps, each weighted by the
   share of the pixel it covers, so people are counted, not averaged (GDAL ≥ 3.6:
   earlier ``sum`` did not keep totals when over-sampling or reprojecting).
4. The grid is clipped to the district by area: a cell on the boundary keeps the
   share of its people lying in the share of its area inside (like a village
   polygon in :func:`population_surface`); a cell outside gets 0.
5. The clipped cells are scaled so the district's total equals the source's (step
   2) to floating-point rounding. The scale corrects only what the warp and the two
   clips disagree on at the edges — typically a few parts in ten thousand; the
   report keeps the total before scaling, and a correction above 0.5 % warns.

:func:`compare_coverage` sets the coverage figures of the village surface and of
an imported one side by side.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import rasterio.shutil
import shapely
from affine import Affine
from rasterio import features
from rasterio.enums import Resampling
from rasterio.warp import reproject

from geo.errors import GeoInputError
from geo.formats import format_count
from geo.spatial.rasters import read_raster_window
from geo.spatial.travel import Grid, within_minutes

__all__ = [
    "PopulationRasterReport",
    "compare_coverage",
    "people_within",
    "population_surface",
    "read_population_raster",
    "write_geotiff",
]

#: GDAL's ``sum`` resampling keeps totals when over-sampling and reprojecting from 3.6 on.
_SUM_GDAL = (3, 6)
#: Above this correction (%) of the warped district total, a warning.
_CORRECTION_WARN_PCT = 0.5


def population_surface(grid: Grid, villages: gpd.GeoDataFrame) -> tuple[np.ndarray, int]:
    """People per cell of ``grid`` from ``villages``; and how many villages had no population to put.

    Parameters
    ----------
    grid : geo.spatial.travel.Grid
    villages : geopandas.GeoDataFrame
        Points or polygons (any CRS) with ``population``.

    Returns
    -------
    people : numpy.ndarray
        float64, ``grid.rows × grid.cols``; its sum is the villages' recorded total
        (less any village wholly outside the grid).
    not_counted : int
        Villages whose population is not recorded.

    Raises
    ------
    GeoInputError
        Without a ``population`` column, or for a village outside the grid (named).
    """
    if "population" not in villages:
        msg = "the villages have no 'population' column to put on the grid"
        raise GeoInputError(msg)
    population = pd.to_numeric(villages["population"], errors="coerce")
    counted = population.notna().to_numpy()
    frame = villages[counted].to_crs(grid.crs)
    people = np.zeros((grid.rows, grid.cols))
    values = population[counted].to_numpy(dtype=float)
    geometries = frame.geometry.to_numpy()
    points = shapely.get_type_id(geometries) == 0
    if points.any():
        xy = shapely.get_coordinates(geometries[points])
        col = np.floor((xy[:, 0] - grid.west) / grid.cell_m).astype(np.int64)
        row = np.floor((grid.north - xy[:, 1]) / grid.cell_m).astype(np.int64)
        _check_inside(frame.index[points], (row < 0) | (row >= grid.rows) | (col < 0) | (col >= grid.cols))
        np.add.at(people, (row, col), values[points])
    outside = []
    for label, shape, value in zip(frame.index[~points], geometries[~points], values[~points], strict=True):
        mask = features.rasterize(
            [shape],
            out_shape=people.shape,
            transform=grid.transform,
            all_touched=True,
            fill=0,
            default_value=1,
            dtype="uint8",
        ).astype(bool)
        rows, cols = np.nonzero(mask)
        cells = shapely.box(
            grid.west + cols * grid.cell_m,
            grid.north - (rows + 1) * grid.cell_m,
            grid.west + (cols + 1) * grid.cell_m,
            grid.north - rows * grid.cell_m,
        )
        area = shapely.area(shapely.intersection(cells, shape))
        if not len(area) or area.sum() <= 0:
            outside.append(label)
            continue
        np.add.at(people, (rows, cols), value * area / area.sum())
    _check_inside(pd.Index(outside), np.ones(len(outside), dtype=bool))
    return people, int((~counted).sum())


def people_within(people: np.ndarray, minutes: np.ndarray, thresholds_min: Sequence[float]) -> dict[float, float]:
    """People within each threshold (minutes, inclusive) of :func:`geo.spatial.travel.travel_minutes`.

    Examples
    --------
    >>> people = np.array([[10.0, 20.0, 30.0]])
    >>> minutes = np.array([[0.0, 15.0, np.inf]])
    >>> people_within(people, minutes, [15, 60])
    {15: 30.0, 60: 30.0}
    """
    if people.shape != minutes.shape:
        msg = f"people {people.shape} and minutes {minutes.shape} are not on one grid"
        raise GeoInputError(msg)
    return {threshold: float(people[within_minutes(minutes, threshold)].sum()) for threshold in thresholds_min}


def write_geotiff(
    path: str | os.PathLike[str], grid: Grid, values: np.ndarray, *, nodata: float | None = None, dtype: str = "float32"
) -> Path:
    """Write ``values`` on ``grid`` as a cloud-optimised GeoTIFF (``dtype``, deflate); returns the path."""
    target = Path(path)
    profile = {
        "driver": "GTiff",
        "height": grid.rows,
        "width": grid.cols,
        "count": 1,
        "dtype": dtype,
        "crs": grid.crs.to_wkt(),
        "transform": grid.transform,
        "nodata": nodata,
    }
    scratch = target.with_name(f".{target.name}.tmp.tif")
    with rasterio.open(scratch, "w", **profile) as dataset:
        dataset.write(values.astype(dtype), 1)
    try:
        rasterio.shutil.copy(scratch, target, driver="COG", compress="DEFLATE")
    finally:
        scratch.unlink(missing_ok=True)
    return target


def _check_inside(labels: pd.Index, outside: np.ndarray) -> None:
    if outside.any():
        named = ", ".join(str(label) for label in labels[outside][:5])
        msg = f"villages {named} lie outside the grid; build the grid over all villages (Grid.covering)"
        raise GeoInputError(msg)


@dataclass(frozen=True)
class PopulationRasterReport:
    """What :func:`read_population_raster` read and how the district's total came through.

    Attributes
    ----------
    path : pathlib.Path
        The raster file.
    crs : str
        The source's CRS (e.g. ``"EPSG:4326"``).
    resolution : tuple of float
        The source's pixel size (x, y) in the units of ``crs``.
    units : str
        Those units (``"degree"``, ``"metre"``).
    band : int
        The band read.
    nodata_cells : int
        Source pixels over the district with no data (nodata value, mask or not finite): no people.
    negative_cells : int
        Source pixels over the district with a negative value: no people.
    people_source : float
        The source's people in the district (pixels weighted by their share of area inside).
    people_warped : float
        The people in the district on the grid after reprojection and clipping, before scaling.
    people : float
        The people in the district on the grid as returned (``people_source`` to rounding).
    data_pct : float
        The share (%) of the district's area covered by pixels with data.
    """

    path: Path
    crs: str
    resolution: tuple[float, float]
    units: str
    band: int
    nodata_cells: int
    negative_cells: int
    people_source: float
    people_warped: float
    people: float
    data_pct: float

    @property
    def correction_pct(self) -> float:
        """How much (%) the warped district total was scaled to meet the source's (0 if nothing to scale)."""
        if self.people_warped <= 0:
            return 0.0
        return (self.people_source / self.people_warped - 1.0) * 100.0

    def summary(self) -> str:
        """The report as a few lines of English for the command line."""
        x, y = self.resolution
        lines = [
            f"{self.path.name}: band {self.band}, {self.crs}, pixels {x:.6g} × {y:.6g} {self.units}",
            f"  people in the district: {format_count(round(self.people_source))} in the raster, "
            f"{format_count(round(self.people))} on the grid (reprojection "
            f"{format_count(round(self.people_warped))}, corrected by {self.correction_pct:+.3f} %)",
            f"  {self.data_pct:.1f} % of the district has data",
        ]
        if self.nodata_cells or self.negative_cells:
            lines.append(
                f"  no people in {format_count(self.nodata_cells)} pixels with no data and "
                f"{format_count(self.negative_cells)} "
                "with a negative value"
            )
        return "\n".join(lines)


def read_population_raster(
    path: str | os.PathLike[str],
    grid: Grid,
    district: gpd.GeoDataFrame | gpd.GeoSeries,
    *,
    band: int | None = None,
    crs: object | None = None,
) -> tuple[np.ndarray, PopulationRasterReport]:
    """People per cell of ``grid`` from a population raster (people per pixel), clipped to ``district``.

    The raster (WorldPop, GHSL, … in any CRS) is reprojected with GDAL's ``sum``
    resampling, clipped to the district by area, and scaled so the district's total
    equals the raster's own total in the district (see the module's notes).

    Parameters
    ----------
    path : str or os.PathLike
        A GeoTIFF of people per pixel (not per km²: convert a density first).
    grid : geo.spatial.travel.Grid
        The travel-time grid (metric CRS).
    district : geopandas.GeoDataFrame or geopandas.GeoSeries
        The district's outline (any CRS; its geometries are merged). Only the part
        inside the grid counts.
    band : int, optional
        The band of people, for a file of several bands (an error otherwise).
    crs : optional
        The raster's CRS if the file has none (never guessed).

    Returns
    -------
    people : numpy.ndarray
        float64, ``grid.rows × grid.cols``, 0 outside the district; sums to
        ``report.people``.
    report : PopulationRasterReport

    Raises
    ------
    TypeError
        If ``district`` is not a GeoDataFrame or GeoSeries.
    GeoInputError
        Naming the file: missing, not a raster, no CRS, several bands and none chosen,
        no overlap with the district, or no data over it; a district with no CRS or
        no area inside the grid.

    Warns
    -----
    UserWarning
        When the warped total had to be corrected by more than 0.5 %.

    Examples
    --------
    >>> people, report = read_population_raster("worldpop_2020_100m.tif", grid, data.district)  # doctest: +SKIP
    >>> print(report.summary())  # doctest: +SKIP
    """
    _check_gdal_sum()
    shape_m = _district_on_grid(grid, district)
    source = Path(path)
    window = read_raster_window(source, shape_m.bounds, grid.crs, what="population raster", band=band, crs=crs)
    shape_src = gpd.GeoSeries([shapely.segmentize(shape_m, grid.cell_m)], crs=grid.crs).to_crs(window.crs).iloc[0]
    inside_src = _area_share(shape_src, window.transform, window.values.shape)
    over = inside_src > 0
    if not over.any():
        msg = (
            f"{source.name} does not overlap the district (its pixels near the district all lie outside it); "
            "use a population raster of this district"
        )
        raise GeoInputError(msg)
    values = window.values
    nodata = over & np.isnan(values)
    negative = over & (values < 0)
    if nodata.sum() == over.sum():
        msg = (
            f"{source.name} has no data over the district: all {int(over.sum()):,} pixels there are nodata; "
            "check the band, the nodata value, or use another year's or product's raster"
        )
        raise GeoInputError(msg)
    counts = np.where(np.isnan(values) | (values < 0), 0.0, values)
    people_source = float((counts * inside_src).sum())
    pixel_area = abs(window.transform.determinant)
    data_pct = float(inside_src[over & ~nodata].sum() * pixel_area / shape_src.area * 100.0)

    warped = np.full((grid.rows, grid.cols), np.nan)
    reproject(
        counts,
        warped,
        src_transform=window.transform,
        src_crs=window.crs,
        dst_transform=grid.transform,
        dst_crs=grid.crs,
        resampling=Resampling.sum,
        dst_nodata=np.nan,
    )
    people = np.nan_to_num(warped, nan=0.0) * _area_share(shape_m, grid.transform, (grid.rows, grid.cols))
    people_warped = float(people.sum())
    if people_warped > 0:
        people *= people_source / people_warped
    units = window.crs.axis_info[0].unit_name if window.crs.axis_info else "units"
    report = PopulationRasterReport(
        source,
        window.crs.to_string(),
        window.resolution,
        units,
        window.band,
        int(nodata.sum()),
        int(negative.sum()),
        people_source,
        people_warped,
        float(people.sum()),
        min(data_pct, 100.0),
    )
    if abs(report.correction_pct) > _CORRECTION_WARN_PCT:
        warnings.warn(
            f"{source.name}: the district's total on the grid was corrected by {report.correction_pct:+.2f} %"
            " to match the raster's; its pixels may be far coarser than the grid's cells",
            stacklevel=2,
        )
    return people, report


def compare_coverage(
    village_people: np.ndarray, raster_people: np.ndarray, minutes: np.ndarray, thresholds_min: Sequence[float]
) -> pd.DataFrame:
    """People within each travel-time threshold by the village surface and by an imported raster, side by side.

    Parameters
    ----------
    village_people : numpy.ndarray
        :func:`population_surface` on the grid.
    raster_people : numpy.ndarray
        :func:`read_population_raster` on the same grid.
    minutes : numpy.ndarray
        :func:`geo.spatial.travel.travel_minutes` on the same grid.
    thresholds_min : sequence of float
        Minutes (inclusive, as :func:`people_within`).

    Returns
    -------
    pandas.DataFrame
        One row a threshold: ``threshold_min``; ``village_people`` and ``raster_people``
        within it; ``difference_people`` (raster − villages) and ``difference_pct`` (of
        the villages' figure; NaN where that is 0); ``village_share_pct`` and
        ``raster_share_pct``, each surface's people within it as a share of its own
        total (NaN for an empty surface) — the figure to compare when the two totals differ.

    Raises
    ------
    GeoInputError
        If the three arrays are not on one grid.

    Examples
    --------
    >>> minutes = np.array([[0.0, 20.0, np.inf]])
    >>> table = compare_coverage(np.array([[50.0, 30.0, 20.0]]), np.array([[40.0, 40.0, 20.0]]), minutes, [15, 30])
    >>> print(table[["threshold_min", "village_people", "raster_people", "difference_pct"]].to_string())
       threshold_min  village_people  raster_people  difference_pct
    0             15            50.0           40.0           -20.0
    1             30            80.0           80.0             0.0
    """
    if village_people.shape != raster_people.shape:
        msg = f"village_people {village_people.shape} and raster_people {raster_people.shape} are not on one grid"
        raise GeoInputError(msg)
    villages = people_within(village_people, minutes, thresholds_min)
    raster = people_within(raster_people, minutes, thresholds_min)
    table = pd.DataFrame(
        {
            "threshold_min": list(villages),
            "village_people": list(villages.values()),
            "raster_people": list(raster.values()),
        }
    )
    table["difference_people"] = table["raster_people"] - table["village_people"]
    table["difference_pct"] = _pct(table["difference_people"], table["village_people"])
    table["village_share_pct"] = _pct(table["village_people"], float(village_people.sum()))
    table["raster_share_pct"] = _pct(table["raster_people"], float(raster_people.sum()))
    return table


def _pct(part: pd.Series, whole: pd.Series | float) -> pd.Series:
    """``part`` as a % of ``whole``; NaN where ``whole`` is 0."""
    whole = pd.Series(whole, index=part.index, dtype=float)
    return (part / whole.where(whole != 0) * 100.0).astype(float)


def _check_gdal_sum() -> None:
    version = tuple(int(part) for part in rasterio.__gdal_version__.split(".")[:2])
    if version < _SUM_GDAL:
        msg = (
            f"reprojecting a population raster needs GDAL 3.6 or later (its 'sum' resampling keeps totals), "
            f"this rasterio has GDAL {rasterio.__gdal_version__}; upgrade rasterio"
        )
        raise RuntimeError(msg)


def _district_on_grid(grid: Grid, district: object) -> shapely.Geometry:
    """The district's outline in the grid's CRS, cut to the grid."""
    if not isinstance(district, gpd.GeoDataFrame | gpd.GeoSeries):
        msg = f"district should be a geopandas.GeoDataFrame or GeoSeries, got {type(district).__name__}"
        raise TypeError(msg)
    if district.crs is None:
        msg = "the district outline has no CRS; set it (the store's is EPSG:4326) before reading a raster over it"
        raise GeoInputError(msg)
    geometry = district.geometry if isinstance(district, gpd.GeoDataFrame) else district
    west, south, east, north = geometry.total_bounds
    step = max(east - west, north - south) / 500.0  # straight edges in one CRS are curves in another
    dense = geometry.segmentize(step) if step > 0 else geometry
    merged = shapely.make_valid(dense.to_crs(grid.crs).union_all())
    frame = shapely.box(
        grid.west, grid.north - grid.rows * grid.cell_m, grid.west + grid.cols * grid.cell_m, grid.north
    )
    shape = shapely.intersection(merged, frame)
    if shape.is_empty or shape.area <= 0:
        msg = "the district outline has no area inside the grid; build the grid over the district (Grid.covering)"
        raise GeoInputError(msg)
    return shape


def _area_share(shape: shapely.Geometry, transform: Affine, out_shape: tuple[int, int]) -> np.ndarray:
    """The share (0–1) of each cell's area inside ``shape`` (in the cells' CRS); exact on the boundary."""
    touched = features.rasterize(
        [shape], out_shape=out_shape, transform=transform, all_touched=True, fill=0, default_value=1, dtype="uint8"
    ).astype(bool)
    edge = features.rasterize(
        [shape.boundary],
        out_shape=out_shape,
        transform=transform,
        all_touched=True,
        fill=0,
        default_value=1,
        dtype="uint8",
    ).astype(bool)
    share = touched.astype("float64")  # a touched cell the boundary does not cross lies wholly inside
    rows, cols = np.nonzero(touched & edge)
    if len(rows):
        corner_cols = cols[:, None] + np.array([0, 1, 1, 0])
        corner_rows = rows[:, None] + np.array([0, 0, 1, 1])
        xs, ys = transform @ (corner_cols, corner_rows)
        cells = shapely.polygons(np.stack([xs, ys], axis=-1))
        share[rows, cols] = shapely.area(shapely.intersection(cells, shape)) / shapely.area(cells)
    return share
