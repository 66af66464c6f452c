"""AppTest smoke and flow tests of the Data page and the status editor."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from editors import PASSWORD, add_editor, session_of
from streamlit.testing.v1 import AppTest

from geo.importing.kinds import import_kinds
from geo.storage.store import read_store
from geo.storage.versions import list_versions
from geo.text import t
from ui.common import md

#: The built-in import kinds' choices on the Data page.
LABELS = {kind.name: kind.label for kind in import_kinds()}


def data_page(store: str) -> None:
    from pathlib import Path

    from ui.data import render

    render(Path(store))


def import_page(store: str, source: str) -> None:
    from pathlib import Path

    from ui.data import history_panel, import_panel

    import_panel(Path(store), Path(source), user="tester", kind="status")
    history_panel(Path(store), user="tester")


def inspection_import_page(store: str, source: str) -> None:
    from pathlib import Path

    from ui.data import import_panel

    import_panel(Path(store), Path(source), user="tester", kind="inspections")


def village_import_page(store: str, source: str) -> None:
    from pathlib import Path

    from ui.data import import_panel

    import_panel(Path(store), Path(source), user="tester", kind="villages")


def editor_card(store: str) -> None:
    from pathlib import Path

    from ui.editor import editor_login, status_editor

    account = editor_login(Path(store))
    if account:
        status_editor(Path(store), "P2", "B1", account=account)


@pytest.fixture
def store(tiny_named_store: Path) -> Path:
    return tiny_named_store


def test_a_store_without_accounts_is_read_only_and_says_how_to_add_one(store):
    at = AppTest.from_function(data_page, args=(str(store),), default_timeout=30).run()
    assert not at.exception
    assert "python -m geo users add NAME --role admin" in at.info[0].value
    assert len(at.text_input) == 0 and len(at.button) == 0 and len(at.file_uploader) == 0


def test_wrong_password_is_refused_and_right_one_signs_in_as_the_account(store):
    add_editor(store, "Asha")
    at = AppTest.from_function(data_page, args=(str(store),), default_timeout=30).run()
    at.text_input[0].input("asha")  # names are compared regardless of case; the account's own spelling is kept
    at.text_input[1].input("not-the-password")
    at.button[0].click().run()
    assert not at.exception
    assert at.error[0].value == t("ui.sign_in_not_recognised", "en")
    assert "editor_session" not in at.session_state
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["editor_session"]["name"] == "Asha"
    assert any("No versions yet" in i.value for i in at.info)


def test_an_unknown_name_gets_the_same_answer_as_a_wrong_password(store):
    add_editor(store, "Asha")
    at = AppTest.from_function(data_page, args=(str(store),), default_timeout=30).run()
    at.text_input[0].input("Nobody")
    at.text_input[1].input("whatever-it-is")
    at.button[0].click().run()
    assert at.error[0].value == t("ui.sign_in_not_recognised", "en")


def test_the_old_shared_password_is_said_to_be_replaced(store, monkeypatch):
    monkeypatch.setenv("PANCHAYAT_EDITOR_PASSWORD_HASH", "scrypt$16384$8$1$x$y")
    at = AppTest.from_function(data_page, args=(str(store),), default_timeout=30)
    at.secrets["editor_password_hash"] = "scrypt$16384$8$1$x$y"
    at.run()
    assert at.warning[0].value == t("ui.password_replaced", "en")
    assert "python -m geo users add" in at.info[0].value  # still no account: read-only


def test_a_block_office_imports_sheets_only_and_no_rollback(store):
    add_editor(store, "nala.bdo", blocks=("B1",))
    at = AppTest.from_function(data_page, args=(str(store),), default_timeout=30)
    at.session_state["editor_session"] = session_of("nala.bdo")
    at.run()
    assert not at.exception
    assert at.selectbox(key="data_kind_en").options == [
        LABELS[k]("en") for k in ("status", "certificates", "inspections")
    ]
    assert t("ui.block_office_imports", "en") in [c.value for c in at.caption]
    assert t("ui.rollback_admins", "en") not in [c.value for c in at.caption]  # no version yet: nothing to roll back


def test_import_panel_confirms_applies_and_makes_a_version(store, tmp_path):
    sheet = tmp_path / "review.csv"
    sheet.write_text(
        "GP Name,As on date,Library\nKundahit,12-11-2020,opened\nKarmatanr,12-11-2020,Space identified\n",
        encoding="utf-8",
    )
    at = AppTest.from_function(import_page, args=(str(store), str(sheet)), default_timeout=30).run()
    assert not at.exception
    assert at.subheader[0].value == "Check: 0 error(s), 0 warning(s), 1 name(s) to confirm"
    assert at.warning[0].value == "Confirm or correct the names above, then apply."
    at.button(key="status:review.csv:use").click().run()
    assert not at.exception
    assert at.subheader[0].value.endswith("0 name(s) to confirm")
    at.button(key="status:review.csv:apply").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Applied as version 1")
    assert list_versions(store)["action"].tolist() == ["import status"]
    events = read_store(store).status_events.tail(2)
    assert events[["panchayat_lgd", "value"]].values.tolist() == [["P1", "opened"], ["P2", "space_identified"]]


def test_an_inspections_export_previews_applies_and_adds_nothing_the_second_time(store, tmp_path):
    from inspection_exports import odk_central_csv
    from tiny_district import east

    from geo.review.inspection_form import write_inspection_form

    form = write_inspection_form(tmp_path / "inspection.xlsx", read_store(store))
    answers = {
        "id": "uuid:1",
        "block": "B1",
        "panchayat": "P2",
        "location": (east(5).y, east(5).x, 150, 90),
        "bharatnet": "yes",
        "jharnet": "no",
        "csc_functional": "yes",
        "library": "opened",
        "inspector": "Ravi",
        "inspection_date": "2020-12-09",
    }
    export = odk_central_csv(form, tmp_path / "submissions.csv", [answers])
    at = AppTest.from_function(inspection_import_page, args=(str(store), str(export)), default_timeout=30).run()
    assert not at.exception, at.exception
    assert at.subheader[0].value == "Check: 0 error(s), 1 warning(s), 0 name(s) to confirm"
    assert at.dataframe[0].value["what to do"].tolist() == [
        "GPS accuracy 90 m is worse than 50 m; imported and flagged"
    ]
    at.button(key="inspections:submissions.csv:apply").click().run()
    assert at.success[0].value.startswith("Applied as version 1")
    assert read_store(store).status_events.tail(3)["value"].tolist() == ["online", "yes", "opened"]
    before = store.read_bytes()
    at = AppTest.from_function(inspection_import_page, args=(str(store), str(export)), default_timeout=30).run()
    assert at.info[0].value == t("ui.nothing_new", "en")
    assert not [b for b in at.button if b.key and b.key.endswith(":apply")]
    assert store.read_bytes() == before


def test_a_new_store_takes_the_district_name_typed_on_the_data_page(tmp_path):
    sheet = tmp_path / "villages.csv"
    sheet.write_text(
        "census_code,village_name,panchayat_code,wkt\n"
        'V1,Gaon,G1,"POLYGON((85.30 23.30, 85.32 23.30, 85.32 23.32, 85.30 23.32, 85.30 23.30))"\n',
        encoding="utf-8",
    )
    store = tmp_path / "new.gpkg"
    at = AppTest.from_function(village_import_page, args=(str(store), str(sheet)), default_timeout=30).run()
    at.checkbox(key="villages:villages.csv:dissolve").check().run()
    at.text_input(key="villages:villages.csv:district_name").input("Khunti").run()
    assert not at.exception
    at.button(key="villages:villages.csv:apply").click().run()
    assert not at.exception, at.exception
    data = read_store(store)
    assert data.identity.name == "Khunti" and data.district["name"].tolist() == ["Khunti"]
    assert data.villages["population"].isna().all()  # no population column: not recorded, not 0


def test_the_strict_box_refuses_what_the_import_would_repair(tmp_path):
    """Two villages sharing a 2 m strip (0.4 % of the smaller): given to the larger, unless Strict is ticked."""
    sheet = tmp_path / "villages.csv"
    sheet.write_text(
        "census_code,village_name,panchayat_code,wkt\n"
        'V1,Bada,G1,"POLYGON((85.30 23.30, 85.31 23.30, 85.31 23.31, 85.30 23.31, 85.30 23.30))"\n'
        'V2,Chhota,G1,"POLYGON((85.30998 23.30, 85.315 23.30, 85.315 23.31, 85.30998 23.31, '
        '85.30998 23.30))"\n',
        encoding="utf-8",
    )
    store = tmp_path / "new.gpkg"
    at = AppTest.from_function(village_import_page, args=(str(store), str(sheet)), default_timeout=30).run()
    at.checkbox(key="villages:villages.csv:dissolve").check().run()
    assert not at.exception and not at.error
    assert "given to V1 (Bada), the larger" in at.dataframe[0].value["what to do"].str.cat()
    assert not at.checkbox(key="villages:villages.csv:strict").value
    at.checkbox(key="villages:villages.csv:strict").check().run()
    assert at.error[0].value.startswith("The file has errors")
    assert "--strict resolves nothing" in at.dataframe[0].value["what to do"].iloc[0]
    assert not [b for b in at.button if b.key and b.key.endswith(":apply")] and not store.exists()


def test_import_panel_shows_errors_and_offers_no_apply(store, tmp_path):
    sheet = tmp_path / "bad.csv"
    sheet.write_text("panchayat_code,as_of,bharatnet\nP9,2020-11-12,<b>live</b>\n", encoding="utf-8")
    before = store.read_bytes()
    at = AppTest.from_function(import_page, args=(str(store), str(sheet)), default_timeout=30).run()
    assert not at.exception
    table = at.dataframe[0].value  # one row per kind of problem
    assert table["where"].tolist() == ["bad.csv row 2", "bad.csv row 2"] and table["count"].tolist() == [1, 1]
    assert "panchayat code 'P9' is not in the store" in table["what to do"].iloc[0]
    assert at.error[0].value.startswith("The file has errors")
    assert not [b for b in at.button if b.key and b.key.endswith(":apply")]
    assert store.read_bytes() == before


def _counting(monkeypatch, name: str) -> list:
    """Replace ``ui.data.<name>`` by a wrapper that records each call; return the record."""
    import ui.data

    calls, real = [], getattr(ui.data, name)
    monkeypatch.setattr(ui.data, name, lambda *args, **kwargs: calls.append(args) or real(*args, **kwargs))
    return calls


def test_a_rerun_does_not_read_or_check_the_same_file_again(store, tmp_path, monkeypatch):
    sheet = tmp_path / "review.csv"
    sheet.write_text("panchayat_code,as_of,bharatnet\nP1,2020-11-12,live\n", encoding="utf-8")
    reads, checks = _counting(monkeypatch, "read_table"), _counting(monkeypatch, "import_file")
    at = AppTest.from_function(import_page, args=(str(store), str(sheet)), default_timeout=30).run()
    at.run()  # what any click does
    assert not at.exception, at.exception
    assert at.subheader[0].value == "Check: 0 error(s), 0 warning(s), 0 name(s) to confirm"
    assert (len(reads), len(checks)) == (1, 1)
    at.checkbox(key="status:review.csv:skip").check().run()  # another option: checked again
    assert (len(reads), len(checks)) == (1, 2)
    sheet.write_text("panchayat_code,as_of,bharatnet\nP2,2020-11-12,live\n", encoding="utf-8")
    at.run()  # other content under the same name: read and checked again
    assert (len(reads), len(checks)) == (2, 3)
    at.button(key="status:review.csv:apply").click().run()
    assert at.success[0].value.startswith("Applied as version 1")
    at.run()  # the store changed: checked again, against the new store
    assert (len(reads), len(checks)) == (2, 4)


def test_a_file_over_the_row_limit_is_refused_once(store, tmp_path, monkeypatch):
    monkeypatch.setenv("PANCHAYAT_MAX_ROWS", "2")
    sheet = tmp_path / "review.csv"
    sheet.write_text("panchayat_code,as_of,bharatnet\n" + "P1,2020-11-12,live\n" * 3, encoding="utf-8")
    reads, checks = _counting(monkeypatch, "read_table"), _counting(monkeypatch, "import_file")
    at = AppTest.from_function(import_page, args=(str(store), str(sheet)), default_timeout=30).run()
    at.run()
    assert not at.exception, at.exception
    assert at.error[0].value.startswith(
        md(
            "review.csv has more than 2 rows (4 lines); the limit is 2 rows — split "
            "the file (e.g. one file per block), or raise the limit:"
        )
    )
    assert (len(reads), len(checks)) == (1, 0)


def test_a_wrong_row_limit_setting_is_named(store, tmp_path, monkeypatch):
    monkeypatch.setenv("PANCHAYAT_MAX_ROWS", "lots")
    sheet = tmp_path / "review.csv"
    sheet.write_text("panchayat_code,as_of,bharatnet\nP1,2020-11-12,live\n", encoding="utf-8")
    at = AppTest.from_function(import_page, args=(str(store), str(sheet)), default_timeout=30).run()
    assert not at.exception, at.exception
    assert at.error[0].value.startswith(md("PANCHAYAT_MAX_ROWS='lots': expected a whole number of rows"))


def test_status_editor_saves_and_undoes(store):
    add_editor(store, "Asha")
    at = AppTest.from_function(editor_card, args=(str(store),), default_timeout=30)
    at.session_state["editor_session"] = session_of("Asha")
    at.run()
    assert not at.exception
    at.selectbox[0].select("bharatnet").run()
    at.selectbox[1].select("live")
    at.text_area[0].input("checked on site")
    at.button(key="save_P2_bharatnet").click().run()
    assert not at.exception
    assert at.success[0].value == "Saved as event 8."
    events = read_store(store, private=True).status_events.set_index("event_id")
    assert (events.loc[8, "value"], events.loc[8, "recorded_by"], events.loc[8, "remark"]) == (
        "live",
        "Asha",
        "checked on site",
    )
    at.button(key="undo_8").click().run()
    assert not at.exception
    events = read_store(store).status_events.set_index("event_id")
    assert events.loc[9, "value"] == "cable_laid" and events.loc[9, "source"] == "undo"


# --- the Data page as registered in app.py ------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def app_store(demo_copy: Path, monkeypatch) -> Path:
    """A copy of the DEMO store, named by $PANCHAYAT_STORE, with the accounts "Asha" (admin) and "आशा" (editor)."""
    from ui.common import STORE_ENV

    monkeypatch.setenv(STORE_ENV, str(demo_copy))
    add_editor(demo_copy, "Asha", role="admin")
    add_editor(demo_copy, "आशा")
    return demo_copy


def data_page_in_app(*, lang: str = "en", editor: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    if editor is not None:
        at.session_state["editor_session"] = session_of(editor)
    at.run()
    at.switch_page("ui/data.py").run()
    assert not at.exception, at.exception
    return at


def test_data_page_is_registered_after_the_planner():
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page"
    ]
    assert pages == ["ui/review.py", "ui/planner.py", "ui/data.py", "ui/public.py"]


def test_data_page_signed_out_shows_only_the_sign_in(app_store):
    at = data_page_in_app()
    assert at.title[0].value == "Data — import, history, rollback"
    assert len(at.file_uploader) == 0 and len(at.tabs) == 0
    assert [t.label for t in at.text_input] == ["Account name", "Password"]
    assert at.text_input(key="editor_login_password").proto.type == at.text_input[1].proto.PASSWORD


def test_data_page_refuses_a_wrong_password_and_accepts_the_right_one(app_store):
    at = data_page_in_app()
    at.text_input(key="editor_login_name").input("Asha")
    at.text_input(key="editor_login_password").input("not-the-password")
    at.button(key="editor_login_submit").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("ui.sign_in_not_recognised", "en")]
    assert "editor_session" not in at.session_state and len(at.file_uploader) == 0
    at.text_input(key="editor_login_password").input(PASSWORD)
    at.button(key="editor_login_submit").click().run()
    assert not at.exception
    assert at.session_state["editor_session"]["name"] == "Asha"
    assert at.file_uploader[0].label == "File"
    assert "Signed in as **Asha** (administrator)" in [c.value for c in at.caption]
    at.button(key="editor_logout").click().run()
    assert "editor_session" not in at.session_state and len(at.file_uploader) == 0


def test_data_page_locks_a_name_after_five_failures(app_store):
    at = data_page_in_app()
    for _ in range(5):
        at.text_input(key="editor_login_name").input("Asha")
        at.text_input(key="editor_login_password").input("not-the-password")
        at.button(key="editor_login_submit").click().run()
    at.text_input(key="editor_login_password").input(PASSWORD)  # right, but the name is locked now
    at.button(key="editor_login_submit").click().run()
    assert not at.exception
    assert at.error[0].value.startswith("Too many failed attempts for this name: it is locked for 15 more minute(s)")
    assert "editor_session" not in at.session_state


def test_an_idle_session_is_signed_out(app_store):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["editor_session"] = {"name": "Asha", "last_seen": dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)}
    at.run()
    at.switch_page("ui/data.py").run()
    assert "editor_session" not in at.session_state and len(at.file_uploader) == 0
    assert at.info[0].value == "You were signed out after 30 minutes without activity; sign in again."


def test_data_page_in_hindi(app_store):
    signed_out = data_page_in_app(lang="hi")
    assert signed_out.title[0].value == "डेटा — आयात, इतिहास, पूर्व स्थिति"
    assert [t.label for t in signed_out.text_input] == ["खाते का नाम", "पासवर्ड"]
    assert signed_out.button(key="editor_login_submit").label == "साइन इन करें"

    at = data_page_in_app(lang="hi", editor="आशा")
    assert [tab.label for tab in at.tabs] == ["फ़ाइल आयात करें", "संस्करण"]
    assert at.file_uploader[0].label == "फ़ाइल"
    assert at.selectbox(key="data_kind_hi").label == "फ़ाइल में क्या है"
    assert at.selectbox(key="data_kind_hi").options[3].startswith("समीक्षा पत्रक")
    assert at.info[0].value == t("ui.upload_hint", "hi")
    assert t("ui.no_versions", "hi") in [i.value for i in at.info]
    assert at.button(key="editor_logout").label == "साइन आउट"


def test_hindi_import_panel(store, tmp_path):
    sheet = tmp_path / "review.csv"
    sheet.write_text("GP Name,As on date,Library\nKundahit,12-11-2020,opened\n", encoding="utf-8")

    def page(store: str, source: str) -> None:
        from pathlib import Path

        import streamlit as st

        from ui.data import import_panel

        st.session_state["lang"] = "hi"
        import_panel(Path(store), Path(source), user="tester", kind="status")

    at = AppTest.from_function(page, args=(str(store), str(sheet)), default_timeout=30).run()
    assert not at.exception
    assert at.subheader[0].value == "जाँच: 0 त्रुटि, 0 चेतावनी, पुष्टि हेतु 1 नाम"
    assert at.warning[0].value == t("ui.confirm_first", "hi")
    assert at.button(key="status:review.csv:use").label == "ये मिलान अपनाएँ"
    assert at.expander[0].label == "कॉलम और विकल्प"


def test_an_uploaded_file_keeps_its_hindi_name_without_its_folders():
    from ui.data import _safe_name

    assert _safe_name("C:\\fakepath\\जामताड़ा गाँव.csv") == "जामताड़ा_गाँव.csv"
    assert _safe_name("../../etc/passwd") == "passwd"
    assert _safe_name("...") == "upload"


def test_a_review_sheet_without_a_date_waits_for_the_date_entered(store, tmp_path):
    sheet = tmp_path / "review.csv"
    sheet.write_text("GP Name,BharatNet\nKundhit,service ready\nKarmatanr,live\n", encoding="utf-8")
    before = store.read_bytes()
    at = AppTest.from_function(import_page, args=(str(store), str(sheet)), default_timeout=30).run()
    assert not at.exception, at.exception
    date = at.date_input(key="status:review.csv:as_of")
    assert date.value is None and date.label == t("ui.sheet_as_of", "en")  # empty: never today by default
    assert at.warning[0].value == t("ui.sheet_as_of_needed", "en")
    assert "has no date column" in at.dataframe[0].value["what to do"].iloc[0]
    assert not [b for b in at.button if b.key and b.key.endswith(":apply")]
    date.set_value(dt.date(2020, 11, 20)).run()
    assert not at.exception, at.exception
    assert at.subheader[0].value == "Check: 0 error(s), 0 warning(s), 0 name(s) to confirm"
    assert "dated 20 Nov 2020, the date given for the sheet: 2 row(s) without a date of their own" in at.text[0].value
    assert store.read_bytes() == before
    at.button(key="status:review.csv:apply").click().run()
    assert at.success[0].value.startswith("Applied as version 1")
    events = read_store(store).status_events.tail(2)
    assert events[["panchayat_lgd", "value", "as_of"]].values.tolist() == [
        ["P1", "service_ready", "2020-11-20"],
        ["P2", "live", "2020-11-20"],
    ]


def test_a_review_sheet_with_its_dates_says_where_they_come_from_and_adds_nothing_twice(store, tmp_path):
    sheet = tmp_path / "review.csv"
    sheet.write_text("GP Name,Status as on,BharatNet\nKundhit,20.11.2020,service ready\n", encoding="utf-8")
    at = AppTest.from_function(import_page, args=(str(store), str(sheet)), default_timeout=30).run()
    assert not at.exception, at.exception
    assert t("ui.sheet_as_of_column", "en").format(column=md("Status as on")) in [c.value for c in at.caption]
    assert not at.warning
    assert "dated from column 'Status as on': 20 Nov 2020 (1 row(s))" in at.text[0].value
    at.button(key="status:review.csv:apply").click().run()
    assert at.success[0].value.startswith("Applied as version 1")
    before = store.read_bytes()
    at = AppTest.from_function(import_page, args=(str(store), str(sheet)), default_timeout=30).run()
    assert "already recorded: 1 " in at.text[0].value
    assert at.info[0].value == t("ui.nothing_new", "en")
    assert not [b for b in at.button if b.key and b.key.endswith(":apply")]
    assert store.read_bytes() == before
