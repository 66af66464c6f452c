"""How numbers, shares, distances and dates are written on every face, the way district offices write them.

One formatter for the app, the map sheets and meeting pack, ``summary`` and the
public pages, built on Babel's ``en_IN`` and ``hi_IN`` locales (lakh and crore
grouping: 7,91,042; 1,00,00,000) rather than hand-written rules.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

__all__ = ["LOCALES", "NOT_RECORDED", "NOT_REACHABLE", "NO_CHANGE", "format_count", "format_percent", "format_km",
           "format_minutes", "format_date", "format_change", "dates_line"]

#: Babel locale per language of the app.
LOCALES = {"en": "en_IN", "hi": "hi_IN"}
#: How a missing value reads (English, Hindi).
NOT_RECORDED = ("not recorded", "दर्ज नहीं")
#: How "nothing changed" reads.
NO_CHANGE = ("no change", "कोई बदलाव नहीं")
#: A travel time no path achieves (cut off by water).
NOT_REACHABLE = ("not reachable", "पहुँच से बाहर")


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["en"])


def format_count(value: int, lang: str = "en") -> str:
    """A whole number with lakh grouping.

    Examples
    --------
    >>> format_count(791042), format_count(51196), format_count(-1234567), format_count(10**7)
    ('7,91,042', '51,196', '-12,34,567', '1,00,00,000')
    """
    return format_decimal(int(value), locale=_locale(lang))


def format_percent(share: float | None, lang: str = "en") -> str:
    """A share (0..1) as a percentage with one decimal ("96.6 %"); missing reads "not recorded".

    Examples
    --------
    >>> format_percent(0.966), format_percent(1.0), format_percent(None)
    ('96.6 %', '100.0 %', 'not recorded')
    """
    if share is None or pd.isna(share):
        return NOT_RECORDED[1 if lang == "hi" else 0]
    return format_decimal(round(100 * float(share), 1), format="#,##,##0.0", locale=_locale(lang)) + " %"


def format_number(value: float | None, lang: str = "en", *, decimals: int = 1) -> str:
    """A number with lakh grouping and ``decimals`` decimals; missing reads "not recorded".

    Examples
    --------
    >>> format_number(96.63), format_number(172280.0, decimals=0), format_number(None, "hi")
    ('96.6', '1,72,280', 'दर्ज नहीं')
    """
    if value is None or pd.isna(value):
        return NOT_RECORDED[1 if lang == "hi" else 0]
    pattern = "#,##,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(round(float(value), decimals), format=pattern, locale=_locale(lang))


def format_km(value: float | None, lang: str = "en", *, decimals: int = 1) -> str:
    """A distance in km ("12.3 km", "12.3 कि.मी."); missing distances read "not recorded"."""
    if value is None or pd.isna(value):
        return NOT_RECORDED[1 if lang == "hi" else 0]
    number = format_decimal(round(float(value), decimals), format="#,##,##0." + "0" * decimals, locale=_locale(lang))
    return f"{number} {'कि.मी.' if lang == 'hi' else 'km'}"


def format_minutes(value: float | None, lang: str = "en") -> str:
    """A travel time in whole minutes ("42 min", "1,205 मिनट"); ``inf`` reads "not reachable", missing "not recorded".

    Examples
    --------
    >>> format_minutes(41.6), format_minutes(1205.2, "hi"), format_minutes(float("inf")), format_minutes(None)
    ('42 min', '1,205 मिनट', 'not reachable', 'not recorded')
    """
    if value is None or pd.isna(value):
        return NOT_RECORDED[1 if lang == "hi" else 0]
    if value == float("inf"):
        return NOT_REACHABLE[1 if lang == "hi" else 0]
    return f"{format_count(round(float(value)), lang)} {'मिनट' if lang == 'hi' else 'min'}"


def format_date(value: str | dt.date | None, lang: str = "en") -> str:
    """A date as the office writes it: "10 Dec 2020" / "10 दिसंबर 2020" (missing: not recorded).

    Examples
    --------
    >>> format_date("2020-12-10"), format_date("2020-12-10", "hi")
    ('10 Dec 2020', '10 दिसंबर 2020')
    """
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)) or value == "":
        return NOT_RECORDED[1 if lang == "hi" else 0]
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return _babel_date(day, "d MMMM y" if lang == "hi" else "d MMM y", locale=_locale(lang))


def format_change(delta: int | None, lang: str = "en") -> str:
    """A change as the room reads it: "+7", "−3" (a true minus), "no change"; unknown: "".

    Examples
    --------
    >>> format_change(7), format_change(-1200), format_change(0), format_change(None), format_change(0, "hi")
    ('+7', '−1,200', 'no change', '', 'कोई बदलाव नहीं')
    """
    if delta is None or pd.isna(delta):
        return ""
    delta = int(delta)
    if delta == 0:
        return NO_CHANGE[1 if lang == "hi" else 0]
    return ("+" if delta > 0 else "−") + format_count(abs(delta), lang)


def dates_line(date: str | None, since: str | None, lang: str = "en") -> str:
    """The dates on every review screen and page of the pack.

    Examples
    --------
    >>> dates_line("2020-12-10", "2020-11-12")
    'Figures as of 10 Dec 2020 · compared with the review of 12 Nov 2020'
    >>> dates_line("2020-12-10", None, "hi")
    'आंकड़े 10 दिसंबर 2020 तक'
    """
    if lang == "hi":
        line = f"आंकड़े {format_date(date, lang)} तक"
        return line + (f" · {format_date(since, lang)} की समीक्षा से तुलना" if since else "")
    line = f"Figures as of {format_date(date, lang)}"
    return line + (f" · compared with the review of {format_date(since, lang)}" if since else "")
