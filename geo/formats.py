"""How numbers, shares, distances and dates are written on every face, the way district offices write them.

One formatter for the app, the map sheets and meeting pack, ``summary`` and the
public pages, built on Babel's ``en_IN`` and ``hi_IN`` locales (lakh and crore
grouping: 7,91,042; 1,00,00,000) rather than hand-written rules.

Every function takes the language code of the face it writes for: ``"en"``,
``"hi"``, or ``"hi-u-nu-deva"`` (BCP 47 for Hindi written with Devanagari digits,
७,९१,०४२). The code is the language setting: text is chosen by its language
(:func:`geo.languages.is_hindi`), digits by its numbering system. Babel groups and rounds but
does not substitute digits, so the Devanagari ones are a translation of the
finished text. Numbers are rounded half up (0.25 km reads 0.3 km), as people
and the public page's JavaScript (``toFixed``) round them.

The words written here ("not recorded", "km", the dates line) are the text catalogue's
``format.*`` entries (:mod:`geo.text`); language codes and their digits are :mod:`geo.languages`.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from geo.languages import DEVANAGARI_DIGITS, is_hindi, language_of, localize_digits
from geo.text import t

__all__ = [
    "COMPASS",
    "COMPASS_ARROWS",
    "LOCALES",
    "dates_line",
    "display_name",
    "compass_point",
    "display_names",
    "format_bearing",
    "format_change",
    "format_count",
    "format_date",
    "format_km",
    "format_minutes",
    "format_number",
    "format_percent",
    "latin_digits",
    "name_digits",
    "pick",
]

#: Babel locale per language of the app.
LOCALES = {"en": "en_IN", "hi": "hi_IN"}


def _shown(name: str, lang: str, **values: object) -> str:
    """The catalogue's ``format.<name>`` in ``lang``."""
    return t(f"format.{name}", lang, **values)


def pick(texts: tuple[str, str], lang: str) -> str:
    """The Hindi or English one of an ``(English, Hindi)`` pair.

    Examples
    --------
    >>> pick(("not recorded", "दर्ज नहीं"), "hi-u-nu-deva"), pick(("not recorded", "दर्ज नहीं"), "en")
    ('दर्ज नहीं', 'not recorded')
    """
    return texts[1] if is_hindi(lang) else texts[0]


_LAST_DIGIT = 0x1FBF9  # the last decimal digit of Unicode 15 (SEGMENTED DIGIT NINE)


@functools.cache
def _digit_table(lang: str) -> dict[int, str]:
    """Every decimal digit of Unicode (category Nd) -> the same digit as ``lang`` writes it."""
    target = "०१२३४५६७८९" if lang == DEVANAGARI_DIGITS else "0123456789"
    table = {}
    for code in range(_LAST_DIGIT + 1):
        char = chr(code)
        if unicodedata.category(char) == "Nd" and char not in target:
            table[code] = target[unicodedata.decimal(char)]
    return table


def name_digits(name: str, lang: str) -> str:
    """A name with its digits written as ``lang`` writes numbers, for display (the stored name is unchanged).

    The rule: every decimal digit of a name, whatever its script (0-9, ०-९, the
    Bengali ০-৯ …), is shown in the digits of the reader's language code — 0-9 in
    English and in plain Hindi (``hi``, whose numbers are written 0-9), ०-९ in
    Hindi with Devanagari digits (:data:`DEVANAGARI_DIGITS`). Letters are never
    touched. Exports and the store keep the name as it came; searching already
    reads any digits.

    Examples
    --------
    >>> name_digits("Nala ०७", "en"), name_digits("नाला 07", "hi"), name_digits("नाला 07", "hi-u-nu-deva")
    ('Nala 07', 'नाला 07', 'नाला ०७')
    >>> name_digits("Kundahit", "hi-u-nu-deva")
    'Kundahit'
    """
    return name.translate(_digit_table(lang))


def latin_digits(text: str) -> str:
    """``text`` with every decimal digit of any script (०-९, ০-৯ …) written 0-9, for reading numbers from files.

    Offices type counts, coordinates and dates in Devanagari digits as often as
    in 0-9; a reader passes the cell through this before parsing it.

    Examples
    --------
    >>> latin_digits("१,२३४"), latin_digits("२३.९५"), latin_digits("১২")
    ('1,234', '23.95', '12')
    """
    return text.translate(_digit_table("en"))


