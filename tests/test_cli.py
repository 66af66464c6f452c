from __future__ import annotations

import pandas as pd
import pytest

from cli import main


def test_summary_prints_the_figures_and_the_store_it_read(capsys, monkeypatch, tmp_path):
    assert main(["summary", "--since", "2020-11-12"]) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert out.startswith("DEMO DATA — not official. Jamtara district, Jharkhand")
    assert "PMGDISHA registered" in out and "51,196" in out and "7,91,042" in out
    assert "change" in out and "Narayanpur" in out
    assert "Panchayat buildings online, working" in out and "40 / 118" in out
    assert "… store: " in captured.err and "$PANCHAYAT_STORE" in captured.err


def test_demo_is_never_written_over_a_real_store(tmp_path, capsys):
    from tiny_district import tiny_store

    from geo.storage.store import write_store

    real = write_store(tmp_path / "real.gpkg", tiny_store())
    before = real.read_bytes()
    assert main(["demo", "--out", str(real)]) == 2
    assert "holds a store of real data" in capsys.readouterr().err
    assert real.read_bytes() == before


def test_validate_demo(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "118 panchayats, 6 blocks" in out and "village population 7,91,042" in out and "OK; 0 warning(s)" in out
    assert "district: Jamtara district, Jharkhand" in out


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
    assert set(sheets) == {
        "not_live",
        "live_offline",
        "no_functional_csc",
        "library_not_opened",
        "far_from_aadhaar",
        "not_recorded",
    }
    assert sheets["far_from_aadhaar"]["aadhaar_dist_km"].min() > 10
    # the lists are the figures' classes (by hand from the demo: 60 not live, 18 live but found offline)
    assert (len(sheets["not_live"]), len(sheets["live_offline"]), len(sheets["no_functional_csc"])) == (60, 18, 18)


def test_demo_regenerates(tmp_path, capsys):
    out = tmp_path / "demo.gpkg"
    assert main(["demo", "--out", str(out)]) == 0
    assert out.stat().st_size > 100_000


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["summary", "--store", "missing.gpkg"], "error: store missing.gpkg does not exist"),
        (["summary", "--as-of", "10-13-2020"], "error: as_of '10-13-2020' is not a date"),
        (["gaps", "--out", "gaps.pdf"], "error: cannot write gaps.pdf: expected a .csv or .xlsx file name"),
    ],
)
def test_errors_are_one_sentence_without_traceback(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
