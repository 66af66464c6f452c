"""AppTest for every page of app.py: no exception, figures equal the core's, both languages."""

from __future__ import annotations

import ast
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from geo.exports.tables import table_bytes
from geo.formats import format_count
from geo.languages import DEVANAGARI_DIGITS, localize_digits
from geo.review.analysis import analyse
from geo.review.status import status_changes
from geo.review.summary import summary
from geo.spatial.coverage import coverage
from geo.storage.store import DEMO_STORE, STORE_ENV, read_store
from geo.text import t
from ui.review import CARD_ROWS
from ui.tables import BLOCK_FIGURES

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 60


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A copy of the DEMO store, named by $PANCHAYAT_STORE for the app under test."""
    path = tmp_path_factory.mktemp("app") / "store.gpkg"
    shutil.copyfile(DEMO_STORE, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(STORE_ENV, str(path))
        yield path


def open_app(page: str | None = None, *, lang: str = "en", section: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    at.session_state["lang"] = lang
    if section is not None:  # the Planner's open section under the map (ui.planner.SECTION)
        at.session_state["planner_section"] = section
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def expected_cards(result, lang: str = "en") -> dict[str, tuple[str, str]]:
    cards = {}
    for key in (k for row in CARD_ROWS for k in row):
        change = result.delta(key)
        # no arrow for no change, nor where nothing was recorded by the earlier review
        delta = "" if not change else ("+" if change > 0 else "") + format_count(change)
        cards[result.figures.title(key, lang)] = (result.figures.text(key, lang), delta)
    return cards


def test_review_cards_equal_the_summary_since_the_last_review(store):
    at = open_app()
    result = summary(read_store(store), since="2020-11-12")
    assert at.title[0].value == "District e-Governance review — Jamtara"
    assert {m.label: (m.value, m.delta) for m in at.metric} == expected_cards(result)
    # the inspection KPI ends the first row: 76 of the 118 inspected in the 30 days to 10 Dec; no inspection was
    # recorded by 12 Nov, so no change (never "+76"), and the card says why
    assert (at.metric[4].label, at.metric[4].value, at.metric[4].delta) == (
        "Inspected in the last 30 days",
        "76 / 118",
        "",
    )
    # by hand from the demo: 40 working, 18 live but found offline, 60 not live, 0 not recorded (= 118);
    # "found offline" has no change either: nothing could be found offline before any inspection
    assert [(m.value, m.delta) for m in at.metric[:4]] == [
        ("40 / 118", "+7"),
        ("18 / 118", ""),
        ("60 / 118", "-25"),
        ("0 / 118", ""),
    ]
    assert [c.value for c in at.caption].count("no inspection recorded by 12 Nov 2020") == 2
    blocks = at.table[0].value
    assert len(blocks) == 7  # six blocks and the district
    assert blocks.iloc[-1].tolist()[1:] == [result.figures.text(k, of_panchayats=False) for k in BLOCK_FIGURES]
    changes = at.dataframe[0].value
    assert len(changes) == len(status_changes(read_store(store).status_events, since="2020-11-12"))


def test_review_as_of_the_first_review_has_nothing_to_compare_with(store):
    at = open_app()
    at.selectbox(key="review_as_of_en").set_value("2020-11-12").run()
    assert not at.exception
    result = summary(read_store(store), as_of="2020-11-12")
    assert {m.label: (m.value, m.delta) for m in at.metric} == expected_cards(result)
    assert t("ui.no_earlier_review", "en") in [c.value for c in at.caption]
    assert len(at.dataframe) == 0


def test_review_in_hindi(store):
    at = open_app(lang="hi")
    result = summary(read_store(store), since="2020-11-12")
    assert at.title[0].value == "ई-गवर्नेंस समीक्षा — जामताड़ा"
    assert {m.label: (m.value, m.delta) for m in at.metric} == expected_cards(result, "hi")
    assert at.table[0].value.iloc[-1, 0] == "जिला"
    assert "जामताड़ा" in at.table[0].value.iloc[:, 0].tolist()
    sent = len(at.get("component_instance")[0].proto.json_args.encode("utf-8"))
    assert sent < 300_000  # the map as st_folium sends it (the target), Hindi being the larger


def test_language_switch_changes_titles(store):
    at = open_app()
    at.radio(key="lang").set_value("hi").run()
    assert not at.exception
    assert at.title[0].value == "ई-गवर्नेंस समीक्षा — जामताड़ा"
    theme = at.selectbox(key="review_theme_hi")
    assert theme.value == "connectivity" and "पंचायत भवनों की कनेक्टिविटी" in theme.options
    assert at.metric[0].label == "इंटरनेट चालू पंचायत भवन"


def test_review_theme_is_remembered(store):
    at = open_app()
    at.selectbox(key="review_theme_en").set_value("aadhaar").run()
    assert not at.exception
    assert at.session_state["review_theme"] == "aadhaar"


def page_html(at: AppTest) -> str:
    return " ".join(h.value for h in at.get("html"))


def open_bookmark(slide: str, lang: str) -> AppTest:
    """The app opened at ``/review?slide=<slide>`` in ``lang``, as a bookmark would."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    at.session_state["lang"] = lang
    at.query_params["slide"] = slide
    at.run()
    assert not at.exception, at.exception
    return at


