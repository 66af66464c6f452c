"""Both apps on a PostGIS store (`$PANCHAYAT_STORE` a URL): the pages of its GeoPackage; editors sign in and save.

The DEMO store is copied to a schema of its own in the session's PostGIS database
(``postgis_url``, tests/postgis.py); the pages run with Streamlit's AppTest.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from editors import PASSWORD, add_editor, session_of
from postgis import new_schema
from streamlit.testing.v1 import AppTest

from geo.storage.accounts import list_accounts, sign_in
from geo.storage.postgis import copy_store
from geo.storage.store import DEMO_STORE, read_store
from ui.common import STORE_ENV

ROOT = Path(__file__).resolve().parent.parent
CODE = "990102"


@pytest.fixture
def server_store(postgis_url: str, monkeypatch) -> str:
    url = new_schema(postgis_url, "a")
    copy_store(str(DEMO_STORE), url, user="test")
    add_editor(url, "Asha")
    add_editor(url, "nala.bdo", blocks=("9902",))
    monkeypatch.setenv(STORE_ENV, url)
    return url


def _texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown] + [t.value for t in at.title] + [c.value for c in at.caption]


def test_the_review_reads_a_server_store_as_its_geopackage(server_store, monkeypatch):
    on_server = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    assert not on_server.exception and not on_server.error
    monkeypatch.setenv(STORE_ENV, str(DEMO_STORE))
    on_file = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    assert _texts(on_server) == _texts(on_file)
    assert [m.value for m in on_server.metric] == [m.value for m in on_file.metric]


def test_the_public_app_reads_a_server_store(server_store, monkeypatch):
    on_server = AppTest.from_file(str(ROOT / "public_app.py"), default_timeout=90).run()
    assert not on_server.exception and not on_server.error
    assert "118 gram panchayats" in " ".join(_texts(on_server))
    monkeypatch.setenv(STORE_ENV, str(DEMO_STORE))
    on_file = AppTest.from_file(str(ROOT / "public_app.py"), default_timeout=90).run()
    assert _texts(on_server) == _texts(on_file)
    assert [h.proto.body for h in on_server.get("html")] == [h.proto.body for h in on_file.get("html")]


def test_accounts_live_on_the_server_store(server_store):
    assert list_accounts(server_store)["name"].tolist() == ["Asha", "nala.bdo"]
    assert sign_in(server_store, "asha", PASSWORD).name == "Asha"


def test_an_editor_saves_a_status_on_the_server_store(server_store):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.session_state["planner_gp"] = CODE
    at.session_state["editor_session"] = session_of("Asha")
    at.run()
    at.switch_page("ui/planner.py").run()
    assert not at.exception, at.exception
    before = read_store(server_store, private=True).status_events
    at.selectbox(key=f"edit_indicator_{CODE}_en").set_value("library").run()
    at.selectbox(key=f"edit_value_{CODE}_library_en").set_value("opened")
    at.button(key=f"save_{CODE}_library").click().run()
    assert not at.exception and not at.error
    after = read_store(server_store, private=True).status_events
    assert len(after) == len(before) + 1
    new = after.iloc[-1]
    assert (new["panchayat_lgd"], new["indicator"], new["value"], new["recorded_by"]) == (
        CODE,
        "library",
        "opened",
        "Asha",
    )
    assert new["event_id"] == before["event_id"].max() + 1
