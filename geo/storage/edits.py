"""Editors' status updates: each change and each undo is a new ``status_events`` row.

Nothing is overwritten: :func:`record_status` appends an event (who, when, what);
:func:`undo_event` appends another that restores the value which held before the
undone event. Each check and its append run under the store's write lock (one
critical section), so editors saving at the same moment all land, and a panchayat
removed by an import meanwhile is refused rather than written (see
:func:`geo.storage.store.exclusive`). An editor of some blocks only (a block office) records
for their panchayats only.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection

import pandas as pd

from geo.errors import GeoInputError
from geo.review.status import parse_date
from geo.storage.accounts import accounts_since, recorded_by_label
from geo.storage.schema import INDICATOR_VALUES
from geo.storage.store import append_events, exclusive, key_lookup, layer_keys, read_layer, utc_now

__all__ = ["record_status", "undo_event", "events_of"]

MAX_REMARK_CHARS = 2_000


def record_status(
    store: str | os.PathLike[str],
    panchayat_lgd: str,
    indicator: str,
    value: str,
    *,
    as_of: str | dt.date,
    remark: str = "",
    user: str,
    blocks: Collection[str] | None = None,
) -> int:
    """Record a panchayat's status as a new event; return its ``event_id``.

    Parameters
    ----------
    store : path-like
        The store.
    panchayat_lgd : str
        LGD code of a panchayat of the store.
    indicator : str
        One of :data:`geo.storage.schema.INDICATOR_VALUES` (``bharatnet``, ``jharnet``,
        ``library``, ``csc_functional``, ``inspection``).
    value : str
        An allowed value of that indicator (e.g. ``"service_ready"``).
    as_of : str or datetime.date
        The date the status held (YYYY-MM-DD); not in the future.
    remark : str
        Free text (private; e.g. an inspection's finding).
    user : str
        Who records it (``recorded_by``); the event's ``source`` is ``"editor"``.
    blocks : collection of str, optional
        LGD codes of the blocks ``user`` may change (a block office's account); None: every block.

    Raises
    ------
    GeoInputError
        For an unknown panchayat, indicator or value, a bad date or an empty user,
        or a panchayat outside ``blocks``.

    Examples
    --------
    >>> record_status("store.gpkg", "990101", "bharatnet", "live", as_of="2020-12-10", user="dio")  # doctest: +SKIP
    1235
    """
    indicator, value, day = _checked(indicator, value, as_of, user, remark)
    event = pd.DataFrame(
        [
            {
                "panchayat_lgd": str(panchayat_lgd),
                "indicator": indicator,
                "value": value,
                "as_of": day,
                "source": "editor",
                "remark": remark,
                "recorded_by": user.strip(),
                "recorded_at": utc_now(),
            }
        ]
    )
    with exclusive(store, writes=(), reads=("panchayats",)) as lock:
        _check_panchayat(store, str(panchayat_lgd), blocks)
        return append_events(store, event, lock=lock)[0]


def undo_event(
    store: str | os.PathLike[str], event_id: int, *, user: str, blocks: Collection[str] | None = None
) -> int:
    """Undo an event by recording the value that held before it; return the new ``event_id``.

    The new event has the undone event's panchayat, indicator and ``as_of``, so it
    supersedes exactly that event (later events still win).

    ``blocks`` limits it to those blocks' panchayats, as for :func:`record_status`.

    Raises
    ------
    GeoInputError
        If there is no such event, or no earlier value to restore (the event was
        the first of its panchayat and indicator), or its panchayat is outside ``blocks``.
    """
    if isinstance(event_id, bool) or not isinstance(event_id, int):
        msg = f"'event_id' should be an int, got {event_id!r}"
        raise TypeError(msg)
    if not isinstance(user, str) or not user.strip():
        msg = f"'user' should name the editor, got {user!r}"
        raise GeoInputError(msg)
    with exclusive(store, writes=(), reads=("panchayats",)) as lock:
        events = read_layer(store, "status_events", private=True)
        target = events[events["event_id"] == event_id]
        if target.empty:
            msg = f"there is no status event {event_id} in the store; pick one from the panchayat's list"
            raise GeoInputError(msg)
        _check_panchayat(store, str(target["panchayat_lgd"].iloc[0]), blocks)
        return append_events(store, _undoing(events, target.iloc[0], user), lock=lock)[0]


def _undoing(events: pd.DataFrame, row: pd.Series, user: str) -> pd.DataFrame:
    """The event that restores the value held before event ``row``."""
    event_id = row["event_id"]
    same = events[(events["panchayat_lgd"] == row["panchayat_lgd"]) & (events["indicator"] == row["indicator"])]
    order = same.sort_values(["as_of", "recorded_at", "event_id"], kind="stable").reset_index(drop=True)
    position = int(order.index[order["event_id"] == event_id][0])
    if position == 0:
        msg = (
            f"event {event_id} ({row['indicator']} = {row['value']} for {row['panchayat_lgd']}) is the first "
            "recorded value; there is no earlier value to restore — record the right value instead"
        )
        raise GeoInputError(msg)
    previous = order.iloc[position - 1]
    event = pd.DataFrame(
        [
            {
                "panchayat_lgd": row["panchayat_lgd"],
                "indicator": row["indicator"],
                "value": previous["value"],
                "as_of": row["as_of"],
                "source": "undo",
                "remark": f"undo of event {event_id}",
                "recorded_by": user.strip(),
                "recorded_at": utc_now(),
            }
        ]
    )
    return event


def _check_panchayat(store: str | os.PathLike[str], code: str, blocks: Collection[str] | None) -> None:
    """Refuse a panchayat the store does not have, or one outside the editor's ``blocks``."""
    found = key_lookup(store, "panchayats", code, ("name", "block_lgd"))
    if found is None:
        msg = (
            f"panchayat {code!r} is not in the store ({len(layer_keys(store, 'panchayats'))} panchayats); "
            "choose one from the map"
        )
        raise GeoInputError(msg)
    if blocks is not None and str(found["block_lgd"]) not in set(blocks):
        name, block = found["name"], found["block_lgd"]
        msg = (
            f"{name} ({code}) is in block {block}; your account records for block(s) "
            f"{', '.join(sorted(blocks))} only — ask the district's editor to record it"
        )
        raise GeoInputError(msg)


def events_of(store: str | os.PathLike[str], panchayat_lgd: str, *, private: bool = True) -> pd.DataFrame:
    """Return a panchayat's status events, newest first.

    With ``private``, ``recorded_by`` says who recorded each, as the history shows it:
    a change made in the app before the store had accounts keeps the name typed at
    sign-in, marked "(self-declared)" (:func:`geo.storage.accounts.recorded_by_label`).
    """
    events = read_layer(store, "status_events", private=private)
    mine = events[events["panchayat_lgd"] == str(panchayat_lgd)]
    mine = mine.sort_values(["recorded_at", "event_id"], ascending=False).reset_index(drop=True)
    if private and len(mine):
        since = accounts_since(store)
        mine["recorded_by"] = [
            recorded_by_label(name, recorded_at=at, source=str(source), since=since)
            for name, at, source in zip(mine["recorded_by"], mine["recorded_at"], mine["source"], strict=True)
        ]
    return mine


def _checked(indicator: str, value: str, as_of: str | dt.date, user: str, remark: str) -> tuple[str, str, str]:
    if indicator not in INDICATOR_VALUES:
        msg = f"unknown indicator {indicator!r}; expected one of {', '.join(INDICATOR_VALUES)}"
        raise GeoInputError(msg)
    allowed = INDICATOR_VALUES[indicator]
    if value not in allowed:
        msg = f"{indicator} value {value!r} is not allowed; expected one of {', '.join(allowed)}"
        raise GeoInputError(msg)
    day = parse_date(as_of, name="as_of")
    if day is None:
        msg = "as_of is required: the date the status held (YYYY-MM-DD)"
        raise GeoInputError(msg)
    if day > dt.date.today().isoformat():
        msg = f"as_of {day} lies in the future; record what held on or before today"
        raise GeoInputError(msg)
    if not isinstance(user, str) or not user.strip():
        msg = f"'user' should name the editor, got {user!r}"
        raise GeoInputError(msg)
    if not isinstance(remark, str) or len(remark) > MAX_REMARK_CHARS:
        msg = f"remark should be text of at most {MAX_REMARK_CHARS:,} characters"
        raise GeoInputError(msg)
    return indicator, value, day
