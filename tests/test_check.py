"""geo.storage.check: is a store intact (file, layers, history, snapshots), and what a failure means."""

from __future__ import annotations

import contextlib
import errno
import shutil
import sqlite3
from pathlib import Path

import pytest
from earlier_release import as_earlier_release
from tiny_district import tiny_store

from cli import main
from geo.errors import GeoInputError, StoreError
from geo.importing import apply_import, import_status
from geo.storage.check import check_store, damage, diagnose, ensure_restorable
from geo.storage.store import exclusive, read_store, write_store
from geo.storage.versions import begin_version, versions_dir

PAGE = 4096
MALFORMED = "the file cannot be read by SQLite (database disk image is malformed)"


def status_sheet(folder: Path, value: str) -> Path:
    path = folder / f"status_{value}.csv"
    path.write_text(f"panchayat_code,as_of,library\nP2,2020-12-20,{value}\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def versioned(tmp_path_factory) -> Path:
    """The tiny district with two versions (two status imports), their snapshots v0001 and v0002."""
    folder = tmp_path_factory.mktemp("versioned")
    path = folder / "tiny.gpkg"
    write_store(path, tiny_store())
    for value in ("opened", "not_started"):
        apply_import(path, import_status(read_store(path, private=True), status_sheet(folder, value)), user="dio")
    as_earlier_release(path)
    return path


@pytest.fixture
def store(versioned: Path, tmp_path: Path) -> Path:
    """A copy of :func:`versioned` and its snapshots, for one test to damage."""
    path = tmp_path / versioned.name
    shutil.copyfile(versioned, path)
    shutil.copytree(versions_dir(versioned), versions_dir(path))
    return path


def damage_page(path: Path, page: int) -> None:
    """Zero one page of an SQLite file (a torn write, a bad sector)."""
    raw = bytearray(path.read_bytes())
    raw[page * PAGE : (page + 1) * PAGE] = bytes(PAGE)
    path.write_bytes(bytes(raw))


def test_an_intact_store_and_its_versions(store, capsys):
    found = check_store(store)
    assert found.intact and not found.damaged
    assert [(s.version, s.path.name, s.problem) for s in found.snapshots] == [
        (1, "v0001.gpkg", None),
        (2, "v0002.gpkg", None),
    ]
    assert main(["check", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"store {store}: intact\n")
    assert "blocks 1, panchayats 2, villages 4, village_boundaries 0, service_points 3" in out
    assert "status_events 9" in out  # 7 events and one per import
    assert "2 version(s); the last: 2 import status by dio" in out and "PROBLEM" not in out


def test_the_demo_store_is_intact_and_has_no_versions():
    from geo.storage.store import DEMO_STORE

    found = check_store(DEMO_STORE)
    assert found.intact and found.snapshots == []
    assert "no versions yet (imports and rollbacks create them)" in found.facts


def test_a_damaged_store_says_how_to_get_back_to_the_last_good_version(store, capsys):
    damage_page(store, 1)  # page 2: a table's b-tree
    found = check_store(store)
    assert found.damaged and not found.intact
    assert found.problems == [MALFORMED]
    assert found.last_good().version == 2
    assert main(["check", "--store", str(store)]) == 1
    out = capsys.readouterr().out
    snapshot = versions_dir(store) / "v0002.gpkg"
    assert f"store {store}: DAMAGED" in out
    assert "the store as it was before version 2, import status from status_not_started.csv by dio" in out
    assert f"1. move the damaged store aside: rename {store} to tiny.gpkg.damaged" in out
    assert f"2. copy {snapshot} to {store}" in out
    assert "changes made from version 2 on must be imported again" in out


def test_the_advice_works(store, capsys):
    """Following the printed steps gives a store that checks intact."""
    damage_page(store, 1)
    good = check_store(store).last_good()
    store.rename(store.with_name("tiny.gpkg.damaged"))
    shutil.copyfile(good.path, store)
    assert check_store(store).intact
    assert main(["summary", "--store", str(store)]) == 0


def test_a_file_that_is_not_a_store(tmp_path, capsys):
    path = tmp_path / "store.gpkg"
    path.write_text("district,blocks\nJamtara,6\n", encoding="utf-8")
    assert damage(path) == "the file is not a GeoPackage (not an SQLite database at all)"
    assert main(["check", "--store", str(path)]) == 1
    out = capsys.readouterr().out
    assert "PROBLEM: the file is not a GeoPackage (not an SQLite database at all)" in out
    assert "No whole snapshot is left: restore the store from a backup copy" in out


def test_a_truncated_store(store):
    raw = store.read_bytes()
    store.write_bytes(raw[: len(raw) // 2])
    assert damage(store) == MALFORMED
    assert check_store(store).last_good().version == 2


def test_a_missing_snapshot_is_a_lost_version_not_a_damaged_store(store, capsys):
    (versions_dir(store) / "v0001.gpkg").unlink()
    found = check_store(store)
    assert not found.damaged and not found.intact
    assert [s.problem for s in found.snapshots] == [
        f"the snapshot of version 1 ({versions_dir(store) / 'v0001.gpkg'}) is missing",
        None,
    ]
    assert main(["check", "--store", str(store)]) == 1
    out = capsys.readouterr().out
    assert f"store {store}: intact, but some versions are lost" in out
    assert "The store itself is intact; rollback to before version(s) 1 is no longer possible" in out


def test_a_damaged_snapshot(store):
    (versions_dir(store) / "v0002.gpkg").write_bytes(b"\0" * 100)
    found = check_store(store)
    assert [s.problem for s in found.snapshots][1].endswith(
        "v0002.gpkg) is not a GeoPackage (not an SQLite database at all)"
    )
    assert found.last_good().version == 1


def test_a_damaged_history_keeps_the_data(store, capsys):
    with contextlib.closing(sqlite3.connect(store)) as con, con:  # closed: the write-ahead log folded in
        con.execute("DROP TABLE store_versions")
        con.execute("CREATE TABLE store_versions (x TEXT)")
    found = check_store(store)
    assert found.problems == []
    assert found.history_problem == "its history (table store_versions) cannot be read (no such column: version)"
    assert [s.listed for s in found.snapshots] == [False, False]  # found in the folder, not in the history
    assert main(["check", "--store", str(store)]) == 1
    assert "Nothing is lost: every layer reads. Only the history is damaged" in capsys.readouterr().out


def test_a_change_that_never_completed_is_reported_not_missed(store):
    with exclusive(store) as lock:
        version = begin_version(store, action="import villages", user="dio", lock=lock)  # a process killed mid-import
    (versions_dir(store) / f"v{version:04d}.gpkg").unlink(
        missing_ok=True
    )  # an earlier release: the full disk left no snapshot
    found = check_store(store)
    assert found.intact
    assert "interrupted, never applied (the store stayed as before each): version(s) 3" in found.facts


def test_a_missing_store_with_snapshots_left(store, capsys):
    store.unlink()
    assert main(["check", "--store", str(store)]) == 1
    out = capsys.readouterr().out
    assert "PROBLEM: the file does not exist" in out
    assert f"1. copy {versions_dir(store) / 'v0002.gpkg'} to {store}" in out


def test_ensure_restorable_names_the_versions_left(store):
    (versions_dir(store) / "v0002.gpkg").write_bytes(b"garbage")
    ensure_restorable(store, 1)  # whole: no error
    ensure_restorable(store, 9)  # not in the history: left to rollback(), which names the versions
    with pytest.raises(
        GeoInputError,
        match=r"the snapshot of version 2 \(.*v0002\.gpkg\) is not a GeoPackage .*"
        r"so the store cannot be restored to before version 2; nothing was "
        r"changed — versions that can still be restored: 1",
    ):
        ensure_restorable(store, 2)


# --- diagnose ----------------------------------------------------------------------------


def test_diagnose_a_full_disk_even_behind_a_second_error(store):
    assert diagnose(OSError(errno.ENOSPC, "No space left on device")).kind == "disk_full"
    try:
        try:
            raise sqlite3.OperationalError("database or disk is full")
        except sqlite3.OperationalError:
            raise sqlite3.OperationalError("cannot rollback - no transaction is active")  # noqa: B904
    except sqlite3.OperationalError as err:
        found = diagnose(err, store=store)
    assert (found.kind, found.detail) == ("disk_full", "database or disk is full")


def test_diagnose_a_busy_store(store):
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(sqlite3.OperationalError) as caught:
            sqlite3.connect(store, timeout=0).execute("CREATE TABLE t (x)")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert diagnose(caught.value, store=store).kind == "busy"


@pytest.mark.parametrize(
    ("err", "kind", "detail"),
    [
        (GeoInputError("villages.csv row 7: no census code"), "input", "villages.csv row 7: no census code"),
        (KeyError("population"), "unexpected", "KeyError: 'population'"),
        (StoreError("store s.gpkg has no layer 'x'"), "input", "store s.gpkg has no layer 'x'"),
        (PermissionError(errno.EACCES, "Permission denied"), "denied", "[Errno 13] Permission denied"),
    ],
)
def test_diagnose_on_an_intact_store(store, err, kind, detail):
    found = diagnose(err, store=store)
    assert (found.kind, found.detail) == (kind, detail)


@pytest.mark.parametrize(
    "err",
    [
        ValueError("Cannot mask with non-boolean array containing NA / NaN values"),  # garbage read as values
        OSError("database disk image is malformed"),  # Arrow's, reading a layer: an OSError with no errno
    ],
)
def test_diagnose_blames_a_damaged_store_for_an_unexpected_error(store, err):
    damage_page(store, 1)
    found = diagnose(err, store=store)
    assert (found.kind, found.detail) == ("damaged", MALFORMED)
