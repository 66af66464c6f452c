"""Measure the map's payload and the server time of a rerun after a map-layer change.

Run from the repository root::

    python bench/app_payload.py [--repeat 5]

Prints:

* the HTML of the full map (DEMO district, every layer, English and Hindi) as
  :func:`layers.folium_map.map_html` renders it, and what ``st_folium`` actually
  sends to the browser on the Review page (its component arguments), in bytes;
* the server time of a Review-page rerun (``AppTest.run``, warm caches) after the
  map theme changes (layers switched on and off), median of ``--repeat``, and of
  a rerun with nothing changed, for comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.review.analysis import analyse  # noqa: E402
from geo.storage.store import DEMO_STORE, read_store  # noqa: E402
from layers.context import map_context  # noqa: E402
from layers.folium_map import build_map, map_html  # noqa: E402
from layers.registry import LAYERS, THEMES  # noqa: E402
from ui.common import STORE_ENV  # noqa: E402


def _timed(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    assert not at.exception, at.exception
    return elapsed


def _component_bytes(at: AppTest) -> int:
    component = at.get("component_instance")[0]
    return len(component.proto.json_args.encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    ctx = map_context(analyse(read_store(DEMO_STORE)))
    for lang in ("en", "hi"):
        size = len(map_html(build_map(ctx, list(LAYERS.values()), lang=lang)).encode("utf-8"))
        print(f"full map HTML, every layer ({lang}): {size:,} bytes ({size / 1e6:.2f} MB)")

    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store.gpkg"
        shutil.copyfile(DEMO_STORE, store)
        os.environ[STORE_ENV] = str(store)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        cold = _timed(at)
        print(f"Review page as st_folium sends it: {_component_bytes(at):,} bytes")
        themes = list(THEMES)
        for theme in themes:  # warm every cache the toggles below will hit
            at.selectbox(key="review_theme_en").set_value(theme)
            _timed(at)
        toggles = []
        for i in range(args.repeat):
            at.selectbox(key="review_theme_en").set_value(themes[i % len(themes)])
            toggles.append(_timed(at))
        unchanged = [_timed(at) for _ in range(args.repeat)]
        at.radio(key="lang").set_value("hi")
        _timed(at)
        print(f"Review page as st_folium sends it, in Hindi: {_component_bytes(at):,} bytes")
    print(f"first run (cold caches, store read): {cold:.2f} s")
    print(
        f"rerun after a map-theme change (layers on/off), median of {args.repeat}: "
        f"{statistics.median(toggles) * 1000:.0f} ms  {json.dumps([round(t * 1000) for t in toggles])}"
    )
    print(f"rerun with nothing changed, median of {args.repeat}: {statistics.median(unchanged) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
