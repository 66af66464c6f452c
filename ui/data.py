"""The editor-only Data page: import files, confirm names, apply, see history, roll back.

Registered in ``app.py`` (never in ``public_app.py``). Nothing but the sign-in form
shows until an editor is signed in. Run as a page, it works on
:func:`ui.common.store_path`; tests call :func:`render` with a path of their own.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.check import ensure_restorable
from geo.columns import KIND_ROLES, detect_columns
from geo.errors import GeoInputError
from geo.formats import format_count
from geo.identity import DistrictIdentity
from geo.importing import IMPORT_KINDS, ImportResult, apply_import, import_file
from geo.importing.changes import large_removals
from geo.matching import confirmations_frame
from geo.readers import MAX_FILE_BYTES, SPATIAL_SUFFIXES, TABLE_SUFFIXES, list_spatial_layers, read_spatial, read_table
from geo.schema import SERVICE_KINDS
from geo.store import read_store
from geo.versions import list_versions, rollback
from ui.common import choice, lang, page_style, t
from ui.common import store_path as app_store_path
from ui.editor import editor_login
from ui.text import DATA_COLUMNS, IMPORT_KIND_LABELS, LEVEL_LABELS, ROLE_LABELS, SERVICE_POINT_KINDS

__all__ = ["render", "import_panel", "history_panel"]

_NONE = "(none)"
_LEVELS = ("panchayat", "block", "district")
_VERSION_COLUMNS = ["version", "at", "who", "action", "file", "state", "problems"]


def _labels(options: Sequence[str], label: Callable[[str], str]) -> Callable[[str], str]:
    """A ``format_func`` with every label made now, in the chosen language (not when a test reads it later)."""
    return {option: label(option) for option in options}.__getitem__


def _headers(columns: list[str] | pd.Index) -> dict[str, str]:
    """``column_config`` giving a table's columns their label in the chosen language."""
    return {c: DATA_COLUMNS[c](lang()) for c in columns if c in DATA_COLUMNS}


def render(store_path: Path) -> None:
    """Draw the Data page for the store at ``store_path`` (editors only)."""
    st.title(t("data_title"))
    user = editor_login()
    if user is None:
        st.stop()
    st.caption(t("store_caption", path=store_path) + ("" if Path(store_path).exists() else t("store_missing")))
    upload_tab, history_tab = st.tabs([t("tab_import"), t("tab_versions")])
    with upload_tab:
        kind = choice(st, t("file_holds"), IMPORT_KINDS, key="data_kind", default=IMPORT_KINDS[0],
                      format_func=lambda k: IMPORT_KIND_LABELS[k](lang()))
        uploaded = st.file_uploader(t("file"), type=[s.lstrip(".") for s in TABLE_SUFFIXES + SPATIAL_SUFFIXES],
                                    key="data_upload")
        if uploaded is None:
            st.info(t("upload_hint"))
        elif uploaded.size > MAX_FILE_BYTES:
            st.error(t("file_too_big", name=uploaded.name, mb=uploaded.size / 1024**2,
                       limit=MAX_FILE_BYTES / 1024**2))
        else:
            with tempfile.TemporaryDirectory(prefix="geo-upload-") as tmp:
                source = Path(tmp) / _safe_name(uploaded.name)
                source.write_bytes(uploaded.getvalue())
                import_panel(store_path, source, user=user, kind=kind)
    with history_tab:
        history_panel(store_path, user=user)


#: Imports appended to the history (nothing to remove, no CRS to state).
_SHEETS = ("status", "certificates", "inspections")
#: Imports read from a GIS file (a layer to choose when it has several).
_GIS_KINDS = ("boundaries", "roads", "water")


