from __future__ import annotations

import pandas as pd
import pytest

from geo.spatial.search import normalise_text, place_index, query_words, search_places


@pytest.fixture
def index() -> pd.DataFrame:
    panchayats = pd.DataFrame(
        {
            "lgd_code": ["990207", "990217", "990101"],
            "name": ["Nala GP 07", "Nala GP 17", "Jamtara GP 01"],
            "name_hi": ["नाला ग्रा.पं. ०७", "नाला ग्रा.पं. १७", "जामताड़ा ग्रा.पं. ०१"],
            "block_name": ["Nala", "Nala", "Jamtara"],
            "block_name_hi": ["नाला", "नाला", "जामताड़ा"],
        }
    )
    villages = pd.DataFrame(
        {
            "census_code": ["360001", "360002"],
            "name": ["Kalajharia", "Nalapara"],
            "name_hi": ["कालाझरिया", None],
            "panchayat_name": ["Nala GP 07", "Nala GP 17"],
            "panchayat_name_hi": ["नाला ग्रा.पं. ०७", "नाला ग्रा.पं. १७"],
        },
        index=[10, 11],
    )
    return place_index(panchayats, villages)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Nala GP ०७ ", "nala gp 7"),
        ("नाला ग्रा.पं. 07", "नाला ग्रा पं 7"),
        ("nala-gp07", "nala gp 7"),
        ("GP 000", "gp 0"),
        ("Jamtara(Urban)", "jamtara urban"),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_normalise_text(text, expected):
    assert normalise_text(text) == expected


def test_query_words_drop_gp_unless_nothing_else_is_left():
    assert query_words("nala gp 7") == ["nala", "7"]
    assert query_words("नाला ग्रा.पं. ०७") == ["नाला", "7"]
    assert query_words("GP") == ["gp"]


def test_place_index_rows(index):
    assert index["kind"].tolist() == ["panchayat"] * 3 + ["village"] * 2
    assert index["row"].tolist() == [0, 1, 2, 10, 11]
    assert index.loc[4, "key"] == "nalapara"  # no Hindi name: nothing added, not "nan"
    assert index.loc[3, ["within", "within_hi"]].tolist() == ["Nala GP 07", "नाला ग्रा.पं. ०७"]


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        # the queries: Hindi with Devanagari digits, English, "gp" and a number without its zero
        ("नाला ०७", ["990207"]),
        ("Nala 07", ["990207"]),
        ("nala gp 7", ["990207"]),
        ("९९०२०७", ["990207"]),
        ("nala", ["990207", "990217", "360002"]),  # panchayats before villages; then by name
        ("ala", ["990207", "990217", "360001", "360002"]),  # a part of a word: panchayats, then villages, by name
        ("99", ["990101", "990207", "990217"]),  # a number alone starts codes
        ("nala 99", []),  # ... but not beside a word
        ("jamtra", ["990101"]),
        ("kalajaria", ["360001"]),
        ("जामतडा", ["990101"]),  # one typing slip
        ("zzz", []),
        ("", []),
        ("  ", []),
    ],
)
def test_search_places(index, query, codes):
    before = index.copy()
    assert search_places(index, query)["code"].tolist() == codes
    pd.testing.assert_frame_equal(index, before)


def test_typo_matches_only_when_nothing_matches_exactly(index):
    found = search_places(index, "kalajaria")
    assert found["typo"].tolist() == [True]
    assert search_places(index, "kalajharia")["typo"].tolist() == [False]
    assert search_places(index, "nala", kinds=("village",))["code"].tolist() == ["360002"]
