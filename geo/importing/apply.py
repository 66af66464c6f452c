"""Finishing an import (checks on the store as it would be) and applying it as a numbered version."""

from __future__ import annotations

import os
from pathlib import Path

from geo.errors import GeoInputError
from geo.formats import format_count
from geo.importing.changes import layer_changes, removal_problem
from geo.importing.district import NEW_STORE_NAME
from geo.importing.result import ImportResult, new_store
from geo.store import StoreData, append_events, append_rows, write_store
from geo.validate import Problem, validate_store

__all__ = ["base_store", "finish", "apply_import"]

#: Layer -> (column, referenced layer) of the references an import must not break.
_REFERENCES = (("villages", "panchayat_lgd", "panchayats"), ("service_points", "panchayat_lgd", "panchayats"),
               ("status_events", "panchayat_lgd", "panchayats"), ("inspections", "panchayat_lgd", "panchayats"),
               ("panchayats", "block_lgd", "blocks"))
_NOUNS = {"villages": "villages", "service_points": "service points", "status_events": "status events",
          "inspections": "inspections", "panchayats": "panchayats", "blocks": "blocks"}


def base_store(store: StoreData | None) -> StoreData:
    """The store an import starts from: the given one (read with its private columns), or a new, empty one."""
    if store is None:
        return new_store()
    if not isinstance(store, StoreData):
        msg = f"'store' should be a StoreData (read_store(path, private=True)) or None, got {type(store).__name__}"
        raise TypeError(msg)
    if "recorded_by" not in store.status_events.columns:
        msg = "'store' was read without private columns; read it with read_store(path, private=True) to import"
        raise ValueError(msg)
    return store


def finish(result: ImportResult, base: StoreData, data: StoreData | None, layers: tuple[str, ...], *,
           confirm_removal: bool = False, kind: str | None = None) -> ImportResult:
    """Check the store as it would be and fill ``result`` with it, its changes and the file's own problems.

    A replacement that would leave rows of other layers pointing at panchayats (or
    blocks) the file does not have is refused with one message; a removal of more
    than 5 % of a layer needs ``confirm_removal``. Problems the store already had
    before the import are kept apart (:attr:`ImportResult.standing`).
    """
    if data is None or not result.report.ok:
        return result
    layers = tuple(dict.fromkeys(layers))
    broken = _broken_references(base, data, layers)
    if broken is not None:
        result.report.problems.append(broken)
        return result
    result.changes = layer_changes(base, data, layers, kind=kind)
    refused = removal_problem([c for c in result.changes if c.layer != "district"], confirmed=confirm_removal)
    if refused is not None:
        result.report.problems.append(refused)
        return result
    before = {str(p) for p in validate_store(base).problems} if len(base.panchayats) else set()
    checked = validate_store(data)
    result.report.facts.extend(checked.facts)
    result.report.problems.extend(p for p in checked.problems if str(p) not in before)
    result.standing = [p for p in checked.problems if str(p) in before]
    result.data = data
    result.layers = layers
    return result


def apply_import(store_path: str | os.PathLike[str], result: ImportResult, *, user: str) -> int:
    """Write an import into the store as a new version; return the version number.

    The store is snapshotted first (:func:`geo.versions.recording_version`), then the
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
    with recording_version(target, action=f"import {result.kind}", file=result.source,
                           report=result.text(full=True), problems=len(result.warnings), user=user) as version:
        if result.kind == "status" and layers is not None:
            append_events(target, result.new_events)
        elif result.kind == "inspections" and layers is not None:
            append_rows(target, {"status_events": result.new_events, "inspections": result.new_inspections})
        else:
            write_store(target, result.data, layers=layers)
    return version


def _broken_references(base: StoreData, data: StoreData, layers: tuple[str, ...]) -> Problem | None:
    """One error when the new content leaves rows pointing at panchayats or blocks that are gone."""
    for target in ("panchayats", "blocks"):
        if target not in layers:
            continue
        kept = set(data.layer(target)["lgd_code"].astype(str))
        known_before = set(base.layer(target)["lgd_code"].astype(str))
        lost: dict[str, int] = {}
        gone: set[str] = set()
        for name, column, referenced in _REFERENCES:
            if referenced != target:
                continue
            refs = data.layer(name)[column].dropna().astype(str)
            dangling = refs[~refs.isin(kept) & refs.isin(known_before)]
            if len(dangling):
                lost[name] = len(dangling)
                gone |= set(dangling)
        if lost:
            noun = _NOUNS.get(target, target)
            rows = ", ".join(f"{format_count(n)} {_NOUNS[name]}" for name, n in lost.items())
            has = f"{format_count(len(kept))} {noun if len(kept) != 1 else noun[:-1]}"
            return Problem("error", "the import",
                           f"the file has {has}; replacing the store's "
                           f"{format_count(len(known_before))} would leave {rows} pointing at "
                           f"{format_count(len(gone))} {noun} missing from the file (e.g. "
                           f"{', '.join(sorted(gone)[:5])}) — import every one of the district's {noun} in one file, "
                           "or correct the codes")
    return None