def import_panel(store_path: Path, source: Path, *, user: str, kind: str = "villages") -> ImportResult | None:
    """Column mapping, dry-run report, name confirmations and the Apply button for one file."""
    key = f"{kind}:{source.name}"
    try:
        columns, layers = _columns_of(source, kind)
    except GeoInputError as err:
        st.error(str(err))
        return None
    options: dict[str, object] = {}
    with st.expander(t("columns_options"), expanded=False):
        detected = detect_columns(columns, kind) if kind in KIND_ROLES else {}
        mapping = {}
        cols = st.columns(3)
        for i, role in enumerate(KIND_ROLES.get(kind, ())):  # an inspections export's columns are the form's own
            choices = [_NONE, *columns]
            default = choices.index(detected[role]) if role in detected else 0
            label = ROLE_LABELS.get(f"{kind}:{role}", ROLE_LABELS.get(role))  # a kind's own word first
            chosen = cols[i % 3].selectbox(
                label(lang()) if label is not None else role, choices, index=default,
                format_func=_labels(choices, lambda c: t("none_choice") if c == _NONE else c),
                key=f"{key}:col:{role}",
            )
            mapping[role] = None if chosen == _NONE else chosen
        if kind in KIND_ROLES:
            options["columns"] = mapping
        if kind in _GIS_KINDS and len(layers) > 1:
            options["layer"] = st.selectbox(t("layer"), layers, key=f"{key}:layer")
        if kind == "boundaries":
            options["level"] = st.selectbox(t("level"), _LEVELS, key=f"{key}:level",
                                            format_func=_labels(_LEVELS, lambda v: LEVEL_LABELS[v](lang())))
        if kind == "services":
            options["kind"] = st.selectbox(t("service_kind"), SERVICE_KINDS,
                                           format_func=_labels(SERVICE_KINDS, lambda k: SERVICE_POINT_KINDS[k](lang())),
                                           key=f"{key}:kind")
        if kind in ("villages", "services"):
            options["swap_latlon"] = st.checkbox(t("swap_latlon"), key=f"{key}:swap")
            options["replace"] = st.checkbox(t("replace_layer"), key=f"{key}:replace")
        if kind == "villages":
            options["dissolve_to_panchayats"] = st.checkbox(t("dissolve"), key=f"{key}:dissolve")
            options["keep_duplicate_codes"] = st.checkbox(t("keep_duplicates"), key=f"{key}:keep_duplicates")
        if kind in ("boundaries", "villages"):
            name_col, hindi_col = st.columns(2)
            name = name_col.text_input(t("district_name_en"), key=f"{key}:district_name").strip()
            hindi = hindi_col.text_input(t("district_name_hi"), key=f"{key}:district_name_hi").strip()
            if name or hindi:
                options["district"] = DistrictIdentity(name=name, name_hi=hindi)
        if kind not in _SHEETS:
            crs = st.text_input(t("file_crs"), key=f"{key}:crs")
            options["crs"] = crs.strip() or None
        else:
            options["user"] = user
        skip_invalid = st.checkbox(t("skip_invalid"), key=f"{key}:skip")
    if kind not in _SHEETS:
        options["confirm_removal"] = bool(st.session_state.get(f"{key}:confirm_removal", False))
    if kind == "services" and "kind" not in options:
        options["kind"] = SERVICE_KINDS[0]
    confirmed = st.session_state.get(f"{key}:confirmed")
    try:
        store = read_store(store_path, private=True) if Path(store_path).exists() else None
        if kind != "inspections":  # submissions name their panchayat by LGD code: no names to confirm
            options["confirmed"] = confirmed
        result = import_file(kind, store, source, skip_invalid=skip_invalid, **options)
    except GeoInputError as err:
        st.error(str(err))
        return None
    _show_report(result)
    _show_changes(result, key)
    if result.pending or (confirmed is not None and not confirmed.empty):
        _confirm_table(result, key)
    if not result.report.ok:
        st.error(t("file_errors"))
        return result
    if result.pending:
        st.warning(t("confirm_first"))
        return result
    if result.adds_nothing:
        st.info(t("nothing_new"))
        return result
    if st.button(t("apply"), type="primary", key=f"{key}:apply"):
        try:
            version = apply_import(store_path, result, user=user)
        except GeoInputError as err:
            st.error(str(err))
        else:
            st.session_state.pop(f"{key}:confirmed", None)
            st.success(t("applied", version=version, warnings=len(result.warnings)))
    return result


