"""Importing field inspections: the submissions export of the inspection form, from ODK Central or KoboToolbox.

The file is the export of the form :mod:`geo.review.inspection_form` writes, as either server
produces it:

- **ODK Central** (Submissions ▸ Download ▸ CSV): ``SubmissionDate`` first, then the
  form's fields with their groups joined by ``-`` (``place-panchayat``), a geopoint as
  four columns (``bhawan-location-Latitude``, ``-Longitude``, ``-Altitude``,
  ``-Accuracy``), then ``meta-instanceID``, ``KEY``, ``SubmitterID``, ``SubmitterName``,
  ``AttachmentsPresent``, ``AttachmentsExpected``, ``Status``, ``ReviewState``
  (``approved``, ``hasIssues``, ``edited``, ``rejected`` or empty), ``DeviceID``,
  ``Edits``, ``FormVersion``. Exported with "remove group names", the columns are the
  bare field names.
- **KoboToolbox** (Data ▸ Downloads ▸ XLS or CSV): fields named by their group path
  joined by ``/`` (``place/panchayat``), a geopoint as its own column
  (``bhawan/location``: "lat lon altitude precision") and four parts
  (``bhawan/_location_latitude`` … ``_precision``; ``_bhawan/location_latitude`` is
  read as well), then ``meta/instanceID`` (or ``meta/rootUuid``), ``_id``, ``_uuid``,
  ``_submission_time``, ``_validation_status`` (``validation_status_approved``,
  ``validation_status_not_approved``, ``validation_status_on_hold`` — or their labels,
  *Approved*, *Not approved*, *On hold*), ``_submitted_by``, ``__version__``,
  ``_index``. Choices may be exported as values or as labels (the form's panchayat
  labels carry the LGD code in brackets).

Each accepted submission becomes one row of ``inspections`` (keyed by its instanceID,
so the same submission imported twice adds nothing) and one dated event per indicator
it reports in ``status_events``: ``inspection`` (``online`` when a network was found
working, else ``offline``), ``csc_functional`` and ``library`` — appended, never
overwriting. Submissions rejected in review (ODK ``rejected``, Kobo *not approved*)
are left out. A GPS point more than :data:`BHAWAN_LIMIT_M` from the recorded bhawan,
outside the panchayat, or with an accuracy worse than
:data:`geo.review.inspection_form.GPS_WARNING_M` is flagged (a warning, kept with the
submission), never dropped. The inspector's name, the submitter, the remark and the
photo reference are private columns.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re

import numpy as np
import pandas as pd
import shapely

from geo.formats import format_count
from geo.importing.apply import base_store, finish
from geo.importing.keys import outside_blocks
from geo.importing.options import ImportOptions
from geo.importing.readers import read_table
from geo.importing.result import ImportResult
from geo.importing.source import Source
from geo.importing.values import column, dates, normalise_code, status_value, without_controls
from geo.importing.values import numbers as read_numbers
from geo.review.inspection_form import FIELDS, GPS_WARNING_M, FormField, field
from geo.spatial.nearest import GEOD
from geo.storage.schema import NETWORK_FINDINGS
from geo.storage.store import StoreData, conform, utc_now
from geo.storage.validate import Problem, ValidationReport

__all__ = ["BHAWAN_LIMIT_M", "import_inspections", "inspection_columns"]

#: A submission's GPS farther than this from the recorded panchayat bhawan is flagged (metres, geodesic).
BHAWAN_LIMIT_M = 500.0

_ODK, _KOBO = "ODK Central", "KoboToolbox"
_ODK_GPS = ("Latitude", "Longitude", "Altitude", "Accuracy")
_KOBO_GPS = ("latitude", "longitude", "altitude", "precision")
#: Per layout: role -> the export's own columns, first found wins.
_META = {
    _ODK: {
        "id": ("KEY", "meta-instanceID", "instanceID"),
        "review": ("ReviewState",),
        "status": ("Status",),
        "submitted_at": ("SubmissionDate",),
        "submitter": ("SubmitterName",),
        "version": ("FormVersion",),
    },
    _KOBO: {
        "id": ("meta/rootUuid", "meta/instanceID", "_uuid", "rootUuid", "instanceID"),
        "review": ("_validation_status",),
        "submitted_at": ("_submission_time",),
        "submitter": ("_submitted_by",),
        "version": ("__version__",),
    },
}
_REJECTED = {"rejected", "validation_status_not_approved", "not approved"}
_NETWORK_WORDS = {
    word.lower(): value for value, label in NETWORK_FINDINGS.items() for word in (value, label("en"), label("hi"))
}
_NETWORK_WORDS |= {
    "working": "yes",
    "not working": "no",
    "not_working": "no",
    "notinstalled": "not_installed",
    "हाँ": "yes",
    "हां": "yes",
    "नहीं": "no",
}
_EVENT_COLUMNS = ["panchayat_lgd", "indicator", "value", "as_of", "source", "remark", "recorded_by", "recorded_at"]


def inspection_columns(columns: list[str]) -> tuple[str, dict[str, str]]:
    """Which server exported a file, and the column of each of the form's answers and metadata.

    Parameters
    ----------
    columns : list of str
        The file's header.

    Returns
    -------
    layout : str
        ``"ODK Central"`` or ``"KoboToolbox"`` (``""`` when the header is neither's).
    mapping : dict
        Role -> column: a field's name (``panchayat``), a geopoint's parts
        (``location:lat``, ``location:lon``, ``location:accuracy``, or ``location`` for
        Kobo's one column) and the metadata (``id``, ``review``, ``submitted_at`` …).

    Examples
    --------
    >>> layout, mapping = inspection_columns(["SubmissionDate", "place-panchayat", "bhawan-location-Latitude",
    ...                                       "bhawan-location-Longitude", "KEY", "ReviewState"])
    >>> layout, mapping["panchayat"], mapping["location:lat"], mapping["review"]
    ('ODK Central', 'place-panchayat', 'bhawan-location-Latitude', 'ReviewState')
    """
    found = {c.strip().lower(): c for c in columns}
    if "key" in found or "submissiondate" in found:
        layout = _ODK
    elif "_uuid" in found or "_submission_time" in found or "meta/instanceid" in found:
        layout = _KOBO
    else:
        return "", {}

    def first(*names: str) -> str | None:
        return next((found[n.lower()] for n in names if n.lower() in found), None)

    mapping: dict[str, str | None] = {role: first(*names) for role, names in _META[layout].items()}
    for question in FIELDS:
        joined = ("-" if layout == _ODK else "/").join(question.path)
        if question.kind != "geopoint":
            mapping[question.name] = first(joined, question.name)
            continue
        parts = _ODK_GPS if layout == _ODK else _KOBO_GPS
        for role, part in zip(("lat", "lon", "altitude", "accuracy"), parts, strict=True):
            mapping[f"{question.name}:{role}"] = first(*_gps_names(question, part, layout))
        if layout == _KOBO:
            mapping[question.name] = first(joined, question.name)
    return layout, {role: col for role, col in mapping.items() if col is not None}


def import_inspections(
    store: StoreData | None,
    path: str | os.PathLike[str],
    options: ImportOptions = ImportOptions(),
) -> ImportResult:
    """Import the submissions of the inspection form, exported from ODK Central (CSV) or KoboToolbox (XLSX/CSV).

    Parameters
    ----------
    store : StoreData
        The current store read with ``private=True``; it must have panchayats.
    path : path-like
        The export (see the module docstring for both layouts).
    options : ImportOptions, optional
        What every import takes; an export reads ``user`` (recorded as ``recorded_by`` of
        the events and submissions), ``recorded_at`` (default now), ``today`` (inspection
        dates after it are refused; default today), ``skip_rows``, ``max_rows``, ``max_bytes`` and
        ``account_blocks``: the blocks the importing account edits, a submission for a
        panchayat of another block being an error (None: every block). It has no column
        mapping: its columns are the form's own.

    Returns
    -------
    ImportResult
        ``new_inspections`` (the submissions to add) and ``new_events`` (their
        events); both empty when every submission is already in the store.
    """
    base = base_store(store)
    read = read_table(path, max_rows=options.max_rows, max_bytes=options.max_bytes)
    frame = read.frame.drop(index=[r for r in options.skip_rows if r in read.frame.index])
    source = Source(read.name)
    frame, cleaned = without_controls(frame, source)
    report = ValidationReport()
    layout, mapping = inspection_columns(list(frame.columns))
    result = ImportResult("inspections", read.name, None, report, columns=mapping)
    report.facts.append(f"{read.name}: {len(frame):,} submission(s)" + (f", exported from {layout}" if layout else ""))
    report.problems += [source.file_warning(note.removeprefix(f"{read.name} ")) for note in read.notes]
    report.problems += cleaned
    if base.panchayats.empty:
        report.problems.append(
            source.file_error("the store has no panchayats yet; import the boundaries first (`import boundaries`)")
        )
    missing = _missing_columns(layout, mapping, frame)
    if missing:
        report.problems.append(source.file_error(missing))
    if not report.ok:
        return result
    ids = column(frame, mapping["id"]).map(_instance_id)
    keep = _kept(frame, ids, mapping, base, source, report)
    frame, ids = frame[keep], ids[keep]
    rows = _read_answers(frame, mapping, base, source, report, options.today)
    block_of = dict(zip(base.panchayats["lgd_code"].astype(str), base.panchayats["block_lgd"], strict=True))
    report.problems += outside_blocks(
        rows["panchayat_lgd"].map(lambda c: block_of.get(str(c))),
        options.account_blocks,
        source,
        labels=rows["panchayat_lgd"],
    )
    if not report.ok or result.pending:
        return result
    when = options.recorded_at or utc_now()
    submissions = rows.assign(
        submission_id=ids.to_numpy(), source=f"import {source.name}", recorded_by=options.user, recorded_at=when
    )
    events = _events(submissions, when, options.user)
    result.new_inspections = conform("inspections", submissions)
    result.new_events = events
    result.appended = len(submissions)
    flagged = int(submissions["flags"].fillna("").astype(bool).sum())
    report.facts.append(
        f"{len(submissions):,} new submission(s) for {submissions['panchayat_lgd'].nunique()} "
        f"panchayat(s), {len(events):,} status event(s) to append; {flagged:,} flagged"
    )
    start = int(base.status_events["event_id"].max()) + 1 if not base.status_events.empty else 1
    appended = pd.concat(
        [base.status_events, events.assign(event_id=range(start, start + len(events)))], ignore_index=True
    )
    data = dataclasses.replace(
        base,
        status_events=conform("status_events", appended),
        inspections=conform("inspections", pd.concat([base.inspections, result.new_inspections], ignore_index=True)),
    )
    return finish(result, base, data, ("status_events", "inspections"))


# --- private helpers -------------------------------------------------------------------


def _gps_names(question: FormField, part: str, layout: str) -> tuple[str, ...]:
    """The columns a geopoint's part may have in an export of ``layout``."""
    if layout == _ODK:
        return ("-".join((*question.path, part)), f"{question.name}-{part}")
    group = f"{question.group}/" if question.group else ""
    return (f"{group}_{question.name}_{part}", f"_{group}{question.name}_{part}", f"_{question.name}_{part}")


def _missing_columns(layout: str, mapping: dict[str, str], frame: pd.DataFrame) -> str:
    """The file-level error when the export lacks what an inspection needs ("" when it has it)."""
    found = ", ".join(list(frame.columns)[:12]) + (" …" if len(frame.columns) > 12 else "")
    if not layout:
        return (
            f"is not an ODK Central or KoboToolbox export of the inspection form: it has no KEY/SubmissionDate "
            f"(ODK Central) and no _uuid/_submission_time (KoboToolbox) column; found: {found} — download the "
            "submissions again from the server (ODK Central: CSV; KoboToolbox: XLS) without renaming columns"
        )
    needed = {
        "id": "the submission's instanceID (ODK Central: KEY; KoboToolbox: meta/instanceID or _uuid)",
        "panchayat": "the panchayat (place-panchayat / place/panchayat)",
        "inspection_date": "the date of inspection (inspection_date)",
        "bharatnet": "the BharatNet finding (connectivity-bharatnet / connectivity/bharatnet)",
        "jharnet": "the JharNet finding (connectivity-jharnet / connectivity/jharnet)",
    }
    absent = [what for role, what in needed.items() if role not in mapping]
    if not absent:
        return ""
    return (
        f"is a {layout} export but lacks {'; '.join(absent)}; found: {found} — is it the export of this app's "
        "inspection form (`python -m geo inspection-form`)? Export again with every column (and group names)"
    )


def _instance_id(raw: str) -> str:
    """An instanceID as both servers carry it: ``uuid:…`` (Kobo's ``_uuid`` column leaves the prefix out)."""
    text = raw.strip()
    if not text:
        return ""
    return text if ":" in text else f"uuid:{text}"


def _kept(
    frame: pd.DataFrame,
    ids: pd.Series,
    mapping: dict[str, str],
    base: StoreData,
    source: Source,
    report: ValidationReport,
) -> np.ndarray:
    """Which submissions to import: not rejected, not already in the store, not repeated, with an instanceID."""
    keep = np.ones(len(frame), dtype=bool)
    review = column(frame, mapping.get("review"))
    status = column(frame, mapping.get("status"))
    known = set(base.inspections["submission_id"].dropna().astype(str))
    already, repeated = [], []
    for i, (row, key) in enumerate(ids.items()):
        if not key:
            report.problems.append(
                source.error(
                    row,
                    f"has no instanceID in column {mapping['id']!r}; export the "
                    "submissions again (every submission has one)",
                    cause="no instanceID",
                )
            )
        elif review[row].lower() in _REJECTED:
            report.problems.append(
                source.warning(
                    row, f"was rejected in review ({review[row]}); left out", cause="rejected in review; left out"
                )
            )
            keep[i] = False
        elif status[row]:
            report.problems.append(
                source.warning(
                    row,
                    f"could not be read by the server ({status[row]}); left out "
                    "— decrypt the submissions and export again",
                    cause="not readable (encrypted); left out",
                )
            )
            keep[i] = False
        elif key in known:
            already.append(row)
            keep[i] = False
        elif (ids.iloc[:i] == key).any():
            repeated.append(row)
            keep[i] = False
    if already:
        report.facts.append(
            f"already recorded: {format_count(len(already))} submission(s) (the same instanceID is in "
            f"the store), left out: rows {_rows(already)}"
        )
    if repeated:
        report.problems.append(
            source.file_warning(
                f"{len(repeated)} row(s) repeat an earlier submission's "
                f"instanceID and are left out: rows {_rows(repeated)}"
            )
        )
    return keep


def _rows(rows: list[int]) -> str:
    return ", ".join(map(str, rows[:10])) + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")


def _read_answers(
    frame: pd.DataFrame,
    mapping: dict[str, str],
    base: StoreData,
    source: Source,
    report: ValidationReport,
    today: dt.date | None,
) -> pd.DataFrame:
    """The answers of each submission in the contract's words, with the GPS checks as ``flags``."""
    out = pd.DataFrame(index=frame.index)
    out["panchayat_lgd"] = _panchayats(frame, mapping["panchayat"], base, source, report)
    out["inspected_on"], found = dates(
        frame, mapping["inspection_date"], source, "inspection date", required=True, today=today
    )
    report.problems += found
    for name in ("bharatnet", "jharnet"):
        out[name] = _choices(
            frame, mapping.get(name), source, report, name, _NETWORK_WORDS.get, "yes, no or not_installed"
        )
    for name in ("csc_functional", "library"):
        out[name] = _choices(
            frame,
            mapping.get(name),
            source,
            report,
            name,
            lambda raw, indicator=name: status_value(indicator, raw),
            "one of the form's choices",
        )
    for name, target in (("speed_down_mbps", "down_mbps"), ("speed_up_mbps", "up_mbps")):
        out[target] = _numbers(frame, mapping.get(name), source, report, "speed (Mbps)", low=0.0)
    lat, lon, accuracy = _gps(frame, mapping, source, report)
    out["gps_lat"], out["gps_lon"], out["gps_accuracy_m"] = lat, lon, accuracy
    for role, target in (
        ("review", "review_state"),
        ("submitted_at", "submitted_at"),
        ("version", "form_version"),
        ("submitter", "submitter"),
        ("inspector", "inspector"),
        ("remark", "remark"),
    ):
        out[target] = column(frame, mapping.get(role)).replace("", None)
    photo = field("photo")
    url = next((c for c in frame.columns if c.lower() in (f"{photo.name}_url", f"{'/'.join(photo.path)}_url")), None)
    out["photo"] = (column(frame, url) if url else column(frame, mapping.get("photo"))).replace("", None)
    none_found = out["bharatnet"].isna() & out["jharnet"].isna()
    report.problems += [
        source.error(
            row,
            "says nothing about BharatNet or JharNet; the inspection needs a connectivity finding",
            cause="no connectivity finding",
        )
        for row in frame.index[none_found.to_numpy()]
    ]
    out["bhawan_dist_m"], out["flags"] = _flags(out, base, source, report)
    return out


def _panchayats(frame: pd.DataFrame, name: str, base: StoreData, source: Source, report: ValidationReport) -> pd.Series:
    """The LGD code of each submission's panchayat: the choice value, or the code in a label's brackets."""
    known = set(base.panchayats["lgd_code"].astype(str))
    out = []
    for row, raw in column(frame, name).items():
        code = normalise_code(raw)
        if code not in known:
            bracket = re.search(r"\(([^()]+)\)\s*$", raw)
            code = normalise_code(bracket.group(1)) if bracket else code
        if code not in known:
            report.problems.append(
                source.error(
                    row,
                    f"panchayat {raw!r} in column {name!r} is not a panchayat of the store ({len(known)}); the form "
                    "lists the store's LGD codes — make the form again (`python -m geo inspection-form`) if the "
                    "panchayats changed",
                    cause="panchayat is not in the store",
                )
            )
            code = None
        out.append(code)
    return pd.Series(out, index=frame.index, dtype=object)


def _choices(
    frame: pd.DataFrame,
    name: str | None,
    source: Source,
    report: ValidationReport,
    what: str,
    parse: object,
    expected: str,
) -> pd.Series:
    """A choice question's answers in the contract's words (missing where unanswered)."""
    out = []
    for row, raw in column(frame, name).items():
        value = parse(raw.strip().lower()) or parse(raw.strip()) if raw else None
        if raw and value is None:
            report.problems.append(
                source.error(
                    row,
                    f"{what} {raw!r} in column {name!r} is not an answer of the form; expected {expected}",
                    cause=f"{what} is not an answer of the form",
                )
            )
        out.append(value)
    return pd.Series(out, index=frame.index, dtype=object)


def _numbers(
    frame: pd.DataFrame,
    name: str | None,
    source: Source,
    report: ValidationReport,
    what: str,
    *,
    low: float | None = None,
    high: float | None = None,
) -> pd.Series:
    """Decimal numbers (missing where empty); an error per cell that is not one, or out of ``low``..``high``."""
    raw = column(frame, name)
    numbers = read_numbers(raw)
    bad = (raw != "") & (
        ~np.isfinite(numbers)
        | (numbers < (-np.inf if low is None else low))
        | (numbers > (np.inf if high is None else high))
    )
    span = f" between {low:g} and {high:g}" if low is not None and high is not None else " of 0 or more"
    report.problems += [
        source.error(
            row, f"{what} {raw[row]!r} in column {name!r} is not a number{span}", cause=f"{what} is not a number{span}"
        )
        for row in frame.index[bad.to_numpy()]
    ]
    return numbers.where(~bad)


def _gps(
    frame: pd.DataFrame, mapping: dict[str, str], source: Source, report: ValidationReport
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Latitude, longitude and accuracy (m) of the bhawan's GPS point: from its parts, else Kobo's one column."""
    name = field("location").name
    if f"{name}:lat" not in mapping and name in mapping:
        parts = column(frame, mapping[name]).str.split(expand=False)
        split = pd.DataFrame(
            [(p + ["", "", "", ""])[:4] for p in parts],
            index=frame.index,
            columns=["lat", "lon", "altitude", "accuracy"],
        )
        frame = frame.assign(**{f"_gps_{c}": split[c] for c in split.columns})
        mapping = mapping | {f"{name}:{c}": f"_gps_{c}" for c in split.columns}
    lat = _numbers(frame, mapping.get(f"{name}:lat"), source, report, "GPS latitude", low=-90.0, high=90.0)
    lon = _numbers(frame, mapping.get(f"{name}:lon"), source, report, "GPS longitude", low=-180.0, high=180.0)
    accuracy = _numbers(frame, mapping.get(f"{name}:accuracy"), source, report, "GPS accuracy (m)", low=0.0)
    return lat, lon, accuracy


def _flags(
    answers: pd.DataFrame, base: StoreData, source: Source, report: ValidationReport
) -> tuple[pd.Series, pd.Series]:
    """The geodesic distance (m) from the recorded bhawan and the flags of each submission's GPS point."""
    panchayats = base.panchayats.set_index(base.panchayats["lgd_code"].astype(str))
    distances, flags = [], []
    for row, item in answers.iterrows():
        code, mine, distance = item["panchayat_lgd"], [], np.nan
        if code is None:
            distances.append(distance)
            flags.append(None)
            continue
        gp = panchayats.loc[code]
        if pd.isna(item["gps_lat"]) or pd.isna(item["gps_lon"]):
            mine.append(("no GPS point; the location could not be checked", "no GPS point"))
        else:
            if pd.notna(gp["bhawan_lon"]) and pd.notna(gp["bhawan_lat"]):
                distance = float(GEOD.inv(gp["bhawan_lon"], gp["bhawan_lat"], item["gps_lon"], item["gps_lat"])[2])
                if distance > BHAWAN_LIMIT_M:
                    mine.append(
                        (
                            f"GPS {format_count(round(distance))} m from the recorded bhawan of {code} (more "
                            f"than {BHAWAN_LIMIT_M:g} m) — check where the inspection was made, or the bhawan's "
                            "location",
                            f"GPS more than {BHAWAN_LIMIT_M:g} m from the recorded bhawan",
                        )
                    )
            if not gp.geometry.covers(shapely.Point(item["gps_lon"], item["gps_lat"])):
                mine.append((f"GPS lies outside panchayat {code}", "GPS outside the panchayat"))
        if pd.notna(item["gps_accuracy_m"]) and item["gps_accuracy_m"] > GPS_WARNING_M:
            mine.append(
                (
                    f"GPS accuracy {item['gps_accuracy_m']:g} m is worse than {GPS_WARNING_M} m",
                    f"GPS accuracy worse than {GPS_WARNING_M} m",
                )
            )
        report.problems += [
            Problem("warning", source.at(row), f"{text}; imported and flagged", f"{cause}; imported and flagged", row)
            for text, cause in mine
        ]
        distances.append(distance)
        flags.append("; ".join(text.split(" — ")[0] for text, _ in mine) or None)
    return (
        pd.Series(distances, index=answers.index, dtype="float64"),
        pd.Series(flags, index=answers.index, dtype=object),
    )


def _events(submissions: pd.DataFrame, when: str, user: str) -> pd.DataFrame:
    """One event per indicator a submission reports: the building's connectivity, the CSC and the library."""
    records = []
    for item in submissions.itertuples():
        networks = [
            (label, getattr(item, name)) for name, label in (("bharatnet", "BharatNet"), ("jharnet", "JharNet"))
        ]
        online = any(value == "yes" for _, value in networks)
        finding = "; ".join(
            f"{label}: {NETWORK_FINDINGS[value]('en').lower()}" for label, value in networks if isinstance(value, str)
        )
        speeds = [f"{v:g}" if pd.notna(v) else "?" for v in (item.down_mbps, item.up_mbps)]
        if any(s != "?" for s in speeds):
            finding += f"; speed {speeds[0]}/{speeds[1]} Mbps"
        if isinstance(item.remark, str) and item.remark:
            finding += f" — {item.remark}"
        where = f"inspection {item.submission_id}"
        records.append(
            (
                item.panchayat_lgd,
                "inspection",
                "online" if online else "offline",
                item.inspected_on,
                where,
                finding,
                user,
                when,
            )
        )
        records += [
            (item.panchayat_lgd, indicator, getattr(item, indicator), item.inspected_on, where, "", user, when)
            for indicator in ("csc_functional", "library")
            if isinstance(getattr(item, indicator), str)
        ]
    return pd.DataFrame(records, columns=_EVENT_COLUMNS)
