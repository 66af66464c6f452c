"""Rows of a village file that share a census code: one village drawn in several parts, or a mistake.

A Census extract draws a village whose land lies in pieces (a river between them, an
enclave) as several rows with the same census code, name and panchayat, one polygon
each. Those rows are one village: their polygons are joined into one MultiPolygon (no
line moves) and the report says so once. Rows sharing a code but naming different
villages, or the same village under different panchayats, cannot be told apart by the
import: each such row is an error naming the others.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd
import shapely

from geo.importing.matching import name_key
from geo.importing.source import Source
from geo.importing.values import column, normalise_code
from geo.storage.validate import Problem

__all__ = ["joined_parts"]

#: Roles compared by their own key (below), or not at all (the geometry and its centroid columns).
_OWN_KEY = ("census_code", "village_name", "panchayat_code", "panchayat_name", "wkt", "lat", "lon")
_LISTED = 10


def joined_parts(
    frame: pd.DataFrame,
    mapping: Mapping[str, str],
    shapes: gpd.GeoSeries | None,
    source: Source,
) -> tuple[pd.DataFrame, gpd.GeoSeries | None, list[Problem], list[str]]:
    """Join the rows of each village drawn in several parts; an error for each code on different villages.

    Parameters
    ----------
    frame : pandas.DataFrame
        The file's rows (exact repeats already left out), indexed by row number.
    mapping : mapping
        Role -> column; ``census_code`` and ``village_name`` are required.
    shapes : geopandas.GeoSeries or None
        The rows' polygons in EPSG:4326 (None for a file of points).
    source : Source
        The file.

    Returns
    -------
    tuple
        The rows (one per village: the first row of its parts), their polygons (the
        parts of a village joined into one MultiPolygon), the problems and the facts.
        Rows with the same code, name (case and spacing aside) and panchayat are parts
        of one village when every other value they give agrees.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> rows = pd.DataFrame({"code": ["7", "7"], "name": ["Rampur", "RAMPUR"], "gp": ["11", "11"]}, index=[2, 3])
    >>> shapes = gpd.GeoSeries([box(86, 24, 86.01, 24.01), box(86.02, 24, 86.03, 24.01)], index=[2, 3], crs=4326)
    >>> kept, joined, problems, facts = joined_parts(
    ...     rows, {"census_code": "code", "village_name": "name", "panchayat_code": "gp"}, shapes, Source("v.csv"))
    >>> kept.index.tolist(), joined[2].geom_type, facts
    ([2], 'MultiPolygon', ['1 village drawn in several parts was joined: 7 (rows 2, 3)'])
    """
    codes = column(frame, mapping["census_code"]).map(normalise_code)
    shared = codes[(codes != "") & codes.duplicated(keep=False)]
    if shared.empty:
        return frame, shapes, [], []
    problems: list[Problem] = []
    joined: dict[str, list[int]] = {}
    for code, group in shared.groupby(shared, sort=True):
        rows = list(group.index)
        found = _differences(frame.loc[rows], mapping, shapes, source, str(code))
        if found:
            problems += found
        else:
            joined[str(code)] = rows
    if problems:
        return frame, shapes, problems, []
    left_out = [row for rows in joined.values() for row in rows[1:]]
    if shapes is not None:
        shapes = shapes.copy()
        for rows in joined.values():
            shapes[rows[0]] = shapely.make_valid(shapely.union_all(shapes.loc[rows].to_numpy()))
        shapes = shapes.drop(index=left_out)
    listed = ", ".join(f"{code} (rows {', '.join(map(str, rows))})" for code, rows in list(joined.items())[:_LISTED])
    more = f" and {len(joined) - _LISTED} more" if len(joined) > _LISTED else ""
    what = "village drawn in several parts was" if len(joined) == 1 else "villages drawn in several parts were"
    return frame.drop(index=left_out), shapes, [], [f"{len(joined)} {what} joined: {listed}{more}"]


def _differences(
    rows: pd.DataFrame, mapping: Mapping[str, str], shapes: gpd.GeoSeries | None, source: Source, code: str
) -> list[Problem]:
    """An error for each of ``rows`` (sharing ``code``) when they are not parts of one village."""
    names = column(rows, mapping["village_name"])
    panchayats = _panchayats(rows, mapping)
    described = {
        row: f"{names[row] or 'no name'}" + (f", panchayat {panchayats[row]}" if panchayats[row] else "")
        for row in rows.index
    }
    same_name = names.map(name_key).nunique() == 1
    if same_name and panchayats.map(name_key).nunique() == 1:
        if shapes is None:
            why, advice, cause = (
                "gives one village several points",
                "a village has one point: keep one of the rows",
                "one census code on several points; keep one row",
            )
        else:
            differing = _differing_values(rows, mapping)
            if not differing:
                return []
            why = f"draws one village in parts that disagree on {', '.join(differing)}"
            advice = "make the rows agree (or give each village its own code)"
            cause = "the parts of one village disagree on a value; make the rows agree"
    elif same_name:
        polygon = (
            " with the same polygon on each row"
            if shapes is not None and shapes.loc[rows.index].map(lambda g: g.wkb).nunique() == 1
            else ""
        )
        why = f"lists one village under {panchayats.nunique()} panchayats{polygon}"
        advice = (
            "a village belongs to one panchayat: keep the row of its panchayat and delete the others (or give "
            "each part its own polygon and code)"
        )
        cause = "one village listed under several panchayats; keep the row of its panchayat"
    else:
        why, advice = "names different villages", "a census code names one village: correct the code of one of them"
        cause = "one census code on different villages; correct the codes"
    problems = []
    for row in rows.index:
        others = ", ".join(f"row {r} ({described[r]})" for r in rows.index if r != row)
        problems.append(
            Problem(
                "error",
                f"{source.at(row)} (census code {code}: {described[row]})",
                f"census code {code} {why}: this row and {others} — {advice}",
                cause,
                row,
            )
        )
    return problems


def _panchayats(rows: pd.DataFrame, mapping: Mapping[str, str]) -> pd.Series:
    """Each row's panchayat as the file gives it: its code, else its name (``""`` when the file has neither)."""
    if "panchayat_code" in mapping:
        return column(rows, mapping["panchayat_code"]).map(normalise_code)
    return column(rows, mapping.get("panchayat_name"))


def _differing_values(rows: pd.DataFrame, mapping: Mapping[str, str]) -> list[str]:
    """The columns (other than name, panchayat and geometry) whose values differ between ``rows``."""
    return [
        f"{col!r} ({', '.join(sorted(set(values)))})"
        for role, col in mapping.items()
        if role not in _OWN_KEY
        for values in [column(rows, col).map(normalise_code)]
        if values.nunique() > 1
    ]
