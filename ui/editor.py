"""Editor sign-in and the status editor of a panchayat's card (Streamlit).

The Data page and the Planner's panchayat card call :func:`editor_login`; once an
editor is signed in (:func:`signed_in_editor`), the card shows :func:`status_editor`.
The password hash comes from Streamlit secrets (``editor_password_hash``) or the
environment variable ``PANCHAYAT_EDITOR_PASSWORD_HASH``; the public page never
calls these. Every label is in :data:`ui.text.UI` (English and Hindi).
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
from geo.schema import INDICATOR_VALUES, INDICATORS
from ui.common import choice, lang, t
from ui.tables import value_label
from ui.text import INDICATOR_LABELS

__all__ = ["editor_login", "signed_in_editor", "status_editor", "configured_hash", "SESSION_KEY"]

#: Session-state key holding the signed-in editor's name.
SESSION_KEY = "editor_name"
#: Session-state key of a message to show after the rerun that follows a save or an undo.
_FLASH_KEY = "editor_flash"
#: Recent events listed under the status form.
RECENT_EVENTS = 10


def configured_hash() -> str | None:
    """Return the editor password hash from Streamlit secrets or the environment, or None."""
    try:
        from_secrets = st.secrets.get(SECRETS_KEY)
    except StreamlitSecretNotFoundError:
        from_secrets = None
    if from_secrets:
        return str(from_secrets).strip()
    return hash_from_env(os.environ)


def signed_in_editor() -> str | None:
    """The signed-in editor's name, or None (draws nothing)."""
    name = st.session_state.get(SESSION_KEY)
    return str(name) if name else None


def editor_login(*, key: str = "editor") -> str | None:
    """Show the sign-in form (or who is signed in); return the editor's name when signed in.

    Parameters
    ----------
    key : str
        Prefix of the widget keys, so that two sign-in places never clash.
    """
    name = signed_in_editor()
    if name:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.caption(t("editing_as", name=name))
        if right.button(t("sign_out"), key=f"{key}_logout"):
            del st.session_state[SESSION_KEY]
            st.rerun()
        return name
    hashed = configured_hash()
    if hashed is None:
        st.info(t("editing_off", secret=SECRETS_KEY, env=HASH_ENV_VAR))
        return None
    with st.form(f"{key}_login_form"):
        user = st.text_input(t("your_name"), key=f"{key}_login_name")
        password = st.text_input(t("password"), type="password", key=f"{key}_login_password")
        submitted = st.form_submit_button(t("sign_in"), key=f"{key}_login_submit")
    if submitted:
        try:
            ok = verify_password(password, hashed)
        except GeoInputError as err:
            st.error(str(err))
            return None
        if not user.strip():
            st.error(t("name_needed"))
        elif ok:
            st.session_state[SESSION_KEY] = user.strip()
            st.rerun()
        else:
            st.error(t("wrong_password"))
    return None


def status_editor(store_path: Path, panchayat_lgd: str, *, user: str) -> None:
    """Form to record a status of one panchayat, and its recent events with an Undo each.

    A save or an undo reruns the page, so everything drawn above (the card's
    history, the map) shows the new event; the confirmation is shown after the rerun.
    """
    flash = st.session_state.pop(_FLASH_KEY, None)
    if flash is not None:
        st.success(flash)
    form_col, events_col = st.columns([1, 1], gap="large")
    with form_col:
        indicator = choice(st, t("indicator"), list(INDICATORS), key=f"edit_indicator_{panchayat_lgd}",
                           default=INDICATORS[0], format_func=lambda i: INDICATOR_LABELS[i](lang()))
        with st.form(f"status_form_{panchayat_lgd}_{indicator}", clear_on_submit=True):
            values = {v: value_label(indicator, v, lang()) for v in INDICATOR_VALUES[indicator]}
            value = st.selectbox(t("status"), list(values), format_func=values.__getitem__,
                                 key=f"edit_value_{panchayat_lgd}_{indicator}_{lang()}")
            as_of = st.date_input(t("status_as_of"), value=dt.date.today(), max_value=dt.date.today(),
                                  format="DD/MM/YYYY")
            remark = st.text_area(t("remark"), max_chars=2000, height=90)
            saved = st.form_submit_button(t("save"), type="primary", key=f"save_{panchayat_lgd}_{indicator}")
    if saved:
        try:
            event_id = record_status(store_path, panchayat_lgd, indicator, value, as_of=as_of, remark=remark,
                                     user=user)
        except GeoInputError as err:
            st.error(str(err))
        else:
            st.session_state[_FLASH_KEY] = t("saved_event", event=event_id)
            st.rerun()
    with events_col:
        _recent_events(store_path, panchayat_lgd, user=user)


def _recent_events(store_path: Path, panchayat_lgd: str, *, user: str) -> None:
    """The panchayat's latest events (by when they were recorded), each with an Undo."""
    events = events_of(store_path, panchayat_lgd).head(RECENT_EVENTS)
    if events.empty:
        st.caption(t("no_events"))
        return
    st.caption(t("recent_changes"))
    for row in events.itertuples(index=False):
        left, right = st.columns([2.5, 1], vertical_alignment="center")
        label = INDICATOR_LABELS[row.indicator](lang()) if row.indicator in INDICATOR_LABELS else row.indicator
        left.markdown(f"**{label}: {value_label(row.indicator, row.value, lang())}** · {row.as_of}  \n"
                      f":gray[#{row.event_id} · {row.recorded_by} · {str(row.recorded_at)[:16]} · {row.source or ''}]")
        if right.button(t("undo"), key=f"undo_{row.event_id}"):
            try:
                new_id = undo_event(store_path, int(row.event_id), user=user)
            except GeoInputError as err:
                st.error(str(err))
            else:
                st.session_state[_FLASH_KEY] = t("undone", event=new_id)
                st.rerun()
