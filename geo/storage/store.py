"""The store: one GeoPackage file holding every layer of the data contract.

All reading and writing of a store goes through this module. A GeoPackage is a
SQLite file, so QGIS opens it directly and writes can be transactional:

- :func:`write_store` writes a complete store. A new file is written beside the
  target and renamed into place; an existing store gets its new content copied in
  inside one SQLite transaction. Either way a failure leaves the old content intact.
- :func:`append_events` adds status events in one transaction (nothing is ever
  overwritten: the history is the table); :func:`append_rows` adds rows to several
  tables at once (an inspection's submission and its events), also in one transaction.
- Every write into an existing store also records, in the same transaction, the rows it
  changed and how to undo them (:mod:`geo.storage.history`, table ``store_changes``), so
  :func:`geo.storage.versions.rollback` can restore any earlier state without a full copy.

Writers of one store take turns: :func:`exclusive` holds the store's write lock (an
advisory lock on ``<store>.lock``, across processes and threads) and hands out a
:class:`WriteLock`, which the writers accept so a caller can read, check and write
in one critical section. Every write also advances the store's *revision*
(:func:`store_revision`, kept in the ``store_revision`` table beside the layers), so
work prepared from an older read (an import checked before its *Apply*) can tell
that the store changed meanwhile and be checked again before it is written.

Layers are written without a GeoPackage R-tree index, so plain SQLite can write
them (the R-tree triggers call GDAL-only SQL functions); the layers are small.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import pyogrio

from geo.errors import GeoInputError, StoreError
from geo.storage.districts import district_identity, filled_districts, restricted
from geo.storage.identity import DistrictIdentity
from geo.storage.location import is_postgis_url
from geo.storage.schema import LAYERS, META_KEYS, STORE_CRS

if TYPE_CHECKING:
    from geo.storage.server import ServerLock

_ROOT = Path(__file__).resolve().parents[2]
#: The demo store shipped with the code (regenerate with ``python -m geo demo``).
DEMO_STORE = _ROOT / "data" / "demo" / "demo.gpkg"
#: Environment variable naming the store every face (app and command line) works on.
STORE_ENV = "PANCHAYAT_STORE"
#: The working store when none is configured: a copy of the DEMO store made on first use.
WORKING_STORE = _ROOT / "var" / "store.gpkg"

_BUSY_TIMEOUT_S = 60.0
_LAYER_OPTIONS = {"SPATIAL_INDEX": "NO"}
#: The table holding the store's revision (not a layer of the data contract).
REVISION_TABLE = "store_revision"
#: How long a writer waits for another one to finish before giving up, seconds.
WRITE_WAIT_S = 600.0
#: What a writer that has to wait is told (then it waits and proceeds, or fails saying so).
WAITING_MESSAGE = "another change to this store (an import, a rollback or a save) is being written; waiting…"


@dataclass(frozen=True)
class StoreData:
    """Everything in a store, as frames. Geometry layers are in EPSG:4326.

    ``roads`` (MultiLineString, OpenStreetMap ``highway`` class) and ``water``
    (MultiPolygon: rivers, reservoirs, ponds) are empty for a store that has none
    (one written before schema version 5).
    ``directions`` and ``direction_remarks`` (a review's directions and their action-taken
    reports, :mod:`geo.review.directions`) are empty for a store written before schema version 7.

    Private columns (see :data:`geo.storage.schema.PRIVATE_FIELDS`) are present only when
    the store was read with ``private=True``; ``service_private`` is then filled,
    otherwise it is an empty table.
    """

    meta: dict[str, str]
    district: gpd.GeoDataFrame
    blocks: gpd.GeoDataFrame
    panchayats: gpd.GeoDataFrame
    villages: gpd.GeoDataFrame
    village_boundaries: gpd.GeoDataFrame
    service_points: gpd.GeoDataFrame
    service_private: pd.DataFrame
    status_events: pd.DataFrame
    certificates: pd.DataFrame = field(default_factory=lambda: empty_layer("certificates"))
    inspections: pd.DataFrame = field(default_factory=lambda: empty_layer("inspections"))
    roads: gpd.GeoDataFrame = field(default_factory=lambda: empty_layer("roads"))
    water: gpd.GeoDataFrame = field(default_factory=lambda: empty_layer("water"))
    districts: gpd.GeoDataFrame = field(default_factory=lambda: empty_layer("districts"))
    directions: pd.DataFrame = field(default_factory=lambda: empty_layer("directions"))
    direction_remarks: pd.DataFrame = field(default_factory=lambda: empty_layer("direction_remarks"))
    #: The store's revision when it was read (:func:`store_revision`); None for content not read from a file.
    revision: int | None = None

    def __post_init__(self) -> None:
        """Read a store of an earlier schema version as one district (see geo.storage.districts)."""
        districts, blocks = filled_districts(self)
        object.__setattr__(self, "districts", districts)
        object.__setattr__(self, "blocks", blocks)

    @property
    def is_demo(self) -> bool:
        """Whether the store holds the generated DEMO district."""
        return self.meta.get("is_demo", "false").lower() == "true"

    @property
    def identity(self) -> DistrictIdentity:
        """The district the store describes (``meta``; else the district layer's own name and code).

        A store of several districts is named by its state ("Jharkhand"), else "State (2 districts)",
        and ``area()`` says both ("2 districts, Jharkhand").
        """
        if len(self.districts) > 1:
            return DistrictIdentity.of_districts(
                len(self.districts), state=self.meta.get("state_name", ""), state_hi=self.meta.get("state_name_hi", "")
            )
        first = self.district.iloc[0] if len(self.district) else {}

        def attribute(column: str) -> str:
            value = first.get(column) if len(self.district) else None
            return "" if value is None or pd.isna(value) else str(value)

        return DistrictIdentity.from_meta(
            self.meta,
            fallback_name=attribute("name"),
            fallback_name_hi=attribute("name_hi"),
            fallback_code=attribute("lgd_code"),
        )

    def district_name(self, lang: str = "en") -> str:
        """The district's name in ``lang`` ("Unnamed district" when the store records none)."""
        return self.identity.label(lang)

    def district_codes(self) -> list[str]:
        """The codes of the store's districts (the ``districts`` key), in the layer's order."""
        return [str(code) for code in self.districts["lgd_code"]]

    def district_label(self, code: str, lang: str = "en") -> str:
        """The name of district ``code`` in ``lang`` ("Unnamed district" when it has none); unknown: GeoInputError."""
        row = self.districts.loc[self.districts["lgd_code"].astype(object) == str(code)]
        if row.empty:
            raise GeoInputError(self._unknown_district(code))
        return district_identity(row.iloc[0], self.meta).label(lang)

    def district_of_block(self, block: str) -> str | None:
        """The code of the district block ``block`` lies in (None: an unknown block, or one of no district)."""
        found = self.blocks.loc[self.blocks["lgd_code"].astype(object) == str(block), "district_lgd"]
        return None if found.empty or pd.isna(found.iloc[0]) else str(found.iloc[0])

    def district_of_panchayat(self, panchayat: str) -> str | None:
        """The code of the district panchayat ``panchayat`` lies in (through its block)."""
        found = self.panchayats.loc[self.panchayats["lgd_code"].astype(object) == str(panchayat), "block_lgd"]
        return None if found.empty or pd.isna(found.iloc[0]) else self.district_of_block(str(found.iloc[0]))

    def find_district(self, name_or_code: str) -> str:
        """The code of the district named or coded ``name_or_code`` (its English or Hindi name, any case).

        Raises
        ------
        GeoInputError
            If no district of the store is named or coded so; the message lists them.
        """
        wanted = str(name_or_code).strip().casefold()
        for code in self.district_codes():
            names = {code.casefold(), self.district_label(code, "en").casefold(), self.district_label(code, "hi")}
            if wanted in names:
                return code
        raise GeoInputError(self._unknown_district(name_or_code))

    def only_district(self, code: str) -> StoreData:
        """The store restricted to district ``code``: every figure of one district is the same function on it.

        A store of one district is returned as it is.

        Raises
        ------
        GeoInputError
            If the store has no district ``code``; the message lists those it has.
        """
        if str(code) not in self.district_codes():
            raise GeoInputError(self._unknown_district(code))
        return self if len(self.districts) == 1 else restricted(self, str(code))

    def _unknown_district(self, asked: str) -> str:
        listed = ", ".join(f"{self.district_label(c)} ({c})" for c in self.district_codes()) or "none"
        return f"the store has no district {asked!r}; its districts: {listed} — give one of these names or codes"

    def layer(self, name: str) -> pd.DataFrame:
        """Return the frame of layer ``name`` (``meta`` as a two-column table)."""
        if name == "meta":
            return pd.DataFrame({"key": list(self.meta), "value": list(self.meta.values())})
        if name not in LAYERS:
            msg = f"unknown layer {name!r}; the store has: {', '.join(LAYERS)}"
            raise KeyError(msg)
        return getattr(self, name)


def empty_layer(name: str) -> pd.DataFrame:
    """Return an empty frame with the columns and dtypes of layer ``name``.

    Parameters
    ----------
    name : str
        A layer of :data:`geo.storage.schema.LAYERS`.

    Returns
    -------
    pandas.DataFrame or geopandas.GeoDataFrame
        No rows; a GeoDataFrame in EPSG:4326 for layers with geometry.
    """
    spec = LAYERS[name]
    frame = pd.DataFrame({col: pd.Series([], dtype=_DTYPES[kind]) for col, kind in spec.columns.items()})
    if spec.geometry is None:
        return frame
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs=STORE_CRS))


