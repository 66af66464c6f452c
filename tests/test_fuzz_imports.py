"""Fuzzing the import paths: whatever a file holds, an import ends in a report or a message, never a traceback.

Hypothesis writes sheets (CSV and XLSX) with the columns the importers look for and
cells drawn from hostile names, dates in every format offices use, numbers, codes of
the store, coordinates in and out of the district, WKT good and broken, and any
Unicode; and files of random bytes under every suffix the importers accept. Every
kind of import reads them. The property: :func:`geo.importing.import_file` returns
a result or raises :class:`geo.errors.GeoInputError` (the faces show its message);
a result that can be applied is applied to a copy of the store, which stays readable.

``FUZZ_EXAMPLES`` (environment) raises the number of examples for a longer run.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tiny_district import east, tiny_store

from geo.errors import GeoInputError
from geo.importing import IMPORT_KINDS, apply_import, import_file
from geo.importing.readers import SPATIAL_SUFFIXES, TABLE_SUFFIXES
from geo.storage.store import read_store, write_store

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)

HOSTILE = [
    "{{7*7}}",
    "{% if x %}",
    "</script><script>alert(1)</script>",
    "${7*7}",
    "$x^2$",
    "javascript:alert(1)",
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "@SUM(A1)",
    "\u202eevil",
    "a\x00b",
    "x" * 10_000,
    "🙂",
    "'",
    '"',
    ",",
    ";",
    "\t",
    "\r\n",
    " ",
    "(clear)",
    "NaN",
    "None",
    "null",
    "-",
    "0",
    "-5",
    "1e309",
]
HEADERS = [
    "panchayat_code",
    "panchayat_name",
    "GP Name",
    "LGD Code",
    "as_of",
    "Status as on",
    "bharatnet",
    "jharnet",
    "library",
    "csc_functional",
    "inspection",
    "remark",
    "id",
    "name",
    "name_hi",
    "kind",
    "Type",
    "lat",
    "lon",
    "Latitude",
    "Longitude",
    "wkt",
    "census_code",
    "village_name",
    "population",
    "block",
    "block_code",
    "certificate",
    "received",
    "disposed",
    "pending",
    "functional",
    "status_as_of",
    "opened",
    "KEY",
    "SubmissionDate",
    "place-panchayat",
    "_uuid",
    "highway",
    "geometry",
]
CODES = ["P1", "P2", "B1", "V1", "C1", "A1", "P9", "", "0", "P1 ", "p1"]
DATES = [
    "2020-12-10",
    "10-12-2020",
    "10.12.2020",
    "10/12/2020",
    "2020-13-45",
    "31.02.2020",
    "2099-01-01",
    "1900-01-01",
    "12 Nov 2020",
    "१०-१२-२०२०",
    "45000",
    "",
]
STATUS = ["live", "Live", "service-ready", "not started", "चालू", "yes", "no", "opened", "offline", "maybe"]
NUMBERS = ["1", "-3", "2.5", "1,00,000", "१२३", "inf", "-inf", "nan", "9" * 40, "0x10", ""]


def _coordinates() -> st.SearchStrategy[str]:
    inside = [f"{east(km).y:.6f}" for km in (-8, -3, 3, 8)] + [f"{east(km).x:.6f}" for km in (-8, -3, 3, 8)]
    return st.sampled_from([*inside, "23.95", "86.80", "0", "91", "-181", "23,95", "N23°57'", "", "1e400"])


def _wkt() -> st.SearchStrategy[str]:
    p = east(3)
    return st.sampled_from(
        [
            f"POINT ({p.x} {p.y})",
            "POINT (1 2",
            "POLYGON((0 0, 1 1, 0 0))",
            f"POLYGON(({p.x} {p.y}, {p.x + 0.01} {p.y}, {p.x} {p.y + 0.01}, {p.x} {p.y}))",
            "MULTIPOLYGON EMPTY",
            "LINESTRING(0 0, 1 1)",
            "GEOMETRYCOLLECTION EMPTY",
            "wkt",
            "",
        ]
    )


CELL = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from(CODES),
    st.sampled_from(DATES),
    st.sampled_from(STATUS),
    st.sampled_from(NUMBERS),
    _coordinates(),
    _wkt(),
    st.text(max_size=30),
)
TABLE = st.tuples(
    st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=12)), min_size=1, max_size=8, unique=True),
    st.integers(min_value=0, max_value=12),
).flatmap(
    lambda shape: st.tuples(
        st.just(shape[0]),
        st.lists(st.lists(CELL, min_size=len(shape[0]), max_size=len(shape[0])), min_size=shape[1], max_size=shape[1]),
    )
)
OPTIONS = {"services": {"kind": "csc"}}


@pytest.fixture(scope="module")
def store_file(tmp_path_factory) -> Path:
    return write_store(tmp_path_factory.mktemp("fuzz") / "tiny.gpkg", tiny_store())


@pytest.fixture(scope="module")
def store_data(store_file: Path):
    return read_store(store_file, private=True)


def _write_table(folder: Path, header: list[str], rows: list[list[str]], suffix: str, encoding: str) -> Path:
    path = folder / f"sheet{suffix}"
    if suffix == ".xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        for row in [header, *rows]:
            sheet.append([_xlsx_safe(v) for v in row])
        book.save(path)
        return path
    text = io.StringIO()
    csv.writer(text, delimiter="\t" if suffix == ".tsv" else ",").writerows([header, *rows])
    path.write_bytes(text.getvalue().encode(encoding, errors="replace"))
    return path


def _xlsx_safe(value: str) -> str:
    """openpyxl refuses control characters in a cell (a real Excel file cannot hold them either)."""
    return "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)


def _import_or_message(kind: str, store_file: Path, store_data, path: Path) -> None:
    try:
        result = import_file(kind, store_data, path, **OPTIONS.get(kind, {}))
    except GeoInputError:
        return
    result.text(full=True)  # the report itself never fails
    if result.ok and not result.adds_nothing:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "store.gpkg"
            shutil.copyfile(store_file, copy)
            try:
                apply_import(copy, result, user="fuzz")
            except GeoInputError:
                return
            read_store(copy, private=True)  # the store stays readable


@pytest.mark.parametrize("kind", [k for k in IMPORT_KINDS if k not in ("boundaries", "roads", "water")])
@FUZZ
@given(
    table=TABLE,
    suffix=st.sampled_from([".csv", ".xlsx", ".tsv"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
)
def test_any_sheet_ends_in_a_report_or_a_message(kind, store_file, store_data, tmp_path, table, suffix, encoding):
    header, rows = table
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        path = _write_table(Path(folder), header, rows, suffix, encoding)
        _import_or_message(kind, store_file, store_data, path)


#: Per kind, the columns an office's sheet of that kind has, each with what its cells hold.
ROLE_CELLS = {
    "code": st.one_of(st.sampled_from(CODES), CELL),
    "date": st.one_of(st.sampled_from(DATES), CELL),
    "status": st.one_of(st.sampled_from(STATUS), CELL),
    "number": st.one_of(st.sampled_from(NUMBERS), CELL),
    "lat": st.one_of(_coordinates(), CELL),
    "lon": st.one_of(_coordinates(), CELL),
    "wkt": st.one_of(_wkt(), CELL),
    "text": CELL,
}
KIND_COLUMNS = {
    "status": [
        ("panchayat_code", "code"),
        ("GP Name", "text"),
        ("Status as on", "date"),
        ("bharatnet", "status"),
        ("library", "status"),
        ("inspection", "status"),
        ("remark", "text"),
    ],
    "services": [
        ("id", "code"),
        ("name", "text"),
        ("lat", "lat"),
        ("lon", "lon"),
        ("functional", "status"),
        ("status_as_of", "date"),
        ("Type", "text"),
        ("registered", "number"),
        ("panchayat_code", "code"),
    ],
    "villages": [
        ("census_code", "code"),
        ("village_name", "text"),
        ("panchayat_code", "code"),
        ("wkt", "wkt"),
        ("lat", "lat"),
        ("lon", "lon"),
        ("population", "number"),
        ("name_hi", "text"),
    ],
    "certificates": [
        ("block_code", "code"),
        ("certificate", "text"),
        ("as_of", "date"),
        ("received", "number"),
        ("disposed", "number"),
        ("pending", "number"),
    ],
}


@st.composite
def office_sheet(draw: st.DrawFn, kind: str) -> tuple[list[str], list[list[str]]]:
    """A sheet with the columns of ``kind`` (a few left out or renamed at random) and cells fit, or not, for each."""
    columns = [c for c in KIND_COLUMNS[kind] if draw(st.integers(0, 5))]  # each column kept 5 times in 6
    header = [name for name, _ in columns]
    rows = draw(st.lists(st.tuples(*(ROLE_CELLS[role] for _, role in columns)), min_size=1, max_size=8))
    return header, [list(row) for row in rows]


@pytest.mark.parametrize("kind", sorted(KIND_COLUMNS))
@FUZZ
@given(data=st.data(), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_an_office_sheet_of_each_kind_ends_in_a_report_or_a_message(
    kind, store_file, store_data, tmp_path, data, suffix
):
    header, rows = data.draw(office_sheet(kind))
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        path = _write_table(Path(folder), header, rows, suffix, "utf-8")
        _import_or_message(kind, store_file, store_data, path)


@pytest.mark.parametrize("kind", IMPORT_KINDS)
@FUZZ
@given(
    content=st.one_of(
        st.binary(max_size=2_000),
        st.sampled_from(
            [
                b"",
                b"\xef\xbb\xbf",
                b"PK\x03\x04garbage",
                b"PK\x05\x06" + b"\x00" * 18,
                b"SQLite format 3\x00" + b"\x00" * 84,
                b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": {}}]}',
                b'{"type": "FeatureCollection", "features": [',
                b"<kml><Document><Placemark>",
                b"\xff\xfe=\x001\x00",
            ]
        ),
    ),
    suffix=st.sampled_from(TABLE_SUFFIXES + SPATIAL_SUFFIXES),
)
def test_any_bytes_end_in_a_report_or_a_message(kind, store_file, store_data, tmp_path, content, suffix):
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        _import_or_message(kind, store_file, store_data, path)


# --- what the fuzz found, pinned ------------------------------------------------------------------------------------


def test_a_count_of_infinity_or_forty_digits_is_an_error_naming_the_row(store_data, tmp_path):
    sheet = tmp_path / "jharsewa.csv"
    sheet.write_text(
        "block_code,certificate,as_of,received,disposed\nB1,caste,2020-12-10,inf,1\n"
        f"B1,income,2020-12-10,{'9' * 40},1\n",
        encoding="utf-8",
    )
    result = import_file("certificates", store_data, sheet)
    assert [(p.where, p.message) for p in result.report.errors] == [
        (
            "jharsewa.csv row 2",
            "received inf in column 'received' is not a whole number from 0 to 1,000,000,000,000,000; correct it",
        ),
        (
            "jharsewa.csv row 3",
            f"received {'9' * 40} in column 'received' is not a whole number from 0 to "
            "1,000,000,000,000,000; correct it",
        ),
    ]


def test_an_empty_wkt_cell_is_an_error_naming_the_row(store_data, tmp_path):
    sheet = tmp_path / "villages.csv"
    sheet.write_text("census_code,village_name,panchayat_code,wkt\nV9,Gaon,P1,\n", encoding="utf-8")
    result = import_file("villages", store_data, sheet)
    assert [(p.where, p.message) for p in result.report.errors] == [
        ("villages.csv row 2", "geometry is empty; expected e.g. MULTIPOLYGON(((86.7 24.0, …)))")
    ]
