"""The store on a PostgreSQL + PostGIS server, and copying a store between the two kinds.

A PostGIS store lives in one schema of a database (``panchayat`` unless the URL says
``?schema=NAME``), with one table per layer of the data contract
(:data:`geo.storage.schema.LAYERS`, ``meta`` included, so its ``schema_version`` too):
the contract's columns (text for ``str``, ``date`` and ``datetime``, ``bigint``,
``double precision``, ``boolean``), a ``geometry`` column of the layer's type in
EPSG:4326 with a GiST index, a ``fid`` giving the rows' order, and the layer's key
unique. Beside them, as in a GeoPackage store: ``store_revision`` (advanced by every
write), ``store_versions`` (the version log of :mod:`geo.storage.versions`) and
``accounts`` (editors, :mod:`geo.storage.accounts`), plus ``store_layout``, the version
of this table layout (for later migrations).

- :func:`write_postgis` writes a whole store in one transaction: a failure leaves the
  database as it was. :func:`read_postgis` reads it back through the same
  :func:`geo.storage.store.conform` as a GeoPackage.
- :func:`copy_store` copies a store from a GeoPackage file or a PostGIS URL to either,
  with its version log and accounts, and records the copy in the target's log. The
  snapshots of earlier versions (``<store>.versions/``) stay with the source.

Every reader goes through :func:`geo.storage.store.read_store` and friends, every writer
through :func:`geo.storage.store.exclusive` and the writers it hands its lock to; for a
URL they come here and to :mod:`geo.storage.server` (transactions, the lock rules).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import geopandas as gpd
import pandas as pd
import psycopg
import shapely
from psycopg import sql

from geo.errors import StoreError
from geo.storage.accounts import ACCOUNT_TABLES
from geo.storage.history import CHANGES_SCHEMA, CHANGES_TABLE
from geo.storage.location import is_postgis_url, shown_url
from geo.storage.schema import LAYERS, META_KEYS, STORE_CRS
from geo.storage.store import (
    REVISION_TABLE,
    StoreData,
    conform,
    empty_layer,
    exclusive,
    layer_frame,
    read_store,
    retire_wal,
    store_revision,
    utc_now,
    write_store,
)
from geo.storage.versions import VERSIONS_SCHEMA, VERSIONS_TABLE, versions_dir

__all__ = [
    "DEFAULT_SCHEMA",
    "LAYOUT_VERSION",
    "StoreExtras",
    "CopyReport",
    "is_postgis_url",
    "shown_url",
    "write_postgis",
    "read_postgis",
    "read_extras",
    "copy_store",
]

#: The schema a store lives in when its URL names none (``?schema=NAME`` names one).
DEFAULT_SCHEMA = "panchayat"
#: The version of the table layout below; a later layout migrates stores of this one.
LAYOUT_VERSION = 2
_LAYOUT_TABLE = "store_layout"
#: One row per write since the last whole-store write: the store's revision counts them.
WRITES_TABLE = "store_writes"
_ACCOUNTS_TABLE = "accounts"
_SCHEMA_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
_SRID = 4326
_KINDS = {
    "str": "text",
    "date": "text",  # ISO text as in the GeoPackage: read back exactly as written
    "datetime": "text",
    "int": "bigint",
    "float": "double precision",
    "bool": "boolean",
}
#: What a store holds beside its layers: table -> (column, SQL type and constraint), as in the GeoPackage
#: (``sign_in_failures`` is written empty: the accounts' code reads it whenever there are accounts).
_EXTRA_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    VERSIONS_TABLE: VERSIONS_SCHEMA,
    CHANGES_TABLE: CHANGES_SCHEMA,
    **ACCOUNT_TABLES,
}
#: The state of the version-log row a copy adds: it has no snapshot (nothing was in the target before it).
COPIED_STATE = "copied"


@dataclass(frozen=True)
class StoreExtras:
    """What a store holds beside its layers and a user would lose without it.

    Attributes
    ----------
    versions : pandas.DataFrame
        The version log (``store_versions``: who changed what, when, from which file), oldest first.
    accounts : pandas.DataFrame
        Editors' accounts (names, roles, blocks, argon2id password hashes), as stored.
    """

    versions: pd.DataFrame = field(default_factory=lambda: _empty_extra(VERSIONS_TABLE))
    accounts: pd.DataFrame = field(default_factory=lambda: _empty_extra(_ACCOUNTS_TABLE))
    changes: pd.DataFrame = field(default_factory=lambda: _empty_extra(CHANGES_TABLE))

    @property
    def last_change(self) -> int:
        """The largest revision the kept change rows name (0 without any): a copy's revision must pass it."""
        return int(pd.to_numeric(self.changes["revision"]).max()) if len(self.changes) else 0

    def table(self, name: str) -> pd.DataFrame:
        """The rows of extra table ``name`` (``store_versions``, ``accounts``; ``sign_in_failures`` is empty)."""
        found = {VERSIONS_TABLE: self.versions, _ACCOUNTS_TABLE: self.accounts, CHANGES_TABLE: self.changes}
        return found.get(name, _empty_extra(name))