def conform(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with exactly the contract's columns, order and dtypes.

    Missing optional columns are added empty; extra columns are dropped.

    Parameters
    ----------
    name : str
        A layer of :data:`geo.storage.schema.LAYERS`.
    frame : pandas.DataFrame
        Rows for that layer (a GeoDataFrame in EPSG:4326 for geometry layers).

    Returns
    -------
    pandas.DataFrame or geopandas.GeoDataFrame
        A new frame with a fresh RangeIndex.

    Raises
    ------
    StoreError
        If a required column is missing or the geometry has the wrong CRS.
    """
    spec = LAYERS[name]
    missing = [c for c in spec.columns if c not in frame.columns and c not in spec.optional]
    if missing:
        msg = (
            f"layer {name!r} lacks required column(s) {', '.join(missing)}; it has {', '.join(map(str, frame.columns))}"
        )
        raise StoreError(msg)
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    for col, kind in spec.columns.items():
        values = frame[col].to_numpy() if col in frame.columns else [None] * len(frame)
        out[col] = _cast(pd.Series(values, index=out.index), kind)
    if spec.geometry is None:
        return out
    if not isinstance(frame, gpd.GeoDataFrame) or frame.crs is None:
        msg = f"layer {name!r} must be a GeoDataFrame with a CRS; expected {STORE_CRS}"
        raise StoreError(msg)
    geometry = frame.geometry.to_crs(STORE_CRS).to_numpy()
    if spec.geometry == "MultiPolygon":
        geometry = _as_multipolygons(geometry)
    elif spec.geometry == "MultiLineString":
        geometry = _as_multilines(geometry)
    return gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(geometry, index=out.index, crs=STORE_CRS))


def read_store(path: str | os.PathLike[str] = DEMO_STORE, *, private: bool = False) -> StoreData:
    """Read a whole store, from a GeoPackage file or a PostGIS server.

    Parameters
    ----------
    path : path-like or str, default the demo store
        The GeoPackage file, or a PostGIS URL (``postgresql://…``, read by
        :func:`geo.storage.postgis.read_postgis`: the same frames as from the file).
    private : bool, default False
        Include private columns (operator names, phone numbers, remarks, who
        recorded an event). Public pages and exports leave this False.

    Returns
    -------
    StoreData
        Every layer as a frame; geometry in EPSG:4326.

    Raises
    ------
    StoreError
        If the file is missing, not a GeoPackage, or lacks a layer of the contract; if the
        server cannot be reached or holds no store there.
    """
    if is_postgis_url(path):
        from geo.storage.postgis import read_postgis  # it builds on this module; loaded only for a server store

        return read_postgis(str(path), private=private)
    path = _existing(path)
    revision = store_revision(path)  # before the layers: a write meanwhile makes the content newer, never older
    layers = _listed_layers(path)
    frames: dict[str, pd.DataFrame] = {}
    for name, spec in LAYERS.items():
        if name not in layers and spec.since > "1":  # a layer newer than the store: empty until its next write
            frames[name] = (
                empty_layer(name) if private or not spec.private else empty_layer(name).drop(columns=list(spec.private))
            )
            continue
        if name not in layers:
            msg = (
                f"store {path} has no layer {name!r}; it is not a store of this app "
                "(create one with `python -m geo import ...` or `python -m geo demo`)"
            )
            raise StoreError(msg)
        frame = conform(name, _read_layer(path, name))
        if not private and spec.private:
            frame = frame.drop(columns=list(spec.private))
        frames[name] = frame
    if not private:
        frames["service_private"] = frames["service_private"].iloc[0:0]
    meta_frame = frames.pop("meta")
    meta = dict(zip(meta_frame["key"], meta_frame["value"], strict=True))
    return StoreData(meta=meta, revision=revision, **frames)


def working_store(
    configured: str | os.PathLike[str] | None,
    *,
    working: str | os.PathLike[str] = WORKING_STORE,
) -> Path:
    """The store the app and the command line work on.

    Parameters
    ----------
    configured : path-like or None
        The value of ``$PANCHAYAT_STORE`` (the faces read the environment, not this module).
    working : path-like, default ``var/store.gpkg``
        Used when nothing is configured; copied from the shipped DEMO store on first
        use, so the shipped file is never written.

    Returns
    -------
    pathlib.Path
        ``configured`` when given (it may not exist yet: an import creates it), else ``working``.
    """
    if configured:
        return Path(configured)
    working = Path(working)
    if not working.exists():
        working.parent.mkdir(parents=True, exist_ok=True)
        partial = working.with_name(f".{working.name}.partial")
        shutil.copyfile(DEMO_STORE, partial)
        partial.replace(working)
    return working


def utc_now() -> str:
    """The current time as the store writes it: ISO 8601, UTC, whole seconds (``...Z``)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def as_store_data(store: StoreData | str | os.PathLike[str]) -> StoreData:
    """Return ``store`` itself if it is already read, else read it (public view).

    Lets analysis functions accept either a path to a store or its content.
    """
    return store if isinstance(store, StoreData) else read_store(store)


def read_layer(path: str | os.PathLike[str], name: str, *, private: bool = False) -> pd.DataFrame:
    """Read one layer of a store (cheaper than :func:`read_store`).

    Parameters
    ----------
    path : path-like
        The GeoPackage file.
    name : str
        A layer of :data:`geo.storage.schema.LAYERS`.
    private : bool, default False
        Keep the layer's private columns.

    Returns
    -------
    pandas.DataFrame or geopandas.GeoDataFrame
        The conformed layer.
    """
    if name not in LAYERS:
        msg = f"unknown layer {name!r}; expected one of {', '.join(LAYERS)}"
        raise StoreError(msg)
    if is_postgis_url(path):
        return _server().read_layer(str(path), name, private=private)
    path = _existing(path)
    frame = conform(name, _read_layer(path, name))
    if not private:
        frame = frame.drop(columns=list(LAYERS[name].private))
    return frame


def layer_keys(path: str | os.PathLike[str], name: str) -> set[str]:
    """Return the key values of layer ``name`` (e.g. every panchayat LGD code), read cheaply with SQL.

    Parameters
    ----------
    path : path-like
        The store.
    name : str
        A layer of :data:`geo.storage.schema.LAYERS` with a one-column key.

    Returns
    -------
    set of str
        The keys as text.
    """
    if name not in LAYERS or len(LAYERS[name].key) != 1:
        msg = f"layer {name!r} has no one-column key; expected one of " + ", ".join(
            n for n, s in LAYERS.items() if len(s.key) == 1
        )
        raise StoreError(msg)
    if is_postgis_url(path):
        return _server().layer_keys(str(path), name)
    key = LAYERS[name].key[0]
    rows = _query(_existing(path), f'SELECT "{key}" FROM "{name}"')
    return {str(v) for (v,) in rows if v is not None}


def key_lookup(path: str | os.PathLike[str], name: str, key: str, columns: tuple[str, ...]) -> dict | None:
    """Return ``columns`` of the row of layer ``name`` whose one-column key is ``key``, read cheaply with SQL.

    Parameters
    ----------
    path : path-like
        The store.
    name : str
        A layer of :data:`geo.storage.schema.LAYERS` with a one-column key.
    key : str
        The key value (e.g. a panchayat's LGD code).
    columns : tuple of str
        Columns of the layer to return.

    Returns
    -------
    dict or None
        Column -> value, or None when no row has that key.
    """
    spec = LAYERS.get(name)
    if spec is None or len(spec.key) != 1 or not set(columns) <= set(spec.columns):
        msg = f"key_lookup reads columns of a layer keyed by one column, not {name!r} {columns!r}"
        raise StoreError(msg)
    if is_postgis_url(path):
        return _server().key_lookup(str(path), name, key, columns)
    listed = ", ".join(f'"{c}"' for c in columns)
    rows = _query(_existing(path), f'SELECT {listed} FROM "{name}" WHERE "{spec.key[0]}" = ?', (str(key),))
    return dict(zip(columns, rows[0], strict=True)) if rows else None


def write_store(
    path: str | os.PathLike[str],
    data: StoreData,
    *,
    fresh_file: bool = False,
    timestamp: str | None = None,
    layers: tuple[str, ...] | None = None,
    lock: WriteLock | ServerLock | None = None,
    version: int | None = None,
) -> Path | str:
    """Write a complete store, all or nothing.

    Parameters
    ----------
    path : path-like
        Target GeoPackage. Its folder is created if needed.
    data : StoreData
        The content; frames are conformed to the contract first.
    fresh_file : bool, default False
        Replace the file itself (byte-for-byte reproducible output, used for the
        demo) instead of copying the content into the existing store.
    timestamp : str, optional
        ISO time recorded as the layers' ``last_change`` (GDAL's own clock if
        None); a fixed value makes the file reproducible.
    layers : tuple of str, optional
        Copy only these layers into an existing store and leave the others as they
        are (an import that replaces panchayats then cannot lose a status event an
        editor saved meanwhile). Default: every layer. A new file gets every layer.
    lock : WriteLock, optional
        The store's write lock when the caller holds it (:func:`exclusive`); taken
        here otherwise.
    version : int, optional
        The version (:func:`geo.storage.versions.begin_version`) the write belongs to, recorded
        with the rows it changes (an editor's save belongs to none). A write into an existing
        store records those rows in its own transaction; a new file starts with no history.

    Returns
    -------
    pathlib.Path
        The written store.

    Raises
    ------
    StoreError
        If the content breaks the contract; the old store is then untouched.
    """
    unknown = sorted(set(layers or ()) - set(LAYERS))
    if unknown:
        msg = f"unknown layer(s) {', '.join(unknown)}; expected some of {', '.join(LAYERS)}"
        raise StoreError(msg)
    if is_postgis_url(path):
        with _server_held(str(path), lock, None if fresh_file else layers) as held:
            _server().write_layers(held, data, None if fresh_file else layers, version=version)
        return str(path)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    missing = [k for k in META_KEYS if k not in data.meta]
    if missing:
        msg = f"store metadata lacks {', '.join(missing)}"
        raise StoreError(msg)
    with _held(target, lock):
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp.gpkg", dir=target.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            tmp.unlink()
            whole = fresh_file or not target.exists()
            changes = None if whole else _changes(target, data, layers)
            copied = None if changes is None else _layers_to_copy(target, layers, changes)
            with _gdal_clock(timestamp):
                _write_gpkg(tmp, data, copied)
            if changes is None:
                retire_wal(target)
                os.replace(tmp, target)
            else:
                _copy_content(tmp, target, copied, changes=changes, version=version)
        finally:
            tmp.unlink(missing_ok=True)
    return target


def append_events(
    path: str | os.PathLike[str],
    events: pd.DataFrame,
    *,
    lock: WriteLock | ServerLock | None = None,
    version: int | None = None,
) -> list[int]:
    """Append status events to a store in one transaction.

    Parameters
    ----------
    path : path-like
        The store.
    events : pandas.DataFrame
        Rows with the ``status_events`` columns except ``event_id``, which is
        assigned here (one more than the largest so far).
    lock : WriteLock, optional
        The store's write lock when the caller holds it; taken here otherwise.
    version : int, optional
        The version the events belong to (none for an editor's save).

    Returns
    -------
    list of int
        The new event ids, in the order of ``events``.
    """
    return append_rows(path, {"status_events": events}, lock=lock, version=version)["status_events"]


def append_rows(
    path: str | os.PathLike[str],
    tables: Mapping[str, pd.DataFrame],
    *,
    lock: WriteLock | ServerLock | None = None,
    version: int | None = None,
) -> dict[str, list]:
    """Append rows to tables of a store (layers without geometry), all in one transaction.

    A table the store does not have yet (a store of an earlier schema version) is
    created in the same transaction, so either every row lands or none does.

    Parameters
    ----------
    path : path-like
        The store.
    tables : mapping of str to pandas.DataFrame
        Layer name -> rows with its columns. A layer keyed by one integer column
        (``status_events.event_id``) gets its keys assigned here, one more than
        the largest so far; other layers bring their own keys.
    lock : WriteLock, optional
        The store's write lock when the caller holds it; taken here otherwise.
    version : int, optional
        The version the rows belong to (none for an editor's save); their keys are recorded
        in the store's history in the same transaction, so a rollback can remove them.

    Returns
    -------
    dict of str to list
        Per layer, the keys of the new rows in the order given.

    Raises
    ------
    StoreError
        For a layer with geometry or unknown to the contract.
    """
    for name in tables:
        spec = LAYERS.get(name)
        if spec is None or spec.geometry is not None or len(spec.key) != 1:
            msg = f"append_rows appends to tables without geometry keyed by one column, not {name!r}"
            raise StoreError(msg)
    if is_postgis_url(path):
        with _server_held(str(path), lock, tuple(tables)) as held:
            return _server().append_rows(held, tables, version=version)
    from geo.storage.history import inserted

    path = _existing(path)
    prepared = {}
    for name, rows in tables.items():
        spec = LAYERS[name]
        key = spec.key[0]
        numbered = spec.columns[key] == "int"
        frame = conform(name, rows.assign(**{key: 0}) if numbered else rows)
        columns = [c for c in spec.columns if not (numbered and c == key)]
        values = [tuple(map(_sql_value, row)) for row in frame[columns].itertuples(index=False)]
        prepared[name] = (key, numbered, columns, values, [] if numbered else frame[key].tolist())
    with (
        _held(path, lock),
        connect(path) as con,
        _table_templates(con, path, list(prepared)) as missing,
        transaction(con),
    ):
        _advance_revision(con)
        for name in missing:
            _ensure_table(con, name)
        keys = {}
        for name, (key, numbered, columns, values, given) in prepared.items():
            if numbered:
                (last,) = con.execute(f'SELECT COALESCE(MAX("{key}"), 0) FROM main."{name}"').fetchone()
                given = list(range(last + 1, last + 1 + len(values)))
                values = [(k, *row) for k, row in zip(given, values, strict=True)]
                columns = [key, *columns]
            listed = ", ".join(f'"{c}"' for c in columns)
            con.executemany(f'INSERT INTO main."{name}" ({listed}) VALUES ({", ".join("?" * len(columns))})', values)
            keys[name] = given
        record_changes(con, _concat([inserted(name, given) for name, given in keys.items()]), version=version)
    return keys


def record_changes(
    con: sqlite3.Connection, changes: pd.DataFrame, *, version: int | None, revision: int | None = None
) -> None:
    """Keep ``changes`` (:func:`geo.storage.history.diff` rows) in the store's history, in the caller's transaction.

    Parameters
    ----------
    con : sqlite3.Connection
        A connection to the store inside a write transaction (:func:`transaction`).
    changes : pandas.DataFrame
        Change rows (columns :data:`geo.storage.history.CHANGE_COLUMNS`).
    version : int or None
        The version they belong to; None for an editor's save.
    revision : int, optional
        The revision to file them under; default the store's revision now (the one this
        transaction's write advanced it to).
    """
    from geo.storage.history import CHANGE_COLUMNS, CHANGES_SCHEMA, CHANGES_TABLE

    con.execute(f"CREATE TABLE IF NOT EXISTS main.{CHANGES_TABLE} ({table_columns(CHANGES_SCHEMA)})")
    con.execute(f"CREATE INDEX IF NOT EXISTS main.{CHANGES_TABLE}_revision ON {CHANGES_TABLE} (revision)")
    if changes.empty:
        return
    if revision is None:
        (revision,) = con.execute(f"SELECT COALESCE(MAX(revision), 0) FROM main.{REVISION_TABLE}").fetchone()
    rows = [
        (int(revision), version, *(None if _missing(v) else v for v in values))
        for values in changes[list(CHANGE_COLUMNS)].itertuples(index=False)
    ]
    columns = ", ".join(column for column, _ in CHANGES_SCHEMA)
    con.executemany(
        f"INSERT INTO main.{CHANGES_TABLE} ({columns}) VALUES ({', '.join('?' * len(CHANGES_SCHEMA))})", rows
    )


# --- private helpers -------------------------------------------------------------------

_DTYPES = {
    "str": "string",
    "int": "Int64",
    "float": "float64",
    "bool": "boolean",
    "date": "string",
    "datetime": "string",
}


def _cast(values: pd.Series, kind: str) -> pd.Series:
    if kind == "int":
        return pd.to_numeric(values, errors="raise").round().astype("Int64")
    if kind == "float":
        return pd.to_numeric(values, errors="raise").astype("float64")
    if kind == "bool":
        return values.astype("boolean")
    if kind in ("date", "datetime"):
        as_text = values.map(lambda v: v.isoformat() if hasattr(v, "isoformat") else v)
        return as_text.astype("string")
    return values.astype("string")


def _as_multipolygons(geometry):  # noqa: ANN001, ANN202 - numpy array of shapely geometries
    import shapely

    out = geometry.copy()
    single = shapely.get_type_id(out) == 3  # Polygon
    out[single] = [shapely.MultiPolygon([g]) for g in out[single]]
    return out


def _as_multilines(geometry):  # noqa: ANN001, ANN202 - numpy array of shapely geometries
    import shapely

    out = geometry.copy()
    single = shapely.get_type_id(out) == 1  # LineString
    out[single] = [shapely.MultiLineString([g]) for g in out[single]]
    return out


def existing_store(path: str | os.PathLike[str]) -> Path:
    """``path`` as a Path when a store file is there; else a :class:`StoreError` saying how to make one."""
    return _existing(path)


def _existing(path: str | os.PathLike[str]) -> Path:
    path = Path(path)
    if not path.is_file():
        msg = (
            f"store {path} does not exist; make the demo with `python -m geo demo --out {path}` "
            "or start a store of your own with `python -m geo import ... --store PATH`"
        )
        raise StoreError(msg)
    return path


def _listed_layers(path: Path) -> set[str]:
    try:
        listed = pyogrio.list_layers(path)
    except pyogrio.errors.DataSourceError as err:
        msg = f"store {path} is not a readable GeoPackage ({err}); restore it from a backup or a version"
        raise StoreError(msg) from err
    return {str(name) for name in listed[:, 0]}


def _read_layer(path: Path, name: str) -> pd.DataFrame:
    frame = pyogrio.read_dataframe(path, layer=name, use_arrow=True)
    if LAYERS[name].geometry is None:
        return pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    return frame


def layer_frame(data: StoreData, name: str) -> pd.DataFrame:
    """Layer ``name`` of ``data`` as it is written (conformed, rows in key order): as the store reads it back."""
    frame = conform(name, data.layer(name))
    key = LAYERS[name].key
    return frame.sort_values(list(key), kind="stable").reset_index(drop=True) if key else frame


def _write_gpkg(path: Path, data: StoreData, layers: tuple[str, ...] | None = None) -> None:
    """Write every layer of ``data`` (or only ``layers``, the ones to copy into an existing store) to ``path``."""
    for name, spec in LAYERS.items():
        if layers is not None and name not in layers:
            continue
        options = {"geometry_type": spec.geometry} if spec.geometry else {}
        pyogrio.write_dataframe(
            layer_frame(data, name), path, layer=name, driver="GPKG", layer_options=_LAYER_OPTIONS, **options
        )


def _changes(target: Path, data: StoreData, layers: tuple[str, ...] | None) -> pd.DataFrame:
    """The change rows of writing ``data`` (all or ``layers``) over the store ``target`` (read under the lock)."""
    from geo.storage.history import diff_layer

    listed = _listed_layers(target)
    frames = []
    for name in LAYERS if layers is None else [n for n in LAYERS if n in layers]:
        before = conform(name, _read_layer(target, name)) if name in listed else empty_layer(name)
        frames.append(diff_layer(name, before, layer_frame(data, name)))
    return _concat(frames)


def _layers_to_copy(target: Path, layers: tuple[str, ...] | None, changes: pd.DataFrame) -> tuple[str, ...]:
    """The layers of ``layers`` (all when None) a write copies into ``target``: those ``changes`` names.

    A layer whose table lacks a column of the contract (a store of an earlier schema version) is
    copied too, so that the write brings it up to date; an unchanged layer is left as it is.
    """
    changed = set(changes["layer"])
    listed = _listed_layers(target)
    with connect(target) as con:
        return tuple(
            name
            for name in (LAYERS if layers is None else [n for n in LAYERS if n in layers])
            if name in changed
            or name not in listed
            or not set(LAYERS[name].columns) <= {row[1] for row in con.execute(f'PRAGMA table_info("{name}")')}
        )


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    from geo.storage.history import CHANGE_COLUMNS

    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(CHANGE_COLUMNS))


