"""The Review's first screen on a store of a whole state: map payload and time, state view and one district.

Run from the repository root::

    python bench/state_view.py [--store var/state.gpkg] [--before 783d18d] [--repeat 1]

On the DEMO state (``python -m geo demo --state --out var/state.gpkg``, built when missing), each
measurement in a fresh process (cold caches), on a copy of the store:

* **all districts**: the Review page as it opens on the state (``AppTest.run``): server
  time to the first map (the page's first ``st_folium`` call) and its payload (what
  the browser is sent for it: the component's arguments as JSON, bytes), time to the
  whole first screen and the payload of every map it sent;
* **one district**: the same after choosing the first district in the sidebar;
* **by_district**: ``geo.review.summary.by_district`` of the state, three times in one
  process (the state view's figures; median), and the state's villages beyond 10 km of an
  Aadhaar centre as the state view (``state_totals``) and the whole-store analysis give it.

With ``--before REV`` the same runs on that revision too (``git archive`` into a
temporary folder, with this checkout's ``static/vendor``), printed side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# One cold measurement: the Review on the state, then on its first district.
_MEASURE = """
import json, sys, time
import streamlit_folium
import ui.mapview
from streamlit.testing.v1 import AppTest
maps, sizes = [], []
draw, component = ui.mapview.st_folium, streamlit_folium._component_func
def timed_draw(*args, **kwargs):
    maps.append(time.perf_counter())
    return draw(*args, **kwargs)
def sized_component(**kwargs):  # what the browser is sent for each map (its arguments, as JSON)
    sent = {k: v for k, v in kwargs.items() if k not in ("key", "default")}
    sizes.append(len(json.dumps(sent, default=str).encode()))
    return component(**kwargs)
ui.mapview.st_folium = timed_draw
streamlit_folium._component_func = sized_component
at = AppTest.from_file(sys.argv[1], default_timeout=600)
def timed():
    maps.clear()
    sizes.clear()
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    assert not at.exception, at.exception
    return round(maps[0] - start, 2), round(elapsed, 2), sizes[0], sum(sizes)
state = timed()
at.sidebar.selectbox(key="district_choice").set_value("901")
district = timed()
print(json.dumps({"state": state, "district": district}))
"""


# by_district of the state, three times, and the one figure both paths give.
_BY_DISTRICT = """
import json, statistics, sys, time
from geo.review.analysis import analyse
from geo.review.summary import by_district, state_totals
from geo.storage.store import read_store
data = read_store(sys.argv[1])
times = []
for _ in range(3):
    start = time.perf_counter()
    table = by_district(data)
    times.append(time.perf_counter() - start)
summed = int(state_totals(table).at["villages_beyond_aadhaar", "total"])
print(json.dumps([round(statistics.median(times), 2), summed, analyse(data).figures.value("villages_beyond_aadhaar")]))
"""


def _checkout(revision: str, folder: Path) -> Path:
    """``revision``'s files in ``folder/before`` (no git worktree), with this checkout's vendored assets."""
    tree = folder / "before"
    tree.mkdir()
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    shutil.copytree(ROOT / "static" / "vendor", tree / "static" / "vendor")
    return tree


def _measure(checkout: Path, store: Path, folder: Path) -> dict[str, object]:
    copy = folder / "store.gpkg"
    shutil.copyfile(store, copy)
    screens = _run(checkout, [_MEASURE, str(checkout / "app.py")], copy)
    return screens | {"by_district": _run(checkout, [_BY_DISTRICT, str(copy)], copy)}


def _run(checkout: Path, arguments: list[str], copy: Path) -> object:
    """The JSON a measurement prints last, run in a fresh process on ``checkout``'s code."""
    env = {**os.environ, "PANCHAYAT_STORE": str(copy), "PYTHONPATH": str(checkout)}
    out = subprocess.run(
        [sys.executable, "-c", *arguments],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise SystemExit(f"{checkout}: the measurement failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=ROOT / "var" / "state.gpkg")
    parser.add_argument("--before", help="an earlier revision to measure too")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if not args.store.exists():
        subprocess.run([sys.executable, "-m", "geo", "demo", "--state", "--out", str(args.store)], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        checkouts = {"this checkout": ROOT}
        if args.before:
            checkouts[args.before] = _checkout(args.before, folder)
        results: dict[str, list[dict]] = {name: [] for name in checkouts}
        for _ in range(args.repeat):
            for name, checkout in checkouts.items():
                results[name].append(_measure(checkout, args.store, folder))
    print(f"store: {args.store} ({args.repeat} cold run(s) each; seconds: median; bytes: largest)")
    for name, runs in results.items():
        for view in ("state", "district"):
            first, whole = (statistics.median(run[view][i] for run in runs) for i in (0, 1))
            sent_first, sent_all = (max(run[view][i] for run in runs) for i in (2, 3))
            label = "all districts" if view == "state" else "one district (901)"
            print(
                f"{name:>14} | {label:<19} | first map {first:5.1f} s, {sent_first:>9,} B"
                f" | whole screen {whole:5.1f} s, maps sent {sent_all:>9,} B"
            )
        seconds = statistics.median(run["by_district"][0] for run in runs)
        summed, whole_store = runs[-1]["by_district"][1:]
        print(
            f"{name:>14} | {'by_district':<19} | {seconds:5.1f} s (median of 3) | villages beyond 10 km:"
            f" {summed:,} summed over the districts, {whole_store:,} by the whole-store analysis"
        )


if __name__ == "__main__":
    main()
