"""Finding a panchayat: the one under a clicked point, or by (part of) its name or code."""

from __future__ import annotations

import re
import unicodedata

import geopandas as gpd
import pandas as pd
import shapely

__all__ = ["panchayat_at", "search_panchayats", "normalise_query"]

_NUMBER = re.compile(r"\d+")
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
    >>> normalise_query("  NALA GP ०७ ")
    'nala gp 07'
    """
    return unicodedata.normalize("NFC", text).translate(_DEVANAGARI_DIGITS).casefold().strip()


def search_panchayats(panchayats: pd.DataFrame, query: str) -> pd.DataFrame:
    """Panchayats matching every word of ``query`` in their names, or by LGD code.

    Parameters
    ----------
    panchayats : pandas.DataFrame
        With ``lgd_code``, ``name`` and ``name_hi`` (may be empty).
    query : str
        Words in Latin or Devanagari script, in any order and case: each must be
        part of the English or the Hindi name. A number matches a number in the
        name whatever its leading zeros ("nala 3" finds "Nala GP 03"; Devanagari
        digits count as digits), or the start of the LGD code ("9901").

    Returns
    -------
    pandas.DataFrame
        The matching rows (a new frame), names starting with the first word
        first, then by English name. An empty query matches nothing.

    Examples
    --------
    >>> gps = pd.DataFrame({"lgd_code": ["11", "12"], "name": ["Nala GP 03", "Kalajharia"],
    ...                     "name_hi": ["नाला ग्रा.पं. ०३", "कालाझरिया"]})
    >>> search_panchayats(gps, "नाला 3")["name"].tolist()
    ['Nala GP 03']
    >>> search_panchayats(gps, "ala")["name"].tolist()
    ['Kalajharia', 'Nala GP 03']
    """
    words = normalise_query(query).split()
    if not words:
        return panchayats.iloc[0:0].copy()
    names = panchayats["name"].fillna("").astype(str).map(normalise_query)
    names_hi = panchayats["name_hi"].fillna("").astype(str).map(normalise_query)
    texts = names + " " + names_hi
    codes = panchayats["lgd_code"].astype(str)
    found = pd.Series(
        [all(_word_in(word, text, code) for word in words) for text, code in zip(texts, codes, strict=True)],
        index=panchayats.index,
    )
    prefix = names.str.startswith(words[0]) | names_hi.str.startswith(words[0])
    order = pd.DataFrame({"later": ~prefix, "name": names})[found].sort_values(["later", "name"], kind="stable")
    return panchayats.loc[order.index].copy()


def _word_in(word: str, names: str, code: str) -> bool:
    """Whether a query word is part of the names or starts the code; numbers in names compare as numbers (3 == 03)."""
    if word.isdigit():
        return code.startswith(word) or int(word) in {int(number) for number in _NUMBER.findall(names)}
    return word in names