def _sql_value(value: object) -> object:
    """A frame's value as SQLite binds it: None for missing, numpy scalars as Python ones (never as bytes)."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


def _copy_content(
    source: Path,
    target: Path,
    layers: tuple[str, ...] | None = None,
    *,
    changes: pd.DataFrame,
    version: int | None = None,
) -> None:
    """Replace the contract tables (all or ``layers``) of ``target`` with the rows of ``source``; record ``changes``."""
    with connect(target) as con:
        con.execute("ATTACH DATABASE ? AS src", (str(source),))
        try:
            with transaction(con):
                _advance_revision(con)
                record_changes(con, changes, version=version)
                for name in LAYERS if layers is None else [n for n in LAYERS if n in layers]:
                    _ensure_table(con, name)
                    columns = _matching_columns(con, name)
                    con.execute(f'DELETE FROM main."{name}"')
                    con.execute(f'INSERT INTO main."{name}" ({columns}) SELECT {columns} FROM src."{name}"')
                    con.execute(
                        "UPDATE main.gpkg_contents SET (min_x, min_y, max_x, max_y) = "
                        "(SELECT min_x, min_y, max_x, max_y FROM src.gpkg_contents WHERE table_name = ?) "
                        "WHERE table_name = ?",
                        (name, name),
                    )
        finally:
            con.execute("DETACH DATABASE src")


def _ensure_table(con: sqlite3.Connection, name: str) -> None:
    """Create ``main.name`` like ``src.name`` (and register it) when the store predates that layer."""
    if con.execute("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone():
        return
    (sql,) = con.execute("SELECT sql FROM src.sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    con.execute(sql.replace(f'CREATE TABLE "{name}"', f'CREATE TABLE main."{name}"', 1))
    con.execute("INSERT INTO main.gpkg_contents SELECT * FROM src.gpkg_contents WHERE table_name = ?", (name,))
    con.execute(
        "INSERT INTO main.gpkg_geometry_columns SELECT * FROM src.gpkg_geometry_columns WHERE table_name = ?", (name,)
    )


def _matching_columns(con: sqlite3.Connection, name: str) -> str:
    """The columns of ``src.name`` as an SQL list, adding to ``main.name`` those it lacks.

    A store written by an earlier schema version gains the new (optional) columns
    here, so an import or a rollback brings every store up to the current contract.
    """
    source = con.execute(f'PRAGMA src.table_info("{name}")').fetchall()
    present = {row[1] for row in con.execute(f'PRAGMA main.table_info("{name}")')}
    for _, column, kind, *_ in source:
        if column not in present:
            con.execute(f'ALTER TABLE main."{name}" ADD COLUMN "{column}" {kind}')
    return ", ".join(f'"{row[1]}"' for row in source)


@contextlib.contextmanager
def _table_templates(con: sqlite3.Connection, path: Path, names: list[str]) -> Iterator[list[str]]:
    """Attach, as ``src``, a scratch GeoPackage holding empty tables of ``names`` the store lacks; yield those names.

    :func:`_ensure_table` then creates them in the caller's transaction, registered as
    every other table of the store.
    """
    present = {row[0] for row in con.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")}
    missing = [name for name in names if name not in present]
    if not missing:
        yield missing
        return
    with tempfile.TemporaryDirectory(prefix=f".{path.name}.", dir=path.parent) as tmp:
        template = Path(tmp) / "template.gpkg"
        for name in missing:
            pyogrio.write_dataframe(
                conform(name, empty_layer(name)), template, layer=name, driver="GPKG", layer_options=_LAYER_OPTIONS
            )
        con.execute("ATTACH DATABASE ? AS src", (str(template),))
        try:
            yield missing
        finally:
            con.execute("DETACH DATABASE src")


def retire_wal(target: Path) -> None:
    """Fold any write-ahead log into ``target`` before the file is replaced."""
    if not target.exists() or not Path(f"{target}-wal").exists():
        return
    with contextlib.closing(sqlite3.connect(target, timeout=_BUSY_TIMEOUT_S)) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")


@contextlib.contextmanager
def _gdal_clock(timestamp: str | None) -> Iterator[None]:
    if timestamp is None:
        yield
        return
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": timestamp})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})


def table_columns(schema: tuple[tuple[str, str], ...]) -> str:
    """The column list of a ``CREATE TABLE`` for ``(column, SQL type and constraint)`` pairs.

    Examples
    --------
    >>> table_columns((("name_key", "TEXT PRIMARY KEY"), ("at", "TEXT NOT NULL")))
    'name_key TEXT PRIMARY KEY, at TEXT NOT NULL'
    """
    return ", ".join(f"{column} {kind}" for column, kind in schema)


@contextlib.contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction (``BEGIN IMMEDIATE`` … ``COMMIT``) on an autocommit connection, rolled back on failure.

    The rollback runs only while a transaction is open: when the disk fills at
    ``COMMIT``, SQLite has already rolled back, and a second ``ROLLBACK`` would hide
    the real error.
    """
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise


