from __future__ import annotations

import dataclasses

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from geo.errors import StoreError
from geo.storage.schema import INDICATOR_VALUES, NETWORK_FINDINGS, VALUE_LABELS
from geo.storage.store import append_events, empty_layer, read_layer, read_store, write_store


def _event(code: str, indicator: str, value: str, as_of: str) -> dict:
    return {
        "panchayat_lgd": code,
        "indicator": indicator,
        "value": value,
        "as_of": as_of,
        "source": "test",
        "remark": "",
        "recorded_by": "tester",
        "recorded_at": f"{as_of}T10:00:00Z",
    }


def test_round_trip_keeps_every_layer(tmp_path, demo_private):
    path = write_store(tmp_path / "s.gpkg", demo_private)
    back = read_store(path, private=True)
    assert back.meta == demo_private.meta
    for name in ("blocks", "panchayats", "villages", "service_points"):
        a, b = getattr(demo_private, name), getattr(back, name)
        assert list(a.columns) == list(b.columns)
        assert a.drop(columns="geometry").equals(b.drop(columns="geometry"))
        assert a.geometry.geom_equals_exact(b.geometry, tolerance=1e-9).all()
        assert b.crs.to_epsg() == 4326
    pd.testing.assert_frame_equal(back.status_events, demo_private.status_events)


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match=r"does not exist; make the demo with `python -m geo demo"):
        read_store(tmp_path / "nope.gpkg")


def test_not_a_store(tmp_path):
    junk = tmp_path / "junk.gpkg"
    junk.write_bytes(b"this is not sqlite")
    with pytest.raises(StoreError, match="not a readable GeoPackage"):
        read_store(junk)
    other = tmp_path / "other.gpkg"
    gpd.GeoDataFrame({"a": [1]}, geometry=[Point(86.8, 23.9)], crs=4326).to_file(other, layer="x")
    with pytest.raises(StoreError, match="has no layer 'district'"):
        read_store(other)


def test_failed_write_leaves_the_old_store_intact(demo_copy, demo_private):
    before = demo_copy.read_bytes()
    broken = dataclasses.replace(demo_private, villages=demo_private.villages.drop(columns="panchayat_lgd"))
    with pytest.raises(StoreError, match="lacks required column"):
        write_store(demo_copy, broken)
    assert demo_copy.read_bytes() == before
    assert not list(demo_copy.parent.glob("*.tmp.gpkg"))


def test_write_into_existing_store_replaces_content(demo_copy, demo_private):
    smaller = dataclasses.replace(demo_private, villages=demo_private.villages.iloc[:10])
    write_store(demo_copy, smaller)
    back = read_store(demo_copy)
    assert len(back.villages) == 10
    assert len(back.panchayats) == 118


def test_append_events_assigns_ids_and_never_overwrites(demo_copy):
    before = read_layer(demo_copy, "status_events", private=True)
    ids = append_events(
        demo_copy,
        pd.DataFrame(
            [_event("990101", "library", "opened", "2021-01-05"), _event("990101", "bharatnet", "live", "2021-01-05")]
        ),
    )
    after = read_layer(demo_copy, "status_events", private=True)
    assert ids == [len(before) + 1, len(before) + 2]
    assert len(after) == len(before) + 2
    pd.testing.assert_frame_equal(after.iloc[: len(before)], before)
    assert after.iloc[-1]["recorded_by"] == "tester"


def test_conform_rejects_wrong_crs_free_frames(tmp_path, demo_private):
    bad = pd.DataFrame({"lgd_code": ["1"], "name": ["x"], "name_hi": ["x"]})
    with pytest.raises(StoreError, match="must be a GeoDataFrame with a CRS"):
        write_store(tmp_path / "s.gpkg", dataclasses.replace(demo_private, district=bad))


def test_empty_layer_has_contract_columns():
    frame = empty_layer("service_points")
    assert list(frame.columns)[:3] == ["id", "kind", "category"]
    assert frame.crs.to_epsg() == 4326
    assert len(frame) == 0


def test_polygons_are_stored_as_multipolygons(tmp_path, demo_private):
    one = gpd.GeoDataFrame(
        {"lgd_code": ["1"], "name": ["D"], "name_hi": ["डी"]}, geometry=[box(86, 23, 87, 24)], crs=4326
    )
    path = write_store(tmp_path / "s.gpkg", dataclasses.replace(demo_private, district=one))
    assert read_layer(path, "district").geom_type.iloc[0] == "MultiPolygon"


def test_a_store_of_the_previous_schema_gains_the_new_column_on_write(tmp_path):
    """A schema-1 store (no service_points.status_as_of) takes an import or rollback: the column is added."""
    import sqlite3

    from tiny_district import tiny_store

    from geo.storage.store import read_store, write_store

    path = write_store(tmp_path / "old.gpkg", tiny_store())
    with sqlite3.connect(path) as con:
        con.execute('ALTER TABLE service_points DROP COLUMN "status_as_of"')
    assert read_store(path).service_points["status_as_of"].isna().all()  # read: the column is optional
    data = tiny_store()
    data.service_points.loc[0, "status_as_of"] = "2020-12-01"
    write_store(path, data)
    assert read_store(path).service_points["status_as_of"].tolist()[0] == "2020-12-01"


def test_the_contract_values_read_in_both_languages_in_rollout_order():
    for indicator, values in INDICATOR_VALUES.items():
        assert list(VALUE_LABELS[indicator]) == list(values), indicator  # legends list them in this order
    assert VALUE_LABELS["bharatnet"]["service_ready"]("en") == "Service-ready"
    assert VALUE_LABELS["bharatnet"]["service_ready"]("hi") == "सेवा हेतु तैयार"
    assert VALUE_LABELS["inspection"]["offline"]("hi-u-nu-deva") == "बंद मिला"
    assert [label("en") for label in NETWORK_FINDINGS.values()] == ["Working", "Not working", "Not installed"]
