"""The two public faces in a real browser, as a citizen meets them: on a phone and a small laptop, with no network.

The static ``public_map.html`` (opened from disk) and ``public_app.py`` (served by
Streamlit on 127.0.0.1), at 390×844 and 1024×768, in English and Hindi: the map is
in the first screen, the search finds what ``geo.spatial.search`` finds, "nearest to me"
shows the three centres ``geo.spatial.places`` measured (within 1 m), and axe-core reports
no serious or critical accessibility violation. Screenshots are saved in the
test's tmp dir.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pytest
from conftest import CHROMIUM, ROOT, running_streamlit
from shapely.geometry import Point

from geo.formats import COMPASS, compass_point, display_name, format_bearing, format_date
from geo.review.analysis import analyse
from geo.spatial.nearest import GEOD, nearest_service
from geo.spatial.places import CITIZEN_KINDS, nearest_centres
from geo.spatial.search import search_places
from geo.text import t
from layers.publish import publish_html

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (scripts/setup.sh --test)"),
]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SIZES = [(390, 844), (1024, 768)]
#: The issue's queries, which must all find Nala GP 07 first: Hindi with Devanagari digits, English with and
#: without the zero and "GP", and its LGD code in Devanagari digits.
QUERIES = ["नाला ०७", "Nala 07", "nala gp 7", "९९०२०७"]
NALA_07 = "990207"
VILLAGE = "999020107"  # Nala GP 01 village 07
#: More queries for the parity of the page's search with geo's: typos, parts of words, codes, stop words.
PARITY_QUERIES = [
    *QUERIES,
    "nala",
    "ala",
    "jamtra",
    "कालाझरिया",
    "karmatanr 3",
    "gp",
    "9901",
    "village 07",
    "NALA-GP-07",
    "kundhit gp 12 village 3",
    "zzz",
    "fatehpr",
    "नाला ग्रा.पं. ७",
]


@pytest.fixture(scope="module")
def places(demo) -> gpd.GeoDataFrame:
    analysis = analyse(demo)
    return nearest_centres(analysis.panchayats, analysis.villages, analysis.services)


@pytest.fixture(scope="module")
def page_file(demo_private, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("public") / "public_map.html"
    path.write_text(publish_html(demo_private, published_on=dt.date(2020, 12, 15)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser():
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-first-run"])
        yield chromium
        chromium.close()


def _offline_page(browser, width: int, height: int, *, allowed: str = "file:", **options):
    """A page at ``width``×``height`` (a touch phone when narrow) whose every request outside ``allowed`` fails."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, has_touch=width < 600, is_mobile=width < 600, **options
    )
    page = context.new_page()
    page.refused, page.errors = [], []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith((allowed, "data:", "about:"))
            else (page.refused.append(route.request.url), route.abort())
        ),
    )
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    return page


