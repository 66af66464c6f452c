"""A corpus of damaged and hostile files: each gives its own error or warning, never a traceback.

Every case builds its file in ``tmp_path`` and imports it into a copy of the tiny
two-panchayat store (P1 "Kundhit" west, P2 "Karmatanr" east of 86.80 E, block B1).
A rejected import must leave the store byte-for-byte unchanged; an import with only
warnings is applied as a new version that keeps its report.
"""

from __future__ import annotations

import dataclasses
import io
import re
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pyogrio
import pytest
from shapely.affinity import translate
from shapely.geometry import Polygon, box
from tiny_district import east, tiny_store

from geo.errors import GeoInputError
from geo.importing import apply_import, import_file
from geo.storage.identity import DistrictIdentity
from geo.storage.store import read_store, write_store
from geo.storage.versions import list_versions

P1_POINT, P2_POINT = east(-3), east(3)  # inside P1 (west) and P2 (east)


def base_store():
    data = tiny_store()
    gps = data.panchayats.copy()
    gps["name"] = ["Kundhit", "Karmatanr"]
    gps["name_hi"] = ["कुंडहित", "करमाटांड़"]
    return dataclasses.replace(data, panchayats=gps)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("template") / "store.gpkg"
    write_store(path, base_store())
    return path.read_bytes()


@pytest.fixture
def store(tmp_path: Path, template: bytes) -> Path:
    path = tmp_path / "store.gpkg"
    path.write_bytes(template)
    return path


# --- file builders --------------------------------------------------------------------------


def csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def villages_csv(tmp: Path, rows: list[tuple], name: str = "villages.csv", **kw) -> Path:
    header = "census_code,village_name,latitude,longitude,population\n"
    body = "".join(",".join(map(str, r)) + "\n" for r in rows)
    return csv(tmp / name, header + body, **kw)


def boundaries_geojson(tmp: Path, frame: gpd.GeoDataFrame, name: str = "gps.geojson") -> Path:
    path = tmp / name
    pyogrio.write_dataframe(frame, path, driver="GeoJSON")
    return path


def panchayat_frame(**changes) -> gpd.GeoDataFrame:
    gps = base_store().panchayats[["lgd_code", "name", "block_lgd", "geometry"]].copy()
    for column, values in changes.items():
        gps[column] = values
    return gpd.GeoDataFrame(gps, geometry="geometry", crs=4326)


def shapefile_zip(tmp: Path, frame: gpd.GeoDataFrame, *, drop: tuple[str, ...] = ()) -> Path:
    folder = tmp / "shp"
    folder.mkdir()
    pyogrio.write_dataframe(frame, folder / "gps.shp")
    target = tmp / "gps.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.iterdir()):
            if part.suffix not in drop:
                archive.write(part, part.name)
    return target


def raw_zip(tmp: Path, members: dict[str, bytes]) -> Path:
    target = tmp / "gps.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return target


def status_csv(tmp: Path, text: str, encoding: str = "utf-8") -> Path:
    return csv(tmp / "status.csv", text, encoding)


def services_csv(tmp: Path, text: str) -> Path:
    return csv(tmp / "csc.csv", text)


# --- the cases: (builder, kind, options, outcome, pattern) ------------------------------------
# outcome: "raises" (GeoInputError), "error" (report error, nothing applied), "warning"
# (applied, warning kept), "confirm" (names to confirm, nothing applied), "ok" (applied).

Case = tuple[Callable[[Path], Path], str, dict, str, str]

