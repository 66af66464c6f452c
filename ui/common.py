"""What every page shares: the store path, cached reads and analysis, language, styles, failures.

Cached functions are keyed by a :data:`StoreKey` — the store's path, its revision and when
GDAL last changed a layer — so an edit to the store's data (here or in QGIS) invalidates every
cached result on the next rerun, and a sign-in (which writes account rows) does not.

The entry scripts run every page inside :func:`failures_shown`: a failure is said
in the page's language (what happened, that nothing was changed, what to do) and
its traceback goes to the server's log, never to the browser.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from geo.errors import GeoInputError
from geo.languages import LANG_CODES
from geo.review.analysis import Analysis, analyse
from geo.review.progress import class_changes, trend, unit_timeline
from geo.review.status import review_dates, status_changes
from geo.review.summary import Summary, by_district, compare
from geo.spatial.access import Access, TravelSettings, measure_access
from geo.spatial.coverage import CoverageResult, coverage_curve, coverage_of
from geo.spatial.places import nearest_centres
from geo.storage.check import diagnose
from geo.storage.identity import DistrictIdentity
from geo.storage.location import StoreLocation, is_postgis_url, shown_store
from geo.storage.store import (
    STORE_ENV,
    WORKING_STORE,
    StoreData,
    layers_changed_at,
    read_store,
    store_exists,
    store_revision,
    working_store,
)
from geo.text import catalogue, t
from layers.context import MapContext, StateContext, map_context
from layers.districts import state_context
from layers.markup import isolate
from layers.sheet import PRINT_SIMPLIFY_M
from layers.spec import Lang
from layers.static import asset
from layers.view import View

#: The review's Aadhaar reach threshold, km.
REVIEW_AADHAAR_KM = 10.0
#: The review's reach threshold by travel time (dry season), minutes.
REVIEW_MINUTES = 60
#: The language switch's options, each showing the digits it writes.
LANGUAGE_NAMES = {
    "en": t("language.name", "en"),
    "hi": t("language.name", "hi"),
    "hi-u-nu-deva": t("language.name_with_digits", "hi-u-nu-deva", digits=123),
}

#: The Planner's service kind and distance (km) until chosen.
PLANNER_KIND = "aadhaar"
PLANNER_KM = 10

#: Session-state key ``public_app.py`` sets: failures are then said without the server's paths or commands.
PUBLIC_FACE = "public_face"

T = TypeVar("T")
_LOG = logging.getLogger(__name__)
#: (resolved path or URL, store revision, file identity and GDAL's last layer change or "", district code or "").
StoreKey = tuple[str, int, str, str]
#: Session-state key of the district chosen on the Review and Planner pages ("": every district).
DISTRICT_KEY = "district"

_BASE_CSS = asset("app.css")
_LARGE_CSS = asset("app_large.css")
_PRESENTATION_CSS = asset("app_presentation.css")


def store_path(*, working: Path = WORKING_STORE) -> StoreLocation:
    """The store the app works on: the command line's too (:func:`geo.storage.store.working_store`).

    ``$PANCHAYAT_STORE`` when set (a GeoPackage path, or a PostGIS URL kept as text); otherwise
    ``working`` (``var/store.gpkg``), copied from the shipped DEMO store on first use so the app
    never writes to it.
    """
    configured = os.environ.get(STORE_ENV)
    if configured and is_postgis_url(configured):
        return configured
    return working_store(configured, working=working)


def store_key(path: StoreLocation, district: str = "") -> StoreKey:
    """The cache key of the store at ``path`` (changes whenever its data is written), restricted to ``district``.

    The store's revision, which every write of this project advances in the same transaction
    (:func:`geo.storage.store.store_revision`); for a GeoPackage also the file's identity (another
    file put at the same path is another store) and GDAL's last change of a layer (an edit in
    QGIS). Not the file's modification time: a sign-in writes its account rows into the file
    and must not throw away every cached analysis of data it did not change.
    """
    revision = store_revision(path) or 0
    if is_postgis_url(path):
        return str(path), revision, "", district
    path = Path(path)
    return str(path.resolve()), revision, f"{path.stat().st_ino}:{layers_changed_at(path)}", district


@st.cache_data(show_spinner=False, max_entries=4)
def load_store(key: StoreKey) -> StoreData:
    """The store's public content (never the private columns); of one district when the key names one."""
    data = read_store(key[0])
    return data.only_district(key[3]) if key[3] else data


