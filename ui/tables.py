"""Display tables: analysis results with localized names, headers and status values.

Plain pandas (no streamlit), so pages stay thin and the tables are tested directly.
Every function returns a new frame and leaves its inputs unchanged.
"""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from geo.formats import display_names, format_count, format_number
from geo.review.figures import FIGURES
from geo.review.gaps import gap_detail, gap_title
from geo.review.summary import Summary, state_totals
from geo.spatial.coverage import CoverageResult
from geo.storage.schema import VALUE_LABELS
from geo.text import t
from layers.context import MapContext
from layers.spec import Lang
from ui.text import INDICATOR_LABELS

__all__ = [
    "BLOCK_FIGURES",
    "value_label",
    "count_texts",
    "block_table",
    "district_table",
    "changes_table",
    "coverage_table",
    "uncovered_villages",
    "gap_title",
    "gap_view",
]

#: Figures of the block-by-block table, in the review's order.
BLOCK_FIGURES = (
    "panchayats",
    "working",
    "live_offline",
    "not_live",
    "connectivity_not_recorded",
    "csc_functional",
    "library_opened",
    "pmgdisha_centres",
    "pmgdisha_passed",
    "villages_beyond_aadhaar",
)


def shown(frame: pd.DataFrame, lang: Lang) -> Styler:
    """``frame`` as a page shows it, its data left as numbers (the downloads are ``frame`` itself).

    Whole numbers with lakh grouping (1,72,280), other numbers with one decimal
    (96.6), missing values "not recorded".
    """
    formats = {}
    for column in frame.columns:
        dtype = frame[column].dtype
        if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
            continue
        whole = pd.api.types.is_integer_dtype(dtype)
        formats[column] = lambda v, whole=whole: format_number(v, lang, decimals=0 if whole else 1)
    return frame.style.format(formats, na_rep=t("format.not_recorded", lang))


def count_texts(values: pd.Series, lang: Lang) -> list[str]:
    """Whole numbers as shown in tables (7,91,042), missing ones as "not recorded"."""
    return [t("format.not_recorded", lang) if pd.isna(v) else format_count(int(v), lang) for v in values]


def value_label(indicator: str, value: object, lang: Lang) -> str:
    """A status value as people read it (``"space_identified"`` -> "Space identified")."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return t("format.not_recorded", lang)
    labels = VALUE_LABELS.get(indicator, {}).get(str(value))
    return labels(lang) if labels else str(value)


def _names(frame: pd.DataFrame, lang: Lang, *, column: str = "name") -> pd.Series:
    """Names as every face shows them (:func:`geo.formats.display_names` of ``column`` and ``<column>_hi``)."""
    hindi = frame[f"{column}_hi"] if f"{column}_hi" in frame else None
    return display_names(frame[column], hindi, lang)


def block_table(result: Summary, lang: Lang) -> pd.DataFrame:
    """One row per block and a district total, with the figures' titles as headers (values as shown)."""
    figures = result.figures
    blocks = result.by_block
    areas = [*blocks.index, "district"]
    rows = pd.DataFrame({t("ui.block", lang): [*_names(blocks, lang), t("ui.district", lang)]})
    for key in BLOCK_FIGURES:
        rows[figures.title(key, lang)] = [figures.text(key, lang, area=a, of_panchayats=False) for a in areas]
    return rows


def district_table(table: pd.DataFrame, lang: Lang, *, aadhaar_km: float = 10.0) -> pd.DataFrame:
    """One row per district of a :func:`geo.review.summary.by_district` table and the state's total (values as shown).

    The total is :func:`geo.review.summary.state_totals`: where some districts did not
    record a figure it reads "not recorded in 3 of 24 districts", never a partial sum.
    """
    totals = state_totals(table)
    rows = pd.DataFrame({t("ui.district", lang): [*_names(table, lang), t("ui.state_total", lang)]})
    rows[t("field.blocks", lang)] = [format_count(int(v), lang) for v in table["blocks"]] + [
        format_count(int(table["blocks"].sum()), lang)
    ]
    for key in BLOCK_FIGURES:
        total, unrecorded = totals.at[key, "total"], int(totals.at[key, "not_recorded"])
        last = (
            t("figure.not_recorded_in", lang, n=unrecorded, districts=len(table))
            if unrecorded and not pd.isna(total)
            else count_texts(pd.Series([total]), lang)[0]
        )
        rows[FIGURES[key].title(lang, aadhaar_km=aadhaar_km)] = [*count_texts(table[key], lang), last]
    return rows


