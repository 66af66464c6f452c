from __future__ import annotations

import pytest
from tiny_district import tiny_store

from geo.status import current_status
from geo.summary import KPIS, summary


def test_tiny_summary_with_change():
    s = summary(tiny_store(), since="2020-11-12", aadhaar_km=5)
    now, before, change = s.district, s.previous, s.change
    assert now["panchayats"] == 2
    assert now["online"] == 2 and before["online"] == 1 and change["online"] == 1
    assert now["bharatnet_live"] == 1 and now["jharnet_live"] == 1
    assert now["csc_functional"] == 1 and before["csc_functional"] == 0
    assert now["library_opened"] == 1 and before["library_opened"] == 0
    assert now["villages_beyond_aadhaar"] == 2 and now["population_beyond_aadhaar"] == 600
    assert list(s.by_block.index) == ["B1"]
    assert s.by_block.loc["B1", "online"] == 2


def test_demo_kpis_match_the_raw_tables(demo):
    s = summary(demo, since="2020-11-12")
    status = current_status(demo.status_events)
    assert s.district["panchayats"] == 118
    assert s.district["online"] == int(((status["bharatnet"] == "live") | (status["jharnet"] == "live")).sum())
    assert s.district["library_opened"] == int((status["library"] == "opened").sum())
    assert s.district["csc_functional"] == int((status["csc_functional"] == "yes").sum())
    assert s.district["pmgdisha_centres"] == 135
    assert (s.district["pmgdisha_registered"], s.district["pmgdisha_trained"], s.district["pmgdisha_passed"]) == (
        51_196, 51_178, 27_699)
    # blocks add up to the district, KPI by KPI
    assert (s.by_block[list(KPIS)].sum() == s.district[list(KPIS)]).all()
    # the demo shows progress between its two reviews
    assert s.change["online"] > 0 and s.change["library_opened"] > 0


def test_since_after_as_of_is_refused(demo):
    with pytest.raises(ValueError, match=r"since \(2020-12-10\) must be earlier than as_of \(2020-11-12\)"):
        summary(demo, as_of="2020-11-12", since="2020-12-10")
