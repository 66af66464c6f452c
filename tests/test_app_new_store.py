"""The app on a store fresh from an import: boundaries and villages, no service points, no history."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from tiny_district import tiny_store

from geo.store import empty_layer, write_store
from geo.summary import summary
from ui.common import STORE_ENV

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


def test_no_aadhaar_centre_leaves_every_village_out_of_reach(new_store):
    district = summary(new_store).district
    assert district["villages_beyond_aadhaar"] == 4
    assert district["population_beyond_aadhaar"] == 1_000
