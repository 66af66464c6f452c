"""Planner page: coverage of a service within a distance, gap lists, and a panchayat's card.

For the DIO, the e-District Manager and the CSC manager: choose a service kind and
a distance, read coverage per block and the villages left out, download the tables,
a map sheet or a data layer, and find a panchayat (map click or search by
English/Hindi name) for its card. A signed-in editor records the panchayat's status
on the card and sees the private remark and recorder in its history.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from geo.exports.tables import table_bytes
from geo.formats import display_names, format_count, format_date, format_percent, name_digits
from geo.languages import fill
from geo.review.agenda import AGENDA, agenda_item
from geo.review.gaps import gap_count_text, gap_unrecorded
from geo.review.inspections import VISITS_PER_DAY, WINDOW_DAYS, due_reason, inspection_plan, inspection_state
from geo.review.status import latest_data_date
from geo.spatial.locate import search_panchayats
from geo.storage.accounts import Account
from geo.storage.edits import events_of
from geo.storage.files import safe_file_name
from geo.storage.location import StoreLocation, store_location
from geo.storage.store import StoreData
from geo.text import t
from layers.charts import bars_png, curve_png
from layers.context import MapContext
from layers.static import asset
from ui.access import access_panel
from ui.card import TIMELINE_FIELDS, panchayat_card
from ui.common import (
    PLANNER_KIND,
    PLANNER_KM,
    REVIEW_AADHAAR_KM,
    StoreKey,
    choice,
    demo_banner,
    is_state_view,
    lang,
    load_access,
    load_context,
    load_coverage,
    load_curve,
    load_timeline,
    load_trend,
    md,
    open_store,
    open_tab,
    page_style,
    page_view,
    state_title,
)
from ui.editor import editor_login, signed_in_account, status_editor
from ui.export import export_panel
from ui.mapview import district_map_and_legend, show_map, state_view_map
from ui.tables import coverage_table, gap_title, gap_view, shown, uncovered_villages
from ui.text import PLAN_COLUMNS, SERVICE_KINDS

SELECTION = "planner_gp"
#: Where the open section under the map is kept (:func:`ui.common.open_tab`).
SECTION = "planner_section"
MAP_HEIGHT = 600
_PLANNER_CSS = asset("planner.css")
_MIME = {".csv": "text/csv", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _downloads(tables: dict[str, pd.DataFrame], stem: str) -> None:
    cols = st.columns(2)
    for col, suffix, label in zip(cols, (".csv", ".xlsx"), ("ui.download_csv", "ui.download_xlsx"), strict=True):
        col.download_button(
            t(label, lang()),
            data=lambda suffix=suffix: table_bytes(tables, suffix),
            file_name=safe_file_name(f"{stem}{suffix}"),
            mime=_MIME[suffix],
            key=f"planner_download{suffix}",
        )


def _pick_panchayat(ctx_panchayats: pd.DataFrame) -> None:
    """Search box -> matching panchayats -> selection."""
    query = st.text_input(t("ui.search", lang()), key="planner_search")
    if not query.strip():
        return
    found = search_panchayats(ctx_panchayats, query)
    if found.empty:
        st.info(t("ui.no_match", lang(), query=md(query)))
        return
    labels = {
        code: " · ".join(name_digits(str(part), lang()) for part in parts if isinstance(part, str) and part)
        for code, *parts in zip(found["lgd_code"], found["name"], found["name_hi"], found["block_name"], strict=True)
    }
    st.selectbox(
        t("ui.search_pick", lang()),
        list(labels),
        index=None,
        format_func=labels.__getitem__,
        key="planner_pick",
        on_change=lambda: st.session_state.update({SELECTION: st.session_state["planner_pick"]}),
    )


def render() -> None:
    """Draw the Planner page."""
    page_style()
    key, data = open_store(by_district=True)
    st.title(t("ui.planner_title", lang()))
    demo_banner(data)
    st.html(f"<style>{_PLANNER_CSS}</style>")
    with st.container(key="planner_choices"):  # the search wraps under the others at 1024 px (planner.css)
        cols = st.columns([1.2, 1.5, 2])
    kind = choice(
        cols[0],
        t("ui.service_kind", lang()),
        list(SERVICE_KINDS),
        key="planner_kind",
        default=PLANNER_KIND,
        format_func=lambda k: SERVICE_KINDS[k](lang()),
    )
    if is_state_view(key, data):  # coverage, gap lists and cards are a district's: choose one first
        st.subheader(state_title(data))
        st.info(t("ui.planner_choose_district", lang()))
        state_view_map(key, None, theme=kind, lang=lang(), map_key="planner_state_map", height=MAP_HEIGHT)
        return
    ctx = load_context(key, None)
    radius_km = float(cols[1].slider(t("ui.threshold", lang()), 1, 25, PLANNER_KM, key="planner_km"))
    with cols[2]:
        _pick_panchayat(ctx.panchayats)
    selected = st.session_state.get(SELECTION)
    map_col, legend_col = st.columns([3.3, 1], gap="small")
    with map_col, st.container(key="planner_mapbox"):  # the legend beside the map: never over the selection
        fmap, legend = district_map_and_legend(
            ctx, theme=kind, lang=lang(), public=False, selected=selected, height=MAP_HEIGHT
        )
        show_map(fmap, ctx, key="planner_map", height=MAP_HEIGHT, selection_key=SELECTION)
    with legend_col, st.container(key="planner_legend", height=MAP_HEIGHT, border=False):
        st.html(legend)
    export_panel(key, page="planner", theme=kind, view=page_view(None))
    if selected is None:
        st.info(t("ui.click_hint", lang()))
    else:
        store = store_location(key[0])
        editor = signed_in_account(store)
        # Editors see the private remark and recorder; read here, never cached across sessions.
        events = data.status_events if editor is None else events_of(store, selected, private=True)
        panchayat_card(
            ctx,
            selected,
            lang(),
            public=False,
            events=events,
            private_history=editor is not None,
            timeline=load_timeline(key, selected, tuple(TIMELINE_FIELDS)),
            travel=_travel_minutes(key, ctx, selected),
        )
        _card_editor(store, selected, _block_of(data, selected), editor)
        st.divider()

    # Below the map, one section at a time: only the open one is worked out and sent.
    sections = {
        "coverage": lambda: _coverage(key, ctx, kind, radius_km),
        "access": lambda: access_panel(key, data, ctx, kind),
        "gaps": lambda: _gaps(ctx),
        "trend": lambda: _trend(key, ctx),
        "inspections": lambda: _inspections_due(data),
    }
    section, tab = open_tab({name: t(f"ui.planner_tab_{name}", lang()) for name in sections}, key=SECTION)
    with tab:
        sections[section]()


def _coverage(key: StoreKey, ctx: MapContext, kind: str, radius_km: float) -> None:
    """Coverage of ``kind`` within ``radius_km`` per block, its charts and the villages left out; downloads."""
    kind_label = SERVICE_KINDS[kind](lang())
    st.subheader(t("ui.coverage_title", lang(), km=radius_km, kind=kind_label))
    if kind not in ctx.analysis.functional_kinds:
        st.info(t("ui.no_service_points", lang(), kind=kind_label))
        return
    result = load_coverage(key, kind, radius_km)
    tables = {
        "coverage_by_block": coverage_table(result, ctx, lang()),
        "uncovered_villages": uncovered_villages(result, ctx, lang()),
    }
    st.metric(t("ui.coverage_share", lang()), format_percent(result.share_covered, lang()))
    unweighted = int(result.total["unweighted"].iloc[0])
    if unweighted:
        st.caption(t("ui.share_left_out", lang(), n=unweighted))
    st.dataframe(shown(tables["coverage_by_block"], lang()), hide_index=True)
    _coverage_charts(key, kind, radius_km, tables["coverage_by_block"])
    st.subheader(t("ui.uncovered_title", lang(), km=radius_km, kind=kind_label))
    st.dataframe(shown(tables["uncovered_villages"], lang()), hide_index=True, height=280)
    _downloads(tables, f"{ctx.identity.file_stem}_{kind}_{radius_km:g}km")


def _gaps(ctx: MapContext) -> None:
    """The review's gap lists, one tab each with its count ("not recorded" where nobody recorded it); downloads."""
    st.subheader(t("ui.gaps_title", lang(), km=REVIEW_AADHAAR_KM))
    tables = {name: gap_view(name, ctx, lang()) for name in ctx.gap_lists}
    # Not recorded is not "none": a list whose figure nobody recorded (no inspection, no Aadhaar centre) says so.
    unrecorded = {
        name: ctx.figures.missing_by(figure, ctx.analysis.date, lang())
        for name in tables
        if (figure := gap_unrecorded(name, ctx.figures)) is not None
    }
    tabs = st.tabs(
        [
            f"{gap_title(name, lang(), aadhaar_km=REVIEW_AADHAAR_KM)} "
            f"({gap_count_text(name, ctx.gap_lists, ctx.figures, lang())})"
            for name in tables
        ]
    )
    for tab, (name, frame) in zip(tabs, tables.items(), strict=True):
        with tab:
            if name in unrecorded:
                st.info(unrecorded[name])
            elif frame.empty:
                st.info(t("ui.no_gap", lang()))
            else:
                st.dataframe(shown(frame, lang()), hide_index=True, height=280)
    _downloads(tables, f"{ctx.identity.file_stem}_gaps")


