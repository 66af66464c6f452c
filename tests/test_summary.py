"""Figures of the review, their change since a review, and what they could not count."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from tiny_district import tiny_store

from geo.formats import format_count
from geo.review.analysis import analyse
from geo.review.figures import FIGURES, PARTITIONS
from geo.review.status import current_status
from geo.review.summary import summary


def test_tiny_summary_with_change():
    s = summary(tiny_store(), since="2020-11-12", aadhaar_km=5)
    now, before, change = s.district, s.previous, s.change
    assert now["panchayats"] == 2
    assert (now["working"], now["not_live"]) == (2, 0)
    assert pd.isna(now["live_offline"]) and pd.isna(now["inspected"])  # no inspection in the tiny store
    assert (before["working"], before["not_live"]) == (1, 1) and change["working"] == 1
    assert now["bharatnet_live"] == 1 and now["jharnet_live"] == 1
    assert now["csc_functional"] == 1 and before["csc_functional"] == 0
    assert now["library_opened"] == 1 and now["library_not_recorded"] == 1 and before["library_not_recorded"] == 2
    assert now["villages_beyond_aadhaar"] == 2 and now["population_beyond_aadhaar"] == 600
    assert list(s.by_block.index) == ["B1"]
    assert s.by_block.loc["B1", "working"] == 2
    assert s.figures.text("working") == "2 / 2" and s.figures.text("population") == "1,000"


def test_partitions_add_up_to_the_panchayats(demo):
    for as_of in ("2020-11-12", "2020-12-10", None):
        figures = analyse(demo, as_of=as_of).figures
        for area in figures.values.index:
            for keys in PARTITIONS.values():
                assert figures.values.loc[area, list(keys)].sum() == figures.values.loc[area, "panchayats"]


def test_demo_figures_match_the_raw_tables(demo):
    s = summary(demo, since="2020-11-12")
    status = current_status(demo.status_events)
    live = (status["bharatnet"] == "live") | (status["jharnet"] == "live")
    offline = status["inspection"] == "offline"
    assert s.district["panchayats"] == 118
    assert s.district["working"] == int((live & ~offline.fillna(False)).sum())
    assert s.district["live_offline"] == int((live & offline).fillna(False).sum())
    assert s.district["working"] + s.district["live_offline"] == int(live.sum())
    assert s.district["library_opened"] == int((status["library"] == "opened").sum())
    assert s.district["csc_functional"] == int((status["csc_functional"] == "yes").sum())
    assert s.district["pmgdisha_centres"] == 135
    assert (s.district["pmgdisha_registered"], s.district["pmgdisha_trained"], s.district["pmgdisha_passed"]) == (
        51_196,
        51_178,
        27_699,
    )
    # blocks add up to the district, figure by figure
    assert (s.by_block[list(FIGURES)].sum() == s.district[list(FIGURES)]).all()
    # the demo shows progress between its two reviews
    assert s.change["working"] > 0 and s.change["library_opened"] > 0


def test_unknown_population_is_left_out_and_said_so():
    data = tiny_store()
    villages = data.villages.copy()
    villages["population"] = pd.array([100, None, 300, None], dtype="Int64")  # V2 and V4 (both far) unknown
    figures = summary(dataclasses.replace(data, villages=villages), aadhaar_km=5).figures
    assert figures.value("population") == 400 and figures.left_out.at["district", "population"] == 2
    assert figures.value("villages_beyond_aadhaar") == 2
    # both far villages lack a population: the figure is not recorded, not 0
    assert figures.value("population_beyond_aadhaar") is None
    assert figures.text("population_beyond_aadhaar") == "not recorded"
    assert figures.text("population_beyond_aadhaar", "hi") == "दर्ज नहीं"
    assert figures.note("population_beyond_aadhaar") == (
        "2 village(s) beyond 5 km have no population recorded and are not counted"
    )
    assert figures.note("population") == "2 village(s) with no population recorded are not counted"


def test_no_aadhaar_centre_is_not_far():
    data = tiny_store()
    points = data.service_points[data.service_points["kind"] != "aadhaar"]
    figures = summary(dataclasses.replace(data, service_points=points)).figures
    assert figures.value("villages_beyond_aadhaar") is None
    assert figures.text("villages_beyond_aadhaar") == "no Aadhaar centre recorded"
    assert figures.text("population_beyond_aadhaar", "hi") == "कोई आधार केंद्र दर्ज नहीं"


def test_a_figure_not_recorded_by_a_date_says_so_in_both_languages(demo):
    figures = analyse(demo, as_of="2020-11-12").figures
    assert figures.missing_by("inspected", "2020-11-12", "hi") == "12 नवंबर 2020 तक कोई निरीक्षण दर्ज नहीं"
    assert figures.missing_by("inspected", "2020-11-12", "hi-u-nu-deva") == "१२ नवंबर २०२० तक कोई निरीक्षण दर्ज नहीं"
    assert figures.missing_by("inspected", None) == "no inspection recorded"
    assert figures.missing_by("working", "2020-11-12", "hi") is None


def test_since_after_as_of_is_refused(demo):
    with pytest.raises(ValueError, match=r"since \(2020-12-10\) must be earlier than as_of \(2020-11-12\)"):
        summary(demo, as_of="2020-11-12", since="2020-12-10")


def test_summary_accepts_a_store_path(demo):
    from geo.storage.store import DEMO_STORE

    assert summary(DEMO_STORE).district.equals(summary(demo).district)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (999, "999"),
        (1000, "1,000"),
        (100000, "1,00,000"),
        (791042, "7,91,042"),
        (12345678, "1,23,45,678"),
        (-51196, "-51,196"),
    ],
)
def test_numbers_are_written_the_indian_way(value, shown):
    assert format_count(value) == shown


def test_a_store_of_one_district_is_one_row_of_its_own_figures():
    from geo.review.summary import by_district

    table = by_district(tiny_store(), aadhaar_km=5)
    shown = [
        "name",
        "blocks",
        "panchayats",
        "villages",
        "working",
        "villages_beyond_aadhaar",
        "population_beyond_aadhaar",
    ]
    assert list(table.index) == ["D"]
    assert table.loc["D", shown].tolist() == ["Tiny", 1, 2, 4, 2, 2, 600]  # as test_tiny_summary_with_change
