"""Writing a meeting's directions: add them, correct one, close one, record an owner's action-taken report.

Every write is checked against the store and written under its write lock as a version
of the store (:func:`geo.storage.versions.recording_version`): who, when and what is in the
version log, the rows in the store's history, so ``python -m geo rollback`` undoes it as
any import. A new direction or report is appended (:func:`geo.storage.store.append_rows`);
correcting or closing one rewrites its row (:func:`geo.storage.store.write_store` of ``directions``).
The rules of a direction's fields are :func:`geo.review.directions.direction_problems`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping, Sequence

import pandas as pd

from geo.errors import GeoInputError
from geo.review.directions import direction_problems
from geo.review.status import parse_date
from geo.storage.location import store_location
from geo.storage.store import append_rows, conform, exclusive, read_store, utc_now, write_store
from geo.storage.versions import recording_version

__all__ = ["EDITABLE", "add_directions", "close_direction", "edit_direction", "report_action"]

#: The longest direction text or action-taken report, characters.
MAX_TEXT_CHARS = 2_000
_STRUCTURE = ("blocks", "panchayats", "districts")
#: The fields of a direction an editor may correct (its id, meeting, date given, closing and who recorded it stay).
EDITABLE = (
    "text_en",
    "text_hi",
    "owner",
    "agenda_item",
    "due_on",
    "public",
    "target_indicator",
    "target_scope",
    "target_goal",
    "target_km",
    "target_days",
)


def add_directions(
    store: str | os.PathLike[str],
    rows: Sequence[Mapping[str, object]],
    *,
    user: str,
    action: str = "directions add",
    file: str = "",
) -> list[int]:
    """Add directions to the store, all or none, as one version; return their new ids.

    Parameters
    ----------
    store : path-like or str
        The store (a GeoPackage or a PostGIS URL).
    rows : sequence of mapping
        Each direction's fields: columns of the ``directions`` layer (``direction_id``,
        ``recorded_by`` and ``recorded_at`` are set here). Dates as offices write them.
    user : str
        Who adds them (recorded with each row and in the version log).
    action, file : str
        The version log's words for the change (an import names its file).

    Returns
    -------
    list of int
        The new ``direction_id`` values, in the order of ``rows``.

    Raises
    ------
    GeoInputError
        Naming each direction (``direction 2``) and its problems; nothing is written then.
    """
    _check_user(user)
    if not rows:
        msg = "no direction to add; give at least one"
        raise GeoInputError(msg)
    target = store_location(store)
    with exclusive(target, writes=("directions",), reads=_STRUCTURE) as lock:
        data = read_store(target)
        problems = [
            f"direction {i}: {problem}"
            for i, row in enumerate(rows, start=1)
            for problem in [*direction_problems(row, data), *_long(row, ("text_en", "text_hi", "owner"))]
        ]
        if problems:
            msg = "nothing was added — " + "; ".join(problems)
            raise GeoInputError(msg)
        frame = pd.DataFrame([_stored(row, user) for row in rows])
        with recording_version(target, action=action, file=file, user=user, lock=lock) as version:
            return append_rows(target, {"directions": frame}, lock=lock, version=version)["directions"]


def edit_direction(
    store: str | os.PathLike[str], direction_id: int, changes: Mapping[str, object], *, user: str
) -> dict[str, tuple[object, object]]:
    """Correct fields of direction ``direction_id`` (its words, owner, due date, target…) as a version of the store.

    The corrected direction is checked as a new one would be; the version log names the fields changed.

    Parameters
    ----------
    store : path-like or str
        The store (a GeoPackage or a PostGIS URL).
    direction_id : int
        The direction (see ``directions list``).
    changes : mapping
        Field -> new value, fields of :data:`EDITABLE`; an empty text removes an optional field.
    user : str
        Who corrects it (in the version log).

    Returns
    -------
    dict
        Field -> (old value, new value) of the fields that changed (empty: nothing written).

    Raises
    ------
    GeoInputError
        For an unknown direction, a field that cannot be corrected, or a corrected direction with problems
        (named); nothing is written then.
    """
    _check_user(user)
    fixed = sorted(set(changes) - set(EDITABLE))
    if fixed:
        msg = f"{', '.join(fixed)} cannot be corrected; a direction's fields that can: {', '.join(EDITABLE)}"
        raise GeoInputError(msg)
    target = store_location(store)
    with exclusive(target, writes=("directions",), reads=_STRUCTURE) as lock:
        data = read_store(target, private=True)
        directions = data.directions
        row = _direction(directions, direction_id)
        before = {column: _plain_value(row.get(column)) for column in EDITABLE}
        after = {**before, **{column: _plain_value(value) for column, value in changes.items()}}
        problems = [
            *direction_problems({**row.to_dict(), **after}, data),
            *_long(after, ("text_en", "text_hi", "owner")),
        ]
        if problems:
            msg = f"direction {direction_id} was not changed — " + "; ".join(problems)
            raise GeoInputError(msg)
        stored = _stored({c: after[c] for c in EDITABLE}, user)
        changed = {
            column: (before[column], stored.get(column))
            for column in EDITABLE
            if _plain_value(stored.get(column)) != before[column]
        }
        if not changed:
            return {}
        at = (directions["direction_id"] == int(direction_id)).to_numpy()
        edited = directions.copy()
        for column in changed:
            edited[column] = edited[column].astype(object)
            edited.loc[at, column] = stored.get(column)
        action = f"directions edit {direction_id} ({', '.join(changed)})"
        with recording_version(target, action=action, user=user, lock=lock) as version:
            write_store(
                target,
                dataclasses.replace(data, directions=conform("directions", edited)),
                layers=("directions",),
                lock=lock,
                version=version,
            )
    return changed


def _plain_value(value: object) -> object:
    """A field's value compared as written: None for missing or blank, texts trimmed."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return value.strip() or None
    return value.item() if hasattr(value, "item") else value


