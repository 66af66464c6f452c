"""The real fixture (227 villages of the former Jamtara block, Census 2011) imports end to end."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pyproj import Geod

from cli import main
from geo.importing import ServiceOptions, VillageOptions, apply_import, import_services, import_villages
from geo.spatial.coverage import coverage
from geo.storage.store import read_store
from geo.storage.validate import tiling, validate_store
from geo.storage.versions import list_versions

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real" / "jamtara_block_villages_2011.csv"
if not REAL.exists():
    REAL = Path("/work/shared/data/real/jamtara_block_villages_2011.csv")
pytestmark = pytest.mark.skipif(not REAL.exists(), reason=f"real fixture not found at {REAL} (../shared/data/real)")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    store = tmp_path_factory.mktemp("real") / "jamtara_block.gpkg"
    result = import_villages(None, REAL, own=VillageOptions(dissolve_to_panchayats=True))
    version = apply_import(store, result, user="tester")
    return store, result, version


def test_villages_dissolve_into_34_panchayats(imported):
    store, result, version = imported
    assert result.ok and version == 1
    data = read_store(store, private=True)
    assert not data.is_demo
    # 227 rows, one of which (row 105) repeats row 104 exactly, two villages drawn in two parts each: 224 villages
    assert len(data.villages) == 224 and len(data.village_boundaries) == 224
    assert len(data.panchayats) == 34
    assert sorted(data.panchayats["lgd_code"]) == [str(c) for c in range(113759, 113793)]
    assert data.panchayats.set_index("lgd_code").loc["113765", "name"] == "Chalna"
    assert data.blocks[["lgd_code", "name"]].values.tolist() == [["2677", "Jamtara"]]
    assert len(data.district) == 1
    union_km2 = data.panchayats.to_crs(32645).union_all().area / 1e6
    assert union_km2 == pytest.approx(429.30, abs=0.01)
    # the district is that union with the land it encloses (Jamtara town, 16.18 km², and 26 smaller holes)
    assert data.district.to_crs(32645).area.sum() / 1e6 == pytest.approx(429.30 + 21.35, abs=0.01)
    assert validate_store(data).ok
    facts = "\n".join(result.report.facts)
    assert "dissolved 224 village polygons into 34 panchayats" in facts
    assert "derived it as the union of the 34 panchayats (land they enclose included) and named it Dumka" in facts
    assert list_versions(store)["action"].tolist() == ["import villages"]


def test_the_file_names_its_own_district(imported):
    """Every row says DUMKA, district_census_code 362 (district_code 363): Dumka's store, its code a Census one."""
    store, result, _ = imported
    data = read_store(store)
    identity = data.identity
    assert (identity.name, identity.code, identity.code_kind, identity.state) == (
        "Dumka",
        "362",
        "Census 2011",
        "Jharkhand",
    )
    assert data.district["lgd_code"].isna().all() and data.district["name"].tolist() == ["Dumka"]  # no LGD code
    assert data.meta["dataset_name"] == "Dumka district store"
    assert "district: Dumka district, Jharkhand (Census 2011 code 362) — from the file's columns" in result.text()
    assert "LGD" not in validate_store(data).facts[1]


def test_real_population_is_not_recorded_never_zero(imported):
    store, result, _ = imported
    data = read_store(store)
    assert data.villages["population"].isna().all()
    assert "village population not recorded" in result.report.facts
    assert "no population column: village population is stored as not recorded" in result.text()


def test_real_villages_drawn_in_two_parts_are_joined(imported):
    store, result, _ = imported
    text = result.text()
    # the exact repeat is left out and counted once
    assert "1 row(s) repeat an earlier row exactly (same code, geometry and values) and are left out" in text
    assert "rows 105" in text
    # two codes are each one village (same name, same panchayat) drawn in two parts: joined, said once
    assert text.count("drawn in several parts") == 1
    assert (
        "2 villages drawn in several parts were joined: 2011001202155700 (rows 178, 179), 2011001202166100 "
        "(rows 119, 120)"
    ) in result.report.facts
    data = read_store(store)
    assert data.villages["census_code"].is_unique and data.village_boundaries["census_code"].is_unique
    rows = pd.read_csv(REAL, dtype=str)  # the file's own polygons of the two parts, measured here
    for code in ("2011001202155700", "2011001202166100"):
        parts = gpd.GeoSeries.from_wkt(rows.loc[rows["village_census_code"] == code, "geometery_in_wkt"], crs=4326)
        joined = data.village_boundaries.set_index("census_code").loc[[code]].to_crs(32645)
        assert joined.area.iloc[0] == pytest.approx(parts.to_crs(32645).area.sum(), rel=1e-9)
    assert not [p for p in validate_store(data).problems if p.where.startswith("villages census_code")]


