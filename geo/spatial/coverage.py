"""Service coverage: which origins lie within a radius of a service point.

Distances are geodesic metres on the WGS84 ellipsoid (see
:mod:`geo.spatial.nearest`); inputs are GeoDataFrames with a defined CRS, converted
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
from geo.spatial.nearest import nearest_service

__all__ = ["CoverageResult", "coverage", "coverage_of", "within_reach"]

_SUMMARY_COLUMNS = ["origins", "covered", "population", "population_covered", "share_covered", "unweighted"]


@dataclass(frozen=True)
class CoverageResult:
    """Outcome of :func:`coverage`.

    Attributes
    ----------
    per_origin : pandas.DataFrame
        Indexed like the origins: ``covered`` (bool), ``nearest_dist_m``
        (geodesic metres), ``nearest_id``, ``nearest_name``, ``nearest_name_hi``.
    share_covered : float
        Weighted share of origins covered, 0..1, over the origins whose weight is
        recorded (NaN if their total weight is 0).
    by_group : pandas.DataFrame or None
        One row per value of the ``group_by`` column (missing values kept as
        their own group) with columns ``origins``, ``covered``, ``population``,
        ``population_covered``, ``share_covered`` and ``unweighted`` (origins
        whose weight is not recorded: counted in ``origins``/``covered``, left
        out of the population figures); None without ``group_by``.
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


def within_reach(dist_km: pd.Series | np.ndarray, radius_km: float) -> pd.Series:
    """The one reach rule: a distance of at most ``radius_km`` is within reach.

    Parameters
    ----------
    dist_km : array-like of float
        Geodesic distances in km; NaN means not measured (no functional service).
    radius_km : float
        The threshold (km). Exactly ``radius_km`` is within.

    Returns
    -------
    pandas.Series
        Nullable boolean: True within, False beyond, missing where not measured.

    Examples
    --------
    >>> within_reach(np.array([9.99, 10.0, 10.01, np.nan]), 10).tolist()
    [True, True, False, <NA>]
    """
    km = pd.Series(dist_km, dtype="float64")
    return pd.Series(
        pd.array((km <= float(radius_km)).where(km.notna()), dtype="boolean"), index=getattr(dist_km, "index", None)
    )


