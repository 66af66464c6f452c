"""A review meeting's directions, and each one's progress measured from the data.

A *direction* is what the chair ordered at a meeting (``directions`` layer): its text,
the agenda item, the owner (an office or officer title), the date given, a due date,
and optionally a *measurable target*: an indicator of the review, a scope (the whole
store, one district, a block or a list of panchayats) and a goal. The owners' dated
action-taken reports are ``direction_remarks``; they are the owner's word, shown as
*reported*, never as a measurement.

Targets
-------
The indicator is a key of :data:`TARGETS`. Every indicator but ``inspection`` is a
class of :data:`geo.review.progress.INDICATORS` (the one the deck's change marks read);
a unit is *at the target* when its class is the target class:

``connectivity``: the panchayat building is ``working``; ``csc``: a ``functional``
CSC; ``library``: the library ``opened``; ``pmgdisha``: a PMGDISHA ``centre``;
``aadhaar``: no village ``beyond`` ``target_km`` of a functional Aadhaar centre;
``jharsewa`` (blocks): disposal rate ``high`` (90 % or more); ``inspection``: the
latest inspection lies in the ``target_days`` days ending on the date
(:func:`geo.review.status.inspected_within`).

The goal is ``all`` (every unit of the scope at the target), ``>= N %`` (at least N % of
them) or ``<= N`` (what remains is at most N: the units short of the target, for
``aadhaar`` the villages beyond reach, for ``jharsewa`` the applications pending).

Statuses
--------
A direction's status on a date *D* (on or after the date it was given):

``done``
    Measurable: the goal holds on *D* (before the due date: done early). Not measurable:
    closed on or before *D*.
``overdue``
    Not done, and *D* is after the due date.
``on track``
    Measurable, not done, not overdue, and the measure moved toward the goal since the
    direction was given: more units at the target (a unit not recorded then counts as
    short then), or, for a ``<= N`` goal, less remaining.
``not started``
    Measurable, not done, not overdue, and no such move (for a ``<= N`` goal whose count
    was not recorded when given, no move can be shown).
``reported``
    Not measurable, not done, not overdue, and the owner has reported action by *D*.
``not recorded``
    Measurable: no unit of the scope has any record of the indicator on *D* — never
    "not started", never 0. Not measurable: nothing reported by *D*.

A measurable direction's status is the data's: closing it records the date the office
closed it and does not make it done. Everything here is computed from the same
:class:`geo.review.analysis.Analysis` every face reads, at *D* and at the date given.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass

import pandas as pd

from geo.errors import GeoInputError
from geo.formats import format_count, format_date
from geo.languages import localize_digits
from geo.review.agenda import AGENDA
from geo.review.analysis import Analysis, analyse
from geo.review.progress import unit_classes
from geo.review.status import inspected_within, parse_date
from geo.storage.store import StoreData
from geo.text import Text, t, texts

__all__ = [
    "STATUSES",
    "TARGETS",
    "Target",
    "Goal",
    "Scope",
    "Measure",
    "DirectionProgress",
    "parse_goal",
    "parse_scope",
    "direction_problems",
    "directions_problems",
    "direction_districts",
    "district_directions",
    "measure",
    "direction_status",
    "directions_on",
    "public_directions",
    "action_taken_table",
    "direction_words",
    "plain_text",
]

#: The statuses of a direction, in the order a list shows them (see the module's docstring).
STATUSES = ("overdue", "not_started", "on_track", "reported", "not_recorded", "done")
STATUS_LABELS: dict[str, Text] = texts("direction.status")
#: Default window of the ``inspection`` target, days (the ``inspected_recent`` figure's).
INSPECTION_DAYS = 30
#: Default reach of the ``aadhaar`` target, km (the review's).
AADHAAR_KM = 10.0


@dataclass(frozen=True)
class Target:
    """One indicator a direction can be measured by.

    Attributes
    ----------
    level : {"panchayat", "block"}
        The units it counts.
    met : str
        The class of :data:`geo.review.progress.INDICATORS` at the target (``inspection``: inspected).
    at_target : geo.text.Text
        What a unit at the target is, after "31 of 44 panchayats …".
    remaining : geo.text.Text
        What the ``<= N`` goal counts.
    """

    level: str
    met: str
    at_target: Text
    remaining: Text


#: The indicators a direction's target may name.
TARGETS: dict[str, Target] = {
    name: Target(level, met, Text(f"direction.at_target.{name}"), Text(f"direction.remaining.{name}"))
    for name, level, met in (
        ("connectivity", "panchayat", "working"),
        ("csc", "panchayat", "functional"),
        ("library", "panchayat", "opened"),
        ("pmgdisha", "panchayat", "centre"),
        ("aadhaar", "panchayat", "within"),
        ("inspection", "panchayat", "inspected"),
        ("jharsewa", "block", "high"),
    )
}


@dataclass(frozen=True)
class Goal:
    """A direction's goal: ``all``, ``at_least`` N % of the units, or ``at_most`` N remaining."""

    kind: str
    number: float | None = None

    def met(self, at_target: int, units: int, remaining: int | None) -> bool:
        """Whether a measure with these counts meets the goal (``remaining`` None: not recorded)."""
        if self.kind == "all":
            return units > 0 and at_target == units
        if self.kind == "at_least":
            return units > 0 and at_target * 100 >= self.number * units
        return remaining is not None and remaining <= self.number

    def text(self, lang: str = "en") -> str:
        """The goal in words: "all", "≥ 90 %", "≤ 100"."""
        if self.kind == "all":
            return t("direction.goal.all", lang)
        key = "direction.goal.at_least" if self.kind == "at_least" else "direction.goal.at_most"
        whole = float(self.number).is_integer()
        return t(key, lang, n=format_count(self.number, lang) if whole else localize_digits(f"{self.number:g}", lang))