@contextlib.contextmanager
def connect(path: str | os.PathLike[str]) -> Iterator[sqlite3.Connection]:
    """Open the store's SQLite database in WAL mode, waiting up to a minute on a busy lock.

    The connection is in autocommit mode: callers open their own transactions
    (``BEGIN IMMEDIATE`` ... ``COMMIT``).
    """
    con = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        yield con
    finally:
        con.close()


@dataclass(frozen=True)
class WriteLock:
    """Proof that the caller holds a store's write lock (handed out by :func:`exclusive`).

    Writers (:func:`write_store`, :func:`append_rows`, :func:`geo.storage.versions.begin_version` …)
    take it as ``lock=`` so that one critical section can read, check and write
    without taking the lock twice.
    """

    path: Path


@contextlib.contextmanager
def exclusive(
    path: str | os.PathLike[str],
    *,
    writes: Collection[str] | None = None,
    reads: Collection[str] = (),
    on_wait: Callable[[str], None] | None = None,
    wait_s: float = WRITE_WAIT_S,
) -> Iterator[WriteLock | ServerLock]:
    """Hold the write lock of the store at ``path`` for the ``with`` block.

    Every writer of the store, in any process (two command lines, the app's
    sessions), takes this lock, so what happens inside the block sees no other
    write. It is released when the block ends, and by the system if the process dies.

    Parameters
    ----------
    path : path-like or str
        The store (it need not exist yet: a first import creates it inside the block). A
        PostGIS URL opens a write transaction instead (:func:`geo.storage.server.exclusive`),
        where ``writes`` and ``reads`` say what the block may not overlap with.
    writes : collection of str, optional
        Layers the block replaces or imports into; None: the whole store. A GeoPackage is
        always held whole.
    reads : collection of str
        Layers the block reads to check its rows (a server store holds them shared).
    on_wait : callable, optional
        Told :data:`WAITING_MESSAGE` once when another writer holds the lock.
    wait_s : float, default 600
        How long to wait for it.

    Yields
    ------
    WriteLock
        Pass it to the writers called inside the block.

    Raises
    ------
    StoreError
        If the lock stays held for ``wait_s`` seconds (nothing was written).
    """
    if is_postgis_url(path):
        with _server().exclusive(str(path), writes=writes, reads=reads, on_wait=on_wait, wait_s=wait_s) as lock:
            yield lock
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{target}.lock", "a+b") as handle:
        if not _try_lock(handle):
            if on_wait is not None:
                on_wait(WAITING_MESSAGE)
            deadline = time.monotonic() + wait_s
            while not _try_lock(handle):
                if time.monotonic() > deadline:
                    msg = (
                        f"store {target} has been busy for {wait_s / 60:.0f} minute(s): another change is still "
                        "being written; nothing was applied — try again when it has finished"
                    )
                    raise StoreError(msg)
                time.sleep(0.1)
        try:
            yield WriteLock(target.resolve())
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def store_exists(path: str | os.PathLike[str]) -> bool:
    """Whether a store is there: a GeoPackage file at the path, or a store in the server schema of the URL."""
    return store_revision(path) is not None if is_postgis_url(path) else Path(path).is_file()


