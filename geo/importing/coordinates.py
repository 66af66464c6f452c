"""Bringing a file's geometry into the store: its CRS, swapped or projected numbers, where it must lie.

Coordinates must fall in the store's own extent plus a margin (India for a new store,
:func:`geo.crs.extent_of`); every hint names the UTM zone of that extent. Each
function returns the geometry (None when it cannot be used), the problems and the
facts it found.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj.exceptions import CRSError

from geo.crs import Extent, extent_of
from geo.importing.source import Source
from geo.importing.values import column
from geo.importing.values import numbers as read_numbers
from geo.storage.schema import STORE_CRS
from geo.storage.store import StoreData
from geo.storage.validate import Problem

__all__ = ["store_extent", "to_store_crs", "polygons", "inner_points", "parse_wkt", "points_from_columns"]

_LIST_LIMIT = 20

Geometry = tuple[gpd.GeoSeries | None, list[Problem], list[str]]


def store_extent(store: StoreData) -> Extent:
    """Where the store's coordinates lie (its boundaries plus a margin; India for an empty store)."""
    return extent_of([store.district, store.blocks, store.panchayats])


def to_store_crs(geoms: gpd.GeoSeries, crs: str | int | None, source: Source, extent: Extent) -> Geometry:
    """Bring geometry to EPSG:4326, deciding what a missing or wrong CRS means.

    Returns
    -------
    tuple
        The geometry in EPSG:4326 (None when it cannot be used), the problems and the facts.
    """
    problems: list[Problem] = []
    facts: list[str] = []
    missing = (geoms.isna() | geoms.is_empty).to_numpy()
    for row in geoms.index[missing][:_LIST_LIMIT]:
        problems.append(source.error(row, "has no geometry; draw it or remove the row", cause="has no geometry"))
    if missing.any():
        return None, problems, facts
    bounds = geoms.bounds
    cx = ((bounds["minx"] + bounds["maxx"]) / 2).to_numpy()
    cy = ((bounds["miny"] + bounds["maxy"]) / 2).to_numpy()
    utm = extent.utm_hint()
    epsg = utm.split()[0]
    if crs is not None:
        try:
            out = geoms.set_crs(crs, allow_override=True)
        except CRSError as err:
            return None, [source.file_error(f"--crs {crs!r} is not a CRS pyproj knows ({err}); e.g. {epsg}")], facts
        facts.append(f"coordinates read in {crs} as given")
    elif geoms.crs is None:
        if _looks_projected(cx, cy):
            return (
                None,
                [
                    source.file_error(
                        f"no CRS stated and the coordinates look projected (e.g. {cx[0]:,.0f}, {cy[0]:,.0f}), not "
                        "degrees; "
                        f"here that is probably {utm} — pass --crs {epsg}"
                    )
                ],
                facts,
            )
        if extent.looks_swapped(cx, cy):
            return (
                None,
                [
                    source.file_error(
                        f"coordinates look like latitude, longitude swapped (x≈{np.nanmedian(cx):.2f}, "
                        f"y≈{np.nanmedian(cy):.2f}; {extent.describe()}) — swap them in the file"
                    )
                ],
                facts,
            )
        if not extent.contains(cx, cy).all():
            return (
                None,
                [
                    source.file_error(
                        f"no CRS stated and the coordinates do not fall in {extent.where} in "
                        f"degrees ({extent.bounds_text()}); state the CRS with --crs"
                    )
                ],
                facts,
            )
        out = geoms.set_crs(STORE_CRS)
        problems.append(
            source.file_warning(
                "states no CRS; assumed EPSG:4326 (WGS84 degrees) because every "
                f"coordinate falls in {extent.where} — pass --crs if that is wrong"
            )
        )
    else:
        out = geoms
        if geoms.crs.is_geographic and _looks_projected(cx, cy):
            return (
                None,
                [
                    source.file_error(
                        f"claims degrees (EPSG:{geoms.crs.to_epsg()}) but the coordinates look projected (e.g. "
                        f"{cx[0]:,.0f}, "
                        f"{cy[0]:,.0f}); the CRS is wrong — probably {utm}: pass --crs {epsg} or fix it in QGIS "
                        "(Layer ▸ Set CRS)"
                    )
                ],
                facts,
            )
    out = out.to_crs(STORE_CRS)
    b = out.bounds
    x = ((b["minx"] + b["maxx"]) / 2).to_numpy()
    y = ((b["miny"] + b["maxy"]) / 2).to_numpy()
    if extent.looks_swapped(x, y):
        return (
            None,
            [
                source.file_error(
                    f"coordinates look like latitude, longitude swapped ({extent.describe()}); swap them in the file"
                )
            ],
            facts,
        )
    ok = extent.contains(x, y)
    cause = f"lies outside {extent.where} ({extent.bounds_text()}); check its coordinates"
    problems += [source.error(row, cause, cause=cause) for row in out.index[~ok]]
    return (out if ok.all() else None), problems, facts


