"""The data every layer draws from, computed once per store, date and threshold."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely

from geo.gaps import gaps
from geo.indicators import panchayat_indicators, services_as_of, village_access
from geo.schema import METRIC_CRS, PRIVATE_FIELDS, STORE_CRS
from geo.store import StoreData

#: Display simplification: tolerance in metres, then coordinates rounded to ~1 m.
SIMPLIFY_M = 60.0
GRID_DEG = 1e-5


@dataclass(frozen=True)
class MapContext:
    """Display-ready frames (EPSG:4326, simplified) for the layer builders.

    Attributes
    ----------
    panchayats : geopandas.GeoDataFrame
        :func:`geo.indicators.panchayat_indicators` plus ``gaps`` (count of gap
        lists the panchayat is on) and ``gap_list`` (their keys, ``;``-joined).
    villages : geopandas.GeoDataFrame
        :func:`geo.indicators.village_access` (Aadhaar, CSC and PMGDISHA distances).
    services : geopandas.GeoDataFrame
        Service points that existed on ``as_of``; public columns only.
    blocks, district : geopandas.GeoDataFrame
        Boundaries, simplified like the panchayats.
    gap_lists : dict of str to pandas.DataFrame
        :func:`geo.gaps.gaps`.
    as_of : str or None
    aadhaar_km : float
    is_demo : bool
    """

    panchayats: gpd.GeoDataFrame
    villages: gpd.GeoDataFrame
    services: gpd.GeoDataFrame
    blocks: gpd.GeoDataFrame
    district: gpd.GeoDataFrame
    gap_lists: dict[str, pd.DataFrame]
    as_of: str | None
    aadhaar_km: float
    is_demo: bool


def map_context(
    data: StoreData,
    *,
    as_of: str | dt.date | None = None,
    aadhaar_km: float = 10.0,
    simplify_m: float = SIMPLIFY_M,
) -> MapContext:
    """Compute everything the layers need, once.

    Parameters
    ----------
    data : StoreData
        The store's content (private columns are dropped here in any case).
    as_of : str or datetime.date, optional
        Status and service points as of this date.
    aadhaar_km : float, default 10
        Aadhaar reach threshold for distance bands and gaps.
    simplify_m : float, default 60
        Boundary simplification tolerance in metres; shared edges stay shared
        (coverage simplification), so neighbours neither overlap nor gap. 0 keeps
        the stored geometry.

    Returns
    -------
    MapContext
    """
    villages = village_access(data, as_of=as_of)
    indicators = panchayat_indicators(data, as_of=as_of, aadhaar_km=aadhaar_km, villages=villages)
    lists = gaps(data, as_of=as_of, aadhaar_km=aadhaar_km, indicators=indicators, villages=villages)
    on_lists = pd.concat(
        [pd.Series(key, index=frame["lgd_code"]) for key, frame in lists.items() if "lgd_code" in frame]
        + [pd.Series("far_from_aadhaar", index=lists["far_from_aadhaar"]["panchayat_lgd"].unique())]
    )
    gap_keys = on_lists.groupby(level=0).agg(lambda keys: ";".join(sorted(set(keys))))
    indicators["gap_list"] = indicators["lgd_code"].map(gap_keys).fillna("")
    indicators["gaps"] = indicators["gap_list"].map(lambda s: len(s.split(";")) if s else 0)
    services = services_as_of(data.service_points, as_of)
    services = services.drop(columns=[c for c in PRIVATE_FIELDS.get("service_points", ()) if c in services])
    return MapContext(
        panchayats=_simplified(indicators, simplify_m),
        villages=villages,
        services=services,
        blocks=_simplified(data.blocks, simplify_m),
        district=_simplified(data.district, simplify_m),
        gap_lists=lists,
        as_of=None if as_of is None else str(as_of),
        aadhaar_km=aadhaar_km,
        is_demo=data.is_demo,
    )


def _simplified(frame: gpd.GeoDataFrame, tolerance_m: float) -> gpd.GeoDataFrame:
    """Simplify polygons for display, keeping shared edges shared, and snap to ~1 m."""
    if tolerance_m <= 0 or frame.empty:
        return frame
    metric = frame.geometry.to_crs(METRIC_CRS).make_valid()
    simple = gpd.GeoSeries(shapely.coverage_simplify(metric.to_numpy(), tolerance_m), index=frame.index, crs=METRIC_CRS)
    snapped = shapely.set_precision(simple.to_crs(STORE_CRS).to_numpy(), GRID_DEG)
    return frame.set_geometry(gpd.GeoSeries(snapped, index=frame.index, crs=STORE_CRS))
