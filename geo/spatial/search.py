"""Finding a place by what a person types: one index and one rule for every face.

The app's search boxes and the static public page (``layers/publish.py``, which
ships :func:`place_index` and runs the same rule in JavaScript) find the same
places for the same text; ``tests/test_search_parity.py`` runs one list of queries
against both.

The rule
--------
*Normalising* (:func:`normalise_text`): Unicode NFC, lower case, Devanagari digits
as ASCII (``०७`` → ``07``), punctuation (``. , - ( ) / _``) as spaces, letters and
digits written together split (``gp07`` → ``gp 07``), numbers without leading
zeros (``07`` → ``7``), spaces collapsed.

*Words*: the query's normalised words, less the words every place name may or may
not carry (:data:`STOP_WORDS`: "GP", "ग्रा.पं.", "panchayat", "village"…), unless
nothing else is left.

*A place matches* when every word does: a number equals a number in its names (a
query that is one number alone may also start its code: ``990103``); any other word is part of one of its name words
("ala" is in "kalajharia"). When no place matches like that, words of at least
:data:`FUZZY_MIN` letters may also differ from the start of a name word by one
typing slip (two from :data:`FUZZY_TWO` letters): a letter added, dropped or
changed ("jamtra", "kalajaria").

*Order*: exact matches before typo matches, then places whose name starts with the
first word, panchayats before villages, then by English name.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

__all__ = [
    "FUZZY_MIN",
    "FUZZY_TWO",
    "STOP_WORDS",
    "normalise_text",
    "place_index",
    "query_words",
    "search_places",
]

#: Words that a place's name may or may not carry; a query needs none of them.
STOP_WORDS = frozenset(
    {
        "gp",
        "g",
        "p",
        "gram",
        "panchayat",
        "village",
        "vill",
        "ग्रा",
        "पं",
        "ग्राम",
        "पंचायत",
        "गाँव",
        "गांव",
    }
)
#: Query words this long may carry one typing slip.
FUZZY_MIN = 4
#: Query words this long may carry two.
FUZZY_TWO = 8

_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
# ASCII digits only (Devanagari ones are translated first), exactly as the page's JavaScript reads them.
_PUNCTUATION = re.compile(r"[.,\-()/_]+")
_LETTER_DIGIT = re.compile(r"(?<=[^0-9\s])(?=[0-9])|(?<=[0-9])(?=[^0-9\s])")
_NUMBER = re.compile(r"^[0-9]+$")
_KIND_ORDER = {"panchayat": 0, "village": 1}


def normalise_text(text: object) -> str:
    """A name or query as the search compares it (see the module's rule).

    Examples
    --------
    >>> normalise_text("  Nala GP ०७ ")
    'nala gp 7'
    >>> normalise_text("नाला ग्रा.पं. 07")
    'नाला ग्रा पं 7'
    >>> normalise_text("nala-gp07")
    'nala gp 7'
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    out = unicodedata.normalize("NFC", str(text)).lower().translate(_DEVANAGARI_DIGITS)
    out = _LETTER_DIGIT.sub(" ", _PUNCTUATION.sub(" ", out))
    return " ".join(word.lstrip("0") or "0" if _NUMBER.match(word) else word for word in out.split())


def query_words(query: str) -> list[str]:
    """The words of a query that must match: normalised, stop words dropped unless only they are left."""
    words = normalise_text(query).split()
    kept = [word for word in words if word not in STOP_WORDS]
    return kept or words


def place_index(panchayats: pd.DataFrame, villages: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every searchable place with the text the search compares.

    Parameters
    ----------
    panchayats : pandas.DataFrame
        With ``lgd_code``, ``name`` and ``name_hi`` (may be empty) and, where known,
        ``block_name`` and ``block_name_hi``.
    villages : pandas.DataFrame, optional
        With ``census_code`` (or ``code``), ``name``, ``name_hi`` and, where known,
        ``panchayat_name`` and ``panchayat_name_hi``.

    Returns
    -------
    pandas.DataFrame
        A new frame, panchayats first then villages, in their given order:
        ``kind`` ("panchayat" or "village"), ``code``, ``name``, ``name_hi``,
        ``within`` and ``within_hi`` (the block of a panchayat, the panchayat of a
        village; empty if unknown), ``key`` (the normalised English and Hindi names)
        and ``row`` (the place's index label in its input frame).

    Examples
    --------
    >>> gps = pd.DataFrame({"lgd_code": ["11"], "name": ["Nala GP 03"], "name_hi": ["नाला ग्रा.पं. ०३"]})
    >>> place_index(gps)["key"].tolist()
    ['nala gp 3 नाला ग्रा पं 3']
    """
    frames = [_places(panchayats, "panchayat", "lgd_code", "block_name")]
    if villages is not None:
        code = "census_code" if "census_code" in villages else "code"
        frames.append(_places(villages, "village", code, "panchayat_name"))
    return pd.concat(frames, ignore_index=True)


def _places(frame: pd.DataFrame, kind: str, code: str, within: str) -> pd.DataFrame:
    def text(column: str) -> pd.Series:
        if column not in frame:
            return pd.Series("", index=frame.index)
        return frame[column].astype("string").fillna("").astype(str)

    names, names_hi = text("name"), text("name_hi")
    return pd.DataFrame(
        {
            "kind": kind,
            "code": text(code).to_numpy(),
            "name": names.to_numpy(),
            "name_hi": names_hi.to_numpy(),
            "within": text(within).to_numpy(),
            "within_hi": text(f"{within}_hi").to_numpy(),
            "key": [
                f"{normalise_text(en)} {normalise_text(hi)}".strip() for en, hi in zip(names, names_hi, strict=True)
            ],
            "row": list(frame.index),
        }
    )


def search_places(index: pd.DataFrame, query: str, *, kinds: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Places of ``index`` (:func:`place_index`) that match ``query``, best first.

    Parameters
    ----------
    index : pandas.DataFrame
        From :func:`place_index`.
    query : str
        What the person typed, in Latin or Devanagari script, any digits.
    kinds : tuple of str, optional
        Only these kinds ("panchayat", "village"); default all.

    Returns
    -------
    pandas.DataFrame
        The matching rows of ``index`` (a new frame) in the module's order, with a
        ``typo`` column (True where a word matched only with a typing slip). An
        empty query matches nothing.

    Examples
    --------
    >>> gps = pd.DataFrame({"lgd_code": ["11", "12"], "name": ["Nala GP 03", "Kalajharia"],
    ...                     "name_hi": ["नाला ग्रा.पं. ०३", "कालाझरिया"]})
    >>> index = place_index(gps)
    >>> search_places(index, "nala gp 3")["name"].tolist()
    ['Nala GP 03']
    >>> search_places(index, "kalajaria")["name"].tolist()
    ['Kalajharia']
    """
    words = query_words(query)
    pool = index if kinds is None else index[index["kind"].isin(kinds)]
    if not words or pool.empty:
        return pool.iloc[0:0].assign(typo=pd.Series(dtype=bool))
    tokens = [key.split() for key in pool["key"]]
    codes = pool["code"].astype(str).str.translate(_DEVANAGARI_DIGITS).tolist()
    typed = unicodedata.normalize("NFC", query).translate(_DEVANAGARI_DIGITS).strip()
    code_start = typed if _NUMBER.match(typed) else None  # a number alone, zeros as typed
    exact = [all(_matches(w, t, c, code_start) for w in words) for t, c in zip(tokens, codes, strict=True)]
    typo = False
    if not any(exact):
        exact = [
            all(_matches(w, t, c, code_start, fuzzy=True) for w in words) for t, c in zip(tokens, codes, strict=True)
        ]
        typo = True
    found = pool[exact]
    first = words[0]
    starts = [not any(tok.startswith(first) for tok in key.split()) for key in found["key"]]
    order = pd.DataFrame(
        {
            "later": starts,
            "kind": found["kind"].map(_KIND_ORDER).fillna(2).to_numpy(),
            "name": found["name"].str.lower().to_numpy(),
        },
        index=found.index,
    ).sort_values(["later", "kind", "name"], kind="stable")
    return found.loc[order.index].assign(typo=typo)


def _matches(word: str, tokens: list[str], code: str, code_start: str | None, *, fuzzy: bool = False) -> bool:
    """Whether one query word matches a place's name words or its code."""
    if _NUMBER.match(word):  # a number in the names; a query that is a number alone may also start the code
        return word in tokens or (code_start is not None and code.startswith(code_start))
    if any(word in token for token in tokens):
        return True
    if not fuzzy or len(word) < FUZZY_MIN:
        return False
    slips = 2 if len(word) >= FUZZY_TWO else 1
    return any(
        _edit_distance(word, token[:size]) <= slips
        for token in tokens
        for size in (len(word) - 1, len(word), len(word) + 1)
        if size <= len(token)
    )


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: letters added, dropped or changed to turn ``a`` into ``b``."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
