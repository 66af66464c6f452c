from __future__ import annotations

import io
import re
import sqlite3
import zipfile
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pyogrio
import pytest
import shapely

from cli import main
from geo.errors import GeoInputError
from geo.exports.export import (
    DATA_FORMATS,
    DATA_LAYERS,
    DEMO_NOTE,
    SHAPEFILE_FIELDS,
    export_data,
    export_tables,
    format_for_path,
    write_export,
)
from tests.tiny_district import tiny_store

CODE = {"panchayats": "lgd_code", "services": "id", "villages": "census_code", "blocks": "lgd_code"}
TOLERANCE_DEG = 1e-6


@pytest.fixture(scope="module")
def tables(demo):
    return {layer: export_tables(demo, layer) for layer in DATA_LAYERS}


def _code(frame: pd.DataFrame) -> str:
    return next(c for c in ("lgd_code", "census_code", "id") if c in frame)


def _read_back(blob: bytes, fmt: str, tmp_path: Path, names: list[str]) -> dict[str, gpd.GeoDataFrame]:
    """Read an export back as table name -> frame (geometry in EPSG:4326)."""
    path = tmp_path / f"export.{fmt if fmt != 'shp' else 'zip'}"
    path.write_bytes(blob)
    if fmt in ("gpkg", "kml"):
        return {name: gpd.read_file(path, layer=name) for name in names}
    if fmt == "shp":
        folder = tmp_path / "unzipped"
        zipfile.ZipFile(path).extractall(folder)
        return {name: gpd.read_file(folder / f"{name}.shp") for name in names}
    if fmt == "geojson":
        frame = gpd.read_file(path)
    elif fmt == "csv":
        frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    else:
        frame = pd.concat(
            [pd.read_excel(path, sheet_name=name, dtype=str).assign(table=name) for name in names], ignore_index=True
        )
    if "wkt" in frame:
        frame = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries.from_wkt(frame["wkt"]), crs=4326)
    if len(names) == 1:
        return {names[0]: frame}
    return {name: frame[frame["table"] == name].reset_index(drop=True) for name in names}


@pytest.mark.parametrize("fmt", DATA_FORMATS)
@pytest.mark.parametrize("layer", list(DATA_LAYERS))
def test_round_trip_keeps_rows_codes_and_geometry(demo, tables, layer, fmt, tmp_path):
    expected = tables[layer]
    blob = export_data(demo, layer, fmt)
    back = _read_back(blob, fmt, tmp_path, list(expected))
    for name, frame in expected.items():
        got = back[name]
        code = _code(frame)
        assert len(got) == len(frame), name
        if frame.empty:  # e.g. no panchayat of the demo has an indicator not recorded
            continue
        field = SHAPEFILE_FIELDS[code] if fmt == "shp" else code
        assert got[field].astype(str).tolist() == frame[code].astype(str).tolist()
        got_geometry = shapely.force_2d(got.geometry.to_numpy())
        distance = shapely.hausdorff_distance(got_geometry, frame.geometry.to_numpy())
        assert distance.max() < TOLERANCE_DEG, f"{name}: geometry moved by {distance.max()}°"


def test_tables_hold_the_indicators(tables):
    gps = tables["panchayats"]["panchayats"]
    assert len(gps) == 118 and gps.crs.to_epsg() == 4326
    assert {
        "bharatnet",
        "jharnet",
        "connectivity",
        "csc",
        "csc_functional_points",
        "villages_beyond_aadhaar",
        "data_note",
    } <= set(gps.columns)
    assert "online" not in gps  # the one connectivity state replaced it
    assert (gps["data_note"] == DEMO_NOTE).all()
    # the demo's classes, as every face shows them: 40 working + 18 live but found offline + 60 not live
    assert gps["connectivity"].value_counts().to_dict() == {"not_live": 60, "working": 40, "live_offline": 18}
    villages = tables["villages"]["villages"]
    assert villages["aadhaar_dist_km"].between(0, 40).all() and villages["aadhaar_id"].str.startswith("AADHAAR-").all()
    assert set(tables["gaps"]) == {
        "gap_not_live",
        "gap_live_offline",
        "gap_no_functional_csc",
        "gap_library_not_opened",
        "gap_far_from_aadhaar",
        "gap_not_recorded",
    }
    assert tables["gaps"]["gap_far_from_aadhaar"].geom_type.eq("Point").all()
    assert tables["gaps"]["gap_not_live"].geom_type.eq("MultiPolygon").all()
    blocks = tables["blocks"]["blocks"]
    assert blocks["panchayats"].sum() == 118 and blocks["pmgdisha_registered"].sum() == 51_196
    assert blocks["working"].sum() == 40 and blocks["live_offline"].sum() == 18