def _travel_minutes(key: StoreKey, ctx: MapContext, lgd_code: str) -> dict[str, float]:
    """Minutes from the panchayat's bhawan to the nearest functional centre of each kind (dry season; inf: none)."""
    travel = {}
    for kind in SERVICE_KINDS:
        if kind in ctx.analysis.functional_kinds:
            row = load_access(key, kind, "dry").panchayats.set_index("lgd_code").loc[lgd_code]
            travel[kind] = float(row["minutes"]) if row["reached"] else float("inf")
    return travel


def _inspections_due(data: StoreData) -> None:
    """The block's panchayats due for inspection, in visiting order by straight line, day by day; a CSV download."""
    st.subheader(t("ui.inspections_title", lang()))
    if data.blocks.empty:
        return
    cols = st.columns([1.5, 1, 1])
    blocks = data.blocks.sort_values("name")
    names = dict(
        zip(blocks["lgd_code"].astype(str), display_names(blocks["name"], blocks["name_hi"], lang()), strict=True)
    )
    block = choice(
        cols[0],
        t("ui.inspections_block", lang()),
        list(names),
        key="planner_inspect_block",
        default=next(iter(names)),
        format_func=names.__getitem__,
    )
    latest = latest_data_date(data)  # as the Review's figures; the planner may pick another day
    start = dt.date.fromisoformat(latest) if latest else dt.date.today()
    day = cols[1].date_input(
        t("ui.inspections_date", lang()), value=start, key="planner_inspect_date", format="DD/MM/YYYY"
    )
    per_day = int(
        cols[2].number_input(t("ui.inspections_per_day", lang()), 1, 20, VISITS_PER_DAY, key="planner_inspect_per_day")
    )
    plan = inspection_plan(data, block, as_of=day, per_day=per_day)
    st.caption(
        t(
            "ui.inspections_summary",
            lang(),
            due=format_count(len(plan), lang()),
            total=format_count(plan.attrs["panchayats"], lang()),
            days=WINDOW_DAYS,
        )
    )
    if plan.empty:
        st.info(t("ui.inspections_none", lang()))
        return
    st.caption(t("ui.inspections_order" if plan.attrs["start"] == "HQ" else "ui.inspections_order_centre", lang()))
    since = inspection_state(data.panchayats, data.status_events, as_of=day)["days_since"]
    table = pd.DataFrame(
        {
            "day": plan["day"],
            "visit": plan["visit"],
            "panchayat": display_names(plan["name"], plan["name_hi"], lang()),
            "lgd_code": plan["lgd_code"],
            "why": [due_reason(r.reason, r.last_inspected, since.get(r.lgd_code), lang()) for r in plan.itertuples()],
            "leg_km": plan["leg_km"],
            "from_hq_km": plan["from_hq_km"],
        }
    )
    shown_table = table.rename(columns={c: PLAN_COLUMNS[c](lang()) for c in table.columns})
    st.dataframe(shown(shown_table, lang()), hide_index=True)
    download = plan.assign(
        why=table["why"],
        ordered_by="straight line (geodesic) from the block " + ("HQ" if plan.attrs["start"] == "HQ" else "centre"),
    )
    st.download_button(
        t("ui.inspections_download", lang()),
        data=table_bytes({"inspection_plan": download}, ".csv"),
        file_name=safe_file_name(f"{data.identity.file_stem}_inspection_plan_{block}_{plan.attrs['as_of']}.csv"),
        mime=_MIME[".csv"],
        key="planner_inspect_download",
    )


