"""Walking speed on slopes from a DEM (Tobler's hiking function), for the cells of a travel grid no road crosses.

Tobler's hiking function gives the walking speed on a path of slope ``s`` (rise over
run, signed in the direction of walking)::

    v(s) = 6 · exp(−3.5 · |s + 0.05|) km/h

fastest (6 km/h) gently downhill, 5.04 km/h on the flat. The travel graph of
:mod:`geo.spatial.travel` is undirected — a move costs the same both ways — so a cell needs
one speed whatever the direction. :func:`symmetric_tobler_kmh` takes the mean of the
uphill and downhill *paces* (minutes per km) at the cell's slope magnitude
``m = |∇z|`` (the steepest slope, from :func:`numpy.gradient` over ``cell_m``)::

    v_sym(m) = 2 / (1 / v(m) + 1 / v(−m))
             = 6 · exp(−0.175) / cosh(3.5 m)    for m ≤ 0.05
             = 6 · exp(−3.5 m) / cosh(0.175)    for m > 0.05

scaled by ``flat_kmh / (6 · exp(−0.175))`` so flat ground gives ``flat_kmh``.

Consequences of the choice: a trip there and back along the fall line takes
exactly Tobler's time; one way uphill it is too quick, one way downhill too slow
(on a 10 % slope, up 3.55 and down 5.04 km/h against the 4.16 used both ways). The
steepest slope is used whatever the direction of the move, so walking along a
contour is counted as slow as walking up it (a conservative time). Speeds never
reach 0 (at 45° about 0.18 km/h): a cliff is slow, not a barrier — barriers stay
those given to :func:`geo.spatial.travel.speed_surface`.

A cell with no elevation (the DEM's nodata, or outside the DEM), or next to one
(the gradient needs its neighbours), walks at ``flat_kmh``, with a warning counting
them.

Combining with roads
--------------------
:func:`geo.spatial.travel.speed_surface` writes ``walk_kmh`` in every cell no road crosses,
0 on barriers, and on road cells the road's speed (never below ``walk_kmh``).
:func:`combine_walk` replaces exactly the cells holding ``walk_kmh`` by the slope
walk: barriers stay 0 and motor roads keep their speed. A road no faster than
walking (``path``, ``footway`` at 5 km/h) holds ``walk_kmh`` too, so it is walked at
the slope speed as well — people on a footpath walk, slope and all::

    speed = speed_surface(grid, roads, barriers=rivers)                  # walk_kmh off-road
    speed = combine_walk(speed, slope_walk_kmh("dem.tif", grid))         # the slope walk off-road
    minutes, nearest = travel_minutes(grid, speed, centres)
"""

from __future__ import annotations

import math
import os
import warnings

import numpy as np
from rasterio.enums import Resampling
from rasterio.warp import reproject

from geo.errors import GeoInputError
from geo.spatial.rasters import read_raster_window
from geo.spatial.travel import WALK_KMH, Grid

__all__ = ["combine_walk", "slope_walk_kmh", "symmetric_tobler_kmh"]

#: Tobler's speed on the flat, km/h: 6 · exp(−3.5 · 0.05).
TOBLER_FLAT_KMH = 6.0 * math.exp(-0.175)


def symmetric_tobler_kmh(slope: np.ndarray | float, *, flat_kmh: float = WALK_KMH) -> np.ndarray:
    """The walking speed (km/h) at slope magnitude ``slope`` (rise over run), the same both ways.

    The harmonic mean of Tobler's uphill and downhill speeds (the mean of their
    paces), scaled so a slope of 0 gives ``flat_kmh``.

    Parameters
    ----------
    slope : numpy.ndarray or float
        ``|tan θ|``, dimensionless (0.1: 10 m up in 100 m); the sign is ignored.
    flat_kmh : float
        The speed on the flat, km/h, above 0.

    Returns
    -------
    numpy.ndarray
        float64 km/h, the shape of ``slope``.

    Examples
    --------
    >>> symmetric_tobler_kmh([0.0, 0.05, 0.1, 0.5]).round(3).tolist()
    [5.0, 4.924, 4.134, 1.019]
    """
    _check_flat(flat_kmh)
    m = np.abs(np.asarray(slope, dtype="float64"))
    tobler = np.where(m <= 0.05, TOBLER_FLAT_KMH / np.cosh(3.5 * m), 6.0 * np.exp(-3.5 * m) / math.cosh(0.175))
    return tobler * (flat_kmh / TOBLER_FLAT_KMH)


