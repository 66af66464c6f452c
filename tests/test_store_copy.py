"""A write into an existing GeoPackage store copies the layers that change, and those of an earlier schema."""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
from pathlib import Path

import pytest
from tiny_district import tiny_store

from geo.storage.store import conform, read_store, write_store


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """The tiny district as a GeoPackage, with a probe counting the rows deleted from each layer."""
    path = write_store(tmp_path / "tiny.gpkg", tiny_store())
    with contextlib.closing(sqlite3.connect(path)) as con, con:
        con.execute("CREATE TABLE probe_deleted (layer TEXT)")
        for name in ("villages", "panchayats", "blocks"):
            con.execute(
                f'CREATE TRIGGER probe_{name} AFTER DELETE ON "{name}" '
                f"BEGIN INSERT INTO probe_deleted VALUES ('{name}'); END"
            )
    return path


def _deleted(path: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(path)) as con:
        return dict(con.execute("SELECT layer, count(*) FROM probe_deleted GROUP BY layer").fetchall())


def test_only_the_layers_that_change_are_copied(store):
    data = read_store(store, private=True)
    villages = data.villages.assign(population=[100, 250, 300, 400])  # V2: 200 -> 250
    write_store(store, dataclasses.replace(data, villages=conform("villages", villages)), layers=("villages", "blocks"))

    assert _deleted(store) == {"villages": 4}  # the villages' 4 rows replaced; blocks (unchanged) left as they were
    after = read_store(store, private=True)
    assert after.villages["population"].tolist() == [100, 250, 300, 400]
    assert after.blocks.drop(columns="geometry").equals(data.blocks.drop(columns="geometry"))


def test_a_layer_of_an_earlier_schema_is_brought_up_to_date_though_unchanged(store):
    with contextlib.closing(sqlite3.connect(store)) as con, con:
        con.execute('ALTER TABLE "blocks" DROP COLUMN "district_lgd"')  # as a store of schema version 5
    data = read_store(store, private=True)  # the column read back empty: writing it changes no value
    write_store(store, data, layers=("blocks", "villages"))

    with contextlib.closing(sqlite3.connect(store)) as con:
        columns = {row[1] for row in con.execute('PRAGMA table_info("blocks")')}
    assert "district_lgd" in columns
    assert _deleted(store) == {"blocks": 1}  # the one block copied; the villages, unchanged, left as they were
