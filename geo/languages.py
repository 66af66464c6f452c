"""Language codes: which language a code writes and in which digits, and text filled in them.

A face writes for one of :data:`LANG_CODES`: ``"en"``, ``"hi"``, or ``"hi-u-nu-deva"``
(BCP 47 for Hindi written with Devanagari digits). Text is chosen by the code's language
(:func:`is_hindi`), digits by its numbering system (:func:`localize_digits`, :func:`fill`).
The text catalogue (:mod:`geo.text`) and the formatters (:mod:`geo.formats`) build on this
module; it imports nothing of the project.
"""

from __future__ import annotations

import numbers

__all__ = ["DEVANAGARI_DIGITS", "LANG_CODES", "fill", "is_hindi", "language_of", "localize_digits"]

#: The language code of Hindi written with Devanagari digits (BCP 47's Unicode ``nu`` extension).
DEVANAGARI_DIGITS = "hi-u-nu-deva"
#: Every language code a face accepts: English, Hindi (digits 0-9), Hindi with Devanagari digits (०-९).
LANG_CODES = ("en", "hi", DEVANAGARI_DIGITS)
_TO_DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


def language_of(lang: str) -> str:
    """The language of a code, without its numbering system.

    Examples
    --------
    >>> language_of("hi-u-nu-deva"), language_of("hi"), language_of("en")
    ('hi', 'hi', 'en')
    """
    return lang.split("-", 1)[0]


def is_hindi(lang: str) -> bool:
    """Whether ``lang`` writes Hindi (with either digits)."""
    return language_of(lang) == "hi"


def localize_digits(text: str, lang: str) -> str:
    """``text`` with its digits written as ``lang`` writes them (Devanagari ones for :data:`DEVANAGARI_DIGITS`).

    For text whose digits are all numbers but were not written by a formatter
    here (a label with "0–5 km" in it). Codes and ids are not numbers and keep
    their digits, so never pass text holding them.

    Examples
    --------
    >>> localize_digits("7,91,042", DEVANAGARI_DIGITS), localize_digits("7,91,042", "hi")
    ('७,९१,०४२', '7,91,042')
    """
    return text.translate(_TO_DEVANAGARI) if lang == DEVANAGARI_DIGITS else text


class _Digits:
    """A number that formats itself in a language code's digits (``{km:g}`` → "१०")."""

    __slots__ = ("lang", "value")

    def __init__(self, value: numbers.Real, lang: str) -> None:
        self.value, self.lang = value, lang

    def __format__(self, spec: str) -> str:
        return localize_digits(format(self.value, spec), self.lang)


def fill(template: str, lang: str, **values: object) -> str:
    """``template.format(**values)`` with every number among ``values`` written in ``lang``'s digits.

    For labels with a number in them ("Villages beyond {km:g} km"); text values
    (names, codes, formatted dates) go in as they are.

    Examples
    --------
    >>> fill("beyond {km:g} km", "hi-u-nu-deva", km=10.0), fill("beyond {km:g} km", "en", km=10.0)
    ('beyond १० km', 'beyond 10 km')
    """
    return template.format(
        **{
            key: _Digits(value, lang) if isinstance(value, numbers.Real) and not isinstance(value, bool) else value
            for key, value in values.items()
        }
    )
