"""Importing a review sheet: one row per panchayat, status columns and an as-of date, appended as events.

Dates are read day first as offices write them (:func:`geo.dates.read_day`). A sheet
without a date column needs the date it held (``as_of``). A value already recorded for
the same panchayat, indicator and date is not added again; another value is a correction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os

import pandas as pd

from geo.errors import GeoInputError
from geo.formats import format_date
from geo.importing.apply import base_store, finish
from geo.importing.keys import outside_blocks, stated_panchayats
from geo.importing.opening import open_table
from geo.importing.options import ImportOptions, StatusOptions
from geo.importing.recorded import CORRECTION, RECORDED, against_history, history_facts
from geo.importing.result import ImportResult
from geo.importing.source import Source
from geo.importing.values import column, dates, status_value
from geo.review.status import parse_date
from geo.storage.schema import INDICATOR_VALUES, INDICATORS
from geo.storage.store import StoreData, conform, utc_now
from geo.storage.validate import Problem

__all__ = ["import_status"]


def import_status(
    store: StoreData | None,
    path: str | os.PathLike[str],
    options: ImportOptions = ImportOptions(),
    *,
    own: StatusOptions = StatusOptions(),
) -> ImportResult:
    """Import a review sheet: one row per panchayat, a column per indicator, an as-of date.

    Every non-empty status cell becomes a new ``status_events`` row; nothing is
    overwritten. Values may be written as in the review (``Service-ready``,
    ``not started``, ``चालू``) and are mapped to the contract's vocabulary. A value
    already recorded (the latest event of the same panchayat, indicator and date
    holds it) is not added again ("already recorded: N"); another value for the same
    panchayat, indicator and date is appended as a correction.

    Parameters
    ----------
    store : StoreData
        The current store read with ``private=True``; it must have panchayats.
    path : path-like
        CSV/XLSX with a panchayat code or name column, a date column (``as_of``,
        ``Status as on``, ``Date``, ``दिनांक`` …; dates day first, see
        :func:`geo.dates.read_day`) and at least one of ``bharatnet``, ``jharnet``,
        ``library``, ``csc_functional``, ``inspection``.
    options : ImportOptions, optional
        What every import takes; a review sheet reads ``columns``, ``confirmed`` (fuzzy
        panchayat names), ``user`` (recorded as ``recorded_by``), ``recorded_at`` (default
        now), ``today`` (dates after it are refused; default today), ``skip_rows``,
        ``max_rows``, ``max_bytes`` and ``account_blocks``: the blocks the importing account edits (a
        block office), a row of a panchayat in another block being an error (None: every
        block).
    own : StatusOptions, optional
        Its own ``as_of``: the date the sheet's statuses held, for the rows without a date
        of their own (every row, when the sheet has no date column). A row's own date
        wins. Without it, a sheet with no date column is refused: never dated silently.

    Raises
    ------
    GeoInputError
        If ``as_of`` is not a date, lies after ``today`` or before 2000.
    """
    base = base_store(store)
    given = _given_date(own.as_of, options.today)
    opened = open_table(
        "status", path, options.columns, options.skip_rows, max_rows=options.max_rows, max_bytes=options.max_bytes
    )
    frame, source, mapping, result = opened.frame, opened.source, opened.mapping, opened.result
    report = result.report
    indicators = [i for i in INDICATORS if i in mapping]
    missing = []
    if "panchayat_code" not in mapping and "panchayat_name" not in mapping:
        missing.append("a panchayat LGD code or name column")
    if not indicators:
        missing.append(f"at least one status column ({', '.join(INDICATORS)})")
    if base.panchayats.empty:
        report.problems.append(
            source.file_error("the store has no panchayats yet; import boundaries first (`import boundaries`)")
        )
    if missing:
        report.problems.append(
            source.file_error(
                f"missing {'; '.join(missing)}; found: {', '.join(frame.columns)} "
                "— rename the columns or map them (--col ROLE=COLUMN)"
            )
        )
    if "as_of" not in mapping and given is None:
        report.problems.append(
            source.file_error(
                NO_DATE_COLUMN.format(found=", ".join(frame.columns)), cause="no date column and no date given"
            )
        )
    if not report.ok:
        return result
    days, found = _row_dates(frame, mapping.get("as_of"), source, given, options.today)
    report.problems += found
    report.facts += _dates_facts(days, column(frame, mapping.get("as_of")) != "", mapping.get("as_of"), given)
    remarks = column(frame, mapping.get("remark"))
    codes, result.matches, found = stated_panchayats(base, frame, mapping, source, options.confirmed, required=True)
    report.problems += found
    report.problems += outside_blocks(_blocks_of(base, codes), options.account_blocks, source, labels=codes)
    records = []
    when = options.recorded_at or utc_now()
    for indicator in indicators:
        for row, code, day, remark, raw in zip(
            frame.index, codes, days, remarks, column(frame, mapping[indicator]), strict=True
        ):
            if not raw.strip():
                continue
            value = status_value(indicator, raw)
            if value is None:
                allowed = ", ".join(INDICATOR_VALUES[indicator])
                report.problems.append(
                    source.error(
                        row,
                        f"{indicator} value {raw!r} is not a status; expected one of {allowed}",
                        cause=f"{indicator} value is not a status",
                    )
                )
                continue
            records.append((row, code, indicator, value, day, f"import {source.name}", remark, options.user, when))
    if not records and report.ok:
        report.problems.append(source.file_error("no status values found; every status cell is empty"))
    events = pd.DataFrame(records, columns=["row", *_EVENT_COLUMNS])
    events, found = _once_per_day(events, source)
    report.problems += found
    if not report.ok or result.pending:
        return result
    compared = against_history(
        events, base.status_events, key=_KEY, values=["value"], order=["recorded_at", "event_id"]
    )
    report.facts += history_facts(compared["state"], what="the same value of the panchayat's indicator")
    report.facts += _corrections(events, compared)
    fresh = events[(compared["state"] != RECORDED).to_numpy()].drop(columns="row").reset_index(drop=True)
    report.facts.append(f"{len(fresh):,} status event(s) to append for {fresh['panchayat_lgd'].nunique()} panchayat(s)")
    start = int(base.status_events["event_id"].max()) + 1 if not base.status_events.empty else 1
    appended = pd.concat(
        [base.status_events, fresh.assign(event_id=range(start, start + len(fresh)))], ignore_index=True
    )
    data = dataclasses.replace(base, status_events=conform("status_events", appended))
    result.new_events = fresh
    result.appended = len(fresh)
    return finish(result, base, data, ("status_events",))


#: The refusal of a sheet without a date column when no date is given (``{found}``: its columns).
NO_DATE_COLUMN = (
    "has no date column (as_of, 'Status as on', 'As on date', 'Date', 'दिनांक' …); found: {found} — "
    "a status counts from the date it held, so the sheet is not dated silently: give the date of the "
    "sheet (command line: --as-of DD.MM.YYYY, e.g. --as-of 12.11.2020; Data page: 'Status as on'), "
    "or add a date column, or map one (--col as_of=COLUMN)"
)
_EVENT_COLUMNS = ["panchayat_lgd", "indicator", "value", "as_of", "source", "remark", "recorded_by", "recorded_at"]
#: What a status event reports on: a panchayat's indicator on a date.
_KEY = ["panchayat_lgd", "indicator", "as_of"]
_SHOWN = 5


def _given_date(as_of: str | dt.date | None, today: dt.date | None) -> str | None:
    """``as_of`` as an ISO date, checked like a row's date (not after ``today``, not before 2000)."""
    day = parse_date(as_of, name="as_of")
    if day is None:
        return None
    limit = (today or dt.date.today()).isoformat()
    given = str(as_of) if str(as_of) == day else f"{as_of!s} ({day})"
    if day > limit:
        msg = f"as_of {given} lies in the future (after {limit}); give the date the sheet's statuses held"
        raise GeoInputError(msg)
    if day < "2000-01-01":
        msg = f"as_of {given} is before 2000; correct the year"
        raise GeoInputError(msg)
    return day