_AT_LEAST = re.compile(r"^(?:>=|≥)\s*(\d+(?:\.\d+)?)\s*%$")
_AT_MOST = re.compile(r"^(?:<=|≤)\s*(\d+)$")


def parse_goal(text: str) -> Goal:
    """Read a goal as written: ``all``, ``>= 90%`` (or ``≥ 90 %``), ``<= 100`` (or ``≤ 100``).

    Raises
    ------
    GeoInputError
        For anything else, or a share above 100 %.

    Examples
    --------
    >>> parse_goal("all"), parse_goal("≥ 90 %"), parse_goal("<=100")
    (Goal(kind='all', number=None), Goal(kind='at_least', number=90.0), Goal(kind='at_most', number=100.0))
    """
    written = str(text).strip()
    if written.casefold() == "all":
        return Goal("all")
    if found := _AT_LEAST.match(written):
        share = float(found.group(1))
        if share > 100:
            msg = f"goal {text!r} asks for more than 100 %; write a share up to 100, e.g. '>= 90%'"
            raise GeoInputError(msg)
        return Goal("at_least", share)
    if found := _AT_MOST.match(written):
        return Goal("at_most", float(found.group(1)))
    msg = f"goal {text!r} is not a goal; write 'all', '>= N%' (e.g. '>= 90%') or '<= N' (e.g. '<= 100')"
    raise GeoInputError(msg)


@dataclass(frozen=True)
class Scope:
    """Where a target is measured: ``district`` (the store, or one district's code), a ``block``, ``panchayats``."""

    kind: str
    codes: tuple[str, ...] = ()

    def text(self, data: StoreData, lang: str = "en") -> str:
        """Where, in words: "in the district", "in Nala", "of the list" (of panchayats)."""
        if self.kind == "block":
            names = data.blocks.set_index(data.blocks["lgd_code"].astype(str))
            column = "name_hi" if lang.startswith("hi") else "name"
            name = names.loc[self.codes[0], column]
            name = names.loc[self.codes[0], "name"] if pd.isna(name) else name
            return t("direction.scope.block", lang, block=str(name))
        if self.kind == "panchayats":
            return t("direction.scope.panchayats", lang)
        if self.codes:
            # written by code or by name (``district:Alpur``): named by the store's label either way
            return t("direction.scope.block", lang, block=data.district_label(data.find_district(self.codes[0]), lang))
        return t("direction.scope.district", lang)