def slope_walk_kmh(
    dem: str | os.PathLike[str] | np.ndarray,
    grid: Grid,
    *,
    flat_kmh: float = WALK_KMH,
    band: int | None = None,
    crs: object | None = None,
) -> np.ndarray:
    """Walking speed (km/h) in every cell of ``grid`` from the slope of a DEM.

    Parameters
    ----------
    dem : str, os.PathLike or numpy.ndarray
        A DEM GeoTIFF (any CRS, e.g. SRTM in EPSG:4326; elevations in metres),
        reprojected onto the grid with bilinear resampling; or elevations (metres)
        already on the grid, ``grid.rows × grid.cols``, NaN where unknown.
    grid : geo.spatial.travel.Grid
    flat_kmh : float
        The speed on the flat, km/h (:data:`geo.spatial.travel.WALK_KMH`, as off-road walking).
    band : int, optional
        The elevation band of a file of several bands.
    crs : optional
        The DEM's CRS if the file has none (never guessed).

    Returns
    -------
    numpy.ndarray
        float64 km/h, ``grid.rows × grid.cols``, all above 0: for :func:`combine_walk`.

    Raises
    ------
    TypeError
        If ``dem`` is neither a path nor an array.
    GeoInputError
        Naming the file: missing, not a raster, no CRS, several bands and none chosen,
        not overlapping the grid, or no elevation anywhere on it; an array of the
        wrong shape; ``flat_kmh`` not above 0.

    Warns
    -----
    UserWarning
        When some cells have no elevation and walk at ``flat_kmh``.

    Examples
    --------
    A slope of 10 m in every 100 m cell eastwards:

    >>> from pyproj import CRS
    >>> grid = Grid(CRS.from_epsg(32645), 500_000.0, 2_650_000.0, 100.0, 2, 3)
    >>> slope_walk_kmh(np.array([[0.0, 10.0, 20.0], [0.0, 10.0, 20.0]]), grid).round(3).tolist()
    [[4.134, 4.134, 4.134], [4.134, 4.134, 4.134]]
    """
    _check_flat(flat_kmh)
    shape = (grid.rows, grid.cols)
    if isinstance(dem, np.ndarray):
        name = "the DEM array"
        if dem.shape != shape:
            msg = f"the DEM array has shape {dem.shape}, the grid {shape}; reproject it onto the grid or pass the file"
            raise GeoInputError(msg)
        elevation = dem.astype("float64")
    elif isinstance(dem, str | os.PathLike):
        name = os.fspath(dem).replace("\\", "/").rsplit("/", 1)[-1]
        elevation = _dem_on_grid(dem, grid, band=band, crs=crs)
    else:
        msg = f"dem should be a path to a DEM GeoTIFF or a numpy array of elevations, got {type(dem).__name__}"
        raise TypeError(msg)
    elevation = np.where(np.isfinite(elevation), elevation, np.nan)
    if np.isnan(elevation).all():
        msg = f"{name} has no elevation on any cell of the grid; use a DEM covering the district"
        raise GeoInputError(msg)
    slope = _slope(elevation, grid.cell_m)
    missing = np.isnan(slope) | np.isnan(elevation)  # a central difference skips the cell's own elevation
    if missing.any():
        warnings.warn(
            f"{name}: {int(missing.sum()):,} of {missing.size:,} cells have no elevation (or border one "
            f"that has none) and walk at {flat_kmh:g} km/h as on the flat",
            stacklevel=2,
        )
    return np.where(missing, float(flat_kmh), symmetric_tobler_kmh(np.nan_to_num(slope), flat_kmh=flat_kmh))