def test_services_kind_filter(demo):
    services = export_tables(demo, "services", kind="aadhaar")["services"]
    assert len(services) == 14 and (services["kind"] == "aadhaar").all()
    assert services[["lon", "lat"]].to_numpy() == pytest.approx(shapely.get_coordinates(services.geometry), abs=1e-7)


def test_tiny_store_values_by_hand(tmp_path):
    """Villages 3 and 8 km from the Aadhaar centre at the origin; the shapefile keeps the distances."""
    blob = export_data(tiny_store(), "villages", "shp")
    folder = tmp_path / "shp"
    zipfile.ZipFile(io.BytesIO(blob)).extractall(folder)
    villages = gpd.read_file(folder / "villages.shp").set_index("census_cd")
    assert villages["aa_km"].to_dict() == pytest.approx({"V1": 3.0, "V2": 8.0, "V3": 3.0, "V4": 8.0}, abs=0.002)
    assert villages.loc["V4", "name_hi"] == "घ" and villages.loc["V2", "gp_lgd"] == "P1"
    assert "data_note" not in villages  # not a demo store


def test_shapefile_field_names_are_stable(demo, tmp_path):
    blob = export_data(demo, "panchayats", "shp")
    archive = zipfile.ZipFile(io.BytesIO(blob))
    assert sorted(archive.namelist()) == sorted(
        [f"panchayats.{ext}" for ext in ("shp", "shx", "dbf", "prj", "cpg")] + ["README.txt"]
    )
    assert archive.read("panchayats.cpg").decode().strip().upper() in {"UTF-8", "UTF8"}
    assert "GCS_WGS_1984" in archive.read("panchayats.prj").decode()
    archive.extractall(tmp_path)
    info = pyogrio.read_info(tmp_path / "panchayats.shp")
    assert list(info["fields"]) == [
        "lgd_code",
        "name",
        "name_hi",
        "block_lgd",
        "bhawan_lon",
        "bhawan_lat",
        "block_name",
        "blk_nm_hi",
        "bharatnet",
        "bnet_date",
        "jharnet",
        "jnet_date",
        "inspection",
        "insp_date",
        "connect",
        "csc",
        "csc_date",
        "csc_src",
        "library",
        "lib_date",
        "lib_src",
        "csc_points",
        "csc_func_n",
        "lib_books",
        "villages",
        "population",
        "pop_unrec",
        "vil_far_aa",
        "pop_far_aa",
        "pop_far_un",
        "aa_max_km",
        "pmg_centre",
        "pmg_regd",
        "pmg_trnd",
        "pmg_passed",
        "gap_list",
        "gaps",
        "data_note",
    ]
    assert "vil_far_aa  villages_beyond_aadhaar" in archive.read("README.txt").decode()
    back = gpd.read_file(tmp_path / "panchayats.shp")
    assert back["blk_nm_hi"].iloc[0] == demo.blocks.set_index("lgd_code").loc[back["block_lgd"].iloc[0], "name_hi"]


def test_every_shapefile_name_fits_and_is_unique_per_table(tables):
    assert all(len(short) <= 10 for short in SHAPEFILE_FIELDS.values())
    for layer in tables.values():
        for frame in layer.values():
            names = [SHAPEFILE_FIELDS[c] for c in frame.columns if c != "geometry"]
            assert len(names) == len(set(names))


def test_gpkg_layers_and_about_table(demo, tmp_path):
    path = tmp_path / "gaps.gpkg"
    path.write_bytes(export_data(demo, "gaps", "gpkg"))
    layers = dict(pyogrio.list_layers(path).tolist())
    assert layers == {
        "gap_not_live": "MultiPolygon",
        "gap_live_offline": "MultiPolygon",
        "gap_no_functional_csc": "MultiPolygon",
        "gap_library_not_opened": "MultiPolygon",
        "gap_far_from_aadhaar": "Point",
        "gap_not_recorded": "MultiPolygon",
        "about": None,
    }
    about = pyogrio.read_dataframe(path, layer="about").set_index("key")["value"]
    assert about["demo"] == DEMO_NOTE and about["privacy"] == "public fields only"
    assert about["district"] == "Jamtara district, Jharkhand (code 999, DEMO)"
    assert about["figure: Panchayat buildings online, working"] == "40 / 118"
    with sqlite3.connect(path) as db:
        description = db.execute(
            "select description from gpkg_contents where table_name = 'gap_far_from_aadhaar'"
        ).fetchone()[0]
    assert description.startswith("Villages beyond 10 km of an Aadhaar centre") and DEMO_NOTE in description
    five = tmp_path / "gaps5.gpkg"
    five.write_bytes(export_data(demo, "gaps", "gpkg", aadhaar_km=5))
    with sqlite3.connect(five) as db:
        description = db.execute(
            "select description from gpkg_contents where table_name = 'gap_far_from_aadhaar'"
        ).fetchone()[0]
    assert description.startswith("Villages beyond 5 km of an Aadhaar centre")
    assert len(pyogrio.read_dataframe(five, layer="gap_far_from_aadhaar")) > 60


