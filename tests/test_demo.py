from __future__ import annotations

import shapely

from geo.storage.demo import DISTRICT_POPULATION, METRIC_CRS, PMGDISHA_TOTALS, write_demo
from geo.storage.store import DEMO_STORE


def test_demo_is_byte_for_byte_reproducible(tmp_path):
    first = write_demo(tmp_path / "a.gpkg")
    second = write_demo(tmp_path / "b.gpkg")
    assert first.read_bytes() == second.read_bytes()
    # ... and the committed store is exactly what the generator makes.
    assert first.read_bytes() == DEMO_STORE.read_bytes()


def test_demo_is_labelled_demo(demo):
    assert demo.is_demo
    assert "not official" in demo.meta["dataset_name"]
    assert "(DEMO)" in demo.district["name"].iloc[0]


def test_demo_names_its_district_in_meta(demo):
    identity = demo.identity
    assert (identity.name, identity.name_hi, identity.state, identity.code_kind) == (
        "Jamtara",
        "जामताड़ा",
        "Jharkhand",
        "DEMO",
    )
    assert (identity.expected_panchayats, identity.expected_blocks) == (118, 6)
    assert identity.area("hi") == "जामताड़ा जिला, झारखंड"


def test_demo_counts_and_population(demo):
    assert len(demo.panchayats) == 118
    assert len(demo.blocks) == 6
    assert set(demo.blocks["name"]) == {"Jamtara", "Nala", "Kundhit", "Narayanpur", "Karmatanr", "Fatehpur"}
    assert "करमाटांड़" in set(demo.blocks["name_hi"])
    assert 1_000 <= len(demo.villages) <= 1_200
    assert int(demo.villages["population"].sum()) == DISTRICT_POPULATION == 791_042
    assert (demo.villages["population"] > 0).all()
    assert demo.panchayats["name"].str.contains(" GP ").all()


def test_demo_geometry_tiles_the_district(demo):
    area = demo.district.to_crs(METRIC_CRS).area.iloc[0] / 1e6
    assert abs(area - 1811) < 1
    gps = demo.panchayats.to_crs(METRIC_CRS)
    assert gps.is_valid.all()
    assert abs(gps.area.sum() / 1e6 - gps.union_all().area / 1e6) < 0.001 * area
    assert abs(gps.union_all().area / 1e6 - area) < 0.001 * area
    # every block is the union of its panchayats
    blocks = demo.blocks.to_crs(METRIC_CRS).set_index("lgd_code")
    for code, group in gps.groupby("block_lgd"):
        assert shapely.symmetric_difference(blocks.geometry[code], group.union_all()).area < 1e4


def test_demo_service_points(demo):
    sp = demo.service_points
    kinds = sp["kind"].value_counts()
    assert kinds["pmgdisha"] == 135
    permanent = sp[(sp["kind"] == "aadhaar") & (sp["category"] == "permanent_block_hq")]
    assert len(permanent) == 6
    pmg = sp[sp["kind"] == "pmgdisha"]
    assert {k: int(pmg[k].sum()) for k in PMGDISHA_TOTALS} == PMGDISHA_TOTALS
    assert (pmg["passed"] <= pmg["trained"]).all() and (pmg["trained"] <= pmg["registered"]).all()
    csc_per_gp = sp[sp["kind"] == "csc"].groupby("panchayat_lgd").size()
    assert 0 < 118 - len(csc_per_gp) < 30  # some panchayats have no CSC at all


def test_demo_history_has_two_reviews(demo):
    dates = set(demo.status_events["as_of"])
    assert {"2020-11-12", "2020-12-10"} <= dates
    first = demo.status_events[demo.status_events["as_of"] == "2020-11-12"]
    assert first.groupby("indicator")["panchayat_lgd"].nunique()["bharatnet"] == 118


def test_private_fields_only_on_request(demo, demo_private):
    assert "remark" not in demo.status_events.columns
    assert demo.service_private.empty
    assert demo_private.service_private["phone"].str.startswith("+91").all()
    assert "remark" in demo_private.status_events.columns
