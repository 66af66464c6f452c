"""Editors' sign-in and the status editor of a panchayat's card (Streamlit).

Every editor has an account in the store (:mod:`geo.storage.accounts`; added on the server
with ``python -m geo users add``). The Data page and the Planner's panchayat card
call :func:`editor_login`; once signed in (:func:`signed_in_account`), the card shows
:func:`status_editor`, and every change records the account's name. A session idle
for :data:`geo.storage.accounts.IDLE_LIMIT` is signed out, and so is one whose account was
disabled meanwhile. A store with no account is read-only. The public page never
calls these. Every label is in :data:`ui.text.UI` (English and Hindi).
"""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from geo.errors import GeoInputError
from geo.languages import is_hindi
from geo.storage.accounts import IDLE_LIMIT, Account, SignInRefused, get_account, has_accounts, session_expired, sign_in
from geo.storage.edits import events_of, record_status, undo_event
from geo.storage.location import StoreLocation
from geo.storage.schema import INDICATOR_VALUES, INDICATORS
from geo.storage.store import key_lookup, store_exists
from geo.text import t
from ui.common import choice, lang, md
from ui.tables import value_label
from ui.text import INDICATOR_LABELS

__all__ = ["editor_login", "signed_in_account", "status_editor", "SESSION_KEY"]

#: Session-state key holding the signed-in account's name and when the session was last active.
SESSION_KEY = "editor_session"
#: Session-state key of a message to show after the rerun that follows a save, an undo or a sign-out.
_FLASH_KEY = "editor_flash"
#: Recent events listed under the status form.
RECENT_EVENTS = 10
#: Where the shared editor password used to be configured (now ignored, and said so).
_LEGACY_SECRET, _LEGACY_ENV = "editor_password_hash", "PANCHAYAT_EDITOR_PASSWORD_HASH"


def signed_in_account(store_path: StoreLocation) -> Account | None:
    """The signed-in account, read afresh from the store; None when nobody is signed in (draws nothing).

    An idle session, or one whose account was disabled or removed from the store,
    is signed out here, with a message shown at the next sign-in form.
    """
    session = st.session_state.get(SESSION_KEY)
    if not session:
        return None
    now = dt.datetime.now(dt.UTC)
    if session_expired(session["last_seen"], now):
        _sign_out(t("ui.signed_out_idle", lang(), minutes=round(IDLE_LIMIT.total_seconds() / 60)))
        return None
    account = get_account(store_path, session["name"]) if store_exists(store_path) else None
    if account is None or not account.active:
        _sign_out(t("ui.signed_out_disabled", lang()))
        return None
    session["last_seen"] = now
    return account


def editor_login(store_path: StoreLocation, *, key: str = "editor") -> Account | None:
    """Show the sign-in form (or who is signed in, and Sign out); return the account when signed in.

    Parameters
    ----------
    store_path : pathlib.Path
        The store whose accounts are checked.
    key : str
        Prefix of the widget keys, so that two sign-in places never clash.
    """
    account = signed_in_account(store_path)
    if account is not None:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.caption(t("ui.editing_as", lang(), name=md(account.name), scope=md(_scope(store_path, account))))
        if right.button(t("ui.sign_out", lang()), key=f"{key}_logout"):
            _sign_out(None)
            st.rerun()
        return account
    flash = st.session_state.pop(_FLASH_KEY, None)
    if flash:
        st.info(flash)
    if _legacy_password_configured():
        st.warning(t("ui.password_replaced", lang()))
    if not store_exists(store_path) or not has_accounts(store_path):
        st.info(t("ui.no_accounts", lang()))
        return None
    with st.form(f"{key}_login_form"):
        name = st.text_input(t("ui.account_name", lang()), key=f"{key}_login_name", max_chars=64)
        password = st.text_input(t("ui.password", lang()), type="password", key=f"{key}_login_password", max_chars=256)
        submitted = st.form_submit_button(t("ui.sign_in", lang()), key=f"{key}_login_submit")
    if submitted:
        try:
            account = sign_in(store_path, name, password)
        except SignInRefused as err:
            if err.reason == "locked":
                minutes = max(1, round((err.until - dt.datetime.now(dt.UTC)).total_seconds() / 60))
                st.error(t("ui.sign_in_locked", lang(), minutes=minutes, until=f"{err.until:%H:%M}"))
            else:
                st.error(t(f"ui.sign_in_{err.reason}", lang()))
            return None
        st.session_state[SESSION_KEY] = {"name": account.name, "last_seen": dt.datetime.now(dt.UTC)}
        st.rerun()
    return None