def _weights(origins: gpd.GeoDataFrame, weight: str | None) -> tuple[pd.Series, str | None]:
    """Validated non-negative weights aligned to ``origins`` (1 when absent; missing = not recorded)."""
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
    bad = (values < 0).fillna(False).to_numpy(dtype=bool)
    if bad.any():
        labels = ", ".join(repr(v) for v in origins.index[bad][:5].tolist())
        raise GeoInputError(
            f"origins[{weight!r}] must be >= 0; {int(bad.sum())} rows "
            f"are not (e.g. index [{labels}]). Correct them, or leave the value empty (not recorded)."
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
        EPSG:4326.  Use :func:`geo.spatial.nearest.origin_points` for polygons.
    services : geopandas.GeoDataFrame
        Service points, as for :func:`geo.spatial.nearest.nearest_service`.
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
        wrong type (see :func:`geo.spatial.nearest.nearest_service`).
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
    _check_radius(radius_km)
    _check_group(origins, group_by)
    nearest = nearest_service(origins, services, kind, k=1, functional_only=functional_only)
    covered = within_reach(nearest["nearest_dist_m"].to_numpy(dtype=float) / 1000.0, radius_km)
    kinds = (kind,) if isinstance(kind, str) else tuple(dict.fromkeys(kind))
    return _result(origins, nearest, covered, radius_km, kinds, weight=weight, group_by=group_by)


def coverage_of(
    villages: gpd.GeoDataFrame,
    kind: str,
    radius_km: float,
    *,
    weight: str | None = "population",
    group_by: str | None = None,
) -> CoverageResult:
    """Coverage from the distances an analysis already measured (``<kind>_dist_km`` columns).

    The same rule as :func:`coverage` (:func:`within_reach`) on the villages of
    :class:`geo.review.analysis.Analysis`, so the Planner's villages beyond *X* km of an
    Aadhaar centre are exactly the analysis' ``beyond_aadhaar`` at *X* km.

    Parameters
    ----------
    villages : geopandas.GeoDataFrame
        Villages with ``<kind>_id``, ``<kind>_name``, ``<kind>_name_hi`` and ``<kind>_dist_km``.
    kind : str
        A measured kind (``aadhaar``, ``csc``, ``pmgdisha``).
    radius_km, weight, group_by
        As for :func:`coverage`.

    Raises
    ------
    GeoInputError
        If the villages carry no distances to ``kind`` or none was measured.
    """
    _check_radius(radius_km)
    _check_group(villages, group_by)
    column = f"{kind}_dist_km"
    if column not in villages.columns or not villages[column].notna().any():
        msg = f"no distance to a functional {kind} was measured (column {column!r}); the store has no functional {kind}"
        raise GeoInputError(msg)
    dist_km = villages[column].to_numpy(dtype=float)
    nearest = pd.DataFrame(
        {
            "nearest_id": villages[f"{kind}_id"].to_numpy(),
            "nearest_name": villages[f"{kind}_name"].to_numpy(),
            "nearest_name_hi": villages[f"{kind}_name_hi"].to_numpy(),
            "nearest_dist_m": dist_km * 1000.0,
        },
        index=villages.index,
    )
    return _result(
        villages, nearest, within_reach(dist_km, radius_km), radius_km, (kind,), weight=weight, group_by=group_by
    )


def coverage_curve(
    villages: gpd.GeoDataFrame, kind: str, radii_km: Sequence[float], *, weight: str | None = "population"
) -> pd.DataFrame:
    """How coverage grows with the threshold: :func:`coverage_of` at each radius.

    Parameters
    ----------
    villages, kind, weight
        As for :func:`coverage_of`.
    radii_km : sequence of float
        The thresholds, km.

    Returns
    -------
    pandas.DataFrame
        One row per radius: ``km``, ``population_covered`` and ``share_covered``
        (0..1, of the population recorded), the figures the Planner shows at that
        threshold.
    """
    rows = []
    for km in radii_km:
        total = coverage_of(villages, kind, float(km), weight=weight).total.iloc[0]
        rows.append(
            {
                "km": float(km),
                "population_covered": total["population_covered"],
                "share_covered": float(total["share_covered"]),
            }
        )
    return pd.DataFrame(rows, columns=["km", "population_covered", "share_covered"])


def _check_radius(radius_km: object) -> None:
    if isinstance(radius_km, bool) or not isinstance(radius_km, (int, float, np.integer, np.floating)):
        raise TypeError(f"radius_km must be a number of kilometres, got {type(radius_km).__name__} {radius_km!r}.")
    if not (math.isfinite(radius_km) and radius_km > 0):
        raise GeoInputError(
            f"radius_km must be finite and > 0 (kilometres), got {radius_km!r}. "
            "Pass e.g. radius_km=5 for a 5 km catchment."
        )


def _check_group(origins: object, group_by: object) -> None:
    if group_by is None:
        return
    if not isinstance(group_by, str):
        raise TypeError(f"group_by must be a column name (str) or None, got {type(group_by).__name__}.")
    if isinstance(origins, pd.DataFrame) and group_by not in origins.columns:
        raise GeoInputError(
            f"group_by={group_by!r} is not a column of origins; columns are "
            f"{list(origins.columns)}. Pass one of them or group_by=None."
        )


def _result(
    origins: gpd.GeoDataFrame,
    nearest: pd.DataFrame,
    covered: pd.Series,
    radius_km: float,
    kinds: tuple[str, ...],
    *,
    weight: str | None,
    group_by: str | None,
) -> CoverageResult:
    """Per-origin table and the weighted summaries of one coverage."""
    weights, weighted_by = _weights(origins, weight)
    covered = covered.fillna(False).to_numpy(dtype=bool)
    per_origin = nearest.copy()
    per_origin.insert(0, "covered", covered)
    known = weights.notna().to_numpy()
    w = weights.fillna(0).to_numpy()
    parts = pd.DataFrame(
        {
            "origins": 1,
            "covered": covered.astype(np.int64),
            "population": w,
            "population_covered": np.where(covered, w, 0),
            "unweighted": (~known).astype(np.int64),
        },
        index=origins.index,
    )
    total = _summary(parts.sum().to_frame("total").T.astype(parts.dtypes))
    by_group = None
    if group_by is not None:
        grouped = parts.groupby(origins[group_by].to_numpy(), dropna=False, sort=True).sum()
        grouped.index.name = group_by
        by_group = _summary(grouped)
    return CoverageResult(
        per_origin=per_origin,
        share_covered=float(total["share_covered"].iloc[0]),
        by_group=by_group,
        total=total,
        radius_km=float(radius_km),
        kinds=kinds,
        weighted_by=weighted_by,
    )
