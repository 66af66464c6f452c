"""Finishing an import (checks on the store as it would be) and applying it as a numbered version."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pandas as pd

from geo.errors import GeoInputError, StoreChanged
from geo.formats import format_count
from geo.importing.changes import layer_changes, removal_problem
from geo.importing.district import NEW_STORE_NAME
from geo.importing.result import ImportResult, new_store
from geo.review.directions import scope_codes
from geo.storage.location import StoreLocation, store_location
from geo.storage.store import StoreData, append_events, append_rows, exclusive, read_store, store_revision, write_store
from geo.storage.validate import Problem, tiling_report, validate_change

__all__ = ["base_store", "finish", "apply_import"]

#: Layer -> (column, referenced layer) of the references an import must not break.
_REFERENCES = (
    ("villages", "panchayat_lgd", "panchayats"),
    ("service_points", "panchayat_lgd", "panchayats"),
    ("status_events", "panchayat_lgd", "panchayats"),
    ("inspections", "panchayat_lgd", "panchayats"),
    ("panchayats", "block_lgd", "blocks"),
)
#: The layers an import checks its rows against: on a server store nobody replaces them meanwhile.
_STRUCTURE = ("district", *dict.fromkeys(referenced for _, _, referenced in _REFERENCES))
_NOUNS = {
    "villages": "villages",
    "service_points": "service points",
    "status_events": "status events",
    "inspections": "inspections",
    "panchayats": "panchayats",
    "blocks": "blocks",
    "directions": "directions",
}


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


def finish(
    result: ImportResult,
    base: StoreData,
    data: StoreData | None,
    layers: tuple[str, ...],
    *,
    confirm_removal: bool = False,
    kind: str | None = None,
) -> ImportResult:
    """Check the store as it would be and fill ``result`` with it, its changes and the file's own problems.

    A replacement that would leave rows of other layers pointing at panchayats (or
    blocks) the file does not have is refused with one message; a removal of more
    than 5 % of a layer needs ``confirm_removal``. Only what the import changes, and what
    it touches, is checked (:func:`geo.storage.validate.validate_change`); problems those
    rows already had before the import, and the tiling of an unchanged district by
    unchanged panchayats, are kept apart (:attr:`ImportResult.standing`).
    """
    result.base_revision = base.revision
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
    before = {str(p) for p in validate_change(data, base, layers).problems} if len(base.panchayats) else set()
    checked = validate_change(base, data, layers)
    result.report.facts.extend(checked.facts)
    result.report.problems.extend(p for p in checked.problems if str(p) not in before)
    result.standing = [p for p in checked.problems if str(p) in before]
    if len(base.panchayats) and not {"panchayats", "district"} & set(layers):  # the tiling stands as it was
        tiled = tiling_report(data)
        result.report.facts.extend(tiled.facts)
        result.standing += tiled.problems
    result.data = data
    result.layers = layers
    return result


def apply_import(
    store_path: str | os.PathLike[str], result: ImportResult, *, user: str, on_wait: Callable[[str], None] | None = None
) -> int:
    """Write an import into the store as a new version; return the version number.

    Reading, checking and writing are one critical section: under the store's write
    lock (:func:`geo.storage.store.exclusive`) the store's revision is compared with the one
    the import was checked against. If another import, rollback or save came in
    between, the file is checked again against the store as it is now
    (:attr:`ImportResult.recheck`) and that result is written — unless the check now
    finds errors or names to confirm, adds nothing any more (the same sheet came in
    first), or what it would remove differs from what was previewed, in which case
    nothing is written and :class:`StoreChanged` says why.
    Then the change is logged as a version (:func:`geo.storage.versions.recording_version`)
    and the import's layers are replaced in one transaction (status and inspection imports
    are appended instead), which also keeps the rows it changes, to undo it. A store that
    does not exist yet is created empty first (``meta.is_demo = false``).

    Parameters
    ----------
    store_path : path-like
        The store.
    result : ImportResult
        A result with no error and no unconfirmed match.
    user : str
        Who applies it (recorded in the version log).
    on_wait : callable, optional
        Told once, with a sentence to show, when another change is being written first.

    Raises
    ------
    GeoInputError
        If the result has errors or unconfirmed matches, or adds nothing (nothing is written).
    StoreChanged
        If the store changed since the check and the file now checks differently.
    """
    from geo.storage.versions import recording_version

    if not isinstance(result, ImportResult):
        msg = f"'result' should be an ImportResult, got {type(result).__name__}"
        raise TypeError(msg)
    _check_applicable(result)
    target = store_location(store_path)
    writes = result.layers
    reads = tuple(name for name in _STRUCTURE if name not in writes)
    with exclusive(target, writes=writes, reads=reads, on_wait=on_wait) as lock:
        revision = store_revision(target)
        if revision != result.base_revision:
            result = _checked_again(target, result, exists=revision is not None)
        layers: tuple[str, ...] | None = result.layers
        if revision is None:
            write_store(target, new_store(result.data.meta.get("dataset_name", NEW_STORE_NAME)), lock=lock)
            layers = None
        with recording_version(
            target,
            action=f"import {result.kind}",
            file=result.source,
            report=result.text(full=True),
            problems=len(result.warnings),
            user=user,
            lock=lock,
        ) as version:
            if result.kind == "status" and layers is not None:
                append_events(target, result.new_events, lock=lock, version=version)
            elif result.kind == "inspections" and layers is not None:
                append_rows(
                    target,
                    {"status_events": result.new_events, "inspections": result.new_inspections},
                    lock=lock,
                    version=version,
                )
            else:
                write_store(target, result.data, layers=layers, lock=lock, version=version)
    return version


def _check_applicable(result: ImportResult) -> None:
    if not result.ok:
        what = (
            f"{len(result.report.errors)} error(s)"
            if not result.report.ok
            else f"{len(result.pending)} unconfirmed name(s)"
        )
        msg = f"import of {result.source} has {what}; nothing was applied — fix the file and import it again"
        raise GeoInputError(msg)
    if result.adds_nothing:
        msg = f"every row of {result.source} is already recorded (or left out); nothing to apply"
        raise GeoInputError(msg)


def _checked_again(target: StoreLocation, result: ImportResult, *, exists: bool) -> ImportResult:
    """``result``'s file checked against the store as it is now (the caller holds the write lock)."""
    changed = (
        f"the store changed after {result.source} was checked (another import, a rollback or an editor's "
        "save came in between)"
    )
    if result.recheck is None:
        msg = f"{changed}; nothing was applied — check the file again and apply it"
        raise StoreChanged(msg)
    again = result.recheck(read_store(target, private=True) if exists else None)
    again.recheck = result.recheck
    if not again.ok:
        what = (
            f"{len(again.report.errors)} error(s)"
            if not again.report.ok
            else f"{len(again.pending)} name(s) to confirm"
        )
        msg = f"{changed}; checked again, the file now has {what}; nothing was applied — check it again"
        raise StoreChanged(msg)
    if again.adds_nothing:
        msg = (
            f"{changed}; checked again, every row of it is now already recorded (the same file, or the same "
            "values, came in first); nothing was applied"
        )
        raise StoreChanged(msg)
    removals = [c.text() for c in result.changes if c.removed], [c.text() for c in again.changes if c.removed]
    if removals[0] != removals[1]:
        now = "; ".join(removals[1]) or "nothing removed"
        msg = (
            f"{changed}; checked again, what it removes is no longer what was previewed (now: {now}); "
            "nothing was applied — look at the new preview and apply again"
        )
        raise StoreChanged(msg)
    return again


