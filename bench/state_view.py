"""The Review's first screen on a store of a whole state: map payload and time, state view and one district.

Run from the repository root::

    python bench/state_view.py [--store var/state.gpkg] [--before 783d18d] [--repeat 1]

On the DEMO state (``python -m geo demo --state --out var/state.gpkg``, built when missing), each
measurement in a fresh process (cold caches), on a copy of the store:

* **all districts**: the Review page as it opens on the state (``AppTest.run``): server
  time to the first map (the page's first ``st_folium`` call), to the whole first screen,
  and what ``st_folium`` is sent for the map at the end (its component arguments, bytes);
* **one district**: the same after choosing the first district in the sidebar.

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
import ui.mapview
from streamlit.testing.v1 import AppTest
maps = []
draw = ui.mapview.st_folium
def timed_draw(*args, **kwargs):
    maps.append(time.perf_counter())
    return draw(*args, **kwargs)
ui.mapview.st_folium = timed_draw
at = AppTest.from_file(sys.argv[1], default_timeout=600)
def timed():
    maps.clear()
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    assert not at.exception, at.exception
    sent = max((len(c.proto.json_args.encode("utf-8")) for c in at.get("component_instance")), default=0)
    return round(maps[0] - start, 2), round(elapsed, 2), sent
state = timed()
at.sidebar.selectbox(key="district_choice").set_value("901")
district = timed()
print(json.dumps({"state": state, "district": district}))
"""


def _checkout(revision: str, folder: Path) -> Path:
    """``revision``'s files in ``folder/before`` (no git worktree), with this checkout's vendored assets."""
    tree = folder / "before"
    tree.mkdir()
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    shutil.copytree(ROOT / "static" / "vendor", tree / "static" / "vendor")
    return tree


def _measure(checkout: Path, store: Path, folder: Path) -> dict[str, list]:
    copy = folder / "store.gpkg"
    shutil.copyfile(store, copy)
    env = {**os.environ, "PANCHAYAT_STORE": str(copy), "PYTHONPATH": str(checkout)}
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(checkout / "app.py")],
        cwd=checkout,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


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
    print(f"store: {args.store} ({args.repeat} cold run(s) each; seconds: median)")
    for name, runs in results.items():
        for view in ("state", "district"):
            first, whole = (statistics.median(run[view][i] for run in runs) for i in (0, 1))
            sent = max(run[view][2] for run in runs)
            label = "all districts" if view == "state" else "one district (901)"
            print(
                f"{name:>14} | {label:<19} | first map {first:5.1f} s | whole screen {whole:5.1f} s"
                f" | map payload {sent:>10,} B"
            )


if __name__ == "__main__":
    main()
