from __future__ import annotations

import dataclasses

import pandas as pd
from shapely.affinity import translate
from shapely.geometry import Point, Polygon
from tiny_district import tiny_store

from geo.validate import validate_store


def test_demo_store_validates(demo):
    report = validate_store(demo)
    assert report.ok, [str(p) for p in report.problems]
    assert report.problems == []
    text = "\n".join(report.facts)
    assert "118 panchayats, 6 blocks" in text
    assert "village population 791,042" in text
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
    events = pd.concat([data.status_events, data.status_events.tail(1).assign(event_id=99, value="maybe", as_of="12/10/2020")])
    broken = dataclasses.replace(data, panchayats=gps, villages=villages, service_points=services, blocks=blocks,
                                 status_events=events)
    problems = [str(p) for p in validate_store(broken).problems]
    joined = "\n".join(problems)
    assert "WARNING: panchayats: 2 panchayats; Jamtara has 118" in joined
    assert "overlap" in joined and "gaps" in joined
    assert "ERROR: villages V1: lies outside the district; check its coordinates (lat/lon swapped?)" in problems
    assert "ERROR: villages.panchayat_lgd P9: 1 row(s) name a panchayat that is not in the store" in problems
    assert any(p.startswith("ERROR: service_points.kind 'atm'") for p in problems)
    assert any(p.startswith("ERROR: blocks B1: invalid geometry (Self-intersection") for p in problems)
    assert any("jharnet='maybe'" in p for p in problems)
    assert "ERROR: status_events.as_of '12/10/2020': not a date; write dates as YYYY-MM-DD" in problems


def test_duplicate_codes_are_errors():
    data = tiny_store()
    villages = data.villages.copy()
    villages.loc[1, "census_code"] = "V1"
    problems = [str(p) for p in validate_store(dataclasses.replace(data, villages=villages)).problems]
    assert "ERROR: villages census_code V1: duplicate code; codes must be unique" in problems
