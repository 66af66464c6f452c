"""Files shaped like the real Census-2011 village extracts, for a district that is not the demo's.

Each test imports a file an office could really have and reads the figure where a user
would (summary, gap lists, Review card, sheet, public page): the right figure, never 0,
"nan" or the demo district's name.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from cli import main
from geo.exports.export import export_data
from geo.importing import apply_import, import_file
from geo.importing.columns import CENSUS_EXTRACT_ROLES
from geo.review.analysis import analyse
from geo.storage.store import STORE_ENV, read_store
from layers.publish import publish_html
from layers.sheet import render_map_sheet

ROOT = Path(__file__).resolve().parent.parent
REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real" / "jamtara_block_villages_2011.csv"
if not REAL.exists():
    REAL = Path("/work/shared/data/real/jamtara_block_villages_2011.csv")
#: The columns of the Census-2011 extract (``../shared/data/real``), unchanged.
CENSUS_COLUMNS = list(CENSUS_EXTRACT_ROLES)
LON0, LAT0, STEP = 85.30, 23.30, 0.02  # about 2 km squares near 85.3 °E 23.3 °N


def census_rows() -> list[dict[str, str]]:
    """Six villages of two panchayats of a block of RANCHI district, as the Census extract writes them."""
    rows = []
    for i in range(6):
        gp = 0 if i < 3 else 1
        square = box(LON0 + i * STEP, LAT0, LON0 + (i + 1) * STEP, LAT0 + STEP)
        ring = ", ".join(f"{x:.6f} {y:.6f}" for x, y in square.exterior.coords)
        rows.append(
            {
                "village_id": str(500 + i),
                "village_name": f"Gaon {i + 1}",
                "village_descriptive_name": f"Gaon {i + 1} ( Panch {gp + 1} - KANKE - RANCHI - JH )",
                "village_census_code": f"20110013640{i + 1:02d}00",
                "panchayat_name": f"Panch {gp + 1}",
                "panchayat_code": str(120001 + gp),
                "block_code": "2801.00000000",
                "block_name": "KANKE",
                "district_name": "RANCHI",
                "district_code": "364",
                "district_census_code": "364",
                "state_name": "Jharkhand",
                "state_code": "JH",
                "state_census_code": "20",
                "geometery_in_wkt": f"MULTIPOLYGON((({ring})))",
                "centroid_latitude": f"{square.centroid.y:.8f}",
                "centroid_longitude": f"{square.centroid.x:.8f}",
            }
        )
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str] = CENSUS_COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def import_into(store: Path, what: str, path: Path, **options: object) -> None:
    data = read_store(store, private=True) if store.exists() else None
    result = import_file(what, data, path, **options)
    assert result.ok, result.text()
    apply_import(store, result, user="test")


@pytest.fixture
def ranchi(tmp_path) -> Path:
    """A store made from the Census-shaped file alone: no population column, no service point, no history."""
    store = tmp_path / "ranchi.gpkg"
    import_into(store, "villages", write_csv(tmp_path / "villages.csv", census_rows()), dissolve_to_panchayats=True)
    return store


def test_a_district_file_names_its_own_district(ranchi, tmp_path, monkeypatch, capsys):
    data = read_store(ranchi)
    assert (data.identity.name, data.identity.code, data.identity.state) == ("Ranchi", "364", "Jharkhand")
    assert (data.identity.code_kind, data.district["lgd_code"].isna().all()) == ("Census 2011", True)  # not LGD
    # every face names Ranchi, none Jamtara
    assert main(["summary", "--store", str(ranchi)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Ranchi district, Jharkhand") and "Jamtara" not in out
    assert main(["validate", "--store", str(ranchi)]) in (0, 1)
    out = capsys.readouterr().out
    assert "district: Ranchi district, Jharkhand (Census 2011 code 364)" in out
    assert "Jamtara" not in out and "118" not in out
    page = publish_html(data)
    assert "<title>Ranchi district: panchayat services" in page and "Jamtara" not in page
    sheet = tmp_path / "sheet.pdf"
    sheet.write_bytes(render_map_sheet(data, "connectivity"))
    import subprocess

    text = subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True, check=True).stdout
    assert "Ranchi district, Jharkhand" in text and "DeGS), Ranchi" in text and "Jamtara" not in text
    monkeypatch.setenv(STORE_ENV, str(ranchi))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "District e-Governance review — Ranchi"
    public = AppTest.from_file(str(ROOT / "public_app.py"), default_timeout=60).run()
    assert public.title[0].value == "Ranchi: digital services in every panchayat"
    assert "the 2 gram panchayats" in public.caption[0].value


def test_no_population_column_is_not_recorded_never_zero(ranchi, tmp_path, capsys):
    data = read_store(ranchi)
    assert data.villages["population"].isna().all()
    result = analyse(data)
    assert result.figures.value("population") is None
    assert result.figures.text("population") == "not recorded"
    assert result.panchayats["population"].isna().all()
    # summary says "not recorded"; nothing reads 0 or nan
    assert main(["summary", "--store", str(ranchi)]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.strip().startswith("Population (villages)"))
    assert "not recorded" in line and "nan" not in out.lower()
    assert main(["validate", "--store", str(ranchi)]) in (0, 1)
    assert "village population not recorded" in capsys.readouterr().out


def test_no_aadhaar_centre_is_said_so_everywhere(ranchi, tmp_path, capsys, monkeypatch):
    result = analyse(read_store(ranchi))
    assert result.figures.text("villages_beyond_aadhaar") == "no Aadhaar centre recorded"
    assert result.gaps["far_from_aadhaar"].empty  # not "every village is far"
    out = tmp_path / "gaps.csv"
    assert main(["gaps", "--store", str(ranchi), "--out", str(out)]) == 0
    capsys.readouterr()
    assert "nan" not in out.read_text(encoding="utf-8-sig").lower()
    assert main(["summary", "--store", str(ranchi)]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if "Villages beyond 10 km" in line)
    assert "no Aadhaar centre recorded" in line
    monkeypatch.setenv(STORE_ENV, str(ranchi))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    cards = {m.label: m.value for m in at.metric}
    assert cards["Villages beyond 10 km of an Aadhaar centre"] == "no Aadhaar centre recorded"
    at.session_state["planner_section"] = "gaps"
    at.switch_page("ui/planner.py").run()
    assert "Villages beyond 10 km of an Aadhaar centre (no Aadhaar centre recorded)" in [t.label for t in at.tabs]


def test_functional_service_points_count(ranchi, tmp_path, monkeypatch):
    """Two CSC points flagged functional (the office's register): the panchayats have a functional CSC."""
    sheet = tmp_path / "csc.csv"
    x0 = LON0 + 0.5 * STEP
    sheet.write_text(
        "id,name,functional,lat,lon\n"
        f"K1,Pragya Kendra Gaon 1,yes,{LAT0 + STEP / 2},{x0}\n"
        f"K2,Pragya Kendra Gaon 4,yes,{LAT0 + STEP / 2},{x0 + 3 * STEP}\n",
        encoding="utf-8",
    )
    import_into(ranchi, "services", sheet, kind="csc")
    result = analyse(read_store(ranchi))
    assert result.figures.value("csc_functional") == 2 and result.figures.text("csc_functional") == "2 / 2"
    assert result.gaps["no_functional_csc"].empty
    assert result.panchayats["csc_source"].tolist() == ["register", "register"]
    gps = pd.read_csv(io.BytesIO(export_data(read_store(ranchi), "panchayats", "csv")), encoding="utf-8-sig")
    assert gps["csc"].tolist() == ["functional", "functional"] and gps["csc_functional_points"].tolist() == [1, 1]
    # a later review that says "no" for one panchayat outranks the register's flag there
    review = tmp_path / "review.csv"
    review.write_text("panchayat_code,as_of,csc_functional\n120002,2030-01-01,no\n", encoding="utf-8")
    import_into(ranchi, "status", review, today=pd.Timestamp("2030-01-02").date())
    later = analyse(read_store(ranchi))
    assert later.figures.value("csc_functional") == 1
    row = later.gaps["no_functional_csc"].iloc[0]
    assert row["lgd_code"] == "120002" and row["detail"] == "1 CSC point, none functional since 1 Jan 2030 (review)"
    assert not later.services.set_index("id").loc["K2", "functional"]  # never offered as a nearest CSC


def test_every_row_twice_counts_each_village_once(tmp_path):
    rows = census_rows()
    store = tmp_path / "twice.gpkg"
    data = None
    result = import_file("villages", data, write_csv(tmp_path / "twice.csv", rows + rows), dissolve_to_panchayats=True)
    assert result.ok, result.text()
    assert "6 row(s) repeat an earlier row exactly (same code, geometry and values) and are left out" in result.text()
    apply_import(store, result, user="test")
    villages = read_store(store).villages
    assert len(villages) == 6 and villages["census_code"].is_unique  # no "-2" codes
    assert analyse(read_store(store)).figures.value("villages") == 6


@pytest.mark.skipif(not REAL.exists(), reason="needs ../shared/data/real")
def test_the_real_extract_twice_is_the_real_extract(tmp_path):
    rows = list(csv.DictReader(REAL.open(encoding="utf-8")))
    doubled = write_csv(tmp_path / "doubled.csv", rows + rows)
    result = import_file("villages", None, doubled, dissolve_to_panchayats=True)
    assert result.ok, result.text()
    assert len(result.data.villages) == 224  # 227 rows: row 105 repeats row 104, two villages are in two parts
    assert "228 row(s) repeat an earlier row exactly" in result.text()
    assert result.data.identity.name == "Dumka"