@dataclass(frozen=True)
class CopyReport:
    """What :func:`copy_store` copied.

    Attributes
    ----------
    source, target : str
        The two stores as shown to people (a URL without its password).
    rows : dict of str to int
        Rows per layer of the data contract (``meta`` included), in the contract's order.
    versions, accounts : int
        Rows of the version log (before the copy's own) and accounts copied.
    snapshots_left : int
        Snapshots of earlier versions that were not copied.
    snapshots_home : str
        Where they are: the source GeoPackage's snapshot folder, or (from PostGIS) beside the
        GeoPackage they were taken of.
    version : int
        The copy's own row in the target's version log.
    moved_aside : pathlib.Path or None
        The replaced GeoPackage target's own snapshot folder, renamed so that no old snapshot
        is taken for one of the copied versions.
    """

    source: str
    target: str
    rows: dict[str, int]
    versions: int
    accounts: int
    snapshots_left: int
    snapshots_home: str
    version: int
    moved_aside: Path | None = None

    def lines(self) -> list[str]:
        """The report as lines to print: the counts, then what stayed behind."""
        width = max(map(len, self.rows))
        out = [f"copied {self.source} to {self.target} (version {self.version} of its history):"]
        out += [f"  {name:<{width}}  {count:>8,}" for name, count in self.rows.items()]
        out.append(f"  {'history':<{width}}  {self.versions:>8,} version(s) (and the copy itself)")
        out.append(f"  {'accounts':<{width}}  {self.accounts:>8,}")
        if self.snapshots_left:
            out.append(
                f"not copied: the snapshots of {self.snapshots_left} earlier version(s), which stay "
                f"{self.snapshots_home}; {self.target} lists those versions but cannot be rolled back to before them"
            )
        out.append("not copied: failed sign-in attempts (a locked name is unlocked at the target)")
        if self.moved_aside is not None:
            out.append(f"the replaced store's own snapshots were moved to {self.moved_aside}")
        return out


def write_postgis(url: str, data: StoreData, *, extras: StoreExtras | None = None, replace: bool = True) -> int:
    """Write a whole store into a PostGIS database, in one transaction.

    Parameters
    ----------
    url : str
        ``postgresql://user:password@host:port/database`` (``?schema=NAME`` for a schema other
        than :data:`DEFAULT_SCHEMA`). The database must have PostGIS.
    data : StoreData
        The content; every layer is conformed to the contract first.
    extras : StoreExtras, optional
        The version log and accounts to write too, replacing the target's. Without it the
        target's own log and accounts stay as they are.
    replace : bool, default True
        Write over a store already there; False refuses one (checked inside the transaction).

    Returns
    -------
    int
        The store's revision after the write.

    Raises
    ------
    StoreError
        If the server cannot be reached, the content breaks the contract (a key twice, say),
        or the target holds a store and ``replace`` is False; the database is then as it was.
    """
    from geo.storage.server import exclusive  # the lock rules of server writers; that module builds on this one

    with exclusive(url) as lock:
        if store_revision_of(lock.con, lock.schema) is not None and not replace:
            msg = f"{shown_url(url)} already holds a store"
            raise _TargetHoldsStore(msg)
        return write_whole_store(lock.con, lock.schema, data, extras=extras)