# The analysis and the map context are cached as shared resources, not copied on every
# rerun (as st.cache_data would): they are read-only everywhere — pages and layers build
# new frames from them and never write into them.
@st.cache_resource(show_spinner=False, max_entries=8)
def load_analysis(key: StoreKey, as_of: str | None) -> Analysis:
    """:func:`geo.review.analysis.analyse` of the store as of a date, at the review's Aadhaar threshold.

    Every number on every page comes from here (directly or through :func:`load_context`).
    Read-only: shared by every session.
    """
    return analyse(load_store(key), as_of=as_of, aadhaar_km=REVIEW_AADHAAR_KM)


@st.cache_resource(show_spinner=False, max_entries=8)
def load_context(key: StoreKey, as_of: str | None) -> MapContext:
    """:func:`layers.context.map_context` of the store's analysis as of a date (read-only, shared)."""
    return map_context(load_analysis(key, as_of))


@st.cache_resource(show_spinner=False, max_entries=4)
def load_places(key: StoreKey, as_of: str | None) -> gpd.GeoDataFrame:
    """:func:`geo.spatial.places.nearest_centres` of the store's analysis: every village and panchayat (shared)."""
    analysis = load_analysis(key, as_of)
    return nearest_centres(analysis.panchayats, analysis.villages, analysis.services)


@st.cache_resource(show_spinner=False, max_entries=8)
def load_access(key: StoreKey, kind: str, scenario: str, as_of: str | None = None) -> Access:
    """:func:`geo.spatial.access.measure_access` to ``kind`` in ``scenario`` on the store's roads and water (shared).

    The centres are those functional on ``as_of`` (None: latest), as the analysis of that date says.

    Raises
    ------
    GeoInputError
        With no functional centre of the kind (the page says so instead).
    """
    analysis, data = load_analysis(key, as_of), load_store(key)
    return measure_access(
        analysis.villages,
        analysis.panchayats,
        analysis.services,
        analysis.district,
        kind,
        roads=data.roads,
        water=data.water,
        settings=TravelSettings(scenario=scenario),
    )


@st.cache_resource(show_spinner=False, max_entries=2)
def load_print_context(key: StoreKey, as_of: str | None) -> MapContext:
    """:func:`layers.context.map_context` with print's finer simplification (map sheets)."""
    return map_context(load_analysis(key, as_of), simplify_m=PRINT_SIMPLIFY_M)


@st.cache_data(show_spinner=False, max_entries=4)
def load_state_table(key: StoreKey, as_of: str | None) -> pd.DataFrame:
    """:func:`geo.review.summary.by_district` of the store as of a date, at the review's Aadhaar threshold.

    The state view's figures: its table, its cards (:func:`geo.review.summary.state_totals`) and its map.
    """
    return by_district(load_store(key), as_of=as_of, aadhaar_km=REVIEW_AADHAAR_KM)


@st.cache_resource(show_spinner=False, max_entries=4)
def load_state_context(key: StoreKey, as_of: str | None) -> StateContext:
    """:func:`layers.districts.state_context`: the districts, simplified, with their figures (read-only, shared)."""
    return state_context(load_store(key), load_state_table(key, as_of), aadhaar_km=REVIEW_AADHAAR_KM)


@st.cache_resource(show_spinner=False, max_entries=2)
def load_state_outlines(key: StoreKey) -> StateContext:
    """:func:`layers.districts.state_context` without figures: the districts' outlines and names (read-only, shared)."""
    return state_context(load_store(key), aadhaar_km=REVIEW_AADHAAR_KM)


def is_state_view(key: StoreKey, data: StoreData) -> bool:
    """Whether a page shows the state view: a store of several districts, none of them chosen."""
    return not key[3] and len(data.districts) > 1


def load_summary(key: StoreKey, as_of: str | None, since: str | None) -> Summary:
    """The figures as of ``as_of`` compared with ``since`` (both analyses cached)."""
    return compare(load_analysis(key, as_of), None if since is None else load_analysis(key, since))


@st.cache_data(show_spinner=False, max_entries=8)
def load_changes(key: StoreKey, since: str, as_of: str | None) -> pd.DataFrame:
    """:func:`geo.review.status.status_changes` between two dates."""
    return status_changes(load_store(key).status_events, since=since, as_of=as_of)


@st.cache_data(show_spinner=False, max_entries=32)
def load_progress(key: StoreKey, as_of: str | None, since: str, indicator: str) -> pd.DataFrame:
    """:func:`geo.review.progress.class_changes` of ``indicator`` between the review ``since`` and ``as_of``."""
    return class_changes(load_analysis(key, as_of), load_analysis(key, since), indicator)


