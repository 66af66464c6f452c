"""The problems of Jharkhand's 18 real Census-2011 district files, each in a small file made by hand.

``bench/real_districts.py`` imports the real files (never part of the repository); 7 of the 18
were refused for two causes, reproduced here with squares in UTM 45N metres
(tests/census_district.py, block KESAR of "Zedpur"):

* **a village listed under several panchayats** with its whole polygon on each row (5 files:
  Redma under Redma North and Redma South …): kept once, its land split between them in
  parts of equal area by lines across its longer side, each part to the panchayat whose
  other villages are nearest, the village to the one whose part holds its point;
* **rows with fewer cells than the header** (the files ``350`` and ``354``: the empty
  panchayat name and code left out, every later cell moved two columns left, so the district
  column read ``350``): the cells put back where each fits its column. Those two files give no
  panchayat code at all: one error says so and what to do.

=====  ========  ======  =====================================================  =====================
row    code      name    polygon (metres east / north of the origin)            panchayat
=====  ========  ======  =====================================================  =====================
2      900301    Redma   [0, 2000] x [0, 1000] and [1000, 2000] x [1000, 1600]   770021 Jhumri
3      900301    Redma   the same                                               770022 Karma
4      900401    Alpha   [2000, 3000] x [0, 1000]                               770021 Jhumri
=====  ========  ======  =====================================================  =====================

By hand: Redma is 2.0 + 0.6 = 2.6 km², 2,000 m wide and 1,600 m tall, so it is cut by a
north-south line into two parts of 1.3 km² each: west of x = c, 1,000 m x 1,000 m plus
(c - 1,000) x 1,600 m = 1.3 km², c = 1,187.5 m. The east part (centroid x 1,593.75 m, 406 m
from Alpha) goes to Jhumri, whose other village Alpha is east; Karma, which has no other
village, takes the west part. Redma's point (its representative point, on the line halfway
up, y = 800 m, in the middle of [0, 2000]: x = 1,000 m) lies in the west part: Redma is
Karma's village. Jhumri: 1.3 + 1.0 = 2.3 km², Karma 1.3 km².
"""

from __future__ import annotations

import geopandas as gpd
import pyogrio
import pytest
from census_district import COLUMNS, row, square, wkt, write_census
from shapely.geometry import box

from cli import main
from geo.importing import import_file
from geo.importing.columns import CENSUS_EXTRACT_ROLES, detect_columns
from geo.importing.shared import equal_strips
from geo.storage.identity import DistrictIdentity
from geo.storage.store import read_store
from geo.storage.validate import tiling, validate_store

REDMA = square(0, 0, 2000, 1000).union(square(1000, 1000, 2000, 1600))
#: Where Redma is cut, in UTM 45N metres: the origin's x (census_district.X0) plus c.
X_CUT = 400_000.0 + 1_187.5


def _areas_km2(frame: gpd.GeoDataFrame, key: str) -> dict[str, float]:
    return {str(k): round(float(a) / 1e6, 3) for k, a in zip(frame[key], frame.to_crs(32645).area, strict=True)}


def shared_rows() -> list[dict[str, str]]:
    """The rows of the docstring's table."""
    return [
        row("900301", "Redma", "770021", wkt(REDMA), panchayat_name="Jhumri"),
        row("900301", "Redma", "770022", wkt(REDMA), panchayat_name="Karma"),
        row("900401", "Alpha", "770021", wkt(square(2000, 0, 3000, 1000)), panchayat_name="Jhumri"),
    ]


def short(cells: dict[str, str], *left_out: str) -> list[str]:
    """The row's cells in the header's order, without the cells of ``left_out`` (the row is that much shorter)."""
    return [cells[c] for c in COLUMNS if c not in left_out]