def write_whole_store(
    con: psycopg.Connection, schema: str, data: StoreData, *, extras: StoreExtras | None = None
) -> int:
    """Write every layer of ``data`` (and ``extras``) into ``schema`` inside the caller's transaction.

    The caller holds the store as a whole (:func:`geo.storage.server.exclusive` without ``writes``).
    The version log and accounts are kept (or created empty) unless ``extras`` replaces them.
    Returns the store's revision after the write.
    """
    missing = [k for k in META_KEYS if k not in data.meta]
    if missing:
        msg = f"store metadata lacks {', '.join(missing)}; nothing was written"
        raise StoreError(msg)
    frames = {name: layer_frame(data, name) for name in LAYERS}
    past = (store_revision_of(con, schema), data.revision, 0 if extras is None else extras.last_change)
    revision = max(value or 0 for value in past) + 1  # never behind the source's or the target's history
    con.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
    for name, frame in frames.items():
        con.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table(schema, name)))
        create_layer_table(con, schema, name)
        load_rows(con, schema, name, frame)
    for name in _EXTRA_TABLES:
        if extras is not None:
            _write_extra(con, schema, name, extras.table(name))
        else:  # a new store: its own accounts and log stay; the rows undoing earlier writes no longer apply
            _create_extra(con, schema, name, drop=name == CHANGES_TABLE)
    _write_single(con, schema, _LAYOUT_TABLE, "version", LAYOUT_VERSION)
    _write_single(con, schema, REVISION_TABLE, "revision", revision)
    writes = table(schema, WRITES_TABLE)
    con.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(writes))
    con.execute(
        sql.SQL("CREATE TABLE {} (fid bigint GENERATED ALWAYS AS IDENTITY, at text, layers text)").format(writes)
    )
    return revision


def read_postgis(url: str, *, private: bool = False) -> StoreData:
    """Read a whole PostGIS store, as :func:`geo.storage.store.read_store` reads a GeoPackage.

    Parameters
    ----------
    url : str
        The store's URL (see :func:`write_postgis`).
    private : bool, default False
        Include private columns (:data:`geo.storage.schema.PRIVATE_FIELDS`) and ``service_private``.

    Returns
    -------
    StoreData
        Every layer conformed to the contract, read in one consistent snapshot of the database.

    Raises
    ------
    StoreError
        If the server cannot be reached or holds no store there.
    """
    conninfo, schema = store_target(url)
    with connected(url, conninfo) as con, failing_as_store_error(url, "read"), _snapshot(con):
        revision = required_revision(con, schema, url)
        frames = {name: conform(name, read_table(con, schema, name)) for name in LAYERS}
    for name, spec in LAYERS.items():
        if not private and spec.private:
            frames[name] = frames[name].drop(columns=list(spec.private))
    if not private:
        frames["service_private"] = frames["service_private"].iloc[0:0]
    meta_frame = frames.pop("meta")
    meta = dict(zip(meta_frame["key"], meta_frame["value"], strict=True))
    return StoreData(meta=meta, revision=revision, **frames)


def read_extras(store: str | os.PathLike[str]) -> StoreExtras:
    """The version log and accounts of a store (GeoPackage path or PostGIS URL); empty where it has none."""
    if is_postgis_url(store):
        conninfo, schema = store_target(str(store))
        with connected(str(store), conninfo) as con, failing_as_store_error(str(store), "read"), _snapshot(con):
            return StoreExtras(**_extra_fields(lambda name: _read_extra_pg(con, schema, name)))
    path = Path(store)
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        return StoreExtras(**_extra_fields(lambda name: _read_extra_sqlite(con, name)))


