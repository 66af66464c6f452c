"""The meeting deck: presentation mode as the review's agenda, one screen per item.

Each screen (:class:`layers.slide.Slide`) holds the item's map in the district's
own shape (so the district fills it) with the legend under it (never over the
district), its KPIs with the change since the chosen review and their trend, and
its block table, sized to the window so nothing scrolls at 1024×768 or 1920×1080
and legible from the back of the room (``layers/static/deck.css``, ``slide.css``).
The agenda item is the ``slide`` query parameter (``/review?slide=csc``; with
several districts also ``district``), so a slide can be bookmarked; the presenter
moves with the buttons or the keys a clicker sends (PageDown/PageUp, arrows).
"""

from __future__ import annotations

import streamlit as st

from geo.formats import dates_line, format_count
from geo.review.agenda import AGENDA, AgendaItem, agenda_item
from geo.text import t
from layers.folium_map import LEGEND_CSS, MapOptions, build_map, layer_frames, legend_html, legend_rows
from layers.markup import escape_html
from layers.slide import SLIDE_CSS, Slide, slide_html, slide_specs
from layers.static import asset, inline_script
from layers.view import View
from ui.common import StoreKey, lang, load_context, load_progress, load_summary, load_trend
from ui.directions import DIRECTIONS_SLIDE, item_directions, render_directions_slide
from ui.mapview import map_shape, show_map

#: Session key and URL query parameter of the agenda item shown (None: the Review page, no deck).
SLIDE = "slide"
#: The deck's look: a full-height map, the title, dates and legend beside it.
_DECK_CSS = asset("deck.css")
#: Keys a presenter's clicker sends: next and previous item, in the page and in the map's frame.
_KEYS_JS = inline_script("deck_keys.js")
#: The deck's slides: the last meeting's directions (ui/directions.py), then the agenda.
_SLIDES = (DIRECTIONS_SLIDE, *(item.key for item in AGENDA))


def agenda_strip() -> str | None:
    """The agenda as a row of items; the chosen one opens the deck there and is the URL's ``?slide=``.

    A URL with ``?slide=`` opens its item (an unknown item is dropped); moving on
    in the deck or leaving it updates the URL.
    """
    keys = list(_SLIDES)
    asked = st.query_params.get(SLIDE)
    if SLIDE not in st.session_state and asked in keys:  # a bookmark or a reload
        st.session_state[SLIDE] = asked
    chosen = st.segmented_control(
        t("ui.agenda", lang()),
        keys,
        key=SLIDE,
        format_func=_strip_label,
        label_visibility="collapsed",
        help=t("ui.agenda_help", lang()),
    )
    if chosen:
        st.query_params[SLIDE] = chosen
    elif SLIDE in st.query_params:
        del st.query_params[SLIDE]
    return chosen


def _strip_label(key: str) -> str:
    if key == DIRECTIONS_SLIDE:
        return t("direction.slide.short", lang())
    return f"{format_count(_number(key), lang())}. {agenda_item(key).short_label(lang())}"


def _number(key: str) -> int:
    return [item.key for item in AGENDA].index(key) + 1


def _step(offset: int) -> None:
    keys = list(_SLIDES)
    current = st.session_state.get(SLIDE)
    position = keys.index(current) if current in keys else 0
    st.session_state[SLIDE] = keys[min(max(position + offset, 0), len(keys) - 1)]


def _leave() -> None:
    st.session_state[SLIDE] = None


def _slide(key: StoreKey, item: AgendaItem, view: View) -> Slide:
    as_of, since = view.as_of, view.since
    summary = load_summary(key, as_of, since)
    changes = None if since is None else load_progress(key, as_of, since, item.indicator)
    return Slide(item, summary, changes, load_trend(key, as_of, item.figures), view.lang)


def render_deck(key: StoreKey, item_key: str, *, view: View, is_demo: bool) -> None:
    """Draw one screen of the deck (below the agenda strip the page already drew) in the view's language and dates."""
    if item_key == DIRECTIONS_SLIDE:
        render_directions_slide(key, view=view, is_demo=is_demo, step=_step, leave=_leave)
        return
    as_of, since = view.as_of, view.since
    item = agenda_item(item_key)
    ctx = load_context(key, as_of)
    st.html(f"<style>{_DECK_CSS}{SLIDE_CSS}{LEGEND_CSS}{map_shape(ctx.district.total_bounds, 'deck_map')}</style>")
    st.html(f"<script>{_KEYS_JS}</script>", unsafe_allow_javascript=True)
    slide = _slide(key, item, view)
    demo = f"<span class='gp-deck-demo'>{t('ui.demo_short', lang())}</span>" if is_demo else ""
    with st.container(key="deck_nav"):
        head, prev, nxt, leave = st.columns([12, 1, 1, 1], vertical_alignment="center")
    place = f"{format_count(_number(item.key), view.lang)}/{format_count(len(AGENDA), view.lang)}"
    head.html(
        f"<div class='gp-deck-title'>{place} · {escape_html(item.label(view.lang))}{demo}"
        f"</div><div class='gp-deck-dates'>{escape_html(dates_line(slide.summary.now.date, since, view.lang))}</div>"
    )
    keys = list(_SLIDES)
    with prev:
        st.button(
            "◀",
            key="deck_prev",
            help=t("ui.deck_prev", lang()),
            on_click=_step,
            args=(-1,),
            disabled=item.key == keys[0],
            use_container_width=True,
        )
    with nxt:
        st.button(
            "▶",
            key="deck_next",
            help=t("ui.deck_next", lang()),
            on_click=_step,
            args=(1,),
            disabled=item.key == keys[-1],
            use_container_width=True,
        )
    with leave:
        st.button("✕", key="deck_exit", help=t("ui.deck_exit", lang()), on_click=_leave, use_container_width=True)
    left, right = st.columns([1, 1.45], gap="small")
    specs = slide_specs(slide)
    frames = layer_frames(ctx, specs)  # one computation for the map and the legend under it
    with left:
        fmap = build_map(
            ctx,
            specs,
            lang=view.lang,
            visible=[spec.name for spec in specs],
            frames=frames,
            options=MapOptions(legend=False, switcher=False, fill_frame=True, demo_badge=False, zoom_buttons=False),
        )
        with st.container(key="deck_map"):
            show_map(fmap, ctx, key=f"deck_{item.key}_{since}", height=520, selection_key=None)
        legend = legend_html(specs, legend_rows(specs, frames, ctx, view.lang), view.lang)
        st.html(f"<div class='gp-deck-legend'>{legend}</div>")
    right.html(f"{slide_html(slide)}{item_directions(key, view, item.key)}")