def _serious_violations(frame) -> list[str]:
    """axe-core's serious and critical violations in a page or frame (axe served from node_modules)."""
    frame.add_script_tag(path=str(AXE))
    found = frame.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
    }""")
    return found


def _expected(places: gpd.GeoDataFrame, code: str) -> dict[str, tuple[str, float]]:
    row = places[places["code"] == code].iloc[0]
    return {kind: (row[f"{kind}_id"], float(row[f"{kind}_dist_m"])) for kind in CITIZEN_KINDS}


def _shown_centres(frame, selector: str) -> dict[str, tuple[str, float]]:
    items = frame.locator(selector)
    return {
        items.nth(i).get_attribute("data-kind"): (
            items.nth(i).get_attribute("data-centre"),
            float(items.nth(i).get_attribute("data-dist-m")),
        )
        for i in range(items.count())
    }


def _assert_same_centres(shown: dict, expected: dict) -> None:
    assert set(shown) == set(CITIZEN_KINDS)
    for kind, (centre, metres) in expected.items():
        assert shown[kind][0] == centre, kind
        assert abs(shown[kind][1] - metres) <= 1.0, kind


# ---- the static page ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "hi"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_static_page_first_screen_search_nearest_and_accessibility(
    browser, page_file, places, tmp_path, width, height, lang
):
    page = _offline_page(browser, width, height)
    page.goto(page_file.as_uri())
    page.wait_for_function("window.gpSearchPlaces !== undefined")
    if lang == "hi":
        page.click(".gp-lang button[data-lang=hi]")
        page.wait_for_function("document.documentElement.lang === 'hi'")
    # the map fills the first screen, the district is in view, nothing sticks out of it
    assert page.evaluate(
        "(() => { const r = document.querySelector('.leaflet-container').getBoundingClientRect();"
        " return [r.left, r.top, r.width, r.height]; })()"
    ) == [0, 0, width, height]
    assert page.evaluate("gpMapObject.getBounds().contains(L.latLngBounds(gpPublic.bounds))")
    boxes = page.evaluate("""() => Array.from(document.querySelectorAll(
            '.gp-public, .gp-legend, .leaflet-control-layers, .leaflet-control-scale'))
        .map(e => e.getBoundingClientRect()).map(r => [r.left, r.top, r.right, r.bottom])""")
    assert all(left >= 0 and top >= 0 and right <= width and bottom <= height for left, top, right, bottom in boxes)
    # legend and layer list start folded; every control is a 44 px target
    assert page.evaluate("!document.querySelector('.gp-legend-fold').open")
    assert page.locator(".leaflet-control-layers-expanded").count() == 0
    small = page.evaluate("""() => Array.from(document.querySelectorAll(
            '.gp-public button, .gp-public input, .gp-public summary, .gp-legend-toggle,'
            + ' .leaflet-control-layers-toggle, .leaflet-control-zoom a'))
        .filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect())
        .filter(r => r.width < 44 || r.height < 44).length""")
    assert small == 0
    assert _serious_violations(page) == []
    page.screenshot(path=str(tmp_path / f"static_{width}x{height}_{lang}.png"))

    # the queries find Nala GP 07 first, typed into the search box
    name = "नाला ग्रा.पं. 07" if lang == "hi" else "Nala GP 07"  # the reader's digits (hi: 0-9)
    for query in QUERIES:
        page.fill("#gp-search", query)
        assert page.locator(".gp-hits .gp-hit-name").first.inner_text() == name, query

    # nearest to a chosen village: three centres, geo's distances within 1 m, a line to each
    page.fill("#gp-search", "Nala GP 01 village 07")
    page.locator(".gp-hits button").first.click()
    _assert_same_centres(_shown_centres(page, ".gp-centres li"), _expected(places, VILLAGE))
    lines = page.evaluate("""() => { const ends = [];
        gpMapObject.eachLayer(l => { if (l instanceof L.Polyline && !(l instanceof L.Polygon) && !l.feature)
            ends.push(l.getLatLngs()[1]); });
        return ends.length; }""")
    assert lines == 3
    card = page.evaluate(
        "(() => { const r = document.querySelector('.gp-result').getBoundingClientRect();"
        " return [r.top, r.bottom]; })()"
    )
    assert 0 < card[0] and card[1] <= height
    unit = " कि.मी." if lang == "hi" else " km"  # metric, in the page's language
    assert unit in page.inner_text(".gp-result").replace("\xa0", " ")
    assert _serious_violations(page) == []
    page.screenshot(path=str(tmp_path / f"static_{width}x{height}_{lang}_nearest.png"))
    # a tap on a village dot shows that village's nearest centres too
    page.evaluate("() => { gpLayers.aadhaar_distance.getLayers()[0].fire('click'); }")
    first = places[places["kind"] == "village"].iloc[0]
    assert page.locator(".gp-result h2").inner_text().endswith(display_name(first["name"], first["name_hi"], lang))
    assert page.refused == [] and page.errors == []
    page.context.close()


def test_static_page_nearest_to_the_device_location(browser, page_file, demo):
    here = (23.9, 86.85)  # lat, lon: a point inside the DEMO district
    page = _offline_page(
        browser, 390, 844, geolocation={"latitude": here[0], "longitude": here[1]}, permissions=["geolocation"]
    )
    page.goto(page_file.as_uri())
    page.wait_for_function("window.gpSearchPlaces !== undefined")
    page.click(".gp-locate")
    page.wait_for_selector(".gp-centres li")
    analysis = analyse(demo)
    origin = gpd.GeoDataFrame(geometry=[Point(here[1], here[0])], crs=4326)
    expected = {
        kind: (near["nearest_id"].iloc[0], float(near["nearest_dist_m"].iloc[0]))
        for kind in CITIZEN_KINDS
        for near in [nearest_service(origin, analysis.services, kind)]
    }
    _assert_same_centres(_shown_centres(page, ".gp-centres li"), expected)
    assert page.errors == []
    page.context.close()


def test_static_search_is_geo_search(browser, page_file, places):
    """The page's search (JavaScript) and geo.spatial.search (Python) agree: same keys, same places, same order."""
    page = _offline_page(browser, 1024, 768)
    page.goto(page_file.as_uri())
    page.wait_for_function("window.gpSearchPlaces !== undefined")
    assert page.evaluate("gpPlaceKeys()") == places["key"].tolist()  # the page normalises names as geo does
    for query in PARITY_QUERIES:
        assert page.evaluate("q => gpSearchPlaces(q)", query) == search_places(places, query)["code"].tolist(), query
    page.context.close()