def polygons(geoms: gpd.GeoSeries, source: Source, *, strict: bool = False) -> tuple[gpd.GeoSeries, list[Problem]]:
    """Polygons only (2-D); invalid ones repaired with ``make_valid`` and said so, feature by feature.

    With ``strict``, an invalid polygon is an error instead (nothing is repaired).
    """
    values = shapely.force_2d(geoms.to_numpy()).copy()
    problems = []
    for i, (row, geom) in enumerate(zip(geoms.index, values, strict=True)):
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            problems.append(
                source.error(row, f"is a {geom.geom_type}; expected a polygon (area)", cause="is not a polygon (area)")
            )
            continue
        if geom.is_valid:
            continue
        reason = shapely.is_valid_reason(geom)
        if strict:
            problems.append(
                source.error(
                    row,
                    f"invalid geometry ({reason}); --strict repairs nothing — fix it in "
                    "QGIS (Vector ▸ Geometry Tools ▸ Fix Geometries) or import without --strict",
                    cause="invalid geometry; --strict repairs nothing",
                )
            )
            continue
        fixed = shapely.make_valid(geom)
        parts = [g for g in getattr(fixed, "geoms", [fixed]) if g.geom_type in ("Polygon", "MultiPolygon")]
        if not parts:
            problems.append(
                source.error(
                    row,
                    f"invalid geometry ({reason}) with no area left once repaired; draw it again",
                    cause="invalid geometry with no area",
                )
            )
            continue
        values[i] = shapely.union_all(parts)
        problems.append(
            source.warning(
                row,
                f"invalid geometry ({reason}); repaired with make_valid — check it in QGIS",
                cause="invalid geometry repaired with make_valid; check in QGIS",
            )
        )
    return gpd.GeoSeries(values, index=geoms.index, crs=geoms.crs), problems


def inner_points(shapes: gpd.GeoSeries) -> gpd.GeoSeries:
    """A point inside each polygon: the representative point of its largest part (a village's main piece).

    Examples
    --------
    >>> from shapely.geometry import MultiPolygon, box
    >>> point = inner_points(gpd.GeoSeries([MultiPolygon([box(0, 0, 1, 1), box(5, 0, 8, 3)])]))[0]
    >>> 5 < point.x < 8
    True
    """

    def largest(geom: shapely.Geometry) -> shapely.Geometry:
        return max(getattr(geom, "geoms", [geom]), key=lambda part: part.area)

    return gpd.GeoSeries([largest(g).representative_point() for g in shapes], index=shapes.index, crs=shapes.crs)


def parse_wkt(
    texts: pd.Series, source: Source, *, strict: bool = False, frame: pd.DataFrame | None = None
) -> tuple[gpd.GeoSeries | None, list[Problem]]:
    """Geometry from WKT text (None when any row cannot be read).

    A ring left open (its last point not repeating its first) is closed and said so
    per row (with ``strict``, an error: the caller stops once every problem is
    collected). When a row's cell is not WKT but another cell of the row (in
    ``frame``) is, the row is short: a message says where its geometry went.
    """
    cells = np.array([text or None for text in texts], dtype=object)
    geoms = shapely.from_wkt(cells, on_invalid="ignore")
    fixed = shapely.from_wkt(np.where(pd.isna(geoms), cells, None), on_invalid="fix")
    problems = []
    for i, (row, text, geom) in enumerate(zip(texts.index, texts, geoms, strict=True)):
        if geom is not None:
            continue
        if fixed[i] is not None:
            geoms[i] = fixed[i]
            if strict:
                problems.append(
                    source.error(
                        row,
                        "geometry WKT has a ring that is not closed; --strict repairs "
                        "nothing — close it (repeat its first point) or import without --strict",
                        cause="a ring is not closed; --strict repairs nothing",
                    )
                )
            else:
                problems.append(
                    source.warning(
                        row,
                        "geometry WKT has a ring that is not closed; closed it (its first "
                        "point repeated) — check it in QGIS",
                        cause="a ring was not closed; closed it — check in QGIS",
                    )
                )
            continue
        moved = _wkt_column(frame, texts.name, row) if frame is not None and text else None
        if moved is not None:
            column_at = list(frame.columns)
            gap = column_at.index(texts.name) - column_at.index(moved)
            problems.append(
                source.error(
                    row,
                    f"geometry is not in column {texts.name!r} but in {moved!r}: the row has {gap} cell(s) fewer "
                    "than the header before its geometry (e.g. an empty panchayat name and code left out), so its "
                    "cells moved left — put the missing cells back (empty) in the file",
                    cause="cells moved left (the row has fewer cells than the header); its geometry is in another "
                    "column",
                )
            )
            continue
        what = "is empty" if not text else f"is not WKT ({text[:40]!r}…)"
        problems.append(
            source.error(
                row,
                f"geometry {what}; expected e.g. MULTIPOLYGON(((86.7 24.0, …)))",
                cause="geometry is empty or not WKT",
            )
        )
    unread = pd.isna(geoms).any()
    return (None if unread else gpd.GeoSeries(geoms, index=texts.index)), problems


