"""What changed between two reviews: per panchayat (or block) and indicator, counted and phrased.

An *indicator* here is one class per unit, read from an analysis
(:data:`INDICATORS`): the connectivity class, the CSC and library states of a
panchayat, whether it has villages beyond Aadhaar reach or a PMGDISHA centre, the
disposal-rate class of a block. A unit *changed* when its class differs between the
two analyses ("not recorded" is a class like the others: a first report is a
change). The counts are phrased "12 now working · 3 now found offline"; no change
reads "no change", never "+0".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.formats import format_count
from geo.languages import localize_digits
from geo.review.analysis import Analysis
from geo.text import Text, t, texts

__all__ = [
    "UNRECORDED",
    "Indicator",
    "INDICATORS",
    "unit_classes",
    "class_changes",
    "change_counts",
    "change_phrase",
    "block_changes",
    "trend",
]

#: The class of a unit with nothing recorded (a class like the others: a first report is a change).
UNRECORDED = "not_recorded"


@dataclass(frozen=True)
class Indicator:
    """One class per unit, and how a move into each class reads.

    Attributes
    ----------
    level : {"panchayat", "block"}
        The units it classes.
    classify : callable
        ``classify(units) -> Series`` of class values (no missing values).
    now : mapping of str to geo.text.Text
        Class -> the words after "now" (``"working"`` -> "working"); the order is the order of the phrase.
    """

    level: str
    classify: Callable[[pd.DataFrame], pd.Series]
    now: Mapping[str, Text]


def _column(name: str, values: Mapping[str, str] | None = None) -> Callable[[pd.DataFrame], pd.Series]:
    def classify(units: pd.DataFrame) -> pd.Series:
        column = units[name].astype("string")
        if values is not None:
            column = column.map(lambda v: values.get(v, v) if isinstance(v, str) else v)
        return column.fillna(UNRECORDED).astype(str)

    return classify


def _positive(name: str, yes: str, no: str) -> Callable[[pd.DataFrame], pd.Series]:
    def classify(units: pd.DataFrame) -> pd.Series:
        values = pd.to_numeric(units[name], errors="coerce").astype("Float64")
        out = np.where(values.isna().to_numpy(), UNRECORDED, np.where(values.fillna(0).to_numpy() > 0, yes, no))
        return pd.Series(out, index=units.index, dtype=object)

    return classify


#: The indicators the agenda marks (``geo.review.agenda.AgendaItem.indicator``).
INDICATORS: dict[str, Indicator] = {
    "connectivity": Indicator(
        "panchayat",
        _column("connectivity"),
        texts("progress.connectivity"),
    ),
    "csc": Indicator(
        "panchayat",
        _column("csc"),
        texts("progress.csc"),
    ),
    "library": Indicator(
        "panchayat",
        _column("library"),
        texts("progress.library"),
    ),
    "aadhaar": Indicator(
        "panchayat",
        _positive("villages_beyond_aadhaar", "beyond", "within"),
        texts("progress.aadhaar"),
    ),
    "pmgdisha": Indicator(
        "panchayat",
        _positive("pmgdisha_centres", "centre", "none"),
        texts("progress.pmgdisha"),
    ),
    "jharsewa": Indicator(
        "block",
        _column("jharsewa_class"),
        texts("progress.jharsewa"),
    ),
}


def _units(analysis: Analysis, level: str) -> pd.DataFrame:
    if level == "block":
        blocks = analysis.blocks.drop(columns="geometry")
        return blocks.assign(block_lgd=blocks["lgd_code"], block_name=blocks["name"], block_name_hi=blocks["name_hi"])
    return analysis.panchayats.drop(columns="geometry")


def unit_classes(analysis: Analysis, indicator: str) -> pd.Series:
    """The class of every unit (indexed by LGD code) for ``indicator``."""
    spec = INDICATORS[indicator]
    units = _units(analysis, spec.level).set_index("lgd_code")
    return spec.classify(units)


def unit_timeline(analyses: Mapping[str, Analysis], lgd_code: str, indicators: Sequence[str]) -> pd.DataFrame:
    """One unit's class of each of ``indicators`` at each review date.

    Parameters
    ----------
    analyses : mapping of str to geo.review.analysis.Analysis
        Review date -> the analysis of that date.
    lgd_code : str
        The unit (a panchayat, or a block for block-level indicators).
    indicators : sequence of str
        Keys of :data:`INDICATORS`.

    Returns
    -------
    pandas.DataFrame
        Rows: the dates in order (index ``date``); columns: the indicators; missing
        where the unit was not in that analysis.
    """
    dates = sorted(analyses)
    rows = [[unit_classes(analyses[d], i).get(lgd_code, pd.NA) for i in indicators] for d in dates]
    return pd.DataFrame(rows, index=pd.Index(dates, name="date"), columns=list(indicators), dtype="string")


def class_changes(now: Analysis, before: Analysis, indicator: str) -> pd.DataFrame:
    """The units whose class of ``indicator`` differs between two analyses.

    Parameters
    ----------
    now, before : geo.review.analysis.Analysis
        Two analyses of one store (``before`` the earlier review).
    indicator : str
        A key of :data:`INDICATORS`.

    Returns
    -------
    pandas.DataFrame
        ``lgd_code``, ``name``, ``name_hi``, ``block_lgd``, ``block_name``,
        ``block_name_hi``, ``before`` and ``now`` (classes), ordered by block and
        name. A unit that exists only now counts as changed from "not recorded".
    """
    spec = INDICATORS[indicator]
    units = _units(now, spec.level).set_index("lgd_code")
    current = spec.classify(units)
    earlier = unit_classes(before, indicator).reindex(current.index).fillna(UNRECORDED)
    changed = current != earlier
    columns = ["name", "name_hi", "block_lgd", "block_name", "block_name_hi"]
    out = units.loc[changed.to_numpy(), columns].assign(before=earlier[changed], now=current[changed])
    out = out.reset_index().sort_values(["block_name", "name"], kind="stable")
    return out[["lgd_code", *columns, "before", "now"]].reset_index(drop=True)


def change_counts(changes: pd.DataFrame, indicator: str) -> dict[str, int]:
    """Changed units per class they moved into, in the indicator's order (classes with none left out)."""
    counts = changes["now"].value_counts()
    return {value: int(counts[value]) for value in INDICATORS[indicator].now if counts.get(value, 0)}


