"""Numbered versions of a store: every import and rollback can be undone.

Before a change is applied, :func:`begin_version` copies the whole store (SQLite's
online backup, consistent even while editors write) to
``<store>.versions/v0003.gpkg`` and logs the change in the ``store_versions`` table
of the store — who, when, what, from which file, and the import's report. Version
*N*'s snapshot is the store as it was just *before* change *N*, so
:func:`rollback` to *N* undoes change *N* and everything after it. A rollback is
itself a version (its snapshot is the state before the rollback), so nothing is
ever lost.

``store_versions`` is not a layer of the data contract: :func:`geo.storage.store.write_store`
never overwrites it, and a rollback keeps the log.

A version is begun, written and finished while the caller holds the store's write
lock (:func:`geo.storage.store.exclusive`), so version numbers are unique, each snapshot is
the store exactly as the change found it, and two changes never interleave.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from geo.errors import GeoInputError
from geo.storage.location import is_postgis_url
from geo.storage.store import (
    WriteLock,
    connect,
    exclusive,
    existing_store,
    read_store,
    table_columns,
    transaction,
    utc_now,
    write_store,
)

__all__ = [
    "VERSIONS_TABLE",
    "VERSIONS_SCHEMA",
    "versions_dir",
    "begin_version",
    "finish_version",
    "recording_version",
    "list_versions",
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
    """Return the folder holding the snapshots of ``store`` (``<store>.versions``)."""
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
    """Snapshot ``store`` and log a change about to be applied; return its version number.

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
    folder = versions_dir(store)
    folder.mkdir(exist_ok=True)
    with connect(store) as con:
        _ensure_table(con)
        with transaction(con):
            (last,) = con.execute(f"SELECT COALESCE(MAX(version), 0) FROM {VERSIONS_TABLE}").fetchone()
            version = last + 1
            snapshot = folder / f"v{version:04d}.gpkg"
            con.execute(
                f"INSERT INTO {VERSIONS_TABLE} (version, at, who, action, file, state, problems, report, snapshot) "
                "VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
                (version, at, user.strip(), action, file, problems, report, snapshot.name),
            )
        try:
            _backup(con, snapshot)  # the snapshot holds its own log row: `check` names the change from it
        except BaseException:
            with contextlib.suppress(OSError, sqlite3.Error):  # e.g. a full disk: no version without its snapshot
                con.execute(f"UPDATE {VERSIONS_TABLE} SET state = 'failed' WHERE version = ?", (version,))
            raise
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
    """Snapshot ``store``, log the change, and mark it applied (or failed) when the block ends.

    Examples
    --------
    >>> with exclusive(path) as lock, recording_version(path, action="import villages", user="dio",
    ...                                                  lock=lock) as version:  # doctest: +SKIP
    ...     write_store(path, data, lock=lock)
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
        ``problems`` (warnings kept), ``report`` and ``snapshot`` (file name in
        :func:`versions_dir`). Empty when the store has no version yet.
    """
    if is_postgis_url(store):
        from geo.storage.postgis import read_extras

        return read_extras(store).versions.reindex(columns=list(_COLUMNS))
    store = existing_store(store)
    with contextlib.closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=_TIMEOUT_S)) as con:
        exists = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (VERSIONS_TABLE,)
        ).fetchone()
        if not exists:
            return pd.DataFrame(columns=list(_COLUMNS))
        rows = con.execute(f"SELECT {', '.join(_COLUMNS)} FROM {VERSIONS_TABLE} ORDER BY version").fetchall()
    return pd.DataFrame(rows, columns=list(_COLUMNS))


def rollback(
    store: str | os.PathLike[str], version: int, *, user: str, on_wait: Callable[[str], None] | None = None
) -> int:
    """Restore ``store`` to how it was just before ``version``; return the rollback's own version.

    The current state is snapshotted first (as a new version), so a rollback can
    itself be rolled back. The content is restored with
    :func:`geo.storage.store.write_store` in one transaction, under the store's write lock
    (``on_wait`` is told when another change is being written first).

    Raises
    ------
    GeoInputError
        If the version does not exist or its snapshot file is missing.
    """
    store = existing_store(store)
    if isinstance(version, bool) or not isinstance(version, int):
        msg = f"'version' should be a version number (int), got {version!r}"
        raise TypeError(msg)
    with exclusive(store, on_wait=on_wait) as lock:
        return _rollback(store, version, user=user, lock=lock)


def _rollback(store: Path, version: int, *, user: str, lock: WriteLock) -> int:
    log = list_versions(store)
    if version not in set(log["version"]):
        known = ", ".join(map(str, log["version"])) or "none yet"
        msg = f"store {store.name} has no version {version}; its versions are: {known} (see `python -m geo history`)"
        raise GeoInputError(msg)
    snapshot = versions_dir(store) / str(log.loc[log["version"] == version, "snapshot"].iloc[0])
    if not snapshot.is_file():
        msg = f"the snapshot of version {version} ({snapshot}) is missing; it cannot be restored"
        raise GeoInputError(msg)
    data = read_store(snapshot, private=True)
    with recording_version(
        store, action=f"rollback to before v{version}", file=snapshot.name, user=user, lock=lock
    ) as new:
        write_store(store, data, lock=lock)
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


def _backup(con: sqlite3.Connection, snapshot: Path) -> None:
    tmp = snapshot.with_name(f".{snapshot.name}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as out:
            con.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")
        os.replace(tmp, snapshot)
    finally:
        tmp.unlink(missing_ok=True)
