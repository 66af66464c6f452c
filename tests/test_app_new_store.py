"""The app on a store fresh from an import: boundaries and villages, no service points, no history."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from tiny_district import tiny_store

from geo.review.summary import summary
from geo.storage.store import STORE_ENV, empty_layer, write_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def new_store(tmp_path, monkeypatch) -> Path:
    data = dataclasses.replace(
        tiny_store(), service_points=empty_layer("service_points"), status_events=empty_layer("status_events")
    )
    path = write_store(tmp_path / "new.gpkg", data)
    monkeypatch.setenv(STORE_ENV, str(path))
    return path


@pytest.mark.parametrize("page", [None, "ui/planner.py", "ui/public.py", "ui/data.py"])
def test_every_page_opens_without_service_points_or_history(new_store, page):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    if page == "ui/planner.py":
        assert any("no functional Aadhaar enrolment centre yet" in info.value for info in at.info)


def test_no_aadhaar_centre_is_said_not_counted_as_far(new_store):
    figures = summary(new_store).figures
    assert figures.value("villages_beyond_aadhaar") is None and figures.value("population_beyond_aadhaar") is None
    assert figures.text("villages_beyond_aadhaar") == "no Aadhaar centre recorded"
    # with no history at all, connectivity, CSC and library are not recorded for both panchayats: their
    # classes are not recorded either (never 0), and "not recorded" counts both panchayats
    assert figures.value("connectivity_not_recorded") == 2 and figures.value("working") is None
    assert figures.value("csc_not_recorded") == 2 and figures.value("library_not_recorded") == 2


def test_review_cards_say_not_recorded(new_store):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    cards = {m.label: m.value for m in at.metric}
    assert cards["Villages beyond 10 km of an Aadhaar centre"] == "no Aadhaar centre recorded"
    assert cards["Panchayat buildings online, working"] == "not recorded"
    assert cards["Connectivity not recorded"] == "2 / 2"
    assert "nan" not in " ".join(cards.values()).lower()
