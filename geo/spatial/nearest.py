"""Nearest service points by geodesic distance on the WGS84 ellipsoid.

All inputs are GeoDataFrames with a defined CRS; they are converted to
EPSG:4326 (WGS84 longitude/latitude, degrees) when they are in another CRS.
Every reported distance is the geodesic distance in metres on the WGS84
ellipsoid between the origin and the *reported* service, computed by
``pyproj.Geod(ellps="WGS84").inv``.

Algorithm
---------
Longitude/latitude of origins and services are converted (vectorised numpy)
to 3-D Earth-centred Earth-fixed (ECEF) coordinates on the WGS84 ellipsoid,
in metres, and a ``scipy.spatial.cKDTree`` is built on the service points.
Both methods rest on one fact: a chord (straight 3-D line) is never longer
than the geodesic between the same two surface points (``chord <= geodesic``).

``k == 1`` (certified tolerance, :data:`NEAREST_TOL_M` = 0.5 m)
    The tree returns the chord-nearest service (chord ``c``) and its geodesic
    distance ``g`` is computed.  Every service is at geodesic distance
    ``>=`` its chord ``>= c``, so the true minimum geodesic distance lies in
    ``[c, g]``.  When ``g - c <= NEAREST_TOL_M`` the result is accepted:

    * the reported distance is the exact WGS84 geodesic to the reported
      service;
    * it is within ``NEAREST_TOL_M`` (0.5 m) of the distance to the
      geodesically-nearest service;
    * the reported service is the geodesically-nearest one unless another
      service lies within ``NEAREST_TOL_M`` of it in distance (a near-tie).

    ``g - c`` is about ``d**3 / (24 R**2)`` (plus ellipsoid terms of the same
    order): 1e-4 m at 5 km, 0.13 m at 50 km, 0.5 m only at ~78 km.  Origins
    where it exceeds the tolerance (far from every service) take the exact
    ``k > 1`` method below with ``k = 1``, so the guarantee holds everywhere.
    In practice chord and geodesic rankings only differ for services within
    millimetres of each other at district distances.

``k > 1`` (exact ranking)
    The tree returns the ``k + 1`` chord-nearest services; geodesic distances
    of the first ``k`` are computed and re-ranked.  Any service not examined
    is at least the ``(k + 1)``-th chord away; if that chord is not larger than
    the worst kept geodesic distance the origin is re-queried with more
    candidates until it is.  The ranking is therefore exact for the WGS84
    geodesic (up to ~1e-6 m of floating-point slack).

Large inputs (>= 50,000 origins) are processed in a coarse spatial
(serpentine grid) order, which makes the tree queries cache-friendly, in
chunks on a thread pool with one thread per available core (tree queries,
numpy, shapely, pyarrow and ``Geod.inv`` release the GIL); the service tree
is built while the origins are read.  Results are returned in input order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Literal, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Geod
from scipy.spatial import cKDTree
from shapely.errors import GEOSException

from geo.crs import metric_crs
from geo.errors import GeoInputError

__all__ = [
    "GEOD",
    "NEAREST_TOL_M",
    "SERVICE_KINDS",
    "WGS84",
    "nearest_service",
    "nearest_service_within",
    "origin_points",
]

#: Service kinds defined by the data contract.
SERVICE_KINDS: frozenset[str] = frozenset({"csc", "aadhaar", "pmgdisha", "library", "bank", "post_office"})
#: Geographic CRS all computations are done in.
WGS84: CRS = CRS.from_epsg(4326)
#: Geodesic calculator used for every reported distance.
GEOD: Geod = Geod(ellps="WGS84")

_SEMI_MAJOR_M = 6378137.0
_FLATTENING = 1.0 / 298.257223563
_ECC2 = _FLATTENING * (2.0 - _FLATTENING)
# Numerical slack (metres) for the chord <= geodesic exactness test; chord and
# geodesic are both accurate to ~1e-8 m, so 1 micrometre is conservative.
_TIE_TOL_M = 1e-6
#: k == 1 fast path: an origin is accepted after a single chord-nearest query
#: when geodesic - chord to that service is at most this many metres (plus the
#: numerical slack above); the reported distance is then within this tolerance
#: of the true minimum geodesic distance.  Otherwise the origin takes the exact
#: path.  geodesic - chord ~ d**3 / (24 R**2): 0.5 m is reached at d ~ 78 km.
NEAREST_TOL_M: float = 0.5
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


def _point_lonlat(gdf: gpd.GeoDataFrame, param: str, pool: Executor | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Return float64 lon/lat arrays of a Point GeoDataFrame in EPSG:4326.

    Fast path: one ``get_x`` and one ``get_y`` pass (concurrently when ``pool``
    is given) and a single range test.  ``get_x`` is NaN for missing and
    non-Point geometries and raises for empty Points, so every invalid row
    fails the range test; only then are the rows diagnosed in detail.
    """
    geoms = np.asarray(gdf.geometry.array)
    try:
        if pool is None or geoms.size < _PARALLEL_MIN:
            lon, lat = shapely.get_x(geoms), shapely.get_y(geoms)
        else:
            lon_future = pool.submit(shapely.get_x, geoms)
            lat = shapely.get_y(geoms)
            lon = lon_future.result()
    except GEOSException:  # getX on an empty Point
        _raise_bad_points(gdf, geoms, param)
        raise
    # NaN compares False, so this single test also rejects non-finite values.
    if not ((np.abs(lat) <= 90.0) & (np.abs(lon) <= 180.0)).all():
        _raise_bad_points(gdf, geoms, param, lon, lat)
    return lon, lat