def test_deck_opens_at_the_bookmarked_item_and_steps_through_the_agenda(store):
    at = open_bookmark("csc", "en")
    shown = page_html(at)
    assert "1/6 · " in shown
    assert "Figures as of 10 Dec 2020 · compared with the review of 12 Nov 2020" in shown
    assert "100 / 118" in shown  # functional CSCs in the demo, by hand: 100 of 118 panchayats
    assert len(at.metric) == 0  # the deck replaces the cards

    at.button(key="deck_next").click().run()
    shown = page_html(at)
    assert "2/6 · " in shown and at.query_params["slide"] == "connectivity"
    # 33 panchayats changed class since 12 Nov: 15 came online, 18 were found offline
    assert "15 now working · 18 now found offline" in shown

    at.button(key="deck_prev").click().run()
    assert "1/6 · " in page_html(at)
    at.button(key="deck_exit").click().run()
    assert not at.exception
    assert "gp-deck-title" not in page_html(at) and "slide" not in at.query_params
    assert len(at.metric) > 0  # back on the review page


def test_hindi_with_devanagari_digits_writes_every_number_in_them(store):
    at = open_app(lang="hi-u-nu-deva")
    assert at.title[0].value == "ई-गवर्नेंस समीक्षा — जामताड़ा"
    # the same figures as in Hindi with 0-9, by hand: 40 working, 18 live but offline, 60 not live; 76 inspected
    assert [(m.value, m.delta) for m in at.metric[:3]] == [("४० / ११८", "+७"), ("१८ / ११८", ""), ("६० / ११८", "-२५")]
    assert (at.metric[4].value, at.metric[4].delta) == ("७६ / ११८", "")
    assert "१२ नवंबर २०२० तक कोई निरीक्षण दर्ज नहीं" in [c.value for c in at.caption]
    result = summary(read_store(store), since="2020-11-12")
    assert {m.label: (m.value, m.delta) for m in at.metric} == {
        localize_digits(label, DEVANAGARI_DIGITS): (
            localize_digits(value, DEVANAGARI_DIGITS),
            localize_digits(delta, DEVANAGARI_DIGITS),
        )
        for label, (value, delta) in expected_cards(result, "hi").items()
    }
    assert not any(ch.isascii() and ch.isdigit() for m in at.metric for ch in m.value)
    assert at.radio(key="lang").options == ["English", "हिन्दी", "हिन्दी · १२३"]
    assert at.query_params["lang"] == "hi-u-nu-deva"  # a bookmark opens in it

    deck = open_bookmark("jharsewa", "hi-u-nu-deva")
    assert "आंकड़े १० दिसंबर २०२० तक · १२ नवंबर २०२० की समीक्षा से तुलना" in page_html(deck)
    assert "२,६६६" in page_html(deck)  # JharSewa applications pending on 10 Dec

    planner = open_app("ui/planner.py", lang="hi-u-nu-deva", section="inspections")  # tables: test_ui_tables.py
    assert planner.title[0].value == t("ui.planner_title", "hi")
    assert t("ui.inspections_title", "hi") in [h.value for h in planner.subheader]


def test_deck_in_hindi_says_the_dates_in_hindi(store):
    at = open_bookmark("jharsewa", "hi")
    shown = page_html(at)
    assert "3/6 · " in shown
    assert "आंकड़े 10 दिसंबर 2020 तक · 12 नवंबर 2020 की समीक्षा से तुलना" in shown
    assert "2,666" in shown  # JharSewa applications pending in the demo on 10 Dec


