from __future__ import annotations

import pytest
from tiny_district import tiny_store

from geo.indicators import bhawan_points, functional_counts, panchayat_indicators, services_as_of, village_access


def test_village_access_distances_by_hand():
    villages = village_access(tiny_store()).set_index("census_code")
    # the Aadhaar centre stands 1 m east of the origin; villages 3 and 8 km west/east of it
    assert villages.loc["V1", "aadhaar_dist_km"] == pytest.approx(3.001, abs=0.001)
    assert villages.loc["V4", "aadhaar_dist_km"] == pytest.approx(7.999, abs=0.001)
    # the closed CSC in the east does not count: everyone goes to the western one
    assert set(villages["csc_id"]) == {"C1"}
    assert villages.loc["V1", "csc_dist_km"] == pytest.approx(5.0, abs=0.001)
    assert villages.loc["V4", "csc_dist_km"] == pytest.approx(16.0, abs=0.001)
    # no PMGDISHA centre in the store: distances are missing, not zero
    assert villages["pmgdisha_dist_km"].isna().all()


def test_services_as_of_drops_later_openings():
    services = tiny_store().service_points
    assert list(services_as_of(services, "2020-11-12")["id"]) == ["A1", "C2"]
    assert len(services_as_of(services, None)) == 3


def test_panchayat_indicators_by_hand():
    gp = panchayat_indicators(tiny_store(), aadhaar_km=5).set_index("lgd_code")
    assert gp.loc["P1", "population"] == 300 and gp.loc["P2", "population"] == 700
    assert gp.loc["P1", "villages_beyond_aadhaar"] == 1 and gp.loc["P2", "population_beyond_aadhaar"] == 400
    assert gp.loc["P2", "csc_points"] == 1 and gp.loc["P2", "csc_functional_points"] == 0
    assert bool(gp.loc["P1", "online"]) and bool(gp.loc["P2", "online"])
    assert gp.loc["P1", "block_name"] == "Block"
    then = panchayat_indicators(tiny_store(), as_of="2020-11-12").set_index("lgd_code")
    assert then.loc["P1", "csc_functional"] == "no" and then.loc["P1", "csc_points"] == 0


def test_bhawan_points_fall_back_to_centroids(demo):
    pts = bhawan_points(tiny_store().panchayats)
    assert (pts.geom_type == "Point").all()
    assert pts.geometry.iloc[0].x < 86.80 < pts.geometry.iloc[1].x
    demo_pts = bhawan_points(demo.panchayats)
    assert demo_pts.geometry.x.round(6).equals(demo.panchayats["bhawan_lon"].round(6))


def test_bad_threshold():
    with pytest.raises(ValueError, match="aadhaar_km must be a positive distance"):
        panchayat_indicators(tiny_store(), aadhaar_km=0)


def test_functional_counts_skip_closed_points():
    counts = functional_counts(tiny_store().service_points)
    assert counts.to_dict() == {"aadhaar": 1, "csc": 1}  # the closed CSC in the east does not count
