"""The Planner's Access panel: travel time to the nearest centre, people within reach, and where to open new ones.

Everything shown comes from :mod:`geo.spatial.access` (the minutes, people within, bands)
and :mod:`geo.spatial.siting` (suggested sites by travel time), as the ``access`` and
``site --minutes`` commands print them.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from geo.errors import GeoInputError
from geo.exports.export import analysis_layer_bytes
from geo.exports.tables import table_bytes
from geo.formats import display_names, format_count, format_percent
from geo.review.indicators import functional_centres
from geo.spatial.access import (
    SCENARIOS,
    THRESHOLDS_MIN,
    Access,
    beyond_minutes,
    isochrone_bands,
    minutes_curve,
    people_within_areas,
    village_minutes,
    within_travel,
    write_minutes,
)
from geo.spatial.capacity import CapacityResult, capacity_coverage, summarise_coverage
from geo.spatial.population import compare_coverage, population_surface, read_population_raster
from geo.spatial.siting import SitingResult, candidate_sites, maximal_covering
from geo.storage.store import StoreData
from geo.text import Text, t
from layers.charts import curve_png
from layers.context import MapContext
from layers.sheet import SheetLayout, render_map_sheet
from layers.travel import with_travel
from layers.view import View
from ui.common import StoreKey, choice, lang, load_access, load_analysis, md
from ui.mapview import district_map_and_legend, show_map
from ui.tables import shown
from ui.text import SERVICE_KINDS

MAP_HEIGHT = 520
#: The thresholds of the curve in minutes.
CURVE_MIN = tuple(range(5, 125, 5))


@st.cache_resource(show_spinner=False, max_entries=8)
def load_sites(key: StoreKey, kind: str, scenario: str, minutes: int, k: int) -> SitingResult:
    """The ``k`` new sites (bhawans without a functional centre) bringing the most people within ``minutes``."""
    analysis = load_analysis(key, None)
    existing = functional_centres(analysis.services, kind)
    candidates = candidate_sites(analysis.panchayats, analysis.villages, analysis.services, kind)
    return maximal_covering(
        analysis.villages, candidates, existing, k=k, reach=within_travel(load_access(key, kind, scenario), minutes)
    )


def access_panel(key: StoreKey, data: StoreData, ctx: MapContext, kind: str) -> None:
    """Draw the panel for service ``kind`` (the Planner's choice)."""
    kind_label = SERVICE_KINDS[kind](lang())
    st.subheader(t("ui.access_title", lang(), kind=kind_label))
    if kind not in ctx.analysis.functional_kinds:
        st.info(t("ui.no_service_points", lang(), kind=kind_label))
        return
    cols = st.columns([1.2, 1, 1])
    scenario = choice(
        cols[0],
        t("ui.access_season", lang()),
        list(SCENARIOS),
        key="access_scenario",
        default="dry",
        format_func=lambda s: SCENARIOS[s].label(lang()),
    )
    minutes = choice(
        cols[1],
        t("ui.access_threshold", lang()),
        list(THRESHOLDS_MIN),
        key="access_minutes",
        default=60,
        format_func=lambda m: t("ui.minutes", lang(), n=m),
    )
    k = int(cols[2].number_input(t("ui.access_sites", lang()), 0, 20, 3, key="access_k"))
    try:
        access = load_access(key, kind, scenario)
    except GeoInputError as error:  # e.g. a road class the speed table does not know
        st.error(md(error))
        return
    st.caption(_how(access))
    sites = load_sites(key, kind, scenario, minutes, k) if k else None
    within = people_within_areas(access, data.blocks)  # the thresholds offered include the chosen one
    _figures(access, within, minutes, sites)
    title = Text("ui.access_map_title").filled(kind=SERVICE_KINDS[kind], scenario=access.scenario.label)
    travel_ctx = with_travel(
        ctx,
        access,
        title,
        sites=None if sites is None else sites.sites,
        roads=data.roads if access.roads_used else None,
        water=data.water,
    )
    map_col, legend_col = st.columns([3.3, 1], gap="small")
    with map_col:
        fmap, legend = district_map_and_legend(travel_ctx, theme="travel", lang=lang(), public=False, height=MAP_HEIGHT)
        show_map(fmap, travel_ctx, key="access_map", height=MAP_HEIGHT, selection_key=None)
    with legend_col, st.container(key="access_legend", height=MAP_HEIGHT, border=False):
        st.html(legend)
    table = _block_table(within, data)
    st.dataframe(shown(table, lang()), hide_index=True)
    _curve(access, kind, minutes)
    if sites is not None:
        _sites(sites, kind)
    with st.expander(t("ui.access_more", lang())):
        _capacity(access, data, minutes)
        _raster(access, data, key)
    _downloads(key, access, kind, {"people_within": within, "by_block": table}, sites, travel_ctx, data)


def _how(access: Access) -> str:
    """How the minutes were measured, in one line."""
    network = (
        t("ui.access_on_foot", lang())
        if access.on_foot
        else t("ui.access_roads", lang(), n=format_count(access.roads_used, lang()))
    )
    water = t("ui.access_water", lang(), n=format_count(access.water_used, lang())) if access.water_used else ""
    return t(
        "ui.access_how",
        lang(),
        scenario=access.scenario.label(lang()),
        network=network,
        water=water,
        cell=f"{access.grid.cell_m:g}",
    )


def _figures(access: Access, within: pd.DataFrame, minutes: int, sites: SitingResult | None) -> None:
    """People within the threshold, villages beyond it, and what the suggested sites would add.

    ``within`` is :func:`geo.spatial.access.people_within_areas` at the offered thresholds (the chosen one among them).
    """
    district = within.iloc[0]
    beyond = beyond_minutes(access, minutes)
    cols = st.columns(3)
    share = district[f"share_{minutes}_min"]
    cols[0].metric(
        t("ui.access_within", lang(), n=minutes),
        f"{format_count(int(district[f'within_{minutes}_min']), lang())} "
        f"({format_percent(None if pd.isna(share) else float(share), lang())})",
    )
    cols[1].metric(t("ui.access_beyond", lang(), n=minutes), format_count(beyond.villages, lang()))
    notes = []
    if district["villages_not_counted"]:
        notes.append(t("ui.share_left_out", lang(), n=format_count(int(district["villages_not_counted"]), lang())))
    if district["not_reached"]:
        notes.append(t("ui.access_not_reached", lang(), n=format_count(int(district["not_reached"]), lang())))
    if sites is not None:
        gain = sites.covered_after - sites.covered_before
        cols[2].metric(t("ui.access_sites_add", lang(), k=len(sites.sites)), "+" + format_count(gain, lang()))
        notes.append(
            t("ui.access_optimal", lang()) if sites.optimal else t("ui.access_gap", lang(), gap=f"{sites.gap:.2%}")
        )
    if notes:
        st.caption(" ".join(notes))


def _block_table(table: pd.DataFrame, data: StoreData) -> pd.DataFrame:
    """People within each threshold per block and for the district, as the page and the download show them."""
    rows = table[table["level"].isin(["block", "district"])]
    rows = pd.concat([rows[rows["level"] == "block"], rows[rows["level"] == "district"]])
    names = display_names(rows["name"], rows["name_hi"], lang())
    out = pd.DataFrame(
        {
            t("ui.block", lang()): np.where(rows["level"] == "district", t("ui.district", lang()), names),
            t("ui.population", lang()): rows["population"].to_numpy(),
        }
    )
    for minutes in THRESHOLDS_MIN:
        out[t("ui.access_within_col", lang(), n=minutes)] = rows[f"within_{minutes}_min"].to_numpy()
        out[t("ui.access_share_col", lang(), n=minutes)] = (
            (100 * rows[f"share_{minutes}_min"].astype(float)).round(1).to_numpy()
        )
    return out


def _curve(access: Access, kind: str, minutes: int) -> None:
    """The share of people within 5…120 minutes, the chosen time marked; PNG and CSV downloads."""
    curve = minutes_curve(access, CURVE_MIN)
    frame = pd.DataFrame({"minutes": curve["minutes"], "share": (100 * curve["share"].astype(float)).round(1)})
    st.markdown(f"**{t('ui.access_curve', lang())}**")
    st.vega_lite_chart(
        frame,
        {
            "height": 200,
            "layer": [
                {
                    "mark": {"type": "line", "point": True, "color": "#0072B2"},
                    "encoding": {
                        "x": {"field": "minutes", "type": "quantitative", "title": t("ui.minutes_axis", lang())},
                        "y": {
                            "field": "share",
                            "type": "quantitative",
                            "title": t("ui.share_covered", lang()),
                            "scale": {"domain": [0, 100]},
                        },
                    },
                },
                {
                    "mark": {"type": "rule", "color": "#D55E00", "strokeWidth": 2, "strokeDash": [6, 4]},
                    "encoding": {"x": {"datum": minutes}},
                },
            ],
        },
        width="stretch",
    )
    png, csv = st.columns(2)
    png.download_button(
        t("ui.chart_png", lang()),
        lambda: curve_png(
            frame["minutes"].tolist(),
            frame["share"].tolist(),
            chosen_x=minutes,
            title=t("ui.access_curve", lang()),
            x_axis=t("ui.minutes_axis", lang()),
            y_axis=t("ui.share_covered", lang()),
            chosen=f"{t('ui.access_threshold', lang())}: {format_count(minutes, lang())}",
            lang=lang(),
        ),
        file_name=f"access_curve_{kind}.png",
        mime="image/png",
        key="access_curve_png",
    )
    headers = {"minutes": t("ui.minutes_axis", lang()), "share": t("ui.share_covered", lang())}
    csv.download_button(
        t("ui.chart_data", lang()),
        table_bytes({"curve": frame.rename(columns=headers)}, ".csv"),
        file_name=f"access_curve_{kind}.csv",
        mime="text/csv",
        key="access_curve_csv",
    )


def _sites(sites: SitingResult, kind: str) -> None:
    """The suggested sites, best first, and how many people each adds (the diminishing-returns curve)."""
    st.markdown(f"**{t('ui.access_sites_title', lang(), k=len(sites.sites), minutes=f'{sites.reach.threshold:g}')}**")
    if sites.sites.empty:
        st.info(t("ui.access_no_sites", lang()))
        return
    table = pd.DataFrame(
        {
            t("ui.access_rank", lang()): sites.sites["rank"],
            t("ui.access_site", lang()): display_names(sites.sites["name"], sites.sites["name_hi"], lang()),
            t("ui.access_new_people", lang()): sites.sites["people_newly_covered"],
            t("ui.access_total_people", lang()): sites.sites["people_covered"],
        }
    )
    left, right = st.columns([1.4, 1])
    left.dataframe(shown(table, lang()), hide_index=True)
    gains = [
        {"rank": int(r), "people": int(n), "label": format_count(int(n), lang())}
        for r, n in zip(sites.sites["rank"], sites.sites["people_newly_covered"], strict=True)
    ]
    right.markdown(f"**{t('ui.access_new_people', lang())}**")
    right.vega_lite_chart(
        {  # each bar labelled the Indian way (Vega's own axis would write 40000)
            "data": {"values": gains},
            "height": 170,
            "encoding": {
                "x": {
                    "field": "rank",
                    "type": "ordinal",
                    "title": t("ui.access_rank", lang()),
                    "axis": {"labelAngle": 0},
                },
                "y": {"field": "people", "type": "quantitative", "title": None, "axis": None},
            },
            "layer": [
                {"mark": {"type": "bar", "color": "#0072B2"}},
                {"mark": {"type": "text", "dy": -7, "fontWeight": "bold"}, "encoding": {"text": {"field": "label"}}},
            ],
        },
        width="stretch",
    )
    greedy = int(sites.greedy["people_newly_covered"].sum())
    optimal = sites.covered_after - sites.covered_before
    if greedy != optimal:
        right.caption(
            t("ui.access_greedy", lang(), greedy=format_count(greedy, lang()), optimal=format_count(optimal, lang()))
        )


def _capacity(access: Access, data: StoreData, minutes: int) -> None:
    """AccessMod's capacity-aware coverage: each centre serves the nearest people within the time until full."""
    st.markdown(f"**{t('ui.access_capacity_title', lang(), n=minutes)}**")
    per_day = int(st.number_input(t("ui.access_capacity_day", lang()), 0, 10_000, 0, key="access_capacity_day"))
    days = int(st.number_input(t("ui.access_capacity_days", lang()), 1, 366, 30, key="access_capacity_days"))
    if per_day == 0:
        st.caption(t("ui.access_capacity_hint", lang()))
        return
    answer = load_capacity(access, float(per_day * days), float(minutes))
    share = answer.served / answer.people if answer.people else None
    st.metric(
        t("ui.access_served", lang()), f"{format_count(round(answer.served), lang())} ({format_percent(share, lang())})"
    )
    st.caption(
        t(
            "ui.access_unserved",
            lang(),
            unserved=format_count(round(answer.unserved), lang()),
            far=format_count(round(answer.unserved_out_of_reach), lang()),
            n=minutes,
        )
    )
    by_gp = summarise_coverage(answer, "panchayat_lgd")
    gps = data.panchayats.set_index("lgd_code")
    names = display_names(gps["name"], gps["name_hi"], lang())
    table = pd.DataFrame(
        {
            t("ui.panchayat", lang()): by_gp.index.map(names),
            t("ui.population", lang()): by_gp["people"].round().astype(int),
            t("ui.access_served_col", lang()): by_gp["served"].round().astype(int),
            t("ui.access_unserved_col", lang()): by_gp["unserved"].round().astype(int),
        }
    )
    st.dataframe(
        shown(table.sort_values(t("ui.access_unserved_col", lang()), ascending=False), lang()),
        hide_index=True,
        height=240,
    )


def _raster(access: Access, data: StoreData, key: StoreKey) -> None:
    """People within each time by the villages and by an uploaded population raster (WorldPop, GHSL)."""
    st.markdown(f"**{t('ui.access_raster_title', lang())}**")
    upload = st.file_uploader(t("ui.access_raster_upload", lang()), type=["tif", "tiff"], key="access_raster")
    if upload is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        try:
            raster, report = read_population_raster(path, access.grid, load_analysis(key, None).district)
        except GeoInputError as error:
            st.error(md(error))
            return
    villages, _ = population_surface(access.grid, access.villages)
    table = compare_coverage(villages, raster, access.minutes, THRESHOLDS_MIN)
    st.caption(
        t(
            "ui.access_raster_report",
            lang(),
            name=md(upload.name),
            people=format_count(round(report.people), lang()),
            correction=f"{round(report.correction_pct, 2) or 0.0:+.2f}",
        )
    )
    st.dataframe(
        shown(
            pd.DataFrame(
                {
                    t("ui.minutes_axis", lang()): table["threshold_min"].astype(int),
                    t("ui.access_by_villages", lang()): table["village_people"].round().astype(int),
                    t("ui.access_by_raster", lang(), name=upload.name): table["raster_people"].round().astype(int),
                    t("ui.access_difference", lang()): table["difference_people"].round().astype(int),
                    t("ui.access_difference_pct", lang()): table["difference_pct"].round(1),
                }
            ),
            lang(),
        ),
        hide_index=True,
    )


@st.cache_resource(show_spinner=False, max_entries=8, hash_funcs={Access: id})
def load_capacity(access: Access, capacity: float, minutes: float) -> CapacityResult:
    """:func:`geo.spatial.capacity.capacity_coverage` with one capacity per centre (cached per access and inputs)."""
    centres = access.centres.assign(capacity=capacity)
    return capacity_coverage(centres, access.villages, access.grid, access.speed_kmh, max_minutes=minutes)


def _downloads(
    key: StoreKey,
    access: Access,
    kind: str,
    tables: dict[str, pd.DataFrame],
    sites: SitingResult | None,
    travel_ctx: MapContext,
    data: StoreData,
) -> None:
    """The minutes (GeoTIFF), the bands (GeoPackage), the tables (XLSX) and the travel-time map sheet (PDF)."""
    stem = f"{data.identity.file_stem}_{kind}_{access.scenario.key}"
    analysis = load_analysis(key, None)
    tables = {**tables, "villages": village_minutes(access)}
    if sites is not None:
        tables["suggested_sites"] = sites.table()
    cols = st.columns(4)
    cols[0].download_button(
        t("ui.access_download_tif", lang()),
        lambda: _geotiff(access),
        file_name=f"{stem}_minutes.tif",
        mime="image/tiff",
        key="access_tif",
    )
    cols[1].download_button(
        t("ui.access_download_bands", lang()),
        lambda: analysis_layer_bytes(
            analysis,
            "travel_bands",
            f"{access.description}, in bands of minutes",
            {"travel_bands": isochrone_bands(access, clip=analysis.district)},
            "gpkg",
        ),
        file_name=f"{stem}_bands.gpkg",
        mime="application/geopackage+sqlite3",
        key="access_bands",
    )
    cols[2].download_button(
        t("ui.download_xlsx", lang()),
        lambda: table_bytes(tables, ".xlsx"),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="access_xlsx",
    )
    cols[3].download_button(
        t("ui.access_download_sheet", lang()),
        lambda: render_map_sheet(data, "travel", ctx=travel_ctx, view=View(lang=lang()), layout=SheetLayout(fmt="pdf")),
        file_name=f"{stem}_map.pdf",
        mime="application/pdf",
        key="access_sheet",
    )


def _geotiff(access: Access) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return write_minutes(Path(folder) / "minutes.tif", access).read_bytes()