def _coverage_charts(key: StoreKey, kind: str, radius_km: float, by_block: pd.DataFrame) -> None:
    """Coverage per block as bars, and the coverage curve (1…20 km) with the chosen threshold marked.

    The charts' fields have plain names (Vega-Lite reads a dot in a field name as a
    path, and the Hindi "km" has two); the titles and the CSV headers are in the language.
    """
    share, block, km = t("ui.share_covered", lang()), t("ui.block", lang()), t("ui.distance_axis", lang())
    blocks = pd.DataFrame({"block": by_block[block].iloc[:-1], "share": by_block[share].iloc[:-1]})  # no district
    curve = load_curve(key, kind)
    curve = pd.DataFrame({"km": curve["km"], "share": (100 * curve["share_covered"]).round(1)})
    percent = {"field": "share", "type": "quantitative", "title": share, "scale": {"domain": [0, 100]}}
    left, right = st.columns(2)
    left.markdown(f"**{t('ui.chart_by_block', lang())}**")
    left.vega_lite_chart(
        blocks,
        {
            "mark": {"type": "bar", "color": "#0072B2"},
            "height": 220,
            "encoding": {"y": {"field": "block", "type": "nominal", "sort": "-x", "title": None}, "x": percent},
        },
        width="stretch",
    )
    right.markdown(f"**{t('ui.chart_curve', lang())}**")
    right.vega_lite_chart(
        curve,
        {
            "height": 220,
            "layer": [
                {
                    "mark": {"type": "line", "point": True, "color": "#0072B2"},
                    "encoding": {"x": {"field": "km", "type": "quantitative", "title": km}, "y": percent},
                },
                {
                    "mark": {"type": "rule", "color": "#D55E00", "strokeWidth": 2, "strokeDash": [6, 4]},
                    "encoding": {"x": {"datum": radius_km}},
                },
            ],
        },
        width="stretch",
    )
    pngs = {
        "by_block": lambda: bars_png(
            blocks["block"].tolist(),
            blocks["share"].tolist(),
            title=t("ui.chart_by_block", lang()),
            axis=share,
            lang=lang(),
        ),
        "curve": lambda: curve_png(
            curve["km"].tolist(),
            curve["share"].tolist(),
            chosen_x=radius_km,
            title=t("ui.chart_curve", lang()),
            x_axis=km,
            y_axis=share,
            chosen=fill("{label}: {km:g}", lang(), label=t("ui.threshold", lang()), km=radius_km),
            lang=lang(),
        ),
    }
    for col, name, frame, headers in (
        (left, "by_block", blocks, {"block": block, "share": share}),
        (right, "curve", curve, {"km": km, "share": share}),
    ):
        data = table_bytes({name: frame.rename(columns=headers)}, ".csv")
        png_col, csv_col = col.columns(2)
        png_col.download_button(
            t("ui.chart_png", lang()),
            pngs[name],
            file_name=f"coverage_{name}_{kind}.png",
            mime="image/png",
            key=f"chart_{name}_png",
        )
        csv_col.download_button(
            t("ui.chart_data", lang()),
            data,
            file_name=f"coverage_{name}_{kind}.csv",
            mime="text/csv",
            key=f"chart_{name}",
        )