def test_planner_coverage_search_and_card(store):
    at = open_app("ui/planner.py")
    data = read_store(store)
    result = analyse(data)
    expected = coverage(result.villages, result.services, "aadhaar", 10.0, group_by="block_lgd")
    assert at.title[0].value == t("ui.planner_title", "en")
    assert at.metric[0].value == f"{100 * expected.share_covered:.1f} %"
    by_block = at.dataframe[0].value
    assert by_block.iloc[-1, 1:3].tolist() == [len(result.villages), int(expected.per_origin["covered"].sum())]
    # the villages left out at 10 km are the review's villages beyond 10 km of an Aadhaar centre
    assert len(at.dataframe[1].value) == int((~expected.per_origin["covered"]).sum()) == 60
    assert result.figures.value("villages_beyond_aadhaar") == 60

    at.selectbox(key="planner_kind_en").set_value("csc")
    at.slider(key="planner_km").set_value(3).run()
    csc = coverage(result.villages, result.services, "csc", 3.0, group_by="block_lgd")
    assert at.metric[0].value == f"{100 * csc.share_covered:.1f} %"

    at.text_input(key="planner_search").set_value("नाला ग्रा.पं. ०३").run()
    code = data.panchayats.loc[data.panchayats["name"] == "Nala GP 03", "lgd_code"].item()
    at.selectbox(key="planner_pick").set_value(code).run()
    assert not at.exception
    assert at.subheader[0].value == "Nala GP 03 gram panchayat"
    indicators, nearest, timeline, history = (at.dataframe[i].value for i in range(4))
    assert indicators.iloc[2].tolist() == ["LGD code", code]
    # the states at each review: both demo review dates, the latest as the card's indicator rows say
    assert timeline["Date"].tolist() == ["12 Nov 2020", "10 Dec 2020"]
    shown = dict(zip(indicators.iloc[:, 0], indicators.iloc[:, 1], strict=True))
    for column in ("Connectivity", "Functional CSC", "Community library"):  # the card's words, per panchayat
        assert timeline.iloc[-1][column] == shown[column], column
    # dates as the office writes them, on the card and in its history (the demo inspected Nala GP 03 on 27 Nov)
    assert shown["Inspected on"] == "27 Nov 2020" and history["Date"].iloc[0] == "27 Nov 2020"
    assert sorted(set(nearest["Service"])) == ["Aadhaar enrolment centre", "CSC (Pragya Kendra)", "PMGDISHA centre"]
    assert nearest["Distance (km)"].is_monotonic_increasing or len(nearest) > 3
    assert len(history) == int((data.status_events["panchayat_lgd"] == code).sum())
    assert t("ui.editor_signin_hint", "en") in [c.value for c in at.caption]
    assert t("ui.editor_signin", "en") in [e.label for e in at.expander]
    assert not [b for b in at.button if (b.key or "").startswith("save_")]  # no status editor signed out
    assert list(history.columns) == ["Date", "Indicator", "Value", "Source"]  # no private column signed out


def test_planner_in_hindi(store):
    at = open_app("ui/planner.py", lang="hi")
    assert at.title[0].value == t("ui.planner_title", "hi")
    assert at.dataframe[0].value.columns[0] == "प्रखंड"
    at.session_state["planner_section"] = "inspections"
    at.run()
    assert t("ui.inspections_title", "hi") in [h.value for h in at.subheader]


def test_planner_sends_only_the_open_section_and_keeps_it_open_in_another_language(store):
    at = open_app("ui/planner.py")
    labels = ["Coverage", "Travel time", "Gap lists", "Trend", "Inspections due"]
    assert [tab.label for tab in at.tabs][:5] == labels
    assert len(at.tabs) == 5  # the gap lists' own tabs are not sent while their section is closed
    assert at.subheader[0].value == "Villages within 10 km of a functional Aadhaar enrolment centre"
    assert len(at.get("vega_lite_chart")) == 2  # coverage's bars and curve only
    assert [m.label for m in at.metric] == ["Population covered"]

    at.session_state["planner_section"] = "access"
    at.run()
    assert [h.value for h in at.subheader][0] == "Travel time to the nearest functional Aadhaar enrolment centre"
    assert "Population covered" not in [m.label for m in at.metric]  # the coverage section is closed
    at.session_state["lang"] = "hi"
    at.run()
    assert not at.exception, at.exception
    assert [tab.label for tab in at.tabs][:5] == ["कवरेज", "यात्रा समय", "कमियों की सूचियाँ", "रुझान", "बाकी निरीक्षण"]
    assert at.subheader[0].value == "निकटतम कार्यरत आधार पंजीकरण केंद्र तक यात्रा समय"


