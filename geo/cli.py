"""The command line: ``python -m geo SUBCOMMAND [--store PATH] ...``.

Every subcommand reads (or writes) one store, the demo store by default. Errors
are one sentence on stderr and exit code 2; progress goes to stderr, results to
stdout or the ``--out`` file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import pyogrio

from geo.errors import GeoInputError
from geo.schema import SERVICE_KINDS
from geo.store import DEMO_STORE, StoreData, read_store

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (GeoInputError, OSError, pyogrio.errors.DataSourceError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return EXIT_ERROR


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--store", type=Path, default=DEMO_STORE, metavar="PATH",
        help=f"the GeoPackage store (default: the DEMO store {DEMO_STORE.name})",
    )
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="Panchayat infrastructure GIS for Jamtara district: store, analysis and reports.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        cmd.set_defaults(handler=handler)
        return cmd

    demo = add("demo", _cmd_demo, "regenerate the deterministic DEMO store")
    demo.add_argument("--out", type=Path, default=None, metavar="PATH", help="where to write (default: --store)")

    summary = add("summary", _cmd_summary, "print the review's KPIs, district and per block")
    summary.add_argument("--as-of", metavar="DATE", help="figures as of this date (YYYY-MM-DD); default latest")
    summary.add_argument("--since", metavar="DATE", help="compare with this earlier date (the last review)")
    summary.add_argument("--aadhaar-km", type=float, default=10.0, metavar="KM", help="Aadhaar reach threshold (default 10)")

    nearest = add("nearest", _cmd_nearest, "nearest service point of a kind for every village or panchayat")
    nearest.add_argument("--kind", required=True, choices=SERVICE_KINDS)
    nearest.add_argument("--level", choices=("village", "panchayat"), default="village")
    nearest.add_argument("--k", type=int, default=1, help="how many nearest points (default 1)")
    nearest.add_argument("--as-of", metavar="DATE", help="only service points opened by this date")
    nearest.add_argument("--out", type=Path, required=True, metavar="FILE", help=".csv or .xlsx")

    gaps = add("gaps", _cmd_gaps, "write the review's gap lists")
    gaps.add_argument("--as-of", metavar="DATE")
    gaps.add_argument("--aadhaar-km", type=float, default=10.0, metavar="KM")
    gaps.add_argument("--out", type=Path, required=True, metavar="FILE", help=".csv (one table) or .xlsx (a sheet per list)")

    add("validate", _cmd_validate, "check the store against the data contract and list every problem")
    return parser


def _progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def _read(args: argparse.Namespace) -> StoreData:
    _progress(f"reading {args.store}")
    data = read_store(args.store)
    if data.is_demo:
        _progress("DEMO DATA: synthetic district, not official figures")
    return data


def _cmd_demo(args: argparse.Namespace) -> int:
    from geo.demo import write_demo

    target = args.out or args.store
    _progress(f"generating the DEMO district into {target}")
    print(write_demo(target))
    return EXIT_OK


def _cmd_summary(args: argparse.Namespace) -> int:
    from geo.summary import KPIS, summary

    data = _read(args)
    _progress("computing indicators and distances")
    result = summary(data, as_of=args.as_of, since=args.since, aadhaar_km=args.aadhaar_km)
    labels = {key: en.format(km=args.aadhaar_km) for key, (en, _hi) in KPIS.items()}
    table = pd.DataFrame({"KPI": labels.values(), f"as of {result.as_of or 'latest'}": result.district[list(labels)].to_numpy()})
    if result.previous is not None:
        table[f"as of {result.since}"] = result.previous[list(labels)].to_numpy()
        table["change"] = [f"{v:+,d}" for v in result.change[list(labels)]]
    title = "DEMO DATA — not official. " if data.is_demo else ""
    print(f"{title}{data.meta.get('dataset_name', '')}")
    print(table.to_string(index=False, formatters=_thousands(table)))
    print()
    blocks = result.by_block.drop(columns="name_hi").rename(columns={"name": "block"})
    print(blocks.to_string(index=False, formatters=_thousands(blocks)))
    return EXIT_OK


def _thousands(table: pd.DataFrame) -> dict[str, Callable[[object], str]]:
    return {c: "{:,}".format for c in table.columns if pd.api.types.is_integer_dtype(table[c])}


def _cmd_nearest(args: argparse.Namespace) -> int:
    from geo.indicators import bhawan_points, services_as_of
    from geo.nearest import nearest_service
    from geo.tables import write_tables

    data = _read(args)
    services = services_as_of(data.service_points, args.as_of)
    if args.level == "village":
        origins = data.villages.set_index("census_code")
        columns = ["name", "name_hi", "panchayat_lgd", "population"]
    else:
        origins = bhawan_points(data.panchayats).set_index("lgd_code")
        columns = ["name", "name_hi", "block_lgd"]
    _progress(f"finding the nearest {args.kind} for {len(origins):,} {args.level}s")
    near = nearest_service(origins, services, args.kind, k=args.k)
    dist = [c for c in near.columns if c.startswith("nearest_dist_m")]
    near[[c.replace("_dist_m", "_dist_km") for c in dist]] = (near[dist] / 1000).round(3).to_numpy()
    table = pd.DataFrame(origins[columns]).join(near.drop(columns=dist)).reset_index()
    print(write_tables(args.out, {f"nearest_{args.kind}": table}))
    return EXIT_OK


def _cmd_gaps(args: argparse.Namespace) -> int:
    from geo.gaps import gaps, gaps_table
    from geo.tables import write_tables

    data = _read(args)
    _progress("computing gap lists")
    lists = gaps(data, as_of=args.as_of, aadhaar_km=args.aadhaar_km)
    for key, frame in lists.items():
        _progress(f"{key}: {len(frame):,} rows")
    tables = {"gaps": gaps_table(lists, aadhaar_km=args.aadhaar_km)} if args.out.suffix.lower() == ".csv" else lists
    print(write_tables(args.out, tables))
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from geo.validate import validate_store

    data = read_store(args.store)
    report = validate_store(data)
    for fact in report.facts:
        print(fact)
    for problem in report.problems:
        print(problem)
    verdict = "OK" if report.ok else f"{len(report.errors)} error(s)"
    warnings = len(report.problems) - len(report.errors)
    print(f"{verdict}; {warnings} warning(s)")
    return EXIT_OK if report.ok else EXIT_PROBLEMS