def display_name(name: object, name_hi: object = None, lang: str = "en") -> str:
    """How every face shows a place's name: in Hindi its Hindi name where recorded, digits as ``lang`` writes them.

    An empty or missing name reads "not recorded" (it never prints ``nan`` or ``<NA>``).

    Examples
    --------
    >>> display_name("Nala ०७", "नाला ०७", "en"), display_name("Nala 07", "", "hi-u-nu-deva")
    ('Nala 07', 'Nala ०७')
    >>> display_name("Nala 07", "नाला 07", "hi-u-nu-deva"), display_name(None, None, "hi")
    ('नाला ०७', 'दर्ज नहीं')
    """
    chosen = _text(name_hi) if is_hindi(lang) else ""
    chosen = chosen or _text(name)
    return name_digits(chosen, lang) if chosen else _shown("not_recorded", lang)


def display_names(names: pd.Series, names_hi: pd.Series | None = None, lang: str = "en") -> pd.Series:
    """:func:`display_name` of every row (same index)."""
    hindi = names_hi if names_hi is not None else pd.Series(None, index=names.index, dtype=object)
    return pd.Series(
        [display_name(n, h, lang) for n, h in zip(names, hindi, strict=True)], index=names.index, dtype=object
    )


def _text(value: object) -> str:
    """A cell as text, "" when missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


@functools.cache
def _locale(lang: str) -> Locale:
    """Babel's locale for a language code, parsed once (every number on a map goes through here)."""
    return Locale.parse(LOCALES.get(language_of(lang), LOCALES["en"]))


