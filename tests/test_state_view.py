"""The state view of the Review and the Planner (issue 25): the districts' map, table, cards and the drill-down.

The store is the two made-up districts of ``tests/test_districts.py``, imported one after the
other from Census extracts (1 km x 1 km village squares in UTM 45N, along one row):

=====  ====  ======  ==========  ========  ==========================
code   name  blocks  panchayats  villages  outline (x, km east)
=====  ====  ======  ==========  ========  ==========================
901    Alpur 2       3           4         0–4: a 4 km x 1 km rectangle
902    Bepur 2       3           5         10–15: 5 km x 1 km
=====  ====  ======  ==========  ========  ==========================

A Census extract reports no status: every panchayat's connectivity is not recorded
(``connectivity_not_recorded`` 3 and 3, 6 for the state) and ``working`` is not recorded in
either district, so the state's is not recorded either — never 0.
"""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pandas as pd
import pytest
from census_district import write_census
from hostile import map_source
from test_districts import census_rows, imported

from geo.review.figures import FIGURES
from geo.review.summary import by_district, state_total_text, state_totals
from geo.storage.store import STORE_ENV, read_store
from geo.text import t
from layers.districts import district_at, state_context
from layers.folium_map import build_map, legend_rows, map_html
from layers.registry import STATE_LAYERS
from ui.tables import BLOCK_FIGURES, district_table

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "</script>{{7*7}}"


@pytest.fixture(scope="module")
def state(tmp_path_factory) -> Path:
    """The store of Alpur and Bepur (read only)."""
    folder = tmp_path_factory.mktemp("state_view")
    store = folder / "state.gpkg"
    imported(store, write_census(folder / "alpur.csv", census_rows("ALPUR")))
    imported(store, write_census(folder / "bepur.csv", census_rows("BEPUR")))
    return store


def _table(**columns: list) -> pd.DataFrame:
    """A by_district-shaped table of two districts: every figure 0 unless given (None: not recorded)."""
    values = {key: pd.array(columns.get(key, [0, 0]), dtype="Int64") for key in FIGURES}
    return pd.DataFrame(
        {"name": ["Alpur", "Bepur"], "name_hi": ["", ""], "blocks": [2, 2], **values}, index=["901", "902"]
    )


def test_state_totals_sum_the_districts_and_say_where_a_figure_is_not_recorded():
    table = _table(panchayats=[3, 3], working=[1, None], population=[None, None])
    totals = state_totals(table)
    assert totals.loc["panchayats"].tolist() == [6, 0, 2]
    assert totals.loc["working"].tolist() == [1, 1, 2]  # Bepur's is not recorded: it adds nothing, and is counted
    assert pd.isna(totals.at["population", "total"]) and totals.at["population", "not_recorded"] == 2
    assert state_total_text(totals, "panchayats") == ("6", None)
    assert state_total_text(totals, "not_live") == ("0 / 6", None)  # a recorded 0 stays 0
    assert state_total_text(totals, "working") == (
        "not recorded in 1 of 2 districts",
        "1 in the 1 district(s) that recorded it",
    )
    assert state_total_text(totals, "population") == ("not recorded", None)
    assert state_total_text(totals, "working", "hi")[0] == "2 में से 1 जिलों में दर्ज नहीं"
    assert table["working"].tolist()[1] is pd.NA  # the input is unchanged
    with pytest.raises(ValueError, match=r"table has no column for figure\(s\) working; expected a by_district"):
        state_totals(table.drop(columns="working"))


def test_the_state_table_has_a_row_per_district_and_the_command_lines_numbers(state, capsys):
    from cli import main

    table = by_district(read_store(state))
    shown = district_table(table, "en")
    titles = [FIGURES[key].title("en") for key in ("panchayats", "working", "connectivity_not_recorded")]
    assert shown[["District", "Blocks", *titles]].values.tolist() == [
        ["Alpur", "2", "3", "not recorded", "3"],
        ["Bepur", "2", "3", "not recorded", "3"],
        ["State total", "4", "6", "not recorded", "6"],
    ]
    assert main(["summary", "--store", str(state)]) == 0
    lines = capsys.readouterr().out.replace("not recorded", "—").splitlines()
    header = next(line.split() for line in lines if line.split()[:3] == ["district", "code", "blocks"])
    printed = {
        row[0]: dict(zip(header, row, strict=True))
        for row in map(str.split, lines)
        if row[:1] in (["Alpur"], ["Bepur"])
    }
    for i, name in enumerate(["Alpur", "Bepur"]):
        ui = [shown.iloc[i][FIGURES[key].title("en")].replace("not recorded", "—") for key in BLOCK_FIGURES]
        assert ui == [printed[name][key] for key in BLOCK_FIGURES], name
        assert shown.iloc[i]["Blocks"] == printed[name]["blocks"]