def test_kml_has_names_and_html_descriptions(demo):
    text = export_data(demo, "services", "kml", kind="csc").decode("utf-8")
    assert text.count("<Placemark") == 158
    assert "<name>Pragya Kendra, Jamtara GP 01 / प्रज्ञा केंद्र, जामताड़ा ग्रा.पं. ०१ (CSC-001)</name>" in text
    assert "<description><![CDATA[<table><tr><th>id</th><td>CSC-001</td></tr>" in text
    assert "DEMO DATA" in text


def test_xlsx_sheets_frozen_header_and_hindi(demo, tmp_path):
    path = write_export(tmp_path / "gaps.xlsx", demo, "gaps")
    book = openpyxl.load_workbook(path, read_only=False)
    assert book.sheetnames == [
        "about",
        "gap_not_live",
        "gap_live_offline",
        "gap_no_functional_csc",
        "gap_library_not_opened",
        "gap_far_from_aadhaar",
        "gap_not_recorded",
    ]
    sheet = book["gap_far_from_aadhaar"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    expected = export_tables(demo, "gaps")["gap_far_from_aadhaar"].iloc[0]
    assert row["name_hi"] == expected["name_hi"] and "ग्राम" in row["name_hi"]
    assert book["about"]["B4"].value == DEMO_NOTE


def _private_values(demo_private) -> list[str]:
    private = demo_private.service_private
    findings = demo_private.status_events["remark"].replace("", pd.NA).dropna()
    values = [*private["phone"].head(20), *private["operator_name"].head(20), *findings.unique()[:5]]
    assert all(values) and len(values) == 45
    return values


def _all_bytes(blob: bytes, fmt: str) -> bytes:
    """The file's bytes, with zip members (Shapefile zip, XLSX) decompressed."""
    if fmt in ("shp", "xlsx"):
        archive = zipfile.ZipFile(io.BytesIO(blob))
        return b"".join(archive.read(name) for name in archive.namelist())
    return blob


@pytest.mark.parametrize("fmt", DATA_FORMATS)
def test_public_exports_never_hold_private_values(demo_private, fmt):
    values = _private_values(demo_private)
    for layer in ("services", "panchayats"):
        content = _all_bytes(export_data(demo_private, layer, fmt), fmt)
        for value in values:
            assert value.encode() not in content, f"{layer}.{fmt} leaks {value!r}"
        for column in ("operator_name", "phone", "remark", "recorded_by", "inspection_finding", "insp_find"):
            assert column.encode() not in content


def test_include_private_keeps_them_for_editors(demo_private):
    services = export_data(demo_private, "services", "csv", include_private=True)
    private = demo_private.service_private
    assert private["phone"].iloc[0].encode() in services and private["operator_name"].iloc[0].encode() in services
    gps = export_tables(demo_private, "panchayats", include_private=True)["panchayats"]
    assert gps["inspection_finding"].dropna().isin(demo_private.status_events["remark"]).all()
    assert gps["inspection_finding"].notna().sum() == gps["inspection"].notna().sum()


def test_inputs_unchanged(demo):
    before = demo.panchayats.copy()
    export_tables(demo, "panchayats")
    pd.testing.assert_frame_equal(demo.panchayats, before)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda d: export_tables(d, "roads"), "layer must be one of panchayats, services, .* got 'roads'"),
        (lambda d: export_data(d, "blocks", "dxf"), "format must be one of geojson, .* got 'dxf'"),
        (lambda d: export_tables(d, "services", kind="school"), "kind must be one of csc, .* got 'school'"),
        (lambda d: export_tables(d, "villages", kind="csc"), "filters the services layer only"),
        (lambda d: export_tables(d, "services", include_private=True), r"read_store\(path, private=True\)"),
        (lambda d: export_tables(d, "blocks", as_of="12/13/2020"), "as_of '12/13/2020' is not a date"),
        (lambda d: write_export("out.shp", d, "blocks"), r"should end in \.zip; use e\.g\. out_shp\.zip"),
        (lambda d: format_for_path("map.pdf"), "cannot tell the format of map.pdf"),
        (
            lambda d: write_export("blocks.geojson", d, "blocks", "kml"),
            "format is 'kml' but the file name blocks.geojson",
        ),
    ],
)
def test_errors_name_the_problem(demo, call, match):
    with pytest.raises(GeoInputError, match=match):
        call(demo)


