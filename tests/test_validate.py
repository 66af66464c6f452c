from __future__ import annotations

import dataclasses

import pandas as pd
from shapely.affinity import translate
from shapely.geometry import Point, Polygon
from tiny_district import tiny_store

from geo.storage.validate import validate_store


def test_demo_store_validates(demo):
    report = validate_store(demo)
    assert report.ok, [str(p) for p in report.problems]
    assert report.problems == []
    text = "\n".join(report.facts)
    assert "118 panchayats, 6 blocks" in text
    assert "village population 7,91,042" in text
    assert "district: Jamtara district, Jharkhand (DEMO code 999)" in text
    assert "geometry valid" in text
    assert "panchayats tile the district (within 0.1 %)" in text
    assert "every village and service point lies inside the district" in text


def test_every_problem_is_reported_together():
    data = tiny_store()
    gps = data.panchayats.copy()
    gps.loc[1, "geometry"] = translate(gps.geometry[1], xoff=-0.02)  # overlaps P1, leaves a gap
    villages = data.villages.copy()
    villages.loc[0, "geometry"] = Point(23.95, 86.80)  # lat/lon swapped
    villages.loc[1, "panchayat_lgd"] = "P9"
    services = data.service_points.copy()
    services.loc[0, "kind"] = "atm"
    bowtie = Polygon([(86.7, 23.9), (86.8, 24.0), (86.8, 23.9), (86.7, 24.0)])
    blocks = data.blocks.copy()
    blocks.loc[0, "geometry"] = bowtie
    wrong = data.status_events.tail(1).assign(event_id=99, value="maybe", as_of="12/10/2020")
    events = pd.concat([data.status_events, wrong])
    meta = data.meta | {"district_name": "Tiny", "expected_panchayats": "118"}
    broken = dataclasses.replace(
        data, panchayats=gps, villages=villages, service_points=services, blocks=blocks, status_events=events, meta=meta
    )
    problems = [str(p) for p in validate_store(broken).problems]
    joined = "\n".join(problems)
    assert "WARNING: panchayats: 2 panchayats; Tiny is recorded as having 118" in joined
    assert "ERROR: panchayats: panchayats do not tile the district: overlap" in joined
    gaps = [p for p in problems if "belong to no polygon" in p]
    assert len(gaps) == 1 and gaps[0].startswith("WARNING: panchayats gap near")  # a gap is never an error
    assert "ERROR: villages V1: lies outside the district; check its coordinates (lat/lon swapped?)" in problems
    assert "ERROR: villages.panchayat_lgd P9: 1 row(s) name a panchayat that is not in the store" in problems
    assert any(p.startswith("ERROR: service_points.kind 'atm'") for p in problems)
    assert any(p.startswith("ERROR: blocks B1: invalid geometry (Self-intersection") for p in problems)
    assert any("jharnet='maybe'" in p for p in problems)
    assert "ERROR: status_events.as_of '12/10/2020': not a date; write dates as YYYY-MM-DD" in problems


def test_duplicate_codes():
    data = tiny_store()
    villages = data.villages.copy()
    villages.loc[1, "census_code"] = "V1"
    gps = data.panchayats.copy()
    gps.loc[1, "lgd_code"] = "P1"
    problems = [str(p) for p in validate_store(dataclasses.replace(data, villages=villages, panchayats=gps)).problems]
    # villages kept under a shared census code on purpose go on being listed; a shared LGD code is an error
    assert (
        "WARNING: villages census_code V1: duplicate code (2 rows); kept on import as asked; correct the code in "
        "the source" in problems
    )
    assert "ERROR: panchayats lgd_code P1: duplicate code (2 rows); codes must be unique" in problems


def test_an_unnamed_store_is_asked_for_its_name():
    data = tiny_store()
    unnamed = dataclasses.replace(data, district=data.district.assign(name=None, name_hi=None))
    report = validate_store(unnamed)
    assert any(p.where == "meta" and "--district-name" in p.message for p in report.problems)
    assert "district: Unnamed district (code D)" in report.facts


