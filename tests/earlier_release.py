"""A store as an earlier release left it: a full copy of the store before each version, no change rows.

Releases before issue 25 copied the whole store to ``<store>.versions/vNNNN.gpkg`` before
each version (the copy holding the log up to that version, still ``pending``) and named
the file in the log's ``snapshot`` column. :func:`as_earlier_release` turns a store
versioned by this release into that layout, so the tests of snapshots (their checks,
rollback from them, their damage) keep running on the stores offices still have.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from geo.storage.history import CHANGES_TABLE
from geo.storage.store import table_columns, write_store
from geo.storage.versions import VERSIONS_SCHEMA, VERSIONS_TABLE, list_versions, state_before, versions_dir


def as_earlier_release(store: Path) -> list[Path]:
    """Give every version of ``store`` its snapshot file and drop the change rows; return the snapshots."""
    log = list_versions(store)
    folder = versions_dir(store)
    folder.mkdir(exist_ok=True)
    snapshots = []
    for version in log["version"]:
        snapshot = folder / f"v{version:04d}.gpkg"
        write_store(snapshot, state_before(store, int(version)), fresh_file=True)
        _keep_log(snapshot, log[log["version"] <= version].assign(snapshot=lambda f: f["version"].map(_name)))
        snapshots.append(snapshot)
    with contextlib.closing(sqlite3.connect(store, isolation_level=None)) as con:
        con.execute(f"UPDATE {VERSIONS_TABLE} SET snapshot = printf('v%04d.gpkg', version)")
        con.execute(f"DROP TABLE {CHANGES_TABLE}")
    return snapshots


def _name(version: int) -> str:
    return f"v{version:04d}.gpkg"


def _keep_log(snapshot: Path, rows) -> None:  # noqa: ANN001 - the log's rows up to the snapshot's version
    """The log as the snapshot saw it: up to its own version, which was still pending."""
    rows = rows.copy()
    rows.loc[rows.index[-1], "state"] = "pending"
    columns = [column for column, _ in VERSIONS_SCHEMA]
    with contextlib.closing(sqlite3.connect(snapshot, isolation_level=None)) as con:
        con.execute(f"CREATE TABLE {VERSIONS_TABLE} ({table_columns(VERSIONS_SCHEMA)})")
        con.executemany(
            f"INSERT INTO {VERSIONS_TABLE} VALUES ({', '.join('?' * len(columns))})",
            [
                tuple(None if v is None else (int(v) if hasattr(v, "item") else v) for v in row)
                for row in rows[columns].itertuples(index=False)
            ],
        )
