"""Writing a PostGIS store: transactions with row-level conflict rules, and reading it piecemeal.

A GeoPackage has one writer at a time (its file lock, :func:`geo.storage.store.exclusive`). A
server store has many: every write is one transaction, and what it must not overlap with is
said by *advisory locks* (PostgreSQL's ``pg_advisory_xact_lock``, held until the transaction
ends), one per layer, taken in one order so that two writers never wait for each other in a
circle:

- an editor's status update appends an event and reads its panchayat: it holds the store and
  ``panchayats`` *shared*, so editors of different blocks (or of the same one) never wait for
  each other; the event's id comes from a sequence;
- an import holds each layer it writes *exclusively* (two imports of the CSC list run one
  after the other, each checked against what the other wrote) and the layers it refers to
  (panchayats, blocks, the district) *shared*; an import of panchayats therefore waits for the
  editors writing at that moment, and they for it;
- a whole-store write (a new store, a rollback, a copy) holds the store exclusively;
- the version log is numbered under a lock of its own, so imports of different layers are
  numbered (and logged) one after the other.

The store's revision (:func:`revision`) is the count of committed writes (``store_writes``, one
row per write, plus the revision the store was copied at), so it is advanced by each
transaction without making two transactions wait for one row.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
import psycopg
from psycopg import sql

from geo.errors import GeoInputError, StoreError
from geo.storage.history import BEGIN, CHANGE_COLUMNS, CHANGES_SCHEMA, CHANGES_TABLE, diff_layer, inserted
from geo.storage.location import shown_url
from geo.storage.postgis import (
    LAYOUT_VERSION,
    WRITES_TABLE,
    connected,
    copy_rows,
    create_layer_table,
    failing_as_store_error,
    key_sequence,
    layout_of,
    load_rows,
    migrate_layout,
    plain,
    read_table,
    required_revision,
    store_revision_of,
    store_target,
    table,
    write_whole_store,
)
from geo.storage.schema import LAYERS
from geo.storage.store import (
    REVISION_TABLE,
    WAITING_MESSAGE,
    WRITE_WAIT_S,
    StoreData,
    conform,
    empty_layer,
    layer_frame,
    utc_now,
)
from geo.storage.versions import VERSIONS_TABLE

__all__ = [
    "ServerLock",
    "exclusive",
    "revision",
    "write_layers",
    "append_rows",
    "read_layer",
    "layer_keys",
    "key_lookup",
    "recording_version",
]

#: The lock of the store as a whole (shared by every layer-scoped writer).
_WHOLE = "*store*"
#: The lock under which the version log is numbered.
_VERSIONS = "*versions*"
#: The change rows (:mod:`geo.storage.history`) a write applies row by row; any other (``clear``) rewrites the layer.
_ROW_OPS = ("update", "delete", "insert")


@dataclass(frozen=True)
class ServerLock:
    """Proof that the caller holds a write transaction of the PostGIS store ``url`` (from :func:`exclusive`).

    Attributes
    ----------
    url : str
        The store.
    schema : str
        The schema it lives in.
    con : psycopg.Connection
        The connection whose open transaction the writers inside the block use.
    whole : bool
        Whether the store is held as a whole (a new store, a rollback), not by layer.
    writes : frozenset of str
        The layers held exclusively (the ones the block may replace).
    """

    url: str
    schema: str
    con: psycopg.Connection = field(compare=False, repr=False)
    whole: bool = False
    writes: frozenset[str] = frozenset()


@contextlib.contextmanager
def exclusive(
    url: str,
    *,
    writes: Collection[str] | None = None,
    reads: Collection[str] = (),
    on_wait: Callable[[str], None] | None = None,
    wait_s: float = WRITE_WAIT_S,
) -> Iterator[ServerLock]:
    """Open a write transaction on the store at ``url``, holding the locks its writes need.

    Parameters
    ----------
    url : str
        The store's URL (it need not hold a store yet: then the store is held as a whole).
    writes : collection of str, optional
        Layers the block replaces or imports into (held exclusively). None: the whole store.
        An editor's appended event needs none (``()``).
    reads : collection of str
        Layers the block reads to check its rows (held shared, so nobody replaces them meanwhile).
    on_wait : callable, optional
        Told :data:`geo.storage.store.WAITING_MESSAGE` once when another writer holds a lock first.
    wait_s : float
        How long to wait for the locks.

    Yields
    ------
    ServerLock
        Pass it as ``lock=`` to the writers called inside the block; the transaction commits when
        the block ends and is rolled back (nothing written) when it raises.

    Raises
    ------
    StoreError
        If the server cannot be reached, a lock stays held for ``wait_s`` seconds, or a write fails.
    """
    unknown = sorted((set(writes or ()) | set(reads)) - set(LAYERS))
    if unknown:
        msg = f"unknown layer(s) {', '.join(unknown)}; expected some of {', '.join(LAYERS)}"
        raise StoreError(msg)
    conninfo, schema = store_target(url)
    with connected(url, conninfo) as con, failing_as_store_error(url, "written"), con.transaction():
        layout = layout_of(con, schema)
        whole = writes is None or store_revision_of(con, schema) is None or layout < LAYOUT_VERSION
        wanted = {_WHOLE: not whole}
        if not whole:
            wanted |= {name: True for name in reads} | {name: False for name in writes or ()}
        _take(con, schema, wanted, url=url, on_wait=on_wait, wait_s=wait_s)
        if 0 < layout < LAYOUT_VERSION:  # held whole (above): an earlier layout is brought up to date first
            migrate_layout(con, schema)
        yield ServerLock(url, schema, con, whole=whole, writes=frozenset(writes or ()))


def revision(url: str) -> int | None:
    """The store's revision (committed writes so far); None when ``url`` holds no store."""
    conninfo, schema = store_target(url)
    with connected(url, conninfo) as con, failing_as_store_error(url, "read"):
        return store_revision_of(con, schema)


