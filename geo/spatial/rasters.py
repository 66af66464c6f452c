"""Reading a user's GeoTIFF (a population raster, a DEM) with checks whose messages name the file.

:func:`read_raster_window` opens a raster file with rasterio, checks it has a CRS
(or takes the one the user states) and one band to use, and reads only the window
of pixels over an area given in another CRS (a district, a grid), with a margin,
so a country-wide WorldPop or SRTM file is never read whole. Every problem is a
:class:`geo.errors.GeoInputError` that names the file and says what to do.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from pyproj import CRS
from rasterio.errors import RasterioIOError
from rasterio.warp import transform_bounds
from rasterio.windows import Window, WindowError, from_bounds

from geo.errors import GeoInputError

__all__ = ["RasterWindow", "read_raster_window"]


@dataclass(frozen=True)
class RasterWindow:
    """The pixels of one band of a raster file over an area of interest.

    Attributes
    ----------
    values : numpy.ndarray
        float64 pixel values, ``NaN`` where the file has no data (its nodata value
        or mask) or a non-finite value.
    transform : affine.Affine
        The window's transform, in ``crs``.
    crs : pyproj.CRS
        The file's CRS (or the one the caller stated for a file without one).
    band : int
        The band read (1-based).
    resolution : tuple of float
        The pixel size (x, y) in the units of ``crs``.
    """

    values: np.ndarray
    transform: Affine
    crs: CRS
    band: int
    resolution: tuple[float, float]


def read_raster_window(
    path: str | os.PathLike[str],
    bounds: tuple[float, float, float, float],
    bounds_crs: CRS,
    *,
    what: str,
    band: int | None = None,
    crs: object | None = None,
    margin_px: int = 2,
) -> RasterWindow:
    """Read one band of the raster at ``path`` over ``bounds`` (in ``bounds_crs``), ``margin_px`` pixels wider.

    Parameters
    ----------
    path : str or os.PathLike
        A raster file GDAL reads (GeoTIFF, COG, …).
    bounds : tuple of float
        (west, south, east, north) of the area wanted, in ``bounds_crs``.
    bounds_crs : pyproj.CRS
    what : str
        What the file is for, in messages ("population raster", "DEM").
    band : int, optional
        The band to read (1-based). Required for a file of more than one band.
    crs : optional
        The file's CRS if it has none (anything :meth:`pyproj.CRS.from_user_input` takes).
    margin_px : int
        Pixels read beyond ``bounds`` on every side (for edges and interpolation).

    Returns
    -------
    RasterWindow

    Raises
    ------
    GeoInputError
        Naming the file: missing, not a raster, no CRS, several bands and none chosen
        (or a band it does not have), a CRS stated that differs from its own, or no
        pixel over ``bounds``.
    """
    source = Path(path)
    if not source.exists():
        msg = f"{source.name}: no such file ({source}); check the path to the {what}"
        raise GeoInputError(msg)
    try:
        dataset = rasterio.open(source)
    except RasterioIOError as err:
        msg = (
            f"{source.name} is not a raster GDAL can read ({err}); the {what} should be a GeoTIFF — "
            "export it from QGIS (Raster ▸ Conversion ▸ Translate) as GeoTIFF"
        )
        raise GeoInputError(msg) from None
    with dataset:
        file_crs = _file_crs(dataset, source, what, crs)
        chosen = _band(dataset, source, what, band)
        window = _window_over(dataset, transform_bounds(bounds_crs, file_crs, *bounds, densify_pts=21), margin_px)
        if window is None:
            west, south, east, north = transform_bounds(file_crs, "EPSG:4326", *dataset.bounds, densify_pts=21)
            a_west, a_south, a_east, a_north = transform_bounds(bounds_crs, "EPSG:4326", *bounds, densify_pts=21)
            msg = (
                f"{source.name} does not overlap the area: the {what} covers {west:.3f}–{east:.3f} °E, "
                f"{south:.3f}–{north:.3f} °N, the area {a_west:.3f}–{a_east:.3f} °E, {a_south:.3f}–{a_north:.3f} °N;"
                f" use a {what} of this district (or check its CRS, {file_crs.to_string()})"
            )
            raise GeoInputError(msg)
        data = dataset.read(chosen, window=window, masked=True)
        values = np.ma.filled(data.astype("float64"), np.nan)
        values[~np.isfinite(values)] = np.nan
        transform = dataset.window_transform(window)
        resolution = (float(math.hypot(transform.a, transform.d)), float(math.hypot(transform.b, transform.e)))
    return RasterWindow(values, transform, file_crs, chosen, resolution)


def _file_crs(dataset: rasterio.DatasetReader, source: Path, what: str, stated: object | None) -> CRS:
    if dataset.crs is None:
        if stated is None:
            msg = (
                f"{source.name} has no CRS; the {what} must say where it lies (WorldPop and SRTM files are "
                f"EPSG:4326, GHSL ESRI:54009) — set it with `gdal_edit.py -a_srs EPSG:4326 {source.name}`, in "
                "QGIS (Layer ▸ Set CRS, then export), or state it"
            )
            raise GeoInputError(msg)
        return CRS.from_user_input(stated)
    own = CRS.from_user_input(dataset.crs.to_wkt())
    if stated is not None and not own.equals(CRS.from_user_input(stated), ignore_axis_order=True):
        msg = (
            f"{source.name} is in {own.to_string()}, not the {CRS.from_user_input(stated).to_string()} stated; "
            "state a CRS only for a file without one"
        )
        raise GeoInputError(msg)
    return own


def _band(dataset: rasterio.DatasetReader, source: Path, what: str, band: int | None) -> int:
    if band is None:
        if dataset.count == 1:
            return 1
        msg = (
            f"{source.name} has {dataset.count} bands; say which one is the {what} (band 1 to {dataset.count}), "
            "or export that band alone"
        )
        raise GeoInputError(msg)
    if not isinstance(band, int) or isinstance(band, bool) or not 1 <= band <= dataset.count:
        msg = f"{source.name} has bands 1 to {dataset.count}, not band {band!r}"
        raise GeoInputError(msg)
    return band


def _window_over(
    dataset: rasterio.DatasetReader, bounds: tuple[float, float, float, float], margin_px: int
) -> Window | None:
    """The file's pixels over ``bounds`` (its CRS), ``margin_px`` wider; None when none is."""
    full = Window(0, 0, dataset.width, dataset.height)
    if not dataset.transform.is_rectilinear:  # rotated: read it all, the warp sorts it out
        return full
    west, south, east, north = bounds
    left, bottom, right, top = dataset.bounds
    if west >= max(left, right) or east <= min(left, right) or south >= max(bottom, top) or north <= min(bottom, top):
        return None
    window = from_bounds(west, south, east, north, transform=dataset.transform)
    col0 = math.floor(window.col_off) - margin_px
    row0 = math.floor(window.row_off) - margin_px
    col1 = math.ceil(window.col_off + window.width) + margin_px
    row1 = math.ceil(window.row_off + window.height) + margin_px
    try:
        window = Window(col0, row0, col1 - col0, row1 - row0).intersection(full)
    except WindowError:
        return None
    return window if window.width > 0 and window.height > 0 else None