@pytest.fixture(scope="module")
def pieces_folder(demo, tmp_path_factory) -> Path:
    """The DEMO page as a folder whose pieces load only a few blocks at a time (a state's page, in small).

    Its villages' search index is a piece too, loaded when the search box is first used.
    """
    from layers import publish

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(publish, "PIECE_BUDGET", [60, 600])  # 118 panchayats, 1,100 villages: not all at once
        patch.setattr(publish, "INDEX_VILLAGES", 600)
        return publish.write_public_map(tmp_path_factory.mktemp("public") / "public_map", demo)


def test_static_folder_loads_its_pieces_from_disk_as_the_map_needs_them(browser, pieces_folder, places):
    page = _offline_page(browser, 1024, 768)
    page.goto((pieces_folder / "index.html").as_uri())
    page.wait_for_function("window.gpSearchPlaces !== undefined")
    assert page.evaluate("gpLoadedPieces()") == []  # the whole district in view: more rows than the budget
    assert page.evaluate("gpLayers.panchayats.getLayers().length") == 0
    assert page.evaluate("gpPublic.places.code.length") == 118  # the first load's index: the panchayats
    # zoomed into the first panchayat, its block's panchayats and villages load (script files, from disk)
    first = places.iloc[0]
    page.evaluate(
        "([lat, lon]) => gpMapObject.setView([lat, lon], 15, {animate: false})", [first.geometry.y, first.geometry.x]
    )
    page.wait_for_function("gpLoadedPieces().indexOf('a0v') >= 0")
    loaded = page.evaluate("gpLoadedPieces()")
    assert "a0p" in loaded and len(loaded) < 12
    assert page.evaluate("gpLayers.panchayats.getLayers().length") > 0
    # typing a village's name loads the villages' index (a script, from disk) and finds it
    last = places.iloc[-1]
    page.fill("#gp-search", last["name"])
    page.locator(".gp-hit-name", has_text=last["name"]).first.wait_for(timeout=10_000)
    assert page.evaluate("gpPublic.places.code.length") == 118 + 1_100 and "places" in page.evaluate("gpLoadedPieces()")
    # the search finds a village whose piece is not loaded; choosing it loads the piece and shows geo's centres
    piece_of = "code => 'a' + gpPublic.places.area[gpPublic.places.code.indexOf(code)] + 'v'"
    village = next(
        row
        for row in places[places["kind"] == "village"].itertuples()
        if page.evaluate(piece_of, row.code) not in loaded
    )
    found = page.evaluate("q => gpSearchPlaces(q)", village.name)
    assert found == search_places(places, village.name)["code"].tolist() and found.index(village.code) < 12
    page.fill("#gp-search", village.name)
    page.locator(".gp-hits button").nth(found.index(village.code)).click()
    page.wait_for_selector(".gp-centres li")
    assert page.locator(".gp-result h2").inner_text().endswith(village.name)
    _assert_same_centres(_shown_centres(page, ".gp-centres li"), _expected(places, village.code))
    assert page.evaluate(piece_of, village.code) in page.evaluate("gpLoadedPieces()")
    assert page.refused == [] and page.errors == []
    page.context.close()


def test_static_folder_says_when_a_piece_is_missing(browser, pieces_folder, tmp_path):
    import shutil

    folder = Path(shutil.copytree(pieces_folder, tmp_path / "public_map"))
    (folder / "pieces" / "a2v.js").unlink()  # a copy to the website that lost a file
    page = _offline_page(browser, 1024, 768)
    page.goto((folder / "index.html").as_uri())
    page.wait_for_function("window.gpSearchPlaces !== undefined")
    page.focus("#gp-search")  # the villages' index loads
    page.wait_for_function("gpLoadedPieces().indexOf('places') >= 0")
    first_in_a2 = """() => { const P = gpPublic.places;
        for (let i = P.n_panchayats; i < P.code.length; i++) if (P.area[i] === 2) return P.code[i]; }"""
    assert page.evaluate("c => gpChoosePlace(c)", page.evaluate(first_in_a2))
    page.wait_for_function("document.querySelector('.gp-status').textContent !== ''")
    assert page.inner_text(".gp-status") == t("public.no_piece", "en")
    assert page.errors == [] and "a2v" not in page.evaluate("gpLoadedPieces()")
    page.context.close()
    (folder / "pieces" / "places.js").unlink()  # and the villages' index: the search says so, and finds panchayats
    page = _offline_page(browser, 1024, 768)
    page.goto((folder / "index.html").as_uri())
    page.fill("#gp-search", "Nala GP 01")
    page.wait_for_function("document.querySelector('.gp-status').textContent !== ''")
    assert page.inner_text(".gp-status") == t("public.no_piece", "en") and page.errors == []
    page.locator(".gp-hit-name", has_text="Nala GP 01").first.wait_for()
    assert t("public.loading_index", "en") not in page.inner_text(".gp-hits")
    page.fill("#gp-search", "xqzv")
    assert page.inner_text(".gp-hits") == t("public.none", "en")  # not "loading" for ever
    page.context.close()