@st.cache_data(show_spinner=False, max_entries=4)
def load_review_dates(key: StoreKey) -> list[str]:
    """:func:`geo.review.status.review_dates` of the store."""
    return review_dates(load_store(key).status_events)


def default_since(reviews: Sequence[str], latest_report: str | None) -> str | None:
    """The review compared with until one is chosen: the last review before the latest reports (None: there is none).

    Examples
    --------
    >>> default_since(["2020-11-12", "2020-12-10"], "2020-12-20")
    '2020-12-10'
    >>> default_since(["2020-11-12", "2020-12-10"], "2020-12-10")
    '2020-11-12'
    """
    earlier = [d for d in reviews if latest_report is None or d < latest_report]
    return earlier[-1] if earlier else None


def review_analyses(key: StoreKey, as_of: str | None) -> dict[str, Analysis]:
    """The analysis at every review date up to ``as_of`` and at ``as_of`` itself (each cached), by date."""
    now = load_analysis(key, as_of)
    analyses = {d: load_analysis(key, d) for d in load_review_dates(key) if now.date is None or d <= now.date}
    if now.date is not None:
        analyses[now.date] = now
    return analyses


def load_trend(key: StoreKey, as_of: str | None, keys: Sequence[str]) -> pd.DataFrame:
    """:func:`geo.review.progress.trend` of figures ``keys`` at every review date up to ``as_of``."""
    return trend(review_analyses(key, as_of), keys)


@st.cache_data(show_spinner=False, max_entries=16)
def load_coverage(key: StoreKey, kind: str, radius_km: float) -> CoverageResult:
    """Village coverage by service ``kind`` within ``radius_km``, grouped by block (the analysis' distances)."""
    return coverage_of(load_analysis(key, None).villages, kind, radius_km, group_by="block_lgd")


def load_timeline(key: StoreKey, lgd_code: str, indicators: Sequence[str]) -> pd.DataFrame:
    """:func:`geo.review.progress.unit_timeline` of panchayat ``lgd_code`` at every review date and the latest."""
    return unit_timeline(review_analyses(key, None), lgd_code, indicators)


#: The thresholds of the Planner's coverage curve, km.
CURVE_KM = tuple(range(1, 21))


@st.cache_data(show_spinner=False, max_entries=8)
def load_curve(key: StoreKey, kind: str) -> pd.DataFrame:
    """:func:`geo.spatial.coverage.coverage_curve` of service ``kind`` at 1…20 km (the analysis' distances)."""
    return coverage_curve(load_analysis(key, None).villages, kind, CURVE_KM)


def open_store(*, by_district: bool = False) -> tuple[StoreKey, StoreData]:
    """The store's key and content, or a message saying why it cannot be read that stops the page.

    With ``by_district``, a store of several districts gets a district chooser in the
    sidebar (hidden for a store of one), and the key and content are of the district chosen.
    """
    path = store_path()
    if not store_exists(path):
        _say("missing", path)
        st.stop()
    try:
        key = store_key(path)
        data = load_store(key)
        if not by_district or len(data.districts) < 2:
            return key, data
        key = store_key(path, district_choice(data))
        return key, load_store(key)
    except (OSError, GeoInputError, sqlite3.Error) as err:
        show_failure(err, path)
        st.stop()


def district_choice(data: StoreData) -> str:
    """The sidebar's district chooser for a store of several districts: a code, or "" for all of them.

    The choice is kept in the session (:data:`DISTRICT_KEY`), so the Review and Planner
    pages show the same district; a click on a district of the state map sets it too
    (:func:`ui.mapview.show_state_map`). It is the address's ``?district=`` too, so a
    bookmark (a deck's slide: ``?district=20&slide=csc``) opens that district again.
    """
    codes = ["", *data.district_codes()]
    if DISTRICT_KEY not in st.session_state and st.query_params.get(DISTRICT_KEY) in codes:  # a bookmark
        st.session_state[DISTRICT_KEY] = st.query_params[DISTRICT_KEY]
    kept = st.session_state.get(DISTRICT_KEY, "")
    widget = f"{DISTRICT_KEY}_choice"
    # The kept choice sets the widget (a click on the state map changes it too); a district the store
    # no longer has: all of them.
    st.session_state[widget] = kept if kept in codes else ""
    chosen = st.sidebar.selectbox(
        t("ui.district", lang()),
        codes,
        key=widget,
        format_func=lambda code: data.district_label(code, lang()) if code else t("ui.all_districts", lang()),
        on_change=lambda: st.session_state.update({DISTRICT_KEY: st.session_state[widget]}),
    )
    st.session_state[DISTRICT_KEY] = chosen
    if chosen:
        st.query_params[DISTRICT_KEY] = chosen
    elif DISTRICT_KEY in st.query_params:
        del st.query_params[DISTRICT_KEY]
    return chosen