def _raise_bad_points(
    gdf: gpd.GeoDataFrame,
    geoms: np.ndarray,
    param: str,
    lon: np.ndarray | None = None,
    lat: np.ndarray | None = None,
) -> None:
    """Raise a GeoInputError naming the rows that are not usable lon/lat Points."""
    not_point = shapely.get_type_id(geoms) != 0
    if not_point.any():
        types = sorted({str(t) for t in gdf.geometry.geom_type[not_point].tolist()})
        raise GeoInputError(
            f"{param} must contain only non-missing Point geometries; rows "
            f"{_labels(gdf.index, not_point)} have geometry types {types}. "
            "Convert polygons with geo.spatial.nearest.origin_points(gdf) and drop rows "
            "with missing geometry."
        )
    empty = shapely.is_empty(geoms)
    if empty.any():
        raise GeoInputError(
            f"{param} has empty Point geometries in rows {_labels(gdf.index, empty)}; "
            "expected one coordinate per row. Drop or fix those rows."
        )
    if lon is None or lat is None:
        lon, lat = shapely.get_x(geoms), shapely.get_y(geoms)
    bad = ~(np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90.0) & (np.abs(lon) <= 180.0))
    if bad.any():
        raise GeoInputError(
            f"{param} has coordinates outside lon -180..180 / lat -90..90 (EPSG:4326) "
            f"in rows {_labels(gdf.index, bad)}. Check the CRS of the source data "
            "and fix or drop those rows."
        )


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


def _select_services(services: gpd.GeoDataFrame, kinds: tuple[str, ...], *, functional_only: bool) -> gpd.GeoDataFrame:
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


@contextmanager
def _thread_pool(size: int) -> Iterator[Executor | None]:
    """Yield a thread pool for work on ``size`` rows, or None when not worth it."""
    threads = _n_threads()
    if size < _PARALLEL_MIN or threads == 1:
        yield None
        return
    with ThreadPoolExecutor(max_workers=threads) as pool:
        yield pool


def _run_chunked(func: Callable[[slice], None], n: int) -> None:
    """Call ``func`` on slices covering ``range(n)``, in threads when large.

    numpy ufuncs and ``pyproj.Geod.inv`` release the GIL, so threads scale.
    """
    threads = _n_threads()
    if n < _PARALLEL_MIN or threads == 1:
        func(slice(0, n))
        return
    bounds = np.linspace(0, n, threads + 1).astype(int)
    slices = [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(func, slices))


def _parallel_calls(calls: Sequence[Callable[[], R]], size: int, pool: Executor | None = None) -> list[R]:
    """Evaluate independent ``calls``, concurrently when ``size`` is large.

    Used with shapely, pyarrow and numpy work that releases the GIL.
    """
    if size < _PARALLEL_MIN or _n_threads() == 1 or len(calls) == 1:
        return [call() for call in calls]
    if pool is not None:
        return list(pool.map(lambda call: call(), calls))
    with ThreadPoolExecutor(max_workers=min(len(calls), _n_threads())) as own:
        return list(own.map(lambda call: call(), calls))