def copy_store(source: str, target: str, *, user: str, replace: bool = False) -> CopyReport:
    """Copy a whole store (layers, meta, version log, accounts) from ``source`` to ``target``.

    Either may be a GeoPackage path or a PostGIS URL. The target is written in one
    transaction (a GeoPackage: a new file renamed into place), so a failure leaves it as
    it was; the copy is recorded in the target's version log as done by ``user``.

    Parameters
    ----------
    source, target : str
        The stores.
    user : str
        Who copies (recorded in the target's version log).
    replace : bool, default False
        Write over a target that already holds a store; refused otherwise.

    Returns
    -------
    CopyReport
        What was copied and what stayed behind.

    Raises
    ------
    StoreError
        If the source cannot be read, or the target holds a store and ``replace`` is False
        (the message says to add ``--replace``), or it cannot be written.
    """
    if not isinstance(user, str) or not user.strip():
        msg = f"'user' should name who copies the store, got {user!r}"
        raise StoreError(msg)
    shown = {store: shown_url(store) if is_postgis_url(store) else store for store in (source, target)}
    data = read_postgis(source, private=True) if is_postgis_url(source) else read_store(source, private=True)
    extras = read_extras(source)
    log = extras.versions
    snapshots = int(((log["state"] == "applied") & log["snapshot"].fillna("").astype(bool)).sum()) if len(log) else 0
    version = int(extras.versions["version"].max()) + 1 if len(extras.versions) else 1
    entry = {
        "version": version,
        "at": utc_now(),
        "who": user.strip(),
        "action": f"copy from {shown[source]}",
        "file": shown[source],
        "state": COPIED_STATE,
        "problems": 0,
        "report": "",
        "snapshot": "",
    }
    logged = StoreExtras(
        versions=pd.concat([extras.versions, pd.DataFrame([entry])], ignore_index=True),
        accounts=extras.accounts,
        changes=extras.changes,
    )
    refusal = (
        f"{shown[target]} already holds a store; nothing was copied — add --replace to write over it "
        "(its content is lost), or choose another target"
    )
    moved = None
    try:
        if is_postgis_url(target):
            write_postgis(target, data, extras=logged, replace=replace)
        else:
            moved = _write_gpkg_copy(Path(target), data, logged, replace=replace)
    except _TargetHoldsStore as err:
        raise StoreError(refusal) from err
    return CopyReport(
        source=shown[source],
        target=shown[target],
        rows={name: len(data.layer(name)) for name in LAYERS},
        versions=len(extras.versions),
        accounts=len(extras.accounts),
        snapshots_left=snapshots,
        snapshots_home=(
            "beside the GeoPackage store they were taken of"
            if is_postgis_url(source)
            else f"in {versions_dir(Path(source))}"
        ),
        version=version,
        moved_aside=moved,
    )


# --- private helpers -------------------------------------------------------------------


class _TargetHoldsStore(StoreError):
    """The target of a copy without ``replace`` already holds a store."""


def store_target(url: str) -> tuple[str, str]:
    """The connection URL (without ``schema=``) and the schema of store ``url``."""
    parts = urlsplit(url)
    if not is_postgis_url(url):
        msg = f"{shown_url(url)} is not a PostGIS URL; expected postgresql://user:password@host:port/database"
        raise StoreError(msg)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schemas = [value for key, value in query if key == "schema"]
    schema = schemas[-1] if schemas else DEFAULT_SCHEMA
    if not _SCHEMA_NAME.fullmatch(schema):
        msg = (
            f"schema {schema!r} in {shown_url(url)} is not a plain name; use lower-case letters, digits "
            "and _ (at most 63), starting with a letter"
        )
        raise StoreError(msg)
    rest = urlencode([(key, value) for key, value in query if key != "schema"])
    return urlunsplit(parts._replace(query=rest)), schema


