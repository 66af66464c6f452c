"""A panchayat's card: every indicator, the nearest service points, the status history."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from geo.formats import display_name, format_date, format_minutes
from geo.review.figures import NO_AADHAAR
from geo.review.indicators import bhawan_points, functional_counts
from geo.review.progress import UNRECORDED
from geo.spatial.nearest import nearest_service
from geo.text import Text, t
from layers.context import MapContext
from layers.fields import CONNECTIVITY, CSC, LIBRARY, PANCHAYAT_CARD
from layers.spec import Field, Lang
from ui.common import md
from ui.tables import value_label
from ui.text import INDICATOR_LABELS, SERVICE_KINDS

_SOURCES = {"review": Text("field.source_review"), "register": Text("field.source_register")}

#: Indicators of :func:`geo.review.indicators.panchayat_indicators` beyond the map popup's.
CARD_EXTRA = (
    Field("villages", Text("field.villages")),
    Field("population_unrecorded", Text("field.population_unrecorded")),
    Field("csc_as_of", Text("field.csc_as_of"), date=True),
    Field("csc_source", Text("field.csc_source"), values=_SOURCES),
    Field("csc_points", Text("field.csc_points_all")),
    Field("library_as_of", Text("field.library_as_of"), date=True),
    Field("library_source", Text("field.library_source"), values=_SOURCES),
    Field("pmgdisha_registered", Text("field.pmgdisha_registered")),
    Field("pmgdisha_trained", Text("field.pmgdisha_trained")),
    Field("pmgdisha_passed", Text("field.pmgdisha_passed")),
    Field("library_books", Text("field.library_books")),
    Field(
        "population_beyond_aadhaar",
        Text("field.population_beyond_aadhaar"),
        missing=NO_AADHAAR,
    ),
    Field(
        "aadhaar_max_km",
        Text("field.aadhaar_max_km"),
        unit="km",
        decimals=1,
        missing=NO_AADHAAR,
    ),
)
#: Nearest points listed per service kind.
NEAREST_K = 3
#: Row height of the card's tables (px; Streamlit's default is 35).
CARD_ROW_PX = 28
#: History rows shown before the history scrolls.
HISTORY_ROWS = 12


def indicator_table(row: pd.Series, lang: Lang, *, public: bool) -> pd.DataFrame:
    """Label / value rows for one panchayat (public fields only when ``public``)."""
    fields = [f for f in (*PANCHAYAT_CARD, *CARD_EXTRA) if f.public or not public]
    one = row.to_frame().T
    return pd.DataFrame(
        {
            t("ui.indicator", lang): [f.label(lang) for f in fields],
            t("ui.value", lang): [f.texts(one, lang)[0] for f in fields],
        }
    )


def nearest_table(ctx: MapContext, lgd_code: str, lang: Lang) -> pd.DataFrame:
    """The ``NEAREST_K`` nearest functional points of each kind from the panchayat bhawan."""
    origin = bhawan_points(ctx.panchayats[ctx.panchayats["lgd_code"] == lgd_code])
    counts = functional_counts(ctx.services)
    rows = []
    for kind, label in SERVICE_KINDS.items():
        count = int(counts.get(kind, 0))
        if count == 0:
            continue
        k = min(NEAREST_K, count)
        near = nearest_service(origin, ctx.services, kind, k=k).iloc[0]
        for rank in range(1, k + 1):
            suffix = "" if k == 1 else f"_{rank}"
            rows.append(
                {
                    t("ui.service_kind", lang): label(lang),
                    t("ui.rank", lang): rank,
                    t("ui.service_point", lang): display_name(
                        near[f"nearest_name{suffix}"], near[f"nearest_name_hi{suffix}"], lang
                    ),
                    t("ui.distance_km", lang): round(float(near[f"nearest_dist_m{suffix}"]) / 1000.0, 2),
                }
            )
    return pd.DataFrame(rows)


def history_table(events: pd.DataFrame, lgd_code: str, lang: Lang, *, private: bool = False) -> pd.DataFrame:
    """The panchayat's status events, newest first.

    Public columns only, unless ``private``: then also the remark and who recorded
    the event (``events`` must then be read with ``private=True``).
    """
    mine = events[events["panchayat_lgd"] == lgd_code].sort_values(["as_of", "event_id"], ascending=False)
    table = {
        t("ui.date", lang): [format_date(d, lang) for d in mine["as_of"].astype("string")],
        t("ui.indicator", lang): [INDICATOR_LABELS[i](lang) for i in mine["indicator"]],
        t("ui.value", lang): [value_label(i, v, lang) for i, v in zip(mine["indicator"], mine["value"], strict=True)],
        t("ui.source", lang): mine["source"].astype("string").to_numpy(),
    }
    if private:
        missing = sorted({"remark", "recorded_by"} - set(mine.columns))
        if missing:
            msg = f"'events' has no {', '.join(missing)} column; read them with private=True to show them"
            raise ValueError(msg)
        table[t("ui.remark", lang)] = mine["remark"].astype("string").to_numpy()
        table[t("ui.recorded_by", lang)] = mine["recorded_by"].astype("string").to_numpy()
    return pd.DataFrame(table)


#: The indicators of the card's timeline and the map layer whose class labels they read.
#: The timeline's columns: indicator -> the card's field, so each state reads as the card's own row does
#: ("Functional CSC: Yes"), not as the district's figure ("Panchayats with a functional CSC").
TIMELINE_FIELDS = {"connectivity": CONNECTIVITY, "csc": CSC, "library": LIBRARY}


def timeline_table(timeline: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """:func:`geo.review.progress.unit_timeline` as the card shows it: a row per review date, in the card's words."""
    table = {t("ui.date", lang): [format_date(d, lang) for d in timeline.index]}
    for indicator, field in TIMELINE_FIELDS.items():
        table[field.label(lang)] = [
            field.format(None if pd.isna(v) or v == UNRECORDED else v, lang) for v in timeline[indicator]
        ]
    return pd.DataFrame(table)


