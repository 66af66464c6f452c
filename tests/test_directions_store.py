"""Directions in the store: both backends, their history and version log, an older store, the public rule."""

from __future__ import annotations

import contextlib
import sqlite3

import pandas as pd
import pytest
from postgis import store_of_kind

from geo.errors import GeoInputError
from geo.storage.direction_edits import add_directions, close_direction, edit_direction, report_action
from geo.storage.schema import LAYERS, SCHEMA_VERSION
from geo.storage.store import read_store, write_store
from geo.storage.versions import list_versions, rollback
from tests.tiny_district import tiny_store

CONNECT = {
    "meeting_date": "12.11.2020",
    "given_on": "12.11.2020",
    "due_on": "31.03.2021",
    "agenda_item": "connectivity",
    "text_en": "Connect every panchayat bhawan to the internet",
    "text_hi": "हर पंचायत भवन में इंटरनेट",
    "owner": "District Informatics Officer",
    "target_indicator": "connectivity",
    "target_scope": "block:B1",
    "target_goal": "all",
    "public": True,
}
BOOKS = {
    "meeting_date": "2020-11-12",
    "given_on": "2020-11-12",
    "text_en": "Donate books to the community libraries",
    "owner": "All officers",
}


def test_the_contract_has_directions_since_schema_7():
    assert SCHEMA_VERSION == "7"
    assert (LAYERS["directions"].key, LAYERS["directions"].since, LAYERS["directions"].geometry) == (
        ("direction_id",),
        "7",
        None,
    )
    assert LAYERS["directions"].private == ("recorded_by",)
    assert (LAYERS["direction_remarks"].key, LAYERS["direction_remarks"].since) == (("remark_id",), "7")
    assert set(LAYERS["direction_remarks"].private) == {"text", "reported_by", "recorded_by"}


def test_add_close_and_report_on_either_store_with_history(store_kind, tmp_path, request):
    store = store_of_kind(store_kind, tiny_store(), tmp_path, request)
    assert add_directions(store, [CONNECT, BOOKS], user="dio") == [1, 2]
    close_direction(store, 2, closed_on="05.12.2020", user="dc")
    assert report_action(store, 2, "Books collected", reported_on="01.12.2020", reported_by="DSE", user="dio") == 1
    data = read_store(store, private=True)
    rows = data.directions.set_index("direction_id")
    assert rows.loc[1, ["given_on", "due_on", "target_scope", "public", "recorded_by"]].tolist() == [
        "2020-11-12",
        "2021-03-31",
        "block:B1",
        True,
        "dio",
    ]
    assert rows.loc[2, "closed_on"] == "2020-12-05" and pd.isna(rows.loc[2, "public"])
    assert data.direction_remarks[["direction_id", "reported_on", "text", "reported_by"]].values.tolist() == [
        [2, "2020-12-01", "Books collected", "DSE"]
    ]
    log = list_versions(store)
    assert log[["version", "who", "action", "state"]].values.tolist() == [
        [1, "dio", "directions add", "applied"],
        [2, "dc", "directions close 2", "applied"],
        [3, "dio", "directions report 2", "applied"],
    ]
    rollback(store, 2, user="dc")  # undoes the closing and the report
    after = read_store(store, private=True)
    assert after.directions["closed_on"].isna().all() and after.direction_remarks.empty
    assert after.directions["direction_id"].tolist() == [1, 2]


def test_a_public_read_leaves_out_who_recorded_and_the_reports_words(tmp_path):
    store = write_store(tmp_path / "s.gpkg", tiny_store())
    add_directions(store, [BOOKS], user="dio")
    report_action(store, 1, "internal note", reported_on="2020-12-01", reported_by="Mr X", user="dio")
    public = read_store(store)
    assert "recorded_by" not in public.directions
    assert list(public.direction_remarks.columns) == ["remark_id", "direction_id", "reported_on", "recorded_at"]


def test_bad_directions_are_named_and_nothing_is_written(tmp_path):
    store = write_store(tmp_path / "s.gpkg", tiny_store())
    with pytest.raises(GeoInputError, match=r"nothing was added — direction 2: the direction has no owner"):
        add_directions(store, [BOOKS, BOOKS | {"owner": " "}], user="dio")
    with pytest.raises(GeoInputError, match=r"direction 1: block 'B7' is not a block of the store"):
        add_directions(store, [CONNECT | {"target_scope": "block:B7"}], user="dio")
    with pytest.raises(GeoInputError, match="no direction to add"):
        add_directions(store, [], user="dio")
    with pytest.raises(GeoInputError, match="'user' should name who makes the change"):
        add_directions(store, [BOOKS], user=" ")
    assert read_store(store).directions.empty and list_versions(store).empty


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: close_direction(s, 9, closed_on="2020-12-01", user="dc"), "the store has no direction 9; its"),
        (lambda s: close_direction(s, 1, closed_on="2020-11-01", user="dc"), "closed_on 2020-11-01 is before"),
        (lambda s: close_direction(s, 1, closed_on="yesterday", user="dc"), "closed_on 'yesterday' is not a date"),
        (lambda s: report_action(s, 1, "  ", reported_on="2020-12-01", user="dc"), "the report is empty"),
        (lambda s: report_action(s, 1, "x" * 2001, reported_on="2020-12-01", user="dc"), "keep it under 2,000"),
        (lambda s: report_action(s, 1, "done", reported_on="2020-10-01", user="dc"), "reported_on 2020-10-01 is"),
    ],
)
def test_a_bad_close_or_report_is_refused(tmp_path, call, message):
    store = write_store(tmp_path / "s.gpkg", tiny_store())
    add_directions(store, [BOOKS], user="dio")
    with pytest.raises(GeoInputError, match=message):
        call(store)
    assert len(list_versions(store)) == 1


