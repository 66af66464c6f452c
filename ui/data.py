"""The editor-only Data page: import files, confirm names, apply, see history, roll back.

Registered in ``app.py`` (never in ``public_app.py``). Nothing but the sign-in form
shows until an editor is signed in. Run as a page, it works on
:func:`ui.common.store_path`; tests call :func:`render` with a path of their own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st

from geo.errors import GeoInputError
from geo.exports.tables import table_bytes
from geo.formats import format_count
from geo.importing import ImportResult, apply_import, import_file
from geo.importing.changes import large_removals
from geo.importing.columns import detect_columns
from geo.importing.kinds import ImportKind, Option, import_kind, kind_names
from geo.importing.matching import confirmations_frame
from geo.importing.readers import (
    SPATIAL_SUFFIXES,
    TABLE_SUFFIXES,
    list_spatial_layers,
    max_bytes_from_env,
    max_rows_from_env,
    read_spatial,
    read_table,
)
from geo.storage.accounts import Account, may_import, may_roll_back
from geo.storage.check import ensure_restorable
from geo.storage.files import safe_file_name
from geo.storage.identity import DistrictIdentity
from geo.storage.location import StoreLocation, shown_store
from geo.storage.schema import SERVICE_KINDS
from geo.storage.store import read_store, store_exists
from geo.storage.versions import list_versions, rollback
from geo.text import t
from ui.common import choice, lang, md, page_style, store_key
from ui.common import store_path as app_store_path
from ui.directions import directions_panel
from ui.editor import editor_login
from ui.text import DATA_COLUMNS, ROLE_LABELS, SERVICE_POINT_KINDS

__all__ = ["render", "import_choices", "import_panel", "history_panel"]

_NONE = "(none)"
_VERSION_COLUMNS = ["version", "at", "who", "action", "file", "state", "problems"]
T = TypeVar("T")


def _labels(options: Sequence[str], label: Callable[[str], str]) -> Callable[[str], str]:
    """A ``format_func`` with every label made now, in the chosen language (not when a test reads it later)."""
    return {option: label(option) for option in options}.__getitem__


def _headers(columns: list[str] | pd.Index) -> dict[str, str]:
    """``column_config`` giving a table's columns their label in the chosen language."""
    return {c: DATA_COLUMNS[c](lang()) for c in columns if c in DATA_COLUMNS}


def import_choices(account: Account) -> list[str]:
    """The import kinds ``account`` may choose on the page (a block office: its blocks' sheets)."""
    return [name for name in kind_names() if may_import(account, name)]


def render(store_path: StoreLocation) -> None:
    """Draw the Data page for the store at ``store_path`` (editors only)."""
    st.title(t("ui.data_title", lang()))
    account = editor_login(store_path)
    if account is None:
        st.stop()
    user = account.name
    scope = account.blocks if account.block_scoped else None
    st.caption(
        t("ui.store_caption", lang(), path=md(shown_store(store_path)))
        + ("" if store_exists(store_path) else t("ui.store_missing", lang()))
    )
    upload_tab, history_tab = st.tabs([t("ui.tab_import", lang()), t("ui.tab_versions", lang())])
    with upload_tab:
        kinds = import_choices(account)
        if len(kinds) < len(kind_names()):
            st.caption(t("ui.block_office_imports", lang()))
        kind = choice(
            st,
            t("ui.file_holds", lang()),
            kinds,
            key="data_kind",
            default=kinds[0],
            format_func=lambda k: import_kind(k).label(lang()),
        )
        max_bytes = _size_limit()
        uploaded = st.file_uploader(
            t("ui.file", lang()),
            type=[s.lstrip(".") for s in TABLE_SUFFIXES + SPATIAL_SUFFIXES],
            key="data_upload",
            disabled=max_bytes is None,
        )
        if max_bytes is None:
            pass  # the setting is wrong: _size_limit said so
        elif uploaded is None:
            st.info(t("ui.upload_hint", lang()))
        elif uploaded.size > max_bytes:
            st.error(
                t("ui.file_too_big", lang(), name=md(uploaded.name), mb=uploaded.size / _MB, limit=max_bytes / _MB)
            )
        else:
            with tempfile.TemporaryDirectory(prefix="geo-upload-") as tmp:
                source = Path(tmp) / _safe_name(uploaded.name)
                source.write_bytes(uploaded.getvalue())
                import_panel(store_path, source, user=user, kind=kind, account_blocks=scope)
    with history_tab:
        history_panel(store_path, user=user, may_roll_back=may_roll_back(account))
    with st.expander(t("direction.editor.tab", lang())):  # a block office: its blocks' directions only
        directions_panel(store_path, account)


