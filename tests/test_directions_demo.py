"""The DEMO's directions of the 12 Nov 2020 review, their measured progress, and the public rule."""

from __future__ import annotations

import dataclasses

import pandas as pd

from geo.review.directions import directions_on
from geo.storage.store import conform
from tests.tiny_district import tiny_store


def test_the_demo_holds_the_six_directions_of_the_minutes(demo_private):
    rows = demo_private.directions
    assert rows[["direction_id", "agenda_item", "owner", "given_on", "due_on"]].values.tolist() == [
        [1, "connectivity", "District Informatics Officer (NIC)", "2020-11-12", "2021-03-31"],
        [2, "csc", "CSC district manager", "2020-11-12", "2021-01-31"],
        [3, "aadhaar", "UIDAI nodal officer", "2020-11-12", "2021-03-31"],
        [4, "jharsewa", "e-District Manager", "2020-11-12", "2020-12-31"],
        [5, "connectivity", "District Informatics Officer (NIC)", "2020-11-12", "2020-12-31"],
        [6, "library", "All officers present", "2020-11-12", "2020-12-31"],
    ]
    assert rows["target_indicator"].fillna("—").tolist() == [
        "connectivity",
        "csc",
        "aadhaar",
        "jharsewa",
        "inspection",
        "—",
    ]
    assert rows["text_en"].str.contains("every block and panchayat building").tolist()[0]
    assert rows["text_hi"].str.contains("पुस्तकालय").tolist()[-1]
    assert rows["public"].tolist() == [True, True, True, True, False, False]
    assert demo_private.direction_remarks[["direction_id", "reported_on"]].values.tolist() == [[6, "2020-12-05"]]


def test_the_demo_directions_on_the_second_review(demo_private):
    made = {}
    progress = {p.direction_id: p for p in directions_on(demo_private, "2020-12-10", analyses=made)}
    assert {i: p.status for i, p in progress.items()} == {
        1: "on_track",
        2: "on_track",
        3: "not_started",
        4: "on_track",
        5: "on_track",
        6: "reported",
    }
    # the figure is the district figure every face shows, on both dates
    then, now = made[("2020-11-12", 10.0)].figures, made[("2020-12-10", 10.0)].figures
    assert (progress[1].then.at_target, progress[1].now.at_target) == (then.value("working"), now.value("working"))
    assert (progress[2].then.at_target, progress[2].now.at_target) == (
        then.value("csc_functional"),
        now.value("csc_functional"),
    )
    assert progress[4].now.remaining == now.value("jharsewa_pending")
    assert progress[3].now.remaining == now.value("villages_beyond_aadhaar")
    assert len(progress[1].short) == 118 - now.value("working")


def test_the_public_page_holds_no_direction_that_is_not_public(tmp_path):
    from layers.publish import publish_html

    data = tiny_store()
    rows = pd.DataFrame(
        [
            {
                "direction_id": 1,
                "meeting_date": "2020-11-12",
                "given_on": "2020-11-12",
                "text_en": "Internal order XQZ-PRIVATE-7",
                "text_hi": "आंतरिक XQZ-PRIVATE-7",
                "owner": "Owner XQZ-OWNER-7",
                "public": False,
                "recorded_by": "dio",
                "recorded_at": "2020-11-12T00:00:00Z",
            }
        ]
    )
    data = dataclasses.replace(data, directions=conform("directions", rows))
    page = publish_html(data)
    assert "XQZ-PRIVATE-7" not in page and "XQZ-OWNER-7" not in page
    assert directions_on(data, "2020-12-10", public_only=True) == []


def test_a_public_read_shows_that_action_was_reported_but_not_its_words(demo):
    progress = {p.direction_id: p for p in directions_on(demo, "2020-12-10", public_only=True)}
    assert sorted(progress) == [1, 2, 3, 4]
    (books,) = [p for p in directions_on(demo, "2020-12-10") if p.direction_id == 6]
    assert (books.status, books.action_taken(demo)) == ("reported", "action reported 5 Dec 2020")
