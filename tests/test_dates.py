"""Dates as offices write them: every spelling of 12 November 2020, day first, and the impossible ones named."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.dates import ImpossibleDate, read_day

NOV_12 = dt.date(2020, 11, 12)


@pytest.mark.parametrize(
    "text",
    [
        "12.11.2020",
        "12/11/2020",
        "12-11-2020",
        "12.11.20",
        "12 . 11 . 2020",
        "2020-11-12",
        "2020/11/12",
        "2020-11-12T00:00:00",  # a workbook's date cell with its time
        "2020-11-12 10:30:00",
        "12/11/2020 10:30 AM",
        "12 Nov 2020",
        "12-Nov-2020",
        "12 November, 2020",
        "12th Nov 2020",
        "Nov 12, 2020",
        "१२.११.२०२०",
        "12 नवंबर 2020",
        "१२ नवम्बर २०२०",
    ],
)
def test_every_spelling_of_12_november_2020(text):
    assert read_day(text) == NOV_12


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("01.02.2020", dt.date(2020, 2, 1)),  # day first: 1 February, never 2 January
        ("1/2/2020", dt.date(2020, 2, 1)),
        ("03-04-21", dt.date(2021, 4, 3)),
        ("29.02.2020", dt.date(2020, 2, 29)),
        ("5 सितम्बर 2020", dt.date(2020, 9, 5)),
    ],
)
def test_day_first_always(text, day):
    assert read_day(text) == day


def test_excel_serials_only_where_asked():
    assert read_day("44147", serial=True) == NOV_12  # 1899-12-30 + 44147 days
    assert read_day("43831", serial=True) == dt.date(2020, 1, 1)
    assert read_day("44147.75", serial=True) == NOV_12  # a date and time cell saved as a number
    with pytest.raises(ValueError, match="expected a date such as 12.11.2020"):
        read_day("44147")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31.02.2020", "February 2020 has 29 days"),
        ("29/02/2021", "February 2021 has 28 days"),
        ("31.04.2020", "April 2020 has 30 days"),
        ("11/13/2020", r"13 is not a month \(dates are read day first: DD.MM.YYYY\)"),  # a US date
        ("2020-13-01", "^13 is not a month$"),
        ("12 Nvb 2020", "'Nvb' is not a month"),
    ],
)
def test_an_impossible_date_says_which_part(text, reason):
    with pytest.raises(ImpossibleDate, match=reason):
        read_day(text)


@pytest.mark.parametrize("text", ["", "lots", "12.11", "2020", "12112020", "12.11.2020.5"])
def test_text_that_is_no_date(text):
    with pytest.raises(ValueError, match="expected a date such as 12.11.2020") as caught:
        read_day(text)
    assert not isinstance(caught.value, ImpossibleDate)