def _ecef(lon: np.ndarray, lat: np.ndarray, *, threaded: bool = True) -> np.ndarray:
    """WGS84 ellipsoid ECEF coordinates (metres, height 0) as an (n, 3) array."""
    out = np.empty((lon.size, 3), dtype=np.float64)

    def fill(sl: slice) -> None:
        phi = np.radians(lat[sl])
        lam = np.radians(lon[sl])
        sin_phi = np.sin(phi)
        cos_phi = np.cos(phi, out=phi)
        # prime vertical radius of curvature N(phi)
        n_rad = sin_phi * sin_phi
        n_rad *= -_ECC2
        n_rad += 1.0
        np.sqrt(n_rad, out=n_rad)
        np.divide(_SEMI_MAJOR_M, n_rad, out=n_rad)
        np.multiply(n_rad, sin_phi, out=out[sl, 2])
        out[sl, 2] *= 1.0 - _ECC2
        n_rad *= cos_phi
        np.multiply(n_rad, np.cos(lam), out=out[sl, 0])
        np.multiply(n_rad, np.sin(lam, out=lam), out=out[sl, 1])

    if threaded:
        _run_chunked(fill, lon.size)
    else:
        fill(slice(0, lon.size))
    return out


def _geodesic_m(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray) -> np.ndarray:
    """Element-wise WGS84 geodesic distance in metres (arrays of equal shape)."""
    shape = np.broadcast_shapes(lon1.shape, lon2.shape)
    a_lon, a_lat, b_lon, b_lat = (
        np.ascontiguousarray(np.broadcast_to(a, shape)).ravel() for a in (lon1, lat1, lon2, lat2)
    )
    out = np.empty(a_lon.size, dtype=np.float64)

    def fill(sl: slice) -> None:
        out[sl] = GEOD.inv(a_lon[sl], a_lat[sl], b_lon[sl], b_lat[sl], return_back_azimuth=False)[2]

    _run_chunked(fill, out.size)
    return out.reshape(shape)