# ---- public_app.py -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def public_url(tmp_path_factory) -> Iterator[str]:
    with running_streamlit("public_app.py", tmp_path_factory.mktemp("public_app")) as url:
        yield url


def _wait_for_map(page, timeout_s: float = 30.0) -> None:
    page.locator(MAP_FRAME).first.wait_for(timeout=timeout_s * 1000)
    page.frame_locator(MAP_FRAME).first.locator(".leaflet-container").wait_for(timeout=timeout_s * 1000)


def _map_box(page, timeout_s: float = 20.0) -> dict:
    """The map frame's box once Streamlit has settled on one map frame."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        frames = page.locator(MAP_FRAME)
        box = frames.first.bounding_box() if frames.count() == 1 else None
        if box is not None:
            return box
        time.sleep(0.2)
    pytest.fail("no settled map frame")


def _search(page, label: str, query: str, timeout_s: float = 20.0) -> None:
    """Type ``query`` into the search box, once Streamlit has settled on one box (a rerun may show two)."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            box = page.get_by_label(label)
            box.fill(query, timeout=2000)
            box.press("Enter", timeout=2000)
            return
        except Error:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.parametrize("lang", ["en", "hi"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_public_app_first_screen_search_and_nearest(browser, public_url, places, tmp_path, width, height, lang):
    page = _offline_page(browser, width, height, allowed="http://127.0.0.1:")
    page.goto(f"{public_url}/?lang={lang}")
    _wait_for_map(page)
    box = _map_box(page)
    top, bottom = box["y"], box["y"] + box["height"]
    assert top < height / 2 and bottom <= height  # the map is in the first screen, whole
    label = "अपना गाँव या पंचायत खोजें" if lang == "hi" else "Find your village or panchayat"
    name = "नाला ग्रा.पं. 07" if lang == "hi" else "Nala GP 07"  # the reader's digits (hi: 0-9)
    for query in QUERIES:
        _search(page, label, query)
        page.locator(".gp-nearest-card h3", has_text=name).wait_for(timeout=20_000)
    _search(page, label, "Nala GP 01 village 07")
    village = "नाला ग्रा.पं. 01 ग्राम 07" if lang == "hi" else "Nala GP 01 village 07"
    page.locator(".gp-nearest-card h3", has_text=village).wait_for(timeout=20_000)
    _assert_same_centres(_shown_centres(page, ".gp-nearest li"), _expected(places, VILLAGE))
    box = _map_box(page)
    assert box["y"] + box["height"] <= height  # with the choice among matches above it, the map still fits
    # the nearest centres on the first screen, whole, above the map; the DEMO note in the header bar, off the map
    card = page.locator(".gp-nearest-card").bounding_box()
    assert card["y"] >= 0 and card["y"] + card["height"] <= box["y"] and card["x"] + card["width"] <= width
    badge = page.locator(".gp-demo-bar").bounding_box()
    assert badge["y"] >= 0 and badge["y"] + badge["height"] < box["y"]  # nothing of the map's under it
    assert page.frame_locator(MAP_FRAME).first.locator(".gp-demo").is_hidden()
    assert not INTERNAL_ID.findall(page.inner_text("body"))
    time.sleep(1.0)  # the map frame redraws at its new height; a screenshot to look at, not to assert on
    page.screenshot(path=str(tmp_path / f"app_{width}x{height}_{lang}.png"))
    assert _serious_violations(page) == []
    assert _serious_violations(page.locator(MAP_FRAME).first.element_handle().content_frame()) == []
    assert page.refused == [] and page.errors == []
    page.context.close()


# ---- the static page in the hand: a phone and a laptop, both languages ---------------------------------------

#: The boxes (left, top, right, bottom; page pixels) of the map's point markers in the window, outline included.
MARKER_BOXES_JS = """() => { const out = [], c = gpMapObject.getContainer().getBoundingClientRect();
    gpMapObject.eachLayer(l => { if (!(l instanceof L.CircleMarker) || !l._point) return;
        const p = gpMapObject.layerPointToContainerPoint(l._point), r = l._radius + (l.options.weight || 0);
        const x = c.left + p.x, y = c.top + p.y;
        if (x + r >= 0 && y + r >= 0 && x - r <= innerWidth && y - r <= innerHeight)
            out.push([x - r, y - r, x + r, y + r]);
    });
    return out; }"""
BOX_JS = (
    "s => { const r = document.querySelector(s).getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"
)
#: An internal id as the store writes them (CSC-037, AADHAAR-002, PMGDISHA-101).
INTERNAL_ID = re.compile(r"\b(?:CSC|AADHAAR|PMGDISHA)-\d+")


def _overlaps(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("lang", ["en", "hi"])
@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 768)])
def test_static_page_in_the_hand(browser, page_file, places, demo, tmp_path, width, height, lang):
    """After a search the nearest centres' card is whole on the first screen, with the way to each in words; the
    DEMO badge covers no marker; no internal id reaches the reader; axe finds nothing serious before or after."""
    page = _offline_page(browser, width, height)
    page.goto(page_file.as_uri())
    page.wait_for_function("window.gpSearchPlaces !== undefined")
    if lang == "hi":
        page.click(".gp-lang button[data-lang=hi]")
        page.wait_for_function("document.documentElement.lang === 'hi'")
    badge = page.evaluate(BOX_JS, ".gp-demo")
    assert page.inner_text(".gp-demo") == t("layer.map.demo", lang)
    markers = page.evaluate(MARKER_BOXES_JS)
    assert len(markers) >= 10  # the Aadhaar centres, shown first
    assert not [box for box in markers if _overlaps(badge, box)]
    assert _serious_violations(page) == []

    page.fill("#gp-search", "Nala GP 01 village 07")
    page.locator(".gp-hits button").first.click()
    page.wait_for_selector(".gp-centres li")
    left, top, right, bottom = page.evaluate(BOX_JS, ".gp-result")
    assert 0 <= left and 0 <= top and right <= width and bottom <= height  # the whole card, no scrolling
    badge = page.evaluate(BOX_JS, ".gp-demo")
    assert 0 <= badge[1] and badge[3] <= height  # still on the screen
    markers = page.evaluate(MARKER_BOXES_JS)
    assert not [box for box in markers if _overlaps(badge, box)]
    # the way to each centre, as geo.formats.compass_point reads the geodesic's azimuth from the village
    village = places[places["code"] == VILLAGE].iloc[0]
    services = analyse(demo).services.set_index("id")
    for kind in CITIZEN_KINDS:
        centre = services.loc[village[f"{kind}_id"]].geometry
        azimuth = GEOD.inv(village.geometry.x, village.geometry.y, centre.x, centre.y)[0]
        way = page.locator(f".gp-centres li[data-kind={kind}] .gp-centre-way")
        assert int(way.get_attribute("data-point")) == COMPASS.index(compass_point(azimuth)), kind
        assert way.inner_text() == format_bearing(azimuth, lang), kind
    text = page.evaluate("document.body.innerText")
    assert not INTERNAL_ID.findall(text) and VILLAGE not in text and NALA_07 not in text
    assert _serious_violations(page) == []
    page.screenshot(path=str(tmp_path / f"hand_{width}x{height}_{lang}.png"))
    # a centre's popup (positions to 1e-5°, as the page ships them): its opening date as the office writes it, no id
    centre = services.loc[village["csc_id"]]
    page.evaluate(
        "([lat, lon]) => { gpMapObject.addLayer(gpLayers.csc); gpLayers.csc.eachLayer(m => { const p = m.getLatLng();"
        " if (Math.abs(p.lat - lat) < 1e-5 && Math.abs(p.lng - lon) < 1e-5) m.fire('click', {latlng: p}); }); }",
        [centre.geometry.y, centre.geometry.x],
    )
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
        " && !document.querySelector('.leaflet-pan-anim')"
    )  # faded in, the map panned to make room for it
    assert format_date(centre["opened"], lang) in popup.inner_text()
    assert not INTERNAL_ID.findall(popup.inner_text())
    left, top, right, bottom = page.evaluate(BOX_JS, ".leaflet-popup")
    assert 0 <= left and right <= width and 0 <= top and bottom <= height  # whole: no cell cut at an edge
    assert page.refused == [] and page.errors == []
    page.context.close()
