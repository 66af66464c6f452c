from __future__ import annotations

import pytest
from tiny_district import tiny_store

from geo.gaps import GAP_LISTS, gaps, gaps_table


def test_gap_lists_by_hand():
    lists = gaps(tiny_store(), aadhaar_km=5)
    assert set(lists) == set(GAP_LISTS)
    assert list(lists["no_functional_csc"]["lgd_code"]) == ["P2"]
    assert list(lists["not_connected"]["lgd_code"]) == ["P2", "P1"]  # biggest population first
    assert lists["not_connected"].iloc[0]["detail"] == "BharatNet: cable_laid; JharNet: live"
    assert list(lists["library_not_opened"]["lgd_code"]) == ["P2"]
    far = lists["far_from_aadhaar"]
    assert list(far["census_code"]) == ["V4", "V2"]
    assert list(far["population"]) == [400, 200]
    assert far.iloc[0]["aadhaar_dist_km"] == pytest.approx(8.0, abs=0.01)
    assert lists["offline_on_inspection"].empty


def test_gap_lists_as_of_the_first_review():
    lists = gaps(tiny_store(), as_of="2020-11-12", aadhaar_km=10)
    assert list(lists["no_functional_csc"]["lgd_code"]) == ["P2", "P1"]
    assert lists["far_from_aadhaar"].empty


def test_gaps_table_stacks_every_list(demo):
    lists = gaps(demo)
    table = gaps_table(lists)
    assert len(table) == sum(len(f) for f in lists.values())
    far = table[table["gap"] == "far_from_aadhaar"]
    assert far["detail"].str.endswith("km to nearest Aadhaar centre").all()
    assert table.groupby("gap")["population"].apply(lambda s: s.is_monotonic_decreasing).all()
