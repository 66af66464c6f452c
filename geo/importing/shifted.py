"""Rows with fewer cells than the header: their cells put back under their columns, and said.

Some exports write nothing, not even the separator, for an empty cell: every later cell of
that row moves left (Jharkhand's Census-2011 extract has 18 villages of Deoghar and 2 of
Dhanbad whose empty panchayat name and code were left out, so that their district column
reads ``350``, their census code). Such a row is found by its geometry: its WKT column
holds no WKT, the cell as many columns to its left as the row has empty cells at its end
does. The missing cells are put back, empty, where every cell then fits its column: a code
column holds a number (or nothing), a name column no bare number, a census code and a
village name are there. Of the places that fit, missing cells side by side (one empty run)
come first, then the earliest. A row no place fits is left as it is (the import names it);
with ``--strict`` no row is moved.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import pandas as pd
import shapely

from geo.importing.source import Source
from geo.importing.values import normalise_code
from geo.storage.validate import Problem

__all__ = ["realigned_rows"]

#: Roles whose cells are codes (numbers), and those of them every row needs.
_CODES = ("census_code", "panchayat_code", "block_code", "district_code", "district_census_code")
#: Roles whose cells are names (never a bare number), and those of them every row needs.
_NAMES = ("village_name", "panchayat_name", "block", "district_name", "state_name")
_NEEDED = ("census_code", "village_name")
_MOST_MISSING = 4


def realigned_rows(
    frame: pd.DataFrame, mapping: Mapping[str, str], source: Source
) -> tuple[pd.DataFrame, list[Problem], list[str]]:
    """Put the cells of each short row back under their columns (missing cells empty).

    Parameters
    ----------
    frame : pandas.DataFrame
        The file's rows as text, indexed by row number (a short row's last cells empty).
    mapping : mapping
        Role -> column; ``wkt`` finds short rows, the code and name roles check a realignment.
    source : Source
        The file.

    Returns
    -------
    tuple
        The rows (a new frame when any moved), a warning per row moved, one fact for them all.

    Examples
    --------
    >>> frame = pd.DataFrame(
    ...     [["7", "Gadi", "2545", "NALA", "POINT (1 2)", ""]],
    ...     columns=["code", "village", "gp", "gp_code", "block", "wkt"], index=[2])
    >>> fixed, problems, facts = realigned_rows(frame, {"census_code": "code", "village_name": "village",
    ...     "panchayat_name": "gp", "panchayat_code": "gp_code", "block": "block", "wkt": "wkt"}, Source("v.csv"))
    >>> fixed.loc[2].tolist()
    ['7', 'Gadi', '', '2545', 'NALA', 'POINT (1 2)']
    """
    if "wkt" not in mapping:
        return frame, [], []
    columns = list(frame.columns)
    at = columns.index(mapping["wkt"])
    kinds = _column_kinds(columns, mapping)
    texts = frame[mapping["wkt"]].astype(str).str.lstrip().str.slice(0, 12).str.upper()
    suspects = frame.index[~texts.str.startswith(("POLYGON", "MULTIPOLYGON", "POINT"))]
    moved: dict[int, tuple[str, ...]] = {}
    problems: list[Problem] = []
    memo: dict[tuple[tuple[str, ...], int], tuple[int, ...] | None] = {}
    for row in suspects:
        cells = tuple(str(c).strip() for c in frame.loc[row])
        gap = _gap(cells, at)
        if not gap:
            continue
        pattern = tuple(_kind_of(c) for c in cells[: at + 1])
        if (pattern, gap) not in memo:  # rows alike (the same kinds of cells) fit alike
            memo[pattern, gap] = _places(pattern, kinds, gap)
        places = memo[pattern, gap]
        if places is None:
            continue
        moved[row] = _with_empty(cells, places)[: len(cells)]  # its last cells were the empty ones
        left_out = ", ".join(repr(columns[p]) for p in places)
        problems.append(
            source.warning(
                row,
                f"the row has {gap} cell(s) fewer than the header (its geometry was in {columns[at - gap]!r}): "
                f"taken as the empty {left_out} left out, where every cell then fits its column, and put back — "
                "check the row",
                cause="a row with fewer cells than the header: the missing cells put back empty where every cell "
                "fits its column — check the rows",
            )
        )
    if not moved:
        return frame, [], []
    fixed = frame.copy()
    for row, cells in moved.items():
        fixed.loc[row] = list(cells)
    listed = ", ".join(map(str, list(moved)[:10])) + (f" and {len(moved) - 10} more" if len(moved) > 10 else "")
    return fixed, problems, [f"{len(moved)} row(s) with fewer cells than the header were put back in line: {listed}"]


def _gap(cells: tuple[str, ...], at: int) -> int:
    """How many cells the row lacks: its WKT sits that many columns left of ``at``, its last cells empty (0: not so)."""
    for gap in range(1, min(at, _MOST_MISSING) + 1):
        if cells[-gap] != "":
            return 0
        cell = cells[at - gap]
        if cell.upper().startswith(("POLYGON", "MULTIPOLYGON", "POINT")) and shapely.from_wkt(
            cell, on_invalid="ignore"
        ):
            return gap
    return 0


def _column_kinds(columns: list[str], mapping: Mapping[str, str]) -> tuple[str, ...]:
    """Each column's kind: ``code``, ``name`` (with ``!`` when every row needs one) or ``""`` (anything)."""
    role_of = {column: role for role, column in mapping.items()}
    kinds = []
    for column in columns:
        role = role_of.get(column, "")
        kind = "code" if role in _CODES else "name" if role in _NAMES else "wkt" if role == "wkt" else ""
        kinds.append(kind + ("!" if role in _NEEDED else ""))
    return tuple(kinds)


def _kind_of(cell: str) -> str:
    """A cell's kind: ``empty``, ``number``, ``wkt`` or ``text``."""
    if not cell:
        return "empty"
    if cell.upper().startswith(("POLYGON", "MULTIPOLYGON", "POINT")):
        return "wkt"
    return "number" if normalise_code(cell).isdigit() else "text"


def _places(cells: tuple[str, ...], kinds: tuple[str, ...], gap: int) -> tuple[int, ...] | None:
    """Where ``gap`` empty cells go (column numbers) so that every cell fits its column; None when nowhere.

    ``cells`` are the kinds of the row's cells up to its WKT's column; ``kinds`` the columns'.
    """
    at = len(cells) - 1
    fitting = [
        places
        for places in itertools.combinations(range(at + 1), gap)
        if all(
            _fits(kind, cell)
            for kind, cell in zip(kinds, _with_empty(cells[: at + 1 - gap], places, empty="empty"), strict=False)
        )
    ]
    if not fitting:
        return None
    return min(fitting, key=lambda places: (places[-1] - places[0] != gap - 1, places))


def _with_empty(cells: tuple[str, ...], places: tuple[int, ...], *, empty: str = "") -> tuple[str, ...]:
    """``cells`` with ``empty`` at each of ``places`` (column numbers, ascending)."""
    out = list(cells)
    for place in places:
        out.insert(place, empty)
    return tuple(out)


def _fits(kind: str, cell: str) -> bool:
    """Whether a cell of kind ``cell`` (``empty``/``number``/``wkt``/``text``) fits a column of kind ``kind``."""
    if cell == "empty":
        return not kind.endswith("!") and kind != "wkt"
    if kind.startswith("wkt"):
        return cell == "wkt"
    if cell == "wkt":
        return False
    if kind.startswith("code"):
        return cell == "number"
    if kind.startswith("name"):
        return cell == "text"
    return True
