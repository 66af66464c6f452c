"""Display tables: analysis results with localized names, headers and status values.

Plain pandas (no streamlit), so pages stay thin and the tables are tested directly.
Every function returns a new frame and leaves its inputs unchanged.
"""

from __future__ import annotations

import pandas as pd

from geo.coverage import CoverageResult
from geo.gaps import GAP_LISTS
from geo.schema import VALUE_LABELS
from geo.summary import KPIS, Summary
from layers.context import MapContext
from layers.spec import Lang
from ui.text import INDICATOR_LABELS, SERVICE_KINDS, text

#: KPIs of the block-by-block table, in the review's order.
BLOCK_KPIS = ("panchayats", "online", "csc_functional", "library_opened", "pmgdisha_centres", "pmgdisha_passed",
              "villages_beyond_aadhaar")


def _pick(lang: Lang) -> int:
    return 1 if lang == "hi" else 0


def kpi_label(key: str, lang: Lang, *, aadhaar_km: float) -> str:
    """The title of KPI ``key`` (:data:`geo.summary.KPIS`) in ``lang``."""
    return KPIS[key][_pick(lang)].format(km=aadhaar_km)


def value_label(indicator: str, value: object, lang: Lang) -> str:
    """A status value as people read it (``"space_identified"`` -> "Space identified")."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return text("no_report", lang)
    labels = VALUE_LABELS.get(indicator, {}).get(str(value))
    return labels[_pick(lang)] if labels else str(value)


def _names(frame: pd.DataFrame, lang: Lang) -> pd.Series:
    """Names in ``lang``, falling back to English where no Hindi name is recorded."""
    names = frame["name"].astype("string")
    if lang == "hi":
        names = frame["name_hi"].astype("string").replace("", pd.NA).fillna(names)
    return names


def block_table(result: Summary, lang: Lang) -> pd.DataFrame:
    """One row per block and a district total, with KPI titles as headers."""
    blocks = result.by_block
    rows = pd.DataFrame({text("block", lang): _names(blocks, lang)})
    for key in BLOCK_KPIS:
        rows[kpi_label(key, lang, aadhaar_km=result.aadhaar_km)] = blocks[key].astype("int64")
    total = {text("block", lang): text("district", lang)}
    total |= {kpi_label(k, lang, aadhaar_km=result.aadhaar_km): int(result.district[k]) for k in BLOCK_KPIS}
    return pd.concat([rows, pd.DataFrame([total])], ignore_index=True)


def changes_table(changes: pd.DataFrame, ctx: MapContext, lang: Lang) -> pd.DataFrame:
    """Status changes (:func:`geo.status.status_changes`) with names and labels in ``lang``.

    Sorted by block and panchayat name; ``progress`` becomes ▲ forward / ▼ back /
    first report.
    """
    gps = ctx.panchayats.set_index("lgd_code")
    names = _names(gps, lang)
    blocks = gps["block_name_hi" if lang == "hi" else "block_name"].astype("string")
    direction = {1: text("forward", lang), -1: text("back", lang), 0: text("first_report", lang)}
    out = pd.DataFrame(
        {
            text("block", lang): changes["panchayat_lgd"].map(blocks),
            text("panchayat", lang): changes["panchayat_lgd"].map(names),
            text("indicator", lang): changes["indicator"].map(lambda i: INDICATOR_LABELS[i](lang)),
            text("before", lang): [value_label(i, v, lang) for i, v in zip(changes["indicator"], changes["before"],
                                                                           strict=True)],
            text("after", lang): [value_label(i, v, lang) for i, v in zip(changes["indicator"], changes["after"],
                                                                          strict=True)],
            text("reported_on", lang): changes["after_as_of"].astype("string"),
            text("progress", lang): changes["progress"].map(direction),
        }
    )
    return out.sort_values([text("block", lang), text("panchayat", lang)], kind="stable").reset_index(drop=True)


def coverage_table(result: CoverageResult, ctx: MapContext, lang: Lang) -> pd.DataFrame:
    """Coverage by block plus the district total, share in per cent."""
    blocks = _names(ctx.blocks.set_index("lgd_code"), lang)
    frame = pd.concat([result.by_group, result.total])
    label = [blocks.get(code, code) for code in result.by_group.index] + [text("district", lang)]
    return pd.DataFrame(
        {
            text("block", lang): label,
            text("villages", lang): frame["origins"].astype("int64").to_numpy(),
            text("covered", lang): frame["covered"].astype("int64").to_numpy(),
            text("population", lang): frame["population"].astype("int64").to_numpy(),
            text("population_covered", lang): frame["population_covered"].astype("int64").to_numpy(),
            text("share_covered", lang): (100 * frame["share_covered"]).round(1).to_numpy(),
        }
    )


def uncovered_villages(result: CoverageResult, ctx: MapContext, lang: Lang) -> pd.DataFrame:
    """Villages outside the coverage radius, most populous first, with their nearest point."""
    villages = ctx.villages.loc[~result.per_origin["covered"].astype(bool)]
    near = result.per_origin.loc[villages.index]
    gps = ctx.panchayats.set_index("lgd_code")
    nearest = near["nearest_name_hi"].fillna(near["nearest_name"]) if lang == "hi" else near["nearest_name"]
    out = pd.DataFrame(
        {
            text("village", lang): _names(villages, lang),
            text("panchayat", lang): villages["panchayat_lgd"].map(_names(gps, lang)),
            text("block", lang): villages["panchayat_lgd"].map(gps["block_name_hi" if lang == "hi" else "block_name"]),
            text("population", lang): villages["population"].fillna(0).astype("int64"),
            text("nearest", lang): nearest,
            text("distance_km", lang): (near["nearest_dist_m"] / 1000.0).round(2),
        }
    )
    return out.sort_values(text("population", lang), ascending=False, kind="stable").reset_index(drop=True)


def gap_title(key: str, lang: Lang, *, aadhaar_km: float) -> str:
    """The title of gap list ``key`` (:data:`geo.gaps.GAP_LISTS`) in ``lang``."""
    return GAP_LISTS[key][_pick(lang)].format(km=aadhaar_km)


def gap_view(key: str, ctx: MapContext, lang: Lang) -> pd.DataFrame:
    """Gap list ``key`` of ``ctx.gap_lists`` with names, blocks and details in ``lang``."""
    frame = ctx.gap_lists[key]
    gps = ctx.panchayats.set_index("lgd_code")
    block = gps["block_name_hi" if lang == "hi" else "block_name"]
    if key == "far_from_aadhaar":
        return pd.DataFrame(
            {
                text("village", lang): _names(frame, lang),
                text("panchayat", lang): frame["panchayat_lgd"].map(_names(gps, lang)),
                text("block", lang): frame["panchayat_lgd"].map(block),
                text("population", lang): frame["population"].fillna(0).astype("int64"),
                text("nearest", lang): frame["aadhaar_name"],
                text("distance_km", lang): frame["aadhaar_dist_km"],
            }
        )
    out = pd.DataFrame(
        {
            text("panchayat", lang): _names(frame, lang),
            text("block", lang): frame["lgd_code"].map(block),
            text("population", lang): frame["population"].astype("int64"),
        }
    )
    details = {
        "no_functional_csc": [("csc_points", SERVICE_KINDS["csc"](lang), None)],
        "not_connected": [("bharatnet", INDICATOR_LABELS["bharatnet"](lang), "bharatnet"),
                          ("jharnet", INDICATOR_LABELS["jharnet"](lang), "jharnet")],
        "offline_on_inspection": [("inspection_as_of", text("reported_on", lang), None)],
        "library_not_opened": [("library", INDICATOR_LABELS["library"](lang), "library")],
    }[key]
    for column, header, indicator in details:
        values = frame["lgd_code"].map(gps[column])
        out[header] = [value_label(indicator, v, lang) for v in values] if indicator else values.to_numpy()
    return out
