"""Public map page: read-only, public fields only.

No upload, editing or admin control: the only widgets choose the language, the
map theme and a panchayat. The store is read without private columns, the map is
built with ``public=True`` from layers marked public, and the card lists public
indicator fields only.
"""

from __future__ import annotations

import streamlit as st

from geo.figures import PUBLIC_FIGURES
from geo.locate import search_panchayats
from layers.context import MapContext
from layers.registry import THEMES
from ui.card import panchayat_card
from ui.common import choice, demo_banner, lang, load_context, open_store, page_style, t
from ui.mapview import district_map, public_themes, show_map

SELECTION = "public_gp"
MAP_HEIGHT = 640


def render() -> None:
    """Draw the Public map page."""
    page_style()
    key, data = open_store()
    ctx = load_context(key, None)
    figures = ctx.figures
    st.title(t("public_title", district=data.district_name(lang())))
    st.caption(t("public_intro", panchayats=figures.text("panchayats", lang())))
    demo_banner(data)
    themes = public_themes()
    cols = st.columns([1, 2])
    theme = choice(cols[0], t("map_theme"), themes, key="public_theme", default="csc",
                   format_func=lambda name: THEMES[name].title(lang()))
    query = cols[1].text_input(t("search"), key="public_search")
    if query.strip():
        found = search_panchayats(ctx.panchayats, query)
        if found.empty:
            st.info(t("no_match", query=query))
        elif st.session_state.get(f"{SELECTION}_query") != query:
            st.session_state[f"{SELECTION}_query"] = query
            st.session_state[SELECTION] = str(found["lgd_code"].iloc[0])
    selected = st.session_state.get(SELECTION)
    fmap = district_map(ctx, theme=theme, lang=lang(), public=True, selected=selected, height=MAP_HEIGHT)
    show_map(fmap, ctx, key="public_map", height=MAP_HEIGHT, selection_key=SELECTION)
    if selected is not None:
        panchayat_card(ctx, selected, lang(), public=True)
    _figures(ctx)  # below the map: on a phone the map comes first


def _figures(ctx: MapContext) -> None:
    """The review's public figures, as the Review page and the published map show them."""
    figures = ctx.figures
    st.caption(t("figures_as_of", date=ctx.analysis.date or "–"))
    for col, key in zip(st.columns(len(PUBLIC_FIGURES)), PUBLIC_FIGURES, strict=True):
        col.metric(figures.title(key, lang()), figures.text(key, lang()), border=True)


if __name__ == "__main__":
    render()