#: Bytes in one MB, as the size limit and Streamlit's ``server.maxUploadSize`` count them.
_MB = 1024 * 1024


def _size_limit() -> int | None:
    """The import size limit (``$PANCHAYAT_MAX_FILE_MB``), in bytes; None (and an error shown) when it is wrong.

    When it is above Streamlit's own upload cap (``server.maxUploadSize``), a caption
    says what the page takes and that the command line takes larger files.
    """
    try:
        max_bytes = max_bytes_from_env(os.environ)
    except GeoInputError as err:
        st.error(md(err))
        return None
    cap = int(st.get_option("server.maxUploadSize")) * _MB
    if max_bytes > cap:
        command = f"python -m geo import KIND FILE --max-mb {max_bytes // _MB}"
        st.caption(t("ui.upload_cap", lang(), cap=cap / _MB, limit=max_bytes / _MB, command=command))
    return max_bytes


#: The order of the option widgets in the "Columns and options" expander, by widget kind.
_IN_EXPANDER = ("layer", "select", "number", "checkbox", "district")


def import_panel(
    store_path: StoreLocation,
    source: Path,
    *,
    user: str,
    kind: str = "villages",
    account_blocks: tuple[str, ...] | None = None,
) -> ImportResult | None:
    """Column mapping, dry-run report, name confirmations and the Apply button for one file.

    ``user`` is the signed-in account's name; ``account_blocks`` the blocks a block
    office's account imports for (rows of other blocks are errors; None: every block).
    The kind's options and their widgets are its entry in :mod:`geo.importing.kinds`.
    The file is read and checked once per content, options and store state: a rerun
    (any click) reuses the check kept in the session (see :func:`_once`).
    """
    spec = import_kind(kind)
    key = f"{kind}:{source.name}"
    with source.open("rb") as handle:  # block by block: a large file is not held twice
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    try:
        limits = {"max_rows": max_rows_from_env(os.environ), "max_bytes": max_bytes_from_env(os.environ)}
        columns, layers = _once(f"{key}:columns", (digest, *limits.values()), lambda: _columns_of(source, spec, limits))
    except GeoInputError as err:
        st.error(md(err))
        return None
    # the service is said, never guessed from the file: a "Type" column is the category
    options = _option_widgets(spec, key, ("service_kind",), layers=layers)
    with st.expander(t("ui.columns_options", lang()), expanded=False):
        mapping = _column_widgets(spec, key, columns)
        if spec.roles:
            options["columns"] = mapping
        options |= _option_widgets(spec, key, _IN_EXPANDER, layers=layers)
        options |= _place_widget(key) if spec.located else _sheet_options(user, account_blocks)
        skip_invalid = st.checkbox(t("ui.skip_invalid", lang()), key=f"{key}:skip")
    options |= _option_widgets(spec, key, ("date", "removal"), date_column=mapping.get("as_of"))
    confirmed = st.session_state.get(f"{key}:confirmed")
    if spec.roles:  # an inspections export names its panchayat by LGD code: no names to confirm
        options["confirmed"] = confirmed

    def check() -> ImportResult:
        store = read_store(store_path, private=True) if store_exists(store_path) else None
        return import_file(kind, store, source, skip_invalid=skip_invalid, **limits, **options)

    stored = store_key(store_path) if store_exists(store_path) else None
    try:
        result = _once(f"{key}:check", (digest, *limits.values(), stored, skip_invalid, _comparable(options)), check)
    except GeoInputError as err:
        st.error(md(err))
        return None
    _show_report(result)
    _show_changes(result, key)
    if result.pending or (confirmed is not None and not confirmed.empty):
        _confirm_table(result, key)
    _offer_apply(store_path, result, key, user=user)
    return result


