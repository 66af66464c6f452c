"""The deck legible from the back of the room, and the Planner's labels, in a real browser (issue 26).

At 1024×768, a projector's screen, once per language, the deck is stepped through with the
keyboard from a bookmarked first slide; on every slide the computed font sizes (body text
>= 20 px, headline figures >= 32 px, map labels >= 14 px with a halo), the district's share
of the map's height (>= 70 %), the legend against the district's outline and the address
are measured. The Planner's labels are checked for collisions as drawn, zoomed and with a
panchayat selected; the Review map's corner legend against the district's outline. At 1920×1080
and 1024×768, in both languages, the deck is stepped through with PageDown and ArrowRight (a
clicker sends either) and every slide's parts must fit the screen. Screenshots are saved in the
test's tmp dir.
"""

from __future__ import annotations

import time

import pytest

from geo.review.agenda import AGENDA

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
DECK_MAP = f".st-key-deck_map {MAP_FRAME}"
PLANNER_MAP = f".st-key-planner_mapbox {MAP_FRAME}"
VIEWPORT = {"width": 1024, "height": 768}

#: Every text on the deck's page outside the map, with its computed font size (px): [size, text, is a figure].
TEXT_JS = """() => {
    const found = [];
    for (const root of document.querySelectorAll('.gp-deck-title, .gp-deck-dates, .gp-slide, .gp-deck-legend')) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode, element = node.parentElement;
            if (!node.textContent.trim() || !element.getClientRects().length) continue;
            found.push([parseFloat(getComputedStyle(element).fontSize), node.textContent.trim().slice(0, 40),
                        !!element.closest('.gp-kpi-value')]);
        }
    }
    return found;
}"""

#: The map's labels on screen (font size, halo, box), the district outline's box and the map's size (frame px).
MAP_JS = """() => {
    const size = map_div.getSize(), outline = gpDataDistrict.features[0];
    let box = null;
    map_div.eachLayer(l => {
        if (l.feature === outline) {
            const b = l.getBounds();
            const nw = map_div.latLngToContainerPoint(b.getNorthWest());
            const se = map_div.latLngToContainerPoint(b.getSouthEast());
            box = {x: nw.x, y: nw.y, width: se.x - nw.x, height: se.y - nw.y};
        }
    });
    return {size: [size.x, size.y], outline: box, ...LABELS()};
}"""

#: The labels shown inside the map: their sizes, halos and boxes, and every pair whose boxes intersect.
LABELS_JS = """() => {
    const frame = map_div.getContainer().getBoundingClientRect();
    const shown = [...document.querySelectorAll('.gp-label')].filter(e => {
        const r = e.getBoundingClientRect();
        return getComputedStyle(e).visibility === 'visible' && r.width > 0
            && r.right > frame.left && r.left < frame.right && r.bottom > frame.top && r.top < frame.bottom;
    });
    const boxes = shown.map(e => e.getBoundingClientRect());
    const collisions = [];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
            collisions.push([shown[i].innerText, shown[j].innerText]);
    }
    return {labels: shown.length, sizes: shown.map(e => parseFloat(getComputedStyle(e).fontSize)),
            halos: shown.map(e => getComputedStyle(e).textShadow), collisions: collisions,
            hidden: document.querySelectorAll('.gp-label').length - shown.length};
}"""


def _local_only(page) -> None:
    page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1:") else route.abort()
    )


def _settled(frame) -> None:
    """Wait for the frame's fonts, then for the labels' placement (run 60 ms after the last change)."""
    frame.evaluate("document.fonts.ready.then(() => true)")
    frame.wait_for_function("!document.querySelector('.leaflet-zoom-anim')")
    time.sleep(0.4)


def _labels(frame, timeout_s: float = 5.0) -> dict:
    """:data:`MAP_JS` once labels are shown (a map Streamlit has just swapped in places its labels in a moment)."""
    deadline = time.monotonic() + timeout_s
    while True:
        drawn = frame.evaluate(f"(() => {{ const LABELS = {LABELS_JS}; return ({MAP_JS})(); }})")
        if drawn["labels"] > 5 or time.monotonic() > deadline:
            return drawn
        time.sleep(0.25)


