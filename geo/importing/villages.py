"""Importing villages from a CSV/XLSX with WKT polygons or latitude/longitude (added or updated by census code)."""

from __future__ import annotations

import dataclasses
import os

import geopandas as gpd
import pandas as pd

from geo.importing.apply import base_store, finish
from geo.importing.coordinates import inner_points, parse_wkt, points_from_columns, polygons, store_extent, to_store_crs
from geo.importing.district import district_rows, file_identity, store_district, with_identity
from geo.importing.keys import panchayat_of_points
from geo.importing.opening import open_table
from geo.importing.options import ImportOptions, VillageOptions
from geo.importing.outlines import dissolve
from geo.importing.overlaps import resolve_overlaps
from geo.importing.parts import joined_parts
from geo.importing.result import ImportResult, new_store
from geo.importing.shared import SharedVillage, placed_shared, shared_villages, split_shared
from geo.importing.shifted import realigned_rows
from geo.importing.source import Source
from geo.importing.updates import blank_cells, clear_marks, fill_from_store
from geo.importing.values import column, integers, markup_warnings, normalise_code
from geo.storage.districts import with_district
from geo.storage.schema import STORE_CRS
from geo.storage.store import StoreData, conform
from geo.storage.validate import Problem

__all__ = ["import_villages"]

#: Village column -> the file's role that fills it, cell by cell (an update keeps the stored value of an empty cell).
_CELLS = {"name": "village_name", "name_hi": "name_hi", "population": "population"}
#: Roles whose stored value a clear marker may clear.
_CLEARABLE = ("name_hi", "population")


def import_villages(
    store: StoreData | None,
    path: str | os.PathLike[str],
    options: ImportOptions = ImportOptions(),
    *,
    own: VillageOptions = VillageOptions(),
) -> ImportResult:
    """Import villages from a CSV/XLSX with a WKT geometry column or latitude/longitude.

    Parameters
    ----------
    store : StoreData or None
        The current store read with ``private=True`` (None: a new, empty store).
    path : path-like
        The table; village polygons as WKT (even in a misspelled column such as
        ``geometery_in_wkt``) or points as latitude/longitude in degrees.
    options : ImportOptions, optional
        What every import takes; a village file reads ``columns`` (roles ``census_code``,
        ``village_name``, ``lat``, ``lon``, ``wkt``, ``population``, ``panchayat_code``,
        ``panchayat_name``, ``block``, ``block_code``), ``crs`` (the coordinates' CRS when
        they are not EPSG:4326 degrees), ``confirmed`` (fuzzy panchayat names),
        ``confirm_removal`` (a replacement removing more than 5 % of the villages or
        people), ``skip_rows``, ``max_rows`` and ``max_bytes``.
    own : VillageOptions, optional
        Its own: dissolve to panchayats, swapped latitude/longitude, strict, the district,
        replace (:class:`geo.importing.options.VillageOptions`). ``replace`` makes the
        villages exactly the file; by default an update keeps the stored name, Hindi name
        or population where the file's cell is empty, and clears an optional one where
        the cell says ``(clear)`` or ``(हटाएँ)`` (:mod:`geo.importing.updates`).

    Returns
    -------
    ImportResult
        Village points (the representative point of a polygon's largest part) and,
        for WKT, their polygons in ``village_boundaries``. Rows repeating an earlier
        row exactly are left out and counted; a missing population stays missing, never 0.

    Notes
    -----
    A file naming another district than the store's (its ``district_census_code``,
    ``district_code`` or ``district_name``) adds that district beside the store's: it is
    imported into a store of its own and put in place with
    :func:`geo.storage.districts.with_district`, the others' rows untouched. A file of
    several districts is split by those columns, each part imported so into its district.
    """
    base = original = base_store(store)
    opened = open_table(
        "villages", path, options.columns, options.skip_rows, max_rows=options.max_rows, max_bytes=options.max_bytes
    )
    frame, source, mapping, result = opened.frame, opened.source, opened.mapping, opened.result
    report = result.report
    if not own.strict:
        frame, found, facts = realigned_rows(frame, mapping, source)
        report.problems += found
        report.facts += facts
    missing = [
        f"{what} ({flag})"
        for role, what, flag in (
            ("census_code", "census_code", "--code-col"),
            ("village_name", "village_name", "--name-col"),
        )
        if role not in mapping
    ]
    if "wkt" not in mapping and not {"lat", "lon"} <= set(mapping):
        missing.append("a WKT geometry column or latitude and longitude columns (--wkt-col, --lat-col/--lon-col)")
    if own.dissolve_to_panchayats and "panchayat_code" not in mapping:
        missing.append("a panchayat code column to dissolve by (--col panchayat_code=COLUMN)")
    if missing:
        report.problems.append(
            source.file_error(
                f"missing column(s): {', '.join(missing)}; found: {', '.join(frame.columns)} — rename them or map them"
            )
        )
        return result
    parts, found = _district_parts(base, frame, mapping, source, own)
    report.problems += found
    if not report.ok:
        return result
    if parts is None:  # a new store, or the store's one district: as ever
        data, layers = _import_rows(result, base, frame, mapping, source, options, own)
        return finish(result, original, data, layers, confirm_removal=options.confirm_removal)
    data, layers = _import_districts(result, base, frame, parts, mapping, source, options, own)
    return finish(result, original, data, layers, confirm_removal=options.confirm_removal)