def store_revision(path: str | os.PathLike[str]) -> int | None:
    """The store's revision: how many writes it has had (0 before the first); None when there is no store.

    A write advances it in the same transaction as its rows, so content read at one
    revision is exactly the store at that revision.
    """
    if is_postgis_url(path):
        return _server().revision(str(path))
    path = Path(path)
    if not path.is_file():
        return None
    rows = _query(path, f"SELECT revision FROM {REVISION_TABLE}", missing_table=[])
    return int(rows[0][0]) if rows else 0


def layers_changed_at(path: str | os.PathLike[str]) -> str:
    """When GDAL last recorded a change to a layer of the GeoPackage at ``path`` ("" for none or a server store).

    The latest ``gpkg_contents.last_change``: GDAL (QGIS, ogr2ogr) advances it when it edits a
    layer, as this project's writers advance :func:`store_revision`; together they tell whether
    the store's data changed, whoever wrote it.
    """
    if is_postgis_url(path) or not Path(path).is_file():
        return ""
    rows = _query(Path(path), "SELECT MAX(last_change) FROM gpkg_contents", missing_table=[])
    return str(rows[0][0] or "") if rows else ""


def _query(path: Path, sql: str, parameters: tuple = (), *, missing_table: list | None = None) -> list[tuple]:
    """The rows of one read-only query; a damaged file is a :class:`StoreError` naming it and ``geo check``.

    ``missing_table``, when given, is returned for a table the store does not have.
    """
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=_BUSY_TIMEOUT_S)) as con:
        try:
            return con.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as err:
            if missing_table is not None and "no such table" in str(err):
                return missing_table
            msg = (
                f"store {path} is not a readable GeoPackage ({err}); check it with `python -m geo check --store {path}`"
            )
            raise StoreError(msg) from err


