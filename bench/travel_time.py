"""Travel time to the nearest of many services: ours, scikit-image's bare ``MCP_Geometric``, an earlier revision.

Run from the repository root::

    python bench/travel_time.py [--rows 420 --cols 880] [--sources 300] [--seed 1]
    python bench/travel_time.py --rows 2800 --cols 2860   # a Jharkhand-sized grid: ~80,000 km², 8 M cells
    python bench/travel_time.py --demo                    # the DEMO store at 100 m: its roads, rivers, Aadhaar centres
    python bench/travel_time.py --rows 2800 --cols 2860 --before 68c232a   # also the code of an earlier revision

The same friction for every engine: seeded cells of 100 m at random speeds (walking
5 km/h on most, 30 and 50 km/h on some) and seeded sources, or with ``--demo`` the
demo's speed surface (:func:`geo.spatial.travel.speed_surface` of its roads and rivers; river
cells impassable) and its functional Aadhaar centres. **ours** is
:func:`geo.spatial.travel.travel_minutes` (8 neighbours, the mean pace of two cells per move;
minutes and the nearest source); **skimage** is ``MCP_Geometric(cost=pace × cell).find_costs(sources)``
on the same costs — the same model (a diagonal move √2 longer, each half at its cell's cost),
minutes only; **before** (with ``--before REV``) is ``travel_minutes`` of that revision, from a
``git worktree``. Each engine runs in its own process, one after the other, so each reports
its own wall and CPU time (CPU time is steadier on a shared machine), its peak memory (the
largest resident size of the whole process, imports included: ours and before import geopandas,
skimage only numpy and scikit-image; read from ``/proc``, as ``ru_maxrss`` would also count the
parent's size when it started the worker) and the memory of the call alone (the resident peak
during the call less the resident size just before it). Linux only. The minutes are compared (largest
difference) and so are the nearest sources of ours and before: cells whose nearest differs are
counted, and for a few of them both sources' minutes to the cell are searched again
(``MCP_Geometric`` from each alone) to show whether the two are equally near.
"""

from __future__ import annotations

import argparse
import json
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


def _resident_mb(field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (the peak since the last reset) of this process, MB (Linux's ``/proc``)."""
    status = Path("/proc/self/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith(f"{field}:"))
    return int(line.split()[1]) / 1024.0


def _reset_peak() -> float:
    """The resident peak so far, MB; then start it (``VmHWM``) again from the resident size now (Linux 4.0+)."""
    peak = _resident_mb("VmHWM")
    Path("/proc/self/clear_refs").write_text("5")
    return peak


def _worker(engine: str, npz: Path, root: Path) -> None:
    """Run one engine on the saved friction; print its times and memory as JSON, save its answers."""
    sys.path.insert(0, str(root))
    saved = np.load(npz)
    meta = json.loads(str(saved["meta"]))
    speed, rows, cols = saved["speed"], saved["rows"], saved["cols"]
    if engine == "skimage":
        from skimage.graph import MCP_Geometric

        pace = _pace(speed, meta["cell_m"])
        loaded_mb = _reset_peak()
        before_mb, start, cpu = _resident_mb("VmRSS"), time.perf_counter(), time.process_time()
        minutes, _ = MCP_Geometric(pace, fully_connected=True).find_costs(list(zip(rows, cols, strict=True)))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        nearest = None
    else:
        import geopandas as gpd
        from pyproj import CRS

        from geo.spatial.travel import Grid, travel_minutes

        grid = Grid(
            CRS.from_epsg(meta["epsg"]), meta["west"], meta["north"], meta["cell_m"], meta["rows"], meta["cols"]
        )
        xy = gpd.points_from_xy(grid.west + (cols + 0.5) * grid.cell_m, grid.north - (rows + 0.5) * grid.cell_m)
        sources = gpd.GeoDataFrame(geometry=xy, crs=grid.crs)
        loaded_mb = _reset_peak()
        before_mb, start, cpu = _resident_mb("VmRSS"), time.perf_counter(), time.process_time()
        minutes, nearest = travel_minutes(grid, speed, sources)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    call_mb = _resident_mb("VmHWM") - before_mb
    np.save(npz.with_name(f"{engine}.npy"), np.where(np.isfinite(minutes), minutes, -1.0))
    if nearest is not None:
        np.save(npz.with_name(f"{engine}-nearest.npy"), nearest)
    rss_mb = max(loaded_mb, _resident_mb("VmHWM"))
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rss_mb": rss_mb, "call_mb": call_mb}))


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
        nearest = {name: np.load(Path(folder) / f"{name}-nearest.npy") for name in runs if name != "skimage"}
    for name, run in runs.items():
        label = {
            "ours": "ours    (travel_minutes)",
            "skimage": "skimage (MCP_Geometric)",
            "before": f"before  ({args.before})",
        }[name]
        print(
            f"{label:<26} {run['seconds']:7.2f} s (CPU {run['cpu']:6.2f} s)   "
            f"peak {run['rss_mb']:,.0f} MB, the call {run['call_mb']:,.0f} MB"
        )
    for other in [name for name in ("skimage", "before") if name in runs]:
        print(
            f"ours / {other + ':':<8} time {runs['ours']['seconds'] / runs[other]['seconds']:.2f} "
            f"(CPU {runs['ours']['cpu'] / runs[other]['cpu']:.2f}), "
            f"memory {runs['ours']['rss_mb'] / runs[other]['rss_mb']:.2f} "
            f"(the call {runs['ours']['call_mb'] / runs[other]['call_mb']:.2f}); largest difference "
            f"{np.abs(answers['ours'] - answers[other]).max():.2e} min"
        )
    if "before" in nearest:
        _compare_nearest(nearest["ours"], nearest["before"], speed, meta["cell_m"], rows, cols)
    return 0


def _pace(speed: np.ndarray, cell_m: float) -> np.ndarray:
    """Minutes to cross each cell (``inf`` where impassable): scikit-image's costs."""
    with np.errstate(divide="ignore"):
        return np.where(speed > 0, 60.0 / speed, np.inf) * (cell_m / 1000.0)


def _compare_nearest(
    ours: np.ndarray, before: np.ndarray, speed: np.ndarray, cell_m: float, rows: np.ndarray, cols: np.ndarray
) -> None:
    """Print how many cells' nearest source differs, and for up to 10 of them both sources' minutes to the cell."""
    differ = np.argwhere(ours != before)
    print(f"nearest source: {len(differ):,} of {ours.size:,} cells differ from before", end="")
    if not len(differ):
        print()
        return
    from skimage.graph import MCP_Geometric

    search = MCP_Geometric(_pace(speed, cell_m), fully_connected=True)
    gaps = []
    for row, col in differ[:: max(1, len(differ) // 10)][:10]:
        minutes = [
            search.find_costs([(rows[source], cols[source])], ends=[(row, col)])[0][row, col]
            for source in (ours[row, col], before[row, col])
        ]
        gaps.append(abs(minutes[0] - minutes[1]))
    verdict = "ties to rounding" if max(gaps) < 1e-9 else "NOT ties"
    print(
        f"; of {len(gaps)} checked, the two sources' minutes to the cell differ by at most {max(gaps):.1e} ({verdict})"
    )


if __name__ == "__main__":
    raise SystemExit(main())
