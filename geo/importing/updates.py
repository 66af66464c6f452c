"""An update never erases by accident: an empty cell keeps the stored value; a marker clears it.

An update import (villages, service points: add or update by key) takes the file's
value where a cell holds one. An empty cell — or a column the file does not have —
keeps what the store holds for a known key; offices leave cells empty when they do
not know, not to erase. To clear a stored value, write one of :data:`CLEAR_MARKERS`
in the cell: ``(clear)`` or ``(हटाएँ)``. Only optional fields can be cleared; a
marker in a required field (a village's name, a point's id or coordinates) is an
error naming the row. The preview lists what would be cleared
(:attr:`geo.importing.changes.LayerChange.cleared`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

import pandas as pd

from geo.importing.source import Source
from geo.importing.values import column
from geo.storage.validate import Problem

__all__ = ["CLEAR_MARKERS", "is_clear_marker", "clear_marks", "blank_cells", "fill_from_store"]

#: What an office writes in a cell to clear the stored value (an empty cell keeps it); case and spaces ignored.
CLEAR_MARKERS = ("(clear)", "(हटाएँ)")
_SPELLINGS = {re.sub(r"\s+", "", marker).casefold() for marker in (*CLEAR_MARKERS, "(हटाएं)")}


def is_clear_marker(value: object) -> bool:
    """Whether a cell holds a clear marker (``(clear)``, ``(Clear)``, ``( हटाएँ )``, ``(हटाएं)`` …).

    Examples
    --------
    >>> is_clear_marker(" (Clear) "), is_clear_marker("(हटाएं)"), is_clear_marker("clear")
    (True, True, False)
    """
    return isinstance(value, str) and re.sub(r"\s+", "", value).casefold() in _SPELLINGS


def clear_marks(
    frame: pd.DataFrame, mapping: Mapping[str, str], clearable: Collection[str], source: Source, *, unit: str
) -> tuple[pd.DataFrame, dict[str, pd.Series], list[Problem]]:
    """Find the clear markers of a file: emptied in the frame returned, kept per role, refused where not allowed.

    Parameters
    ----------
    frame : pandas.DataFrame
        The file's cells (text).
    mapping : mapping of str to str
        Role -> column.
    clearable : collection of str
        The roles whose stored value may be cleared (optional fields).
    source : Source
        The file, for problems.
    unit : str
        What a row is, for messages ("village", "service point").

    Returns
    -------
    frame : pandas.DataFrame
        A new frame whose marker cells are empty (so values parse as usual).
    cleared : dict of str to pandas.Series
        Role -> boolean per row: the cell asks to clear (every role of ``mapping``).
    problems : list of Problem
        An error per marker in a role that cannot be cleared, naming the row.
    """
    out = frame.copy()
    cleared, problems = {}, []
    for role, name in mapping.items():
        marked = frame[name].map(is_clear_marker).astype(bool)
        cleared[role] = marked
        if not marked.any():
            continue
        out.loc[marked, name] = ""
        if role not in clearable:
            problems += [
                source.error(
                    row,
                    f"{frame.at[row, name]!r} in column {name!r}: the {role.replace('_', ' ')} cannot be cleared — "
                    f"every {unit} needs one; write it, or leave the cell empty to keep the stored one",
                    cause=f"{role.replace('_', ' ')} cannot be cleared (every {unit} needs one)",
                )
                for row in frame.index[marked.to_numpy()]
            ]
    return out, cleared, problems


def fill_from_store(
    new: pd.DataFrame,
    stored: pd.DataFrame,
    key: str,
    empty: Mapping[str, pd.Series],
    cleared: Mapping[str, pd.Series],
) -> pd.DataFrame:
    """The file's rows with each empty cell of a stored key taken from the store, and each marked cell cleared.

    Parameters
    ----------
    new : pandas.DataFrame
        The rows as the file gives them, indexed like the file.
    stored : pandas.DataFrame
        The store's rows of the layer.
    key : str
        The key column (``census_code``, ``id``).
    empty : mapping of str to pandas.Series
        Column -> boolean per row of ``new``: the file left the cell empty (or has no such column).
    cleared : mapping of str to pandas.Series
        Column -> boolean per row: the cell holds a clear marker.

    Returns
    -------
    pandas.DataFrame
        A new frame; rows whose key the store does not have keep the file's values
        (an empty cell stays empty), marked cells are missing.
    """
    out = new.copy()
    known = stored.drop_duplicates(key)
    known.index = known[key].astype(str)
    is_known = out[key].astype(str).isin(known.index)
    for name, blank in empty.items():
        keep = blank.reindex(out.index, fill_value=False).to_numpy() & is_known.to_numpy()
        if keep.any():
            out.loc[keep, name] = out.loc[keep, key].astype(str).map(known[name]).to_numpy()
    for name, marked in cleared.items():
        drop = marked.reindex(out.index, fill_value=False).to_numpy()
        if drop.any():
            out.loc[drop, name] = None
    return out


def blank_cells(frame: pd.DataFrame, mapping: Mapping[str, str], roles: Mapping[str, str]) -> dict[str, pd.Series]:
    """Column -> boolean per row: the file's cell of the column's role is empty (all rows when it has no such column).

    ``roles`` maps each layer column to the file role filling it (``{"name": "village_name"}``).
    """
    return {name: column(frame, mapping.get(role)) == "" for name, role in roles.items()}
