"""Text is data in every face: the hostile-name corpus (tests/hostile.py) through maps, pages, paper and files.

One store carries the corpus (panchayats, villages, centres, blocks, the district,
a remark and its recorder); each test shows it through one face and asserts that
every name comes back as written — nothing evaluated (no ``49``), nothing run, no
markup, math or template read in it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import geopandas as gpd
import pandas as pd
import pytest
from conftest import CHROMIUM, ROOT
from hostile import (
    BLOCK_NAMES,
    CONTROL_NAME,
    DISTRICT,
    FORMULA_LIKE,
    NAMES,
    hostile_store,
    map_source,
    panchayat_codes,
    village_name,
)
from streamlit.testing.v1 import AppTest
from streamlit_folium import _get_header, generate_leaflet_string
from tiny_district import east, tiny_store

from geo.exports.export import export_data
from geo.importing import apply_import, import_file
from geo.review.analysis import analyse
from geo.storage.store import STORE_ENV, read_store, write_store
from geo.text import t
from layers.charts import bars_png
from layers.context import map_context
from layers.folium_map import build_map, map_html
from layers.markup import escape_html, isolate
from layers.pack import render_pack
from layers.publish import publish_html
from layers.registry import LAYERS
from layers.sheet import render_map_sheet
from layers.view import View
from ui.common import md

#: Names that would be markup, math, a template or a script somewhere (the others are plain letters and emoji).
MARKUP = [key for key in NAMES if key not in ("rtl", "long", "emoji")]
TIMEOUT_S = 60


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The hostile store, named by $PANCHAYAT_STORE for the app under test."""
    path = hostile_store(tmp_path_factory.mktemp("hostile") / "store.gpkg")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(STORE_ENV, str(path))
        yield path


@pytest.fixture(scope="module")
def data(store):
    return read_store(store)


@pytest.fixture(scope="module")
def ctx(data):
    return map_context(analyse(data))


def _shown(value: str) -> str:
    """A name as a page's data carries it for display: HTML-escaped, bidi isolated (layers.markup.escape_html)."""
    return html.unescape(escape_html(value))


# ---- the app's Leaflet map: the HTML page and what streamlit-folium sends --------------------------------------


def test_map_carries_every_name_as_data(ctx):
    page = map_html(build_map(ctx, list(LAYERS.values()), langs=("en", "hi")))
    assert "{{" not in page and "{%" not in page and "${" not in page
    assert "<img" not in page and "</script><script>" not in page and "$x^2$" not in page
    panchayats = [html.unescape(f["properties"]["p_name"]) for f in map_source(page, "gpDataPanchayats")["features"]]
    assert panchayats[: len(NAMES)] == [_shown(name) for name in NAMES.values()]
    villages = {html.unescape(f["properties"]["p_name"]) for f in map_source(page, "gpDataAadhaarDistance")["features"]}
    assert {_shown(village_name(key)) for key in NAMES} <= villages
    services = {
        html.unescape(f["properties"]["p_name"])
        for source in ("gpDataCsc", "gpDataAadhaar", "gpDataPmgdisha")
        for f in map_source(page, source)["features"]
    }
    assert {_shown(name) for name in NAMES.values()} <= services
    labels = [json.loads(m) for m in re.findall(r"GpDataLayer\(gpDataBlocks, (\{.*?\})\);\n", page)]
    block_labels = {html.unescape(label[2]) for options in labels if "labels" in options for label in options["labels"]}
    assert {_shown(NAMES[key]) for key in BLOCK_NAMES} <= block_labels


def test_streamlit_folium_keeps_the_names(ctx):
    """st_folium renders the map itself and rewrites its script (element ids, ``{{'x'}}``): the data stays."""
    fmap = build_map(ctx, [LAYERS["panchayats"], LAYERS["blocks"]])
    fmap.render()
    header, script = _get_header(fmap), generate_leaflet_string(fmap)
    assert "{{" not in header + script and "<img" not in script
    names = [html.unescape(f["properties"]["p_name"]) for f in map_source(script, "gpDataPanchayats")["features"]]
    assert names[: len(NAMES)] == [_shown(name) for name in NAMES.values()]