def _row_dates(
    frame: pd.DataFrame, name: str | None, source: Source, given: str | None, today: dt.date | None
) -> tuple[pd.Series, list[Problem]]:
    """Each row's date: its own (day first), else ``given``; an empty cell without ``given`` is an error."""
    if name is None:
        return pd.Series([given] * len(frame), index=frame.index, dtype=object), []
    days, problems = dates(frame, name, source, "as_of", required=False, today=today)
    empty = column(frame, name) == ""
    if given is not None:
        return days.where(~empty, given), problems
    problems += [
        source.error(
            row,
            f"no as_of date in column {name!r}; write it day first (e.g. 12.11.2020), or give "
            "the date of the rows without one (--as-of DD.MM.YYYY; Data page: 'Status as on')",
            cause="no as_of date",
        )
        for row in frame.index[empty.to_numpy()]
    ]
    return days, problems


def _dates_facts(days: pd.Series, own: pd.Series, name: str | None, given: str | None) -> list[str]:
    """The report's lines on the dates the rows got: from the column (per date) and the date given for the sheet."""
    facts = []
    dated = days[own.to_numpy()].dropna()
    if len(dated):
        counts = dated.value_counts().sort_index()
        facts.append(
            f"dated from column {name!r}: "
            + "; ".join(f"{format_date(day)} ({n:,} row(s))" for day, n in counts.items())
        )
    if given is not None:
        used = int((~own).sum())
        facts.append(
            f"dated {format_date(given)}, the date given for the sheet: {used:,} row(s) without a date of their own"
            if used
            else f"the date given for the sheet ({format_date(given)}) is not used: every row has its own date"
        )
    return facts


