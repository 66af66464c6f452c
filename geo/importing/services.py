"""Importing service points of one kind (CSC, Aadhaar, PMGDISHA, library …): added or updated by id."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping

import geopandas as gpd
import pandas as pd

from geo.errors import GeoInputError
from geo.formats import format_date
from geo.importing.apply import base_store, finish
from geo.importing.coordinates import points_from_columns, store_extent
from geo.importing.keys import locate, shared_codes, stable_ids, stated_panchayats
from geo.importing.opening import open_table
from geo.importing.result import ImportResult
from geo.importing.updates import blank_cells, clear_marks, fill_from_store
from geo.importing.values import booleans, column, dates, integers, markup_warnings, normalise_code
from geo.matching import name_key
from geo.readers import MAX_ROWS
from geo.schema import SERVICE_KINDS, STORE_CRS
from geo.store import StoreData, conform

__all__ = ["import_services"]

_PRIVATE = ("operator_name", "phone", "remark")
#: Columns filled from the file's cell of the same role (an update keeps the stored value of an empty cell).
_CELLS = ("category", "name", "name_hi", "functional", "opened", "registered", "trained", "passed", "books")
#: Roles whose stored value a clear marker may clear.
_CLEARABLE = ("category", "name_hi", "functional", "status_as_of", "opened", "registered", "trained", "passed",
              "books", *_PRIVATE)


def import_services(
    store: StoreData | None,
    path: str | os.PathLike[str],
    *,
    kind: str,
    columns: Mapping[str, str | None] | None = None,
    crs: str | int | None = None,
    swap_latlon: bool = False,
    confirmed: pd.DataFrame | None = None,
    replace: bool = False,
    confirm_removal: bool = False,
    today: dt.date | None = None,
    skip_rows: frozenset[int] = frozenset(),
    max_rows: int = MAX_ROWS,
) -> ImportResult:
    """Import service points of one kind with coordinates; each is assigned to the panchayat it lies in.

    A stated panchayat (code or name) that differs is reported. By default the
    file's points are added (new ids) or updated (known ids) and every other point
    of the kind is kept; with ``replace`` the kind becomes exactly the file. Other
    kinds are never touched. An update keeps a known point's stored value where the
    file's cell is empty (its date of the functional flag with the flag), and clears
    an optional one where the cell says ``(clear)`` or ``(हटाएँ)``
    (:mod:`geo.importing.updates`); private columns are kept so in either mode.

    Parameters
    ----------
    store : StoreData
        The current store read with ``private=True``; it must have panchayats.
    path : path-like
        CSV/XLSX with latitude/longitude in degrees.
    kind : str
        One of :data:`geo.schema.SERVICE_KINDS`.
    columns, crs, swap_latlon, confirmed
        As for :func:`geo.importing.import_villages`.
    replace, confirm_removal
        As for :func:`geo.importing.import_villages`.
    today : datetime.date, optional
        The date of the functional flags when the file has no ``status_as_of`` column; default today.
    skip_rows : frozenset of int
        Rows to leave out (``skip_invalid``).
    max_rows : int, default :data:`geo.readers.MAX_ROWS`
        Refuse a file of more rows than this, before reading it to its end.

    Returns
    -------
    ImportResult
        The file's own id column gives the ids; without one, ids are made from the
        kind, name and location (:func:`geo.importing.keys.stable_ids`), so the same
        file imported again gives the same ids.
    """
    if kind not in SERVICE_KINDS:
        msg = f"unknown service kind {kind!r}; expected one of {', '.join(SERVICE_KINDS)} (--kind)"
        raise GeoInputError(msg)
    base = base_store(store)
    opened = open_table("services", path, columns, skip_rows, rows=f"{kind} row(s)", max_rows=max_rows)
    frame, source, mapping, result = opened.frame, opened.source, opened.mapping, opened.result
    report = result.report
    missing = [f"{role} ({flag})" for role, flag in (("name", "--name-col"), ("lat", "--lat-col"), ("lon", "--lon-col"))
               if role not in mapping]
    if base.panchayats.empty:
        report.problems.append(source.file_error("the store has no panchayats yet; import boundaries first "
                                                 "(`import boundaries`)"))
    if missing:
        report.problems.append(source.file_error(f"missing column(s): {', '.join(missing)}; found: "
                                                 f"{', '.join(frame.columns)} — rename them or map them"))
    if not report.ok:
        return result
    frame, cleared, found = clear_marks(frame, mapping, _CLEARABLE, source, unit="service point")
    report.problems += found
    if "kind" in mapping:
        stated = column(frame, mapping["kind"]).str.lower().str.strip()
        report.problems += [source.error(row, f"says kind {value!r} but this import is --kind {kind}; import each "
                                         "kind from its own file (or fix the kind column)",
                                         cause=f"another kind than --kind {kind}")
                            for row, value in stated.items()
                            if value and value != kind and name_key(value) != name_key(kind)]
        if not report.ok:
            return result
    points, found, facts = points_from_columns(frame, mapping, crs, swap_latlon, source, store_extent(base))
    report.problems += found
    report.facts += facts
    if points is None:
        return result
    names = column(frame, mapping["name"])
    report.problems += markup_warnings(names, source, "name")
    if "id" in mapping:
        ids = column(frame, mapping["id"]).map(normalise_code)
        report.problems += [source.error(row, f"no id in column {mapping['id']!r}; every service point needs one",
                                         cause="no id") for row, value in ids.items() if not value]
    else:
        ids = stable_ids(kind, names, points)
        report.facts.append(f"no id column: ids such as {ids.iloc[0]} made from the kind, name and location (the "
                            "same on every import of the same centres)")
    report.problems += shared_codes(ids, source, "id", severity="error")
    other = base.service_points[base.service_points["kind"] != kind]
    clash = sorted(set(ids) & set(other["id"].astype(str)))
    report.problems += [source.file_error("already used by a service point of another kind; ids must be unique",
                                          where=f"id {value}") for value in clash]
    functional, found = booleans(frame, mapping.get("functional"), source)
    report.problems += found
    opened, found = dates(frame, mapping.get("opened"), source, "opened", required=False)
    report.problems += found
    if "status_as_of" in mapping:
        status_as_of, found = dates(frame, mapping["status_as_of"], source, "status as of", required=False)
        report.problems += found
    else:  # the register is as true as the day it is imported
        day = (today or dt.date.today()).isoformat()
        status_as_of = pd.Series([day] * len(frame), index=frame.index, dtype=object)
        if "functional" in mapping:
            report.facts.append(f"no status date column ('Status as on', status_as_of …): the functional flags are "
                                f"dated the day of the import, {format_date(day)} — add the column to date them as "
                                "the register does (a review event dated later still outranks them)")
    counts = {}
    for name in ("registered", "trained", "passed", "books"):
        counts[name], found = integers(frame, mapping.get(name), source, name)
        report.problems += found
    if not report.ok:
        return result
    located = locate(points, base.panchayats)
    stated, result.matches, found = stated_panchayats(base, frame, mapping, source, confirmed)
    report.problems += found
    for row, code, here in zip(frame.index, stated, located, strict=True):
        if here is None:
            report.problems.append(source.error(row, "lies outside every panchayat of the store; check its "
                                                "coordinates", cause="lies outside every panchayat"))
        elif code and code != here:
            report.problems.append(source.warning(
                row, f"states panchayat {code} but the point lies in {here}; stored in {here} (the location) — check "
                "the point or the sheet", cause="lies in another panchayat than stated; stored where it lies"))
    if not report.ok:
        return result
    points_frame = gpd.GeoDataFrame(
        {"id": ids, "kind": kind, "category": column(frame, mapping.get("category")), "name": names,
         "name_hi": column(frame, mapping.get("name_hi")), "panchayat_lgd": located, "functional": functional,
         "status_as_of": status_as_of, "opened": opened, **counts},
        geometry=points, crs=STORE_CRS,
    )
    marked = {name: cleared[name] for name in (*_CELLS, "status_as_of") if name in cleared}
    if not replace:
        blank = blank_cells(frame, mapping, dict(zip(_CELLS, _CELLS, strict=True)))
        blank["status_as_of"] = column(frame, mapping.get("status_as_of", mapping.get("functional"))) == ""
        points_frame = fill_from_store(points_frame, base.service_points[base.service_points["kind"] == kind], "id",
                                       blank, marked)
    report.problems += [source.error(row, f"no name in column {mapping['name']!r}; a new service point needs one",
                                     cause="no name for a new service point")
                        for row, name in points_frame["name"].items() if pd.isna(name) or not str(name).strip()]
    if not report.ok:
        return result
    new_private = pd.DataFrame({c: column(frame, mapping.get(c)) for c in _PRIVATE})
    new_private.insert(0, "id", ids)
    new_private = fill_from_store(new_private, base.service_private, "id",
                                  blank_cells(frame, mapping, dict(zip(_PRIVATE, _PRIVATE, strict=True))),
                                  {name: cleared[name] for name in _PRIVATE if name in cleared})
    new_private = new_private[(new_private[list(_PRIVATE)].fillna("") != "").any(axis=1)]
    services, private = _merged(base, kind, points_frame, new_private, replace=replace)
    report.facts.append(f"mode: the {kind} points become exactly the file (--replace)" if replace else
                        f"mode: the file's {kind} points are added or updated by id; every other point is kept")
    data = dataclasses.replace(
        base,
        service_points=conform("service_points", gpd.GeoDataFrame(services, geometry="geometry", crs=STORE_CRS)),
        service_private=conform("service_private", private),
    )
    return finish(result, base, data, ("service_points", "service_private"), confirm_removal=confirm_removal,
                  kind=kind)


def _merged(base: StoreData, kind: str, points: gpd.GeoDataFrame, private: pd.DataFrame, *, replace: bool,
            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The service points and private columns after the file (other kinds always kept).

    ``private`` holds the file's points' private columns with the stored ones already
    kept where the file's cells are empty (a point without any has no row).
    """
    ids = set(points["id"])
    of_kind = base.service_points["kind"] == kind
    drop = of_kind if replace else base.service_points["id"].isin(ids)
    kept = base.service_points[~drop]
    remaining = set(kept["id"]) | ids
    kept_private = base.service_private[base.service_private["id"].isin(remaining)
                                        & ~base.service_private["id"].isin(ids)]
    return (pd.concat([kept, conform("service_points", points)], ignore_index=True),
            pd.concat([kept_private, private], ignore_index=True))
