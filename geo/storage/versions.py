"""Numbered versions of a store: every import and rollback can be undone.

Before a change is applied, :func:`begin_version` logs it in the ``store_versions`` table
of the store — who, when, what, from which file, and the import's report — and notes
the store's revision then. Every write records, in its own transaction, the rows it
changed and how to undo them (:mod:`geo.storage.history`, table ``store_changes``), so
the store as it was just *before* version *N* (:func:`state_before`) is the store now
with every later write undone, newest first, and :func:`rollback` to *N* undoes change
*N* and everything after it — an editor's saves since then too, as a full copy did. A
rollback is itself a version (its own change rows hold the state before it), so
nothing is ever lost, and the history grows by the size of each change, not of the store.

Stores written by earlier releases kept, instead, a full copy of the store before each
version in ``<store>.versions/v0003.gpkg`` (the log's ``snapshot`` column names it);
a rollback to such a version still restores that copy. New versions write none.

``store_versions`` is not a layer of the data contract: :func:`geo.storage.store.write_store`
never overwrites it, and a rollback keeps the log.

A version is begun, written and finished while the caller holds the store's write
lock (:func:`geo.storage.store.exclusive`), so version numbers are unique, the revision
noted is the store exactly as the change found it, and two changes never interleave.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from geo.errors import GeoInputError
from geo.storage.history import BEGIN, CHANGE_COLUMNS, CHANGES_TABLE, undo
from geo.storage.location import is_postgis_url
from geo.storage.schema import LAYERS
from geo.storage.store import (
    REVISION_TABLE,
    StoreData,
    WriteLock,
    connect,
    exclusive,
    existing_store,
    read_store,
    record_changes,
    table_columns,
    transaction,
    utc_now,
    write_store,
)

if TYPE_CHECKING:
    from geo.storage.server import ServerLock

__all__ = [
    "VERSIONS_TABLE",
    "VERSIONS_SCHEMA",
    "versions_dir",
    "begin_version",
    "finish_version",
    "recording_version",
    "list_versions",
    "state_before",
    "rollback",
]

VERSIONS_TABLE = "store_versions"
_TIMEOUT_S = 60.0
#: The version log's columns and their SQL (the same in a GeoPackage and on a PostGIS server).
VERSIONS_SCHEMA: tuple[tuple[str, str], ...] = (
    ("version", "INTEGER PRIMARY KEY"),
    ("at", "TEXT NOT NULL"),
    ("who", "TEXT NOT NULL"),
    ("action", "TEXT NOT NULL"),
    ("file", "TEXT"),
    ("state", "TEXT NOT NULL"),
    ("problems", "INTEGER"),
    ("report", "TEXT"),
    ("snapshot", "TEXT"),
)
_COLUMNS = tuple(column for column, _ in VERSIONS_SCHEMA)


def versions_dir(store: str | os.PathLike[str]) -> Path:
    """Return the folder holding the snapshots an earlier release kept of ``store`` (``<store>.versions``)."""
    store = Path(store)
    return store.with_name(f"{store.name}.versions")


def begin_version(
    store: str | os.PathLike[str],
    *,
    action: str,
    file: str = "",
    report: str = "",
    problems: int = 0,
    user: str,
    lock: WriteLock,
    at: str | None = None,
) -> int:
    """Log a change about to be applied to ``store``; return its version number.

    The log row and the store's revision then (the ``begin`` row of the history) are
    written in one transaction; the change itself passes ``version=`` to the writer
    (:func:`geo.storage.store.write_store`, :func:`geo.storage.store.append_rows`), which
    records the rows it changes in its own transaction.

    Parameters
    ----------
    store : path-like
        An existing store.
    action : str
        What is about to happen, e.g. ``"import boundaries"``.
    file : str
        The imported file's name.
    report : str
        The import's report (facts, warnings) as text.
    problems : int
        How many warnings the report holds.
    user : str
        Who applies the change.
    lock : WriteLock
        The store's write lock (:func:`geo.storage.store.exclusive`), held until the change is
        written and :func:`finish_version` has run.
    at : str, optional
        ISO time (UTC); default now.

    Returns
    -------
    int
        The new version number (1, 2, ...). Its state is ``pending`` until
        :func:`finish_version` marks it ``applied``; a process killed in between
        leaves it ``pending`` — the store itself is then unchanged.
    """
    store = existing_store(store)
    if not isinstance(user, str) or not user.strip():
        msg = f"'user' should name who applies the change, got {user!r}"
        raise GeoInputError(msg)
    _check_lock(store, lock)
    at = at or utc_now()
    with connect(store) as con:
        _ensure_table(con)
        with transaction(con):
            (last,) = con.execute(f"SELECT COALESCE(MAX(version), 0) FROM {VERSIONS_TABLE}").fetchone()
            version = last + 1
            con.execute(
                f"INSERT INTO {VERSIONS_TABLE} (version, at, who, action, file, state, problems, report, snapshot) "
                "VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, '')",
                (version, at, user.strip(), action, file, problems, report),
            )
            begin = pd.DataFrame([{**dict.fromkeys(CHANGE_COLUMNS), "layer": VERSIONS_TABLE, "op": BEGIN}])
            record_changes(con, begin, version=version, revision=_revision(con))
    return version


@contextlib.contextmanager
def recording_version(
    store: str | os.PathLike[str],
    *,
    action: str,
    file: str = "",
    report: str = "",
    problems: int = 0,
    user: str,
    lock: WriteLock,
) -> Iterator[int]:
    """Log the change, and mark it applied (or failed) when the block ends.

    Examples
    --------
    >>> with exclusive(path) as lock, recording_version(path, action="import villages", user="dio",
    ...                                                  lock=lock) as version:  # doctest: +SKIP
    ...     write_store(path, data, lock=lock, version=version)
    """
    if is_postgis_url(store):  # one transaction: the log row commits with the change, or neither
        from geo.storage import server

        with server.recording_version(lock, action=action, file=file, report=report, problems=problems, user=user) as v:
            yield v
        return
    version = begin_version(store, action=action, file=file, report=report, problems=problems, user=user, lock=lock)
    try:
        yield version
    except BaseException:
        with contextlib.suppress(OSError, sqlite3.Error):  # a full disk must not hide the failure being reported
            finish_version(store, version, state="failed")
        raise
    finish_version(store, version)


def finish_version(store: str | os.PathLike[str], version: int, *, state: str = "applied") -> None:
    """Mark ``version`` as ``applied`` (or ``failed``)."""
    if state not in ("applied", "failed"):
        msg = f"'state' should be 'applied' or 'failed', got {state!r}"
        raise ValueError(msg)
    with connect(existing_store(store)) as con:
        con.execute(f"UPDATE {VERSIONS_TABLE} SET state = ? WHERE version = ?", (state, int(version)))


def list_versions(store: str | os.PathLike[str]) -> pd.DataFrame:
    """Return the version log of ``store``, oldest first.

    Returns
    -------
    pandas.DataFrame
        Columns ``version``, ``at``, ``who``, ``action``, ``file``, ``state``
        (``applied``, ``pending`` = interrupted and not applied, ``failed``),
        ``problems`` (warnings kept), ``report`` and ``snapshot`` (the file name in
        :func:`versions_dir` of the full copy an earlier release kept; empty for a version
        kept as change rows). Empty when the store has no version yet.
    """
    if is_postgis_url(store):
        from geo.storage.postgis import read_extras

        log = read_extras(store).versions.reindex(columns=list(_COLUMNS))
        return log.assign(snapshot=log["snapshot"].fillna(""))
    store = existing_store(store)
    with contextlib.closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=_TIMEOUT_S)) as con:
        exists = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (VERSIONS_TABLE,)
        ).fetchone()
        if not exists:
            return pd.DataFrame(columns=list(_COLUMNS))
        rows = con.execute(f"SELECT {', '.join(_COLUMNS)} FROM {VERSIONS_TABLE} ORDER BY version").fetchall()
    log = pd.DataFrame(rows, columns=list(_COLUMNS))
    return log.assign(snapshot=log["snapshot"].fillna(""))  # a copied version has none


def state_before(store: str | os.PathLike[str], version: int) -> StoreData:
    """Return ``store`` as it was just before ``version`` (what :func:`rollback` restores); change nothing.

    Parameters
    ----------
    store : path-like
        An existing store.
    version : int
        A version of its log.

    Returns
    -------
    StoreData
        Every layer, private columns included, as :func:`geo.storage.store.read_store` read it then.

    Raises
    ------
    GeoInputError
        If the version does not exist, or neither its change rows nor its snapshot file are there.
    """
    _check_version(version)
    if is_postgis_url(store):
        with exclusive(store) as lock:
            return _server_state_before(store, version, lock)
    store = existing_store(store)
    with exclusive(store) as lock:
        return _state_before(store, version, lock=lock)


def rollback(
    store: str | os.PathLike[str], version: int, *, user: str, on_wait: Callable[[str], None] | None = None
) -> int:
    """Restore ``store`` to how it was just before ``version``; return the rollback's own version.

    The rollback is itself a version (its change rows keep the state before it), so a
    rollback can itself be rolled back. The content is restored with
    :func:`geo.storage.store.write_store` in one transaction, under the store's write lock
    (``on_wait`` is told when another change is being written first).

    Raises
    ------
    GeoInputError
        If the version does not exist, or neither its change rows nor its snapshot file are there.
    """
    _check_version(version)
    if is_postgis_url(store):
        with exclusive(store, on_wait=on_wait) as lock:
            data = _server_state_before(store, version, lock)
            with recording_version(store, action=f"rollback to before v{version}", user=user, lock=lock) as new:
                write_store(store, data, layers=tuple(LAYERS), lock=lock, version=new)
            return new
    store = existing_store(store)
    with exclusive(store, on_wait=on_wait) as lock:
        return _rollback(store, version, user=user, lock=lock)


def _rollback(store: Path, version: int, *, user: str, lock: WriteLock) -> int:
    data, snapshot = _restorable(store, version, lock=lock)
    with recording_version(store, action=f"rollback to before v{version}", file=snapshot, user=user, lock=lock) as new:
        write_store(store, data, lock=lock, version=new)
    return new


# --- private helpers -------------------------------------------------------------------


def _check_lock(store: Path, lock: WriteLock) -> None:
    if not isinstance(lock, WriteLock) or lock.path != store.resolve():
        msg = f"'lock' should be the WriteLock of {store} from geo.storage.store.exclusive(), got {lock!r}"
        raise ValueError(msg)


def _ensure_table(con: sqlite3.Connection) -> None:
    con.execute(f"CREATE TABLE IF NOT EXISTS {VERSIONS_TABLE} ({table_columns(VERSIONS_SCHEMA)})")
    registered = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'gpkg_contents'").fetchone()
    if registered:
        con.execute(
            "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
            "VALUES (?, 'attributes', ?, 'imports and rollbacks of this store', ?)",
            (VERSIONS_TABLE, VERSIONS_TABLE, utc_now().replace("Z", ".000Z")),
        )


def _check_version(version: object) -> None:
    if isinstance(version, bool) or not isinstance(version, int):
        msg = f"'version' should be a version number (int), got {version!r}"
        raise TypeError(msg)


def _revision(con: sqlite3.Connection) -> int:
    """The store's revision, read inside the caller's transaction (0 before the first write)."""
    if not con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (REVISION_TABLE,)).fetchone():
        return 0
    (revision,) = con.execute(f"SELECT COALESCE(MAX(revision), 0) FROM {REVISION_TABLE}").fetchone()
    return int(revision)


def _state_before(store: Path, version: int, *, lock: WriteLock) -> StoreData:
    return _restorable(store, version, lock=lock)[0]


def _restorable(store: Path, version: int, *, lock: WriteLock) -> tuple[StoreData, str]:
    """The store before ``version`` and the snapshot file it came from ("" when undone from the change rows)."""
    _check_lock(store, lock)
    log = list_versions(store)
    if version not in set(log["version"]):
        known = ", ".join(map(str, log["version"])) or "none yet"
        msg = f"store {store.name} has no version {version}; its versions are: {known} (see `python -m geo history`)"
        raise GeoInputError(msg)
    name = log.loc[log["version"] == version, "snapshot"].iloc[0]
    if name:
        snapshot = versions_dir(store) / str(name)
        if not snapshot.is_file():
            msg = f"the snapshot of version {version} ({snapshot}) is missing; it cannot be restored"
            raise GeoInputError(msg)
        return read_store(snapshot, private=True), snapshot.name
    return _undone(store, version), ""


def _undone(store: Path, version: int) -> StoreData:
    """The store now with every write since ``version`` began undone, newest first (the caller holds the lock)."""
    with contextlib.closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=_TIMEOUT_S)) as con:
        kept = con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (CHANGES_TABLE,)).fetchone()
        begin = (
            con.execute(
                f"SELECT revision FROM {CHANGES_TABLE} WHERE version = ? AND op = ?", (version, BEGIN)
            ).fetchone()
            if kept
            else None
        )
        if begin is None:
            msg = (
                f"store {store.name} keeps neither a snapshot nor the recorded changes of version {version}, so the "
                f"store cannot be restored to before it; nothing was changed (`python -m geo check --store {store}`)"
            )
            raise GeoInputError(msg)
        columns = ("revision", *CHANGE_COLUMNS)
        rows = con.execute(
            f"SELECT {', '.join(columns)} FROM {CHANGES_TABLE} WHERE revision > ? AND op != ? "
            "ORDER BY revision DESC, rowid",
            (begin[0], BEGIN),
        ).fetchall()
    return undone(read_store(store, private=True), pd.DataFrame(rows, columns=list(columns)))


def _server_state_before(url: str, version: int, lock: ServerLock) -> StoreData:
    """A server store before ``version``: its content now with every later write undone (the caller holds it whole)."""
    from geo.storage import server

    return undone(read_store(url, private=True), server.changes_since(lock, version))


def undone(data: StoreData, changes: pd.DataFrame) -> StoreData:
    """``data`` with the writes of ``changes`` undone, newest first (``revision`` descending, as given)."""
    for _, write in changes.groupby("revision", sort=False):
        data = undo(data, write)
    return data
