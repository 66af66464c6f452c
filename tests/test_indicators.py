"""The review's rules, one per indicator, on the hand-made tiny district (values worked out by hand)."""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import pandas as pd
import pytest
from tiny_district import east, tiny_store

from geo.review.analysis import analyse
from geo.review.indicators import (
    bhawan_points,
    connectivity_class,
    effective_services,
    functional_counts,
    register_and_review,
    services_as_of,
)
from geo.storage.store import StoreData, conform


def test_connectivity_classes_are_exclusive_and_literal():
    status = pd.DataFrame(
        {
            "bharatnet": ["live", "live", "service_ready", None, None, "cable_laid"],
            "jharnet": [None, "planned", "installed", "live", None, None],
            "inspection": ["online", "offline", "online", "offline", None, "offline"],
        }
    )
    # service-ready is a stage, never working; an offline finding on a not-live building is still "not live"
    assert connectivity_class(status).tolist() == [
        "working",
        "live_offline",
        "not_live",
        "live_offline",
        "not_recorded",
        "not_live",
    ]


def test_register_and_review_newest_dated_statement_wins():
    idx = ["older_review", "newer_review", "same_day", "undated_register", "register_only", "nothing"]
    out = register_and_review(
        pd.Series(["no", "no", "no", "no", None, None], index=idx),
        pd.Series(["2020-11-12", "2020-12-10", "2020-12-01", "2020-11-12", None, None], index=idx),
        pd.Series(["yes", "yes", "yes", "yes", "yes", None], index=idx),
        pd.Series(["2020-12-01", "2020-12-01", "2020-12-01", None, None, None], index=idx),
    )
    assert out["value"].tolist() == ["yes", "no", "no", "no", "yes", pd.NA]
    assert out["source"].tolist() == ["register", "review", "review", "review", "register", pd.NA]
    assert out["as_of"].tolist() == ["2020-12-01", "2020-12-10", "2020-12-01", "2020-11-12", pd.NA, pd.NA]


def test_a_csc_flag_recorded_after_the_day_asked_is_not_known_that_day():
    data = tiny_store()
    events = data.status_events[data.status_events["indicator"] != "csc_functional"]
    services = data.service_points.assign(status_as_of=["", "2020-12-20", ""])  # C1 (P1, working) flagged 20 Dec
    data = dataclasses.replace(data, status_events=events, service_points=services)
    before = analyse(data, as_of="2020-12-15")
    gp = before.panchayats.set_index("lgd_code")
    # P1: its one CSC was flagged after 15 Dec: not recorded that day (not "none"); P2: C2 undated, closed
    assert pd.isna(gp.loc["P1", "csc"]) and gp.loc["P2", "csc"] == "not_functional"
    assert [before.figures.value(k) for k in ("csc_functional", "csc_not_functional", "csc_not_recorded")] == [0, 1, 1]
    after = analyse(data).panchayats.set_index("lgd_code")
    assert after.loc["P1", "csc"] == "functional" and after.loc["P1", "csc_as_of"] == "2020-12-20"
    # a register all of whose flags came later says nothing of the day: no panchayat reads "none" then
    data = dataclasses.replace(data, service_points=services.assign(status_as_of="2020-12-20"))
    assert analyse(data, as_of="2020-12-15").panchayats["csc"].isna().all()


def with_library_register(stated: tuple[str, str]) -> StoreData:
    """The tiny district with a library register of two sites whose space was identified on ``stated`` (L1, L2).

    L1 stands in P1, L2 in P2; neither has opened. The review's own library event is
    left out, so the register alone speaks of the library.
    """
    data = tiny_store()
    sites = gpd.GeoDataFrame(
        {
            "id": ["L1", "L2"],
            "kind": ["library", "library"],
            "category": ["space_identified", "space_identified"],
            "name": ["Library west", "Library east"],
            "name_hi": ["पुस्तकालय", "पुस्तकालय"],
            "panchayat_lgd": ["P1", "P2"],
            "opened": ["", ""],
            "status_as_of": list(stated),
        },
        geometry=[east(-3), east(3)],
        crs=4326,
    )
    services = conform("service_points", pd.concat([data.service_points, sites], ignore_index=True))
    events = data.status_events[data.status_events["indicator"] != "library"]
    return dataclasses.replace(data, service_points=services, status_events=events)


