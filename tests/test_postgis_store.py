"""The PostGIS store and ``python -m geo copy``: a store goes to the server and back without losing a byte.

Every test but the unreachable server's needs the session's PostGIS database (``postgis_url``,
tests/postgis.py); each works in a schema of its own (``?schema=NAME``), so they share it safely.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from earlier_release import as_earlier_release
from geopandas.testing import assert_geodataframe_equal
from tiny_district import tiny_store

from cli import main
from geo.errors import StoreError
from geo.storage import postgis
from geo.storage.accounts import add_account, list_accounts, sign_in
from geo.storage.postgis import (
    COPIED_STATE,
    copy_store,
    read_extras,
    read_postgis,
    shown_url,
    write_postgis,
)
from geo.storage.schema import LAYERS, PRIVATE_FIELDS
from geo.storage.store import DEMO_STORE, StoreData, conform, exclusive, read_store, write_store
from geo.storage.versions import list_versions, recording_version, versions_dir

#: Names that would be code, markup or a formula anywhere text were not data, and Devanagari.
HOSTILE = {
    "template": "{{7*7}}",
    "script": "</script><script>alert(1)</script>",
    "formula": '=HYPERLINK("http://evil.example","click")',
    "quote": "O'Brien \"GP\" ' ; DROP TABLE villages; --",
    "devanagari": "जामताड़ा नाला ग्राम पंचायत",
}
PASSWORD = "a long enough password"


@pytest.fixture
def store_url(postgis_url: str) -> str:
    """A store URL of this test's own (a fresh schema in the session's database)."""
    return f"{postgis_url}{'&' if '?' in postgis_url else '?'}schema=t_{uuid.uuid4().hex[:12]}"


def assert_same_store(expected: StoreData, actual: StoreData) -> None:
    """Every layer equal (values, dtypes, order; geometry byte for byte as WKB) and meta equal."""
    assert actual.meta == expected.meta
    for name in LAYERS:
        if name == "meta":
            continue
        left, right = expected.layer(name), actual.layer(name)
        if isinstance(left, gpd.GeoDataFrame):
            assert_geodataframe_equal(left, right, check_dtype=True, check_less_precise=False)
            assert list(shapely.to_wkb(left.geometry.to_numpy())) == list(shapely.to_wkb(right.geometry.to_numpy()))
        else:
            pd.testing.assert_frame_equal(left, right, check_dtype=True, check_exact=True)


def hostile_store() -> StoreData:
    """The tiny district with the hostile names as its panchayats', villages', meta's and a remark."""
    tiny = tiny_store()
    names = list(HOSTILE.values())
    villages = tiny.villages.assign(name=names[:4], name_hi=[names[4]] * 4)
    panchayats = tiny.panchayats.assign(name=names[:2], name_hi=names[3:5])
    events = tiny.status_events.assign(remark=names[2], recorded_by=names[3])
    meta = {**tiny.meta, "dataset_name": HOSTILE["template"] + HOSTILE["quote"], "district_name_hi": names[4]}
    return StoreData(
        **{**tiny.__dict__, "meta": meta, "villages": villages, "panchayats": panchayats, "status_events": events}
    )


def test_demo_round_trip_gpkg_postgis_gpkg_loses_nothing(store_url, tmp_path, demo_private):
    copy_store(str(DEMO_STORE), store_url, user="dio")
    assert_same_store(demo_private, read_postgis(store_url, private=True))
    back = tmp_path / "back.gpkg"
    report = copy_store(store_url, str(back), user="dio")
    assert_same_store(demo_private, read_store(back, private=True))
    assert report.rows["villages"] == 1100 and report.rows["panchayats"] == 118 and report.rows["meta"] == 13
    # both copies are in the history, by whom, each a version of its own
    log = list_versions(back)
    assert log["version"].tolist() == [1, 2]
    assert log["who"].tolist() == ["dio", "dio"]
    assert log["state"].tolist() == [COPIED_STATE, COPIED_STATE]
    assert log["action"].tolist() == [f"copy from {DEMO_STORE}", f"copy from {shown_url(store_url)}"]


