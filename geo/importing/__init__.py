"""Bring a district's own files into a store: boundaries, villages, services, statuses, inspections, roads, water.

Each ``import_*`` function reads one file, checks it and returns an
:class:`ImportResult`: the store as it would be after the import, what that changes
(rows added, changed, removed; people before and after) and a report whose
problems are grouped by cause. Nothing is written: the functions are pure except for
reading the file. :func:`apply_import` then writes a result that has no error and no
unconfirmed match, as a numbered version (:mod:`geo.storage.versions`), in one transaction.

Villages and service points are added or updated by key by default, and every
other row is kept; ``replace=True`` makes the layer exactly the file, and a
replacement removing more than 5 % of a layer needs ``confirm_removal=True``.
Boundaries replace their layer, but never so as to leave villages, points or events
pointing at panchayats the file does not have. Roads and water replace their layer
too (a network is imported whole; the report says what it replaces).

The package by job: reading cell values (:mod:`~geo.importing.values`), CRS and
coordinates (:mod:`~geo.importing.coordinates`), keys, ids and names
(:mod:`~geo.importing.keys`), villages drawn in several parts (:mod:`~geo.importing.parts`),
overlaps between a file's polygons (:mod:`~geo.importing.overlaps`), the district's identity
(:mod:`~geo.importing.district`), derived outlines (:mod:`~geo.importing.outlines`),
what changes (:mod:`~geo.importing.changes`), finishing and applying
(:mod:`~geo.importing.apply`), and one module per kind of file; :mod:`~geo.importing.kinds` declares
each kind (its columns, options and words) for every face.

Rows are named as the user sees them: ``file.csv row 7`` counts the header as row 1
(as Excel does); GIS files say ``feature 3``.
"""

from __future__ import annotations

import dataclasses
import functools
import os

import pandas as pd

from geo.importing.apply import apply_import
from geo.importing.boundaries import import_boundaries
from geo.importing.certificates import import_certificates
from geo.importing.changes import REMOVAL_LIMIT, LayerChange
from geo.importing.district import NEW_STORE_NAME
from geo.importing.inspections import import_inspections
from geo.importing.kinds import ImportKind, import_kind, kind_names
from geo.importing.network import import_roads, import_water
from geo.importing.options import (
    BoundaryOptions,
    ImportOptions,
    ServiceOptions,
    StatusOptions,
    VillageOptions,
    split_options,
)
from geo.importing.readers import MAX_FILE_BYTES, MAX_ROWS, read_spatial, read_table
from geo.importing.result import ImportResult, new_store
from geo.importing.services import import_services
from geo.importing.status import import_status
from geo.importing.villages import import_villages
from geo.storage.store import StoreData

__all__ = [
    "IMPORT_KINDS",
    "NEW_STORE_NAME",
    "REMOVAL_LIMIT",
    "ImportResult",
    "ImportOptions",
    "VillageOptions",
    "ServiceOptions",
    "BoundaryOptions",
    "StatusOptions",
    "LayerChange",
    "new_store",
    "import_boundaries",
    "import_villages",
    "import_services",
    "import_status",
    "import_certificates",
    "import_inspections",
    "import_roads",
    "import_water",
    "import_file",
    "apply_import",
]

#: The built-in import kinds (every kind, a registered one too: :func:`geo.importing.kinds.kind_names`).
IMPORT_KINDS = kind_names()
_PASSES = 3


def import_file(
    what: str,
    store: StoreData | None,
    path: str | os.PathLike[str],
    /,
    *,
    skip_invalid: bool = False,
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_FILE_BYTES,
    **options: object,
) -> ImportResult:
    """Dispatch to the import function of the kind ``what`` (:mod:`geo.importing.kinds`: ``villages``, ``services`` …).

    Parameters
    ----------
    what : str
        The kind of file.
    store : StoreData or None
        The current store read with ``private=True`` (None: a new, empty store).
    path : path-like
        The file.
    skip_invalid : bool, default False
        Import the valid rows: rows with an error of their own are left out and
        returned in :attr:`ImportResult.rejected` with their reasons. A problem of
        the whole file (a missing column, no CRS …) still refuses it.
    max_rows : int, default :data:`geo.importing.readers.MAX_ROWS`
        Refuse a file of more rows (or features) than this, before reading it to its end
        (``--max-rows`` on the command line, ``$PANCHAYAT_MAX_ROWS`` for the app).
    max_bytes : int, default :data:`geo.importing.readers.MAX_FILE_BYTES`
        Refuse a larger file (bytes) before reading it (``--max-mb`` on the command
        line, ``$PANCHAYAT_MAX_FILE_MB`` for the app).
    **options
        The kind's options by name: the fields of :class:`~geo.importing.options.ImportOptions`
        and of the kind's own (e.g. ``kind="csc"`` for services; :func:`~geo.importing.options.split_options`).
    """
    import_kind(what)  # an unknown kind is refused before the file is read
    limits = {"max_rows": max_rows, "max_bytes": max_bytes}
    result = _checked(what, store, path, skip_invalid, limits, options)
    result.recheck = functools.partial(
        _checked, what, path=path, skip_invalid=skip_invalid, limits=limits, options=options
    )
    return result


def _checked(
    what: str,
    store: StoreData | None,
    path: str | os.PathLike[str],
    skip_invalid: bool,
    limits: dict[str, int],
    options: dict[str, object],
) -> ImportResult:
    kind = import_kind(what)
    shared, own = split_options(options, kind.own)
    shared = dataclasses.replace(shared, **limits)
    result = _run(kind, store, path, shared, own)
    if not skip_invalid:
        return result
    reasons: dict[int, list[str]] = {}
    for _ in range(_PASSES):  # leaving rows out can bring up a problem of another row (e.g. a name to confirm)
        errors = result.report.errors
        if not errors or any(p.row is None for p in errors):
            break
        for problem in errors:
            reasons.setdefault(problem.row, []).append(problem.message)
        result = _run(kind, store, path, dataclasses.replace(shared, skip_rows=frozenset(reasons)), own)
    if reasons:
        result.rejected = _rejected(what, path, options, reasons, limits)
    return result


def _run(
    kind: ImportKind, store: StoreData | None, path: str | os.PathLike[str], shared: ImportOptions, own: object | None
) -> ImportResult:
    """``kind``'s import function on the file, with its own options when it has them."""
    return kind.run(store, path, shared) if own is None else kind.run(store, path, shared, own=own)


def _rejected(
    what: str, path: str | os.PathLike[str], options: dict, reasons: dict[int, list[str]], limits: dict[str, int]
) -> pd.DataFrame:
    """The left-out rows as the file has them, with a ``reason`` column."""
    if import_kind(what).spatial:
        frame = read_spatial(path, layer=options.get("layer"), **limits).frame
        frame = pd.DataFrame(frame.drop(columns=frame.geometry.name)).set_axis(pd.RangeIndex(1, len(frame) + 1))
    else:
        frame = read_table(path, **limits).frame
    rows = frame.loc[sorted(r for r in reasons if r in frame.index)]
    return rows.assign(reason=["; ".join(reasons[r]) for r in rows.index]).rename_axis("row").reset_index()