def states(data: StoreData, as_of: str | None, indicator: str) -> list[tuple[object, object]]:
    """``(state, its date)`` of P1 and P2 on ``as_of``, missing as None."""
    gp = analyse(data, as_of=as_of).panchayats.set_index("lgd_code")
    rows = gp.loc[["P1", "P2"], [indicator, f"{indicator}_as_of"]].astype(object)
    return [tuple(None if pd.isna(v) else v for v in row) for row in rows.itertuples(index=False)]


def test_a_library_site_identified_after_the_day_asked_is_not_known_that_day():
    data = with_library_register(("2020-12-20", "2020-12-01"))  # L1 (P1) identified 20 Dec, L2 (P2) 1 Dec
    # 15 Dec: L1's space was not yet identified, so P1 is not recorded (not "space identified", not "not started")
    assert states(data, "2020-12-15", "library") == [(None, None), ("space_identified", "2020-12-01")]
    # 20 Dec and the latest: both sites known
    assert states(data, "2020-12-20", "library") == [
        ("space_identified", "2020-12-20"),
        ("space_identified", "2020-12-01"),
    ]
    assert states(data, None, "library") == states(data, "2020-12-20", "library")
    # the CSC register, as before: P1's review said yes on 10 Dec, P2's closed C2 and its review of 12 Nov say no
    csc = [("functional", "2020-12-10"), ("not_functional", "2020-11-12")]
    assert states(data, "2020-12-15", "csc") == csc
    assert states(data, None, "csc") == csc


def test_a_library_register_known_on_the_day_still_says_not_started_where_it_has_no_site():
    data = with_library_register(("2020-12-20", "2020-12-01"))
    only_l2 = dataclasses.replace(data, service_points=data.service_points[data.service_points["id"] != "L1"])
    assert states(only_l2, "2020-12-15", "library") == [("not_started", None), ("space_identified", "2020-12-01")]


def test_a_library_register_all_of_whose_sites_came_later_says_nothing_of_the_day():
    data = with_library_register(("2020-12-20", "2020-12-20"))
    assert states(data, "2020-12-15", "library") == [(None, None), (None, None)]
    assert states(data, "2020-12-20", "library") == [
        ("space_identified", "2020-12-20"),
        ("space_identified", "2020-12-20"),
    ]


def test_tiny_district_latest_by_hand():
    gp = analyse(tiny_store(), aadhaar_km=5).panchayats.set_index("lgd_code")
    # P1: BharatNet live; P2: BharatNet cable laid but JharNet live; nobody inspected: both working
    assert gp["connectivity"].to_dict() == {"P1": "working", "P2": "working"}
    # P1: the review said yes on 2020-12-10 (C1's flag is undated); P2: C2 is closed, the review said no
    assert gp.loc["P1", "csc"] == "functional" and gp.loc["P1", "csc_source"] == "review"
    assert gp.loc["P2", "csc"] == "not_functional" and gp.loc["P2", "csc_as_of"] == "2020-11-12"
    assert gp.loc["P2", "csc_points"] == 1 and gp.loc["P2", "csc_functional_points"] == 0
    # library: opened in P1; nothing about P2 anywhere: not recorded, not "not started"
    assert gp.loc["P1", "library"] == "opened" and pd.isna(gp.loc["P2", "library"])
    assert gp.loc["P1", "population"] == 300 and gp.loc["P2", "population"] == 700
    assert gp.loc["P1", "villages_beyond_aadhaar"] == 1 and gp.loc["P2", "population_beyond_aadhaar"] == 400
    assert gp.loc["P1", "block_name"] == "Block"


def test_tiny_district_at_the_first_review_by_hand():
    gp = analyse(tiny_store(), as_of="2020-11-12").panchayats.set_index("lgd_code")
    assert gp["connectivity"].to_dict() == {"P1": "working", "P2": "not_live"}
    # C1 opened on 2020-12-01, so on 2020-11-12 P1 had no CSC point and the review said no
    assert gp.loc["P1", "csc"] == "not_functional" and gp.loc["P1", "csc_points"] == 0
    assert gp["library"].isna().all()