def _deck_slide(page, number: int, timeout_s: float = 40.0, *, settle: bool = True):
    """The deck's map frame once slide ``number`` is on screen and its map has drawn (and, with ``settle``, settled)."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            title = page.locator(".gp-deck-title")
            frames = page.locator(DECK_MAP)
            if title.count() == 1 and title.inner_text().startswith(f"{number}/{len(AGENDA)}") and frames.count() == 1:
                frame = frames.element_handle().content_frame()
                if frame is not None and frame.evaluate(
                    "typeof gpDataDistrict !== 'undefined' && !!document.querySelector('.leaflet-container canvas')"
                ):
                    if settle:
                        _settled(frame)
                    return frame
        except Error:  # replaced while we looked
            pass
        time.sleep(0.25)
    pytest.fail(f"slide {number} did not come on screen within {timeout_s} s")


def _measure(page, number: int, tries: int = 20) -> tuple[dict, dict, list]:
    """The map's measures, the map frame's and the legend's page boxes, and the page's texts, on slide ``number``."""
    from playwright.sync_api import Error

    boxes_js = """() => [document.querySelector('.st-key-deck_map iframe'),
                         document.querySelector('.gp-deck-legend')].map(e => {
        const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width, height: r.height};
    })"""
    for _ in range(tries):
        try:
            drawn = _labels(_deck_slide(page, number))
            boxes = page.evaluate(boxes_js)
            time.sleep(0.3)
            if boxes != page.evaluate(boxes_js):  # Streamlit still laying the slide out
                continue
            return drawn, {"map": boxes[0], "legend": boxes[1]}, page.evaluate(TEXT_JS)
        except Error:  # Streamlit replaced the frame meanwhile
            time.sleep(0.25)
    pytest.fail(f"the map of slide {number} kept being replaced")


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and (b["y"] < a["y"] + a["height"])
    )


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_every_deck_slide_reads_from_the_back_row_at_1024x768(app_url, browser, tmp_path, lang):
    page = browser.new_page(viewport=VIEWPORT)
    _local_only(page)
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{app_url}/review?slide={AGENDA[0].key}&lang={lang}")  # a bookmarked first slide
    for number, item in enumerate(AGENDA, start=1):
        drawn, boxes, texts = _measure(page, number)
        assert f"slide={item.key}" in page.url, (number, page.url)  # the address names the slide on screen
        assert item.label(lang) in page.locator(".gp-deck-title").inner_text()

        body = [size for size, _, figure in texts if not figure]
        figures = [size for size, _, figure in texts if figure]
        assert len(figures) == len(item.figures), (item.key, texts)
        assert min(body) >= 20, (item.key, [t for t in texts if t[0] < 20])  # body text: 20 px and up
        assert min(figures) >= 32, (item.key, figures)  # headline figures: 32 px and up

        assert drawn["labels"] > 5, (item.key, drawn["labels"], drawn["hidden"], drawn["size"])  # names shown
        assert min(drawn["sizes"]) >= 14, (item.key, drawn["sizes"])  # map labels: 14 px and up
        assert all("rgb(255, 255, 255)" in halo for halo in drawn["halos"]), drawn["halos"][:3]  # a white halo
        assert drawn["collisions"] == [], (item.key, drawn["collisions"])

        outline, (width, height) = drawn["outline"], drawn["size"]
        assert outline["height"] / height >= 0.70, (item.key, outline, drawn["size"])  # the district fills the map
        assert outline["width"] <= width + 1 and outline["height"] <= height + 1, (outline, drawn["size"])
        on_page = {**outline, "x": outline["x"] + boxes["map"]["x"], "y": outline["y"] + boxes["map"]["y"]}
        assert not _overlap(boxes["legend"], on_page), (item.key, boxes["legend"], on_page)  # legend off the district
        assert boxes["legend"]["y"] + boxes["legend"]["height"] <= VIEWPORT["height"] + 0.5, boxes["legend"]

        page.screenshot(path=tmp_path / f"deck_1024x768_{lang}_{number}_{item.key}.png")
        if number < len(AGENDA):
            page.keyboard.press("PageDown")
    last = page.url
    page.goto(last)  # opening the address shows the slide it names
    _deck_slide(page, len(AGENDA))
    assert f"slide={AGENDA[-1].key}" in page.url
    print(f"screenshots: {tmp_path}")
    assert errors == []
    page.close()


#: What the deck's map drew: the panchayats drawn as polygons, and the district outline's box in the frame's pixels.
DECK_JS = """() => {
    const gps = new Set(gpDataPanchayats.features), outline = gpDataDistrict.features[0], drawn = new Set();
    let box = null;
    map_div.eachLayer(l => {  // a panchayat may be drawn by two layers (boundaries and the theme's classes)
        if (gps.has(l.feature) && l instanceof L.Polygon) drawn.add(l.feature);
        if (l.feature === outline) {
            const b = l.getBounds();
            const nw = map_div.latLngToContainerPoint(b.getNorthWest());
            const se = map_div.latLngToContainerPoint(b.getSouthEast());
            box = {x: nw.x, y: nw.y, width: se.x - nw.x, height: se.y - nw.y};
        }
    });
    return {polygons: drawn.size, outline: box, legend: document.querySelectorAll('.gp-legend').length,
            scale: document.querySelector('.leaflet-control-scale').innerText.trim()};
}"""


#: Where the deck's parts lie on the page, in one snapshot (viewport pixels; null while a part is missing).
BOXES_JS = """() => {
    const box = e => {
        if (!e) return null;
        const r = e.getBoundingClientRect();
        return r.width > 0 ? {x: r.x, y: r.y, width: r.width, height: r.height} : null;
    };
    return {map: box(document.querySelector('.st-key-deck_map iframe[title="streamlit_folium.st_folium"]')),
            kpis: [...document.querySelectorAll('.gp-kpi')].map(box),
            table: box(document.querySelector('table.gp-blocks')),
            legend: box(document.querySelector('.gp-deck-legend'))};
}"""


def _deck_boxes(page, tries: int = 40) -> dict:
    """:data:`BOXES_JS` once every part is on the page (Streamlit may be swapping one in)."""
    for _ in range(tries):
        boxes = page.evaluate(BOXES_JS)
        if all(boxes[k] for k in ("map", "table", "legend")) and boxes["kpis"] and all(boxes["kpis"]):
            return boxes
        time.sleep(0.25)
    pytest.fail(f"the deck's parts did not all come on the page: {boxes}")


def _deck_drawn(page, number: int, tries: int = 20) -> dict:
    """:data:`DECK_JS` on item ``number``'s map (looked up again if Streamlit replaced the frame meanwhile)."""
    from playwright.sync_api import Error

    for _ in range(tries):
        try:
            return _deck_slide(page, number, settle=False).evaluate(DECK_JS)
        except Error:
            time.sleep(0.25)
    pytest.fail(f"the map of agenda item {number} kept being replaced")