def parse_scope(text: str | None) -> Scope:
    """Read a scope as written: ``district``, ``district:CODE``, ``block:CODE``, ``panchayats:CODE;CODE``.

    Empty means the whole store (``district``).

    Raises
    ------
    GeoInputError
        For another form, or a block or panchayat list without codes.

    Examples
    --------
    >>> parse_scope("block:990101"), parse_scope("panchayats: 11; 12").codes, parse_scope("").kind
    (Scope(kind='block', codes=('990101',)), ('11', '12'), 'district')
    """
    written = "" if text is None or pd.isna(text) else str(text).strip()
    kind, _, rest = written.partition(":")
    kind = kind.strip().casefold() or "district"
    codes = tuple(c.strip() for c in re.split(r"[;,]", rest) if c.strip())
    if kind not in ("district", "block", "panchayats"):
        msg = (
            f"scope {text!r} is not a scope; write 'district', 'block:LGD' (one block's code) or "
            "'panchayats:LGD;LGD' (the panchayats' codes)"
        )
        raise GeoInputError(msg)
    if kind != "district" and not codes or kind in ("district", "block") and len(codes) > 1:
        msg = f"scope {text!r} names {len(codes)} code(s); write 'block:LGD' with one code or 'panchayats:LGD;LGD'"
        raise GeoInputError(msg)
    return Scope(kind, codes)


def scope_codes(directions: pd.DataFrame, level: str) -> pd.Series:
    """The codes of ``level`` (``"blocks"`` or ``"panchayats"``) the directions' scopes name, one per mention.

    Indexed by the direction's row label, so a direction naming two panchayats appears twice.
    A scope that cannot be read names none (``geo validate`` says what is wrong with it).

    Examples
    --------
    >>> rows = pd.DataFrame({"target_scope": ["block:11", "panchayats:21;22", "district", "bad:1", None]})
    >>> scope_codes(rows, "panchayats").tolist(), scope_codes(rows, "blocks").to_dict()
    (['21', '22'], {0: '11'})
    """
    kind = {"blocks": "block", "panchayats": "panchayats"}[level]
    labels, codes = [], []
    for label, text in directions.get("target_scope", pd.Series(dtype=object)).items():
        try:
            scope = parse_scope(text)
        except GeoInputError:
            continue
        if scope.kind == kind:
            labels += [label] * len(scope.codes)
            codes += list(scope.codes)
    return pd.Series(codes, index=labels, dtype=object)


def direction_problems(row: Mapping[str, object], data: StoreData) -> list[str]:
    """Every problem of one direction's fields, checked against the store (empty: it can be written).

    Parameters
    ----------
    row : mapping
        Columns of the ``directions`` layer (missing ones are empty).
    data : StoreData
        The store (its blocks, panchayats and districts name the scopes).

    Returns
    -------
    list of str
        One sentence per problem, each saying what to write instead.
    """
    return _problems(_reader(row), data, _Codes.of(data))


def directions_problems(rows: pd.DataFrame, data: StoreData) -> dict[int, list[str]]:
    """Every problem of each direction of ``rows`` (:func:`direction_problems`), the store's codes read once.

    Work in proportion to the rows and the store's units (``python -m geo validate`` checks
    every stored direction with it).

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows of the ``directions`` layer.
    data : StoreData
        The store (its blocks, panchayats and districts name the scopes).

    Returns
    -------
    dict of int to list of str
        Row position in ``rows`` -> its problems, for the rows with any.
    """
    codes = _Codes.of(data)
    found = {}
    for i, row in enumerate(rows.to_dict("records")):
        if problems := _problems(_reader(row), data, codes):
            found[i] = problems
    return found


@dataclass(frozen=True)
class _Codes:
    """The codes of a store's blocks and panchayats, read once for every direction checked against it."""

    blocks: tuple[str, ...]
    panchayats: frozenset[str]

    @classmethod
    def of(cls, data: StoreData) -> _Codes:
        return cls(tuple(data.blocks["lgd_code"].astype(str)), frozenset(data.panchayats["lgd_code"].astype(str)))


def _problems(value: Callable[[str], str], data: StoreData, codes: _Codes) -> list[str]:
    problems = []
    if not value("text_en") and not value("text_hi"):
        problems.append("the direction has no text; write it in English or Hindi (or both)")
    if not value("owner"):
        problems.append("the direction has no owner; name the office or officer, e.g. 'District Informatics Officer'")
    dates = {}
    for column, required in (("meeting_date", True), ("given_on", True), ("due_on", False), ("closed_on", False)):
        if not value(column):
            if required:
                problems.append(f"{column} is empty; write the date, DD.MM.YYYY")
            continue
        try:
            dates[column] = parse_date(value(column), name=column)
        except GeoInputError as err:
            problems.append(str(err))
    for later in ("due_on", "closed_on"):
        if later in dates and "given_on" in dates and dates[later] < dates["given_on"]:
            problems.append(f"{later} {dates[later]} is before given_on {dates['given_on']}; check the dates")
    agenda = value("agenda_item")
    if agenda and agenda not in {item.key for item in AGENDA}:
        problems.append(f"agenda item {agenda!r} is not on the agenda; write one of {', '.join(i.key for i in AGENDA)}")
    problems += _target_problems(value, data, codes)
    return problems


