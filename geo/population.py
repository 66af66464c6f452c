"""A population surface on a travel-time grid, built from villages, totals kept; people within N minutes.

:func:`population_surface` puts every village's recorded population on the cells of
a :class:`geo.travel.Grid`: a village point into the cell it falls in, a village
polygon spread over the cells it covers in proportion to the area of each cell it
covers (computed in the grid's metric CRS). Each village's total is kept to
floating-point rounding, so the district's is too. Villages without a recorded
population are left off, and counted.

:func:`people_within` then counts the people within each travel-time threshold
(:func:`geo.travel.within_minutes`: inclusive), and :func:`write_geotiff` writes a
surface as a cloud-optimised GeoTIFF (rasterio, GDAL's COG driver).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import rasterio.shutil
import shapely
from rasterio import features

from geo.errors import GeoInputError
from geo.travel import Grid, within_minutes

__all__ = ["people_within", "population_surface", "write_geotiff"]


def population_surface(grid: Grid, villages: gpd.GeoDataFrame) -> tuple[np.ndarray, int]:
    """People per cell of ``grid`` from ``villages``; and how many villages had no population to put.

    Parameters
    ----------
    grid : geo.travel.Grid
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
        mask = features.rasterize([shape], out_shape=people.shape, transform=grid.transform, all_touched=True,
                                  fill=0, default_value=1, dtype="uint8").astype(bool)
        rows, cols = np.nonzero(mask)
        cells = shapely.box(grid.west + cols * grid.cell_m, grid.north - (rows + 1) * grid.cell_m,
                            grid.west + (cols + 1) * grid.cell_m, grid.north - rows * grid.cell_m)
        area = shapely.area(shapely.intersection(cells, shape))
        if not len(area) or area.sum() <= 0:
            outside.append(label)
            continue
        np.add.at(people, (rows, cols), value * area / area.sum())
    _check_inside(pd.Index(outside), np.ones(len(outside), dtype=bool))
    return people, int((~counted).sum())


def people_within(people: np.ndarray, minutes: np.ndarray, thresholds_min: Sequence[float]) -> dict[float, float]:
    """People within each threshold (minutes, inclusive) of :func:`geo.travel.travel_minutes`.

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


def write_geotiff(path: str | os.PathLike[str], grid: Grid, values: np.ndarray, *, nodata: float | None = None,
                  dtype: str = "float32") -> Path:
    """Write ``values`` on ``grid`` as a cloud-optimised GeoTIFF (``dtype``, deflate); returns the path."""
    target = Path(path)
    profile = {"driver": "GTiff", "height": grid.rows, "width": grid.cols, "count": 1, "dtype": dtype,
               "crs": grid.crs.to_wkt(), "transform": grid.transform, "nodata": nodata}
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
