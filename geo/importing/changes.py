"""What an import would change, layer by layer, before anything is applied.

:func:`layer_changes` compares the store with the store after the import: rows added,
changed, removed and unchanged per layer (service points per kind), and the people
before and after for villages. :func:`removal_problem` refuses a replacement that
would remove more than :data:`REMOVAL_LIMIT` of a layer's rows or people unless the
user confirms it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import shapely

from geo.formats import format_count
from geo.storage.schema import LAYERS
from geo.storage.store import StoreData, conform
from geo.storage.validate import Problem

__all__ = ["REMOVAL_LIMIT", "LayerChange", "layer_changes", "large_removals", "removal_problem"]

#: A replacement removing more than this share of a layer's rows or people needs confirming.
REMOVAL_LIMIT = 0.05
_SHOWN = 5
#: Geometry is compared to this grid (degrees: about 1 cm).
_GRID = 1e-7
_NOUNS = {
    "panchayats": "panchayats",
    "blocks": "blocks",
    "district": "district outlines",
    "districts": "districts",
    "villages": "villages",
    "service_points": "points",
    "status_events": "status events",
    "inspections": "inspections",
    "roads": "roads",
    "water": "water features",
}


@dataclass(frozen=True)
class LayerChange:
    """The change of one layer (or of one kind of service point).

    Attributes
    ----------
    layer : str
        The layer, e.g. ``villages`` or ``service_points (csc)``.
    noun : str
        What its rows are, for messages ("villages", "csc points").
    before, after : int
        Rows before and after.
    added, changed, removed, unchanged : tuple of str
        The keys in each state.
    people_before, people_after : int or None
        Recorded population (villages only).
    unrecorded_before, unrecorded_after : int
        Villages whose population is not recorded (villages only).
    people_removed : int
        Recorded population of the removed villages.
    cleared : tuple of (str, tuple of str)
        Per column, the keys of the rows whose recorded value the import clears
        (e.g. ``("name_hi", ("V1", "V3"))``), so the preview says what would be erased.
    """

    layer: str
    noun: str
    before: int
    after: int
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    people_before: int | None = None
    people_after: int | None = None
    people_removed: int = 0
    unrecorded_before: int = 0
    unrecorded_after: int = 0
    cleared: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def any(self) -> bool:
        """Whether anything changes."""
        return bool(self.added or self.changed or self.removed)

    def text(self) -> str:
        """E.g. "villages: 2 added, 0 changed, 0 removed, 1,100 unchanged (1,100 → 1,102; people 7,91,042 → …)"."""
        counts = (
            f"{len(self.added):,} added, {len(self.changed):,} changed, {len(self.removed):,} removed, "
            f"{self.unchanged:,} unchanged"
        )
        extent = f"{format_count(self.before)} → {format_count(self.after)}"
        if self.people_before is not None:
            extent += (
                f"; people {_people(self.people_before, self.before, self.unrecorded_before)} → "
                f"{_people(self.people_after or 0, self.after, self.unrecorded_after)}"
            )
        line = f"{self.layer}: {counts} ({extent})"
        for label, keys in (("added", self.added), ("changed", self.changed), ("removed", self.removed)):
            if keys:
                line += f"; {label}: {_listed(keys)}"
        for name, keys in self.cleared:
            noun = self.noun[:-1] if len(keys) == 1 and self.noun.endswith("s") else self.noun
            line += f"; clears {name} of {len(keys):,} {noun}: {_listed(keys)}"
        return line


def layer_changes(
    before: StoreData, after: StoreData, layers: tuple[str, ...], *, kind: str | None = None
) -> list[LayerChange]:
    """Compare ``before`` and ``after`` on ``layers`` (service points: only ``kind``, when given)."""
    changes = []
    for name in layers:
        if name not in _NOUNS:  # meta, and the layers that follow another (boundaries of villages, private columns)
            continue
        old, new = before.layer(name), after.layer(name)
        label, noun = name, _NOUNS.get(name, name)
        if name == "service_points" and kind is not None:
            old, new = old[old["kind"] == kind], new[new["kind"] == kind]
            label, noun = f"service_points ({kind})", f"{kind} points"
        change = _compare(name, label, noun, old, new)
        if name == "service_points" and kind is not None:  # the points' private columns are cleared with them
            ids = set(old["id"].astype(str)) | set(new["id"].astype(str))
            private = [
                frame[frame["id"].astype(str).isin(ids)] for frame in (before.service_private, after.service_private)
            ]
            change = replace(change, cleared=change.cleared + _cleared("service_private", *private))
        changes.append(change)
    return changes


def large_removals(changes: list[LayerChange], *, limit: float = REMOVAL_LIMIT) -> list[LayerChange]:
    """The changes that remove more than ``limit`` of their layer's rows or people."""
    return [
        c
        for c in changes
        if c.before
        and (
            len(c.removed) > limit * c.before or (bool(c.people_before) and c.people_removed > limit * c.people_before)
        )
    ]