# ---- the static public page ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def public_page(store) -> str:
    return publish_html(read_store(store, private=True), published_on=dt.date(2020, 12, 15))


def test_public_page_carries_every_name_as_data(public_page):
    assert "{{" not in public_page and "{%" not in public_page and "<img" not in public_page
    assert public_page.count("<script>") == public_page.count("</script>")  # no script opened or closed by a name
    words = json.loads(re.search(r"var gpPublic = (\{.*?\});\n", public_page).group(1))
    places = words["places"]
    names = places["name"]["plain"] if "plain" in places["name"] else None
    assert names is not None  # an emoji keeps the names out of front coding (UTF-16 units)
    assert names[: len(NAMES)] == list(NAMES.values())
    assert {village_name(key) for key in NAMES} <= set(names)
    assert words["ui"]["en"]["title"] == f"{DISTRICT} district: panchayat services and connectivity"
    assert escape_html(DISTRICT) in words["title_html"]


#: Every popup of the named layers as a click opens it (the layers switched on first): their texts.
_POPUPS = """(names) => {
    var texts = [];
    function open(layer) {
        if (layer.getPopup && layer.getPopup()) {
            layer.openPopup();
            texts.push(layer.getPopup().getElement().textContent);
            layer.closePopup();
        } else if (layer.eachLayer) {
            layer.eachLayer(open);
        }
    }
    names.forEach(function(name) { window.gpLayers[name].addTo(window.gpMapObject); open(window.gpLayers[name]); });
    return texts;
}"""


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (scripts/setup.sh --test)")
def test_public_page_in_a_browser_runs_nothing_and_shows_every_name(public_page, tmp_path):
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    path = tmp_path / "public_map.html"
    path.write_text(public_page, encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-first-run"])
        page = browser.new_page(viewport={"width": 390, "height": 844})
        dialogs, errors = [], []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.goto(path.as_uri())
        page.wait_for_selector(".gp-public input")
        for key, name in NAMES.items():
            page.fill("#gp-search", name)
            hits = page.locator(".gp-hit-name").all_text_contents()
            assert name in hits, key  # the search finds it, the list shows it as written
            where = page.locator(".gp-hit-where").nth(hits.index(name)).text_content()
            assert where == f"Panchayat, {NAMES[BLOCK_NAMES[0]]} block", key  # "{within}" filled with text as it is
            page.locator(".gp-hits button").nth(hits.index(name)).click()
            assert page.locator(".gp-result h2").text_content() == f"Nearest centres to {name}", key
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, key  # no page wider than the phone
        opened = page.evaluate(_POPUPS, ["panchayats"])
        centres = page.evaluate(_POPUPS, ["csc", "aadhaar", "pmgdisha"])
        pwned = page.evaluate("typeof window.__pwned")
        browser.close()
    assert dialogs == [] and errors == [] and pwned == "undefined"
    for key, name in NAMES.items():
        assert any(isolate(name) in shown for shown in opened), key
        assert any(isolate(name) in shown for shown in centres), key


# ---- the Streamlit faces --------------------------------------------------------------------------------------


def _open(store: Path, page: str | None = None, *, slide: str | None = None, **state) -> AppTest:
    """The app on the hostile store, in English, with ``state`` in its session (and the deck at ``slide``)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    at.session_state["lang"] = "en"
    for key, value in state.items():
        at.session_state[key] = value
    if slide is not None:
        at.query_params["slide"] = slide
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _markdown(at: AppTest) -> list[str]:
    """Every text the page hands to Streamlit's Markdown: headings, text, captions, alerts, labels, table cells."""
    texts = [
        e.value
        for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
        for e in getattr(at, kind)
    ]
    texts += [m.label for m in at.metric] + [e.label for e in at.expander]
    texts += [str(v) for table in at.table for v in table.value.to_numpy().ravel()]
    return texts


def _assert_no_markup(texts: list[str]) -> None:
    for shown in texts:
        for key in MARKUP:
            assert NAMES[key] not in shown, (key, shown[:200])
        assert DISTRICT not in shown
        assert "\u202e" not in re.sub("\u2068[^\u2069]*\u2069", "", shown), shown[:200]  # an override stays isolated


def _html(at: AppTest) -> str:
    return " ".join(h.value for h in at.get("html"))


def test_review_and_deck_show_the_names_as_text(store):
    review = _open(store)
    assert review.title[0].value == t("ui.review_title", "en", district=md(DISTRICT))
    blocks = review.table[0].value.iloc[:, 0].tolist()
    assert {md(NAMES[key]) for key in BLOCK_NAMES} <= set(blocks)
    _assert_no_markup(_markdown(review))
    assert "<img" not in _html(review) and "</script><script>" not in _html(review)

    deck = _open(store, slide="csc")
    shown = _html(deck)
    assert "gp-deck-title" in shown and len(deck.metric) == 0  # the deck, not the page
    assert all(escape_html(NAMES[key]) in shown for key in BLOCK_NAMES)  # the slide's block table
    assert "<img" not in shown and "</script><script>" not in shown
    _assert_no_markup(_markdown(deck))


def test_planner_card_and_search_show_the_names_as_text(store, data):
    codes = panchayat_codes(data)
    at = _open(store, "ui/planner.py", planner_gp=codes["directive"])  # ":red[…]", ":material/…:", ":smile:"
    assert at.subheader[0].value == t("ui.card_title", "en", name=md(NAMES["directive"]))
    _assert_no_markup(_markdown(at))
    query = "zzqx {{7*7}} $x^2$"
    at.text_input(key="planner_search").set_value(query).run()
    assert t("ui.no_match", "en", query=md(query)) in [e.value for e in at.info]
    _assert_no_markup(_markdown(at))


def test_public_page_search_and_card_show_the_names_as_text(store):
    at = _open(store, "ui/public.py")
    assert at.title[0].value == t("ui.public_title", "en", district=md(DISTRICT))
    for key in ("img", "rtl"):
        at.text_input(key="public_search").set_value(NAMES[key]).run()
        assert not at.exception, at.exception
        shown = _html(at)
        title = escape_html(t("ui.public_nearest", "en", place=isolate(NAMES[key])))
        assert f"<h3>{title}</h3>" in shown, key
        assert "<img" not in shown
        _assert_no_markup(_markdown(at))


# ---- paper: map sheet, meeting pack, chart ---------------------------------------------------------------------


def _pdf_text(blob: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(blob)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
def test_sheet_and_pack_print_the_names_as_written(data, tmp_path):
    sheet = _pdf_text(render_map_sheet(data, "connectivity", exported_on=dt.date(2020, 12, 15)), tmp_path)
    assert "{{7*7}} $x^2$ <i>D</i> district" in sheet  # the district, in the subtitle
    for key in ("jinja_tag", "math"):  # block names, in the table beside the map
        assert NAMES[key] in sheet, key
    assert NAMES["js_replace"] in sheet and "</script><s…" in sheet and "WWWWWWWWWWW…" in sheet  # cut to the column
    pack = _pdf_text(render_pack(data, view=View(since="2020-11-12"), prepared_on=dt.date(2020, 12, 15)), tmp_path)
    assert f"District e-Governance review — {DISTRICT}" in pack
    assert NAMES["math"] in pack and NAMES["jinja_tag"] in pack
    assert "49" not in re.findall(r"\d+", pack.split("\f")[0][:200])  # the title holds no evaluated {{7*7}}


def _png_size(blob: bytes) -> tuple[int, int]:
    return struct.unpack(">II", blob[16:24])


def test_a_chart_of_the_names_keeps_its_size():
    names = [NAMES[key] for key in BLOCK_NAMES]
    width, height = _png_size(bars_png(names, [10.0, 20.0, 30.0, 40.0, 50.0, 60.0], title="t", axis="a"))
    assert width < 1600 and height < 800


# ---- files: exports read back, and the import's rule for control characters ----------------------------------


def _read_back(blob: bytes, fmt: str, tmp_path: Path) -> pd.DataFrame:
    path = tmp_path / f"export.{'zip' if fmt == 'shp' else fmt}"
    path.write_bytes(blob)
    if fmt == "csv":
        return pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    if fmt == "xlsx":
        return pd.read_excel(path, sheet_name="panchayats", dtype=str)
    if fmt == "shp":
        zipfile.ZipFile(path).extractall(tmp_path / "shp")
        return gpd.read_file(tmp_path / "shp" / "panchayats.shp")
    return gpd.read_file(path, layer="panchayats") if fmt in ("gpkg", "kml") else gpd.read_file(path)


def _kml_names(frame: pd.DataFrame) -> list[str]:
    """The ``name`` cell of each placemark's description (an HTML table), unescaped."""
    names = []
    for description in frame["description"]:
        cells = dict(re.findall(r"<tr><th>(.*?)</th><td>(.*?)</td></tr>", description, flags=re.S))
        names.append(html.unescape(cells["name"]))
    return names


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "kml", "shp", "csv", "xlsx"])
def test_exports_give_back_every_name(data, fmt, tmp_path):
    if fmt == "shp":  # a dBase field holds 254 bytes: the Shapefile's limit, and GDAL says so
        with pytest.warns(RuntimeWarning, match="truncated to 254 characters"):
            blob = export_data(data, "panchayats", fmt)
    else:
        blob = export_data(data, "panchayats", fmt)
    back = _read_back(blob, fmt, tmp_path)
    names = _kml_names(back) if fmt == "kml" else back["name"].tolist()
    expected = dict(NAMES)
    if fmt in ("csv", "xlsx"):  # a formula-like name is the spreadsheet writers' own rule (geo.exports.tables)
        expected = {key: name for key, name in expected.items() if key not in FORMULA_LIKE}
    if fmt == "shp":
        expected.pop("long")
    for key, name in expected.items():
        assert name in names, key
    if fmt == "kml":  # the placemark's name is text too: "name / name_hi (code)"
        placemarks = ElementTree.fromstring((tmp_path / "export.kml").read_bytes())
        assert f"{NAMES['img']} / {NAMES['img']} (" in "".join(placemarks.itertext())