def test_planner_lists_a_blocks_inspections_due_in_visiting_order(store):
    import datetime as dt

    from geo.review.inspections import inspection_plan

    at = open_app("ui/planner.py", section="inspections")
    at.selectbox(key="planner_inspect_block_en").set_value("9902")
    at.date_input(key="planner_inspect_date").set_value(dt.date(2020, 12, 10)).run()
    assert not at.exception, at.exception
    plan = inspection_plan(read_store(store), "9902", as_of="2020-12-10")
    table = at.dataframe[-1].value
    assert table["LGD code"].tolist() == plan["lgd_code"].tolist() and len(plan) == 14
    assert table["Day"].tolist() == [1] * 6 + [2] * 6 + [3] * 2
    assert table["Why due"].iloc[0] == "never inspected"
    assert "14 of 24 panchayats due: not inspected in the last 30 days" in " ".join(c.value for c in at.caption)
    assert t("ui.inspections_order", "en") in [c.value for c in at.caption]


def test_public_page_through_the_full_app(store):
    at = open_app("ui/public.py")
    assert at.title[0].value == "Jamtara: digital services in every panchayat"
    assert any("118 gram panchayats" in caption.value for caption in at.caption)


def test_a_missing_store_is_an_error_message_not_a_crash(monkeypatch, tmp_path):
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "nowhere.gpkg"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S).run()
    assert not at.exception
    assert "nowhere\\.gpkg" in at.error[0].value  # Markdown-escaped: a path is text (ui.common.md)
    assert len(at.metric) == 0


def test_planner_downloads_hold_the_tables(tmp_path):
    tables = {
        "coverage_by_block": pd.DataFrame({"प्रखंड": ["नाला"], "Villages": [3]}),
        "uncovered_villages": pd.DataFrame({"Village": ["A"], "Population": [10]}),
    }
    csv = table_bytes(tables, ".csv")
    assert csv.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel shows Hindi
    stacked = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    assert stacked["table"].tolist() == ["coverage_by_block", "uncovered_villages"]
    sheets = pd.read_excel(io.BytesIO(table_bytes(tables, ".xlsx")), sheet_name=None)
    assert list(sheets) == list(tables)
    assert sheets["coverage_by_block"].iloc[0].tolist() == ["नाला", 3]


@pytest.mark.parametrize("folder", ["geo", "layers"])
def test_only_the_app_and_ui_import_streamlit(folder):
    for module in (ROOT / folder).rglob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert not {name for name in imported if name.split(".")[0] in {"streamlit", "streamlit_folium", "ui"}}, module


def test_planner_trend_charts_every_figure_of_the_item_at_every_review(store):
    at = open_app("ui/planner.py", section="trend")
    charts = at.get("vega_lite_chart")
    assert len(charts) == 3  # the CSC item's three figures, and no other section's charts
    chart = charts[0].proto
    assert json.loads(chart.spec)["encoding"]["x"]["sort"] is None  # the reviews in date order, not alphabetical
    bars = pa.ipc.open_stream(chart.data.data).read_all().to_pandas()
    # by hand from the demo: 92 panchayats with a functional CSC on 12 Nov, 100 on 10 Dec
    assert list(zip(bars["review"], bars["value"], strict=True)) == [("12 Nov 2020", 92), ("10 Dec 2020", 100)]
    assert t("ui.trend_title", "en") in [s.value for s in at.subheader]


def test_planner_coverage_charts_show_the_blocks_and_the_curve_with_the_threshold(store):
    at = open_app("ui/planner.py")
    bars, curve = (c.proto for c in at.get("vega_lite_chart")[:2])
    blocks = pa.ipc.open_stream(bars.data.data).read_all().to_pandas()
    assert len(blocks) == 6  # the demo's six blocks, not the district row
    points = pa.ipc.open_stream(curve.data.data).read_all().to_pandas()
    assert points["km"].tolist() == [float(km) for km in range(1, 21)]
    # the curve at the chosen 10 km is the metric on the page
    assert f"{points['share'].iloc[9]:.1f} %" == at.metric[0].value
    assert json.loads(curve.spec)["layer"][1]["encoding"]["x"]["datum"] == 10.0
