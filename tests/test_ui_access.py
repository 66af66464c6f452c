"""The Planner's Access panel shows geo.spatial.access' and siting's numbers; its map layers and sheet draw them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.errors import GeoInputError
from geo.formats import format_count, format_percent
from geo.review.analysis import analyse
from geo.spatial.access import TravelSettings, beyond_minutes, measure_access, people_within_areas, within_travel
from geo.spatial.siting import candidate_sites, maximal_covering
from geo.storage.store import DEMO_STORE, STORE_ENV, read_store
from geo.text import Text, t
from layers.context import map_context
from layers.sheet import SheetLayout, render_map_sheet
from layers.travel import SUGGESTED_SITES, TRAVEL_BANDS, with_travel

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("access") / "store.gpkg"
    shutil.copyfile(DEMO_STORE, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(STORE_ENV, str(path))
        yield path


@pytest.fixture(scope="module")
def core(store):
    data = read_store(store)
    result = analyse(data)

    def access(kind: str, scenario: str):
        return measure_access(
            result.villages,
            result.panchayats,
            result.services,
            result.district,
            kind,
            roads=data.roads,
            water=data.water,
            settings=TravelSettings(scenario=scenario),
        )

    return data, result, access


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_panel_shows_the_cores_minutes_and_sites(store, core):
    data, result, access = core
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.session_state["planner_section"] = "access"
    at.switch_page("ui/planner.py").run()
    assert not at.exception, at.exception
    dry = access("aadhaar", "dry")
    row = people_within_areas(dry, data.blocks, thresholds_min=(60,)).iloc[0]
    metrics = _metrics(at)
    assert metrics["People within 60 min"] == (
        f"{format_count(int(row['within_60_min']))} ({format_percent(float(row['share_60_min']))})"
    )
    assert metrics["Villages beyond 60 min"] == format_count(beyond_minutes(dry, 60).villages)
    services = result.services
    existing = services[(services["kind"] == "aadhaar") & services["functional"].fillna(False).astype(bool)]
    sites = maximal_covering(
        result.villages,
        candidate_sites(result.panchayats, result.villages, services, "aadhaar"),
        existing,
        k=3,
        reach=within_travel(dry, 60),
    )
    assert metrics["3 new sites would add"] == "+" + format_count(sites.covered_after - sites.covered_before)
    shown_sites = next(d.value for d in at.dataframe if "Site (panchayat bhawan)" in d.value.columns)
    assert shown_sites["Site (panchayat bhawan)"].tolist() == sites.sites["name"].tolist()

    at.selectbox(key="access_scenario_en").set_value("monsoon").run()
    at.number_input(key="access_k").set_value(0).run()
    wet = people_within_areas(access("aadhaar", "monsoon"), data.blocks, thresholds_min=(60,)).iloc[0]
    metrics = _metrics(at)
    assert metrics["People within 60 min"].startswith(format_count(int(wet["within_60_min"])))
    assert wet["within_60_min"] < row["within_60_min"]  # the rains slow everyone down
    assert not any(label.endswith("new sites would add") for label in metrics)


def test_the_panel_in_hindi(store):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = "hi"
    at.run()
    at.session_state["planner_section"] = "access"
    at.switch_page("ui/planner.py").run()
    assert not at.exception, at.exception
    assert any(h.value.startswith("निकटतम कार्यरत") and h.value.endswith("तक यात्रा समय") for h in at.subheader)
    assert "60 मिनट के भीतर आबादी" in _metrics(at)
    assert t("ui.access_season", "hi") in [s.label for s in at.selectbox]


def test_travel_layers_and_sheet_draw_the_bands_inside_the_district(core):
    data, result, access = core
    dry = access("aadhaar", "dry")
    title = Text("ui.access_map_title").filled(kind=Text("service_kind.aadhaar"), scenario="dry season")
    ctx = with_travel(map_context(result), dry, title, roads=data.roads, water=data.water)
    bands = TRAVEL_BANDS.frame(ctx)
    district = result.district.to_crs(32645).union_all()
    # cut to the district as the map draws it (simplified by up to 60 m)
    assert bands.to_crs(32645).union_all().difference(district.buffer(61)).is_empty
    assert bands["class"].tolist() == ["0", "1", "2", "3", "4"]
    assert SUGGESTED_SITES.frame(ctx).empty  # no sites asked for
    pdf = render_map_sheet(data, "travel", ctx=ctx, layout=SheetLayout(fmt="pdf"))
    assert pdf[:5] == b"%PDF-"
    with pytest.raises(GeoInputError, match="the travel theme draws travel times"):
        render_map_sheet(data, "travel")


def test_review_switches_the_aadhaar_card_between_km_and_minutes(store, core):
    data, result, access = core
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    labels = [m.label for m in at.metric]
    assert "Villages beyond 10 km of an Aadhaar centre" in labels
    at.selectbox(key="review_reach_en").set_value("min").run()
    assert not at.exception, at.exception
    metrics = _metrics(at)
    assert "Villages beyond 10 km of an Aadhaar centre" not in metrics
    assert metrics["Villages beyond 60 min of an Aadhaar centre"] == format_count(
        beyond_minutes(access("aadhaar", "dry"), 60).villages
    )
    csc = beyond_minutes(access("csc", "dry"), 60)
    assert f"Villages beyond 60 min of a functional CSC: {format_count(csc.villages)}." in [c.value for c in at.caption]


def test_the_card_says_the_minutes_from_the_bhawan(store, core):
    from geo.formats import format_minutes

    data, _, access = core
    code = data.panchayats.loc[data.panchayats["name"] == "Nala GP 03", "lgd_code"].item()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("ui/planner.py").run()
    at.text_input(key="planner_search").set_value("Nala GP 03").run()
    at.selectbox(key="planner_pick").set_value(code).run()
    assert not at.exception, at.exception
    minutes = {
        kind: access(kind, "dry").panchayats.set_index("lgd_code").at[code, "minutes"]
        for kind in ("csc", "aadhaar", "pmgdisha")
    }
    line = next(c.value for c in at.caption if c.value.startswith("By travel time from the bhawan"))
    assert line == (
        "By travel time from the bhawan (dry season): "
        f"Aadhaar enrolment centre: {format_minutes(minutes['aadhaar'])} · "
        f"CSC (Pragya Kendra): {format_minutes(minutes['csc'])} · "
        f"PMGDISHA centre: {format_minutes(minutes['pmgdisha'])}"
    )


def test_capacity_on_the_panel_is_the_commands(store):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.session_state["planner_section"] = "access"
    at.switch_page("ui/planner.py").run()
    at.number_input(key="access_capacity_day").set_value(40).run()
    assert not at.exception, at.exception
    # as `access --capacity 40x30` prints: 14 centres, each full at 1,200 people within 60 minutes
    assert _metrics(at)["People served"] == "16,800 (2.1 %)"
    table = next(d.value for d in at.dataframe if "Not served" in d.value.columns)
    assert table["Served"].sum() == 16_800