def test_equal_holes_between_panchayats_are_listed_with_areas():
    import geopandas as gpd
    from shapely.geometry import box

    from geo.storage.validate import tiling, tiling_problems

    x, y = 500_000, 2_650_000  # UTM 45N, near 87 °E 24 °N
    outer = box(x, y, x + 1000, y + 1000)
    holes = outer.difference(box(x + 100, y + 100, x + 110, y + 110)).difference(
        box(x + 500, y + 500, x + 510, y + 510)
    )  # two 100 m² holes
    frame = gpd.GeoDataFrame({"lgd_code": ["A"]}, geometry=[holes], crs=32645).to_crs(4326)
    found = tiling(frame, "lgd_code")
    assert [round(area, 1) for area, _, _ in found.gaps] == [100.0, 100.0]
    assert round(found.gap_km2 * 1e6, 1) == 200.0 and round(found.outline_km2, 4) == 1.0
    problems = tiling_problems(found, where="panchayats", min_m2=50)
    assert len(problems) == 2
    assert all(p.message.startswith("100.0 m² belong to no polygon") for p in problems)
    assert all(p.where.startswith("panchayats sliver near") for p in problems)


def test_a_gap_is_one_figure_said_once():
    """Panchayats with a 1 km² hole, the district their union (holes and all): the gap is 1 km², said once."""
    import geopandas as gpd
    from shapely.geometry import box

    x, y = 500_000, 2_650_000
    ring = box(x, y, x + 3000, y + 3000).difference(box(x + 1000, y + 1000, x + 2000, y + 2000))
    gps = gpd.GeoDataFrame(
        {"lgd_code": ["P1", "P2"], "name": ["A", "B"], "name_hi": "", "block_lgd": "B1"},
        geometry=[ring, box(x + 3000, y, x + 4000, y + 3000)],
        crs=32645,
    ).to_crs(4326)
    district = gpd.GeoDataFrame(
        {"lgd_code": ["D"], "name": ["Tiny"], "name_hi": [""]}, geometry=[gps.union_all()], crs=4326
    )
    report = validate_store(
        dataclasses.replace(tiny_store(), panchayats=gps, district=district, villages=tiny_store().villages.iloc[:0])
    )
    facts = [f for f in report.facts if "km²" in f]
    assert len(facts) == 1
    assert "the district 12.0 km²; panchayats: sum of areas 11.0 km², union 11.0 km²" in facts[0]
    assert (
        "(overlaps 0.000 km² in 0 place(s), 0 of at least 100 m²; gaps 1.000 km² in 1 place(s), 1 of at least 100 m²;"
    ) in facts[0]
    gaps = [p for p in report.problems if "belong to no polygon" in p.message]
    assert [(p.severity, p.message[:30]) for p in gaps] == [("warning", "1.000 km² belong to no polygon")]
    assert not [p for p in report.errors if p.where.startswith("panchayats")]


def test_points_in_another_panchayat_than_they_name_are_listed_then_counted():
    data = tiny_store()
    villages = data.villages.copy()
    villages["panchayat_lgd"] = ["P2", "P1", "P1", "P2"]  # V1 (west, in P1) names P2; V3 (east, in P2) names P1
    many = pd.concat(
        [villages] + [villages.iloc[[2]].assign(census_code=f"W{i:02d}") for i in range(21)], ignore_index=True
    )  # 21 more like V3: 23 wrong in all
    assert [
        (p.where, p.message)
        for p in validate_store(dataclasses.replace(data, villages=villages)).problems
        if "lies in" in p.message
    ] == [
        ("villages V1", "names panchayat P2 but lies in P1; check the point or the panchayat"),
        ("villages V3", "names panchayat P1 but lies in P2; check the point or the panchayat"),
    ]
    found = [
        p for p in validate_store(dataclasses.replace(data, villages=many)).problems if p.where.startswith("villages")
    ]
    assert len(found) == 21 and found[-1].message == "3 more point(s) lie in another panchayat than stated"