def _target_problems(value: Callable[[str], str], data: StoreData, codes: _Codes) -> list[str]:
    indicator = value("target_indicator")
    if not indicator:  # not measured: a scope only says whose the direction is (a district's, a block's)
        problems = (
            ["target_goal given without target_indicator; name the indicator too"] if value("target_goal") else []
        )
        try:
            _check_scope(parse_scope(value("target_scope")), "panchayat", data, codes)
        except GeoInputError as err:
            problems.append(str(err))
        return problems
    if indicator not in TARGETS:
        return [f"target indicator {indicator!r} is not measured; write one of {', '.join(TARGETS)}"]
    problems = []
    try:
        parse_goal(value("target_goal") or "all")
    except GeoInputError as err:
        problems.append(str(err))
    try:
        _check_scope(parse_scope(value("target_scope")), TARGETS[indicator].level, data, codes)
    except GeoInputError as err:
        problems.append(str(err))
    for column in ("target_km", "target_days"):
        if value(column):
            try:
                positive = float(value(column)) > 0
            except ValueError:
                positive = False
            if not positive:
                problems.append(f"{column} {value(column)!r} is not a positive number")
    return problems


def _reader(row: Mapping[str, object]) -> Callable[[str], str]:
    def value(column: str) -> str:
        got = row.get(column)
        return "" if got is None or (not isinstance(got, str) and pd.isna(got)) else str(got).strip()

    return value


def _check_scope(scope: Scope, level: str, data: StoreData, codes: _Codes) -> None:
    """Raise GeoInputError naming what is wrong when ``scope`` names a unit the store does not have."""
    if scope.kind == "district":
        if scope.codes:
            data.find_district(scope.codes[0])
    elif scope.kind == "block":
        if scope.codes[0] not in codes.blocks:
            msg = f"block {scope.codes[0]!r} is not a block of the store; write one of {_some(codes.blocks)}"
            raise GeoInputError(msg)
    elif level == "block":
        msg = "a block-level target (jharsewa) is measured over a block or the district, not a list of panchayats"
        raise GeoInputError(msg)
    elif unknown := [c for c in scope.codes if c not in codes.panchayats]:
        msg = f"panchayat(s) {', '.join(unknown)} are not panchayats of the store; check the LGD codes"
        raise GeoInputError(msg)


#: How many codes a message lists (a state has hundreds of blocks).
LISTED_CODES = 10


def _some(codes: Sequence[str]) -> str:
    """The first :data:`LISTED_CODES` of ``codes`` and how many more ("B1, B2, …, B10 and 253 more")."""
    shown = ", ".join(codes[:LISTED_CODES])
    more = len(codes) - LISTED_CODES
    return f"{shown} and {more} more" if more > 0 else shown


def _scope_units(scope: Scope, level: str, data: StoreData) -> list[str]:
    """The codes of the units (panchayats or blocks) of ``scope``, in the store's order."""
    _check_scope(scope, level, data, _Codes.of(data))
    blocks = data.blocks["lgd_code"].astype(str)
    panchayats = data.panchayats["lgd_code"].astype(str)
    if scope.kind == "district":
        if not scope.codes:
            return (blocks if level == "block" else panchayats).tolist()
        code = data.find_district(scope.codes[0])
        in_district = data.blocks["district_lgd"].astype(str) == code
        if level == "block":
            return blocks[in_district.to_numpy()].tolist()
        return panchayats[data.panchayats["block_lgd"].astype(str).isin(set(blocks[in_district.to_numpy()]))].tolist()
    if scope.kind == "block":
        if level == "block":
            return [scope.codes[0]]
        return panchayats[(data.panchayats["block_lgd"].astype(str) == scope.codes[0]).to_numpy()].tolist()
    return list(dict.fromkeys(scope.codes))