def test_an_import_removes_control_characters_and_names_the_row(tmp_path):
    store = tmp_path / "store.gpkg"
    write_store(store, tiny_store())
    point = east(-3)
    path = tmp_path / "villages.csv"
    rows = [("V9", CONTROL_NAME), ("V10", NAMES["rtl"]), ("V11", NAMES["jinja"])]
    path.write_text(
        "census_code,village_name,latitude,longitude,population\n"
        + "".join(f"{code},{name},{point.y},{point.x},10\n" for code, name in rows),
        encoding="utf-8",
    )
    result = import_file("villages", read_store(store, private=True), path)
    warned = [p for p in result.warnings if p.cause == "control characters removed from text"]
    assert [p.where for p in warned] == ["villages.csv row 2"]
    assert "'village_name': control characters (NUL, ESC …) removed" in warned[0].message
    apply_import(store, result, user=NAMES["jinja"])
    villages = read_store(store).villages.set_index("census_code")["name"]
    assert villages[["V9", "V10", "V11"]].tolist() == ["Nala GP", NAMES["rtl"], NAMES["jinja"]]


def test_hostile_data_is_what_the_store_holds(store, data):
    """The fixture itself: every name reaches the store whole (a test over a store that dropped one proves nothing)."""
    assert data.panchayats["name"].iloc[: len(NAMES)].tolist() == list(NAMES.values())
    assert data.blocks["name"].iloc[: len(BLOCK_NAMES)].tolist() == [NAMES[key] for key in BLOCK_NAMES]
    assert data.meta["district_name"] == DISTRICT
    private = read_store(store, private=True).status_events
    assert private["remark"].iloc[0].startswith("<img") and private["recorded_by"].iloc[0].startswith("{{7*7}}")