def write_layers(
    lock: ServerLock, data: StoreData, layers: tuple[str, ...] | None, *, version: int | None = None
) -> None:
    """Replace ``layers`` of the store with ``data``'s (every layer when None), inside ``lock``'s transaction.

    A store that does not exist yet is created whole (the lock then holds it as a whole).
    """
    con, schema = lock.con, lock.schema
    if layers is None or store_revision_of(con, schema) is None:
        if not lock.whole:
            msg = "a whole store is written under a lock of the whole store: exclusive(url) without writes="
            raise StoreError(msg)
        write_whole_store(con, schema, data)
        return
    _check_held(lock, layers)
    changes = []
    for name in layers:
        frame = layer_frame(data, name)
        exists = con.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}"."{name}"']).fetchone()[0]
        before = conform(name, read_table(con, schema, name)) if exists else empty_layer(name)
        change = diff_layer(name, before, frame)
        changes.append(change)
        if not exists:
            create_layer_table(con, schema, name)
            load_rows(con, schema, name, frame)
        elif not _write_changed_rows(con, schema, name, before, frame, change):
            con.execute(sql.SQL("DELETE FROM {}").format(table(schema, name)))
            load_rows(con, schema, name, frame)
    _record(con, schema, changes, version=version, ordinal=_advance(con, schema, layers))


def append_rows(lock: ServerLock, tables: Mapping[str, pd.DataFrame], *, version: int | None = None) -> dict[str, list]:
    """Append rows to tables without geometry (status events, inspections) inside ``lock``'s transaction.

    A table keyed by one integer column (``status_events.event_id``) gets its keys from the
    table's sequence, so two editors appending at once get different ids without waiting.

    Returns
    -------
    dict of str to list
        Per table, the keys of the new rows in the order given.
    """
    con, schema = lock.con, lock.schema
    keys: dict[str, list] = {}
    for name, rows in tables.items():  # tables without geometry keyed by one column: store.append_rows checked
        spec = LAYERS[name]
        key = spec.key[0]
        if not con.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}"."{name}"']).fetchone()[0]:
            create_layer_table(con, schema, name)  # a layer newer than the store (directions, schema 7)
        if spec.columns[key] == "int":
            sequence = key_sequence(schema, name)
            query = sql.SQL("SELECT nextval({}) FROM generate_series(1, %s)").format(
                sql.Literal(sequence.as_string(con))
            )
            given = [int(v) for (v,) in con.execute(query, [len(rows)]).fetchall()]
            rows = rows.assign(**{key: given})
        frame = conform(name, rows)
        load_rows(con, schema, name, frame, numbered=spec.columns[key] == "int")
        keys[name] = [int(v) if spec.columns[key] == "int" else v for v in frame[key]]
    changes = [inserted(name, given) for name, given in keys.items()]
    _record(con, schema, changes, version=version, ordinal=_advance(con, schema, tuple(tables)))
    return keys