@dataclass(frozen=True)
class Measure:
    """A target measured on one date.

    Attributes
    ----------
    date : str
        The date of the analysis (ISO).
    units : int
        Units (panchayats or blocks) in the scope.
    at_target : int
        Units at the target.
    recorded : int
        Units with any record of the indicator on the date.
    remaining : int or None
        What the ``<= N`` goal counts: units short of the target; villages beyond reach
        (``aadhaar``, missing where not measured); applications pending (``jharsewa``); None
        when nothing of it is recorded.
    short : tuple of str
        The codes of the units short of the target (not recorded ones included).
    """

    date: str
    units: int
    at_target: int
    recorded: int
    remaining: int | None
    short: tuple[str, ...]


def measure(
    analysis: Analysis, indicator: str, scope: Scope, *, data: StoreData, days: int = INSPECTION_DAYS
) -> Measure:
    """Measure target ``indicator`` over ``scope`` in ``analysis`` (the review's analysis of one date).

    Parameters
    ----------
    analysis : geo.review.analysis.Analysis
        The store analysed on the date (``aadhaar`` reads its ``aadhaar_km``).
    indicator : str
        A key of :data:`TARGETS`.
    scope : Scope
        Where.
    data : StoreData
        The store (names the scope's units).
    days : int, default 30
        The ``inspection`` target's window.

    Returns
    -------
    Measure
    """
    if indicator not in TARGETS:
        msg = f"'indicator' should be one of {', '.join(TARGETS)}, got {indicator!r}"
        raise GeoInputError(msg)
    spec = TARGETS[indicator]
    codes = _scope_units(scope, spec.level, data)
    date = analysis.date or ""
    if indicator == "inspection":
        last = analysis.panchayats.set_index(analysis.panchayats["lgd_code"].astype(str))["inspection_as_of"]
        last = last.reindex(codes)
        met = inspected_within(last, date, days) if date else pd.Series(False, index=last.index)
        recorded = int(last.notna().sum())
        classes = pd.Series(["inspected" if m else "short" for m in met], index=last.index)
    else:
        classes = unit_classes(analysis, indicator)
        classes = classes.set_axis(classes.index.astype(str)).reindex(codes).fillna("not_recorded")
        recorded = int((classes != "not_recorded").sum())
    at_target = int((classes == spec.met).sum())
    short = tuple(str(c) for c in classes.index[(classes != spec.met).to_numpy()])
    remaining: int | None = len(codes) - at_target if recorded else None
    if indicator == "aadhaar":
        remaining = _known_sum(analysis.panchayats, "villages_beyond_aadhaar", codes)
    elif indicator == "jharsewa":
        remaining = _known_sum(analysis.blocks, "jharsewa_pending", codes)
    return Measure(date, len(codes), at_target, recorded, remaining, short)


def _known_sum(units: pd.DataFrame, column: str, codes: Sequence[str]) -> int | None:
    values = pd.to_numeric(units.set_index(units["lgd_code"].astype(str))[column].reindex(list(codes)))
    return None if values.isna().all() else int(values.sum())


def direction_status(
    goal: Goal | None,
    *,
    then: Measure | None,
    now: Measure | None,
    as_of: str,
    due_on: str | None,
    closed_on: str | None,
    reported: bool,
) -> str:
    """A direction's status on ``as_of`` (the rules in the module's docstring).

    Parameters
    ----------
    goal : Goal or None
        The target's goal; None for a direction that is not measurable.
    then, now : Measure or None
        The target measured on the date the direction was given and on ``as_of``.
    as_of : str
        The date (ISO).
    due_on, closed_on : str or None
        The due date and the date the office closed it (ISO).
    reported : bool
        Whether the owner reported action on or before ``as_of``.

    Examples
    --------
    >>> m = lambda at, rec: Measure("2020-12-10", 4, at, rec, 4 - at, ())
    >>> direction_status(Goal("all"), then=m(1, 2), now=m(2, 3), as_of="2020-12-10", due_on="2020-12-31",
    ...                  closed_on=None, reported=False)
    'on_track'
    >>> direction_status(Goal("all"), then=m(0, 0), now=m(0, 0), as_of="2021-01-10", due_on="2020-12-31",
    ...                  closed_on=None, reported=False)
    'not_recorded'
    """
    late = due_on is not None and as_of > due_on
    if goal is None:
        if closed_on is not None and closed_on <= as_of:
            return "done"
        return "overdue" if late else "reported" if reported else "not_recorded"
    if now is None or now.recorded == 0:
        return "not_recorded"
    if goal.met(now.at_target, now.units, now.remaining):
        return "done"
    if late:
        return "overdue"
    return "on_track" if then is not None and _moved(goal, then, now) else "not_started"


