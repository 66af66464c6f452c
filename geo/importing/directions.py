"""Importing a meeting's directions from a sheet of the minutes (English or Hindi headers).

One row per direction: its text (a cell in Devanagari is the Hindi text, any other the
English; a sheet may have a column of each), the owner, the meeting's date (or the date
given), and optionally a due date, the agenda item (its key or its title in either
language), whether it is public (yes/no; empty: not public) and a measurable target
(indicator, scope, goal: :mod:`geo.review.directions`). Every problem names its row. A
direction already in the store (same date given, owner and text) is not added twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re

import pandas as pd

from geo.importing.apply import base_store, finish
from geo.importing.opening import open_table
from geo.importing.options import ImportOptions
from geo.importing.result import ImportResult
from geo.importing.source import Source
from geo.importing.values import column, dates, markup_warnings, yes_no
from geo.review.agenda import AGENDA
from geo.review.directions import direction_problems
from geo.storage.store import StoreData, conform, utc_now
from geo.storage.validate import Problem

__all__ = ["import_directions"]

_DEVANAGARI = re.compile(r"[\u0900-\u097F]")
_SAME = ["given_on", "owner", "text_en", "text_hi"]
_EMPTY_DATE = re.compile(r"^(meeting_date|given_on) is empty")


def import_directions(
    store: StoreData | None,
    path: str | os.PathLike[str],
    options: ImportOptions = ImportOptions(),
) -> ImportResult:
    """Import the directions of a meeting from a CSV/XLSX sheet.

    Parameters
    ----------
    store : StoreData
        The current store read with ``private=True`` (its blocks and panchayats name the targets' scopes).
    path : path-like
        CSV/XLSX with a direction column (and/or a Hindi one), an owner and a meeting date.
    options : ImportOptions, optional
        What every import takes (``user`` is recorded with each direction).

    Returns
    -------
    ImportResult
        The directions to append (``appended``), or the rows' problems, each naming its row.
    """
    base = base_store(store)
    opened = open_table(
        "directions", path, options.columns, options.skip_rows, max_rows=options.max_rows, max_bytes=options.max_bytes
    )
    frame, source, mapping, result = opened.frame, opened.source, opened.mapping, opened.result
    report = result.report
    missing = [
        what
        for present, what in (
            ("direction" in mapping or "direction_hi" in mapping, "a direction column"),
            ("owner" in mapping, "an owner column (the office or officer)"),
            ("meeting_date" in mapping or "given_on" in mapping, "a meeting date column"),
        )
        if not present
    ]
    if missing:
        report.problems.append(
            source.file_error(
                f"missing {'; '.join(missing)}; found: {', '.join(frame.columns)} "
                "— rename the columns or map them (--col ROLE=COLUMN)"
            )
        )
        return result
    rows, problems = _rows(frame, mapping, source, options.today)
    report.problems += problems
    for column_role in ("direction", "direction_hi", "owner"):
        if column_role in mapping:
            report.problems += markup_warnings(column(frame, mapping[column_role]), source, column_role)
    undated = {p.row for p in problems if p.cause.endswith("date") or "is not a date" in p.cause}
    for row, fields in rows.items():
        report.problems += [
            source.error(row, problem, cause=_cause(problem))
            for problem in direction_problems(fields, base)
            if not _said(problem, row in undated, fields)
        ]
    if not report.ok:
        return result
    new = pd.DataFrame(list(rows.values()), columns=list(LAYER_COLUMNS))
    known = _already(new, base.directions)
    if known.any():
        report.facts.append(f"already recorded: {int(known.sum()):,} direction(s) of the sheet")
    new = new[~known].reset_index(drop=True)
    start = int(base.directions["direction_id"].max()) + 1 if len(base.directions) else 1
    new = new.assign(
        direction_id=range(start, start + len(new)),
        recorded_by=options.user,
        recorded_at=options.recorded_at or utc_now(),
    )
    report.facts.append(f"{len(new):,} direction(s) to add")
    data = dataclasses.replace(
        base, directions=conform("directions", pd.concat([base.directions, new], ignore_index=True))
    )
    result.appended = len(new)
    return finish(result, base, data, ("directions",))


#: The columns of the ``directions`` layer a sheet fills.
LAYER_COLUMNS = (
    "meeting_date",
    "given_on",
    "due_on",
    "agenda_item",
    "text_en",
    "text_hi",
    "owner",
    "public",
    "target_indicator",
    "target_scope",
    "target_goal",
)


def _rows(
    frame: pd.DataFrame, mapping: dict[str, str], source: Source, today: dt.date | None
) -> tuple[dict[int, dict[str, object]], list[Problem]]:
    """Each row's fields as the ``directions`` layer holds them; the problems of reading its cells."""
    problems: list[Problem] = []
    meeting, found = dates(frame, mapping.get("meeting_date"), source, "meeting_date", required=False, today=today)
    problems += found
    given, found = dates(frame, mapping.get("given_on"), source, "given_on", required=False, today=today)
    problems += found
    due, found = dates(frame, mapping.get("due_on"), source, "due_on", required=False, today=dt.date.max)
    problems += found
    rows = {}
    for row in frame.index:
        fields: dict[str, object] = {
            "meeting_date": meeting[row] or given[row],
            "given_on": given[row] or meeting[row],
            "due_on": due[row],
            "owner": _cell(frame, mapping, "owner", row),
        }
        texts, found = _texts(frame, mapping, source, row)
        problems += found
        agenda, found = _agenda(_cell(frame, mapping, "agenda_item", row), source, row)
        problems += found
        public = _cell(frame, mapping, "public", row)
        if public and yes_no(public) is None:
            problems.append(
                source.error(row, f"public {public!r}; expected yes or no", cause="public is not yes or no")
            )
        fields |= texts | {
            "agenda_item": agenda,
            "public": bool(public) and yes_no(public) is True,
            "target_indicator": _cell(frame, mapping, "indicator", row).lower() or None,
            "target_scope": _cell(frame, mapping, "scope", row) or None,
            "target_goal": _cell(frame, mapping, "goal", row) or None,
        }
        rows[row] = fields
    return rows, problems


def _said(problem: str, undated: bool, fields: dict[str, object]) -> bool:
    """Whether ``problem`` is said already: by its bad date cell, or as the empty meeting date (it stands for both)."""
    if _EMPTY_DATE.match(problem):
        return undated or (problem.startswith("given_on") and not fields["meeting_date"])
    return False


def _cell(frame: pd.DataFrame, mapping: dict[str, str], role: str, row: int) -> str:
    return str(frame.at[row, mapping[role]]).strip() if role in mapping else ""


def _texts(
    frame: pd.DataFrame, mapping: dict[str, str], source: Source, row: int
) -> tuple[dict[str, str | None], list[Problem]]:
    """The row's English and Hindi text, each cell by its script; two of one language is an error."""
    out: dict[str, str | None] = {"text_en": None, "text_hi": None}
    for role in ("direction", "direction_hi"):
        text = _cell(frame, mapping, role, row)
        if not text:
            continue
        language = "text_hi" if _DEVANAGARI.search(text) else "text_en"
        if out[language] is not None:
            words = "Hindi" if language == "text_hi" else "English"
            message = f"two {words} texts of the direction; keep one, or write the other language in the other column"
            return out, [source.error(row, message, cause=f"two {words} texts")]
        out[language] = text
    return out, []


def _agenda(written: str, source: Source, row: int) -> tuple[str | None, list[Problem]]:
    """The agenda key of ``written`` (a key, or an item's title or short title in English or Hindi)."""
    if not written:
        return None, []
    wanted = written.casefold()
    for item in AGENDA:
        names = {item.key, *(label(lang).casefold() for label in (item.title, item.short) for lang in ("en", "hi"))}
        if wanted in names:
            return item.key, []
    listed = ", ".join(item.key for item in AGENDA)
    message = f"agenda item {written!r} is not on the agenda; write one of {listed} (or its title)"
    return None, [source.error(row, message, cause="agenda item is not on the agenda")]


def _already(new: pd.DataFrame, recorded: pd.DataFrame) -> pd.Series:
    """Whether each new direction is recorded already (the same date given, owner and texts)."""
    if recorded.empty or new.empty:
        return pd.Series(False, index=new.index)
    key = [tuple("" if pd.isna(v) else str(v) for v in values) for values in recorded[_SAME].itertuples(index=False)]
    return pd.Series(
        [
            tuple("" if v is None or pd.isna(v) else str(v) for v in values) in set(key)
            for values in new[_SAME].itertuples(index=False)
        ],
        index=new.index,
    )


def _cause(problem: str) -> str:
    """The kind of a problem, for counting the refused rows by cause: its first clause, values left out.

    Examples
    --------
    >>> _cause("block 'B9' is not a block of the store; write one of B1")
    'block … is not a block of the store'
    """
    return re.sub(r"'[^']*'|\d[\d.:-]*", "…", problem.split(";")[0]).strip()
