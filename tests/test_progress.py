"""What changed between two reviews, on a two-date fixture computed by hand, and how map, slide and deck show it.

The tiny district (``tiny_district.py``) at its two review dates:

=========  ==========================  ==========================
           2020-11-12                  2020-12-10
=========  ==========================  ==========================
P1 (West)  BharatNet live: working     working
           review: CSC not functional  review: CSC functional
           library not recorded        library opened
P2 (East)  cable laid: not live        JharNet live: working
           CSC not functional          CSC not functional
=========  ==========================  ==========================
"""

from __future__ import annotations

import pytest
from tiny_district import tiny_store

from geo.review.agenda import agenda_item
from geo.review.analysis import analyse
from geo.review.progress import (
    block_changes,
    change_counts,
    change_phrase,
    class_changes,
    trend,
    unit_classes,
    unit_timeline,
)
from geo.review.summary import compare
from layers.context import map_context
from layers.folium_map import MapOptions, build_map, legend_rows, map_html
from layers.slide import Slide, changes_html, slide_html, slide_specs


@pytest.fixture(scope="module")
def reviews():
    data = tiny_store()
    return analyse(data, as_of="2020-11-12"), analyse(data, as_of="2020-12-10")


def test_classes_at_each_review(reviews):
    before, now = reviews
    assert unit_classes(before, "connectivity").to_dict() == {"P1": "working", "P2": "not_live"}
    assert unit_classes(now, "connectivity").to_dict() == {"P1": "working", "P2": "working"}
    assert unit_classes(before, "library").to_dict() == {"P1": "not_recorded", "P2": "not_recorded"}
    assert unit_classes(now, "csc").to_dict() == {"P1": "functional", "P2": "not_functional"}


def test_a_panchayats_states_at_each_review(reviews):
    before, now = reviews
    table = unit_timeline({"2020-12-10": now, "2020-11-12": before}, "P1", ["connectivity", "csc", "library"])
    assert table.index.tolist() == ["2020-11-12", "2020-12-10"]  # in date order whatever the mapping's
    assert table.to_dict("list") == {
        "connectivity": ["working", "working"],
        "csc": ["not_functional", "functional"],
        "library": ["not_recorded", "opened"],
    }
    assert unit_timeline({"2020-12-10": now}, "P9", ["csc"])["csc"].isna().all()  # not in the store: missing


def test_the_changed_panchayats_and_how_they_read(reviews):
    before, now = reviews
    connectivity = class_changes(now, before, "connectivity")
    assert connectivity[["lgd_code", "before", "now"]].values.tolist() == [["P2", "not_live", "working"]]
    assert change_phrase(connectivity, "connectivity") == "1 now working"
    assert change_phrase(connectivity, "connectivity", "hi") == "1 अब चालू"
    csc = class_changes(now, before, "csc")
    assert csc[["lgd_code", "before", "now"]].values.tolist() == [["P1", "not_functional", "functional"]]
    library = class_changes(now, before, "library")  # a first report is a change
    assert library[["lgd_code", "before", "now"]].values.tolist() == [["P1", "not_recorded", "opened"]]
    aadhaar = class_changes(now, before, "aadhaar")
    assert aadhaar.empty and change_phrase(aadhaar, "aadhaar") == "no change"  # never "+0"
    assert change_phrase(aadhaar, "aadhaar", "hi") == "कोई बदलाव नहीं"
    assert change_counts(connectivity, "connectivity") == {"working": 1}
    per_block = block_changes(connectivity, "connectivity", ["B1"])
    assert per_block.loc["B1"].tolist() == [1, "1 now working"]


def test_the_trend_of_a_figure_over_the_reviews(reviews):
    before, now = reviews
    frame = trend({"2020-12-10": now, "2020-11-12": before}, ["working", "not_live"])
    assert frame.index.tolist() == ["2020-11-12", "2020-12-10"]
    assert frame.to_dict("list") == {"working": [1, 2], "not_live": [1, 0]}


def test_the_map_outlines_what_changed_with_a_counted_legend_entry(reviews):
    before, now = reviews
    slide = Slide(
        agenda_item("connectivity"),
        compare(now, before),
        class_changes(now, before, "connectivity"),
        trend({"2020-11-12": before, "2020-12-10": now}, agenda_item("connectivity").figures),
    )
    specs = slide_specs(slide)
    assert [s.name for s in specs][-1] == "changes"
    ctx = map_context(now)
    frames = {spec.name: spec.frame(ctx) for spec in specs}
    assert frames["changes"]["lgd_code"].tolist() == ["P2"]
    rows = legend_rows(specs, frames, ctx, "en")
    assert rows["changes"][0].label == "Changed since 12 Nov 2020 (1)"
    assert legend_rows(specs, frames, ctx, "hi")["changes"][0].label == "12 नवंबर 2020 से बदले (1)"
    page = map_html(build_map(ctx, specs, visible=[s.name for s in specs], options=MapOptions(legend=False)))
    assert "var gpDataChanges" in page and "gp-legend" not in page.split("<body>")[1].split("<script>")[0]


def test_the_slide_counts_the_change_per_block_and_no_arrow_for_none(reviews):
    before, now = reviews
    item = agenda_item("connectivity")
    slide = Slide(
        item,
        compare(now, before),
        class_changes(now, before, "connectivity"),
        trend({"2020-11-12": before, "2020-12-10": now}, item.figures),
    )
    # the tiny store records no inspection: "found offline" and "inspected" are not recorded, never 0
    assert [(k.value, k.change, k.good) for k in slide.kpis] == [
        ("2 / 2", "+1 since 12 Nov 2020", True),
        ("not recorded", "", None),
        ("0 / 2", "−1 since 12 Nov 2020", True),
    ]
    assert slide.unrecorded == "Connectivity not recorded: 0 / 2"  # 2 + 0 + 0 = 2: the breakdown adds up
    table = slide.table
    assert table.columns.tolist() == [
        "Block",
        "Working",
        "Found offline",
        "Not live",
        "Not recorded",
        "Inspected",
        "Changed",
    ]
    assert table.iloc[-1].tolist() == ["District", "2 (+1)", "not recorded", "0 (−1)", "0", "not recorded", "1"]
    assert slide.change_phrase == "Since 12 Nov 2020: 1 now working"
    html = slide_html(slide)
    assert "+0" not in html and "↑" not in html
    assert "1 now working" in changes_html(item, slide.changes, "en")


def test_a_slide_without_an_earlier_review(reviews):
    before, _ = reviews
    item = agenda_item("csc")
    slide = Slide(item, compare(before, None), None, trend({"2020-11-12": before}, item.figures))
    assert [k.change for k in slide.kpis] == ["", "", ""]
    assert "Changed" not in slide.table.columns
    assert slide.change_phrase == "No earlier review to compare with"
    assert [s.name for s in slide_specs(slide)] == ["no_csc", "panchayats", "blocks", "district", "csc"]
    assert compare(before, None).block_change is None