def removal_problem(changes: list[LayerChange], *, confirmed: bool, limit: float = REMOVAL_LIMIT) -> Problem | None:
    """The error refusing a large removal, or None (nothing large, or the user confirmed it)."""
    large = large_removals(changes, limit=limit)
    if confirmed or not large:
        return None
    parts = []
    for c in large:
        part = f"{format_count(len(c.removed))} of {format_count(c.before)} {c.noun}"
        if c.people_before:
            part += f" and {format_count(c.people_removed)} of {format_count(c.people_before)} people"
        parts.append(part)
    return Problem(
        "error",
        "the import",
        f"would remove {'; '.join(parts)} (more than {limit:.0%}); nothing was "
        "applied — if the file is the whole layer, import it again with --confirm-removal (Data page: "
        "tick 'yes, remove them'); to add or update rows only, import without --replace",
    )


def _compare(name: str, label: str, noun: str, old: pd.DataFrame, new: pd.DataFrame) -> LayerChange:
    key = list(LAYERS[name].key)
    old_keys, new_keys = _keys(old, key), _keys(new, key)
    old_rows = dict(zip(old_keys, _content(name, old), strict=True))
    new_rows = dict(zip(new_keys, _content(name, new), strict=True))
    added = tuple(k for k in new_rows if k not in old_rows)
    removed = tuple(k for k in old_rows if k not in new_rows)
    both = [k for k in new_rows if k in old_rows]
    changed = _changed(name, old, old_keys, new, new_keys, [k for k in both if old_rows[k] != new_rows[k]])
    people = name == "villages"
    cleared = _cleared(name, old, new)
    removed_people = pd.Series(old["population"].to_numpy(), index=old_keys).loc[list(removed)] if people else None
    return LayerChange(
        layer=label,
        noun=noun,
        before=len(old),
        after=len(new),
        added=added,
        changed=changed,
        removed=removed,
        unchanged=len(both) - len(changed),
        people_before=int(old["population"].fillna(0).sum()) if people else None,
        people_after=int(new["population"].fillna(0).sum()) if people else None,
        people_removed=int(removed_people.fillna(0).sum()) if people else 0,
        unrecorded_before=int(old["population"].isna().sum()) if people else 0,
        unrecorded_after=int(new["population"].isna().sum()) if people else 0,
        cleared=cleared,
    )