def status_editor(store_path: StoreLocation, panchayat_lgd: str, block_lgd: str, *, account: Account) -> None:
    """Form to record a status of one panchayat, and its recent events with an Undo each.

    A block office's account sees, for a panchayat of another block, only a line
    saying which blocks it records for. A save or an undo reruns the page, so
    everything drawn above (the card's history, the map) shows the new event; the
    confirmation is shown after the rerun.
    """
    flash = st.session_state.pop(_FLASH_KEY, None)
    if flash is not None:
        st.success(flash)
    blocks = account.blocks if account.block_scoped else None
    if blocks is not None and str(block_lgd) not in blocks:
        st.info(t("ui.not_your_block", lang(), blocks=_block_names(store_path, blocks)))
        return
    form_col, events_col = st.columns([1, 1], gap="large")
    with form_col:
        indicator = choice(
            st,
            t("ui.indicator", lang()),
            list(INDICATORS),
            key=f"edit_indicator_{panchayat_lgd}",
            default=INDICATORS[0],
            format_func=lambda i: INDICATOR_LABELS[i](lang()),
        )
        with st.form(f"status_form_{panchayat_lgd}_{indicator}", clear_on_submit=True):
            values = {v: value_label(indicator, v, lang()) for v in INDICATOR_VALUES[indicator]}
            value = st.selectbox(
                t("ui.status", lang()),
                list(values),
                format_func=values.__getitem__,
                key=f"edit_value_{panchayat_lgd}_{indicator}_{lang()}",
            )
            as_of = st.date_input(
                t("ui.status_as_of", lang()), value=dt.date.today(), max_value=dt.date.today(), format="DD/MM/YYYY"
            )
            remark = st.text_area(t("ui.remark", lang()), max_chars=2000, height=90)
            saved = st.form_submit_button(t("ui.save", lang()), type="primary", key=f"save_{panchayat_lgd}_{indicator}")
    if saved:
        try:
            event_id = record_status(
                store_path,
                panchayat_lgd,
                indicator,
                value,
                as_of=as_of,
                remark=remark,
                user=account.name,
                blocks=blocks,
            )
        except GeoInputError as err:
            st.error(md(err))
        else:
            st.session_state[_FLASH_KEY] = t("ui.saved_event", lang(), event=event_id)
            st.rerun()
    with events_col:
        _recent_events(store_path, panchayat_lgd, account=account, blocks=blocks)


def _recent_events(
    store_path: StoreLocation, panchayat_lgd: str, *, account: Account, blocks: tuple[str, ...] | None
) -> None:
    """The panchayat's latest events (by when they were recorded), each with an Undo."""
    events = events_of(store_path, panchayat_lgd).head(RECENT_EVENTS)
    if events.empty:
        st.caption(t("ui.no_events", lang()))
        return
    st.caption(t("ui.recent_changes", lang()))
    for row in events.itertuples(index=False):
        left, right = st.columns([2.5, 1], vertical_alignment="center")
        label = INDICATOR_LABELS[row.indicator](lang()) if row.indicator in INDICATOR_LABELS else row.indicator
        left.markdown(
            f"**{md(label)}: {md(value_label(row.indicator, row.value, lang()))}** · "
            f"{md(row.as_of)}  \n"
            f":gray[#{row.event_id} · {md(row.recorded_by)} · {md(str(row.recorded_at)[:16])} · "
            f"{md(row.source or '')}]"
        )
        if right.button(t("ui.undo", lang()), key=f"undo_{row.event_id}"):
            try:
                new_id = undo_event(store_path, int(row.event_id), user=account.name, blocks=blocks)
            except GeoInputError as err:
                st.error(md(err))
            else:
                st.session_state[_FLASH_KEY] = t("ui.undone", lang(), event=new_id)
                st.rerun()


def _sign_out(message: str | None) -> None:
    st.session_state.pop(SESSION_KEY, None)
    if message:
        st.session_state[_FLASH_KEY] = message


def _scope(store_path: StoreLocation, account: Account) -> str:
    role = t("ui.role_admin", lang()) if account.is_admin else t("ui.role_editor", lang())
    if not account.block_scoped:
        return role
    return f"{role} · {t('ui.blocks_only', lang(), blocks=_block_names(store_path, account.blocks))}"


def _block_names(store_path: StoreLocation, codes: tuple[str, ...]) -> str:
    """The blocks' names in the page's language, e.g. "Nala (990300)"."""
    column = "name_hi" if is_hindi(lang()) else "name"
    names = []
    for code in codes:
        found = key_lookup(store_path, "blocks", code, ("name", "name_hi"))
        name = (found or {}).get(column) or (found or {}).get("name") or ""
        names.append(f"{name} ({code})" if name else code)
    return ", ".join(names)


def _legacy_password_configured() -> bool:
    """Whether the old shared editor password is still configured (it is ignored now)."""
    try:
        in_secrets = bool(st.secrets.get(_LEGACY_SECRET))
    except StreamlitSecretNotFoundError:
        in_secrets = False
    return in_secrets or bool(os.environ.get(_LEGACY_ENV, "").strip())
