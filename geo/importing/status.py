"""Importing a review sheet: one row per panchayat, status columns and an as-of date, appended as events."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Collection, Mapping

import pandas as pd

from geo.importing.apply import base_store, finish
from geo.importing.keys import outside_blocks, stated_panchayats
from geo.importing.opening import open_table
from geo.importing.result import ImportResult
from geo.importing.values import column, dates, status_value
from geo.readers import MAX_ROWS
from geo.schema import INDICATOR_VALUES, INDICATORS
from geo.store import StoreData, conform, utc_now

__all__ = ["import_status"]


def import_status(
    store: StoreData | None,
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str | None] | None = None,
    confirmed: pd.DataFrame | None = None,
    user: str = "import",
    recorded_at: str | None = None,
    today: dt.date | None = None,
    skip_rows: frozenset[int] = frozenset(),
    max_rows: int = MAX_ROWS,
    account_blocks: Collection[str] | None = None,
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
    skip_rows : frozenset of int
        Rows to leave out (``skip_invalid``).
    max_rows : int, default :data:`geo.readers.MAX_ROWS`
        Refuse a file of more rows than this, before reading it to its end.
    account_blocks : collection of str, optional
        The blocks the importing account edits (a block office): a row of a panchayat
        in another block is an error. None: every block.
    """
    base = base_store(store)
    opened = open_table("status", path, columns, skip_rows, max_rows=max_rows)
    frame, source, mapping, result = opened.frame, opened.source, opened.mapping, opened.result
    report = result.report
    indicators = [i for i in INDICATORS if i in mapping]
    missing = []
    if "panchayat_code" not in mapping and "panchayat_name" not in mapping:
        missing.append("a panchayat LGD code or name column")
    if "as_of" not in mapping:
        missing.append("an as-of date column (as_of)")
    if not indicators:
        missing.append(f"at least one status column ({', '.join(INDICATORS)})")
    if base.panchayats.empty:
        report.problems.append(source.file_error("the store has no panchayats yet; import boundaries first "
                                                 "(`import boundaries`)"))
    if missing:
        report.problems.append(source.file_error(f"missing {'; '.join(missing)}; found: {', '.join(frame.columns)} "
                                                 "— rename the columns or map them (--col ROLE=COLUMN)"))
    if not report.ok:
        return result
    days, found = dates(frame, mapping["as_of"], source, "as_of", required=True, today=today)
    report.problems += found
    remarks = column(frame, mapping.get("remark"))
    codes, result.matches, found = stated_panchayats(base, frame, mapping, source, confirmed, required=True)
    report.problems += found
    report.problems += outside_blocks(_blocks_of(base, codes), account_blocks, source, labels=codes)
    records = []
    when = recorded_at or utc_now()
    for indicator in indicators:
        for row, code, day, remark, raw in zip(frame.index, codes, days, remarks, column(frame, mapping[indicator]),
                                               strict=True):
            if not raw.strip():
                continue
            value = status_value(indicator, raw)
            if value is None:
                allowed = ", ".join(INDICATOR_VALUES[indicator])
                report.problems.append(source.error(row, f"{indicator} value {raw!r} is not a status; expected one "
                                                    f"of {allowed}", cause=f"{indicator} value is not a status"))
                continue
            records.append((code, indicator, value, day, f"import {source.name}", remark, user, when))
    if not records and report.ok:
        report.problems.append(source.file_error("no status values found; every status cell is empty"))
    if not report.ok or result.pending:
        return result
    events = pd.DataFrame(records, columns=["panchayat_lgd", "indicator", "value", "as_of", "source", "remark",
                                            "recorded_by", "recorded_at"])
    report.facts.append(f"{len(events):,} status event(s) to append for {events['panchayat_lgd'].nunique()} "
                        "panchayat(s)")
    start = int(base.status_events["event_id"].max()) + 1 if not base.status_events.empty else 1
    appended = pd.concat([base.status_events, events.assign(event_id=range(start, start + len(events)))],
                         ignore_index=True)
    data = dataclasses.replace(base, status_events=conform("status_events", appended))
    result.new_events = events
    return finish(result, base, data, ("status_events",))


def _blocks_of(store: StoreData, codes: pd.Series) -> pd.Series:
    """The block of each row's panchayat (missing where the panchayat is unknown)."""
    block_of = dict(zip(store.panchayats["lgd_code"].astype(str), store.panchayats["block_lgd"], strict=True))
    return codes.map(lambda code: block_of.get(str(code)) if isinstance(code, str) and code else None)
