"""Hostile sizes and encodings at the door: row limits, zip bombs in workbooks, UTF-16 without a BOM."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import geopandas as gpd
import openpyxl
import pyogrio
import pytest
from shapely.geometry import Point

from geo.errors import GeoInputError
from geo.importing.readers import MAX_ROWS, max_rows_from_env, read_spatial, read_table

HINDI = "पंचायत,स्थिति\nकुंडहित,खुला\nकरमाटांड़,बंद\n"
RAISE_IT = (
    r"split the file \(e\.g\. one file per block\), or raise the limit: "
    r"--max-rows N for python -m geo import, PANCHAYAT_MAX_ROWS=N for the app"
)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def points(path: Path, n: int, driver: str) -> Path:
    frame = gpd.GeoDataFrame(
        {"name": [f"p{i}" for i in range(n)]}, geometry=[Point(86.8 + i / 100, 23.9) for i in range(n)], crs=4326
    )
    pyogrio.write_dataframe(frame, path, driver=driver, layer="pts")
    return path


# --- the row limit --------------------------------------------------------------------------


def test_a_csv_at_the_limit_is_read_and_one_row_more_is_refused(tmp_path):
    path = write(tmp_path / "v.csv", b"code,name\n1,a\n2,b\n3,c\n")
    assert read_table(path, max_rows=3).frame["code"].tolist() == ["1", "2", "3"]
    with pytest.raises(
        GeoInputError, match=r"^v\.csv has more than 2 rows \(4 lines\); the limit is 2 rows — " + RAISE_IT + "$"
    ):
        read_table(path, max_rows=2)


def test_blank_rows_do_not_count_against_the_limit(tmp_path):
    path = write(tmp_path / "v.csv", b"code,name\n1,a\n,\n , \n2,b\n\t,\n\n3,c\n,\n")
    assert read_table(path, max_rows=3).frame["code"].tolist() == ["1", "2", "3"]


def test_a_long_csv_is_refused_before_it_is_parsed_to_its_end(tmp_path):
    """Row 30,002 is broken: a parser reading to the end would fail there; the limit is met long before."""
    rows = "".join(f"{i},x\n" for i in range(30_000))
    path = write(tmp_path / "long.csv", f"code,name\n{rows}1,2,3,4\n".encode())
    with pytest.raises(GeoInputError, match=r"long\.csv: not a readable CSV table .*Expected 2 fields in line 30002"):
        read_table(path)
    with pytest.raises(GeoInputError, match=r"long\.csv has more than 10 rows \(30,002 lines\); the limit is 10 rows"):
        read_table(path, max_rows=10)


def test_old_mac_line_ends_are_counted_too(tmp_path):
    path = write(tmp_path / "mac.csv", b"code,name\r1,a\r2,b\r3,c\r")
    with pytest.raises(GeoInputError, match=r"mac\.csv has more than 2 rows \(4 lines\)"):
        read_table(path, max_rows=2)


def test_an_xlsx_over_the_limit_is_refused(tmp_path):
    path = workbook(tmp_path / "v.xlsx", [["code", "name"], [1, "a"], [None, None], [2, "b"], [3, "c"]])
    assert read_table(path, max_rows=3).frame["code"].tolist() == ["1", "2", "3"]
    with pytest.raises(
        GeoInputError,
        match=r"^v\.xlsx has more than 2 rows \(the sheet spans 5 rows\); "
        r"the limit is 2 rows — " + RAISE_IT + "$",
    ):
        read_table(path, max_rows=2)


@pytest.mark.parametrize("driver, name", [("GeoJSON", "pts.geojson"), ("GPKG", "pts.gpkg")])
def test_a_gis_file_over_the_limit_is_refused_from_its_feature_count(tmp_path, driver, name):
    path = points(tmp_path / name, 5, driver)
    assert read_spatial(path, max_rows=5).frame["name"].tolist() == ["p0", "p1", "p2", "p3", "p4"]
    with pytest.raises(
        GeoInputError,
        match=r"^pts\.\w+ has more than 4 features \(layer 'pts' has 5\); "
        r"the limit is 4 features — " + RAISE_IT + "$",
    ):
        read_spatial(path, max_rows=4)


def test_a_gis_file_that_does_not_count_its_features_is_read_one_feature_past_the_limit(tmp_path, monkeypatch):
    path = points(tmp_path / "pts.geojson", 5, "GeoJSON")
    read_info = pyogrio.read_info
    monkeypatch.setattr(pyogrio, "read_info", lambda *a, **k: {**read_info(*a, **k), "features": -1})
    with pytest.raises(GeoInputError, match=r"^pts\.geojson has more than 3 features \(layer 'pts' has 4 or more\); "):
        read_spatial(path, max_rows=3)


def test_the_default_limit_holds_a_state_of_villages():
    assert MAX_ROWS == 100_000


@pytest.mark.parametrize(
    "value, error, pattern",
    [
        (0, ValueError, r"'max_rows' should be at least 1, got 0"),
        ("10", TypeError, r"'max_rows' should be an int, got str"),
        (True, TypeError, r"'max_rows' should be an int, got bool"),
    ],
)
def test_a_wrong_limit_is_named(tmp_path, value, error, pattern):
    path = write(tmp_path / "v.csv", b"code\n1\n")
    with pytest.raises(error, match=pattern):
        read_table(path, max_rows=value)


@pytest.mark.parametrize(
    "environ, expected",
    [
        ({}, 100_000),
        ({"PANCHAYAT_MAX_ROWS": " "}, 100_000),
        ({"PANCHAYAT_MAX_ROWS": "250000"}, 250_000),
        ({"PANCHAYAT_MAX_ROWS": "2,50,000"}, 250_000),
        ({"PANCHAYAT_MAX_ROWS": "1_000"}, 1_000),
    ],
)
def test_the_apps_limit_comes_from_the_environment(environ, expected):
    assert max_rows_from_env(environ) == expected


@pytest.mark.parametrize("raw", ["0", "-5", "many", "१००", "1e6"])
def test_a_wrong_limit_in_the_environment_is_named(raw):
    with pytest.raises(GeoInputError, match=rf"PANCHAYAT_MAX_ROWS='{raw}': expected a whole number of rows"):
        max_rows_from_env({"PANCHAYAT_MAX_ROWS": raw})


# --- zip bombs in workbooks -----------------------------------------------------------------


def _with_sheet(source: Path, target: Path, sheet: bytes) -> Path:
    """``source`` with its first sheet's XML replaced by ``sheet`` (deflated)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, sheet if info.filename == "xl/worksheets/sheet1.xml" else src.read(info))
    return target