def test_the_districts_layer_draws_each_district_with_its_figures_and_its_name_as_text(state):
    data = read_store(state)
    data = dataclasses.replace(data, districts=data.districts.assign(name=[HOSTILE, "Bepur"]))
    table = by_district(data)
    ctx = state_context(data, table)
    assert [round(a / 1e4) for a in ctx.districts.to_crs(32645).area] == [400, 500]  # 4 km², 5 km² (hectares)
    page = map_html(build_map(ctx, [STATE_LAYERS["connectivity"]]))
    assert "{{" not in page and HOSTILE not in page and "gpDataPanchayats" not in page  # the districts alone
    features = map_source(page, "gpDataDistricts")["features"]
    props = {key: [f["properties"][key] for f in features] for key in features[0]["properties"]}
    assert [html.unescape(name) for name in props["p_name"]] == [HOSTILE, "Bepur"]
    assert (props["p_lgd_code"], props["p_blocks"], props["p_panchayats"], props["p_villages"]) == (
        ["901", "902"],
        ["2", "2"],
        ["3", "3"],
        ["4", "5"],
    )
    assert props["c_districts_connectivity"] == ["not_recorded", "not_recorded"]  # working: not recorded, not 0 %
    assert props["p_share_percent"] == ["not recorded", "not recorded"]
    with pytest.raises(ValueError, match=r"table has no row for district\(s\) 902"):
        state_context(data, table.drop(index="902"))


def test_a_district_is_coloured_by_the_themes_share_and_the_legend_counts_districts(state):
    data = read_store(state)
    ctx = state_context(data, by_district(data).assign(working=pd.array([3, 1], dtype="Int64")))  # 3 / 3, 1 / 3
    spec = STATE_LAYERS["connectivity"]
    frame = spec.frame(ctx)
    assert frame["class"].tolist() == ["high", "lower"]  # 100 % and 33 %
    assert [round(p, 1) for p in frame["share_percent"]] == [100.0, 33.3]
    rows = legend_rows([spec], {spec.name: frame}, ctx, "en")[spec.name]
    assert [row.label for row in rows] == [
        "75 % or more (1)",
        "50–75 % (0)",
        "25–50 % (1)",
        "Under 25 % (0)",
        "Not recorded (0)",
    ]
    assert STATE_LAYERS["gaps"].name == "districts"  # a theme with no share: the outlines
    west_of_bepur = ctx.districts.geometry.iloc[1].bounds[0]
    assert district_at(ctx, west_of_bepur + 0.001, ctx.districts.geometry.iloc[1].centroid.y) == "902"
    assert district_at(ctx, west_of_bepur - 0.01, ctx.districts.geometry.iloc[1].centroid.y) is None  # between


def _map_widgets(at) -> list[str]:
    """The session keys of the maps drawn in the last run (streamlit-folium keys a map by a hash of it)."""
    return [key for key in at.session_state._state._state.filtered_state if re.fullmatch(r"[0-9a-f]{64}", key)]


