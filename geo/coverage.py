"""Service coverage: which origins lie within a radius of a service point.

Distances are geodesic metres on the WGS84 ellipsoid (see
:mod:`geo.nearest`); inputs are GeoDataFrames with a defined CRS, converted
to EPSG:4326 when needed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import GeoInputError
from geo.nearest import nearest_service

__all__ = ["CoverageResult", "coverage", "distance_band"]

_SUMMARY_COLUMNS = ["origins", "covered", "population", "population_covered", "share_covered"]


@dataclass(frozen=True)
class CoverageResult:
    """Outcome of :func:`coverage`.

    Attributes
    ----------
    per_origin : pandas.DataFrame
        Indexed like the origins: ``covered`` (bool), ``nearest_dist_m``
        (geodesic metres), ``nearest_id``, ``nearest_name``, ``nearest_name_hi``.
    share_covered : float
        Weighted share of origins covered, 0..1 (NaN if the total weight is 0).
    by_group : pandas.DataFrame or None
        One row per value of the ``group_by`` column (missing values kept as
        their own group) with columns ``origins``, ``covered``, ``population``,
        ``population_covered``, ``share_covered``; None without ``group_by``.
    total : pandas.DataFrame
        One row labelled ``"total"`` with the same columns, district-wide.
    radius_km : float
        The radius used, kilometres.
    kinds : tuple of str
        The service kinds that counted.
    weighted_by : str or None
        The weight column summed into ``population``; None means every origin
        weighs 1 (``population`` is then the origin count).
    """

    per_origin: pd.DataFrame
    share_covered: float
    by_group: pd.DataFrame | None
    total: pd.DataFrame
    radius_km: float
    kinds: tuple[str, ...]
    weighted_by: str | None


def _weights(origins: gpd.GeoDataFrame, weight: str | None) -> tuple[pd.Series, str | None]:
    """Validated non-negative weights aligned to ``origins`` (1 when absent)."""
    if weight is not None and not isinstance(weight, str):
        raise TypeError(f"weight must be a column name (str) or None, got {type(weight).__name__}.")
    if weight is None or weight not in origins.columns:
        return pd.Series(1, index=origins.index, dtype=np.int64), None
    values = origins[weight]
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        raise GeoInputError(
            f"origins[{weight!r}] must be numeric (e.g. population counts), got dtype "
            f"{values.dtype}. Convert it with pd.to_numeric or pass weight=None."
        )
    bad = (values.isna() | (values < 0)).to_numpy(dtype=bool)
    if bad.any():
        labels = ", ".join(repr(v) for v in origins.index[bad][:5].tolist())
        raise GeoInputError(
            f"origins[{weight!r}] must be >= 0 and not missing; {int(bad.sum())} rows "
            f"are not (e.g. index [{labels}]). Fill or drop them, e.g. "
            f"origins[{weight!r}].fillna(0)."
        )
    return values, weight


def _summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``share_covered`` to a frame of summed counts and weights."""
    out = frame.copy()
    total = out["population"].astype(float)
    out["share_covered"] = (out["population_covered"] / total.where(total > 0)).astype(float)
    return out[_SUMMARY_COLUMNS]


