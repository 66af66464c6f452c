"""Time to the first map on screen in a real browser, and the map's payload: before and after, side by side.

Run from the repository root (needs Debian's chromium and git)::

    python bench/deck_first_map.py [--before 3855ec7] [--repeat 5]

Starts two Streamlit servers on copies of their own DEMO store: *before*, a
``git worktree`` of revision ``--before`` (the Review page before the meeting deck),
and *after*, this checkout. On warm servers (each page loaded once first) it
alternates, ``--repeat`` times each:

* **before**: open ``/`` (the Review page, every layer on the map) until Leaflet
  has drawn the panchayats;
* **after, review**: the same on this checkout (the Review page, its theme's layers);
* **after, slide**: open ``/review?slide=connectivity`` (a bookmarked deck screen)
  until the same;
* **after, next**: on the deck, press PageDown until the next item's map has drawn.

Times run from the navigation (or key press) to the map's canvas holding the
panchayat layer, measured in the page. It then prints the median and best of each
and the ratios, and the payload: what ``st_folium`` receives for the map (its
component arguments, from ``AppTest`` in each checkout), per language.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from worktree import worktree_at

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
DRAWN_JS = "() => typeof gpDataPanchayats !== 'undefined' && !!document.querySelector('.leaflet-container canvas')"

# What st_folium is sent for the Review map (before) and a deck screen (after), by language.
_PAYLOAD = """
import json, os, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app.py", default_timeout=180)
at.session_state["lang"] = sys.argv[1]
if sys.argv[2] == "deck":
    at.session_state["slide"] = "connectivity"
at.run()
assert not at.exception, at.exception
print(max(len(c.proto.json_args.encode("utf-8")) for c in at.get("component_instance")))
"""


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(checkout: Path, folder: Path, name: str, script: str = "app.py") -> tuple[subprocess.Popen, str]:
    """``streamlit run script`` in ``checkout`` on a free port, on its own copy of its DEMO store."""
    store = folder / f"{name}.gpkg"
    shutil.copyfile(checkout / "data" / "demo" / "demo.gpkg", store)
    port = _port()
    log = (folder / f"{name}.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.fileWatcherType",
            "none",
        ],
        cwd=checkout,
        env={**os.environ, "PANCHAYAT_STORE": str(store)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                return server, url
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{name} server did not start; see {folder / name}.log")


def _map_frame(page, *, deck: bool, title: str | None = None, timeout_s: float = 60.0):
    selector = f".st-key-deck_map {MAP_FRAME}" if deck else MAP_FRAME
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if title is None or page.locator(".gp-deck-title").inner_text(timeout=200).startswith(title):
                frames = page.locator(selector)
                if frames.count() == 1:
                    frame = frames.element_handle().content_frame()
                    if frame is not None and frame.evaluate(DRAWN_JS):
                        return frame
        except Exception:  # noqa: BLE001 - replaced while looked at: look again
            pass
        time.sleep(0.02)
    page.screenshot(path="deck_first_map_timeout.png")
    raise SystemExit(f"the map of {page.url} did not draw in {timeout_s} s (screenshot: deck_first_map_timeout.png)")


def _open(page, url: str, *, deck: bool) -> float:
    start = time.perf_counter()
    page.goto(url)
    _map_frame(page, deck=deck, title="2/" if deck else None)
    return time.perf_counter() - start


def _next(page) -> float:
    start = time.perf_counter()
    page.keyboard.press("PageDown")
    _map_frame(page, deck=True, title="3/")
    return time.perf_counter() - start


def _payload(checkout: Path, lang: str, view: str, store: Path) -> int:
    out = subprocess.run(
        [sys.executable, "-c", _PAYLOAD, lang, view],
        cwd=checkout,
        check=True,
        text=True,
        capture_output=True,
        env={**os.environ, "PANCHAYAT_STORE": str(store)},
    )
    return int(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="3855ec7", help="the revision to compare with (default: before the deck)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with worktree_at(args.before, folder) as before:
            servers = [_serve(before, folder, "before"), _serve(ROOT, folder, "after")]
            (_, old), (_, new) = servers
            times: dict[str, list[float]] = {"before": [], "after, review": [], "after, slide": [], "after, next": []}
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM)
                page = browser.new_page(viewport={"width": 1920, "height": 1080})
                _open(page, old, deck=False)  # warm both servers' caches
                _open(page, new, deck=False)
                _open(page, f"{new}/review?slide=connectivity", deck=True)
                _next(page)
                for _ in range(args.repeat):
                    times["before"].append(_open(page, old, deck=False))
                    times["after, review"].append(_open(page, new, deck=False))
                    times["after, slide"].append(_open(page, f"{new}/review?slide=connectivity", deck=True))
                    times["after, next"].append(_next(page))
                browser.close()
            for server, _ in servers:
                server.terminate()
                server.wait(timeout=10)
            print(f"time to the first map on screen, warm servers, 1920×1080, {args.repeat} runs each (s):")
            base = statistics.median(times["before"])
            for name, values in times.items():
                median = statistics.median(values)
                print(f"  {name:14s} median {median:5.2f}  best {min(values):5.2f}  median/before {median / base:4.2f}")
            print("payload of the map (st_folium's arguments, bytes):")
            for lang in ("en", "hi"):
                old_bytes = _payload(before, lang, "review", folder / "before.gpkg")
                review = _payload(ROOT, lang, "review", folder / "after.gpkg")
                deck = _payload(ROOT, lang, "deck", folder / "after.gpkg")
                print(
                    f"  {lang}: Review map before {old_bytes:9,}  after {review:9,} ({review / old_bytes:4.2f})  "
                    f"a deck screen {deck:9,} ({deck / old_bytes:4.2f})"
                )
            print(json.dumps({"times": times}))


if __name__ == "__main__":
    main()
