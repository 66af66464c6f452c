"""Importing service points of one kind (CSC, Aadhaar, PMGDISHA, library …): added or updated by id."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
from collections.abc import Mapping

import geopandas as gpd
import pandas as pd

from geo.crs import MARGIN_KM, Extent, extent_of
from geo.errors import GeoInputError
from geo.formats import format_date
from geo.importing.apply import base_store, finish
from geo.importing.coordinates import points_from_columns
from geo.importing.keys import locate, shared_codes, stable_ids, stated_panchayats
from geo.importing.matching import name_key
from geo.importing.opening import open_table
from geo.importing.options import ImportOptions, ServiceOptions
from geo.importing.result import ImportResult
from geo.importing.source import Source
from geo.importing.updates import blank_cells, clear_marks, fill_from_store
from geo.importing.values import booleans, column, dates, integers, markup_warnings, normalise_code
from geo.spatial.placement import border_distance_m, district_outline, nearest_panchayats
from geo.storage.schema import SERVICE_KINDS, STORE_CRS
from geo.storage.store import StoreData, conform
from geo.storage.validate import Problem

__all__ = ["KIND_WORDS", "import_services", "kind_named"]

_PRIVATE = ("operator_name", "phone", "remark")
#: Columns filled from the file's cell of the same role (an update keeps the stored value of an empty cell).
_CELLS = ("category", "name", "name_hi", "functional", "opened", "registered", "trained", "passed", "books")
#: Roles whose stored value a clear marker may clear.
_CLEARABLE = (
    "category",
    "name_hi",
    "functional",
    "status_as_of",
    "opened",
    "registered",
    "trained",
    "passed",
    "books",
    *_PRIVATE,
)


def import_services(
    store: StoreData | None,
    path: str | os.PathLike[str],
    options: ImportOptions = ImportOptions(),
    *,
    own: ServiceOptions,
) -> ImportResult:
    """Import service points of one kind with coordinates; each is assigned to the panchayat it lies in.

    A point in no panchayat is kept where it serves: inside the district (a town's
    centre) or outside it within ``border_km`` of its border (a centre serving border
    villages), without a panchayat (:mod:`geo.spatial.placement`); one farther out is an
    error naming its distance. A stated panchayat (code or name) that differs from
    where the point lies is reported; the point is stored where it lies. By default the
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
    options : ImportOptions, optional
        What every import takes; a service file reads ``columns``, ``crs``, ``confirmed``
        and ``confirm_removal`` (as :func:`geo.importing.import_villages` does),
        ``skip_rows``, ``max_rows``, ``max_bytes`` and ``today``: the date of the functional flags when
        the file has them but no ``status_as_of`` column (default today). A file without
        functional flags leaves its points undated (a list says a centre exists, not when
        it worked).
    own : ServiceOptions
        Its own: the kind (one of :data:`geo.storage.schema.SERVICE_KINDS`), swapped
        latitude/longitude, replace, and ``border_km``: how far outside the district's
        border (km) a point may stand and still be kept (``--border-km``).

    Returns
    -------
    ImportResult
        The file's own id column gives the ids; without one, ids are made from the
        kind, name and location (:func:`geo.importing.keys.stable_ids`), so the same
        file imported again gives the same ids.
    """
    kind, border_km = own.kind, own.border_km
    if kind not in SERVICE_KINDS:
        msg = f"unknown service kind {kind!r}; expected one of {', '.join(SERVICE_KINDS)} (--kind)"
        raise GeoInputError(msg)
    if isinstance(border_km, bool) or not isinstance(border_km, int | float) or not 0 <= border_km < math.inf:
        msg = f"--border-km should be a distance in km from 0 up (e.g. 25), got {border_km!r}"
        raise GeoInputError(msg)
    base = base_store(store)
    opened = open_table(
        "services",
        path,
        options.columns,
        options.skip_rows,
        rows=f"{kind} row(s)",
        max_rows=options.max_rows,
        max_bytes=options.max_bytes,
    )
    frame, source, mapping, result = opened.frame, opened.source, opened.mapping, opened.result
    report = result.report
    missing = [
        f"{role} ({flag})"
        for role, flag in (("name", "--name-col"), ("lat", "--lat-col"), ("lon", "--lon-col"))
        if role not in mapping
    ]
    if base.panchayats.empty:
        report.problems.append(
            source.file_error("the store has no panchayats yet; import boundaries first (`import boundaries`)")
        )
    if missing:
        report.problems.append(
            source.file_error(
                f"missing column(s): {', '.join(missing)}; found: {', '.join(frame.columns)} — rename them or map them"
            )
        )
    if not report.ok:
        return result
    mapping, found, facts = _kind_column(frame, mapping, kind, source)
    report.problems += found
    report.facts += facts
    if not report.ok:
        return result
    frame, cleared, found = clear_marks(frame, mapping, _CLEARABLE, source, unit="service point")
    report.problems += found
    points, found, facts = points_from_columns(
        frame, mapping, options.crs, own.swap_latlon, source, _extent(base, border_km)
    )
    report.problems += found
    report.facts += facts
    if points is None:
        return result
    names = column(frame, mapping["name"])
    report.problems += markup_warnings(names, source, "name")
    if "category" in mapping:
        report.facts.append(_category_fact(column(frame, mapping["category"]), mapping["category"]))
    if "id" in mapping:
        ids = column(frame, mapping["id"]).map(normalise_code)
        report.problems += [
            source.error(row, f"no id in column {mapping['id']!r}; every service point needs one", cause="no id")
            for row, value in ids.items()
            if not value
        ]
    else:
        ids = stable_ids(kind, names, points)
        report.facts.append(
            f"no id column: ids such as {ids.iloc[0]} made from the kind, name and location (the "
            "same on every import of the same centres)"
        )
    report.problems += shared_codes(ids, source, "id", severity="error")
    other = base.service_points[base.service_points["kind"] != kind]
    clash = sorted(set(ids) & set(other["id"].astype(str)))
    report.problems += [
        source.file_error("already used by a service point of another kind; ids must be unique", where=f"id {value}")
        for value in clash
    ]
    functional, found = booleans(frame, mapping.get("functional"), source)
    report.problems += found
    opened, found = dates(frame, mapping.get("opened"), source, "opened", required=False)
    report.problems += found
    if "status_as_of" in mapping:
        status_as_of, found = dates(frame, mapping["status_as_of"], source, "status as of", required=False)
        report.problems += found
    elif "functional" not in mapping:  # a list of centres says they exist, not on which day they worked
        status_as_of = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    else:  # the register's flags are as true as the day it is imported
        day = (options.today or dt.date.today()).isoformat()
        status_as_of = pd.Series([day] * len(frame), index=frame.index, dtype=object)
        report.facts.append(
            f"no status date column ('Status as on', status_as_of …): the functional flags are "
            f"dated the day of the import, {format_date(day)} — add the column to date them as "
            "the register does (a review event dated later still outranks them)"
        )
    counts = {}
    for name in ("registered", "trained", "passed", "books"):
        counts[name], found = integers(frame, mapping.get(name), source, name)
        report.problems += found
    if not report.ok:
        return result
    located = locate(points, base.panchayats)
    stated, result.matches, found = stated_panchayats(base, frame, mapping, source, options.confirmed)
    report.problems += found
    report.problems += _placement_problems(points, located, stated, base, border_km, source)
    if not report.ok:
        return result
    points_frame = gpd.GeoDataFrame(
        {
            "id": ids,
            "kind": kind,
            "category": column(frame, mapping.get("category")),
            "name": names,
            "name_hi": column(frame, mapping.get("name_hi")),
            "panchayat_lgd": located,
            "functional": functional,
            "status_as_of": status_as_of,
            "opened": opened,
            **counts,
        },
        geometry=points,
        crs=STORE_CRS,
    )
    marked = {name: cleared[name] for name in (*_CELLS, "status_as_of") if name in cleared}
    if not own.replace:
        blank = blank_cells(frame, mapping, dict(zip(_CELLS, _CELLS, strict=True)))
        blank["status_as_of"] = column(frame, mapping.get("status_as_of", mapping.get("functional"))) == ""
        points_frame = fill_from_store(
            points_frame, base.service_points[base.service_points["kind"] == kind], "id", blank, marked
        )
    report.problems += [
        source.error(
            row,
            f"no name in column {mapping['name']!r}; a new service point needs one",
            cause="no name for a new service point",
        )
        for row, name in points_frame["name"].items()
        if pd.isna(name) or not str(name).strip()
    ]
    if not report.ok:
        return result
    new_private = pd.DataFrame({c: column(frame, mapping.get(c)) for c in _PRIVATE})
    new_private.insert(0, "id", ids)
    new_private = fill_from_store(
        new_private,
        base.service_private,
        "id",
        blank_cells(frame, mapping, dict(zip(_PRIVATE, _PRIVATE, strict=True))),
        {name: cleared[name] for name in _PRIVATE if name in cleared},
    )
    new_private = new_private[(new_private[list(_PRIVATE)].fillna("") != "").any(axis=1)]
    services, private = _merged(base, kind, points_frame, new_private, replace=own.replace)
    report.facts.append(
        f"mode: the {kind} points become exactly the file (--replace)"
        if own.replace
        else f"mode: the file's {kind} points are added or updated by id; every other point is kept"
    )
    data = dataclasses.replace(
        base,
        service_points=conform("service_points", gpd.GeoDataFrame(services, geometry="geometry", crs=STORE_CRS)),
        service_private=conform("service_private", private),
    )
    return finish(
        result, base, data, ("service_points", "service_private"), confirm_removal=options.confirm_removal, kind=kind
    )


def _merged(
    base: StoreData,
    kind: str,
    points: gpd.GeoDataFrame,
    private: pd.DataFrame,
    *,
    replace: bool,
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
    kept_private = base.service_private[
        base.service_private["id"].isin(remaining) & ~base.service_private["id"].isin(ids)
    ]
    return (
        pd.concat([kept, conform("service_points", points)], ignore_index=True),
        pd.concat([kept_private, private], ignore_index=True),
    )


#: How offices write each kind in a kind column (compared after :func:`geo.importing.matching.name_key`).
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "csc": (
        "csc",
        "common service centre",
        "common service center",
        "common services centre",
        "pragya kendra",
        "pragya kendra csc",
        "प्रज्ञा केंद्र",
        "प्रज्ञा केन्द्र",
        "सीएससी",
    ),
    "aadhaar": (
        "aadhaar",
        "aadhar",
        "adhar",
        "aadhaar centre",
        "aadhaar center",
        "aadhaar kendra",
        "aadhaar enrolment centre",
        "aadhaar enrollment centre",
        "aadhaar seva kendra",
        "uidai",
        "आधार",
        "आधार केंद्र",
        "आधार केन्द्र",
    ),
    "pmgdisha": ("pmgdisha", "pmg disha", "pm gdisha", "pmgdisha centre", "पीएमजीदिशा"),
    "library": ("library", "community library", "पुस्तकालय", "सामुदायिक पुस्तकालय"),
    "bank": ("bank", "bank branch", "bank mitra", "banking correspondent", "bc", "बैंक", "बैंक मित्र"),
    "post_office": ("post office", "post_office", "po", "india post", "डाकघर"),
}
_KIND_OF_WORD = {name_key(word): kind for kind, words in KIND_WORDS.items() for word in (kind, *words)}


def kind_named(value: str) -> str | None:
    """The service kind a cell names (``"Aadhaar Kendra"`` -> ``"aadhaar"``), or None.

    Examples
    --------
    >>> kind_named("Aadhaar Kendra"), kind_named("प्रज्ञा केंद्र"), kind_named("Permanent")
    ('aadhaar', 'csc', None)
    """
    return _KIND_OF_WORD.get(name_key(value))


def _kind_column(
    frame: pd.DataFrame,
    mapping: Mapping[str, str],
    kind: str,
    source: Source,
) -> tuple[dict[str, str], list[Problem], list[str]]:
    """Check a kind column against ``kind``; one that names no kind (``Permanent``, ``Camp``) becomes the category.

    The kind is said (``--kind``), never guessed: a column whose cells name service
    kinds must agree with it, row by row; any other column is kept as each point's
    category (or left out when the file has a category column too). Returns the
    mapping to use, the problems and the facts.
    """
    mapping = dict(mapping)
    if "kind" not in mapping:
        return mapping, [], []
    header = mapping["kind"]
    stated = column(frame, header).str.strip()
    named = stated.map(kind_named)
    if not named[stated != ""].notna().any():
        del mapping["kind"]
        if "category" in mapping:
            return (
                mapping,
                [],
                [
                    f"column {header!r} names no service kind; not used (the category is column "
                    f"{mapping['category']!r}; the kind is --kind {kind})"
                ],
            )
        mapping["category"] = header
        return (
            mapping,
            [],
            [f"column {header!r} names no service kind: kept as each point's category (the kind is --kind {kind})"],
        )
    expected = ", ".join(KIND_WORDS)
    problems = []
    for row, value in stated.items():
        if not value or named[row] == kind:
            continue
        if pd.isna(named[row]):
            problems.append(
                source.error(
                    row,
                    f"says kind {value!r}, which names no service kind ({expected}); fix the "
                    "cell, or map the column as the category (--col category=COLUMN)",
                    cause="names no service kind",
                )
            )
        else:
            problems.append(
                source.error(
                    row,
                    f"says kind {value!r} but this import is --kind {kind}; import each "
                    "kind from its own file (or fix the kind column)",
                    cause=f"another kind than --kind {kind}",
                )
            )
    return mapping, problems, []


def _category_fact(categories: pd.Series, header: str) -> str:
    """E.g. "column 'Type' kept as each point's category: Permanent (12), Camp (5)"."""
    counts = categories[categories != ""].value_counts()
    shown = ", ".join(f"{value} ({count:,})" for value, count in counts.head(8).items())
    more = f" and {len(counts) - 8} more" if len(counts) > 8 else ""
    return f"category from column {header!r}: {shown or 'every cell empty'}{more}"


def _extent(base: StoreData, border_km: float) -> Extent:
    """Where the file's points may lie at all: the store's extent, widened by twice ``border_km``.

    A point somewhat beyond ``border_km`` is then measured (and refused with its
    distance) rather than called out of bounds.
    """
    return extent_of([base.district, base.blocks, base.panchayats], margin_km=MARGIN_KM + 2 * border_km)


def _placement_problems(
    points: gpd.GeoSeries, located: pd.Series, stated: pd.Series, base: StoreData, border_km: float, source: Source
) -> list[Problem]:
    """Where each point stands against the panchayat it states; the points in no panchayat kept or refused.

    A point in no panchayat inside the district (a town) is kept, with the nearest
    panchayat named; one outside the district within ``border_km`` of its border is
    kept as serving border villages; one farther out is an error with its distance.
    """
    problems = []
    for row, code, here in zip(located.index, stated, located, strict=True):
        if here is not None and code and code != here:
            problems.append(
                source.warning(
                    row,
                    f"states panchayat {code} but the point lies in {here}; stored in {here} (the location) — check "
                    "the point or the sheet",
                    cause="lies in another panchayat than stated; stored where it lies",
                )
            )
    unplaced = located.isna().to_numpy()
    if not unplaced.any():
        return problems
    outline = district_outline(base.district, base.panchayats)
    dist_km = border_distance_m(points[unplaced], outline) / 1000.0
    nearest = nearest_panchayats(points[unplaced], base.panchayats)
    for row, km in dist_km.items():
        said = f"; the sheet states panchayat {stated[row]}, but the point lies outside it" if stated[row] else ""
        if km == 0:
            near = nearest.loc[row]
            problems.append(
                source.warning(
                    row,
                    f"stands in no panchayat, inside the district (a town: urban area); kept without a panchayat, "
                    f"as a possible nearest centre of every village{said} — nearest panchayat {near['name']} "
                    f"({near['lgd_code']}), {near['dist_m'] / 1000.0:.1f} km away",
                    cause="stands in no panchayat, inside the district (urban area); kept without a panchayat",
                )
            )
        elif km <= border_km:
            problems.append(
                source.warning(
                    row,
                    f"stands outside the district, {km:.1f} km from its border; kept as a centre serving border "
                    f"villages (within --border-km {border_km:g}), in no panchayat's figures{said}",
                    cause="stands outside the district, within --border-km of its border; kept as serving border "
                    "villages",
                )
            )
        else:
            problems.append(
                source.error(
                    row,
                    f"stands {km:.1f} km outside the district, farther than --border-km {border_km:g}; check its "
                    "coordinates (latitude and longitude mistyped or swapped?), or pass --border-km "
                    f"{math.ceil(km)} if it really serves the district",
                    cause="stands farther outside the district than --border-km; check its coordinates",
                )
            )
    return problems
