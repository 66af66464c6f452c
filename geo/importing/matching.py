"""Match panchayat (and block) names across spellings and scripts.

Sheets spell the same panchayat ``Karmatanr``, ``Karmatand``, ``KARMATANR GP`` or
``करमाटांड़``. :func:`name_key` folds case, punctuation, "GP"/"Gram Panchayat"/
"ग्राम पंचायत" and Devanagari (transliterated to Latin, final schwa dropped, nasal
marks as ``n``); :func:`match_names` then scores each source name against the
store's panchayats of the right block with rapidfuzz and sorts it into:

- ``exact``      — same key (case, spacing, punctuation, "GP" aside): applied;
- ``fuzzy``      — one clear best candidate: listed, applied only once confirmed;
- ``ambiguous``  — two or more candidates about equally good: listed, never applied
  until the user names the code;
- ``unmatched``  — nothing close enough.

Confirmations are a small CSV (``source_name, block, matched_code``) that the
command line writes for the user to check (:func:`write_confirmations`) and reads
back with ``--accept-matches`` (:func:`read_confirmations`); the Data page offers
the same list as a table with an accept box.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from indic_transliteration import sanscript
from rapidfuzz import fuzz

from geo.errors import GeoInputError
from geo.exports.tables import write_tables

__all__ = [
    "MIN_SCORE",
    "MIN_LEAD",
    "Match",
    "name_key",
    "match_names",
    "match_one",
    "read_confirmations",
    "write_confirmations",
    "confirmations_frame",
]

#: Lowest score (0-100) for a candidate to count at all.
MIN_SCORE = 80.0
#: How far the best candidate must lead the second for a match not to be ambiguous.
MIN_LEAD = 5.0

_DEVANAGARI = re.compile(r"[\u0900-\u097F]")
_SUFFIXES_HI = ("ग्राम पंचायत", "ग्रा0 पं0", "ग्रा. पं.", "पंचायत", "प्रखंड", "प्रखण्ड")
_NOISE = re.compile(r"\b(?:gram panchayat|gram panchyat|grampanchayat|g\.? ?p\.?|panchayat|block|prakhand)\b")


@dataclass(frozen=True)
class Match:
    """How one source name (within a block) matched the store.

    Attributes
    ----------
    source_name, block : str
        As written in the file (``block`` ``""`` when the file has none).
    status : str
        ``"exact"``, ``"fuzzy"``, ``"ambiguous"``, ``"unmatched"`` or ``"confirmed"``.
    code : str or None
        The matched LGD code (None unless exact or confirmed; for ``fuzzy`` see
        ``candidates[0]``).
    score : float
        Best candidate's score, 0-100.
    candidates : list of tuple
        ``(code, name, score)`` of the close candidates, best first.
    rows : list of int
        Rows of the file (as Excel numbers them) with this name.
    """

    source_name: str
    block: str
    status: str
    code: str | None
    score: float
    candidates: list[tuple[str, str, float]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)

    @property
    def needs_confirmation(self) -> bool:
        """True for fuzzy and ambiguous matches."""
        return self.status in ("fuzzy", "ambiguous")

    def describe(self) -> str:
        """One line for a report: rows, the name, and what it might be."""
        where = f" (block {self.block})" if self.block else ""
        options = "; ".join(f"{c} {n} ({s:.0f})" for c, n, s in self.candidates[:3]) or "none"
        return f"{self.source_name!r}{where}: {self.status}; candidates: {options}"


def name_key(name: object) -> str:
    """Return a spelling-insensitive key of a place name, in ASCII.

    Parameters
    ----------
    name : object
        A name in Latin or Devanagari script (None/NaN give ``""``).

    Returns
    -------
    str
        Lower-case ASCII words, without "GP"/"Gram Panchayat" and punctuation.

    Examples
    --------
    >>> name_key("KUNDAHIT  G.P.")
    'kundahit'
    >>> name_key("कुंडहित")
    'kundahit'
    >>> name_key("Karmatanr Gram Panchayat")
    'karmatanr'
    """
    if name is None or (isinstance(name, float) and pd.isna(name)):
        return ""
    text = unicodedata.normalize("NFC", str(name)).strip()
    if _DEVANAGARI.search(text):
        for suffix in _SUFFIXES_HI:
            text = text.replace(suffix, " ")
        text = _transliterate(text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = _NOISE.sub(" ", f" {text} ")
    return " ".join(text.split())


def match_one(
    name: str,
    targets: pd.DataFrame,
    *,
    min_score: float = MIN_SCORE,
    min_lead: float = MIN_LEAD,
) -> tuple[str, list[tuple[str, str, float]]]:
    """Score ``name`` against ``targets`` (columns ``lgd_code``, ``name``, optional ``name_hi``).

    Returns
    -------
    tuple
        ``(status, candidates)`` with status ``exact``, ``fuzzy``, ``ambiguous`` or
        ``unmatched`` and candidates ``(code, name, score)`` at or above
        ``min_score``, best first.
    """
    key = name_key(name)
    if not key:
        return "unmatched", []
    exact: list[tuple[str, str, float]] = []
    scored: list[tuple[str, str, float]] = []
    latin = not _DEVANAGARI.search(str(name))
    for code, target_name, target_hi in _target_rows(targets):
        keys = [name_key(target_name)]
        if target_hi:
            keys.append(name_key(target_hi))
        if latin and key == keys[0]:
            exact.append((code, target_name, 100.0))
            continue
        score = max((_score(key, k) for k in keys if k), default=0.0)
        if score >= min_score:
            scored.append((code, target_name, round(score, 1)))
    if len(exact) == 1:
        return "exact", exact
    if len(exact) > 1:
        return "ambiguous", exact
    scored.sort(key=lambda c: (-c[2], c[0]))
    if not scored:
        return "unmatched", []
    if len(scored) > 1 and scored[0][2] - scored[1][2] < min_lead:
        return "ambiguous", scored
    return "fuzzy", scored


def match_names(
    names: Sequence[str],
    blocks: Sequence[str] | None,
    panchayats: pd.DataFrame,
    block_table: pd.DataFrame | None = None,
    *,
    confirmed: pd.DataFrame | None = None,
    rows: Sequence[int] | None = None,
) -> list[Match]:
    """Match each distinct (name, block) of a file to a panchayat of the store.

    Parameters
    ----------
    names : sequence of str
        Panchayat names as written in the file, one per row.
    blocks : sequence of str, optional
        The block of each row (name or LGD code); narrows the candidates to the
        panchayats of that block. None or ``""``: all panchayats are candidates.
    panchayats : pandas.DataFrame
        The store's panchayats (``lgd_code``, ``name``, ``name_hi``, ``block_lgd``).
    block_table : pandas.DataFrame, optional
        The store's blocks (``lgd_code``, ``name``, ``name_hi``) to resolve ``blocks``.
    confirmed : pandas.DataFrame, optional
        Confirmations (``source_name``, ``block``, ``matched_code``): a matching
        row turns a fuzzy or ambiguous (or unmatched) name into ``confirmed``.
    rows : sequence of int, optional
        The file's row numbers (as Excel shows them), for the report.

    Returns
    -------
    list of Match
        One per distinct (name, block), in order of first appearance.

    Examples
    --------
    >>> gps = pd.DataFrame({"lgd_code": ["1", "2"], "name": ["Kundhit", "Nala"], "name_hi": ["", ""],
    ...                     "block_lgd": ["B", "B"]})
    >>> [m.status for m in match_names(["kundhit gp", "Kundahit", "Dumka"], None, gps)]
    ['exact', 'fuzzy', 'unmatched']
    """
    if not isinstance(panchayats, pd.DataFrame):
        msg = f"'panchayats' should be a DataFrame, got {type(panchayats).__name__}"
        raise TypeError(msg)
    if blocks is not None and len(blocks) != len(names):
        msg = f"'blocks' has {len(blocks)} values for {len(names)} names; give one block per name"
        raise ValueError(msg)
    row_numbers = list(rows) if rows is not None else list(range(2, len(names) + 2))
    accepted = _accepted(confirmed)
    groups: dict[tuple[str, str], list[int]] = {}
    for i, name in enumerate(names):
        block = "" if blocks is None or blocks[i] is None else str(blocks[i]).strip()
        groups.setdefault((str(name).strip(), block), []).append(row_numbers[i])
    out: list[Match] = []
    for (name, block), where in groups.items():
        candidates = _candidates_in_block(panchayats, block, block_table)
        status, found = match_one(name, candidates)
        code = found[0][0] if status == "exact" else None
        chosen = accepted.get((name_key(name), name_key(block))) or accepted.get((name_key(name), ""))
        if chosen is not None and status != "exact":
            if chosen not in set(panchayats["lgd_code"].astype(str)):
                msg = (
                    f"the confirmations file accepts code {chosen!r} for {name!r}, but the store has no "
                    "panchayat with that code; correct matched_code in the file"
                )
                raise GeoInputError(msg)
            status, code = "confirmed", chosen
        score = found[0][2] if found else 0.0
        out.append(Match(name, block, status, code, score, found[:5], where))
    return out


def confirmations_frame(matches: Sequence[Match]) -> pd.DataFrame:
    """Return the matches that need a decision as a table the user can edit.

    Columns: ``source_name``, ``block``, ``matched_code`` (the best candidate for a
    fuzzy match, empty for an ambiguous one — fill it in), ``matched_name``,
    ``score``, ``status``, ``candidates``, ``rows``.
    """
    records = []
    for m in matches:
        if not m.needs_confirmation:
            continue
        best = m.candidates[0] if m.candidates else ("", "", 0.0)
        records.append(
            {
                "source_name": m.source_name,
                "block": m.block,
                "matched_code": best[0] if m.status == "fuzzy" else "",
                "matched_name": best[1] if m.status == "fuzzy" else "",
                "score": best[2],
                "status": m.status,
                "candidates": "; ".join(f"{c} {n} ({s:.0f})" for c, n, s in m.candidates[:5]),
                "rows": " ".join(map(str, m.rows[:20])),
            }
        )
    columns = ["source_name", "block", "matched_code", "matched_name", "score", "status", "candidates", "rows"]
    return pd.DataFrame(records, columns=columns)


def write_confirmations(matches: Sequence[Match], path: str | os.PathLike[str]) -> Path:
    """Write the matches needing a decision to ``path``, a ``.csv`` file (:func:`geo.exports.tables.write_tables`)."""
    return write_tables(path, {"confirmations": confirmations_frame(matches)})


def read_confirmations(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a confirmations file (``source_name``, ``block``, ``matched_code``).

    Rows with an empty ``matched_code`` are dropped (not confirmed).

    Raises
    ------
    GeoInputError
        If the file cannot be read or lacks one of the three columns.
    """
    from geo.importing.readers import read_table

    table = read_table(path).frame
    missing = [c for c in ("source_name", "matched_code") if c not in table.columns]
    if missing:
        msg = (
            f"{Path(path).name} lacks column(s) {', '.join(missing)}; expected source_name, block, matched_code "
            "(edit the .matches.csv file the import wrote)"
        )
        raise GeoInputError(msg)
    if "block" not in table.columns:
        table = table.assign(block="")
    table = table.loc[table["matched_code"].str.strip() != "", ["source_name", "block", "matched_code"]]
    return table.reset_index(drop=True)


