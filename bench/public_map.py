"""The static public map before and after, side by side: its size and the time to its first drawn map.

Run from the repository root (needs Debian's chromium and git)::

    python bench/public_map.py [--before 37e0ea0] [--repeat 7]

Builds ``public_map.html`` from the DEMO store with ``python -m geo publish`` in a
``git worktree`` of revision ``--before`` (two maps, one per language, in
``<iframe srcdoc>``) and in this checkout (one map carrying both languages), then
opens each from disk in headless Chromium with every network request refused,
alternating, ``--repeat`` times each, in a fresh page each time. The time runs from
the navigation to Leaflet's canvas holding the panchayats in the map shown first,
measured by polling in the page. Prints the sizes, the median and best times and
the ratios.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from worktree import worktree_at

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
DRAWN_JS = "() => typeof gpDataPanchayats !== 'undefined' && !!document.querySelector('.leaflet-container canvas')"


def _publish(checkout: Path, out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "geo", "publish", "--out", str(out)], cwd=checkout, check=True, capture_output=True
    )
    return out


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
    parser.add_argument("--before", default="37e0ea0", help="git revision to compare with (default 37e0ea0)")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with worktree_at(args.before, folder) as before_tree:
            files = {
                "before": _publish(before_tree, folder / "before.html"),
                "after": _publish(ROOT, folder / "after.html"),
            }
            times: dict[str, list[float]] = {name: [] for name in files}
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM)
                for path in files.values():  # warm the browser's caches of fonts and code once
                    _first_map(browser, path)
                for _ in range(args.repeat):
                    for name, path in files.items():
                        times[name].append(_first_map(browser, path))
                browser.close()
        sizes = {name: path.stat().st_size for name, path in files.items()}
    print(
        f"public_map.html  before ({args.before}) {sizes['before']:,} B   after {sizes['after']:,} B   "
        f"after/before {sizes['after'] / sizes['before']:.2f}"
    )
    median = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(
            f"first map drawn  {name:6s} median {median[name]:.3f} s   best {min(values):.3f} s   ({len(values)} runs)"
        )
    print(f"after/before (median) {median['after'] / median['before']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
