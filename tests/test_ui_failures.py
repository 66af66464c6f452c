"""The faces under attack: a page that fails says so in English and Hindi, never shows a traceback or a path."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest
from markdown_text import as_shown
from streamlit import config
from streamlit.testing.v1 import AppTest

from geo.storage.store import STORE_ENV
from geo.text import t

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 60


def errors_of(at: AppTest) -> list[str]:
    """The error messages as the reader sees them (user text inside is escaped Markdown)."""
    return [as_shown(element.value) for element in at.error]


def test_streamlit_never_shows_error_details():
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = settings["client"]["showErrorDetails"]
    assert value == "none"
    assert config.ShowErrorDetailsConfigOptions(value) is config.ShowErrorDetailsConfigOptions.NONE


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_a_page_that_fails_says_what_happened_and_logs_the_traceback(lang, monkeypatch, caplog):
    def broken(*_: object, **__: object) -> None:
        raise KeyError("/srv/secret/path.gpkg")

    monkeypatch.setattr("ui.common.load_summary", broken)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    at.session_state["lang"] = lang
    with caplog.at_level(logging.ERROR, logger="ui.common"):
        at.run()
    assert not at.exception
    (message,) = errors_of(at)
    head = t("ui.failure_unexpected", lang).split("{time}")
    assert message.startswith(head[0]) and head[1][:40] in message
    assert "/srv/secret" not in message and "KeyError" not in message
    (record,) = [r for r in caplog.records if r.name == "ui.common"]
    assert record.exc_info[0] is KeyError and "/srv/secret/path.gpkg" in record.getMessage()


def test_a_store_that_is_not_a_geopackage_names_the_store_and_check(monkeypatch, tmp_path):
    store = tmp_path / "store.gpkg"
    store.write_text("district,blocks\nJamtara,6\n", encoding="utf-8")
    monkeypatch.setenv(STORE_ENV, str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S).run()
    assert not at.exception
    assert errors_of(at) == [
        f"The store {store} is damaged (the file is not a GeoPackage (not an SQLite database at all)), so it cannot "
        f"be read. Nothing was changed. Ask the administrator to run `python -m geo check --store` {store}: it says "
        "how to get back to the last good version."
    ]
    assert len(at.metric) == 0


def test_a_truncated_store_in_hindi(monkeypatch, tmp_path, demo_copy):
    raw = demo_copy.read_bytes()
    demo_copy.write_bytes(raw[: len(raw) // 2])
    monkeypatch.setenv(STORE_ENV, str(demo_copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    at.session_state["lang"] = "hi"
    at.run()
    assert not at.exception
    (message,) = errors_of(at)
    assert message.startswith(f"डेटा भंडार {demo_copy} क्षतिग्रस्त है (the file cannot be read by SQLite")
    assert f"`python -m geo check --store` {demo_copy}" in message


def test_a_missing_store_names_the_store_and_check(monkeypatch, tmp_path):
    store = tmp_path / "nowhere.gpkg"
    monkeypatch.setenv(STORE_ENV, str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S).run()
    assert not at.exception
    assert errors_of(at) == [t("ui.failure_missing", "en").format(store=store)]


def test_the_public_app_shows_no_path_of_the_server(monkeypatch, tmp_path):
    store = tmp_path / "store.gpkg"
    store.write_bytes(b"\0" * 4096)
    monkeypatch.setenv(STORE_ENV, str(store))
    at = AppTest.from_file(str(ROOT / "public_app.py"), default_timeout=TIMEOUT_S).run()
    assert not at.exception
    (message,) = errors_of(at)
    assert message.startswith("The map cannot be shown right now (at ") and message.endswith(
        " UTC). Nothing was changed. Please try again later."
    )
    assert str(tmp_path) not in message


def history_page(store: str) -> None:
    from pathlib import Path

    from ui.data import history_panel

    history_panel(Path(store), user="tester")


def test_the_data_page_checks_a_snapshot_before_a_rollback(tmp_path):
    from earlier_release import as_earlier_release
    from tiny_district import tiny_store

    from geo.importing import apply_import, import_status
    from geo.storage.store import read_store, write_store
    from geo.storage.versions import list_versions, versions_dir

    store = tmp_path / "tiny.gpkg"
    write_store(store, tiny_store())
    sheet = tmp_path / "status.csv"
    sheet.write_text("panchayat_code,as_of,library\nP2,2020-12-20,opened\n", encoding="utf-8")
    apply_import(store, import_status(read_store(store, private=True), sheet), user="dio")
    as_earlier_release(store)  # a store whose versions an earlier release kept as full copies
    snapshot = versions_dir(store) / "v0001.gpkg"
    snapshot.unlink()
    before = store.read_bytes()
    at = AppTest.from_function(history_page, args=(str(store),), default_timeout=TIMEOUT_S).run()
    at.checkbox(key="history_sure").check().run()
    at.button(key="history_rollback").click().run()
    assert not at.exception
    assert errors_of(at) == [
        f"the snapshot of version 1 ({snapshot}) is missing, so the store cannot be restored to before version 1; "
        f"nothing was changed — no other version can be restored either (`python -m geo check --store {store}`)"
    ]
    assert store.read_bytes() == before and len(list_versions(store)) == 1


@pytest.mark.parametrize("app", ["app.py", "public_app.py"])
def test_an_unreachable_server_store_is_one_sentence_without_its_password(app, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # a URL taken for a relative path would create files here
    monkeypatch.setenv(STORE_ENV, "postgresql://panchayat:s3cret@127.0.0.1:1/panchayat")
    at = AppTest.from_file(str(ROOT / app), default_timeout=TIMEOUT_S).run()
    assert not at.exception
    shown = " ".join(errors_of(at))
    assert "s3cret" not in shown and list(tmp_path.iterdir()) == []
    if app == "app.py":
        assert shown.startswith(
            "cannot connect to the PostGIS server of postgresql://panchayat:***@127.0.0.1:1/panchayat"
        )
        assert shown.endswith("nothing was read or written — start it (bash scripts/db.sh) or correct the URL")
    else:  # the public face says no more than that it failed
        assert shown.startswith(t("ui.failure_public", "en").split("{time}")[0])
