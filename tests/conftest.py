"""Shared fixtures: the demo store (read once) and a writable copy of it."""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from postgis import postgis_url, store_kind  # noqa: F401 (the PostGIS database of a test session; each store kind)

from geo.storage.store import DEMO_STORE, STORE_ENV, StoreData, read_store


@pytest.fixture(scope="session", autouse=True)
def session_store(tmp_path_factory) -> Path:
    """Every face under test works on a copy of the DEMO store ($PANCHAYAT_STORE), never on var/store.gpkg.

    Tests that need a store of their own set $PANCHAYAT_STORE themselves.
    """
    path = tmp_path_factory.mktemp("session") / "store.gpkg"
    shutil.copyfile(DEMO_STORE, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(STORE_ENV, str(path))
        yield path


@pytest.fixture(autouse=True)
def main_module():
    """Put back ``sys.modules["__main__"]`` after each test.

    Streamlit's ``AppTest`` leaves the app script installed as ``__main__``; a process
    started with "spawn" afterwards re-runs that script as its main module, dies, and a
    ``multiprocessing.Pool`` waiting on it hangs for ever.
    """
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture(scope="session")
def demo() -> StoreData:
    """The shipped DEMO store, public view (read once per test session)."""
    return read_store(DEMO_STORE)


@pytest.fixture(scope="session")
def demo_private() -> StoreData:
    """The shipped DEMO store including private fields."""
    return read_store(DEMO_STORE, private=True)


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A writable copy of the DEMO store in a temporary folder."""
    target = tmp_path / "store.gpkg"
    shutil.copyfile(DEMO_STORE, target)
    return target


@contextmanager
def shared_folder(tmp_path_factory, name: str) -> Iterator[Path]:
    """A folder that every worker of this test session shares (``pytest -n``), held under a lock while in use.

    Without workers it is a folder of the session's own temporary directory; with them, of the
    directory their own temporary directories are in (one per test session).
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / name
    folder.mkdir(exist_ok=True)
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield folder
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


#: The meeting packs of the DEMO store that :func:`demo_packs` draws, and the review they compare with.
PACK_LANGS = ("en", "hi", "hi-u-nu-deva")
PACK_SINCE = "2020-11-12"


@pytest.fixture(scope="session")
def demo_packs(tmp_path_factory) -> dict[str, Path]:
    """The DEMO store's meeting pack, compared with the review of 2020-11-12, in each of :data:`PACK_LANGS`.

    Drawn with ``python -m geo export pack`` (on a copy of the DEMO store) once per test session,
    whichever worker asks first (each pack takes seconds); the PDFs' paths by language.
    """
    from cli import main

    paths = {}
    with shared_folder(tmp_path_factory, "demo_packs") as folder:
        store = folder / "store.gpkg"
        if not store.exists():
            shutil.copyfile(DEMO_STORE, store)
        for lang in PACK_LANGS:
            paths[lang] = folder / f"pack_{lang}.pdf"
            if not paths[lang].exists():
                command = ["export", "pack", "--store", str(store), "--lang", lang, "--since", PACK_SINCE]
                assert main([*command, "--out", str(paths[lang])]) == 0
    return paths


@pytest.fixture
def tiny_named_store(tmp_path: Path) -> Path:
    """The tiny district written as a store, its panchayats named Kundhit and Karmatanr."""
    from tiny_district import tiny_store

    from geo.storage.store import write_store

    path = tmp_path / "tiny.gpkg"
    data = tiny_store()
    data.panchayats["name"] = ["Kundhit", "Karmatanr"]
    write_store(path, data)
    return path


ROOT = Path(__file__).resolve().parent.parent
#: Debian's Chromium, the browser of the browser tests (``scripts/setup.sh --test`` installs it).
CHROMIUM = Path("/usr/bin/chromium")
START_TIMEOUT_S = 30


@contextmanager
def running_streamlit(script: str, folder: Path) -> Iterator[str]:
    """``streamlit run script`` on 127.0.0.1 with a copy of the DEMO store in ``folder``; yields its URL."""
    store = folder / "store.gpkg"
    shutil.copyfile(DEMO_STORE, store)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log_path = folder / "streamlit.log"
    with log_path.open("w") as log:
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
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env={**os.environ, STORE_ENV: str(store)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                        if response.status == 200:
                            break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        pytest.fail(f"streamlit did not start: {log_path.read_text()}")
                    time.sleep(0.2)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    """``streamlit run app.py`` on a copy of the DEMO store for the browser tests (needs Chromium).

    One server for the test session (per worker): the browser tests only read, and a module
    after the first finds the server started and its analysis cached.
    """
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium (scripts/setup.sh --test installs it)")
    with running_streamlit("app.py", tmp_path_factory.mktemp("browser")) as url:
        yield url


@pytest.fixture(scope="module")
def browser(app_url):
    """Headless Chromium for a module of browser tests (per module: other modules start Playwright of their own)."""
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--disable-background-networking", "--disable-component-update", "--no-first-run"],
        )
        yield chromium
        chromium.close()