def read_layer(url: str, name: str, *, private: bool = False) -> pd.DataFrame:
    """One layer of the store, conformed (its private columns only with ``private``)."""
    with _reading(url) as (con, schema):
        frame = conform(name, read_table(con, schema, name))
    return frame if private else frame.drop(columns=list(LAYERS[name].private))


def layer_keys(url: str, name: str) -> set[str]:
    """The key values of layer ``name`` as text."""
    key = LAYERS[name].key[0]
    with _reading(url) as (con, schema):
        query = sql.SQL("SELECT {} FROM {}").format(sql.Identifier(key), table(schema, name))
        return {str(v) for (v,) in con.execute(query).fetchall() if v is not None}


def key_lookup(url: str, name: str, key: str, columns: tuple[str, ...]) -> dict | None:
    """``columns`` of the row of layer ``name`` whose one-column key is ``key``; None when there is none."""
    listed = sql.SQL(", ").join(map(sql.Identifier, columns))
    with _reading(url) as (con, schema):
        query = sql.SQL("SELECT {} FROM {} WHERE {} = %s").format(
            listed, table(schema, name), sql.Identifier(LAYERS[name].key[0])
        )
        row = con.execute(query, [str(key)]).fetchone()
    return dict(zip(columns, row, strict=True)) if row else None


@contextlib.contextmanager
def recording_version(
    lock: ServerLock, *, action: str, file: str = "", report: str = "", problems: int = 0, user: str
) -> Iterator[int]:
    """Log a change in the version log, in the same transaction as the change itself.

    The row is numbered (one more than the last) under the version log's own lock, held to
    the end of the transaction; it is ``applied`` when the transaction commits, and absent
    when it is rolled back, so the log never names a change that is not in the store.
    """
    if not isinstance(user, str) or not user.strip():
        msg = f"'user' should name who applies the change, got {user!r}"
        raise GeoInputError(msg)
    con, schema = lock.con, lock.schema
    _take(con, schema, {_VERSIONS: False}, url=lock.url, on_wait=None, wait_s=WRITE_WAIT_S)
    log = table(schema, VERSIONS_TABLE)
    (last,) = con.execute(sql.SQL("SELECT coalesce(max(version), 0) FROM {}").format(log)).fetchone()
    version = int(last) + 1
    writes = table(schema, WRITES_TABLE)
    (latest,) = con.execute(sql.SQL("SELECT coalesce(max(fid), 0) FROM {}").format(writes)).fetchone()
    begin = pd.DataFrame([{**dict.fromkeys(CHANGE_COLUMNS), "layer": VERSIONS_TABLE, "op": BEGIN}])
    _record(con, schema, [begin], version=version, ordinal=_base(con, schema) + int(latest))
    yield version
    con.execute(
        sql.SQL(
            "INSERT INTO {} (version, at, who, action, file, state, problems, report, snapshot) "
            "VALUES (%s, %s, %s, %s, %s, 'applied', %s, %s, '')"
        ).format(log),
        [version, utc_now(), user.strip(), action, file, problems, report],
    )


def changes_since(lock: ServerLock, version: int) -> pd.DataFrame:
    """The change rows of every write since ``version`` began, newest first (what a rollback undoes).

    Raises
    ------
    GeoInputError
        If the store has no such version, or keeps no change rows of it (a version copied in
        from a store that kept snapshots).
    """
    con, schema = lock.con, lock.schema
    versions = con.execute(sql.SQL("SELECT version FROM {} ORDER BY version").format(table(schema, VERSIONS_TABLE)))
    known = [int(v) for (v,) in versions.fetchall()]
    if version not in known:
        listed = ", ".join(map(str, known)) or "none yet"
        msg = (
            f"store {shown_url(lock.url)} has no version {version}; its versions are: {listed} "
            "(see `python -m geo history`)"
        )
        raise GeoInputError(msg)
    changes = table(schema, CHANGES_TABLE)
    found = con.execute(
        sql.SQL("SELECT revision FROM {} WHERE version = %s AND op = %s").format(changes), [version, BEGIN]
    ).fetchone()
    if found is None:
        msg = (
            f"store {shown_url(lock.url)} keeps no recorded changes of version {version} (it came with a copy of a "
            "store that kept snapshots), so the store cannot be restored to before it; nothing was changed"
        )
        raise GeoInputError(msg)
    columns = ("revision", *CHANGE_COLUMNS)
    query = sql.SQL("SELECT {} FROM {} WHERE revision > %s AND op != %s ORDER BY revision DESC, fid").format(
        sql.SQL(", ").join(map(sql.Identifier, columns)), changes
    )
    rows = con.execute(query, [found[0], BEGIN]).fetchall()
    return pd.DataFrame([[bytes(v) if isinstance(v, memoryview) else v for v in row] for row in rows], columns=columns)