def _moved(goal: Goal, then: Measure, now: Measure) -> bool:
    """Whether the measure moved toward ``goal`` between ``then`` and ``now``."""
    if goal.kind == "at_most":
        return then.remaining is not None and now.remaining is not None and now.remaining < then.remaining
    return now.at_target > then.at_target


@dataclass(frozen=True)
class DirectionProgress:
    """One direction on one date: what the deck, the pack page and ``directions list`` show.

    Attributes
    ----------
    direction_id : int
    row : pandas.Series
        The direction's row of the ``directions`` layer.
    as_of : str
        The date (ISO).
    status : str
        One of :data:`STATUSES`.
    goal : Goal or None
        None: not measurable.
    scope : Scope or None
    then, now : Measure or None
        The target on the date given and on ``as_of``.
    remarks : pandas.DataFrame
        Its action-taken reports up to ``as_of`` (``reported_on``, ``text``, ``reported_by``), oldest first;
        from a public read their dates only (``text`` empty).
    problem : str
        Why its target cannot be measured in the store as it is (its status is then "not recorded"); "" when it can.
    """

    direction_id: int
    row: pd.Series
    as_of: str
    status: str
    goal: Goal | None
    scope: Scope | None
    then: Measure | None
    now: Measure | None
    remarks: pd.DataFrame
    problem: str = ""

    @property
    def measurable(self) -> bool:
        """Whether it has a target measured from the data (else: the owner's reports)."""
        return bool(plain_text(self.row.get("target_indicator")))

    @property
    def owner(self) -> str:
        """The office or officer who owns it."""
        return plain_text(self.row.get("owner"))

    @property
    def due_on(self) -> str | None:
        """Its due date (ISO); None when it has none (never overdue)."""
        return plain_text(self.row.get("due_on")) or None

    @property
    def short(self) -> tuple[str, ...]:
        """LGD codes of the units (panchayats; blocks for ``jharsewa``) still short of the target on ``as_of``."""
        return () if self.now is None else self.now.short

    def text(self, lang: str = "en") -> str:
        """The direction's words in ``lang`` (the other language when it has none in ``lang``)."""
        return direction_words(self.row, lang)

    def status_label(self, lang: str = "en") -> str:
        """The status in words ("on track", "not recorded")."""
        return STATUS_LABELS[self.status](lang)

    def figure(self, data: StoreData, lang: str = "en") -> str:
        """Its figure then and now: "31 of 44 panchayats in Nala working, was 12 when given"; "" when not measurable.

        ``data`` names the scope's block or district.
        """
        if self.problem:
            return t("direction.figure.unmeasurable", lang, problem=self.problem)
        if self.goal is None or self.now is None:
            return ""
        spec = TARGETS[plain_text(self.row.get("target_indicator"))]
        where = self.scope.text(data, lang)
        values = {"km": _km(self.row), "days": _days(self.row)}
        if self.now.recorded == 0:
            return t("direction.figure.not_recorded", lang, where=where)
        then = self.then
        if self.goal.kind == "at_most":
            was = then is not None and then.remaining is not None
            return t(
                "direction.figure.remaining" if was else "direction.figure.remaining_new",
                lang,
                n=format_count(self.now.remaining, lang),
                what=spec.remaining(lang, **values),
                where=where,
                goal=self.goal.text(lang),
                was=format_count(then.remaining, lang) if was else "",
            )
        was = then is not None and then.recorded > 0
        return t(
            "direction.figure.count" if was else "direction.figure.count_new",
            lang,
            n=format_count(self.now.at_target, lang),
            of=format_count(self.now.units, lang),
            units=t(f"direction.units.{spec.level}", lang),
            where=where,
            what=spec.at_target(lang, **values),
            was=format_count(then.at_target, lang) if was else "",
        )

    def action_taken(self, data: StoreData, lang: str = "en") -> str:
        """What the office's "action taken" column says: the measured figure, then the latest report (dated)."""
        parts = [self.figure(data, lang)] if self.measurable else []
        if len(self.remarks):
            last = self.remarks.iloc[-1]
            date = format_date(last["reported_on"], lang)
            words = plain_text(last["text"])
            parts.append(
                t("direction.reported", lang, date=date, text=words)
                if words
                else t("direction.reported_on", lang, date=date)
            )
        return " · ".join(p for p in parts if p) or t("direction.nothing_reported", lang)