def _district_parts(
    store: StoreData, frame: pd.DataFrame, mapping: dict[str, str], source: Source, own: VillageOptions
) -> tuple[list[tuple[str | None, pd.Index]] | None, list[Problem]]:
    """The file's districts, each with the store's district it updates (None: a district to add).

    None instead of a list when the import is of one district into a new store or into
    the store's one district (imported as ever, :func:`_import_rows`).
    """
    groups, problems = district_rows(frame, mapping, source)
    if problems:
        return None, problems
    parts = []
    for rows in groups:
        found, _ = file_identity(frame.loc[rows], mapping, source)
        if own.district is not None and len(groups) == 1:
            found = own.district
        parts.append((store_district(store, found), rows, found))
    empty = store.panchayats.empty and store.villages.empty
    if len(parts) == 1 and (empty or (len(store.districts) <= 1 and parts[0][0] is not None)):
        return None, []
    if len(parts) == 1 and parts[0][0] is None and not (parts[0][2].named or parts[0][2].code):
        listed = ", ".join(store.district_label(code) for code in store.district_codes())
        return None, [
            source.file_error(
                f"names no district, and the store holds {len(store.districts)} ({listed}); add a district_name "
                "column, or pass --district-name NAME (the Data page: District name) to say whose villages these are"
            )
        ]
    return [(code, rows) for code, rows, _ in parts], []


def _import_districts(
    result: ImportResult,
    store: StoreData,
    frame: pd.DataFrame,
    parts: list[tuple[str | None, pd.Index]],
    mapping: dict[str, str],
    source: Source,
    options: ImportOptions,
    own: VillageOptions,
) -> tuple[StoreData | None, tuple[str, ...]]:
    """Import each district's rows into that district alone (a new one from nothing) and put it in the store."""
    if own.district is not None and len(parts) > 1:
        result.report.problems.append(
            source.file_warning("--district-name is not used: the file names its districts, each by its own column")
        )
        own = dataclasses.replace(own, district=None)
    data, layers, told = store, ("districts", "district", "blocks", "meta"), []
    for code, rows in parts:
        base = new_store() if code is None else store.only_district(code)
        part, part_layers = _import_rows(result, base, frame.loc[rows], mapping, source, options, own)
        if part is None:
            return None, ()
        data = with_district(data, part)
        layers += part_layers
        label = data.district_label(part.district_codes()[0])
        told.append(f"{label} ({len(part.villages):,} villages{'' if code is None else ', updated'})")
    if len(parts) > 1:
        result.report.facts.append(f"{len(parts)} districts: {', '.join(told)}")
    else:
        others = [data.district_label(c) for c in data.district_codes() if c != part.district_codes()[0]]
        added = (
            f"adds district {told[0]} beside " if parts[0][0] is None else f"district {told[0]}; the store's others: "
        )
        result.report.facts.append(added + ", ".join(others))
    if data.meta.get("dataset_name", "").endswith(" district store") and len(data.districts) > 1:
        data = dataclasses.replace(data, meta=data.meta | {"dataset_name": f"{data.identity.label()} store"})
    return data, layers


