"""A state store's directions, district by district: each is the district's its target lies in.

The store is ``tests/state_of_two.py``'s Alpur (901: block BA, panchayat PA, connectivity live
on 10 Dec 2020) and Bepur (902: block BB, panchayat PB, a functional CSC), with a direction of
each kind of scope added by hand: whose each is, and what a one-district view shows, by hand.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from postgis import store_of_kind
from state_of_two import two_districts
from streamlit.testing.v1 import AppTest

from cli import main
from geo.review.directions import direction_districts, directions_on
from geo.storage.store import conform
from layers.directions import action_taken_pages

STAMP = {
    "meeting_date": "2020-11-12",
    "given_on": "2020-11-12",
    "recorded_by": "dc",
    "recorded_at": "2020-11-12T10:00Z",
}
#: Direction -> (words, target indicator, scope); whose each is, by hand, in WHOSE.
DIRECTIONS = {
    1: ("Connect Anand's bhawans", "connectivity", "block:BA"),
    2: ("A Pragya Kendra in Pb", "csc", "panchayats:PB"),
    3: ("Pragya Kendras across Bepur", "csc", "district:902"),
    4: ("Libraries across Alpur", "library", "district:Alpur"),  # a district named, not coded
    5: ("Books for every library", None, None),  # no target: the state's
    6: ("Pragya Kendras in Pa and Pb", "csc", "panchayats:PA;PB"),  # two districts: the state's
    7: ("Connect the whole state", "connectivity", "district"),  # the whole store: the state's
    8: ("Hold a camp in Basant", None, "block:BB"),  # not measured: its scope says whose it is
}
WHOSE = ["901", "902", "902", "901", None, None, None, "902"]


def _state() -> object:
    rows = [
        STAMP | {"direction_id": i, "text_en": words, "owner": "DIO", "target_indicator": what, "target_scope": scope}
        for i, (words, what, scope) in DIRECTIONS.items()
    ]
    remarks = [
        {"remark_id": r, "direction_id": d, "reported_on": "2020-12-01", "text": f"report {r}", "reported_by": "DIO",
         "recorded_by": "dio", "recorded_at": "2020-12-01T10:00Z"}
        for r, d in ((1, 1), (2, 2), (3, 5))
    ]  # fmt: skip
    return dataclasses.replace(
        two_districts(),
        directions=conform("directions", pd.DataFrame(rows)),
        direction_remarks=conform("direction_remarks", pd.DataFrame(remarks)),
    )


def test_each_direction_is_the_district_its_target_lies_in():
    assert direction_districts(_state()).tolist() == [pd.NA if w is None else w for w in WHOSE]


def test_a_store_of_one_district_holds_every_direction_of_it():
    one = _state().only_district("901")
    assert direction_districts(one).tolist() == ["901", "901"]


@pytest.mark.parametrize(("code", "ids", "reports"), [("901", [1, 4], [1]), ("902", [2, 3, 8], [2])])
def test_a_one_district_view_holds_only_its_directions_and_their_reports(code, ids, reports):
    state = _state()
    view = state.only_district(code)
    assert view.directions["direction_id"].tolist() == ids
    assert view.direction_remarks["remark_id"].tolist() == reports
    assert len(state.directions) == 8 and len(state.direction_remarks) == 3  # the store itself is unchanged


def test_a_districts_directions_are_measured_in_it():
    progress = {p.direction_id: p for p in directions_on(_state().only_district("901"), "2020-12-10")}
    assert sorted(progress) == [1, 4]
    assert progress[1].status == "done"  # PA live on 10 Dec: 1 of 1 panchayat of Anand working; nothing on 12 Nov
    figure = progress[1].figure(_state().only_district("901"))
    assert figure == "1 of 1 panchayats in Anand working, not recorded when given"
    assert (progress[4].status, progress[4].problem) == ("not_recorded", "")  # no library recorded in Alpur
    # a district written by its name (district:Alpur) is named by it, not looked up as a code
    assert progress[4].figure(_state().only_district("901")) == "not recorded in Alpur: no report yet"


def test_the_state_view_holds_every_direction():
    assert sorted(p.direction_id for p in directions_on(_state(), "2020-12-10")) == [1, 2, 3, 4, 5, 6, 7, 8]


def test_the_pack_of_one_district_lists_only_its_directions():
    (page,) = action_taken_pages(_state().only_district("902"), "2020-12-10")
    assert sorted(page["Direction"]) == [
        "A Pragya Kendra in Pb",
        "Hold a camp in Basant",
        "Pragya Kendras across Bepur",
    ]


@pytest.fixture
def state_store(store_kind, tmp_path, request):
    """The state of two as a GeoPackage and as a PostGIS schema."""
    return str(store_of_kind(store_kind, _state(), tmp_path, request))


@pytest.mark.parametrize(("district", "ids"), [("Alpur", [1, 4]), ("902", [2, 3, 8]), (None, [1, 2, 3, 4, 5, 6, 7, 8])])
def test_directions_list_of_one_district(state_store, capsys, district, ids):
    chosen = ["--district", district] if district else []
    assert main(["directions", "list", "--store", state_store, "--as-of", "10.12.2020", *chosen]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Directions as of 10 Dec 2020: {len(ids)}"
    listed = sorted(int(line.split(".")[0]) for line in out[1:] if not line.startswith(" " * 5))
    assert listed == ids


def test_directions_list_of_a_district_the_store_does_not_have(state_store, capsys):
    assert main(["directions", "list", "--store", state_store, "--district", "Cepur"]) != 0
    assert "the store has no district 'Cepur'; its districts: Alpur (901), Bepur (902)" in capsys.readouterr().err


def _panel(store: str) -> None:
    from ui.directions import directions_panel

    directions_panel(store, None)  # a file's path or a PostGIS URL


def test_the_data_pages_list_shows_the_chosen_districts_directions(state_store):
    at = AppTest.from_function(_panel, args=(state_store,), default_timeout=60)
    at.session_state["district"] = "902"  # the sidebar's choice, made on the Review page
    at.run()
    assert not at.exception, at.exception
    (table,) = [d.value for d in at.dataframe]
    assert table["#"].tolist() == [2, 3, 8]
    assert table.iloc[-1].tolist()[-1] == "block:BB"  # not measured: its scope, whose it is
    at.selectbox(key="directions_district").set_value("").run()
    (table,) = [d.value for d in at.dataframe]
    assert table["#"].tolist() == [1, 2, 3, 4, 5, 6, 7, 8]


def test_a_direction_without_a_target_says_whose_it_is_by_its_scope(state_store, capsys):
    common = ["--store", state_store, "--meeting", "12.11.2020", "--owner", "BDO Anand", "--user", "dc"]
    assert main(["directions", "add", *common, "--text-en", "Hold a camp in Anand", "--scope", "block:BA"]) == 0
    assert capsys.readouterr().out == "added direction 9\n"
    assert main(["directions", "add", *common, "--text-en", "Hold a camp in Cepur", "--scope", "block:BC"]) == 2
    assert "nothing was added — direction 1: block 'BC' is not a block of the store; write one of BA, BB" in (
        capsys.readouterr().err
    )
    assert main(["directions", "list", "--store", state_store, "--as-of", "10.12.2020", "--district", "901"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Directions as of 10 Dec 2020: 3"
    assert "9. [not recorded] Hold a camp in Anand — BDO Anand" in out  # no report yet: not recorded
