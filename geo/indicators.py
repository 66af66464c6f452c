"""Indicator tables: one row per panchayat and one per village, as of a date.

These tables are what the review reads, what the map layers colour and what the
exports write. They join the status history (:mod:`geo.status`), the service
points and the nearest-service distances (:mod:`geo.nearest`).
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.nearest import nearest_service, origin_points
from geo.status import current_status, parse_date
from geo.store import StoreData

__all__ = ["services_as_of", "functional_counts", "bhawan_points", "village_access", "panchayat_indicators", "ACCESS_KINDS"]

#: Service kinds whose nearest point is measured from every village.
ACCESS_KINDS = ("aadhaar", "csc", "pmgdisha")


def services_as_of(services: gpd.GeoDataFrame, as_of: str | dt.date | None = None) -> gpd.GeoDataFrame:
    """Return the service points that existed on ``as_of`` (opened on or before it).

    Points with no opening date count as always there. The ``functional`` flag is
    the latest known one; the store keeps no history of it per point.
    """
    cutoff = parse_date(as_of, name="as_of")
    if cutoff is None:
        return services
    opened = services["opened"].fillna("")
    return services[(opened == "") | (opened <= cutoff)]


def functional_counts(services: gpd.GeoDataFrame) -> pd.Series:
    """How many functional service points each kind has (kinds with none are absent).

    Parameters
    ----------
    services : geopandas.GeoDataFrame
        The ``service_points`` layer (or a subset of it).

    Returns
    -------
    pandas.Series
        Kind -> count of points whose ``functional`` flag is true.
    """
    functional = services["functional"].fillna(False).astype(bool)
    return services.loc[functional, "kind"].value_counts()


def bhawan_points(panchayats: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Panchayats as points: the panchayat bhawan, or the centroid where none is recorded.

    Parameters
    ----------
    panchayats : geopandas.GeoDataFrame
        The ``panchayats`` layer (EPSG:4326).

    Returns
    -------
    geopandas.GeoDataFrame
        The same rows and columns with Point geometry (EPSG:4326).
    """
    centroids = origin_points(panchayats, how="centroid").geometry
    has_bhawan = (panchayats["bhawan_lon"].notna() & panchayats["bhawan_lat"].notna()).to_numpy()
    bhawan = gpd.GeoSeries(
        gpd.points_from_xy(panchayats["bhawan_lon"], panchayats["bhawan_lat"]),
        index=panchayats.index,
        crs=panchayats.crs,
    )
    return panchayats.set_geometry(bhawan.where(has_bhawan, centroids))


def village_access(
    data: StoreData,
    *,
    as_of: str | dt.date | None = None,
    kinds: tuple[str, ...] = ACCESS_KINDS,
) -> gpd.GeoDataFrame:
    """Villages with the nearest functional service point of each kind.

    Parameters
    ----------
    data : StoreData
        The store's content.
    as_of : str or datetime.date, optional
        Count only service points opened by then.
    kinds : tuple of str, default ``("aadhaar", "csc", "pmgdisha")``
        Service kinds to measure. A kind with no functional point gives NaN.

    Returns
    -------
    geopandas.GeoDataFrame
        The villages (EPSG:4326, same index) plus ``block_lgd`` and, per kind,
        ``<kind>_id``, ``<kind>_name`` and ``<kind>_dist_km`` (geodesic km).
    """
    services = services_as_of(data.service_points, as_of)
    villages = data.villages.copy()
    villages["block_lgd"] = villages["panchayat_lgd"].map(data.panchayats.set_index("lgd_code")["block_lgd"])
    available = functional_counts(services).index
    for kind in kinds:
        if kind in available and len(villages):
            near = nearest_service(villages, services, kind)
            villages[f"{kind}_id"] = near["nearest_id"]
            villages[f"{kind}_name"] = near["nearest_name"]
            villages[f"{kind}_dist_km"] = near["nearest_dist_m"] / 1000.0
        else:
            villages[f"{kind}_id"] = pd.NA
            villages[f"{kind}_name"] = pd.NA
            villages[f"{kind}_dist_km"] = np.nan
    return villages