def history_panel(store_path: Path, *, user: str) -> None:
    """The version table and a rollback control."""
    if not Path(store_path).exists():
        st.info(t("no_store_yet"))
        return
    log = list_versions(store_path)
    if log.empty:
        st.info(t("no_versions"))
        return
    st.dataframe(log[_VERSION_COLUMNS], hide_index=True, column_config=_headers(_VERSION_COLUMNS))
    version = st.selectbox(t("version"), log["version"].tolist()[::-1], key="history_version")
    with st.expander(t("version_report", version=version)):
        st.text(str(log.loc[log["version"] == version, "report"].iloc[0] or t("no_report_text")))
    sure = st.checkbox(t("rollback_sure", version=version), key="history_sure")
    if st.button(t("rollback"), disabled=not sure, key="history_rollback"):
        try:
            ensure_restorable(store_path, int(version))
            new = rollback(store_path, int(version), user=user)
        except GeoInputError as err:
            st.error(str(err))
        else:
            st.success(t("rolled_back", version=version, new=new))


def _columns_of(source: Path, kind: str) -> tuple[list[str], list[str]]:
    if kind in _GIS_KINDS:
        layers = list_spatial_layers(source)
        if len(layers) > 1:
            return [], layers
        frame = read_spatial(source).frame
        return [c for c in frame.columns if c != frame.geometry.name], layers
    return list(read_table(source).frame.columns), []


def _show_report(result: ImportResult) -> None:
    """The check: facts, then one row per kind of problem (count, first places); the store's own warnings apart."""
    errors, warnings = len(result.report.errors), len(result.warnings)
    st.subheader(t("check_title", errors=errors, warnings=warnings, pending=len(result.pending)))
    st.text("\n".join(result.report.facts))
    if result.report.problems:
        kinds: dict[tuple[str, str], list] = {}
        for problem in result.report.problems:
            kinds.setdefault(problem.kind, []).append(problem)
        rows = [(severity, len(members), members[0].message if len(members) == 1 else cause,
                 ", ".join(p.where for p in members[:5]) + (f" … (+{len(members) - 5})" if len(members) > 5 else ""))
                for (severity, cause), members in sorted(kinds.items(), key=lambda kv: kv[0][0] != "error")]
        table = pd.DataFrame(rows, columns=["severity", "count", "what to do", "where"])
        st.dataframe(table, hide_index=True, column_config=_headers(table.columns))
    if result.standing:
        st.caption(t("standing", n=len(result.standing)))
    if result.rejected is not None and len(result.rejected):
        st.warning(t("rows_left_out", n=len(result.rejected)))
        st.download_button(t("download_rejected"), data=result.rejected.to_csv(index=False).encode("utf-8-sig"),
                           file_name=f"{Path(result.source).stem}.rejected.csv", mime="text/csv",
                           key=f"{result.kind}:{result.source}:rejected")


def _show_changes(result: ImportResult, key: str) -> None:
    """What the import would change, per layer, and the tick a large removal needs."""
    if not result.changes:
        return
    st.markdown(f"**{t('would_change')}**")
    st.text("\n".join(change.text() for change in result.changes))
    large = large_removals(result.changes)
    if large:
        removed = "; ".join(f"{format_count(len(c.removed))} of {format_count(c.before)} {c.noun}" for c in large)
        st.checkbox(t("confirm_removal", removed=removed), key=f"{key}:confirm_removal")


def _confirm_table(result: ImportResult, key: str) -> None:
    table = confirmations_frame(result.pending)
    if table.empty:
        return
    table.insert(0, "accept", table["status"] == "fuzzy")
    st.caption(t("confirm_hint"))
    edited = st.data_editor(
        table, hide_index=True, key=f"{key}:editor", column_config=_headers(table.columns),
        disabled=[c for c in table.columns if c not in ("accept", "matched_code")],
    )
    if st.button(t("use_matches"), key=f"{key}:use"):
        accepted = edited[edited["accept"] & (edited["matched_code"].astype(str).str.strip() != "")]
        st.session_state[f"{key}:confirmed"] = accepted[["source_name", "block", "matched_code"]].reset_index(drop=True)
        st.rerun()


def _safe_name(name: str) -> str:
    base = Path(str(name).replace("\\", "/")).name
    return re.sub(r"[^\w.\-]+", "_", base)[:120] or "upload"


if __name__ == "__main__":
    page_style()
    render(app_store_path())
