"""What a sheet adds to a history that keeps everything: new rows, rows already recorded, corrections.

Status events and JharSewa reports are appended, never overwritten. Importing the
same sheet again must add nothing, and a sheet that changes a value already
recorded for the same date must add it as a correction (kept in the history, the
earlier value too). :func:`against_history` sorts a sheet's rows into those three.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["NEW", "RECORDED", "CORRECTION", "against_history", "history_facts"]

#: The key (e.g. panchayat, indicator and date) has nothing recorded yet.
NEW = "new"
#: The latest record of the key holds the same values: not added again.
RECORDED = "recorded"
#: The latest record of the key holds other values: appended as a correction.
CORRECTION = "correction"


def against_history(
    rows: pd.DataFrame,
    history: pd.DataFrame,
    *,
    key: Sequence[str],
    values: Sequence[str],
    order: Sequence[str],
) -> pd.DataFrame:
    """Sort each row of a sheet as new, already recorded or a correction of the history.

    A row is compared with the latest record of its key in ``history`` (latest by
    ``order``, e.g. when recorded, then the id: the record every face shows for that
    key), so a value corrected and then corrected back is a correction each time.

    Parameters
    ----------
    rows : pandas.DataFrame
        The sheet's rows, with the ``key`` and ``values`` columns.
    history : pandas.DataFrame
        The store's table (``status_events``, ``certificates``).
    key : sequence of str
        The columns naming what a row reports on (e.g. panchayat, indicator, as-of date).
    values : sequence of str
        The columns compared (e.g. the value; the counts).
    order : sequence of str
        The columns ordering the history, oldest first.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``rows``: ``state`` (:data:`NEW`, :data:`RECORDED` or
        :data:`CORRECTION`) and, per value column, ``recorded_<column>`` (the value
        recorded before; missing for a new row).

    Examples
    --------
    >>> history = pd.DataFrame({"gp": ["P1", "P2"], "day": ["2020-11-12"] * 2, "value": ["live", "laid"],
    ...                         "id": [1, 2]})
    >>> rows = pd.DataFrame({"gp": ["P1", "P2", "P3"], "day": ["2020-11-12"] * 3, "value": ["live", "live", "x"]})
    >>> against_history(rows, history, key=["gp", "day"], values=["value"], order=["id"])["state"].tolist()
    ['recorded', 'correction', 'new']
    """
    key, values = list(key), list(values)
    latest = (
        history.assign(**{c: _sortable(history[c]) for c in order})
        .sort_values(list(order), kind="stable")
        .drop_duplicates(key, keep="last")
    )
    recorded = _as_text(latest, [*key, *values]).rename(columns={c: f"recorded_{c}" for c in values})
    merged = _as_text(rows, key).merge(recorded, on=key, how="left", validate="many_to_one")
    merged.index = rows.index
    seen = merged[f"recorded_{values[0]}"].notna()
    same = pd.Series(True, index=rows.index)
    for column in values:
        same &= _as_text(rows, [column])[column] == merged[f"recorded_{column}"]
    state = pd.Series(NEW, index=rows.index, dtype=object)
    state[seen & same.fillna(False).astype(bool)] = RECORDED
    state[seen & ~same.fillna(False).astype(bool)] = CORRECTION
    return merged[[f"recorded_{c}" for c in values]].assign(state=state)


def history_facts(states: pd.Series, *, what: str) -> list[str]:
    """The report's lines on rows already recorded and corrections (none when every row is new).

    Examples
    --------
    >>> history_facts(pd.Series(["recorded", "recorded", "new"]), what="the same value")
    ['already recorded: 2 (the same value on the same date already in the history; not added again)']
    """
    facts = []
    already, corrections = int((states == RECORDED).sum()), int((states == CORRECTION).sum())
    if already:
        facts.append(f"already recorded: {already:,} ({what} on the same date already in the history; not added again)")
    if corrections:
        facts.append(
            f"{corrections:,} correction(s) of values already recorded for the same date (appended; the earlier "
            "value stays in the history)"
        )
    return facts


def _sortable(values: pd.Series) -> pd.Series:
    """A column to order the history by: numbers as they are, text with missing as ``""`` (the earliest)."""
    return values if pd.api.types.is_numeric_dtype(values) else values.astype("string").fillna("")


def _as_text(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``columns`` of ``frame`` as text (counts as digits, ``2677`` never ``2677.0``); missing stays missing."""
    out = pd.DataFrame(index=frame.index)
    for column in columns:
        values = frame[column]
        if pd.api.types.is_float_dtype(values) or pd.api.types.is_integer_dtype(values):
            values = values.astype("Int64")
        out[column] = values.astype("string")
    return out