def _trend(key: StoreKey, ctx: MapContext) -> None:
    """A small chart per figure of one agenda item across every review date (:func:`geo.review.progress.trend`)."""
    st.subheader(t("ui.trend_title", lang()))
    picked = choice(
        st.columns([1, 2])[0],
        t("ui.trend_item", lang()),
        [i.key for i in AGENDA],
        key="planner_trend",
        default="csc",
        format_func=lambda k: agenda_item(k).label(lang()),
    )
    item = agenda_item(picked)
    table = load_trend(key, None, item.figures)
    if len(table) < 2:
        st.info(t("ui.trend_one_date", lang()))
        return
    for col, name in zip(st.columns(len(item.figures)), item.figures, strict=True):
        series = table[name]
        col.markdown(f"**{ctx.figures.title(name, lang())}**")
        col.vega_lite_chart(_trend_bars(series), width="stretch")
        missing = [format_date(d, lang()) for d in series.index[series.isna()]]
        if missing:
            col.caption(t("ui.trend_not_recorded", lang(), dates=", ".join(missing)))


def _trend_bars(series: pd.Series) -> dict:
    """A Vega-Lite bar chart of one figure by review date (in date order, each bar labelled with its count)."""
    values = [
        {
            "review": format_date(d, lang()),
            "value": None if pd.isna(v) else int(v),
            "label": "" if pd.isna(v) else format_count(int(v), lang()),
        }
        for d, v in series.items()
    ]
    x = {"field": "review", "type": "ordinal", "sort": None, "title": None, "axis": {"labelAngle": 0}}
    # Counts: whole-number ticks; all zeros get an axis up to 1 (it drew ticks of 0.000000).
    y = {"field": "value", "type": "quantitative", "title": None, "axis": {"format": "d", "tickMinStep": 1}}
    if not any(v["value"] for v in values):
        y["scale"] = {"domain": [0, 1]}
    return {
        "data": {"values": values},
        "height": 170,
        "encoding": {"x": x, "y": y},
        "layer": [
            {"mark": {"type": "bar", "color": "#0072B2"}},
            {"mark": {"type": "text", "dy": -7, "fontWeight": "bold"}, "encoding": {"text": {"field": "label"}}},
        ],
    }


def _card_editor(store_path: StoreLocation, panchayat_lgd: str, block_lgd: str, editor: Account | None) -> None:
    """The card's status editor for a signed-in editor; otherwise how to sign in, and a compact sign-in."""
    if editor is None:
        st.caption(t("ui.editor_signin_hint", lang()))
        with st.expander(t("ui.editor_signin", lang())):
            editor_login(store_path, key="card")
        return
    st.markdown(f"**{t('ui.edit_status', lang())}**")
    editor_login(store_path, key="card")  # who is signed in, and Sign out
    status_editor(store_path, panchayat_lgd, block_lgd, account=editor)


def _block_of(data: StoreData, panchayat_lgd: str) -> str:
    """The block LGD code of a panchayat of the store."""
    found = data.panchayats.loc[data.panchayats["lgd_code"] == panchayat_lgd, "block_lgd"]
    return str(found.iloc[0]) if len(found) else ""


if __name__ == "__main__":
    render()
