"""Nearest service points by geodesic distance on the WGS84 ellipsoid.

All inputs are GeoDataFrames with a defined CRS; they are converted to
EPSG:4326 (WGS84 longitude/latitude, degrees) when they are in another CRS.
All distances are geodesic metres on the WGS84 ellipsoid, as computed by
``pyproj.Geod(ellps="WGS84").inv``.

Algorithm
---------
1. Longitude/latitude of origins and services are converted (vectorised,
   multi-threaded numpy) to 3-D Earth-centred Earth-fixed (ECEF) coordinates
   on the WGS84 ellipsoid, in metres.
2. A ``scipy.spatial.cKDTree`` on the service points returns, for every
   origin, the ``k + 1`` nearest services by *chord* (straight-line 3-D)
   distance.
3. Geodesic distances are computed for the ``k`` best candidates with
   ``pyproj.Geod.inv`` (vectorised, multi-threaded) and re-ranked.
4. Exactness check: a chord is never longer than the geodesic between the
   same two surface points (``chord <= geodesic``), so any service not yet
   examined has geodesic distance ``>=`` the chord of the last candidate
   returned by the tree.  If that chord is not larger than the worst kept
   geodesic distance, the origin is re-queried with more candidates until it
   is.  The final ranking is therefore exact for the WGS84 geodesic, not just
   "exact in practice".  For the short distances of a district the chord and
   the geodesic differ by well under a millimetre, so re-queries are rare.

Origins are processed in a coarse spatial (serpentine grid) order, which
makes the tree queries cache-friendly; results are returned in input order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Literal, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Geod
from scipy.spatial import cKDTree

from geo.errors import GeoInputError

__all__ = [
    "GEOD",
    "SERVICE_KINDS",
    "UTM_45N",
    "WGS84",
    "nearest_service",
    "origin_points",
]

#: Service kinds defined by the data contract.
SERVICE_KINDS: frozenset[str] = frozenset(
    {"csc", "aadhaar", "pmgdisha", "library", "bank", "post_office"}
)
#: Geographic CRS all computations are done in.
WGS84: CRS = CRS.from_epsg(4326)
#: Projected CRS for planar operations in Jamtara (UTM zone 45N, metres).
UTM_45N: CRS = CRS.from_epsg(32645)
#: Geodesic calculator used for every reported distance.
GEOD: Geod = Geod(ellps="WGS84")

_SEMI_MAJOR_M = 6378137.0
_FLATTENING = 1.0 / 298.257223563
_ECC2 = _FLATTENING * (2.0 - _FLATTENING)
# Numerical slack (metres) for the chord <= geodesic exactness test; chord and
# geodesic are both accurate to ~1e-8 m, so 1 micrometre is conservative.
_TIE_TOL_M = 1e-6
# Below these sizes threads / spatial sorting cost more than they save.
_PARALLEL_MIN = 50_000
_SORT_MIN = 50_000
_RESULT_FIELDS: tuple[tuple[str, str], ...] = (
    ("nearest_id", "id"),
    ("nearest_name", "name"),
    ("nearest_name_hi", "name_hi"),
)
_SERVICE_COLUMNS: tuple[str, ...] = ("id", "kind", "name", "name_hi")
R = TypeVar("R")


# --------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------
def _as_wgs84(gdf: object, param: str) -> gpd.GeoDataFrame:
    """Return ``gdf`` in EPSG:4326 after checking type, geometry and CRS."""
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise TypeError(
            f"{param} must be a geopandas.GeoDataFrame, got {type(gdf).__name__}. "
            "Build one with geopandas.GeoDataFrame(df, geometry=..., crs='EPSG:4326')."
        )
    if gdf.active_geometry_name is None:
        raise GeoInputError(
            f"{param} has no active geometry column; expected Point geometries. "
            f"Set one with {param}.set_geometry('<column>')."
        )
    if gdf.crs is None:
        raise GeoInputError(
            f"{param} has no CRS; expected EPSG:4326 (WGS84 lon/lat degrees) or "
            f"another defined CRS, got crs=None. If the coordinates are lon/lat "
            f"degrees, call {param}.set_crs('EPSG:4326') first."
        )
    if gdf.crs.equals(WGS84, ignore_axis_order=True):
        return gdf
    return gdf.to_crs(WGS84)


def _labels(index: pd.Index, mask: np.ndarray, limit: int = 5) -> str:
    """Format the first ``limit`` index labels where ``mask`` is true."""
    hits = index[mask]
    shown = ", ".join(repr(v) for v in hits[:limit].tolist())
    more = f" (and {hits.size - limit} more)" if hits.size > limit else ""
    return f"[{shown}]{more}"


def _point_lonlat(gdf: gpd.GeoDataFrame, param: str) -> tuple[np.ndarray, np.ndarray]:
    """Return float64 lon/lat arrays of a Point GeoDataFrame in EPSG:4326."""
    geoms = np.asarray(gdf.geometry.array)
    type_id, empty = _parallel_calls(
        (partial(shapely.get_type_id, geoms), partial(shapely.is_empty, geoms)), geoms.size
    )
    not_point = type_id != 0
    if not_point.any():
        types = sorted({str(t) for t in gdf.geometry.geom_type[not_point].tolist()})
        raise GeoInputError(
            f"{param} must contain only non-missing Point geometries; rows "
            f"{_labels(gdf.index, not_point)} have geometry types {types}. "
            "Convert polygons with geo.nearest.origin_points(gdf) and drop rows "
            "with missing geometry."
        )
    if empty.any():
        raise GeoInputError(
            f"{param} has empty Point geometries in rows {_labels(gdf.index, empty)}; "
            "expected one coordinate per row. Drop or fix those rows."
        )
    lon, lat = _parallel_calls((partial(shapely.get_x, geoms), partial(shapely.get_y, geoms)), geoms.size)
    bad = ~(np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90.0) & (np.abs(lon) <= 180.0))
    if bad.any():
        raise GeoInputError(
            f"{param} has coordinates outside lon -180..180 / lat -90..90 (EPSG:4326) "
            f"in rows {_labels(gdf.index, bad)}. Check the CRS of the source data "
            "and fix or drop those rows."
        )
    return lon, lat


def _normalise_kinds(kind: object) -> tuple[str, ...]:
    """Turn ``kind`` (a str or a sequence of str) into a tuple of kinds."""
    if isinstance(kind, str):
        return (kind,)
    if isinstance(kind, Sequence) and kind and all(isinstance(k, str) for k in kind):
        return tuple(dict.fromkeys(kind))
    raise TypeError(
        "kind must be a str or a non-empty list/tuple of str such as 'csc' or "
        f"['aadhaar', 'bank', 'post_office'], got {kind!r}. "
        f"Known kinds: {sorted(SERVICE_KINDS)}."
    )


def _select_services(
    services: gpd.GeoDataFrame, kinds: tuple[str, ...], *, functional_only: bool
) -> gpd.GeoDataFrame:
    """Return the rows of ``services`` of the requested kinds (and functional)."""
    required = list(_SERVICE_COLUMNS) + (["functional"] if functional_only else [])
    missing = [c for c in required if c not in services.columns]
    if missing:
        raise GeoInputError(
            f"services is missing required columns {missing}; expected {required}, "
            f"got columns {list(services.columns)}. Load services with the "
            "service-points loader or rename the columns."
        )
    present = set(services["kind"].dropna().unique().tolist())
    typos = [k for k in kinds if k not in present and k not in SERVICE_KINDS]
    if typos or not present.intersection(kinds):
        raise GeoInputError(
            f"kind={list(kinds)!r}: no service points of kind {typos or list(kinds)} "
            f"in services; kinds present: {sorted(present)}. Check the spelling "
            f"(known kinds: {sorted(SERVICE_KINDS)}) or load a layer that has them."
        )
    mask = services["kind"].isin(kinds).to_numpy(dtype=bool)
    if functional_only:
        functional = services["functional"]
        if not pd.api.types.is_bool_dtype(functional) or functional.isna().any():
            raise GeoInputError(
                "services['functional'] must be boolean without missing values, got "
                f"dtype {functional.dtype} with {int(functional.isna().sum())} missing. "
                "Fill and convert it, e.g. services['functional'].fillna(False).astype(bool), "
                "or pass functional_only=False."
            )
        n_kind = int(mask.sum())
        mask = mask & functional.to_numpy(dtype=bool)
        if not mask.any():
            raise GeoInputError(
                f"all {n_kind} service points of kind {list(kinds)} have "
                "functional=False, so none can be used. Pass functional_only=False "
                "to include non-functional points."
            )
    return services[mask]


def _check_k(k: object) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"k must be an int >= 1, got {type(k).__name__} {k!r}.")
    if k < 1:
        raise GeoInputError(f"k must be >= 1 (number of nearest services), got {k}.")
    return int(k)


# --------------------------------------------------------------------------
# numeric core
# --------------------------------------------------------------------------
def _n_threads() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _run_chunked(func: Callable[[slice], None], n: int) -> None:
    """Call ``func`` on slices covering ``range(n)``, in threads when large.

    numpy ufuncs and ``pyproj.Geod.inv`` release the GIL, so threads scale.
    """
    threads = _n_threads()
    if n < _PARALLEL_MIN or threads == 1:
        func(slice(0, n))
        return
    bounds = np.linspace(0, n, threads + 1).astype(int)
    slices = [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:])]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(func, slices))


def _parallel_calls(calls: Sequence[Callable[[], R]], size: int) -> list[R]:
    """Evaluate independent ``calls``, concurrently when ``size`` is large.

    Used with shapely, pyarrow and numpy work that releases the GIL.
    """
    if size < _PARALLEL_MIN or _n_threads() == 1 or len(calls) == 1:
        return [call() for call in calls]
    with ThreadPoolExecutor(max_workers=min(len(calls), _n_threads())) as pool:
        return list(pool.map(lambda call: call(), calls))


def _ecef(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """WGS84 ellipsoid ECEF coordinates (metres, height 0) as an (n, 3) array."""
    out = np.empty((lon.size, 3), dtype=np.float64)

    def fill(sl: slice) -> None:
        phi = np.radians(lat[sl])
        lam = np.radians(lon[sl])
        sin_phi = np.sin(phi)
        prime_vertical = _SEMI_MAJOR_M / np.sqrt(1.0 - _ECC2 * sin_phi * sin_phi)
        n_cos_phi = prime_vertical * np.cos(phi)
        out[sl, 0] = n_cos_phi * np.cos(lam)
        out[sl, 1] = n_cos_phi * np.sin(lam)
        out[sl, 2] = prime_vertical * (1.0 - _ECC2) * sin_phi

    _run_chunked(fill, lon.size)
    return out


def _geodesic_m(
    lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray
) -> np.ndarray:
    """Element-wise WGS84 geodesic distance in metres (arrays of equal shape)."""
    shape = np.broadcast_shapes(lon1.shape, lon2.shape)
    a_lon, a_lat, b_lon, b_lat = (
        np.ascontiguousarray(np.broadcast_to(a, shape)).ravel() for a in (lon1, lat1, lon2, lat2)
    )
    out = np.empty(a_lon.size, dtype=np.float64)

    def fill(sl: slice) -> None:
        out[sl] = GEOD.inv(a_lon[sl], a_lat[sl], b_lon[sl], b_lat[sl])[2]

    _run_chunked(fill, out.size)
    return out.reshape(shape)


def _locality_order(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Permutation visiting points cell by cell on a serpentine 256x256 grid.

    The 16-bit keys make ``argsort(kind="stable")`` a linear-time radix sort.
    """
    cells = 256

    def cell(v: np.ndarray) -> np.ndarray:
        lo, hi = float(v.min()), float(v.max())
        scale = (cells - 1e-6) / (hi - lo) if hi > lo else 0.0
        return np.minimum((v - lo) * scale, cells - 1).astype(np.uint16)

    gx, gy = cell(lon), cell(lat)
    gx = np.where(gy & 1, cells - 1 - gx, gx).astype(np.uint16)
    key = (gy << 8) | gx
    return np.argsort(key, kind="stable")