def coverage(
    origins: gpd.GeoDataFrame,
    services: gpd.GeoDataFrame,
    kind: str | Sequence[str],
    radius_km: float,
    *,
    weight: str | None = "population",
    group_by: str | None = None,
    functional_only: bool = True,
) -> CoverageResult:
    """Share of origins within ``radius_km`` (geodesic) of a service of a kind.

    An origin is covered when the geodesic distance (WGS84, metres) to its
    nearest service of ``kind`` is ``<= radius_km * 1000``.

    Parameters
    ----------
    origins : geopandas.GeoDataFrame
        Point origins (e.g. villages) with a defined CRS, converted to
        EPSG:4326.  Use :func:`geo.nearest.origin_points` for polygons.
    services : geopandas.GeoDataFrame
        Service points, as for :func:`geo.nearest.nearest_service`.
    kind : str or sequence of str
        Service kind(s) that count, e.g. ``"csc"`` or
        ``["aadhaar", "bank", "post_office"]``.
    radius_km : float
        Coverage radius in kilometres; finite and > 0.
    weight : str or None, default "population"
        Numeric, non-negative column of ``origins`` to weight by.  If None or
        the column does not exist, every origin weighs 1 (count-weighted);
        ``CoverageResult.weighted_by`` records which was used.
    group_by : str or None, default None
        Column of ``origins`` to summarise by, e.g. ``"block_lgd"``.
    functional_only : bool, default True
        Ignore services whose ``functional`` is False.

    Returns
    -------
    CoverageResult
        Per-origin table, weighted share, per-group and total summaries.

    Raises
    ------
    TypeError
        If ``radius_km`` is not a real number, or other arguments have the
        wrong type (see :func:`geo.nearest.nearest_service`).
    GeoInputError
        If ``radius_km`` is not finite and > 0, ``group_by`` is not a column,
        the weight column is invalid, or the inputs are invalid.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> villages = gpd.GeoDataFrame(
    ...     {"population": [1000, 500]},
    ...     geometry=[Point(86.80, 23.96), Point(86.80, 24.10)], crs=4326)
    >>> csc = gpd.GeoDataFrame(
    ...     {"id": ["c1"], "kind": ["csc"], "name": ["CSC"], "name_hi": ["सीएससी"],
    ...      "functional": [True]}, geometry=[Point(86.80, 23.97)], crs=4326)
    >>> res = coverage(villages, csc, "csc", radius_km=5)
    >>> res.per_origin["covered"].tolist(), round(res.share_covered, 3)
    ([True, False], 0.667)
    """
    if isinstance(radius_km, bool) or not isinstance(radius_km, (int, float, np.integer, np.floating)):
        raise TypeError(
            f"radius_km must be a number of kilometres, got {type(radius_km).__name__} {radius_km!r}."
        )
    if not (math.isfinite(radius_km) and radius_km > 0):
        raise GeoInputError(
            f"radius_km must be finite and > 0 (kilometres), got {radius_km!r}. "
            "Pass e.g. radius_km=5 for a 5 km catchment."
        )
    if group_by is not None:
        if not isinstance(group_by, str):
            raise TypeError(f"group_by must be a column name (str) or None, got {type(group_by).__name__}.")
        if isinstance(origins, pd.DataFrame) and group_by not in origins.columns:
            raise GeoInputError(
                f"group_by={group_by!r} is not a column of origins; columns are "
                f"{list(origins.columns)}. Pass one of them or group_by=None."
            )
    nearest = nearest_service(origins, services, kind, k=1, functional_only=functional_only)
    weights, weighted_by = _weights(origins, weight)

    covered = (nearest["nearest_dist_m"] <= float(radius_km) * 1000.0).to_numpy(dtype=bool)
    per_origin = nearest.copy()
    per_origin.insert(0, "covered", covered)

    parts = pd.DataFrame(
        {
            "origins": 1,
            "covered": covered.astype(np.int64),
            "population": weights.to_numpy(),
            "population_covered": np.where(covered, weights.to_numpy(), 0),
        },
        index=origins.index,
    )
    total = _summary(parts.sum().to_frame("total").T.astype(parts.dtypes))
    by_group = None
    if group_by is not None:
        grouped = parts.groupby(origins[group_by].to_numpy(), dropna=False, sort=True).sum()
        grouped.index.name = group_by
        by_group = _summary(grouped)

    kinds = (kind,) if isinstance(kind, str) else tuple(dict.fromkeys(kind))
    return CoverageResult(
        per_origin=per_origin,
        share_covered=float(total["share_covered"].iloc[0]),
        by_group=by_group,
        total=total,
        radius_km=float(radius_km),
        kinds=kinds,
        weighted_by=weighted_by,
    )


def distance_band(
    dist_m: Sequence[float] | np.ndarray | pd.Series, bands_km: Sequence[float] = (5, 10)
) -> pd.Categorical:
    """Classify distances (metres) into ordered kilometre bands for map layers.

    Bands are right-closed: with the default ``(5, 10)`` a distance of exactly
    5000 m is "0–5 km" and 5000.1 m is "5–10 km"; 0 m is "0–5 km".

    Parameters
    ----------
    dist_m : array-like of float
        Distances in metres, >= 0; NaN stays missing.
    bands_km : sequence of float, default (5, 10)
        Strictly increasing, positive, finite band edges in kilometres.

    Returns
    -------
    pandas.Categorical
        Ordered categories such as ``["0–5 km", "5–10 km", ">10 km"]``.

    Raises
    ------
    TypeError
        If ``dist_m`` is not numeric.
    GeoInputError
        If a distance is negative or the band edges are invalid.

    Examples
    --------
    >>> list(distance_band([0, 5000, 7500, 12000]))
    ['0–5 km', '0–5 km', '5–10 km', '>10 km']
    """
    try:
        values = np.asarray(dist_m, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"dist_m must be numeric distances in metres, got {type(dist_m).__name__}."
        ) from exc
    edges_km = np.asarray(bands_km, dtype=np.float64)
    if (
        edges_km.ndim != 1
        or edges_km.size == 0
        or not np.isfinite(edges_km).all()
        or (edges_km <= 0).any()
        or (np.diff(edges_km) <= 0).any()
    ):
        raise GeoInputError(
            f"bands_km must be positive, finite, strictly increasing kilometres such as "
            f"(5, 10), got {tuple(bands_km)!r}."
        )
    if (values < 0).any():
        raise GeoInputError(
            f"dist_m must be >= 0 metres, got minimum {np.nanmin(values)!r}. "
            "Distances come from nearest_service(...)['nearest_dist_m']."
        )
    names = [f"{e:g}" for e in edges_km]
    labels = [f"0–{names[0]} km"]
    labels += [f"{a}–{b} km" for a, b in zip(names[:-1], names[1:])]
    labels.append(f">{names[-1]} km")
    bins = np.concatenate([[0.0], edges_km * 1000.0, [np.inf]])
    return pd.cut(values.ravel(), bins=bins, labels=labels, right=True, include_lowest=True)