def _offer_apply(store_path: StoreLocation, result: ImportResult, key: str, *, user: str) -> None:
    """The Apply button, once the check is clean and every name confirmed (else what stands in the way)."""
    if not result.report.ok:
        st.error(t("ui.file_errors", lang()))
        return
    if result.pending:
        st.warning(t("ui.confirm_first", lang()))
        return
    if result.adds_nothing:
        st.info(t("ui.nothing_new", lang()))
        return
    if st.button(t("ui.apply", lang()), type="primary", key=f"{key}:apply"):
        try:
            waiting = st.empty()
            version = apply_import(
                store_path, result, user=user, on_wait=lambda _: waiting.info(t("ui.store_busy", lang()))
            )
            waiting.empty()
        except GeoInputError as err:
            st.error(md(err))
        else:
            st.session_state.pop(f"{key}:confirmed", None)
            st.success(t("ui.applied", lang(), version=version, warnings=len(result.warnings)))


def _column_widgets(spec: ImportKind, key: str, columns: list[str]) -> dict[str, str | None]:
    """One choice of the file's columns per role the kind recognises, the detected one chosen (role -> column)."""
    detected = detect_columns(columns, spec.name) if spec.roles else {}
    mapping = {}
    cols = st.columns(3)
    for i, role in enumerate(spec.roles):  # an inspections export's columns are the form's own
        choices = [_NONE, *columns]
        default = choices.index(detected[role]) if role in detected else 0
        label = ROLE_LABELS.get(f"{spec.name}:{role}", ROLE_LABELS.get(role))  # a kind's own word first
        chosen = cols[i % 3].selectbox(
            label(lang()) if label is not None else role,
            choices,
            index=default,
            format_func=_labels(choices, lambda c: t("ui.none_choice", lang()) if c == _NONE else c),
            key=f"{key}:col:{role}",
        )
        mapping[role] = None if chosen == _NONE else chosen
    return mapping


def _option_widgets(
    spec: ImportKind, key: str, kinds: Sequence[str], *, layers: Sequence[str] = (), date_column: str | None = None
) -> dict[str, object]:
    """The widgets of the kind's options whose widget kind is one of ``kinds``, in that order (keyword -> value)."""
    shown = sorted(
        (o for o in spec.options if o.widget is not None and o.widget.kind in kinds),
        key=lambda o: kinds.index(o.widget.kind),
    )
    values: dict[str, object] = {}
    for option in shown:
        widget = option.widget
        label = widget.label(lang()) if widget.label is not None else ""
        at = f"{key}:{widget.key}"
        if widget.kind == "layer":
            if len(layers) > 1:
                values[option.name] = st.selectbox(label, layers, key=at)
        elif widget.kind == "district":
            values |= _district_widget(key)
        elif widget.kind == "date":
            values[option.name] = _sheet_date(key, date_column)
        elif widget.kind == "removal":  # ticked under the change it confirms (see _show_changes)
            values[option.name] = bool(st.session_state.get(at, False))
        else:
            values[option.name] = _WIDGETS[widget.kind](option, label, at)
    return values


def _select(option: Option, label: str, at: str) -> object:
    words = option.choice_labels or {}
    choices = list(option.choices or ())
    return st.selectbox(
        label, choices, key=at, format_func=_labels(choices, lambda c: words[c](lang()) if c in words else c)
    )


def _service_kind(option: Option, label: str, at: str) -> object:
    return st.selectbox(
        t("ui.service_kind", lang()),
        SERVICE_KINDS,
        format_func=_labels(SERVICE_KINDS, lambda k: SERVICE_POINT_KINDS[k](lang())),
        key=at,
    )


def _number(option: Option, label: str, at: str) -> object:
    low, high, step = option.widget.bounds or (None, None, None)
    return st.number_input(label, min_value=low, max_value=high, value=option.default, step=step, key=at)


def _checkbox(option: Option, label: str, at: str) -> object:
    return st.checkbox(label, key=at)


#: The widgets that show one option, by widget kind.
_WIDGETS: dict[str, Callable[[Option, str, str], object]] = {
    "select": _select,
    "service_kind": _service_kind,
    "number": _number,
    "checkbox": _checkbox,
}