def _import_rows(
    result: ImportResult,
    base: StoreData,
    frame: pd.DataFrame,
    mapping: dict[str, str],
    source: Source,
    options: ImportOptions,
    own: VillageOptions,
) -> tuple[StoreData | None, tuple[str, ...]]:
    """The store after the file's rows ``frame`` (None when they have errors, told in ``result``) and its layers."""
    report = result.report
    frame, cleared, found = clear_marks(frame, mapping, _CLEARABLE, source, unit="village")
    report.problems += found
    identity, found = file_identity(frame, mapping, source)
    report.problems += found
    base, meta_changed, found, facts = with_identity(base, identity, own.district, source)
    report.problems += found
    report.facts += facts
    extent = store_extent(base)
    shapes = None
    if "wkt" in mapping:
        raw, found = parse_wkt(column(frame, mapping["wkt"]), source, strict=own.strict, frame=frame)
        report.problems += found
        if raw is None:
            return None, ()
        shapes, found, facts = to_store_crs(raw, options.crs, source, extent)
        report.problems += found
        report.facts += facts
        if shapes is None:
            return None, ()
        shapes, found = polygons(shapes, source, strict=own.strict)
        report.problems += found
    if own.keep_duplicate_codes:
        report.problems.append(
            source.file_warning(
                "--keep-duplicate-codes is no longer needed: rows with the same census code, name and panchayat are "
                "one "
                "village drawn in several parts and are joined; one code on different villages must be corrected"
            )
        )
    whole = frame
    shared: list[SharedVillage] = []
    if not own.strict:  # else joined_parts names the rows as errors
        frame, shapes, shared = shared_villages(frame, mapping, shapes)
    frame, shapes, found, facts = joined_parts(frame, mapping, shapes, source)
    report.problems += found
    report.facts += facts
    if shapes is None:
        points, found, facts = points_from_columns(frame, mapping, options.crs, own.swap_latlon, source, extent)
        report.problems += found
        report.facts += facts
        if points is None:
            return None, ()
    codes = column(frame, mapping["census_code"]).map(normalise_code)
    names = column(frame, mapping["village_name"])
    report.problems += markup_warnings(names, source, "village name")
    report.problems += [
        source.error(
            row, f"no census code in column {mapping['census_code']!r}; every village needs one", cause="no census code"
        )
        for row, code in codes.items()
        if not code
    ]
    population, found = integers(frame, mapping.get("population"), source, "population")
    report.problems += found
    if "population" not in mapping:
        kept = "" if own.replace else " for new villages (the store's keep theirs)"
        report.problems.append(
            source.file_warning(
                f"no population column: village population is stored as not recorded{kept} (figures weighted by "
                "population will say how many villages they could not count) — map one with --population-col if the "
                "file has it"
            )
        )
    if not report.ok:
        return None, ()
    if shapes is not None:
        labels = codes + " (" + names + ")"
        shapes, found, facts = resolve_overlaps(shapes, labels, source, what="villages", strict=own.strict)
        report.problems += found
        report.facts += facts
        if shapes is None:
            return None, ()
        if own.dissolve_to_panchayats:
            frame, shapes, land, land_shapes, found, facts = split_shared(frame, whole, mapping, shapes, shared, source)
            report.problems += found
            report.facts += facts
        points = inner_points(shapes)
        report.facts.append(
            "village points are the representative points of the polygons' largest parts (always inside)"
        )
    working = base
    layers: tuple[str, ...] = ("villages", "village_boundaries") + (("meta",) if meta_changed else ())
    if own.dissolve_to_panchayats:
        working, extra, found, facts = dissolve(base, land, mapping, land_shapes, source, villages=len(frame))
        report.problems += found
        report.facts += facts
        if working is None:
            return None, ()
        layers += extra
        gp_codes = column(frame, mapping["panchayat_code"]).map(normalise_code)
    else:
        frame, found = placed_shared(frame, whole, mapping, points, shared, working.panchayats, source)
        report.problems += found
        gp_codes, matches, found = panchayat_of_points(working, frame, mapping, points, source, options.confirmed)
        result.matches += matches
        report.problems += found
    if not report.ok:
        return None, ()
    villages = gpd.GeoDataFrame(
        {
            "census_code": codes,
            "name": names,
            "name_hi": column(frame, mapping.get("name_hi")),
            "panchayat_lgd": gp_codes.replace("", None),
            "population": population,
        },
        geometry=points,
        crs=STORE_CRS,
    )
    if not own.replace:
        villages = fill_from_store(
            villages,
            base.villages,
            "census_code",
            blank_cells(frame, mapping, _CELLS),
            {name: cleared[role] for name, role in _CELLS.items() if role in cleared},
        )
    report.problems += [
        source.error(
            row,
            f"no village name in column {mapping['village_name']!r}; a new village needs one",
            cause="no name for a new village",
        )
        for row, name in villages["name"].items()
        if pd.isna(name) or not str(name).strip()
    ]
    if not report.ok:
        return None, ()
    if shapes is not None:
        bounds = gpd.GeoDataFrame({"census_code": codes}, geometry=shapes, crs=STORE_CRS)
    else:
        bounds = base.village_boundaries[_among(base.village_boundaries["census_code"], set(codes))]
    villages, bounds = _merged(base, villages, bounds, replace=own.replace, polygons_given=shapes is not None)
    report.facts.append(
        "mode: the villages become exactly the file (--replace)"
        if own.replace
        else "mode: the file's villages are added or updated by census code; every other village is kept"
    )
    data = dataclasses.replace(
        working, villages=conform("villages", villages), village_boundaries=conform("village_boundaries", bounds)
    )
    return data, layers


def _merged(
    base: StoreData, villages: gpd.GeoDataFrame, bounds: gpd.GeoDataFrame, *, replace: bool, polygons_given: bool
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The store's villages and boundaries after the file: the file alone, or the file over the store's."""
    if replace:
        return villages, bounds
    codes = set(villages["census_code"])
    kept = base.villages[~_among(base.villages["census_code"], codes)]
    merged = pd.concat([kept, conform("villages", villages)], ignore_index=True)
    if polygons_given:
        kept_bounds = base.village_boundaries[~_among(base.village_boundaries["census_code"], codes)]
        bounds = pd.concat([kept_bounds, conform("village_boundaries", bounds)], ignore_index=True)
    else:
        bounds = base.village_boundaries
    return (
        gpd.GeoDataFrame(merged, geometry="geometry", crs=STORE_CRS),
        gpd.GeoDataFrame(bounds, geometry="geometry", crs=STORE_CRS),
    )


def _among(column: pd.Series, codes: set[str]) -> pd.Series:
    """``column.isin(codes)``, as objects: pandas' Arrow strings would convert each of many codes one by one."""
    return column.astype(object).isin(codes)
