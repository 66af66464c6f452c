"""Public map page: read-only, public fields only, phone first.

No upload, editing or admin control: the only widgets choose the language, the
map theme and a place. The store is read without private columns, the map is
built with ``public=True`` from layers marked public, and the cards list public
fields only.

A citizen types their village or panchayat (:mod:`geo.spatial.search`, the same rule as
the static public map) and sees the nearest functional CSC, Aadhaar and PMGDISHA
centre with the distance and the way (:func:`geo.spatial.places.nearest_centres`,
:func:`geo.formats.format_bearing`) and a line to each on the map. On a phone the card
comes right after the search box and the map fills the rest of the screen, so both are
on the first screen; the theme, the panchayat's card and the district's figures are
under it. The DEMO note sits in the page's header bar, never over the map.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.formats import dates_line, display_name, format_bearing, format_km
from geo.review.figures import PUBLIC_GROUPS
from geo.spatial.nearest import GEOD
from geo.spatial.places import CITIZEN_KINDS
from geo.spatial.search import search_places
from geo.storage.store import StoreData
from geo.text import t
from layers.context import MapContext
from layers.folium_map import MapOptions
from layers.markup import escape_html, isolate
from layers.nearest import KIND_CLASSES
from layers.registry import THEMES
from layers.static import asset
from ui.card import indicator_table
from ui.common import choice, lang, load_context, load_places, md, open_store, page_style
from ui.mapview import district_map, public_themes, show_map

SELECTION = "public_gp"
THEME = "public_theme"
MAP_HEIGHT = 560
#: The map's frame takes the screen below the title, the search box and the nearest centres.
_PUBLIC_CSS = asset("public_app.css")
_KIND_LABELS = {cls.value: cls.label for cls in KIND_CLASSES}


def _area_name(data: StoreData) -> str:
    """What the page is about: the district, or on a store of several the districts and their state."""
    return data.identity.area(lang()) if data.identity.districts > 1 else data.district_name(lang())


def render() -> None:
    """Draw the Public map page."""
    page_style()
    st.html(f"<style>{_PUBLIC_CSS}</style>")
    key, data = open_store()
    ctx = load_context(key, None)
    st.title(t("ui.public_title", lang(), district=md(_area_name(data))))
    if data.is_demo:
        st.html(f"<p class='gp-demo-bar' role='note'>{escape_html(t('layer.map.demo', lang()))}</p>")
    places = load_places(key, None)
    place = _find_place(places)
    village = None
    if place is not None:
        if place["kind"] == "village":
            village = _village(ctx, place)
            st.session_state[SELECTION] = str(village["panchayat_lgd"].iloc[0])
        else:
            st.session_state[SELECTION] = str(place["code"])
    selected = st.session_state.get(SELECTION)
    if place is None and selected is not None:  # a panchayat chosen on the map: its nearest centres too
        chosen = places[(places["kind"] == "panchayat") & (places["code"].astype(str) == str(selected))]
        place = None if chosen.empty else chosen.iloc[0]
    if place is not None:  # above the map: on a phone's first screen with it
        _nearest_card(place, ctx)
    themes = public_themes()
    theme = st.session_state.get(THEME, "csc")
    fmap = district_map(
        ctx,
        theme=theme if theme in themes else "csc",
        lang=lang(),
        public=True,
        selected=selected,
        village=village,
        # the page's header bar carries the DEMO note: no badge over the markers
        options=MapOptions(height=MAP_HEIGHT, fill_frame=True, demo_badge=False),
    )
    with st.container(key="public_map"):
        show_map(fmap, ctx, key="public_map", height=MAP_HEIGHT, selection_key=SELECTION)
    st.caption(t("ui.public_intro", lang(), panchayats=ctx.figures.text("panchayats", lang())))
    choice(
        st,
        t("ui.map_theme", lang()),
        themes,
        key=THEME,
        default="csc",
        format_func=lambda name: THEMES[name].title(lang()),
    )
    if selected is not None:
        _panchayat_card(ctx, selected)
    _figures(ctx)


def _find_place(places: gpd.GeoDataFrame) -> pd.Series | None:
    """The search box and, when several places match, the choice among them; the chosen place or None."""
    query = st.text_input(
        t("ui.public_find", lang()), key="public_search", placeholder=t("ui.public_find_hint", lang())
    )
    if not query.strip():
        return None
    found = search_places(places, query).head(20)
    if found.empty:
        with st.container(key="public_pick"):
            st.info(t("ui.public_no_place", lang(), query=md(query)))
        return None
    labels = {int(i): _place_label(row) for i, row in found.iterrows()}
    if len(found) == 1:
        return found.iloc[0]
    with st.container(key="public_pick"):  # the map's frame makes room for it (_PUBLIC_CSS)
        chosen = st.selectbox(
            t("ui.public_pick", lang(), n=len(found)),
            list(labels),
            format_func=labels.__getitem__,
            key=f"public_pick_{query}",
        )
    return found.loc[chosen]


def _place_label(place: pd.Series) -> str:
    name = display_name(place["name"], place["name_hi"], lang())
    within = display_name(place["within"], place["within_hi"], lang())
    return t(
        "ui.public_panchayat_in" if place["kind"] == "panchayat" else "ui.public_village_in",
        lang(),
        name=name,
        within=within,
    )


def _village(ctx: MapContext, place: pd.Series) -> gpd.GeoDataFrame:
    """The chosen village's row (Point, EPSG:4326): where its distances are measured from."""
    villages = ctx.analysis.villages
    row = villages.loc[[place["row"]]]
    return row.set_geometry(gpd.GeoSeries([place.geometry], index=row.index, crs=4326))


