"""The editor-only Data page: import files, confirm names, apply, see history, roll back."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.columns import KIND_ROLES, detect_columns
from geo.errors import GeoInputError
from geo.importing import IMPORT_KINDS, ImportResult, apply_import, import_file
from geo.matching import confirmations_frame
from geo.readers import MAX_FILE_BYTES, SPATIAL_SUFFIXES, TABLE_SUFFIXES, list_spatial_layers, read_spatial, read_table
from geo.schema import SERVICE_KINDS
from geo.store import read_store
from geo.versions import list_versions, rollback
from ui.editor import editor_login

__all__ = ["render", "import_panel", "history_panel"]

_NONE = "(none)"
_KIND_HELP = {
    "boundaries": "Panchayat, block or district polygons: GeoJSON, zipped Shapefile, GeoPackage, KML",
    "villages": "Villages: CSV/XLSX with a WKT column or latitude/longitude",
    "services": "Service points of one kind: CSV/XLSX with latitude/longitude",
    "status": "Review sheet: one row per panchayat, status columns, an as-of date",
}


def render(store_path: Path) -> None:
    """Draw the Data page for the store at ``store_path`` (editors only)."""
    st.title("Data — import, history, rollback")
    user = editor_login()
    if user is None:
        st.stop()
    st.caption(f"Store: `{store_path}`" + ("" if Path(store_path).exists() else " (does not exist yet: an import "
                                                                                 "creates it, not DEMO)"))
    upload_tab, history_tab = st.tabs(["Import a file", "Versions"])
    with upload_tab:
        kind = st.selectbox("What the file holds", IMPORT_KINDS, format_func=lambda k: f"{k} — {_KIND_HELP[k]}")
        uploaded = st.file_uploader("File", type=[s.lstrip(".") for s in TABLE_SUFFIXES + SPATIAL_SUFFIXES])
        if uploaded is None:
            st.info("Upload a file to see what it would change. Nothing is written until you press Apply.")
        elif uploaded.size > MAX_FILE_BYTES:
            st.error(f"{uploaded.name} is {uploaded.size / 1024**2:,.1f} MB; the limit is "
                     f"{MAX_FILE_BYTES / 1024**2:,.0f} MB — split the file.")
        else:
            with tempfile.TemporaryDirectory(prefix="geo-upload-") as tmp:
                source = Path(tmp) / _safe_name(uploaded.name)
                source.write_bytes(uploaded.getvalue())
                import_panel(store_path, source, user=user, kind=kind)
    with history_tab:
        history_panel(store_path, user=user)


def import_panel(store_path: Path, source: Path, *, user: str, kind: str = "villages") -> ImportResult | None:
    """Column mapping, dry-run report, name confirmations and the Apply button for one file."""
    key = f"{kind}:{source.name}"
    try:
        columns, layers = _columns_of(source, kind)
    except GeoInputError as err:
        st.error(str(err))
        return None
    options: dict[str, object] = {}
    with st.expander("Columns and options", expanded=False):
        detected = detect_columns(columns, kind)
        mapping = {}
        cols = st.columns(3)
        for i, role in enumerate(KIND_ROLES[kind]):
            choices = [_NONE, *columns]
            default = choices.index(detected[role]) if role in detected else 0
            chosen = cols[i % 3].selectbox(role, choices, index=default, key=f"{key}:col:{role}")
            mapping[role] = None if chosen == _NONE else chosen
        options["columns"] = mapping
        if kind == "boundaries":
            if len(layers) > 1:
                options["layer"] = st.selectbox("Layer", layers, key=f"{key}:layer")
            options["level"] = st.selectbox("Level", ("panchayat", "block", "district"), key=f"{key}:level")
        if kind == "services":
            options["kind"] = st.selectbox("Service kind", SERVICE_KINDS, key=f"{key}:kind")
        if kind in ("villages", "services"):
            options["swap_latlon"] = st.checkbox("Latitude and longitude are swapped in the file", key=f"{key}:swap")
        if kind == "villages":
            options["dissolve_to_panchayats"] = st.checkbox("Build panchayat polygons from the village polygons",
                                                            key=f"{key}:dissolve")
        if kind != "status":
            crs = st.text_input("CRS of the file, if it states none or a wrong one (e.g. EPSG:32645)",
                                key=f"{key}:crs")
            options["crs"] = crs.strip() or None
        else:
            options["user"] = user
    if kind == "services" and "kind" not in options:
        options["kind"] = SERVICE_KINDS[0]
    confirmed = st.session_state.get(f"{key}:confirmed")
    try:
        store = read_store(store_path, private=True) if Path(store_path).exists() else None
        result = import_file(kind, store, source, confirmed=confirmed, **options)
    except GeoInputError as err:
        st.error(str(err))
        return None
    _show_report(result)
    if result.pending or (confirmed is not None and not confirmed.empty):
        _confirm_table(result, key)
    if not result.report.ok:
        st.error("The file has errors: nothing can be applied. Fix them and upload it again.")
        return result
    if result.pending:
        st.warning("Confirm or correct the names above, then apply.")
        return result
    if st.button("Apply", type="primary", key=f"{key}:apply"):
        try:
            version = apply_import(store_path, result, user=user)
        except GeoInputError as err:
            st.error(str(err))
        else:
            st.session_state.pop(f"{key}:confirmed", None)
            st.success(f"Applied as version {version} ({len(result.warnings)} warning(s) kept in its report).")
    return result


def history_panel(store_path: Path, *, user: str) -> None:
    """The version table and a rollback control."""
    if not Path(store_path).exists():
        st.info("The store does not exist yet.")
        return
    log = list_versions(store_path)
    if log.empty:
        st.info("No versions yet: every import and rollback makes one.")
        return
    st.dataframe(log[["version", "at", "who", "action", "file", "state", "problems"]], hide_index=True)
    version = st.selectbox("Version", log["version"].tolist()[::-1], key="history_version")
    with st.expander(f"Report of version {version}"):
        st.text(str(log.loc[log["version"] == version, "report"].iloc[0] or "(no report)"))
    sure = st.checkbox(f"Restore the store as it was just before version {version} (the current state is kept as a "
                       "new version)", key="history_sure")
    if st.button("Roll back", disabled=not sure, key="history_rollback"):
        try:
            new = rollback(store_path, int(version), user=user)
        except GeoInputError as err:
            st.error(str(err))
        else:
            st.success(f"Restored to before version {version}; the state before the rollback is version {new}.")


def _columns_of(source: Path, kind: str) -> tuple[list[str], list[str]]:
    if kind == "boundaries":
        layers = list_spatial_layers(source)
        if len(layers) > 1:
            return [], layers
        frame = read_spatial(source).frame
        return [c for c in frame.columns if c != frame.geometry.name], layers
    return list(read_table(source).frame.columns), []


def _show_report(result: ImportResult) -> None:
    errors, warnings = len(result.report.errors), len(result.warnings)
    st.subheader(f"Check: {errors} error(s), {warnings} warning(s), {len(result.pending)} name(s) to confirm")
    st.text("\n".join(result.report.facts))
    if result.report.problems:
        table = pd.DataFrame([(p.severity, p.where, p.message) for p in result.report.problems],
                             columns=["severity", "where", "what to do"])
        st.dataframe(table, hide_index=True)


def _confirm_table(result: ImportResult, key: str) -> None:
    table = confirmations_frame(result.pending)
    if table.empty:
        return
    table.insert(0, "accept", table["status"] == "fuzzy")
    st.caption("Names that are not an exact match: tick what is right, or type the right LGD code.")
    edited = st.data_editor(
        table, hide_index=True, key=f"{key}:editor",
        disabled=[c for c in table.columns if c not in ("accept", "matched_code")],
    )
    if st.button("Use these matches", key=f"{key}:use"):
        accepted = edited[edited["accept"] & (edited["matched_code"].astype(str).str.strip() != "")]
        st.session_state[f"{key}:confirmed"] = accepted[["source_name", "block", "matched_code"]].reset_index(drop=True)
        st.rerun()


def _safe_name(name: str) -> str:
    base = Path(str(name).replace("\\", "/")).name
    return re.sub(r"[^\w.\-]+", "_", base)[:120] or "upload"