# --- private helpers -------------------------------------------------------------------


def _transliterate(text: str) -> str:
    latin = sanscript.transliterate(text, sanscript.DEVANAGARI, sanscript.IAST)
    latin = latin.replace("ṃ", "n").replace("ṁ", "n").replace("r̤", "r").replace("ṛ", "r")
    words = []
    for word in latin.split():
        if len(word) > 2 and word.endswith("a") and word[-2] not in "aāiīuueo":
            word = word[:-1]  # Hindi drops the final inherent vowel: kuṃḍahita -> kundahit
        words.append(word)
    return " ".join(words)


def _score(a: str, b: str) -> float:
    plain = fuzz.ratio(a, b)
    squeezed = fuzz.ratio(_skeleton(a), _skeleton(b))
    return max(plain, min(squeezed, 99.0) - 3.0)


def _skeleton(key: str) -> str:
    """Fold spellings that differ only in vowels' length and doubled letters."""
    text = key.replace(" ", "")
    for old, new in (("aa", "a"), ("ee", "i"), ("oo", "u"), ("w", "v"), ("ph", "f"), ("sh", "s"), ("z", "j")):
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text)


def _target_rows(targets: pd.DataFrame) -> list[tuple[str, str, str]]:
    hi = targets["name_hi"] if "name_hi" in targets.columns else pd.Series([""] * len(targets), index=targets.index)
    return [
        (str(c), "" if pd.isna(n) else str(n), "" if pd.isna(h) else str(h))
        for c, n, h in zip(targets["lgd_code"], targets["name"], hi, strict=True)
    ]


def _candidates_in_block(panchayats: pd.DataFrame, block: str, block_table: pd.DataFrame | None) -> pd.DataFrame:
    if not block or "block_lgd" not in panchayats.columns:
        return panchayats
    codes = set(panchayats["block_lgd"].dropna().astype(str))
    if block in codes:
        return panchayats[panchayats["block_lgd"].astype(str) == block]
    if block_table is None or block_table.empty:
        return panchayats
    status, found = match_one(block, block_table)
    if status in ("exact", "fuzzy") and found:
        return panchayats[panchayats["block_lgd"].astype(str) == found[0][0]]
    return panchayats


def _accepted(confirmed: pd.DataFrame | None) -> dict[tuple[str, str], str]:
    if confirmed is None or confirmed.empty:
        return {}
    block = confirmed["block"] if "block" in confirmed.columns else pd.Series([""] * len(confirmed))
    return {
        (name_key(n), name_key(b)): str(c).strip()
        for n, b, c in zip(confirmed["source_name"], block.fillna(""), confirmed["matched_code"], strict=True)
        if str(c).strip()
    }
