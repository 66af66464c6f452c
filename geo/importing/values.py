"""Reading a file's cells as values: codes, names, whole numbers, yes/no, dates and status words.

Every function returns what it read and the problems it found (each naming its row);
none writes into its arguments. A missing value stays missing: an empty population
cell is ``<NA>``, never 0.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import pandas as pd

from geo.dates import ImpossibleDate, read_day
from geo.formats import latin_digits
from geo.importing.source import Source
from geo.storage.schema import INDICATOR_VALUES, VALUE_LABELS
from geo.storage.validate import Problem

__all__ = [
    "column",
    "normalise_code",
    "display_name",
    "describe",
    "integers",
    "booleans",
    "yes_no",
    "dates",
    "status_value",
    "markup_warnings",
    "without_controls",
]

_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!]|javascript:|&#\d|\bon\w+\s*=", re.IGNORECASE)
#: Control characters (C0 and DEL) but tab and newline: no name, remark or code holds one.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_TRUE = {"yes", "y", "true", "1", "functional", "working", "active", "हाँ", "हां"}
_FALSE = {"no", "n", "false", "0", "not functional", "non functional", "closed", "inactive", "नहीं"}
_SYNONYMS = {
    "open": "opened",
    "done": "live",
    "complete": "live",
    "completed": "live",
    "working": "yes",
    "functional": "yes",
    "not_functional": "no",
    "y": "yes",
    "n": "no",
    "ready": "service_ready",
    "servicereasy": "service_ready",
    "laid": "cable_laid",
    "cable": "cable_laid",
    "up": "online",
    "down": "offline",
    "notstarted": "not_started",
    "not_yet_started": "not_started",
}


def column(frame: pd.DataFrame, name: str | None) -> pd.Series:
    """A column as stripped text (``""`` everywhere when the file has no such column)."""
    if name is None:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    return frame[name].astype(str).str.strip()


def normalise_code(value: object) -> str:
    """A code as text: ``2677.00000000`` (a code that went through a spreadsheet) reads ``2677``."""
    text = "" if value is None else str(value).strip()
    match = re.fullmatch(r"(\d+)\.0+", text)
    return match.group(1) if match else text


def display_name(text: object) -> str:
    """A name as people write it: "DUMKA" -> "Dumka" (mixed case and Devanagari are kept)."""
    value = "" if text is None or pd.isna(text) else str(text).strip()
    return value.title() if value.isupper() else value


def describe(mapping: Mapping[str, str]) -> str:
    """The columns used, for the report: ``code='LGD Code', name='GP Name'``."""
    return ", ".join(f"{role}={col!r}" for role, col in mapping.items()) or "none"


def markup_warnings(values: pd.Series, source: Source, what: str) -> list[Problem]:
    """Warnings for cells holding HTML or script (stored as plain text, always shown escaped)."""
    return [
        source.warning(
            row,
            f"{what} {str(value)[:60]!r} contains HTML/script markup; it is stored as plain "
            "text (and shown escaped) — check the source file",
            cause=f"{what} contains HTML/script markup (stored as plain text, shown escaped)",
        )
        for row, value in values.items()
        if _MARKUP.search(str(value))
    ]


def without_controls(frame: pd.DataFrame, source: Source) -> tuple[pd.DataFrame, list[Problem]]:
    r"""``frame`` with control characters (NUL, ESC … but tab and newline) removed from its text, and a warning per row.

    A file may carry them unseen (a NUL from a broken export); shown or written
    again they would cut a name short or garble a page. Other characters stay as
    written, a right-to-left override (U+202E) too: the faces show it isolated.
    ``frame`` itself is not changed (it comes back as it is when it holds none).

    Examples
    --------
    >>> frame = pd.DataFrame({"name": ["Na\x00la", "Kundhit"]}, index=[2, 3])
    >>> clean, problems = without_controls(frame, Source("gp.csv"))
    >>> clean["name"].tolist(), [p.where for p in problems]
    (['Nala', 'Kundhit'], ['gp.csv row 2'])
    """
    found: dict[object, list[str]] = {}
    clean = frame
    for name in frame.columns:
        values = frame[name]
        if not pd.api.types.is_string_dtype(values.dtype):  # numbers, dates, geometry
            continue
        hit = values.str.contains(_CONTROL.pattern, regex=True, na=False).astype(bool)
        if not hit.any():
            continue
        clean = frame.copy() if clean is frame else clean
        clean.loc[hit, name] = values[hit].str.replace(_CONTROL.pattern, "", regex=True)
        for row in values.index[hit]:
            found.setdefault(row, []).append(str(name))
    problems = [
        source.warning(
            row,
            f"{', '.join(repr(c) for c in columns)}: control characters (NUL, ESC …) removed; check the source file",
            cause="control characters removed from text",
        )
        for row, columns in found.items()
    ]
    return clean, problems


#: The largest count a cell may hold (a state's people are below a crore of crores; larger is a typing slip).
MAX_COUNT = 1e15


def numbers(raw: pd.Series) -> pd.Series:
    """Cells read as decimal numbers (float, NaN where empty or not a number); digits of any script (०-९) count.

    Examples
    --------
    >>> numbers(pd.Series(["१२", "23.95", "", "twelve"])).tolist()
    [12.0, 23.95, nan, nan]
    """
    return pd.to_numeric(raw.map(latin_digits).replace("", None), errors="coerce").astype("float64")


def integers(frame: pd.DataFrame, name: str | None, source: Source, what: str) -> tuple[pd.Series, list[Problem]]:
    """Whole numbers ≥ 0 (thousands separators allowed); empty cells and a missing column are missing."""
    if name is None:
        return pd.Series([pd.NA] * len(frame), index=frame.index, dtype="Int64"), []
    raw = column(frame, name).str.replace(",", "", regex=False)
    read = numbers(raw)
    whole = (read >= 0) & (read < MAX_COUNT) & (read == read.round())  # NaN and infinity fail each
    problems = []
    for row, text, number, ok in zip(raw.index, raw, read, whole, strict=True):
        if text and pd.isna(number):
            problems.append(
                source.error(
                    row,
                    f"{what} {text!r} in column {name!r} is not a number; write digits only",
                    cause=f"{what} is not a number; write digits only",
                )
            )
        elif not pd.isna(number) and not ok:
            problems.append(
                source.error(
                    row,
                    f"{what} {text} in column {name!r} is not a whole number from 0 to {MAX_COUNT:,.0f}; correct it",
                    cause=f"{what} is not a whole number ≥ 0",
                )
            )
    return read.where(whole).astype("Int64"), problems


def yes_no(raw: str) -> bool | None:
    """A yes or a no in English or Hindi as offices write it (``Yes``, ``N``, ``हाँ``, ``not functional``); else None.

    Examples
    --------
    >>> [yes_no(word) for word in ("Yes", "non-functional", "", "maybe")]
    [True, False, None, None]
    """
    text = str(raw).lower().replace("-", " ").strip()
    return True if text in _TRUE else False if text in _FALSE else None


def booleans(frame: pd.DataFrame, name: str | None, source: Source) -> tuple[pd.Series, list[Problem]]:
    """Yes/no in English or Hindi; an empty cell (or no column) is yes, as registers list working points."""
    if name is None:
        return pd.Series([True] * len(frame), index=frame.index, dtype="boolean"), []
    out, problems = [], []
    for row, raw in column(frame, name).items():
        value = True if raw.lower().replace("-", " ").strip() == "" else yes_no(raw)
        if value is not None:
            out.append(value)
        else:
            problems.append(
                source.error(
                    row,
                    f"functional {raw!r} in column {name!r}; expected yes or no",
                    cause="functional is not yes or no",
                )
            )
            out.append(None)
    return pd.Series(out, index=frame.index, dtype="boolean"), problems


def dates(
    frame: pd.DataFrame, name: str | None, source: Source, what: str, *, required: bool, today: dt.date | None = None
) -> tuple[pd.Series, list[Problem]]:
    """ISO dates from dates as offices write them, day first (:func:`geo.dates.read_day`; Excel serials too).

    ``12.11.2020``, ``12/11/2020``, ``12-11-2020``, ``2020-11-12``, ``12 Nov 2020``,
    ``44147`` (a date cell saved as a number) and a date cell of a workbook are all
    2020-11-12. An impossible date (``31.02.2020``, or ``11/13/2020`` read day first),
    a date after ``today`` and a year before 2000 are errors naming the row; an empty
    cell is one only when ``required``.
    """
    if name is None:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object), []
    limit = today or dt.date.today()
    out, problems = [], []
    for row, text in column(frame, name).items():
        if not text:
            if required:
                problems.append(
                    source.error(
                        row,
                        f"no {what} date in column {name!r}; write it day first, e.g. 12.11.2020",
                        cause=f"no {what} date",
                    )
                )
            out.append(None)
            continue
        day, problem = _read_cell_day(text, what, name)
        if problem:
            problems.append(source.error(row, problem, cause=f"{what} is not a date"))
        elif day > limit:
            problems.append(
                source.error(
                    row,
                    f"{what} {_as_read(text, day)} lies in the future (after {limit.isoformat()}); correct it",
                    cause=f"{what} lies in the future",
                )
            )
            day = None
        elif day.year < 2000:
            problems.append(
                source.error(
                    row,
                    f"{what} {_as_read(text, day)} is before 2000; correct the year",
                    cause=f"{what} is before 2000",
                )
            )
            day = None
        out.append(None if day is None else day.isoformat())
    return pd.Series(out, index=frame.index, dtype=object), problems


def _as_read(text: str, day: dt.date) -> str:
    """A date cell as written, and as read when it is not written as such: ``'44147' (2020-11-12)``."""
    return repr(text) if text == day.isoformat() else f"{text!r} ({day.isoformat()})"


def _read_cell_day(text: str, what: str, name: str) -> tuple[dt.date | None, str]:
    """A cell's date, or None and the message saying why it is none."""
    try:
        return read_day(text, serial=True), ""
    except ImpossibleDate as err:
        return None, f"{what} {text!r} in column {name!r} is not a date: {err}; correct it"
    except ValueError:
        return None, (
            f"{what} {text!r} in column {name!r} is not a date; write it day first, e.g. 12.11.2020 (or 2020-11-12)"
        )


def status_value(indicator: str, raw: str) -> str | None:
    """A status as written in a review sheet (``Service-ready``, ``चालू``) in the contract's words, or None."""
    allowed = INDICATOR_VALUES[indicator]
    text = re.sub(r"[\s\-/]+", "_", raw.strip().lower()).strip("_")
    if text in allowed:
        return text
    if _SYNONYMS.get(text) in allowed:
        return _SYNONYMS[text]
    for value, label in VALUE_LABELS[indicator].items():
        if raw.strip().lower() in (label("en").lower(), label("hi")):
            return value
    return None
