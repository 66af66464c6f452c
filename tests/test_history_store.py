"""A GeoPackage store keeps the rows each write changed (store_changes), and rollback undoes them exactly."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from earlier_release import as_earlier_release
from tiny_district import tiny_store

from geo.errors import GeoInputError
from geo.importing import apply_import, import_status
from geo.storage import store as store_module
from geo.storage.check import check_store
from geo.storage.history import CHANGES_TABLE
from geo.storage.schema import LAYERS
from geo.storage.store import DEMO_STORE, conform, exclusive, read_store, write_store
from geo.storage.versions import list_versions, recording_version, rollback, state_before, versions_dir


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.gpkg"
    write_store(path, tiny_store())
    return path


def kept(path: Path) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(path)) as con:
        return con.execute(
            f"SELECT revision, version, layer, op, key, pos, row FROM {CHANGES_TABLE} ORDER BY rowid"
        ).fetchall()


def assert_same_store(left, right) -> None:
    assert left.meta == right.meta
    for name in LAYERS:
        if name != "meta":
            pd.testing.assert_frame_equal(left.layer(name), right.layer(name), check_like=False)


def status_import(path: Path, folder: Path, value: str) -> int:
    sheet = folder / f"status_{value}.csv"
    sheet.write_text(f"panchayat_code,as_of,library\nP2,2020-12-20,{value}\n", encoding="utf-8")
    return apply_import(path, import_status(read_store(path, private=True), sheet), user="dio")


def test_an_appending_import_keeps_only_the_new_keys(store, tmp_path):
    assert status_import(store, tmp_path, "opened") == 1
    # the tiny store was written once (revision 0: a new file); the version began there and its write is revision 1
    assert kept(store) == [
        (0, 1, "store_versions", "begin", None, None, None),
        (1, 1, "status_events", "insert", "[8]", None, None),
    ]
    assert not versions_dir(store).exists()


def test_a_replacing_write_keeps_the_old_rows_it_changed(store):
    data = read_store(store, private=True)
    villages = data.villages.copy()
    villages.loc[1, "population"] = 250
    with exclusive(store) as lock, recording_version(store, action="import villages", user="dio", lock=lock) as v:
        write_store(store, dataclasses.replace(data, villages=conform("villages", villages)), lock=lock, version=v)
    rows = kept(store)
    assert [row[:6] for row in rows] == [
        (0, 1, "store_versions", "begin", None, None),
        (1, 1, "villages", "update", '["V2"]', 1),
    ]
    assert json.loads(rows[1][6])["population"] == 200
    rollback(store, 1, user="ddc")
    assert read_store(store).villages["population"].tolist() == [100, 200, 300, 400]


def test_a_failed_write_keeps_no_change_rows(store, tmp_path, monkeypatch):
    status_import(store, tmp_path, "opened")
    rows = kept(store)
    data = read_store(store, private=True)
    villages = conform("villages", data.villages.assign(name="renamed"))

    def full_disk(con, name):  # noqa: ANN001, ANN202 - the layer copy fails after the change rows were written
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store_module, "_ensure_table", full_disk)
    with exclusive(store) as lock, pytest.raises(sqlite3.OperationalError, match="disk is full"):  # noqa: PT012
        with recording_version(store, action="import villages", user="dio", lock=lock) as version:
            write_store(store, dataclasses.replace(data, villages=villages), lock=lock, version=version)
    assert kept(store) == [*rows, (1, 2, "store_versions", "begin", None, None, None)]
    assert list_versions(store)["state"].tolist() == ["applied", "failed"]
    assert read_store(store).villages["name"].tolist() == ["v3w", "v8w", "v3e", "v8e"]


def test_rollback_restores_every_layer_of_the_demo_exactly(tmp_path):
    path = tmp_path / "demo.gpkg"
    shutil.copyfile(DEMO_STORE, path)
    original = read_store(path, private=True)
    changed = {}
    for name in LAYERS:
        frame = original.layer(name)
        if name == "meta" or frame.empty:
            continue
        text = next(c for c, kind in LAYERS[name].columns.items() if kind == "str" and c not in LAYERS[name].key)
        frame = frame.copy()
        frame.loc[0, text] = "changed"
        changed[name] = frame.iloc[1:] if len(frame) > 2 else frame  # a row updated, another deleted
    after = dataclasses.replace(original, meta={**original.meta, "dataset_name": "changed"}, **changed)
    with exclusive(path) as lock, recording_version(path, action="import everything", user="dio", lock=lock) as v:
        write_store(path, after, lock=lock, version=v)
    written = read_store(path, private=True)
    assert written.villages["name"].iloc[0] != "changed"  # row 0 was deleted
    rollback(path, 1, user="ddc")
    assert_same_store(read_store(path, private=True), original)
    assert_same_store(state_before(path, 2), written)
    rollback(path, 2, user="ddc")  # the rollback itself is undone: the changed store again
    assert_same_store(read_store(path, private=True), written)


def test_an_earlier_release_s_snapshots_and_new_change_rows_together(store, tmp_path):
    original = read_store(store, private=True)
    status_import(store, tmp_path, "opened")
    after_v1 = read_store(store, private=True)
    status_import(store, tmp_path, "not_started")
    as_earlier_release(store)  # versions 1 and 2 kept as full copies, as before this release
    status_import(store, tmp_path, "space_identified")  # version 3: change rows
    assert list_versions(store)["snapshot"].tolist() == ["v0001.gpkg", "v0002.gpkg", ""]
    rollback(store, 3, user="ddc")  # undone from the change rows
    assert len(read_store(store).status_events) == 9
    rollback(store, 2, user="ddc")  # restored from the snapshot
    assert_same_store(read_store(store, private=True), after_v1)
    rollback(store, 1, user="ddc")
    assert_same_store(read_store(store, private=True), original)
    assert list_versions(store)["file"].tolist()[3:] == ["", "v0002.gpkg", "v0001.gpkg"]


def test_rollback_to_a_version_kept_by_neither(store, tmp_path):
    status_import(store, tmp_path, "opened")
    with contextlib.closing(sqlite3.connect(store, isolation_level=None)) as con:
        con.execute(f"DELETE FROM {CHANGES_TABLE}")  # as a copy from another store leaves it
    before = store.read_bytes()
    with pytest.raises(GeoInputError, match=r"store tiny.gpkg keeps neither a snapshot nor the recorded changes of "):
        rollback(store, 1, user="ddc")
    assert store.read_bytes() == before


def test_check_counts_the_kept_rows_and_names_versions_kept_by_neither(store, tmp_path):
    status_import(store, tmp_path, "opened")
    status_import(store, tmp_path, "not_started")
    found = check_store(store)
    assert found.intact and found.snapshots == []
    assert "2 changed row(s) kept to undo the versions (table store_changes)" in found.facts  # events 8 and 9
    with contextlib.closing(sqlite3.connect(store, isolation_level=None)) as con:
        con.execute(f"DELETE FROM {CHANGES_TABLE} WHERE version = 1")  # as a copy from another store leaves it
    found = check_store(store)
    assert found.intact
    assert (
        "kept neither as changes nor as a snapshot (copied from another store), so they cannot be rolled back to: "
        "version(s) 1"
    ) in found.facts
