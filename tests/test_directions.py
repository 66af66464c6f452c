"""Directions measured from the data: statuses and figures on a two-date fixture, computed by hand.

The fixture is ``tests/tiny_district.py``: panchayats P1 (west) and P2 (east) of block B1,
reviews on 12 Nov 2020 (given) and 10 Dec 2020 (now):

- connectivity: P1 BharatNet live on both dates (working); P2 cable laid on 12 Nov, JharNet
  live on 10 Dec -> working 1 of 2, then 2 of 2;
- CSC: P1 "no" on 12 Nov, "yes" on 10 Dec; P2 "no" -> functional 0 of 2, then 1 of 2;
- library: nothing on 12 Nov; P1 opened on 10 Dec -> not recorded, then 1 of 2 (P2 not recorded);
- inspection: none ever -> not recorded;
- Aadhaar: one centre at the origin, villages 3 and 8 km west (P1), 3 and 8 km east (P2):
  beyond 5 km: 2 villages (one per panchayat) on both dates;
- JharSewa (added here): block B1 pending 60 on 12 Nov, 30 on 10 Dec.
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from geo.errors import GeoInputError
from geo.review.directions import (
    Goal,
    Measure,
    Scope,
    action_taken_table,
    direction_problems,
    direction_status,
    directions_on,
    parse_goal,
    parse_scope,
    public_directions,
)
from geo.storage.store import conform
from tests.tiny_district import tiny_store

GIVEN, NOW = "2020-11-12", "2020-12-10"


def _direction(ident: int, **fields: object) -> dict[str, object]:
    base = {
        "direction_id": ident,
        "meeting_date": GIVEN,
        "text_en": f"direction {ident}",
        "owner": "District Informatics Officer",
        "given_on": GIVEN,
        "due_on": "2020-12-31",
        "recorded_by": "test",
        "recorded_at": "2020-11-12T12:00:00Z",
    }
    return base | fields


DIRECTIONS = [
    _direction(1, target_indicator="connectivity", target_goal="all"),  # met on 10 Dec, before its due date
    _direction(2, target_indicator="csc", target_goal="all"),  # 0 -> 1 of 2
    _direction(3, target_indicator="csc", target_goal="all", due_on="2020-12-01"),  # due before 10 Dec
    _direction(4, target_indicator="csc", target_scope="panchayats:P2"),  # 0 -> 0 of 1
    _direction(5, target_indicator="inspection", target_goal="all"),  # no inspection at all
    _direction(6, target_indicator="library", target_goal=">= 50%"),  # 1 of 2 on 10 Dec = 50 %
    _direction(7, target_indicator="jharsewa", target_scope="block:B1", target_goal="<= 20"),  # 60 -> 30
    _direction(8, target_indicator="aadhaar", target_goal="<= 0", target_km=5.0),  # 2 -> 2
    _direction(9, agenda_item="library", closed_on="2020-12-05", public=True),  # not measurable, closed
    _direction(10, agenda_item="library"),  # not measurable, a report
    _direction(11),  # not measurable, nothing reported
    _direction(12, due_on="2020-12-01"),  # not measurable, past its due date
    _direction(13, given_on="2020-12-20", meeting_date="2020-12-20"),  # given after 10 Dec: not listed
]


@pytest.fixture(scope="module")
def store():
    data = tiny_store()
    certificates = pd.DataFrame(
        [
            (1, "B1", "caste", GIVEN, 100, 40, 60),
            (2, "B1", "caste", NOW, 120, 90, 30),
        ],
        columns=["report_id", "block_lgd", "certificate", "as_of", "received", "disposed", "pending"],
    ).assign(source="test", recorded_by="t", recorded_at="2020-12-10T12:00:00Z")
    remarks = pd.DataFrame(
        [
            (1, 10, "2020-12-01", "Books collected from 12 offices", "DSE"),
            (2, 10, "2020-12-15", "a report after 10 Dec", "DSE"),
        ],
        columns=["remark_id", "direction_id", "reported_on", "text", "reported_by"],
    ).assign(recorded_by="test", recorded_at="2020-12-01T12:00:00Z")
    return dataclasses.replace(
        data,
        certificates=conform("certificates", certificates),
        directions=conform("directions", pd.DataFrame(DIRECTIONS)),
        direction_remarks=conform("direction_remarks", remarks),
    )


@pytest.fixture(scope="module")
def now(store):
    return {p.direction_id: p for p in directions_on(store, NOW)}


@pytest.mark.parametrize(
    ("ident", "status"),
    [
        (1, "done"),  # done early: all working on 10 Dec, due 31 Dec
        (2, "on_track"),
        (3, "overdue"),
        (4, "not_started"),
        (5, "not_recorded"),  # no data for the scope: never "not started"
        (6, "done"),
        (7, "on_track"),
        (8, "not_started"),
        (9, "done"),
        (10, "reported"),
        (11, "not_recorded"),
        (12, "overdue"),
    ],
)
def test_statuses_on_the_second_date_are_the_hand_computed_ones(now, ident, status):
    assert now[ident].status == status


def test_a_direction_given_after_the_date_is_not_listed_and_the_list_is_in_status_order(store, now):
    assert 13 not in now
    assert [p.direction_id for p in directions_on(store, NOW)] == [3, 12, 4, 8, 2, 7, 10, 5, 11, 1, 6, 9]


def test_on_the_day_given_nothing_has_moved(store):
    on_the_day = {p.direction_id: p.status for p in directions_on(store, GIVEN)}
    assert on_the_day == {
        1: "not_started",
        2: "not_started",
        3: "not_started",
        4: "not_started",
        5: "not_recorded",
        6: "not_recorded",  # no library recorded on 12 Nov
        7: "not_started",
        8: "not_started",
        9: "not_recorded",
        10: "not_recorded",
        11: "not_recorded",
        12: "not_recorded",
    }


@pytest.mark.parametrize(
    ("ident", "lang", "figure"),
    [
        (1, "en", "2 of 2 panchayats in the district working, was 1 when given"),
        (2, "en", "1 of 2 panchayats in the district with a functional Pragya Kendra, was 0 when given"),
        (4, "en", "0 of 1 panchayats of the list with a functional Pragya Kendra, was 0 when given"),
        (5, "en", "not recorded in the district: no report yet"),
        (6, "en", "1 of 2 panchayats in the district with the library opened, not recorded when given"),
        (7, "en", "30 certificate applications pending in Block (goal ≤ 20), was 60 when given"),
        (8, "en", "2 villages beyond 5 km of an Aadhaar centre in the district (goal ≤ 0), was 2 when given"),
        (9, "en", ""),
        (2, "hi", "जिले में 2 में से 1 पंचायतों में कार्यरत प्रज्ञा केंद्र, निर्देश के समय 0 थीं"),
        (7, "hi", "प्रखंड में 30 प्रमाण पत्र आवेदन लंबित (लक्ष्य ≤ 20), निर्देश के समय 60"),
    ],
)
def test_figures_then_and_now(store, now, ident, lang, figure):
    assert now[ident].figure(store, lang) == figure


def test_the_units_still_short_of_the_target(now):
    assert now[1].short == ()
    assert now[2].short == ("P2",)
    assert now[6].short == ("P2",)  # not recorded is short
    assert now[7].short == ("B1",)  # 75 % disposal: not "high"
    assert now[8].short == ("P1", "P2")  # each has a village 8 km away


def test_measures_count_units_at_the_target_recorded_and_remaining(now):
    assert now[2].then == Measure(GIVEN, 2, 0, 2, 2, ("P1", "P2"))
    assert now[2].now == Measure(NOW, 2, 1, 2, 1, ("P2",))
    assert now[5].now == Measure(NOW, 2, 0, 0, None, ("P1", "P2"))


def test_the_action_taken_table_reads_as_offices_circulate_it(store, now):
    chosen = [now[2], now[10], now[11]]
    table = action_taken_table(chosen, store)
    assert list(table.columns) == ["S. No.", "Direction", "Owner", "Due date", "Status", "Action taken"]
    assert table.values.tolist() == [
        [
            1,
            "direction 2",
            "District Informatics Officer",
            "31 Dec 2020",
            "on track",
            "1 of 2 panchayats in the district with a functional Pragya Kendra, was 0 when given",
        ],
        [
            2,
            "direction 10",
            "District Informatics Officer",
            "31 Dec 2020",
            "action reported",
            "reported 1 Dec 2020: Books collected from 12 offices",  # the 15 Dec report is after the date
        ],
        [3, "direction 11", "District Informatics Officer", "31 Dec 2020", "not recorded", "no action reported"],
    ]
    hindi = action_taken_table(chosen, store, "hi")
    assert list(hindi.columns) == ["क्र. सं.", "निर्देश", "जिम्मेदार अधिकारी", "नियत तिथि", "स्थिति", "की गई कार्रवाई"]
    assert hindi.iloc[1, 4] == "कार्रवाई सूचित" and hindi.iloc[2, 4] == "दर्ज नहीं"


def test_only_directions_marked_public_are_public(store):
    assert public_directions(store)["direction_id"].tolist() == [9]
    assert [p.direction_id for p in directions_on(store, NOW, public_only=True)] == [9]


def test_analyses_are_shared_and_reused(store):
    made = {}
    directions_on(store, NOW, analyses=made)
    assert sorted(made) == [(GIVEN, 5.0), (GIVEN, 10.0), (NOW, 5.0), (NOW, 10.0)]
    marker = made[(NOW, 10.0)]
    directions_on(store, NOW, analyses=made)
    assert made[(NOW, 10.0)] is marker


def test_a_hindi_only_direction_reads_in_hindi_in_either_language(store):
    data = dataclasses.replace(
        store, directions=conform("directions", pd.DataFrame([_direction(1, text_en=None, text_hi="सभी पंचायत")]))
    )
    (progress,) = directions_on(data, NOW)
    assert (progress.text("en"), progress.text("hi")) == ("सभी पंचायत", "सभी पंचायत")


# --- the rule itself ---------------------------------------------------------------------------


def _measure(at_target: int, recorded: int = 4, remaining: int | None = None) -> Measure:
    """Four units; ``remaining`` defaults to those short of the target (None when nothing is recorded)."""
    if recorded == 0:
        return Measure(NOW, 4, at_target, 0, None, ())
    return Measure(NOW, 4, at_target, recorded, 4 - at_target if remaining is None else remaining, ())


@pytest.mark.parametrize(
    ("goal", "then", "now", "as_of", "status"),
    [
        (Goal("all"), _measure(1), _measure(4), "2020-12-10", "done"),
        (Goal("all"), _measure(1), _measure(4), "2021-02-01", "done"),  # met: never overdue
        (Goal("all"), _measure(1), _measure(3), "2021-01-01", "overdue"),  # the day after the due date
        (Goal("all"), _measure(1), _measure(3), "2020-12-31", "on_track"),  # on the due date itself
        (Goal("all"), _measure(3), _measure(2), "2020-12-10", "not_started"),  # moved away from the goal
        (Goal("at_least", 75), _measure(1), _measure(3), "2020-12-10", "done"),  # 3 of 4 = 75 %
        (Goal("at_most", 10), _measure(0, remaining=30), _measure(0, remaining=11), "2020-12-10", "on_track"),
        (Goal("at_most", 10), _measure(0, remaining=30), _measure(0, remaining=10), "2020-12-10", "done"),
        (Goal("at_most", 10), _measure(0, 0), _measure(0, remaining=20), "2020-12-10", "not_started"),
        (Goal("at_most", 10), None, _measure(0, 0), "2020-12-10", "not_recorded"),
    ],
)
def test_the_status_rule(goal, then, now, as_of, status):
    assert (
        direction_status(goal, then=then, now=now, as_of=as_of, due_on="2020-12-31", closed_on=None, reported=False)
        == status
    )


def test_a_closed_measurable_direction_keeps_the_datas_status():
    status = direction_status(
        Goal("all"), then=_measure(1), now=_measure(2), as_of="2021-01-10", due_on="2020-12-31",
        closed_on="2021-01-05", reported=True,
    )  # fmt: skip
    assert status == "overdue"


# --- reading goals and scopes, checking a direction -------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("most", "is not a goal; write 'all'"),
        (">= 120%", "more than 100 %"),
        ("<= ten", "is not a goal"),
    ],
)
def test_a_goal_that_is_not_one_is_refused(text, message):
    with pytest.raises(GeoInputError, match=message):
        parse_goal(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("state", "is not a scope"),
        ("block:", "names 0 code"),
        ("block:1;2", "names 2 code"),
    ],
)
def test_a_scope_that_is_not_one_is_refused(text, message):
    with pytest.raises(GeoInputError, match=message):
        parse_scope(text)


def test_scope_words():
    assert parse_scope("panchayats:P1, P2") == Scope("panchayats", ("P1", "P2"))
    assert parse_scope(None) == Scope("district")


def test_every_problem_of_a_direction_is_named(store):
    problems = direction_problems(
        {
            "text_en": " ",
            "given_on": "12.11.2020",
            "meeting_date": "12.11.2020",
            "due_on": "01.11.2020",
            "agenda_item": "roads",
            "target_indicator": "csc",
            "target_scope": "block:B9",
            "target_goal": "most",
        },
        store,
    )
    assert problems == [
        "the direction has no text; write it in English or Hindi (or both)",
        "the direction has no owner; name the office or officer, e.g. 'District Informatics Officer'",
        "due_on 2020-11-01 is before given_on 2020-11-12; check the dates",
        "agenda item 'roads' is not on the agenda; write one of csc, connectivity, jharsewa, aadhaar, pmgdisha, "
        "library",
        "goal 'most' is not a goal; write 'all', '>= N%' (e.g. '>= 90%') or '<= N' (e.g. '<= 100')",
        "block 'B9' is not a block of the store; write one of B1",
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"target_indicator": "roads"}, "target indicator 'roads' is not measured"),
        ({"target_goal": "all"}, "target_goal given without target_indicator"),
        ({"target_indicator": "jharsewa", "target_scope": "panchayats:P1"}, "block-level target"),
        ({"target_indicator": "csc", "target_scope": "panchayats:P1;P7"}, r"panchayat\(s\) P7 are not"),
        ({"target_indicator": "aadhaar", "target_km": "-5"}, "target_km '-5' is not a positive number"),
        ({"given_on": "31.02.2020"}, "given_on '31.02.2020' is not a date"),
    ],
)
def test_a_bad_target_or_date_is_named(store, fields, message):
    row = _direction(1) | fields
    problems = direction_problems(row, store)
    assert len(problems) == 1 and re.search(message, problems[0]), problems


def test_the_inputs_are_unchanged(store):
    before = store.directions.copy()
    directions_on(store, NOW)
    pd.testing.assert_frame_equal(store.directions, before)


def test_a_target_the_store_no_longer_resolves_is_not_recorded_and_says_why(store):
    rows = [
        _direction(1, target_indicator="csc", target_scope="block:B9"),  # its block re-imported under another code
        _direction(2, target_indicator="library", target_goal="most"),  # written by hand in QGIS
    ]
    data = dataclasses.replace(store, directions=conform("directions", pd.DataFrame(rows)))
    progress = {p.direction_id: p for p in directions_on(data, NOW)}
    assert [(p.status, p.measurable, p.short) for p in progress.values()] == [("not_recorded", True, ())] * 2
    assert progress[1].figure(data) == (
        "the target cannot be measured: block 'B9' is not a block of the store; write one of B1"
    )
    assert progress[2].figure(data, "hi").startswith("लक्ष्य मापा नहीं जा सकता: goal 'most' is not a goal")