def _inside(box: dict, width: int, height: int) -> bool:
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= width + 0.5
        and box["y"] + box["height"] <= height + 0.5
    )


@pytest.mark.parametrize("lang", ["en", "hi"])
@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1024, 768)])
def test_the_deck_steps_through_the_agenda_with_the_keyboard_and_every_screen_fits(
    app_url, browser, tmp_path, width, height, lang
):
    page = browser.new_page(viewport={"width": width, "height": height})
    errors = []
    page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1:") else route.abort()
    )
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{app_url}/review?slide={AGENDA[0].key}&lang={lang}")  # a bookmarked first slide
    for number, item in enumerate(AGENDA, start=1):
        _deck_slide(page, number)  # the labels and the layout settle
        assert f"slide={item.key}" in page.url  # the item is in the URL: the slide can be bookmarked
        assert item.label(lang) in page.locator(".gp-deck-title").inner_text()
        viewport = (width, height)
        boxes = _deck_boxes(page)
        map_box, legend = boxes["map"], boxes["legend"]
        assert _inside(map_box, *viewport), (item.key, map_box)
        assert len(boxes["kpis"]) == len(item.figures)
        for i, kpi in enumerate(boxes["kpis"]):
            assert _inside(kpi, *viewport), (item.key, i, kpi)
        assert _inside(boxes["table"], *viewport), (item.key, boxes["table"])
        assert _inside(legend, *viewport), (item.key, legend)
        drawn = _deck_drawn(page, number)
        assert drawn["polygons"] == 118 and drawn["legend"] == 0  # no legend on the map itself
        outline = {
            **drawn["outline"],
            "x": drawn["outline"]["x"] + map_box["x"],
            "y": drawn["outline"]["y"] + map_box["y"],
        }
        assert not _overlap(legend, outline), item.key  # the legend never covers the district
        assert drawn["scale"].endswith("कि.मी." if lang == "hi" else " km"), drawn["scale"]  # metric only
        assert page.evaluate("""() => [document.scrollingElement, document.querySelector('[data-testid="stMain"]')]
            .every(e => e.scrollHeight <= e.clientHeight + 1)"""), item.key  # nothing scrolls
        page.screenshot(path=tmp_path / f"deck_{width}x{height}_{lang}_{number}_{item.key}.png")
        if number < len(AGENDA):
            page.keyboard.press("PageDown" if number % 2 else "ArrowRight")  # a clicker sends either
    page.keyboard.press("PageUp")
    _deck_slide(page, len(AGENDA) - 1, settle=False)
    print(f"screenshots: {tmp_path}")
    assert errors == []
    page.close()