# --- private helpers -------------------------------------------------------------------


def _take(
    con: psycopg.Connection,
    schema: str,
    wanted: Mapping[str, bool],
    *,
    url: str,
    on_wait: Callable[[str], None] | None,
    wait_s: float,
) -> None:
    """Take the advisory locks ``name -> shared?`` of ``wanted``, in one order (no two writers in a circle)."""
    told = False
    for name in sorted(wanted):
        shared = wanted[name]
        kind = "_shared" if shared else ""
        keys = [f"panchayat store {schema}", name]
        got = con.execute(f"SELECT pg_try_advisory_xact_lock{kind}(hashtext(%s), hashtext(%s))", keys).fetchone()[0]
        if got:
            continue
        if on_wait is not None and not told:
            on_wait(WAITING_MESSAGE)
            told = True
        con.execute(sql.SQL("SET LOCAL lock_timeout = {}").format(sql.Literal(f"{int(wait_s * 1000)}ms")))
        try:
            con.execute(f"SELECT pg_advisory_xact_lock{kind}(hashtext(%s), hashtext(%s))", keys)
        except psycopg.errors.LockNotAvailable as err:
            msg = (
                f"store {shown_url(url)} has been busy for {wait_s / 60:.0f} minute(s): another change is still "
                "being written; nothing was applied — try again when it has finished"
            )
            raise StoreError(msg) from err


def _check_held(lock: ServerLock, layers: tuple[str, ...]) -> None:
    """Refuse a write of layers the lock does not hold exclusively (a programming error, not a user's)."""
    missing = sorted(set(layers) - lock.writes)
    if missing and not lock.whole:
        msg = f"layer(s) {', '.join(missing)} written without holding them: exclusive(url, writes=...) must name them"
        raise StoreError(msg)


def _write_changed_rows(
    con: psycopg.Connection, schema: str, name: str, before: pd.DataFrame, after: pd.DataFrame, change: pd.DataFrame
) -> bool:
    """Write only the rows ``change`` names (``diff_layer(name, before, after)``); False when the layer needs a rewrite.

    The table holds ``before`` (read in this transaction). Changed rows are updated where they
    are (their ``fid``, so the table's order, stays), removed rows deleted and new rows appended:
    the table then reads back as ``after`` when the new rows are ``after``'s last ones and the
    change is row by row. Otherwise (the layer recorded whole, new rows between kept ones)
    nothing is written here and False is returned.
    """
    ops = change["op"]
    if ops.empty:
        return True  # nothing changed: nothing to write
    if not ops.isin(_ROW_OPS).all():
        return False
    key = list(LAYERS[name].key)
    kept = len(after) - int((ops == "insert").sum())
    before_keys = pd.MultiIndex.from_frame(before[key])
    if not pd.MultiIndex.from_frame(after[key].iloc[:kept]).isin(before_keys).all():
        return False
    at = {op: change.loc[ops == op, "pos"].astype(int).to_numpy() for op in ("update", "delete")}
    if len(at["delete"]):
        _apply_staged(con, schema, name, before.iloc[at["delete"]], key, "DELETE FROM {target} t USING {staged} s")
    if len(at["update"]):
        rows = after.iloc[pd.MultiIndex.from_frame(after[key]).get_indexer(before_keys[at["update"]])]
        _apply_staged(con, schema, name, rows, None, "UPDATE {target} t SET {values} FROM {staged} s")
    if kept < len(after):
        load_rows(con, schema, name, after.iloc[kept:])
    return True


def _apply_staged(
    con: psycopg.Connection, schema: str, name: str, rows: pd.DataFrame, columns: list[str] | None, statement: str
) -> None:
    """Stage ``rows`` in a temporary table (their ``columns``; None: every column and the geometry), run ``statement``.

    ``statement`` names the layer's table ``{target}`` (as ``t``), the staged rows ``{staged}`` (as
    ``s``) and may set every staged column with ``{values}``; the rows are matched by the layer's key.
    """
    spec = LAYERS[name]
    listed = list(spec.columns) if columns is None else columns
    geometry = columns is None and spec.geometry is not None
    names = [*listed, "geometry"] if geometry else listed
    target, staged = table(schema, name), sql.Identifier(f"staged_{name}")
    picked = sql.SQL(", ").join(map(sql.Identifier, names))
    con.execute(
        sql.SQL("CREATE TEMPORARY TABLE {} ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA").format(
            staged, picked, target
        )
    )
    copy_rows(con, staged, rows, {c: spec.columns[c] for c in listed}, geometry=geometry)
    values = sql.SQL(", ").join(sql.SQL("{0} = s.{0}").format(sql.Identifier(c)) for c in names)
    matched = sql.SQL(" AND ").join(sql.SQL("t.{0} = s.{0}").format(sql.Identifier(c)) for c in spec.key)
    query = sql.SQL(statement).format(target=target, staged=staged, values=values)
    con.execute(sql.SQL("{} WHERE {}").format(query, matched))
    con.execute(sql.SQL("DROP TABLE {}").format(staged))


