"""geo.storage.history: the rows a write changed, and undoing them exactly."""

from __future__ import annotations

import dataclasses
import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, Point, box
from tiny_district import tiny_store

from geo.storage.history import CHANGE_COLUMNS, diff, diff_layer, inserted, undo, undo_layer
from geo.storage.schema import LAYERS
from geo.storage.store import DEMO_STORE, conform, read_store


def assert_same_store(left, right) -> None:
    assert left.meta == right.meta
    for name in LAYERS:
        if name != "meta":
            pd.testing.assert_frame_equal(left.layer(name), right.layer(name))


def changed(data, **layers):
    return dataclasses.replace(data, **{name: conform(name, frame) for name, frame in layers.items()})


def test_an_inserted_row_is_its_key_and_undo_removes_it():
    before = tiny_store()
    extra = gpd.GeoDataFrame(
        {"census_code": ["V5"], "name": ["new"], "panchayat_lgd": ["P2"], "population": [50]},
        geometry=[Point(86.9, 23.9)],
        crs=4326,
    )
    after = changed(before, villages=pd.concat([before.villages, extra], ignore_index=True))
    changes = diff(before, after)
    assert changes[["layer", "op", "key", "pos", "row"]].values.tolist() == [
        ["villages", "insert", '["V5"]', None, None]
    ]
    assert_same_store(undo(after, changes), before)


def test_an_attribute_update_keeps_the_old_row_and_its_place():
    before = tiny_store()
    villages = before.villages.copy()
    villages.loc[1, ["name", "population"]] = ["renamed", pd.NA]
    after = changed(before, villages=villages)
    changes = diff(before, after)
    assert changes[["layer", "op", "key", "pos"]].values.tolist() == [["villages", "update", '["V2"]', 1]]
    assert json.loads(changes["row"].iloc[0]) == {
        "census_code": "V2",
        "name": "v8w",
        "name_hi": "ख",
        "panchayat_lgd": "P1",
        "population": 200,
    }
    assert shapely.from_wkb(changes["geometry"].iloc[0]).equals(before.villages.geometry.iloc[1])
    restored = undo(after, changes)
    assert restored.villages["name"].tolist() == ["v3w", "v8w", "v3e", "v8e"]
    assert restored.villages["population"].tolist() == [100, 200, 300, 400]
    assert_same_store(restored, before)


def test_a_geometry_update_alone_is_a_change():
    before = tiny_store()
    panchayats = before.panchayats.copy()
    panchayats.loc[0, "geometry"] = MultiPolygon([box(86.7, 23.9, 86.8, 24.0)])
    after = changed(before, panchayats=panchayats)
    changes = diff(before, after)
    assert changes[["layer", "op", "key", "pos"]].values.tolist() == [["panchayats", "update", '["P1"]', 0]]
    restored = undo(after, changes)
    assert restored.panchayats.geometry.iloc[0].equals(before.panchayats.geometry.iloc[0])
    assert_same_store(restored, before)


def test_a_deleted_row_comes_back_where_it_was():
    before = tiny_store()
    after = changed(before, villages=before.villages.drop(index=[0, 2]).reset_index(drop=True))
    changes = diff(before, after)
    assert changes[["op", "key", "pos"]].values.tolist() == [["delete", '["V1"]', 0], ["delete", '["V3"]', 2]]
    restored = undo(after, changes)
    assert restored.villages["census_code"].tolist() == ["V1", "V2", "V3", "V4"]
    assert_same_store(restored, before)


def test_a_change_of_the_meta_is_one_key():
    before = tiny_store()
    after = dataclasses.replace(before, meta={**before.meta, "dataset_name": "renamed", "source_notes2": "x"})
    changes = diff(before, after)
    assert changes[["layer", "op", "key"]].values.tolist() == [
        ["meta", "update", '["dataset_name"]'],
        ["meta", "insert", '["source_notes2"]'],
    ]
    assert undo(after, changes).meta == before.meta


def test_a_layer_without_a_key_is_recorded_whole_when_it_changes():
    before = tiny_store()
    district = before.district.assign(name="Renamed")
    after = changed(before, district=district)
    changes = diff(before, after)
    assert changes[["layer", "op", "pos"]].values.tolist() == [
        ["district", "clear", None],
        ["district", "restore", 0],
        ["districts", "update", 0],  # a store of one district: its districts row follows its outline's name
    ]
    assert_same_store(undo(after, changes), before)
    assert diff(before, before).empty  # unchanged: nothing recorded, not even the layer without a key


def test_kept_rows_in_another_order_are_recorded_whole():
    before = tiny_store()
    after = changed(before, villages=before.villages.iloc[[1, 0, 2, 3]])
    changes = diff(before, after, ["villages"])
    assert changes["op"].tolist() == ["clear"] + ["restore"] * 4
    assert_same_store(undo(after, changes), before)


