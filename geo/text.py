"""The one text catalogue: every label and sentence a face shows, in English and Hindi.

The words live in ``geo/text.toml``, one entry per key with its ``en`` and ``hi``
text side by side, grouped in sections named by the first part of the key
(``ui.app_title``, ``pack.cover``, ``value.bharatnet.live`` …). Code names a text
by its key and reads it with the one translator, :func:`t`; a registry that
holds labels holds :class:`Text` references, read in the face's language when
drawn. ``tests/test_text.py`` checks that every key the code names is in the
catalogue in both languages with the same ``{placeholders}``, and that every
entry is used.

Hindi in Python source is left only where it is recognition data, not text
shown: the header spellings, month names and value words an office's file may
use (``geo.importing.columns``, ``geo.dates`` …; the test lists them).
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from geo.languages import fill, is_hindi

#: The catalogue file, beside this module.
CATALOGUE_FILE = Path(__file__).with_name("text.toml")
#: The languages every entry carries.
LANGUAGES = ("en", "hi")


@functools.cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """Every entry of :data:`CATALOGUE_FILE` by its dotted key (read once).

    Returns
    -------
    Mapping
        ``{"ui.app_title": {"en": "…", "hi": "…"}, …}``, read-only.
    """
    with CATALOGUE_FILE.open("rb") as file:
        tables = tomllib.load(file)
    entries: dict[str, Mapping[str, str]] = {}

    def walk(prefix: str, table: Mapping[str, object]) -> None:
        if "en" in table:
            entries[prefix] = MappingProxyType(dict(table))
            return
        for name, value in table.items():
            walk(f"{prefix}.{name}" if prefix else name, value)

    walk("", tables)
    return MappingProxyType(entries)


def t(key: str, lang: str, /, **values: object) -> str:
    """The text ``key`` in ``lang``, its ``{placeholders}`` filled from ``values``.

    Parameters
    ----------
    key : str
        A catalogue key, e.g. ``"ui.review_title"``.
    lang : str
        A language code of :mod:`geo.formats` (``en``, ``hi``, ``hi-u-nu-deva``):
        Hindi text for either Hindi code, numbers among ``values`` in its digits.
    **values
        What the placeholders stand for (names, formatted dates, numbers).

    Returns
    -------
    str

    Raises
    ------
    KeyError
        For a key the catalogue lacks (a typo, caught by ``tests/test_text.py``).

    Examples
    --------
    >>> t("ui.review_title", "en", district="A")
    'District e-Governance review — A'
    """
    entry = catalogue()[key]
    template = entry["hi"] if is_hindi(lang) else entry["en"]
    return fill(template, lang, **values) if values else template


@dataclass(frozen=True)
class Text:
    """A catalogue entry held by a registry (a layer's label, a figure's title), read when drawn.

    ``values`` are placeholders bound when the label is made (:meth:`filled`), for
    labels built from numbers or names the code knows before a language is chosen.

    Examples
    --------
    >>> Text("ui.page_review")("en")
    'Review'
    >>> Text("ui.access_map_title").filled(kind=Text("service_point_kind.csc"), scenario="dry season")("en")
    'Travel time to the nearest CSC (Pragya Kendra), dry season'
    """

    key: str
    values: tuple[tuple[str, object], ...] = ()

    def __call__(self, lang: str, **values: object) -> str:
        """The text in ``lang`` (see :func:`t`); a bound value that is callable is read in ``lang`` too."""
        bound = {name: value(lang) if callable(value) else value for name, value in self.values}
        return t(self.key, lang, **bound, **values)

    def filled(self, **values: object) -> Text:
        """The same text with placeholders bound: numbers, names or labels (a :class:`Text`, read in one language)."""
        return Text(self.key, (*self.values, *values.items()))


def texts(section: str) -> dict[str, Text]:
    """The entries directly under ``section``, by their last key part, in catalogue order.

    For tables of labels read by a value (``texts("value.bharatnet")["live"]``).

    Raises
    ------
    KeyError
        When the catalogue has no entry under ``section``.
    """
    head = section + "."
    found = {key[len(head) :]: Text(key) for key in catalogue() if key.startswith(head) and "." not in key[len(head) :]}
    if not found:
        raise KeyError(section)
    return found