def test_an_xlsx_bomb_is_refused_from_its_directory(tmp_path):
    """30 MB of blanks deflate to ~30 KB: refused by ratio before openpyxl expands (or parses) anything."""
    good = workbook(tmp_path / "good.xlsx", [["code"], [1]])
    bomb = _with_sheet(good, tmp_path / "bomb.xlsx", b" " * 30_000_000)
    assert bomb.stat().st_size < 100_000
    with pytest.raises(
        GeoInputError,
        match=r"^bomb\.xlsx would unpack to 29 MB from 0\.0\d MB \(ratio [\d,]+:1; "
        r"limits 200 MB and 100:1\); refused as a possible zip bomb — save it "
        r"again from Excel as \.xlsx, or as 'CSV UTF-8'$",
    ):
        read_table(bomb)


def test_an_xlsx_with_a_member_outside_the_archive_is_refused(tmp_path):
    good = workbook(tmp_path / "good.xlsx", [["code"], [1]])
    with zipfile.ZipFile(good, "a") as archive:
        archive.writestr("../evil.xml", b"<x/>")
    with pytest.raises(GeoInputError, match=r"good\.xlsx: member '\.\./evil\.xml' points outside the archive"):
        read_table(good)


# --- UTF-16 without a byte-order mark -------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_with_its_hindi(tmp_path, encoding):
    path = write(tmp_path / "status.csv", HINDI.encode(encoding))
    read = read_table(path)
    assert read.encoding == encoding
    assert list(read.frame.columns) == ["पंचायत", "स्थिति"]
    assert read.frame.values.tolist() == [["कुंडहित", "खुला"], ["करमाटांड़", "बंद"]]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_ascii_utf16_without_a_bom_is_not_read_as_utf8(tmp_path, encoding):
    """ASCII in UTF-16 is valid UTF-8 (with NULs): it must not be read so."""
    path = write(tmp_path / "status.tsv", "code\tname\nP1\tKundhit\n".encode(encoding))
    read = read_table(path)
    assert read.encoding == encoding
    assert read.frame.values.tolist() == [["P1", "Kundhit"]]


def test_utf16_with_a_bom_still_reads(tmp_path):
    path = write(tmp_path / "status.csv", HINDI.encode("utf-16"))
    assert read_table(path).frame["स्थिति"].tolist() == ["खुला", "बंद"]


def test_damaged_utf16_without_a_bom_says_how_to_save_it(tmp_path):
    path = write(tmp_path / "status.csv", HINDI.encode("utf-16-le") + b"\x00")  # an odd byte at the end
    with pytest.raises(
        GeoInputError,
        match=r"status\.csv looks like UTF-16 text without a byte-order mark "
        r"\(UTF-16-LE\), but does not read as such; in Excel use Save As ▸ "
        r"'CSV UTF-8 \(Comma delimited\)'",
    ):
        read_table(path)


@pytest.mark.parametrize("encoding, expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8")])
def test_utf8_hindi_is_not_mistaken_for_utf16(tmp_path, encoding, expected):
    path = write(tmp_path / "status.csv", HINDI.encode(encoding))
    read = read_table(path)
    assert read.encoding == expected
    assert read.frame["पंचायत"].tolist() == ["कुंडहित", "करमाटांड़"]


def test_windows_1252_is_not_mistaken_for_utf16(tmp_path):
    path = write(tmp_path / "v.csv", "code,name\n1,Café\n2,Señor\n".encode("cp1252"))
    read = read_table(path)
    assert read.encoding == "cp1252" and read.frame["name"].tolist() == ["Café", "Señor"]
    assert "read it as Windows-1252" in read.notes[0]


def test_a_stray_nul_in_utf8_is_not_utf16(tmp_path):
    path = write(tmp_path / "v.csv", b"code,name\n1,a\x00b\n2,c\n")
    assert read_table(path).encoding == "utf-8"


def test_io_stream_is_still_refused():
    with pytest.raises(TypeError, match=r"'path' should be a file path, got BytesIO"):
        read_table(io.BytesIO(b"a,b"))