def test_a_dated_functional_flag_outranks_an_older_review():
    data = tiny_store()
    points = data.service_points.copy()
    points.loc[points["id"] == "C2", ["functional", "status_as_of"]] = [True, "2020-12-05"]
    gp = analyse(dataclasses.replace(data, service_points=points)).panchayats.set_index("lgd_code")
    assert gp.loc["P2", "csc"] == "functional" and gp.loc["P2", "csc_source"] == "register"
    assert gp.loc["P2", "csc_as_of"] == "2020-12-05" and gp.loc["P2", "csc_functional_points"] == 1
    # before the flag's date the review of 2020-11-12 stands: not functional, and the point is not offered
    then = analyse(dataclasses.replace(data, service_points=points), as_of="2020-12-01")
    assert then.panchayats.set_index("lgd_code").loc["P2", "csc"] == "not_functional"
    assert not then.services.set_index("id").loc["C2", "functional"]


def test_a_newer_review_overrules_a_point_flag():
    data = tiny_store()
    points = data.service_points.copy()
    points.loc[points["id"] == "C1", "status_as_of"] = "2020-12-01"
    events = pd.concat(
        [
            data.status_events,
            data.status_events.iloc[[3]].assign(
                event_id=8, value="no", as_of="2020-12-20", recorded_at="2020-12-20T12:00:00Z"
            ),
        ],
        ignore_index=True,
    )
    services = effective_services(points, events)
    assert not services.set_index("id").loc["C1", "functional"]  # the review of 2020-12-20 says no CSC works in P1
    result = analyse(dataclasses.replace(data, service_points=points, status_events=events))
    assert result.panchayats.set_index("lgd_code").loc["P1", "csc"] == "not_functional"
    assert "csc" not in result.functional_kinds  # so no village is sent to it as its nearest CSC
    assert result.villages["csc_dist_km"].isna().all()


def test_village_access_distances_by_hand():
    villages = analyse(tiny_store()).villages.set_index("census_code")
    # the Aadhaar centre stands 1 m east of the origin; villages 3 and 8 km west/east of it
    assert villages.loc["V1", "aadhaar_dist_km"] == pytest.approx(3.001, abs=0.001)
    assert villages.loc["V4", "aadhaar_dist_km"] == pytest.approx(7.999, abs=0.001)
    # the closed CSC in the east does not count: everyone goes to the western one
    assert set(villages["csc_id"]) == {"C1"}
    assert villages.loc["V1", "csc_dist_km"] == pytest.approx(5.0, abs=0.001)
    assert villages.loc["V4", "csc_dist_km"] == pytest.approx(16.0, abs=0.001)
    # no PMGDISHA centre in the store: distances are missing, not zero
    assert villages["pmgdisha_dist_km"].isna().all()
    assert villages.loc["V2", "panchayat_name"] == "West GP" and villages.loc["V2", "block_name"] == "Block"


def test_services_as_of_drops_later_openings():
    services = tiny_store().service_points
    assert list(services_as_of(services, "2020-11-12")["id"]) == ["A1", "C2"]
    assert len(services_as_of(services, None)) == 3


def test_bhawan_points_fall_back_to_centroids(demo):
    pts = bhawan_points(tiny_store().panchayats)
    assert (pts.geom_type == "Point").all()
    assert pts.geometry.iloc[0].x < 86.80 < pts.geometry.iloc[1].x
    demo_pts = bhawan_points(demo.panchayats)
    assert demo_pts.geometry.x.round(6).equals(demo.panchayats["bhawan_lon"].round(6))


def test_bad_threshold():
    with pytest.raises(ValueError, match="aadhaar_km must be a positive distance"):
        analyse(tiny_store(), aadhaar_km=0)


def test_functional_counts_skip_closed_points():
    counts = functional_counts(tiny_store().service_points)
    assert counts.to_dict() == {"aadhaar": 1, "csc": 1}  # the closed CSC in the east does not count
