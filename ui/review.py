"""Review page: the DC/DDC's review, and the meeting deck it opens.

The page: the dates compared, the district map with its legend (on the first screen
at 1024×768 too), KPI cards with the change since the chosen review, an export (map
sheet, data, meeting pack), the block-by-block table and what changed, grouped by
agenda item and block.
Choosing an item of the agenda strip opens the deck (:mod:`ui.deck`) on it:
presentation mode, one screen per item, the item in the URL (``?slide=csc``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from geo.errors import GeoInputError
from geo.formats import dates_line, format_count, format_date
from geo.review.agenda import AGENDA
from geo.review.figures import FIGURES
from geo.review.status import latest_data_date
from geo.review.summary import Summary, state_total_text, state_totals
from geo.spatial.access import Beyond, beyond_minutes, beyond_title
from geo.storage.store import StoreData
from geo.text import t
from layers.registry import THEMES
from layers.slide import CHANGES_CSS, changes_html
from layers.static import asset
from layers.view import View
from ui.common import (
    REVIEW_AADHAAR_KM,
    REVIEW_MINUTES,
    StoreKey,
    choice,
    default_since,
    demo_banner,
    is_state_view,
    lang,
    load_access,
    load_changes,
    load_context,
    load_progress,
    load_review_dates,
    load_state_table,
    load_summary,
    md,
    open_store,
    page_style,
    page_view,
    state_title,
)
from ui.deck import agenda_strip, render_deck
from ui.export import export_panel
from ui.mapview import district_map_and_legend, map_shape, show_map, state_view_map
from ui.tables import block_table, changes_table, district_table

#: Figure cards, two rows of five, in the order of the review (:data:`geo.review.figures.FIGURES`): the connectivity
#: classes with "not recorded" (they add up to the panchayats) and the inspections, then the services.
CARD_ROWS = (
    ("working", "live_offline", "not_live", "connectivity_not_recorded", "inspected_recent"),
    ("csc_functional", "library_opened", "villages_beyond_aadhaar", "pmgdisha_centres", "pmgdisha_passed"),
)
#: A card of one class of a breakdown -> the breakdown's "not recorded" class, said under it when there are any.
UNRECORDED_OF = {"csc_functional": "csc_not_recorded", "library_opened": "library_not_recorded"}
#: Map height in px.
MAP_PX = 620
#: The Review page's own look: its choices wrap two by two on a small screen, its tables wrap instead of scrolling.
_REVIEW_CSS = asset("review.css")
#: The "figures as of" choice meaning "every report so far".
LATEST = "latest"


def _earlier(reviews: list[str], effective: str | None) -> list[str]:
    """Review dates before ``effective``, latest first (the choices of "compare with")."""
    return [d for d in reversed(reviews) if effective is None or d < effective]


def chosen_dates(reviews: list[str], latest_report: str | None) -> tuple[str | None, str | None]:
    """The dates chosen on the page (kept while the deck shows): as-of (None: latest) and the review compared.

    Until chosen: the latest reports, compared with the last review before them.
    """
    chosen = st.session_state.get("review_as_of", LATEST)
    as_of = None if chosen == LATEST or chosen not in reviews else chosen
    earlier = _earlier(reviews, as_of or latest_report)
    since = st.session_state.get("review_since")
    return as_of, (since if since in earlier else default_since(reviews, as_of or latest_report))


def _as_of_choice(container: DeltaGenerator, reviews: list[str], latest_report: str | None) -> str | None:
    """The "figures as of" selector: a review date, or None for the latest reports (kept for the state view too)."""
    latest = t("ui.latest", lang()) + (f" ({format_date(latest_report, lang())})" if latest_report else "")
    chosen = choice(
        container,
        t("ui.as_of", lang()),
        [LATEST, *reversed(reviews)],
        key="review_as_of",
        default=LATEST,
        format_func=lambda d: latest if d == LATEST else format_date(d, lang()),
    )
    return None if chosen == LATEST else chosen


def _date_choices(cols: list, reviews: list[str], latest_report: str | None) -> tuple[str | None, str | None]:
    """The "figures as of" and "compare with" selectors (None = latest reports / no comparison)."""
    as_of = _as_of_choice(cols[0], reviews, latest_report)
    earlier = _earlier(reviews, as_of or latest_report)
    if not earlier:
        cols[1].caption(t("ui.no_earlier_review", lang()))
        return as_of, None
    since = choice(
        cols[1],
        t("ui.since", lang()),
        earlier,
        key="review_since",
        default=default_since(reviews, as_of or latest_report),
        format_func=lambda d: format_date(d, lang()),
    )
    return as_of, since


def _kpi_cards(key: StoreKey, view: View, *, by_minutes: bool = False) -> Summary:
    """Figure cards (:class:`geo.review.figures.Figures`) of the view's date, the change since ``view.since``.

    No delta where the change is 0.

    Where nothing was recorded by ``since`` the card has no delta but says so under it
    (:meth:`geo.review.summary.Summary.change_note`: "no inspection recorded by 12 Nov 2020").
    ``by_minutes``: the Aadhaar card counts villages beyond :data:`ui.common.REVIEW_MINUTES` of travel
    (:func:`geo.spatial.access.beyond_minutes`, dry season) instead of straight-line km, and the CSC card says the same
    for CSCs.
    """
    result = load_summary(key, view.as_of, view.since)
    figures = result.figures
    for row in CARD_ROWS:
        for col, name in zip(st.columns(len(row)), row, strict=True):
            if name == "villages_beyond_aadhaar" and by_minutes:
                _minutes_card(col, key, "aadhaar", view)
                continue
            col.metric(
                figures.title(name, view.lang),
                figures.text(name, view.lang),
                delta=_delta(result.delta(name)),
                delta_color="inverse" if FIGURES[name].lower_is_better else "normal",
                border=True,
            )
            unrecorded = UNRECORDED_OF.get(name)
            lines = [result.change_note(name, view.lang), figures.note(name, view.lang)]
            if unrecorded and figures.value(unrecorded):
                lines.append(f"{figures.title(unrecorded, view.lang)}: {figures.text(unrecorded, view.lang)}")
            if name == "csc_functional" and by_minutes and "csc" in result.now.functional_kinds:
                lines.append(_minutes_line(key, "csc", view))
            note = " · ".join(filter(None, lines))
            if note:
                col.caption(note)
    return result


def _delta(change: int | None) -> str | None:
    """A card's change as ``st.metric`` reads it: "+7", "-25" (a plain minus turns its arrow down); none for none."""
    return None if not change else ("+" if change > 0 else "") + format_count(change, lang())


