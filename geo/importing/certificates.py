"""Importing a JharSewa report: applications received / disposed / pending per block, certificate type and date.

Every row becomes a new ``certificates`` report (nothing is overwritten), unless the
same counts are already recorded for its block, type and date ("already recorded: N");
other counts for them are appended as a correction (the latest recorded counts). Blocks are
named by LGD code or by name as the store spells them (English or Hindi, other
spellings to confirm); certificate types as written in the report (``Caste``,
``जाति``, ``income certificate`` …).
"""

from __future__ import annotations

import dataclasses
import os
import re

import pandas as pd

from geo.formats import format_date
from geo.importing.apply import base_store, finish
from geo.importing.keys import codes_from_matches, outside_blocks
from geo.importing.matching import match_names, name_key
from geo.importing.opening import open_table
from geo.importing.options import ImportOptions
from geo.importing.recorded import CORRECTION, RECORDED, against_history, history_facts
from geo.importing.result import ImportResult
from geo.importing.values import column, dates, integers, normalise_code
from geo.storage.schema import CERTIFICATE_TYPES
from geo.storage.store import StoreData, conform, utc_now
from geo.storage.validate import ValidationReport

__all__ = ["import_certificates", "certificate_type"]

_SYNONYMS = {
    "jati": "caste",
    "cast": "caste",
    "aay": "income",
    "aay praman": "income",
    "domicile": "residence",
    "residential": "residence",
    "niwas": "residence",
    "awasiya": "residence",
    "aawasiya": "residence",
    "vivah": "marriage",
    "marriage registration": "marriage",
}


def certificate_type(raw: str) -> str | None:
    """A certificate type as written in a report, in the contract's words (None if unknown).

    Examples
    --------
    >>> [certificate_type(t) for t in ("Caste Certificate", "आय", "Domicile", "x")]
    ['caste', 'income', 'residence', None]
    """
    text = re.sub(r"\s+", " ", str(raw).strip().lower())
    text = re.sub(r"\s*(certificate|praman patra|प्रमाण ?पत्र)$", "", text).strip()
    if text in CERTIFICATE_TYPES:
        return text
    for value, label in CERTIFICATE_TYPES.items():
        if text in (label("en").lower(), label("hi")):
            return value
    return _SYNONYMS.get(text)


