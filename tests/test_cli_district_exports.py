"""``export data|map|pack --district``: one district of a state store, as the Review's export panel gives it.

The store is ``tests/state_of_two.py``'s Alpur (901: block BA "Anand", panchayat PA "Pa") and
Bepur (902: block BB "Basant", panchayat PB "Pb").
"""

from __future__ import annotations

import io

import pandas as pd
import pdfplumber
import pytest
from state_of_two import two_districts

from cli import main
from geo.storage.store import write_store


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    path = tmp_path_factory.mktemp("state") / "state.gpkg"
    write_store(path, two_districts())
    return path


def _csv(path) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(path.read_bytes()), encoding="utf-8-sig", dtype=str)


@pytest.mark.parametrize(("district", "codes"), [(None, ["PA", "PB"]), ("Bepur", ["PB"]), ("901", ["PA"])])
def test_export_data_of_one_district(state, tmp_path, district, codes):
    out = tmp_path / "panchayats.csv"
    chosen = [] if district is None else ["--district", district]
    assert main(["export", "data", "--store", str(state), "--layer", "panchayats", "--out", str(out), *chosen]) == 0
    assert sorted(_csv(out)["lgd_code"]) == codes


def test_export_pack_of_one_district_names_only_it(state, tmp_path):
    out = tmp_path / "pack.pdf"
    assert main(["export", "pack", "--store", str(state), "--district", "bepur", "--out", str(out)]) == 0
    with pdfplumber.open(out) as pdf:
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
    assert "Bepur" in text and "Basant" in text
    assert "Alpur" not in text and "Anand" not in text


def test_export_map_of_one_district(state, tmp_path):
    out = tmp_path / "map.pdf"
    assert (
        main(
            ["export", "map", "--store", str(state), "--layer", "connectivity", "--district", "902", "--out", str(out)]
        )
        == 0
    )
    with pdfplumber.open(out) as pdf:
        text = pdf.pages[0].extract_text() or ""
    assert "Bepur" in text and "Alpur" not in text


def test_an_unknown_district_is_one_message_listing_the_stores(state, tmp_path, capsys):
    out = tmp_path / "pack.pdf"
    assert main(["export", "pack", "--store", str(state), "--district", "Ranchi", "--out", str(out)]) != 0
    assert "no district 'Ranchi'; its districts: Alpur (901), Bepur (902)" in capsys.readouterr().err
    assert not out.exists()
