"""The command line under attack: every failure is one sentence, exit 2, and the store is untouched."""

from __future__ import annotations

import contextlib
import errno
import io
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from earlier_release import as_earlier_release
from tiny_district import tiny_store

from cli import DEBUG_ENV, main
from geo.importing import apply_import, import_status
from geo.storage.store import read_store, write_store
from geo.storage.versions import list_versions, versions_dir


@pytest.fixture(scope="module")
def versioned(tmp_path_factory) -> Path:
    """The tiny district with one version (a status import) and its snapshot v0001."""
    folder = tmp_path_factory.mktemp("versioned")
    path = folder / "tiny.gpkg"
    write_store(path, tiny_store())
    sheet = folder / "status.csv"
    sheet.write_text("panchayat_code,as_of,library\nP2,2020-12-20,opened\n", encoding="utf-8")
    apply_import(path, import_status(read_store(path, private=True), sheet), user="dio")
    as_earlier_release(path)
    return path


@pytest.fixture
def store(versioned: Path, tmp_path: Path) -> Path:
    path = tmp_path / versioned.name
    shutil.copyfile(versioned, path)
    shutil.copytree(versions_dir(versioned), versions_dir(path))
    return path


def fails(argv: list[str], capsys, store: Path) -> str:
    """Run ``argv``; check exit 2, one line on stderr without a traceback, the store's bytes unchanged."""
    before = store.read_bytes() if store.exists() else None
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, err
    assert (store.read_bytes() if store.exists() else None) == before
    return errors[0]


def villages_csv(folder: Path) -> Path:
    path = folder / "villages.csv"
    path.write_text("census_code,village_name,lat,lon\nV9,Newvillage,23.95,86.78\n", encoding="utf-8")
    return path


# --- damaged input files ------------------------------------------------------------------


def test_a_truncated_zip(store, tmp_path, capsys):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("gp.shp", b"x" * 5000)
        zipped.writestr("gp.shx", b"x" * 100)
    path = tmp_path / "gp.zip"
    path.write_bytes(archive.getvalue()[:2000])
    line = fails(["import", "boundaries", str(path), "--store", str(store)], capsys, store)
    assert line == "error: gp.zip is a damaged zip archive (File is not a zip file); zip the Shapefile parts again"


def test_a_damaged_xlsx(store, tmp_path, capsys):
    path = tmp_path / "villages.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    line = fails(["import", "villages", str(path), "--store", str(store)], capsys, store)
    assert line == (
        "error: villages.xlsx is a damaged zip archive (File is not a zip file); save it again from Excel "
        "as .xlsx, or as 'CSV UTF-8'"
    )


