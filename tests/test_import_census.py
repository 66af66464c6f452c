"""Census-2011 village and boundary files import as they come: repairs made and listed, the rest named.

Every file here is built by hand (tests/census_district.py); areas are worked out in
UTM 45N, where the squares were drawn.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from census_district import COLUMNS, row, square, wkt, write_census, zedpur_rows

from cli import main
from geo.importing import import_file
from geo.storage.identity import DistrictIdentity
from geo.storage.store import read_store
from geo.storage.validate import validate_store


def _areas_m2(frame: gpd.GeoDataFrame, key: str) -> dict[str, float]:
    return {str(k): round(float(a), 1) for k, a in zip(frame[key], frame.to_crs(32645).area, strict=True)}


def _villages(tmp_path, rows, **options):
    return import_file("villages", None, write_census(tmp_path / "v.csv", rows), **options)


def test_a_raw_census_file_of_a_new_district_imports_with_one_command(tmp_path, capsys):
    path = write_census(tmp_path / "zedpur.csv", zedpur_rows())
    store = tmp_path / "zedpur.gpkg"
    assert main(["import", "villages", str(path), "--dissolve-to-panchayats", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "0 error(s), 7 warning(s), 0 name(s) to confirm" in out
    assert "1 block outline(s)" in out and "2 panchayats, 1 block, 6 villages" in out
    # the file has no population: the change line says so instead of "people 0 → 0"; the district by its name
    assert "villages: 6 added, 0 changed, 0 removed, 0 unchanged (0 → 6; people 0 → not recorded)" in out
    assert "district: 1 added, 0 changed, 0 removed, 0 unchanged (0 → 1); added: Zedpur" in out
    data = read_store(store)
    identity = data.identity
    assert (identity.name, identity.state, identity.code, identity.code_kind) == (
        "Zedpur",
        "Jharkhand",
        "990",
        "Census 2011",
    )
    assert _areas_m2(data.village_boundaries, "census_code") == {
        "900101": 1_000_000.0,
        "900102": 1_250_000.0,
        "900201": 1_000_000.0,
        "900202": 500_000.0,
        "900203": 3_750_000.0,
        "900204": 1_000_000.0,
    }
    assert _areas_m2(data.panchayats, "lgd_code") == {"770001": 2_250_000.0, "770002": 6_250_000.0}
    assert data.panchayats.set_index("lgd_code")["name"].to_dict() == {"770001": "Amra", "770002": "Bela"}
    assert data.blocks[["lgd_code", "name"]].values.tolist() == [["2901", "Kesar"]]
    assert round(float(data.district.to_crs(32645).area.iloc[0])) == 8_750_000  # the union and its one hole
    assert data.villages["population"].isna().all()
    beta = data.villages.set_index("census_code").loc[["900102"]].to_crs(32645).geometry.iloc[0]
    assert square(1000, 0, 2000, 1000).contains(beta)  # the point of its largest part
    report = validate_store(data)
    assert report.ok
    tiling_fact = next(f for f in report.facts if f.startswith("the district"))
    assert "gaps 0.250 km² in 1 place(s)" in tiling_fact and "overlaps 0.000 km² in 0 place(s)" in tiling_fact
    gaps = [p for p in report.problems if "belong to no polygon" in p.message]
    assert [(p.severity, p.message.split(" belong")[0]) for p in gaps] == [("warning", "25.00 ha")]


def test_a_village_in_two_parts_is_joined_and_said_once(tmp_path):
    result = _villages(tmp_path, zedpur_rows(), dissolve_to_panchayats=True)
    assert result.ok
    assert "1 village drawn in several parts was joined: 900102 (rows 3, 4)" in result.report.facts
    assert result.text().count("drawn in several parts") == 1
    beta = result.data.village_boundaries.set_index("census_code").loc[["900102"]]
    assert beta.geom_type.tolist() == ["MultiPolygon"] and len(beta.geometry.iloc[0].geoms) == 2


def test_one_code_on_two_names_is_an_error_naming_both_rows(tmp_path):
    rows = [
        row("802345", "Rampur", "111", wkt(square(0, 0, 1000, 1000))),
        row("802345", "Sitapur", "111", wkt(square(1000, 0, 2000, 1000))),
    ]
    result = _villages(tmp_path, rows, dissolve_to_panchayats=True)
    assert not result.ok and result.data is None
    assert [(p.where, p.message) for p in result.report.errors] == [
        (
            "v.csv row 2 (census code 802345: Rampur, panchayat 111)",
            "census code 802345 names different villages: this row and row 3 (Sitapur, panchayat 111) — a census code "
            "names one village: correct the code of one of them",
        ),
        (
            "v.csv row 3 (census code 802345: Sitapur, panchayat 111)",
            "census code 802345 names different villages: this row and row 2 (Rampur, panchayat 111) — a census code "
            "names one village: correct the code of one of them",
        ),
    ]


def test_one_village_under_two_panchayats_is_an_error(tmp_path):
    """With --strict (without it, the village is kept once and its land split: tests/test_import_real_districts.py)."""
    same = wkt(square(0, 0, 1000, 1000))
    result = _villages(
        tmp_path,
        [row("802345", "Gadi", "111", same), row("802345", "Gadi", "112", same)],
        dissolve_to_panchayats=True,
        strict=True,
    )
    assert [p.message for p in result.report.errors][0] == (
        "census code 802345 lists one village under 2 panchayats with the same polygon on each row: this row and "
        "row 3 (Gadi, panchayat 112) — a village belongs to one panchayat: keep the row of its panchayat and delete "
        "the others (or give each part its own polygon and code)"
    )
    left = import_file(
        "villages", None, tmp_path / "v.csv", dissolve_to_panchayats=True, strict=True, skip_invalid=True
    )
    assert left.rejected["row"].tolist() == [2, 3]  # neither row is chosen


def test_parts_that_disagree_and_points_that_repeat_a_code_are_errors(tmp_path):
    rows = [
        row("802345", "Rampur", "111", wkt(square(0, 0, 1000, 1000)), block_code="2901"),
        row("802345", "Rampur", "111", wkt(square(3000, 0, 4000, 1000)), block_code="2902"),
    ]
    result = _villages(tmp_path, rows, dissolve_to_panchayats=True)
    assert result.report.errors[0].message.startswith(
        "census code 802345 draws one village in parts that disagree on 'block_code' (2901, 2902): this row and row 3"
    )
    points = tmp_path / "points.csv"
    points.write_text(
        "census_code,village_name,lat,lon\n7,Rampur,23.06,86.02\n7,Rampur,23.07,86.03\n", encoding="utf-8"
    )
    result = import_file("villages", None, points)
    assert [p.message for p in result.report.errors] == [
        "census code 7 gives one village several points: this row and row 3 (Rampur) — a village has one point: "
        "keep one of the rows",
        "census code 7 gives one village several points: this row and row 2 (Rampur) — a village has one point: "
        "keep one of the rows",
    ]


def test_invalid_polygons_are_repaired_and_said_per_feature(tmp_path):
    result = _villages(tmp_path, zedpur_rows(), dissolve_to_panchayats=True)
    repaired = {p.where: p.message for p in result.warnings if p.row in (6, 8)}
    assert repaired["v.csv row 6"].startswith("invalid geometry (Self-intersection[")
    assert repaired["v.csv row 6"].endswith("repaired with make_valid — check it in QGIS")
    assert repaired["v.csv row 8"] == (
        "geometry WKT has a ring that is not closed; closed it (its first point repeated) — check it in QGIS"
    )
    areas = _areas_m2(result.data.village_boundaries, "census_code")
    assert (areas["900202"], areas["900204"]) == (500_000.0, 1_000_000.0)  # the bowtie's two triangles; the square


def test_a_small_overlap_goes_to_the_larger_village(tmp_path):
    result = _villages(tmp_path, zedpur_rows(), dissolve_to_panchayats=True)
    overlaps = [p for p in result.warnings if p.message.startswith("overlap")]
    assert [(p.where, p.message) for p in overlaps] == [
        (
            "v.csv villages 900102 (Beta) / 900201 (Gamma)",
            "overlap 2,000.0 m² (0.20% of 900201 (Gamma)) given to 900102 (Beta), the larger; 900201 (Gamma) lost it",
        )
    ]
    assert (
        "v.csv villages: 1 overlap(s) under the tolerance (less than 1% of the smaller polygon and less than "
        "1 ha) given to the larger polygon, 2,000.0 m² in all"
    ) in result.report.facts
    areas = _areas_m2(result.data.village_boundaries, "census_code")
    assert areas["900201"] == 1_002_000.0 - 2_000.0 and areas["900102"] == 1_250_000.0  # Gamma lost exactly the strip


def test_a_large_overlap_is_refused_with_both_places_and_its_area(tmp_path):
    rows = [
        row("900101", "Big", "111", wkt(square(0, 0, 1000, 1000))),
        row("900102", "Small", "111", wkt(square(900, 0, 1400, 1000))),
    ]  # 100 m x 1000 m = 10 ha, 20 % of Small
    result = _villages(tmp_path, rows, dissolve_to_panchayats=True)
    assert not result.ok and result.data is None
    assert [(p.where, p.message) for p in result.report.errors] == [
        (
            "v.csv villages 900101 (Big) / 900102 (Small)",
            "overlap 10.00 ha (20.0% of 900102 (Small), the smaller): more than the tolerance (less than 1% of the "
            "smaller polygon and less than 1 ha) — the two claim the same land; correct the boundaries in the file "
            "(or in QGIS)",
        )
    ]


def test_strict_repairs_nothing(tmp_path, capsys):
    result = _villages(tmp_path, zedpur_rows(), dissolve_to_panchayats=True, strict=True)
    assert not result.ok
    causes = {p.where: p.message.split(";")[0] for p in result.report.errors}
    assert causes == {
        "v.csv row 6": "invalid geometry (Self-intersection[86.0872606289861 23.0604197808393])",
        "v.csv row 8": "geometry WKT has a ring that is not closed",
    }
    rows = [r for r in zedpur_rows() if r["village_name"] not in ("Delta", "Zeta")]  # valid polygons, one overlap
    result = _villages(tmp_path, rows, dissolve_to_panchayats=True, strict=True)
    assert [p.message for p in result.report.errors] == [
        "overlap 2,000.0 m² (0.20% of 900201 (Gamma)); --strict resolves nothing — correct the boundaries, or import "
        "without --strict to give it to 900102 (Beta), the larger"
    ]
    store = tmp_path / "strict.gpkg"
    assert (
        main(
            [
                "import",
                "villages",
                str(tmp_path / "v.csv"),
                "--dissolve-to-panchayats",
                "--strict",
                "--store",
                str(store),
            ]
        )
        == 1
    )
    assert "--strict resolves nothing" in capsys.readouterr().out and not store.exists()
    assert main(["import", "villages", str(tmp_path / "v.csv"), "--dissolve-to-panchayats", "--store", str(store)]) == 0


def test_panchayat_boundaries_resolve_a_small_overlap_too(tmp_path):
    frame = gpd.GeoDataFrame(
        {"lgd_code": ["P1", "P2"], "name": ["Amra", "Bela"], "block_lgd": ["B1", "B1"]},
        geometry=[square(0, 0, 2000, 1000), square(1995, 0, 3000, 1000)],
        crs=32645,
    ).to_crs(4326)
    path = tmp_path / "gps.geojson"
    pyogrio.write_dataframe(frame, path, driver="GeoJSON")
    result = import_file("boundaries", None, path, district=DistrictIdentity(name="Zedpur"))
    assert result.ok, result.text()
    assert [p.message for p in result.warnings if p.message.startswith("overlap")] == [
        "overlap 5,000.0 m² (0.50% of P2 (Bela)) given to P1 (Amra), the larger; P2 (Bela) lost it"
    ]
    assert _areas_m2(result.data.panchayats, "lgd_code") == {"P1": 2_000_000.0, "P2": 1_000_000.0}
    strict = import_file("boundaries", None, path, district=DistrictIdentity(name="Zedpur"), strict=True)
    assert [p.where for p in strict.report.errors] == ["gps.geojson panchayats P1 (Amra) / P2 (Bela)"]


def test_a_short_row_says_where_its_geometry_went(tmp_path):
    """A row missing its panchayat name and code: every later cell moved two columns left (the real file's 350).

    With --strict (without it, the cells are put back: tests/test_import_real_districts.py).
    """
    good = row("900101", "Alpha", "770001", wkt(square(0, 0, 1000, 1000)))
    cells = [good[c] for c in COLUMNS]
    short = cells[:2] + cells[4:]  # no panchayat_name, panchayat_code
    path = tmp_path / "v.csv"
    path.write_text(",".join(COLUMNS) + "\n" + ",".join(f'"{c}"' for c in short) + "\n", encoding="utf-8")
    result = import_file("villages", None, path, dissolve_to_panchayats=True, strict=True)
    assert [p.message for p in result.report.errors] == [
        "geometry is not in column 'geometery_in_wkt' but in 'district_census_code': the row has 2 cell(s) fewer "
        "than the header before its geometry (e.g. an empty panchayat name and code left out), so its cells moved "
        "left — put the missing cells back (empty) in the file"
    ]


def test_a_numeric_district_name_is_a_code_not_a_name(tmp_path):
    rows = [
        row(
            "900101",
            "Alpha",
            "770001",
            wkt(square(0, 0, 1000, 1000)),
            district_name="350",
            district_code="",
            district_census_code="",
        )
    ]
    result = _villages(tmp_path, rows, dissolve_to_panchayats=True)
    assert result.ok
    identity = result.data.identity
    assert (identity.name, identity.code, identity.code_kind) == ("", "350", "")
    assert (
        "column 'district_name' holds '350', a number: taken as the district's code, as the file gives no other; "
        "the district is left unnamed — pass --district-name NAME (the Data page: District name) to name it"
    ) in [p.message for p in result.warnings]
    named = _villages(tmp_path, rows, dissolve_to_panchayats=True, district=DistrictIdentity(name="Deoghar"))
    assert (named.data.identity.name, named.data.identity.code) == ("Deoghar", "350")
    coded = _villages(tmp_path, [rows[0] | {"district_census_code": "350"}], dissolve_to_panchayats=True)
    assert any("a code, not a name (the file's Census 2011 district code is 350)" in p.message for p in coded.warnings)


@pytest.mark.parametrize(
    ("cells", "header", "expected"),
    [
        ({"district_code": "990", "district_census_code": "990"}, "district_code", ("990", "Census 2011")),
        ({"district_code": "365", "district_census_code": "364"}, "district_code", ("364", "Census 2011")),
        ({"district_code": "990", "district_census_code": ""}, "district_code", ("990", "")),
        ({"district_code": "990", "district_census_code": ""}, "district_lgd_code", ("990", "LGD")),
        ({"district_code": "Jharkhand", "district_census_code": "JH"}, "district_code", ("", "")),
    ],
    ids=["census equal", "census differs", "bare code: kind not stated", "LGD header", "words are no codes"],
)
def test_a_district_code_carries_the_list_the_file_names(tmp_path, cells, header, expected):
    rows = [row("900101", "Alpha", "770001", wkt(square(0, 0, 1000, 1000))) | cells]
    columns = [header if c == "district_code" else c for c in COLUMNS]
    rows = [{header if k == "district_code" else k: v for k, v in r.items()} for r in rows]
    result = import_file("villages", None, write_census(tmp_path / "v.csv", rows, columns), dissolve_to_panchayats=True)
    assert result.ok, result.text()
    identity = result.data.identity
    assert (identity.code, identity.code_kind) == expected
    stated = f" ({expected[1] + ' ' if expected[1] else ''}code {expected[0]})" if expected[0] else ""
    assert f"district: Zedpur district, Jharkhand{stated} — from the file's columns" in result.report.facts
    stored = result.data.district["lgd_code"].iloc[0]
    assert (None if pd.isna(stored) else stored) == (expected[0] if expected[1] == "LGD" else None)


def test_keep_duplicate_codes_still_accepted_but_not_needed(tmp_path, capsys):
    path = write_census(tmp_path / "zedpur.csv", zedpur_rows())
    store = tmp_path / "s.gpkg"
    assert (
        main(
            [
                "import",
                "villages",
                str(path),
                "--dissolve-to-panchayats",
                "--keep-duplicate-codes",
                "--store",
                str(store),
            ]
        )
        == 0
    )
    assert "--keep-duplicate-codes is no longer needed" in capsys.readouterr().out
    assert len(read_store(store).villages) == 6


def test_gaps_never_refuse(tmp_path):
    """Two panchayats 1 km apart, the district drawn around both: a 1 km² gap, reported, imported."""
    gps = gpd.GeoDataFrame(
        {"lgd_code": ["P1", "P2"], "name": ["Amra", "Bela"], "block_lgd": ["B1", "B1"]},
        geometry=[square(0, 0, 1000, 1000), square(2000, 0, 3000, 1000)],
        crs=32645,
    ).to_crs(4326)
    outline = gpd.GeoDataFrame(
        {"lgd_code": ["990"], "name": ["Zedpur"]}, geometry=[square(0, 0, 3000, 1000)], crs=32645
    ).to_crs(4326)
    pyogrio.write_dataframe(outline, tmp_path / "district.geojson", driver="GeoJSON")
    pyogrio.write_dataframe(gps, tmp_path / "gps.geojson", driver="GeoJSON")
    first = import_file("boundaries", None, tmp_path / "district.geojson", level="district")
    assert first.ok, first.text()
    result = import_file("boundaries", first.data, tmp_path / "gps.geojson")
    assert result.ok, result.text()
    fact = next(f for f in result.report.facts if f.startswith("the district"))
    assert "gaps 1.000 km² in 1 place(s)" in fact
    assert [p.severity for p in result.report.problems if "belong to no polygon" in p.message] == ["warning"]
