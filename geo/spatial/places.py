"""What a citizen asks: for my village or panchayat, the nearest working centre of each kind.

One definition, read by the app's Public page and by the static public map
(which ships this table): a village is measured from its point (polygons from
their centroid, as :func:`geo.review.indicators.village_access` measures it for the
gap lists, so the numbers are the same), a panchayat from its bhawan (its
centroid where none is recorded, as the app's nearest-service lines start).
Only functional centres are offered; distances are WGS84 geodesic metres
(:func:`geo.spatial.nearest.nearest_service`).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.review.indicators import bhawan_points, functional_counts
from geo.spatial.nearest import nearest_service, origin_points
from geo.spatial.search import place_index

__all__ = ["CITIZEN_KINDS", "nearest_centres"]

#: The centres a citizen looks for, in the order they are listed.
CITIZEN_KINDS = ("csc", "aadhaar", "pmgdisha")


def nearest_centres(
    panchayats: gpd.GeoDataFrame, villages: gpd.GeoDataFrame, services: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Every searchable place with its nearest functional centre of each :data:`CITIZEN_KINDS`.

    Parameters
    ----------
    panchayats : geopandas.GeoDataFrame
        The analysis' panchayats (EPSG:4326; ``bhawan_lon``/``bhawan_lat`` where recorded).
    villages : geopandas.GeoDataFrame
        The analysis' villages (EPSG:4326) with ``<kind>_id`` and ``<kind>_dist_km``
        from :func:`geo.review.indicators.village_access` (a kind without a functional
        centre has no such columns).
    services : geopandas.GeoDataFrame
        The analysis' service points with ``functional`` as of its date.

    Returns
    -------
    geopandas.GeoDataFrame
        :func:`geo.spatial.search.place_index` of the panchayats and villages, with Point
        geometry (where the distance is measured from; EPSG:4326) and, per kind,
        ``<kind>_id`` and ``<kind>_dist_m`` (geodesic metres); both missing where
        the district has no functional centre of the kind.

    Examples
    --------
    >>> from shapely.geometry import Point, box
    >>> gps = gpd.GeoDataFrame({"lgd_code": ["1"], "name": ["Nala"], "name_hi": ["नाला"],
    ...     "bhawan_lon": [86.0], "bhawan_lat": [23.0]}, geometry=[box(85.9, 22.9, 86.1, 23.1)], crs=4326)
    >>> villages = gpd.GeoDataFrame({"census_code": ["11"], "name": ["Kita"], "name_hi": ["किता"]},
    ...     geometry=[Point(86.0, 23.05)], crs=4326)
    >>> services = gpd.GeoDataFrame({"id": ["C1"], "kind": ["csc"], "name": ["CSC"], "name_hi": ["सीएससी"],
    ...     "functional": [True]}, geometry=[Point(86.0, 23.01)], crs=4326)
    >>> places = nearest_centres(gps, villages, services)
    >>> places["kind"].tolist(), places["csc_id"].iloc[0]
    (['panchayat', 'village'], 'C1')
    >>> round(float(places["csc_dist_m"].iloc[0]))
    1107
    """
    index = place_index(panchayats, villages)
    points = pd.concat([bhawan_points(panchayats).geometry, origin_points(villages).geometry], ignore_index=True)
    places = gpd.GeoDataFrame(index, geometry=points.to_numpy(), crs=4326)
    available = functional_counts(services).index
    is_gp = (places["kind"] == "panchayat").to_numpy()
    for kind in CITIZEN_KINDS:
        ids = pd.Series(pd.NA, index=places.index, dtype="string")
        dist_m = pd.Series(np.nan, index=places.index, dtype=float)
        if kind in available:
            near = nearest_service(places[is_gp], services, kind)
            ids[is_gp] = near["nearest_id"].astype("string").to_numpy()
            dist_m[is_gp] = near["nearest_dist_m"].to_numpy(dtype=float)
            if f"{kind}_id" in villages:
                ids[~is_gp] = villages[f"{kind}_id"].astype("string").to_numpy()
                dist_m[~is_gp] = villages[f"{kind}_dist_km"].to_numpy(dtype=float) * 1000.0
        places[f"{kind}_id"] = ids
        places[f"{kind}_dist_m"] = dist_m
    return places