def test_write_export_is_atomic_and_cli_writes(tmp_path, capsys):
    out = tmp_path / "sub" / "villages.geojson"
    assert main(["export", "data", "--layer", "villages", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert len(gpd.read_file(out)) == 1100
    assert [p.name for p in out.parent.iterdir()] == ["villages.geojson"]  # no temporary file left


def test_cli_private_export_and_errors(tmp_path, capsys, demo_private):
    out = tmp_path / "services.csv"
    assert main(["export", "data", "--layer", "services", "--kind", "csc", "--include-private", "--out", str(out)]) == 0
    assert "PRIVATE" in capsys.readouterr().err
    private = demo_private.service_private.set_index("id")
    assert private.loc["CSC-001", "phone"] in out.read_text(encoding="utf-8-sig")
    assert main(["export", "data", "--layer", "blocks", "--out", str(tmp_path / "blocks.dxf")]) == 2
    err = capsys.readouterr().err
    assert "error: cannot tell the format of blocks.dxf" in err and "Traceback" not in err


def test_readme_documents_the_shapefile_field_names():
    readme = (Path(__file__).resolve().parent.parent / "docs" / "exports.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| `(\w+)` \| `(\w+)` \|", readme, flags=re.M))
    assert documented == {short: long for long, short in SHAPEFILE_FIELDS.items()}


def test_xlsx_numbers_stay_numbers_in_lakh_grouping(tmp_path):
    from geo.exports.tables import XLSX_DECIMAL, XLSX_WHOLE, write_tables

    frame = pd.DataFrame({"block": ["Jamtara", "Nala"], "population": [172280, 10**7], "share": [87.04, 96.6]})
    sheet = openpyxl.load_workbook(write_tables(tmp_path / "t.xlsx", {"coverage": frame}))["coverage"]
    population, share = sheet["B2"], sheet["C3"]
    assert population.value == 172280 and population.number_format == XLSX_WHOLE  # a number, shown 1,72,280
    assert share.value == 96.6 and share.number_format == XLSX_DECIMAL
    assert sheet["A2"].number_format == "General"  # text untouched
    # the format's sections: a crore and more, a lakh and more, the rest
    assert XLSX_WHOLE.split(";")[0].startswith("[>=10000000]") and XLSX_WHOLE.split(";")[1].startswith("[>=100000]")


def test_stacked_csv_keeps_whole_numbers_whole(tmp_path):
    from geo.exports.tables import write_tables

    path = write_tables(
        tmp_path / "t.csv",
        {"people": pd.DataFrame({"within_15_min": [25520]}), "villages": pd.DataFrame({"minutes": [12.5]})},
    )
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines == ["within_15_min,table,minutes", "25520,people,", ",villages,12.5"]


def test_xlsx_negative_changes_are_grouped_the_indian_way_too(tmp_path):
    from geo.exports.tables import write_tables

    frame = pd.DataFrame(
        {"block": ["A", "B", "C"], "change": [-123456, 7, -20], "both": [-234567, 345678, 0], "small": [-99999, 5, 0]}
    )
    sheet = openpyxl.load_workbook(write_tables(tmp_path / "t.xlsx", {"changes": frame}))["changes"]
    # a fall of 1,23,456 people: the second section writes it "-1,23,456" (Excel's default would be -123,456)
    assert sheet["B2"].value == -123456
    assert sheet["B2"].number_format == r"[<=-10000000]-##\,##\,##\,##0;[<=-100000]-##\,##\,##0;##,##0"
    assert sheet["C2"].number_format == r"[>=100000]##\,##\,##0;[<=-100000]-##\,##\,##0;##,##0"
    # nothing beyond a lakh below zero: the usual crore/lakh format (-99,999 reads the same either way)
    assert sheet["D2"].number_format == r"[>=10000000]##\,##\,##\,##0;[>=100000]##\,##\,##0;##,##0"
