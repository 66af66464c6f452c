from __future__ import annotations

import pandas as pd
import pytest

from geo.errors import GeoInputError
from geo.review.indicators import connectivity_class
from geo.review.status import current_status, parse_date, review_dates, status_changes


@pytest.fixture
def history() -> pd.DataFrame:
    rows = [
        # event_id, panchayat, indicator, value, as_of, recorded_at
        (1, "A", "bharatnet", "cable_laid", "2020-11-12", "2020-11-12T10:00"),
        (2, "A", "jharnet", "planned", "2020-11-12", "2020-11-12T10:00"),
        (3, "B", "bharatnet", "live", "2020-11-12", "2020-11-12T10:00"),
        (4, "B", "library", "space_identified", "2020-11-12", "2020-11-12T10:00"),
        (5, "A", "bharatnet", "service_ready", "2020-11-30", "2020-11-30T10:00"),
        (6, "A", "inspection", "offline", "2020-12-01", "2020-12-01T10:00"),
        (7, "B", "library", "opened", "2020-12-10", "2020-12-10T10:00"),
        (8, "B", "bharatnet", "cable_laid", "2020-12-10", "2020-12-10T10:00"),  # reported back
        # a correction recorded later for the same day wins over the earlier record
        (9, "A", "bharatnet", "live", "2020-12-10", "2020-12-11T09:00"),
        (10, "A", "bharatnet", "service_ready", "2020-12-10", "2020-12-10T09:00"),
    ]
    return pd.DataFrame(rows, columns=["event_id", "panchayat_lgd", "indicator", "value", "as_of", "recorded_at"])


def test_latest_status(history):
    now = current_status(history)
    assert now.loc["A", "bharatnet"] == "live"
    assert now.loc["A", "bharatnet_as_of"] == "2020-12-10"
    assert now.loc["A", "inspection"] == "offline"
    assert now.loc["B", "library"] == "opened"
    assert pd.isna(now.loc["B", "jharnet"])
    # BharatNet live but found offline; BharatNet reported back to cable laid: the one connectivity rule
    assert connectivity_class(now).to_dict() == {"A": "live_offline", "B": "not_live"}
    assert "online" not in now  # no second reading of "online" beside the connectivity rule


def test_status_as_of_a_past_date(history):
    then = current_status(history, as_of="2020-11-12")
    assert then.loc["A", "bharatnet"] == "cable_laid"
    assert then.loc["B", "library"] == "space_identified"
    assert pd.isna(then.loc["A", "inspection"])
    assert connectivity_class(then).to_dict() == {"A": "not_live", "B": "working"}


def test_status_for_panchayats_without_events(history):
    out = current_status(history, ["A", "C"])
    assert list(out.index) == ["A", "C"]
    assert pd.isna(out.loc["C", "bharatnet"]) and connectivity_class(out).loc["C"] == "not_recorded"


def test_changes_since_the_last_review(history):
    changes = status_changes(history, since="2020-11-12", as_of="2020-12-10").set_index(["panchayat_lgd", "indicator"])
    assert set(changes.index) == {("A", "bharatnet"), ("A", "inspection"), ("B", "library"), ("B", "bharatnet")}
    assert changes.loc[("A", "bharatnet"), "before"] == "cable_laid"
    assert changes.loc[("A", "bharatnet"), "after"] == "live"
    assert changes.loc[("A", "bharatnet"), "progress"] == 1
    assert changes.loc[("B", "bharatnet"), "progress"] == -1
    assert changes.loc[("A", "inspection"), "progress"] == 0  # first report: neither forward nor back


def test_history_is_not_mutated(history):
    copy = history.copy()
    current_status(history, as_of="2020-11-30")
    status_changes(history, since="2020-11-12")
    pd.testing.assert_frame_equal(history, copy)


def test_review_dates(history, demo):
    assert review_dates(history) == ["2020-11-12", "2020-11-30", "2020-12-10"]  # 12-01: an inspection only
    assert review_dates(demo.status_events) == ["2020-11-12", "2020-12-10"]


def test_bad_dates_are_named():
    assert parse_date("2020-11-12") == "2020-11-12"
    assert parse_date("12/11/2020") == parse_date("12.11.2020") == parse_date("१२-११-२०२०") == "2020-11-12"  # day first
    with pytest.raises(
        GeoInputError,
        match=r"as_of '11/13/2020' is not a date \(13 is not a month \(dates are read "
        r"day first: DD.MM.YYYY\)\); write it day first, DD.MM.YYYY",
    ):
        parse_date("11/13/2020", name="as_of")