def _cleared(name: str, old: pd.DataFrame, new: pd.DataFrame) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Per column, the keys of rows present in both whose value is recorded in ``old`` and empty in ``new``."""
    key = list(LAYERS[name].key)
    before = conform(name, old).set_axis(_keys(old, key)).drop(columns="geometry", errors="ignore")
    after = conform(name, new).set_axis(_keys(new, key)).drop(columns="geometry", errors="ignore")
    both = before.index.intersection(after.index)
    out = []
    for column in (c for c in before.columns if c not in key):
        had = np.array(_cells(before.loc[both, column])) != ""
        lost = np.array(_cells(after.loc[both, column])) == ""
        keys = tuple(both[had & lost])
        if keys:
            out.append((column, keys))
    return tuple(out)


def _people(recorded: int, villages: int, unrecorded: int) -> str:
    """A population total as the report says it: "not recorded" when no village has one, else the villages left out.

    Examples
    --------
    >>> _people(0, 195, 195), _people(1200, 3, 1), _people(1200, 3, 0), _people(0, 0, 0)
    ('not recorded', '1,200 (1 village not recorded)', '1,200', '0')
    """
    if villages and unrecorded == villages:
        return "not recorded"
    missing = f" ({unrecorded:,} village{'s' if unrecorded != 1 else ''} not recorded)" if unrecorded else ""
    return f"{format_count(recorded)}{missing}"


def _listed(keys: tuple[str, ...]) -> str:
    """The first keys, and how many more."""
    more = f" and {len(keys) - _SHOWN:,} more" if len(keys) > _SHOWN else ""
    return f"{', '.join(keys[:_SHOWN])}{more}"


def _cell(value: object) -> str:
    """A cell as text: "" when missing (None, NaN, NaT, pd.NA)."""
    return "" if value is None or value is pd.NA or value != value else str(value)  # noqa: PLR0124 - NaN, NaT


def _cells(column: pd.Series) -> list[str]:
    """Every cell of ``column`` as :func:`_cell` gives it."""
    return [_cell(value) for value in column.tolist()]


def _keys(frame: pd.DataFrame, key: list[str]) -> pd.Index:
    """Each row's key as text; a key held by several rows gets ``#2``, ``#3`` … (kept duplicate codes)."""
    if not key:  # the district outline: known by its name
        names = frame["name"].fillna("").astype(str) if "name" in frame else pd.Series([""] * len(frame))
        return pd.Index([name or f"row {i + 1}" for i, name in enumerate(names)])
    if not len(frame):
        return pd.Index([])
    text = pd.Series(_joined(frame[key], "/"), index=frame.index)
    number = text.groupby(text).cumcount()
    return pd.Index([k if n == 0 else f"{k}#{n + 1}" for k, n in zip(text, number, strict=True)])


def _changed(
    name: str, old: pd.DataFrame, old_keys: pd.Index, new: pd.DataFrame, new_keys: pd.Index, differ: list[str]
) -> tuple[str, ...]:
    """The keys of ``differ`` (rows whose exact content differs) that differ still with geometry to about 1 cm.

    Rows equal exactly are equal at any precision, so only these are rounded (a district's
    import into a state rounds its own rows, not the state's).
    """
    if LAYERS[name].geometry is None or not differ:
        return tuple(differ)
    old_at = {k: i for i, k in enumerate(old_keys)}  # the last row of a key, as the comparison's dict keeps it
    new_at = {k: i for i, k in enumerate(new_keys)}
    rounded = zip(
        _content(name, old.iloc[[old_at[k] for k in differ]], grid=_GRID),
        _content(name, new.iloc[[new_at[k] for k in differ]], grid=_GRID),
        strict=True,
    )
    return tuple(k for k, (before, after) in zip(differ, rounded, strict=True) if before != after)


def _content(name: str, frame: pd.DataFrame, *, grid: float | None = None) -> list[str]:
    """A comparable text of each row: every column of the contract, geometry exact or rounded to ``grid`` degrees."""
    conformed = conform(name, frame)
    parts = _joined(conformed.drop(columns="geometry", errors="ignore"), "|")
    if "geometry" in conformed and len(frame):
        shapes = conformed.geometry.to_numpy()
        wkb = shapely.to_wkb(shapes if grid is None else shapely.set_precision(shapes, grid))
        parts = [f"{text}|{'' if b is None else b.hex()}" for text, b in zip(parts, wkb, strict=True)]
    return parts


def _joined(frame: pd.DataFrame, sep: str) -> list[str]:
    """Each row's cells as text joined by ``sep`` (column by column: no row-wise ``apply``)."""
    columns = [_cells(frame[c]) for c in frame.columns]
    return [sep.join(cells) for cells in zip(*columns, strict=True)] if columns else [""] * len(frame)
