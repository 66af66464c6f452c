"""What an import would do: the store after it, what changes, and the report — before anything is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from geo.importing.changes import LayerChange
from geo.importing.district import NEW_STORE_NAME
from geo.importing.matching import Match
from geo.storage.identity import DistrictIdentity
from geo.storage.schema import SCHEMA_VERSION
from geo.storage.store import StoreData, empty_layer, utc_now
from geo.storage.validate import Problem, ValidationReport, grouped

__all__ = ["ImportResult", "new_store"]


@dataclass
class ImportResult:
    """What an import would do: the new store content, what it changes, and its report.

    Attributes
    ----------
    kind : str
        ``boundaries``, ``villages``, ``services``, ``status``, ``certificates``, ``inspections``,
        ``roads`` or ``water``.
    source : str
        The imported file's name.
    data : StoreData or None
        The store after the import (None when errors kept it from being built).
    report : geo.storage.validate.ValidationReport
        Facts and the file's own problems; every problem names the file and row/feature.
    matches : list of geo.importing.matching.Match
        How names were matched (exact, fuzzy, ambiguous, unmatched, confirmed).
    columns : dict
        Role -> column used.
    layers : tuple of str
        The layers the import writes.
    new_events : pandas.DataFrame or None
        For status and inspection imports: the events to append.
    new_inspections : pandas.DataFrame or None
        For inspection imports: the submissions to append (``inspections`` rows).
    changes : list of LayerChange
        Per layer: rows added, changed, removed, unchanged (and people for villages).
    standing : list of geo.storage.validate.Problem
        Warnings the store had before the import (not the file's doing): counted, not listed.
    rejected : pandas.DataFrame or None
        With ``skip_invalid``: the rows left out, each with its ``reason``.
    appended : int or None
        For the imports that append to a history (status, certificates, inspections):
        how many rows they add (0: every row is already recorded, or left out).
    base_revision : int or None
        The revision of the store the import was checked against (None: a new store);
        :func:`geo.importing.apply_import` checks the file again if the store has moved on.
    recheck : callable or None
        Checks the same file with the same options against another state of the store
        (set by :func:`geo.importing.import_file`).
    """

    kind: str
    source: str
    data: StoreData | None
    report: ValidationReport
    matches: list[Match] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    layers: tuple[str, ...] = ()
    new_events: pd.DataFrame | None = None
    new_inspections: pd.DataFrame | None = None
    changes: list[LayerChange] = field(default_factory=list)
    standing: list[Problem] = field(default_factory=list)
    rejected: pd.DataFrame | None = None
    appended: int | None = None
    base_revision: int | None = None
    recheck: Callable[[StoreData | None], ImportResult] | None = field(default=None, repr=False, compare=False)

    @property
    def pending(self) -> list[Match]:
        """Fuzzy or ambiguous matches still waiting for a confirmation."""
        return [m for m in self.matches if m.needs_confirmation]

    @property
    def ok(self) -> bool:
        """True when the import can be applied: no error and nothing left to confirm."""
        return self.report.ok and not self.pending and self.data is not None

    @property
    def adds_nothing(self) -> bool:
        """True for a status, certificates or inspections import whose every row is already recorded (or left out)."""
        return self.ok and self.appended == 0

    @property
    def warnings(self) -> list[Problem]:
        """The file's own warnings (the store's standing ones are in :attr:`standing`)."""
        return [p for p in self.report.problems if p.severity == "warning"]

    def lines(self, *, full: bool = False) -> list[str]:
        """The report as lines: problems grouped by cause (every one with ``full``), changes, standing warnings."""
        problems = [str(p) for p in self.report.problems] if full else grouped(self.report.problems)
        out = [f"  {fact}" for fact in self.report.facts]
        out += [f"  change: {c.text()}" for c in self.changes]
        if self.rejected is not None and len(self.rejected):
            out.append(f"  {len(self.rejected):,} row(s) left out (--skip-invalid), each with its reason")
        out += problems
        if self.standing:
            out.append(
                f"  the store already has {len(self.standing):,} warning(s) of its own, not from this file; "
                "`python -m geo validate` lists them"
            )
        out += [f"CONFIRM: {m.describe()}" for m in self.pending]
        return out

    def text(self, *, full: bool = False) -> str:
        """The report as plain text, ending with the counts."""
        errors, warnings = len(self.report.errors), len(self.warnings)
        return "\n".join(
            [
                f"import {self.kind} from {self.source}",
                *self.lines(full=full),
                f"{errors} error(s), {warnings} warning(s), {len(self.pending)} name(s) to confirm",
            ]
        )


def new_store(
    dataset_name: str = NEW_STORE_NAME, *, source_notes: str = "", identity: DistrictIdentity | None = None
) -> StoreData:
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
    frames = {name: empty_layer(name) for name in StoreData.__dataclass_fields__ if name not in ("meta", "revision")}
    return StoreData(meta=meta, **frames)
