"""The real fixture (227 villages of the former Jamtara block, Census 2011) imports end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pyproj import Geod

from geo.cli import main
from geo.coverage import coverage
from geo.importing import apply_import, import_services, import_villages
from geo.store import read_store
from geo.validate import validate_store
from geo.versions import list_versions

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real" / "jamtara_block_villages_2011.csv"
if not REAL.exists():
    REAL = Path("/work/shared/data/real/jamtara_block_villages_2011.csv")
pytestmark = pytest.mark.skipif(not REAL.exists(), reason=f"real fixture not found at {REAL} (../shared/data/real)")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    store = tmp_path_factory.mktemp("real") / "jamtara_block.gpkg"
    result = import_villages(None, REAL, dissolve_to_panchayats=True, keep_duplicate_codes=True)
    version = apply_import(store, result, user="tester")
    return store, result, version


def test_villages_dissolve_into_34_panchayats(imported):
    store, result, version = imported
    assert result.ok and version == 1
    data = read_store(store, private=True)
    assert not data.is_demo
    # 227 rows, one of which (row 105) repeats row 104 exactly: 226 villages
    assert len(data.villages) == 226 and len(data.village_boundaries) == 226
    assert len(data.panchayats) == 34
    assert sorted(data.panchayats["lgd_code"]) == [str(c) for c in range(113759, 113793)]
    assert data.panchayats.set_index("lgd_code").loc["113765", "name"] == "Chalna"
    assert data.blocks[["lgd_code", "name"]].values.tolist() == [["2677", "Jamtara"]]
    assert len(data.district) == 1
    area_km2 = data.district.to_crs(32645).area.sum() / 1e6
    assert area_km2 == pytest.approx(429.30, abs=0.01)
    assert validate_store(data).ok
    facts = "\n".join(result.report.facts)
    assert "dissolved 226 village polygons into 34 panchayats" in facts
    assert "derived it as the union of the 34 panchayats and named it Dumka" in facts
    assert list_versions(store)["action"].tolist() == ["import villages"]


def test_the_file_names_its_own_district(imported):
    """Every row says DUMKA (district code 363, Jharkhand): the store is Dumka's, not the demo's Jamtara."""
    store, result, _ = imported
    data = read_store(store)
    identity = data.identity
    assert (identity.name, identity.code, identity.code_kind, identity.state) == ("Dumka", "363", "LGD", "Jharkhand")
    assert data.district[["lgd_code", "name"]].values.tolist() == [["363", "Dumka"]]
    assert data.meta["dataset_name"] == "Dumka district store"
    assert "district: Dumka district, Jharkhand (LGD code 363) — from the file's columns" in result.text()


def test_real_population_is_not_recorded_never_zero(imported):
    store, result, _ = imported
    data = read_store(store)
    assert data.villages["population"].isna().all()
    assert "village population not recorded" in result.report.facts
    assert "no population column: village population is stored as not recorded" in result.text()


def test_real_duplicate_census_codes(imported):
    store, result, _ = imported
    text = result.text()
    # the exact repeat is left out and counted once
    assert "1 row(s) repeat an earlier row exactly (same code, geometry and values) and are left out" in text
    assert "rows 105" in text
    # the two codes whose rows differ are kept under the file's own code, and validation goes on listing them
    villages = read_store(store).villages
    counts = villages["census_code"].value_counts()
    assert counts[["2011001202155700", "2011001202166100"]].tolist() == [2, 2] and counts.max() == 2
    assert not villages["census_code"].str.contains("-").any()
    listed = [p for p in validate_store(read_store(store)).problems if p.where.startswith("villages census_code")]
    assert [(p.severity, p.where.rsplit(" ", 1)[-1]) for p in listed] == [
        ("warning", "2011001202155700"), ("warning", "2011001202166100")]


def test_real_duplicate_codes_stop_the_import_unless_kept():
    result = import_villages(None, REAL, dissolve_to_panchayats=True)
    assert not result.ok and result.data is None
    errors = [str(p) for p in result.report.errors]
    assert len(errors) == 2
    assert "census code 2011001202155700: appears 2 times (rows 178, 179)" in errors[0]
    assert "--keep-duplicate-codes" in errors[0]


def test_real_overlaps_are_reported_with_areas(imported):
    _, result, _ = imported
    overlaps = [p for p in result.warnings if p.message.startswith("overlap")]
    assert len(overlaps) == 6
    assert overlaps[0].where.endswith("villages 2011001202163900 / 2011001202163800")
    assert overlaps[0].message.startswith("overlap 15.4 m²")
    assert "6 overlap(s) of at least 1 m² totalling 39.2 m²" in "\n".join(result.report.facts)
    gaps = [p for p in result.warnings if "belong to no polygon" in p.message]
    assert len(gaps) == 17 and gaps[0].message.startswith("16,184,078.0 m²")  # Jamtara town is not in the extract
    assert any("appears with 2 block codes (2677 in 106 rows, 2678 in 120 rows)" in p.message for p in result.warnings)
    assert "states no CRS; assumed EPSG:4326" in result.text()


def test_coverage_on_the_imported_district(imported, tmp_path):
    store, _, _ = imported
    data = read_store(store, private=True)
    chalna = data.panchayats.set_index("lgd_code").loc["113765"].geometry.representative_point()
    sheet = tmp_path / "csc.csv"
    sheet.write_text(f"id,name,panchayat,lat,lon\nCSC1,Chalna CSC,Chalna,{chalna.y},{chalna.x}\n", encoding="utf-8")
    result = import_services(data, sheet, kind="csc")
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
    assert main(["import", "villages", str(REAL), "--store", str(store), "--dissolve-to-panchayats",
                 "--user", "dio"]) == 1
    assert "--keep-duplicate-codes" in capsys.readouterr().out and not store.exists()
    assert main(["import", "villages", str(REAL), "--store", str(store), "--dissolve-to-panchayats",
                 "--keep-duplicate-codes", "--user", "dio"]) == 0
    out = capsys.readouterr().out
    assert "0 error(s), 33 warning(s), 0 name(s) to confirm" in out
    assert "applied as version 1" in out
    assert main(["history", "--store", str(store)]) == 0
    history = capsys.readouterr().out
    assert "import villages jamtara_block_villages_2011.csv applied" in history
