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
    result = import_villages(None, REAL, dissolve_to_panchayats=True)
    version = apply_import(store, result, user="tester")
    return store, result, version


def test_villages_dissolve_into_34_panchayats(imported):
    store, result, version = imported
    assert result.ok and version == 1
    data = read_store(store, private=True)
    assert not data.is_demo
    assert len(data.villages) == 227 and len(data.village_boundaries) == 227
    assert len(data.panchayats) == 34
    assert sorted(data.panchayats["lgd_code"]) == [str(c) for c in range(113759, 113793)]
    assert data.panchayats.set_index("lgd_code").loc["113765", "name"] == "Chalna"
    assert data.blocks[["lgd_code", "name"]].values.tolist() == [["2677", "Jamtara"]]
    assert len(data.district) == 1
    assert (data.district_name("en"), data.district_name("hi")) == ("Jamtara", "जामताड़ा")
    area_km2 = data.district.to_crs(32645).area.sum() / 1e6
    assert area_km2 == pytest.approx(429.30, abs=0.01)
    assert validate_store(data).ok
    facts = "\n".join(result.report.facts)
    assert "dissolved 227 village polygons into 34 panchayats" in facts
    assert "derived it as the union of the 34 panchayats" in facts
    assert list_versions(store)["action"].tolist() == ["import villages"]


def test_real_duplicate_census_codes_are_reported_and_kept(imported):
    store, result, _ = imported
    duplicates = [p for p in result.warnings if "census code" in p.where]
    assert [p.where.rsplit(" ", 1)[-1] for p in duplicates] == ["2011001202147300", "2011001202155700",
                                                                  "2011001202166100"]
    assert "rows 104, 105 with identical boundaries" in duplicates[0].message
    codes = set(read_store(store).villages["census_code"])
    assert {"2011001202147300", "2011001202147300-2", "2011001202166100-2"} <= codes


def test_real_overlaps_are_reported_with_areas(imported):
    _, result, _ = imported
    overlaps = [p for p in result.warnings if p.message.startswith("overlap")]
    assert len(overlaps) == 7
    assert overlaps[0].where.endswith("villages 2011001202147300 / 2011001202147300-2")
    assert overlaps[0].message.startswith("overlap 3,102,466.1 m²")
    assert "7 overlap(s) of at least 1 m² totalling 3,102,505.3 m²" in "\n".join(result.report.facts)
    gaps = [p for p in result.warnings if "belong to no polygon" in p.message]
    assert len(gaps) == 17 and gaps[0].message.startswith("16,184,078.0 m²")  # Jamtara town is not in the extract
    assert any("appears with 2 block codes (2677 in 107 rows, 2678 in 120 rows)" in p.message for p in result.warnings)
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
                 "--user", "dio"]) == 0
    out = capsys.readouterr().out
    assert "0 error(s), 31 warning(s), 0 name(s) to confirm" in out
    assert "applied as version 1" in out
    assert main(["history", "--store", str(store)]) == 0
    history = capsys.readouterr().out
    assert "import villages jamtara_block_villages_2011.csv applied" in history