@contextlib.contextmanager
def connected(url: str, conninfo: str) -> Iterator[psycopg.Connection]:
    """A connection to the store's database; an unreachable server is one sentence, not a traceback."""
    try:
        con = psycopg.connect(conninfo, connect_timeout=10)
    except psycopg.Error as err:
        reason = " ".join(str(err).split()) or type(err).__name__  # libpq's lines, as one
        msg = (
            f"cannot connect to the PostGIS server of {shown_url(url)} ({reason}); nothing was read or written — "
            "start it (bash scripts/db.sh) or correct the URL"
        )
        raise StoreError(msg) from err
    with con:
        yield con


@contextlib.contextmanager
def failing_as_store_error(url: str, done: str) -> Iterator[None]:
    """A database error inside the block as a :class:`StoreError` naming the store; nothing was ``done``."""
    try:
        yield
    except psycopg.Error as err:
        detail = getattr(err.diag, "message_primary", None) or str(err).strip().splitlines()[0]
        where = getattr(err.diag, "table_name", None)
        about = f" in table {where}" if where else ""
        msg = f"PostGIS store {shown_url(url)} could not be {done}{about} ({detail}); nothing was changed"
        raise StoreError(msg) from err


@contextlib.contextmanager
def _snapshot(con: psycopg.Connection) -> Iterator[None]:
    """A read-only transaction that sees one state of the database throughout."""
    con.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    con.read_only = True
    with con.transaction():
        yield


def store_revision_of(con: psycopg.Connection, schema: str) -> int | None:
    """The revision of the store in ``schema`` (committed writes), or None when there is no store there.

    ``store_revision`` holds the revision of the last whole-store write (a copy); each write since
    adds one row to ``store_writes`` in its own transaction, so the count grows as writes commit
    and two writers never wait for one row.
    """
    found = con.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}"."{REVISION_TABLE}"']).fetchone()
    if not found[0]:
        return None
    base = con.execute(sql.SQL("SELECT max(revision) FROM {}").format(table(schema, REVISION_TABLE))).fetchone()[0]
    counted = con.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}"."{WRITES_TABLE}"']).fetchone()[0]
    writes = 0
    if counted:
        writes = con.execute(sql.SQL("SELECT count(*) FROM {}").format(table(schema, WRITES_TABLE))).fetchone()[0]
    return int(base or 0) + int(writes)


def required_revision(con: psycopg.Connection, schema: str, url: str) -> int:
    """The revision of the store in ``schema``; a :class:`StoreError` saying how to put one there when there is none."""
    revision = store_revision_of(con, schema)
    if revision is None:
        msg = f"{shown_url(url)} holds no store; copy one there with `python -m geo copy --from STORE --to URL`"
        raise StoreError(msg)
    return revision


def table(schema: str, name: str) -> sql.Composed:
    return sql.Identifier(schema, name)


def _write_single(con: psycopg.Connection, schema: str, name: str, column: str, value: int) -> None:
    """Table ``name`` holding one integer ``column`` with one row, ``value``."""
    target = table(schema, name)
    con.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(target))
    con.execute(sql.SQL("CREATE TABLE {} ({} bigint NOT NULL)").format(target, sql.Identifier(column)))
    con.execute(sql.SQL("INSERT INTO {} VALUES (%s)").format(target), [value])