def _references_to(data: StoreData, target: str) -> Iterator[tuple[str, pd.Series]]:
    """Each layer's references to ``target``'s codes: its column, or the codes the directions' scopes name."""
    for name, column, referenced in _REFERENCES:
        if referenced == target:
            yield name, data.layer(name)[column].dropna().astype(str)
    yield "directions", scope_codes(data.directions, target)


def _broken_references(base: StoreData, data: StoreData, layers: tuple[str, ...]) -> Problem | None:
    """One error when the new content leaves rows pointing at panchayats or blocks that are gone."""
    for target in ("panchayats", "blocks"):
        if target not in layers:
            continue
        kept = set(data.layer(target)["lgd_code"].astype(str))
        known_before = set(base.layer(target)["lgd_code"].astype(str))
        lost: dict[str, int] = {}
        gone: set[str] = set()
        for name, refs in _references_to(data, target):
            dangling = refs[~refs.isin(kept) & refs.isin(known_before)]
            if len(dangling):
                lost[name] = dangling.index.nunique() if name == "directions" else len(dangling)
                gone |= set(dangling)
        if lost:
            noun = _NOUNS.get(target, target)
            rows = ", ".join(f"{format_count(n)} {_NOUNS[name]}" for name, n in lost.items())
            has = f"{format_count(len(kept))} {noun if len(kept) != 1 else noun[:-1]}"
            return Problem(
                "error",
                "the import",
                f"the file has {has}; replacing the store's "
                f"{format_count(len(known_before))} would leave {rows} pointing at "
                f"{format_count(len(gone))} {noun} missing from the file (e.g. "
                f"{', '.join(sorted(gone)[:5])}) — import every one of the district's {noun} in one file, "
                "or correct the codes"
                + (
                    " (a direction's with `python -m geo directions edit ID --scope …`)" if "directions" in lost else ""
                ),
            )
    return None