def _topk_by_geodesic(
    cand: np.ndarray, geo: np.ndarray, keep: int
) -> tuple[np.ndarray, np.ndarray]:
    """Sort candidate rows by geodesic distance and keep the first ``keep``."""
    if geo.shape[1] == 1:
        return cand, geo
    order = np.argsort(geo, axis=1, kind="stable")[:, :keep]
    return np.take_along_axis(cand, order, axis=1), np.take_along_axis(geo, order, axis=1)


def _knn_geodesic(
    o_lon: np.ndarray, o_lat: np.ndarray, s_lon: np.ndarray, s_lat: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Exact k nearest services by WGS84 geodesic distance.

    Returns ``(idx, dist)``, both shaped ``(n_origins, k)``: positional service
    indices (-1 where fewer than ``k`` services exist) and metres (NaN there).
    """
    n, m = o_lon.size, s_lon.size
    idx = np.full((n, k), -1, dtype=np.intp)
    dist = np.full((n, k), np.nan, dtype=np.float64)
    if n == 0 or m == 0:
        return idx, dist
    order = _locality_order(o_lon, o_lat) if n >= _SORT_MIN else None
    if order is not None:
        o_lon, o_lat = o_lon[order], o_lat[order]

    tree = cKDTree(_ecef(s_lon, s_lat))
    o_xyz = _ecef(o_lon, o_lat)
    keep = min(k, m)
    n_query = min(k + 1, m)
    chord, cand = tree.query(o_xyz, k=n_query, workers=-1)
    chord, cand = chord.reshape(n, n_query), cand.reshape(n, n_query)
    best, geo = _topk_by_geodesic(
        cand[:, :keep],
        _geodesic_m(o_lon[:, None], o_lat[:, None], s_lon[cand[:, :keep]], s_lat[cand[:, :keep]]),
        keep,
    )
    if n_query > keep:
        # Unseen services are at least chord[:, -1] away (chord <= geodesic);
        # rows where that does not beat the worst kept geodesic are re-queried.
        rows = np.flatnonzero(chord[:, -1] <= geo[:, -1] + _TIE_TOL_M)
        while rows.size:
            n_query = min(max(2 * n_query, n_query + 8), m)
            r_chord, r_cand = tree.query(o_xyz[rows], k=n_query, workers=-1)
            r_chord, r_cand = r_chord.reshape(rows.size, n_query), r_cand.reshape(rows.size, n_query)
            r_geo = _geodesic_m(
                o_lon[rows, None], o_lat[rows, None], s_lon[r_cand], s_lat[r_cand]
            )
            r_best, r_geo = _topk_by_geodesic(r_cand, r_geo, keep)
            done = (r_chord[:, -1] > r_geo[:, -1] + _TIE_TOL_M) | (n_query == m)
            best[rows[done]], geo[rows[done]] = r_best[done], r_geo[done]
            rows = rows[~done]

    if order is None:
        idx[:, :keep], dist[:, :keep] = best, geo
    else:
        idx[order, :keep], dist[order, :keep] = best, geo
    return idx, dist


# --------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------
def origin_points(
    gdf: gpd.GeoDataFrame, *, how: Literal["centroid", "representative"] = "centroid"
) -> gpd.GeoDataFrame:
    """Reduce any geometries to one Point per row, for use as origins.

    Point rows pass through unchanged.  Other geometries become either their
    area centroid, computed in UTM 45N (EPSG:32645, metres) and converted back
    to EPSG:4326, or a representative point that is guaranteed to lie inside
    the geometry (use this for oddly shaped panchayats whose centroid may fall
    outside).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Any geometries with a defined CRS (converted to EPSG:4326).
    how : {"centroid", "representative"}, default "centroid"
        Which point to use for non-Point geometries.

    Returns
    -------
    geopandas.GeoDataFrame
        A new frame in EPSG:4326 with the same index and columns as ``gdf``
        and Point geometry.

    Raises
    ------
    TypeError
        If ``gdf`` is not a GeoDataFrame.
    GeoInputError
        If the CRS is missing, ``how`` is unknown, or rows have missing or
        empty geometry.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> panchayats = gpd.GeoDataFrame(
    ...     {"panchayat_lgd": ["1"]}, geometry=[box(86.79, 23.95, 86.81, 23.97)], crs=4326
    ... )
    >>> pt = origin_points(panchayats).geometry.iloc[0]
    >>> round(pt.x, 4), round(pt.y, 4)
    (86.8, 23.96)
    """
    if how not in ("centroid", "representative"):
        raise GeoInputError(
            f"how must be 'centroid' or 'representative', got {how!r}. Use 'centroid' "
            "for area centroids or 'representative' for a point inside each polygon."
        )
    wgs = _as_wgs84(gdf, "gdf")
    geoms = wgs.geometry
    unusable = (geoms.isna() | geoms.is_empty).to_numpy()
    if unusable.any():
        raise GeoInputError(
            f"gdf has missing or empty geometry in rows {_labels(wgs.index, unusable)}; "
            "expected one geometry per row. Drop or fix those rows."
        )
    is_point = (geoms.geom_type == "Point").to_numpy()
    out = wgs.copy()
    if is_point.all():
        return out
    others = geoms[~is_point]
    if how == "centroid":
        points = others.to_crs(UTM_45N).centroid.to_crs(WGS84)
    else:
        points = others.representative_point()
    new_geometry = geoms.copy()
    new_geometry[~is_point] = points
    return out.set_geometry(new_geometry)


def nearest_service(
    origins: gpd.GeoDataFrame,
    services: gpd.GeoDataFrame,
    kind: str | Sequence[str],
    *,
    k: int = 1,
    functional_only: bool = True,
) -> pd.DataFrame:
    """Find the ``k`` nearest service points of a kind for every origin.

    Distances are geodesic metres on the WGS84 ellipsoid and the ranking is
    exact for that metric (see the module docstring for the algorithm).

    Parameters
    ----------
    origins : geopandas.GeoDataFrame
        Point geometries with a defined CRS (converted to EPSG:4326), e.g.
        villages.  Use :func:`origin_points` for polygons.
    services : geopandas.GeoDataFrame
        Service points with columns ``id``, ``kind``, ``name``, ``name_hi``
        and (when ``functional_only``) boolean ``functional``; other columns
        are ignored.
    kind : str or sequence of str
        Service kind, e.g. ``"csc"``, or several kinds that all count, e.g.
        ``["aadhaar", "bank", "post_office"]``.
    k : int, default 1
        Number of nearest services to return per origin.
    functional_only : bool, default True
        Ignore services whose ``functional`` is False.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``origins``.  For ``k == 1`` the columns are
        ``nearest_id``, ``nearest_name``, ``nearest_name_hi`` and
        ``nearest_dist_m`` (float, geodesic metres); for ``k > 1`` the same
        columns suffixed ``_1`` .. ``_k`` in order of increasing distance.
        When ``kind`` names several kinds, ``nearest_kind`` (suffixed likewise)
        follows ``nearest_name_hi``.  Slots beyond the number of available
        services are missing (NaN/None).

    Raises
    ------
    TypeError
        If a frame is not a GeoDataFrame, or ``kind``, ``k`` or
        ``functional_only`` has the wrong type.
    GeoInputError
        If a CRS is missing, geometries are not valid Points, required
        columns are missing, ``k < 1``, or no (functional) service of ``kind``
        exists.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> villages = gpd.GeoDataFrame(
    ...     {"population": [900]}, geometry=[Point(86.80, 23.96)], crs=4326,
    ...     index=pd.Index(["362001"], name="census_code"))
    >>> csc = gpd.GeoDataFrame(
    ...     {"id": ["c1"], "kind": ["csc"], "name": ["CSC"], "name_hi": ["सीएससी"],
    ...      "functional": [True]}, geometry=[Point(86.80, 23.97)], crs=4326)
    >>> res = nearest_service(villages, csc, "csc")
    >>> res.loc["362001", "nearest_id"], round(float(res.loc["362001", "nearest_dist_m"]), 1)
    ('c1', 1107.6)
    """
    k = _check_k(k)
    if not isinstance(functional_only, bool):
        raise TypeError(
            f"functional_only must be True or False, got {type(functional_only).__name__}."
        )
    kinds = _normalise_kinds(kind)
    origins_wgs = _as_wgs84(origins, "origins")
    services_wgs = _as_wgs84(services, "services")
    selected = _select_services(services_wgs, kinds, functional_only=functional_only)
    o_lon, o_lat = _point_lonlat(origins_wgs, "origins")
    s_lon, s_lat = _point_lonlat(selected, "services")

    idx, dist = _knn_geodesic(o_lon, o_lat, s_lon, s_lat, k)

    fields = _RESULT_FIELDS + ((("nearest_kind", "kind"),) if len(kinds) > 1 else ())
    names: list[str] = []
    calls: list[Callable[[], object]] = []
    for rank in range(k):
        suffix = "" if k == 1 else f"_{rank + 1}"
        positions = idx[:, rank]
        fill = bool((positions < 0).any())
        for out_name, src in fields:
            names.append(out_name + suffix)
            calls.append(partial(selected[src].array.take, positions, allow_fill=fill))
        names.append("nearest_dist_m" + suffix)
        calls.append(partial(np.ascontiguousarray, dist[:, rank]))
    columns = dict(zip(names, _parallel_calls(calls, idx.shape[0])))
    return pd.DataFrame(columns, index=origins.index.copy(), copy=False)
