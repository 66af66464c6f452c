"""Panchayat status derived from the event history.

The store never overwrites a status: each report is a row of ``status_events``. The
status of a panchayat "as of" a date is its latest event per indicator on or before
that date (ties broken by when the event was recorded, then by event id), so the
review can look at any past meeting and at what changed between two meetings.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from geo.dates import read_day
from geo.errors import GeoInputError
from geo.storage.schema import INDICATOR_VALUES, INDICATORS

if TYPE_CHECKING:
    from geo.storage.store import StoreData

__all__ = ["current_status", "status_changes", "parse_date", "review_dates"]


def parse_date(value: str | dt.date | None, *, name: str = "date") -> str | None:
    """Return ``value`` as an ISO ``YYYY-MM-DD`` string (None stays None).

    Read as offices write dates, day first (:func:`geo.dates.read_day`):
    ``12.11.2020``, ``12/11/2020``, ``2020-11-12``, ``12 Nov 2020`` are all 12 November 2020.

    Parameters
    ----------
    value : str, datetime.date or None
        A date such as ``"2020-11-12"`` or ``"12.11.2020"``.
    name : str, default "date"
        How the caller calls the value, for the error message.

    Raises
    ------
    GeoInputError
        If ``value`` is not a valid date (the message says why).

    Examples
    --------
    >>> parse_date("2020-11-12"), parse_date("12.11.2020")
    ('2020-11-12', '2020-11-12')
    """
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    try:
        return read_day(str(value)).isoformat()
    except ValueError as err:
        msg = f"{name} {value!r} is not a date ({err}); write it day first, DD.MM.YYYY (or YYYY-MM-DD): 12.11.2020"
        raise GeoInputError(msg) from None


def current_status(
    events: pd.DataFrame,
    panchayat_codes: pd.Index | list[str] | None = None,
    *,
    as_of: str | dt.date | None = None,
) -> pd.DataFrame:
    """Return the status of every panchayat, as of a date.

    Parameters
    ----------
    events : pandas.DataFrame
        The ``status_events`` table.
    panchayat_codes : sequence of str, optional
        LGD codes to report on (panchayats with no event get empty values); by
        default every panchayat that has an event.
    as_of : str or datetime.date, optional
        Only events on or before this date count; default: all events.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``panchayat_lgd``; for each indicator in
        :data:`geo.storage.schema.INDICATORS` a column with its value and one
        ``<indicator>_as_of`` with the date of that value (missing where no event
        was recorded: not recorded, never a default).

    Examples
    --------
    >>> ev = pd.DataFrame({"event_id": [1, 2], "panchayat_lgd": ["1", "1"],
    ...     "indicator": ["library", "library"], "value": ["not_started", "opened"],
    ...     "as_of": ["2020-11-12", "2020-12-10"], "recorded_at": ["", ""]})
    >>> current_status(ev, as_of="2020-11-30").loc["1", "library"]
    'not_started'
    """
    cutoff = parse_date(as_of, name="as_of")
    chosen = events if cutoff is None else events[events["as_of"] <= cutoff]
    latest = chosen.sort_values(["as_of", "recorded_at", "event_id"], kind="stable").drop_duplicates(
        ["panchayat_lgd", "indicator"], keep="last"
    )
    values = latest.pivot(index="panchayat_lgd", columns="indicator", values="value")
    dates = latest.pivot(index="panchayat_lgd", columns="indicator", values="as_of").add_suffix("_as_of")
    codes = pd.Index(panchayat_codes if panchayat_codes is not None else values.index, name="panchayat_lgd")
    out = pd.DataFrame(index=codes)
    for indicator in INDICATORS:
        out[indicator] = values[indicator].reindex(codes) if indicator in values else pd.NA
        column = f"{indicator}_as_of"
        out[column] = dates[column].reindex(codes) if column in dates else pd.NA
        out[indicator] = out[indicator].astype("string")
        out[column] = out[column].astype("string")
    return out


def status_changes(
    events: pd.DataFrame,
    *,
    since: str | dt.date,
    as_of: str | dt.date | None = None,
) -> pd.DataFrame:
    """List what changed between two dates, one row per panchayat and indicator.

    Parameters
    ----------
    events : pandas.DataFrame
        The ``status_events`` table.
    since : str or datetime.date
        The earlier date (e.g. the previous review meeting).
    as_of : str or datetime.date, optional
        The later date; default: all events.

    Returns
    -------
    pandas.DataFrame
        Columns ``panchayat_lgd``, ``indicator``, ``before``, ``after``,
        ``after_as_of`` and ``progress`` (+1 forward in the rollout, -1 back,
        0 for a change that is neither, e.g. a first report).
    """
    before = current_status(events, as_of=since)
    after = current_status(events, as_of=as_of)
    codes = after.index.union(before.index)
    before, after = before.reindex(codes), after.reindex(codes)
    rows = []
    for indicator in INDICATORS:
        old, new = before[indicator], after[indicator]
        changed = (old.fillna("") != new.fillna("")).to_numpy()
        order = {v: i for i, v in enumerate(INDICATOR_VALUES[indicator])}
        for code in codes[changed]:
            o, n = old[code], new[code]
            step = 0
            if not pd.isna(o) and not pd.isna(n) and o in order and n in order:
                step = 1 if order[n] > order[o] else -1
            rows.append(
                {
                    "panchayat_lgd": code,
                    "indicator": indicator,
                    "before": o,
                    "after": n,
                    "after_as_of": after.loc[code, f"{indicator}_as_of"],
                    "progress": step,
                }
            )
    columns = ["panchayat_lgd", "indicator", "before", "after", "after_as_of", "progress"]
    return pd.DataFrame(rows, columns=columns)


def latest_data_date(data: StoreData, *, until: str | None = None) -> str | None:
    """The date the latest figures hold: the newest date any record of the store carries (on or before ``until``).

    What every face means by "latest figures" (the Review's figures, the pack's
    "Figures as of", the Planner's inspection plan, ``inspection-plan`` without
    ``--as-of``): the newest status event, service point status ("Status as on"),
    or JharSewa report; None when nothing is dated. A CSC list dated 10 Dec
    after a review of 12 Nov makes the figures "as of 10 Dec", never "12 Nov".

    Examples
    --------
    >>> from types import SimpleNamespace as Store
    >>> data = Store(status_events=pd.DataFrame({"as_of": ["2020-11-12", "2020-12-01"]}),
    ...              service_points=pd.DataFrame({"status_as_of": ["2020-12-10", None]}),
    ...              certificates=pd.DataFrame({"as_of": []}))
    >>> latest_data_date(data), latest_data_date(data, until="2020-12-05")
    ('2020-12-10', '2020-12-01')
    """
    dates = (
        pd.concat([data.status_events["as_of"], data.service_points["status_as_of"], data.certificates["as_of"]])
        .dropna()
        .astype(str)
    )
    dates = dates[dates != ""]
    if until is not None:
        dates = dates[dates <= until]
    return str(dates.max()) if len(dates) else None


def inspected_within(last_inspected: pd.Series, as_of: str | dt.date, days: int) -> pd.Series:
    """Whether each latest inspection lies on one of the ``days`` calendar days ending on ``as_of``.

    The one rule of "inspected in the last N days" (:mod:`geo.review.inspections`, the
    ``inspected_recent`` figure): ``as_of - (days - 1)`` … ``as_of``, both included;
    never inspected (missing) is False.

    Examples
    --------
    >>> last = pd.Series(["2020-12-10", "2020-11-11", "2020-11-10", None])
    >>> inspected_within(last, "2020-12-10", 30).tolist()
    [True, True, False, False]
    """
    day = dt.date.fromisoformat(parse_date(as_of))
    first = (day - dt.timedelta(days=days - 1)).isoformat()
    dates = last_inspected.astype("string")
    return ((dates >= first) & (dates <= day.isoformat())).fillna(False).astype(bool)


def review_dates(events: pd.DataFrame) -> list[str]:
    """Return the review dates found in the history, oldest first.

    A review date is an ``as_of`` on which at least a tenth of the panchayats
    had a rollout status reported; field inspections do not make a review.
    """
    reports = events[events["indicator"] != "inspection"]
    if reports.empty:
        return []
    per_day = reports.groupby("as_of")["panchayat_lgd"].nunique()
    threshold = max(1, int(0.1 * events["panchayat_lgd"].nunique()))
    return sorted(per_day[per_day >= threshold].index.astype(str))
