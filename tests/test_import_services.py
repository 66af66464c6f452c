"""Service points anywhere they serve, and the kind said, not guessed.

The store is the tiny district (``tiny_district``: P1 the 10 km x 10 km square west of
the origin, P2 the one east of it, villages V1 3 km west, V2 8 km west, V3 3 km east,
V4 8 km east; CSC C1 8 km west functional, C2 3 km east closed) with a town cut out of
P2: the 2 km x 2 km square around 5 km east, which is no gram panchayat. The district
outline is the union of the panchayats, so the town is a hole in it, as a derived
outline has. The district's east border runs 10 km east of the origin.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import geopandas as gpd
import pytest
from hostile import map_source
from shapely.geometry import Point, box
from tiny_district import ORIGIN, east, tiny_store

from cli import main
from geo.errors import GeoInputError
from geo.importing import ImportOptions, ServiceOptions, import_services
from geo.review.analysis import analyse
from geo.storage.store import StoreData, conform, read_store, write_store
from geo.storage.validate import validate_store
from layers.context import map_context
from layers.folium_map import build_map, map_html
from layers.registry import LAYERS

TOWN, OUTSIDE_10, OUTSIDE_40 = east(5), east(20), east(50)


@pytest.fixture(scope="module")
def store() -> StoreData:
    data = tiny_store()
    utm = gpd.GeoSeries([Point(ORIGIN)], crs=4326).to_crs(32645).iloc[0]
    town = gpd.GeoSeries([box(utm.x + 4_000, utm.y - 1_000, utm.x + 6_000, utm.y + 1_000)], crs=32645).to_crs(4326)
    gps = data.panchayats.copy()
    gps.loc[1, "geometry"] = gps.geometry.iloc[1].difference(town.iloc[0])
    outline = gpd.GeoDataFrame(
        {"lgd_code": ["D"], "name": ["Tiny"], "name_hi": ["छोटा"]}, geometry=[gps.union_all()], crs=4326
    )
    assert len(outline.geometry.iloc[0].interiors) == 1  # the town is a hole in the outline
    return dataclasses.replace(data, panchayats=conform("panchayats", gps), district=conform("district", outline))


def sheet(tmp_path: Path, header: str, rows: list[tuple], name: str = "centres.csv") -> Path:
    """A services CSV; each row is (cells..., point) and the point's lat/lon are written last."""
    lines = [f"{header},Latitude,Longitude"]
    lines += [",".join([*map(str, row[:-1]), f"{row[-1].y}", f"{row[-1].x}"]) for row in rows]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def by_id(result) -> gpd.GeoDataFrame:
    return result.data.service_points.set_index("id")


# --- services anywhere they serve ------------------------------------------------------------


def test_a_town_centre_outside_every_panchayat_is_kept_without_one(store, tmp_path):
    path = sheet(tmp_path, "id,Centre Name,Functional", [("CT", "CSC Town", "yes", TOWN)])
    result = import_services(store, path, own=ServiceOptions("csc"))
    assert result.ok, result.text()
    assert by_id(result)["panchayat_lgd"].isna()["CT"]
    (warning,) = result.warnings
    assert warning.where == "centres.csv row 2"
    # P2 surrounds the town; the point is 1 km from the town's edge.
    assert warning.message == (
        "stands in no panchayat, inside the district (a town: urban area); kept without a "
        "panchayat, as a possible nearest centre of every village — nearest panchayat East GP "
        "(P2), 1.0 km away"
    )
    assert not validate_store(result.data).errors


def test_the_town_centre_is_the_nearest_centre_of_the_villages_around_it(store, tmp_path):
    path = sheet(tmp_path, "id,Centre Name,Functional", [("CT", "CSC Town", "yes", TOWN)])
    analysis = analyse(import_services(store, path, own=ServiceOptions("csc")).data)
    villages = analysis.villages.set_index("census_code")
    # V3 (3 km east) and V4 (8 km east) are 2 and 3 km from the town; C2 is closed, C1 stands 8 km west.
    assert villages.loc[["V3", "V4"], "csc_id"].tolist() == ["CT", "CT"]
    assert villages.loc[["V3", "V4"], "csc_dist_km"].round(2).tolist() == [2.0, 3.0]
    assert villages.loc[["V1", "V2"], "csc_id"].tolist() == ["C1", "C1"]
    assert analysis.services.set_index("id").loc["CT", "setting"] == "urban"