CASES: dict[str, Case] = {
    "empty file": (lambda t: csv(t / "v.csv", ""), "villages", {}, "raises", r"v\.csv is empty \(0 bytes\)"),
    "header only": (
        lambda t: csv(t / "v.csv", "census_code,village_name,lat,lon\n"),
        "villages",
        {},
        "raises",
        r"header row but no data rows",
    ),
    "blank lines only": (lambda t: csv(t / "v.csv", "\n\n  \n"), "villages", {}, "raises", r"only blank space"),
    "cp1252 (Excel on Windows)": (
        lambda t: villages_csv(t, [("V9", "Café", P1_POINT.y, P1_POINT.x, 10)], encoding="cp1252"),
        "villages",
        {},
        "warning",
        r"not UTF-8; read it as Windows-1252",
    ),
    "utf-16 status sheet works": (
        lambda t: status_csv(t, "panchayat_code\tas_of\tbharatnet\nP1\t2020-12-10\tService-ready\n", "utf-16"),
        "status",
        {},
        "ok",
        r"1 status event\(s\) to append",
    ),
    "undecodable bytes": (
        lambda t: (t / "v.csv").write_bytes(b"code,name\n\x81\x8d\xfe\xff\x00garbage\x9d\n") and t / "v.csv",
        "villages",
        {},
        "raises",
        r"cannot read the text",
    ),
    "too large": (
        lambda t: _sparse(t / "v.csv", 51 * 1024 * 1024),
        "villages",
        {},
        "raises",
        r"v\.csv is 51\.0 MB; the limit is 50 MB",
    ),
    "10 MB cell": (
        lambda t: csv(
            t / "v.csv", "census_code,village_name,lat,lon\nV9," + "x" * 10_000_000 + f",{P1_POINT.y},{P1_POINT.x}\n"
        ),
        "villages",
        {},
        "raises",
        r"v\.csv row 2 column 'village_name': a cell of 10,000,000 characters",
    ),
    "zip with ../ path": (
        lambda t: raw_zip(t, {"../evil.shp": b"x"}),
        "boundaries",
        {},
        "raises",
        r"member '\.\./evil\.shp' points outside the archive",
    ),
    "zip with absolute path": (
        lambda t: raw_zip(t, {"/etc/evil.shp": b"x"}),
        "boundaries",
        {},
        "raises",
        r"member '/etc/evil\.shp' has an absolute path",
    ),
    "zip bomb": (
        lambda t: raw_zip(t, {"gps.shp": b"\0" * 30_000_000}),
        "boundaries",
        {},
        "raises",
        r"possible zip bomb",
    ),
    "zip without .shp": (
        lambda t: raw_zip(t, {"readme.txt": b"hello"}),
        "boundaries",
        {},
        "raises",
        r"holds no \.shp file \(readme\.txt\)",
    ),
    "not a zip but .zip": (
        lambda t: csv(t / "gps.zip", "hello"),
        "boundaries",
        {},
        "raises",
        r"named \.zip but is not a zip archive",
    ),
    "shapefile without .prj": (
        lambda t: shapefile_zip(t, panchayat_frame(), drop=(".prj",)),
        "boundaries",
        {},
        "warning",
        r"states no CRS; assumed EPSG:4326",
    ),
    "projected coordinates claimed as degrees": (
        lambda t: boundaries_geojson(t, panchayat_frame().to_crs(32645).set_crs(4326, allow_override=True)),
        "boundaries",
        {},
        "error",
        r"claims degrees \(EPSG:4326\) but the coordinates look projected.*EPSG:32645",
    ),
    "projected numbers in lat/lon columns": (
        lambda t: villages_csv(t, [("V9", "Far", 2650000.5, 380000.5, 10)]),
        "villages",
        {},
        "error",
        r"projected numbers .* pass --crs EPSG:32645",
    ),
    "lat/lon swapped": (
        lambda t: villages_csv(t, [("V9", "Swap", P1_POINT.x, P1_POINT.y, 10)]),
        "villages",
        {},
        "error",
        r"latitude and longitude look swapped.*--swap-latlon",
    ),
    "point in the next district": (
        lambda t: villages_csv(t, [("V9", "Beyond", 23.95, 87.20, 10)]),
        "villages",
        {},
        "error",
        r"villages V9: lies outside the district",
    ),
    "point far from the store's district": (
        lambda t: villages_csv(t, [("V9", "Delhi", 28.6, 77.2, 10)]),
        "villages",
        {},
        "error",
        r"row 2: point \(28\.6000 N, 77\.2000 E\) lies outside the store's district \(about 23\.5–24\.4 °N, ",
    ),
    "service in another panchayat than stated": (
        lambda t: services_csv(t, f"id,name,panchayat_code,lat,lon\nC9,CSC Chalna,P2,{P1_POINT.y},{P1_POINT.x}\n"),
        "services",
        {"kind": "csc"},
        "warning",
        r"csc\.csv row 2: states panchayat P2 but the point lies in P1",
    ),
    "invalid geometry (bowtie)": (
        lambda t: csv(
            t / "v.csv",
            'census_code,village_name,wkt\nV9,Bowtie,"'
            + Polygon([(86.74, 23.93), (86.76, 23.95), (86.76, 23.93), (86.74, 23.95)]).wkt
            + '"\n',
        ),
        "villages",
        {},
        "warning",
        r"v\.csv row 2: invalid geometry \(Self-intersection.*repaired with make_valid",
    ),
    "overlapping panchayats": (
        lambda t: boundaries_geojson(
            t,
            panchayat_frame(
                geometry=[
                    base_store().panchayats.geometry[0],
                    translate(base_store().panchayats.geometry[1], xoff=-0.01),
                ]
            ),
        ),
        "boundaries",
        {},
        "error",
        r"panchayats P1 \(Kundhit\) / P2 \(Karmatanr\): overlap 10\.\d{3} km² \(10\.\d% of P1 \(Kundhit\), "
        r"the smaller\)",
    ),
    "sliver between panchayats": (
        lambda t: boundaries_geojson(
            t,
            panchayat_frame(
                geometry=[_with_hole(base_store().panchayats.geometry[0]), base_store().panchayats.geometry[1]]
            ),
        ),
        "boundaries",
        {},
        "warning",
        r"panchayats sliver near .*: 4\d\d\.\d m² belong to no polygon",
    ),
    "duplicate LGD codes": (
        lambda t: boundaries_geojson(t, panchayat_frame(lgd_code=["P1", "P1"])),
        "boundaries",
        {},
        "error",
        r"LGD code P1: appears 2 times \(features 1, 2\)",
    ),
    "boundaries without a code column": (
        lambda t: boundaries_geojson(t, panchayat_frame().drop(columns="lgd_code").rename(columns={"name": "x"})),
        "boundaries",
        {},
        "error",
        r"missing an LGD code column \(--code-col COLUMN\) and a name column "
        r"\(--name-col COLUMN\); found: x, block_lgd",
    ),
    "panchayat count is not the expected one": (
        lambda t: boundaries_geojson(t, panchayat_frame()),
        "boundaries",
        {"district": DistrictIdentity(expected_panchayats=118)},
        "warning",
        r"2 panchayats; Tiny is recorded as having 118",
    ),
    "unknown panchayat code in a status sheet": (
        lambda t: status_csv(t, "panchayat_code,as_of,bharatnet\nP9,2020-12-10,live\n"),
        "status",
        {},
        "error",
        r"status\.csv row 2: panchayat code 'P9' is not in the store",
    ),
    "unknown panchayat name": (
        lambda t: status_csv(t, "panchayat,as_of,bharatnet\nDumka,2020-12-10,live\n"),
        "status",
        {},
        "error",
        r"row 2: panchayat name 'Dumka' matches no panchayat",
    ),
    "fuzzy name needs confirmation": (
        lambda t: status_csv(t, "panchayat,as_of,bharatnet\nKundahit,2020-12-10,live\n"),
        "status",
        {},
        "confirm",
        r"'Kundahit': fuzzy; candidates: P1 Kundhit",
    ),
    "Devanagari name needs confirmation": (
        lambda t: status_csv(t, "पंचायत,as_of,jharnet\nकरमाटांड़,2020-12-10,live\n"),
        "status",
        {"columns": {"panchayat_name": "पंचायत"}},
        "confirm",
        r"'करमाटांड़': fuzzy; candidates: P2 Karmatanr",
    ),
    "bad date": (
        lambda t: status_csv(t, "panchayat_code,as_of,bharatnet\nP1,31/31/2020,live\n"),
        "status",
        {},
        "error",
        r"row 2: as_of '31/31/2020' in column 'as_of' is not a date",
    ),
    "date in the future": (
        lambda t: status_csv(t, "panchayat_code,as_of,bharatnet\nP1,2999-01-01,live\n"),
        "status",
        {},
        "error",
        r"lies in the future",
    ),
    "bad status value": (
        lambda t: status_csv(t, "panchayat_code,as_of,bharatnet\nP1,2020-12-10,maybe\n"),
        "status",
        {},
        "error",
        r"bharatnet value 'maybe' is not a status; expected one of not_started",
    ),
    "only an unknown indicator column": (
        lambda t: status_csv(t, "panchayat_code,as_of,wifi\nP1,2020-12-10,yes\n"),
        "status",
        {},
        "error",
        r"missing at least one status column \(bharatnet, jharnet",
    ),
    "missing required columns": (
        lambda t: csv(t / "v.csv", "foo,bar\n1,2\n"),
        "villages",
        {},
        "error",
        r"missing column\(s\): census_code \(--code-col\), village_name \(--name-col\), "
        r"a WKT geometry column",
    ),
    "wrong kind in a services file": (
        lambda t: services_csv(t, f"id,name,kind,lat,lon\nA9,UIDAI,aadhaar,{P1_POINT.y},{P1_POINT.x}\n"),
        "services",
        {"kind": "csc"},
        "error",
        r"row 2: says kind 'aadhaar' but this import is --kind csc",
    ),
    "unknown service kind": (
        lambda t: services_csv(t, "id,name,lat,lon\nX,Y,23.9,86.8\n"),
        "services",
        {"kind": "atm"},
        "raises",
        r"unknown service kind 'atm'",
    ),
    "non-numeric population": (
        lambda t: villages_csv(t, [("V9", "Many", P1_POINT.y, P1_POINT.x, "many")]),
        "villages",
        {},
        "error",
        r"row 2: population 'many' in column 'population' is not a number",
    ),
    "negative population": (
        lambda t: villages_csv(t, [("V9", "Neg", P1_POINT.y, P1_POINT.x, -5)]),
        "villages",
        {},
        "error",
        r"row 2: population -5 in column 'population' is not a whole number from 0 to",
    ),
    "HTML/script in a name": (
        lambda t: villages_csv(t, [("V9", "<script>alert(1)</script>", P1_POINT.y, P1_POINT.x, 10)]),
        "villages",
        {},
        "warning",
        r"row 2: village name '<script>alert\(1\)</script>' contains HTML/script markup",
    ),
    "bad WKT": (
        lambda t: csv(t / "v.csv", "census_code,village_name,wkt\nV9,Broken,POLYGON((86.7 23.9, 86.8\n"),
        "villages",
        {},
        "error",
        r"row 2: geometry is not WKT",
    ),
    "KML import works": (lambda t: _kml(t), "boundaries", {}, "ok", r"gps\.kml layer '\w+': 2 feature\(s\)"),
    "GeoPackage with two layers needs --layer": (
        lambda t: _two_layers(t),
        "boundaries",
        {},
        "raises",
        r"has 2 layers \(a, b\); choose one with --layer NAME",
    ),
    "GeoPackage layer chosen": (
        lambda t: _two_layers(t),
        "boundaries",
        {"layer": "b"},
        "warning",
        r"layer 'b': 2 feature\(s\)",
    ),
    "not GeoJSON but .geojson": (
        lambda t: csv(t / "gps.geojson", "<html><body>login</body></html>"),
        "boundaries",
        {},
        "raises",
        r"named \.geojson but does not look like GeoJSON",
    ),
    "text named .xlsx": (
        lambda t: csv(t / "v.xlsx", "a,b\n1,2\n"),
        "villages",
        {},
        "raises",
        r"named \.xlsx but is not an Excel workbook",
    ),
    "repeated header": (
        lambda t: csv(t / "v.csv", "name,name\na,b\n"),
        "villages",
        {},
        "raises",
        r"column name\(s\) name appear more than once",
    ),
    "XLSX status sheet works": (lambda t: _xlsx_status(t), "status", {}, "ok", r"2 status event\(s\) to append"),
}


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def _with_hole(square):
    utm = gpd.GeoSeries([square], crs=4326).to_crs(32645).iloc[0]
    c = utm.centroid
    hole = box(c.x - 10, c.y - 10, c.x + 10, c.y + 10)  # 20 m x 20 m = 400 m²
    return gpd.GeoSeries([utm.difference(hole)], crs=32645).to_crs(4326).iloc[0]


