"""The DEMO state (geo.storage.demo_state): counts, codes, exact tiling, determinism, DEMO marking.

The small state has 3 districts, 6 blocks, 12 panchayats and 2 villages per panchayat.
By hand: 12 panchayats over 3 districts, each at least one and within ±15 % of the
others, can only be 4 each; 6 blocks spread by panchayats beyond the first (3 each)
are 2 each; 4 panchayats over 2 blocks are 2 each. So every district has 2 blocks,
4 panchayats and 8 villages (24 in all), coded 901-903, 90101 … 90302,
9010101 … 9030202.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

from cli import main
from geo.storage.demo_state import StateSize, build_demo_state, plan_state, write_demo_state
from geo.storage.store import write_store
from geo.storage.validate import pairwise_overlaps, validate_store

SMALL = StateSize(districts=3, blocks=6, panchayats=12, villages_per_panchayat=(2, 2))
UTM = "EPSG:32645"


@pytest.fixture(scope="module")
def small():
    return build_demo_state(SMALL)


def test_the_small_state_has_the_counts_worked_out_by_hand(small):
    assert (len(small.districts), len(small.blocks), len(small.panchayats), len(small.villages)) == (3, 6, 12, 24)
    assert len(small.village_boundaries) == 24
    assert small.districts["lgd_code"].tolist() == ["901", "902", "903"]
    assert small.blocks["lgd_code"].tolist() == ["90101", "90102", "90201", "90202", "90301", "90302"]
    assert small.blocks.groupby("district_lgd").size().tolist() == [2, 2, 2]
    assert small.panchayats.groupby("block_lgd").size().tolist() == [2] * 6
    assert small.villages.groupby("panchayat_lgd").size().tolist() == [2] * 12
    assert small.panchayats["lgd_code"].iloc[-1] == "9030202"
    assert small.villages["census_code"].iloc[-1] == "903020202"


def test_every_block_has_a_district_and_every_code_is_unique_and_known(small):
    assert set(small.blocks["district_lgd"]) == set(small.districts["lgd_code"])
    assert set(small.panchayats["block_lgd"]) == set(small.blocks["lgd_code"])
    assert set(small.villages["panchayat_lgd"]) == set(small.panchayats["lgd_code"])
    assert small.village_boundaries["census_code"].tolist() == small.villages["census_code"].tolist()
    for frame, key in (
        (small.districts, "lgd_code"),
        (small.blocks, "lgd_code"),
        (small.panchayats, "lgd_code"),
        (small.villages, "census_code"),
        (small.service_points, "id"),
        (small.status_events, "event_id"),
    ):
        assert frame[key].is_unique
    assert small.service_private["id"].tolist() == small.service_points["id"].tolist()


def test_the_small_state_is_valid_with_no_warning(small):
    report = validate_store(small)
    assert report.ok and report.problems == []
    assert "panchayats tile the district (within 0.1 %)" in report.facts
    assert "every village and service point lies inside the district" in report.facts


@pytest.mark.parametrize(
    ("children", "parents", "parent_key"),
    [
        ("village_boundaries", "panchayats", "panchayat_lgd"),
        ("panchayats", "blocks", "block_lgd"),
        ("blocks", "districts", "district_lgd"),
        ("districts", "district", None),
    ],
)
def test_every_level_tiles_the_one_above_it_exactly(small, children, parents, parent_key):
    """No overlap between siblings; their union is their parent, to under 1 m² (rounding to 1e-7 degree)."""
    child = getattr(small, children).to_crs(UTM)
    if children == "village_boundaries":
        child = child.assign(panchayat_lgd=small.villages["panchayat_lgd"].to_numpy())
    parent = getattr(small, parents).to_crs(UTM)
    assert pairwise_overlaps(child.geometry.to_numpy()) == []
    groups = child.groupby(parent_key) if parent_key else [(None, child)]
    for code, part in groups:
        outline = parent.geometry.iloc[0] if code is None else parent.loc[parent["lgd_code"] == code].geometry.iloc[0]
        union = shapely.union_all(part.geometry.to_numpy())
        assert shapely.symmetric_difference(union, outline).area < 1.0, (children, code)


def test_every_service_point_lies_in_the_panchayat_it_names(small):
    points = small.service_points.to_crs(UTM)
    gps = small.panchayats.to_crs(UTM).set_index("lgd_code").geometry
    inside = [gps[code].contains(point) for code, point in zip(points["panchayat_lgd"], points.geometry, strict=True)]
    assert all(inside)
    assert set(points["kind"]) == {"csc", "aadhaar", "pmgdisha", "library"}
    hq = points[points["category"] == "permanent_block_hq"]
    assert len(hq) == 6 and hq["functional"].all()


def test_the_history_is_two_reviews_consistent_with_the_services(small):
    events = small.status_events
    first = events[events["as_of"] == "2020-11-12"]
    assert first.groupby("indicator").size().to_dict() == {
        "bharatnet": 12,
        "csc_functional": 12,
        "jharnet": 12,
        "library": 12,
    }
    reviews = events[events["indicator"] != "inspection"]
    assert set(reviews["as_of"]) <= {"2020-11-12", "2020-12-10"}
    inspections = events[events["indicator"] == "inspection"]
    assert inspections["as_of"].between("2020-11-16", "2020-11-29").all()
    assert events["event_id"].tolist() == list(range(1, len(events) + 1))
    latest = events.sort_values(["as_of", "event_id"]).drop_duplicates(["panchayat_lgd", "indicator"], keep="last")
    latest = latest.set_index(["indicator", "panchayat_lgd"])["value"]
    services = small.service_points
    with_csc = set(services.loc[(services["kind"] == "csc") & services["functional"].astype(bool), "panchayat_lgd"])
    assert {gp for gp, value in latest["csc_functional"].items() if value == "yes"} == with_csc
    libraries = services[services["kind"] == "library"].set_index("panchayat_lgd")
    assert set(libraries.index) == {gp for gp, value in latest["library"].items() if value != "not_started"}
    assert all(
        (libraries.at[gp, "category"] == "opened") == (latest["library", gp] == "opened") for gp in libraries.index
    )


def test_the_state_is_marked_demo_in_its_meta_and_its_names(small):
    assert small.is_demo
    assert small.meta["dataset_name"] == "DEMO state: 3 synthetic districts (not official)"
    assert (small.meta["state_name"], small.meta["state_name_hi"]) == ("DEMO state (synthetic)", "डेमो राज्य (काल्पनिक)")
    assert small.districts["name"].tolist() == ["DEMO 01", "DEMO 02", "DEMO 03"]
    assert small.districts["name_hi"].tolist() == ["डेमो 01", "डेमो 02", "डेमो 03"]
    assert set(small.districts["code_kind"]) == {"DEMO"}
    assert small.panchayats["name"].iloc[5] == "GP 02-01-02"
    assert small.panchayats["name_hi"].iloc[5] == "ग्रा.पं. 02-01-02"
    assert small.identity.label("en") == "DEMO state (synthetic)"


def test_the_same_seed_gives_the_same_state_and_the_same_file(small, tmp_path):
    again = build_demo_state(SMALL)
    for name in ("districts", "blocks", "panchayats", "villages", "village_boundaries", "service_points"):
        assert_geodataframe_equal(getattr(again, name), getattr(small, name))
    pd.testing.assert_frame_equal(again.status_events, small.status_events)
    first = write_demo_state(tmp_path / "a.gpkg", size=SMALL)
    second = write_demo_state(tmp_path / "b.gpkg", size=SMALL)
    assert first.read_bytes() == second.read_bytes()
    other = build_demo_state(SMALL, seed=1)
    assert not other.villages.geometry.geom_equals(small.villages.geometry).all()


def test_summary_of_one_district_of_the_state(tmp_path, capsys):
    store = write_demo_state(tmp_path / "state.gpkg", size=SMALL)
    assert main(["summary", "--store", str(store), "--district", "DEMO 02"]) == 0
    out = capsys.readouterr().out
    lines = {line.rsplit(maxsplit=1)[0].strip(): line.split()[-1] for line in out.splitlines()[:30]}
    assert lines["Gram panchayats"] == "4" and lines["Villages"] == "8"
    assert "Block 02-01" in out and "Block 02-02" in out and "Block 01-01" not in out
    assert out.startswith("DEMO DATA — not official. DEMO 02 district, DEMO state (synthetic)")


def test_the_full_state_plan_has_jharkhands_counts():
    plan = plan_state()
    assert (len(plan.districts), len(plan.blocks), len(plan.panchayats)) == (24, 263, 4345)
    assert 32_000 <= len(plan.villages) <= 35_000
    per_district = plan.panchayats.groupby(plan.panchayats["block_lgd"].str[:3]).size()
    assert per_district.between(150, 215).all() and per_district.sum() == 4345
    assert plan.blocks.groupby("district_lgd").size().between(10, 12).all()
    assert plan.districts["lgd_code"].tolist() == [str(901 + i) for i in range(24)]
    assert plan.villages["census_code"].is_unique and plan.panchayats["lgd_code"].is_unique
    assert (plan.villages["population"] > 0).all()


def test_demo_state_needs_an_out_path_and_never_writes_over_real_data(tmp_path, capsys):
    from tiny_district import tiny_store

    assert main(["demo", "--state"]) == 2
    assert "demo --state needs --out PATH" in capsys.readouterr().err
    real = write_store(tmp_path / "real.gpkg", tiny_store())
    before = real.read_bytes()
    assert main(["demo", "--state", "--out", str(real)]) == 2
    assert "holds a store of real data" in capsys.readouterr().err
    assert real.read_bytes() == before


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (dict(districts=0), r"districts 0 \(expected 1 to 99\)"),
        (dict(districts=3, blocks=2, panchayats=5), r"blocks 2 \(expected between districts and 99 per district\)"),
        (dict(districts=1, blocks=2, panchayats=1), r"panchayats 1 \(expected between blocks and 99 per block\)"),
        (dict(villages_per_panchayat=(3, 2)), r"villages_per_panchayat \(3, 2\)"),
    ],
)
def test_a_size_the_codes_cannot_number_is_refused(size, message):
    with pytest.raises(ValueError, match=message):
        StateSize(**size)


def test_a_plan_asks_for_a_state_size():
    with pytest.raises(TypeError, match="'size' should be a StateSize, got dict"):
        plan_state({"districts": 2})


def test_the_village_cells_are_the_grid_of_the_state(small):
    """Each cell is a jittered 1,550 m square: between (1 - 2 x 0.2)² and (1 + 2 x 0.2)² of 1,550² m²."""
    area = small.village_boundaries.to_crs(UTM).area.to_numpy()
    assert ((area > 0.36 * 1550**2) & (area < 1.96 * 1550**2)).all()
    assert np.isclose(area.mean(), 1550**2, rtol=0.1)


def test_a_state_of_one_district_names_it_in_meta():
    """A store of one district reads its name from meta (geo.storage.districts): the generator puts it there."""
    data = build_demo_state(StateSize(districts=1, blocks=2, panchayats=3, villages_per_panchayat=(1, 1)))
    assert data.districts[["lgd_code", "name", "code_kind"]].values.tolist() == [["901", "DEMO 01", "DEMO"]]
    assert (data.meta["district_name"], data.meta["district_code"]) == ("DEMO 01", "901")
    assert data.blocks["district_lgd"].tolist() == ["901", "901"] and len(data.villages) == 3
    assert validate_store(data).ok
