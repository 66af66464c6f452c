"""Editors' accounts: who may change a store, and signing in to the app.

Each account has a name, a role and, for a block office, the blocks it edits. The
accounts live in the store's own ``accounts`` table (so a server database holds
them the same way), beside ``sign_in_failures``; neither is a layer of the data
contract, and neither is touched by an import or a rollback. Passwords are kept
only as argon2id hashes (``argon2-cffi``, RFC 9106's low-memory parameters).

Roles, in one place (:func:`may_import`, :func:`may_roll_back`,
:func:`may_edit_panchayat`):

- ``admin``: everything in the app, including rolling a store back.
- ``editor`` with no blocks: records statuses and imports files for the whole district.
- ``editor`` with blocks (a block office): records statuses and imports review
  sheets, JharSewa reports and inspections for its own blocks' panchayats only.

Signing in (:func:`sign_in`): five failed attempts for one name within
:data:`FAILURE_WINDOW` lock that name for :data:`LOCK_DURATION`; an unknown name is
answered exactly as a wrong password is (the same words, after the same hashing
work), and its failures lock it the same way. The command line needs no password:
whoever can write the store file already holds it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from geo.errors import GeoInputError, StoreError
from geo.storage.location import StoreLocation, is_postgis_url
from geo.storage.store import existing_store, layer_keys, table_columns, transaction, utc_now

if TYPE_CHECKING:
    from geo.storage.server import TableConnection

__all__ = [
    "ACCOUNT_TABLES",
    "ROLES",
    "MIN_PASSWORD_LENGTH",
    "MAX_FAILURES",
    "FAILURE_WINDOW",
    "LOCK_DURATION",
    "IDLE_LIMIT",
    "Account",
    "SignInRefused",
    "add_account",
    "set_password",
    "set_disabled",
    "get_account",
    "list_accounts",
    "has_accounts",
    "accounts_since",
    "sign_in",
    "session_expired",
    "may_import",
    "may_roll_back",
    "may_edit_panchayat",
    "out_of_scope",
    "recorded_by_label",
]

ROLES = ("editor", "admin")
MIN_PASSWORD_LENGTH = 10
MAX_NAME_LENGTH = 64
#: Failed attempts for one name within :data:`FAILURE_WINDOW` that lock it.
MAX_FAILURES = 5
FAILURE_WINDOW = dt.timedelta(minutes=15)
LOCK_DURATION = dt.timedelta(minutes=15)
#: A signed-in session idle this long is signed out.
IDLE_LIMIT = dt.timedelta(minutes=30)

_ACCOUNTS = "accounts"
_FAILURES = "sign_in_failures"
#: The account tables' columns and their SQL (the same in a GeoPackage and on a PostGIS server).
ACCOUNT_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    _ACCOUNTS: (
        ("name", "TEXT NOT NULL"),
        ("name_key", "TEXT PRIMARY KEY"),
        ("role", "TEXT NOT NULL"),
        ("blocks", "TEXT NOT NULL DEFAULT ''"),
        ("password_hash", "TEXT NOT NULL"),
        ("created_at", "TEXT NOT NULL"),
        ("created_by", "TEXT NOT NULL"),
        ("last_sign_in", "TEXT"),
        ("disabled_at", "TEXT"),
    ),
    _FAILURES: (("name_key", "TEXT NOT NULL"), ("at", "TEXT NOT NULL")),
}
_TIMEOUT_S = 60.0
_HASHER = PasswordHasher()  # argon2id, t=3, m=64 MiB, p=4 (RFC 9106 low-memory); immutable
#: A hash of no one's password with the same parameters: an unknown name costs the same hashing work.
_NOBODY = "$argon2id$v=19$m=65536,t=3,p=4$d/82hMPISV6DmyMKwR8ODg$hWU5cyvdN9HVwbrloUXzuZo+gwUJH0Zu4pemsrlbviI"
_NOT_RECOGNISED = "that name and password were not recognised; check both and try again"
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Account:
    """An editor's account as the store holds it (never its password hash).

    Attributes
    ----------
    name : str
        What the person signs in with, and what the history records.
    role : str
        ``editor`` or ``admin``.
    blocks : tuple of str
        LGD codes of the blocks an editor may change; empty: the whole district.
    created_at, created_by : str
        When (ISO UTC) and by whom the account was added.
    last_sign_in : str or None
        The latest successful sign-in (ISO UTC).
    disabled_at : str or None
        When the account was disabled; None while it can sign in.
    """

    name: str
    role: str
    blocks: tuple[str, ...]
    created_at: str
    created_by: str
    last_sign_in: str | None = None
    disabled_at: str | None = None

    @property
    def active(self) -> bool:
        """Whether the account can sign in."""
        return self.disabled_at is None

    @property
    def is_admin(self) -> bool:
        """Whether the account administers the store."""
        return self.role == "admin"

    @property
    def block_scoped(self) -> bool:
        """Whether the account edits some blocks only (a block office)."""
        return bool(self.blocks) and not self.is_admin


class SignInRefused(GeoInputError):
    """A sign-in that did not succeed; the message is what the person is told.

    Attributes
    ----------
    reason : {"not_recognised", "locked", "disabled"}
        Why, for a face that words it in its own language.
    until : datetime.datetime or None
        When a lock ends (UTC).
    """

    def __init__(self, message: str, *, reason: str, until: dt.datetime | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.until = until


def add_account(
    store: str | os.PathLike[str],
    name: str,
    *,
    role: str,
    password: str,
    blocks: Iterable[str] = (),
    created_by: str,
    now: dt.datetime | None = None,
) -> Account:
    """Add an account to the store.

    Parameters
    ----------
    store : path-like
        An existing store.
    name : str
        1 to 64 characters, no control characters; unique regardless of case.
    role : {"editor", "admin"}
        What the account may do.
    password : str
        At least :data:`MIN_PASSWORD_LENGTH` characters, not the name itself.
    blocks : iterable of str
        LGD codes of the store's blocks an editor may change (none: the whole district).
    created_by : str
        Who adds it (the command line's ``--user`` or the system user).
    now : datetime.datetime, optional
        The time recorded (UTC); default now.

    Returns
    -------
    Account

    Raises
    ------
    GeoInputError
        For a bad name, role, password or block, or a name already taken.
    """
    store = _located(store)
    name = _checked_name(name)
    if role not in ROLES:
        msg = f"role {role!r} is not one of {', '.join(ROLES)}"
        raise GeoInputError(msg)
    codes = _checked_blocks(store, blocks)
    if codes and role == "admin":
        msg = "an admin changes the whole store; give --block only to an editor"
        raise GeoInputError(msg)
    hashed = _HASHER.hash(_checked_password(password, name))
    at = _iso(now)
    with _writing(store) as con:
        if _row(con, name) is not None:
            msg = f"there is already an account named {name!r} (names are compared regardless of case)"
            raise GeoInputError(msg)
        con.execute(
            f"INSERT INTO {_ACCOUNTS} (name, name_key, role, blocks, password_hash, created_at, created_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (name, _key(name), role, ",".join(codes), hashed, at, created_by),
        )
    return Account(name, role, codes, at, created_by)


def set_password(store: str | os.PathLike[str], name: str, password: str) -> Account:
    """Give an account a new password; its failed attempts are forgotten (a lock ends).

    Raises
    ------
    GeoInputError
        For an unknown account or a password that is too short.
    """
    store = _located(store)
    account = _known(store, name)
    hashed = _HASHER.hash(_checked_password(password, account.name))
    with _writing(store) as con:
        con.execute(f"UPDATE {_ACCOUNTS} SET password_hash = ? WHERE name_key = ?", (hashed, _key(name)))
        con.execute(f"DELETE FROM {_FAILURES} WHERE name_key = ?", (_key(name),))
    return account


def set_disabled(
    store: str | os.PathLike[str], name: str, disabled: bool = True, *, now: dt.datetime | None = None
) -> Account:
    """Disable an account (it cannot sign in; its sessions end at their next step), or enable it again.

    Its name stays in the history: accounts are never deleted.
    """
    store = _located(store)
    _known(store, name)
    with _writing(store) as con:
        con.execute(
            f"UPDATE {_ACCOUNTS} SET disabled_at = ? WHERE name_key = ?", (_iso(now) if disabled else None, _key(name))
        )
    return _known(store, name)


def get_account(store: str | os.PathLike[str], name: str) -> Account | None:
    """The account called ``name`` (any case), or None."""
    with _reading(_located(store)) as con:
        row = _row(con, name) if con is not None else None
    return None if row is None else _account(row)


def list_accounts(store: str | os.PathLike[str]) -> pd.DataFrame:
    """Every account, in the order they were added (no password hashes).

    Returns
    -------
    pandas.DataFrame
        Columns ``name``, ``role``, ``blocks`` (comma-separated LGD codes; empty: the
        whole district), ``created_at``, ``created_by``, ``last_sign_in``, ``disabled_at``.
    """
    columns = ["name", "role", "blocks", "created_at", "created_by", "last_sign_in", "disabled_at"]
    with _reading(_located(store)) as con:
        rows = (
            []
            if con is None
            else con.execute(f"SELECT {', '.join(columns)} FROM {_ACCOUNTS} ORDER BY created_at, name").fetchall()
        )
    return pd.DataFrame(rows, columns=columns)


def has_accounts(store: str | os.PathLike[str]) -> bool:
    """Whether any account can sign in (else the app is read-only and says how to add the first admin)."""
    with _reading(_located(store)) as con:
        return (
            con is not None
            and con.execute(f"SELECT 1 FROM {_ACCOUNTS} WHERE disabled_at IS NULL LIMIT 1").fetchone() is not None
        )


def accounts_since(store: str | os.PathLike[str]) -> str | None:
    """When the store's first account was added (ISO UTC), or None: edits before it named themselves."""
    with _reading(_located(store)) as con:
        row = None if con is None else con.execute(f"SELECT MIN(created_at) FROM {_ACCOUNTS}").fetchone()
    return None if row is None else row[0]


def sign_in(store: str | os.PathLike[str], name: str, password: str, *, now: dt.datetime | None = None) -> Account:
    """Check a name and password; return the account, or raise :class:`SignInRefused` saying why.

    A failed attempt is recorded against the name (known or not); with
    :data:`MAX_FAILURES` failures within :data:`FAILURE_WINDOW` the name is locked for
    :data:`LOCK_DURATION`, and every attempt is refused until then without being
    checked. A success forgets the name's failures and records the sign-in.

    Raises
    ------
    SignInRefused
        Not recognised (the same words for an unknown name and a wrong password),
        locked (until when), or disabled.
    """
    store = _located(store)
    when = now or dt.datetime.now(dt.UTC)
    key = _key(str(name or ""))
    with _reading(store) as con:
        row = _row(con, name) if con is not None and key else None
        failures = (
            []
            if con is None
            else [
                _parsed(at)
                for (at,) in con.execute(
                    f"SELECT at FROM {_FAILURES} WHERE name_key = ? AND at > ? ORDER BY at",
                    (key, _iso(when - FAILURE_WINDOW)),
                ).fetchall()
            ]
        )
    if len(failures) >= MAX_FAILURES:
        until = failures[-1] + LOCK_DURATION
        minutes = max(1, round((until - when).total_seconds() / 60))
        msg = (
            f"too many failed attempts for this name: it is locked for {minutes} more minute(s) "
            f"(until {until:%H:%M} UTC); try again then, or ask an administrator to set a new password"
        )
        raise SignInRefused(msg, reason="locked", until=until)
    if not _verifies(row["password_hash"] if row is not None else _NOBODY, str(password or "")) or row is None:
        with _writing(store) as con:
            con.execute(f"DELETE FROM {_FAILURES} WHERE at <= ?", (_iso(when - FAILURE_WINDOW - LOCK_DURATION),))
            con.execute(f"INSERT INTO {_FAILURES} (name_key, at) VALUES (?, ?)", (key, _iso(when)))
        raise SignInRefused(_NOT_RECOGNISED, reason="not_recognised")
    account = _account(row)
    if not account.active:
        msg = f"the account {account.name!r} is disabled; ask an administrator"
        raise SignInRefused(msg, reason="disabled")
    with _writing(store) as con:
        con.execute(f"DELETE FROM {_FAILURES} WHERE name_key = ?", (key,))
        con.execute(f"UPDATE {_ACCOUNTS} SET last_sign_in = ? WHERE name_key = ?", (_iso(when), key))
    return _account({**dict(row), "last_sign_in": _iso(when)})


def session_expired(last_seen: dt.datetime, now: dt.datetime | None = None) -> bool:
    """Whether a session last active at ``last_seen`` has been idle longer than :data:`IDLE_LIMIT`."""
    return (now or dt.datetime.now(dt.UTC)) - last_seen > IDLE_LIMIT


def may_import(account: Account, kind: str) -> bool:
    """Whether ``account`` may import a file of ``kind`` (a block office: its blocks' sheets only)."""
    from geo.importing.kinds import import_kind  # the registry imports the importers; accounts are read without them

    return not account.block_scoped or import_kind(kind).block_editors


def may_roll_back(account: Account) -> bool:
    """Whether ``account`` may roll the store back (admins only: it undoes everyone's changes)."""
    return account.is_admin


def may_edit_panchayat(account: Account, block_lgd: str | None) -> bool:
    """Whether ``account`` may record a status for a panchayat of block ``block_lgd``."""
    return not account.block_scoped or (block_lgd is not None and str(block_lgd) in account.blocks)


def out_of_scope(account: Account, panchayat_blocks: pd.Series, *, rows: pd.Series | None = None) -> list[str]:
    """The rows an account may not write, as short descriptions (empty when all are within its blocks).

    Parameters
    ----------
    account : Account
        Who imports.
    panchayat_blocks : pandas.Series
        The block LGD code of each row written (for a JharSewa report, the row's block).
    rows : pandas.Series, optional
        What to call each row (e.g. the panchayat code); default the block code.
    """
    if not account.block_scoped:
        return []
    codes = panchayat_blocks.astype("string")
    outside = ~codes.isin(account.blocks).fillna(False)
    named = (rows if rows is not None else codes)[outside.to_numpy()]
    return [f"{label} (block {block})" for label, block in zip(named, codes[outside], strict=True)]


def recorded_by_label(name: str, *, recorded_at: str, source: str, since: str | None) -> str:
    """Who recorded a change, as the history shows it: ``"Asha (self-declared)"`` before accounts.

    A change made in the app (``source`` ``editor`` or ``undo``) before the store's
    first account (``since``, :func:`accounts_since`) was signed with a name typed at
    sign-in: it keeps that name, marked as self-declared. Imports carry the name the
    command line recorded.
    """
    typed = source in ("editor", "undo") and (since is None or str(recorded_at) < since)
    return f"{name} (self-declared)" if typed else name


# --- private helpers -------------------------------------------------------------------


def _checked_name(name: object) -> str:
    if not isinstance(name, str):
        msg = f"an account name should be text, got {type(name).__name__}"
        raise GeoInputError(msg)
    name = unicodedata.normalize("NFC", name).strip()
    if not name or len(name) > MAX_NAME_LENGTH or _CONTROL.search(name):
        msg = (
            f"account name {name[:80]!r} should be 1 to {MAX_NAME_LENGTH} characters without control or "
            "direction characters, e.g. 'nala.bdo' or 'District IT Officer'"
        )
        raise GeoInputError(msg)
    return name


def _checked_password(password: object, name: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        length = len(password) if isinstance(password, str) else 0
        msg = f"the password has {length} characters; use at least {MIN_PASSWORD_LENGTH}"
        raise GeoInputError(msg)
    if _key(password) == _key(name):
        msg = "the password must not be the account's name"
        raise GeoInputError(msg)
    return password


def _checked_blocks(store: StoreLocation, blocks: Iterable[str]) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(str(b).strip() for b in blocks if str(b).strip()))
    known = layer_keys(store, "blocks")
    unknown = [c for c in codes if c not in known]
    if unknown:
        msg = (
            f"block(s) {', '.join(unknown)} are not in the store; give LGD codes of its blocks: "
            f"{', '.join(sorted(known)[:12]) or 'none yet'}"
        )
        raise GeoInputError(msg)
    return codes


def _verifies(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password)
    except VerifyMismatchError:
        return False
    except (VerificationError, InvalidHashError) as err:
        msg = "an account's password hash in the store is damaged; set a new password with `python -m geo users passwd`"
        raise StoreError(msg) from err


def _located(store: str | os.PathLike[str]) -> StoreLocation:
    """The store: a server store's URL as it is, a GeoPackage's path when the file is there."""
    return store if is_postgis_url(store) else existing_store(store)


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().casefold()


def _iso(when: dt.datetime | None) -> str:
    if when is None:
        return utc_now()
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parsed(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))