def _kml(tmp: Path) -> Path:
    path = tmp / "gps.kml"
    pyogrio.write_dataframe(panchayat_frame(), path, driver="KML")
    return path


def _two_layers(tmp: Path) -> Path:
    path = tmp / "gps.gpkg"
    pyogrio.write_dataframe(panchayat_frame(), path, layer="a", driver="GPKG")
    pyogrio.write_dataframe(panchayat_frame(), path, layer="b", driver="GPKG", append=False)
    return path


def _xlsx_status(tmp: Path) -> Path:
    path = tmp / "status.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["GP LGD Code", "As on date", "BharatNet Status", "Library"])
    sheet.append(["P1", "10-12-2020", "Live", "Space identified"])
    book.save(path)
    return path


def _run(kind: str, store: Path, path: Path, options: dict):
    data = read_store(store, private=True)
    result = import_file(kind, data, path, **options)
    if result.ok:
        apply_import(store, result, user="tester")
    return result


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_file_gives_its_own_message(case, store, tmp_path):
    build, kind, options, outcome, pattern = CASES[case]
    path = build(tmp_path)
    before = store.read_bytes()
    if outcome == "raises":
        with pytest.raises(GeoInputError, match=pattern):
            _run(kind, store, path, options)
        assert store.read_bytes() == before
        return
    result = _run(kind, store, path, options)
    text = result.text()
    assert re.search(pattern, text), text
    errors = [str(p) for p in result.report.errors]
    if outcome in ("error", "confirm"):
        assert not result.ok
        assert (errors != []) == (outcome == "error"), text
        assert store.read_bytes() == before, "a rejected import changed the store"
        assert list_versions(store).empty
    else:
        assert errors == [], text
        log = list_versions(store)
        assert log["state"].tolist() == ["applied"]
        assert log["problems"].iloc[0] == len(result.warnings)
        if outcome == "warning":
            assert re.search(pattern, log["report"].iloc[0])