def import_certificates(
    store: StoreData | None,
    path: str | os.PathLike[str],
    options: ImportOptions = ImportOptions(),
) -> ImportResult:
    """Import a JharSewa report: one row per block and certificate type, with an as-of date and counts.

    Parameters
    ----------
    store : StoreData
        The current store read with ``private=True``; it must have blocks.
    path : path-like
        CSV/XLSX with a block (LGD code or name), a certificate type, an as-of date,
        and ``received`` and ``disposed`` counts (``pending`` optional: received −
        disposed where left out).
    options : ImportOptions, optional
        What every import takes; a JharSewa report reads what a review sheet does
        (:func:`geo.importing.import_status`; ``account_blocks``: a row of another block is
        an error).
    """
    base = base_store(store)
    opened = open_table(
        "certificates", path, options.columns, options.skip_rows, max_rows=options.max_rows, max_bytes=options.max_bytes
    )
    frame, source, mapping, result = opened.frame, opened.source, opened.mapping, opened.result
    report = result.report
    missing = [
        what
        for role, what in (
            ("certificate", "a certificate type column (--col certificate=COLUMN)"),
            ("as_of", "an as-of date column (as_of)"),
            ("received", "a received column"),
            ("disposed", "a disposed column"),
        )
        if role not in mapping
    ]
    if "block_code" not in mapping and "block" not in mapping:
        missing.insert(0, "a block LGD code or block name column")
    if base.blocks.empty:
        report.problems.append(source.file_error("the store has no blocks yet; import the boundaries first"))
    if missing:
        report.problems.append(
            source.file_error(
                f"missing {'; '.join(missing)}; found: {', '.join(frame.columns)} "
                "— rename the columns or map them (--col ROLE=COLUMN)"
            )
        )
    if not report.ok:
        return result
    known = set(base.blocks["lgd_code"].astype(str))
    if "block_code" in mapping:
        blocks = column(frame, mapping["block_code"]).map(normalise_code)
        cause = f"block code is not a block of the store ({', '.join(sorted(known))})"
        report.problems += [
            source.error(
                row, f"block code {code!r} is not a block of the store ({', '.join(sorted(known))})", cause=cause
            )
            for row, code in blocks.items()
            if code not in known
        ]
    else:
        names = column(frame, mapping["block"])
        result.matches = match_names(
            list(names), None, base.blocks, confirmed=options.confirmed, rows=list(frame.index)
        )
        blocks, found = codes_from_matches(names, None, result.matches, source, what="block")
        report.problems += found
    report.problems += outside_blocks(blocks.where(blocks.isin(known)), options.account_blocks, source)
    kinds = column(frame, mapping["certificate"])
    types = kinds.map(certificate_type)
    allowed = ", ".join(label("en") for label in CERTIFICATE_TYPES.values())
    report.problems += [
        source.error(
            row,
            f"certificate {raw!r} is not a JharSewa certificate type; expected one of {allowed}",
            cause="certificate is not a JharSewa certificate type",
        )
        for row, raw, value in zip(frame.index, kinds, types, strict=True)
        if pd.isna(value)
    ]
    days, found = dates(frame, mapping["as_of"], source, "as_of", required=True, today=options.today)
    report.problems += found
    counts = {}
    for role in ("received", "disposed", "pending"):
        counts[role], found = integers(frame, mapping.get(role), source, role)
        report.problems += found
    for role in ("received", "disposed"):
        report.problems += [
            source.error(row, f"{role} is empty; write the count (0 if none)", cause=f"{role} is empty")
            for row in frame.index[counts[role].isna().to_numpy()]
            if not _has_error(report, row)
        ]
    counts["pending"] = counts["pending"].fillna(counts["received"] - counts["disposed"])
    over = (counts["disposed"] > counts["received"]).fillna(False)
    report.problems += [
        source.error(
            row,
            f"disposed {counts['disposed'][row]} is more than received {counts['received'][row]}; correct the counts",
            cause="more disposed than received",
        )
        for row in frame.index[over.to_numpy()]
    ]
    duplicated = pd.DataFrame({"b": blocks, "t": types, "d": days}).duplicated(keep=False)
    report.problems += [
        source.error(
            row,
            "reports the same block, certificate type and date as another row; keep one",
            cause="the same block, type and date twice",
        )
        for row in frame.index[duplicated.to_numpy()]
        if blocks[row] and types[row]
    ]
    if not report.ok or result.pending:
        return result
    when = options.recorded_at or utc_now()
    rows = pd.DataFrame(
        {
            "block_lgd": blocks.to_numpy(),
            "certificate": types.to_numpy(),
            "as_of": days.to_numpy(),
            "received": counts["received"].to_numpy(),
            "disposed": counts["disposed"].to_numpy(),
            "pending": counts["pending"].to_numpy(),
            "source": f"import {source.name}",
            "recorded_by": options.user,
            "recorded_at": when,
        }
    )
    compared = against_history(
        rows,
        base.certificates,
        key=["block_lgd", "certificate", "as_of"],
        values=_COUNTS,
        order=["recorded_at", "report_id"],
    )
    report.facts += history_facts(compared["state"], what="the same counts of the block and certificate type")
    report.facts += _corrections(rows, compared)
    rows = rows[(compared["state"] != RECORDED).to_numpy()].reset_index(drop=True)
    start = int(base.certificates["report_id"].max()) + 1 if not base.certificates.empty else 1
    appended = pd.concat([base.certificates, rows.assign(report_id=range(start, start + len(rows)))], ignore_index=True)
    kinds = f" ({', '.join(sorted(name_key(t) for t in set(rows['certificate'])))})" if len(rows) else ""
    report.facts.append(f"{len(rows):,} JharSewa report(s) to append for {rows['block_lgd'].nunique()} block(s){kinds}")
    data = dataclasses.replace(base, certificates=conform("certificates", appended))
    result.appended = len(rows)
    return finish(result, base, data, ("certificates",))


_COUNTS = ["received", "disposed", "pending"]
_SHOWN = 5


def _corrections(rows: pd.DataFrame, compared: pd.DataFrame) -> list[str]:
    """The first corrections: ``block B1 caste on 10 Dec 2020: received/disposed/pending 12/5/7 → 12/6/6``."""
    corrected = (compared["state"] == CORRECTION).to_numpy()
    shown = []
    for (_, row), (_, old) in zip(rows[corrected].iterrows(), compared[corrected].iterrows(), strict=True):
        before = "/".join(str(old[f"recorded_{c}"]) for c in _COUNTS)
        after = "/".join(str(row[c]) for c in _COUNTS)
        shown.append(
            f"block {row['block_lgd']} {row['certificate']} on {format_date(row['as_of'])}: "
            f"received/disposed/pending {before} → {after}"
        )
    more = f" and {len(shown) - _SHOWN:,} more" if len(shown) > _SHOWN else ""
    return [f"corrected: {'; '.join(shown[:_SHOWN])}{more}"] if shown else []


def _has_error(report: ValidationReport, row: int) -> bool:
    """Whether ``row`` already has an error (a count that is not a number is not also reported empty)."""
    return any(problem.row == row and problem.severity == "error" for problem in report.problems)