def change_phrase(changes: pd.DataFrame, indicator: str, lang: str = "en") -> str:
    """The change in words: "12 now working · 3 now found offline", or "no change".

    Examples
    --------
    >>> frame = pd.DataFrame({"now": ["working", "live_offline", "working"]})
    >>> change_phrase(frame, "connectivity")
    '2 now working · 1 now found offline'
    >>> change_phrase(frame.iloc[:0], "connectivity")
    'no change'
    """
    counts = change_counts(changes, indicator)
    if not counts:
        return t("format.no_change", lang)
    words = INDICATORS[indicator].now
    # the classes' words hold only numbers ("75–90 % disposal"): in the language's digits
    return " · ".join(
        t("progress.change", lang, n=format_count(n, lang), what=localize_digits(words[value](lang), lang))
        for value, n in counts.items()
    )


def block_changes(changes: pd.DataFrame, indicator: str, block_codes: Sequence[str], lang: str = "en") -> pd.DataFrame:
    """Per block: how many units changed and the phrase (``changed``, ``phrase``), every block listed.

    A block with no change reads "no change" and 0.
    """
    rows = []
    for code in block_codes:
        mine = changes[changes["block_lgd"].astype(str) == str(code)]
        rows.append({"block_lgd": str(code), "changed": len(mine), "phrase": change_phrase(mine, indicator, lang)})
    return pd.DataFrame(rows, columns=["block_lgd", "changed", "phrase"]).set_index("block_lgd")


def trend(analyses: Mapping[str, Analysis], keys: Sequence[str]) -> pd.DataFrame:
    """District figures ``keys`` at each review date (rows, in date order); missing where not recorded.

    Parameters
    ----------
    analyses : mapping of str to geo.review.analysis.Analysis
        Review date -> the analysis of that date.
    keys : sequence of str
        Keys of :data:`geo.review.figures.FIGURES`.
    """
    dates = sorted(analyses)
    rows = [analyses[d].figures.district[list(keys)].astype("Int64") for d in dates]
    return pd.DataFrame(rows, index=pd.Index(dates, name="date")).astype("Int64")