def _beyond(key: StoreKey, kind: str, as_of: str | None) -> Beyond:
    """:func:`geo.spatial.access.beyond_minutes` at the review's minutes, dry season, centres as of the date."""
    return beyond_minutes(load_access(key, kind, "dry", as_of), REVIEW_MINUTES)


def _minutes_card(col: DeltaGenerator, key: StoreKey, kind: str, view: View) -> None:
    """The villages beyond the review's travel time of ``kind`` on the view's date, the change since ``view.since``."""
    try:
        now = _beyond(key, kind, view.as_of)
    except GeoInputError:  # no functional centre of the kind: nothing to measure
        col.metric(beyond_title(kind, REVIEW_MINUTES, view.lang), t("ui.no_service_points_short", lang()), border=True)
        return
    delta = None
    if view.since is not None:
        try:
            delta = now.villages - _beyond(key, kind, view.since).villages
        except GeoInputError:
            delta = None
    col.metric(
        now.title(view.lang),
        format_count(now.villages, view.lang),
        delta=_delta(delta),
        delta_color="inverse",
        border=True,
    )
    col.caption(" ".join(filter(None, [t("ui.review_minutes_how", lang()), now.note(view.lang)])))


def _minutes_line(key: StoreKey, kind: str, view: View) -> str:
    """The text "Villages beyond 60 min of a functional CSC: 123" for a card's caption."""
    beyond = _beyond(key, kind, view.as_of)
    return f"{beyond.title(view.lang)}: {format_count(beyond.villages, view.lang)}."


def _changes(key: StoreKey, view: View) -> None:
    """What changed since the view's review: per agenda item and block, counts first; every status change below."""
    as_of, since = view.as_of, view.since
    st.subheader(t("ui.changes_title", lang(), since=format_date(since, view.lang)))
    parts = []
    for item in AGENDA:
        changed = load_progress(key, as_of, since, item.indicator)
        if len(changed):
            parts.append(changes_html(item, changed, view.lang))
    if not parts:
        st.info(t("ui.no_changes", lang()))
        return
    st.html(f"<style>{CHANGES_CSS}</style>{''.join(parts)}")
    changes = load_changes(key, since, as_of)
    with st.expander(t("ui.every_change", lang(), n=format_count(len(changes), view.lang))):
        st.dataframe(changes_table(changes, load_context(key, as_of), view.lang), hide_index=True)


def _theme_choice(container: DeltaGenerator) -> str:
    """The map theme chooser (kept in the session: the state view and a district's share it)."""
    return choice(
        container,
        t("ui.map_theme", lang()),
        list(THEMES),
        key="review_theme",
        default="connectivity",
        format_func=lambda name: THEMES[name].title(lang()),
    )


def _state_cards(table: pd.DataFrame) -> None:
    """The figure cards of the state view: each the sum over the districts (:func:`geo.review.summary.state_totals`).

    A figure some districts did not record says so ("not recorded in 3 of 24 districts") and, under it, what the
    others hold; the travel-time card is per district, so the state's card counts straight-line km.
    """
    totals = state_totals(table)
    for row in CARD_ROWS:
        for col, name in zip(st.columns(len(row)), row, strict=True):
            value, note = state_total_text(totals, name, lang())
            col.metric(FIGURES[name].title(lang(), aadhaar_km=REVIEW_AADHAAR_KM), value, border=True)
            if note:
                col.caption(note)
    st.caption(t("ui.state_cards_note", lang()))


