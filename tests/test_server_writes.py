"""Many writers of one PostGIS store at once: nothing lost, every change in the history, nobody waits needlessly.

A store of 8 blocks (two 10 km square panchayats each, side by side along 23.95 N) is
written to a schema of its own in the session's PostGIS database (``postgis_url``,
tests/postgis.py). Editors record status through :func:`geo.storage.edits.record_status`
(what the app calls); imports go through :func:`geo.importing.apply_import`, as the command
line and the Data page do.
"""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import geopandas as gpd
import pandas as pd
import psycopg
import pytest
from geopandas.testing import assert_geodataframe_equal
from postgis import new_schema
from processes import writers
from pyproj import Geod
from shapely.geometry import Point
from tiny_district import squares_east, store_of

from cli import main
from geo.errors import GeoInputError, StoreError
from geo.importing import apply_import, import_file
from geo.storage.edits import record_status, undo_event
from geo.storage.postgis import store_target
from geo.storage.store import (
    WAITING_MESSAGE,
    StoreData,
    conform,
    exclusive,
    read_store,
    store_revision,
    write_store,
)
from geo.storage.versions import list_versions, recording_version, rollback

BLOCKS = 8
ROUNDS = 10
PER_SHEET = 2
ORIGIN = (86.0, 23.95)
GEOD = Geod(ellps="WGS84")


def east(km: float, north_km: float = 0.0) -> Point:
    """The point ``km`` east (and ``north_km`` north) of the origin, on the ellipsoid."""
    lon, lat, _ = GEOD.fwd(*ORIGIN, 90.0, km * 1000)
    if north_km:
        lon, lat, _ = GEOD.fwd(lon, lat, 0.0, north_km * 1000)
    return Point(lon, lat)


def eight_blocks() -> StoreData:
    """Panchayats P01..P16 (10 km squares west to east), two per block B1..B8, one village in each."""
    squares = squares_east(ORIGIN, 0, 2 * BLOCKS)
    codes = [f"P{i + 1:02d}" for i in range(2 * BLOCKS)]
    block_of = [f"B{i // 2 + 1}" for i in range(2 * BLOCKS)]
    panchayats = gpd.GeoDataFrame(
        {
            "lgd_code": codes,
            "name": [f"GP {c}" for c in codes],
            "name_hi": "",
            "block_lgd": block_of,
            "bhawan_lon": None,
            "bhawan_lat": None,
        },
        geometry=list(squares),
        crs=4326,
    )
    blocks = gpd.GeoDataFrame(
        {
            "lgd_code": [f"B{b + 1}" for b in range(BLOCKS)],
            "name": [f"Block {b + 1}" for b in range(BLOCKS)],
            "name_hi": "",
            "hq_lon": None,
            "hq_lat": None,
        },
        geometry=[squares.iloc[2 * b : 2 * b + 2].union_all() for b in range(BLOCKS)],
        crs=4326,
    )
    district = gpd.GeoDataFrame(
        {"lgd_code": ["D8"], "name": ["Eight"], "name_hi": [""]}, geometry=[squares.union_all()], crs=4326
    )
    villages = gpd.GeoDataFrame(
        {
            "census_code": [f"V{c}" for c in codes],
            "name": [f"village {c}" for c in codes],
            "name_hi": "",
            "panchayat_lgd": codes,
            "population": 500,
        },
        geometry=[squares.iloc[i].centroid for i in range(2 * BLOCKS)],
        crs=4326,
    )
    return store_of("eight blocks", district=district, blocks=blocks, panchayats=panchayats, villages=villages)


@pytest.fixture
def url(postgis_url: str) -> str:
    """The eight-block store in a fresh schema of the session's database."""
    from geo.storage.postgis import write_postgis

    store = new_schema(postgis_url, "w")
    write_postgis(store, eight_blocks())
    return store


def csc_sheet(folder: Path, who: str, round_: int) -> Path:
    """PER_SHEET new CSCs ``<who>-<round>-<n>``, inside panchayat P01 (1–4 km east of the origin)."""
    lines = ["id,name,lat,lon"]
    for n in range(PER_SHEET):
        point = east(1 + n + 0.1 * round_, north_km=1 if who == "b" else -1)
        lines.append(f"{who}-{round_}-{n},CSC {who} {round_}.{n},{point.y},{point.x}")
    path = folder / f"csc_{who}_{round_}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _editor(url: str, block: int, barrier: multiprocessing.Barrier) -> None:
    """ROUNDS status records for the first panchayat of block ``block``, one per round, as that block's office."""
    values = ("not_started", "cable_laid", "service_ready", "live")
    code = f"P{2 * block - 1:02d}"
    for round_ in range(ROUNDS):
        barrier.wait()
        record_status(
            url, code, "bharatnet", values[round_ % 4], as_of="2020-12-10", user=f"block{block}", blocks={f"B{block}"}
        )


