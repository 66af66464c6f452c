"""Coordinate reference systems: which metric CRS measures a district, and where its coordinates should fall.

The store keeps EPSG:4326. Areas, buffers and simplification happen in the UTM
zone of the data itself (EPSG:326zz north of the equator), found from its extent,
so a district anywhere in India is measured in its own zone. Imports check
coordinates against the store's own extent (or India's, for a new store) and
phrase their hints from it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np

__all__ = ["INDIA_BOX", "Extent", "metric_crs", "utm_crs_for", "extent_of"]

#: India in degrees (lon_min, lat_min, lon_max, lat_max): where any district of the app lies.
INDIA_BOX = (68.0, 6.5, 97.5, 37.5)
#: How far (km) beyond the store's own extent an imported coordinate may fall.
MARGIN_KM = 50.0


def utm_crs_for(lon: float, lat: float) -> str:
    """The WGS84 UTM zone CRS around a point, e.g. ``"EPSG:32645"`` for 86.9 °E, 24.0 °N.

    Examples
    --------
    >>> utm_crs_for(86.9, 24.0)
    'EPSG:32645'
    >>> utm_crs_for(85.3, 23.3)
    'EPSG:32645'
    >>> utm_crs_for(83.8, 24.2)
    'EPSG:32644'
    """
    if not (math.isfinite(lon) and math.isfinite(lat)):
        msg = f"need a finite longitude and latitude, got {lon!r}, {lat!r}"
        raise ValueError(msg)
    zone = min(60, int((lon + 180.0) // 6.0) + 1)
    return f"EPSG:{32600 + zone if lat >= 0 else 32700 + zone}"


def metric_crs(frame: gpd.GeoDataFrame | gpd.GeoSeries) -> str:
    """The UTM zone CRS of a frame's centre (the frame may be in any CRS).

    Raises
    ------
    ValueError
        For a frame with no CRS or no geometry.
    """
    if frame.crs is None:
        msg = "the frame has no CRS; set one before measuring (store frames are EPSG:4326)"
        raise ValueError(msg)
    geoms = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    west, south, east, north = geoms.to_crs("EPSG:4326").total_bounds
    return utm_crs_for((west + east) / 2, (south + north) / 2)


@dataclass(frozen=True)
class Extent:
    """Where coordinates should fall: a lon/lat box and how to describe it in a message.

    Attributes
    ----------
    box : tuple of float
        (lon_min, lat_min, lon_max, lat_max) in degrees.
    where : str
        What the box is, for messages ("the district", "India").
    centre : tuple of float
        (lon, lat) of its centre.
    """

    box: tuple[float, float, float, float]
    where: str

    @property
    def centre(self) -> tuple[float, float]:
        """(lon, lat) of the box's centre."""
        return ((self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2)

    def contains(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Which (lon, lat) pairs lie in the box."""
        lon0, lat0, lon1, lat1 = self.box
        return (x >= lon0) & (x <= lon1) & (y >= lat0) & (y <= lat1)

    def looks_swapped(self, x: np.ndarray, y: np.ndarray) -> bool:
        """Whether the medians of ``x``/``y`` fall in the box only when read as latitude/longitude."""
        if not (np.isfinite(x).any() and np.isfinite(y).any()):
            return False
        mx, my = float(np.nanmedian(x)), float(np.nanmedian(y))
        lon0, lat0, lon1, lat1 = self.box
        return bool(lat0 <= mx <= lat1 and lon0 <= my <= lon1 and not (lon0 <= mx <= lon1 and lat0 <= my <= lat1))

    def describe(self) -> str:
        """E.g. "the store's district lies at about 24.0 °N 86.9 °E"."""
        lon, lat = self.centre
        return f"{self.where} lies at about {lat:.1f} °N {lon:.1f} °E"

    def utm_hint(self) -> str:
        """The UTM zone around the box, e.g. "EPSG:32645 (UTM zone 45N)"."""
        crs = utm_crs_for(*self.centre)
        zone = int(crs.split(":")[1]) % 100
        return f"{crs} (UTM zone {zone}{'N' if self.centre[1] >= 0 else 'S'})"

    def bounds_text(self) -> str:
        """E.g. "about 23.3–24.6 °N, 86.0–87.7 °E"."""
        lon0, lat0, lon1, lat1 = self.box
        return f"about {lat0:.1f}–{lat1:.1f} °N, {lon0:.1f}–{lon1:.1f} °E"


def extent_of(layers: Sequence[gpd.GeoDataFrame], *, margin_km: float = MARGIN_KM) -> Extent:
    """The extent imported coordinates should fall in: the store's layers plus a margin, else India.

    Parameters
    ----------
    layers : sequence of GeoDataFrame
        The store's boundary layers (EPSG:4326); empty ones are skipped.
    margin_km : float, default 50
        How far beyond the store's extent a point may still be.
    """
    bounds = [frame.total_bounds for frame in layers if len(frame) and frame.crs is not None]
    if not bounds:
        return Extent(INDIA_BOX, "India")
    stacked = np.vstack(bounds)
    west, south = stacked[:, 0].min(), stacked[:, 1].min()
    east, north = stacked[:, 2].max(), stacked[:, 3].max()
    dlat = margin_km / 111.0
    dlon = margin_km / (111.0 * max(math.cos(math.radians((south + north) / 2)), 0.1))
    box = (float(west - dlon), float(south - dlat), float(east + dlon), float(north + dlat))
    return Extent(box, "the store's district")
