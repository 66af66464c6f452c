"""Submission exports of the inspection form, laid out exactly as ODK Central and KoboToolbox write them.

The columns come from the generated form itself: the XForm that pyxform makes of it
gives every field's group path and type (the servers build their exports from that
XForm), so a renamed field or group breaks these files as it would break a real export.

- ODK Central CSV (``central-backend`` ``lib/data/briefcase.js``): ``SubmissionDate``,
  the fields with group paths joined by ``-`` (a geopoint as ``-Latitude``,
  ``-Longitude``, ``-Altitude``, ``-Accuracy``), ``meta-instanceID``/``meta-instanceName``
  where pyxform puts the meta group (last), then ``KEY``, ``SubmitterID``,
  ``SubmitterName``, ``AttachmentsPresent``, ``AttachmentsExpected``, ``Status``,
  ``ReviewState``, ``DeviceID``, ``Edits``, ``FormVersion``.
- KoboToolbox XLSX (``formpack`` ``schema/fields.py``): group paths joined by ``/``; a
  geopoint as its own column plus ``group/_name_latitude`` … ``_precision``; then
  ``_id``, ``_uuid``, ``_submission_time``, ``_validation_status``, ``_notes``,
  ``_status``, ``_submitted_by``, ``__version__``, ``_tags``, ``_index``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pandas as pd
from pyxform.xls2xform import convert

ODK_TAIL = [
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
]
KOBO_TAIL = [
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
]


def form_fields(form: Path) -> list[tuple[tuple[str, ...], str]]:
    """Every leaf of the converted form's instance: (group path and name, bind type), in form order."""
    xform = convert(xlsform=str(form)).xform
    root = ET.fromstring(xform)
    types = {
        bind.get("nodeset"): bind.get("type", "string") for bind in root.iter("{http://www.w3.org/2002/xforms}bind")
    }
    data = next(root.iter("{http://www.w3.org/2002/xforms}instance"))[0]
    out = []

    def walk(node: ET.Element, path: tuple[str, ...]) -> None:
        for child in node:
            name = re.sub(r"^\{.*\}", "", child.tag)
            if len(child):
                walk(child, (*path, name))
            else:
                out.append(((*path, name), types.get("/data/" + "/".join((*path, name)), "string")))

    walk(data, ())
    return out


def odk_central_csv(form: Path, target: Path, submissions: list[dict[str, object]]) -> Path:
    """A CSV as ODK Central exports it; each submission gives answers by field name (``location`` as lat/lon/alt/acc).

    Metadata keys: ``id`` (the instanceID), ``review`` (ReviewState), ``submitter``, ``status``.
    """
    columns = ["SubmissionDate"]
    for path, kind in form_fields(form):
        joined = "-".join(path)
        columns += (
            [f"{joined}-{p}" for p in ("Latitude", "Longitude", "Altitude", "Accuracy")]
            if kind == "geopoint"
            else [joined]
        )
    columns += ODK_TAIL
    rows = []
    for i, answers in enumerate(submissions):
        row = dict.fromkeys(columns, "")
        row["SubmissionDate"] = "2020-12-10T11:30:05.123Z"
        for path, kind in form_fields(form):
            joined, name = "-".join(path), path[-1]
            if kind == "geopoint" and name in answers:
                for part, value in zip(("Latitude", "Longitude", "Altitude", "Accuracy"), answers[name], strict=True):
                    row[f"{joined}-{part}"] = value
            elif name in answers:
                row[joined] = answers[name]
        row["meta-instanceID"] = answers["id"]
        row |= {
            "KEY": answers["id"],
            "SubmitterID": str(10 + i),
            "SubmitterName": answers.get("submitter", "ravi"),
            "AttachmentsPresent": "1" if answers.get("photo") else "0",
            "AttachmentsExpected": "1",
            "Status": answers.get("status", ""),
            "ReviewState": answers.get("review", ""),
            "DeviceID": "collect:abc",
            "Edits": "0",
            "FormVersion": "v1",
        }
        rows.append(row)
    pd.DataFrame(rows, columns=columns).to_csv(target, index=False)
    return target


def kobo_xlsx(form: Path, target: Path, submissions: list[dict[str, object]]) -> Path:
    """An XLSX as KoboToolbox exports it (group names in headers, ``/`` separator); numbers and dates as cells.

    Metadata keys: ``id`` (the uuid, without ``uuid:``), ``review`` (_validation_status), ``submitter``.
    """
    columns = []
    for path, kind in form_fields(form):
        joined = "/".join(path)
        columns.append(joined)
        if kind == "geopoint":
            group = "/".join(path[:-1]) + "/" if len(path) > 1 else ""
            columns += [f"{group}_{path[-1]}_{p}" for p in ("latitude", "longitude", "altitude", "precision")]
        if kind == "binary":
            columns.append(f"{joined}_URL")
    columns += KOBO_TAIL
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "panchayat_inspection"
    sheet.append(columns)
    for i, answers in enumerate(submissions, start=1):
        row = dict.fromkeys(columns, None)
        for path, kind in form_fields(form):
            joined, name = "/".join(path), path[-1]
            if name not in answers:
                continue
            if kind == "geopoint":
                row[joined] = " ".join(str(v) for v in answers[name])
                group = "/".join(path[:-1]) + "/" if len(path) > 1 else ""
                for part, value in zip(("latitude", "longitude", "altitude", "precision"), answers[name], strict=True):
                    row[f"{group}_{name}_{part}"] = value
            else:
                row[joined] = answers[name]
                if kind == "binary":
                    row[f"{joined}_URL"] = f"https://kc.kobotoolbox.org/media/original?media_file={answers[name]}"
        row["meta/instanceID"] = f"uuid:{answers['id']}"
        row |= {
            "_id": 1000 + i,
            "_uuid": answers["id"],
            "_submission_time": pd.Timestamp("2020-12-10 11:30:05"),
            "_validation_status": answers.get("review", ""),
            "_notes": "",
            "_status": "submitted_via_web",
            "_submitted_by": answers.get("submitter", "sita"),
            "__version__": "vKobo1",
            "_tags": "",
            "_index": i,
        }
        sheet.append([row[c] for c in columns])
    book.save(target)
    return target