def _half_up(value: float, decimals: int) -> Decimal:
    """``value`` rounded half up to ``decimals`` places, on its exact binary value (as JavaScript's ``toFixed``)."""
    return Decimal(float(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@functools.lru_cache(maxsize=1 << 16)  # pure: a map's popups format the same numbers on every rerun
def format_count(value: int, lang: str = "en") -> str:
    """A whole number with lakh grouping.

    Examples
    --------
    >>> format_count(791042), format_count(51196), format_count(-1234567), format_count(10**7)
    ('7,91,042', '51,196', '-12,34,567', '1,00,00,000')
    >>> format_count(791042, "hi-u-nu-deva")
    '७,९१,०४२'
    """
    return localize_digits(format_decimal(int(value), locale=_locale(lang)), lang)


def format_percent(share: float | None, lang: str = "en") -> str:
    """A share (0..1) as a percentage with one decimal ("96.6 %"); missing reads "not recorded".

    Examples
    --------
    >>> format_percent(0.966), format_percent(1.0), format_percent(None), format_percent(0.0025)
    ('96.6 %', '100.0 %', 'not recorded', '0.3 %')
    """
    if share is None or pd.isna(share):
        return _shown("not_recorded", lang)
    return f"{format_number(100 * float(share), lang)} %"


@functools.lru_cache(maxsize=1 << 16)
def format_number(value: float | None, lang: str = "en", *, decimals: int = 1) -> str:
    """A number with lakh grouping and ``decimals`` decimals, rounded half up; missing reads "not recorded".

    Examples
    --------
    >>> format_number(96.63), format_number(172280.0, decimals=0), format_number(None, "hi"), format_number(0.25)
    ('96.6', '1,72,280', 'दर्ज नहीं', '0.3')
    """
    if value is None or pd.isna(value):
        return _shown("not_recorded", lang)
    pattern = "#,##,##0" + ("." + "0" * decimals if decimals else "")
    return localize_digits(format_decimal(_half_up(value, decimals), format=pattern, locale=_locale(lang)), lang)


def format_km(value: float | None, lang: str = "en", *, decimals: int = 1) -> str:
    """A distance in km ("12.3 km", "12.3 कि.मी."); missing distances read "not recorded".

    Examples
    --------
    >>> format_km(12.25), format_km(1234.56, "hi"), format_km(3.0, "hi-u-nu-deva")
    ('12.3 km', '1,234.6 कि.मी.', '३.० कि.मी.')
    """
    if value is None or pd.isna(value):
        return _shown("not_recorded", lang)
    return f"{format_number(value, lang, decimals=decimals)} {_shown('km', lang)}"


#: The eight points of the compass, clockwise from north: the words of a direction (``format.toward_<point>``).
COMPASS = ("n", "ne", "e", "se", "s", "sw", "w", "nw")
#: An arrow for each point of :data:`COMPASS` (up is north, as on the map), read before the word.
COMPASS_ARROWS = dict(zip(COMPASS, "↑↗→↘↓↙←↖", strict=True))


def compass_point(azimuth_deg: float) -> str:
    """The point of :data:`COMPASS` nearest to an azimuth (degrees clockwise from north; a half-way one goes clockwise).

    The public page's ``compassPoint`` (``layers/static/public_map.js``) is the same rule.

    Examples
    --------
    >>> compass_point(0.0), compass_point(22.4), compass_point(22.5), compass_point(-90.0), compass_point(350.0)
    ('n', 'n', 'ne', 'w', 'n')
    """
    return COMPASS[int(math.floor((azimuth_deg % 360.0) / 45.0 + 0.5)) % len(COMPASS)]


def format_bearing(azimuth_deg: float | None, lang: str = "en") -> str:
    """A direction as an arrow and words ("↗ north-east", "↓ दक्षिण"); missing reads "not recorded".

    ``azimuth_deg`` is in degrees clockwise from north (a geodesic's forward azimuth).

    Examples
    --------
    >>> format_bearing(44.0), format_bearing(180.0, "hi"), format_bearing(None)
    ('↗ north-east', '↓ दक्षिण', 'not recorded')
    """
    if azimuth_deg is None or pd.isna(azimuth_deg):
        return _shown("not_recorded", lang)
    point = compass_point(float(azimuth_deg))
    return f"{COMPASS_ARROWS[point]} {_shown(f'toward_{point}', lang)}"


def format_minutes(value: float | None, lang: str = "en") -> str:
    """A travel time in whole minutes ("42 min", "1,205 मिनट"); ``inf`` reads "not reachable", missing "not recorded".

    Examples
    --------
    >>> format_minutes(41.6), format_minutes(1205.2, "hi"), format_minutes(float("inf")), format_minutes(None)
    ('42 min', '1,205 मिनट', 'not reachable', 'not recorded')
    >>> format_minutes(42.5)
    '43 min'
    """
    if value is None or pd.isna(value):
        return _shown("not_recorded", lang)
    if value == float("inf"):
        return _shown("not_reachable", lang)
    return f"{format_number(value, lang, decimals=0)} {_shown('min', lang)}"


def format_date(value: str | dt.date | None, lang: str = "en") -> str:
    """A date as the office writes it: "10 Dec 2020" / "10 दिसंबर 2020" (missing: not recorded).

    Examples
    --------
    >>> format_date("2020-12-10"), format_date("2020-12-10", "hi")
    ('10 Dec 2020', '10 दिसंबर 2020')
    """
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)) or value == "":
        return _shown("not_recorded", lang)
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return localize_digits(_babel_date(day, pick(("d MMM y", "d MMMM y"), lang), locale=_locale(lang)), lang)


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
        return _shown("no_change", lang)
    return ("+" if delta > 0 else "−") + format_count(abs(delta), lang)


def dates_line(date: str | None, since: str | None, lang: str = "en") -> str:
    """The dates on every review screen and page of the pack.

    Examples
    --------
    >>> dates_line("2020-12-10", "2020-11-12")
    'Figures as of 10 Dec 2020 · compared with the review of 12 Nov 2020'
    >>> dates_line("2020-12-10", None, "hi")
    'आंकड़े 10 दिसंबर 2020 तक'
    >>> dates_line(None, None)
    'Latest figures (no dated report recorded yet)'
    """
    if date is None:  # no dated report at all: there is no date to name
        return _shown("dates_undated", lang)
    line = _shown("dates", lang, date=format_date(date, lang))
    return line + (_shown("dates_since", lang, since=format_date(since, lang)) if since else "")
