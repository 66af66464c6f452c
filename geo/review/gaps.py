"""The review's gap lists: exactly the panchayats (or villages) of a figure's class, biggest first.

Every list is a class of :mod:`geo.review.indicators` and its length is a figure of
:mod:`geo.review.figures` (``not_live`` is the figure ``not_live``, ``no_functional_csc``
is ``csc_not_functional`` …), so a list can never disagree with the card.
Details say what is true, in English or Hindi (:func:`gap_detail`).
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd

from geo.formats import format_count, format_date, format_km
from geo.languages import is_hindi
from geo.review.figures import Figures
from geo.storage.schema import VALUE_LABELS
from geo.text import Text, t, texts

__all__ = [
    "GAP_LISTS",
    "GAP_FIGURES",
    "gap_lists",
    "gap_detail",
    "gap_count_text",
    "gap_unrecorded",
    "gaps_table",
    "gap_title",
]

#: Gap list key -> its title.
GAP_LISTS: dict[str, Text] = texts("gap.title")
#: The figures each list's length equals (summed).
GAP_FIGURES: dict[str, tuple[str, ...]] = {
    "not_live": ("not_live",),
    "live_offline": ("live_offline",),
    "no_functional_csc": ("csc_not_functional",),
    "library_not_opened": ("library_space", "library_not_started"),
    "far_from_aadhaar": ("villages_beyond_aadhaar",),
}
#: The lists that count as gaps on the map (a panchayat with a village beyond reach is on ``far_from_aadhaar``).
MAP_GAPS = ("not_live", "live_offline", "no_functional_csc", "library_not_opened", "far_from_aadhaar")

_GP_COLUMNS = ["lgd_code", "name", "name_hi", "block_lgd", "block_name", "block_name_hi", "population"]
_VILLAGE_COLUMNS = [
    "census_code",
    "name",
    "name_hi",
    "panchayat_lgd",
    "panchayat_name",
    "panchayat_name_hi",
    "block_lgd",
    "block_name",
    "block_name_hi",
    "population",
    "aadhaar_dist_km",
    "aadhaar_name",
    "aadhaar_name_hi",
]
#: The words of the lists' details (:func:`gap_detail`).
_WORDS = texts("gap.word")


def gap_title(key: str, lang: str = "en", *, aadhaar_km: float = 10.0) -> str:
    """The title of gap list ``key`` in ``lang``."""
    return GAP_LISTS[key](lang, km=aadhaar_km)


def gap_lists(panchayats: gpd.GeoDataFrame, villages: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """Every gap list, from the tables of one analysis.

    Parameters
    ----------
    panchayats : geopandas.GeoDataFrame
        :func:`geo.review.indicators.panchayat_indicators`.
    villages : geopandas.GeoDataFrame
        The analysis' villages: ``beyond_aadhaar``, the Aadhaar distance and
        nearest centre, panchayat and block names.

    Returns
    -------
    dict of str to geopandas.GeoDataFrame
        Keyed like :data:`GAP_LISTS`. Panchayat lists keep the polygons, names,
        block, ``population`` (missing where not recorded) and the indicator
        columns behind the list, plus ``detail`` (English); the village list
        keeps the points with their panchayat, block, population and nearest
        Aadhaar centre. Sorted by population affected, largest first (not
        recorded last), then by code.
    """
    gps = panchayats
    classes = {
        "not_live": gps["connectivity"] == "not_live",
        "live_offline": gps["connectivity"] == "live_offline",
        "no_functional_csc": (gps["csc"] == "not_functional").fillna(False),
        "library_not_opened": gps["library"].isin(["not_started", "space_identified"]).fillna(False),
        "not_recorded": (gps["connectivity"] == "not_recorded") | gps["csc"].isna() | gps["library"].isna(),
    }
    columns = {
        "not_live": ["bharatnet", "bharatnet_as_of", "jharnet", "jharnet_as_of"],
        "live_offline": ["bharatnet", "jharnet", "inspection_as_of"],
        "no_functional_csc": ["csc_points", "csc_as_of", "csc_source"],
        "library_not_opened": ["library", "library_as_of", "library_source"],
        "not_recorded": ["connectivity", "csc", "library"],
    }
    lists: dict[str, gpd.GeoDataFrame] = {}
    for key, mask in classes.items():
        rows = gps[mask.astype(bool).to_numpy()]
        frame = rows[[*_GP_COLUMNS, *columns[key], "geometry"]].copy()
        frame["detail"] = [gap_detail(key, row, "en") for row in _records(rows, columns[key])]
        lists[key] = frame
    far = villages[villages["beyond_aadhaar"].fillna(False).astype(bool).to_numpy()].copy()
    far["aadhaar_dist_km"] = far["aadhaar_dist_km"].round(2)
    village_list = far[[*_VILLAGE_COLUMNS, "geometry"]].copy()
    village_list["detail"] = [
        gap_detail("far_from_aadhaar", row, "en")
        for row in _records(village_list, ["aadhaar_name", "aadhaar_name_hi", "aadhaar_dist_km"])
    ]
    lists = {
        "not_live": lists["not_live"],
        "live_offline": lists["live_offline"],
        "no_functional_csc": lists["no_functional_csc"],
        "library_not_opened": lists["library_not_opened"],
        "far_from_aadhaar": village_list,
        "not_recorded": lists["not_recorded"],
    }
    return {key: _sorted(frame) for key, frame in lists.items()}


def gap_detail(key: str, row: pd.Series | Mapping[str, object], lang: str = "en") -> str:
    """What is true of one row of gap list ``key`` (a row, or its values by column), in ``lang``.

    Examples
    --------
    >>> row = pd.Series({"csc_points": 2, "csc_as_of": "2020-12-10", "csc_source": "review"})
    >>> gap_detail("no_functional_csc", row)
    '2 CSC points, none functional since 10 Dec 2020 (review)'
    """

    def word(entry: str, **values: object) -> str:
        return _WORDS[entry](lang, **values)

    if key == "not_live":
        return "; ".join(f"{word(net)}: {_value_label(net, row[net], lang)}" for net in ("bharatnet", "jharnet"))
    if key == "live_offline":
        live = [word(net) for net in ("bharatnet", "jharnet") if _is(row[net], "live")]
        return f"{' + '.join(live)} {VALUE_LABELS['bharatnet']['live'](lang)}; " + word(
            "found_offline", date=format_date(row["inspection_as_of"], lang)
        )
    if key == "no_functional_csc":
        dated = not pd.isna(row["csc_as_of"])
        if pd.isna(row["csc_points"]):  # no register of CSC points in the store: only the review spoke
            return word("review_none", date=format_date(row["csc_as_of"], lang))
        n = int(row["csc_points"])
        if n == 0:
            said = _is(row["csc_source"], "review") and dated
            if not said:
                return word("no_point")
            return f"{word('no_point')}; {word('review_none', date=format_date(row['csc_as_of'], lang))}"
        points = word("point" if n == 1 else "points", n=format_count(n, lang))
        text = f"{points}, {word('none_functional')}"
        if dated:
            text += f" {word('since', date=format_date(row['csc_as_of'], lang))}"
        return text + (f" ({word(str(row['csc_source']))})" if not pd.isna(row["csc_source"]) else "")
    if key == "library_not_opened":
        text = _value_label("library", row["library"], lang)
        if not pd.isna(row["library_as_of"]):
            text += f" {word('since', date=format_date(row['library_as_of'], lang))}"
        return text + f" ({word(str(row['library_source']))})" if not pd.isna(row["library_source"]) else text
    if key == "far_from_aadhaar":
        name = row["aadhaar_name_hi"] if is_hindi(lang) and not pd.isna(row["aadhaar_name_hi"]) else row["aadhaar_name"]
        return word("nearest", km=format_km(row["aadhaar_dist_km"], lang, decimals=2), name=_text(name, lang))
    if key == "not_recorded":
        missing = [
            name
            for name, absent in (
                ("connectivity", _is(row["connectivity"], "not_recorded")),
                ("csc", pd.isna(row["csc"])),
                ("library", pd.isna(row["library"])),
            )
            if absent
        ]
        return f"{t('format.not_recorded', lang)}: " + ", ".join(word(name) for name in missing)
    msg = f"unknown gap list {key!r}; expected one of {', '.join(GAP_LISTS)}"
    raise KeyError(msg)


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, object]]:
    """The values of ``columns`` of each row, by column (a list of dicts reads far faster than ``iterrows``)."""
    return pd.DataFrame(frame[columns]).to_dict("records")


def gap_unrecorded(key: str, figures: Figures) -> str | None:
    """The figure of gap list ``key`` that is not recorded (so the list is unknown, not empty), or None.

    Examples
    --------
    >>> from geo.review.analysis import analyse
    >>> from geo.storage.store import read_store
    >>> figures = analyse(read_store(), as_of="2020-11-12").figures
    >>> gap_unrecorded("live_offline", figures), gap_unrecorded("not_live", figures)
    ('live_offline', None)
    """
    return next((figure for figure in GAP_FIGURES.get(key, ()) if not figures.known(figure)), None)


def gap_count_text(key: str, lists: dict[str, pd.DataFrame], figures: Figures, lang: str = "en") -> str:
    """How many rows gap list ``key`` has, as its tab shows it: "85", or its figure's "not recorded".

    A list whose figure is not recorded (nothing recorded by the date: no
    inspection, no Aadhaar centre …) is not "none": its length is not shown as 0.

    Examples
    --------
    >>> from geo.review.analysis import analyse
    >>> from geo.storage.store import read_store
    >>> result = analyse(read_store(), as_of="2020-11-12")
    >>> [gap_count_text(key, result.gaps, result.figures) for key in ("not_live", "live_offline")]
    ['85', 'not recorded']
    """
    missing = gap_unrecorded(key, figures)
    if missing is not None:
        return figures.text(missing, lang, of_panchayats=False)
    return format_count(len(lists[key]), lang)


def gaps_table(lists: dict[str, pd.DataFrame], *, aadhaar_km: float = 10.0) -> pd.DataFrame:
    """Stack the gap lists into one long table (for a single CSV sheet).

    Returns
    -------
    pandas.DataFrame
        Columns ``gap``, ``gap_title``, ``code``, ``name``, ``name_hi``,
        ``block_name``, ``population``, ``detail`` (population missing where not recorded).
    """
    parts = []
    for key, frame in lists.items():
        code = frame["census_code"] if "census_code" in frame else frame["lgd_code"]
        parts.append(
            pd.DataFrame(
                {
                    "gap": key,
                    "gap_title": gap_title(key, aadhaar_km=aadhaar_km),
                    "code": code.to_numpy(),
                    "name": frame["name"].to_numpy(),
                    "name_hi": frame["name_hi"].to_numpy(),
                    "block_name": frame["block_name"].to_numpy(),
                    "population": pd.array(frame["population"], dtype="Int64"),
                    "detail": frame["detail"].to_numpy(),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _sorted(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    code = "census_code" if "census_code" in frame else "lgd_code"
    ordered = frame.sort_values(["population", code], ascending=[False, True], na_position="last", kind="stable")
    return ordered.reset_index(drop=True)


def _is(value: object, expected: str) -> bool:
    """``value == expected``, False for a missing value (never pandas' ambiguous NA)."""
    return not pd.isna(value) and value == expected


def _value_label(indicator: str, value: object, lang: str) -> str:
    if value is None or pd.isna(value):
        return t("format.not_recorded", lang)
    label = VALUE_LABELS[indicator].get(str(value))
    return label(lang) if label else str(value)


def _text(value: object, lang: str) -> str:
    return t("format.not_recorded", lang) if value is None or pd.isna(value) else str(value)