def _advance_revision(con: sqlite3.Connection) -> None:
    """Advance the revision inside the caller's write transaction."""
    con.execute(f"CREATE TABLE IF NOT EXISTS main.{REVISION_TABLE} (revision INTEGER NOT NULL)")
    if con.execute(f"UPDATE main.{REVISION_TABLE} SET revision = revision + 1").rowcount == 0:
        con.execute(f"INSERT INTO main.{REVISION_TABLE} (revision) VALUES (1)")


def _server():  # noqa: ANN202 - the module geo.storage.server
    """The writers of a PostGIS store, imported only when one is used (they need psycopg)."""
    from geo.storage import server

    return server


@contextlib.contextmanager
def _server_held(url: str, lock: WriteLock | ServerLock | None, writes: tuple[str, ...] | None) -> Iterator[ServerLock]:
    """The caller's transaction on server store ``url``, or one opened for the block holding ``writes``."""
    if lock is None:
        with _server().exclusive(url, writes=writes) as taken:
            yield taken
        return
    if not isinstance(lock, _server().ServerLock) or lock.url != url:
        msg = f"'lock' should be the lock of {url} from exclusive(), got {lock!r}"
        raise ValueError(msg)
    yield lock


def _try_lock(handle: object) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def _held(path: str | os.PathLike[str], lock: WriteLock | None) -> Iterator[WriteLock]:
    """The caller's lock (checked to be this store's), or the store's lock taken for the block."""
    if lock is None:
        with exclusive(path) as taken:
            yield taken
        return
    if not isinstance(lock, WriteLock) or lock.path != Path(path).resolve():
        msg = f"'lock' should be the WriteLock of {path} from exclusive(), got {lock!r}"
        raise ValueError(msg)
    yield lock