def create_layer_table(con: psycopg.Connection, schema: str, name: str) -> None:
    """Create layer ``name``'s table: its key unique, a GiST index, a sequence for an integer key."""
    spec = LAYERS[name]
    target = table(schema, name)
    columns = [
        sql.SQL("fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"),
        *(sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(_KINDS[k])) for c, k in spec.columns.items()),
    ]
    if spec.geometry is not None:
        columns.append(sql.SQL("geometry geometry({}, {})").format(sql.SQL(spec.geometry), sql.Literal(_SRID)))
    if spec.key:
        columns.append(sql.SQL("UNIQUE ({})").format(sql.SQL(", ").join(map(sql.Identifier, spec.key))))
    con.execute(sql.SQL("CREATE TABLE {} ({})").format(target, sql.SQL(", ").join(columns)))
    if spec.geometry is not None:
        con.execute(sql.SQL("CREATE INDEX ON {} USING gist (geometry)").format(target))
    if _numbered(name):
        con.execute(sql.SQL("DROP SEQUENCE IF EXISTS {}").format(key_sequence(schema, name)))
        con.execute(sql.SQL("CREATE SEQUENCE {}").format(key_sequence(schema, name)))


def key_sequence(schema: str, name: str) -> sql.Composed:
    """The sequence numbering the integer key of layer ``name`` (``status_events.event_id``)."""
    return table(schema, f"{name}_{LAYERS[name].key[0]}_seq")


def load_rows(con: psycopg.Connection, schema: str, name: str, frame: pd.DataFrame, *, numbered: bool = False) -> None:
    """Append ``frame``'s rows (conformed) to layer ``name``'s table with COPY, in the frame's order.

    An integer key's sequence is moved past the largest key loaded, unless the keys are
    ``numbered`` by that sequence already (an editor's appended event).
    """
    spec = LAYERS[name]
    copy_rows(con, table(schema, name), frame, spec.columns, geometry=spec.geometry is not None)
    if _numbered(name) and len(frame) and not numbered:
        # only forward, and only past keys the sequence never gave: an editor's nextval meanwhile is never reset
        sequence = sql.Literal(key_sequence(schema, name).as_string(con))
        largest = int(pd.to_numeric(frame[spec.key[0]]).max())
        moved = sql.SQL("SELECT setval({0}, %s) WHERE %s > coalesce(pg_sequence_last_value({0}), 0)").format(sequence)
        con.execute(moved, [largest, largest])


def copy_rows(
    con: psycopg.Connection, target: sql.Composable, frame: pd.DataFrame, columns: dict[str, str], *, geometry: bool
) -> None:
    """COPY ``frame``'s ``columns`` (and its geometry, with ``geometry``) into table ``target``, in order."""
    names = list(columns) + (["geometry"] if geometry else [])
    copy_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(target, sql.SQL(", ").join(map(sql.Identifier, names)))
    with con.cursor().copy(copy_sql) as copy:
        for row in _rows(frame, columns, geometry):
            copy.write_row(row)


def layout_of(con: psycopg.Connection, schema: str) -> int:
    """The table layout version of the store in ``schema`` (0 when there is none)."""
    if not con.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}"."{_LAYOUT_TABLE}"']).fetchone()[0]:
        return 0
    return int(con.execute(sql.SQL("SELECT max(version) FROM {}").format(table(schema, _LAYOUT_TABLE))).fetchone()[0])


def migrate_layout(con: psycopg.Connection, schema: str) -> None:
    """Bring a store of an earlier table layout to :data:`LAYOUT_VERSION` (the caller holds it whole).

    Layout 1 had no ``store_writes`` and no key sequences: they are added, each sequence past the
    largest key, and a missing version log or accounts table is created empty.
    """
    writes = table(schema, WRITES_TABLE)
    columns = sql.SQL("fid bigint GENERATED ALWAYS AS IDENTITY, at text, layers text")
    con.execute(sql.SQL("CREATE TABLE IF NOT EXISTS {} ({})").format(writes, columns))
    for name in LAYERS:
        if _numbered(name):
            sequence = key_sequence(schema, name)
            key = sql.Identifier(LAYERS[name].key[0])
            con.execute(sql.SQL("CREATE SEQUENCE IF NOT EXISTS {}").format(sequence))
            largest = con.execute(sql.SQL("SELECT max({}) FROM {}").format(key, table(schema, name))).fetchone()[0]
            if largest is not None:
                con.execute(sql.SQL("SELECT setval({}, %s)").format(sql.Literal(sequence.as_string(con))), [largest])
    for name in _EXTRA_TABLES:
        _create_extra(con, schema, name, drop=False)
    _write_single(con, schema, _LAYOUT_TABLE, "version", LAYOUT_VERSION)


