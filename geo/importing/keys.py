"""Which record a row is: repeated rows, shared codes, ids, and the panchayat a row names or lies in.

Each function returns what it resolved and the problems it found; name matches are
returned for the caller to keep (:attr:`geo.importing.result.ImportResult.matches`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.importing.matching import Match, match_names, match_one, name_key
from geo.importing.source import Source
from geo.importing.values import column, normalise_code
from geo.storage.schema import STORE_CRS
from geo.storage.store import StoreData
from geo.storage.validate import Problem

__all__ = [
    "repeats",
    "shared_codes",
    "stable_ids",
    "locate",
    "codes_from_matches",
    "stated_panchayats",
    "panchayat_of_points",
]

_LIST_LIMIT = 20


def repeats(
    frame: pd.DataFrame, mapping: Mapping[str, str], source: Source, *, geometry: gpd.GeoSeries | None = None
) -> tuple[np.ndarray, list[Problem]]:
    """Which rows to keep: a row identical to an earlier one in every column used (and geometry) is left out.

    The repeats are reported once, as a count with their row numbers.
    """
    columns = list(dict.fromkeys(mapping.values()))
    content = (
        frame[columns].astype(str).apply(lambda col: col.str.strip()) if columns else pd.DataFrame(index=frame.index)
    )
    if geometry is not None:
        content = content.assign(_geometry=[None if g is None else g.wkb_hex for g in geometry])
    repeated = content.duplicated(keep="first").to_numpy() if len(content.columns) else np.zeros(len(frame), bool)
    if not repeated.any():
        return ~repeated, []
    rows = [str(r) for r in frame.index[repeated]]
    shown = ", ".join(rows[:10]) + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
    unit = source.unit
    problem = source.file_warning(
        f"{len(rows)} {unit}(s) repeat an earlier {unit} exactly (same code, geometry and "
        f"values) and are left out, each counted once: {unit}s {shown}"
    )
    return ~repeated, [problem]


def shared_codes(codes: pd.Series, source: Source, what: str, *, severity: str, hint: str = "") -> list[Problem]:
    """Codes that several (different) rows share; ``hint`` says what to do (default: fix the file)."""
    filled = codes[codes != ""]
    dup = filled[filled.duplicated(keep=False)]
    advice = hint or f"{what}s must be unique — fix the file"
    problems = []
    for value, group in dup.groupby(dup, sort=True):
        where = ", ".join(str(r) for r in group.index)
        problems.append(
            Problem(
                severity,
                f"{source.name} {what} {value}",
                f"appears {len(group)} times ({source.unit}s {where}); {advice}",
                f"{what} shared by different {source.unit}s; {advice}",
            )
        )
    return problems


def stable_ids(kind: str, names: pd.Series, points: gpd.GeoSeries) -> pd.Series:
    """Ids for a file without an id column, the same on every import of the same centres.

    Made from the kind, the name (case-folded) and the location rounded to about 1 m,
    not from the row order: ``CSC-1a2b3c4d``.
    """
    wgs = points.to_crs(STORE_CRS)
    keys = [f"{kind}|{str(name).casefold().strip()}|{p.x:.5f}|{p.y:.5f}" for name, p in zip(names, wgs, strict=True)]
    return pd.Series([f"{kind.upper()}-{hashlib.sha1(k.encode()).hexdigest()[:8]}" for k in keys], index=names.index)


def locate(points: gpd.GeoSeries, panchayats: gpd.GeoDataFrame) -> pd.Series:
    """The panchayat each point lies in (missing where none), indexed like ``points``."""
    gps = panchayats[["lgd_code", "geometry"]].reset_index(drop=True)
    frame = gpd.GeoDataFrame(geometry=points.reset_index(drop=True), crs=STORE_CRS)
    joined = gpd.sjoin(frame, gps, predicate="within", how="left")
    first = joined[~joined.index.duplicated(keep="first")]["lgd_code"].reindex(range(len(frame)))
    return pd.Series([None if pd.isna(v) else str(v) for v in first], index=points.index, dtype=object)


def codes_from_matches(
    names: pd.Series, blocks: pd.Series | None, matches: Sequence[Match], source: Source, *, what: str
) -> tuple[pd.Series, list[Problem]]:
    """The code each name was matched to (``""`` where none), and an error per name that matched nothing."""
    by_key = {(m.source_name, m.block): m for m in matches}
    out, problems = [], []
    for row, value in names.items():
        block = "" if blocks is None else str(blocks.loc[row]).strip()
        m = by_key.get((str(value).strip(), block))
        if m is None or m.status == "unmatched":
            problems.append(
                source.error(
                    row,
                    f"{what} name {value!r} matches no {what} of the store; correct the name or add an LGD code column",
                    cause=f"{what} name matches no {what}",
                )
            )
            out.append("")
        else:
            out.append(m.code or "")
    return pd.Series(out, index=names.index, dtype=object), problems


def stated_panchayats(
    store: StoreData,
    frame: pd.DataFrame,
    mapping: Mapping[str, str],
    source: Source,
    confirmed: pd.DataFrame | None,
    *,
    required: bool = False,
) -> tuple[pd.Series, list[Match], list[Problem]]:
    """The panchayat each row names: by its code where it gives one, else by its matched name.

    Codes come first: a row with a code is taken by the code, and its name (when the
    file has a name column too) is only compared with the code's panchayat — a name
    that names another panchayat, or none, is a warning naming the row, the code's
    panchayat and the name's. Only rows without a code go to name matching (and to
    the confirmations a fuzzy name needs).

    Parameters
    ----------
    store : StoreData
        The store whose panchayats the rows name.
    frame : pandas.DataFrame
        The file's rows (text cells), indexed by row number.
    mapping : mapping
        Role -> column; ``panchayat_code``, ``panchayat_name`` and ``block`` are read.
    source : Source
        The file, for messages.
    confirmed : pandas.DataFrame, optional
        Confirmed name matches (:func:`geo.importing.matching.match_names`).
    required : bool, default False
        Whether every row must name a panchayat (an error for a row with neither code nor name).

    Returns
    -------
    tuple
        The LGD code of each row (``""`` where none), the name matches of the rows
        without a code, and the problems.
    """
    empty = pd.Series([""] * len(frame), index=frame.index, dtype=object)
    codes = column(frame, mapping["panchayat_code"]).map(normalise_code) if "panchayat_code" in mapping else empty
    names = column(frame, mapping["panchayat_name"]) if "panchayat_name" in mapping else empty
    blocks = column(frame, mapping["block"]) if "block" in mapping and "panchayat_name" in mapping else None
    gps = store.panchayats.assign(lgd_code=store.panchayats["lgd_code"].astype(str)).set_index("lgd_code", drop=False)
    coded, named = codes != "", (codes == "") & (names != "")
    problems = _unknown_codes(codes[coded], names, gps, source)
    problems += _disagreements(codes[coded & (names != "")], names, gps, source)
    out = codes.copy()
    matches: list[Match] = []
    if named.any():
        matches = match_names(
            list(names[named]),
            None if blocks is None else list(blocks[named]),
            store.panchayats,
            store.blocks,
            confirmed=confirmed,
            rows=list(frame.index[named]),
        )
        out[named], found = codes_from_matches(
            names[named], None if blocks is None else blocks[named], matches, source, what="panchayat"
        )
        problems += found
    if required:
        what = " or ".join(w for w, role in (("code", "panchayat_code"), ("name", "panchayat_name")) if role in mapping)
        problems += [
            source.error(
                row,
                f"no panchayat {what or 'code or name'}; every row needs one",
                cause=f"no panchayat {what or 'code or name'}",
            )
            for row in frame.index[~(coded | named).to_numpy()]
        ]
    return out, matches, problems


def _unknown_codes(codes: pd.Series, names: pd.Series, gps: pd.DataFrame, source: Source) -> list[Problem]:
    """An error per row whose panchayat code the store does not have (the name is not tried instead)."""
    cause = f"panchayat code is not in the store ({len(gps)} panchayats); check the LGD code"
    problems = []
    for row, code in codes[~codes.isin(gps.index)].items():
        named = (
            f" (its name {names[row]!r} is not used when a code is given: correct the code, or clear it to "
            "match by name)"
            if names[row]
            else ""
        )
        problems.append(
            source.error(
                row,
                f"panchayat code {code!r} is not in the store ({len(gps)} panchayats); "
                f"check the LGD code (or import the boundaries first){named}",
                cause=cause,
            )
        )
    return problems


def _disagreements(codes: pd.Series, names: pd.Series, gps: pd.DataFrame, source: Source) -> list[Problem]:
    """A warning per row whose name is not its code's panchayat; the row stays with its code.

    A name spelled another way (``Kundahit`` for Kundhit) agrees when the code's
    panchayat is among its close candidates (:func:`geo.importing.matching.match_one`).
    """
    known = codes[codes.isin(gps.index)]
    problems = []
    verdicts: dict[tuple[str, str], str | None] = {}
    for row, code in known.items():
        name = str(names[row]).strip()
        if (name, code) not in verdicts:
            verdicts[(name, code)] = _name_against_code(name, code, gps)
        other = verdicts[(name, code)]
        if other is None:
            continue
        here = f"{gps.at[code, 'name']} ({code})"
        problems.append(
            source.warning(
                row,
                f"code {code} is {here} but the name {name!r} is {other}; stored in {here} by its code — correct "
                "the code or the name in the sheet",
                cause="the panchayat code and name disagree; stored by the code",
            )
        )
    return problems


def _name_against_code(name: str, code: str, gps: pd.DataFrame) -> str | None:
    """None when ``name`` is (a spelling of) panchayat ``code``; else what the name is, for a message."""
    key = name_key(name)
    if key in {name_key(gps.at[code, "name"]), name_key(gps.at[code, "name_hi"])} - {""}:
        return None
    _, candidates = match_one(name, gps)
    if code in {c for c, _, _ in candidates}:
        return None
    if not candidates:
        return "no panchayat of the store"
    others = [f"{n} ({c})" for c, n, _ in candidates if c != code][:2]
    return " or ".join(others)


def panchayat_of_points(
    store: StoreData,
    frame: pd.DataFrame,
    mapping: Mapping[str, str],
    points: gpd.GeoSeries,
    source: Source,
    confirmed: pd.DataFrame | None,
) -> tuple[pd.Series, list[Match], list[Problem]]:
    """The panchayat of each village: as stated (code or name), else where the point lies."""
    stated, matches, problems = stated_panchayats(store, frame, mapping, source, confirmed)
    if store.panchayats.empty:
        if (stated != "").any():
            problems.append(
                source.file_error(
                    "the store has no panchayats to attach villages to; import boundaries "
                    "first or use --dissolve-to-panchayats"
                )
            )
        return stated, matches, problems
    located = locate(points, store.panchayats)
    out = []
    for row, code, here in zip(frame.index, stated, located, strict=True):
        if here is None:
            problems.append(
                source.warning(
                    row,
                    "lies in no panchayat of the store; stored without a panchayat",
                    cause="lies in no panchayat of the store; stored without one",
                )
            )
        elif code and code != here:
            problems.append(
                source.warning(
                    row,
                    f"states panchayat {code} but lies in {here}; stored in {code} as "
                    "stated — check the point or the sheet",
                    cause="lies in another panchayat than stated; stored as stated",
                )
            )
        out.append(code or here or "")
    return pd.Series(out, index=frame.index, dtype=object), matches, problems


def outside_blocks(
    block_codes: pd.Series, allowed: Collection[str] | None, source: Source, *, labels: pd.Series | None = None
) -> list[Problem]:
    """An error for each row whose block is not one the importing account edits (a block office).

    Parameters
    ----------
    block_codes : pandas.Series
        The block LGD code each row writes to, indexed by row number (missing: not checked here).
    allowed : collection of str or None
        The account's blocks; None: every block.
    source : Source
        The file.
    labels : pandas.Series, optional
        What to call each row's unit (e.g. "GP 07 (990107)"); default its block code.
    """
    if allowed is None:
        return []
    allowed = set(allowed)
    codes = block_codes.astype("string")
    outside = codes.notna() & ~codes.isin(allowed)
    names = labels if labels is not None else codes
    return [
        source.error(
            row,
            f"{names[row]} is in block {codes[row]}; your account imports for block(s) "
            f"{', '.join(sorted(allowed))} only — leave the row out or ask the district's editor",
            cause="outside your blocks",
        )
        for row in codes.index[outside.to_numpy()]
    ]