def _importer(url: str, folder: str, who: str, barrier: multiprocessing.Barrier) -> None:
    """ROUNDS CSC imports, each checked against the store at the same moment as every other writer starts."""
    for round_ in range(ROUNDS):
        barrier.wait()
        sheet = csc_sheet(Path(folder), who, round_)
        result = import_file("services", read_store(url, private=True), sheet, kind="csc")
        assert result.ok, result.text()
        apply_import(url, result, user=f"importer-{who}")


def test_eight_editors_and_two_importers_at_once_lose_nothing(url, tmp_path):
    before = store_revision(url)
    context = writers()
    barrier = context.Barrier(BLOCKS + 2)
    workers = [context.Process(target=_editor, args=(url, b, barrier)) for b in range(1, BLOCKS + 1)]
    workers += [context.Process(target=_importer, args=(url, str(tmp_path), who, barrier)) for who in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=600)
    assert [w.exitcode for w in workers] == [0] * len(workers)

    data = read_store(url, private=True)
    events = data.status_events
    assert len(events) == BLOCKS * ROUNDS and events["event_id"].is_unique
    assert sorted(events["event_id"]) == list(range(1, BLOCKS * ROUNDS + 1))
    per_editor = events.groupby("recorded_by")["panchayat_lgd"].agg(["count", "unique"])
    assert per_editor["count"].to_dict() == {f"block{b}": ROUNDS for b in range(1, BLOCKS + 1)}
    assert {b: list(u) for b, u in per_editor["unique"].items()} == {
        f"block{b}": [f"P{2 * b - 1:02d}"] for b in range(1, BLOCKS + 1)
    }
    ids = set(data.service_points["id"])
    assert ids == {f"{who}-{r}-{n}" for who in ("a", "b") for r in range(ROUNDS) for n in range(PER_SHEET)}
    log = list_versions(url)
    assert log["version"].tolist() == list(range(1, 2 * ROUNDS + 1))
    assert set(log["state"]) == {"applied"}
    assert log["who"].value_counts().to_dict() == {"importer-a": ROUNDS, "importer-b": ROUNDS}
    assert store_revision(url) == before + BLOCKS * ROUNDS + 2 * ROUNDS  # every write counted once