def _district_widget(key: str) -> dict[str, object]:
    """The district's name in English and Hindi, when the file does not say it (``district``: given ones only)."""
    name_col, hindi_col = st.columns(2)
    name = name_col.text_input(t("ui.district_name_en", lang()), key=f"{key}:district_name").strip()
    hindi = hindi_col.text_input(t("ui.district_name_hi", lang()), key=f"{key}:district_name_hi").strip()
    return {"district": DistrictIdentity(name=name, name_hi=hindi)} if name or hindi else {}


def _place_widget(key: str) -> dict[str, object]:
    """The file's CRS, when it states none or a wrong one (a file of places)."""
    crs = st.text_input(t("ui.file_crs", lang()), key=f"{key}:crs")
    return {"crs": crs.strip() or None}


def _sheet_options(user: str, account_blocks: tuple[str, ...] | None) -> dict[str, object]:
    """Who imports a sheet, and the blocks a block office imports for."""
    return {"user": user} | ({"account_blocks": account_blocks} if account_blocks is not None else {})


def _sheet_date(key: str, date_column: str | None) -> dt.date | None:
    """The date a review sheet's statuses held, for its rows without a date of their own (every row without a column).

    Empty until the editor enters it, never today by default: a sheet is often
    compiled days before it is uploaded (and an upload has no file date), and a wrong
    date would silently put its changes into another meeting. A sheet without a date
    column is refused by the check until a date is entered here.
    """
    day = st.date_input(
        t("ui.sheet_as_of", lang()),
        value=None,
        min_value=dt.date(2000, 1, 1),
        max_value=dt.date.today(),
        format="DD.MM.YYYY",
        key=f"{key}:as_of",
    )
    if date_column is not None:
        st.caption(t("ui.sheet_as_of_column", lang(), column=md(date_column)))
    elif day is None:
        st.warning(t("ui.sheet_as_of_needed", lang()))
    return day


def history_panel(store_path: StoreLocation, *, user: str, may_roll_back: bool = True) -> None:
    """The version table and, for an administrator (``may_roll_back``), a rollback control."""
    if not store_exists(store_path):
        st.info(t("ui.no_store_yet", lang()))
        return
    log = list_versions(store_path)
    if log.empty:
        st.info(t("ui.no_versions", lang()))
        return
    st.dataframe(log[_VERSION_COLUMNS], hide_index=True, column_config=_headers(_VERSION_COLUMNS))
    version = st.selectbox(t("ui.version", lang()), log["version"].tolist()[::-1], key="history_version")
    with st.expander(t("ui.version_report", lang(), version=version)):
        st.text(str(log.loc[log["version"] == version, "report"].iloc[0] or t("ui.no_report_text", lang())))
    if not may_roll_back:
        st.caption(t("ui.rollback_admins", lang()))
        return
    sure = st.checkbox(t("ui.rollback_sure", lang(), version=version), key="history_sure")
    if st.button(t("ui.rollback", lang()), disabled=not sure, key="history_rollback"):
        try:
            ensure_restorable(store_path, int(version))
            waiting = st.empty()
            new = rollback(
                store_path, int(version), user=user, on_wait=lambda _: waiting.info(t("ui.store_busy", lang()))
            )
            waiting.empty()
        except GeoInputError as err:
            st.error(md(err))
        else:
            st.success(t("ui.rolled_back", lang(), version=version, new=new))