def _numbered(name: str) -> bool:
    """Whether layer ``name`` is keyed by one integer column its writers number (``status_events``)."""
    spec = LAYERS[name]
    return len(spec.key) == 1 and spec.columns[spec.key[0]] == "int"


def _rows(frame: pd.DataFrame, columns: dict[str, str], geometry: bool) -> Iterator[tuple]:
    """The rows of ``frame`` as Python values (None for missing), geometry as hex EWKB in EPSG:4326."""
    values = [[plain(v) for v in frame[c].astype(object)] for c in columns]
    if geometry:
        shapes = shapely.set_srid(frame.geometry.to_numpy(), _SRID)
        # binary WKB in bulk, then bytes.hex: several times faster than GEOS's own hex writer
        values.append([None if wkb is None else wkb.hex() for wkb in shapely.to_wkb(shapes, include_srid=True)])
    return zip(*values, strict=True) if values else iter(())


def plain(value: object) -> object:
    """A frame's value as the database takes it: None for pandas' missing values, numpy scalars as Python ones."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):  # noqa: PLR0124 - NaN
        return None
    return value.item() if hasattr(value, "item") else value


def read_table(con: psycopg.Connection, schema: str, name: str) -> pd.DataFrame:
    """Layer ``name`` as stored, in the order written (an empty contract layer when the table is missing)."""
    spec = LAYERS[name]
    found = con.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}"."{name}"']).fetchone()
    if not found[0]:
        return empty_layer(name)
    listed = [sql.Identifier(c) for c in spec.columns]
    if spec.geometry is not None:
        listed.append(sql.SQL("ST_AsBinary(geometry)"))
    query = sql.SQL("SELECT {} FROM {} ORDER BY fid").format(sql.SQL(", ").join(listed), table(schema, name))
    rows = con.execute(query).fetchall()
    frame = pd.DataFrame(
        [row[: len(spec.columns)] for row in rows], columns=list(spec.columns), index=pd.RangeIndex(len(rows))
    )
    if spec.geometry is None:
        return frame
    shapes = shapely.from_wkb([None if row[-1] is None else bytes(row[-1]) for row in rows])
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(shapes, index=frame.index, crs=STORE_CRS))


def _empty_extra(name: str) -> pd.DataFrame:
    return pd.DataFrame(columns=[column for column, _ in _EXTRA_TABLES[name]])


def _extra_fields(read: Callable[[str], tuple[list[tuple], list[str]] | None]) -> dict[str, pd.DataFrame]:
    """StoreExtras' fields from ``read(table)`` (rows and column names, or None for a missing table)."""
    out = {}
    for name, attribute in ((VERSIONS_TABLE, "versions"), (_ACCOUNTS_TABLE, "accounts"), (CHANGES_TABLE, "changes")):
        found = read(name)
        columns = [column for column, _ in _EXTRA_TABLES[name]]
        if found is None:
            out[attribute] = _empty_extra(name)
            continue
        rows, present = found
        frame = pd.DataFrame(rows, columns=present)
        out[attribute] = frame.reindex(columns=columns)
    return out


def _read_extra_sqlite(con: sqlite3.Connection, name: str) -> tuple[list[tuple], list[str]] | None:
    if not con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone():
        return None
    cursor = con.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
    return cursor.fetchall(), [d[0] for d in cursor.description]


def _read_extra_pg(con: psycopg.Connection, schema: str, name: str) -> tuple[list[tuple], list[str]] | None:
    if not con.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}"."{name}"']).fetchone()[0]:
        return None
    cursor = con.execute(sql.SQL("SELECT * FROM {} ORDER BY fid").format(table(schema, name)))
    present = [d.name for d in cursor.description]
    return [row[1:] for row in cursor.fetchall()], present[1:]


