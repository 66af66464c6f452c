"""The review's figures and lists: ``summary``, ``nearest``, ``gaps``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from cli.common import EXIT_OK, add_command, district_option, progress, read_data, read_district
from geo.storage.schema import SERVICE_KINDS
from geo.storage.store import StoreData

if TYPE_CHECKING:
    from geo.review.analysis import Analysis


def add_commands(sub: argparse._SubParsersAction, reads: argparse.ArgumentParser) -> None:
    """``summary``, ``nearest`` and ``gaps``, reading the store ``reads`` names."""
    summary = add_command(
        sub, "summary", _cmd_summary, "print the review's figures, district and per block", parents=[reads]
    )
    summary.add_argument("--as-of", metavar="DATE", help="figures as of this date (YYYY-MM-DD); default latest")
    summary.add_argument("--since", metavar="DATE", help="compare with this earlier date (the last review)")
    summary.add_argument(
        "--aadhaar-km", type=float, default=10.0, metavar="KM", help="Aadhaar reach threshold (default 10)"
    )
    district_option(
        summary, "the figures of one district of the store (default: the whole store, and a row per district)"
    )

    nearest = add_command(
        sub, "nearest", _cmd_nearest, "nearest service point of a kind for every village or panchayat", parents=[reads]
    )
    nearest.add_argument("--kind", required=True, choices=SERVICE_KINDS)
    nearest.add_argument("--level", choices=("village", "panchayat"), default="village")
    nearest.add_argument("--k", type=int, default=1, help="how many nearest points (default 1)")
    nearest.add_argument("--as-of", metavar="DATE", help="only service points opened by this date")
    nearest.add_argument("--out", type=Path, required=True, metavar="FILE", help=".csv or .xlsx")

    gaps = add_command(sub, "gaps", _cmd_gaps, "write the review's gap lists", parents=[reads])
    gaps.add_argument("--as-of", metavar="DATE")
    gaps.add_argument("--aadhaar-km", type=float, default=10.0, metavar="KM")
    gaps.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help=".csv (one table) or .xlsx (a sheet per list)"
    )
    district_option(gaps, "the gap lists of one district of the store (default: every district)")


def _cmd_summary(args: argparse.Namespace) -> int:
    from geo.formats import format_count
    from geo.review.figures import FIGURES
    from geo.review.summary import summary

    data = read_district(args)
    progress("computing indicators and distances")
    result = summary(data, as_of=args.as_of, since=args.since, aadhaar_km=args.aadhaar_km)
    figures = result.figures
    keys = list(FIGURES)
    now = result.as_of or f"latest ({result.now.date or 'no report yet'})"
    table = pd.DataFrame({"figure": [figures.title(k) for k in keys], f"as of {now}": [figures.text(k) for k in keys]})
    if result.before is not None:
        table[f"as of {result.since}"] = [result.before.figures.text(k) for k in keys]
        deltas = [result.delta(k) for k in keys]
        table["change"] = [
            result.change_note(k) or ("" if v is None else ("+" if v > 0 else "") + format_count(v))
            for k, v in zip(keys, deltas, strict=True)
        ]
    table["note"] = [figures.note(k) or "" for k in keys]
    title = "DEMO DATA — not official. " if data.is_demo else ""
    print(f"{title}{result.now.identity.area()} — {data.meta.get('dataset_name', '')}")
    print(table.to_string(index=False))
    print()
    blocks = result.by_block
    shown = pd.DataFrame({"block": blocks["name"]})
    for key in keys:
        shown[key] = [figures.text(key, area=code).split(" / ")[0] for code in blocks.index]
    print(shown.to_string(index=False))
    if len(data.districts) > 1:
        print()
        print(_district_table(data, result.now).to_string(index=False))
    return EXIT_OK


def _district_table(data: StoreData, analysis: Analysis) -> pd.DataFrame:
    """A row per district (of the summary's own analysis): its blocks, panchayats, villages and the figures, as text."""
    from geo.formats import format_number
    from geo.review.figures import FIGURES
    from geo.review.summary import by_district

    table = by_district(data, analysis=analysis)
    shown = pd.DataFrame({"district": table["name"], "code": table.index})
    for key in ("blocks", *FIGURES):
        shown[key] = [format_number(v, decimals=0) for v in table[key]]
    return shown


def _cmd_nearest(args: argparse.Namespace) -> int:
    from geo.exports.tables import write_tables
    from geo.review.indicators import bhawan_points, effective_services
    from geo.spatial.nearest import nearest_service

    data = read_data(args)
    services = effective_services(data.service_points, data.status_events, as_of=args.as_of)
    if args.level == "village":
        origins = data.villages.reset_index(drop=True)
        columns = ["census_code", "name", "name_hi", "panchayat_lgd", "population"]
    else:
        origins = bhawan_points(data.panchayats).reset_index(drop=True)
        columns = ["lgd_code", "name", "name_hi", "block_lgd"]
    progress(f"finding the nearest functional {args.kind} for {len(origins):,} {args.level}s")
    near = nearest_service(origins, services, args.kind, k=args.k)
    dist = [c for c in near.columns if c.startswith("nearest_dist_m")]
    near[[c.replace("_dist_m", "_dist_km") for c in dist]] = (near[dist] / 1000).round(3).to_numpy()
    table = pd.DataFrame(origins[columns]).join(near.drop(columns=dist))
    print(write_tables(args.out, {f"nearest_{args.kind}": table}))
    return EXIT_OK


def _cmd_gaps(args: argparse.Namespace) -> int:
    from geo.exports.tables import write_tables
    from geo.review.analysis import analyse
    from geo.review.gaps import gaps_table

    data = read_district(args)
    progress("computing gap lists")
    result = analyse(data, as_of=args.as_of, aadhaar_km=args.aadhaar_km)
    lists = {key: pd.DataFrame(frame.drop(columns="geometry")) for key, frame in result.gaps.items()}
    for key, frame in lists.items():
        progress(f"{key}: {len(frame):,} rows")
    tables = {"gaps": gaps_table(lists, aadhaar_km=args.aadhaar_km)} if args.out.suffix.lower() == ".csv" else lists
    print(write_tables(args.out, tables))
    return EXIT_OK