def _once_per_day(events: pd.DataFrame, source: Source) -> tuple[pd.DataFrame, list[Problem]]:
    """A panchayat's indicator once per date: the same value again is recorded once, another value is an error."""
    problems: list[Problem] = []
    if events.empty:
        return events, problems
    stated = events[(events["panchayat_lgd"] != "") & events["as_of"].notna()]
    first = stated.drop_duplicates(_KEY).set_index(_KEY)
    later = stated[stated.duplicated(_KEY)]
    for row, code, indicator, value, day in later[["row", *_KEY[:2], "value", "as_of"]].itertuples(index=False):
        earlier = first.loc[(code, indicator, day)]
        when = format_date(day)
        if earlier["value"] == value:
            problems.append(
                source.warning(
                    row,
                    f"repeats row {earlier['row']}'s {indicator} {value!r} for panchayat "
                    f"{code} on {when}; recorded once",
                    cause="repeats an earlier row's status for the same date; recorded once",
                )
            )
        else:
            problems.append(
                source.error(
                    row,
                    f"gives {indicator} {value!r} for panchayat {code} on {when}, but row "
                    f"{earlier['row']} gives {earlier['value']!r}; keep one",
                    cause="two rows give different statuses for the same panchayat and date",
                )
            )
    return events.drop(index=later.index), problems


def _corrections(events: pd.DataFrame, compared: pd.DataFrame) -> list[str]:
    """The first corrections, as the report lists them: ``P1 bharatnet on 12 Nov 2020: live → cable_laid``."""
    corrected = events[(compared["state"] == CORRECTION).to_numpy()]
    before = compared.loc[corrected.index, "recorded_value"]
    shown = [
        f"{code} {indicator} on {format_date(day)}: {old} → {new}"
        for code, indicator, day, new, old in zip(
            corrected["panchayat_lgd"],
            corrected["indicator"],
            corrected["as_of"],
            corrected["value"],
            before,
            strict=True,
        )
    ][:_SHOWN]
    more = f" and {len(corrected) - _SHOWN:,} more" if len(corrected) > _SHOWN else ""
    return [f"corrected: {'; '.join(shown)}{more}"] if shown else []


def _blocks_of(store: StoreData, codes: pd.Series) -> pd.Series:
    """The block of each row's panchayat (missing where the panchayat is unknown)."""
    block_of = dict(zip(store.panchayats["lgd_code"].astype(str), store.panchayats["block_lgd"], strict=True))
    return codes.map(lambda code: block_of.get(str(code)) if isinstance(code, str) and code else None)