def _state_view(key: StoreKey, data: StoreData, reviews: list[str], latest_report: str | None) -> None:
    """The Review of a store of several districts, none chosen: the districts' map, cards and table.

    A click on a district (or the sidebar's chooser) shows that district as a store of one shows it.
    """
    st.title(t("ui.review_title", lang(), district=md(data.district_name(lang()))))  # the state's name
    cols = st.columns([1.35, 1.4, 2.25])
    as_of = _as_of_choice(cols[0], reviews, latest_report)
    theme = _theme_choice(cols[1])
    st.markdown(f"**{dates_line(as_of or latest_report, None, lang())}**")
    demo_banner(data)
    st.subheader(state_title(data))
    cards = st.container()  # filled once the figures are worked out, under the map drawn first
    st.info(t("ui.state_hint", lang()))
    state_view_map(key, as_of, theme=theme, lang=lang(), map_key="review_state_map", height=MAP_PX)
    table = load_state_table(key, as_of)
    with cards:
        _state_cards(table)
    st.subheader(t("ui.by_district", lang()))
    shown = district_table(table, lang(), aadhaar_km=REVIEW_AADHAAR_KM)  # st.table reads Markdown: names as text
    st.table(shown.assign(**{shown.columns[0]: shown.iloc[:, 0].map(md)}), hide_index=True)


def render() -> None:
    """Draw the Review page, the state view of a store of several districts, or the deck of an agenda item."""
    key, data = open_store(by_district=True)
    reviews = load_review_dates(key)
    latest_report = latest_data_date(data)  # the figures' own date: the pack and the CLI compare from it too
    if is_state_view(key, data):  # the deck is a district's: it opens once a district is chosen
        page_style(large=True)
        _state_view(key, data, reviews, latest_report)
        return
    slide = agenda_strip()  # first on both: the deck's navigation, the page's way into the deck
    page_style(large=True, presentation=bool(slide))
    if slide:
        render_deck(key, slide, view=page_view(*chosen_dates(reviews, latest_report)), is_demo=data.is_demo)
        return
    st.title(t("ui.review_title", lang(), district=md(data.district_name(lang()))))
    st.html(f"<style>{_REVIEW_CSS}</style>")
    with st.container(key="review_choices"):  # four across on a wide screen, two by two at 1024 px
        cols = st.columns([1.35, 1.1, 1.4, 0.75])
    view = page_view(*_date_choices(cols, reviews, latest_report))
    theme = _theme_choice(cols[2])
    reach = choice(
        cols[3],
        t("ui.review_reach", lang()),
        ["km", "min"],
        key="review_reach",
        default="km",
        format_func=lambda unit: (
            t("ui.review_reach_km", lang(), km=REVIEW_AADHAAR_KM)
            if unit == "km"
            else t("ui.review_reach_min", lang(), n=REVIEW_MINUTES)
        ),
    )
    result = load_summary(key, view.as_of, view.since)
    st.markdown(f"**{dates_line(result.now.date, view.since, view.lang)}**")
    demo_banner(data)

    # The map first: on the first screen at 1024×768 too; the figure cards under it. The map has the
    # district's shape (no taller than MAP_PX), so the district fills it; its legend is beside it, or
    # under it where the page is too narrow for both (review.css), and never covers the district.
    ctx = load_context(key, view.as_of)
    fmap, legend = district_map_and_legend(
        ctx, theme=theme, lang=view.lang, public=False, height=MAP_PX, fill_frame=True
    )
    st.html(f"<style>{map_shape(ctx.district.total_bounds, 'review_mapbox', max_height_px=MAP_PX)}</style>")
    with st.container(key="review_map_row"):
        map_col, legend_col = st.columns([2.8, 1], gap="small")
    with map_col, st.container(key="review_mapbox"):
        show_map(fmap, ctx, key="review_map", height=MAP_PX, selection_key=None)  # clicks open popups, no rerun
    with legend_col, st.container(key="review_legend"):
        st.html(legend)
    result = _kpi_cards(key, view, by_minutes=reach == "min")
    export_panel(key, page="review", theme=theme, view=view, pack=True)

    st.subheader(t("ui.by_block", lang()))
    table = block_table(result, view.lang)  # st.table reads Markdown: the block names as text
    with st.container(key="review_blocks"):  # its headers wrap: the table fits the page (review.css)
        st.table(table.assign(**{table.columns[0]: table.iloc[:, 0].map(md)}), hide_index=True)
    if view.since is not None:
        _changes(key, view)


if __name__ == "__main__":
    render()
