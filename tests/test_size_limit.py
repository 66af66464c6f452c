"""The file-size limit as a setting (``max_bytes=``, ``--max-mb``, ``$PANCHAYAT_MAX_FILE_MB``); CSVs read in chunks."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from editors import add_editor, session_of
from shapely.geometry import Point
from streamlit.testing.v1 import AppTest

from cli import main
from geo.errors import GeoInputError
from geo.importing import import_file, readers
from geo.importing.readers import MAX_FILE_BYTES, list_spatial_layers, max_bytes_from_env, read_spatial, read_table
from geo.storage.store import read_store
from ui.common import md

MB = 1024 * 1024
RAISE_IT = (
    r"split it \(e\.g\. one file per block\) or remove unused columns, or raise the limit: "
    r"--max-mb N for python -m geo import, PANCHAYAT_MAX_FILE_MB=N for the app"
)
#: A review sheet of one row of panchayat P1 (the tiny district's): 50 bytes.
SHEET = b"panchayat_code,as_of,bharatnet\nP1,2020-11-12,live\n"


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def padded(path: Path, size: int) -> Path:
    """:data:`SHEET` followed by blank lines up to ``size`` bytes (blank lines are no rows)."""
    return write(path, SHEET + b"\n" * (size - len(SHEET)))


# --- the limit in the readers ----------------------------------------------------------------


def test_a_file_one_byte_over_the_limit_is_refused_and_reads_under_a_raised_one(tmp_path):
    path = write(tmp_path / "v.csv", b"code,name\n1,a\n2,b\n")  # 18 bytes
    with pytest.raises(GeoInputError, match=r"^v\.csv is 18 bytes; the limit is 17 bytes — " + RAISE_IT + "$"):
        read_table(path, max_bytes=17)
    assert read_table(path, max_bytes=18).frame["name"].tolist() == ["a", "b"]


def test_the_refusal_gives_megabytes(tmp_path):
    path = padded(tmp_path / "review.csv", 2 * MB + 1)
    with pytest.raises(GeoInputError, match=r"^review\.csv is 2\.0 MB; the limit is 2 MB — " + RAISE_IT + "$"):
        read_table(path, max_bytes=2 * MB)
    assert read_table(path, max_bytes=3 * MB).frame["bharatnet"].tolist() == ["live"]


def test_the_default_limit_is_50_mb():
    assert MAX_FILE_BYTES == 52_428_800


def test_gis_files_are_held_to_the_limit_too(tmp_path):
    path = tmp_path / "pts.geojson"
    frame = gpd.GeoDataFrame({"name": ["p0", "p1"]}, geometry=[Point(86.8, 23.9), Point(86.9, 23.9)], crs=4326)
    pyogrio.write_dataframe(frame, path, driver="GeoJSON")
    size = path.stat().st_size
    for read in (
        lambda limit: read_spatial(path, max_bytes=limit),
        lambda limit: list_spatial_layers(path, max_bytes=limit),
    ):
        with pytest.raises(GeoInputError, match=rf"^pts\.geojson is {size:,} bytes; the limit is {size - 1:,} bytes"):
            read(size - 1)
    assert read_spatial(path, max_bytes=size).frame["name"].tolist() == ["p0", "p1"]
    assert list_spatial_layers(path, max_bytes=size) == ["pts"]


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (0, ValueError, r"'max_bytes' should be at least 1, got 0"),
        ("10", TypeError, r"'max_bytes' should be an int, got str"),
        (True, TypeError, r"'max_bytes' should be an int, got bool"),
    ],
)
def test_a_wrong_size_limit_is_a_programming_error(tmp_path, value, error, message):
    path = write(tmp_path / "v.csv", b"code\n1\n")
    with pytest.raises(error, match=message):
        read_table(path, max_bytes=value)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, 50 * MB),
        ({"PANCHAYAT_MAX_FILE_MB": ""}, 50 * MB),
        ({"PANCHAYAT_MAX_FILE_MB": "200"}, 200 * MB),
        ({"PANCHAYAT_MAX_FILE_MB": " 1,000 "}, 1000 * MB),
        ({"PANCHAYAT_MAX_FILE_MB": "1"}, MB),
    ],
)
def test_the_app_reads_its_size_limit_from_the_environment(environ, expected):
    assert max_bytes_from_env(environ) == expected


@pytest.mark.parametrize("raw", ["0", "lots", "60MB", "1.5", "-5", "२००"])
def test_a_wrong_size_setting_is_one_sentence(raw):
    message = rf"^PANCHAYAT_MAX_FILE_MB='{raw}': expected a whole number of MB, e\.g\. PANCHAYAT_MAX_FILE_MB=200$"
    with pytest.raises(GeoInputError, match=message):
        max_bytes_from_env({"PANCHAYAT_MAX_FILE_MB": raw})


# --- the limit through an import ----------------------------------------------------------------


def test_import_file_passes_the_limit_to_the_reader(tiny_named_store, tmp_path):
    sheet = write(tmp_path / "review.csv", SHEET)
    store = read_store(tiny_named_store, private=True)
    with pytest.raises(GeoInputError, match=r"^review\.csv is 50 bytes; the limit is 49 bytes"):
        import_file("status", store, sheet, max_bytes=49)
    result = import_file("status", store, sheet, max_bytes=50)
    assert result.report.facts[0].startswith("review.csv: 1 row(s)")


def test_cli_max_mb_refuses_a_larger_file_and_raises_the_limit(tiny_named_store, tmp_path, capsys):
    sheet = padded(tmp_path / "review.csv", MB + 1)
    before = tiny_named_store.read_bytes()
    assert main(["import", "status", str(sheet), "--store", str(tiny_named_store), "--max-mb", "1"]) == 2
    err = capsys.readouterr().err
    assert "review.csv is 1.0 MB; the limit is 1 MB — split it (e.g. one file per block)" in err
    assert "--max-mb N for python -m geo import, PANCHAYAT_MAX_FILE_MB=N for the app" in err
    assert tiny_named_store.read_bytes() == before
    assert main(["import", "status", str(sheet), "--store", str(tiny_named_store), "--max-mb", "2", "--dry-run"]) == 0
    with pytest.raises(SystemExit):
        main(["import", "status", str(sheet), "--store", str(tiny_named_store), "--max-mb", "0"])
    assert "--max-mb: expected a whole number of MB of at least 1, got '0'" in capsys.readouterr().err


# --- the Data page --------------------------------------------------------------------------------


def data_page(store: str) -> None:
    from pathlib import Path

    from ui.data import render

    render(Path(store))


def import_page(store: str, source: str) -> None:
    from pathlib import Path

    from ui.data import import_panel

    import_panel(Path(store), Path(source), user="tester", kind="status")


def signed_in_page(store: Path) -> AppTest:
    add_editor(store, "Asha")
    at = AppTest.from_function(data_page, args=(str(store),), default_timeout=30)
    at.session_state["editor_session"] = session_of("Asha")
    return at.run()


def test_the_page_says_nothing_of_the_upload_cap_by_default(demo_copy):
    at = signed_in_page(demo_copy)
    assert not at.exception, at.exception
    assert len(at.file_uploader) == 1 and not at.file_uploader[0].disabled
    assert not [c for c in at.caption if "upload" in c.value]


def test_a_limit_above_the_upload_cap_sends_larger_files_to_the_command_line(demo_copy, monkeypatch):
    monkeypatch.setenv("PANCHAYAT_MAX_FILE_MB", "200")
    at = signed_in_page(demo_copy)
    assert not at.exception, at.exception
    assert (
        "This page takes uploads up to 50 MB (the server's upload limit); a larger file, up to 200 MB, imports "
        "with the command line: `python -m geo import KIND FILE --max-mb 200`"
    ) in [c.value for c in at.caption]


def test_a_wrong_size_setting_is_named_on_the_page(demo_copy, monkeypatch):
    monkeypatch.setenv("PANCHAYAT_MAX_FILE_MB", "lots")
    at = signed_in_page(demo_copy)
    assert not at.exception, at.exception
    assert at.error[0].value == md(
        "PANCHAYAT_MAX_FILE_MB='lots': expected a whole number of MB, e.g. PANCHAYAT_MAX_FILE_MB=200"
    )
    assert at.file_uploader[0].disabled


def test_the_import_panel_reads_with_the_configured_limit(tiny_named_store, tmp_path, monkeypatch):
    sheet = padded(tmp_path / "review.csv", MB + 1)
    monkeypatch.setenv("PANCHAYAT_MAX_FILE_MB", "1")
    at = AppTest.from_function(import_page, args=(str(tiny_named_store), str(sheet)), default_timeout=30).run()
    assert not at.exception, at.exception
    assert at.error[0].value.startswith(md("review.csv is 1.0 MB; the limit is 1 MB — split it"))
    monkeypatch.setenv("PANCHAYAT_MAX_FILE_MB", "2")
    at = AppTest.from_function(import_page, args=(str(tiny_named_store), str(sheet)), default_timeout=30).run()
    assert not at.exception, at.exception
    assert not at.error


# --- CSVs read in chunks -------------------------------------------------------------------------


def test_a_csv_longer_than_a_chunk_reads_as_one_table(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "_CHUNK_ROWS", 2)
    path = write(
        tmp_path / "v.csv",
        "code,name,remark\n"
        "0101, Chalna ,'=1+1\n"
        ",,\n"
        "0102,Kundahit\n"  # a short row: its missing cell reads empty
        '0103,"Karma, tand",\'0101\n'
        "  ,  ,  \n"
        "0104,पंचायत,'-1+1\n".encode(),
    )
    expected = pd.DataFrame(
        {
            "code": ["0101", "0102", "0103", "0104"],
            "name": ["Chalna", "Kundahit", "Karma, tand", "पंचायत"],
            "remark": ["=1+1", "", "'0101", "-1+1"],
        },
        index=[2, 4, 5, 7],  # rows as Excel numbers them: the blank rows 3 and 6 are left out
    )
    read = read_table(path)
    pd.testing.assert_frame_equal(read.frame, expected, check_dtype=False, check_index_type=False)
    assert read.encoding == "utf-8"


@pytest.mark.parametrize(
    ("encoding", "name", "shown"),
    [("utf-16", "Chalnā", "utf-16"), ("utf-16-le", "Chalnā", "utf-16-le"), ("cp1252", "Chalné", "cp1252")],
)
def test_each_encoding_reads_across_chunks(tmp_path, monkeypatch, encoding, name, shown):
    monkeypatch.setattr(readers, "_CHUNK_ROWS", 1)
    monkeypatch.setattr(readers, "_BLOCK_BYTES", 8)  # the encoding is found 8 bytes at a time
    text = f"code;name\r\n0101;{name}\r\n0102;Kundahit\r\n0103;Karmatanr\r\n"
    read = read_table(write(tmp_path / "v.csv", text.encode(encoding)))
    assert read.frame.to_dict("list") == {"code": ["0101", "0102", "0103"], "name": [name, "Kundahit", "Karmatanr"]}
    assert read.encoding == shown


def test_the_row_limit_is_met_in_a_later_chunk(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "_CHUNK_ROWS", 2)
    path = write(tmp_path / "v.csv", b'code\n1\n2\n3\n4\n5\n"broken\n')  # a parser reading to the end fails
    with pytest.raises(GeoInputError, match=r"^v\.csv has more than 3 rows \(7 lines\); the limit is 3 rows"):
        read_table(path, max_rows=3)


def test_a_long_cell_in_a_later_chunk_is_named_by_its_row(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "_CHUNK_ROWS", 2)
    monkeypatch.setattr(readers, "MAX_CELL_CHARS", 5)
    path = write(tmp_path / "v.csv", b"code,name\n1,a\n2,b\n3,b\n4,abcdef\n")
    with pytest.raises(GeoInputError, match=r"^v\.csv row 5 column 'name': a cell of 6 characters; the limit is 5"):
        read_table(path)
