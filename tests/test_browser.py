"""The app in a real browser (Debian's Chromium, headless), with every outside request refused.

Starts ``streamlit run app.py`` on 127.0.0.1 with a copy of the DEMO store, waits for
the Leaflet map inside the streamlit-folium frame, counts the panchayat polygons
Leaflet drew and opens a panchayat's popup with a click (the meeting deck is
tests/test_browser_deck.py's). Screenshots (1920×1080 and 1024×768, English and Hindi) are
saved in the test's tmp dir: the CI artifacts to look at.
"""

from __future__ import annotations

import time

import pytest

from geo.text import t
from ui.review import MAP_PX

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
#: The Planner's district map (its Access panel has a second map below).
PLANNER_MAP = f".st-key-planner_mapbox {MAP_FRAME}"
#: Counts what Leaflet drew for the "Gram panchayats" layer (the map draws on a canvas).
COUNT_JS = """() => {
    const control = Object.keys(window).find(k => k.startsWith("layer_control_") && k.endsWith("_layers"));
    const overlays = Object.entries(window[control].overlays);
    const layer = overlays.find(([name]) => name.includes("data-layer='panchayats'"))[1];
    let polygons = 0;
    layer.eachLayer(l => {
        if (l instanceof L.GeoJSON) polygons += l.getLayers().filter(p => p instanceof L.Polygon).length;
    });
    return {features: gpDataPanchayats.features.length, polygons: polygons, shown: map_div.hasLayer(layer),
            height: document.querySelector('.leaflet-container').clientHeight, frame: window.innerHeight,
            legend: document.querySelectorAll('.gp-legend').length};
}"""
#: The Review's legend, beside (or under) its map.
REVIEW_LEGEND = ".st-key-review_legend .gp-side-legend"