def state_title(data: StoreData) -> str:
    """The state view's title (Markdown): "Jharkhand — 24 districts"; "State (24 districts)" where no state is named."""
    identity = data.identity
    state = identity.state_label(lang())
    if not state:
        return md(identity.label(lang()))
    districts = t("store.districts", lang(), count=len(data.districts))
    return t("ui.state_title", lang(), state=md(state), districts=districts)


@contextlib.contextmanager
def failures_shown() -> Iterator[None]:
    """Show any failure of the block with :func:`show_failure`, never a traceback.

    The entry scripts (``app.py``, ``public_app.py``) run everything inside it.
    Streamlit's own control flow (``st.stop``, ``st.rerun``, ``st.switch_page``)
    passes through: it is not an ``Exception``.
    """
    try:
        yield
    except Exception as err:  # the face's last line: whatever failed is said as a message, never a traceback
        show_failure(err)


def show_failure(err: Exception, store: StoreLocation | None = None) -> None:
    """Say what ``err`` means for the user (:func:`geo.storage.check.diagnose`) in the page's language.

    A message the user can act on (bad input) is shown as it is. Anything else is
    logged on the server with its traceback, and the page says what happened, that
    nothing was changed and what to do: a full disk, a damaged or busy store (naming
    it and ``python -m geo check``), or an unexpected failure with its time, to find
    it in the log. The public face never shows the server's paths.

    Parameters
    ----------
    err : Exception
        What failed.
    store : pathlib.Path, optional
        The store the page works on (default: :func:`store_path`).
    """
    if store is None:
        with contextlib.suppress(OSError, GeoInputError):
            store = store_path()
    failure = diagnose(err, store=store)
    if failure.kind == "input" and not st.session_state.get(PUBLIC_FACE):
        st.error(md(failure.detail))
        return
    at = dt.datetime.now(dt.UTC).strftime("%H:%M:%S")
    shown = None if store is None else shown_store(store)
    _LOG.error("page failure (%s) at %s UTC, store %s: %s", failure.kind, at, shown, failure.detail, exc_info=err)
    _say(failure.kind, store, detail=failure.detail, at=at)


def _say(kind: str, store: StoreLocation | None, *, detail: str = "", at: str = "") -> None:
    """The message of a failure of ``kind`` (the public face's own, without paths)."""
    at = at or dt.datetime.now(dt.UTC).strftime("%H:%M:%S")
    if st.session_state.get(PUBLIC_FACE):
        st.error(t("ui.failure_public", lang(), time=at))
    else:
        known = kind if f"ui.failure_{kind}" in catalogue() else "unexpected"
        shown = None if store is None else shown_store(store)
        st.error(t(f"ui.failure_{known}", lang(), store=md(shown), detail=md(detail), time=at))


def store_identity() -> DistrictIdentity:
    """The district of the app's store, for titles (unnamed when the store cannot be read yet)."""
    try:
        return load_store(store_key(store_path())).identity
    except (OSError, GeoInputError):
        return DistrictIdentity()


def home_page(target: st.Page) -> st.Page:
    """A hidden default page at ``/`` that opens ``target`` with the same query parameters.

    Streamlit serves the default page at ``/`` only, so a default page with its own
    ``url_path`` would answer "Page not found" to its bookmark; with this one every
    page keeps its address.
    """

    def home() -> None:
        st.switch_page(target, query_params=st.query_params.to_dict())

    return st.Page(home, title=target.title, url_path="home", default=True, visibility="hidden")


def lang() -> Lang:
    """The language code chosen in the sidebar (English until chosen): ``en``, ``hi``, or ``hi-u-nu-deva``.

    The code says the digits too (:data:`geo.languages.DEVANAGARI_DIGITS`), so every
    formatter the page calls writes them as chosen.
    """
    chosen = st.session_state.get("lang", "en")
    return chosen if chosen in LANG_CODES else "en"


def page_view(as_of: str | None, since: str | None = None) -> View:
    """The :class:`layers.view.View` of a page: the chosen language, its dates and the review's Aadhaar reach."""
    return View(lang=lang(), as_of=as_of, since=since, aadhaar_km=REVIEW_AADHAAR_KM)


