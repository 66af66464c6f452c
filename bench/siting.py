"""Maximal covering at a state's size: ours (HiGHS via scipy) against spopt's MCLP (PuLP + CBC), one run.

Run from the repository root (spopt is a dev-only dependency)::

    python bench/siting.py [--demand 32000] [--candidates 4345] [--existing 1500] [--k 100] [--radius-km 5]
                           [--seed 7] [--spopt-limit-s 900]

Seeded points in a Jharkhand-sized box (lon 83.3–87.9°E, lat 21.9–25.3°N, about
80,000 km² of it on land in the real state): villages with log-normal populations,
candidate sites and existing functional centres. Both solve the same problem on
the same coverage (a candidate covers a village within the radius, WGS84
geodesic): **ours** is :func:`geo.spatial.siting.maximal_covering` end to end (pairs by
k-d tree + exact geodesic, the MILP, the gains per site); **spopt** is
``MCLP.from_cost_matrix`` on the dense cost matrix of the same distances (existing
centres as predefined facilities) and ``solve`` with CBC, timed without building
the matrix. Prints both times, the people covered and the ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.spatial.nearest import GEOD  # noqa: E402
from geo.spatial.siting import coverage_pairs, maximal_covering  # noqa: E402

BOX = (83.3, 21.9, 87.9, 25.3)


def _points(rng: np.random.Generator, n: int) -> gpd.GeoDataFrame:
    west, south, east, north = BOX
    lon = rng.uniform(west, east, n)
    lat = np.degrees(np.arcsin(rng.uniform(np.sin(np.radians(south)), np.sin(np.radians(north)), n)))  # even area
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demand", type=int, default=32_000)
    parser.add_argument("--candidates", type=int, default=4_345)
    parser.add_argument("--existing", type=int, default=1_500)
    parser.add_argument("--k", type=int, default=100)
    parser.add_argument("--radius-km", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--spopt-limit-s", type=float, default=900.0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    villages = _points(rng, args.demand).assign(population=np.rint(rng.lognormal(7.0, 0.8, args.demand)).astype(int))
    candidates = _points(rng, args.candidates)
    candidates = candidates.assign(
        id=[f"S{i}" for i in range(len(candidates))],
        name=candidates.index.astype(str),
        name_hi="",
        panchayat_lgd=candidates.index.astype(str),
        panchayat_name="",
    )
    existing = _points(rng, args.existing)

    start = time.perf_counter()
    ours = maximal_covering(villages, candidates, existing, k=args.k, radius_km=args.radius_km)
    ours_s = time.perf_counter() - start
    print(
        f"problem: {args.demand:,} villages × {args.candidates:,} candidates, {args.existing:,} existing, "
        f"k = {args.k}, radius {args.radius_km:g} km; seed {args.seed}"
    )
    print(
        f"ours   (HiGHS)      {ours_s:8.2f} s   covered {ours.covered_after:,} of {ours.people:,} "
        f"(existing {ours.covered_before:,}); {'optimal' if ours.optimal else f'gap {ours.gap:.3%}'}; "
        f"greedy {ours.covered_before + int(ours.greedy['people_newly_covered'].sum()):,}"
    )

    import pulp
    from spopt.locate import MCLP

    facilities = gpd.GeoDataFrame(geometry=list(existing.geometry) + list(candidates.geometry), crs=4326)
    cover = coverage_pairs(villages, facilities, args.radius_km).tocoo()
    cost = np.full((len(villages), len(facilities)), 10.0 * args.radius_km * 1000.0)  # beyond reach
    v = villages.geometry
    f = facilities.geometry
    _, _, dist = GEOD.inv(
        v.x.to_numpy()[cover.row], v.y.to_numpy()[cover.row], f.x.to_numpy()[cover.col], f.y.to_numpy()[cover.col]
    )
    cost[cover.row, cover.col] = dist
    predefined = np.r_[np.ones(len(existing), dtype=bool), np.zeros(len(candidates), dtype=bool)]
    start = time.perf_counter()
    model = MCLP.from_cost_matrix(
        cost,
        villages["population"].to_numpy(),
        args.radius_km * 1000.0,
        p_facilities=args.existing + args.k,
        predefined_facilities_arr=predefined,
    )
    model = model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=args.spopt_limit_s), results=False)
    spopt_s = time.perf_counter() - start
    served = float(
        sum(villages["population"].to_numpy()[i] * (var.value() or 0) for i, var in enumerate(model.cli_vars))
    )
    print(
        f"spopt  (PuLP + CBC) {spopt_s:8.2f} s   covered {served:,.0f}; status {pulp.LpStatus[model.problem.status]}"
        f" (building the PuLP model and CBC's solve; CBC's own limit {args.spopt_limit_s:g} s)"
    )
    print(f"ours / spopt time: {ours_s / spopt_s:.3f}  (spopt / ours: {spopt_s / ours_s:.1f}×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