def test_a_damaged_geopackage_as_input(store, tmp_path, capsys):
    path = tmp_path / "gp.gpkg"
    raw = store.read_bytes()
    path.write_bytes(raw[: len(raw) // 3])
    line = fails(["import", "boundaries", str(path), "--store", str(store)], capsys, store)
    assert line.startswith("error: gp.gpkg: not a readable GIS file (")
    assert line.endswith("open it in QGIS and export it as GeoPackage or GeoJSON")


# --- damaged stores -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["summary"], ["validate"], ["history"], ["rollback", "1"], ["import", "villages"], ["gaps", "--out", "gaps.csv"]],
)
def test_a_store_that_is_not_sqlite(command, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = tmp_path / "store.gpkg"
    store.write_text("this is a spreadsheet, not a store\n" * 50, encoding="utf-8")
    argv = command + ([str(villages_csv(tmp_path))] if command[0] == "import" else []) + ["--store", str(store)]
    line = fails(argv, capsys, store)
    assert line == (
        f"error: store {store} is damaged: the file is not a GeoPackage (not an SQLite database at all); "
        f"nothing was changed — run `python -m geo check --store {store}` to see what is wrong and how to "
        "get back to the last good version"
    )


@pytest.mark.parametrize("command", [["summary"], ["history"], ["rollback", "1"], ["import", "villages"]])
def test_a_truncated_store(command, store, tmp_path, capsys):
    raw = store.read_bytes()
    store.write_bytes(raw[: len(raw) // 2])
    argv = command + ([str(villages_csv(tmp_path))] if command[0] == "import" else []) + ["--store", str(store)]
    line = fails(argv, capsys, store)
    assert line.startswith(
        f"error: store {store} is damaged: the file cannot be read by SQLite (database disk image "
        f"is malformed); nothing was changed — run `python -m geo check --store {store}`"
    )


@pytest.mark.parametrize("command", [["history"], ["rollback", "1"], ["import", "villages"]])
def test_a_damaged_history(command, store, tmp_path, capsys):
    with contextlib.closing(sqlite3.connect(store)) as con, con:  # closed: the write-ahead log folded in
        con.execute("DROP TABLE store_versions")
        con.execute("CREATE TABLE store_versions (x TEXT)")
    argv = command + ([str(villages_csv(tmp_path))] if command[0] == "import" else []) + ["--store", str(store)]
    line = fails(argv, capsys, store)
    assert line.startswith(
        f"error: store {store} is damaged: its history (table store_versions) cannot be read (no "
        "such column: version); nothing was changed"
    )


def test_rollback_to_a_missing_snapshot(store, capsys):
    snapshot = versions_dir(store) / "v0001.gpkg"
    snapshot.unlink()
    line = fails(["rollback", "1", "--store", str(store)], capsys, store)
    assert line == (
        f"error: the snapshot of version 1 ({snapshot}) is missing, so the store cannot be restored to "
        "before version 1; nothing was changed — no other version can be restored either (`python -m geo "
        f"check --store {store}`)"
    )


@pytest.mark.parametrize("content", [b"garbage", b"SQLite format 3\x00" + b"\x00" * 5000])
def test_rollback_to_a_damaged_snapshot(content, store, capsys):
    snapshot = versions_dir(store) / "v0001.gpkg"
    snapshot.write_bytes(content)
    line = fails(["rollback", "1", "--store", str(store)], capsys, store)
    assert line.startswith(f"error: the snapshot of version 1 ({snapshot}) ")
    assert "so the store cannot be restored to before version 1; nothing was changed" in line
    assert len(list_versions(store)) == 1  # no rollback version was logged


# --- a full disk --------------------------------------------------------------------------


class FullDisk(io.RawIOBase):
    """A file that takes 10 bytes, then fails as a full disk does."""

    def __init__(self, *_: object, **__: object) -> None:
        self.written = 0

    def writable(self) -> bool:
        return True

    def write(self, blob: bytes) -> int:
        if self.written + len(blob) > 10:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.written += len(blob)
        return len(blob)


def test_a_full_disk_during_an_export_keeps_the_old_file(store, tmp_path, capsys, monkeypatch):
    out = tmp_path / "villages.csv"
    out.write_text("the export of last week\n", encoding="utf-8")
    monkeypatch.setattr("geo.storage.files.open", FullDisk, raising=False)
    line = fails(["export", "data", "--store", str(store), "--layer", "villages", "--out", str(out)], capsys, store)
    assert line == (
        "error: the disk is full ([Errno 28] No space left on device); nothing was written — the store and "
        "any earlier output file are as they were; free some space and run it again"
    )
    assert out.read_text(encoding="utf-8") == "the export of last week\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["tiny.gpkg", "tiny.gpkg.versions", "villages.csv"])


def test_a_full_disk_during_an_import_leaves_the_store_as_it_was(store, tmp_path, capsys, monkeypatch):
    import geo.storage.store

    write = geo.storage.store._write_gpkg

    def full_disk(path, data, layers=None):
        write(path, data, layers)  # the import's layers are written to the temporary copy, then the disk fills
        raise OSError(errno.ENOSPC, "No space left on device")

    before = read_store(store, private=True)
    monkeypatch.setattr(geo.storage.store, "_write_gpkg", full_disk)
    assert main(["import", "villages", str(villages_csv(tmp_path)), "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert "error: the disk is full ([Errno 28] No space left on device); nothing was written" in err
    assert "Traceback" not in err
    after = read_store(store, private=True)
    assert after.villages["census_code"].tolist() == before.villages["census_code"].tolist() == ["V1", "V2", "V3", "V4"]
    assert list_versions(store)["state"].tolist() == ["applied", "failed"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp.gpkg")]


# --- an unexpected failure ----------------------------------------------------------------


def test_an_unexpected_failure_says_what_failed_and_how_to_report_it(store, capsys, monkeypatch):
    def broken(*_: object, **__: object) -> None:
        raise KeyError("population")

    monkeypatch.delenv(DEBUG_ENV, raising=False)
    monkeypatch.setattr("geo.review.summary.summary", broken)
    line = fails(["summary", "--store", str(store)], capsys, store)
    assert line == (
        "error: `python -m geo summary` failed unexpectedly (KeyError: 'population'); the store was not "
        f"changed. This is a bug: run the command again with {DEBUG_ENV}=1 and send its output to the "
        "app's maintainers"
    )
    monkeypatch.setenv(DEBUG_ENV, "1")
    assert main(["summary", "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "KeyError: 'population'" in err


def test_an_unexpected_failure_of_a_writer_points_to_the_history(store, tmp_path, capsys, monkeypatch):
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("geo.importing.import_file", broken)
    line = fails(["import", "villages", str(villages_csv(tmp_path)), "--store", str(store)], capsys, store)
    assert line.startswith(
        "error: `python -m geo import villages` failed unexpectedly (RuntimeError: boom); a change "
        f"to the store is written whole or not at all: `python -m geo history --store {store}` shows "
        "whether it was applied."
    )