def test_corpus_is_large_enough():
    assert len(CASES) >= 30
    assert {c[3] for c in CASES.values()} == {"raises", "error", "warning", "confirm", "ok"}


def test_markup_is_stored_as_plain_text(store, tmp_path):
    path = villages_csv(tmp_path, [("V9", "<b>Chalna</b>", P1_POINT.y, P1_POINT.x, 10)])
    _run("villages", store, path, {})
    villages = read_store(store).villages
    assert villages.loc[villages["census_code"] == "V9", "name"].item() == "<b>Chalna</b>"


def test_utf16_status_lands_as_events(store, tmp_path):
    path = status_csv(tmp_path, "panchayat_code\tas_of\tbharatnet\nP1\t10.12.2020\tService-ready\n", "utf-16")
    before = len(read_store(store).status_events)
    _run("status", store, path, {})
    events = read_store(store, private=True).status_events
    assert len(events) == before + 1
    new = events.iloc[-1]
    assert (new["panchayat_lgd"], new["indicator"], new["value"], new["as_of"]) == (
        "P1",
        "bharatnet",
        "service_ready",
        "2020-12-10",
    )
    assert new["source"] == "import status.csv" and new["recorded_by"] == "import"


def test_fuzzy_name_applies_once_confirmed(store, tmp_path):
    from geo.importing.matching import read_confirmations, write_confirmations

    path = status_csv(
        tmp_path,
        "panchayat,block,as_of,library\nKundahit,Block,2020-12-11,opened\nKarmatanr,Block,2020-12-11,not started\n",
    )
    first = _run("status", store, path, {})
    assert [m.status for m in first.matches] == ["fuzzy", "exact"]
    confirmations = write_confirmations(first.pending, tmp_path / "status.csv.matches.csv")
    table = pd.read_csv(confirmations, dtype=str, encoding="utf-8-sig")
    assert table[["source_name", "block", "matched_code", "status"]].values.tolist() == [
        ["Kundahit", "Block", "P1", "fuzzy"]
    ]
    second = _run("status", store, path, {"confirmed": read_confirmations(confirmations)})
    assert second.ok and [m.status for m in second.matches] == ["confirmed", "exact"]
    events = read_store(store).status_events
    assert events.tail(2)[["panchayat_lgd", "value"]].values.tolist() == [["P1", "opened"], ["P2", "not_started"]]