def test_the_panchayats_own_counts_leave_the_town_centre_out(store, tmp_path):
    before = analyse(store).panchayats.set_index("lgd_code")
    path = sheet(tmp_path, "id,Centre Name,Functional", [("CT", "CSC Town", "yes", TOWN)])
    after = analyse(import_services(store, path, own=ServiceOptions("csc")).data).panchayats.set_index("lgd_code")
    columns = ["csc_points", "csc_functional_points", "csc"]
    assert before[columns].to_dict() == after[columns].to_dict()
    assert after.loc["P2", ["csc_points", "csc_functional_points", "csc"]].tolist() == [1, 0, "not_functional"]


def test_the_district_counts_the_town_centre_and_no_block_or_district_counts_one_across_the_border(store, tmp_path):
    path = sheet(
        tmp_path,
        "id,Centre Name,Functional",
        [("AT", "Aadhaar town", "yes", TOWN), ("AX", "Aadhaar across", "yes", OUTSIDE_10)],
    )
    figures = analyse(import_services(store, path, own=ServiceOptions("aadhaar")).data).figures
    # A1 (in P2, block B1) and the town centre are the district's; the one across the border is nobody's.
    assert (figures.value("aadhaar_centres"), figures.value("aadhaar_centres", "B1")) == (2, 1)


def test_a_point_10_km_outside_the_border_is_kept_and_serves_the_border_villages(store, tmp_path):
    path = sheet(tmp_path, "id,Centre Name,Functional", [("CX", "CSC across", "yes", OUTSIDE_10)])
    result = import_services(store, path, own=ServiceOptions("csc"))
    assert result.ok, result.text()
    (warning,) = result.warnings
    assert warning.message == (
        "stands outside the district, 10.0 km from its border; kept as a centre serving "
        "border villages (within --border-km 25), in no panchayat's figures"
    )
    assert by_id(result)["panchayat_lgd"].isna()["CX"]
    assert any(
        "1 service point(s) stand outside the district, up to 10.0 km from its border" in fact
        for fact in validate_store(result.data).facts
    )
    analysis = analyse(result.data)
    villages = analysis.villages.set_index("census_code")
    assert villages.loc["V4", "csc_id"] == "CX" and round(villages.loc["V4", "csc_dist_km"], 2) == 12.0
    assert analysis.services.set_index("id").loc["CX", "setting"] == "outside_district"


def test_a_point_40_km_outside_is_refused_with_its_distance(store, tmp_path):
    path = sheet(tmp_path, "id,Centre Name", [("CF", "CSC far", OUTSIDE_40)])
    result = import_services(store, path, own=ServiceOptions("csc"))
    (error,) = result.report.errors
    assert error.where == "centres.csv row 2"
    assert error.message == (
        "stands 40.0 km outside the district, farther than --border-km 25; check its "
        "coordinates (latitude and longitude mistyped or swapped?), or pass --border-km 40 if it "
        "really serves the district"
    )
    assert import_services(store, path, own=ServiceOptions("csc", border_km=45)).ok


def test_border_km_must_be_a_distance(store, tmp_path):
    path = sheet(tmp_path, "id,Centre Name", [("CT", "CSC Town", TOWN)])
    with pytest.raises(GeoInputError, match=r"--border-km should be a distance in km from 0 up \(e\.g\. 25\), got -1"):
        import_services(store, path, own=ServiceOptions("csc", border_km=-1))


def test_a_point_stating_a_panchayat_it_lies_outside_is_stored_where_it_lies(store, tmp_path):
    path = sheet(tmp_path, "id,Centre Name,LGD Code", [("CT", "CSC Town", "P2", TOWN)])
    result = import_services(store, path, own=ServiceOptions("csc"))
    assert result.ok, result.text()
    assert by_id(result)["panchayat_lgd"].isna()["CT"]
    assert "the sheet states panchayat P2, but the point lies outside it" in result.warnings[0].message