def _advance(con: psycopg.Connection, schema: str, layers: tuple[str, ...]) -> int:
    """Count this write in the store's revision (one row of ``store_writes``, committed with the write).

    Returns the write's place in the history: the revision of the last whole-store write plus
    the row's number, which grows with every write (two writes that could touch the same rows
    hold the same lock, so the later one's number is larger).
    """
    (number,) = con.execute(
        sql.SQL("INSERT INTO {} (at, layers) VALUES (%s, %s) RETURNING fid").format(table(schema, WRITES_TABLE)),
        [utc_now(), ",".join(layers)],
    ).fetchone()
    return _base(con, schema) + int(number)


def _base(con: psycopg.Connection, schema: str) -> int:
    """The revision the store had at its last whole-store write (a copy, a new store)."""
    base = con.execute(sql.SQL("SELECT max(revision) FROM {}").format(table(schema, REVISION_TABLE))).fetchone()[0]
    return int(base or 0)


def _record(
    con: psycopg.Connection, schema: str, changes: list[pd.DataFrame], *, version: int | None, ordinal: int
) -> None:
    """Keep a write's change rows (:mod:`geo.storage.history`) in ``store_changes``, in its transaction."""
    frames = [frame for frame in changes if len(frame)]
    if not frames:
        return
    rows = pd.concat(frames, ignore_index=True)
    columns = [column for column, _ in CHANGES_SCHEMA]
    copy_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(
        table(schema, CHANGES_TABLE), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with con.cursor().copy(copy_sql) as copy:
        for values in rows[list(CHANGE_COLUMNS)].astype(object).itertuples(index=False):
            copy.write_row([ordinal, version, *map(plain, values)])


@contextlib.contextmanager
def _reading(url: str, *, done: str = "read") -> Iterator[tuple[psycopg.Connection, str]]:
    """A connection to server store ``url`` and its schema; a failure, or no store there, is one sentence."""
    conninfo, schema = store_target(url)
    with connected(url, conninfo) as con, failing_as_store_error(url, done):
        required_revision(con, schema, url)
        yield con, schema


class _Row(tuple):
    """A row readable by position and by column name, as :class:`sqlite3.Row` is."""

    _names: tuple[str, ...]

    def __new__(cls, values: Sequence[object], names: tuple[str, ...]) -> _Row:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: object) -> object:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names.index(key))
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        """The column names (so ``dict(row)`` works, as with :class:`sqlite3.Row`)."""
        return list(self._names)


def _rows_by_name(cursor: psycopg.Cursor) -> Callable[[Sequence[object]], _Row]:
    names = tuple(column.name for column in cursor.description or ())
    return lambda values: _Row(values, names)


class TableConnection:
    """A server store's connection answering SQLite-style queries of its plain tables (accounts).

    ``?`` placeholders become psycopg's ``%s``; rows are read by position or by name, as with
    :class:`sqlite3.Row`; table names resolve in the store's schema.
    """

    def __init__(self, con: psycopg.Connection) -> None:
        self._con = con

    def execute(self, query: str, parameters: Sequence[object] = ()) -> psycopg.Cursor:
        """Run one query (``?`` placeholders) and return its cursor."""
        return self._con.execute(query.replace("?", "%s"), list(parameters))


@contextlib.contextmanager
def table_connection(url: str, *, write: bool) -> Iterator[TableConnection]:
    """A connection to the plain tables of server store ``url``: one transaction when ``write``."""
    with _reading(url, done="written" if write else "read") as (con, schema):
        con.row_factory = _rows_by_name
        con.execute(sql.SQL("SET search_path TO {}, public").format(sql.Identifier(schema)))
        if not write:
            yield TableConnection(con)
            return
        with con.transaction():
            yield TableConnection(con)