def _locality_order(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Permutation visiting points cell by cell on a serpentine 256x256 grid.

    The 16-bit keys make ``argsort(kind="stable")`` a linear-time radix sort.
    """
    cells = 256

    def cell(v: np.ndarray) -> np.ndarray:
        lo, hi = float(v.min()), float(v.max())
        # (hi - lo) * scale < cells, so truncation gives 0 .. cells - 1.
        scale = (cells - 1e-3) / (hi - lo) if hi > lo else 0.0
        t = v - lo
        t *= scale
        return t.astype(np.uint16)

    gx, gy = cell(lon), cell(lat)
    # Serpentine: reverse the column order on odd rows (255 - gx == gx ^ 255).
    gx ^= (gy & 1) * np.uint16(cells - 1)
    gy <<= 8
    gy |= gx
    return np.argsort(gy, kind="stable")


def _service_tree(
    selected: gpd.GeoDataFrame,
) -> tuple[np.ndarray, np.ndarray, cKDTree]:
    """Lon/lat of the selected services and a cKDTree on their ECEF coordinates.

    Uses scipy's default tree parameters, as a plain ``cKDTree(xyz)`` would.
    """
    s_lon, s_lat = _point_lonlat(selected, "services")
    return s_lon, s_lat, cKDTree(_ecef(s_lon, s_lat, threaded=False))


def _topk_by_geodesic(cand: np.ndarray, geo: np.ndarray, keep: int) -> tuple[np.ndarray, np.ndarray]:
    """Sort candidate rows by geodesic distance and keep the first ``keep``."""
    if geo.shape[1] == 1:
        return cand, geo
    order = np.argsort(geo, axis=1, kind="stable")[:, :keep]
    return np.take_along_axis(cand, order, axis=1), np.take_along_axis(geo, order, axis=1)


def _knn_geodesic(
    o_lon: np.ndarray,
    o_lat: np.ndarray,
    s_lon: np.ndarray,
    s_lat: np.ndarray,
    tree: cKDTree,
    k: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Exact k nearest services by WGS84 geodesic distance.

    ``tree`` is the cKDTree on the ECEF coordinates of ``(s_lon, s_lat)``.
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
            r_geo = _geodesic_m(o_lon[rows, None], o_lat[rows, None], s_lon[r_cand], s_lat[r_cand])
            r_best, r_geo = _topk_by_geodesic(r_cand, r_geo, keep)
            done = (r_chord[:, -1] > r_geo[:, -1] + _TIE_TOL_M) | (n_query == m)
            best[rows[done]], geo[rows[done]] = r_best[done], r_geo[done]
            rows = rows[~done]

    if order is None:
        idx[:, :keep], dist[:, :keep] = best, geo
    else:
        idx[order, :keep], dist[order, :keep] = best, geo
    return idx, dist


def _search_bound(o_lon: np.ndarray, o_lat: np.ndarray, tree: cKDTree) -> float:
    """Chord search radius (metres) for the k == 1 tree queries, or inf.

    A finite ``distance_upper_bound`` lets the tree prune earlier (~20 %
    faster queries).  It is twice the 99th percentile of the nearest chord
    of ~1,000 evenly spaced origins; origins with no service inside it are
    queried again without a bound, so the result never depends on it.
    """
    if o_lon.size < _SORT_MIN:
        return np.inf
    step = o_lon.size // 1024
    chord, _ = tree.query(_ecef(o_lon[::step], o_lat[::step], threaded=False), k=1)
    bound = 2.0 * float(np.quantile(chord, 0.99))
    return bound if bound > 0.0 else np.inf


def _nearest_one(
    o_lon: np.ndarray,
    o_lat: np.ndarray,
    s_lon: np.ndarray,
    s_lat: np.ndarray,
    tree: cKDTree,
    *,
    order: np.ndarray | None = None,
    columns: Sequence[pd.api.extensions.ExtensionArray] = (),
    pool: Executor | None = None,
) -> tuple[np.ndarray, np.ndarray, list[object]]:
    """Nearest service (k == 1) with a certified geodesic tolerance.

    One chord-nearest tree query per origin, then the geodesic ``g`` to that
    service.  Every service's geodesic distance is ``>=`` its chord ``>=`` the
    minimum chord ``c``, so the true nearest geodesic distance is ``>= c`` and
    the reported ``g`` exceeds it by at most ``g - c``.  Origins where
    ``g - c > NEAREST_TOL_M - _TIE_TOL_M`` are redone with the exact
    :func:`_knn_geodesic`.

    ``order`` is an optional processing permutation (see
    :func:`_locality_order`).  With a ``pool`` the origins are processed in
    chunks: first the tree queries, then the geodesics together with
    ``column.take(idx)`` for each of ``columns`` (tree queries, numpy,
    ``Geod.inv`` and pyarrow release the GIL).

    Returns ``(idx, dist, taken)``: positional service indices and geodesic
    metres, both shaped ``(n_origins,)``, and each column taken at ``idx``.
    """
    n = o_lon.size
    idx = np.empty(n, dtype=np.intp)
    dist = np.empty(n, dtype=np.float64)
    n_chunks = 1 if pool is None else max(1, min(16 * _n_threads(), n // 16_384))
    bounds = np.linspace(0, n, n_chunks + 1).astype(np.intp).tolist()
    chunks = list(zip(bounds[:-1], bounds[1:], strict=True))
    accept = NEAREST_TOL_M - _TIE_TOL_M

    bound = _search_bound(o_lon, o_lat, tree)

    def rows_of(a: int, b: int) -> slice | np.ndarray:
        return slice(a, b) if order is None else order[a:b]

    def query(chunk: tuple[int, int]) -> tuple[np.ndarray, ...]:
        rows = rows_of(*chunk)
        lon, lat = o_lon[rows], o_lat[rows]
        xyz = _ecef(lon, lat, threaded=False)
        chord, j = tree.query(xyz, k=1, workers=1, distance_upper_bound=bound)
        miss = np.flatnonzero(np.isinf(chord))  # no service within ``bound``
        if miss.size:
            chord[miss], j[miss] = tree.query(xyz[miss], k=1, workers=1)
        idx[rows] = j
        return lon, lat, chord, j

    def geodesic(
        chunk: tuple[int, int], lon: np.ndarray, lat: np.ndarray, chord: np.ndarray, j: np.ndarray
    ) -> np.ndarray:
        rows = rows_of(*chunk)
        # lon/lat are private copies when gathered through ``order``, so pyproj
        # may overwrite them (and the gathered service coordinates) in place.
        inplace = order is not None
        geo = GEOD.inv(lon, lat, s_lon[j], s_lat[j], inplace=inplace, return_back_azimuth=False)[2]
        dist[rows] = geo
        chord -= geo
        slow = np.flatnonzero(chord < -accept)  # geo - chord > accept
        return slow + chunk[0] if order is None else rows[slow]

    if pool is None:
        queried = [query(c) for c in chunks]
        slow_parts = [geodesic(c, *q) for c, q in zip(chunks, queried, strict=True)]
        taken = [col.take(idx) for col in columns]
    else:
        queried = list(pool.map(query, chunks))
        take_futures = [pool.submit(col.take, idx) for col in columns]
        slow_parts = list(pool.map(geodesic, chunks, *zip(*queried, strict=True)))
        taken = [f.result() for f in take_futures]
    del queried
    slow = np.concatenate(slow_parts)
    if slow.size:
        s_idx, s_dist = _knn_geodesic(o_lon[slow], o_lat[slow], s_lon, s_lat, tree, 1)
        changed = bool((idx[slow] != s_idx[:, 0]).any())
        idx[slow], dist[slow] = s_idx[:, 0], s_dist[:, 0]
        if changed:
            taken = [col.take(idx) for col in columns]
    return idx, dist, taken


# --------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------
def origin_points(
    gdf: gpd.GeoDataFrame, *, how: Literal["centroid", "representative"] = "centroid"
) -> gpd.GeoDataFrame:
    """Reduce any geometries to one Point per row, for use as origins.

    Point rows pass through unchanged.  Other geometries become either their
    area centroid, computed in the UTM zone of the data (metres) and converted back
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
        points = others.to_crs(metric_crs(others)).centroid.to_crs(WGS84)
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

    Distances are geodesic metres on the WGS84 ellipsoid (``pyproj.Geod``)
    between each origin and the reported service.  Accuracy guarantee (see
    the module docstring for the algorithm and the proof):

    * ``k == 1``: the reported distance is the exact WGS84 geodesic to the
      reported service; it is within :data:`NEAREST_TOL_M` (0.5 m) of the
      distance to the geodesically-nearest service, and the reported service
      is the geodesically-nearest unless another lies within 0.5 m of it.
    * ``k > 1``: the ranking is exact for the WGS84 geodesic.

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
        raise TypeError(f"functional_only must be True or False, got {type(functional_only).__name__}.")
    kinds = _normalise_kinds(kind)
    origins_wgs = _as_wgs84(origins, "origins")
    services_wgs = _as_wgs84(services, "services")
    selected = _select_services(services_wgs, kinds, functional_only=functional_only)
    fields = _RESULT_FIELDS + ((("nearest_kind", "kind"),) if len(kinds) > 1 else ())
    with _thread_pool(len(origins_wgs)) as pool:
        # The service tree is built while the origins are read and sorted.
        tree_future = None if pool is None else pool.submit(_service_tree, selected)
        o_lon, o_lat = _point_lonlat(origins_wgs, "origins", pool)
        order = _locality_order(o_lon, o_lat) if k == 1 and o_lon.size >= _SORT_MIN else None
        s_lon, s_lat, tree = _service_tree(selected) if tree_future is None else tree_future.result()

        if k == 1:
            idx, dist, taken = _nearest_one(
                o_lon, o_lat, s_lon, s_lat, tree,
                order=order, columns=[selected[src].array for _, src in fields], pool=pool,
            )  # fmt: skip
            columns = {name: col for (name, _), col in zip(fields, taken, strict=True)}
            columns["nearest_dist_m"] = dist
            return pd.DataFrame(columns, index=origins.index.copy(), copy=False)

        idx, dist = _knn_geodesic(o_lon, o_lat, s_lon, s_lat, tree, k)
        names: list[str] = []
        calls: list[Callable[[], object]] = []
        for rank in range(k):
            suffix = f"_{rank + 1}"
            positions = np.ascontiguousarray(idx[:, rank])
            fill = bool((positions < 0).any())
            for out_name, src in fields:
                names.append(out_name + suffix)
                calls.append(partial(selected[src].array.take, positions, allow_fill=fill))
            names.append("nearest_dist_m" + suffix)
            calls.append(partial(np.ascontiguousarray, dist[:, rank]))
        columns = dict(zip(names, _parallel_calls(calls, idx.shape[0], pool), strict=True))
    return pd.DataFrame(columns, index=origins.index.copy(), copy=False)


def nearest_service_within(
    origins: gpd.GeoDataFrame,
    services: gpd.GeoDataFrame,
    kind: str,
    *,
    origin_groups: pd.Series,
    service_groups: pd.Series,
) -> pd.DataFrame:
    """The nearest functional service point of ``kind`` for every origin, among the points of its own group only.

    A district's villages are measured to the district's own centres: each group of
    origins (a district's code) is one :func:`nearest_service` call on the functional
    points of the same group, so every guarantee of :func:`nearest_service` (``k == 1``)
    holds within the group.

    Parameters
    ----------
    origins : geopandas.GeoDataFrame
        Point geometries with a defined CRS (converted to EPSG:4326).
    services : geopandas.GeoDataFrame
        Service points as :func:`nearest_service` takes them (``functional`` boolean).
    kind : str
        The service kind.
    origin_groups, service_groups : pandas.Series
        The group of each origin and each service point, aligned with ``origins`` and
        ``services`` by position (missing: in no group, so never measured, never used).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``origins``: ``nearest_id``, ``nearest_name``, ``nearest_name_hi``
        (``string``) and ``nearest_dist_m`` (float, geodesic metres); missing where the
        origin's group has no functional point of ``kind``.

    Raises
    ------
    ValueError
        If a groups series is not as long as its frame.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> villages = gpd.GeoDataFrame(geometry=[Point(86.80, 23.96), Point(86.90, 23.96)], crs=4326)
    >>> centres = gpd.GeoDataFrame(
    ...     {"id": ["a", "b"], "kind": "aadhaar", "name": ["A", "B"], "name_hi": ["क", "ख"], "functional": True},
    ...     geometry=[Point(86.80, 23.97), Point(86.80, 23.95)], crs=4326)
    >>> near = nearest_service_within(villages, centres, "aadhaar",
    ...     origin_groups=pd.Series(["x", "z"]), service_groups=pd.Series(["y", "x"]))
    >>> near["nearest_id"].tolist()  # "a" is nearer to the first village, but of group "y"
    ['b', <NA>]
    """
    for name, groups, frame in (
        ("origin_groups", origin_groups, origins),
        ("service_groups", service_groups, services),
    ):
        if len(groups) != len(frame):
            msg = f"{name} must have one group per row ({len(frame)}), got {len(groups)}"
            raise ValueError(msg)
    origin_keys = pd.array(origin_groups, dtype="string")
    service_keys = pd.array(service_groups, dtype="string")
    functional = services["functional"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    usable = (services["kind"] == kind).fillna(False).to_numpy(dtype=bool) & functional
    selected = _as_wgs84(services, "services")[usable]
    selected_keys = service_keys[usable]
    positions = np.full(len(origins), -1, dtype=np.intp)
    dist = np.full(len(origins), np.nan)
    if len(selected) and len(origins):
        o_lon, o_lat = _point_lonlat(_as_wgs84(origins, "origins"), "origins")
        s_lon, s_lat = _point_lonlat(selected, "services")
        for group in pd.unique(selected_keys[~pd.isna(selected_keys)]):
            rows = np.flatnonzero((origin_keys == group).fillna(False).to_numpy(dtype=bool))
            members = np.flatnonzero((selected_keys == group).fillna(False).to_numpy(dtype=bool))
            if not rows.size:
                continue
            tree = cKDTree(_ecef(s_lon[members], s_lat[members], threaded=False))
            idx, dist[rows], _ = _nearest_one(o_lon[rows], o_lat[rows], s_lon[members], s_lat[members], tree)
            positions[rows] = members[idx]
    out = pd.DataFrame(
        {
            name: pd.array(selected[src].array.take(positions, allow_fill=True), dtype="string")
            if len(selected)
            else pd.array([pd.NA] * len(origins), dtype="string")
            for name, src in _RESULT_FIELDS
        },
        index=origins.index,
    )
    out["nearest_dist_m"] = dist
    return out
