"""Public map page: read-only, public fields only.

No upload, editing or admin control: the only widgets choose the language, the
map theme and a panchayat. The store is read without private columns, the map is
built with ``public=True`` from layers marked public, and the card lists public
indicator fields only.
"""

from __future__ import annotations

import streamlit as st

from geo.locate import search_panchayats
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
    st.title(t("public_title"))
    st.caption(t("public_intro"))
    demo_banner(data)
    ctx = load_context(key, None)
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


if __name__ == "__main__":
    render()
