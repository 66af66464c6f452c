"""What a change did to a store, row by row, and how to undo it (no I/O: frames in, frames out).

A store's history keeps, for every write, only the rows it changed: :func:`diff` compares the
layers before and after and returns *change rows* — per layer and key, the operation
(``insert``, ``update``, ``delete``) and, for ``update`` and ``delete``, the old row (every
column as JSON, the geometry as WKB) and its position — and :func:`undo` turns the store after
the write back into the store before it, exactly: the same rows, in the same order, with the
dtypes :func:`geo.storage.store.conform` gives.

A layer without a key (``district``), whose keys repeat or are missing, or whose kept rows
changed their order, is recorded whole when it changes: one ``clear`` row, then one
``restore`` row per row it had before — so a layer that was empty (a first import) costs
one row.

The change rows are kept in the table :data:`CHANGES_TABLE` of the store, with the columns
:data:`CHANGES_SCHEMA` (the same in a GeoPackage and on a PostGIS server); each row also
names the store revision the write produced and the version it belongs to. A version's
``begin`` row records the revision the version found, so the store as it was before version
*N* is the store now with every later revision undone, newest first.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.storage.schema import LAYERS, STORE_CRS
from geo.storage.store import StoreData, conform

__all__ = [
    "CHANGES_TABLE",
    "CHANGES_SCHEMA",
    "CHANGE_COLUMNS",
    "BEGIN",
    "diff",
    "diff_layer",
    "undo",
    "undo_layer",
    "inserted",
]

CHANGES_TABLE = "store_changes"
#: The change rows' columns and their SQL (the same in a GeoPackage and on a PostGIS server).
CHANGES_SCHEMA: tuple[tuple[str, str], ...] = (
    ("revision", "INTEGER NOT NULL"),
    ("version", "INTEGER"),
    ("layer", "TEXT NOT NULL"),
    ("op", "TEXT NOT NULL"),
    ("key", "TEXT"),
    ("pos", "INTEGER"),
    ("row", "TEXT"),
    ("geometry", "BYTEA"),  # a BLOB in SQLite (stored as given), bytea in PostgreSQL
)
#: The columns of the frame :func:`diff` returns (the stored rows add ``revision`` and ``version``).
CHANGE_COLUMNS: tuple[str, ...] = ("layer", "op", "key", "pos", "row", "geometry")
#: The ``op`` of a version's first row: its ``revision`` is the store's when the version began.
BEGIN = "begin"
_INSERT, _UPDATE, _DELETE, _CLEAR, _RESTORE = "insert", "update", "delete", "clear", "restore"


def diff(before: StoreData, after: StoreData, layers: Iterable[str] | None = None) -> pd.DataFrame:
    """Return the change rows that turn ``after`` back into ``before``.

    Parameters
    ----------
    before, after : StoreData
        The store before and after a write (read with ``private=True``, so nothing is left out).
    layers : iterable of str, optional
        The layers to compare (``meta`` included); default every layer of the contract.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CHANGE_COLUMNS`, one row per changed row (none when nothing changed).

    Examples
    --------
    >>> changes = diff(before, after, ["panchayats"])  # doctest: +SKIP
    >>> undo(after, changes).panchayats.equals(before.panchayats)  # doctest: +SKIP
    True
    """
    names = list(LAYERS if layers is None else layers)
    _check_layers(names)
    frames = [diff_layer(name, before.layer(name), after.layer(name)) for name in names]
    return _concat(frames)


def diff_layer(name: str, before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Return the change rows that turn layer ``name``'s ``after`` frame back into ``before``.

    Parameters
    ----------
    name : str
        A layer of :data:`geo.storage.schema.LAYERS`.
    before, after : pandas.DataFrame
        The layer before and after the write, both conformed to the contract.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CHANGE_COLUMNS`.
    """
    _check_layers([name])
    if before.empty:  # undoing fills nothing in: one row, however many the write added
        return _empty() if after.empty else _whole(name, before)
    key = LAYERS[name].key
    before_keys, after_keys = _keys(before, key), _keys(after, key)
    if not key or not _usable(before, before_keys, key) or not _usable(after, after_keys, key):
        return _empty() if _same_rows(before, after) else _whole(name, before)
    kept = np.flatnonzero(before_keys.isin(after_keys).to_numpy())
    kept_in_after = pd.Index(after_keys.to_numpy(), dtype=object, tupleize_cols=False).get_indexer(
        before_keys.iloc[kept].to_numpy()
    )
    if len(kept_in_after) > 1 and not (np.diff(kept_in_after) > 0).all():
        return _whole(name, before)  # the kept rows moved: only the whole layer restores the order
    changed = ~_equal_rows(before.iloc[kept], after.iloc[kept_in_after])
    deleted = np.flatnonzero(~before_keys.isin(after_keys).to_numpy())
    new = _texts(after_keys[~after_keys.isin(before_keys)])
    return _concat(
        [
            _old_rows(name, before, kept[changed], _UPDATE, before_keys),
            _old_rows(name, before, deleted, _DELETE, before_keys),
            _frame(name, _INSERT, new),
        ]
    )


def inserted(name: str, keys: Iterable[object]) -> pd.DataFrame:
    """Change rows for rows appended to layer ``name`` with ``keys`` (their undo removes them).

    Parameters
    ----------
    name : str
        A layer with a one-column key (``status_events``, ``inspections`` …).
    keys : iterable
        The new rows' key values.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CHANGE_COLUMNS`, one ``insert`` row per key.
    """
    _check_layers([name])
    if len(LAYERS[name].key) != 1:
        msg = f"inserted() records rows of a layer keyed by one column, not {name!r}"
        raise ValueError(msg)
    return _frame(name, _INSERT, [_key_text([k]) for k in keys])


def undo(current: StoreData, changes: pd.DataFrame) -> StoreData:
    """Return ``current`` with the changes of one write undone: the store as it was before it.

    Parameters
    ----------
    current : StoreData
        The store after the write (read with ``private=True``).
    changes : pandas.DataFrame
        That write's change rows (:func:`diff`; columns :data:`CHANGE_COLUMNS`, more are ignored).

    Returns
    -------
    StoreData
        A new StoreData; layers without change rows are ``current``'s own frames.

    Raises
    ------
    ValueError
        If the change rows do not fit ``current`` (a row to remove or restore is not where
        they say: the history does not belong to this state of the store).
    """
    missing = [c for c in CHANGE_COLUMNS if c not in changes.columns]
    if missing:
        msg = f"'changes' should have the columns {', '.join(CHANGE_COLUMNS)}; it lacks {', '.join(missing)}"
        raise ValueError(msg)
    rows = changes[changes["op"] != BEGIN]
    restored: dict[str, object] = {}
    for name in dict.fromkeys(rows["layer"]):
        _check_layers([name])
        frame = undo_layer(name, current.layer(name), rows[rows["layer"] == name])
        if name == "meta":
            restored["meta"] = dict(zip(frame["key"], frame["value"], strict=True))
        else:
            restored[name] = frame
    return dataclasses.replace(current, revision=None, **restored)


def undo_layer(name: str, current: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    """Return layer ``name`` as it was before the write whose change rows for it are ``changes``.

    Parameters
    ----------
    name : str
        A layer of :data:`geo.storage.schema.LAYERS`.
    current : pandas.DataFrame
        The layer after the write, conformed.
    changes : pandas.DataFrame
        The write's change rows of this layer.

    Returns
    -------
    pandas.DataFrame
        The conformed layer before the write.
    """
    ops = set(changes["op"])
    if _CLEAR in ops:
        return _restored_rows(name, changes[changes["op"] == _RESTORE].sort_values("pos"))
    unknown = ops - {_INSERT, _UPDATE, _DELETE}
    if unknown:
        msg = f"unknown change(s) {', '.join(sorted(unknown))} for layer {name!r}"
        raise ValueError(msg)
    keys = _keys(current, LAYERS[name].key)
    named = changes.loc[changes["op"].isin([_INSERT, _UPDATE]), "key"]
    gone = {_key_value(text) for text in named}
    present = set(keys)
    absent = sorted(text for text in named if _key_value(text) not in present)
    if absent:
        msg = f"layer {name!r} has no row {absent[0]} to undo; the history does not fit this store"
        raise ValueError(msg)
    base = current[~keys.isin(gone).to_numpy()]
    back = changes[changes["op"].isin([_UPDATE, _DELETE])].sort_values("pos")
    positions = back["pos"].astype(int).to_numpy()
    size = len(base) + len(back)
    if len(positions) and (positions.max() >= size or len(set(positions)) != len(positions)):
        msg = f"the history of layer {name!r} puts a row at position {positions.max()} of {size}; it does not fit"
        raise ValueError(msg)
    order = np.empty(size, dtype=int)
    slots = np.ones(size, dtype=bool)
    slots[positions] = False
    order[slots] = np.arange(len(base))
    order[positions] = len(base) + np.arange(len(back))
    if not len(back):
        return conform(name, base)
    combined = pd.concat([conform(name, base), _restored_rows(name, back)], ignore_index=True)
    return conform(name, combined.iloc[order])


# --- private helpers -------------------------------------------------------------------


def _check_layers(names: list[str]) -> None:
    unknown = [n for n in names if n not in LAYERS]
    if unknown:
        msg = f"unknown layer(s) {', '.join(map(str, unknown))}; expected some of {', '.join(LAYERS)}"
        raise ValueError(msg)


def _plain(value: object) -> object:
    """A cell as JSON holds it: None for a missing value, Python numbers, text."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return _plain(value.item())
    return value


