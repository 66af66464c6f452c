from __future__ import annotations

import os
import shutil

import pyogrio
import pytest

from geo.storage.accounts import SignInRefused, add_account, sign_in
from geo.storage.edits import record_status
from geo.storage.store import DEMO_STORE
from ui.common import STORE_ENV, md, store_key, store_path


def test_store_path_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "mine.gpkg"))
    assert store_path(working=tmp_path / "never.gpkg") == tmp_path / "mine.gpkg"
    assert not (tmp_path / "never.gpkg").exists()


def test_store_path_copies_the_demo_once_and_never_touches_it(monkeypatch, tmp_path):
    monkeypatch.delenv(STORE_ENV, raising=False)
    demo_before = (DEMO_STORE.read_bytes(), DEMO_STORE.stat().st_mtime_ns)
    working = tmp_path / "var" / "store.gpkg"
    assert store_path(working=working) == working
    assert working.read_bytes() == demo_before[0]
    working.write_bytes(b"edited")  # a second call keeps the working copy as it is
    assert store_path(working=working).read_bytes() == b"edited"
    assert (DEMO_STORE.read_bytes(), DEMO_STORE.stat().st_mtime_ns) == demo_before
    assert sorted(p.name for p in working.parent.iterdir()) == ["store.gpkg"]


def test_store_key_changes_when_the_data_is_written_and_not_when_someone_signs_in(demo_copy):
    first = store_key(demo_copy)
    assert first[0] == str(demo_copy.resolve()) and first[3] == ""
    add_account(demo_copy, "Asha", role="editor", password="secret-pass-1", created_by="test")
    with pytest.raises(SignInRefused):
        sign_in(demo_copy, "Asha", "wrong-password")
    sign_in(demo_copy, "Asha", "secret-pass-1")
    assert store_key(demo_copy) == first  # account rows are not the data: every cached analysis stays

    record_status(demo_copy, "990102", "library", "opened", as_of="2020-12-10", user="Asha")
    edited = store_key(demo_copy)
    assert edited[1] == first[1] + 1 and edited[2] == first[2]

    one = pyogrio.read_dataframe(demo_copy, layer="service_points", max_features=1)
    pyogrio.write_dataframe(one, demo_copy, layer="service_points", append=True)  # as QGIS edits, through GDAL
    in_qgis = store_key(demo_copy)
    assert in_qgis[1] == edited[1] and in_qgis[2] != edited[2]

    replaced = demo_copy.with_name("other.gpkg")
    shutil.copyfile(DEMO_STORE, replaced)
    os.replace(replaced, demo_copy)  # another file at the same path, same revision as the first
    assert store_key(demo_copy)[1] == first[1] and store_key(demo_copy)[2] != first[2]
    assert store_key(demo_copy, "9901")[3] == "9901"


def test_upload_limit_matches_the_importer():
    import tomllib
    from pathlib import Path

    from geo.importing.readers import MAX_FILE_BYTES

    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_FILE_BYTES


def test_md_shows_user_text_as_written():
    assert md("$x^2$ *GP* [a](javascript:x) <b> \\ {{7*7}}") == (
        "\\$x\\^2\\$ \\*GP\\* \\[a\\]\\(javascript\\:\u2060x\\) \\<b\\> \\\\ \\{\\{7\\*7\\}\\}"
    )
    assert md(":red[Nala] :smile:") == "\\:\u2060red\\[Nala\\] \\:\u2060smile\\:\u2060"  # no colour, no icon
    assert md("Nala GP 07") == "Nala GP 07"
    assert md("\u202eNala") == "\u2068\u202eNala\u2069"