def test_keep_duplicate_codes_is_no_longer_needed():
    result = import_villages(None, REAL, own=VillageOptions(dissolve_to_panchayats=True, keep_duplicate_codes=True))
    assert result.ok
    assert len(result.data.villages) == 224
    assert any("--keep-duplicate-codes is no longer needed" in p.message for p in result.warnings)


def test_real_overlaps_go_to_the_larger_village(imported):
    store, result, _ = imported
    resolved = [p for p in result.warnings if p.message.startswith("overlap")]
    assert len(resolved) == 6  # and one under 1 m², counted in the total
    assert resolved[0].where.endswith("villages 2011001202163900 (Bagjuri) / 2011001202163800 (Kusbedia)")
    assert resolved[0].message.startswith("overlap 15.4 m² (")
    assert "7 overlap(s) under the tolerance" in "\n".join(result.report.facts)
    assert "39.4 m² in all" in "\n".join(result.report.facts)
    stored = read_store(store).village_boundaries
    assert tiling(stored, "census_code").overlaps == ()  # no two villages claim the same land any more
    rows = pd.read_csv(REAL, dtype=str).drop_duplicates("village_census_code").set_index("village_census_code")
    smaller = resolved[0].message.split(" given to ")[0].split(" of ")[-1].rstrip(")")
    code = smaller.split(" ")[0]
    before = gpd.GeoSeries.from_wkt([rows.loc[code, "geometery_in_wkt"]], crs=4326).to_crs(32645).area.iloc[0]
    after = stored.set_index("census_code").loc[[code]].to_crs(32645).area.iloc[0]
    assert before - after == pytest.approx(15.4, abs=0.05)  # it lost exactly the overlap
    gaps = [p for p in result.warnings if "belong to no polygon" in p.message]
    assert len(gaps) == 17 and gaps[0].message.startswith("16.184 km²")  # Jamtara town is not in the extract
    assert any("appears with 2 block codes (2677 in 105 rows, 2678 in 119 rows)" in p.message for p in result.warnings)
    assert "states no CRS; assumed EPSG:4326" in result.text()


def test_coverage_on_the_imported_district(imported, tmp_path):
    store, _, _ = imported
    data = read_store(store, private=True)
    chalna = data.panchayats.set_index("lgd_code").loc["113765"].geometry.representative_point()
    sheet = tmp_path / "csc.csv"
    sheet.write_text(f"id,name,panchayat,lat,lon\nCSC1,Chalna CSC,Chalna,{chalna.y},{chalna.x}\n", encoding="utf-8")
    result = import_services(data, sheet, own=ServiceOptions("csc"))
    assert result.ok, result.text()
    apply_import(store, result, user="tester")
    data = read_store(store)
    assert data.service_points["panchayat_lgd"].tolist() == ["113765"]
    cov = coverage(data.villages, data.service_points, "csc", 5.0, weight=None)
    lon, lat = data.villages.geometry.x.to_numpy(), data.villages.geometry.y.to_numpy()
    _, _, dist_m = Geod(ellps="WGS84").inv(np.full_like(lon, chalna.x), np.full_like(lat, chalna.y), lon, lat)
    assert cov.share_covered == pytest.approx(np.mean(dist_m <= 5000))
    assert 0 < cov.share_covered < 1


def test_cli_imports_the_real_fixture(tmp_path, capsys):
    store = tmp_path / "cli.gpkg"
    assert (
        main(["import", "villages", str(REAL), "--store", str(store), "--dissolve-to-panchayats", "--user", "dio"]) == 0
    )
    out = capsys.readouterr().out
    assert "0 error(s), 27 warning(s), 0 name(s) to confirm" in out
    assert "applied as version 1" in out
    assert main(["history", "--store", str(store)]) == 0
    history = capsys.readouterr().out
    assert "import villages jamtara_block_villages_2011.csv applied" in history


def test_cli_strict_refuses_the_real_fixture(tmp_path, capsys):
    store = tmp_path / "strict.gpkg"
    assert (
        main(
            [
                "import",
                "villages",
                str(REAL),
                "--store",
                str(store),
                "--dissolve-to-panchayats",
                "--strict",
                "--user",
                "dio",
            ]
        )
        == 1
    )
    out = capsys.readouterr().out
    assert "ERROR: 6 × two polygons overlap; --strict resolves nothing" in out and not store.exists()
