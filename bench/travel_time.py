"""Travel time to the nearest of many services: ours (scipy's Dijkstra) against scikit-image's ``MCP_Geometric``.

Run from the repository root (scikit-image is a bench-only dependency)::

    python bench/travel_time.py [--rows 420 --cols 880] [--sources 300] [--seed 1]
    python bench/travel_time.py --rows 2800 --cols 2860   # a Jharkhand-sized grid: ~80,000 km², 8 M cells

The same seeded friction on both: cells of 100 m at random speeds (walking 5 km/h
on most, 30 and 50 km/h on some), seeded sources. **ours** is
:func:`geo.travel.travel_minutes` (8 neighbours, the mean pace of two cells per move);
**skimage** is ``MCP_Geometric(cost=pace × cell).find_costs(sources)`` on the same
costs — the same model (a diagonal move √2 longer, each half at its cell's cost).
Prints both times, their ratio, the peak memory of each (``tracemalloc`` of numpy's
allocations is not whole; the process's maximum resident size is printed after each),
and the largest difference in minutes between the two answers.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
from pyproj import CRS

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.travel import Grid, travel_minutes  # noqa: E402


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=420)
    parser.add_argument("--cols", type=int, default=880)
    parser.add_argument("--sources", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    grid = Grid(CRS.from_epsg(32645), 300_000.0, 2_900_000.0, 100.0, args.rows, args.cols)
    speed = rng.choice([5.0, 5.0, 5.0, 30.0, 50.0], size=(args.rows, args.cols))
    rows = rng.integers(0, args.rows, args.sources)
    cols = rng.integers(0, args.cols, args.sources)
    xy = gpd.points_from_xy(grid.west + (cols + 0.5) * 100.0, grid.north - (rows + 0.5) * 100.0)
    sources = gpd.GeoDataFrame(geometry=xy, crs=grid.crs)
    print(f"{args.rows:,} × {args.cols:,} cells ({args.rows * args.cols / 1e6:.1f} M, "
          f"{args.rows * args.cols / 100:,.0f} km²), {args.sources} sources, seed {args.seed}")

    start = time.perf_counter()
    ours, _ = travel_minutes(grid, speed, sources)
    ours_s = time.perf_counter() - start
    print(f"ours    (scipy Dijkstra)   {ours_s:7.2f} s   max RSS so far {_max_rss_mb():,.0f} MB")

    from skimage.graph import MCP_Geometric

    pace = 60.0 / speed * (grid.cell_m / 1000.0)  # minutes to cross one cell
    start = time.perf_counter()
    theirs, _ = MCP_Geometric(pace, fully_connected=True).find_costs(list(zip(rows, cols, strict=True)))
    theirs_s = time.perf_counter() - start
    print(f"skimage (MCP_Geometric)    {theirs_s:7.2f} s   max RSS so far {_max_rss_mb():,.0f} MB")
    print(f"ours / skimage time: {ours_s / theirs_s:.2f}; largest difference {np.abs(ours - theirs).max():.2e} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