def panchayat_indicators(
    data: StoreData,
    *,
    as_of: str | dt.date | None = None,
    aadhaar_km: float = 10.0,
    villages: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Every indicator of the review, one row per panchayat.

    Parameters
    ----------
    data : StoreData
        The store's content.
    as_of : str or datetime.date, optional
        Status and service points as of this date; default: latest.
    aadhaar_km : float, default 10
        Villages farther than this from an Aadhaar centre count as out of reach.
    villages : geopandas.GeoDataFrame, optional
        The result of :func:`village_access` for the same ``as_of``, if the caller
        has it already (saves recomputing the distances).

    Returns
    -------
    geopandas.GeoDataFrame
        Panchayat polygons (EPSG:4326) with ``block_name``/``block_name_hi``, the
        status columns of :func:`geo.status.current_status`, ``population``,
        ``villages``, ``csc_functional_points``, ``csc_points``,
        ``pmgdisha_centres``, ``pmgdisha_registered``/``_trained``/``_passed``,
        ``library_books``, ``villages_beyond_aadhaar``,
        ``population_beyond_aadhaar`` and ``aadhaar_max_km``.
    """
    if not aadhaar_km > 0:
        msg = f"aadhaar_km must be a positive distance in km, got {aadhaar_km!r}"
        raise ValueError(msg)
    if villages is None:
        villages = village_access(data, as_of=as_of, kinds=("aadhaar",))
    gps = data.panchayats.copy()
    blocks = data.blocks.set_index("lgd_code")
    gps["block_name"] = gps["block_lgd"].map(blocks["name"])
    gps["block_name_hi"] = gps["block_lgd"].map(blocks["name_hi"])
    status = current_status(data.status_events, gps["lgd_code"], as_of=as_of)
    gps = gps.join(status, on="lgd_code")

    by_gp = villages.groupby("panchayat_lgd")
    # No functional Aadhaar centre at all (NaN distance) leaves a village out of reach too.
    far = villages["aadhaar_dist_km"].isna() | (villages["aadhaar_dist_km"] > aadhaar_km)
    gps["population"] = _per_gp(gps, by_gp["population"].sum())
    gps["villages"] = _per_gp(gps, by_gp.size())
    gps["villages_beyond_aadhaar"] = _per_gp(gps, far.groupby(villages["panchayat_lgd"]).sum())
    gps["population_beyond_aadhaar"] = _per_gp(
        gps, villages["population"].where(far, 0).groupby(villages["panchayat_lgd"]).sum()
    )
    gps["aadhaar_max_km"] = gps["lgd_code"].map(by_gp["aadhaar_dist_km"].max()).astype(float).round(2)

    services = services_as_of(data.service_points, as_of)
    csc = services[services["kind"] == "csc"]
    gps["csc_points"] = _per_gp(gps, csc.groupby("panchayat_lgd").size())
    gps["csc_functional_points"] = _per_gp(gps, csc[csc["functional"].fillna(False)].groupby("panchayat_lgd").size())
    pmg = services[services["kind"] == "pmgdisha"].groupby("panchayat_lgd")
    gps["pmgdisha_centres"] = _per_gp(gps, pmg.size())
    for column in ("registered", "trained", "passed"):
        gps[f"pmgdisha_{column}"] = _per_gp(gps, pmg[column].sum())
    books = services[services["kind"] == "library"].groupby("panchayat_lgd")["books"].sum()
    gps["library_books"] = _per_gp(gps, books)
    return gps


def _per_gp(gps: pd.DataFrame, values: pd.Series) -> pd.Series:
    """Map a per-panchayat series onto ``gps`` rows (0 where a panchayat has none)."""
    return gps["lgd_code"].map(values).fillna(0).astype("int64")
