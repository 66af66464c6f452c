"""How long the faces make a user wait, and what a first visit costs: cold and warm, before and after, side by side.

Run from the repository root (needs Debian's chromium; ``--baseline`` needs git)::

    python bench/faces.py [--baseline REV] [--repeat 1]

For each checkout (this one, and with ``--baseline`` a ``git worktree`` of ``REV``
beside it, :mod:`worktree`) and each face — the Review page (``/review``), a deck
screen (``/review?slide=connectivity``) and the Planner (``/planner``) — it starts a
fresh server on its own copy of the DEMO store (the checkout's ``serve.py`` when it
has one, otherwise ``app.py``: the way that checkout is meant to be served) and times
in headless Chromium (1024×768):

* **server ready**: from the start of the server until it answers its health check and,
  with ``serve.py``, has worked out the first screens (its log says so, :data:`ui.serving.READY`);
* **cold**: the first visit once the server is ready, in a browser with an empty cache;
* **warm**: a second visit (a new session, the browser's cache kept);
* **PageDown** (deck): on the warm deck, the key press until the next screen's map;
* **pick** (Planner): on the warm Planner, choosing a panchayat found by the search box
  until its map shows the lines to its nearest centres.

A time runs from the navigation (or the key press, or the click) until the map's frame
holds its layer and Leaflet's canvas. The **first-visit bytes** of the cold Review and
of the public app (``public_app.py``, or the checkout's ``serve_public.py``) are every
response the browser received, decoded (*raw*) and as it came over the network
(*transferred*: compressed where the server compressed it, headers included). With
``--baseline`` it prints each median beside the baseline's and their ratio; the two checkouts
take turns at each face, so a machine shared with other work burdens both alike.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from deck_first_map import CHROMIUM, MAP_FRAME, _serve
from worktree import worktree_at

ROOT = Path(__file__).resolve().parent.parent
VIEWPORT = {"width": 1024, "height": 768}
#: Each face's address and the map frame that shows it has drawn.
FACES = {
    "review": ("/review", MAP_FRAME),
    "deck": ("/review?slide=connectivity", f".st-key-deck_map {MAP_FRAME}"),
    "planner": ("/planner", f".st-key-planner_mapbox {MAP_FRAME}"),
}
#: The entry a checkout is served with, by app: the first that exists.
ENTRIES = {"app": ("serve.py", "app.py"), "public": ("serve_public.py", "public_app.py")}
#: The panchayat the pick chooses (found by the Planner's search box) and what shows it was drawn.
PICK = "Nala GP 03"
DRAWN_JS = "() => typeof gpDataPanchayats !== 'undefined' && !!document.querySelector('.leaflet-container canvas')"
PICKED_JS = "() => typeof gpDataNearest !== 'undefined' && !!document.querySelector('.leaflet-container canvas')"
TIMEOUT_S = 120.0
#: What a warming server's log says when it is ready (:mod:`ui.serving`): worked out, or could not be.
READY = ("first screens ready", "first screens were not worked out")


def _entry(checkout: Path, app: str) -> str:
    return next(name for name in ENTRIES[app] if (checkout / name).exists())


def _start(checkout: Path, folder: Path, name: str, app: str) -> tuple[subprocess.Popen, str, float]:
    """A fresh server of ``app`` in ``checkout``: the process, its URL and the seconds until it was ready."""
    start = time.perf_counter()
    entry = _entry(checkout, app)
    server, url = _serve(checkout, folder, name, entry)
    if entry.startswith("serve"):  # ready once its log says the first screens are worked out
        log = folder / f"{name}.log"
        deadline = time.monotonic() + TIMEOUT_S
        while not any(said in log.read_text() for said in READY):
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"{name}: the server did not warm up in {TIMEOUT_S} s; see {log}")
            time.sleep(0.1)
    return server, url, time.perf_counter() - start


def _drawn(page, selector: str, js: str = DRAWN_JS, *, title: str | None = None) -> None:
    """Wait until the one frame ``selector`` finds satisfies ``js`` (and the deck's title starts with ``title``)."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            if title is None or page.locator(".gp-deck-title").inner_text(timeout=200).startswith(title):
                frames = page.locator(selector)
                if frames.count() == 1:
                    frame = frames.element_handle().content_frame()
                    if frame is not None and frame.evaluate(js):
                        return
        except Exception:  # noqa: BLE001 - replaced while looked at: look again
            pass
        time.sleep(0.02)
    page.screenshot(path="faces_timeout.png")
    raise SystemExit(f"{page.url}: {selector} did not draw in {TIMEOUT_S} s (screenshot: faces_timeout.png)")


def _timed(action: Callable[[], None], wait: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    wait()
    return time.perf_counter() - start


class _Bytes:
    """Every response a page received, decoded and as transferred (Chrome's network events)."""

    def __init__(self, page) -> None:
        self.raw = 0
        self.transferred = 0
        cdp = page.context.new_cdp_session(page)
        cdp.on("Network.dataReceived", self._data)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})

    def _data(self, event: dict) -> None:
        self.raw += event["dataLength"]

    def _finished(self, event: dict) -> None:
        self.transferred += event["encodedDataLength"]


