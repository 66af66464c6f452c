"""Shared fixtures: the demo store (read once) and a writable copy of it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from geo.store import DEMO_STORE, STORE_ENV, StoreData, read_store


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


@pytest.fixture
def tiny_named_store(tmp_path: Path) -> Path:
    """The tiny district written as a store, its panchayats named Kundhit and Karmatanr."""
    from tiny_district import tiny_store

    from geo.store import write_store

    path = tmp_path / "tiny.gpkg"
    data = tiny_store()
    data.panchayats["name"] = ["Kundhit", "Karmatanr"]
    write_store(path, data)
    return path
