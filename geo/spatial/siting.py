"""Where to open the next centres: maximal covering and set covering, solved to proven optimality.

*Demand* is the villages' population (points, EPSG:4326). A village is *covered* by a
site within a :class:`Reach`: when the WGS84 geodesic between them is at most the
radius (:func:`within_km`), or the travel time on the grid at most the minutes
(:func:`geo.spatial.access.within_travel`) — exact at the threshold (a village at exactly
10 km is within 10 km). Villages already covered by
an existing functional centre are kept out of the demand: the existing centres stay
where they are, and a new site earns only the people no centre reaches yet.

* :func:`maximal_covering` — the ``k`` new sites that cover the most people
  (Church & ReVelle's MCLP), solved with HiGHS (:func:`scipy.optimize.milp`) to a
  proven optimum; the greedy answer (add, each time, the site that covers the most
  people not yet covered) is returned beside it.
* :func:`set_covering` — the fewest new sites that cover everyone any candidate can
  reach (Toregas' LSCP); the people no candidate reaches are reported, not dropped.
* :func:`candidate_sites` — where a new centre could go: the bhawans of the
  panchayats that have no functional centre of the kind, or any village; never the
  place of an existing centre.

Villages whose population is not recorded are not counted (unknown is not zero):
the result says how many were left out.

Pairs are found with a k-d tree on Earth-centred (ECEF) coordinates: the straight
chord between two points is never longer than the geodesic, so every pair within the
radius is among the pairs whose chord is; each of those is then measured exactly with
``pyproj.Geod`` (GeographicLib).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Transformer
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.spatial import cKDTree

from geo.crs import metric_crs
from geo.errors import GeoInputError
from geo.review.indicators import bhawan_points, functional_centres
from geo.spatial.nearest import GEOD, origin_points
from geo.text import t

__all__ = [
    "CANDIDATE_SOURCES",
    "Reach",
    "SitingResult",
    "candidate_sites",
    "coverage_pairs",
    "maximal_covering",
    "set_covering",
    "within_km",
]

_ECEF = Transformer.from_crs(4326, 4978, always_xy=True)
#: Candidates closer than this to an existing centre are that centre (metres).
SAME_PLACE_M = 1.0


@dataclass(frozen=True)
class Reach:
    """When a site covers a village: within a threshold of straight-line km or of travel minutes.

    Attributes
    ----------
    threshold : float
    unit : {"km", "min"}
    pairs : callable
        ``pairs(origins, sites)`` → boolean ``len(origins) × len(sites)`` sparse matrix,
        exact (inclusive) at the threshold.
    how : str
        How it is measured, for titles ("straight line, geodesic").
    """

    threshold: float
    unit: str
    pairs: Callable[[gpd.GeoDataFrame, gpd.GeoDataFrame], sparse.csr_matrix]
    how: str

    def text(self) -> str:
        """The text "10 km" or "60 min"."""
        return f"{self.threshold:g} {self.unit}"


def within_km(radius_km: float) -> Reach:
    """Covered within ``radius_km`` of geodesic distance (:func:`coverage_pairs`)."""
    _check_radius(radius_km)
    return Reach(
        float(radius_km),
        "km",
        lambda origins, sites: coverage_pairs(origins, sites, radius_km),
        "straight line, geodesic",
    )


@dataclass(frozen=True)
class SitingResult:
    """Suggested new sites and what they add.

    Attributes
    ----------
    sites : geopandas.GeoDataFrame
        The chosen candidates (EPSG:4326), best first: ``rank``, the candidate's
        columns (``id``, ``name``, ``name_hi``, ``panchayat_lgd``, ``panchayat_name``),
        ``lon``, ``lat``, ``people_newly_covered`` (by this site beyond the sites
        above it) and ``people_covered`` (cumulative, with the existing centres).
    greedy : geopandas.GeoDataFrame
        The same for the greedy answer (empty for :func:`set_covering`).
    reach : Reach
        The threshold covered within.
    people : int
        The counted population (villages with a recorded population).
    covered_before : int
        People within reach of an existing functional centre.
    covered_after : int
        With the suggested sites too.
    unreachable : int
        People no candidate (and no existing centre) reaches within the threshold.
    villages_not_counted : int
        Villages left out because their population is not recorded.
    optimal : bool
        HiGHS proved the answer optimal.
    gap : float
        The relative optimality gap HiGHS reports (0.0 when proven optimal).
    """

    sites: gpd.GeoDataFrame
    greedy: gpd.GeoDataFrame
    reach: Reach
    people: int
    covered_before: int
    covered_after: int
    unreachable: int
    villages_not_counted: int
    optimal: bool
    gap: float

    def table(self) -> pd.DataFrame:
        """The sites as a plain table (no geometry), with the threshold and how it was measured."""
        return pd.DataFrame(self.sites.drop(columns="geometry")).assign(
            within=self.reach.text(), measured_by=self.reach.how
        )


def coverage_pairs(origins: gpd.GeoDataFrame, sites: gpd.GeoDataFrame, radius_km: float) -> sparse.csr_matrix:
    """Which sites cover which origins: a boolean ``len(origins) × len(sites)`` matrix.

    Parameters
    ----------
    origins, sites : geopandas.GeoDataFrame
        Points in any CRS (converted to EPSG:4326; other shapes use their centroid).
    radius_km : float
        Covered when the WGS84 geodesic is at most this (inclusive).

    Returns
    -------
    scipy.sparse.csr_matrix
        ``True`` where site ``j`` covers origin ``i`` (positions, not labels).

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> here = gpd.GeoDataFrame(geometry=[Point(86.0, 23.0)], crs=4326)
    >>> lon, lat, _ = GEOD.fwd(86.0, 23.0, 0.0, 10_000.0)  # 10 km north, exactly
    >>> there = gpd.GeoDataFrame(geometry=[Point(lon, lat), Point(86.0, 23.2)], crs=4326)
    >>> coverage_pairs(here, there, 10.0).toarray().tolist()
    [[True, False]]
    """
    _check_radius(radius_km)
    o_lon, o_lat = _lonlat(origins)
    s_lon, s_lat = _lonlat(sites)
    shape = (len(o_lon), len(s_lon))
    if not len(o_lon) or not len(s_lon):
        return sparse.csr_matrix(shape, dtype=bool)
    radius_m = float(radius_km) * 1000.0
    near = cKDTree(_xyz(o_lon, o_lat)).sparse_distance_matrix(
        cKDTree(_xyz(s_lon, s_lat)), max_distance=radius_m * (1 + 1e-9) + 1e-6, output_type="coo_matrix"
    )
    rows, cols = near.row, near.col
    _, _, dist_m = GEOD.inv(o_lon[rows], o_lat[rows], s_lon[cols], s_lat[cols])
    keep = np.asarray(dist_m) <= radius_m + 1e-6  # exact at the threshold, to the micrometre
    return sparse.csr_matrix((np.ones(keep.sum(), dtype=bool), (rows[keep], cols[keep])), shape=shape)


#: Where candidates may come from (:func:`candidate_sites`).
CANDIDATE_SOURCES = ("bhawans", "villages", "grid")


def candidate_sites(
    panchayats: gpd.GeoDataFrame,
    villages: gpd.GeoDataFrame,
    services: gpd.GeoDataFrame,
    kind: str,
    *,
    among: str = "bhawans",
    grid_km: float = 2.0,
) -> gpd.GeoDataFrame:
    """Where a new centre of ``kind`` could open.

    Parameters
    ----------
    panchayats, villages, services : geopandas.GeoDataFrame
        An analysis' frames (:class:`geo.review.analysis.Analysis`), EPSG:4326; ``services``
        with ``functional`` as of its date.
    kind : str
        The service kind, e.g. ``"csc"``.
    among : {"bhawans", "villages", "grid"}
        The bhawans of the panchayats without a functional centre of the kind (their
        centroid where no bhawan is recorded), every village, or the centres of a
        square grid of ``grid_km`` over the panchayats (in their UTM zone), those
        inside a panchayat (one on an edge between two: the first listed).
    grid_km : float
        The grid's spacing, km (``among="grid"``).

    Returns
    -------
    geopandas.GeoDataFrame
        Points (EPSG:4326) with ``id``, ``name``, ``name_hi``, ``panchayat_lgd`` and
        ``panchayat_name``; none within :data:`SAME_PLACE_M` of an existing
        functional centre of the kind.
    """
    if among not in CANDIDATE_SOURCES:
        msg = f"'among' should be 'bhawans', 'villages' or 'grid', got {among!r}"
        raise GeoInputError(msg)
    working = functional_centres(services, kind)
    if among == "bhawans":
        without = panchayats[~panchayats["lgd_code"].isin(working["panchayat_lgd"])]
        points = bhawan_points(without)
        frame = pd.DataFrame(
            {
                "id": "GP-" + points["lgd_code"].astype(str),
                "name": points["name"],
                "name_hi": points.get("name_hi"),
                "panchayat_lgd": points["lgd_code"].astype(str),
                "panchayat_name": points["name"],
            }
        )
    elif among == "villages":
        points = origin_points(villages)
        frame = pd.DataFrame(
            {
                "id": "V-" + points["census_code"].astype(str),
                "name": points["name"],
                "name_hi": points.get("name_hi"),
                "panchayat_lgd": points["panchayat_lgd"].astype(str),
                "panchayat_name": points.get("panchayat_name"),
            }
        )
    else:
        frame, points = _grid_points(panchayats, grid_km)
    sites = gpd.GeoDataFrame(frame, geometry=points.geometry.to_numpy(), crs=4326).reset_index(drop=True)
    if len(working) and len(sites):
        same = coverage_pairs(sites, working, SAME_PLACE_M / 1000.0).getnnz(axis=1) > 0
        sites = sites[~same].reset_index(drop=True)
    return sites


def maximal_covering(
    villages: gpd.GeoDataFrame,
    candidates: gpd.GeoDataFrame,
    existing: gpd.GeoDataFrame,
    *,
    k: int,
    radius_km: float | None = None,
    reach: Reach | None = None,
    one_per_panchayat: bool = False,
    time_limit_s: float | None = None,
) -> SitingResult:
    """The ``k`` new sites that bring the most people within reach, and the greedy answer beside it.

    Parameters
    ----------
    villages : geopandas.GeoDataFrame
        Demand points with ``population`` (missing: not counted).
    candidates : geopandas.GeoDataFrame
        :func:`candidate_sites` (or any points with those columns).
    existing : geopandas.GeoDataFrame
        The functional centres that stay (may be empty).
    k : int
        New sites to open (fewer when fewer candidates add anyone).
    radius_km : float, optional
        Covered within this geodesic distance (inclusive) …
    reach : Reach, optional
        … or by this rule (e.g. :func:`geo.spatial.access.within_travel`); give one of the two.
    one_per_panchayat : bool
        At most one new site per panchayat (``panchayat_lgd``).
    time_limit_s : float, optional
        Stop HiGHS after this long; the answer then says it is not proven optimal and gives the gap.

    Returns
    -------
    SitingResult

    Raises
    ------
    GeoInputError
        For ``k`` below 1, a radius that is not positive, or no ``population`` column.
    """
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        msg = f"k should be a whole number of sites, 1 or more, got {k!r}"
        raise GeoInputError(msg)
    problem = _Problem.build(villages, candidates, existing, _reach(radius_km, reach))
    n_sites = problem.cover.shape[1]
    if n_sites == 0 or problem.cover.shape[0] == 0:
        return problem.result(np.zeros(n_sites, dtype=bool), greedy=_greedy(problem, k), optimal=True, gap=0.0)
    n_demand = problem.cover.shape[0]
    # Variables: x (one per candidate, 0/1), then y (one per uncovered village, 0..1: the share covered).
    cost = np.concatenate([np.zeros(n_sites), -problem.weight])
    # y_i - sum_j a_ij x_j <= 0: a village counts only when a chosen site covers it.
    link = sparse.hstack([-problem.cover.astype(float), sparse.identity(n_demand)], format="csr")
    constraints = [
        LinearConstraint(link, -np.inf, 0.0),
        LinearConstraint(sparse.hstack([np.ones((1, n_sites)), sparse.csr_matrix((1, n_demand))]), -np.inf, float(k)),
    ]
    if one_per_panchayat:
        groups = pd.factorize(problem.candidates["panchayat_lgd"].astype(str))[0]
        member = sparse.csr_matrix((np.ones(n_sites), (groups, np.arange(n_sites))), shape=(groups.max() + 1, n_sites))
        constraints.append(
            LinearConstraint(sparse.hstack([member, sparse.csr_matrix((member.shape[0], n_demand))]), -np.inf, 1.0)
        )
    integrality = np.concatenate([np.ones(n_sites), np.zeros(n_demand)])
    options = {"disp": False, "mip_rel_gap": 0.0}
    if time_limit_s is not None:
        options["time_limit"] = float(time_limit_s)
    solved = milp(cost, constraints=constraints, integrality=integrality, bounds=Bounds(0.0, 1.0), options=options)
    if solved.x is None:
        msg = f"HiGHS found no answer ({solved.message})"
        raise GeoInputError(msg)
    chosen = solved.x[:n_sites] > 0.5
    gap = float(getattr(solved, "mip_gap", 0.0) or 0.0)
    return problem.result(chosen, greedy=_greedy(problem, k), optimal=solved.status == 0 and gap <= 1e-9, gap=gap)


def set_covering(
    villages: gpd.GeoDataFrame,
    candidates: gpd.GeoDataFrame,
    existing: gpd.GeoDataFrame,
    *,
    radius_km: float | None = None,
    reach: Reach | None = None,
    time_limit_s: float | None = None,
) -> SitingResult:
    """The fewest new sites that bring everyone a candidate can reach within the threshold.

    Parameters and result as :func:`maximal_covering` (``greedy`` is empty); the
    people no candidate reaches are :attr:`SitingResult.unreachable`.
    """
    problem = _Problem.build(villages, candidates, existing, _reach(radius_km, reach))
    reachable = problem.cover.getnnz(axis=1) > 0
    cover = problem.cover[reachable]
    n_sites = cover.shape[1]
    if cover.shape[0] == 0:
        return problem.result(np.zeros(n_sites, dtype=bool), greedy=None, optimal=True, gap=0.0)
    options = {"disp": False, "mip_rel_gap": 0.0}
    if time_limit_s is not None:
        options["time_limit"] = float(time_limit_s)
    solved = milp(
        np.ones(n_sites),
        constraints=[LinearConstraint(cover.astype(float), 1.0, np.inf)],
        integrality=np.ones(n_sites),
        bounds=Bounds(0.0, 1.0),
        options=options,
    )
    if solved.x is None:
        msg = f"HiGHS found no answer ({solved.message})"
        raise GeoInputError(msg)
    gap = float(getattr(solved, "mip_gap", 0.0) or 0.0)
    return problem.result(solved.x > 0.5, greedy=None, optimal=solved.status == 0 and gap <= 1e-9, gap=gap)


@dataclass(frozen=True)
class _Problem:
    """The demand not yet covered and which candidates cover it."""

    candidates: gpd.GeoDataFrame
    cover: sparse.csr_matrix  # uncovered counted villages × candidates
    weight: np.ndarray  # their population
    reach: Reach
    people: int
    covered_before: int
    villages_not_counted: int

    @classmethod
    def build(
        cls, villages: gpd.GeoDataFrame, candidates: gpd.GeoDataFrame, existing: gpd.GeoDataFrame, reach: Reach
    ) -> _Problem:
        if "population" not in villages:
            msg = "the villages have no 'population' column; siting weighs villages by their people"
            raise GeoInputError(msg)
        population = pd.to_numeric(villages["population"], errors="coerce")
        counted = population.notna().to_numpy()
        demand = villages[counted]
        weight = population[counted].to_numpy(dtype=float)
        already = (
            reach.pairs(demand, existing).getnnz(axis=1) > 0 if len(existing) else np.zeros(len(demand), dtype=bool)
        )
        cover = reach.pairs(demand[~already], candidates)
        return cls(
            candidates=candidates.reset_index(drop=True),
            cover=cover,
            weight=weight[~already],
            reach=reach,
            people=int(weight.sum()),
            covered_before=int(weight[already].sum()),
            villages_not_counted=int((~counted).sum()),
        )

    def gains_in_order(self, chosen: np.ndarray) -> tuple[list[int], list[int]]:
        """The chosen sites, each next the one adding the most people beyond those above it; and those people."""
        remaining = list(np.flatnonzero(chosen))
        covered = np.zeros(self.cover.shape[0], dtype=bool)
        order, gains = [], []
        cover_csc = self.cover.tocsc()
        while remaining:
            adds = [self.weight[cover_csc[:, j].toarray().ravel() & ~covered].sum() for j in remaining]
            best = int(np.argmax(adds))
            j = remaining.pop(best)
            covered |= cover_csc[:, j].toarray().ravel()
            order.append(j)
            gains.append(int(round(adds[best])))
        return order, gains

    def sites_frame(self, order: list[int], gains: list[int]) -> gpd.GeoDataFrame:
        sites = self.candidates.iloc[order].reset_index(drop=True)
        sites.insert(0, "rank", np.arange(1, len(sites) + 1))
        sites["lon"] = sites.geometry.x.round(6)
        sites["lat"] = sites.geometry.y.round(6)
        sites["people_newly_covered"] = np.array(gains, dtype=np.int64)
        sites["people_covered"] = self.covered_before + np.cumsum(sites["people_newly_covered"].to_numpy())
        return sites

    def result(
        self, chosen: np.ndarray, *, greedy: tuple[list[int], list[int]] | None, optimal: bool, gap: float
    ) -> SitingResult:
        order, gains = self.gains_in_order(np.asarray(chosen, dtype=bool))
        sites = self.sites_frame(order, gains)
        reached = self.cover.getnnz(axis=1) > 0
        return SitingResult(
            sites=sites,
            greedy=self.sites_frame(*greedy) if greedy is not None else self.sites_frame([], []),
            reach=self.reach,
            people=self.people,
            covered_before=self.covered_before,
            covered_after=self.covered_before + int(sum(gains)),
            unreachable=int(round(self.weight[~reached].sum())),
            villages_not_counted=self.villages_not_counted,
            optimal=optimal,
            gap=gap,
        )


def _grid_points(panchayats: gpd.GeoDataFrame, grid_km: float) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """Cell centres of a ``grid_km`` grid (UTM) inside the panchayats: ids ``G-<row>-<col>`` from the north-west."""
    _check_radius(grid_km)
    metric = panchayats.to_crs(metric_crs(panchayats))
    west, south, east, north = metric.total_bounds
    step = float(grid_km) * 1000.0
    cols = np.arange(int(np.ceil((east - west) / step)))
    rows = np.arange(int(np.ceil((north - south) / step)))
    col, row = (a.ravel() for a in np.meshgrid(cols, rows))
    centres = gpd.GeoDataFrame(
        {"row": row, "col": col},
        crs=metric.crs,
        geometry=gpd.points_from_xy(west + (col + 0.5) * step, north - (row + 0.5) * step),
    )
    # a centre on an edge between two panchayats goes to the first listed
    inside = gpd.sjoin(
        centres, metric[["lgd_code", "name", "name_hi", "geometry"]], predicate="intersects", how="inner"
    ).sort_values("index_right", kind="stable")
    inside = inside[~inside.index.duplicated()].sort_index()
    ids = [f"G-{r:03d}-{c:03d}" for r, c in zip(inside["row"], inside["col"], strict=True)]
    frame = pd.DataFrame(
        {
            "id": ids,
            "name": [_grid_point(i, n, "en") for i, n in zip(ids, inside["name"], strict=True)],
            "name_hi": [
                _grid_point(i, n, "hi") for i, n in zip(ids, inside["name_hi"].fillna(inside["name"]), strict=True)
            ],
            "panchayat_lgd": inside["lgd_code"].astype(str).to_numpy(),
            "panchayat_name": inside["name"].to_numpy(),
        }
    )
    return frame, inside.to_crs(4326)


def _grid_point(point_id: str, panchayat: str, lang: str) -> str:
    """A grid point's name, "Grid point 004-012 (Nala)", from its id ``G-004-012`` and its panchayat's name."""
    return t("place.grid_point", lang, point=point_id[2:], panchayat=panchayat)


def _greedy(problem: _Problem, k: int) -> tuple[list[int], list[int]]:
    """Add, k times, the candidate covering the most people not yet covered (stop when none adds anyone)."""
    cover = problem.cover.tocsc().astype(float)
    left = problem.weight.copy()
    order, gains = [], []
    for _ in range(k):
        adds = cover.T @ left
        best = int(np.argmax(adds)) if len(adds) else -1
        if best < 0 or adds[best] <= 0:
            break
        order.append(best)
        gains.append(int(round(adds[best])))
        left[cover[:, best].toarray().ravel() > 0] = 0.0
    return order, gains


def _lonlat(frame: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    points = origin_points(frame).geometry
    return points.x.to_numpy(dtype=float), points.y.to_numpy(dtype=float)


def _xyz(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    x, y, z = _ECEF.transform(lon, lat, np.zeros_like(lon))
    return np.column_stack([x, y, z])


def _reach(radius_km: float | None, reach: Reach | None) -> Reach:
    if (radius_km is None) == (reach is None):
        msg = "give either radius_km or reach (a threshold of km or of minutes), not both or neither"
        raise GeoInputError(msg)
    return reach if reach is not None else within_km(radius_km)


def _check_radius(radius_km: object) -> None:
    if (
        isinstance(radius_km, bool)
        or not isinstance(radius_km, int | float)
        or not np.isfinite(radius_km)
        or radius_km <= 0
    ):
        msg = f"radius_km should be a distance in km above 0, got {radius_km!r}"
        raise GeoInputError(msg)