#: Every ASCII punctuation mark: CommonMark lets each be escaped with a backslash, and each may start markup.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
#: WORD JOINER: invisible, it keeps a colon from starting ``:red[…]``, ``:material/…:`` or ``:smile:``.
_JOINER = "\u2060"


def md(text: object) -> str:
    r"""User text (a name, a remark, a search, a message quoting a file) as Markdown that shows exactly it.

    Streamlit reads Markdown in ``st.markdown``, ``st.caption``, ``st.title``, the
    alerts, metric and widget labels and ``st.table`` cells: ``*``, ``[…](…)``,
    ``<tags>``, ``$…$`` (LaTeX), ``:red[…]`` would be markup there. Every ASCII
    punctuation mark is backslash-escaped, a colon is followed by an invisible
    WORD JOINER (Streamlit turns ``:name:`` into an icon after the escapes are read)
    and bidi controls are isolated (:func:`layers.markup.isolate`).

    Examples
    --------
    >>> md("$x^2$ *GP*")
    '\\$x\\^2\\$ \\*GP\\*'
    """
    return isolate(_PUNCTUATION.sub(r"\\\1", str(text)).replace(":", ":" + _JOINER))


def choice(
    container: DeltaGenerator,
    label: str,
    options: Sequence[T],
    *,
    key: str,
    default: T,
    format_func: Callable[[T], str],
) -> T:
    """A selectbox whose choice survives a language switch.

    The widget's key includes the language (Streamlit keeps showing the old
    language's option label otherwise); the choice itself lives in
    ``st.session_state[key]``, set as soon as it changes (a page may read it
    above the widget, e.g. to draw a map the widget sits under).
    """
    current = st.session_state.get(key, default)
    index = options.index(current) if current in options else options.index(default)
    labels = {option: format_func(option) for option in options}  # formatted now, in this language
    widget = f"{key}_{lang()}"
    value = container.selectbox(
        label,
        options,
        index=index,
        format_func=labels.__getitem__,
        key=widget,
        on_change=lambda: st.session_state.update({key: st.session_state[widget]}),
    )
    st.session_state[key] = value
    return value


def open_tab(labels: dict[str, str], *, key: str) -> tuple[str, DeltaGenerator]:
    """Tabs of which only the open one runs: its id (a key of ``labels``) and its container.

    A tab that is not open costs nothing on the server or in the browser (Streamlit reruns
    the page when another is chosen). As with :func:`choice`, the widget's key includes the
    language and the open tab lives in ``st.session_state[key]`` (its id), so it stays open
    when the language changes; the first tab is open until another is chosen.
    """
    ids = list(labels)
    current = st.session_state.get(key)
    current = current if current in labels else ids[0]
    by_label = {label: tab_id for tab_id, label in labels.items()}
    widget = f"{key}_{lang()}"
    tabs = st.tabs(
        list(labels.values()),
        default=labels[current],
        key=widget,
        on_change=lambda: st.session_state.update({key: by_label[st.session_state[widget]]}),
    )
    tab_id, tab = next((tab_id, tab) for tab_id, tab in zip(ids, tabs, strict=True) if tab.open)
    st.session_state[key] = tab_id
    return tab_id, tab


def sidebar_controls() -> None:
    """The language switch and the basemap option.

    Hindi comes with the digits 0-9 or with Devanagari digits. The choice is
    kept in the URL (``?lang=hi``, ``?lang=hi-u-nu-deva``), so a bookmark opens in it.
    """
    asked = st.query_params.get("lang")
    if "lang" not in st.session_state and asked in LANG_CODES:
        st.session_state["lang"] = asked
    chosen = st.sidebar.radio(
        t("ui.language", lang()),
        LANG_CODES,
        key="lang",
        format_func=LANGUAGE_NAMES.__getitem__,
    )
    if chosen != "en":
        st.query_params["lang"] = chosen
    elif "lang" in st.query_params:
        del st.query_params["lang"]
    st.sidebar.toggle(t("ui.osm", lang()), key="osm")


def page_style(*, large: bool = False, presentation: bool = False) -> None:
    """Inject the page CSS: wrapping KPI labels, larger type, presentation mode.

    The Devanagari web font is set in ``.streamlit/config.toml`` (``theme.fontFaces``).
    """
    css = _BASE_CSS
    css += _LARGE_CSS if large else ""
    css += _PRESENTATION_CSS if presentation else ""
    st.html(f"<style>{css}</style>")


def demo_banner(data: StoreData) -> None:
    """A warning above the page when the store holds the DEMO district."""
    if data.is_demo:
        st.warning(t("ui.demo", lang()), icon="⚠️")