def _nearest_card(place: pd.Series, ctx: MapContext) -> None:
    """The nearest functional centre of each kind, as :func:`geo.spatial.places.nearest_centres` measured it.

    Each with its name, the straight-line distance and the way ("↖ north-west", from the place to the
    centre on the WGS84 geodesic): no id, no code. Two lines a centre, to leave the map room on a phone.
    """
    services = ctx.analysis.services.set_index("id")
    name = display_name(place["name"], place["name_hi"], lang())
    rows = []
    for kind in CITIZEN_KINDS:
        label = escape_html(_KIND_LABELS[kind](lang()))
        centre_id = place[f"{kind}_id"]
        if pd.isna(centre_id):
            rows.append(
                f"<li data-kind='{kind}'><span class='gp-kind'>{label}</span>"
                f"<span class='gp-more'>{escape_html(t('ui.public_no_centre', lang()))}</span></li>"
            )
            continue
        centre = services.loc[centre_id]
        centre_name = display_name(centre["name"], centre["name_hi"], lang())
        dist_m = float(place[f"{kind}_dist_m"])
        way = format_bearing(_azimuth_deg(place.geometry, centre.geometry), lang())
        rows.append(
            f"<li data-kind='{kind}' data-centre='{escape_html(str(centre_id))}' data-dist-m='{dist_m:.1f}'>"
            f"<span class='gp-kind'>{label}</span>"
            f"<span class='gp-dist'>{escape_html(format_km(dist_m / 1000.0, lang()))}</span>"
            f"<span class='gp-name'>{escape_html(str(centre_name))}</span>"
            f"<span class='gp-way'>{escape_html(way)}</span></li>"
        )
    title = escape_html(t("ui.public_nearest", lang(), place=isolate(name)))
    st.html(
        f"<section class='gp-nearest-card' aria-label='{title}'>"
        f"<h3>{title}</h3><ul class='gp-nearest'>{''.join(rows)}</ul>"
        f"<p class='gp-more'>{escape_html(t('ui.public_straight', lang()))}</p></section>"
    )


def _azimuth_deg(origin: object, target: object) -> float:
    """The direction from ``origin`` to ``target`` (shapely Points, EPSG:4326): degrees clockwise from north."""
    return float(GEOD.inv(origin.x, origin.y, target.x, target.y)[0])  # type: ignore[attr-defined]


def _panchayat_card(ctx: MapContext, lgd_code: str) -> None:
    """The panchayat's public fields (:func:`ui.card.indicator_table`), as a table whose cells wrap, never cut."""
    row = ctx.panchayats.loc[ctx.panchayats["lgd_code"] == lgd_code].iloc[0]
    st.subheader(t("ui.card_title", lang(), name=md(display_name(row["name"], row["name_hi"], lang()))))
    table = indicator_table(row, lang(), public=True)
    cells = "".join(
        f"<tr><th scope='row'>{escape_html(str(label))}</th><td>{escape_html(str(value))}</td></tr>"
        for label, value in table.itertuples(index=False)
    )
    st.html(f"<table class='gp-card'><tbody>{cells}</tbody></table>")


def _figures(ctx: MapContext) -> None:
    """The review's public figures, as the Review page and the published map show them (whole: public_app.css)."""
    figures = ctx.figures
    st.caption(dates_line(ctx.analysis.date, None, lang()))
    for group in PUBLIC_GROUPS:  # each breakdown whole, "not recorded" included: it adds up to the panchayats
        for col, key in zip(st.columns(len(group)), group, strict=True):
            col.metric(figures.title(key, lang()), figures.text(key, lang()), border=True)


if __name__ == "__main__":
    render()
