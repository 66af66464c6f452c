"""The field form for panchayat inspections: an XLSForm for ODK Collect / KoboCollect.

:func:`write_inspection_form` writes the standard XLSForm spreadsheet (sheets
``survey``, ``choices``, ``settings``) that ODK Central and KoboToolbox take as it
is. The panchayat is chosen from this store's panchayats, filtered by block; the
choice values are the LGD codes, the labels the names in English and/or Hindi with
the code in brackets ("Chandradipa (990101)"), so an export that writes labels
instead of values still names the panchayat.

:data:`FIELDS` is the one description of the form's questions: the writer lays it
out and :mod:`geo.importing.inspections` finds each answer in an export by the same
names and group paths (ODK Central joins groups with ``-``, KoboToolbox with ``/``).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.errors import GeoInputError
from geo.exports.tables import write_tables
from geo.storage.schema import NETWORK_FINDINGS, VALUE_LABELS
from geo.storage.store import StoreData
from geo.text import Text, t, texts

__all__ = [
    "FormField",
    "FIELDS",
    "FORM_LANGUAGES",
    "GPS_WARNING_M",
    "field",
    "inspection_form_sheets",
    "write_inspection_form",
]

#: ``--lang`` -> the XLSForm languages whose labels the form carries.
FORM_LANGUAGES: dict[str, tuple[str, ...]] = {
    "en": ("English (en)",),
    "hi": ("Hindi (hi)",),
    "both": ("English (en)", "Hindi (hi)"),
}
#: ODK Collect warns the inspector while the GPS accuracy is worse than this (metres); the import flags it too.
GPS_WARNING_M = 50


@dataclass(frozen=True)
class FormField:
    """One question (or metadata field) of the inspection form.

    Attributes
    ----------
    name : str
        The XLSForm ``name``; the column an export names after it.
    group : str
        The group it sits in (``""``: the top level).
    kind : str
        The XLSForm ``type`` (``select_one working``, ``geopoint`` …).
    label : geo.text.Text or None
        Its label; None for metadata.
    required : bool
        Whether the inspector must answer it.
    extra : tuple of (str, str or geo.text.Text)
        Other XLSForm columns (``constraint``, ``parameters`` …; a Text for ``hint::`` and ``constraint_message::``).
    """

    name: str
    group: str
    kind: str
    label: Text | None = None
    required: bool = False
    extra: tuple[tuple[str, str | Text], ...] = ()

    @property
    def path(self) -> tuple[str, ...]:
        """Its group path and name, e.g. ``("bhawan", "location")``."""
        return (self.group, self.name) if self.group else (self.name,)


_SPEED = (
    ("constraint", ". >= 0 and . <= 10000"),
    ("constraint_message", Text("inspection.form.speed_message")),
)

#: The form's questions, in order; :data:`GROUPS` names the groups.
FIELDS: tuple[FormField, ...] = (
    FormField("start", "", "start"),
    FormField("end", "", "end"),
    FormField(
        "block", "place", "select_one block", Text("inspection.form.field.block"), True, (("appearance", "minimal"),)
    ),
    FormField(
        "panchayat",
        "place",
        "select_one panchayat",
        Text("inspection.form.field.panchayat"),
        True,
        (("choice_filter", "block=${block}"), ("appearance", "autocomplete")),
    ),
    FormField(
        "location",
        "bhawan",
        "geopoint",
        Text("inspection.form.field.location"),
        True,
        (
            ("hint", Text("inspection.form.hint.location")),
            ("parameters", f"capture-accuracy=10 warning-accuracy={GPS_WARNING_M}"),
        ),
    ),
    FormField(
        "bharatnet",
        "connectivity",
        "select_one working",
        Text("inspection.form.field.bharatnet"),
        True,
    ),
    FormField(
        "jharnet",
        "connectivity",
        "select_one working",
        Text("inspection.form.field.jharnet"),
        True,
    ),
    FormField(
        "speed_down_mbps",
        "connectivity",
        "decimal",
        Text("inspection.form.field.speed_down_mbps"),
        False,
        _SPEED,
    ),
    FormField(
        "speed_up_mbps",
        "connectivity",
        "decimal",
        Text("inspection.form.field.speed_up_mbps"),
        False,
        _SPEED,
    ),
    FormField(
        "csc_functional",
        "services",
        "select_one yes_no",
        Text("inspection.form.field.csc_functional"),
        True,
    ),
    FormField("library", "services", "select_one library", Text("inspection.form.field.library"), True),
    FormField("photo", "", "image", Text("inspection.form.field.photo"), False, (("parameters", "max-pixels=1280"),)),
    FormField("remark", "", "text", Text("inspection.form.field.remark"), False, (("appearance", "multiline"),)),
    FormField("inspector", "", "text", Text("inspection.form.field.inspector"), True),
    FormField(
        "inspection_date",
        "",
        "date",
        Text("inspection.form.field.inspection_date"),
        True,
        (
            ("default", "today()"),
            ("constraint", ". <= today()"),
            ("constraint_message", Text("inspection.form.date_message")),
        ),
    ),
)

#: Group name -> label.
GROUPS: dict[str, Text] = texts("inspection.form.group")

_FIXED_CHOICES: dict[str, dict[str, Text]] = {
    "working": NETWORK_FINDINGS,
    "yes_no": texts("inspection.form.yes_no"),
    "library": VALUE_LABELS["library"],
}
_LABELLED = ("label", "hint", "constraint_message")


def field(name: str) -> FormField:
    """The field of :data:`FIELDS` called ``name``.

    Examples
    --------
    >>> field("location").path
    ('bhawan', 'location')
    """
    for candidate in FIELDS:
        if candidate.name == name:
            return candidate
    msg = f"the inspection form has no field {name!r}; it has {', '.join(f.name for f in FIELDS)}"
    raise KeyError(msg)


def inspection_form_sheets(store: StoreData, *, lang: str = "both") -> dict[str, list[list[str]]]:
    """The XLSForm as rows of its three sheets (``survey``, ``choices``, ``settings``), header first.

    Parameters
    ----------
    store : StoreData
        The store whose blocks and panchayats the form lists.
    lang : {"both", "en", "hi"}
        The languages of the labels.

    Returns
    -------
    dict of str to list of list of str
        Sheet name -> rows.

    Raises
    ------
    GeoInputError
        For an unknown ``lang`` or a store without panchayats.
    """
    if lang not in FORM_LANGUAGES:
        msg = f"lang should be one of {', '.join(FORM_LANGUAGES)}, got {lang!r}"
        raise GeoInputError(msg)
    if store.panchayats.empty:
        msg = "the store has no panchayats to choose from; import the boundaries first (`import boundaries`)"
        raise GeoInputError(msg)
    languages = FORM_LANGUAGES[lang]
    survey = _survey(languages)
    choices = _choices(store, languages)
    content = repr((survey, choices)).encode()
    identity = store.identity
    title = "inspection.form.title_demo" if store.is_demo else "inspection.form.title"
    settings = [
        ["form_title", "form_id", "version", "default_language", "instance_name"],
        [
            " / ".join(t(title, _code(language), district=identity.label(_code(language))) for language in languages),
            f"panchayat_inspection_{identity.slug}",
            hashlib.sha1(content).hexdigest()[:10],
            languages[0],
            "concat(${panchayat}, ' ', ${inspection_date})",
        ],
    ]
    return {"survey": survey, "choices": choices, "settings": settings}


def write_inspection_form(path: str | os.PathLike[str], store: StoreData, *, lang: str = "both") -> Path:
    """Write the inspection XLSForm (``.xlsx``) for a store's panchayats, atomically.

    Upload the file to ODK Central (Forms ▸ New) or KoboToolbox (Deploy ▸ Import an
    XLSForm) as it is; ``pyxform`` converts it without error.

    Parameters
    ----------
    path : path-like
        Target ``.xlsx`` file.
    store : StoreData
        The store whose blocks and panchayats the form lists.
    lang : {"both", "en", "hi"}
        The languages of the labels.

    Returns
    -------
    pathlib.Path
        The written file.

    Raises
    ------
    GeoInputError
        For a name not ending in ``.xlsx``, an unknown ``lang`` or a store without panchayats.

    Examples
    --------
    >>> write_inspection_form("inspection.xlsx", read_store("store.gpkg"), lang="hi")  # doctest: +SKIP
    PosixPath('inspection.xlsx')
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        msg = f"cannot write the form as {target.name}: an XLSForm is an .xlsx file (e.g. --out inspection.xlsx)"
        raise GeoInputError(msg)
    sheets = inspection_form_sheets(store, lang=lang)
    # Through the one table writer: a panchayat name is a string cell, never a formula.
    return write_tables(target, {name: pd.DataFrame(rows[1:], columns=rows[0]) for name, rows in sheets.items()})


