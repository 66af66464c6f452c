"""Editor login and the status editor of a panchayat's card (Streamlit).

The planner page calls :func:`editor_login` and, once someone is logged in,
:func:`status_editor` for the panchayat on its card. The password hash comes from
Streamlit secrets (``editor_password_hash``) or the environment variable
``PANCHAYAT_EDITOR_PASSWORD_HASH``; the public page never calls these.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from geo.auth import HASH_ENV_VAR, SECRETS_KEY, hash_from_env, verify_password
from geo.edits import events_of, record_status, undo_event
from geo.errors import GeoInputError
from geo.schema import INDICATOR_VALUES, INDICATORS, VALUE_LABELS

__all__ = ["editor_login", "status_editor", "configured_hash", "SESSION_KEY"]

SESSION_KEY = "editor_name"
_INDICATOR_LABELS = {
    "bharatnet": "BharatNet (भारतनेट)",
    "jharnet": "JharNet 2.0 (झारनेट)",
    "library": "Community library (पुस्तकालय)",
    "csc_functional": "CSC functional (प्रज्ञा केंद्र)",
    "inspection": "Connectivity inspection (निरीक्षण)",
}


def configured_hash() -> str | None:
    """Return the editor password hash from Streamlit secrets or the environment, or None."""
    try:
        from_secrets = st.secrets.get(SECRETS_KEY)
    except StreamlitSecretNotFoundError:
        from_secrets = None
    if from_secrets:
        return str(from_secrets).strip()
    return hash_from_env(os.environ)


def editor_login() -> str | None:
    """Show the editor login (or who is logged in); return the editor's name when logged in."""
    name = st.session_state.get(SESSION_KEY)
    if name:
        left, right = st.columns([4, 1])
        left.caption(f"Editing as **{name}**")
        if right.button("Log out", key="editor_logout"):
            del st.session_state[SESSION_KEY]
            st.rerun()
        return str(name)
    hashed = configured_hash()
    if hashed is None:
        st.info(
            "Editing is switched off: no editor password is configured. An administrator runs "
            f"`python -m geo passwd` and puts the hash in `.streamlit/secrets.toml` as `{SECRETS_KEY} = \"…\"` "
            f"or in the environment variable `{HASH_ENV_VAR}`."
        )
        return None
    with st.form("editor_login_form"):
        user = st.text_input("Your name (recorded with every change)")
        password = st.text_input("Editor password", type="password")
        submitted = st.form_submit_button("Log in")
    if submitted:
        try:
            ok = verify_password(password, hashed)
        except GeoInputError as err:
            st.error(str(err))
            return None
        if not user.strip():
            st.error("Enter your name: every change records who made it.")
        elif ok:
            st.session_state[SESSION_KEY] = user.strip()
            st.rerun()
        else:
            st.error("Wrong password.")
    return None


def status_editor(store_path: Path, panchayat_lgd: str, *, user: str) -> None:
    """Form to record a status of one panchayat, and its recent events with an Undo each."""
    indicator = st.selectbox(
        "Indicator", INDICATORS, format_func=_INDICATOR_LABELS.get, key=f"edit_indicator_{panchayat_lgd}"
    )
    with st.form(f"status_form_{panchayat_lgd}_{indicator}"):
        value = st.selectbox(
            "Status", INDICATOR_VALUES[indicator],
            format_func=lambda v: " / ".join(VALUE_LABELS[indicator][v]),
        )
        as_of = st.date_input("As of (date the status held / inspection date)", value=dt.date.today(),
                              max_value=dt.date.today())
        remark = st.text_area("Remark (private)", max_chars=2000)
        saved = st.form_submit_button("Save")
    if saved:
        try:
            event_id = record_status(store_path, panchayat_lgd, indicator, value, as_of=as_of, remark=remark,
                                     user=user)
        except GeoInputError as err:
            st.error(str(err))
        else:
            st.success(f"Saved as event {event_id}.")
    events = events_of(store_path, panchayat_lgd).head(10)
    if events.empty:
        st.caption("No status recorded yet.")
        return
    st.caption("Recent changes (newest first)")
    for row in events.itertuples(index=False):
        left, right = st.columns([5, 1])
        left.text(f"#{row.event_id}  {row.as_of}  {row.indicator} = {row.value}  "
                  f"({row.recorded_by}, {row.recorded_at}; {row.source or ''})")
        if right.button("Undo", key=f"undo_{row.event_id}"):
            try:
                new_id = undo_event(store_path, int(row.event_id), user=user)
            except GeoInputError as err:
                st.error(str(err))
            else:
                st.success(f"Undone: event {new_id} restores the previous value.")
                st.rerun()