def write_rows(path, rows: list[list[str]]):
    """A CSV of the Census header and ``rows`` as given (some shorter than the header)."""
    lines = [",".join(COLUMNS)] + [",".join(f'"{cell}"' for cell in cells) for cells in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_equal_strips_cut_across_the_longer_side():
    assert [round(p.area) for p in equal_strips(box(0, 0, 3000, 1000), 3)] == [1_000_000] * 3
    assert [p.bounds for p in equal_strips(box(0, 0, 1000, 2000), 2)] == [(0, 0, 1000, 1000), (0, 1000, 1000, 2000)]
    west, east = equal_strips(REDMA, 2)
    assert west.area == pytest.approx(1_300_000) and west.bounds[2] == pytest.approx(X_CUT)


def test_a_village_under_two_panchayats_is_kept_once_and_its_land_split(tmp_path):
    result = import_file("villages", None, write_census(tmp_path / "v.csv", shared_rows()), dissolve_to_panchayats=True)
    assert result.ok, result.text()
    data = result.data
    assert data.villages.set_index("census_code")["panchayat_lgd"].to_dict() == {"900301": "770022", "900401": "770021"}
    assert _areas_km2(data.village_boundaries, "census_code") == {"900301": 2.6, "900401": 1.0}
    assert _areas_km2(data.panchayats, "lgd_code") == {"770021": 2.3, "770022": 1.3}
    assert data.panchayats.set_index("lgd_code")["name"].to_dict() == {"770021": "Jhumri", "770022": "Karma"}
    karma = data.panchayats.set_index("lgd_code").to_crs(32645).geometry["770022"]
    assert karma.bounds[2] == pytest.approx(X_CUT, abs=0.5)  # the west part
    assert tiling(data.panchayats, "lgd_code").overlaps == ()
    assert validate_store(data).ok
    said = [(p.where, p.message) for p in result.warnings if "listed under" in p.message]
    assert said == [
        (
            "v.csv row 3",
            "census code 900301 (Redma) is listed under 2 panchayats with one polygon: kept once, in panchayat 770022 "
            "(its point lies in that part); its land split between them in parts of equal area: 770021 Jhumri (row 2) "
            "1.30 km², 770022 Karma (row 3) 1.30 km² — the lines are the import's, not surveyed: import the "
            "panchayats' own boundaries (import boundaries) to replace them",
        )
    ]
    assert (
        "1 village is listed under several panchayats with one polygon, each kept once, its land split between its "
        "panchayats in parts of equal area (2 parts): 900301 (rows 2, 3)"
    ) in result.report.facts
    assert "dissolved 2 village polygons into 2 panchayats (by 'panchayat_code')" in result.report.facts


def test_a_village_under_three_panchayats_with_no_other_village_is_cut_in_three(tmp_path):
    """Domchanch (Kodarma): a 3 km x 1 km village under three panchayats: 1 km² each, west to east as listed."""
    rows = [row("900501", "Domchanch", gp, wkt(square(0, 0, 3000, 1000))) for gp in ("770031", "770032", "770033")]
    result = import_file("villages", None, write_census(tmp_path / "v.csv", rows), dissolve_to_panchayats=True)
    assert result.ok, result.text()
    assert _areas_km2(result.data.panchayats, "lgd_code") == {"770031": 1.0, "770032": 1.0, "770033": 1.0}
    wests = result.data.panchayats.set_index("lgd_code").to_crs(32645).bounds["minx"] - 400_000
    assert wests.round().to_dict() == {"770031": 0.0, "770032": 1000.0, "770033": 2000.0}
    # its point, the middle of the rectangle, lies in the middle part
    assert result.data.villages["panchayat_lgd"].tolist() == ["770032"]
    assert len(result.data.villages) == 1 and len(result.data.village_boundaries) == 1


def test_a_village_under_two_panchayats_with_two_polygons_is_still_an_error(tmp_path):
    rows = [
        row("900301", "Redma", "770021", wkt(square(0, 0, 1000, 1000))),
        row("900301", "Redma", "770022", wkt(square(1000, 0, 2000, 1000))),
    ]
    result = import_file("villages", None, write_census(tmp_path / "v.csv", rows), dissolve_to_panchayats=True)
    assert not result.ok
    assert [p.message.split(":")[0] for p in result.report.errors] == [
        "census code 900301 lists one village under 2 panchayats"
    ] * 2


def test_without_dissolving_a_shared_village_goes_to_the_panchayat_its_point_lies_in(tmp_path):
    """The store's panchayats drawn already (Jhumri west of 1 km, Karma east); Redma, under both, lies in Jhumri."""
    gps = gpd.GeoDataFrame(
        {"lgd_code": ["770021", "770022"], "name": ["Jhumri", "Karma"], "block_lgd": ["2901", "2901"]},
        geometry=[square(0, 0, 1000, 1000), square(1000, 0, 2000, 1000)],
        crs=32645,
    ).to_crs(4326)
    pyogrio.write_dataframe(gps, tmp_path / "gps.geojson", driver="GeoJSON")
    store = import_file("boundaries", None, tmp_path / "gps.geojson", district=DistrictIdentity(name="Zedpur"))
    assert store.ok, store.text()
    redma = wkt(square(200, 200, 800, 800))
    rows = [row("900301", "Redma", "770022", redma), row("900301", "Redma", "770021", redma)]
    result = import_file("villages", store.data, write_census(tmp_path / "v.csv", rows))
    assert result.ok, result.text()
    assert result.data.villages[["census_code", "panchayat_lgd"]].values.tolist() == [["900301", "770021"]]
    assert [(p.where, p.message) for p in result.warnings if "listed under" in p.message] == [
        (
            "v.csv row 3",
            "census code 900301 (Redma) is listed under 2 panchayats with one polygon (770022 (row 2), 770021 "
            "(row 3)): kept once, in panchayat 770021 (the store's panchayat its point lies in)",
        )
    ]
    assert _areas_km2(result.data.panchayats, "lgd_code") == {"770021": 1.0, "770022": 1.0}  # boundaries untouched


def test_a_row_missing_its_empty_panchayat_name_is_put_back_in_line(tmp_path):
    alpha = row("900101", "Alpha", "770001", wkt(square(0, 0, 1000, 1000)))
    beta = row("900102", "Beta", "770001", wkt(square(1000, 0, 2000, 1000)), panchayat_name="")
    path = write_rows(tmp_path / "v.csv", [short(alpha), short(beta, "panchayat_name")])
    result = import_file("villages", None, path, dissolve_to_panchayats=True)
    assert result.ok, result.text()
    assert [(p.where, p.message) for p in result.warnings if "fewer than the header" in p.message] == [
        (
            "v.csv row 3",
            "the row has 1 cell(s) fewer than the header (its geometry was in 'state_name'): taken as the empty "
            "'panchayat_name' left out, where every cell then fits its column, and put back — check the row",
        )
    ]
    assert "1 row(s) with fewer cells than the header were put back in line: 3" in result.report.facts
    data = result.data
    assert data.villages.set_index("census_code")["panchayat_lgd"].to_dict() == {"900101": "770001", "900102": "770001"}
    assert _areas_km2(data.panchayats, "lgd_code") == {"770001": 2.0}
    assert (data.identity.name, data.identity.code) == ("Zedpur", "990")


def test_a_file_whose_rows_all_lack_their_panchayat_is_one_error_naming_its_district(tmp_path):
    """The real ``350``: the panchayat name and code left out of every row; the district read right once put back."""
    cells = {"district_name": "DEOGHAR", "district_code": "350", "district_census_code": "350"}
    rows = [
        row("900101", "Alpha", "", wkt(square(0, 0, 1000, 1000)), panchayat_name="", **cells),
        row("900102", "Beta", "", wkt(square(1000, 0, 2000, 1000)), panchayat_name="", **cells),
    ]
    path = write_rows(tmp_path / "350.csv", [short(r, "panchayat_name", "panchayat_code") for r in rows])
    result = import_file("villages", None, path, dissolve_to_panchayats=True)
    assert result.data is None
    assert [p.message for p in result.report.errors] == [
        "no row gives a panchayat code: column 'panchayat_code' is empty in all 2 rows (rows 2–3, villages of "
        "Deoghar), so there is nothing to dissolve into panchayats — fill in each village's panchayat code, or import "
        "the file without --dissolve-to-panchayats into a store that has the district's panchayat boundaries (each "
        "village then goes to the panchayat its point lies in)"
    ]
    assert [p.where for p in result.warnings if "fewer than the header" in p.message] == [
        "350.csv row 2",
        "350.csv row 3",
    ]
    assert "district: Deoghar district, Jharkhand (Census 2011 code 350) — from the file's columns" in result.text()
    assert "'350', a number" not in result.text()


def test_a_short_row_that_fits_nowhere_is_still_named(tmp_path):
    """A row without its census code: no place for the missing cell leaves every cell fitting its column."""
    alpha = row("900101", "Alpha", "770001", wkt(square(0, 0, 1000, 1000)))
    path = write_rows(tmp_path / "v.csv", [short(alpha, "village_census_code")])
    result = import_file("villages", None, path, dissolve_to_panchayats=True)
    assert [p.message.split(":")[0] for p in result.report.errors] == [
        "geometry is not in column 'geometery_in_wkt' but in 'state_name'"
    ]


def test_two_repaired_districts_in_one_store(tmp_path, capsys):
    """Zedpur (a shared village) and Deoghar (a row put back in line), one after the other, into one store."""
    store = tmp_path / "state.gpkg"
    first = write_census(tmp_path / "zedpur.csv", shared_rows())
    assert main(["import", "villages", str(first), "--dissolve-to-panchayats", "--store", str(store)]) == 0
    cells = {"district_name": "DEOGHAR", "district_code": "350", "district_census_code": "350"}
    cells |= {"block_code": "2545.00000000", "block_name": "DEOGHAR"}
    gamma = row("900601", "Gamma", "770041", wkt(square(10_000, 0, 11_000, 1000)), **cells)
    delta = row("900602", "Delta", "770041", wkt(square(11_000, 0, 12_000, 1000)), panchayat_name="", **cells)
    second = write_rows(tmp_path / "deoghar.csv", [short(gamma), short(delta, "panchayat_name")])
    assert main(["import", "villages", str(second), "--dissolve-to-panchayats", "--store", str(store)]) == 0
    assert "adds district Deoghar (2 villages) beside Zedpur" in capsys.readouterr().out
    data = read_store(store)
    counts = {
        data.district_label(code): (len(part.panchayats), len(part.villages))
        for code in data.district_codes()
        for part in [data.only_district(code)]
    }
    assert counts == {"Zedpur": (2, 2), "Deoghar": (1, 2)}
    assert validate_store(data).ok


def test_every_column_of_the_census_extract_is_found_for_its_role():
    """The extract's 17 columns as the real files have them: 13 read, the ids and the state's codes not."""
    assert detect_columns(list(CENSUS_EXTRACT_ROLES), "villages") == {
        "census_code": "village_census_code",
        "village_name": "village_name",
        "panchayat_code": "panchayat_code",
        "panchayat_name": "panchayat_name",
        "block": "block_name",
        "block_code": "block_code",
        "lat": "centroid_latitude",
        "lon": "centroid_longitude",
        "wkt": "geometery_in_wkt",
        "district_name": "district_name",
        "district_code": "district_code",
        "district_census_code": "district_census_code",
        "state_name": "state_name",
    }
    assert [c for c, role in CENSUS_EXTRACT_ROLES.items() if role is None] == [
        "village_id",
        "village_descriptive_name",
        "state_code",
        "state_census_code",
    ]
