"""The public page is read-only and shows no private value, whether served alone or in the app."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.review.analysis import analyse
from geo.storage.demo_state import StateSize, write_demo_state
from geo.storage.store import DEMO_STORE
from geo.text import t
from layers.context import map_context
from layers.folium_map import build_map, map_html
from layers.registry import LAYERS
from ui.common import STORE_ENV

ROOT = Path(__file__).resolve().parent.parent
#: Every element type the public page may show: text, tables, the map, and selection widgets.
ALLOWED = {
    "root",
    "main",
    "sidebar",
    "event",
    "html",
    "flex_container",
    "column",
    "title",
    "caption",
    "warning",
    "info",
    "subheader",
    "markdown",
    "dataframe",
    "component_instance",
    "metric",
    "radio",
    "toggle",
    "selectbox",
    "text_input",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("public") / "store.gpkg"
    shutil.copyfile(DEMO_STORE, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(STORE_ENV, str(path))
        yield path


@pytest.fixture(scope="module")
def private_values(demo_private) -> list[str]:
    """Phone numbers, operator names, remarks and who recorded events, from the DEMO store."""
    private = demo_private.service_private
    events = demo_private.status_events
    values = pd.concat(
        [private["phone"], private["operator_name"], private["remark"], events["remark"], events["recorded_by"]]
    )
    values = sorted({v for v in values.dropna().astype(str) if v.strip()})
    assert len(values) > 300 and any(v.startswith("+91-") for v in values)
    return values


def _walk(node) -> Iterator:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _page_text(at: AppTest) -> str:
    """Everything the page sends to the browser: texts, table cells and the map's HTML and script."""
    parts = []
    for node in _walk(at._tree):
        if node.type == "component_instance":
            parts.extend(str(v) for v in json.loads(node.proto.json_args).values())
        elif node.type == "dataframe":
            parts.append(node.value.to_csv())
        elif isinstance(getattr(node, "value", None), str):
            parts.append(node.value)
        parts.extend(str(getattr(node, attr)) for attr in ("label", "options") if hasattr(node, attr))
    return "\n".join(parts)


def _public_app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "public_app.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def test_public_app_registers_only_the_public_page(store):
    at = _public_app()
    assert at.title[0].value == "Jamtara: digital services in every panchayat"
    for page in ("ui/review.py", "ui/planner.py", "ui/data.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


def test_public_app_names_a_state_and_its_districts(tmp_path, monkeypatch):
    size = StateSize(districts=2, blocks=2, panchayats=4, villages_per_panchayat=(1, 1))
    monkeypatch.setenv(STORE_ENV, str(write_demo_state(tmp_path / "state.gpkg", size=size)))
    title = _public_app().title[0].value.replace("\\", "")  # the markdown's escapes (md()) taken off
    assert title == "2 districts, DEMO state (synthetic): digital services in every panchayat"


def test_public_page_has_only_selection_widgets(store):
    at = _public_app()
    at.text_input(key="public_search").set_value("nala gp 03").run()
    types = {node.type for node in _walk(at._tree)}
    assert types <= ALLOWED, types - ALLOWED
    assert {"file_uploader", "data_editor", "text_area", "button", "download_button", "form"}.isdisjoint(types)
    assert all(df.proto.editing_mode == 0 for df in at.dataframe)  # 0 = read-only, not a data editor
    assert at.subheader[0].value == "Nala GP 03 gram panchayat"


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_public_page_shows_no_private_value(store, private_values, lang):
    at = AppTest.from_file(str(ROOT / "public_app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.text_input(key="public_search").set_value("jamtara gp 07").run()  # adds the card and nearest lines
    assert not at.exception
    page = _page_text(at)
    assert "gpDataPanchayats" in page and "gpDataNearest" in page  # the map's data is part of what was searched
    leaked = [value for value in private_values if value in page]
    assert not leaked, leaked[:5]


def test_public_map_html_has_no_private_value(demo_private, private_values):
    ctx = map_context(analyse(demo_private))
    page = map_html(
        build_map(ctx, [spec for spec in LAYERS.values() if spec.public], public=True, visible=list(LAYERS))
    )
    assert not [value for value in private_values if value in page]


def test_public_page_in_the_app_with_an_editor_signed_in(store, private_values):
    """A signed-in editor's session changes nothing on the public page: no sign-in, no download, no private value."""
    from editors import add_editor, session_of

    add_editor(store, "Asha")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["editor_session"] = session_of("Asha")
    at.run()
    at.switch_page("ui/public.py").run()
    at.text_input(key="public_search").set_value("jamtara gp 07").run()
    assert not at.exception
    types = {node.type for node in _walk(at._tree)}
    assert types <= ALLOWED, types - ALLOWED
    assert {"download_button", "form", "button", "file_uploader", "expander"}.isdisjoint(types)
    assert [t.key for t in at.text_input] == ["public_search"]  # no password, no name
    assert "Asha" not in _page_text(at)
    assert not [value for value in private_values if value in _page_text(at)]


def _html(at: AppTest) -> str:
    return " ".join(h.value for h in at.get("html"))


def test_azimuth_from_a_place_to_a_centre():
    """Degrees clockwise from north on the WGS84 geodesic; the page writes them as a compass point."""
    from shapely.geometry import Point

    from geo.formats import format_bearing
    from ui.public import _azimuth_deg

    here = Point(86.0, 23.0)
    assert _azimuth_deg(here, Point(86.0, 23.1)) == pytest.approx(0.0, abs=1e-9)  # due north
    east = _azimuth_deg(here, Point(86.1, 23.0))  # along the parallel: the geodesic starts a little north of east
    assert 89.9 < east < 90.0 and format_bearing(east, "en") == "→ east"
    assert format_bearing(_azimuth_deg(here, Point(85.9, 22.9)), "en") == "↙ south-west"


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_public_page_nearest_card_card_and_figures_read_as_a_citizen_reads(store, lang):
    at = AppTest.from_file(str(ROOT / "public_app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.text_input(key="public_search").set_value("Nala GP 01 village 07").run()
    assert not at.exception
    shown = _html(at)
    assert f"<p class='gp-demo-bar' role='note'>{t('layer.map.demo', lang)}</p>" in shown  # the header bar
    card = shown[shown.index("<section class='gp-nearest-card'") :]
    card = card[: card.index("</section>")]
    readable = re.sub(r"\sdata-[a-z-]+='[^']*'", "", card)  # ids stay as data keys only
    assert not re.findall(r"\b(?:CSC|AADHAAR|PMGDISHA)-\d+", readable)
    assert "data-centre='CSC-037'" in card  # the village's nearest CSC, as geo.spatial.places measured it
    # by hand from the DEMO's points: the village at (87.0449, 23.9966); CSC-037 0.82 km west and 0.93 km north of
    # it, AADHAAR-002 2.5 km west and 7.4 km south, PMGDISHA-020 1.3 km west and 1.8 km north
    ways = re.findall(r"<span class='gp-way'>(.) ", card)
    assert ways == ["↖", "↓", "↖"]  # csc, aadhaar, pmgdisha: north-west, south, north-west
    assert f"<span class='gp-way'>↓ {t('format.toward_s', lang)}</span>" in card
    assert "<th scope='row'>" + t("field.inspection", lang) + "</th>" in shown  # the finding is public
    assert t("field.lgd_code", lang) not in shown
    working = [m.value for m in at.metric][0]  # Panchayat buildings online, working: the DEMO's 40 of 118
    assert working == "40 / 118"
