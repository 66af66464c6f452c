"""One truth: every face of the app shows the same number for each figure, on the demo and on another district.

Each face is read the way its user reads it (the Review cards and the Public page through
AppTest, the map's legend in its HTML, the Planner's gap-list tabs, ``summary`` on the
command line, the data export read back with geopandas, the map sheet through pdftotext,
``public_map.html`` as published) and compared with numbers worked out by hand: for the
demo from its raw tables (``test_summary``), for "Testpur" in ``tests/other_district.py``.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from other_district import EXPECTED as TESTPUR
from other_district import build_store
from state_of_two import two_districts
from streamlit.testing.v1 import AppTest

from cli import main
from geo.exports.export import export_data
from geo.review.analysis import analyse
from geo.review.figures import FIGURES, PARTITIONS
from geo.storage.store import DEMO_STORE, STORE_ENV, read_store
from layers.context import map_context
from layers.folium_map import build_map, map_html
from layers.publish import publish_html
from layers.registry import theme_layers
from layers.sheet import render_map_sheet

ROOT = Path(__file__).resolve().parent.parent
#: The figures every face must agree on.
SHARED = ("working", "live_offline", "not_live", "csc_functional", "library_opened", "villages_beyond_aadhaar")
#: By hand, latest reports: the demo (from its raw tables, see test_summary) and Testpur (tests/other_district.py).
EXPECTED = {
    "demo": {
        "working": 40,
        "live_offline": 18,
        "not_live": 60,
        "csc_functional": 100,
        "library_opened": 29,
        "villages_beyond_aadhaar": 60,
        "csc_not_functional": 18,
        "library_not_opened": 89,
        "panchayats": 118,
    },
    "testpur": {**{k: TESTPUR[k] for k in SHARED}, "csc_not_functional": 3, "library_not_opened": 2, "panchayats": 5},
}
#: Legend rows (English) that carry each figure, per map theme.
LEGEND_ROWS = {
    "connectivity": {
        "working": FIGURES["working"].label("en"),
        "live_offline": FIGURES["live_offline"].label("en"),
        "not_live": FIGURES["not_live"].label("en"),
    },
    "csc": {"csc_functional": FIGURES["csc_functional"].label("en")},
    "library": {"library_opened": "Opened"},
    "aadhaar": {"villages_beyond_aadhaar": "over 10 km"},
}


@pytest.fixture(scope="module", params=["demo", "testpur"])
def district(request, tmp_path_factory) -> tuple[str, Path]:
    """(name, store path): a copy of the demo, or Testpur imported from its own files."""
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "demo":
        path = folder / "store.gpkg"
        shutil.copyfile(DEMO_STORE, path)
    else:
        path = build_store(folder)
    return request.param, path


@pytest.fixture
def on_store(district, monkeypatch) -> tuple[str, Path]:
    monkeypatch.setenv(STORE_ENV, str(district[1]))
    return district


def _count(text: str) -> int:
    """The number a face shows: "40 / 118" -> 40, "7,91,042" -> 791042."""
    return int(text.split("/")[0].strip().replace(",", ""))


def _legend_counts(text: str, rows: dict[str, str]) -> dict[str, int]:
    return {
        key: int(re.search(re.escape(label) + r" \((\d[\d,]*)\)", text).group(1).replace(",", ""))
        for key, label in rows.items()
    }


def test_the_analysis_is_the_hand_count(district):
    name, path = district
    figures = analyse(read_store(path)).figures
    shown = {key: figures.value(key) for key in EXPECTED[name] if key != "library_not_opened"}
    shown["library_not_opened"] = figures.value("library_space") + figures.value("library_not_started")
    assert shown == EXPECTED[name]
    for keys in PARTITIONS.values():  # the classes add up to the panchayats
        assert sum(figures.value(k) for k in keys) == figures.value("panchayats")


def test_review_cards(on_store):
    name, _ = on_store
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    cards = {m.label: m.value for m in at.metric}
    shown = {key: _count(cards[FIGURES[key].title("en")]) for key in SHARED}
    assert shown == {k: EXPECTED[name][k] for k in SHARED}
    panchayats = EXPECTED[name]["panchayats"]
    assert cards[FIGURES["working"].title("en")].endswith(f"/ {panchayats}")


def test_map_legends(district):
    name, path = district
    ctx = map_context(analyse(read_store(path)))
    shown = {}
    for theme, rows in LEGEND_ROWS.items():
        html = map_html(build_map(ctx, theme_layers(theme)))
        legend = json.loads(re.search(r"gpLegend\(\w+, (\".*?\")\);\n", html).group(1))
        shown |= _legend_counts(legend, rows)
    assert shown == {k: EXPECTED[name][k] for k in SHARED}


def test_planner_gap_lists(on_store):
    name, _ = on_store
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.session_state["planner_section"] = "gaps"
    at.switch_page("ui/planner.py").run()
    assert not at.exception, at.exception
    tabs = {
        re.sub(r" \(\d[\d,]*\)$", "", tab.label): _count(re.search(r"\((\d[\d,]*)\)$", tab.label).group(1))
        for tab in at.tabs
        if tab.label.endswith(")")  # the gap lists, not the Planner's sections
    }
    assert tabs["Panchayat buildings not live yet"] == EXPECTED[name]["not_live"]
    assert tabs["Live, but found offline at the latest inspection"] == EXPECTED[name]["live_offline"]
    assert tabs["Panchayats with no functional CSC"] == EXPECTED[name]["csc_not_functional"]
    assert tabs["Community library not opened"] == EXPECTED[name]["library_not_opened"]
    assert tabs["Villages beyond 10 km of an Aadhaar centre"] == EXPECTED[name]["villages_beyond_aadhaar"]


def test_summary_on_the_command_line(district, capsys):
    name, path = district
    assert main(["summary", "--store", str(path)]) == 0
    out = capsys.readouterr().out
    shown = {}
    for key in SHARED:
        line = next(line for line in out.splitlines() if line.strip().startswith(FIGURES[key].title("en")))
        shown[key] = _count(line.strip()[len(FIGURES[key].title("en")) :])
    assert shown == {k: EXPECTED[name][k] for k in SHARED}


def test_data_exports(district, tmp_path):
    name, path = district
    data = read_store(path)
    gps = gpd.read_file(io.BytesIO(export_data(data, "panchayats", "geojson")))
    villages = gpd.read_file(io.BytesIO(export_data(data, "villages", "geojson")))
    blocks = gpd.read_file(io.BytesIO(export_data(data, "blocks", "geojson")))
    connectivity = gps["connectivity"].value_counts()
    shown = {
        "working": connectivity.get("working", 0),
        "live_offline": connectivity.get("live_offline", 0),
        "not_live": connectivity.get("not_live", 0),
        "csc_functional": int((gps["csc"] == "functional").sum()),
        "library_opened": int((gps["library"] == "opened").sum()),
        "villages_beyond_aadhaar": int(villages["beyond_aadhaar"].fillna(False).astype(bool).sum()),
    }
    assert shown == {k: EXPECTED[name][k] for k in SHARED}
    assert {k: int(blocks[k].sum()) for k in SHARED} == {k: EXPECTED[name][k] for k in SHARED}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
def test_map_sheets(district, tmp_path):
    name, path = district
    data = read_store(path)
    shown = {}
    for theme, rows in LEGEND_ROWS.items():
        pdf = tmp_path / f"{theme}.pdf"
        pdf.write_bytes(render_map_sheet(data, theme))
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        shown |= _legend_counts(re.sub(r"\s+", " ", text), rows)
    assert shown == {k: EXPECTED[name][k] for k in SHARED}


def test_public_page(on_store):
    name, _ = on_store
    at = AppTest.from_file(str(ROOT / "public_app.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    cards = {m.label: m.value for m in at.metric}
    assert {key: _count(cards[FIGURES[key].title("en")]) for key in SHARED} == {k: EXPECTED[name][k] for k in SHARED}


def test_published_public_map(district):
    name, path = district
    page = publish_html(read_store(path))
    data = json.loads(re.search(r"var gpPublic = (\{.*?\});\n", page).group(1).replace("<\\/", "</"))
    pairs = re.findall(
        r"<dt><span class='gp-only-en' lang='en'>(.*?)</span>.*?</dt>"
        r"<dd><span class='gp-only-en' lang='en'>(.*?)</span>",
        data["about_html"],
    )
    shown = {key: _count(dict(pairs)[html.escape(FIGURES[key].title("en"))]) for key in SHARED}
    assert shown == {k: EXPECTED[name][k] for k in SHARED}


# --- a state: its figure is the sum of its districts' own figures, on every path ------------------------------------


def test_a_states_figure_is_the_sum_of_its_districts_own_figures_on_every_path(tmp_path, capsys):
    from geo.review.summary import by_district, state_totals, summary
    from geo.storage.store import write_store

    data = two_districts()
    table = by_district(data)
    hand = {  # key: (Alpur, Bepur, state total, districts not recording it)
        "villages_beyond_aadhaar": (1, 1, 2, 0),
        "population_beyond_aadhaar": (100, 400, 500, 0),
        "working": (1, None, 1, 1),
        "csc_functional": (None, 1, 1, 1),
        "csc_not_functional": (None, 0, 0, 1),
        "aadhaar_centres": (1, 1, 2, 0),
    }
    totals = state_totals(table)
    whole = analyse(data).figures
    for key, (alpur, bepur, total, unrecorded) in hand.items():
        assert [None if pd.isna(v) else int(v) for v in table[key]] == [alpur, bepur], key
        assert (int(totals.at[key, "total"]), int(totals.at[key, "not_recorded"])) == (total, unrecorded), key
        assert whole.value(key) == total, key
        for code, value in zip(("901", "902"), (alpur, bepur), strict=True):  # the district alone, as its DC sees it
            assert summary(data.only_district(code)).figures.value(key) == value, (key, code)
    assert whole.text("working") == "not recorded in 1 of 2 districts"
    assert whole.note("working") == "1 in the 1 district(s) that recorded it"
    assert whole.text("villages_beyond_aadhaar") == "2"

    store = write_store(tmp_path / "state.gpkg", data, fresh_file=True)
    assert main(["summary", "--store", str(store)]) == 0
    lines = capsys.readouterr().out.splitlines()
    title = FIGURES["villages_beyond_aadhaar"].title("en")
    assert next(line for line in lines if line.strip().startswith(title)).split()[-1] == "2"
    working = next(line for line in lines if line.strip().startswith(FIGURES["working"].title("en")))
    assert "not recorded in 1 of 2 districts" in working and "1 in the 1 district(s) that recorded it" in working

    far = pd.read_csv(
        io.BytesIO(export_data(data, "villages", "csv")), encoding="utf-8-sig", dtype={"census_code": str}
    )
    assert far.set_index("census_code")["aadhaar_id"].to_dict() == {"VA1": "AA", "VA2": "AA", "VB1": "AB", "VB2": "AB"}
    assert sorted(far.loc[far["aadhaar_dist_km"] > 10, "census_code"]) == ["VA1", "VB2"]


def test_nearest_within_a_group_refuses_groups_not_one_per_row():
    from geo.spatial.nearest import nearest_service_within

    data = two_districts()
    with pytest.raises(ValueError, match=r"origin_groups must have one group per row \(4\), got 1"):
        nearest_service_within(
            data.villages, data.service_points, "aadhaar", origin_groups=pd.Series(["901"]), service_groups=pd.Series()
        )