def test_public_read_leaves_out_private_columns(store_url, demo):
    write_postgis(store_url, read_store(DEMO_STORE, private=True))
    public = read_postgis(store_url)
    for name, columns in PRIVATE_FIELDS.items():
        assert not set(columns) & set(public.layer(name).columns), name
    assert public.service_private.empty
    assert_same_store(demo, public)


def test_hostile_names_come_back_byte_identical(store_url, tmp_path):
    hostile = hostile_store()
    write_postgis(store_url, hostile)
    back = read_postgis(store_url, private=True)
    assert [n.encode() for n in back.panchayats["name"]] == [HOSTILE["template"].encode(), HOSTILE["script"].encode()]
    assert back.villages["name"].tolist() == list(HOSTILE.values())[:4]
    assert set(back.status_events["remark"]) == {HOSTILE["formula"]}
    assert back.meta["dataset_name"] == "{{7*7}}O'Brien \"GP\" ' ; DROP TABLE villages; --"
    assert_same_store(read_store(_written(tmp_path / "hostile.gpkg", hostile), private=True), back)
    # and on to a GeoPackage: the same bytes again
    copy_store(store_url, str(tmp_path / "again.gpkg"), user="dio")
    assert_same_store(back, read_store(tmp_path / "again.gpkg", private=True))


def _written(path: Path, data: StoreData) -> Path:
    write_store(path, data)
    return path


def test_a_write_failing_midway_leaves_the_database_as_it_was(store_url):
    before = tiny_store()
    first = write_postgis(store_url, before)
    assert first == 1
    broken = before.villages.copy()
    broken["census_code"] = ["V1", "V2", "V3", "V1"]  # the key twice: refused when the villages are loaded
    renamed = before.panchayats.assign(name=["changed", "changed too"])  # written before the villages
    bad = StoreData(**{**before.__dict__, "panchayats": renamed, "villages": conform("villages", broken)})
    with pytest.raises(StoreError, match=r"could not be written in table villages .*nothing was changed"):
        write_postgis(store_url, bad)
    after = read_postgis(store_url, private=True)
    assert after.revision == 1
    assert after.panchayats["name"].tolist() == ["West GP", "East GP"]
    assert after.villages["census_code"].tolist() == ["V1", "V2", "V3", "V4"]