def _known(store: StoreLocation, name: str) -> Account:
    account = get_account(store, name)
    if account is None:
        msg = f"there is no account named {name!r}; `python -m geo users list` shows them"
        raise GeoInputError(msg)
    return account


def _row(con: sqlite3.Connection, name: str) -> sqlite3.Row | None:
    return con.execute(f"SELECT * FROM {_ACCOUNTS} WHERE name_key = ?", (_key(str(name)),)).fetchone()


def _account(row: sqlite3.Row | dict) -> Account:
    return Account(
        name=row["name"],
        role=row["role"],
        blocks=tuple(b for b in (row["blocks"] or "").split(",") if b),
        created_at=row["created_at"],
        created_by=row["created_by"],
        last_sign_in=row["last_sign_in"],
        disabled_at=row["disabled_at"],
    )


@contextlib.contextmanager
def _reading(store: StoreLocation) -> Iterator[sqlite3.Connection | TableConnection | None]:
    """A read-only connection, or None when the store has no accounts table yet."""
    if is_postgis_url(store):
        from geo.storage.server import table_connection

        with table_connection(store, write=False) as con:
            yield con
        return
    with contextlib.closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=_TIMEOUT_S)) as con:
        con.row_factory = sqlite3.Row
        try:
            present = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (_ACCOUNTS,)
            ).fetchone()
        except sqlite3.DatabaseError as err:
            msg = f"store {store} cannot be read ({err}); check it with `python -m geo check --store {store}`"
            raise StoreError(msg) from err
        yield con if present else None


@contextlib.contextmanager
def _writing(store: StoreLocation) -> Iterator[sqlite3.Connection | TableConnection]:
    """One write transaction on the account tables (created on first use; a server store has them)."""
    if is_postgis_url(store):
        from geo.storage.server import table_connection

        with table_connection(store, write=True) as con:
            yield con
        return
    with contextlib.closing(sqlite3.connect(store, timeout=_TIMEOUT_S, isolation_level=None)) as con:
        con.row_factory = sqlite3.Row
        with transaction(con):
            for name, schema in ACCOUNT_TABLES.items():
                con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({table_columns(schema)})")
            yield con