def _once(slot: str, inputs: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave (or raised) last time in this session for the same ``inputs``.

    One entry per ``slot`` in ``st.session_state``: a rerun with the same file content,
    options and store state does not read or check the file again; a refusal
    (:class:`GeoInputError`) is kept and raised again too.
    """
    kept = st.session_state.get(slot)
    if kept is None or kept[0] != inputs:
        try:
            kept = (inputs, compute(), None)
        except GeoInputError as err:
            kept = (inputs, None, err)
        st.session_state[slot] = kept
    if kept[2] is not None:
        raise kept[2]
    return kept[1]


def _comparable(options: dict[str, object]) -> tuple:
    """The import options as a value that compares with ``==`` (a frame as its cells)."""

    def plain(value: object) -> object:
        if isinstance(value, pd.DataFrame):
            return tuple(value.columns), tuple(map(tuple, value.astype(str).to_numpy().tolist()))
        if isinstance(value, dict):
            return tuple(sorted((k, plain(v)) for k, v in value.items()))
        return value

    return tuple(sorted((name, plain(value)) for name, value in options.items()))


def _columns_of(source: Path, spec: ImportKind, limits: dict[str, int]) -> tuple[list[str], list[str]]:
    if spec.spatial:
        layers = list_spatial_layers(source, max_bytes=limits["max_bytes"])
        if len(layers) > 1:
            return [], layers
        frame = read_spatial(source, **limits).frame
        return [c for c in frame.columns if c != frame.geometry.name], layers
    return list(read_table(source, **limits).frame.columns), []


def _show_report(result: ImportResult) -> None:
    """The check: facts, then one row per kind of problem (count, first places); the store's own warnings apart."""
    errors, warnings = len(result.report.errors), len(result.warnings)
    st.subheader(t("ui.check_title", lang(), errors=errors, warnings=warnings, pending=len(result.pending)))
    st.text("\n".join(result.report.facts))
    if result.report.problems:
        kinds: dict[tuple[str, str], list] = {}
        for problem in result.report.problems:
            kinds.setdefault(problem.kind, []).append(problem)
        rows = [
            (
                severity,
                len(members),
                members[0].message if len(members) == 1 else cause,
                ", ".join(p.where for p in members[:5]) + (f" … (+{len(members) - 5})" if len(members) > 5 else ""),
            )
            for (severity, cause), members in sorted(kinds.items(), key=lambda kv: kv[0][0] != "error")
        ]
        table = pd.DataFrame(rows, columns=["severity", "count", "what to do", "where"])
        st.dataframe(table, hide_index=True, column_config=_headers(table.columns))
    if result.standing:
        st.caption(t("ui.standing", lang(), n=len(result.standing)))
    if result.rejected is not None and len(result.rejected):
        st.warning(t("ui.rows_left_out", lang(), n=len(result.rejected)))
        st.download_button(
            t("ui.download_rejected", lang()),
            data=table_bytes({"rejected": result.rejected}, ".csv"),
            file_name=f"{Path(result.source).stem}.rejected.csv",
            mime="text/csv",
            key=f"{result.kind}:{result.source}:rejected",
        )


def _show_changes(result: ImportResult, key: str) -> None:
    """What the import would change, per layer, and the tick a large removal needs."""
    if not result.changes:
        return
    st.markdown(f"**{t('ui.would_change', lang())}**")
    st.text("\n".join(change.text() for change in result.changes))
    large = large_removals(result.changes)
    if large:
        removed = "; ".join(f"{format_count(len(c.removed))} of {format_count(c.before)} {c.noun}" for c in large)
        st.checkbox(t("ui.confirm_removal", lang(), removed=removed), key=f"{key}:confirm_removal")


def _confirm_table(result: ImportResult, key: str) -> None:
    table = confirmations_frame(result.pending)
    if table.empty:
        return
    table.insert(0, "accept", table["status"] == "fuzzy")
    st.caption(t("ui.confirm_hint", lang()))
    edited = st.data_editor(
        table,
        hide_index=True,
        key=f"{key}:editor",
        column_config=_headers(table.columns),
        disabled=[c for c in table.columns if c not in ("accept", "matched_code")],
    )
    if st.button(t("ui.use_matches", lang()), key=f"{key}:use"):
        accepted = edited[edited["accept"] & (edited["matched_code"].astype(str).str.strip() != "")]
        st.session_state[f"{key}:confirmed"] = accepted[["source_name", "block", "matched_code"]].reset_index(drop=True)
        st.rerun()


def _safe_name(name: str) -> str:
    """The uploaded file's name without its folders, safe on disk, Hindi letters kept (a Devanagari name stays one)."""
    return safe_file_name(Path(str(name).replace("\\", "/")).name, default="upload")


if __name__ == "__main__":
    page_style()
    render(app_store_path())
