"""``validate`` checks the stored directions and action-taken reports, on both backends.

The store is ``tests/tiny_district.py`` (block B1, panchayats P1 and P2) with directions written
as a hand-edited store could hold them; every expected message is written out by hand.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
from postgis import store_of_kind

from cli import main
from geo.storage.store import conform, empty_layer, read_store
from geo.storage.validate import validate_store
from tests.tiny_district import tiny_store

STAMP = {"recorded_by": "dio", "recorded_at": "2020-11-12T10:00:00Z"}
GIVEN = {"meeting_date": "2020-11-12", "given_on": "2020-11-12", "owner": "District Informatics Officer"}


def _store_with(directions: list[dict], remarks: list[dict]):
    rows = [GIVEN | STAMP | row for row in directions]
    reports = [{"reported_by": "DSE"} | STAMP | row for row in remarks]
    return dataclasses.replace(
        tiny_store(),
        directions=conform("directions", pd.DataFrame(rows)),
        direction_remarks=conform("direction_remarks", pd.DataFrame(reports))
        if reports
        else empty_layer("direction_remarks"),
    )


BROKEN = [
    {
        "direction_id": 1,
        "text_en": "Connect every panchayat bhawan to the internet before the monsoon",
        "due_on": "2020-11-01",
        "target_indicator": "broadband",
    },
    {"direction_id": 2, "text_hi": "हर पंचायत में प्रज्ञा केंद्र", "given_on": "12.11.2020", "target_indicator": "csc",
     "target_scope": "block:B9"},
    {"direction_id": 3, "text_en": "Open the libraries", "target_indicator": "library",
     "target_scope": "panchayats:P1;P7", "closed_on": "2020-11-10"},
    {"direction_id": 4, "text_en": "Books for the libraries"},
]  # fmt: skip
REPORTS = [
    {"remark_id": 1, "direction_id": 9, "reported_on": "2020-12-01", "text": "Done"},
    {"remark_id": 2, "direction_id": 4, "reported_on": "2020-11-01", "text": "Books collected"},
    {"remark_id": 3, "direction_id": 4, "reported_on": "2020-12-05", "text": "  "},
]
#: Each problem of BROKEN and REPORTS, as validate says it (by hand).
EXPECTED = [
    "ERROR: direction 2 ('हर पंचायत में प्रज्ञा केंद्र'): given_on '12.11.2020' is not stored as YYYY-MM-DD, so its "
    "status cannot be worked out; write it as 2020-11-12 in the store",
    "ERROR: direction 1 ('Connect every panchayat bhawan to the internet be…'): due_on 2020-11-01 is before given_on "
    "2020-11-12; check the dates",
    "ERROR: direction 1 ('Connect every panchayat bhawan to the internet be…'): target indicator 'broadband' is not "
    "measured; write one of connectivity, csc, library, pmgdisha, aadhaar, inspection, jharsewa",
    "ERROR: direction 2 ('हर पंचायत में प्रज्ञा केंद्र'): block 'B9' is not a block of the store; write one of B1",
    "ERROR: direction 3 ('Open the libraries'): closed_on 2020-11-10 is before given_on 2020-11-12; check the dates",
    "ERROR: direction 3 ('Open the libraries'): panchayat(s) P7 are not panchayats of the store; check the LGD codes",
    "ERROR: action-taken report 1: reports on direction 9, which the store does not have; see `python -m geo "
    "directions list`, then undo the change that removed the direction (`python -m geo history`, `python -m geo "
    "rollback`) or remove the report",
    "ERROR: action-taken report 2 on direction 4 ('Books for the libraries'): reported on 2020-11-01, before the "
    "direction was given (2020-11-12); check the date",
    "ERROR: action-taken report 3: the report has no words; write what was done, or remove the report",
]


def test_every_problem_of_the_directions_is_named(store_kind, tmp_path, request):
    store = store_of_kind(store_kind, _store_with(BROKEN, REPORTS), tmp_path, request)
    report = validate_store(read_store(store, private=True))
    assert [str(p) for p in report.problems] == EXPECTED
    assert not report.ok


def test_sound_directions_and_reports_validate(store_kind, tmp_path, request):
    sound = [
        {"direction_id": 1, "text_en": "Connect every bhawan", "due_on": "2021-03-31",
         "target_indicator": "connectivity", "target_scope": "block:B1", "target_goal": ">= 50%"},
        {"direction_id": 2, "text_hi": "किताबें", "closed_on": "2020-12-05"},
    ]  # fmt: skip
    reports = [{"remark_id": 1, "direction_id": 2, "reported_on": "2020-11-12", "text": "Books collected"}]
    store = store_of_kind(store_kind, _store_with(sound, reports), tmp_path, request)
    assert validate_store(read_store(store, private=True)).problems == []


def test_the_command_line_names_them_and_fails(store_kind, tmp_path, request, capsys):
    store = store_of_kind(store_kind, _store_with(BROKEN, REPORTS), tmp_path, request)
    code = main(["validate", "--store", str(store)])
    out = capsys.readouterr().out.splitlines()
    assert code != 0
    # validate reads the public content: a report's words are private, so an empty one is not seen
    assert [line for line in out if "direction" in line or "report" in line] == EXPECTED[:-1]
    assert out[-1] == "8 error(s); 0 warning(s)"


def test_a_report_of_no_direction_and_a_date_not_written_as_a_date():
    data = _store_with([BROKEN[3]], [{"remark_id": 5, "direction_id": None, "reported_on": "soon", "text": "x"}])
    assert [str(p) for p in validate_store(data).problems] == [
        "ERROR: action-taken report 5: reports on direction (none), which the store does not have; see `python -m geo "
        "directions list`, then undo the change that removed the direction (`python -m geo history`, `python -m geo "
        "rollback`) or remove the report",
        "ERROR: action-taken report 5: reported_on 'soon' is not a date; write it as YYYY-MM-DD",
    ]


def test_a_state_of_many_blocks_lists_ten_of_them():
    data = _store_with(
        [{"direction_id": 1, "text_en": "Camp", "target_indicator": "csc", "target_scope": "block:X"}], []
    )
    blocks = pd.concat([data.blocks.assign(lgd_code=f"B{i:02d}") for i in range(1, 13)], ignore_index=True)
    panchayats = data.panchayats.assign(block_lgd="B01")
    many = dataclasses.replace(data, blocks=conform("blocks", blocks), panchayats=panchayats)
    problems = [p.message for p in validate_store(many).problems if p.where.startswith("direction")]
    assert problems == [
        "block 'X' is not a block of the store; write one of B01, B02, B03, B04, B05, B06, B07, B08, B09, B10 "
        "and 2 more"
    ]
