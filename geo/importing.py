"""Bring a district's own files into a store: boundaries, villages, services, statuses.

Each ``import_*`` function reads one file, checks it and returns an
:class:`ImportResult`: the store as it would be after the import plus a report
(facts, errors, warnings, names that need confirming). Nothing is written; the
functions are pure except for reading the file. :func:`apply_import` then writes a
result that has no error and no unconfirmed match, as a numbered version
(:mod:`geo.versions`), in one transaction.

Rows are named as the user sees them: ``file.csv row 7`` counts the header as row 1
(as Excel does); GIS files say ``feature 3``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj.exceptions import CRSError

from geo.columns import DISTRICT_ROLES, resolve_columns
from geo.crs import Extent, extent_of
from geo.errors import GeoInputError
from geo.identity import IDENTITY_KEYS, DistrictIdentity
from geo.matching import Match, match_names, name_key
from geo.readers import read_spatial, read_table
from geo.schema import INDICATOR_VALUES, INDICATORS, SCHEMA_VERSION, SERVICE_KINDS, STORE_CRS, VALUE_LABELS
from geo.store import StoreData, append_events, conform, empty_layer, utc_now, write_store
from geo.validate import ValidationReport, overlap_problems, validate_store

__all__ = [
    "IMPORT_KINDS",
    "ImportResult",
    "new_store",
    "import_boundaries",
    "import_villages",
    "import_services",
    "import_status",
    "import_file",
    "apply_import",
]

IMPORT_KINDS = ("boundaries", "villages", "services", "status")
_LIST_LIMIT = 20
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!]|javascript:|&#\d|\bon\w+\s*=", re.IGNORECASE)


@dataclass
class ImportResult:
    """What an import would do: the new store content and its report.

    Attributes
    ----------
    kind : str
        ``boundaries``, ``villages``, ``services`` or ``status``.
    source : str
        The imported file's name.
    data : StoreData or None
        The store after the import (None when errors kept it from being built).
    report : geo.validate.ValidationReport
        Facts and problems; every problem names the file and row/feature.
    matches : list of geo.matching.Match
        How names were matched (exact, fuzzy, ambiguous, unmatched, confirmed).
    columns : dict
        Role -> column used.
    layers : tuple of str
        The layers the import replaces.
    new_events : pandas.DataFrame or None
        For status imports: the events to append.
    """

    kind: str
    source: str
    data: StoreData | None
    report: ValidationReport
    matches: list[Match] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    layers: tuple[str, ...] = ()
    new_events: pd.DataFrame | None = None

    @property
    def pending(self) -> list[Match]:
        """Fuzzy or ambiguous matches still waiting for a confirmation."""
        return [m for m in self.matches if m.needs_confirmation]

    @property
    def ok(self) -> bool:
        """True when the import can be applied: no error and nothing left to confirm."""
        return self.report.ok and not self.pending and self.data is not None

    @property
    def warnings(self) -> list:
        """The warnings of the report."""
        return [p for p in self.report.problems if p.severity == "warning"]

    def text(self) -> str:
        """The report as plain text: facts, problems, then names needing confirmation."""
        lines = [f"import {self.kind} from {self.source}"]
        lines += [f"  {fact}" for fact in self.report.facts]
        lines += [str(p) for p in self.report.problems]
        lines += [f"CONFIRM: {m.describe()}" for m in self.pending]
        errors, warnings = len(self.report.errors), len(self.warnings)
        lines.append(f"{errors} error(s), {warnings} warning(s), {len(self.pending)} name(s) to confirm")
        return "\n".join(lines)


#: The dataset name of a new store until it knows its district.
NEW_STORE_NAME = "District store"


def new_store(dataset_name: str = NEW_STORE_NAME, *, source_notes: str = "",
              identity: DistrictIdentity | None = None) -> StoreData:
    """Return an empty store (every layer empty, ``meta.is_demo = false``).

    Examples
    --------
    >>> s = new_store("Ranchi (own data)", identity=DistrictIdentity(name="Ranchi"))
    >>> s.is_demo, len(s.panchayats), s.identity.name
    (False, 0, 'Ranchi')
    """
    meta = {
        "dataset_name": dataset_name,
        "is_demo": "false",
        "created": utc_now(),
        "source_notes": source_notes or "created by an import",
        "schema_version": SCHEMA_VERSION,
        **(identity or DistrictIdentity()).to_meta(),
    }
    frames = {name: empty_layer(name) for name in StoreData.__dataclass_fields__ if name != "meta"}
    return StoreData(meta=meta, **frames)


def import_boundaries(
    store: StoreData | None,
    path: str | os.PathLike[str],
    *,
    layer: str | None = None,
    level: str = "panchayat",
    columns: Mapping[str, str | None] | None = None,
    crs: str | int | None = None,
    confirmed: pd.DataFrame | None = None,
    district: DistrictIdentity | None = None,
) -> ImportResult:
    """Import panchayat, block or district polygons from a GIS file.

    Parameters
    ----------
    store : StoreData or None
        The current store read with ``private=True`` (None: a new, empty store).
    path : path-like
        GeoJSON, zipped Shapefile, GeoPackage or KML.
    layer : str, optional
        The layer to read when the file has several.
    level : {"panchayat", "block", "district"}
        What the polygons are; they replace that layer of the store.
    columns : mapping, optional
        Role -> column overrides (``code``, ``name``, ``name_hi``, ``block``, ``block_code``).
    crs : str or int, optional
        The file's CRS when it declares none or a wrong one (e.g. ``"EPSG:32645"``).
    confirmed : pandas.DataFrame, optional
        Name confirmations (see :func:`geo.matching.read_confirmations`), used
        when the file has names but no LGD codes.
    district : geo.identity.DistrictIdentity, optional
        The district's name, state, code and expected counts as the user gives
        them (``--district-name`` …); they win over the file's own columns
        (``district_name``, ``district_code``, ``state_name``).

    Returns
    -------
    ImportResult
        Without errors: the store with the new polygons (a missing district
        outline, and missing blocks, are derived from the panchayats and said so).
        Features repeating an earlier feature exactly are left out and counted.
    """
    if level not in ("panchayat", "block", "district"):
        msg = f"'level' should be 'panchayat', 'block' or 'district', got {level!r}"
        raise GeoInputError(msg)
    base = _base(store)
    read = read_spatial(path, layer=layer)
    name = read.name
    frame = read.frame
    attrs = [c for c in frame.columns if c != frame.geometry.name]
    mapping = resolve_columns(attrs, "boundaries", columns, source=name)
    report = ValidationReport()
    report.facts.append(f"{name} layer {read.layer!r}: {len(frame):,} feature(s); columns used: {_describe(mapping)}")
    labels = [f"{name} feature {i + 1}" for i in range(len(frame))]
    keep = _repeats(frame, mapping, labels, report, geometry=frame.geometry, unit="feature")
    frame, labels = frame[keep], [label for label, kept in zip(labels, keep, strict=True) if kept]
    result = ImportResult("boundaries", name, None, report, columns=mapping)
    base, meta_changed = _with_identity(base, _file_identity(frame, mapping, name, report), district, name, report)
    geoms = _geometry_to_store(frame.geometry, crs, name, labels, report, _extent(base))
    if geoms is None:
        return result
    geoms = _polygons(geoms, labels, report)
    layer_name = {"panchayat": "panchayats", "block": "blocks", "district": "district"}[level]
    current = base.layer(layer_name)
    names = _column(frame, mapping.get("name"))
    _warn_markup(names, labels, "name", report)
    if "code" in mapping:
        codes = _column(frame, mapping["code"]).map(_normalise_code)
        for label, code in zip(labels, codes, strict=True):
            if not code:
                report.add("error", label, f"no LGD code in column {mapping['code']!r}; every {level} needs one")
    elif not current.empty and "name" in mapping:
        blocks = _column(frame, mapping["block"]) if "block" in mapping and level == "panchayat" else None
        matches = match_names(list(names), None if blocks is None else list(blocks), current, base.blocks,
                              confirmed=confirmed, rows=list(range(1, len(frame) + 1)))
        result.matches = matches
        codes = _codes_from_matches(names, blocks, matches, labels, report, what=level)
        report.facts.append(f"no LGD code column: {level}s keyed by name against the store's {len(current)}")
    else:
        msg = (
            f"{name} has no LGD code column (columns: {', '.join(attrs)}); pass --code-col COLUMN "
            f"(or choose it on the Data page) — a {level} is keyed by its LGD code"
        )
        report.add("error", name, msg)
        return result
    _check_duplicates(codes, labels, "LGD code", report, severity="error")
    if "name" not in mapping:
        known = dict(zip(current["lgd_code"], current["name"], strict=True)) if not current.empty else {}
        names = codes.map(lambda c: known.get(c, ""))
        if (names == "").any():
            report.add("error", name, f"no name column found (columns: {', '.join(attrs)}); pass --name-col COLUMN")
    name_hi = _column(frame, mapping.get("name_hi"))
    if not report.ok:
        return result
    if level == "district" and not base.identity.named:
        base, meta_changed = _with_identity(
            base, DistrictIdentity(name=_display_name(names.iloc[0]), name_hi=name_hi.iloc[0], code=codes.iloc[0]),
            district, name, report)
    data, layers = _with_boundaries(base, level, codes, names, name_hi, geoms, frame, mapping, labels, report)
    return _finish(result, data, layers + (("meta",) if meta_changed else ()))


def import_villages(
    store: StoreData | None,
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str | None] | None = None,
    crs: str | int | None = None,
    dissolve_to_panchayats: bool = False,
    swap_latlon: bool = False,
    confirmed: pd.DataFrame | None = None,
    keep_duplicate_codes: bool = False,
    district: DistrictIdentity | None = None,
) -> ImportResult:
    """Import villages from a CSV/XLSX with a WKT geometry column or latitude/longitude.

    Parameters
    ----------
    store : StoreData or None
        The current store read with ``private=True`` (None: a new, empty store).
    path : path-like
        The table; village polygons as WKT (even in a misspelled column such as
        ``geometery_in_wkt``) or points as latitude/longitude in degrees.
    columns : mapping, optional
        Role -> column overrides (``census_code``, ``village_name``, ``lat``,
        ``lon``, ``wkt``, ``population``, ``panchayat_code``, ``panchayat_name``,
        ``block``, ``block_code``).
    crs : str or int, optional
        The coordinates' CRS when they are not EPSG:4326 degrees.
    dissolve_to_panchayats : bool, default False
        Build panchayat polygons by dissolving the village polygons by panchayat
        code (they replace the store's panchayats); missing blocks and district
        outline are derived too.
    swap_latlon : bool, default False
        The latitude and longitude columns are swapped in the file; swap them back.
    confirmed : pandas.DataFrame, optional
        Confirmations of fuzzy panchayat names.
    keep_duplicate_codes : bool, default False
        Rows that share a census code but differ (name, geometry, population …)
        are an error; with True both are kept under the file's code, and
        validation goes on listing the code until the source is corrected.
    district : geo.identity.DistrictIdentity, optional
        As for :func:`import_boundaries`.

    Returns
    -------
    ImportResult
        Villages (points: polygons' representative points) replace the store's
        villages; polygons go to ``village_boundaries``. Rows repeating an
        earlier row exactly are left out and counted; a missing population stays
        missing (not recorded), never 0.
    """
    base = _base(store)
    read = read_table(path)
    name, frame = read.name, read.frame
    mapping = resolve_columns(list(frame.columns), "villages", columns, source=name)
    report = ValidationReport()
    report.facts.append(f"{name}: {len(frame):,} row(s); columns used: {_describe(mapping)}")
    _add_notes(read.notes, name, report)
    result = ImportResult("villages", name, None, report, columns=mapping)
    labels = [f"{name} row {r}" for r in frame.index]
    keep = _repeats(frame, mapping, labels, report)
    frame, labels = frame[keep], [label for label, kept in zip(labels, keep, strict=True) if kept]
    base, meta_changed = _with_identity(base, _file_identity(frame, mapping, name, report), district, name, report)
    extent = _extent(base)
    required = [r for r in ("census_code", "village_name") if r not in mapping]
    if required or ("wkt" not in mapping and not {"lat", "lon"} <= set(mapping)):
        missing = required + ([] if "wkt" in mapping or {"lat", "lon"} <= set(mapping) else
                              ["a WKT geometry column or latitude and longitude columns"])
        report.add("error", name, f"missing column(s): {', '.join(missing)}; found: {', '.join(frame.columns)} — "
                   "rename them or map them (--code-col, --name-col, --wkt-col, --lat-col/--lon-col)")
        return result
    if dissolve_to_panchayats and "panchayat_code" not in mapping:
        report.add("error", name, "--dissolve-to-panchayats needs a panchayat code column (e.g. panchayat_code); "
                   f"found: {', '.join(frame.columns)} — map it with --col panchayat_code=COLUMN")
        return result
    polygons = None
    if "wkt" in mapping:
        raw = _parse_wkt(_column(frame, mapping["wkt"]), labels, report)
        if raw is None:
            return result
        polygons = _geometry_to_store(raw, crs, name, labels, report, extent)
        if polygons is None:
            return result
        polygons = _polygons(polygons, labels, report)
        points = gpd.GeoSeries(polygons.representative_point().to_numpy(), crs=STORE_CRS, index=frame.index)
        report.facts.append("village points are the polygons' representative points (always inside)")
    else:
        points = _points_from_columns(frame, mapping, crs, swap_latlon, labels, report, extent)
        if points is None:
            return result
    codes = _column(frame, mapping["census_code"]).map(_normalise_code)
    names = _column(frame, mapping["village_name"])
    _warn_markup(names, labels, "village name", report)
    for label, code in zip(labels, codes, strict=True):
        if not code:
            report.add("error", label, f"no census code in column {mapping['census_code']!r}; every village needs one")
    if keep_duplicate_codes:
        _check_duplicates(codes, labels, "census code", report, severity="warning",
                          hint="kept every row under the file's code as asked (--keep-duplicate-codes); validation "
                               "lists the code until the source is corrected")
    else:
        _check_duplicates(codes, labels, "census code", report, severity="error",
                          hint="the rows differ (name, geometry or values), so neither can be chosen — correct the "
                               "codes in the file, or import with --keep-duplicate-codes to keep every row")
    population = _integers(frame, mapping.get("population"), labels, "population", report)
    if "population" not in mapping:
        report.add("warning", name, "no population column: village population is stored as not recorded (figures "
                   "weighted by population will say how many villages they could not count) — map one with "
                   "--population-col if the file has it")
    if not report.ok:
        return result
    working = base
    layers: tuple[str, ...] = ("villages", "village_boundaries") + (("meta",) if meta_changed else ())
    if dissolve_to_panchayats:
        working, extra = _dissolve(base, frame, mapping, polygons, labels, report)
        layers += extra
        gp_codes = _column(frame, mapping["panchayat_code"]).map(_normalise_code)
    else:
        gp_codes = _panchayat_of_points(working, frame, mapping, points, labels, report, result, confirmed)
    if not report.ok:
        return result
    villages = gpd.GeoDataFrame(
        {"census_code": codes, "name": names, "name_hi": _column(frame, mapping.get("name_hi")),
         "panchayat_lgd": gp_codes.replace("", None), "population": population},
        geometry=points, crs=STORE_CRS,
    )
    if polygons is not None:
        bounds = gpd.GeoDataFrame({"census_code": codes}, geometry=polygons, crs=STORE_CRS)
        problems, fact = overlap_problems(bounds, "census_code", where=f"{name} villages", min_m2=1.0)
        report.problems.extend(problems)
        report.facts.append(fact)
    else:
        keep = base.village_boundaries["census_code"].isin(set(codes))
        bounds = base.village_boundaries[keep]
    data = dataclasses.replace(
        working, villages=conform("villages", villages), village_boundaries=conform("village_boundaries", bounds)
    )
    return _finish(result, data, layers)


def import_services(
    store: StoreData | None,
    path: str | os.PathLike[str],
    *,
    kind: str,
    columns: Mapping[str, str | None] | None = None,
    crs: str | int | None = None,
    swap_latlon: bool = False,
    confirmed: pd.DataFrame | None = None,
) -> ImportResult:
    """Import service points of one kind (CSC, Aadhaar, PMGDISHA, library ...) with coordinates.

    Each point is assigned to the panchayat it lies in; a stated panchayat (code or
    name) that differs is reported. The points replace the store's points of that
    kind (other kinds stay).

    Parameters
    ----------
    store : StoreData
        The current store read with ``private=True``; it must have panchayats.
    path : path-like
        CSV/XLSX with latitude/longitude in degrees.
    kind : str
        One of :data:`geo.schema.SERVICE_KINDS`.
    columns, crs, swap_latlon, confirmed
        As for :func:`import_villages`.
    """
    if kind not in SERVICE_KINDS:
        msg = f"unknown service kind {kind!r}; expected one of {', '.join(SERVICE_KINDS)} (--kind)"
        raise GeoInputError(msg)
    base = _base(store)
    read = read_table(path)
    name, frame = read.name, read.frame
    mapping = resolve_columns(list(frame.columns), "services", columns, source=name)
    report = ValidationReport()
    report.facts.append(f"{name}: {len(frame):,} {kind} row(s); columns used: {_describe(mapping)}")
    _add_notes(read.notes, name, report)
    result = ImportResult("services", name, None, report, columns=mapping)
    labels = [f"{name} row {r}" for r in frame.index]
    keep = _repeats(frame, mapping, labels, report)
    frame, labels = frame[keep], [label for label, kept in zip(labels, keep, strict=True) if kept]
    if base.panchayats.empty:
        report.add("error", name, "the store has no panchayats yet; import boundaries first (`import boundaries`)")
        return result
    if not {"lat", "lon"} <= set(mapping) or "name" not in mapping:
        missing = [r for r in ("name", "lat", "lon") if r not in mapping]
        report.add("error", name, f"missing column(s): {', '.join(missing)}; found: {', '.join(frame.columns)} — "
                   "map them with --name-col, --lat-col, --lon-col")
        return result
    if "kind" in mapping:
        stated = _column(frame, mapping["kind"]).str.lower().str.strip()
        for label, value in zip(labels, stated, strict=True):
            if value and value != kind and name_key(value) != name_key(kind):
                report.add("error", label, f"says kind {value!r} but this import is --kind {kind}; import each kind "
                           "from its own file (or fix the kind column)")
        if not report.ok:
            return result
    points = _points_from_columns(frame, mapping, crs, swap_latlon, labels, report, _extent(base))
    if points is None:
        return result
    names = _column(frame, mapping["name"])
    _warn_markup(names, labels, "name", report)
    ids = _column(frame, mapping.get("id")).map(_normalise_code)
    if "id" not in mapping:
        ids = pd.Series([f"{kind.upper()}-{r:04d}" for r in frame.index], index=frame.index)
        report.facts.append(f"no id column: ids {ids.iloc[0]} … made from the row numbers")
    for label, value in zip(labels, ids, strict=True):
        if not value:
            report.add("error", label, f"no id in column {mapping.get('id')!r}; every service point needs one")
    _check_duplicates(ids, labels, "id", report, severity="error")
    other = base.service_points[base.service_points["kind"] != kind]
    clash = sorted(set(ids) & set(other["id"].astype(str)))
    for value in clash[:_LIST_LIMIT]:
        report.add("error", f"{name} id {value}", "already used by a service point of another kind; ids must be unique")
    functional = _booleans(frame, mapping.get("functional"), labels, report)
    opened = _dates(frame, mapping.get("opened"), labels, "opened", report, required=False)
    if "status_as_of" in mapping:
        status_as_of = _dates(frame, mapping["status_as_of"], labels, "status as of", report, required=False)
    else:  # the register is as true as the day it is imported
        status_as_of = pd.Series([dt.date.today().isoformat()] * len(frame), index=frame.index, dtype=object)
        if "functional" in mapping:
            report.facts.append(f"no date for the functional flags: taken as of today ({status_as_of.iloc[0]}) — "
                                "a review event dated later still outranks them")
    counts = {c: _integers(frame, mapping.get(c), labels, c, report)
              for c in ("registered", "trained", "passed", "books")}
    if not report.ok:
        return result
    located = _locate(points, base.panchayats)
    stated = _stated_panchayats(base, frame, mapping, labels, report, result, confirmed)
    for label, code, here in zip(labels, stated, located, strict=True):
        if here is None:
            report.add("error", label, "lies outside every panchayat of the store; check its coordinates")
        elif code and code != here:
            report.add("warning", label, f"states panchayat {code} but the point lies in {here}; stored in {here} "
                       "(the location) — check the point or the sheet")
    if not report.ok:
        return result
    points_frame = gpd.GeoDataFrame(
        {"id": ids, "kind": kind, "category": _column(frame, mapping.get("category")), "name": names,
         "name_hi": _column(frame, mapping.get("name_hi")), "panchayat_lgd": located, "functional": functional,
         "status_as_of": status_as_of, "opened": opened, **counts},
        geometry=points, crs=STORE_CRS,
    )
    services = pd.concat([other, conform("service_points", points_frame)], ignore_index=True)
    private = base.service_private[~base.service_private["id"].isin(set(base.service_points.loc[
        base.service_points["kind"] == kind, "id"]))]
    new_private = pd.DataFrame({c: _column(frame, mapping.get(c)) for c in ("operator_name", "phone", "remark")})
    new_private.insert(0, "id", ids)
    new_private = new_private[(new_private[["operator_name", "phone", "remark"]] != "").any(axis=1)]
    private = pd.concat([private, new_private], ignore_index=True)
    data = dataclasses.replace(
        base,
        service_points=conform("service_points", gpd.GeoDataFrame(services, geometry="geometry", crs=STORE_CRS)),
        service_private=conform("service_private", private),
    )
    return _finish(result, data, ("service_points", "service_private"))


def import_status(
    store: StoreData | None,
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str | None] | None = None,
    confirmed: pd.DataFrame | None = None,
    user: str = "import",
    recorded_at: str | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Import a review sheet: one row per panchayat, a column per indicator, an as-of date.

    Every non-empty status cell becomes a new ``status_events`` row; nothing is
    overwritten. Values may be written as in the review (``Service-ready``,
    ``not started``, ``चालू``) and are mapped to the contract's vocabulary.

    Parameters
    ----------
    store : StoreData
        The current store read with ``private=True``; it must have panchayats.
    path : path-like
        CSV/XLSX with a panchayat code or name column, an ``as_of`` date column
        (YYYY-MM-DD or DD-MM-YYYY) and at least one of ``bharatnet``, ``jharnet``,
        ``library``, ``csc_functional``, ``inspection``.
    columns : mapping, optional
        Role -> column overrides.
    confirmed : pandas.DataFrame, optional
        Confirmations of fuzzy panchayat names.
    user : str
        Recorded as ``recorded_by``.
    recorded_at : str, optional
        ISO time recorded with the events; default now.
    today : datetime.date, optional
        Dates after this are refused; default today.
    """
    base = _base(store)
    read = read_table(path)
    name, frame = read.name, read.frame
    mapping = resolve_columns(list(frame.columns), "status", columns, source=name)
    report = ValidationReport()
    _add_notes(read.notes, name, report)
    result = ImportResult("status", name, None, report, columns=mapping)
    labels = [f"{name} row {r}" for r in frame.index]
    indicators = [i for i in INDICATORS if i in mapping]
    report.facts.append(f"{name}: {len(frame):,} row(s); columns used: {_describe(mapping)}")
    if base.panchayats.empty:
        report.add("error", name, "the store has no panchayats yet; import boundaries first (`import boundaries`)")
        return result
    missing = []
    if "panchayat_code" not in mapping and "panchayat_name" not in mapping:
        missing.append("a panchayat LGD code or name column")
    if "as_of" not in mapping:
        missing.append("an as-of date column (as_of)")
    if not indicators:
        missing.append(f"at least one status column ({', '.join(INDICATORS)})")
    if missing:
        report.add("error", name, f"missing {'; '.join(missing)}; found: {', '.join(frame.columns)} — rename the "
                   "columns or map them (--col ROLE=COLUMN)")
        return result
    dates = _dates(frame, mapping["as_of"], labels, "as_of", report, required=True, today=today)
    remarks = _column(frame, mapping.get("remark"))
    if "panchayat_code" in mapping:
        codes = _column(frame, mapping["panchayat_code"]).map(_normalise_code)
        known = set(base.panchayats["lgd_code"].astype(str))
        for label, code in zip(labels, codes, strict=True):
            if code not in known:
                report.add("error", label, f"panchayat code {code!r} is not in the store ({len(known)} panchayats); "
                           "check the code (LGD) or import the boundaries first")
    else:
        codes = _stated_panchayats(base, frame, mapping, labels, report, result, confirmed, required=True)
    records = []
    for indicator in indicators:
        for label, code, day, remark, raw in zip(labels, codes, dates, remarks, _column(frame, mapping[indicator]),
                                                  strict=True):
            if not raw.strip():
                continue
            value = _status_value(indicator, raw)
            if value is None:
                allowed = ", ".join(INDICATOR_VALUES[indicator])
                report.add("error", label, f"{indicator} value {raw!r} is not a status; expected one of {allowed}")
                continue
            records.append((code, indicator, value, day, f"import {name}", remark, user, recorded_at or utc_now()))
    if not records and report.ok:
        report.add("error", name, "no status values found; every status cell is empty")
    if not report.ok or result.pending:
        return result
    events = pd.DataFrame(records, columns=["panchayat_lgd", "indicator", "value", "as_of", "source", "remark",
                                            "recorded_by", "recorded_at"])
    report.facts.append(f"{len(events):,} status event(s) to append for "
                        f"{events['panchayat_lgd'].nunique()} panchayat(s)")
    start = int(base.status_events["event_id"].max()) + 1 if not base.status_events.empty else 1
    appended = pd.concat([base.status_events, events.assign(event_id=range(start, start + len(events)))],
                         ignore_index=True)
    data = dataclasses.replace(base, status_events=conform("status_events", appended))
    result.new_events = events
    return _finish(result, data, ("status_events",))


def import_file(what: str, store: StoreData | None, path: str | os.PathLike[str], /,
                **options: object) -> ImportResult:
    """Dispatch to ``import_<what>`` (``boundaries``, ``villages``, ``services``, ``status``).

    ``options`` are the keyword arguments of that function (e.g. ``kind="csc"`` for services).
    """
    functions = {"boundaries": import_boundaries, "villages": import_villages, "services": import_services,
                 "status": import_status}
    if what not in functions:
        msg = f"unknown import kind {what!r}; expected one of {', '.join(IMPORT_KINDS)}"
        raise GeoInputError(msg)
    return functions[what](store, path, **options)


def apply_import(store_path: str | os.PathLike[str], result: ImportResult, *, user: str) -> int:
    """Write an import into the store as a new version; return the version number.

    The store is snapshotted first (:func:`geo.versions.begin_version`), then the
    import's layers are replaced in one transaction (status imports are appended
    instead, so editors' concurrent saves are kept). A store that does not exist
    yet is created empty first (``meta.is_demo = false``).

    Raises
    ------
    GeoInputError
        If the result has errors or unconfirmed matches (nothing is written).
    """
    from geo.versions import recording_version

    if not isinstance(result, ImportResult):
        msg = f"'result' should be an ImportResult, got {type(result).__name__}"
        raise TypeError(msg)
    if not result.ok:
        what = (f"{len(result.report.errors)} error(s)" if not result.report.ok
                else f"{len(result.pending)} unconfirmed name(s)")
        msg = f"import of {result.source} has {what}; nothing was applied — fix the file and import it again"
        raise GeoInputError(msg)
    target = Path(store_path)
    layers: tuple[str, ...] | None = result.layers
    if not target.exists():
        write_store(target, new_store(result.data.meta.get("dataset_name", NEW_STORE_NAME)))
        layers = None
    with recording_version(target, action=f"import {result.kind}", file=result.source, report=result.text(),
                           problems=len(result.warnings), user=user) as version:
        if result.kind == "status" and layers is not None:
            append_events(target, result.new_events)
        else:
            write_store(target, result.data, layers=layers)
    return version


# --- private helpers: reading values ------------------------------------------------------



def _base(store: StoreData | None) -> StoreData:
    if store is None:
        return new_store()
    if not isinstance(store, StoreData):
        msg = f"'store' should be a StoreData (read_store(path, private=True)) or None, got {type(store).__name__}"
        raise TypeError(msg)
    if "recorded_by" not in store.status_events.columns:
        msg = "'store' was read without private columns; read it with read_store(path, private=True) to import"
        raise ValueError(msg)
    return store


def _describe(mapping: Mapping[str, str]) -> str:
    return ", ".join(f"{role}={col!r}" for role, col in mapping.items()) or "none"


def _add_notes(notes: Sequence[str], name: str, report: ValidationReport) -> None:
    for note in notes:
        report.add("warning", name, note.removeprefix(f"{name} "))


def _column(frame: pd.DataFrame, column: str | None) -> pd.Series:
    if column is None:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    return frame[column].astype(str).str.strip()


def _normalise_code(value: object) -> str:
    text = "" if value is None else str(value).strip()
    match = re.fullmatch(r"(\d+)\.0+", text)  # 2677.00000000: a code that went through a spreadsheet
    return match.group(1) if match else text


def _warn_markup(values: pd.Series, labels: Sequence[str], what: str, report: ValidationReport) -> None:
    for label, value in zip(labels, values, strict=True):
        if _MARKUP.search(str(value)):
            report.add("warning", label, f"{what} {str(value)[:60]!r} contains HTML/script markup; it is stored as "
                       "plain text (and shown escaped) — check the source file")


def _check_duplicates(values: pd.Series, labels: Sequence[str], what: str, report: ValidationReport, *,
                      severity: str, hint: str = "") -> None:
    """Report codes that several (different) rows share; ``hint`` says what to do (default: fix the file)."""
    filled = values[values != ""]
    dup = filled[filled.duplicated(keep=False)]
    by_label = dict(zip(values.index, labels, strict=True))
    groups = list(dup.groupby(dup, sort=True))
    for value, group in groups[:_LIST_LIMIT]:
        where = ", ".join(by_label[i].rsplit(" ", 1)[-1] for i in group.index)
        report.add(severity, f"{by_label[group.index[0]].rsplit(' ', 2)[0]} {what} {value}",
                   f"appears {len(group)} times (rows/features {where}); "
                   + (hint or f"{what}s must be unique — fix the file"))
    if len(groups) > _LIST_LIMIT:
        source = by_label[groups[0][1].index[0]].rsplit(" ", 2)[0]
        report.add(severity, source, f"{len(groups) - _LIST_LIMIT} more {what}(s) appear more than once")


def _repeats(frame: pd.DataFrame, mapping: Mapping[str, str], labels: Sequence[str], report: ValidationReport, *,
             geometry: gpd.GeoSeries | None = None, unit: str = "row") -> np.ndarray:
    """Which rows to keep: a row identical to an earlier one in every column used (and geometry) is left out.

    The repeats are reported once, as a count with their row numbers.
    """
    columns = list(dict.fromkeys(mapping.values()))
    content = frame[columns].astype(str).apply(lambda col: col.str.strip()) if columns else pd.DataFrame(
        index=frame.index)
    if geometry is not None:
        content = content.assign(_geometry=[None if g is None else g.wkb_hex for g in geometry])
    repeated = content.duplicated(keep="first").to_numpy() if len(content.columns) else np.zeros(len(frame), bool)
    if repeated.any():
        rows = [label.rsplit(" ", 1)[-1] for label, again in zip(labels, repeated, strict=True) if again]
        shown = ", ".join(rows[:10]) + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
        source = labels[0].rsplit(f" {unit}", 1)[0]
        report.add("warning", source, f"{len(rows)} {unit}(s) repeat an earlier {unit} exactly (same code, geometry "
                   f"and values) and are left out, each counted once: {unit}s {shown}")
    return ~repeated


def _file_identity(frame: pd.DataFrame, mapping: Mapping[str, str], source: str,
                   report: ValidationReport) -> DistrictIdentity:
    """The district the file's own columns name (``district_name``, ``district_code`` …), if one."""
    values: dict[str, str] = {}
    for role in DISTRICT_ROLES:
        if role not in mapping:
            continue
        column = _column(frame, mapping[role])
        if role != "district_name" and role != "state_name":
            column = column.map(_normalise_code)
        counts = column[column != ""].value_counts()
        if len(counts) > 1:
            listed = ", ".join(f"{v} ({n} rows)" for v, n in counts.head(4).items())
            report.add("warning", source, f"column {mapping[role]!r} names {len(counts)} different values ({listed}); "
                       "the district is not taken from it — pass --district-name (and --district-code) if needed")
            continue
        if len(counts) == 1:
            values[role] = str(counts.index[0])
    code, kind = values.get("district_code", ""), "LGD"
    if not code and values.get("district_census_code"):
        code, kind = values["district_census_code"], "Census 2011"
    return DistrictIdentity(name=_display_name(values.get("district_name", "")),
                            state=_display_name(values.get("state_name", "")), code=code,
                            code_kind=kind if code else "")


def _display_name(text: object) -> str:
    """A name as people write it: "DUMKA" -> "Dumka" (mixed case and Devanagari are kept)."""
    value = "" if text is None or pd.isna(text) else str(text).strip()
    return value.title() if value.isupper() else value


def _with_identity(base: StoreData, found: DistrictIdentity, given: DistrictIdentity | None, source: str,
                   report: ValidationReport) -> tuple[StoreData, bool]:
    """The store with its district identity: what the user gave, else the store's own, else the file's.

    Returns the store and whether its ``meta`` changed. A file naming another
    district than the store's is a warning (the store keeps its name).
    """
    current = base.identity
    chosen = current if current.named else found
    if current.named and found.named and name_key(found.name) != name_key(current.name):
        report.add("warning", source, f"the file names district {found.name!r}"
                   + (f" (code {found.code})" if found.code else "") + f" but the store is {current.label()!r}; "
                   "the store keeps its name — is this the right file? (pass --district-name to rename the store)")
    elif current.named and found.named:  # the same district: fill what the store lacks
        chosen = dataclasses.replace(current, **{f: getattr(found, f) for f in ("state", "code", "code_kind")
                                                 if not getattr(current, f) and getattr(found, f)})
    if given is not None:
        chosen = dataclasses.replace(chosen, **{f.name: getattr(given, f.name) for f in dataclasses.fields(given)
                                                if getattr(given, f.name) not in ("", None)})
    if chosen == DistrictIdentity.from_meta(base.meta):
        return base, False
    if chosen.named and not current.named:
        origin = "as given" if given is not None and given.named else "from the file's columns"
        report.facts.append(f"district: {chosen.area()}"
                            + (f" ({chosen.code_kind} code {chosen.code})" if chosen.code else "") + f" — {origin}")
    meta = {k: v for k, v in base.meta.items() if k not in IDENTITY_KEYS} | chosen.to_meta()
    if chosen.named and meta.get("dataset_name", "") in ("", NEW_STORE_NAME):
        meta["dataset_name"] = f"{chosen.label()} district store"
    return dataclasses.replace(base, meta=meta), True


def _extent(base: StoreData) -> Extent:
    """Where the store's coordinates lie (its boundaries plus a margin; India for an empty store)."""
    return extent_of([base.district, base.blocks, base.panchayats])


def _integers(frame: pd.DataFrame, column: str | None, labels: Sequence[str], what: str,
              report: ValidationReport) -> pd.Series:
    if column is None:
        return pd.Series([pd.NA] * len(frame), index=frame.index, dtype="Int64")
    raw = _column(frame, column).str.replace(",", "", regex=False)
    numbers = pd.to_numeric(raw.replace("", None), errors="coerce")
    for label, text, number in zip(labels, raw, numbers, strict=True):
        if text and pd.isna(number):
            report.add("error", label, f"{what} {text!r} in column {column!r} is not a number; write digits only")
        elif not pd.isna(number) and (number < 0 or number != int(number)):
            report.add("error", label, f"{what} {text} in column {column!r} is not a whole number ≥ 0; correct it")
    return numbers.where(numbers >= 0).round().astype("Int64")


_TRUE = {"yes", "y", "true", "1", "functional", "working", "active", "हाँ", "हां"}
_FALSE = {"no", "n", "false", "0", "not functional", "non functional", "closed", "inactive", "नहीं"}


def _booleans(frame: pd.DataFrame, column: str | None, labels: Sequence[str], report: ValidationReport) -> pd.Series:
    if column is None:
        return pd.Series([True] * len(frame), index=frame.index, dtype="boolean")
    out = []
    for label, raw in zip(labels, _column(frame, column), strict=True):
        text = raw.lower().replace("-", " ").strip()
        if text in _TRUE or text == "":
            out.append(True)
        elif text in _FALSE:
            out.append(False)
        else:
            report.add("error", label, f"functional {raw!r} in column {column!r}; expected yes or no")
            out.append(None)
    return pd.Series(out, index=frame.index, dtype="boolean")


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d-%b-%Y", "%d %b %Y", "%d %B %Y")


def _dates(frame: pd.DataFrame, column: str | None, labels: Sequence[str], what: str, report: ValidationReport, *,
           required: bool, today: dt.date | None = None) -> pd.Series:
    if column is None:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    limit = today or dt.date.today()
    out = []
    for label, raw in zip(labels, _column(frame, column), strict=True):
        text = raw.strip()
        if not text:
            if required:
                report.add("error", label, f"no {what} date in column {column!r}; write it as YYYY-MM-DD")
            out.append(None)
            continue
        day = _parse_day(text[:10] if re.match(r"\d{4}-\d{2}-\d{2}T", text) else text)
        if day is None:
            report.add("error", label, f"{what} {text!r} in column {column!r} is not a date; write it as YYYY-MM-DD "
                       "(or DD-MM-YYYY), e.g. 2020-11-12")
        elif day > limit:
            report.add("error", label, f"{what} {text!r} lies in the future (after {limit.isoformat()}); correct it")
            day = None
        elif day.year < 2000:
            report.add("error", label, f"{what} {text!r} is before 2000; correct the year")
            day = None
        out.append(None if day is None else day.isoformat())
    return pd.Series(out, index=frame.index, dtype=object)


def _parse_day(text: str) -> dt.date | None:
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _status_value(indicator: str, raw: str) -> str | None:
    allowed = INDICATOR_VALUES[indicator]
    text = re.sub(r"[\s\-/]+", "_", raw.strip().lower()).strip("_")
    if text in allowed:
        return text
    synonyms = {"open": "opened", "done": "live", "complete": "live", "completed": "live", "working": "yes",
                "functional": "yes", "not_functional": "no", "y": "yes", "n": "no", "ready": "service_ready",
                "servicereasy": "service_ready", "laid": "cable_laid", "cable": "cable_laid", "up": "online",
                "down": "offline", "notstarted": "not_started", "not_yet_started": "not_started"}
    if synonyms.get(text) in allowed:
        return synonyms[text]
    for value, (en, hi) in VALUE_LABELS[indicator].items():
        if raw.strip().lower() in (en.lower(), hi):
            return value
    return None


# --- private helpers: geometry ------------------------------------------------------------


def _looks_projected(x: np.ndarray, y: np.ndarray) -> bool:
    return bool(np.nanmedian(np.abs(x)) > 360 or np.nanmedian(np.abs(y)) > 90)


def _geometry_to_store(geoms: gpd.GeoSeries, crs: str | int | None, name: str, labels: Sequence[str],
                       report: ValidationReport, extent: Extent) -> gpd.GeoSeries | None:
    """Bring geometry to EPSG:4326, deciding what a missing or wrong CRS means.

    Coordinates must fall in ``extent`` (the store's district plus a margin, or
    India for a new store); hints name the UTM zone of that extent.
    """
    missing = geoms.isna() | geoms.is_empty
    for label in np.asarray(labels)[missing.to_numpy()][:_LIST_LIMIT]:
        report.add("error", label, "has no geometry; draw it or remove the row")
    if missing.any():
        return None
    bounds = geoms.bounds
    cx = ((bounds["minx"] + bounds["maxx"]) / 2).to_numpy()
    cy = ((bounds["miny"] + bounds["maxy"]) / 2).to_numpy()
    utm = extent.utm_hint()
    if crs is not None:
        try:
            out = geoms.set_crs(crs, allow_override=True)
        except CRSError as err:
            report.add("error", name, f"--crs {crs!r} is not a CRS pyproj knows ({err}); e.g. {utm.split()[0]}")
            return None
        report.facts.append(f"coordinates read in {crs} as given")
    elif geoms.crs is None:
        if _looks_projected(cx, cy):
            report.add("error", name, f"no CRS stated and the coordinates look projected (e.g. {cx[0]:,.0f}, "
                       f"{cy[0]:,.0f}), not degrees; here that is probably {utm} — pass --crs {utm.split()[0]}")
            return None
        if extent.looks_swapped(cx, cy):
            report.add("error", name, f"coordinates look like latitude, longitude swapped (x≈{np.nanmedian(cx):.2f}, "
                       f"y≈{np.nanmedian(cy):.2f}; {extent.describe()}) — swap them in the file")
            return None
        if not extent.contains(cx, cy).all():
            report.add("error", name, f"no CRS stated and the coordinates do not fall in {extent.where} in degrees "
                       f"({extent.bounds_text()}); state the CRS with --crs")
            return None
        out = geoms.set_crs(STORE_CRS)
        report.add("warning", name, "states no CRS; assumed EPSG:4326 (WGS84 degrees) because every coordinate falls "
                   f"in {extent.where} — pass --crs if that is wrong")
    else:
        out = geoms
        if geoms.crs.is_geographic and _looks_projected(cx, cy):
            epsg = geoms.crs.to_epsg()
            report.add("error", name, f"claims degrees (EPSG:{epsg}) but the coordinates look projected (e.g. "
                       f"{cx[0]:,.0f}, {cy[0]:,.0f}); the CRS is wrong — probably {utm}: "
                       f"pass --crs {utm.split()[0]} or fix it in QGIS (Layer ▸ Set CRS)")
            return None
    out = out.to_crs(STORE_CRS)
    b = out.bounds
    x = ((b["minx"] + b["maxx"]) / 2).to_numpy()
    y = ((b["miny"] + b["maxy"]) / 2).to_numpy()
    if extent.looks_swapped(x, y):
        report.add("error", name, f"coordinates look like latitude, longitude swapped ({extent.describe()}); "
                   "swap them in the file")
        return None
    ok = extent.contains(x, y)
    for label in np.asarray(labels)[~ok][:_LIST_LIMIT]:
        report.add("error", label, f"lies outside {extent.where} ({extent.bounds_text()}); check its coordinates")
    if (~ok).sum() > _LIST_LIMIT:
        report.add("error", name, f"{int((~ok).sum()) - _LIST_LIMIT} more feature(s) outside {extent.where}")
    return out if ok.all() else None


def _polygons(geoms: gpd.GeoSeries, labels: Sequence[str], report: ValidationReport) -> gpd.GeoSeries:
    values = shapely.force_2d(geoms.to_numpy()).copy()
    for i, geom in enumerate(values):
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            report.add("error", labels[i], f"is a {geom.geom_type}; expected a polygon (area)")
            continue
        if not geom.is_valid:
            reason = shapely.is_valid_reason(geom)
            fixed = shapely.make_valid(geom)
            parts = [g for g in getattr(fixed, "geoms", [fixed]) if g.geom_type in ("Polygon", "MultiPolygon")]
            values[i] = shapely.union_all(parts) if parts else fixed
            report.add("warning", labels[i],
                       f"invalid geometry ({reason}); repaired with make_valid — check it in QGIS")
    return gpd.GeoSeries(values, index=geoms.index, crs=geoms.crs)


def _parse_wkt(texts: pd.Series, labels: Sequence[str], report: ValidationReport) -> gpd.GeoSeries | None:
    geoms = shapely.from_wkt(texts.replace("", None).to_numpy(dtype=object), on_invalid="ignore")
    bad = [i for i, (t, g) in enumerate(zip(texts, geoms, strict=True)) if g is None]
    for i in bad[:_LIST_LIMIT]:
        what = "is empty" if not texts.iloc[i] else f"is not WKT ({texts.iloc[i][:40]!r}…)"
        report.add("error", labels[i], f"geometry {what}; expected e.g. MULTIPOLYGON(((86.7 24.0, …)))")
    return None if bad else gpd.GeoSeries(geoms, index=texts.index)


def _points_from_columns(frame: pd.DataFrame, mapping: Mapping[str, str], crs: str | int | None, swap: bool,
                         labels: Sequence[str], report: ValidationReport, extent: Extent) -> gpd.GeoSeries | None:
    lat_col, lon_col = mapping["lat"], mapping["lon"]
    values = {}
    for role, col in (("lat", lat_col), ("lon", lon_col)):
        raw = _column(frame, col)
        numbers = pd.to_numeric(raw.replace("", None), errors="coerce")
        for label, text, number in zip(labels, raw, numbers, strict=True):
            if pd.isna(number):
                shown = f"{text!r} is not a number" if text else "is empty"
                report.add("error", label, f"{role} in column {col!r} {shown}; write decimal degrees, e.g. 23.95")
        values[role] = numbers.to_numpy(dtype=float)
    if not report.ok:
        return None
    y, x = values["lat"], values["lon"]
    if swap:
        x, y = y, x
        report.facts.append("latitude and longitude columns swapped back (--swap-latlon)")
    if crs is None and extent.looks_swapped(x, y):
        report.add("error", labels[0].rsplit(" row", 1)[0],
                   f"latitude and longitude look swapped: column {lat_col!r} holds ≈{np.nanmedian(y):.2f} and "
                   f"{lon_col!r} ≈{np.nanmedian(x):.2f}, but {extent.describe()} — swap the column names "
                   "or pass --swap-latlon")
        return None
    if crs is None and _looks_projected(x, y):
        utm = extent.utm_hint()
        report.add("error", labels[0].rsplit(" row", 1)[0],
                   f"columns {lat_col!r}/{lon_col!r} hold projected numbers (e.g. {y[0]:,.0f}, {x[0]:,.0f}), not "
                   f"degrees; here probably {utm} — pass --crs {utm.split()[0]}")
        return None
    geoms = gpd.GeoSeries(gpd.points_from_xy(x, y), index=frame.index, crs=crs if crs is not None else None)
    if crs is not None:
        return _geometry_to_store(geoms, crs, labels[0].rsplit(" row", 1)[0], labels, report, extent)
    ok = extent.contains(geoms.x.to_numpy(), geoms.y.to_numpy())
    for label, point in list(zip(np.asarray(labels)[~ok], geoms[~ok], strict=True))[:_LIST_LIMIT]:
        report.add("error", label, f"point ({point.y:.4f} N, {point.x:.4f} E) lies outside {extent.where} "
                   f"({extent.bounds_text()}); check the coordinates")
    return geoms.set_crs(STORE_CRS) if ok.all() else None


def _locate(points: gpd.GeoSeries, panchayats: gpd.GeoDataFrame) -> list[str | None]:
    gps = panchayats[["lgd_code", "geometry"]].reset_index(drop=True)
    frame = gpd.GeoDataFrame(geometry=points.reset_index(drop=True), crs=STORE_CRS)
    joined = gpd.sjoin(frame, gps, predicate="within", how="left")
    first = joined[~joined.index.duplicated(keep="first")]["lgd_code"]
    return [None if pd.isna(v) else str(v) for v in first.reindex(range(len(frame)))]


# --- private helpers: keys and names -------------------------------------------------------


def _codes_from_matches(names: pd.Series, blocks: pd.Series | None, matches: Sequence[Match],
                        labels: Sequence[str], report: ValidationReport, *, what: str) -> pd.Series:
    by_key = {(m.source_name, m.block): m for m in matches}
    out = []
    for i, (label, value) in enumerate(zip(labels, names, strict=True)):
        block = "" if blocks is None else str(blocks.iloc[i]).strip()
        m = by_key.get((str(value).strip(), block))
        if m is None or m.status == "unmatched":
            report.add("error", label, f"{what} name {value!r} matches no {what} of the store; correct the name "
                       "or add an LGD code column")
            out.append("")
        else:
            out.append(m.code or "")
    return pd.Series(out, index=names.index, dtype=object)


def _stated_panchayats(base: StoreData, frame: pd.DataFrame, mapping: Mapping[str, str], labels: Sequence[str],
                       report: ValidationReport, result: ImportResult, confirmed: pd.DataFrame | None,
                       *, required: bool = False) -> pd.Series:
    """The panchayat each row names (by code, else by matched name), ``""`` where none."""
    if "panchayat_code" in mapping:
        codes = _column(frame, mapping["panchayat_code"]).map(_normalise_code)
        known = set(base.panchayats["lgd_code"].astype(str))
        for label, code in zip(labels, codes, strict=True):
            if code and code not in known:
                report.add("error", label, f"panchayat code {code!r} is not in the store; check the LGD code")
        return codes
    if "panchayat_name" not in mapping:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    names = _column(frame, mapping["panchayat_name"])
    blocks = _column(frame, mapping["block"]) if "block" in mapping else None
    filled = names != ""
    matches = match_names(list(names[filled]), None if blocks is None else list(blocks[filled]), base.panchayats,
                          base.blocks, confirmed=confirmed, rows=list(frame.index[filled]))
    result.matches = matches
    codes = pd.Series([""] * len(frame), index=frame.index, dtype=object)
    codes[filled] = _codes_from_matches(names[filled], None if blocks is None else blocks[filled], matches,
                                        [lb for lb, f in zip(labels, filled, strict=True) if f], report,
                                        what="panchayat")
    if required:
        for label in np.asarray(labels)[~filled.to_numpy()]:
            report.add("error", label, "no panchayat name; every row needs one")
    return codes


def _panchayat_of_points(base: StoreData, frame: pd.DataFrame, mapping: Mapping[str, str], points: gpd.GeoSeries,
                         labels: Sequence[str], report: ValidationReport, result: ImportResult,
                         confirmed: pd.DataFrame | None) -> pd.Series:
    stated = _stated_panchayats(base, frame, mapping, labels, report, result, confirmed)
    if base.panchayats.empty:
        if (stated != "").any():
            report.add("error", labels[0].rsplit(" row", 1)[0], "the store has no panchayats to attach villages to; "
                       "import boundaries first or use --dissolve-to-panchayats")
        return stated
    located = _locate(points, base.panchayats)
    out = []
    for label, code, here in zip(labels, stated, located, strict=True):
        if here is None:
            report.add("warning", label, "lies in no panchayat of the store; stored without a panchayat")
        elif code and code != here:
            report.add("warning", label, f"states panchayat {code} but lies in {here}; stored in {code} as stated "
                       "— check the point or the sheet")
        out.append(code or here or "")
    return pd.Series(out, index=frame.index, dtype=object)


def _dissolve(base: StoreData, frame: pd.DataFrame, mapping: Mapping[str, str], polygons: gpd.GeoSeries,
              labels: Sequence[str], report: ValidationReport) -> tuple[StoreData, tuple[str, ...]]:
    name = labels[0].rsplit(" row", 1)[0]
    gp_codes = _column(frame, mapping["panchayat_code"]).map(_normalise_code)
    for label, code in zip(labels, gp_codes, strict=True):
        if not code:
            report.add("error", label, "no panchayat code; every village needs one to be dissolved into panchayats")
    gp_names = _column(frame, mapping.get("panchayat_name"))
    block_names = _column(frame, mapping.get("block"))
    block_codes = _column(frame, mapping.get("block_code")).map(_normalise_code)
    rows = pd.DataFrame({"code": gp_codes, "name": gp_names, "block": block_names, "block_code": block_codes})
    for code, group in rows.groupby("code", sort=True):
        spelled = sorted(set(group["name"]) - {""})
        if len(spelled) > 1:
            report.add("warning", f"{name} panchayat {code}", f"named {', '.join(map(repr, spelled))}; using "
                       f"{group['name'].iloc[0]!r} (first row)")
    # One block per block name; its code: the block_code of its first row.
    block_key = rows["block"].where(rows["block"] != "", rows["block_code"])
    block_of_name: dict[str, str] = {}
    for block, group in rows.groupby(block_key, sort=False):
        codes = group["block_code"][group["block_code"] != ""]
        counts = codes.value_counts()
        chosen = codes.iloc[0] if len(codes) else str(block)
        block_of_name[str(block)] = chosen
        if len(counts) > 1:
            spread = ", ".join(f"{c} in {n} rows" for c, n in counts.sort_index().items())
            report.add("warning", f"{name} block {block}", f"appears with {len(counts)} block codes ({spread}); "
                       f"using {chosen}, the code of its first row — check which is right")
    if not report.ok:
        return base, ()
    village = gpd.GeoDataFrame({"code": gp_codes, "block": block_key.map(block_of_name)}, geometry=polygons,
                               crs=STORE_CRS)
    dissolved = village.dissolve("code", aggfunc="first", sort=True)
    firsts = rows.groupby("code", sort=True).first()
    panchayats = gpd.GeoDataFrame(
        {"lgd_code": dissolved.index.astype(str), "name": firsts.loc[dissolved.index, "name"].to_numpy(),
         "name_hi": "", "block_lgd": dissolved["block"].replace("", None).to_numpy()},
        geometry=dissolved.geometry.make_valid().to_numpy(), crs=STORE_CRS,
    )
    spans = village.groupby("code")["block"].nunique()
    for code in spans[spans > 1].index[:_LIST_LIMIT]:
        report.add("warning", f"{name} panchayat {code}", "has villages in more than one block; took the block of "
                   "its first village")
    report.facts.append(f"dissolved {len(frame):,} village polygons into {len(panchayats)} panchayats (by "
                        f"{mapping['panchayat_code']!r})")
    layers: tuple[str, ...] = ("panchayats",)
    data = dataclasses.replace(base, panchayats=conform("panchayats", panchayats))
    data, derived = _derive_outlines(data, block_names=dict(zip(block_of_name.values(), block_of_name, strict=True)),
                                     report=report)
    return data, layers + derived


def _derive_outlines(data: StoreData, *, block_names: Mapping[str, str], report: ValidationReport
                     ) -> tuple[StoreData, tuple[str, ...]]:
    """Derive missing blocks (by ``block_lgd``) and district outline from the panchayats."""
    layers: tuple[str, ...] = ()
    gps = data.panchayats
    if data.blocks.empty and gps["block_lgd"].notna().any():
        grouped = gps[gps["block_lgd"].notna()].dissolve("block_lgd", sort=True)
        blocks = gpd.GeoDataFrame(
            {"lgd_code": grouped.index.astype(str), "name": [block_names.get(c, c).title() for c in grouped.index],
             "name_hi": "", "hq_lon": np.nan, "hq_lat": np.nan},
            geometry=grouped.geometry.make_valid().to_numpy(), crs=STORE_CRS,
        )
        data = dataclasses.replace(data, blocks=conform("blocks", blocks))
        layers += ("blocks",)
        listed = ", ".join(f"{n} ({c})" for c, n in zip(blocks["lgd_code"], blocks["name"], strict=True))
        report.facts.append(f"the store had no blocks: derived {len(blocks)} block outline(s) from the panchayats: "
                            f"{listed}")
    if data.district.empty and not gps.empty:
        data = dataclasses.replace(data, district=_derived_district(data, gps.geometry))
        layers += ("district",)
        report.facts.append(f"the store had no district outline: derived it as the union of the {len(gps)} panchayats "
                            f"and named it {data.identity.label()}")
    return data, layers


def _derived_district(data: StoreData, parts: gpd.GeoSeries) -> gpd.GeoDataFrame:
    """A district outline as the union of ``parts``, named and coded from the store's identity."""
    identity = data.identity
    code = identity.code if identity.code_kind == "LGD" else None
    outline = gpd.GeoDataFrame(
        {"lgd_code": [code], "name": [identity.name or None], "name_hi": [identity.name_hi or None]},
        geometry=[parts.make_valid().union_all()], crs=STORE_CRS,
    )
    return conform("district", outline)


def _with_boundaries(base: StoreData, level: str, codes: pd.Series, names: pd.Series, name_hi: pd.Series,
                     geoms: gpd.GeoSeries, frame: pd.DataFrame, mapping: Mapping[str, str],
                     labels: Sequence[str], report: ValidationReport) -> tuple[StoreData | None, tuple[str, ...]]:
    if level == "district":
        if len(codes) != 1:
            report.add("error", labels[0].rsplit(" feature", 1)[0], f"has {len(codes)} features; a district import "
                       "needs exactly one outline (dissolve it in QGIS first)")
            return None, ()
        district = gpd.GeoDataFrame({"lgd_code": codes, "name": names, "name_hi": name_hi}, geometry=geoms,
                                    crs=STORE_CRS)
        return dataclasses.replace(base, district=conform("district", district)), ("district",)
    if level == "block":
        old = base.blocks.set_index("lgd_code")
        blocks = gpd.GeoDataFrame(
            {"lgd_code": codes, "name": names, "name_hi": name_hi,
             "hq_lon": codes.map(old["hq_lon"]) if not old.empty else np.nan,
             "hq_lat": codes.map(old["hq_lat"]) if not old.empty else np.nan},
            geometry=geoms, crs=STORE_CRS,
        )
        data = dataclasses.replace(base, blocks=conform("blocks", blocks))
        data, derived = _derive_outlines(dataclasses.replace(data, panchayats=data.panchayats), block_names={},
                                         report=report)
        if base.district.empty:
            data = dataclasses.replace(data, district=_derived_district(data, blocks.geometry))
            report.facts.append("the store had no district outline: derived it as the union of the blocks")
            derived = tuple(dict.fromkeys((*derived, "district")))
        return data, ("blocks", *derived)
    block_lgd, block_names = _block_codes(base, frame, mapping, codes, labels, report)
    if block_lgd is None:
        return None, ()
    old = base.panchayats.set_index("lgd_code")
    panchayats = gpd.GeoDataFrame(
        {"lgd_code": codes, "name": names, "name_hi": name_hi, "block_lgd": block_lgd,
         "bhawan_lon": codes.map(old["bhawan_lon"]) if not old.empty else np.nan,
         "bhawan_lat": codes.map(old["bhawan_lat"]) if not old.empty else np.nan},
        geometry=geoms, crs=STORE_CRS,
    )
    data = dataclasses.replace(base, panchayats=conform("panchayats", panchayats))
    data, derived = _derive_outlines(data, block_names=block_names, report=report)
    return data, ("panchayats", *derived)


def _block_codes(base: StoreData, frame: pd.DataFrame, mapping: Mapping[str, str], codes: pd.Series,
                 labels: Sequence[str], report: ValidationReport) -> tuple[pd.Series | None, dict[str, str]]:
    name = labels[0].rsplit(" feature", 1)[0]
    if "block_code" in mapping:
        values = _column(frame, mapping["block_code"]).map(_normalise_code)
        names = dict(zip(values, _column(frame, mapping.get("block")), strict=True)) if "block" in mapping else {}
        return values.replace("", None), {k: v for k, v in names.items() if v}
    if "block" not in mapping:
        if not base.panchayats.empty:
            return codes.map(base.panchayats.set_index("lgd_code")["block_lgd"]), {}
        report.add("warning", name, "no block column; the panchayats are stored without a block (--block-col)")
        return pd.Series([None] * len(codes), index=codes.index, dtype=object), {}
    values = _column(frame, mapping["block"])
    if base.blocks.empty:
        report.add("warning", name, "the file names blocks but gives no block LGD codes; blocks are stored with "
                   "their names as codes until you import blocks with codes (--level block)")
        normal = values.map(lambda v: _normalise_code(v) or None)
        return normal, {v: v for v in normal.dropna()}
    known_codes = set(base.blocks["lgd_code"].astype(str))
    by_key = {}
    for code, block_name, block_hi in zip(base.blocks["lgd_code"], base.blocks["name"], base.blocks["name_hi"],
                                          strict=True):
        by_key[name_key(block_name)] = str(code)
        if isinstance(block_hi, str) and block_hi:
            by_key.setdefault(name_key(block_hi), str(code))
    out = []
    for label, value in zip(labels, values, strict=True):
        code = _normalise_code(value)
        if code in known_codes:
            out.append(code)
        elif name_key(value) in by_key:
            out.append(by_key[name_key(value)])
        else:
            listed = ", ".join(f"{n} ({c})" for c, n in zip(base.blocks["lgd_code"], base.blocks["name"], strict=True))
            report.add("error", label, f"block {value!r} is not a block of the store ({listed}); write it as in the "
                       "store or use the block's LGD code")
            out.append(None)
    return pd.Series(out, index=values.index, dtype=object), {}


def _finish(result: ImportResult, data: StoreData | None, layers: tuple[str, ...]) -> ImportResult:
    if data is None or not result.report.ok:
        return result
    checked = validate_store(data)
    result.report.facts.extend(checked.facts)
    result.report.problems.extend(checked.problems)
    result.data = data
    result.layers = tuple(dict.fromkeys(layers))
    return result