def _holding(url: str, **locks: object) -> tuple[threading.Event, threading.Event, threading.Thread]:
    """A thread holding a write transaction with ``locks`` until the second event is set."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with exclusive(url, **locks):
            held.set()
            release.wait(60)

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(30)
    return held, release, thread


def _recording(url: str, code: str, finished: list[int]) -> threading.Thread:
    thread = threading.Thread(
        target=lambda: finished.append(record_status(url, code, "library", "opened", as_of="2020-12-10", user="e"))
    )
    thread.start()
    return thread


def test_an_editor_does_not_wait_for_an_import_of_another_layer(url):
    _, release, holder = _holding(url, writes=("service_points", "service_private"), reads=("panchayats",))
    finished: list[int] = []
    editor = _recording(url, "P03", finished)
    editor.join(20)
    release.set()
    holder.join()
    assert finished == [1]  # written while the import's transaction was still open


def test_an_editor_waits_for_an_import_of_panchayats_and_then_writes(url):
    _, release, holder = _holding(url, writes=("panchayats",))
    finished: list[int] = []
    editor = _recording(url, "P03", finished)
    editor.join(1.5)
    assert finished == []  # the panchayats it checks against are being replaced
    release.set()
    holder.join()
    editor.join(20)
    assert finished == [1]


def test_two_editors_do_not_wait_for_each_other(url):
    _, release, holder = _holding(url, writes=(), reads=("panchayats",))  # an editor in the middle of a save
    finished: list[int] = []
    editor = _recording(url, "P05", finished)
    editor.join(20)
    release.set()
    holder.join()
    assert finished == [1]


def test_a_second_import_of_one_layer_waits_says_so_and_is_checked_again(url, tmp_path):
    first = import_file("services", read_store(url, private=True), csc_sheet(tmp_path, "a", 0), kind="csc")
    second = import_file("services", read_store(url, private=True), csc_sheet(tmp_path, "b", 0), kind="csc")
    _, release, holder = _holding(url, writes=("service_points", "service_private"))
    threading.Timer(0.5, release.set).start()
    told: list[str] = []
    apply_import(url, first, user="dio", on_wait=told.append)
    holder.join()
    apply_import(url, second, user="dio")  # checked before the first was written: checked again, both kept
    assert told == [WAITING_MESSAGE]
    assert set(read_store(url).service_points["id"]) == {"a-0-0", "a-0-1", "b-0-0", "b-0-1"}
    assert "2 added, 0 changed, 0 removed, 2 unchanged (2 → 4)" in list_versions(url)["report"].iloc[1]


def test_a_writer_gives_up_after_its_wait_and_writes_nothing(url):
    before = store_revision(url)
    _, release, holder = _holding(url, writes=("panchayats",))
    try:
        with (
            pytest.raises(StoreError, match=r"has been busy for 0 minute\(s\).*nothing was applied"),
            exclusive(url, writes=(), reads=("panchayats",), wait_s=0.3),
        ):
            pass
    finally:
        release.set()
        holder.join()
    assert store_revision(url) == before


def test_a_failing_write_leaves_the_server_store_as_it_was(url, tmp_path):
    result = import_file("services", read_store(url, private=True), csc_sheet(tmp_path, "a", 0), kind="csc")
    before = read_store(url, private=True)

    class Interrupted(Exception):
        pass

    with pytest.raises(Interrupted), exclusive(url, writes=result.layers) as lock:
        from geo.storage.store import write_store
        from geo.storage.versions import recording_version

        with recording_version(url, action="import services", user="dio", lock=lock):
            write_store(url, result.data, layers=result.layers, lock=lock)
            raise Interrupted
    after = read_store(url, private=True)
    assert after.revision == before.revision and len(after.service_points) == 0 and list_versions(url).empty


def test_an_editor_of_one_block_is_refused_another_blocks_panchayat(url):
    with pytest.raises(GeoInputError, match=r"GP P03 \(P03\) is in block B2; your account records for block\(s\) B1"):
        record_status(url, "P03", "library", "opened", as_of="2020-12-10", user="b1", blocks={"B1"})
    with pytest.raises(GeoInputError, match=r"panchayat 'P99' is not in the store \(16 panchayats\)"):
        record_status(url, "P99", "library", "opened", as_of="2020-12-10", user="b1")
    assert read_store(url, private=True).status_events.empty


def test_undo_on_a_server_store_restores_the_earlier_value(url):
    record_status(url, "P01", "bharatnet", "cable_laid", as_of="2020-11-12", user="asha")
    second = record_status(url, "P01", "bharatnet", "live", as_of="2020-12-10", user="asha")
    undone = undo_event(url, second, user="ravi")
    events = read_store(url, private=True).status_events.set_index("event_id")
    assert undone == 3
    assert events.loc[3, ["value", "as_of", "source", "remark", "recorded_by"]].tolist() == [
        "cable_laid",
        "2020-12-10",
        "undo",
        "undo of event 2",
        "ravi",
    ]


def test_the_same_import_gives_the_same_figures_on_both_kinds_of_store(url, tmp_path, capsys):
    from geo.storage.postgis import copy_store

    gpkg = tmp_path / "eight.gpkg"
    copy_store(url, str(gpkg), user="test")
    sheet = csc_sheet(tmp_path, "a", 0)
    outputs = []
    for store in (str(gpkg), url):
        assert main(["import", "services", str(sheet), "--kind", "csc", "--store", store, "--user", "dio"]) == 0
        capsys.readouterr()
        assert main(["summary", "--store", store]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert "CSC" in outputs[0]
    frames = [read_store(store, private=True).service_points.drop(columns="geometry") for store in (str(gpkg), url)]
    pd.testing.assert_frame_equal(frames[0], frames[1])
    assert list_versions(url)["action"].tolist() == ["import services"]
    assert list_versions(gpkg)["action"].tolist()[-1] == "import services"


def test_rollback_on_a_server_store_restores_any_version_and_a_copy_keeps_the_history(url, tmp_path):
    from geo.storage.postgis import copy_store
    from geo.storage.versions import rollback

    first = import_file("services", read_store(url, private=True), csc_sheet(tmp_path, "a", 0), kind="csc")
    assert apply_import(url, first, user="dio") == 1
    saved = record_status(url, "P03", "library", "opened", as_of="2020-12-10", user="asha")
    second = import_file("services", read_store(url, private=True), csc_sheet(tmp_path, "b", 0), kind="csc")
    assert apply_import(url, second, user="dio") == 2
    late = record_status(url, "P05", "library", "opened", as_of="2020-12-10", user="ravi")

    assert rollback(url, 2, user="ddc") == 3
    data = read_store(url, private=True)
    assert set(data.service_points["id"]) == {"a-0-0", "a-0-1"}
    assert data.status_events["event_id"].tolist() == [saved]  # the save after version 2 began is undone too
    assert list_versions(url)["action"].tolist() == ["import services", "import services", "rollback to before v2"]

    gpkg = tmp_path / "copy.gpkg"
    copy_store(url, str(gpkg), user="test")  # the change rows travel with the copy
    assert rollback(url, 3, user="ddc") == 4  # the rollback itself rolled back: both imports and both saves
    again = read_store(url, private=True)
    assert set(again.service_points["id"]) == {"a-0-0", "a-0-1", "b-0-0", "b-0-1"}
    assert again.status_events["event_id"].tolist() == [saved, late]
    rollback(gpkg, 1, user="ddc")  # on the GeoPackage copy: before the first import
    assert read_store(gpkg, private=True).service_points.empty
    with pytest.raises(GeoInputError, match=r"has no version 9; its versions are: 1, 2, 3, 4"):
        rollback(url, 9, user="ddc")


def _villages_by_fid(url: str) -> list[tuple[int, str, int]]:
    """The villages table as stored: (fid, census code, population), in its order."""
    conninfo, schema = store_target(url)
    with psycopg.connect(conninfo) as con:
        query = f'SELECT fid, census_code, population FROM "{schema}".villages ORDER BY fid'
        return [tuple(row) for row in con.execute(query).fetchall()]


def _change_ops(url: str) -> list[tuple[str, str, str | None]]:
    """The store's change rows other than versions' ``begin``: (layer, op, key), in the order kept."""
    conninfo, schema = store_target(url)
    with psycopg.connect(conninfo) as con:
        query = f"SELECT layer, op, key FROM \"{schema}\".store_changes WHERE op != 'begin' ORDER BY fid"
        return [tuple(row) for row in con.execute(query).fetchall()]


def test_a_write_changes_only_its_rows_in_place_and_reads_back_in_order(url):
    data = read_store(url, private=True)
    villages = data.villages[data.villages["census_code"] != "VP03"].copy()
    villages.loc[villages["census_code"] == "VP02", "population"] = 501
    added = villages.iloc[[0]].assign(census_code="VX", name="village X", population=7)  # its key sorts last
    changed = StoreData(**{**data.__dict__, "villages": conform("villages", pd.concat([villages, added]))})
    with (
        exclusive(url, writes=("villages",)) as lock,
        recording_version(url, action="import villages", user="dio", lock=lock) as version,
    ):
        write_store(url, changed, layers=("villages",), lock=lock, version=version)

    stored = _villages_by_fid(url)  # fids 1-16 as first written (VP01..VP16); VP03 (fid 3) gone, VX appended as 17
    assert stored[:3] == [(1, "VP01", 500), (2, "VP02", 501), (4, "VP04", 500)]
    assert stored[-1] == (17, "VX", 7)
    assert [fid for fid, _, _ in stored] == [1, 2, *range(4, 18)]
    assert read_store(url, private=True).villages["census_code"].tolist() == [
        "VP01",
        "VP02",
        *(f"VP{i:02d}" for i in range(4, 17)),
        "VX",
    ]
    assert _change_ops(url) == [
        ("villages", "update", '["VP02"]'),
        ("villages", "delete", '["VP03"]'),
        ("villages", "insert", '["VX"]'),
    ]
    rollback(url, version, user="ddc")  # the rows come back where they were: the layer reads as before
    assert_geodataframe_equal(read_store(url, private=True).villages, data.villages, check_less_precise=False)


def test_a_new_row_between_kept_ones_rewrites_the_layer_in_its_order(url):
    data = read_store(url, private=True)  # a layer is written in key order: VP01A goes between VP01 and VP02
    added = data.villages.iloc[[0]].assign(census_code="VP01A", name="village 1A", population=7)
    villages = pd.concat([data.villages, added])
    write_store(url, StoreData(**{**data.__dict__, "villages": conform("villages", villages)}), layers=("villages",))

    stored = _villages_by_fid(url)  # rewritten: the 17 rows after the 16 first written, fids 17-33
    assert [code for _, code, _ in stored] == ["VP01", "VP01A", *(f"VP{i:02d}" for i in range(2, 17))]
    assert [fid for fid, _, _ in stored] == list(range(17, 34))
    assert read_store(url).villages["census_code"].tolist() == [code for _, code, _ in stored]
    assert _change_ops(url) == [("villages", "insert", '["VP01A"]')]


def test_a_layer_written_unchanged_is_left_as_it_is(url):
    data = read_store(url, private=True)
    before = store_revision(url)
    write_store(url, data, layers=("villages", "panchayats", "district"))

    assert [fid for fid, _, _ in _villages_by_fid(url)] == list(range(1, 17))  # not rewritten: the same rows
    assert _change_ops(url) == []
    assert store_revision(url) == before + 1  # the write is counted all the same
