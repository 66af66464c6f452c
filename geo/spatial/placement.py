"""Where a service point stands: in a panchayat, in a town inside the district, or just across its border.

A centre serves whoever is nearest, wherever it stands. The block-HQ Aadhaar centre
stands in a town, which is no gram panchayat; a centre just across the district's
border serves the border villages. Such points are kept without a panchayat
(``service_points.panchayat_lgd`` empty) and count as everyone's possible nearest
centre, but in no panchayat's (or block's) own figures. Their *setting* is not
stored: it is read from the point and the district outline (:func:`point_settings`),
so it never goes stale when boundaries are imported again.

The district outline is taken with its holes filled (:func:`district_outline`): a
town enclosed by panchayats is inside the district even where the outline was
derived as the union of the panchayats, which leaves the town a hole.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.crs import metric_crs
from geo.storage.schema import STORE_CRS
from geo.text import Text, texts

__all__ = [
    "BORDER_KM",
    "SETTINGS",
    "INSIDE_M",
    "district_outline",
    "border_distance_m",
    "point_settings",
    "nearest_panchayats",
]

#: How far (km) outside the district's border a service point may stand and still be kept (``--border-km``).
BORDER_KM = 25.0
#: A point this close (metres) to the outline counts as inside it (digitising noise).
INSIDE_M = 1.0

#: Where a service point stands, and its label (the catalogue's ``place.setting.*``).
SETTINGS: dict[str, Text] = texts("place.setting")


def district_outline(district: gpd.GeoDataFrame, panchayats: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """The district's area with its holes filled, as one geometry in the district's UTM zone.

    Parameters
    ----------
    district, panchayats : geopandas.GeoDataFrame
        The store's layers (EPSG:4326); the union of the panchayats stands in for a
        missing district outline.

    Returns
    -------
    geopandas.GeoSeries
        One (Multi)Polygon in the metric CRS of :func:`geo.crs.metric_crs`; empty when
        the store has neither layer.

    Examples
    --------
    >>> from shapely.geometry import Polygon
    >>> ring = Polygon([(86.7, 23.9), (86.9, 23.9), (86.9, 24.1), (86.7, 24.1)],
    ...                [[(86.79, 23.99), (86.81, 23.99), (86.81, 24.01), (86.79, 24.01)]])
    >>> outline = district_outline(gpd.GeoDataFrame(geometry=[ring], crs=4326), gpd.GeoDataFrame(geometry=[]))
    >>> outline.crs.to_string(), len(outline.iloc[0].interiors)
    ('EPSG:32645', 0)
    """
    frame = district if len(district) else panchayats
    if not len(frame):
        return gpd.GeoSeries([], crs=STORE_CRS)
    metric = frame.to_crs(metric_crs(frame)).geometry.make_valid()
    union = metric.union_all()
    parts = [part for part in getattr(union, "geoms", [union]) if part.geom_type == "Polygon"]
    filled = shapely.union_all([shapely.Polygon(part.exterior) for part in parts])
    return gpd.GeoSeries([filled], crs=metric.crs)


def border_distance_m(points: gpd.GeoSeries, outline: gpd.GeoSeries) -> pd.Series:
    """Metres from each point to the district (0 inside it, or within :data:`INSIDE_M` of its edge).

    Parameters
    ----------
    points : geopandas.GeoSeries
        Points with a CRS.
    outline : geopandas.GeoSeries
        :func:`district_outline` (metric).

    Returns
    -------
    pandas.Series
        Float metres, indexed like ``points`` (NaN for every point when there is no outline).
    """
    if outline.empty:
        return pd.Series(np.nan, index=points.index, dtype=float)
    metric = points.to_crs(outline.crs).to_numpy()
    shape = outline.iloc[0]
    shapely.prepare(shape)
    dist = np.zeros(len(metric))
    beyond = ~shapely.intersects(shape, metric)  # a point inside is 0 m away: measure only the others
    dist[beyond] = shapely.distance(shape, metric[beyond])
    return pd.Series(np.where(dist <= INSIDE_M, 0.0, dist), index=points.index, dtype=float)


def point_settings(services: gpd.GeoDataFrame, district: gpd.GeoDataFrame, panchayats: gpd.GeoDataFrame) -> pd.Series:
    """Where each service point stands: ``panchayat``, ``urban`` or ``outside_district`` (:data:`SETTINGS`).

    A point with a panchayat is ``panchayat``; one without stands in a town
    (``urban``) when it is inside the district outline with its holes filled,
    else outside the district.

    Parameters
    ----------
    services : geopandas.GeoDataFrame
        Service points (EPSG:4326) with ``panchayat_lgd``.
    district, panchayats : geopandas.GeoDataFrame
        The store's layers.

    Returns
    -------
    pandas.Series
        Strings, indexed like ``services``.
    """
    settings = pd.Series("panchayat", index=services.index, dtype=object)
    without = services["panchayat_lgd"].isna() | (services["panchayat_lgd"].astype("string") == "")
    if without.any():
        outline = district_outline(district, panchayats)
        dist = border_distance_m(services.geometry[without.to_numpy()], outline)
        settings[without.to_numpy()] = np.where(dist.fillna(0.0) > 0, "outside_district", "urban")
    return settings


def nearest_panchayats(points: gpd.GeoSeries, panchayats: gpd.GeoDataFrame) -> pd.DataFrame:
    """The panchayat nearest to each point and how far it is, for reports about points in none.

    Parameters
    ----------
    points : geopandas.GeoSeries
        Points with a CRS.
    panchayats : geopandas.GeoDataFrame
        Polygons (EPSG:4326) with ``lgd_code`` and ``name``.

    Returns
    -------
    pandas.DataFrame
        ``lgd_code``, ``name`` and ``dist_m`` (metres to its boundary, in the
        panchayats' UTM zone), indexed like ``points``.
    """
    out = pd.DataFrame(
        {"lgd_code": pd.Series(dtype=object), "name": pd.Series(dtype=object), "dist_m": pd.Series(dtype=float)},
        index=points.index,
    )
    if panchayats.empty or points.empty:
        return out
    crs = metric_crs(panchayats)
    gps = panchayats[["lgd_code", "name", "geometry"]].to_crs(crs).reset_index(drop=True)
    frame = gpd.GeoDataFrame(geometry=points.to_crs(crs).reset_index(drop=True))
    joined = gpd.sjoin_nearest(frame, gps, how="left", distance_col="dist_m")
    joined = joined[~joined.index.duplicated(keep="first")].reindex(range(len(frame)))
    out["lgd_code"] = joined["lgd_code"].astype(str).to_numpy()
    out["name"] = joined["name"].to_numpy()
    out["dist_m"] = joined["dist_m"].to_numpy(dtype=float)
    return out
