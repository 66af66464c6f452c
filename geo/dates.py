"""Dates as offices write them: day first, whatever the separator, the digits or the spreadsheet.

A district office writes 12 November 2020 as ``12.11.2020``, ``12/11/2020``,
``12-11-20``, ``12 Nov 2020``, ``१२.११.२०२०`` or ``12 नवंबर 2020``; a spreadsheet
keeps it as a date cell (read as ``2020-11-12``) or, saved as CSV from a cell
formatted "General", as its serial number ``44147``. :func:`read_day` reads them
all, always day first: ``12.11.2020`` is 12 November, never 11 December, and
``11/13/2020`` (a US month-first date) is no date at all, with the reason said.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from geo.formats import latin_digits

__all__ = ["read_day", "ImpossibleDate", "EXCEL_EPOCH"]

#: Day 0 of Excel's serial dates (1900 system, its false 29 Feb 1900 included): serial 44147 is 2020-11-12.
EXCEL_EPOCH = dt.date(1899, 12, 30)

#: Month names by number (English, short and long; Hindi, as both spellings go).
_MONTH_SPELLINGS = (
    ("jan", "january", "जनवरी"),
    ("feb", "february", "फरवरी", "फ़रवरी"),
    ("mar", "march", "मार्च"),
    ("apr", "april", "अप्रैल", "अप्रेल"),
    ("may", "मई"),
    ("jun", "june", "जून"),
    ("jul", "july", "जुलाई"),
    ("aug", "august", "अगस्त"),
    ("sep", "sept", "september", "सितंबर", "सितम्बर"),
    ("oct", "october", "अक्टूबर", "अक्तूबर"),
    ("nov", "november", "नवंबर", "नवम्बर"),
    ("dec", "december", "दिसंबर", "दिसम्बर"),
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_SPELLINGS, start=1) for name in names}
#: A time after the date (``T10:30:00Z``, `` 00:00:00``, `` 10:30 AM``): read and left out.
_TIME = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_YEAR_FIRST = re.compile(rf"(?P<y>\d{{4}})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}}){_TIME}")
_DAY_FIRST = re.compile(rf"(?P<d>\d{{1,2}})\s*[-/.]\s*(?P<m>\d{{1,2}})\s*[-/.]\s*(?P<y>\d{{4}}|\d{{2}}){_TIME}")
_MONTH_WORD = r"[A-Za-z\u0900-\u097F]+"
_NAMED = re.compile(
    rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[-\s/.,]*(?P<m>{_MONTH_WORD})\.?[-\s/.,]*(?P<y>\d{{4}}|\d{{2}}){_TIME}"
)
_NAMED_US = re.compile(rf"(?P<m>[a-z]+)\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_TIME}")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SERIAL = re.compile(r"(?P<serial>\d{5})(?:\.\d+)?")


class ImpossibleDate(ValueError):
    """A text written as a date whose day, month or month name cannot be (``31.02.2020``, ``11/13/2020``)."""


def read_day(text: str, *, serial: bool = False) -> dt.date:
    """Read a date as an office writes it, day first.

    Parameters
    ----------
    text : str
        ``12.11.2020``, ``12/11/2020``, ``12-11-2020``, ``12.11.20``, ``2020-11-12``
        (also with a time after it, as a spreadsheet writes a date cell),
        ``12 Nov 2020``, ``12-Nov-2020``, ``Nov 12, 2020``, ``12 नवंबर 2020``, in
        ASCII or Devanagari digits. A two-digit year is 20YY.
    serial : bool, default False
        Also read a five-digit number as an Excel serial date (a date column of a
        sheet saved as CSV from cells formatted "General").

    Returns
    -------
    datetime.date

    Raises
    ------
    ImpossibleDate
        If ``text`` is written as a date but cannot be one; the message says why
        (``13 is not a month …``, ``February 2020 has 29 days``).
    ValueError
        If ``text`` is not written as a date at all.

    Examples
    --------
    >>> [read_day(t).isoformat() for t in ("12.11.2020", "१२/११/२०२०", "12 Nov 20", "2020-11-12T10:30:00")]
    ['2020-11-12', '2020-11-12', '2020-11-12', '2020-11-12']
    >>> read_day("44147", serial=True)
    datetime.date(2020, 11, 12)
    >>> read_day("31.02.2020")
    Traceback (most recent call last):
    ...
    geo.dates.ImpossibleDate: February 2020 has 29 days
    """
    clean = re.sub(r"\s+", " ", latin_digits(str(text))).strip()
    if serial and (found := _SERIAL.fullmatch(clean)):
        return EXCEL_EPOCH + dt.timedelta(days=int(found["serial"]))
    for pattern in (_YEAR_FIRST, _DAY_FIRST, _NAMED, _NAMED_US):
        found = pattern.fullmatch(clean.lower() if pattern is _NAMED_US else clean)
        if found is None:
            continue
        month = found["m"] if found["m"].isdigit() else _MONTHS.get(found["m"].lower())
        if month is None:
            msg = f"{found['m']!r} is not a month"
            raise ImpossibleDate(msg)
        return _day(int(found["y"]), int(month), int(found["d"]), day_first=pattern is _DAY_FIRST)
    msg = "expected a date such as 12.11.2020"
    raise ValueError(msg)


def _day(year: int, month: int, day: int, *, day_first: bool) -> dt.date:
    """The date, or :class:`ImpossibleDate` naming the impossible part (day first: the month says so)."""
    year = 2000 + year if year < 100 else year
    if not 1 <= month <= 12:
        msg = f"{month} is not a month" + (" (dates are read day first: DD.MM.YYYY)" if day_first else "")
        raise ImpossibleDate(msg)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        msg = f"{_MONTH_NAMES[month - 1]} {year} has {days} days"
        raise ImpossibleDate(msg)
    return dt.date(year, month, day)
