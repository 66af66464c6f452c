"""The Review page (outside the deck) on a 1024×768 projector, in a real browser, English and Hindi.

Starts ``streamlit run app.py`` on a copy of the DEMO store (every outside request refused)
and checks, with the sidebar open as the app opens: the map's top is on the first screen,
every dropdown shows its whole choice (the Planner's too), and no table scrolls sideways.
Screenshots are saved in the test's tmp dir.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SCREEN = {"width": 1024, "height": 768}
#: Every dropdown whose choice is wider than its box (the box cuts it off), as (label, choice shown).
CUT_SELECTS_JS = """() => [...document.querySelectorAll('[data-testid="stSelectbox"] input[role="combobox"]')]
    .filter(input => input.scrollWidth > input.clientWidth + 1)
    .map(input => [input.getAttribute('aria-label'), input.value])"""
#: Every element of the page that scrolls sideways (its content wider than its box), as (test id, overflow px).
SIDEWAYS_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] *')].filter(el => {
    const style = getComputedStyle(el);
    return ['auto', 'scroll'].includes(style.overflowX) && el.clientWidth > 0
        && el.scrollWidth > el.clientWidth + 1;
}).map(el => [el.closest('[data-testid]')?.dataset.testid ?? el.tagName, el.scrollWidth - el.clientWidth])"""
#: The tables the page shows (``st.table``: the blocks').
TABLES_JS = '() => document.querySelectorAll(\'[data-testid="stMain"] [data-testid="stTable"] table\').length'


@pytest.fixture(params=["en", "hi"])
def review_page(request, app_url, browser, tmp_path):
    """The Review page at 1024×768 in a language, drawn to its last table."""
    page = browser.new_page(viewport=SCREEN)
    page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1:") else route.abort()
    )
    page.goto(f"{app_url}/review?lang={request.param}")
    page.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for(timeout=60_000)
    page.locator('[data-testid="stTable"]').first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)  # the last elements settle
    page.screenshot(path=str(tmp_path / f"review_1024_{request.param}.png"), full_page=True)
    yield page
    page.close()


def test_the_map_is_on_the_first_screen(review_page):
    top = review_page.locator(MAP_FRAME).bounding_box()["y"]
    assert 0 < top < SCREEN["height"] - 200, top  # and at least 200 px of it shows


def test_every_dropdown_shows_its_whole_choice(review_page):
    shown = review_page.locator('[data-testid="stSelectbox"] input[role="combobox"]')
    assert shown.count() == 7  # as of, compared with, theme, reach; the export's map, layer and file format
    assert review_page.evaluate(CUT_SELECTS_JS) == []


def test_no_table_scrolls_sideways(review_page):
    assert review_page.evaluate(TABLES_JS) == 1  # the blocks' table (its 11 columns scrolled 347 px at 1024 px)
    assert review_page.evaluate(SIDEWAYS_JS) == []


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_planners_dropdowns_show_their_whole_choice(app_url, browser, tmp_path, lang):
    page = browser.new_page(viewport=SCREEN)
    page.goto(f"{app_url}/planner?lang={lang}")
    page.locator(f".st-key-planner_mapbox {MAP_FRAME}").wait_for(timeout=60_000)
    assert page.locator('[data-testid="stSelectbox"] input[role="combobox"]').count() >= 1  # the service's
    page.screenshot(path=str(tmp_path / f"planner_1024_{lang}.png"))
    assert page.evaluate(CUT_SELECTS_JS) == []  # "Aadhaar enrolmer" before its search box wrapped
    page.close()
