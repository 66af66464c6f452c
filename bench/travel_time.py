"""Travel time to the nearest of many services: ours (scipy's Dijkstra) against scikit-image's ``MCP_Geometric``.

Run from the repository root (scikit-image is a bench-only dependency)::

    python bench/travel_time.py [--rows 420 --cols 880] [--sources 300] [--seed 1]
    python bench/travel_time.py --rows 2800 --cols 2860   # a Jharkhand-sized grid: ~80,000 km², 8 M cells
    python bench/travel_time.py --demo                    # the DEMO store at 100 m: its roads, rivers, Aadhaar centres
    python bench/travel_time.py --rows 2800 --cols 2860 --before 68c232a   # also the code of an earlier revision

The same friction for every engine: seeded cells of 100 m at random speeds (walking
5 km/h on most, 30 and 50 km/h on some) and seeded sources, or with ``--demo`` the
demo's speed surface (:func:`geo.spatial.travel.speed_surface` of its roads and rivers; river
cells impassable) and its functional Aadhaar centres. **ours** is
:func:`geo.spatial.travel.travel_minutes` (8 neighbours, the mean pace of two cells per move);
**skimage** is ``MCP_Geometric(cost=pace × cell).find_costs(sources)`` on the same
costs — the same model (a diagonal move √2 longer, each half at its cell's cost);
**before** (with ``--before REV``) is ``travel_minutes`` of that revision, from a
``git worktree``. Each engine runs in its own process, one after the other, so each
reports its own time and peak memory (maximum resident size); the answers are compared
(largest difference in minutes) and the ratios printed.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _friction(args: argparse.Namespace) -> tuple[dict, np.ndarray, np.ndarray, np.ndarray]:
    """The grid (as plain values), speeds and source cells the engines share."""
    if args.demo:
        from geo.review.analysis import analyse
        from geo.spatial.access import measure_access
        from geo.storage.store import DEMO_STORE, read_store

        data = read_store(DEMO_STORE)
        result = analyse(data)
        access = measure_access(
            result.villages,
            result.panchayats,
            result.services,
            result.district,
            "aadhaar",
            roads=data.roads,
            water=data.water,
        )
        grid, speed = access.grid, access.speed_kmh
        rows, cols = grid.cell_of(access.centres)
        title = (
            f"DEMO store at 100 m: {len(data.roads):,} roads, {len(data.water):,} rivers, "
            f"{len(rows):,} functional Aadhaar centres"
        )
    else:
        rng = np.random.default_rng(args.seed)
        speed = rng.choice([5.0, 5.0, 5.0, 30.0, 50.0], size=(args.rows, args.cols))
        rows = rng.integers(0, args.rows, args.sources)
        cols = rng.integers(0, args.cols, args.sources)
        grid = None
        title = f"seeded friction, {args.sources} sources, seed {args.seed}"
    shape = speed.shape
    meta = {
        "epsg": 32645,
        "west": 300_000.0,
        "north": 2_900_000.0,
        "cell_m": 100.0,
        "rows": shape[0],
        "cols": shape[1],
        "title": title,
    }
    if grid is not None:
        meta |= {"epsg": grid.crs.to_epsg(), "west": grid.west, "north": grid.north, "cell_m": grid.cell_m}
    return meta, speed, rows, cols


def _worker(engine: str, npz: Path, root: Path) -> None:
    """Run one engine on the saved friction; print its seconds and peak memory as JSON, save its minutes."""
    sys.path.insert(0, str(root))
    saved = np.load(npz)
    meta = json.loads(str(saved["meta"]))
    speed, rows, cols = saved["speed"], saved["rows"], saved["cols"]
    if engine == "skimage":
        from skimage.graph import MCP_Geometric

        with np.errstate(divide="ignore"):
            pace = np.where(speed > 0, 60.0 / speed, np.inf) * (meta["cell_m"] / 1000.0)  # minutes to cross a cell
        start = time.perf_counter()
        minutes, _ = MCP_Geometric(pace, fully_connected=True).find_costs(list(zip(rows, cols, strict=True)))
        seconds = time.perf_counter() - start
    else:
        import geopandas as gpd
        from pyproj import CRS

        from geo.spatial.travel import Grid, travel_minutes

        grid = Grid(
            CRS.from_epsg(meta["epsg"]), meta["west"], meta["north"], meta["cell_m"], meta["rows"], meta["cols"]
        )
        xy = gpd.points_from_xy(grid.west + (cols + 0.5) * grid.cell_m, grid.north - (rows + 0.5) * grid.cell_m)
        sources = gpd.GeoDataFrame(geometry=xy, crs=grid.crs)
        start = time.perf_counter()
        minutes, _ = travel_minutes(grid, speed, sources)
        seconds = time.perf_counter() - start
    np.save(npz.with_name(f"{engine}.npy"), np.where(np.isfinite(minutes), minutes, -1.0))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"seconds": seconds, "rss_mb": rss_mb}))


def _run(engine: str, npz: Path, root: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", engine, "--npz", str(npz), "--root", str(root)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=420)
    parser.add_argument("--cols", type=int, default=880)
    parser.add_argument("--sources", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--demo", action="store_true", help="the DEMO store's speed surface and Aadhaar centres")
    parser.add_argument("--before", metavar="REV", help="also time travel_minutes of this git revision")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--npz", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args.npz, args.root)
        return 0
    meta, speed, rows, cols = _friction(args)
    n = meta["rows"] * meta["cols"]
    print(f"{meta['rows']:,} × {meta['cols']:,} cells ({n / 1e6:.1f} M, {n / 100:,.0f} km²), {meta['title']}")
    with tempfile.TemporaryDirectory(prefix="gp-bench-") as folder:
        npz = Path(folder) / "friction.npz"
        np.savez(npz, meta=json.dumps(meta), speed=speed, rows=rows, cols=cols)
        runs = {"ours": _run("ours", npz, ROOT), "skimage": _run("skimage", npz, ROOT)}
        if args.before:
            from worktree import worktree_at

            with worktree_at(args.before, Path(folder)) as tree:
                runs["before"] = _run("before", npz, tree)
        answers = {name: np.load(Path(folder) / f"{name}.npy") for name in runs}
    for name, run in runs.items():
        label = {
            "ours": "ours    (scipy Dijkstra)",
            "skimage": "skimage (MCP_Geometric)",
            "before": f"before  ({args.before})",
        }[name]
        print(f"{label:<26} {run['seconds']:7.2f} s   peak {run['rss_mb']:,.0f} MB")
    print(
        f"ours / skimage: time {runs['ours']['seconds'] / runs['skimage']['seconds']:.2f}, "
        f"memory {runs['ours']['rss_mb'] / runs['skimage']['rss_mb']:.2f}; largest difference "
        f"{np.abs(answers['ours'] - answers['skimage']).max():.2e} min"
    )
    if "before" in runs:
        print(
            f"ours / before:  time {runs['ours']['seconds'] / runs['before']['seconds']:.2f}, "
            f"memory {runs['ours']['rss_mb'] / runs['before']['rss_mb']:.2f}; largest difference "
            f"{np.abs(answers['ours'] - answers['before']).max():.2e} min"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
