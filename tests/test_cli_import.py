from __future__ import annotations

from pathlib import Path

import pyogrio
import pytest
from tiny_district import tiny_store

from cli import main
from geo.storage.store import read_store


@pytest.fixture
def store(tiny_named_store: Path) -> Path:
    return tiny_named_store


def test_import_without_store_uses_the_store_every_face_uses(store, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PANCHAYAT_STORE", str(store))
    sheet = tmp_path / "review.csv"
    sheet.write_text("Panchayat LGD code,As on date,BharatNet\nP1,12-11-2020,Live\n", encoding="utf-8")
    assert main(["import", "status", str(sheet), "--user", "dio"]) == 0
    assert f"store: {store} ($PANCHAYAT_STORE)" in capsys.readouterr().err
    assert read_store(store).status_events["value"].iloc[-1] == "live"


def test_status_import_with_matches_round_trip(store, tmp_path, capsys):
    sheet = tmp_path / "review.csv"
    sheet.write_text(
        "GP Name,As on date,BharatNet\nKundahit,20-11-2020,Live\nKarmatanr,20-11-2020,cable laid\n", encoding="utf-8"
    )
    before = store.read_bytes()
    assert main(["import", "status", str(sheet), "--store", str(store)]) == 1
    captured = capsys.readouterr()
    assert "CONFIRM: 'Kundahit': fuzzy; candidates: P1 Kundhit" in captured.out
    matches = Path(f"{sheet}.matches.csv")
    assert f"then run again with --accept-matches {matches}" in captured.err
    assert store.read_bytes() == before
    assert (
        main(["import", "status", str(sheet), "--store", str(store), "--accept-matches", str(matches), "--dry-run"])
        == 0
    )
    assert "dry run: nothing was applied" in capsys.readouterr().out
    assert store.read_bytes() == before
    assert (
        main(["import", "status", str(sheet), "--store", str(store), "--accept-matches", str(matches), "--user", "dio"])
        == 0
    )
    assert "applied as version 1" in capsys.readouterr().out
    events = read_store(store, private=True).status_events.tail(2)
    assert events[["panchayat_lgd", "value", "as_of", "recorded_by"]].values.tolist() == [
        ["P1", "live", "2020-11-20", "dio"],
        ["P2", "cable_laid", "2020-11-20", "dio"],
    ]
    assert main(["history", "--store", str(store)]) == 0
    assert "import status review.csv applied" in capsys.readouterr().out
    assert main(["rollback", "1", "--store", str(store), "--user", "dio"]) == 0
    assert "the state before the rollback is version 2" in capsys.readouterr().out
    assert len(read_store(store).status_events) == 7


def test_import_with_errors_exits_1_and_changes_nothing(store, tmp_path, capsys):
    sheet = tmp_path / "gps.geojson"
    gps = tiny_store().panchayats.assign(lgd_code=["P1", "P1"])
    pyogrio.write_dataframe(gps, sheet, driver="GeoJSON")
    before = store.read_bytes()
    assert main(["import", "boundaries", str(sheet), "--store", str(store)]) == 1
    captured = capsys.readouterr()
    assert "ERROR: gps.geojson LGD code P1: appears 2 times" in captured.out
    assert "nothing was applied" in captured.err
    assert store.read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import", "villages", "missing.csv", "--store", "s.gpkg"], "error: missing.csv does not exist"),
        (["import", "status", "x.csv", "--store", "nowhere.gpkg"], "error: store nowhere.gpkg does not exist"),
        (["history", "--store", "nowhere.gpkg"], "error: store nowhere.gpkg does not exist"),
        (
            ["import", "villages", "x.csv", "--store", "s.gpkg", "--col", "oops"],
            "error: --col 'oops': expected ROLE=COLUMN",
        ),
    ],
)
def test_cli_errors_are_one_sentence(argv, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.csv").write_text("a\n1\n", encoding="utf-8")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_passwd_is_gone_and_says_what_replaced_it(capsys):
    assert main(["passwd"]) == 2
    err = capsys.readouterr().err
    assert "the shared editor password is gone" in err and "python -m geo users add NAME --role admin" in err


def test_services_import_maps_flags_to_roles(store, tmp_path, capsys):
    from tiny_district import east

    point = east(-3)
    sheet = tmp_path / "csc.csv"
    sheet.write_text(f"Centre Code,Centre,Y_coord,X_coord\nCSC-77,Chalna CSC,{point.y},{point.x}\n", encoding="utf-8")
    argv = [
        "import",
        "services",
        str(sheet),
        "--kind",
        "csc",
        "--store",
        str(store),
        "--code-col",
        "Centre Code",
        "--name-col",
        "Centre",
        "--lat-col",
        "Y_coord",
        "--lon-col",
        "X_coord",
    ]
    assert main(argv) == 0, capsys.readouterr()
    out = capsys.readouterr().out
    assert "change: service_points (csc): 1 added, 0 changed, 0 removed, 2 unchanged (2 → 3); added: CSC-77" in out
    services = read_store(store).service_points
    csc = services[services["kind"] == "csc"].sort_values("id")
    assert csc[["id", "name", "panchayat_lgd"]].values.tolist() == [
        ["C1", "CSC west", "P1"],
        ["C2", "CSC east (closed)", "P2"],
        ["CSC-77", "Chalna CSC", "P1"],
    ]
    # --replace makes the kind exactly the file: it would remove 2 of 3 points, so it needs --confirm-removal
    before = store.read_bytes()
    assert main([*argv, "--replace"]) == 1
    out = capsys.readouterr().out
    assert "would remove 2 of 3 csc points (more than 5%)" in out and store.read_bytes() == before
    assert main([*argv, "--replace", "--confirm-removal"]) == 0
    assert read_store(store).service_points.query("kind == 'csc'")["id"].tolist() == ["CSC-77"]
    assert set(services.loc[services["kind"] == "aadhaar", "id"]) == {"A1"}  # other kinds untouched
    assert main(["import", "status", str(sheet), "--store", str(store), "--lat-col", "Y_coord"]) == 2
    assert "--lat-col does not apply to a status sheet" in capsys.readouterr().err


def test_max_rows_refuses_a_longer_file_and_raises_the_limit(store, tmp_path, capsys):
    sheet = tmp_path / "review.csv"
    sheet.write_text("panchayat_code,as_of,bharatnet\nP1,2020-11-12,live\nP2,2020-11-12,live\n", encoding="utf-8")
    before = store.read_bytes()
    assert main(["import", "status", str(sheet), "--store", str(store), "--max-rows", "1"]) == 2
    assert (
        "review.csv has more than 1 rows (3 lines); the limit is 1 rows — split the file (e.g. one file per "
        "block), or raise the limit: --max-rows N"
    ) in capsys.readouterr().err
    assert store.read_bytes() == before
    assert main(["import", "status", str(sheet), "--store", str(store), "--max-rows", "2", "--dry-run"]) == 0
    with pytest.raises(SystemExit):
        main(["import", "status", str(sheet), "--store", str(store), "--max-rows", "0"])
    assert "--max-rows: expected a whole number of rows of at least 1, got '0'" in capsys.readouterr().err
