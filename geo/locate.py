"""Finding a panchayat: the one under a clicked point, or by (part of) its name or code."""

from __future__ import annotations

import unicodedata

import geopandas as gpd
import pandas as pd
import shapely

__all__ = ["panchayat_at", "search_panchayats", "normalise_query"]

#: Devanagari digits ० … ९ -> 0 … 9, so "९९०१" finds LGD code 9901.
_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


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


def normalise_query(text: str) -> str:
    """Normalise search text: Unicode NFC, case-folded, Devanagari digits as ASCII, trimmed.

    Examples
    --------
    >>> normalise_query("  JAMTARA ९९ ")
    'jamtara 99'
    """
    return unicodedata.normalize("NFC", text).translate(_DEVANAGARI_DIGITS).casefold().strip()


def search_panchayats(panchayats: pd.DataFrame, query: str) -> pd.DataFrame:
    """Panchayats whose English or Hindi name, or LGD code, contains ``query``.

    Parameters
    ----------
    panchayats : pandas.DataFrame
        With ``lgd_code``, ``name`` and ``name_hi`` (may be empty).
    query : str
        Any part of a name in Latin or Devanagari script, or of the code; case
        does not matter and Devanagari digits count as digits.

    Returns
    -------
    pandas.DataFrame
        The matching rows (a new frame), names starting with the query first,
        then by English name. An empty query matches nothing.

    Examples
    --------
    >>> gps = pd.DataFrame({"lgd_code": ["11", "12"], "name": ["Nala", "Kalajharia"],
    ...                     "name_hi": ["नाला", "कालाझरिया"]})
    >>> search_panchayats(gps, "ना")["name"].tolist()
    ['Nala']
    >>> search_panchayats(gps, "ala")["name"].tolist()
    ['Kalajharia', 'Nala']
    """
    needle = normalise_query(query)
    if not needle:
        return panchayats.iloc[0:0].copy()
    names = panchayats["name"].fillna("").astype(str).map(normalise_query)
    names_hi = panchayats["name_hi"].fillna("").astype(str).map(normalise_query)
    codes = panchayats["lgd_code"].astype(str)
    found = names.str.contains(needle, regex=False) | names_hi.str.contains(needle, regex=False)
    found |= codes.str.contains(needle, regex=False)
    prefix = names.str.startswith(needle) | names_hi.str.startswith(needle)
    order = pd.DataFrame({"prefix": ~prefix, "name": names})[found].sort_values(["prefix", "name"], kind="stable")
    return panchayats.loc[order.index].copy()