def test_copy_refuses_a_store_already_there_unless_replace(store_url, tmp_path, capsys):
    tiny = _written(tmp_path / "tiny.gpkg", tiny_store())
    assert main(["copy", "--from", str(tiny), "--to", store_url, "--user", "dio"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^  villages +4$", out, re.MULTILINE)

    assert main(["copy", "--from", str(DEMO_STORE), "--to", store_url]) == 2
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "Traceback" not in err
    assert errors[0] == (
        f"error: {shown_url(store_url)} already holds a store; nothing was copied — add --replace to write "
        "over it (its content is lost), or choose another target"
    )
    assert len(read_postgis(store_url).villages) == 4  # still the tiny district

    assert main(["copy", "--from", str(DEMO_STORE), "--to", store_url, "--replace", "--user", "dio"]) == 0
    assert len(read_postgis(store_url).villages) == 1100
    assert read_postgis(store_url).revision == 2


def test_copy_refuses_a_geopackage_already_there(tmp_path, capsys):
    target = _written(tmp_path / "tiny.gpkg", tiny_store())
    before = target.read_bytes()
    assert main(["copy", "--from", str(DEMO_STORE), "--to", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"error: {target} already holds a store; nothing was copied — add --replace" in err
    assert target.read_bytes() == before


def test_copy_carries_the_history_and_accounts(store_url, tmp_path, capsys):
    source = _written(tmp_path / "source.gpkg", tiny_store())
    add_account(source, "Mina Devi", role="editor", password=PASSWORD, blocks=["B1"], created_by="admin")
    with exclusive(source) as lock, recording_version(source, action="import villages", user="dio", lock=lock):
        write_store(source, tiny_store(), lock=lock)
    assert main(["copy", "--from", str(source), "--to", store_url, "--user", "asha"]) == 0
    out = capsys.readouterr().out
    assert "not copied: the snapshots" not in out  # a version keeps its changed rows, and they travel with the copy
    assert len(read_extras(store_url).changes) == len(read_extras(source).changes) > 0
    back = tmp_path / "back.gpkg"
    assert main(["copy", "--from", store_url, "--to", str(back), "--user", "ravi"]) == 0

    log = list_versions(back)
    assert log["version"].tolist() == [1, 2, 3]
    assert log["who"].tolist() == ["dio", "asha", "ravi"]
    assert log["action"].tolist()[0] == "import villages"
    pd.testing.assert_frame_equal(list_versions(source), log.iloc[:1])
    pd.testing.assert_frame_equal(list_accounts(source), list_accounts(back))
    assert sign_in(back, "Mina Devi", PASSWORD).blocks == ("B1",)  # the password hash came along
    assert len(read_extras(store_url).accounts) == 1


def test_reading_where_no_store_is_says_so(store_url):
    with pytest.raises(StoreError, match=r"holds no store; copy one there with `python -m geo copy"):
        read_postgis(store_url)


def test_a_schema_that_is_not_a_plain_name_is_refused(postgis_url):
    with pytest.raises(StoreError, match=r"schema 'x\"; DROP SCHEMA public; --' .* is not a plain name"):
        read_postgis(f'{postgis_url}?schema=x"; DROP SCHEMA public; --')


def test_an_unreachable_server_is_one_sentence(capsys):
    url = "postgresql://panchayat:s3cret-word@127.0.0.1:1/nowhere"
    assert main(["copy", "--from", str(DEMO_STORE), "--to", url]) == 2
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "Traceback" not in err
    assert errors[0].startswith(
        "error: cannot connect to the PostGIS server of postgresql://panchayat:***@127.0.0.1:1/nowhere ("
    )
    assert errors[0].endswith("); nothing was read or written — start it (bash scripts/db.sh) or correct the URL")
    assert "s3cret-word" not in err


def test_replacing_a_geopackage_moves_its_own_snapshots_aside(store_url, tmp_path, capsys):
    write_postgis(store_url, tiny_store())
    target = _written(tmp_path / "target.gpkg", read_store(DEMO_STORE, private=True))
    with exclusive(target) as lock, recording_version(target, action="import villages", user="dio", lock=lock):
        write_store(target, read_store(target, private=True), lock=lock)
    as_earlier_release(target)  # its versions kept as full copies, as releases before issue 25 left them
    assert versions_dir(target).joinpath("v0001.gpkg").is_file()

    assert main(["copy", "--from", store_url, "--to", str(target), "--replace", "--user", "asha"]) == 0
    out = capsys.readouterr().out
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("target.gpkg.versions.before-copy-")]
    assert len(aside) == 1 and (aside[0] / "v0001.gpkg").is_file()
    assert f"the replaced store's own snapshots were moved to {aside[0]}" in out
    assert not versions_dir(target).exists()
    assert not Path(f"{target}-wal").exists()
    assert_same_store(read_postgis(store_url, private=True), read_store(target, private=True))
    assert list_versions(target)["who"].tolist() == ["asha"]


def test_a_copy_failing_midway_leaves_a_geopackage_as_it_was(store_url, tmp_path, monkeypatch):
    write_postgis(store_url, read_store(DEMO_STORE, private=True))
    target = _written(tmp_path / "target.gpkg", tiny_store())
    before = target.read_bytes()

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(postgis, "_write_extra_sqlite", full_disk)  # after the layers, before the rename
    with pytest.raises(OSError, match="No space left"):
        copy_store(store_url, str(target), user="dio", replace=True)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target.gpkg", "target.gpkg.lock"]