def test_a_click_on_a_district_chooses_it_and_the_pages_show_that_district(state, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv(STORE_ENV, str(state))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == t("ui.review_title", "en", district="Jharkhand")
    assert at.subheader[0].value == "Jharkhand — 2 districts"
    assert [m.value for m in at.metric][:4] == ["not recorded", "not recorded", "not recorded", "6 / 6"]
    assert at.table[0].value.iloc[:, 0].tolist() == ["Alpur", "Bepur", "State total"]
    (shown,) = at.get("component_instance")  # the outlines were drawn first, then the coloured map in their place
    assert "districts_connectivity" in shown.proto.json_args and "district_names" not in shown.proto.json_args
    assert len(_map_widgets(at)) == 2
    at.run()  # this session has the figures: the coloured map at once, alone
    assert not at.exception, at.exception
    (widget,) = _map_widgets(at)
    bepur = read_store(state).districts.set_index("lgd_code").geometry["902"].representative_point()
    at.session_state[widget] = {"last_object_clicked": {"lat": bepur.y, "lng": bepur.x}, "last_clicked": None}
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["district"] == "902"
    assert at.sidebar.selectbox(key="district_choice").value == "902"
    assert at.title[0].value == t("ui.review_title", "en", district="Bepur")  # the district, as a store of one
    at.sidebar.selectbox(key="district_choice").set_value("").run()
    assert at.title[0].value == t("ui.review_title", "en", district="Jharkhand")
    at.switch_page("ui/planner.py").run()
    assert not at.exception, at.exception
    assert at.info[0].value == t("ui.planner_choose_district", "en")
    assert at.subheader[0].value == "Jharkhand — 2 districts"
    at.switch_page("ui/review.py").run()
    at.radio(key="lang").set_value("hi").run()
    assert not at.exception, at.exception
    assert at.subheader[0].value == "Jharkhand — 2 जिले"
    assert at.table[0].value.iloc[:, 0].tolist() == ["Alpur", "Bepur", "राज्य का योग"]
    assert at.metric[3].value == "6 / 6" and at.metric[0].value == "दर्ज नहीं"


def test_a_bookmarked_slide_names_its_district_and_opens_that_districts_deck(state, monkeypatch):
    """``?district=902&slide=csc`` opens Bepur's deck on its first item; ``?slide=csc`` alone the state view."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv(STORE_ENV, str(state))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["slide"] = "csc"
    at.run()
    assert not at.exception, at.exception
    assert at.subheader[0].value == "Jharkhand — 2 districts"  # no district chosen: a slide is a district's
    assert at.query_params["slide"] == "csc" and "district" not in at.query_params
    at.sidebar.selectbox(key="district_choice").set_value("902").run()
    assert not at.exception, at.exception
    shown = " ".join(h.value for h in at.get("html"))
    assert "1/6 · " in shown and "gp-deck-title" in shown  # the district chosen: its deck, on the slide asked
    assert at.query_params["district"] == "902" and at.query_params["slide"] == "csc"  # the address names both

    bookmark = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    bookmark.query_params["district"] = "902"
    bookmark.query_params["slide"] = "connectivity"
    bookmark.run()
    assert not bookmark.exception, bookmark.exception
    assert bookmark.session_state["district"] == "902"
    assert "2/6 · " in " ".join(h.value for h in bookmark.get("html"))
    bookmark.sidebar.selectbox(key="district_choice").set_value("").run()
    assert "district" not in bookmark.query_params  # all districts: the state view, no district in the address


def test_a_store_of_districts_with_no_state_name_is_titled_as_a_state_in_both_languages():
    from geo.storage.identity import DistrictIdentity

    unnamed = DistrictIdentity.of_districts(2)
    assert (unnamed.label("en"), unnamed.label("hi")) == ("State (2 districts)", "राज्य (2 जिले)")
    assert (unnamed.area("en"), unnamed.area("hi")) == ("State (2 districts)", "राज्य (2 जिले)")
    named = DistrictIdentity.of_districts(2, state="Jharkhand", state_hi="झारखंड")
    assert (named.label("en"), named.label("hi")) == ("Jharkhand", "झारखंड")


def test_the_command_line_says_a_demo_state_is_a_synthetic_state(tmp_path, capsys):
    from state_of_two import two_districts

    from cli import main
    from geo.storage.store import write_store

    state = write_store(tmp_path / "state.gpkg", two_districts(demo=True), fresh_file=True)
    district = write_store(tmp_path / "district.gpkg", two_districts(demo=True).only_district("901"), fresh_file=True)
    assert main(["summary", "--store", str(state)]) == 0
    said = capsys.readouterr().err
    assert "DEMO DATA: synthetic state, not official figures" in said and "synthetic district" not in said
    assert main(["summary", "--store", str(district)]) == 0
    assert "DEMO DATA: synthetic district, not official figures" in capsys.readouterr().err