def test_a_change_from_and_to_an_empty_layer():
    before = tiny_store()
    after = changed(before, villages=before.villages.iloc[0:0])
    assert_same_store(undo(after, diff(before, after)), before)
    filled = diff(after, before)
    assert filled[["layer", "op"]].values.tolist() == [["villages", "clear"]]  # a first import: one row, not four
    assert_same_store(undo(before, filled), after)


def test_appended_rows_are_recorded_by_their_keys():
    data = tiny_store()
    changes = inserted("status_events", [6, 7])
    assert changes[["layer", "op", "key"]].values.tolist() == [
        ["status_events", "insert", "[6]"],
        ["status_events", "insert", "[7]"],
    ]
    restored = undo(data, changes)
    assert restored.status_events["event_id"].tolist() == [1, 2, 3, 4, 5]


def test_undo_refuses_a_history_that_does_not_fit():
    data = tiny_store()
    with pytest.raises(ValueError, match=r"layer 'villages' has no row \[\"V9\"\] to undo"):
        undo(data, inserted("villages", ["V9"]))
    with pytest.raises(ValueError, match=r"'changes' should have the columns layer, op, key"):
        undo(data, pd.DataFrame({"layer": []}))
    with pytest.raises(ValueError, match=r"unknown layer\(s\) towns"):
        diff_layer("towns", data.villages, data.villages)
    with pytest.raises(ValueError, match=r"inserted\(\) records rows of a layer keyed by one column, not 'district'"):
        inserted("district", [1])


def test_undo_leaves_its_input_unchanged():
    before = tiny_store()
    after = changed(before, villages=before.villages.drop(index=[1]).reset_index(drop=True))
    kept = after.villages.copy()
    changes = diff(before, after)
    undo(after, changes)
    pd.testing.assert_frame_equal(after.villages, kept)
    assert list(changes.columns) == list(CHANGE_COLUMNS)


def _demo_changed(demo):
    """Every layer of the demo changed: a row updated, one deleted, one added (or the layer emptied)."""
    out = {}
    for name in LAYERS:
        frame = demo.layer(name)
        if name == "meta" or frame.empty:
            continue
        frame = frame.copy()
        text = next(c for c, kind in LAYERS[name].columns.items() if kind == "str" and c not in LAYERS[name].key)
        frame.loc[0, text] = "changed"
        frame = (
            pd.concat([frame.iloc[1:2], frame.iloc[3:], frame.iloc[[2]]], ignore_index=True)
            if len(frame) > 3
            else frame
        )
        out[name] = frame
    return changed(demo, **out)


def test_undo_restores_every_layer_of_the_demo_store():
    demo = read_store(DEMO_STORE, private=True)
    after = _demo_changed(demo)
    after = dataclasses.replace(after, meta={**after.meta, "dataset_name": "changed"})
    changes = diff(demo, after)
    # a store of one district keeps its districts row built from meta and the outline: it changes with them only
    assert set(changes["layer"]) == {name for name in LAYERS if len(demo.layer(name))} - {"districts"}
    assert_same_store(undo(after, changes), demo)


def test_undo_from_and_to_an_empty_store():
    demo = read_store(DEMO_STORE, private=True)
    empty = dataclasses.replace(demo, **{n: demo.layer(n).iloc[0:0] for n in LAYERS if n != "meta"})
    assert_same_store(undo(empty, diff(demo, empty)), demo)
    assert_same_store(undo(demo, diff(empty, demo)), empty)


_VILLAGE = st.fixed_dictionaries(
    {
        "census_code": st.sampled_from([f"V{i}" for i in range(8)]),
        "name": st.one_of(st.none(), st.text(max_size=4)),
        "population": st.one_of(st.none(), st.integers(-5, 5)),
        "x": st.one_of(st.none(), st.floats(86.0, 87.0)),
    }
)


def _villages(rows: list[dict]) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(rows, columns=["census_code", "name", "population", "x"]).assign(panchayat_lgd="P1")
    frame = frame.astype({"population": "Int64"}) if len(frame) else frame
    geometry = [None if x is None else Point(x, 23.9) for x in frame["x"]]
    return conform("villages", gpd.GeoDataFrame(frame.drop(columns="x"), geometry=geometry, crs=4326))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_VILLAGE, max_size=6), st.lists(_VILLAGE, max_size=6))
def test_undo_of_any_change_of_a_layer_gives_the_layer_before(before_rows, after_rows):
    before, after = _villages(before_rows), _villages(after_rows)
    pd.testing.assert_frame_equal(undo_layer("villages", after, diff_layer("villages", before, after)), before)
