"""Gap lists are the figures' classes: same rows, same counts, details that say what is true."""

from __future__ import annotations

import pytest
from tiny_district import tiny_store

from geo.review.analysis import analyse
from geo.review.gaps import GAP_FIGURES, GAP_LISTS, gap_count_text, gap_detail, gaps_table


def test_gap_lists_by_hand():
    lists = analyse(tiny_store(), aadhaar_km=5).gaps
    assert set(lists) == set(GAP_LISTS)
    assert list(lists["no_functional_csc"]["lgd_code"]) == ["P2"]
    assert lists["no_functional_csc"].iloc[0]["detail"] == "1 CSC point, none functional since 12 Nov 2020 (review)"
    assert lists["not_live"].empty and lists["live_offline"].empty  # both live, nobody inspected
    assert list(lists["library_not_opened"]["lgd_code"]) == []  # P2's library is not recorded, not "not opened"
    assert list(lists["not_recorded"]["lgd_code"]) == ["P2"]
    assert lists["not_recorded"].iloc[0]["detail"] == "not recorded: library"
    far = lists["far_from_aadhaar"]
    assert list(far["census_code"]) == ["V4", "V2"]  # biggest population first
    assert list(far["population"]) == [400, 200]
    assert far.iloc[0]["aadhaar_dist_km"] == pytest.approx(8.0, abs=0.01)
    assert far.iloc[0]["detail"] == "8.00 km to Aadhaar HQ"


def test_gap_lists_as_of_the_first_review():
    lists = analyse(tiny_store(), as_of="2020-11-12", aadhaar_km=10).gaps
    assert list(lists["no_functional_csc"]["lgd_code"]) == ["P2", "P1"]
    assert lists["no_functional_csc"].iloc[1]["detail"] == (
        "no CSC point in the register; the review reported none functional on 12 Nov 2020"
    )
    assert list(lists["not_live"]["lgd_code"]) == ["P2"]
    assert lists["not_live"].iloc[0]["detail"] == "BharatNet: Cable laid; JharNet: not recorded"
    assert lists["far_from_aadhaar"].empty


def test_hindi_details():
    lists = analyse(tiny_store(), as_of="2020-11-12").gaps
    row = lists["not_live"].iloc[0]
    assert gap_detail("not_live", row, "hi") == "भारतनेट: केबल बिछी; झारनेट: दर्ज नहीं"


def test_every_list_is_its_figure(demo):
    for as_of in ("2020-11-12", None):
        result = analyse(demo, as_of=as_of)
        for key, figures in GAP_FIGURES.items():
            values = [result.figures.value(f) for f in figures]
            if None in values:  # not recorded: the list is empty and its tab says "not recorded", not 0
                assert result.gaps[key].empty, key
                assert gap_count_text(key, result.gaps, result.figures) == "not recorded", key
                continue
            assert len(result.gaps[key]) == sum(values), key
            assert gap_count_text(key, result.gaps, result.figures) == str(sum(values)), key
    # by hand: no inspection was recorded by 12 Nov 2020, so nothing can have been found offline then
    assert analyse(demo, as_of="2020-11-12").figures.value("live_offline") is None


def test_gaps_table_stacks_every_list(demo):
    lists = analyse(demo).gaps
    table = gaps_table(lists)
    assert len(table) == sum(len(f) for f in lists.values())
    far = table[table["gap"] == "far_from_aadhaar"]
    assert far["detail"].str.contains(r"^\d+\.\d\d km to ").all()
    assert table.groupby("gap")["population"].apply(lambda s: s.is_monotonic_decreasing).all()