def test_closing_twice_is_refused(tmp_path):
    store = write_store(tmp_path / "s.gpkg", tiny_store())
    add_directions(store, [BOOKS], user="dio")
    close_direction(store, 1, closed_on="2020-12-01", user="dc")
    with pytest.raises(GeoInputError, match="direction 1 was closed on 2020-12-01 already"):
        close_direction(store, 1, closed_on="2020-12-02", user="dc")


def test_a_store_of_schema_version_6_reads_no_directions_and_gains_the_tables_on_its_first(tmp_path):
    path = write_store(tmp_path / "old.gpkg", tiny_store())
    with contextlib.closing(sqlite3.connect(path)) as con:  # as version 6 wrote it: no directions tables
        for name in ("directions", "direction_remarks"):
            con.execute(f"DROP TABLE {name}")
            con.execute("DELETE FROM gpkg_contents WHERE table_name = ?", (name,))
        con.commit()
    old = read_store(path, private=True)
    assert old.directions.empty and old.direction_remarks.empty
    assert list(old.directions.columns) == list(LAYERS["directions"].columns)
    add_directions(path, [BOOKS], user="dio")
    report_action(path, 1, "sent", reported_on="2020-12-01", user="dio")
    with contextlib.closing(sqlite3.connect(path)) as con:
        assert con.execute("SELECT direction_id, owner, public FROM directions").fetchall() == [
            (1, "All officers", None)
        ]
        assert con.execute("SELECT remark_id, direction_id, text FROM direction_remarks").fetchall() == [(1, 1, "sent")]


def test_a_server_store_without_the_tables_gains_them_on_its_first_direction(postgis_url):
    import psycopg
    from postgis import new_schema

    from geo.storage.postgis import store_target, write_postgis

    url = new_schema(postgis_url)
    write_postgis(url, tiny_store())
    conninfo, schema = store_target(url)
    with psycopg.connect(conninfo, autocommit=True) as con:  # as a store of schema 6 was written
        con.execute(f'DROP TABLE "{schema}".directions, "{schema}".direction_remarks')
        con.execute(f'DROP SEQUENCE IF EXISTS "{schema}".directions_direction_id_seq')
        con.execute(f'DROP SEQUENCE IF EXISTS "{schema}".direction_remarks_remark_id_seq')
    assert read_store(url).directions.empty
    assert add_directions(url, [BOOKS, CONNECT], user="dio") == [1, 2]
    assert report_action(url, 2, "survey done", reported_on="2020-12-01", user="dio") == 1
    data = read_store(url, private=True)
    assert data.directions["owner"].tolist() == ["All officers", "District Informatics Officer"]
    assert data.direction_remarks["text"].tolist() == ["survey done"]


def test_a_direction_is_corrected_as_a_version_on_either_store(store_kind, tmp_path, request):
    store = store_of_kind(store_kind, tiny_store(), tmp_path, request)
    add_directions(store, [CONNECT, BOOKS], user="dio")
    changed = edit_direction(
        store, 1, {"owner": " BDO Block 1 ", "due_on": "30.04.2021", "public": False, "agenda_item": ""}, user="ddc"
    )
    assert changed == {
        "owner": ("District Informatics Officer", "BDO Block 1"),
        "agenda_item": ("connectivity", None),
        "due_on": ("2021-03-31", "2021-04-30"),
        "public": (True, False),
    }
    rows = read_store(store, private=True).directions.set_index("direction_id")
    assert rows.loc[1, ["owner", "due_on", "public", "text_en", "given_on"]].tolist() == [
        "BDO Block 1",
        "2021-04-30",
        False,
        "Connect every panchayat bhawan to the internet",
        "2020-11-12",
    ]
    assert pd.isna(rows.loc[1, "agenda_item"]) and rows.loc[2, "owner"] == "All officers"  # the other one untouched
    assert edit_direction(store, 1, {"owner": "BDO Block 1"}, user="ddc") == {}  # the same again: nothing written
    log = list_versions(store)
    assert log[["version", "who", "action"]].values.tolist() == [
        [1, "dio", "directions add"],
        [2, "ddc", "directions edit 1 (owner, agenda_item, due_on, public)"],
    ]
    rollback(store, 2, user="ddc")  # undoes the correction
    assert read_store(store, private=True).directions.set_index("direction_id").loc[1, "owner"] == (
        "District Informatics Officer"
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"given_on": "2020-11-13"}, "given_on cannot be corrected; a direction's fields that can: text_en"),
        ({"owner": " "}, "direction 1 was not changed — the direction has no owner"),
        ({"target_scope": "block:B7"}, "direction 1 was not changed — block 'B7' is not a block of the store"),
        ({"target_goal": "lots"}, "goal 'lots' is not a goal"),
        ({"text_en": "x" * 2001}, "text_en has 2001 characters; keep it under 2,000"),
    ],
)
def test_a_bad_correction_is_refused_and_nothing_is_written(tmp_path, changes, message):
    store = write_store(tmp_path / "s.gpkg", tiny_store())
    add_directions(store, [CONNECT], user="dio")
    with pytest.raises(GeoInputError, match=message):
        edit_direction(store, 1, changes, user="ddc")
    assert len(list_versions(store)) == 1
    assert read_store(store, private=True).directions.iloc[0]["owner"] == "District Informatics Officer"