def _planner_labels(page, tries: int = 40) -> tuple[object, dict]:
    """The Planner map's labels once drawn and placed (looked up again while Streamlit replaces the frame)."""
    from playwright.sync_api import Error

    for _ in range(tries):
        try:
            frame = page.locator(PLANNER_MAP).first.element_handle().content_frame()
            if frame is not None and frame.evaluate("typeof map_div !== 'undefined' && !!document.fonts"):
                _settled(frame)
                return frame, frame.evaluate(LABELS_JS)
        except Error:
            pass
        time.sleep(0.25)
    pytest.fail("the Planner's map did not settle")


def test_the_planners_labels_never_collide(app_url, browser, tmp_path):
    page = browser.new_page(viewport=VIEWPORT)
    _local_only(page)
    page.goto(f"{app_url}/planner?lang=hi")
    page.frame_locator(PLANNER_MAP).first.locator(".leaflet-container").wait_for(timeout=30_000)
    frame, drawn = _planner_labels(page)
    assert drawn["labels"] > 5 and drawn["hidden"] > 0, drawn  # names shown; those that would collide dropped
    assert drawn["collisions"] == [] and min(drawn["sizes"]) >= 14, drawn
    for step in (1, 1, -2):  # zoomed in twice, then out again: the labels placed again each time
        frame.evaluate(f"void map_div.setZoom(map_div.getZoom() + {step}, {{animate: false}})")
        _settled(frame)
        again = frame.evaluate(LABELS_JS)
        assert again["collisions"] == [], (step, again["collisions"])
    page.screenshot(path=tmp_path / "planner_1024x768_hi.png")

    search = page.locator(".st-key-planner_search input")  # a selected panchayat: its distances are labelled too
    search.fill("Nala GP 03")
    search.press("Enter")
    page.locator(".st-key-planner_pick").click()
    page.get_by_role("option").first.click()
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        frame, drawn = _planner_labels(page)
        if frame.evaluate("typeof gpDataNearest !== 'undefined'"):
            break
        time.sleep(0.25)
    _settled(frame)
    drawn = frame.evaluate(LABELS_JS)
    assert drawn["collisions"] == [], drawn["collisions"]
    assert frame.locator(".gp-label-nearest").count() == 3  # a distance to each kind of service
    page.locator(PLANNER_MAP).first.scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "planner_1024x768_hi_selected.png")
    print(f"screenshots: {tmp_path}")
    page.close()


#: The district outline's box on the Review map, in the frame's pixels; what the frame holds besides the layers.
REVIEW_JS = """() => {
    const outline = gpDataDistrict.features[0];
    let box = null;
    map_div.eachLayer(l => {
        if (l.feature === outline) {
            const b = l.getBounds();
            const nw = map_div.latLngToContainerPoint(b.getNorthWest());
            const se = map_div.latLngToContainerPoint(b.getSouthEast());
            box = {x: nw.x, y: nw.y, width: se.x - nw.x, height: se.y - nw.y};
        }
    });
    return {outline: box, size: [map_div.getSize().x, map_div.getSize().y],
            legends: document.querySelectorAll('.gp-legend').length,
            badges: document.querySelectorAll('.gp-demo').length};
}"""


@pytest.mark.parametrize(("width", "height", "beside"), [(1024, 768, False), (1440, 1100, True)])
def test_the_review_map_is_the_districts_shape_with_its_legend_beside_it(
    app_url, browser, tmp_path, width, height, beside
):
    page = browser.new_page(viewport={"width": width, "height": height})
    _local_only(page)
    page.goto(f"{app_url}/review")
    page.locator(".st-key-review_legend .gp-side-legend").wait_for(timeout=30_000)
    page.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for(timeout=30_000)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    _settled(frame)
    drawn = frame.evaluate(REVIEW_JS)
    assert drawn["legends"] == 0 and drawn["badges"] == 0, drawn  # nothing over the district
    assert drawn["outline"]["height"] >= 0.8 * drawn["size"][1], drawn  # the district fills the map's height
    assert drawn["outline"]["width"] >= 0.9 * drawn["size"][0], drawn  # and its width
    box = page.locator(MAP_FRAME).bounding_box()
    legend = page.locator(".st-key-review_legend").bounding_box()
    assert not _overlap(legend, box)
    if beside:  # a wide screen: the legend to the right of the map, level with its top
        assert legend["x"] >= box["x"] + box["width"] and abs(legend["y"] - box["y"]) < 10, (legend, box)
    else:  # 1024 px with the sidebar open: under the map, the map as wide as the page
        assert legend["y"] >= box["y"] + box["height"], (legend, box)
    assert "DEMO DATA — not official" in page.locator(".st-key-review_legend").inner_text()  # the badge heads it
    page.screenshot(path=tmp_path / f"review_{width}x{height}_en.png")
    page.close()