def _settled_map(page, *, legend: str, timeout_s: float = 30.0):
    """The Review map's frame once Streamlit has finished redrawing: one map frame, its legend showing ``legend``."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        frames = page.locator(MAP_FRAME)
        try:
            if frames.count() == 1 and page.locator(REVIEW_LEGEND, has_text=legend).count() == 1:
                frame = frames.element_handle().content_frame()
                if frame is not None and frame.locator(".leaflet-container").count() == 1:
                    return frame
        except Error:  # the frame was replaced while we looked at it
            pass
        time.sleep(0.2)
    pytest.fail(f"no settled map with legend {legend!r} after {timeout_s} s")


@pytest.mark.parametrize("lang", ["en", "hi"])
@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1024, 768)])
def test_map_draws_118_panchayats_offline(app_url, browser, tmp_path, width, height, lang):
    page = browser.new_page(viewport={"width": width, "height": height})
    refused, errors = [], []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("http://127.0.0.1:")
            else (refused.append(route.request.url), route.abort())
        ),
    )
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(app_url)
    page.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for(timeout=30_000)
    if lang == "hi":
        page.get_by_text("हिन्दी", exact=True).click()
        page.get_by_text("ई-गवर्नेंस समीक्षा — जामताड़ा").wait_for()
    legend = "जिला सीमा" if lang == "hi" else "District boundary"
    frame = _settled_map(page, legend=legend)

    drawn = frame.evaluate(COUNT_JS)
    assert drawn["height"] == drawn["frame"] <= MAP_PX  # the map fills its frame, shaped to the district
    assert drawn["features"] == 118
    assert drawn["polygons"] == 118
    assert drawn["shown"]
    assert drawn["legend"] == 0  # beside the map, not over it
    working = "इंटरनेट चालू पंचायत भवन (40)" if lang == "hi" else "Panchayat buildings online, working (40)"
    assert working in page.locator(REVIEW_LEGEND).inner_text()  # the legend counts the figure

    frame.wait_for_function("!document.querySelector('.leaflet-zoom-anim')")  # no half-zoomed canvas
    page.screenshot(path=tmp_path / f"review_{width}x{height}_{lang}_top.png")
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    frame.locator(".leaflet-container").click()  # the middle of the district: a panchayat's popup
    field = "एलजीडी कोड" if lang == "hi" else "LGD code"
    frame.locator(".leaflet-popup-content", has_text=field).wait_for(timeout=10_000)
    frame.wait_for_function(
        "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
        " && !document.querySelector('.leaflet-pan-anim')"
    )  # popup faded in, map panned to it
    page.wait_for_timeout(300)  # the canvas redraws after the pan
    page.screenshot(path=tmp_path / f"review_{width}x{height}_{lang}_map.png")
    print(f"screenshots: {tmp_path}")
    assert refused == [], f"the page tried to reach the internet: {refused[:5]}"
    assert errors == []
    page.close()


#: The selected panchayat's lines and the markers they start and end on, as Leaflet drew them.
PLANNER_JS = """() => {
    const lookup = gpDataNearest.gp_lookup || {};
    const kind = f => lookup.c_nearest ? lookup.c_nearest[f.properties.c_nearest] : f.properties.c_nearest;
    const lines = new Set(gpDataNearest.features), drawn = [], markers = [];
    map_div.eachLayer(l => {
        if (lines.has(l.feature) && l instanceof L.Polyline) {
            const ll = l.getLatLngs();
            drawn.push({kind: kind(l.feature), start: [ll[0].lat, ll[0].lng], end: [ll[1].lat, ll[1].lng]});
        } else if (l instanceof L.CircleMarker) {
            const p = l.getLatLng();
            markers.push({at: [p.lat, p.lng], shape: l.options.shape || "circle", fill: l.options.fillColor});
        }
    });
    return {lines: drawn, markers: markers};
}"""
#: Each service's marker shape (layers/aadhaar.py, csc.py, pmgdisha.py).
SERVICE_SHAPES = {"aadhaar": "square", "csc": "triangle", "pmgdisha": "diamond"}


def _at(a: list[float], b: list[float]) -> bool:
    return abs(a[0] - b[0]) < 1e-6 and abs(a[1] - b[1]) < 1e-6


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_planner_selection_lines_end_on_their_services_and_the_card_fits(app_url, browser, tmp_path, lang):
    from layers.fields import PANCHAYAT_CARD
    from layers.selection import SELECTED
    from ui.card import CARD_EXTRA, CARD_ROW_PX

    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1:") else route.abort()
    )
    page.goto(f"{app_url}/planner?lang={lang}")
    page.frame_locator(PLANNER_MAP).locator(".leaflet-container").wait_for(timeout=30_000)
    search = page.locator(".st-key-planner_search input")  # found through the search box, as a planner does
    search.fill("Nala GP 03")
    search.press("Enter")
    page.locator(".st-key-planner_pick").click()
    page.get_by_role("option").first.click()
    drawn = None
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        try:
            frame = page.locator(PLANNER_MAP).element_handle().content_frame()
            if frame.evaluate("typeof gpDataNearest !== 'undefined'"):
                drawn = frame.evaluate(PLANNER_JS)
                break
        except Exception:  # noqa: BLE001 - the frame was being replaced
            pass
        time.sleep(0.25)
    assert drawn is not None, "no nearest-service lines after selecting a panchayat"
    assert {line["kind"] for line in drawn["lines"]} == set(SERVICE_SHAPES)  # the demo has all three kinds
    for line in drawn["lines"]:  # every line ends on its service's marker and starts on the bhawan
        assert any(
            _at(m["at"], line["end"]) and m["shape"] == SERVICE_SHAPES[line["kind"]] for m in drawn["markers"]
        ), line
        assert any(_at(m["at"], line["start"]) and m["fill"] == "#FFFFFF" for m in drawn["markers"]), line

    # the legends beside the maps (the district's, the Access panel's): no two entries of one look alike
    legend_js = """key => [...document.querySelectorAll(`.st-key-${key} .gp-side-legend .gp-swatch`)].map(s => {
        const c = getComputedStyle(s);
        return [s.className, c.backgroundColor, c.borderTopStyle, c.borderTopColor, c.borderTopWidth,
                s.innerText ? c.color + ' ' + s.innerText : '',  // a glyph swatch (the CSC triangle)
                s.parentElement.innerText.trim()];
    })"""
    page.get_by_role("tab", name=t("ui.planner_tab_access", lang)).click()  # its section under the map
    page.locator(".st-key-access_legend .gp-side-legend").wait_for(timeout=30_000)
    for key in ("access_legend", "planner_legend"):
        swatches = page.evaluate(legend_js, key)
        looks = [tuple(s[:6]) for s in swatches]
        assert len(swatches) > 5 and len(set(looks)) == len(looks), (key, swatches)
    selected = "चयनित पंचायत" if lang == "hi" else "Selected panchayat"
    assert any(s[6] == selected for s in swatches)
    assert SELECTED.lower() not in {s[1] for s in swatches}  # the selection is an outline, not a fill

    # the card: every indicator row on screen at once, none scrolled away inside the table
    card = page.locator(".st-key-card_indicators")
    card.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = card.bounding_box()
    rows = len(PANCHAYAT_CARD) + len(CARD_EXTRA)
    assert box["height"] >= (rows + 1) * CARD_ROW_PX, (box, rows)
    assert round(box["y"]) >= 0 and round(box["y"] + box["height"]) <= 1080, box  # to the pixel
    page.screenshot(path=tmp_path / f"planner_1920x1080_{lang}_card.png")
    page.locator(PLANNER_MAP).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=tmp_path / f"planner_1920x1080_{lang}_map.png")
    print(f"screenshots: {tmp_path}")
    page.close()


def test_a_click_on_the_planner_map_selects_the_panchayat_under_it(app_url, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1:") else route.abort()
    )
    page.goto(f"{app_url}/planner?lang=en")
    page.frame_locator(PLANNER_MAP).locator(".leaflet-container").wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    # the middle of the district; the panchayat's popup takes the click, so st_folium reports an object click
    page.frame_locator(PLANNER_MAP).locator(".leaflet-container").click()
    page.locator(".st-key-card_indicators").wait_for(timeout=30_000)
    titles = page.locator("h3").all_inner_texts()
    assert any(title.endswith("gram panchayat") for title in titles), titles
    page.close()