def _survey(languages: tuple[str, ...]) -> list[list[str]]:
    plain = ["type", "name", "required", "appearance", "choice_filter", "constraint", "parameters", "default"]
    labelled = [f"{column}::{language}" for column in _LABELLED for language in languages]
    header = [*plain[:2], *labelled, *plain[2:]]
    rows = [header]

    def row(kind: str, name: str, labels: dict[str, Text] | None = None, **plain_values: str) -> list[str]:
        cells = {"type": kind, "name": name, **plain_values}
        for column, text in (labels or {}).items():
            for language in languages:
                cells[f"{column}::{language}"] = text(_code(language))
        return [cells.get(column, "") for column in header]

    group = ""
    for question in FIELDS:
        if question.group != group:
            if group:
                rows.append(row("end_group", ""))
            if question.group:
                rows.append(row("begin_group", question.group, {"label": GROUPS[question.group]}))
            group = question.group
        labels = {"label": question.label} if question.label is not None else {}
        values = {"required": "yes"} if question.required else {}
        for column, value in question.extra:
            if isinstance(value, Text):
                labels[column] = value
            else:
                values[column] = value
        rows.append(row(question.kind, question.name, labels, **values))
    if group:
        rows.append(row("end_group", ""))
    return rows


def _choices(store: StoreData, languages: tuple[str, ...]) -> list[list[str]]:
    header = ["list_name", "name", *(f"label::{language}" for language in languages), "block"]
    rows = [header]

    def labels(en: str, hi: str) -> list[str]:
        return [hi if _code(language) == "hi" else en for language in languages]

    for list_name, values in _FIXED_CHOICES.items():
        rows += [
            [list_name, value, *(text(_code(language)) for language in languages), ""] for value, text in values.items()
        ]
    blocks = store.blocks.sort_values("name", kind="stable")
    rows += [
        ["block", str(b.lgd_code), *labels(f"{b.name} ({b.lgd_code})", f"{_hindi(b)} ({b.lgd_code})"), ""]
        for b in blocks.itertuples()
    ]
    panchayats = store.panchayats.sort_values(["block_lgd", "name"], kind="stable")
    rows += [
        [
            "panchayat",
            str(p.lgd_code),
            *labels(f"{p.name} ({p.lgd_code})", f"{_hindi(p)} ({p.lgd_code})"),
            str(p.block_lgd),
        ]
        for p in panchayats.itertuples()
    ]
    return rows


def _code(language: str) -> str:
    """The language code of an XLSForm language ("Hindi (hi)" -> ``"hi"``)."""
    return "hi" if language.startswith("Hindi") else "en"


def _hindi(row: object) -> str:
    """The Hindi name, else the English one (a store may not record Hindi names)."""
    value = getattr(row, "name_hi", None)
    return str(value) if isinstance(value, str) and value.strip() else str(row.name)
