"""Review page: the DC/DDC's meeting view on a projector.

KPI cards with the change since an earlier review, a full-width map with its
legend and an export of it (map sheet or data), the block-by-block table and what
changed between two review dates.
A presentation toggle hides the sidebar and Streamlit's chrome.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.figures import FIGURES
from geo.formats import format_count
from geo.summary import Summary
from layers.registry import THEMES
from ui.common import (
    StoreKey,
    choice,
    demo_banner,
    lang,
    load_changes,
    load_context,
    load_review_dates,
    load_summary,
    open_store,
    page_style,
    t,
)
from ui.export import export_panel
from ui.mapview import district_map, show_map
from ui.tables import block_table, changes_table

#: Figure cards, two rows of four, in the order of the review (:data:`geo.figures.FIGURES`).
CARD_ROWS = (
    ("working", "live_offline", "not_live", "csc_functional"),
    ("library_opened", "villages_beyond_aadhaar", "pmgdisha_centres", "pmgdisha_passed"),
)
#: Map height in px, normally and in presentation mode (fills a 1024×768 projector).
MAP_PX, PRESENTATION_MAP_PX = 620, 760
#: The "figures as of" choice meaning "every report so far".
LATEST = "latest"


def _dates(cols: list, reviews: list[str], latest_report: str | None) -> tuple[str | None, str | None]:
    """The "figures as of" and "compare with" choices (None = latest reports / no comparison)."""
    latest = t("latest") + (f" ({latest_report})" if latest_report else "")
    chosen = choice(cols[0], t("as_of"), [LATEST, *reversed(reviews)], key="review_as_of", default=LATEST,
                    format_func=lambda d: latest if d == LATEST else d)
    as_of = None if chosen == LATEST else chosen
    effective = as_of or latest_report
    earlier = [d for d in reversed(reviews) if effective is None or d < effective]
    if not earlier:
        cols[1].caption(t("no_earlier_review"))
        return as_of, None
    return as_of, cols[1].selectbox(t("since"), earlier, key="review_since")


def _kpi_cards(key: StoreKey, as_of: str | None, since: str | None) -> Summary:
    """Figure cards (:class:`geo.figures.Figures`), with the change since ``since`` as the delta."""
    result = load_summary(key, as_of, since)
    figures = result.figures
    for row in CARD_ROWS:
        for col, name in zip(st.columns(len(row)), row, strict=True):
            change = None if result.change is None else result.change[name]
            delta = None if change is None or change is pd.NA or pd.isna(change) else int(change)
            col.metric(
                figures.title(name, lang()),
                figures.text(name, lang()),
                delta=None if delta is None else ("+" if delta > 0 else "") + format_count(delta),
                delta_color="off" if not delta else "inverse" if FIGURES[name].lower_is_better else "normal",
                border=True,
            )
            note = figures.note(name, lang())
            if note:
                col.caption(note)
    return result


def render() -> None:
    """Draw the Review page."""
    presentation = bool(st.session_state.get("presentation", False))
    page_style(large=True, presentation=presentation)
    key, data = open_store()
    title, toggle = st.columns([2.5, 1], vertical_alignment="center")
    title.title(t("review_title", district=data.district_name(lang())))
    toggle.toggle(t("presentation"), key="presentation", help=t("presentation_help"))
    cols = st.columns([1, 1, 1.6])
    latest_report = data.status_events["as_of"].max() if len(data.status_events) else None
    as_of, since = _dates(cols, load_review_dates(key), latest_report)
    theme = choice(cols[2], t("map_theme"), list(THEMES), key="review_theme", default="connectivity",
                   format_func=lambda name: THEMES[name].title(lang()))
    demo_banner(data)
    result = _kpi_cards(key, as_of, since)

    ctx = load_context(key, as_of)
    height = PRESENTATION_MAP_PX if presentation else MAP_PX
    fmap = district_map(ctx, theme=theme, lang=lang(), public=False, height=height)
    show_map(fmap, ctx, key="review_map", height=height, selection_key=None)  # clicks open popups, no rerun
    if not presentation:
        export_panel(key, page="review", theme=theme, as_of=as_of)

    st.subheader(t("by_block"))
    st.table(block_table(result, lang()), hide_index=True)
    if since is not None:
        st.subheader(t("changes_title", since=since))
        changes = load_changes(key, since, as_of)
        if changes.empty:
            st.info(t("no_changes"))
        else:
            st.dataframe(changes_table(changes, ctx, lang()), hide_index=True)


if __name__ == "__main__":
    render()