def plain_text(value: object) -> str:
    """A cell of the ``directions`` layer as text: "" for a missing one (None, NA), never "nan"."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def direction_words(row: Mapping[str, object] | pd.Series, lang: str = "en") -> str:
    """A direction row's words in ``lang`` (the other language's when it has none in ``lang``)."""
    en, hi = (plain_text(row.get(c)) for c in ("text_en", "text_hi"))
    return (hi or en) if lang.startswith("hi") else (en or hi)


def _km(row: pd.Series) -> float:
    value = row.get("target_km")
    return AADHAAR_KM if value is None or pd.isna(value) else float(value)


def _days(row: pd.Series) -> int:
    value = row.get("target_days")
    return INSPECTION_DAYS if value is None or pd.isna(value) else int(value)


#: Analyses already made, by (date, Aadhaar km): one per date and threshold, shared by every direction.
Analyses = MutableMapping[tuple[str, float], Analysis]


def directions_on(
    data: StoreData,
    as_of: str | dt.date,
    *,
    analyses: Analyses | None = None,
    public_only: bool = False,
) -> list[DirectionProgress]:
    """Every direction given on or before ``as_of``, with its status and figure then and now.

    The one function the faces read (the deck's opening slide, the pack's action-taken page,
    ``python -m geo directions list`` and ``export``).

    Parameters
    ----------
    data : StoreData
        The store (read with ``private=True`` to have the action-taken reports).
    as_of : str or datetime.date
        The date of the status.
    analyses : mutable mapping, optional
        Analyses already made, keyed by (ISO date, Aadhaar km) — the face's own analysis of
        ``as_of`` goes in here, so it is not made twice; the ones made here are added to it.
    public_only : bool, default False
        Only the directions marked public (:func:`public_directions`).

    Returns
    -------
    list of DirectionProgress
        In the order of :data:`STATUSES` (overdue first), then by due date and id.

    Raises
    ------
    GeoInputError
        If ``as_of`` is not a date.
    """
    day = parse_date(as_of, name="as_of")
    if day is None:
        msg = "'as_of' should be a date, got None"
        raise GeoInputError(msg)
    made = {} if analyses is None else analyses
    rows = public_directions(data) if public_only else data.directions
    rows = rows[rows["given_on"].astype(str) <= day]
    remarks = data.direction_remarks
    out = []
    for _, row in rows.iterrows():
        ident = int(row["direction_id"])
        mine = remarks[(remarks["direction_id"] == ident) & (remarks["reported_on"].astype(str) <= day)]
        if "text" not in mine:  # a public read: the reports' words are private, their dates are not
            mine = mine.assign(text=pd.Series("", index=mine.index, dtype="string"))
        mine = mine.sort_values(["reported_on", "remark_id"], kind="stable").reset_index(drop=True)
        out.append(_progress(data, row, day, mine, made))
    order = {status: i for i, status in enumerate(STATUSES)}
    return sorted(out, key=lambda p: (order[p.status], p.due_on or "9999", p.direction_id))


def _progress(data: StoreData, row: pd.Series, day: str, remarks: pd.DataFrame, made: Analyses) -> DirectionProgress:
    indicator = plain_text(row.get("target_indicator"))
    goal = scope = then = now = None
    problem = ""
    if indicator:
        try:  # a target the store no longer resolves (a block re-imported under another code) is not measured
            goal = parse_goal(plain_text(row.get("target_goal")) or "all")
            scope = parse_scope(plain_text(row.get("target_scope")))
            km = _km(row) if indicator == "aadhaar" else AADHAAR_KM
            days = _days(row)
            then = measure(_analysis(data, str(row["given_on"]), km, made), indicator, scope, data=data, days=days)
            now = measure(_analysis(data, day, km, made), indicator, scope, data=data, days=days)
        except GeoInputError as err:
            goal, problem = None, str(err)
    status = (
        "not_recorded"
        if problem
        else direction_status(
            goal,
            then=then,
            now=now,
            as_of=day,
            due_on=plain_text(row.get("due_on")) or None,
            closed_on=plain_text(row.get("closed_on")) or None,
            reported=len(remarks) > 0,
        )
    )
    return DirectionProgress(int(row["direction_id"]), row, day, status, goal, scope, then, now, remarks, problem)


def _analysis(data: StoreData, day: str, km: float, made: Analyses) -> Analysis:
    if (day, km) not in made:
        made[(day, km)] = analyse(data, as_of=day, aadhaar_km=km)
    return made[(day, km)]


def public_directions(data: StoreData) -> pd.DataFrame:
    """The directions marked public (the only ones a public page or export may show); not marked: private."""
    return data.directions[data.directions["public"].fillna(False).astype(bool).to_numpy()]


def direction_districts(data: StoreData) -> pd.Series:
    """The district each direction of ``data`` belongs to: the one its target's units lie in.

    The one rule of whose a direction is (a one-district view of a state store shows only
    its district's, :func:`district_directions`), read from its ``target_scope`` (which a
    direction without a target may give to say whose it is): ``district:CODE`` is that
    district's; ``block:LGD`` its block's district; ``panchayats:…`` their district when
    all lie in one. In a store of one district every direction is that district's. In a
    store of several, a direction with no such district — no scope, a scope over the whole
    store, panchayats of several districts, a unit the store does not have — is the state's:
    the view of every district shows it, no one district's.

    Returns
    -------
    pandas.Series
        The district code of each row of ``data.directions`` (``string``, aligned with it;
        missing: the state's).
    """
    rows = data.directions
    codes = data.district_codes()
    if len(codes) == 1:
        return pd.Series(codes[0], index=rows.index, dtype="string")
    block_district = dict(zip(data.blocks["lgd_code"].astype(str), data.blocks["district_lgd"], strict=True))
    block_of = dict(zip(data.panchayats["lgd_code"].astype(str), data.panchayats["block_lgd"].astype(str), strict=True))

    def district_of(written: object) -> str | None:
        try:
            scope = parse_scope(plain_text(written))
            if scope.kind == "district":
                return data.find_district(scope.codes[0]) if scope.codes else None
        except GeoInputError:
            return None
        blocks = scope.codes if scope.kind == "block" else [block_of.get(c) for c in scope.codes]
        found = {block_district.get(b) for b in blocks}
        return str(found.pop()) if len(found) == 1 and not pd.isna(next(iter(found))) else None

    return pd.Series(
        [district_of(written) for written in rows["target_scope"]],
        index=rows.index,
        dtype="string",
    )


def district_directions(data: StoreData, code: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The directions of district ``code`` (:func:`direction_districts`) and their action-taken reports.

    Parameters
    ----------
    data : StoreData
        The whole store (of every district: whose a direction is needs its blocks and panchayats).
    code : str
        A district's code (``data.district_codes()``).

    Returns
    -------
    tuple of pandas.DataFrame
        Rows of ``directions`` and of ``direction_remarks``, new frames, in the layers' order.
    """
    mine = (direction_districts(data) == str(code)).fillna(False).to_numpy(dtype=bool)
    directions = data.directions.loc[mine].reset_index(drop=True)
    remarks = data.direction_remarks
    kept = remarks["direction_id"].isin(set(directions["direction_id"])).to_numpy(dtype=bool)
    return directions, remarks.loc[kept].reset_index(drop=True)


#: The columns of the action-taken table, in the order offices circulate it.
TABLE_COLUMNS = ("serial", "direction", "owner", "due_on", "status", "action_taken")


def action_taken_table(progress: Sequence[DirectionProgress], data: StoreData, lang: str = "en") -> pd.DataFrame:
    """The action-taken report as offices circulate it: S. No., direction, owner, due date, status, action taken.

    Parameters
    ----------
    progress : sequence of DirectionProgress
        :func:`directions_on`.
    data : StoreData
        The store (names the scopes).
    lang : str, default "en"
        The language of the headers and cells.

    Returns
    -------
    pandas.DataFrame
        One row per direction, in the order given; headers in ``lang``; every cell text except
        the serial number.
    """
    rows = [
        {
            "serial": i,
            "direction": p.text(lang),
            "owner": p.owner,
            "due_on": format_date(p.due_on, lang),
            "status": p.status_label(lang),
            "action_taken": p.action_taken(data, lang),
        }
        for i, p in enumerate(progress, start=1)
    ]
    frame = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    return frame.rename(columns={c: t(f"direction.column.{c}", lang) for c in TABLE_COLUMNS})
