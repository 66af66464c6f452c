"""The first steps every table import shares: read the file, find its columns, set exact repeats aside."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from geo.importing.columns import resolve_columns
from geo.importing.keys import repeats
from geo.importing.readers import MAX_FILE_BYTES, MAX_ROWS, read_table
from geo.importing.result import ImportResult
from geo.importing.source import Source
from geo.importing.values import describe, without_controls
from geo.storage.validate import ValidationReport

__all__ = ["OpenedTable", "open_table"]


@dataclass
class OpenedTable:
    """A table file ready to be imported.

    Attributes
    ----------
    frame : pandas.DataFrame
        Its rows (text), indexed by row number as Excel shows it, exact repeats and ``skip_rows`` left out.
    source : Source
        The file, for problems.
    mapping : dict
        Role -> column.
    result : ImportResult
        The import's result so far (its report holds the facts and problems found while opening).
    """

    frame: pd.DataFrame
    source: Source
    mapping: dict[str, str]
    result: ImportResult


def open_table(
    what: str,
    path: str | os.PathLike[str],
    columns: Mapping[str, str | None] | None,
    skip_rows: frozenset[int],
    *,
    rows: str = "row(s)",
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_FILE_BYTES,
) -> OpenedTable:
    """Read a CSV/XLSX of at most ``max_rows`` rows and ``max_bytes`` for an import of ``what`` (``villages`` …)."""
    read = read_table(path, max_rows=max_rows, max_bytes=max_bytes)
    skipped = [r for r in skip_rows if r in read.frame.index]
    frame = read.frame.drop(index=skipped) if skipped else read.frame  # no copy of a large file for nothing
    source = Source(read.name)
    frame, cleaned = without_controls(frame, source)
    mapping = resolve_columns(list(frame.columns), what, columns, source=read.name)
    report = ValidationReport()
    report.facts.append(f"{read.name}: {len(frame):,} {rows}; columns used: {describe(mapping)}")
    report.problems += [source.file_warning(note.removeprefix(f"{read.name} ")) for note in read.notes]
    report.problems += cleaned
    keep, found = repeats(frame, mapping, source)
    report.problems += found
    kept = frame if keep.all() else frame[keep]
    return OpenedTable(kept, source, mapping, ImportResult(what, read.name, None, report, columns=mapping))
