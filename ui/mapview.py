"""The district map in a page: which layers, the selected panchayat, and clicks.

The map is drawn by :func:`layers.folium_map.build_map` and shown with
``st_folium`` returning at most the last click, so panning and zooming never
rerun the script; where the page selects panchayats, a click selects the one
under it and reruns once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.review.indicators import bhawan_points
from geo.spatial.locate import panchayat_at
from geo.text import t
from layers.context import MapContext, StateContext
from layers.districts import district_at
from layers.folium_map import (
    LEGEND_CSS,
    OSM,
    MapOptions,
    build_map,
    fit_view,
    layer_frames,
    legend_html,
    legend_rows,
    map_aspect,
)
from layers.markup import escape_html
from layers.nearest import nearest_spec
from layers.registry import BASE_LAYERS, LAYERS, STATE_LAYERS, STATE_OUTLINES, THEMES
from layers.registry import theme as theme_of
from layers.selection import bhawan_spec, origin_spec, selection_spec
from layers.spec import Lang, LayerSpec
from ui.common import DISTRICT_KEY, StoreKey, load_state_context, load_state_outlines

#: The service point layers the nearest-service lines lead to.
SERVICE_LAYERS = ("aadhaar", "csc", "pmgdisha")


def public_themes() -> list[str]:
    """Themes whose every layer may be shown on the public page."""
    return [name for name, theme in THEMES.items() if all(LAYERS[layer].public for layer in theme.layers)]


def district_specs(
    ctx: MapContext, *, theme: str, public: bool, selected: str | None = None, village: gpd.GeoDataFrame | None = None
) -> tuple[list[LayerSpec], gpd.GeoDataFrame | None]:
    """The layers of :func:`district_map`, and where the nearest-service lines start (None if nothing selected).

    The theme's layers and the boundaries (public ones only when ``public``). With
    ``selected`` (a panchayat LGD code): its outline, its bhawan, the lines from
    there to its nearest Aadhaar, CSC and PMGDISHA centres and those services'
    point layers, so every line ends on its service's marker whatever the theme.
    With ``village`` (a chosen village's row, Point, EPSG:4326) the lines start at
    the village, marked, inside its panchayat's outline.
    """
    visible = {*BASE_LAYERS, *theme_of(theme).layers}
    specs: list[LayerSpec] = [spec for name, spec in LAYERS.items() if name in visible and (spec.public or not public)]
    row = ctx.panchayats[ctx.panchayats["lgd_code"] == selected]
    if row.empty:
        return specs, None
    origin = bhawan_points(row) if village is None else village
    start = bhawan_spec(str(selected)) if village is None else origin_spec(village)
    ends = [LAYERS[name] for name in SERVICE_LAYERS if name not in visible and (LAYERS[name].public or not public)]
    return [*specs, selection_spec(str(selected)), nearest_spec(origin), *ends, start], origin


def district_map(
    ctx: MapContext,
    *,
    theme: str,
    lang: Lang,
    public: bool,
    selected: str | None = None,
    village: gpd.GeoDataFrame | None = None,
    options: MapOptions = MapOptions(),
) -> folium.Map:
    """The layers of :func:`district_specs`, all switched on, the legend in the map's corner.

    Only the theme's layers are sent (the page's theme choice does the switching:
    the map stays small). The layer switcher is folded into an icon; the legend stays
    open. With a selected panchayat the map zooms to it and the services it is led to.
    ``options``: the map's height, whether it fills its frame and carries the DEMO badge
    (:class:`layers.folium_map.MapOptions`; the tiles, the switcher and the legend's
    folding are the page's and this function's).
    """
    return _district(
        ctx,
        theme=theme,
        lang=lang,
        public=public,
        selected=selected,
        village=village,
        options=options,
    )[0]


def district_map_and_legend(
    ctx: MapContext,
    *,
    theme: str,
    lang: Lang,
    public: bool,
    selected: str | None = None,
    height: int = 620,
    fill_frame: bool = False,
) -> tuple[folium.Map, str]:
    """:func:`district_map` without its corner legend, and that legend as HTML (with its styles) for beside it.

    Both read the same layer frames, computed once. A DEMO store's badge heads the legend
    instead of a corner of the map, where it would cover the district. ``fill_frame``: the
    map fills its frame whatever height the page's CSS gives it (a frame shaped by
    :func:`map_shape`).
    """
    fmap, specs, frames = _district(
        ctx,
        theme=theme,
        lang=lang,
        public=public,
        selected=selected,
        village=None,
        options=MapOptions(height=height, legend=False, fill_frame=fill_frame, demo_badge=False),
    )
    demo = f"<div><span class='gp-demo'>{escape_html(t('layer.map.demo', lang))}</span></div>" if ctx.is_demo else ""
    body = legend_html(specs, legend_rows(specs, frames, ctx, lang), lang)
    return fmap, f"<style>{LEGEND_CSS}</style><div class='gp-side-legend'>{demo}{body}</div>"


def _district(
    ctx: MapContext,
    *,
    theme: str,
    lang: Lang,
    public: bool,
    selected: str | None,
    village: gpd.GeoDataFrame | None,
    options: MapOptions,
) -> tuple[folium.Map, list[LayerSpec], dict[str, gpd.GeoDataFrame]]:
    """The district's map with the switcher folded (the tiles as the page's choice); its specs and frames."""
    specs, origin = district_specs(ctx, theme=theme, public=public, selected=selected, village=village)
    frames = layer_frames(ctx, specs)
    tiles = OSM if st.session_state.get("osm") else None
    options = replace(options, tiles=tiles, collapsed=True, legend_folded=public)
    fmap = build_map(
        ctx, specs, lang=lang, public=public, visible=[spec.name for spec in specs], frames=frames, options=options
    )
    if origin is not None:  # the panchayat and the service points its nearest-lines reach
        row = ctx.panchayats[ctx.panchayats["lgd_code"] == selected]
        west, south, east, north = pd.concat([row.geometry, frames["nearest"].geometry]).total_bounds
        fit_view(fmap, (west, south, east, north), padding_px=30)
    return fmap, specs, frames


def show_map(fmap: folium.Map, ctx: MapContext, *, key: str, height: int, selection_key: str | None) -> None:
    """Show ``fmap``; a click on a panchayat stores its code in ``st.session_state[selection_key]``.

    A click outside every panchayat clears the selection. With ``selection_key``
    None the map never reruns the page (clicks only open the map's popups).
    """
    # render=False: st_folium renders the map itself once more anyway; the first
    # render of the whole figure gives the same HTML and costs ~0.1 s per rerun.
    # The height is part of the key: st_folium redraws a map only when its script
    # changes, so a taller frame (presentation mode) would keep the old map size.
    # A click on a panchayat reaches st_folium as an object click (the layer's popup stops it
    # before the map's own click handler); a click beside every layer as a map click.
    watched = ["last_object_clicked", "last_clicked"] if selection_key else []
    state = st_folium(
        fmap, key=f"{key}_{height}", height=height, use_container_width=True, render=False, returned_objects=watched
    )
    if selection_key is None:
        return
    clicks = {name: (state or {}).get(name) for name in watched}
    seen = st.session_state.get(f"{key}_clicks", {})
    st.session_state[f"{key}_clicks"] = clicks
    new = [click for name, click in clicks.items() if click and click != seen.get(name)]
    if not new:
        return
    code = panchayat_at(ctx.panchayats, new[0]["lng"], new[0]["lat"])
    if code != st.session_state.get(selection_key):
        st.session_state[selection_key] = code
        st.rerun()


#: Session-state key: the (store key, date) pairs whose state figures this session has drawn.
STATE_DRAWN = "state_figures_drawn"


def state_map(ctx: StateContext, *, theme: str | None, lang: Lang, height: int = 620) -> folium.Map:
    """The state view's map: the districts coloured by ``theme``'s share (:data:`layers.registry.STATE_LAYERS`).

    One layer of one outline per district (the state's payload stays small); the legend in
    the map's corner counts the districts of each band. ``theme`` None: the outlines and
    names alone (:data:`layers.registry.STATE_OUTLINES`, a context without figures).
    """
    spec = STATE_OUTLINES if theme is None else STATE_LAYERS[theme]
    tiles = OSM if st.session_state.get("osm") else None
    return build_map(ctx, [spec], lang=lang, options=MapOptions(height=height, tiles=tiles, switcher=False))


def show_state_map(fmap: folium.Map, ctx: StateContext, *, key: str, height: int) -> None:
    """Show the state map; a click on a district chooses it (:data:`ui.common.DISTRICT_KEY`) and reruns the page.

    The page then shows that district as a store of one shows it; a click beside every district does nothing.
    """
    watched = ["last_object_clicked", "last_clicked"]
    state = st_folium(
        fmap, key=f"{key}_{height}", height=height, use_container_width=True, render=False, returned_objects=watched
    )
    clicks = {name: (state or {}).get(name) for name in watched}
    seen = st.session_state.get(f"{key}_clicks", {})
    st.session_state[f"{key}_clicks"] = clicks
    new = [click for name, click in clicks.items() if click and click != seen.get(name)]
    code = district_at(ctx, new[0]["lng"], new[0]["lat"]) if new else None
    if code is not None and code != st.session_state.get(DISTRICT_KEY):
        st.session_state[DISTRICT_KEY] = code
        st.rerun()


def state_view_map(key: StoreKey, as_of: str | None, *, theme: str, lang: Lang, map_key: str, height: int) -> None:
    """The state map in its place on the page: at once the districts' outlines, then coloured by their figures.

    The districts' figures (:func:`ui.common.load_state_context`: an analysis per district)
    take a while the first time; until this session has drawn them for ``key`` and
    ``as_of``, the outlines and names are drawn first (a click on one already chooses it),
    then replaced by the coloured map.
    """
    slot = st.empty()
    drawn = st.session_state.setdefault(STATE_DRAWN, set())
    if (key, as_of) not in drawn:
        outlines = load_state_outlines(key)
        with slot:
            show_state_map(
                state_map(outlines, theme=None, lang=lang, height=height),
                outlines,
                key=f"{map_key}_outlines",
                height=height,
            )
    ctx = load_state_context(key, as_of)
    drawn.add((key, as_of))
    with slot:
        show_state_map(state_map(ctx, theme=theme, lang=lang, height=height), ctx, key=map_key, height=height)


#: How much taller than the district a slide's map is (the fit's margin and a little air).
_SHAPE_MARGIN = 1.06


def map_shape(bounds: Sequence[float], container: str, *, max_height_px: int | None = None) -> str:
    """CSS giving the map in container ``container`` the district's shape plus the fit's margin.

    With ``max_height_px`` the frame is no taller than that (a wide page): the district then
    fills the map's height and the map's sides are left free.
    """
    most = f" max-height: {max_height_px}px;" if max_height_px else ""
    return f".st-key-{container} iframe {{ aspect-ratio: {map_aspect(bounds) / _SHAPE_MARGIN:.4f};{most} }}"
