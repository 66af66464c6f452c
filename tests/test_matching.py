from __future__ import annotations

import pandas as pd
import pytest

from geo.errors import GeoInputError
from geo.importing.columns import detect_columns, resolve_columns
from geo.importing.matching import match_names, name_key, read_confirmations

GPS = pd.DataFrame(
    {
        "lgd_code": ["1", "2", "3", "4"],
        "name": ["Kundhit", "Karmatanr", "Nala", "Chalna"],
        "name_hi": ["कुंडहित", "करमाटांड़", "नाला", ""],
        "block_lgd": ["B1", "B2", "B3", "B2"],
    }
)
BLOCKS = pd.DataFrame(
    {"lgd_code": ["B1", "B2", "B3"], "name": ["Kundhit", "Karmatanr", "Nala"], "name_hi": ["कुंडहित", "करमाटांड़", "नाला"]}
)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("KUNDHIT  G.P.", "kundhit"),
        ("Karmatanr Gram Panchayat", "karmatanr"),
        ("कुंडहित", "kundahit"),
        ("ग्राम पंचायत नाला", "nala"),
        ("Chalna-GP", "chalna"),
        (None, ""),
    ],
)
def test_name_key(raw, key):
    assert name_key(raw) == key


def test_spellings_and_scripts():
    names = ["Kundhit", "Kundahit", "Karmatand", "करमाटांड़", "kundhit gp", "Dumka"]
    statuses = [
        (m.source_name, m.status, m.candidates[0][0] if m.candidates else None)
        for m in match_names(names, None, GPS, BLOCKS)
    ]
    assert statuses == [
        ("Kundhit", "exact", "1"),
        ("Kundahit", "fuzzy", "1"),
        ("Karmatand", "fuzzy", "2"),
        ("करमाटांड़", "fuzzy", "2"),
        ("kundhit gp", "exact", "1"),
        ("Dumka", "unmatched", None),
    ]


def test_block_narrows_the_candidates():
    gps = pd.concat([GPS, pd.DataFrame({"lgd_code": ["5"], "name": ["Chalna"], "name_hi": [""], "block_lgd": ["B3"]})])
    everywhere = match_names(["Chalna"], None, gps, BLOCKS)
    in_block = match_names(["Chalna", "Chalna"], ["Nala", "B2"], gps, BLOCKS, rows=[2, 3])
    assert everywhere[0].status == "ambiguous"
    assert [(m.status, m.code, m.rows) for m in in_block] == [("exact", "5", [2]), ("exact", "4", [3])]


def test_confirmations_round_trip(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("source_name,block,matched_code\nKundahit,,1\nKarmatand,,\n", encoding="utf-8")
    confirmed = read_confirmations(path)
    assert confirmed.values.tolist() == [["Kundahit", "", "1"]]
    out = match_names(["Kundahit", "Karmatand"], None, GPS, confirmed=confirmed)
    assert [(m.status, m.code) for m in out] == [("confirmed", "1"), ("fuzzy", None)]


def test_confirmations_need_their_columns(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("name,code\nA,1\n", encoding="utf-8")
    with pytest.raises(GeoInputError, match=r"m\.csv lacks column\(s\) source_name, matched_code"):
        read_confirmations(path)


def test_match_names_checks_its_inputs():
    with pytest.raises(TypeError, match=r"'panchayats' should be a DataFrame, got list"):
        match_names(["a"], None, [])
    with pytest.raises(ValueError, match=r"'blocks' has 2 values for 1 names"):
        match_names(["a"], ["x", "y"], GPS)


@pytest.mark.parametrize(
    ("columns", "kind", "expected"),
    [
        (
            ["village_census_code", "village_name", "geometery_in_wkt", "centroid_latitude", "centroid_longitude"],
            "villages",
            {
                "census_code": "village_census_code",
                "village_name": "village_name",
                "lat": "centroid_latitude",
                "lon": "centroid_longitude",
                "wkt": "geometery_in_wkt",
            },
        ),
        (
            ["Name of CSC", "Lat_DD", "Long_DD", "GP Name"],
            "services",
            {"name": "Name of CSC", "panchayat_name": "GP Name", "lat": "Lat_DD", "lon": "Long_DD"},
        ),
        (["Y", "X", "Village"], "villages", {"village_name": "Village", "lat": "Y", "lon": "X"}),
        (
            ["LGD Code", "Panchayat Name", "Hindi Name", "Block"],
            "boundaries",
            {"code": "LGD Code", "name": "Panchayat Name", "name_hi": "Hindi Name", "block": "Block"},
        ),
        (
            ["GP LGD Code", "As on date", "BharatNet Status", "JharNet 2.0"],
            "status",
            {
                "panchayat_code": "GP LGD Code",
                "as_of": "As on date",
                "bharatnet": "BharatNet Status",
                "jharnet": "JharNet 2.0",
            },
        ),
    ],
)
def test_detect_columns(columns, kind, expected):
    assert detect_columns(columns, kind) == expected


def test_resolve_columns_overrides_and_errors():
    assert resolve_columns(["a", "b", "lat", "lon"], "villages", {"census_code": "a", "lat": None}) == {
        "lon": "lon",
        "census_code": "a",
    }
    with pytest.raises(GeoInputError, match=r"v\.csv has no column 'zz' \(asked for wkt\)"):
        resolve_columns(["a"], "villages", {"wkt": "zz"}, source="v.csv")
    with pytest.raises(GeoInputError, match=r"unknown column role 'colour' for a villages import"):
        resolve_columns(["a"], "villages", {"colour": "a"})
    with pytest.raises(GeoInputError, match=r"unknown import kind 'bridges'"):
        detect_columns(["a"], "bridges")
