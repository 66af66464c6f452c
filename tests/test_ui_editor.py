"""The status editor on the Planner's panchayat card, through the full app (a copy of the DEMO store)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from editors import PASSWORD, add_editor, session_of
from streamlit.testing.v1 import AppTest

from geo.storage.store import DEMO_STORE, read_store
from geo.text import t
from ui.common import STORE_ENV

ROOT = Path(__file__).resolve().parent.parent
#: A DEMO panchayat with two library reports (2020-11-12 and 2020-12-10), so an undo has a value to restore.
CODE = "990102"
PUBLIC_COLUMNS = ["Date", "Indicator", "Value", "Source"]


def _with_editors(store: Path) -> Path:
    add_editor(store, "Asha")
    add_editor(store, "आशा")
    add_editor(store, "nala.bdo", blocks=("9902",))
    return store


@pytest.fixture
def store(demo_copy: Path, monkeypatch) -> Path:
    """A copy of the DEMO store with three editors, of the test's own (for a test that records a status)."""
    monkeypatch.setenv(STORE_ENV, str(demo_copy))
    return _with_editors(demo_copy)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory) -> Iterator[Path]:
    """A copy of the DEMO store with three editors for the module's tests that record no status.

    They share its analysis (Streamlit's cache is keyed by the store's path and revision); a
    sign-in writes only the accounts' own tables.
    """
    path = tmp_path_factory.mktemp("editor") / "store.gpkg"
    shutil.copyfile(DEMO_STORE, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(STORE_ENV, str(path))
        yield _with_editors(path)


def planner_card(*, editor: str | None, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["planner_gp"] = CODE
    if editor is not None:
        at.session_state["editor_session"] = session_of(editor)
    at.run()
    at.switch_page("ui/planner.py").run()
    assert not at.exception, at.exception
    return at


def history(at: AppTest):
    return at.dataframe[3].value  # indicators, nearest points, states at each review, history


def test_signed_out_card_offers_a_compact_sign_in(shared_store):
    at = planner_card(editor=None)
    assert list(history(at).columns) == PUBLIC_COLUMNS
    assert t("ui.editor_signin_hint", "en") in [c.value for c in at.caption]
    at.text_input(key="card_login_name").input("Asha")
    at.text_input(key="card_login_password").input("wrong-password")
    at.button(key="card_login_submit").click().run()
    assert [e.value for e in at.error] == [t("ui.sign_in_not_recognised", "en")]
    at.text_input(key="card_login_password").input(PASSWORD)
    at.button(key="card_login_submit").click().run()
    assert not at.exception
    assert at.session_state["editor_session"]["name"] == "Asha"
    assert at.button(key=f"save_{CODE}_bharatnet").label == "Save"
    assert list(history(at).columns) == [*PUBLIC_COLUMNS, "Remark (private)", "Recorded by"]


def test_saved_status_reaches_the_card_and_the_cached_store_and_can_be_undone(store):
    at = planner_card(editor="Asha")
    before = read_store(store, private=True).status_events
    shown = history(at)
    assert len(shown) == int((before["panchayat_lgd"] == CODE).sum())
    assert set(shown["Recorded by"]) == {"demo-generator"}

    at.selectbox(key=f"edit_indicator_{CODE}_en").set_value("library").run()
    at.selectbox(key=f"edit_value_{CODE}_library_en").set_value("opened")
    at.text_area[0].input("opened in the bhawan; checked on site")
    at.button(key=f"save_{CODE}_library").click().run()
    assert not at.exception
    after = read_store(store, private=True).status_events
    assert len(after) == len(before) + 1
    new = after.iloc[-1]
    assert (new["panchayat_lgd"], new["indicator"], new["value"], new["recorded_by"], new["source"]) == (
        CODE,
        "library",
        "opened",
        "Asha",
        "editor",
    )
    assert str(new["as_of"])[:10] == dt.date.today().isoformat()
    assert at.success[0].value == f"Saved as event {new['event_id']}."
    top = history(at).iloc[0]  # newest first
    assert (top["Indicator"], top["Value"], top["Recorded by"], top["Remark (private)"]) == (
        "Community library",
        "Opened",
        "Asha",
        "opened in the bhawan; checked on site",
    )

    at.button(key=f"undo_{new['event_id']}").click().run()
    assert not at.exception
    undone = read_store(store, private=True).status_events.iloc[-1]
    previous = before[(before["panchayat_lgd"] == CODE) & (before["indicator"] == "library")]
    assert (undone["value"], undone["source"], undone["recorded_by"]) == (
        previous.sort_values("as_of")["value"].iloc[-1],
        "undo",
        "Asha",
    )
    assert at.success[0].value == f"Undone: event {undone['event_id']} restores the previous value."
    assert len(history(at)) == len(shown) + 2

    at.button(key="card_logout").click().run()  # signed out, the card reads the cached public store
    assert not at.exception
    public = history(at)
    assert list(public.columns) == PUBLIC_COLUMNS and len(public) == len(shown) + 2
    assert public["Source"].iloc[:2].tolist() == ["undo", "editor"]
    assert not [b for b in at.button if (b.key or "").startswith("save_")]


def test_card_editor_in_hindi(shared_store):
    at = planner_card(editor="आशा", lang="hi")
    assert list(history(at).columns)[-2:] == ["टिप्पणी (निजी)", "दर्ज करने वाले"]
    assert at.button(key=f"save_{CODE}_bharatnet").label == "सहेजें"
    assert at.selectbox(key=f"edit_indicator_{CODE}_hi").label == "संकेतक"
    assert "चालू" in at.selectbox(key=f"edit_value_{CODE}_bharatnet_hi").options
    assert {b.label for b in at.button if (b.key or "").startswith("undo_")} == {"पूर्ववत करें"}
    assert t("ui.recent_changes", "hi") in [c.value for c in at.caption]


def test_a_block_office_records_only_for_its_own_block(shared_store):
    at = planner_card(editor="nala.bdo")  # 990102 is in Jamtara block (9901); the account edits Nala (9902)
    assert t("ui.not_your_block", "en").format(blocks="Nala (9902)") in [i.value for i in at.info]
    assert not [b for b in at.button if (b.key or "").startswith(("save_", "undo_"))]
    assert "Signed in as **nala\\.bdo** (editor · block Nala \\(9902\\) only)" in [c.value for c in at.caption]


def test_history_marks_names_typed_before_accounts_as_self_declared(store):
    from geo.storage.store import append_events

    event = (
        read_store(store, private=True)
        .status_events.iloc[[0]]
        .drop(columns="event_id")
        .assign(panchayat_lgd=CODE, source="editor", recorded_by="Ramesh", recorded_at="2020-12-01T10:00:00Z")
    )
    append_events(store, event)
    at = planner_card(editor="Asha")
    assert "Ramesh (self-declared)" in set(history(at)["Recorded by"])
