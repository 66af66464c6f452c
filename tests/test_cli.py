from __future__ import annotations

import pandas as pd
import pytest

from geo.cli import main


def test_summary_prints_kpis(capsys):
    assert main(["summary", "--since", "2020-11-12"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("DEMO DATA — not official.")
    assert "PMGDISHA registered" in out and "51,196" in out
    assert "change" in out and "Narayanpur" in out


def test_validate_demo(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "118 panchayats, 6 blocks" in out and "village population 791,042" in out and "OK; 0 warning(s)" in out


def test_nearest_village_csv(tmp_path, demo):
    out = tmp_path / "near.csv"
    assert main(["nearest", "--kind", "aadhaar", "--out", str(out)]) == 0
    table = pd.read_csv(out, dtype={"census_code": str}, encoding="utf-8-sig")
    assert len(table) == len(demo.villages)
    assert table["nearest_dist_km"].between(0, 40).all()
    assert table["nearest_id"].str.startswith("AADHAAR-").all()


def test_nearest_panchayat_k2_xlsx(tmp_path):
    out = tmp_path / "near.xlsx"
    assert main(["nearest", "--kind", "csc", "--level", "panchayat", "--k", "2", "--out", str(out)]) == 0
    table = pd.read_excel(out, sheet_name="nearest_csc", dtype={"lgd_code": str})
    assert len(table) == 118
    assert (table["nearest_dist_km_1"] <= table["nearest_dist_km_2"]).all()


def test_gaps_xlsx_has_a_sheet_per_list(tmp_path):
    out = tmp_path / "gaps.xlsx"
    assert main(["gaps", "--out", str(out)]) == 0
    sheets = pd.read_excel(out, sheet_name=None)
    assert set(sheets) == {"no_functional_csc", "not_connected", "offline_on_inspection", "library_not_opened",
                           "far_from_aadhaar"}
    assert sheets["far_from_aadhaar"]["aadhaar_dist_km"].min() > 10


def test_demo_regenerates(tmp_path, capsys):
    out = tmp_path / "demo.gpkg"
    assert main(["demo", "--out", str(out)]) == 0
    assert out.stat().st_size > 100_000


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["summary", "--store", "missing.gpkg"], "error: store missing.gpkg does not exist"),
        (["summary", "--as-of", "10-12-2020"], "error: as_of '10-12-2020' is not a date"),
        (["gaps", "--out", "gaps.pdf"], "error: cannot write gaps.pdf: expected a .csv or .xlsx file name"),
    ],
)
def test_errors_are_one_sentence_without_traceback(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
