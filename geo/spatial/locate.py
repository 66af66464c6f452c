"""Finding a panchayat: the one under a clicked point, or by (part of) its name or code."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from geo.spatial.search import place_index, search_places

__all__ = ["panchayat_at", "search_panchayats"]


def panchayat_at(panchayats: gpd.GeoDataFrame, lon: float, lat: float) -> str | None:
    """Return the LGD code of the panchayat that contains a point.

    Parameters
    ----------
    panchayats : geopandas.GeoDataFrame
        Panchayat polygons in EPSG:4326 with an ``lgd_code`` column.
    lon, lat : float
        The point, WGS84 degrees (e.g. a click on the map).

    Returns
    -------
    str or None
        The code of the first panchayat covering the point (boundaries count as
        inside), or None when the point is outside every panchayat.

    Raises
    ------
    TypeError
        If ``panchayats`` is not a GeoDataFrame.
    ValueError
        If its CRS is not EPSG:4326.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> gps = gpd.GeoDataFrame({"lgd_code": ["1", "2"]},
    ...     geometry=[box(86.0, 23.0, 86.1, 23.1), box(86.1, 23.0, 86.2, 23.1)], crs=4326)
    >>> panchayat_at(gps, 86.15, 23.05)
    '2'
    """
    if not isinstance(panchayats, gpd.GeoDataFrame):
        msg = f"'panchayats' should be a GeoDataFrame, got {type(panchayats).__name__}"
        raise TypeError(msg)
    if panchayats.crs is None or panchayats.crs.to_epsg() != 4326:
        msg = f"'panchayats' must be in EPSG:4326 (lon/lat), got {panchayats.crs}; convert it with .to_crs(4326)"
        raise ValueError(msg)
    hits = panchayats.sindex.query(shapely.Point(lon, lat), predicate="intersects")
    if len(hits) == 0:
        return None
    return str(panchayats["lgd_code"].iloc[sorted(hits)[0]])


def search_panchayats(panchayats: pd.DataFrame, query: str) -> pd.DataFrame:
    """Panchayats matching ``query`` by :mod:`geo.spatial.search`'s rule (the static public page's too).

    Parameters
    ----------
    panchayats : pandas.DataFrame
        With ``lgd_code``, ``name`` and ``name_hi`` (may be empty).
    query : str
        Words in Latin or Devanagari script, any case and digits, with or without
        "GP"/"ग्रा.पं.": each must be part of the English or the Hindi name, a
        number must equal a number in the name ("nala 3" finds "Nala GP 03"), a
        number alone may start the LGD code ("9901"); with no such match, one
        typing slip per word is forgiven ("kalajaria").

    Returns
    -------
    pandas.DataFrame
        The matching rows (a new frame), best first. An empty query matches nothing.

    Examples
    --------
    >>> gps = pd.DataFrame({"lgd_code": ["11", "12"], "name": ["Nala GP 03", "Kalajharia"],
    ...                     "name_hi": ["नाला ग्रा.पं. ०३", "कालाझरिया"]})
    >>> search_panchayats(gps, "नाला 3")["name"].tolist()
    ['Nala GP 03']
    >>> search_panchayats(gps, "ala")["name"].tolist()
    ['Kalajharia', 'Nala GP 03']
    """
    found = search_places(place_index(panchayats), query)
    return panchayats.loc[found["row"].tolist()].copy()