def _wkt_column(frame: pd.DataFrame, column: str, row: int) -> str | None:
    """The column left of ``column`` holding ``row``'s polygon when the row is short (None: not that).

    A row with fewer cells than the header has its cells moved left and its last cells
    empty: the WKT sits as many columns left of ``column`` as there are empty cells at the end.
    """
    cells = frame.loc[row].astype(str).str.strip()
    at = list(frame.columns).index(column)
    for gap in range(1, at + 1):
        if cells.iloc[-gap] != "":
            return None
        cell = cells.iloc[at - gap]
        if cell.upper().startswith(("POLYGON", "MULTIPOLYGON")) and shapely.from_wkt(cell, on_invalid="ignore"):
            return str(frame.columns[at - gap])
    return None


def points_from_columns(
    frame: pd.DataFrame, mapping: Mapping[str, str], crs: str | int | None, swap: bool, source: Source, extent: Extent
) -> Geometry:
    """Points from latitude/longitude columns (degrees, or ``crs``), checked against ``extent``."""
    lat_col, lon_col = mapping["lat"], mapping["lon"]
    values, problems, facts = {}, [], []
    for role, col in (("lat", lat_col), ("lon", lon_col)):
        raw = column(frame, col)
        numbers = read_numbers(raw)
        numbers = numbers.where(np.isfinite(numbers))  # "inf" or "1e400" is no coordinate
        for row, text, number in zip(raw.index, raw, numbers, strict=True):
            if pd.isna(number):
                shown = f"{text!r} is not a number" if text else "is empty"
                problems.append(
                    source.error(
                        row,
                        f"{role} in column {col!r} {shown}; write decimal degrees, e.g. 23.95",
                        cause=f"{role} is empty or not a number",
                    )
                )
        values[role] = numbers.to_numpy(dtype=float)
    if problems:
        return None, problems, facts
    y, x = values["lat"], values["lon"]
    if swap:
        x, y = y, x
        facts.append("latitude and longitude columns swapped back (--swap-latlon)")
    if crs is None and extent.looks_swapped(x, y):
        return (
            None,
            [
                source.file_error(
                    f"latitude and longitude look swapped: column {lat_col!r} holds ≈{np.nanmedian(y):.2f} and "
                    f"{lon_col!r} "
                    f"≈{np.nanmedian(x):.2f}, but {extent.describe()} — swap the column names or pass --swap-latlon"
                )
            ],
            facts,
        )
    if crs is None and _looks_projected(x, y):
        utm = extent.utm_hint()
        return (
            None,
            [
                source.file_error(
                    f"columns {lat_col!r}/{lon_col!r} hold projected numbers (e.g. {y[0]:,.0f}, {x[0]:,.0f}), not "
                    "degrees; "
                    f"here probably {utm} — pass --crs {utm.split()[0]}"
                )
            ],
            facts,
        )
    geoms = gpd.GeoSeries(gpd.points_from_xy(x, y), index=frame.index, crs=crs)
    if crs is not None:
        out, more, more_facts = to_store_crs(geoms, crs, source, extent)
        return out, problems + more, facts + more_facts
    ok = extent.contains(x, y)
    cause = f"lies outside {extent.where} ({extent.bounds_text()}); check the coordinates"
    problems += [
        source.error(row, f"point ({point.y:.4f} N, {point.x:.4f} E) {cause}", cause=cause)
        for row, point in geoms[~ok].items()
    ]
    return (geoms.set_crs(STORE_CRS) if ok.all() else None), problems, facts


def _looks_projected(x: np.ndarray, y: np.ndarray) -> bool:
    if not len(x):  # every row left out (skip_invalid): nothing to judge
        return False
    return bool(np.nanmedian(np.abs(x)) > 360 or np.nanmedian(np.abs(y)) > 90)