def changes_table(changes: pd.DataFrame, ctx: MapContext, lang: Lang) -> pd.DataFrame:
    """Status changes (:func:`geo.review.status.status_changes`) with names and labels in ``lang``.

    Sorted by block and panchayat name; ``progress`` becomes ▲ forward / ▼ back /
    first report.
    """
    gps = ctx.panchayats.set_index("lgd_code")
    names = _names(gps, lang)
    blocks = _names(gps, lang, column="block_name")
    direction = {1: t("ui.forward", lang), -1: t("ui.back", lang), 0: t("ui.first_report", lang)}
    out = pd.DataFrame(
        {
            t("ui.block", lang): changes["panchayat_lgd"].map(blocks),
            t("ui.panchayat", lang): changes["panchayat_lgd"].map(names),
            t("ui.indicator", lang): changes["indicator"].map(lambda i: INDICATOR_LABELS[i](lang)),
            t("ui.before", lang): [
                value_label(i, v, lang) for i, v in zip(changes["indicator"], changes["before"], strict=True)
            ],
            t("ui.after", lang): [
                value_label(i, v, lang) for i, v in zip(changes["indicator"], changes["after"], strict=True)
            ],
            t("ui.reported_on", lang): changes["after_as_of"].astype("string"),
            t("ui.progress", lang): changes["progress"].map(direction),
        }
    )
    return out.sort_values([t("ui.block", lang), t("ui.panchayat", lang)], kind="stable").reset_index(drop=True)


def coverage_table(result: CoverageResult, ctx: MapContext, lang: Lang) -> pd.DataFrame:
    """Coverage by block plus the district total, share in per cent (of the population recorded)."""
    blocks = _names(ctx.blocks.set_index("lgd_code"), lang)
    frame = pd.concat([result.by_group, result.total])
    label = [blocks.get(code, code) for code in result.by_group.index] + [t("ui.district", lang)]
    out = pd.DataFrame(
        {
            t("ui.block", lang): label,
            t("ui.villages", lang): frame["origins"].astype("int64").to_numpy(),
            t("ui.covered", lang): frame["covered"].astype("int64").to_numpy(),
            t("ui.population", lang): frame["population"].astype("int64").to_numpy(),
            t("ui.population_covered", lang): frame["population_covered"].astype("int64").to_numpy(),
            t("ui.share_covered", lang): (100 * frame["share_covered"]).round(1).to_numpy(),
        }
    )
    if frame["unweighted"].sum():
        out[t("ui.population_unrecorded", lang)] = frame["unweighted"].astype("int64").to_numpy()
    return out


def uncovered_villages(result: CoverageResult, ctx: MapContext, lang: Lang) -> pd.DataFrame:
    """Villages outside the coverage radius, most populous first (not recorded last), with their nearest point."""
    villages = ctx.villages.loc[~result.per_origin["covered"].astype(bool)]
    near = result.per_origin.loc[villages.index]
    gps = ctx.panchayats.set_index("lgd_code")
    nearest = display_names(near["nearest_name"], near["nearest_name_hi"], lang)
    order = (
        villages["population"].astype("Float64").sort_values(ascending=False, na_position="last", kind="stable").index
    )
    villages, near, nearest = villages.loc[order], near.loc[order], nearest.loc[order]
    return pd.DataFrame(
        {
            t("ui.village", lang): _names(villages, lang).to_numpy(),
            t("ui.panchayat", lang): villages["panchayat_lgd"].map(_names(gps, lang)).to_numpy(),
            t("ui.block", lang): villages["panchayat_lgd"].map(_names(gps, lang, column="block_name")).to_numpy(),
            t("ui.population", lang): count_texts(villages["population"], lang),
            t("ui.nearest", lang): nearest.to_numpy(),
            t("ui.distance_km", lang): (near["nearest_dist_m"] / 1000.0).round(2).to_numpy(),
        }
    )


def gap_view(key: str, ctx: MapContext, lang: Lang) -> pd.DataFrame:
    """Gap list ``key`` of the analysis with names, block, population and what is true, in ``lang``."""
    frame = ctx.gap_lists[key]
    if key == "far_from_aadhaar":
        return pd.DataFrame(
            {
                t("ui.village", lang): _names(frame, lang).to_numpy(),
                t("ui.panchayat", lang): _names(frame, lang, column="panchayat_name").to_numpy(),
                t("ui.block", lang): _names(frame, lang, column="block_name").to_numpy(),
                t("ui.population", lang): count_texts(frame["population"], lang),
                t("ui.detail", lang): [gap_detail(key, row, lang) for _, row in frame.iterrows()],
            }
        )
    return pd.DataFrame(
        {
            t("ui.panchayat", lang): _names(frame, lang).to_numpy(),
            t("ui.block", lang): _names(frame, lang, column="block_name").to_numpy(),
            t("ui.population", lang): count_texts(frame["population"], lang),
            t("ui.detail", lang): [gap_detail(key, row, lang) for _, row in frame.iterrows()],
        }
    )
