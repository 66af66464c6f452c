"""The meeting's directions in the app: the deck's opening slide and the Data page's directions editor.

The deck opens with "Directions from the last meeting" (``/review?slide=directions``): one
line per direction — status word and shape, text, owner, due date, figure then and now —
and a map of the panchayats still short of the chosen (first measurable) direction's target.
Each agenda slide lists its own directions (:func:`item_directions`). Everything is read from
:func:`geo.review.directions.directions_on` over the page's cached analyses.

The Data page's editor (:func:`directions_panel`) adds directions, records action-taken
reports and closes them through the core's writers (:mod:`geo.storage.direction_edits`),
each a version of the store. A block office (an editor with blocks) sees and edits only the
directions measured in its own blocks (scope ``block:LGD`` of one of them, or
``panchayats:`` all in them); district-wide directions and those without a target are a
district editor's. Without an account the list is shown, without the forms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from geo.formats import dates_line, format_date
from geo.review.directions import DirectionProgress, directions_on
from geo.storage.store import StoreData
from geo.text import t
from layers.boundaries import BLOCKS, DISTRICT
from layers.directions import (
    DirectionLine,
    direction_lines,
    first_measurable,
    item_directions_html,
    opening_slide_html,
    short_spec,
)
from layers.folium_map import LEGEND_CSS, MapOptions, build_map, layer_frames, legend_html, legend_rows
from layers.markup import escape_html
from layers.static import asset, inline_script
from layers.view import View
from ui.common import REVIEW_AADHAAR_KM, StoreKey, lang, load_analysis, load_context, load_store
from ui.mapview import show_map

__all__ = ["DIRECTIONS_SLIDE", "render_directions_slide", "item_directions"]

#: The opening slide's name in the deck's ``?slide=``.
DIRECTIONS_SLIDE = "directions"
_CSS = asset("deck.css") + asset("directions.css") + LEGEND_CSS
_KEYS_JS = inline_script("deck_keys.js")


def _progress(key: StoreKey, as_of: str | None) -> tuple[StoreData, list[DirectionProgress]]:
    """Every direction on the page's date, measured over the page's cached analyses (none computed twice)."""
    data = load_store(key)
    now = load_analysis(key, as_of)
    day = now.date or dt.date.today().isoformat()
    analyses = {(day, REVIEW_AADHAAR_KM): now}
    for given in data.directions["given_on"].dropna().astype(str).unique():
        if given <= day:
            analyses[(given, REVIEW_AADHAAR_KM)] = load_analysis(key, given)
    return data, directions_on(data, day, analyses=analyses)


def item_directions(key: StoreKey, view: View, item_key: str) -> str:
    """The HTML of agenda item ``item_key``'s directions for its slide ("" when it has none)."""
    data, progress = _progress(key, view.as_of)
    return item_directions_html(direction_lines(progress, data, view.lang), item_key, view.lang)


def render_directions_slide(
    key: StoreKey, *, view: View, is_demo: bool, step: Callable[[int], None], leave: Callable[[], None]
) -> None:
    """Draw the deck's opening slide: the last meeting's directions, and the map of the chosen one's short units."""
    st.html(f"<style>{_CSS}</style>")
    st.html(f"<script>{_KEYS_JS}</script>", unsafe_allow_javascript=True)
    data, progress = _progress(key, view.as_of)
    lines = direction_lines(progress, data, view.lang)
    with st.container(key="deck_nav"):
        head, prev, nxt, out = st.columns([8, 1, 1, 1], vertical_alignment="center")
    demo = f"<span class='gp-deck-demo'>{escape_html(t('ui.demo_short', lang()))}</span>" if is_demo else ""
    now = load_analysis(key, view.as_of).date
    head.html(
        f"<div class='gp-deck-title'>{escape_html(t('direction.slide.title', view.lang))}</div>"
        f"<div class='gp-deck-dates'>{escape_html(_given_line(progress, now, view))}{demo}</div>"
    )
    prev.button("◀", key="deck_prev", help=t("ui.deck_prev", lang()), disabled=True, use_container_width=True)
    nxt.button("▶", key="deck_next", help=t("ui.deck_next", lang()), on_click=step, args=(1,), use_container_width=True)
    out.button("✕", key="deck_exit", help=t("ui.deck_exit", lang()), on_click=leave, use_container_width=True)
    left, right = st.columns([1, 1.25], gap="medium")
    shown = _map_choice(progress, lines, view)
    if shown is not None:
        with left:
            _short_map(key, view, shown)
    right.html(f"<div class='gp-dir-slide'>{opening_slide_html(lines, view.lang)}</div>")


def _given_line(progress: list[DirectionProgress], now: str | None, view: View) -> str:
    given = sorted({str(p.row["given_on"]) for p in progress})
    if not given:
        return dates_line(now, None, view.lang)
    return t(
        "direction.slide.given", view.lang, date=format_date(given[-1], view.lang), as_of=format_date(now, view.lang)
    )


def _map_choice(progress: list[DirectionProgress], lines: list[DirectionLine], view: View) -> DirectionProgress | None:
    measurable = [p for p in progress if p.measurable]
    if not measurable:
        return None
    texts = {line.number: line.text for line in lines}
    ids = [p.direction_id for p in measurable]
    chosen = st.selectbox(
        t("direction.slide.map_choice", view.lang),
        ids,
        format_func=lambda i: f"{i}. {texts[i]}",
        key="deck_direction_map",
    )
    return first_measurable(progress, chosen)


def _short_map(key: StoreKey, view: View, shown: DirectionProgress) -> None:
    ctx = load_context(key, view.as_of)
    specs = [DISTRICT, BLOCKS, short_spec(shown)]
    frames = layer_frames(ctx, specs)
    fmap = build_map(
        ctx,
        specs,
        lang=view.lang,
        visible=[spec.name for spec in specs],
        frames=frames,
        options=MapOptions(legend=False, switcher=False, fill_frame=True),
    )
    with st.container(key="deck_map"):
        show_map(fmap, ctx, key=f"deck_directions_{shown.direction_id}", height=520, selection_key=None)
    st.html(
        f"<div class='gp-deck-legend'>{legend_html(specs, legend_rows(specs, frames, ctx, view.lang), view.lang)}</div>"
    )