def _key_text(values: Iterable[object]) -> str:
    return json.dumps([_plain(v) for v in values], ensure_ascii=False)


def _key_value(text: str) -> object:
    """The key a JSON text names, as :func:`_keys` gives it (one value, or a tuple for a key of several columns)."""
    values = json.loads(text)
    return values[0] if len(values) == 1 else tuple(values)


def _keys(frame: pd.DataFrame, key: tuple[str, ...]) -> pd.Series:
    """Each row's key: its value, or a tuple for a key of several columns (None for a layer without a key)."""
    if not key:
        return pd.Series([None] * len(frame), dtype=object)
    columns = [[_plain(v) for v in frame[c].astype(object).tolist()] for c in key]
    return pd.Series(columns[0] if len(key) == 1 else list(zip(*columns, strict=True)), dtype=object)


def _texts(keys: pd.Series) -> list[str]:
    """The keys as the history keeps them: JSON lists."""
    return [_key_text(k if isinstance(k, tuple) else (k,)) for k in keys]


def _usable(frame: pd.DataFrame, keys: pd.Series, key: tuple[str, ...]) -> bool:
    """Whether the rows can be told apart by their key (present in each row, never repeated)."""
    return not frame[list(key)].isna().any().any() and keys.is_unique


def _geometry_column(frame: pd.DataFrame) -> str | None:
    return frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None