def _write_extra(con: psycopg.Connection, schema: str, name: str, frame: pd.DataFrame) -> None:
    """Create extra table ``name`` afresh with ``frame``'s rows (in their order)."""
    _create_extra(con, schema, name, drop=True)
    names = [c for c, _ in _EXTRA_TABLES[name]]
    listed = sql.SQL(", ").join(map(sql.Identifier, names))
    with con.cursor().copy(sql.SQL("COPY {} ({}) FROM STDIN").format(table(schema, name), listed)) as copy:
        for row in frame.reindex(columns=names).astype(object).itertuples(index=False):
            copy.write_row([plain(v) for v in row])


def _create_extra(con: psycopg.Connection, schema: str, name: str, *, drop: bool) -> None:
    """Create extra table ``name`` (dropping it first with ``drop``, else only when it is missing)."""
    target = table(schema, name)
    columns = [sql.SQL("fid bigint GENERATED ALWAYS AS IDENTITY")]
    columns += [sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(kind)) for c, kind in _EXTRA_TABLES[name]]
    if drop:
        con.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(target))
    con.execute(sql.SQL("CREATE TABLE IF NOT EXISTS {} ({})").format(target, sql.SQL(", ").join(columns)))


def _write_gpkg_copy(target: Path, data: StoreData, extras: StoreExtras, *, replace: bool) -> Path | None:
    """Write ``data`` and ``extras`` as the GeoPackage ``target``: a new file, renamed into place.

    Returns the folder the replaced target's own snapshots were moved to, if it had any.
    """
    with exclusive(target):
        if target.exists() and not replace:
            msg = f"{target} already holds a store"
            raise _TargetHoldsStore(msg)
        before = store_revision(target) if target.exists() else None
        with tempfile.TemporaryDirectory(prefix=f".{target.name}.", dir=target.parent) as tmp:
            scratch = Path(tmp) / target.name
            write_store(scratch, data, fresh_file=True)
            with contextlib.closing(sqlite3.connect(scratch, isolation_level=None)) as con:
                con.execute("BEGIN IMMEDIATE")
                for name, spec in _EXTRA_TABLES.items():
                    _write_extra_sqlite(con, name, spec, extras.table(name))
                con.execute(f"CREATE TABLE {REVISION_TABLE} (revision INTEGER NOT NULL)")
                revision = max(before or 0, data.revision or 0, extras.last_change) + 1
                con.execute(f"INSERT INTO {REVISION_TABLE} (revision) VALUES (?)", (revision,))
                con.execute("COMMIT")
            moved = _move_snapshots_aside(target) if before is not None else None
            retire_wal(target)  # an old write-ahead log beside the new file would be read as its own
            os.replace(scratch, target)
    return moved


def _write_extra_sqlite(
    con: sqlite3.Connection, name: str, spec: Sequence[tuple[str, str]], frame: pd.DataFrame
) -> None:
    columns = ", ".join(f'"{c}" {kind}' for c, kind in spec)
    con.execute(f'CREATE TABLE "{name}" ({columns})')
    names = [c for c, _ in spec]
    rows = [[plain(v) for v in row] for row in frame.reindex(columns=names).astype(object).itertuples(index=False)]
    con.executemany(f'INSERT INTO "{name}" VALUES ({", ".join("?" * len(names))})', rows)


def _move_snapshots_aside(target: Path) -> Path | None:
    """Rename the replaced store's snapshot folder, so its files are not taken for the copied versions'."""
    folder = versions_dir(target)
    if not folder.is_dir() or not any(folder.iterdir()):
        return None
    aside = folder.with_name(f"{folder.name}.before-copy-{utc_now().replace(':', '')}")
    shutil.move(folder, aside)
    return aside