def panchayat_card(
    ctx: MapContext,
    lgd_code: str,
    lang: Lang,
    *,
    public: bool,
    events: pd.DataFrame | None = None,
    private_history: bool = False,
    timeline: pd.DataFrame | None = None,
    travel: Mapping[str, float] | None = None,
) -> None:
    """Show the card of panchayat ``lgd_code``; its status history when ``events`` is given.

    ``timeline`` (:func:`geo.review.progress.unit_timeline` of :data:`TIMELINE_FIELDS`)
    adds the panchayat's states at each review date. ``travel`` (service kind →
    minutes from the bhawan, dry season, :attr:`geo.spatial.access.Access.panchayats`; ``inf``:
    not reachable) adds a line under the nearest services.

    ``private_history`` (signed-in editors only; never with ``public``) adds the
    remark and who recorded each event to the history.
    """
    if public and private_history:
        msg = "a public card shows no private history; pass private_history=False with public=True"
        raise ValueError(msg)
    row = ctx.panchayats.loc[ctx.panchayats["lgd_code"] == lgd_code].iloc[0]
    name = display_name(row["name"], row["name_hi"], lang)
    st.subheader(t("ui.card_title", lang, name=md(name)))
    left, right = st.container(key="card").columns(2)  # stacked on a small screen (ui/common.py)
    # Every row on screen, none scrolled away inside the table, in compact rows.
    left.container(key="card_indicators").dataframe(
        indicator_table(row, lang, public=public), hide_index=True, height="content", row_height=CARD_ROW_PX
    )
    right.markdown(f"**{t('ui.nearest_services', lang)}**")
    right.dataframe(nearest_table(ctx, lgd_code, lang), hide_index=True, height="content", row_height=CARD_ROW_PX)
    if travel:
        parts = [f"{SERVICE_KINDS[kind](lang)}: {format_minutes(minutes, lang)}" for kind, minutes in travel.items()]
        right.caption(t("ui.card_travel", lang, parts=" · ".join(parts)))
    if timeline is not None and len(timeline):
        right.markdown(f"**{t('ui.timeline', lang)}**")
        right.dataframe(timeline_table(timeline, lang), hide_index=True, height="content", row_height=CARD_ROW_PX)
    if events is None:
        return
    # An editor's history has two more (long) columns: it takes the card's full width.
    where = st.container() if private_history else right
    where.markdown(f"**{t('ui.history', lang)}**")
    history = history_table(events, lgd_code, lang, private=private_history)
    # As tall as its rows (no empty row below the last), scrolling only past HISTORY_ROWS.
    height = "content" if len(history) <= HISTORY_ROWS else (HISTORY_ROWS + 1) * CARD_ROW_PX + 2
    where.dataframe(history, hide_index=True, height=height, row_height=CARD_ROW_PX)