def combine_walk(speed_kmh: np.ndarray, walk_surface_kmh: np.ndarray, walk_kmh: float = WALK_KMH) -> np.ndarray:
    """``speed_kmh`` with its walking cells (those holding ``walk_kmh``) at the slope walk instead.

    Parameters
    ----------
    speed_kmh : numpy.ndarray
        :func:`geo.spatial.travel.speed_surface` (walking ``walk_kmh`` off-road, roads, 0 on barriers).
    walk_surface_kmh : numpy.ndarray
        :func:`slope_walk_kmh` on the same grid.
    walk_kmh : float
        The ``walk_kmh`` ``speed_surface`` was called with.

    Returns
    -------
    numpy.ndarray
        A new float64 array; barriers (0) and roads faster than ``walk_kmh`` unchanged.

    Raises
    ------
    GeoInputError
        If the arrays are not on one grid, or ``walk_surface_kmh`` has a speed not above 0.

    Warns
    -----
    UserWarning
        When no cell holds ``walk_kmh`` (was ``speed_surface`` given another?).

    Examples
    --------
    >>> combine_walk(np.array([[5.0, 0.0, 30.0]]), np.array([[3.5, 3.5, 3.5]])).tolist()
    [[3.5, 0.0, 30.0]]
    """
    if speed_kmh.shape != walk_surface_kmh.shape:
        msg = f"speed_kmh {speed_kmh.shape} and walk_surface_kmh {walk_surface_kmh.shape} are not on one grid"
        raise GeoInputError(msg)
    if not (walk_surface_kmh > 0).all():
        msg = "walk_surface_kmh has speeds not above 0 km/h; build it with slope_walk_kmh"
        raise GeoInputError(msg)
    walking = speed_kmh == float(walk_kmh)
    if not walking.any():
        warnings.warn(
            f"no cell of speed_kmh walks at {walk_kmh:g} km/h; pass the walk_kmh speed_surface was given", stacklevel=2
        )
    return np.where(walking, walk_surface_kmh, speed_kmh).astype("float64")


def _dem_on_grid(path: str | os.PathLike[str], grid: Grid, *, band: int | None, crs: object | None) -> np.ndarray:
    """The DEM's elevations at the grid's cells (bilinear), NaN where it has none."""
    bounds = (grid.west, grid.north - grid.rows * grid.cell_m, grid.west + grid.cols * grid.cell_m, grid.north)
    window = read_raster_window(path, bounds, grid.crs, what="DEM", band=band, crs=crs)
    elevation = np.full((grid.rows, grid.cols), np.nan)
    reproject(
        window.values,
        elevation,
        src_transform=window.transform,
        src_crs=window.crs,
        src_nodata=np.nan,
        dst_transform=grid.transform,
        dst_crs=grid.crs,
        dst_nodata=np.nan,
        resampling=Resampling.bilinear,
    )
    return elevation


def _slope(elevation: np.ndarray, cell_m: float) -> np.ndarray:
    """``|∇z|`` per cell (central differences, one-sided at the edges; 0 across a single row or column)."""
    parts = [
        np.gradient(elevation, cell_m, axis=axis) if elevation.shape[axis] > 1 else np.zeros_like(elevation)
        for axis in (0, 1)
    ]
    return np.hypot(*parts)


def _check_flat(flat_kmh: float) -> None:
    if not (isinstance(flat_kmh, int | float) and math.isfinite(flat_kmh) and flat_kmh > 0):
        msg = f"flat_kmh should be a walking speed above 0 km/h (e.g. 5), got {flat_kmh!r}"
        raise GeoInputError(msg)
