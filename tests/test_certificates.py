"""JharSewa certificates: the as-of rule, the block figures, and the import (good, misspelt, bad counts)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from tiny_district import tiny_store

from cli import main
from geo.importing import apply_import, import_file
from geo.review.analysis import analyse
from geo.review.certificates import block_certificates, certificates_as_of
from geo.storage.store import conform, read_store, write_store


@pytest.fixture
def two_blocks(tmp_path: Path) -> Path:
    """The tiny district with P1 in block Nala (B1) and P2 in block Kundhit (B2)."""
    data = tiny_store()
    squares = data.panchayats.geometry
    blocks = gpd.GeoDataFrame(
        {
            "lgd_code": ["B1", "B2"],
            "name": ["Nala", "Kundhit"],
            "name_hi": ["नाला", "कुंडहित"],
            "hq_lon": [None, None],
            "hq_lat": [None, None],
        },
        geometry=list(squares),
        crs=4326,
    )
    panchayats = data.panchayats.assign(block_lgd=["B1", "B2"])
    villages = data.villages.assign(block_lgd=data.villages["panchayat_lgd"].map({"P1": "B1", "P2": "B2"}))
    data = dataclasses.replace(
        data,
        blocks=conform("blocks", blocks),
        panchayats=conform("panchayats", panchayats),
        villages=conform("villages", villages),
    )
    path = tmp_path / "two.gpkg"
    write_store(path, data)
    return path


def _reports(rows: list[tuple]) -> pd.DataFrame:
    columns = ["report_id", "block_lgd", "certificate", "as_of", "received", "disposed", "pending", "recorded_at"]
    return pd.DataFrame(rows, columns=columns).astype({"pending": "Int64"})


def test_latest_report_per_block_and_type_wins_and_pending_is_derived_when_left_out():
    reports = _reports(
        [
            (1, "B1", "caste", "2020-11-12", 100, 60, None, "2020-11-12T10:00"),
            (2, "B1", "caste", "2020-12-10", 130, 120, 10, "2020-12-10T10:00"),
            (3, "B1", "income", "2020-11-12", 50, 20, None, "2020-11-12T10:00"),
            (4, "B1", "caste", "2020-12-10", 140, 126, None, "2020-12-11T09:00"),  # a correction of the same day
        ]
    )
    latest = certificates_as_of(reports)
    assert latest[["certificate", "received", "disposed", "pending"]].values.tolist() == [
        ["caste", 140, 126, 14],
        ["income", 50, 20, 30],
    ]
    earlier = certificates_as_of(reports, "2020-11-30")
    assert earlier["received"].tolist() == [100, 50]
    per_block = block_certificates(latest, ["B1", "B2"])
    assert per_block.loc["B1", ["jharsewa_received", "jharsewa_disposed", "jharsewa_pending"]].tolist() == [
        190,
        146,
        44,
    ]
    assert per_block.loc["B1", "jharsewa_rate"] == pytest.approx(146 / 190)
    assert per_block.loc["B1", "jharsewa_class"] == "middle"  # 76.8 %
    # a block that never reported is not recorded, not 0
    assert pd.isna(per_block.loc["B2", "jharsewa_received"]) and per_block.loc["B2", "jharsewa_class"] == "not_recorded"


def test_district_figures_say_how_many_blocks_did_not_report(two_blocks, tmp_path):
    sheet = tmp_path / "jharsewa.csv"
    sheet.write_text(
        "Block,Certificate,As on,Received,Disposed\nNala,Caste,10-12-2020,200,150\nNala,Income,10-12-2020,100,95\n",
        encoding="utf-8",
    )
    result = import_file(
        "certificates", read_store(two_blocks, private=True), sheet, user="dio", today=pd.Timestamp("2020-12-31").date()
    )
    assert result.report.ok, result.text()
    apply_import(two_blocks, result, user="dio")
    figures = analyse(two_blocks).figures
    assert figures.value("jharsewa_received") == 300
    assert figures.value("jharsewa_pending") == 55
    assert figures.note("jharsewa_received") == "1 block(s) have not reported"
    assert pd.isna(figures.value("jharsewa_received", "B2"))
    assert figures.text("jharsewa_received", area="B2") == "not recorded"


def test_import_appends_reports_and_keeps_the_history(two_blocks, tmp_path):
    sheet = tmp_path / "jharsewa.csv"
    sheet.write_text(
        "Block LGD code,Certificate,As on,Received,Disposed,Pending\n"
        'B1,जाति,12-11-2020,"1,200",900,300\nB2,Residence certificate,12-11-2020,40,40,0\n',
        encoding="utf-8",
    )
    for day in ("12-11-2020", "10-12-2020"):
        sheet.write_text(sheet.read_text(encoding="utf-8").replace("12-11-2020", day), encoding="utf-8")
        result = import_file(
            "certificates",
            read_store(two_blocks, private=True),
            sheet,
            user="dio",
            today=pd.Timestamp("2020-12-31").date(),
        )
        assert result.report.ok, result.text()
        apply_import(two_blocks, result, user="dio")
    stored = read_store(two_blocks, private=True).certificates
    assert len(stored) == 4 and stored["report_id"].tolist() == [1, 2, 3, 4]
    assert stored[["block_lgd", "certificate", "received"]].values.tolist()[:2] == [
        ["B1", "caste", 1200],
        ["B2", "residence", 40],
    ]
    assert read_store(two_blocks).certificates.get("recorded_by") is None  # private: not in a public read


def test_misspelt_block_is_asked_to_be_confirmed_and_nothing_is_applied(two_blocks, tmp_path, capsys):
    sheet = tmp_path / "jharsewa.csv"
    sheet.write_text("Block,Certificate,As on,Received,Disposed\nKundahit,Caste,10-12-2020,10,5\n", encoding="utf-8")
    before = two_blocks.read_bytes()
    assert main(["import", "certificates", str(sheet), "--store", str(two_blocks)]) == 1
    out = capsys.readouterr()
    assert "'Kundahit'" in out.out and "B2 Kundhit" in out.out
    assert "need confirming" in out.err
    assert two_blocks.read_bytes() == before


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("Nala,Caste,10-12-2020,-5,0", "received -5 in column 'Received' is not a whole number from 0 to"),
        ("Nala,Caste,10-12-2020,many,0", "received 'many' in column 'Received' is not a number; write digits only"),
        ("Nala,Caste,10-12-2020,10,12", "disposed 12 is more than received 10"),
        ("Nala,Caste,10-12-2020,,3", "received is empty; write the count (0 if none)"),
        ("Nala,Birth,10-12-2020,10,3", "certificate 'Birth' is not a JharSewa certificate type"),
        ("Nowhere,Caste,10-12-2020,10,3", "'Nowhere'"),
    ],
)
def test_bad_rows_are_named_and_the_store_is_unchanged(two_blocks, tmp_path, capsys, cells, message):
    sheet = tmp_path / "jharsewa.csv"
    sheet.write_text(
        f"Block,Certificate,As on,Received,Disposed\nNala,Income,10-12-2020,10,3\n{cells}\n", encoding="utf-8"
    )
    before = two_blocks.read_bytes()
    assert main(["import", "certificates", str(sheet), "--store", str(two_blocks)]) == 1
    out = capsys.readouterr()
    assert message in out.out
    assert "jharsewa.csv row 3" in out.out  # the file's own row number (header is row 1)
    assert two_blocks.read_bytes() == before


def test_a_sheet_without_counts_names_what_is_missing(two_blocks, tmp_path, capsys):
    sheet = tmp_path / "jharsewa.csv"
    sheet.write_text("Block,Certificate,As on\nNala,Caste,10-12-2020\n", encoding="utf-8")
    assert main(["import", "certificates", str(sheet), "--store", str(two_blocks)]) == 1
    assert "missing a received column; a disposed column; found: Block, Certificate, As on" in capsys.readouterr().out
