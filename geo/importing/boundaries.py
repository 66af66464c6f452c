"""Importing panchayat, block or district polygons from a GIS file (they replace that layer)."""

from __future__ import annotations

import os

import pandas as pd

from geo.errors import GeoInputError
from geo.importing.apply import base_store, finish
from geo.importing.columns import looks_census, resolve_columns
from geo.importing.coordinates import polygons, store_extent, to_store_crs
from geo.importing.district import code_kind_of, file_identity, with_identity
from geo.importing.keys import codes_from_matches, repeats, shared_codes
from geo.importing.matching import match_names
from geo.importing.options import BoundaryOptions, ImportOptions
from geo.importing.outlines import Outlines, with_boundaries
from geo.importing.overlaps import resolve_overlaps
from geo.importing.readers import read_spatial
from geo.importing.result import ImportResult
from geo.importing.source import Source
from geo.importing.values import column, describe, display_name, markup_warnings, normalise_code, without_controls
from geo.storage.identity import DistrictIdentity
from geo.storage.store import StoreData
from geo.storage.validate import ValidationReport

__all__ = ["LEVELS", "import_boundaries"]

LEVELS = {"panchayat": "panchayats", "block": "blocks", "district": "district"}


def import_boundaries(
    store: StoreData | None,
    path: str | os.PathLike[str],
    options: ImportOptions = ImportOptions(),
    *,
    own: BoundaryOptions = BoundaryOptions(),
) -> ImportResult:
    """Import panchayat, block or district polygons from a GIS file; they replace that layer.

    Parameters
    ----------
    store : StoreData or None
        The current store read with ``private=True`` (None: a new, empty store).
    path : path-like
        GeoJSON, zipped Shapefile, GeoPackage or KML.
    options : ImportOptions, optional
        What every import takes; a boundary file reads ``layer`` (when the file has
        several), ``columns`` (roles ``code``, ``name``, ``name_hi``, ``block``,
        ``block_code``), ``crs`` (when the file declares none or a wrong one),
        ``confirmed`` (name confirmations, used when the file has names but no LGD codes),
        ``confirm_removal`` (a replacement removing more than 5 % of the layer),
        ``skip_rows`` (features), ``max_rows`` and ``max_bytes``.
    own : BoundaryOptions, optional
        Its own: the level (``panchayat``, ``block`` or ``district``: what the polygons
        are), the district's name, state, code and expected counts as the user gives them
        (they win over the file's own columns), and ``strict``: repair nothing (by default
        invalid polygons are repaired with ``make_valid`` and overlaps under the tolerance
        of :mod:`geo.importing.overlaps` are given to the larger polygon, each listed).

    Returns
    -------
    ImportResult
        Without errors: the store with the new polygons (a missing district outline,
        and missing blocks, are derived and said so). A replacement that would leave
        villages, points or events pointing at panchayats missing from the file is
        refused with one message.
    """
    level = own.level
    if level not in LEVELS:
        msg = f"'level' should be 'panchayat', 'block' or 'district', got {level!r}"
        raise GeoInputError(msg)
    base = original = base_store(store)
    read = read_spatial(path, layer=options.layer, max_rows=options.max_rows, max_bytes=options.max_bytes)
    frame = read.frame.set_axis(pd.RangeIndex(1, len(read.frame) + 1))
    frame = frame.drop(index=[r for r in options.skip_rows if r in frame.index])
    source = Source(read.name, "feature")
    frame, cleaned = without_controls(frame, source)
    attrs = [c for c in frame.columns if c != frame.geometry.name]
    mapping = resolve_columns(attrs, "boundaries", options.columns, source=read.name, level=level)
    report = ValidationReport()
    report.facts.append(
        f"{read.name} layer {read.layer!r}: {len(frame):,} feature(s); columns used: {describe(mapping)}"
    )
    report.problems += cleaned
    result = ImportResult("boundaries", read.name, None, report, columns=mapping)
    keep, found = repeats(frame, mapping, source, geometry=frame.geometry)
    report.problems += found
    frame = frame[keep]
    current = base.layer(LEVELS[level])
    missing = []
    if "code" not in mapping and (current.empty or "name" not in mapping):
        missing.append("an LGD code column (--code-col COLUMN)")
    if "name" not in mapping and ("code" not in mapping or current.empty):
        missing.append("a name column (--name-col COLUMN)")
    if missing:
        report.problems.append(
            source.file_error(
                f"missing {' and '.join(missing)}; found: {', '.join(attrs)} — map them, or choose them on the Data "
                "page"
            )
        )
        return result
    identity, found = file_identity(frame, mapping, source)
    report.problems += found
    base, meta_changed, found, facts = with_identity(base, identity, own.district, source)
    report.problems += found
    report.facts += facts
    geoms, found, facts = to_store_crs(frame.geometry, options.crs, source, store_extent(base))
    report.problems += found
    report.facts += facts
    if geoms is None:
        return result
    geoms, found = polygons(geoms, source, strict=own.strict)
    report.problems += found
    names = column(frame, mapping.get("name"))
    report.problems += markup_warnings(names, source, "name")
    if "code" in mapping:
        codes = column(frame, mapping["code"]).map(normalise_code)
        report.problems += [
            source.error(
                row,
                f"no code in column {mapping['code']!r}; every {level} needs one",
                cause=f"no code; every {level} needs one",
            )
            for row, code in codes.items()
            if not code
        ]
        census = looks_census(mapping["code"])
        if census:
            report.facts.append(
                f"codes in column {mapping['code']!r} look like Census 2011 codes, not LGD codes"
                + ("; the district's code is stored as a Census code" if level == "district" else "")
            )
    else:
        census = False
        blocks = column(frame, mapping["block"]) if "block" in mapping and level == "panchayat" else None
        result.matches = match_names(
            list(names),
            None if blocks is None else list(blocks),
            current,
            base.blocks,
            confirmed=options.confirmed,
            rows=list(frame.index),
        )
        codes, found = codes_from_matches(names, blocks, result.matches, source, what=level)
        report.problems += found
        report.facts.append(f"no LGD code column: {level}s keyed by name against the store's {len(current)}")
    report.problems += shared_codes(codes, source, "Census code" if census else "LGD code", severity="error")
    if "name" not in mapping:
        known = dict(zip(current["lgd_code"], current["name"], strict=True)) if not current.empty else {}
        names = codes.map(lambda c: known.get(c, ""))
        report.problems += [
            source.error(
                row,
                f"code {code!r} is not in the store, and the file has no name column "
                "to name it — pass --name-col COLUMN",
                cause="no name for a new code",
            )
            for row, code in codes.items()
            if not names.loc[row]
        ]
    name_hi = column(frame, mapping.get("name_hi"))
    if "name_hi" not in mapping and not current.empty:  # a file without Hindi names keeps the store's
        name_hi = codes.map(current.set_index("lgd_code")["name_hi"]).fillna("")
    if not report.ok:
        return result
    if level != "district":
        geoms, found, facts = resolve_overlaps(
            geoms, codes + names.map(lambda n: f" ({n})" if n else ""), source, what=LEVELS[level], strict=own.strict
        )
        report.problems += found
        report.facts += facts
        if geoms is None:
            return result
    if level == "district" and not base.identity.named:
        found_here = DistrictIdentity(
            name=display_name(names.iloc[0]),
            name_hi=name_hi.iloc[0],
            code=codes.iloc[0],
            code_kind=code_kind_of(mapping["code"]),
            state=base.identity.state,
        )
        base, changed, found, facts = with_identity(base, found_here, own.district, source)
        meta_changed |= changed
        report.problems += found
        report.facts += facts
    data, layers, found, facts = with_boundaries(
        base, level, Outlines(codes, names, name_hi, geoms), frame, mapping, source
    )
    report.problems += found
    report.facts += facts
    return finish(
        result, original, data, layers + (("meta",) if meta_changed else ()), confirm_removal=options.confirm_removal
    )
