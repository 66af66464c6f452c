"""The command line: ``python -m geo SUBCOMMAND [--store PATH] ...``.

Every subcommand reads (or writes) one store: ``--store``, else ``$PANCHAYAT_STORE``,
else ``var/store.gpkg`` (a working copy of the DEMO store, the same one the app
edits), and says which on stderr. Errors are one sentence on stderr and exit code
2, never a traceback (``PANCHAYAT_DEBUG=1`` adds it, for a bug report); progress
goes to stderr, results to stdout or the ``--out`` file.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import GeoInputError
from geo.formats import LANG_CODES
from geo.identity import DistrictIdentity
from geo.schema import SERVICE_KINDS
from geo.store import DEMO_STORE, STORE_ENV, StoreData, read_store, working_store

if TYPE_CHECKING:
    from geo.access import Access
    from geo.analysis import Analysis

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2
#: Set (e.g. ``PANCHAYAT_DEBUG=1``) to see the traceback of a failure, for a bug report.
DEBUG_ENV = "PANCHAYAT_DEBUG"
#: Subcommands that write the store (the others only read it).
_WRITERS = ("import", "rollback")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code.

    Every failure ends in one line on stderr and exit code 2: the message of an
    error the user can act on as it is; a full disk, a damaged or busy store said
    as such (:func:`geo.check.diagnose`); anything else as an unexpected failure
    with how to report it. The traceback is printed only when ``$PANCHAYAT_DEBUG``
    is set.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return EXIT_ERROR
    except Exception as err:  # the face's last line: whatever failed is said in one sentence, never a traceback
        print(f"error: {_failure_text(err, args)}", file=sys.stderr)
        if os.environ.get(DEBUG_ENV):
            traceback.print_exc()
        return EXIT_ERROR


#: What a failure of each kind (:func:`geo.check.diagnose`) says on the command line.
_FAILURE_TEXTS = {
    "disk_full": ("the disk is full ({detail}); nothing was written — the store and any earlier output file are as "
                  "they were; free some space and run it again"),
    "damaged": ("store {store} is damaged: {detail}; nothing was changed — run `python -m geo check --store {store}` "
                "to see what is wrong and how to get back to the last good version"),
    "busy": ("store {store} is busy: another program (the app, QGIS, another command) is writing to it ({detail}); "
             "nothing was changed — try again in a minute"),
    "denied": ("no permission to read or write {store} ({detail}); nothing was changed — check the file's owner and "
               "permissions"),
}


def _failure_text(err: Exception, args: argparse.Namespace) -> str:
    """One sentence on a failure: what happened, what it changed (nothing), what to do."""
    from geo.check import diagnose

    store = getattr(args, "store", None)
    failure = diagnose(err, store=store)
    detail = failure.detail
    if failure.kind == "input":
        return detail
    if failure.kind in _FAILURE_TEXTS:
        return _FAILURE_TEXTS[failure.kind].format(detail=detail, store=store or "the file")
    command = " ".join(str(part) for part in (args.command, getattr(args, "kind", None) if args.command == "import"
                                              else getattr(args, "what", None)) if part)
    changed = (f"a change to the store is written whole or not at all: `python -m geo history --store {store}` shows "
               "whether it was applied" if args.command in _WRITERS else "the store was not changed")
    return (f"`python -m geo {command}` failed unexpectedly ({detail}); {changed}. This is a bug: run the command "
            f"again with {DEBUG_ENV}=1 and send its output to the app's maintainers")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--store", type=Path, default=None, metavar="PATH",
        help=f"the GeoPackage store (default: ${STORE_ENV}, else var/store.gpkg, the app's working store)",
    )
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="Panchayat infrastructure GIS for a district: store, analysis and reports.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        return _add_command(sub, name, handler, help_text, parents=[common])

    demo = _add_command(sub, "demo", _cmd_demo, "regenerate the deterministic DEMO store")
    demo.add_argument("--out", type=Path, default=DEMO_STORE, metavar="PATH",
                      help=f"where to write (default: the shipped {DEMO_STORE.name}); never over a store of real data")

    summary = add("summary", _cmd_summary, "print the review's figures, district and per block")
    summary.add_argument("--as-of", metavar="DATE", help="figures as of this date (YYYY-MM-DD); default latest")
    summary.add_argument("--since", metavar="DATE", help="compare with this earlier date (the last review)")
    summary.add_argument("--aadhaar-km", type=float, default=10.0, metavar="KM",
                         help="Aadhaar reach threshold (default 10)")

    nearest = add("nearest", _cmd_nearest, "nearest service point of a kind for every village or panchayat")
    nearest.add_argument("--kind", required=True, choices=SERVICE_KINDS)
    nearest.add_argument("--level", choices=("village", "panchayat"), default="village")
    nearest.add_argument("--k", type=int, default=1, help="how many nearest points (default 1)")
    nearest.add_argument("--as-of", metavar="DATE", help="only service points opened by this date")
    nearest.add_argument("--out", type=Path, required=True, metavar="FILE", help=".csv or .xlsx")

    gaps = add("gaps", _cmd_gaps, "write the review's gap lists")
    gaps.add_argument("--as-of", metavar="DATE")
    gaps.add_argument("--aadhaar-km", type=float, default=10.0, metavar="KM")
    gaps.add_argument("--out", type=Path, required=True, metavar="FILE",
                      help=".csv (one table) or .xlsx (a sheet per list)")

    add("validate", _cmd_validate, "check the store against the data contract and list every problem")
    add("check", _cmd_check, "check that the store's file, layers, history and snapshots are intact; if not, say how "
        "to get back to the last good version (exit 1)")

    access = add("access", _cmd_access, "travel time to the nearest functional centre of a kind, on a grid: "
                 "a GeoTIFF of minutes and the people within 15/30/60/120 minutes per block and panchayat")
    access.add_argument("--kind", required=True, choices=SERVICE_KINDS)
    _add_travel_options(access)
    access.add_argument("--as-of", metavar="DATE", help="centres as they were on this date; default latest")
    access.add_argument("--out", type=Path, required=True, metavar="FILE.tif", help="the minutes, a GeoTIFF (COG)")
    access.add_argument("--nearest-out", type=Path, metavar="FILE.tif",
                        help="also: which centre is nearest per cell (GeoTIFF of 1…n, and FILE.csv naming each)")
    access.add_argument("--bands-out", type=Path, metavar="FILE",
                        help="also: isochrone bands ≤15, 15–30, 30–60, 60–120, >120 min as polygons (.gpkg, .geojson)")
    access.add_argument("--population-raster", type=Path, metavar="FILE.tif",
                        help="also: a population GeoTIFF (WorldPop, GHSL; any CRS), reprojected keeping totals, "
                             "and how its people within each time differ from the villages'")
    access.add_argument("--capacity", metavar="N|AxD",
                        help="each centre serves at most N people (or A a day × D days, e.g. 40x30), nearest first "
                             "by travel time (capacity-aware coverage); adds served/unserved per panchayat")
    access.add_argument("--capacity-csv", type=Path, metavar="CSV",
                        help="capacity per centre instead: columns id, capacity (empty: unlimited)")
    access.add_argument("--capacity-minutes", type=float, default=60.0, metavar="M",
                        help="with a capacity: a centre serves people at most M minutes away (default 60)")
    access.add_argument("--table", type=Path, metavar="FILE",
                        help="also: people within 15/30/60/120 min per district, block and panchayat, and every "
                             "village's minutes (.csv or .xlsx)")

    site = add("site", _cmd_site, "suggest where to open new centres of a kind: the k sites covering the most "
               "people not yet within reach (proven optimal), or the fewest covering everyone")
    site.add_argument("--kind", required=True, choices=SERVICE_KINDS)
    site.add_argument("--k", type=int, metavar="K", help="new sites to open (maximal covering); omit for the "
                      "fewest sites that cover everyone a candidate can reach (set covering)")
    within = site.add_mutually_exclusive_group(required=True)
    within.add_argument("--radius-km", type=float, metavar="R", help="within reach: at most this geodesic distance")
    within.add_argument("--minutes", type=float, metavar="M",
                        help="within reach: at most this travel time on the grid (see the travel options)")
    site.add_argument("--among", choices=("bhawans", "villages", "grid"), default="bhawans",
                      help="candidates: bhawans of panchayats without a functional centre (default), any village, "
                           "or the points of a square grid (--grid-km) inside the panchayats")
    site.add_argument("--grid-km", type=float, default=2.0, metavar="KM", help="the grid's spacing (default 2 km)")
    site.add_argument("--one-per-panchayat", action="store_true", help="at most one new site per panchayat")
    site.add_argument("--as-of", metavar="DATE", help="centres as they were on this date (YYYY-MM-DD); default latest")
    _add_travel_options(site)
    site.add_argument("--out", type=Path, required=True, metavar="FILE", help=".csv or .xlsx")

    plan = add("inspection-plan", _cmd_inspection_plan,
                "list a block's panchayats due for inspection, in visiting order from the block HQ, day by day")
    plan.add_argument("--block", required=True, metavar="BLOCK", help="the block's LGD code or name (English or Hindi)")
    plan.add_argument("--as-of", metavar="DATE",
                      help="the day of the plan (YYYY-MM-DD); default: the latest reports' date, as the Review")
    plan.add_argument("--days", type=int, default=30, metavar="N",
                      help="due when not inspected in the last N days (default 30) or found offline last time")
    plan.add_argument("--per-day", type=int, default=6, metavar="K", help="most visits in one day's list (default 6)")
    plan.add_argument("--out", type=Path, required=True, metavar="FILE", help=".csv or .xlsx")

    form = add("inspection-form", _cmd_inspection_form,
               "write the inspection form (XLSForm) for ODK Central / KoboToolbox, listing the store's panchayats")
    form.add_argument("--lang", choices=("both", "en", "hi"), default="both", help="label languages (default both)")
    form.add_argument("--out", type=Path, required=True, metavar="FILE", help="an .xlsx file, e.g. inspection.xlsx")
    _add_import_commands(sub)

    export = sub.add_parser("export", help="export a map sheet (PNG/PDF) or data (GIS formats, spreadsheets)",
                            description="export a map sheet (PNG/PDF) or data (GIS formats, spreadsheets)")
    what = export.add_subparsers(dest="what", required=True, metavar="{map,data,pack}")

    emap = _add_command(what, "map", _cmd_export_map, "a printable map sheet of one map theme (PNG or PDF)",
                        parents=[common])
    emap.add_argument("--layer", required=True, metavar="THEME",
                      help="panchayats, connectivity, bharatnet, jharnet, csc, aadhaar, library, pmgdisha or gaps")
    emap.add_argument("--format", choices=("png", "pdf"), default=None, help="default: from --out")
    emap.add_argument("--paper", choices=("A4", "A3"), default="A4", type=str.upper)
    emap.add_argument("--landscape", action="store_true", help="landscape (default portrait)")
    emap.add_argument("--dpi", type=int, default=None, metavar="N", help="PNG resolution (default 150)")
    emap.add_argument("--lang", choices=LANG_CODES, default="en",
                      help="language of every text on the sheet (hi-u-nu-deva: Hindi with Devanagari digits)")
    emap.add_argument("--per-block", action="store_true", help="PDF map book: a district page and one per block")
    emap.add_argument("--as-of", metavar="DATE", help="status as of this date (YYYY-MM-DD); default latest")
    emap.add_argument("--aadhaar-km", type=float, default=10.0, metavar="KM")
    emap.add_argument("--out", type=Path, required=True, metavar="FILE", help=".png or .pdf")

    epack = _add_command(what, "pack", _cmd_export_pack,
                         "the meeting pack: A4 landscape PDF, a cover and one page per agenda item", parents=[common])
    epack.add_argument("--lang", choices=LANG_CODES, default="en",
                       help="language of every text in the pack (hi-u-nu-deva: Hindi with Devanagari digits)")
    epack.add_argument("--as-of", metavar="DATE", help="figures as of this date (YYYY-MM-DD); default latest")
    epack.add_argument("--since", metavar="DATE", help="the review to compare with; default the last one before")
    epack.add_argument("--aadhaar-km", type=float, default=10.0, metavar="KM")
    epack.add_argument("--out", type=Path, required=True, metavar="FILE", help="a .pdf file")

    edata = _add_command(what, "data", _cmd_export_data,
                         "one data layer as GeoJSON, GeoPackage, KML, Shapefile, CSV or XLSX", parents=[common])
    edata.add_argument("--layer", required=True, choices=("panchayats", "services", "villages", "gaps", "blocks"))
    edata.add_argument("--format", choices=("geojson", "gpkg", "kml", "shp", "csv", "xlsx"), default=None,
                       help="default: from --out (.zip means a zipped Shapefile)")
    edata.add_argument("--kind", choices=SERVICE_KINDS, help="services of this kind only (--layer services)")
    edata.add_argument("--include-private", action="store_true",
                       help="EDITORS ONLY: keep operator names, phone numbers and remarks")
    edata.add_argument("--as-of", metavar="DATE")
    edata.add_argument("--aadhaar-km", type=float, default=10.0, metavar="KM")
    edata.add_argument("--out", type=Path, required=True, metavar="FILE")

    publish = add("publish", _cmd_publish, "write the public map as one self-contained HTML file")
    publish.add_argument("--out", type=Path, required=True, metavar="FILE", help="e.g. public_map.html")
    publish.add_argument("--lang", choices=("en", "hi"), default="en", help="language shown first (both included)")
    publish.add_argument("--as-of", metavar="DATE")
    publish.add_argument("--aadhaar-km", type=float, default=10.0, metavar="KM")
    return parser


def _add_import_commands(sub: argparse._SubParsersAction) -> None:
    """``import {boundaries,villages,services,status}``, ``history``, ``rollback``, ``passwd``."""
    from geo.importing import IMPORT_KINDS
    from geo.placement import BORDER_KM
    from geo.readers import MAX_ROWS

    store = argparse.ArgumentParser(add_help=False)
    store.add_argument("--store", type=Path, default=None, metavar="PATH",
                       help=f"the store (default: ${STORE_ENV}, else var/store.gpkg); an import into a path that "
                            "does not exist creates a new, empty store (not DEMO)")
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("file", type=Path, metavar="FILE", help="the file to import")
    options.add_argument("--dry-run", action="store_true", help="check and preview what would change; change nothing")
    options.add_argument("--skip-invalid", action="store_true",
                         help="import the valid rows; write the refused ones with their reasons to FILE.rejected.csv")
    options.add_argument("--accept-matches", type=Path, metavar="FILE",
                         help="confirmed name matches (the edited FILE.matches.csv of an earlier run)")
    options.add_argument("--user", default=None, metavar="NAME", help="who imports (default: the login name)")
    options.add_argument("--crs", metavar="EPSG", help="the file's CRS when it states none or a wrong one")
    options.add_argument("--max-rows", type=_row_limit, default=MAX_ROWS, metavar="N",
                         help=f"refuse a file of more rows or features than N (default {MAX_ROWS:,})")
    for role in ("code", "name", "name-hi", "block", "lat", "lon", "wkt", "population"):
        options.add_argument(f"--{role}-col", metavar="COLUMN", help=f"the column holding the {role.replace('-', ' ')}")
    options.add_argument("--col", action="append", default=[], metavar="ROLE=COLUMN",
                         help="any other column role, e.g. panchayat_code=GP_LGD (repeatable)")
    imp = sub.add_parser("import", help="bring a district's own file into a store (checked, versioned)",
                         description="Import a file into a store. Errors: nothing changes (exit 1); "
                                     "names to confirm: FILE.matches.csv is written (exit 1).")
    kinds = imp.add_subparsers(dest="kind", required=True, metavar="KIND")
    helps = {"boundaries": "panchayat/block/district polygons (GeoJSON, zipped Shapefile, GeoPackage, KML)",
             "villages": "villages from CSV/XLSX with WKT or latitude/longitude",
             "services": "service points of one kind from CSV/XLSX with latitude/longitude",
             "status": "a review sheet: one row per panchayat, status columns, an as-of date",
             "certificates": "a JharSewa report: block, certificate type, as-of date, received, disposed, pending",
             "inspections": "the inspection form's submissions, exported from ODK Central (CSV) or KoboToolbox (XLSX)",
             "roads": "the road network, replacing the store's (GeoPackage, GeoJSON, zipped Shapefile; e.g. an "
                      "OpenStreetMap extract with 'highway' or 'fclass')",
             "water": "rivers, reservoirs and ponds as polygons, replacing the store's (GeoPackage, GeoJSON, zipped "
                      "Shapefile)"}
    for kind in IMPORT_KINDS:
        cmd = _add_command(kinds, kind, _cmd_import, helps[kind], parents=[store, options])
        if kind in ("boundaries", "roads", "water"):
            cmd.add_argument("--layer", metavar="NAME", help="the layer, when the file has several")
        if kind == "boundaries":
            cmd.add_argument("--level", choices=("panchayat", "block", "district"), default="panchayat")
        if kind in ("villages", "services"):
            cmd.add_argument("--swap-latlon", action="store_true", help="the file's latitude/longitude are swapped")
            cmd.add_argument("--replace", action="store_true",
                             help="make the layer exactly the file (default: add new codes, update known ones, keep "
                                  "the rest)")
        if kind not in ("status", "certificates", "inspections"):
            cmd.add_argument("--confirm-removal", action="store_true",
                             help="allow an import that removes more than 5%% of a layer's rows or people")
        if kind == "villages":
            cmd.add_argument("--dissolve-to-panchayats", action="store_true",
                             help="build panchayat polygons from the village polygons")
            cmd.add_argument("--keep-duplicate-codes", action="store_true",
                             help="no longer needed: a village drawn in several parts (same code, name and "
                                  "panchayat) is joined without it")
        if kind in ("boundaries", "villages"):
            cmd.add_argument("--strict", action="store_true",
                             help="repair nothing: refuse invalid polygons and any overlap (default: repair them "
                                  "and list each repair)")
            group = cmd.add_argument_group("the district (default: the file's district_name/district_code columns)")
            group.add_argument("--district-name", metavar="NAME", help="the district's name in English")
            group.add_argument("--district-name-hi", metavar="NAME", help="the district's name in Hindi")
            group.add_argument("--state", metavar="NAME", help="the state's name")
            group.add_argument("--district-code", metavar="CODE", help="the district's LGD code")
            group.add_argument("--expected-panchayats", type=int, metavar="N",
                               help="how many gram panchayats the district has (validation compares)")
            group.add_argument("--expected-blocks", type=int, metavar="N", help="how many blocks it has")
        if kind == "services":
            cmd.add_argument("--kind", dest="service_kind", required=True, choices=SERVICE_KINDS)
            cmd.add_argument("--border-km", type=float, default=BORDER_KM, metavar="KM",
                             help="keep points outside the district up to KM from its border, as serving border "
                                  f"villages (default {BORDER_KM:g}); points in no panchayat inside it are always kept")
        if kind == "status":
            cmd.add_argument("--as-of", metavar="DATE",
                             help="the date the sheet's statuses held (day first: 12.11.2020), for the rows without a "
                                  "date of their own; needed when the sheet has no date column")
    _add_command(sub, "history", _cmd_history, "list the store's versions (imports, rollbacks)", parents=[store])
    rollback = _add_command(sub, "rollback", _cmd_rollback, "restore the store as it was before VERSION",
                            parents=[store])
    rollback.add_argument("version", type=int, metavar="VERSION")
    rollback.add_argument("--user", default=None, metavar="NAME")
    _add_command(sub, "passwd", _cmd_passwd, "replaced by accounts: see `users add`")
    _add_user_commands(sub, store)


def _add_user_commands(sub: argparse._SubParsersAction, store: argparse.ArgumentParser) -> None:
    """``users add|list|disable|enable|passwd``: the accounts that may edit the store in the app."""
    users = sub.add_parser("users", help="the accounts that may edit the store in the app (no password needed here)",
                           description="Accounts of the people who edit the store in the app. The command line needs "
                                       "no password: whoever can write the store file already holds it.")
    verbs = users.add_subparsers(dest="verb", required=True, metavar="{add,list,disable,enable,passwd}")
    by = argparse.ArgumentParser(add_help=False)
    by.add_argument("--user", default=None, metavar="NAME", help="who makes the change (default: the login name)")
    stdin = argparse.ArgumentParser(add_help=False)
    stdin.add_argument("--password-stdin", action="store_true",
                       help="read the password from the first line of standard input (default: ask twice)")
    add = _add_command(verbs, "add", _cmd_users_add, "add an account", parents=[store, by, stdin])
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=("editor", "admin"))
    add.add_argument("--block", action="append", default=[], metavar="CODE",
                     help="an editor of this block only (LGD code or name; repeatable); default: the whole district")
    _add_command(verbs, "list", _cmd_users_list, "list the accounts (never their passwords)", parents=[store])
    for verb, text in (("disable", "stop an account from signing in (its name stays in the history)"),
                       ("enable", "let a disabled account sign in again")):
        _add_command(verbs, verb, _cmd_users_disable, text, parents=[store, by]).add_argument("name", metavar="NAME")
    passwd = _add_command(verbs, "passwd", _cmd_users_passwd, "set an account's password (this also unlocks it)",
                          parents=[store, by, stdin])
    passwd.add_argument("name", metavar="NAME")


def _row_limit(text: str) -> int:
    """``--max-rows``: a whole number of at least 1."""
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of rows of at least 1, got {text!r}")
    return int(text)


def _add_command(
    subparsers: argparse._SubParsersAction,
    name: str,
    handler: Callable[[argparse.Namespace], int],
    help_text: str,
    *,
    parents: Sequence[argparse.ArgumentParser] = (),
) -> argparse.ArgumentParser:
    """Register subcommand ``name`` running ``handler``, with ``help_text`` as help and description."""
    cmd = subparsers.add_parser(name, parents=list(parents), help=help_text, description=help_text)
    cmd.set_defaults(handler=handler)
    return cmd


def _progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def _store(args: argparse.Namespace) -> Path:
    """The store of this command (``--store``, ``$PANCHAYAT_STORE`` or the working store), said on stderr."""
    if args.store is None:
        configured = os.environ.get(STORE_ENV)
        args.store = working_store(configured)
        origin = f"${STORE_ENV}" if configured else "the working store; set --store or $" + STORE_ENV
        _progress(f"store: {args.store} ({origin})")
    else:
        _progress(f"store: {args.store}")
    return args.store


def _read(args: argparse.Namespace, *, private: bool = False) -> StoreData:
    data = read_store(_store(args), private=private)
    if data.is_demo:
        _progress("DEMO DATA: synthetic district, not official figures")
    return data


def _cmd_demo(args: argparse.Namespace) -> int:
    from geo.demo import write_demo

    target = args.out
    if target.exists() and not read_store(target).is_demo:
        msg = (f"{target} holds a store of real data (meta.is_demo is not true); the DEMO is never written over it "
               "— choose another --out")
        raise GeoInputError(msg)
    _progress(f"generating the DEMO district into {target}")
    print(write_demo(target))
    return EXIT_OK


def _cmd_summary(args: argparse.Namespace) -> int:
    from geo.figures import FIGURES
    from geo.formats import format_count
    from geo.summary import summary

    data = _read(args)
    _progress("computing indicators and distances")
    result = summary(data, as_of=args.as_of, since=args.since, aadhaar_km=args.aadhaar_km)
    figures = result.figures
    keys = list(FIGURES)
    now = result.as_of or f"latest ({result.now.date or 'no report yet'})"
    table = pd.DataFrame({"figure": [figures.title(k) for k in keys], f"as of {now}": [figures.text(k) for k in keys]})
    if result.before is not None:
        table[f"as of {result.since}"] = [result.before.figures.text(k) for k in keys]
        deltas = [result.delta(k) for k in keys]
        table["change"] = [result.change_note(k) or ("" if v is None else ("+" if v > 0 else "") + format_count(v))
                           for k, v in zip(keys, deltas, strict=True)]
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
    return EXIT_OK


def _cmd_nearest(args: argparse.Namespace) -> int:
    from geo.indicators import bhawan_points, effective_services
    from geo.nearest import nearest_service
    from geo.tables import write_tables

    data = _read(args)
    services = effective_services(data.service_points, data.status_events, as_of=args.as_of)
    if args.level == "village":
        origins = data.villages.reset_index(drop=True)
        columns = ["census_code", "name", "name_hi", "panchayat_lgd", "population"]
    else:
        origins = bhawan_points(data.panchayats).reset_index(drop=True)
        columns = ["lgd_code", "name", "name_hi", "block_lgd"]
    _progress(f"finding the nearest functional {args.kind} for {len(origins):,} {args.level}s")
    near = nearest_service(origins, services, args.kind, k=args.k)
    dist = [c for c in near.columns if c.startswith("nearest_dist_m")]
    near[[c.replace("_dist_m", "_dist_km") for c in dist]] = (near[dist] / 1000).round(3).to_numpy()
    table = pd.DataFrame(origins[columns]).join(near.drop(columns=dist))
    print(write_tables(args.out, {f"nearest_{args.kind}": table}))
    return EXIT_OK


def _cmd_gaps(args: argparse.Namespace) -> int:
    from geo.analysis import analyse
    from geo.gaps import gaps_table
    from geo.tables import write_tables

    data = _read(args)
    _progress("computing gap lists")
    result = analyse(data, as_of=args.as_of, aadhaar_km=args.aadhaar_km)
    lists = {key: pd.DataFrame(frame.drop(columns="geometry")) for key, frame in result.gaps.items()}
    for key, frame in lists.items():
        _progress(f"{key}: {len(frame):,} rows")
    tables = {"gaps": gaps_table(lists, aadhaar_km=args.aadhaar_km)} if args.out.suffix.lower() == ".csv" else lists
    print(write_tables(args.out, tables))
    return EXIT_OK


def _add_travel_options(parser: argparse.ArgumentParser) -> None:
    travel = parser.add_argument_group("travel time")
    travel.add_argument("--scenario", choices=("dry", "monsoon"), default="dry",
                        help="season's speeds: dry (default) or monsoon (slower; roads marked closed left out)")
    network = travel.add_mutually_exclusive_group()
    network.add_argument("--roads", type=Path, metavar="FILE",
                         help="road lines with a 'highway' class (GeoPackage, GeoJSON, zipped Shapefile) instead of "
                              "the store's roads; with neither, on foot everywhere")
    network.add_argument("--on-foot", action="store_true", help="leave the roads out: walking everywhere")
    travel.add_argument("--water", type=Path, metavar="FILE",
                        help="rivers and water bodies, crossed only by roads, instead of the store's water")
    travel.add_argument("--speeds", type=Path, metavar="CSV",
                        help="speed table: columns class, kmh, one road class a row, and optionally off_road "
                             "(walking); replaces the scenario's table")
    travel.add_argument("--dem", type=Path, metavar="FILE.tif",
                        help="elevation: off-road walking slows on slopes (Tobler's hiking function)")
    travel.add_argument("--cell-m", type=float, default=100.0, metavar="M", help="cell size (default 100 m)")


def _measure(args: argparse.Namespace, data: StoreData, result: Analysis, kind: str) -> Access:
    """Travel time to ``kind`` as the travel options say (the store's roads and water unless files replace them)."""
    from geo.access import SCENARIOS, measure_access, speed_table
    from geo.readers import read_table

    scenario = SCENARIOS[args.scenario]
    if args.speeds is not None:
        scenario = scenario.with_table(*speed_table(read_table(args.speeds).frame, args.speeds.name))
    roads = _layer_in_4326(args.roads) if args.roads is not None else data.roads.iloc[:0] if args.on_foot \
        else data.roads
    water = _layer_in_4326(args.water) if args.water is not None else data.water
    _progress(f"travel time to functional {kind} centres on {args.cell_m:g} m cells, {scenario.label()}"
              + (f", {len(roads):,} roads" if len(roads) else ", on foot (no roads)")
              + (f", {len(water):,} water bodies" if len(water) else "")
              + (f", slopes from {args.dem.name}" if args.dem is not None else ""))
    return measure_access(result.villages, result.panchayats, result.services, result.district, kind,
                          roads=roads, water=water, scenario=scenario, cell_m=args.cell_m, dem=args.dem)


def _cmd_access(args: argparse.Namespace) -> int:

    from geo.access import (
        THRESHOLDS_MIN,
        isochrone_bands,
        nearest_id_raster,
        people_within_areas,
        village_minutes,
        write_minutes,
    )
    from geo.analysis import analyse
    from geo.export import analysis_layer_bytes, format_for_path
    from geo.files import write_atomic
    from geo.formats import format_count, format_percent
    from geo.population import write_geotiff
    from geo.tables import write_tables

    data = _read(args)
    result = analyse(data, as_of=args.as_of)
    access = _measure(args, data, result, args.kind)
    table = people_within_areas(access, result.blocks)
    title = "DEMO DATA — not official. " if result.is_demo else ""
    print(f"{title}{result.identity.label('en')}: people within reach of a functional {args.kind} centre by travel "
          f"time ({access.scenario.label()}" + (", on foot: no roads given)" if access.on_foot else ")"))
    whole = table.iloc[0]
    print(f"  {'':<22}" + "".join(f"{f'≤ {t} min':>22}" for t in THRESHOLDS_MIN))
    for row in table[table["level"].isin(["district", "block"])].itertuples():
        name = "District" if row.level == "district" else row.name
        cells = [f"{format_count(getattr(row, f'within_{t}_min'))} ({format_percent(getattr(row, f'share_{t}_min'))})"
                 for t in THRESHOLDS_MIN]
        print(f"  {name:<22}" + "".join(f"{c:>22}" for c in cells))
    print(f"  of {format_count(whole['population'])} people in villages with a recorded population")
    if whole["villages_not_counted"]:
        print(f"  {format_count(whole['villages_not_counted'])} villages without a population not counted")
    if whole["not_reached"]:
        print(f"  {format_count(whole['not_reached'])} people no centre can reach (cut off by water)")
    print(write_minutes(args.out, access))
    if args.nearest_out is not None:
        values, legend = nearest_id_raster(access)
        print(write_geotiff(args.nearest_out, access.grid, values, nodata=0, dtype="int32"))
        print(write_tables(args.nearest_out.with_suffix(".csv"), {"nearest": legend}))
    if args.bands_out is not None:
        fmt = format_for_path(args.bands_out)
        bands = isochrone_bands(access, clip=result.district)
        blob = analysis_layer_bytes(result, "travel_bands", f"{access.description}, in bands of minutes",
                                    {"travel_bands": bands}, fmt)
        print(write_atomic(args.bands_out, blob))
    tables = {"people_within": table}
    if args.population_raster is not None:
        tables["raster_comparison"] = _raster_comparison(args.population_raster, access, result)
    if args.capacity is not None or args.capacity_csv is not None:
        tables |= _capacity_tables(args, access, result)
    if args.table is not None:
        print(write_tables(args.table, {**tables, "villages": village_minutes(access)}))
    return EXIT_OK


def _capacity_tables(args: argparse.Namespace, access: Access, result: Analysis) -> dict[str, pd.DataFrame]:
    """Capacity-aware coverage as --capacity or --capacity-csv say: printed; tables per panchayat and centre."""
    from geo.capacity import capacity_coverage, summarise_coverage
    from geo.formats import format_count, format_percent
    from geo.readers import read_table

    centres = access.centres.copy()
    if args.capacity_csv is not None:
        table = read_table(args.capacity_csv).frame
        if not {"id", "capacity"} <= set(table.columns):
            msg = f"{args.capacity_csv.name} needs the columns id and capacity, got {list(table.columns)}"
            raise GeoInputError(msg)
        unknown = sorted(set(table["id"]) - set(centres["id"].astype(str)))
        if unknown:
            msg = (f"{args.capacity_csv.name}: {', '.join(unknown[:5])} are not functional {args.kind} centres "
                   "of the store; correct the ids or leave those rows out")
            raise GeoInputError(msg)
        given = pd.to_numeric(table.set_index("id")["capacity"], errors="coerce")
        centres["capacity"] = centres["id"].astype(str).map(given)
        unlimited = int(centres["capacity"].isna().sum())
        if unlimited:
            _progress(f"{unlimited:,} centres have no capacity in {args.capacity_csv.name}: unlimited")
    else:
        centres["capacity"] = _capacity_value(args.capacity)
    answer = capacity_coverage(centres, access.villages, access.grid, access.speed_kmh,
                               max_minutes=args.capacity_minutes)
    share = answer.served / answer.people if answer.people else None
    print(f"  with capacity: served {format_count(round(answer.served))} of {format_count(round(answer.people))} "
          f"({format_percent(share)}) within {args.capacity_minutes:g} min; {format_count(round(answer.unserved))} "
          f"unserved, of whom {format_count(round(answer.unserved_out_of_reach))} beyond {args.capacity_minutes:g} min"
          + (f"; {answer.villages_not_counted:,} villages not counted" if answer.villages_not_counted else ""))
    gps = result.panchayats.set_index("lgd_code")
    by_gp = summarise_coverage(answer, "panchayat_lgd").reset_index()
    by_gp.insert(1, "panchayat_name", by_gp["panchayat_lgd"].map(gps["name"]))
    by_gp = by_gp.sort_values("unserved", ascending=False, kind="stable")
    counts = ["people", "served", "unserved", "unserved_out_of_reach"]
    by_gp[counts] = by_gp[counts].round().astype("int64")
    per_centre = pd.DataFrame(answer.centres.drop(columns="geometry"))
    keep = [c for c in ("centre_id", "name", "order", "capacity", "served", "capacity_left", "villages_served",
                        "farthest_min") if c in per_centre]
    return {"capacity_by_panchayat": by_gp, "capacity_by_centre": per_centre[keep]}


def _raster_comparison(path: Path, access: Access, result: Analysis) -> pd.DataFrame:
    """People within each time by the villages and by an imported population raster, printed and as a table."""
    from geo.access import THRESHOLDS_MIN
    from geo.formats import format_count
    from geo.population import compare_coverage, population_surface, read_population_raster

    raster, report = read_population_raster(path, access.grid, result.district)
    villages, _ = population_surface(access.grid, access.villages)
    table = compare_coverage(villages, raster, access.minutes, THRESHOLDS_MIN)
    print(report.summary())
    for row in table.itertuples():
        print(f"  within {row.threshold_min:g} min: {format_count(round(row.village_people))} by villages "
              f"({row.village_share_pct:.1f} %) · {format_count(round(row.raster_people))} by {path.name} "
              f"({row.raster_share_pct:.1f} %) · {row.difference_people:+,.0f} ({row.difference_pct:+.1f} %)")
    return table


def _capacity_value(text: str) -> float:
    """``"1200"`` or ``"40x30"`` (a day × days) as people; an error saying how to write it."""
    parts = text.lower().replace("×", "x").split("x")
    try:
        values = [float(part) for part in parts]
    except ValueError:
        values = []
    if len(values) not in (1, 2) or not all(np.isfinite(v) and v > 0 for v in values):
        msg = f"--capacity should be people (e.g. 1200) or a day × days (e.g. 40x30), got {text!r}"
        raise GeoInputError(msg)
    return float(np.prod(values))


def _layer_in_4326(path: Path | None) -> gpd.GeoDataFrame | None:
    """A GIS file's layer in EPSG:4326 (None without a path); a file with no CRS is an error naming it."""
    from geo.readers import read_spatial

    if path is None:
        return None
    frame = read_spatial(path).frame
    if frame.crs is None:
        msg = f"{path.name} has no CRS; set it in QGIS (Layer ▸ Set CRS) and save it again"
        raise GeoInputError(msg)
    return frame.to_crs(4326)


def _cmd_site(args: argparse.Namespace) -> int:
    from geo.access import within_travel
    from geo.analysis import analyse
    from geo.formats import format_count
    from geo.indicators import functional_centres
    from geo.siting import candidate_sites, maximal_covering, set_covering, within_km
    from geo.tables import write_tables

    data = _read(args)
    result = analyse(data, as_of=args.as_of)
    services = result.services
    existing = functional_centres(services, args.kind)
    candidates = candidate_sites(result.panchayats, result.villages, services, args.kind, among=args.among,
                                 grid_km=args.grid_km)
    if args.minutes is None:
        reach = within_km(args.radius_km)
    else:
        reach = within_travel(_measure(args, data, result, args.kind), args.minutes)
    _progress(f"{len(candidates):,} candidate sites ({args.among}), {len(existing):,} functional {args.kind} "
              f"centres kept, {len(result.villages):,} villages")
    if args.k is None:
        answer = set_covering(result.villages, candidates, existing, reach=reach)
        how = f"fewest new sites so that everyone a candidate can reach is within {reach.text()}"
    else:
        answer = maximal_covering(result.villages, candidates, existing, k=args.k, reach=reach,
                                  one_per_panchayat=args.one_per_panchayat)
        how = f"{args.k} new sites covering the most people within {reach.text()}"
    sites = answer.table()
    title = "DEMO DATA — not official. " if result.is_demo else ""
    print(f"{title}{result.identity.label('en')}: {how} ({reach.how})")
    print(f"  covered now {format_count(answer.covered_before)} of {format_count(answer.people)} people; "
          f"with these sites {format_count(answer.covered_after)}"
          + (f"; {format_count(answer.unreachable)} beyond every candidate" if args.k is None else "")
          + (f"; {answer.villages_not_counted:,} villages without a population not counted"
             if answer.villages_not_counted else ""))
    print(f"  {'proven optimal (HiGHS)' if answer.optimal else f'not proven optimal: gap {answer.gap:.2%}'}"
          + (f"; greedy covers {format_count(answer.covered_before + int(answer.greedy['people_newly_covered'].sum()))}"
             if args.k is not None else ""))
    for row in sites.itertuples():
        print(f"  {row.rank:3d}. {row.name} ({row.id}) +{format_count(row.people_newly_covered)}")
    print(write_tables(args.out, {"sites": sites}))
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from geo.validate import validate_store

    data = read_store(_store(args))
    report = validate_store(data)
    for fact in report.facts:
        print(fact)
    for problem in report.problems:
        print(problem)
    verdict = "OK" if report.ok else f"{len(report.errors)} error(s)"
    warnings = len(report.problems) - len(report.errors)
    print(f"{verdict}; {warnings} warning(s)")
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def _cmd_check(args: argparse.Namespace) -> int:
    from geo.check import check_store

    found = check_store(_store(args))
    print(found.text())
    return EXIT_OK if found.intact else EXIT_PROBLEMS


def _cmd_inspection_plan(args: argparse.Namespace) -> int:
    import datetime as dt

    from geo.formats import format_count, format_date, format_km
    from geo.inspections import due_reason, inspection_kpi, inspection_plan, inspection_state
    from geo.status import latest_data_date
    from geo.tables import write_tables

    data = _read(args)
    as_of = args.as_of or latest_data_date(data) or dt.date.today().isoformat()
    plan = inspection_plan(data, args.block, as_of=as_of, window_days=args.days, per_day=args.per_day)
    block = data.blocks.set_index(data.blocks["lgd_code"].astype(str)).loc[plan.attrs["block"], "name"]
    state = inspection_state(data.panchayats, data.status_events, as_of=as_of, window_days=args.days)
    days_since = state["days_since"]
    why = [due_reason(r.reason, r.last_inspected, days_since.get(r.lgd_code)) for r in plan.itertuples()]
    start = "the block HQ" if plan.attrs["start"] == "HQ" else "the block's centre (no HQ recorded)"
    title = "DEMO DATA — not official. " if data.is_demo else ""
    print(f"{title}Inspection plan for {block} block as of {format_date(plan.attrs['as_of'])}: "
          f"{format_count(len(plan))} of {format_count(plan.attrs['panchayats'])} panchayats due (not inspected in "
          f"the last {args.days} days, or found offline at the last inspection)")
    print(f"Visiting order by straight line from {start} (not yet by road); "
          f"at most {args.per_day} visits a day, each day from the HQ and back")
    for day, visits in plan.groupby("day", sort=True):
        print(f"Day {day}:")
        for r in visits.itertuples():
            print(f"  {r.visit:>3}. {r.name} ({r.lgd_code}) — {why[r.Index]} — {format_km(r.leg_km)} "
                  f"{'from the HQ' if r.visit == visits['visit'].iloc[0] else 'on'}")
    kpi = inspection_kpi(data.panchayats, data.status_events, as_of=as_of, window_days=args.days)
    print(f"{kpi.label()}: {kpi.text()}" + ("" if kpi.inspected is None else " panchayats of the district"))
    table = plan.assign(why=why, ordered_by=f"straight line (geodesic) from {start}")
    print(write_tables(args.out, {"inspection_plan": table}))
    return EXIT_OK


def _cmd_inspection_form(args: argparse.Namespace) -> int:
    from geo.inspection_form import write_inspection_form

    data = _read(args)
    _progress(f"writing the inspection form for {len(data.panchayats):,} panchayats in {len(data.blocks):,} blocks")
    print(write_inspection_form(args.out, data, lang=args.lang))
    _progress("upload it to ODK Central (Forms ▸ New) or KoboToolbox (Deploy ▸ Import an XLSForm) as it is")
    return EXIT_OK


def _user(args: argparse.Namespace) -> str:
    import getpass

    return args.user or getpass.getuser() or "cli"


def _cmd_import(args: argparse.Namespace) -> int:
    roles = {"code": args.code_col, "name": args.name_col, "name_hi": args.name_hi_col, "block": args.block_col,
             "lat": args.lat_col, "lon": args.lon_col, "wkt": args.wkt_col, "population": args.population_col}
    renames = {"villages": {"code": "census_code", "name": "village_name"}, "services": {"code": "id"},
               "status": {"code": "panchayat_code", "name": "panchayat_name"},
               "certificates": {"code": "block_code"}, "roads": {"code": "id"},
               "water": {"code": "id"}}.get(args.kind, {})
    roles = {renames.get(k, k): v for k, v in roles.items()}
    if args.kind == "inspections":
        given = [f"--{role.replace('_', '-')}-col" for role, value in roles.items() if value]
        given += [flag for flag, value in (("--col", args.col), ("--crs", args.crs),
                                           ("--accept-matches", args.accept_matches)) if value]
        if given:
            raise GeoInputError(f"{', '.join(given)}: not for an inspections export, whose columns are the form's own "
                                "(as ODK Central or KoboToolbox name them); leave the option out")
        return _run_import(args, {"user": _user(args)})
    if args.kind in ("status", "certificates"):
        for role in ("lat", "lon", "wkt", "population", "name_hi"):
            if roles.pop(role, None):
                raise GeoInputError(f"--{role.replace('_', '-')}-col does not apply to a {args.kind} sheet")
    elif args.kind != "villages" and roles.pop("population", None):
        raise GeoInputError(f"--population-col applies to villages only, not to {args.kind}")
    elif args.kind in ("boundaries",) and any(roles.pop(r, None) for r in ("lat", "lon", "wkt")):
        raise GeoInputError("--lat-col/--lon-col/--wkt-col do not apply to boundaries (they carry their geometry)")
    elif args.kind in ("roads", "water"):
        given = [f"--{r.replace('_', '-')}-col" for r in ("block", "lat", "lon", "wkt")
                 + (("name_hi",) if args.kind == "roads" else ()) if roles.pop(r, None)]
        if given:
            role = "highway" if args.kind == "roads" else "kind"
            raise GeoInputError(f"{', '.join(given)}: not for a {args.kind} file (it carries its geometry); map the "
                                f"{role} with --col {role}=COLUMN and the id with --code-col")
    for pair in args.col:
        role, sep, column = pair.partition("=")
        if not sep:
            raise GeoInputError(f"--col {pair!r}: expected ROLE=COLUMN, e.g. panchayat_code=GP_LGD")
        roles[role.strip()] = column.strip()
    columns = {k: v for k, v in roles.items() if v}
    options: dict[str, object] = {"columns": columns}
    if args.accept_matches is not None:
        from geo.matching import read_confirmations

        options["confirmed"] = read_confirmations(args.accept_matches)
    if args.kind not in ("status", "certificates"):
        options["crs"] = args.crs
    elif args.crs:
        raise GeoInputError(f"--crs does not apply to a {args.kind} sheet (it has no coordinates)")
    if args.kind == "boundaries":
        options |= {"layer": args.layer, "level": args.level}
    if args.kind in ("roads", "water"):
        options["layer"] = args.layer
    if args.kind in ("villages", "services"):
        options["swap_latlon"] = args.swap_latlon
        options["replace"] = args.replace
    if args.kind not in ("status", "certificates"):
        options["confirm_removal"] = args.confirm_removal
    if args.kind == "villages":
        options["dissolve_to_panchayats"] = args.dissolve_to_panchayats
        options["keep_duplicate_codes"] = args.keep_duplicate_codes
    if args.kind in ("boundaries", "villages"):
        options["district"] = _given_identity(args)
        options["strict"] = args.strict
    if args.kind == "services":
        options["kind"] = args.service_kind
        options["border_km"] = args.border_km
    if args.kind in ("status", "certificates"):
        options["user"] = _user(args)
    if args.kind == "status":
        options["as_of"] = args.as_of
    return _run_import(args, options)


def _run_import(args: argparse.Namespace, options: dict[str, object]) -> int:
    """Check the file, preview the change, write names to confirm or apply it (the tail of every ``import``)."""
    from geo.importing import apply_import, import_file
    from geo.matching import write_confirmations

    _store(args)
    store = read_store(args.store, private=True) if args.store.exists() else None
    if store is None:
        if args.kind in ("services", "status", "certificates", "inspections", "roads", "water"):
            raise GeoInputError(f"store {args.store} does not exist; import boundaries (or villages) into it first")
        _progress(f"{args.store} does not exist: a new, empty store (not DEMO) will be created")
    _progress(f"reading {args.file}")
    result = import_file(args.kind, store, args.file, skip_invalid=args.skip_invalid, max_rows=args.max_rows,
                         **options)
    print(result.text())
    if result.rejected is not None and len(result.rejected):
        from geo.tables import write_tables

        rejected = write_tables(Path(f"{args.file}.rejected.csv"), {"rejected": result.rejected})
        print(f"{len(result.rejected):,} row(s) left out, each with its reason: {rejected}", file=sys.stderr)
    if not result.report.ok:
        print("nothing was applied: fix the errors above and import again", file=sys.stderr)
        return EXIT_PROBLEMS
    if result.pending:
        matches = write_confirmations(result.pending, f"{args.file}.matches.csv")
        print(f"{len(result.pending)} name(s) need confirming: check and edit {matches} (matched_code), then run "
              f"again with --accept-matches {matches}; nothing was applied", file=sys.stderr)
        return EXIT_PROBLEMS
    if result.adds_nothing:
        rows = "submission" if args.kind == "inspections" else "row"
        print(f"nothing new: every {rows} of {args.file.name} is already in the store or left out; "
              "nothing was applied")
        return EXIT_OK
    if args.dry_run:
        print("dry run: nothing was applied")
        return EXIT_OK
    version = apply_import(args.store, result, user=_user(args), on_wait=_progress)
    print(f"applied as version {version} of {args.store} ({len(result.warnings)} warning(s) kept in its report)")
    return EXIT_OK


def _given_identity(args: argparse.Namespace) -> DistrictIdentity | None:
    """The district as the user names it on the command line (None when nothing is given)."""
    given = DistrictIdentity(
        name=args.district_name or "", name_hi=args.district_name_hi or "", state=args.state or "",
        code=args.district_code or "", code_kind="LGD" if args.district_code else "",
        expected_panchayats=args.expected_panchayats, expected_blocks=args.expected_blocks,
    )
    return None if given == DistrictIdentity() else given


def _cmd_history(args: argparse.Namespace) -> int:
    from geo.versions import list_versions

    log = list_versions(_store(args))
    if log.empty:
        print(f"{args.store} has no versions yet (imports and rollbacks create them)")
        return EXIT_OK
    table = log[["version", "at", "who", "action", "file", "state", "problems"]]
    table = table.rename(columns={"problems": "warnings"})
    print(table.to_string(index=False))
    print("rollback VERSION restores the store as it was just before that version")
    return EXIT_OK


def _cmd_rollback(args: argparse.Namespace) -> int:
    from geo.check import ensure_restorable
    from geo.versions import rollback

    ensure_restorable(_store(args), args.version)
    new = rollback(args.store, args.version, user=_user(args), on_wait=_progress)
    print(f"restored {args.store} to before version {args.version}; the state before the rollback is version {new}")
    return EXIT_OK


def _cmd_passwd(args: argparse.Namespace) -> int:
    raise GeoInputError("the shared editor password is gone: every editor now has an account. Add the first admin with "
                        "`python -m geo users add NAME --role admin`, then editors with "
                        "`python -m geo users add NAME --role editor [--block CODE]`; remove editor_password_hash "
                        "from .streamlit/secrets.toml and PANCHAYAT_EDITOR_PASSWORD_HASH from the environment")


def _cmd_users_add(args: argparse.Namespace) -> int:
    from geo.accounts import add_account

    store = _existing_store(args)
    blocks = [_block_code(store, given) for given in args.block]
    account = add_account(store, args.name, role=args.role, password=_new_password(args), blocks=blocks,
                          created_by=_user(args))
    scope = f"blocks {', '.join(account.blocks)}" if account.blocks else "the whole district"
    print(f"added {account.role} {account.name!r} ({scope}) to {store}")
    return EXIT_OK


def _cmd_users_list(args: argparse.Namespace) -> int:
    from geo.accounts import list_accounts

    table = list_accounts(_existing_store(args))
    if table.empty:
        print(f"{args.store} has no accounts: the app is read-only until you add one with "
              "`python -m geo users add NAME --role admin`")
        return EXIT_OK
    table["blocks"] = table["blocks"].replace("", "(all)")
    print(table.fillna("").to_string(index=False))
    return EXIT_OK


def _cmd_users_disable(args: argparse.Namespace) -> int:
    from geo.accounts import set_disabled

    account = set_disabled(_existing_store(args), args.name, args.verb == "disable")
    print(f"{account.name!r} is {'disabled' if args.verb == 'disable' else 'enabled'}")
    return EXIT_OK


def _cmd_users_passwd(args: argparse.Namespace) -> int:
    from geo.accounts import set_password

    store = _existing_store(args)
    account = set_password(store, args.name, _new_password(args))
    print(f"set a new password for {account.name!r}; its failed sign-ins are forgotten")
    return EXIT_OK


def _existing_store(args: argparse.Namespace) -> Path:
    store = _store(args)
    if not store.is_file():
        raise GeoInputError(f"store {store} does not exist; accounts belong to a store — import into it first")
    return store


def _new_password(args: argparse.Namespace) -> str:
    import getpass

    if args.password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("new password: ")
    if getpass.getpass("again: ") != password:
        raise GeoInputError("the two passwords differ; nothing was changed")
    return password


def _block_code(store: Path, given: str) -> str:
    """A block's LGD code from its code or its English or Hindi name (as the store writes it)."""
    blocks = read_store(store).blocks
    for column in ("lgd_code", "name", "name_hi"):
        found = blocks[blocks[column].astype("string").str.casefold() == given.strip().casefold()]
        if len(found) == 1:
            return str(found["lgd_code"].iloc[0])
    names = ", ".join(f"{n} ({c})" for c, n in zip(blocks["lgd_code"], blocks["name"], strict=True))
    raise GeoInputError(f"--block {given!r} is not a block of {store.name}; its blocks: {names}")


def _cmd_export_map(args: argparse.Namespace) -> int:
    from layers.sheet import sheet_format, write_map_sheet

    fmt = args.format or sheet_format(args.out)
    data = _read(args)
    pages = "a district page and one page per block" if args.per_block else "one page"
    _progress(f"drawing {args.layer} on {args.paper} {'landscape' if args.landscape else 'portrait'}, {pages}")
    path = write_map_sheet(
        args.out, data, args.layer, fmt=fmt, paper=args.paper, landscape=args.landscape, dpi=args.dpi,
        lang=args.lang, per_block=args.per_block, as_of=args.as_of, aadhaar_km=args.aadhaar_km,
    )
    print(path)
    return EXIT_OK


def _cmd_export_pack(args: argparse.Namespace) -> int:
    from layers.pack import write_pack

    data = _read(args)
    _progress(f"drawing the meeting pack ({args.lang}): a cover and one page per agenda item")
    path = write_pack(args.out, data, lang=args.lang, as_of=args.as_of, since=args.since,
                      aadhaar_km=args.aadhaar_km)
    print(path)
    return EXIT_OK


def _cmd_export_data(args: argparse.Namespace) -> int:
    from geo.export import format_for_path, write_export

    fmt = args.format or format_for_path(args.out)
    data = _read(args, private=args.include_private)
    if args.include_private:
        _progress("including PRIVATE fields (operator names, phone numbers, remarks): do not publish this file")
    _progress(f"exporting {args.layer} as {fmt}")
    path = write_export(args.out, data, args.layer, fmt, include_private=args.include_private, as_of=args.as_of,
                        aadhaar_km=args.aadhaar_km, kind=args.kind)
    print(path)
    return EXIT_OK


def _cmd_publish(args: argparse.Namespace) -> int:
    from layers.publish import write_public_map

    data = _read(args)
    _progress("building the public map (English and Hindi, public layers and fields only)")
    path = write_public_map(args.out, data, lang=args.lang, as_of=args.as_of, aadhaar_km=args.aadhaar_km)
    _progress(f"{path.stat().st_size / 1e6:.1f} MB, self-contained; open it from disk or host it as a static file")
    print(path)
    return EXIT_OK
