"""What leaves the store as files: ``export map|pack|data`` and ``publish`` (the public page)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from cli.common import EXIT_OK, add_command, district_option, progress, read_data, read_district
from geo.languages import LANG_CODES
from geo.storage.schema import SERVICE_KINDS

if TYPE_CHECKING:
    from layers.view import View


def add_commands(sub: argparse._SubParsersAction, reads: argparse.ArgumentParser) -> None:
    """``export map|pack|data`` and ``publish``, reading the store ``reads`` names."""
    export = sub.add_parser(
        "export",
        help="export a map sheet (PNG/PDF) or data (GIS formats, spreadsheets)",
        description="export a map sheet (PNG/PDF) or data (GIS formats, spreadsheets)",
    )
    what = export.add_subparsers(dest="what", required=True, metavar="{map,data,pack}")
    _add_map(what, reads)
    _add_pack(what, reads)
    _add_data(what, reads)
    publish = add_command(
        sub, "publish", _cmd_publish, "write the public map as a folder: index.html and its pieces", parents=[reads]
    )
    publish.add_argument("--out", type=Path, required=True, metavar="DIR", help="a new folder, e.g. public_map")
    publish.add_argument("--lang", choices=("en", "hi"), default="en", help="language shown first (both included)")
    publish.add_argument("--as-of", metavar="DATE")
    publish.add_argument("--aadhaar-km", type=float, default=10.0, metavar="KM")


def _add_map(what: argparse._SubParsersAction, reads: argparse.ArgumentParser) -> None:
    emap = add_command(
        what, "map", _cmd_export_map, "a printable map sheet of one map theme (PNG or PDF)", parents=[reads]
    )
    emap.add_argument(
        "--layer",
        required=True,
        metavar="THEME",
        help="panchayats, connectivity, bharatnet, jharnet, csc, aadhaar, library, pmgdisha or gaps",
    )
    emap.add_argument("--format", choices=("png", "pdf"), default=None, help="default: from --out")
    emap.add_argument("--paper", choices=("A4", "A3"), default="A4", type=str.upper)
    emap.add_argument("--landscape", action="store_true", help="landscape (default portrait)")
    emap.add_argument("--dpi", type=int, default=None, metavar="N", help="PNG resolution (default 150)")
    emap.add_argument(
        "--lang",
        choices=LANG_CODES,
        default="en",
        help="language of every text on the sheet (hi-u-nu-deva: Hindi with Devanagari digits)",
    )
    emap.add_argument("--per-block", action="store_true", help="PDF map book: a district page and one per block")
    emap.add_argument("--as-of", metavar="DATE", help="status as of this date (YYYY-MM-DD); default latest")
    emap.add_argument("--aadhaar-km", type=float, default=10.0, metavar="KM")
    emap.add_argument("--out", type=Path, required=True, metavar="FILE", help=".png or .pdf")
    district_option(emap, "the map of one district of the store (default: the whole store)")


def _add_pack(what: argparse._SubParsersAction, reads: argparse.ArgumentParser) -> None:
    epack = add_command(
        what,
        "pack",
        _cmd_export_pack,
        "the meeting pack: A4 landscape PDF, a cover, the directions' action taken, a page per agenda item",
        parents=[reads],
    )
    epack.add_argument(
        "--lang",
        choices=LANG_CODES,
        default="en",
        help="language of every text in the pack (hi-u-nu-deva: Hindi with Devanagari digits)",
    )
    epack.add_argument("--as-of", metavar="DATE", help="figures as of this date (YYYY-MM-DD); default latest")
    epack.add_argument("--since", metavar="DATE", help="the review to compare with; default the last one before")
    epack.add_argument("--aadhaar-km", type=float, default=10.0, metavar="KM")
    epack.add_argument("--out", type=Path, required=True, metavar="FILE", help="a .pdf file")
    district_option(epack, "the pack of one district of the store (its figures, maps and directions)")


def _add_data(what: argparse._SubParsersAction, reads: argparse.ArgumentParser) -> None:
    edata = add_command(
        what,
        "data",
        _cmd_export_data,
        "one data layer as GeoJSON, GeoPackage, KML, Shapefile, CSV or XLSX",
        parents=[reads],
    )
    edata.add_argument("--layer", required=True, choices=("panchayats", "services", "villages", "gaps", "blocks"))
    edata.add_argument(
        "--format",
        choices=("geojson", "gpkg", "kml", "shp", "csv", "xlsx"),
        default=None,
        help="default: from --out (.zip means a zipped Shapefile)",
    )
    edata.add_argument("--kind", choices=SERVICE_KINDS, help="services of this kind only (--layer services)")
    edata.add_argument(
        "--include-private", action="store_true", help="EDITORS ONLY: keep operator names, phone numbers and remarks"
    )
    edata.add_argument("--as-of", metavar="DATE")
    edata.add_argument("--aadhaar-km", type=float, default=10.0, metavar="KM")
    edata.add_argument("--out", type=Path, required=True, metavar="FILE")
    district_option(edata, "the layer of one district of the store (default: every district)")


def _cmd_export_map(args: argparse.Namespace) -> int:
    from layers.sheet import SheetLayout, sheet_format, write_map_sheet

    fmt = args.format or sheet_format(args.out)
    data = read_district(args)
    pages = "a district page and one page per block" if args.per_block else "one page"
    progress(f"drawing {args.layer} on {args.paper} {'landscape' if args.landscape else 'portrait'}, {pages}")
    path = write_map_sheet(
        args.out,
        data,
        args.layer,
        layout=SheetLayout(fmt=fmt, paper=args.paper, landscape=args.landscape, dpi=args.dpi, per_block=args.per_block),
        view=view_of(args),
    )
    print(path)
    return EXIT_OK


def _cmd_export_pack(args: argparse.Namespace) -> int:
    from layers.pack import write_pack

    data = read_district(args)
    progress(f"drawing the meeting pack ({args.lang}): a cover, the action taken, a page per item")
    path = write_pack(args.out, data, view=view_of(args))
    print(path)
    return EXIT_OK


def _cmd_export_data(args: argparse.Namespace) -> int:
    from geo.exports.export import format_for_path, write_export

    fmt = args.format or format_for_path(args.out)
    data = read_district(args, private=args.include_private)
    if args.include_private:
        progress("including PRIVATE fields (operator names, phone numbers, remarks): do not publish this file")
    progress(f"exporting {args.layer} as {fmt}")
    path = write_export(
        args.out,
        data,
        args.layer,
        fmt,
        include_private=args.include_private,
        as_of=args.as_of,
        aadhaar_km=args.aadhaar_km,
        kind=args.kind,
    )
    print(path)
    return EXIT_OK


def _cmd_publish(args: argparse.Namespace) -> int:
    from layers.publish import write_public_map

    data = read_data(args)
    progress("building the public map (English and Hindi, public layers and fields only)")
    path = write_public_map(args.out, data, view=view_of(args))
    first = (path / "index.html").stat().st_size
    total = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    progress(
        f"{first / 1e6:.1f} MB first load, {total / 1e6:.1f} MB in all; "
        "open index.html from disk or host the folder as static files"
    )
    print(path)
    return EXIT_OK


def view_of(args: argparse.Namespace) -> View:
    """The :class:`layers.view.View` a command asks for (``--lang``, ``--as-of``, ``--since``, ``--aadhaar-km``)."""
    from layers.view import View

    return View(lang=args.lang, as_of=args.as_of, since=getattr(args, "since", None), aadhaar_km=args.aadhaar_km)
