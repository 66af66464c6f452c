"""Numbered versions, rollback, and a process killed in the middle of an import."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tiny_district import tiny_store

from geo.errors import GeoInputError
from geo.importing import apply_import, import_boundaries, import_status
from geo.storage.edits import record_status
from geo.storage.schema import LAYERS
from geo.storage.store import read_store, write_store
from geo.storage.validate import validate_store
from geo.storage.versions import list_versions, rollback, versions_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.gpkg"
    write_store(path, tiny_store())
    return path


def content_hash(path: Path) -> str:
    data = read_store(path, private=True)
    digest = hashlib.sha256()
    for name in LAYERS:
        frame = data.layer(name)
        if "geometry" in frame.columns:
            frame = pd.DataFrame(frame).assign(geometry=frame.geometry.to_wkb())
        digest.update(frame.to_csv(index=False).encode("utf-8"))
    return digest.hexdigest()


def status_sheet(tmp: Path, value: str) -> Path:
    path = tmp / f"status_{value}.csv"
    path.write_text(f"panchayat_code,as_of,library\nP2,2020-12-20,{value}\n", encoding="utf-8")
    return path


def test_each_import_is_a_version_and_rollback_restores(store, tmp_path):
    original = content_hash(store)
    v1 = apply_import(
        store, import_status(read_store(store, private=True), status_sheet(tmp_path, "opened")), user="dio"
    )
    after_v1 = content_hash(store)
    v2 = apply_import(
        store, import_status(read_store(store, private=True), status_sheet(tmp_path, "not_started")), user="dio"
    )
    assert (v1, v2) == (1, 2)
    log = list_versions(store)
    assert log[["version", "who", "action", "file", "state"]].values.tolist() == [
        [1, "dio", "import status", "status_opened.csv", "applied"],
        [2, "dio", "import status", "status_not_started.csv", "applied"],
    ]
    assert "1 status event(s) to append" in log["report"].iloc[0]
    assert not versions_dir(store).exists()  # no full copy: the history is the rows each import changed
    v3 = rollback(store, 2, user="ddc")
    assert v3 == 3 and content_hash(store) == after_v1
    rollback(store, 1, user="ddc")
    assert content_hash(store) == original
    rollback(store, 3, user="ddc")  # undo the first rollback: back to the state after v2
    assert len(read_store(store).status_events) == 9
    assert list_versions(store)["action"].tolist()[2:] == [
        "rollback to before v2",
        "rollback to before v1",
        "rollback to before v3",
    ]


def test_rollback_keeps_the_log_and_a_snapshot_of_edits(store, tmp_path):
    apply_import(store, import_status(read_store(store, private=True), status_sheet(tmp_path, "opened")), user="dio")
    record_status(store, "P1", "jharnet", "live", as_of="2020-12-21", user="editor")
    rollback(store, 1, user="ddc")
    assert len(read_store(store).status_events) == 7
    rollback(store, 2, user="ddc")  # the editor's event comes back from the rollback's own snapshot
    events = read_store(store, private=True).status_events
    assert len(events) == 9 and "editor" in set(events["recorded_by"])


@pytest.mark.parametrize(
    ("version", "error", "message"),
    [
        (7, GeoInputError, r"has no version 7; its versions are: none yet"),
        ("1", TypeError, r"'version' should be a version number \(int\), got '1'"),
    ],
)
def test_rollback_errors(store, version, error, message):
    with pytest.raises(error, match=message):
        rollback(store, version, user="ddc")


def test_apply_refuses_a_result_with_errors(store, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("panchayat_code,as_of,library\nP9,2020-12-20,opened\n", encoding="utf-8")
    result = import_status(read_store(store, private=True), bad)
    before = store.read_bytes()
    with pytest.raises(GeoInputError, match=r"import of bad.csv has 1 error\(s\); nothing was applied"):
        apply_import(store, result, user="dio")
    assert store.read_bytes() == before and not versions_dir(store).exists()


def _big_villages(path: Path, n: int) -> Path:
    rng = np.random.default_rng(7)
    lon = rng.uniform(86.72, 86.88, n)
    lat = rng.uniform(23.92, 23.98, n)
    lines = ["census_code,village_name,latitude,longitude,population"]
    lines += [f"K{i:06d},Village {i},{y:.6f},{x:.6f},{i % 900}" for i, (x, y) in enumerate(zip(lon, lat, strict=True))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import_process(store: Path, file: Path) -> subprocess.Popen:
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "geo", "import", "villages", str(file), "--store", str(store), "--user", "killer"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(predicate, timeout_s: float = 60.0) -> bool:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.001)
    return False


def test_kill_during_import_leaves_the_store_as_before(tmp_path):
    big = _big_villages(tmp_path / "big.csv", 8_000)
    reference = tmp_path / "reference.gpkg"
    write_store(reference, tiny_store())
    before = content_hash(reference)
    # A full run, for the state after a successful import.
    done = tmp_path / "done.gpkg"
    done.write_bytes(reference.read_bytes())
    assert _import_process(done, big).wait(timeout=120) == 0
    after = content_hash(done)
    assert after != before and len(read_store(done).villages) == 8_004  # added to the store's own 4

    def temp_file(folder: Path) -> bool:
        return any(p.name.endswith(".tmp.gpkg") for p in folder.iterdir())

    moments = ["temp file", "pending version", random.Random(1).uniform(0.5, 2.0), random.Random(2).uniform(0.5, 2.0)]
    killed_mid_write = 0
    for attempt, moment in enumerate(moments):
        folder = tmp_path / f"attempt{attempt}"
        folder.mkdir()
        store = folder / "store.gpkg"
        store.write_bytes(reference.read_bytes())
        process = _import_process(store, big)
        if moment == "temp file":
            assert _wait_for(lambda f=folder: temp_file(f))
        elif moment == "pending version":
            assert _wait_for(lambda s=store: len(list_versions(s)) > 0)
        else:
            time.sleep(moment)
        os.kill(process.pid, signal.SIGKILL)
        code = process.wait(timeout=60)
        state = content_hash(store)
        assert state in (before, after), f"attempt {attempt} ({moment}): the store holds a partial import"
        if code == -signal.SIGKILL and state == before:
            killed_mid_write += moment in ("temp file", "pending version")
        assert validate_store(read_store(store)).ok
        log = list_versions(store)
        assert set(log["state"]) <= {"pending", "applied"}
    assert killed_mid_write >= 1


def test_import_boundaries_into_a_new_store(tmp_path):
    import pyogrio

    gps = tiny_store().panchayats[["lgd_code", "name", "block_lgd", "geometry"]]
    source = tmp_path / "gps.geojson"
    pyogrio.write_dataframe(gps.rename(columns={"block_lgd": "block_code"}), source, driver="GeoJSON")
    result = import_boundaries(None, source)
    assert result.ok, result.text()
    store = tmp_path / "new" / "own.gpkg"
    assert apply_import(store, result, user="dio") == 1
    data = read_store(store)
    assert not data.is_demo and data.meta["is_demo"] == "false"
    assert data.panchayats["lgd_code"].tolist() == ["P1", "P2"]
    assert data.blocks["lgd_code"].tolist() == ["B1"] and len(data.district) == 1
    assert data.district.to_crs(32645).area.sum() == pytest.approx(200e6, rel=1e-6)  # two 10 km x 10 km squares
    assert "derived it as the union of the 2 panchayats" in result.text()
    rollback(store, 1, user="dio")
    assert read_store(store).panchayats.empty