def test_the_popup_says_where_a_centre_stands(store, tmp_path):
    path = sheet(
        tmp_path,
        "id,Centre Name,Functional",
        [("CT", "CSC Town", "yes", TOWN), ("CX", "CSC across", "yes", OUTSIDE_10)],
    )
    ctx = map_context(analyse(import_services(store, path, own=ServiceOptions("csc")).data))
    page = map_html(build_map(ctx, [LAYERS["csc"]], visible=["csc"]))
    features = map_source(page, "gpDataCsc")["features"]
    stands = {f["properties"]["p_name"]: f["properties"]["p_setting"] for f in features}
    assert stands == {
        "CSC west": "In a gram panchayat",
        "CSC east (closed)": "In a gram panchayat",
        "CSC Town": "No panchayat (urban area)",
        "CSC across": "Outside the district",
    }


# --- the kind is said, not guessed -----------------------------------------------------------


def test_an_aadhaar_list_with_a_type_column_imports_as_aadhaar_and_keeps_the_types(store, tmp_path):
    path = sheet(
        tmp_path,
        "Sl No,Aadhaar Centre Name,Type",
        [(1, "Block HQ Aadhaar", "Permanent", TOWN), (2, "Camp at Kundhit", "Camp", east(-3))],
    )
    result = import_services(store, path, own=ServiceOptions("aadhaar"))
    assert result.ok, result.text()
    new = result.data.service_points.set_index("name")
    assert new.loc[["Block HQ Aadhaar", "Camp at Kundhit"], "kind"].tolist() == ["aadhaar", "aadhaar"]
    assert new.loc[["Block HQ Aadhaar", "Camp at Kundhit"], "category"].tolist() == ["Permanent", "Camp"]
    assert "category from column 'Type': Permanent (1), Camp (1)" in result.report.facts


def test_a_kind_column_that_names_no_kind_becomes_the_category(store, tmp_path):
    path = sheet(tmp_path, "Centre Name,Ownership", [("Aadhaar at bank", "Govt", east(-3))])
    result = import_services(store, path, ImportOptions(columns={"kind": "Ownership"}), own=ServiceOptions("aadhaar"))
    assert result.ok, result.text()
    assert (
        "column 'Ownership' names no service kind: kept as each point's category (the kind is --kind aadhaar)"
        in result.report.facts
    )
    assert result.data.service_points.set_index("name").loc["Aadhaar at bank", "category"] == "Govt"


def test_a_service_column_naming_kinds_must_agree_with_the_kind_said(store, tmp_path):
    path = sheet(
        tmp_path,
        "Centre Name,Service",
        [("A", "Aadhaar Kendra", east(-3)), ("B", "प्रज्ञा केंद्र", east(3)), ("C", "Camp", east(3))],
    )
    result = import_services(store, path, own=ServiceOptions("aadhaar"))
    errors = {e.where: e.message for e in result.report.errors}
    assert errors == {
        "centres.csv row 3": "says kind 'प्रज्ञा केंद्र' but this import is --kind aadhaar; import each kind from its "
        "own file (or fix the kind column)",
        "centres.csv row 4": "says kind 'Camp', which names no service kind (csc, aadhaar, pmgdisha, library, bank, "
        "post_office); fix the cell, or map the column as the category (--col category=COLUMN)",
    }


def test_the_command_line_takes_border_km(store, tmp_path, capsys):
    path = tmp_path / "tiny.gpkg"
    write_store(path, store)
    far = sheet(tmp_path, "id,Centre Name", [("CF", "CSC far", OUTSIDE_40)])
    assert main(["import", "services", str(far), "--kind", "csc", "--store", str(path)]) == 1
    assert "stands 40.0 km outside the district, farther than --border-km 25" in capsys.readouterr().out
    assert main(["import", "services", str(far), "--kind", "csc", "--store", str(path), "--border-km", "45"]) == 0
    assert read_store(path).service_points.set_index("id")["panchayat_lgd"].isna()["CF"]