def test_ambiguous_name_is_never_applied(tmp_path):
    data = base_store()
    gps = data.panchayats.copy()
    gps["name"] = ["Nala", "Nala"]
    store = tmp_path / "nala.gpkg"
    write_store(store, dataclasses.replace(data, panchayats=gps))
    before = store.read_bytes()
    result = _run("status", store, status_csv(tmp_path, "panchayat,as_of,bharatnet\nNala,2020-12-10,live\n"), {})
    assert [m.status for m in result.matches] == ["ambiguous"]
    assert "'Nala': ambiguous; candidates: P1 Nala (100); P2 Nala (100)" in result.text()
    assert store.read_bytes() == before


def test_confirmation_naming_an_unknown_code_is_refused(store, tmp_path):
    path = status_csv(tmp_path, "panchayat,as_of,bharatnet\nKundahit,2020-12-10,live\n")
    wrong = pd.DataFrame({"source_name": ["Kundahit"], "block": [""], "matched_code": ["P7"]})
    with pytest.raises(GeoInputError, match=r"accepts code 'P7' for 'Kundahit', but the store has no panchayat"):
        _run("status", store, path, {"confirmed": wrong})


def test_rejected_import_leaves_no_wal_changes(store, tmp_path):
    """Reading a store for a dry run writes nothing into it (checked with SQLite itself)."""
    path = status_csv(tmp_path, "panchayat_code,as_of,bharatnet\nP9,2020-12-10,live\n")
    with sqlite3.connect(store) as con:
        before = con.execute("SELECT COUNT(*) FROM status_events").fetchone()
    _run("status", store, path, {})
    with sqlite3.connect(store) as con:
        assert con.execute("SELECT COUNT(*) FROM status_events").fetchone() == before


def test_zip_with_good_shapefile_imports(store, tmp_path):
    result = _run("boundaries", store, shapefile_zip(tmp_path, panchayat_frame()), {})
    assert result.ok
    gps = read_store(store).panchayats
    assert gps["name"].tolist() == ["Kundhit", "Karmatanr"] and gps["block_lgd"].tolist() == ["B1", "B1"]


def test_io_buffer_is_refused():
    from geo.importing.readers import read_table

    with pytest.raises(TypeError, match=r"'path' should be a file path, got BytesIO"):
        read_table(io.BytesIO(b"a,b"))
