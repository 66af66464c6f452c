"""The export expander (``ui.export``) of the Review and Planner pages.

A map sheet (:func:`layers.sheet.render_map_sheet`: PDF or PNG, A4/A3, a map book
with one page per block) and a data layer (:func:`geo.exports.export.export_data`, public
fields only) as files to download. Nothing is drawn or written until the user
presses *Prepare*: the file is kept in the session with the options it was made
with, and its download button shows only while those options are still chosen.
Results are cached by :data:`ui.common.StoreKey` and options, so an edit to the
store makes new files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import streamlit as st

from geo.errors import GeoInputError
from geo.exports.export import DATA_FORMATS, FORMAT_SUFFIXES, export_data
from geo.storage.files import safe_file_name
from geo.text import t
from layers.pack import render_pack
from layers.registry import THEMES
from layers.sheet import SheetLayout, render_map_sheet
from layers.static import asset
from layers.view import View
from ui.common import StoreKey, choice, lang, load_analysis, load_print_context, load_store, md
from ui.text import EXPORT_FORMATS, EXPORT_LAYERS

__all__ = [
    "export_panel",
    "sheet_bytes",
    "data_bytes",
    "pack_bytes",
    "sheet_file_name",
    "data_file_name",
    "pack_file_name",
    "PREPARED",
]

#: Session-state key (``PREPARED.format(page=..., what="sheet"|"data")``) of a prepared file.
PREPARED = "{page}_export_{what}"
PAPERS = ("A4", "A3")
SHEET_FORMATS = ("pdf", "png")
_EXPORT_CSS = asset("export.css")
MIME: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "kml": "application/vnd.google-earth.kml+xml",
    "shp": "application/zip",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Prepared:
    """A file made for download, with the options it was made with."""

    options: tuple
    content: bytes
    file_name: str
    mime: str


@st.cache_data(show_spinner=False, max_entries=8)
def sheet_bytes(key: StoreKey, theme: str, *, layout: SheetLayout, view: View, exported_on: dt.date) -> bytes:
    """A map sheet of the store ``key`` (see :func:`layers.sheet.render_map_sheet`; ``view.as_of`` a string or None)."""
    return render_map_sheet(
        load_store(key),
        theme,
        layout=layout,
        view=view,
        ctx=load_print_context(key, view.as_of),
        exported_on=exported_on,
    )


@st.cache_data(show_spinner=False, max_entries=16)
def data_bytes(key: StoreKey, layer: str, fmt: str, as_of: str | None) -> bytes:
    """One data layer of the store ``key``, public fields only (see :func:`geo.exports.export.export_data`)."""
    return export_data(load_store(key), layer, fmt, analysis=load_analysis(key, as_of))


def sheet_file_name(district: str, theme: str, *, layout: SheetLayout, view: View) -> str:
    """E.g. ``ranchi_map_connectivity_latest_A4_hi.pdf`` (``district`` is the store's file-name stem)."""
    what = "mapbook" if layout.per_block else "map"
    sheet = f"{layout.paper}-landscape" if layout.landscape else layout.paper
    return safe_file_name(f"{district}_{what}_{theme}_{view.as_of or 'latest'}_{sheet}_{view.lang}.{layout.fmt}")


def data_file_name(district: str, layer: str, fmt: str, as_of: str | None) -> str:
    """``<district>_<layer>_<as_of or latest>.<ext>`` (``.zip`` for a Shapefile), through :func:`safe_file_name`."""
    return safe_file_name(f"{district}_{layer}_{as_of or 'latest'}{FORMAT_SUFFIXES[fmt]}")


def pack_file_name(district: str, *, view: View) -> str:
    """E.g. ``testpur_meeting-pack_latest_since-2020-11-12_hi.pdf``."""
    compared = f"_since-{view.since}" if view.since else ""
    return safe_file_name(f"{district}_meeting-pack_{view.as_of or 'latest'}{compared}_{view.lang}.pdf")


@st.cache_data(show_spinner=False, max_entries=4)
def pack_bytes(key: StoreKey, *, view: View, prepared_on: dt.date) -> bytes:
    """The meeting pack of the store ``key`` (see :func:`layers.pack.render_pack`)."""
    return render_pack(load_store(key), view=view, prepared_on=prepared_on)


def export_panel(key: StoreKey, *, page: str, theme: str, view: View, pack: bool = False) -> None:
    """The export expander: a map sheet of ``theme`` (the page's), a data layer, and (``pack``) the meeting pack.

    ``view`` is the page's (:func:`ui.common.page_view`): its language, its date and the review compared with.
    The forms sit side by side where they fit, else one under another (export.css).
    """
    st.html(f"<style>{_EXPORT_CSS}</style>")
    with st.container(key="export_panel"), st.expander(t("ui.export", lang())):
        columns = st.columns(3 if pack else 2, gap="large")
        with columns[0]:
            _sheet_form(key, page=page, theme=theme, view=view)
        with columns[1]:
            _data_form(key, page=page, as_of=view.as_of)
        if pack:
            with columns[2]:
                _pack_form(key, page=page, view=view)


def _pack_form(key: StoreKey, *, page: str, view: View) -> None:
    st.markdown(f"**{t('ui.export_pack', lang())}**")
    st.caption(t("ui.export_pack_help", lang()))
    options = (key, view)
    if st.button(t("ui.prepare", lang()), key=f"{page}_pack_prepare"):
        with st.spinner(t("ui.preparing", lang())):
            try:
                content = pack_bytes(key, view=view, prepared_on=dt.date.today())
            except GeoInputError as err:
                st.error(md(err))
                return
        name = pack_file_name(load_store(key).identity.file_stem, view=view)
        st.session_state[PREPARED.format(page=page, what="pack")] = Prepared(options, content, name, MIME["pdf"])
    _download(page, "pack", options)


def _sheet_form(key: StoreKey, *, page: str, theme: str, view: View) -> None:
    st.markdown(f"**{t('ui.export_sheet', lang())}**")
    # The key follows the page's theme: the sheet starts on the map the page shows.
    titles = {name: spec.title(lang()) for name, spec in THEMES.items()}
    sheet_theme = st.selectbox(
        t("ui.map_theme", lang()),
        list(titles),
        index=list(titles).index(theme),
        format_func=titles.__getitem__,
        key=f"{page}_sheet_theme_{theme}_{lang()}",
    )
    paper_col, format_col = st.columns(2)
    paper = paper_col.radio(t("ui.paper", lang()), PAPERS, horizontal=True, key=f"{page}_sheet_paper")
    fmt = format_col.radio(
        t("ui.sheet_format", lang()), SHEET_FORMATS, horizontal=True, format_func=str.upper, key=f"{page}_sheet_format"
    )
    landscape = paper_col.checkbox(t("ui.landscape", lang()), key=f"{page}_sheet_landscape")
    per_block = (
        format_col.checkbox(
            t("ui.map_book", lang()),
            key=f"{page}_sheet_book",
            disabled=fmt != "pdf",
            help=t("ui.map_book_pdf_only", lang()),
        )
        and fmt == "pdf"
    )
    layout = SheetLayout(fmt=fmt, paper=paper, landscape=landscape, per_block=per_block)
    view = replace(view, since=None)  # a sheet shows one date
    options = (key, sheet_theme, layout, view)
    if st.button(t("ui.prepare", lang()), key=f"{page}_sheet_prepare"):
        with st.spinner(t("ui.preparing", lang())):
            try:
                content = sheet_bytes(key, sheet_theme, layout=layout, view=view, exported_on=dt.date.today())
            except GeoInputError as err:
                st.error(md(err))
                return
        name = sheet_file_name(load_store(key).identity.file_stem, sheet_theme, layout=layout, view=view)
        st.session_state[PREPARED.format(page=page, what="sheet")] = Prepared(options, content, name, MIME[fmt])
    _download(page, "sheet", options)


def _data_form(key: StoreKey, *, page: str, as_of: str | None) -> None:
    st.markdown(f"**{t('ui.export_data', lang())}**")
    layer = choice(
        st,
        t("ui.data_layer", lang()),
        list(EXPORT_LAYERS),
        key=f"{page}_data_layer",
        default="panchayats",
        format_func=lambda name: EXPORT_LAYERS[name](lang()),
    )
    fmt = choice(
        st,
        t("ui.data_format", lang()),
        list(DATA_FORMATS),
        key=f"{page}_data_format",
        default="geojson",
        format_func=lambda name: EXPORT_FORMATS[name](lang()),
    )
    options = (key, layer, fmt, as_of)
    if st.button(t("ui.prepare", lang()), key=f"{page}_data_prepare"):
        with st.spinner(t("ui.preparing", lang())):
            try:
                content = data_bytes(key, layer, fmt, as_of)
            except GeoInputError as err:
                st.error(md(err))
                return
        st.session_state[PREPARED.format(page=page, what="data")] = Prepared(
            options, content, data_file_name(load_store(key).identity.file_stem, layer, fmt, as_of), MIME[fmt]
        )
    _download(page, "data", options)


def _download(page: str, what: str, options: tuple) -> None:
    """The download button of the prepared file, while the options it was made with are still chosen."""
    prepared = st.session_state.get(PREPARED.format(page=page, what=what))
    if prepared is None or prepared.options != options:
        return
    st.download_button(
        t("ui.download", lang(), name=prepared.file_name),
        data=prepared.content,
        file_name=prepared.file_name,
        mime=prepared.mime,
        key=f"{page}_{what}_download",
        on_click="ignore",
        type="primary",
    )
