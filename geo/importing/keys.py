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

from geo.importing.source import Source
from geo.importing.values import column, normalise_code
from geo.matching import Match, match_names
from geo.schema import STORE_CRS
from geo.store import StoreData
from geo.validate import Problem

__all__ = ["repeats", "shared_codes", "stable_ids", "locate", "codes_from_matches", "stated_panchayats",
           "panchayat_of_points"]

_LIST_LIMIT = 20


def repeats(frame: pd.DataFrame, mapping: Mapping[str, str], source: Source, *,
            geometry: gpd.GeoSeries | None = None) -> tuple[np.ndarray, list[Problem]]:
    """Which rows to keep: a row identical to an earlier one in every column used (and geometry) is left out.

    The repeats are reported once, as a count with their row numbers.
    """
    columns = list(dict.fromkeys(mapping.values()))
    content = frame[columns].astype(str).apply(lambda col: col.str.strip()) if columns else pd.DataFrame(
        index=frame.index)
    if geometry is not None:
        content = content.assign(_geometry=[None if g is None else g.wkb_hex for g in geometry])
    repeated = content.duplicated(keep="first").to_numpy() if len(content.columns) else np.zeros(len(frame), bool)
    if not repeated.any():
        return ~repeated, []
    rows = [str(r) for r in frame.index[repeated]]
    shown = ", ".join(rows[:10]) + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
    unit = source.unit
    problem = source.file_warning(f"{len(rows)} {unit}(s) repeat an earlier {unit} exactly (same code, geometry and "
                                  f"values) and are left out, each counted once: {unit}s {shown}")
    return ~repeated, [problem]


def shared_codes(codes: pd.Series, source: Source, what: str, *, severity: str, hint: str = "") -> list[Problem]:
    """Codes that several (different) rows share; ``hint`` says what to do (default: fix the file)."""
    filled = codes[codes != ""]
    dup = filled[filled.duplicated(keep=False)]
    advice = hint or f"{what}s must be unique — fix the file"
    problems = []
    for value, group in dup.groupby(dup, sort=True):
        where = ", ".join(str(r) for r in group.index)
        problems.append(Problem(severity, f"{source.name} {what} {value}",
                                f"appears {len(group)} times ({source.unit}s {where}); {advice}",
                                f"{what} shared by different {source.unit}s; {advice}"))
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


def codes_from_matches(names: pd.Series, blocks: pd.Series | None, matches: Sequence[Match], source: Source, *,
                       what: str) -> tuple[pd.Series, list[Problem]]:
    """The code each name was matched to (``""`` where none), and an error per name that matched nothing."""
    by_key = {(m.source_name, m.block): m for m in matches}
    out, problems = [], []
    for row, value in names.items():
        block = "" if blocks is None else str(blocks.loc[row]).strip()
        m = by_key.get((str(value).strip(), block))
        if m is None or m.status == "unmatched":
            problems.append(source.error(row, f"{what} name {value!r} matches no {what} of the store; correct the "
                                         "name or add an LGD code column", cause=f"{what} name matches no {what}"))
            out.append("")
        else:
            out.append(m.code or "")
    return pd.Series(out, index=names.index, dtype=object), problems


def stated_panchayats(store: StoreData, frame: pd.DataFrame, mapping: Mapping[str, str], source: Source,
                      confirmed: pd.DataFrame | None, *, required: bool = False,
                      ) -> tuple[pd.Series, list[Match], list[Problem]]:
    """The panchayat each row names (by code, else by matched name), ``""`` where none."""
    if "panchayat_code" in mapping:
        codes = column(frame, mapping["panchayat_code"]).map(normalise_code)
        known = set(store.panchayats["lgd_code"].astype(str))
        cause = f"panchayat code is not in the store ({len(known)} panchayats); check the LGD code"
        problems = [source.error(row, f"panchayat code {code!r} is not in the store ({len(known)} panchayats); "
                                 "check the LGD code (or import the boundaries first)", cause=cause)
                    for row, code in codes.items() if (code or required) and code not in known]
        return codes, [], problems
    if "panchayat_name" not in mapping:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object), [], []
    names = column(frame, mapping["panchayat_name"])
    blocks = column(frame, mapping["block"]) if "block" in mapping else None
    filled = names != ""
    matches = match_names(list(names[filled]), None if blocks is None else list(blocks[filled]), store.panchayats,
                          store.blocks, confirmed=confirmed, rows=list(frame.index[filled]))
    codes = pd.Series([""] * len(frame), index=frame.index, dtype=object)
    matched, problems = codes_from_matches(names[filled], None if blocks is None else blocks[filled], matches, source,
                                           what="panchayat")
    codes[filled] = matched
    if required:
        problems += [source.error(row, "no panchayat name; every row needs one", cause="no panchayat name")
                     for row in frame.index[~filled.to_numpy()]]
    return codes, matches, problems


def panchayat_of_points(store: StoreData, frame: pd.DataFrame, mapping: Mapping[str, str], points: gpd.GeoSeries,
                        source: Source, confirmed: pd.DataFrame | None) -> tuple[pd.Series, list[Match], list[Problem]]:
    """The panchayat of each village: as stated (code or name), else where the point lies."""
    stated, matches, problems = stated_panchayats(store, frame, mapping, source, confirmed)
    if store.panchayats.empty:
        if (stated != "").any():
            problems.append(source.file_error("the store has no panchayats to attach villages to; import boundaries "
                                              "first or use --dissolve-to-panchayats"))
        return stated, matches, problems
    located = locate(points, store.panchayats)
    out = []
    for row, code, here in zip(frame.index, stated, located, strict=True):
        if here is None:
            problems.append(source.warning(row, "lies in no panchayat of the store; stored without a panchayat",
                                           cause="lies in no panchayat of the store; stored without one"))
        elif code and code != here:
            problems.append(source.warning(row, f"states panchayat {code} but lies in {here}; stored in {code} as "
                                           "stated — check the point or the sheet",
                                           cause="lies in another panchayat than stated; stored as stated"))
        out.append(code or here or "")
    return pd.Series(out, index=frame.index, dtype=object), matches, problems


def outside_blocks(block_codes: pd.Series, allowed: Collection[str] | None, source: Source, *,
                   labels: pd.Series | None = None) -> list[Problem]:
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
    return [source.error(row, f"{names[row]} is in block {codes[row]}; your account imports for block(s) "
                              f"{', '.join(sorted(allowed))} only — leave the row out or ask the district's editor",
                         cause="outside your blocks")
            for row in codes.index[outside.to_numpy()]]