def _wkb(frame: pd.DataFrame) -> np.ndarray:
    return shapely.to_wkb(np.asarray(frame.geometry.array, dtype=object))


def _equal_rows(left: pd.DataFrame, right: pd.DataFrame) -> np.ndarray:
    """Row by row, whether two conformed frames of one layer hold the same values (missing equals missing)."""
    same = np.ones(len(left), dtype=bool)
    geometry = _geometry_column(left)
    for column in left.columns:
        if column == geometry:
            same &= _wkb(left) == _wkb(right)
            continue
        a, b = left[column].reset_index(drop=True), right[column].reset_index(drop=True)
        both_missing = (a.isna() & b.isna()).to_numpy()
        equal = (a == b).fillna(False).to_numpy(dtype=bool)
        same &= equal | both_missing
    return same


def _same_rows(before: pd.DataFrame, after: pd.DataFrame) -> bool:
    return len(before) == len(after) and bool(_equal_rows(before, after).all())


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in CHANGE_COLUMNS})


def _frame(
    name: str,
    op: str,
    keys: list[str | None],
    *,
    positions: Iterable[int] | None = None,
    rows: list[str] | None = None,
    geometry: list[bytes | None] | None = None,
) -> pd.DataFrame:
    """Change rows of one layer and operation (columns :data:`CHANGE_COLUMNS`)."""
    count = len(keys)
    return pd.DataFrame(
        {
            "layer": [name] * count,
            "op": [op] * count,
            "key": list(keys),
            "pos": [None] * count if positions is None else [int(p) for p in positions],
            "row": [None] * count if rows is None else list(rows),
            "geometry": [None] * count if geometry is None else list(geometry),
        },
        dtype=object,
    )


def _old_rows(name: str, before: pd.DataFrame, positions: np.ndarray, op: str, keys: pd.Series | None) -> pd.DataFrame:
    """``op`` rows carrying the rows of ``before`` at ``positions`` (to put back where they were)."""
    rows = before.iloc[positions]
    geometry = _geometry_column(before)
    columns = [c for c in before.columns if c != geometry]
    texts = (
        [
            json.dumps(dict(zip(columns, map(_plain, values), strict=True)), ensure_ascii=False)
            for values in zip(*(rows[c].astype(object).tolist() for c in columns), strict=True)
        ]
        if columns
        else ["{}"] * len(rows)
    )
    shapes = None if geometry is None else list(_wkb(rows))
    named = [None] * len(positions) if keys is None else _texts(keys.iloc[positions])
    return _frame(name, op, named, positions=positions, rows=texts, geometry=shapes)


def _whole(name: str, before: pd.DataFrame) -> pd.DataFrame:
    """The layer recorded whole: one ``clear`` row, then every row it had before."""
    restore = _old_rows(name, before, np.arange(len(before)), _RESTORE, None)
    return _concat([_frame(name, _CLEAR, [None]), restore])


def _restored_rows(name: str, changes: pd.DataFrame) -> pd.DataFrame:
    """The conformed rows carried by change rows, in their order."""
    spec = LAYERS[name]
    columns = list(spec.columns)
    records = [json.loads(text) for text in changes["row"]]
    frame = pd.DataFrame.from_records(records, columns=columns) if records else pd.DataFrame(columns=columns)
    if spec.geometry is None:
        return conform(name, frame)
    shapes = shapely.from_wkb(np.asarray(changes["geometry"].tolist() or [], dtype=object))
    return conform(name, gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(shapes, crs=STORE_CRS)))


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else _empty()