def close_direction(store: str | os.PathLike[str], direction_id: int, *, closed_on: str | dt.date, user: str) -> None:
    """Record that the office closed direction ``direction_id`` on ``closed_on``, as a version of the store.

    A measurable direction's status stays the data's (:mod:`geo.review.directions`).

    Raises
    ------
    GeoInputError
        For an unknown direction, one closed already, a bad date or one before it was given.
    """
    _check_user(user)
    day = parse_date(closed_on, name="closed_on")
    target = store_location(store)
    with exclusive(target, writes=("directions",)) as lock:
        data = read_store(target, private=True)
        directions = data.directions
        row = _direction(directions, direction_id)
        if pd.notna(row["closed_on"]):
            msg = f"direction {direction_id} was closed on {row['closed_on']} already; nothing was changed"
            raise GeoInputError(msg)
        if day < str(row["given_on"]):
            msg = f"closed_on {day} is before direction {direction_id} was given ({row['given_on']}); check the date"
            raise GeoInputError(msg)
        closed = directions.assign(
            closed_on=directions["closed_on"].mask(directions["direction_id"] == int(direction_id), day)
        )
        changed = dataclasses.replace(data, directions=conform("directions", closed))
        with recording_version(target, action=f"directions close {direction_id}", user=user, lock=lock) as version:
            write_store(target, changed, layers=("directions",), lock=lock, version=version)


def report_action(
    store: str | os.PathLike[str],
    direction_id: int,
    text: str,
    *,
    reported_on: str | dt.date,
    reported_by: str = "",
    user: str,
) -> int:
    """Record an owner's action-taken report on a direction (marked *reported*); return its ``remark_id``.

    Raises
    ------
    GeoInputError
        For an unknown direction, an empty or over-long text, or a date before the direction was given.
    """
    _check_user(user)
    day = parse_date(reported_on, name="reported_on")
    words = str(text).strip()
    if not words:
        msg = "the report is empty; write what was done"
        raise GeoInputError(msg)
    problems = _long({"text": words, "reported_by": reported_by}, ("text", "reported_by"))
    if problems:
        raise GeoInputError("; ".join(problems))
    target = store_location(store)
    with exclusive(target, writes=("direction_remarks",), reads=("directions",)) as lock:
        row = _direction(read_store(target).directions, direction_id)
        if day < str(row["given_on"]):
            msg = f"reported_on {day} is before direction {direction_id} was given ({row['given_on']}); check the date"
            raise GeoInputError(msg)
        remark = pd.DataFrame(
            [
                {
                    "direction_id": int(direction_id),
                    "reported_on": day,
                    "text": words,
                    "reported_by": str(reported_by).strip() or None,
                    "recorded_by": user.strip(),
                    "recorded_at": utc_now(),
                }
            ]
        )
        with recording_version(target, action=f"directions report {direction_id}", user=user, lock=lock) as version:
            (remark_id,) = append_rows(target, {"direction_remarks": remark}, lock=lock, version=version)[
                "direction_remarks"
            ]
    return int(remark_id)


def _stored(row: Mapping[str, object], user: str) -> dict[str, object]:
    """``row`` as the layer stores it: dates ISO, texts trimmed, empty as missing, who and when."""
    out: dict[str, object] = {}
    for column, value in row.items():
        if value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == "":
            continue
        if column in ("meeting_date", "given_on", "due_on", "closed_on"):
            value = parse_date(value, name=column)
        elif isinstance(value, str):
            value = value.strip()
        out[column] = value
    out.pop("direction_id", None)
    return out | {"recorded_by": user.strip(), "recorded_at": utc_now()}


def _long(row: Mapping[str, object], columns: tuple[str, ...]) -> list[str]:
    return [
        f"{column} has {len(str(row[column]))} characters; keep it under {MAX_TEXT_CHARS:,}"
        for column in columns
        if isinstance(row.get(column), str) and len(str(row[column])) > MAX_TEXT_CHARS
    ]


def _direction(directions: pd.DataFrame, direction_id: int) -> pd.Series:
    found = directions[directions["direction_id"] == int(direction_id)]
    if found.empty:
        known = ", ".join(str(i) for i in directions["direction_id"]) or "none yet"
        msg = f"the store has no direction {direction_id}; its directions: {known}"
        raise GeoInputError(msg)
    return found.iloc[0]


def _check_user(user: str) -> None:
    if not isinstance(user, str) or not user.strip():
        msg = f"'user' should name who makes the change, got {user!r}"
        raise GeoInputError(msg)
