"""The "Export / डाउनलोड" expander of the Review and Planner pages, through the full app."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.exports.export import PRIVATE_EXPORT_COLUMNS
from geo.storage.store import DEMO_STORE
from layers.sheet import SheetLayout
from layers.view import View
from ui.common import STORE_ENV
from ui.export import PREPARED, data_file_name, pack_file_name, sheet_file_name

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "store.gpkg"
    shutil.copyfile(DEMO_STORE, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(STORE_ENV, str(path))
        yield path


def open_page(page: str, *, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    if page != "ui/review.py":
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def test_file_names_start_with_the_district():
    book = SheetLayout(fmt="pdf", paper="A3", landscape=True, per_block=True)
    hindi = View(lang="hi", as_of="2020-12-10")
    assert (
        sheet_file_name("jamtara", "csc", layout=book, view=hindi)
        == "jamtara_mapbook_csc_2020-12-10_A3-landscape_hi.pdf"
    )
    assert data_file_name("dumka", "panchayats", "geojson", None) == "dumka_panchayats_latest.geojson"
    assert data_file_name("jamtara", "services", "shp", "2020-11-12") == "jamtara_services_2020-11-12.zip"


def test_file_names_keep_a_hindi_district_name():
    from geo.storage.identity import DistrictIdentity

    stem = DistrictIdentity(name_hi="जामताड़ा").file_stem
    assert data_file_name(stem, "panchayats", "gpkg", "2020-11-12") == "जामताड़ा_panchayats_2020-11-12.gpkg"
    assert pack_file_name(stem, view=View(lang="hi", as_of=None, since=None)) == "जामताड़ा_meeting-pack_latest_hi.pdf"
    assert data_file_name("../पश्चिमी सिंहभूम", "services", "csv", None) == "पश्चिमी_सिंहभूम_services_latest.csv"


def test_review_map_sheet_is_made_only_when_asked(store):
    at = open_page("ui/review.py")
    key = PREPARED.format(page="review", what="sheet")
    assert key not in at.session_state and len(at.download_button) == 0  # nothing drawn on a plain run
    assert at.expander[0].label == "Export / डाउनलोड"
    theme = at.selectbox(key="review_sheet_theme_connectivity_en")
    assert theme.value == "connectivity"  # the page's map
    at.button(key="review_sheet_prepare").click().run()
    assert not at.exception
    prepared = at.session_state[key]
    assert prepared.content[:5] == b"%PDF-" and prepared.mime == "application/pdf"
    assert prepared.file_name == "jamtara_map_connectivity_latest_A4_en.pdf"
    assert at.download_button(key="review_sheet_download").label == f"Download {prepared.file_name}"

    at.radio(key="review_sheet_paper").set_value("A3").run()  # other options: the old file is not offered
    assert len(at.download_button) == 0


def test_review_sheet_follows_the_chosen_date_and_theme(store):
    at = open_page("ui/review.py")
    at.selectbox(key="review_as_of_en").set_value("2020-11-12").run()
    at.selectbox(key="review_theme_en").set_value("csc").run()
    assert at.selectbox(key="review_sheet_theme_csc_en").value == "csc"
    at.radio(key="review_sheet_format").set_value("png").run()
    assert at.checkbox(key="review_sheet_book").disabled  # a map book is a PDF only
    at.button(key="review_sheet_prepare").click().run()
    assert not at.exception
    prepared = at.session_state[PREPARED.format(page="review", what="sheet")]
    assert prepared.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert prepared.file_name == "jamtara_map_csc_2020-11-12_A4_en.png"


def test_planner_data_export_is_public_geojson_of_118_panchayats(store):
    at = open_page("ui/planner.py")
    at.button(key="planner_data_prepare").click().run()
    assert not at.exception
    prepared = at.session_state[PREPARED.format(page="planner", what="data")]
    assert prepared.file_name == "jamtara_panchayats_latest.geojson"
    collection = json.loads(prepared.content)
    assert len(collection["features"]) == 118
    columns = set(collection["features"][0]["properties"])
    assert not columns & PRIVATE_EXPORT_COLUMNS
    assert at.download_button(key="planner_data_download").label == "Download jamtara_panchayats_latest.geojson"

    at.selectbox(key="planner_data_layer_en").set_value("services")
    at.selectbox(key="planner_data_format_en").set_value("shp").run()
    at.button(key="planner_data_prepare").click().run()
    prepared = at.session_state[PREPARED.format(page="planner", what="data")]
    assert prepared.file_name == "jamtara_services_latest.zip"
    with zipfile.ZipFile(io.BytesIO(prepared.content)) as archive:
        assert any(name.endswith(".shp") for name in archive.namelist())


def test_planner_map_book_in_hindi(store):
    at = open_page("ui/planner.py", lang="hi")
    assert at.expander[0].label == "डाउनलोड / Export"
    assert at.selectbox(key="planner_sheet_theme_aadhaar_hi").value == "aadhaar"  # the planner's service
    at.checkbox(key="planner_sheet_book").check()
    at.button(key="planner_sheet_prepare").click().run()
    assert not at.exception
    prepared = at.session_state[PREPARED.format(page="planner", what="sheet")]
    assert prepared.file_name == "jamtara_mapbook_aadhaar_latest_A4_hi.pdf"
    assert prepared.content[:5] == b"%PDF-"
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", prepared.content)) == 7  # the district and its six blocks
    assert at.download_button(key="planner_sheet_download").label == f"{prepared.file_name} डाउनलोड करें"
