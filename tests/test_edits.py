"""Editor status updates and undo; concurrent editors lose nothing."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from postgis import store_of_kind
from processes import writers
from tiny_district import tiny_store

from geo.errors import GeoInputError
from geo.review.status import current_status
from geo.storage.edits import events_of, record_status, undo_event
from geo.storage.store import read_layer, read_store


@pytest.fixture
def store(store_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Path | str:
    """The tiny district as a GeoPackage and, in a second run of each test, as a PostGIS store."""
    return store_of_kind(store_kind, tiny_store(), tmp_path, request)


def test_record_status_appends_an_event(store):
    before = read_layer(store, "status_events", private=True)
    new_id = record_status(store, "P2", "bharatnet", "live", as_of="2020-12-20", remark="OTDR ok", user="dio")
    events = read_layer(store, "status_events", private=True)
    assert new_id == 8 and len(events) == len(before) + 1
    row = events.set_index("event_id").loc[8]
    assert (row["panchayat_lgd"], row["value"], row["as_of"], row["remark"], row["recorded_by"], row["source"]) == (
        "P2",
        "live",
        "2020-12-20",
        "OTDR ok",
        "dio",
        "editor",
    )
    assert current_status(events).loc["P2", "bharatnet"] == "live"


def test_undo_restores_the_previous_value(store):
    new_id = record_status(store, "P2", "bharatnet", "live", as_of="2020-12-20", user="dio")
    undo_id = undo_event(store, new_id, user="ddc")
    events = read_layer(store, "status_events", private=True)
    undo = events.set_index("event_id").loc[undo_id]
    assert (undo["value"], undo["as_of"], undo["remark"], undo["source"]) == (
        "cable_laid",
        "2020-12-20",
        f"undo of event {new_id}",
        "undo",
    )
    assert current_status(events).loc["P2", "bharatnet"] == "cable_laid"
    assert len(events) == 9  # nothing deleted
    assert events_of(store, "P2")["event_id"].iloc[0] == undo_id


def test_undo_of_a_first_value_is_refused(store):
    with pytest.raises(GeoInputError, match=r"event 1 \(bharatnet = live for P1\) is the first recorded value"):
        undo_event(store, 1, user="dio")


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("P9", "bharatnet", "live"), {}, r"panchayat 'P9' is not in the store \(2 panchayats\)"),
        (("P1", "wifi", "live"), {}, r"unknown indicator 'wifi'; expected one of bharatnet"),
        (("P1", "jharnet", "cable_laid"), {}, r"jharnet value 'cable_laid' is not allowed; expected one of planned"),
        (("P1", "library", "opened"), {"as_of": "12/13/2020"}, r"as_of '12/13/2020' is not a date"),
        (("P1", "library", "opened"), {"as_of": "2999-01-01"}, r"as_of 2999-01-01 lies in the future"),
        (("P1", "library", "opened"), {"user": " "}, r"'user' should name the editor"),
    ],
)
def test_record_status_errors(store, args, kwargs, message):
    options = {"as_of": "2020-12-10", "user": "dio"} | kwargs
    before = read_store(store, private=True)
    with pytest.raises(GeoInputError, match=message):
        record_status(store, *args, **options)
    after = read_store(store, private=True)
    assert after.revision == before.revision
    pd.testing.assert_frame_equal(after.status_events, before.status_events)


def test_undo_of_unknown_event(store):
    with pytest.raises(GeoInputError, match=r"there is no status event 99"):
        undo_event(store, 99, user="dio")
    with pytest.raises(TypeError, match=r"'event_id' should be an int, got '3'"):
        undo_event(store, "3", user="dio")


def _editor(store: str, worker: int, n: int) -> list[int]:
    values = ("not_started", "cable_laid", "service_ready", "live")
    today = dt.date(2020, 12, 10).isoformat()
    return [
        record_status(store, "P1" if i % 2 else "P2", "bharatnet", values[i % 4], as_of=today, user=f"editor{worker}")
        for i in range(n)
    ]


#: Saves per editor in the race below (each checks and appends under the store's write lock); on the
#: server, where each save is its own connection, fewer (tests/test_server_writes.py races ten writers there).
SAVES_BY_KIND = {"gpkg": 100, "postgis": 25}


def test_four_editors_at_once_lose_nothing(store, store_kind):
    saves = SAVES_BY_KIND[store_kind]
    before = len(read_layer(store, "status_events"))
    # an executor, not a Pool: a worker that dies fails the test (BrokenProcessPool) instead of hanging it
    with ProcessPoolExecutor(4, mp_context=writers()) as pool:
        ids = list(pool.map(_editor, [str(store)] * 4, range(4), [saves] * 4, timeout=600))
    flat = [i for chunk in ids for i in chunk]
    assert len(flat) == 4 * saves and len(set(flat)) == 4 * saves
    events = read_layer(store, "status_events", private=True)
    assert len(events) == before + 4 * saves
    assert events["event_id"].is_unique
    assert events["recorded_by"].value_counts().to_dict() == {f"editor{w}": saves for w in range(4)} | {"t": 7}