def _visit(browser, url: str, face: str, *, count_bytes: bool = False):
    """Open ``face`` in a new page of a new context (empty cache); the page, the seconds and the bytes counter."""
    path, selector = FACES[face]
    page = browser.new_context(viewport=VIEWPORT).new_page()
    counter = _Bytes(page) if count_bytes else None
    seconds = _timed(
        lambda: page.goto(url + path), lambda: _drawn(page, selector, title="2/" if face == "deck" else None)
    )
    return page, seconds, counter


def _again(page, url: str, face: str) -> tuple:
    """A second visit: a new page (a new session) in the same context (the browser's cache kept)."""
    path, selector = FACES[face]
    again = page.context.new_page()
    return again, _timed(
        lambda: again.goto(url + path), lambda: _drawn(again, selector, title="2/" if face == "deck" else None)
    )


def _page_down(page) -> float:
    _, selector = FACES["deck"]
    return _timed(lambda: page.keyboard.press("PageDown"), lambda: _drawn(page, selector, title="3/"))


def _pick(page) -> float:
    _, selector = FACES["planner"]
    search = page.locator(".st-key-planner_search input")
    search.fill(PICK)
    search.press("Enter")
    page.locator(".st-key-planner_pick").click()
    option = page.get_by_role("option").first
    option.wait_for(timeout=TIMEOUT_S * 1000)
    return _timed(option.click, lambda: _drawn(page, selector, PICKED_JS))


def _settled(page, counter: _Bytes) -> tuple[int, int]:
    """The bytes once nothing more arrives for a second."""
    last = (-1, -1)
    while (counter.raw, counter.transferred) != last:
        last = (counter.raw, counter.transferred)
        page.wait_for_timeout(1000)
    return last


def measure_face(checkout: Path, folder: Path, name: str, browser, face: str) -> dict[str, float]:
    """The times of ``face`` (and, for the Review, the first visit's bytes) on a fresh server of ``checkout``."""
    server, url, ready = _start(checkout, folder, name, "app")
    results = {"server ready": ready}
    try:
        page, results[f"{face} cold"], counter = _visit(browser, url, face, count_bytes=face == "review")
        if counter is not None:
            results["first visit raw B"], results["first visit transferred B"] = _settled(page, counter)
        page, results[f"{face} warm"] = _again(page, url, face)
        if face == "deck":
            results["deck PageDown"] = _page_down(page)
        if face == "planner":
            results["planner pick"] = _pick(page)
        page.context.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    return results


def measure_public(checkout: Path, folder: Path, name: str, browser) -> dict[str, float]:
    """The bytes of a first visit to the public app of ``checkout`` on a phone's screen."""
    server, url, _ = _start(checkout, folder, name, "public")
    try:
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        counter = _Bytes(page)
        page.goto(url)
        _drawn(page, MAP_FRAME)
        raw, transferred = _settled(page, counter)
        page.context.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    return {"public first visit raw B": raw, "public first visit transferred B": transferred}


def measure(checkouts: dict[str, Path], folder: Path, browser, repeat: int) -> dict[str, dict[str, list[float]]]:
    """Every time and byte count of every checkout, ``repeat`` times; the checkouts take turns at each face."""
    results: dict[str, dict[str, list[float]]] = {name: {} for name in checkouts}

    def add(name: str, found: dict[str, float]) -> None:
        for key, value in found.items():
            results[name].setdefault(key, []).append(value)

    for _ in range(repeat):
        for face in FACES:
            for name, path in checkouts.items():
                add(name, measure_face(path, folder, name, browser, face))
        for name, path in checkouts.items():
            add(name, measure_public(path, folder, name, browser))
    return results


def _shown(key: str, value: float) -> str:
    return f"{value:12,.0f}" if key.endswith(" B") else f"{value:12.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="a git revision to measure side by side (e.g. main)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measurement (default 1)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp)
        checkouts = {"this": ROOT}
        if args.baseline:
            checkouts = {"baseline": stack.enter_context(worktree_at(args.baseline, folder)), **checkouts}
        revisions = {
            name: subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=path, capture_output=True, text=True, check=True
            ).stdout.strip()
            for name, path in checkouts.items()
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            results = measure(checkouts, folder, browser, args.repeat)
            browser.close()
    names = list(checkouts)
    print(f"faces at 1024×768, DEMO store, median of {args.repeat} (s; bytes B)")
    print(
        f"{'':28s}"
        + "".join(f"{f'{n} ({revisions[n]})':>22s}" for n in names)
        + ("   this/baseline" if args.baseline else "")
    )
    for key in results["this"]:
        medians = {n: statistics.median(results[n][key]) for n in names if key in results[n]}
        line = f"{key:28s}" + "".join(f"{_shown(key, medians[n]):>22s}" for n in names if n in medians)
        if args.baseline and "baseline" in medians and medians["baseline"]:
            line += f"   {medians['this'] / medians['baseline']:13.2f}"
        print(line)
    print(json.dumps({"revisions": revisions, "results": results}))


if __name__ == "__main__":
    main()
