"""The meeting's directions in the app: the deck's opening slide and the Data page's directions editor.

The deck opens with "Directions from the last meeting" (``/review?slide=directions``): one
line per direction — status word and shape, text, owner, due date, figure then and now —
and a map of the panchayats still short of the chosen (first measurable) direction's target.
Each agenda slide lists its own directions (:func:`item_directions`). Everything is read from
:func:`geo.review.directions.directions_on` over the page's cached analyses.

The Data page's editor (:func:`directions_panel`) adds directions, records action-taken
reports and closes them through the core's writers (:mod:`geo.storage.direction_edits`),
each a version of the store. A block office (an editor with blocks) sees and edits only the
directions of its own blocks (scope ``block:LGD`` of one of them, or ``panchayats:`` all in
them, measured there or not); district-wide directions and those with no scope are a
district editor's. Without an account the list is shown, without the forms. In a store of several
districts the list shows one district's directions (the sidebar's choice; "All districts": every one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from geo.errors import GeoInputError
from geo.formats import dates_line, format_count, format_date
from geo.review.agenda import AGENDA
from geo.review.directions import (
    TARGETS,
    DirectionProgress,
    direction_words,
    directions_on,
    district_directions,
    parse_scope,
    plain_text,
)
from geo.storage.accounts import Account
from geo.storage.direction_edits import add_directions, close_direction, edit_direction, report_action
from geo.storage.location import StoreLocation
from geo.storage.store import StoreData, read_store, store_exists
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
from ui.common import DISTRICT_KEY, REVIEW_AADHAAR_KM, StoreKey, lang, load_analysis, load_context, load_store
from ui.mapview import map_shape, show_map

__all__ = ["DIRECTIONS_SLIDE", "render_directions_slide", "item_directions", "directions_panel", "visible_to"]

#: The opening slide's name in the deck's ``?slide=``.
DIRECTIONS_SLIDE = "directions"
_OWN_CSS = asset("directions.css")
_CSS = asset("deck.css") + _OWN_CSS + LEGEND_CSS
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
    shown = item_directions_html(direction_lines(progress, data, view.lang), item_key, view.lang)
    return f"<style>{_OWN_CSS}</style>{shown}" if shown else ""


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
    # the list beside the map needs three quarters of a 1024 px screen to show six directions at 20 px without
    # scrolling: the map has the rest; stacked (a narrow window) it is as wide and tall as an agenda slide's
    left, right = st.columns([0.6, 1.8], gap="small")
    with left:
        shown = _map_choice(progress, lines, view)
        if shown is not None:
            _short_map(key, view, shown)
    # the slide's own style with it, so its size never waits for another element's
    right.html(f"<style>{_OWN_CSS}</style><div class='gp-dir-slide'>{opening_slide_html(lines, view.lang)}</div>")


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
        format_func=lambda i: f"{format_count(i, view.lang)}. {texts[i]}",
        key="deck_direction_map",
        label_visibility="collapsed",
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
        options=MapOptions(legend=False, switcher=False, fill_frame=True, demo_badge=False, zoom_buttons=False),
    )
    st.html(f"<style>{map_shape(ctx.district.total_bounds, 'deck_dir_map')}</style>")  # the title carries DEMO
    with st.container(key="deck_dir_map"):
        show_map(fmap, ctx, key=f"deck_directions_{shown.direction_id}", height=520, selection_key=None)
    st.html(
        f"<div class='gp-deck-legend'>{legend_html(specs, legend_rows(specs, frames, ctx, view.lang), view.lang)}</div>"
    )


# ---- the Data page's editor ------------------------------------------------------------------------

#: The columns of the Data page's list of directions.
_LIST_COLUMNS = ("direction_id", "text", "owner", "due_on", "agenda_item", "closed_on", "target")


def visible_to(account: Account | None, data: StoreData) -> pd.DataFrame:
    """The directions ``account`` sees and edits: all, or for a block office those of its blocks only.

    A block office's are those whose scope (measured or, without a target, whose it is) is
    ``block:LGD`` of one of its blocks, or ``panchayats:`` all in its blocks; district-wide
    ones, and those with no scope, are a district editor's. ``account`` None (no one signed
    in): all, to read.
    """
    rows = data.directions
    if account is None or not account.block_scoped:
        return rows
    block_of = dict(zip(data.panchayats["lgd_code"].astype(str), data.panchayats["block_lgd"].astype(str), strict=True))
    mine = set(account.blocks)

    def in_blocks(row: pd.Series) -> bool:
        if pd.isna(row.get("target_scope")):
            return False
        scope = parse_scope(str(row["target_scope"]))
        if scope.kind == "block":
            return scope.codes[0] in mine
        return scope.kind == "panchayats" and all(block_of.get(c) in mine for c in scope.codes)

    return rows[[in_blocks(row) for _, row in rows.iterrows()]] if len(rows) else rows


def directions_panel(store_path: StoreLocation, account: Account | None) -> None:
    """The directions on the Data page: their list, and for an editor the forms to add, report and close.

    Every change goes through :mod:`geo.storage.direction_edits` as a version of the store
    (``account.name`` recorded). ``account`` None shows the list only.
    """
    if not store_exists(store_path):
        st.caption(t("direction.editor.none", lang()))
        return
    data = read_store(store_path, private=account is not None)
    if account is not None and account.block_scoped:
        st.caption(t("direction.editor.block_scope", lang()))
    rows = visible_to(account, data)
    if district := _listed_district(data):
        mine, _ = district_directions(data, district)
        rows = rows[rows["direction_id"].isin(set(mine["direction_id"])).to_numpy()]
    _direction_list(rows, data)
    if account is None:
        return
    _add_form(store_path, account, data)
    if len(rows):
        _correct_form(store_path, account, rows)
        _report_form(store_path, account, rows)
        _close_form(store_path, account, rows)


def _listed_district(data: StoreData) -> str:
    """A store of several districts: the district whose directions the list shows ("" for all; the sidebar's first)."""
    if len(data.districts) < 2:
        return ""
    codes = ["", *data.district_codes()]
    kept = st.session_state.get(DISTRICT_KEY, "")
    return st.selectbox(
        t("ui.district", lang()),
        codes,
        index=codes.index(kept) if kept in codes else 0,
        format_func=lambda code: data.district_label(code, lang()) if code else t("ui.all_districts", lang()),
        key="directions_district",
    )


def _direction_list(rows: pd.DataFrame, data: StoreData) -> None:
    if rows.empty:
        st.caption(t("direction.editor.none", lang()))
        return
    shown = pd.DataFrame(
        {
            "direction_id": rows["direction_id"].astype(int),
            "text": [direction_words(row, lang()) for _, row in rows.iterrows()],
            "owner": rows["owner"].astype(str),
            "due_on": [format_date(None if pd.isna(d) else d, lang()) for d in rows["due_on"]],
            "agenda_item": rows["agenda_item"].fillna("").astype(str),
            "closed_on": [format_date(d, lang()) if not pd.isna(d) else "" for d in rows["closed_on"]],
            "target": [  # without a target, its scope: whose it is
                " ".join(plain_text(v) for v in values if plain_text(v))
                for values in zip(rows["target_indicator"], rows["target_scope"], rows["target_goal"], strict=True)
            ],
        },
        columns=list(_LIST_COLUMNS),
    )
    heads = {
        "direction_id": "#",
        "text": t("direction.column.direction", lang()),
        "owner": t("direction.column.owner", lang()),
        "due_on": t("direction.column.due_on", lang()),
        "agenda_item": t("direction.editor.agenda", lang()),
        "closed_on": t("direction.editor.close_on", lang()),
        "target": t("direction.editor.indicator", lang()),
    }
    st.dataframe(shown.rename(columns=heads), hide_index=True, key="directions_list")


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _add_form(store_path: StoreLocation, account: Account, data: StoreData) -> None:
    agenda = [item.key for item in AGENDA]
    indicators = list(TARGETS)
    with st.form("direction_add", clear_on_submit=False):
        st.subheader(t("direction.editor.add", lang()))
        text_en = st.text_area(t("direction.editor.text_en", lang()), key="direction_text_en", max_chars=2000)
        text_hi = st.text_area(t("direction.editor.text_hi", lang()), key="direction_text_hi", max_chars=2000)
        owner = st.text_input(t("direction.editor.owner", lang()), key="direction_owner", max_chars=200)
        meeting = st.date_input(t("direction.editor.meeting", lang()), value=None, key="direction_meeting")
        due = st.date_input(t("direction.editor.due", lang()), value=None, key="direction_due")
        item = st.selectbox(t("direction.editor.agenda", lang()), agenda, key="direction_agenda")
        if account.block_scoped:  # a block office: measured in one of its blocks
            indicator = st.selectbox(t("direction.editor.indicator", lang()), indicators, key="direction_indicator")
            block = st.selectbox(t("direction.editor.scope", lang()), list(account.blocks), key="direction_block")
            scope = f"block:{block}"
        else:
            indicator = st.selectbox(
                t("direction.editor.indicator", lang()), ["", *indicators], key="direction_indicator"
            )
            scope = st.text_input(t("direction.editor.scope", lang()), value="district", key="direction_scope")
        goal = st.text_input(t("direction.editor.goal", lang()), value="all", key="direction_goal")
        public = st.checkbox(t("direction.editor.public", lang()), key="direction_public")
        submitted = st.form_submit_button(t("direction.editor.save", lang()), key="direction_save")
    if not submitted:
        return
    row = {
        "meeting_date": _iso(meeting),
        "given_on": _iso(meeting),
        "due_on": _iso(due),
        "agenda_item": item,
        "text_en": text_en.strip() or None,
        "text_hi": text_hi.strip() or None,
        "owner": owner.strip(),
        "public": public,
        "target_indicator": indicator or None,
        "target_scope": scope.strip() or None,  # without a target: whose the direction is
        "target_goal": goal.strip() if indicator else None,
    }
    try:
        (ident,) = add_directions(store_path, [row], user=account.name, action="directions add (Data page)")
    except GeoInputError as err:
        st.error(t("direction.editor.problems", lang(), problems=str(err)))
        return
    st.success(t("direction.editor.added", lang(), id=ident))


def _choose(rows: pd.DataFrame, key: str) -> int:
    ids = [int(i) for i in rows["direction_id"]]
    words = {int(row["direction_id"]): direction_words(row, lang()) for _, row in rows.iterrows()}
    return st.selectbox(
        t("direction.editor.which", lang()), ids, format_func=lambda i: f"{i}. {words[i][:80]}", key=key
    )


def _correct_form(store_path: StoreLocation, account: Account, rows: pd.DataFrame) -> None:
    """Correct a direction's words, owner, due date and whether it is public (its target: the command line)."""
    st.subheader(t("direction.editor.correct", lang()))
    ident = _choose(rows, "direction_correct_id")  # outside the form: the fields below show the chosen one
    row = rows[rows["direction_id"].astype(int) == ident].iloc[0]
    due_now = plain_text(row.get("due_on"))
    with st.form(f"direction_correct_{ident}"):
        key = f"direction_correct_{ident}"
        text_en = st.text_area(
            t("direction.editor.text_en", lang()), plain_text(row.get("text_en")), max_chars=2000, key=f"{key}_en"
        )
        text_hi = st.text_area(
            t("direction.editor.text_hi", lang()), plain_text(row.get("text_hi")), max_chars=2000, key=f"{key}_hi"
        )
        owner = st.text_input(
            t("direction.editor.owner", lang()), plain_text(row.get("owner")), max_chars=200, key=f"{key}_owner"
        )
        due = st.date_input(
            t("direction.editor.due", lang()), dt.date.fromisoformat(due_now) if due_now else None, key=f"{key}_due"
        )
        public = st.checkbox(
            t("direction.editor.public", lang()), plain_text(row.get("public")) == "True", key=f"{key}_public"
        )
        submitted = st.form_submit_button(t("direction.editor.save_correction", lang()), key=f"{key}_save")
    if not submitted:
        return
    changes = {"text_en": text_en, "text_hi": text_hi, "owner": owner, "due_on": _iso(due), "public": public}
    try:
        changed = edit_direction(store_path, ident, changes, user=account.name)
    except GeoInputError as err:
        st.error(t("direction.editor.problems", lang(), problems=str(err)))
        return
    if changed:
        st.success(t("direction.editor.corrected", lang(), id=ident, fields=", ".join(changed)))
    else:
        st.info(t("direction.editor.unchanged", lang(), id=ident))


def _report_form(store_path: StoreLocation, account: Account, rows: pd.DataFrame) -> None:
    with st.form("direction_report"):
        st.subheader(t("direction.editor.report", lang()))
        ident = _choose(rows, "direction_report_id")
        words = st.text_area(t("direction.editor.report", lang()), key="direction_report_text", max_chars=2000)
        on = st.date_input(t("direction.editor.report_on", lang()), value=None, key="direction_report_on")
        by = st.text_input(t("direction.editor.report_by", lang()), key="direction_report_by", max_chars=200)
        submitted = st.form_submit_button(t("direction.editor.save_report", lang()), key="direction_report_save")
    if submitted and on is None:
        st.error(t("direction.editor.no_date", lang()))
    elif submitted:
        try:
            report_action(store_path, ident, words, reported_on=_iso(on), reported_by=by.strip(), user=account.name)
        except GeoInputError as err:
            st.error(t("direction.editor.problems", lang(), problems=str(err)))
            return
        st.success(t("direction.editor.reported", lang(), id=ident))


def _close_form(store_path: StoreLocation, account: Account, rows: pd.DataFrame) -> None:
    with st.form("direction_close"):
        st.subheader(t("direction.editor.close", lang()))
        ident = _choose(rows, "direction_close_id")
        on = st.date_input(t("direction.editor.close_on", lang()), value=None, key="direction_close_on")
        submitted = st.form_submit_button(t("direction.editor.close", lang()), key="direction_close_save")
    if submitted and on is None:
        st.error(t("direction.editor.no_date", lang()))
    elif submitted:
        try:
            close_direction(store_path, ident, closed_on=_iso(on), user=account.name)
        except GeoInputError as err:
            st.error(t("direction.editor.problems", lang(), problems=str(err)))
            return
        st.success(t("direction.editor.closed", lang(), id=ident))
