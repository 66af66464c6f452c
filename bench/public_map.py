"""The static public page before and after, side by side: its bytes (first load, largest piece, in all) and the
time to its first drawn map.

Run from the repository root (needs Debian's chromium and git)::

    python bench/public_map.py [--before e198b29] [--repeat 5]            # the DEMO store
    python bench/public_map.py --scale 16 [--repeat 3]                    # a synthetic state of 16 districts
    python bench/public_map.py --state [--repeat 3]                       # the DEMO state (24 districts)
    python bench/public_map.py --store PATH                               # any store

Publishes the store with ``python -m geo publish`` in a ``git worktree`` of revision
``--before`` and in this checkout (``--scale N``: first writes a seeded synthetic store of N
districts, as ``bench/state_scale.py`` does, and imports it with this checkout). The page
is one file before the pieces (``e198b29``) and a folder after (``index.html`` and
``pieces/``): the *first load* is the file or ``index.html``, the *largest piece* the
largest file of ``pieces/``, *in all* every file; and of the pieces, the villages' search index
(``places.js``: what the first search adds), the centres' table (``centres.js``: what the
first nearest centres add) and the largest piece of an area. ``--state`` first writes the
DEMO state with ``python -m geo demo --state``. Then opens each from disk in headless
Chromium with every network request refused, alternating (before first, then after first:
the second page of a pair measures slower), ``--repeat`` times each, in a fresh page each
time, and times the navigation to Leaflet's canvas in the page with the panchayats' layer
declared (polled in the page). Prints a table.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import state_scale
from worktree import worktree_at

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
DRAWN_JS = "() => typeof gpDataPanchayats !== 'undefined' && !!document.querySelector('.leaflet-container canvas')"


def _geo(checkout: Path, args: list[str]) -> None:
    subprocess.run([sys.executable, "-m", "geo", *args], cwd=checkout, check=True, capture_output=True)


def synthetic_store(districts: int, folder: Path, seed: int = 25) -> Path:
    """A store of ``districts`` synthetic districts (``bench/state_scale.py``'s villages and CSCs), imported here."""
    size = state_scale.DISTRICT_VILLAGES * districts
    rng = np.random.default_rng([seed, size])
    villages = state_scale.write_csv(folder / "villages.csv", state_scale.village_rows(size, rng))
    cscs = state_scale.write_csv(folder / "csc.csv", state_scale.csc_rows(size, rng))
    store = folder / f"state_{districts}.gpkg"
    _geo(ROOT, ["import", "villages", str(villages), "--dissolve-to-panchayats", "--store", str(store)])
    _geo(ROOT, ["import", "services", str(cscs), "--kind", "csc", "--store", str(store)])
    return store


def _publish(checkout: Path, store: Path | None, out: Path) -> Path:
    """The page ``checkout`` publishes: a file (before the pieces) or a folder's ``index.html``."""
    _geo(checkout, ["publish", "--out", str(out), *(["--store", str(store)] if store else [])])
    return out / "index.html" if out.is_dir() else out


#: The pieces that are not an area's (``layers.publish.PLACES_PIECE``, ``CENTRES_PIECE``).
OWN_PIECES = {"places": "villages' index (B)", "centres": "centres' table (B)"}


def sizes(first: Path) -> dict[str, int]:
    """Bytes of the first load, of the largest piece (0: none) and of every file of the page; of the pieces of
    :data:`OWN_PIECES` (0: none) and the largest piece of an area."""
    folder = first.parent / "pieces"
    pieces = {p.stem: p.stat().st_size for p in folder.glob("*.js")} if first.name == "index.html" else {}
    areas = [size for name, size in pieces.items() if name not in OWN_PIECES]
    return {
        "first": first.stat().st_size,
        "largest": max(pieces.values(), default=0),
        "all": first.stat().st_size + sum(pieces.values()),
        **{name: pieces.get(name, 0) for name in OWN_PIECES},
        "area": max(areas, default=0),
    }


def _first_map(browser, path: Path) -> float:
    """Seconds from navigating to ``path`` to its first map drawn (in the page, or its first language's frame)."""
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(("file:", "data:", "about:")) else route.abort()
        ),
    )
    start = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit")
    while True:
        frames = [page.main_frame, *page.main_frame.child_frames[:1]]
        if any(_drawn(frame) for frame in frames):
            break
        time.sleep(0.005)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def _drawn(frame) -> bool:
    from playwright.sync_api import Error

    try:
        return bool(frame.evaluate(DRAWN_JS))
    except Error:  # the document is still being replaced
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="e198b29", help="git revision to compare with (default e198b29)")
    parser.add_argument("--repeat", type=int, default=5)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--store", type=Path, help="the store to publish (default: the DEMO store)")
    where.add_argument("--scale", type=int, metavar="N", help="a synthetic store of N districts")
    where.add_argument("--state", action="store_true", help="the DEMO state (python -m geo demo --state)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = synthetic_store(args.scale, folder) if args.scale else args.store
        if args.state:
            store = folder / "state.gpkg"
            _geo(ROOT, ["demo", "--state", "--out", str(store)])
        store = store.resolve() if store else None
        with worktree_at(args.before, folder) as before_tree:
            pages = {
                "before": _publish(before_tree, store, folder / "before.html"),
                "after": _publish(ROOT, store, folder / "after"),
            }
            measured = {name: sizes(path) for name, path in pages.items()}
            times: dict[str, list[float]] = {name: [] for name in pages}
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM)
                for path in pages.values():  # warm the browser's caches of fonts and code once
                    _first_map(browser, path)
                for run in range(args.repeat):  # before first, then after first: the second of two runs slower
                    for name, path in list(pages.items())[:: 1 if run % 2 == 0 else -1]:
                        times[name].append(_first_map(browser, path))
                browser.close()
    median = {name: statistics.median(values) for name, values in times.items()}
    shown = "the DEMO state" if args.state else store or "DEMO"
    print(f"store: {shown}   before: {args.before}   runs: {args.repeat} each")
    print(f"{'':24s}{'before':>14s}{'after':>14s}{'after/before':>14s}")
    rows = {"first": "first load (B)", "largest": "largest piece (B)", "all": "in all (B)", **OWN_PIECES}
    for key, label in {**rows, "area": "largest area piece (B)"}.items():
        b, a = measured["before"][key], measured["after"][key]
        print(f"{label:24s}{b:>14,d}{a:>14,d}{(a / b if b else float('nan')):>14.2f}")
    print(
        f"{'first map drawn (s)':24s}{median['before']:>14.3f}{median['after']:>14.3f}"
        f"{median['after'] / median['before']:>14.2f}   (medians; best {min(times['before']):.3f} / "
        f"{min(times['after']):.3f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
