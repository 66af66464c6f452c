"""File names that keep Hindi letters and are safe on every system."""

from __future__ import annotations

import pytest

from geo.storage.files import safe_file_name
from geo.storage.identity import DistrictIdentity

JAMTARA = "जामताड़ा"  # ड + nukta (U+0921 U+093C), as NFC writes it


@pytest.mark.parametrize(
    "name, expected",
    [
        (JAMTARA, JAMTARA),
        ("जामता\u095cा", JAMTARA),  # the precomposed ड़ (U+095C) becomes NFC's ड + nukta
        ("जामताड़ा_panchayats_2020-11-12.geojson", "जामताड़ा_panchayats_2020-11-12.geojson"),
        ("पश्चिमी सिंहभूम", "पश्चिमी_सिंहभूम"),  # matras (Mc) and virama (Mn) kept, unlike Python's \w
        ("ग्राम पंचायत २०२०.csv", "ग्राम_पंचायत_२०२०.csv"),  # Devanagari digits kept
        ("नई\u200cदिल्ली", "नई\u200cदिल्ली"),  # a zero-width non-joiner inside a word stays
        ("East Singhbhum", "East_Singhbhum"),
        ("../../etc/passwd", "etc_passwd"),
        ("C:\\Users\\dio\\gps.csv", "C_Users_dio_gps.csv"),
        ('report: "Q1" <draft>?*|.pdf', "report_Q1_draft.pdf"),
        ("gps\u202etxt.exe", "gpstxt.exe"),  # a right-to-left override is dropped
        ("a\u200fb\u2066c", "abc"),  # a right-to-left mark and an isolate too
        ("a\x00b\x1bc", "abc"),  # control characters
        ("a\tb\nc", "a_b_c"),
        ("ि मात्रा", "मात्रा"),  # a matra with no letter before it
        ("CON", "CON_"),
        ("con.txt", "con_.txt"),
        ("LPT1.csv", "LPT1_.csv"),
        ("CONSOLE.csv", "CONSOLE.csv"),
        (".hidden", "file.hidden"),
        ("--rm -rf", "rm_rf"),
        ("trailing. ", "trailing"),
        ("a _ . _ b", "a_b"),
        ("///", "file"),
        ("", "file"),
    ],
)
def test_safe_file_name(name, expected):
    assert safe_file_name(name) == expected


def test_a_long_hindi_name_is_cut_between_grapheme_clusters():
    word = "क्षत्रिय"  # क ् ष त ् र ि य: 8 code points, 24 bytes
    name = word * 20
    assert safe_file_name(name) == word * 5  # 120 bytes exactly
    assert safe_file_name(name, max_bytes=104) == word * 4  # not "…क्" (a virama waits for its consonant)
    assert safe_file_name(name, max_bytes=105) == word * 4 + "क्ष"  # the conjunct whole
    assert safe_file_name(name, max_bytes=113) == word * 4 + "क्ष"  # "त्र" is one cluster: not "…त्"
    assert safe_file_name(word * 20 + ".csv", max_bytes=48) == word * 2 + ".csv"  # the suffix kept beyond the stem


def test_a_matra_is_never_cut_from_its_letter():
    assert safe_file_name("का" * 20, max_bytes=16) == "का" * 2  # 12 bytes: "काक" would leave "ा" out


def test_names_are_stable():
    for name in ("जामताड़ा_panchayats.csv", "a..b", "CON", "क्षत्रिय" * 20, "ि x"):
        once = safe_file_name(name)
        assert safe_file_name(once) == once


@pytest.mark.parametrize(
    "name, kwargs, error, pattern",
    [
        (b"x.csv", {}, TypeError, r"'name' should be a str, got bytes"),
        ("x", {"max_bytes": 8}, ValueError, r"'max_bytes' should be at least 16, got 8"),
    ],
)
def test_wrong_arguments_are_named(name, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        safe_file_name(name, **kwargs)


@pytest.mark.parametrize(
    "identity, expected",
    [
        (DistrictIdentity(name="East Singhbhum", name_hi="पूर्वी सिंहभूम"), "east_singhbhum"),
        (DistrictIdentity(name_hi=JAMTARA), JAMTARA),
        (DistrictIdentity(name=JAMTARA), JAMTARA),
        (DistrictIdentity(name_hi="पश्चिमी सिंहभूम/.."), "पश्चिमी_सिंहभूम"),
        (DistrictIdentity(), "district"),
    ],
)
def test_the_district_in_file_names_keeps_its_hindi_name(identity, expected):
    assert identity.file_stem == expected
