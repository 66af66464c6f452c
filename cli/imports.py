"""Bringing a district's own files into a store: ``import KIND FILE`` (checked, previewed, versioned)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.common import EXIT_OK, EXIT_PROBLEMS, add_command, progress, store_path, user_name
from geo.errors import GeoInputError
from geo.identity import DistrictIdentity
from geo.schema import SERVICE_KINDS
from geo.store import read_store

#: Each kind's line in ``import --help``.
_HELPS = {
    "boundaries": "panchayat/block/district polygons (GeoJSON, zipped Shapefile, GeoPackage, KML)",
    "villages": "villages from CSV/XLSX with WKT or latitude/longitude",
    "services": "service points of one kind from CSV/XLSX with latitude/longitude",
    "status": "a review sheet: one row per panchayat, status columns, an as-of date",
    "certificates": "a JharSewa report: block, certificate type, as-of date, received, disposed, pending",
    "inspections": "the inspection form's submissions, exported from ODK Central (CSV) or KoboToolbox (XLSX)",
    "roads": "the road network, replacing the store's (GeoPackage, GeoJSON, zipped Shapefile; e.g. an "
    "OpenStreetMap extract with 'highway' or 'fclass')",
    "water": "rivers, reservoirs and ponds as polygons, replacing the store's (GeoPackage, GeoJSON, zipped Shapefile)",
}
#: Kinds that are tables of figures, without coordinates.
_SHEETS = ("status", "certificates")
#: The ``--ROLE-col`` options every kind has, as each kind's importer names the role.
_ROLES = ("code", "name", "name_hi", "block", "lat", "lon", "wkt", "population")
#: The ``--ROLE-col`` options a kind's file cannot have (a sheet has no coordinates, a GIS layer its geometry).
_NOT_TAKEN = {
    "status": ("lat", "lon", "wkt", "population", "name_hi"),
    "certificates": ("lat", "lon", "wkt", "population", "name_hi"),
    "boundaries": ("population", "lat", "lon", "wkt"),
    "services": ("population",),
    "roads": ("population", "block", "lat", "lon", "wkt", "name_hi"),
    "water": ("population", "block", "lat", "lon", "wkt"),
}
#: How a kind's importer names the code and name roles (a village's code is its census code, …).
_RENAMES = {
    "villages": {"code": "census_code", "name": "village_name"},
    "services": {"code": "id"},
    "status": {"code": "panchayat_code", "name": "panchayat_name"},
    "certificates": {"code": "block_code"},
    "roads": {"code": "id"},
    "water": {"code": "id"},
}


def add_commands(sub: argparse._SubParsersAction, writes: argparse.ArgumentParser) -> None:
    """``import KIND``, one subcommand per import kind, into the store ``writes`` names."""
    from geo.importing import IMPORT_KINDS

    imp = sub.add_parser(
        "import",
        help="bring a district's own file into a store (checked, versioned)",
        description="Import a file into a store. Errors: nothing changes (exit 1); "
        "names to confirm: FILE.matches.csv is written (exit 1).",
    )
    kinds = imp.add_subparsers(dest="kind", required=True, metavar="KIND")
    parents = [writes, _file_options()]
    for kind in IMPORT_KINDS:
        _add_kind(add_command(kinds, kind, _cmd_import, _HELPS[kind], parents=parents), kind)


def _file_options() -> argparse.ArgumentParser:
    """The options of every import: the file, the dry run, the limits, who imports and which column is what."""
    from geo.readers import MAX_ROWS

    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("file", type=Path, metavar="FILE", help="the file to import")
    options.add_argument("--dry-run", action="store_true", help="check and preview what would change; change nothing")
    options.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid rows; write the refused ones with their reasons to FILE.rejected.csv",
    )
    options.add_argument(
        "--accept-matches",
        type=Path,
        metavar="FILE",
        help="confirmed name matches (the edited FILE.matches.csv of an earlier run)",
    )
    options.add_argument("--user", default=None, metavar="NAME", help="who imports (default: the login name)")
    options.add_argument("--crs", metavar="EPSG", help="the file's CRS when it states none or a wrong one")
    options.add_argument(
        "--max-rows",
        type=_row_limit,
        default=MAX_ROWS,
        metavar="N",
        help=f"refuse a file of more rows or features than N (default {MAX_ROWS:,})",
    )
    for role in ("code", "name", "name-hi", "block", "lat", "lon", "wkt", "population"):
        options.add_argument(f"--{role}-col", metavar="COLUMN", help=f"the column holding the {role.replace('-', ' ')}")
    options.add_argument(
        "--col",
        action="append",
        default=[],
        metavar="ROLE=COLUMN",
        help="any other column role, e.g. panchayat_code=GP_LGD (repeatable)",
    )
    return options


def _add_kind(cmd: argparse.ArgumentParser, kind: str) -> None:
    """The options only some kinds have, on ``import KIND``."""
    if kind in ("boundaries", "roads", "water"):
        cmd.add_argument("--layer", metavar="NAME", help="the layer, when the file has several")
    if kind == "boundaries":
        cmd.add_argument("--level", choices=("panchayat", "block", "district"), default="panchayat")
    if kind in ("villages", "services"):
        cmd.add_argument("--swap-latlon", action="store_true", help="the file's latitude/longitude are swapped")
        cmd.add_argument(
            "--replace",
            action="store_true",
            help="make the layer exactly the file (default: add new codes, update known ones, keep the rest)",
        )
    if kind not in ("status", "certificates", "inspections"):
        cmd.add_argument(
            "--confirm-removal",
            action="store_true",
            help="allow an import that removes more than 5%% of a layer's rows or people",
        )
    if kind == "villages":
        cmd.add_argument(
            "--dissolve-to-panchayats", action="store_true", help="build panchayat polygons from the village polygons"
        )
        cmd.add_argument(
            "--keep-duplicate-codes",
            action="store_true",
            help="no longer needed: a village drawn in several parts (same code, name and "
            "panchayat) is joined without it",
        )
    if kind in ("boundaries", "villages"):
        _add_district_options(cmd)
    if kind == "services":
        _add_service_options(cmd)
    if kind == "status":
        cmd.add_argument(
            "--as-of",
            metavar="DATE",
            help="the date the sheet's statuses held (day first: 12.11.2020), for the rows without a "
            "date of their own; needed when the sheet has no date column",
        )


def _add_district_options(cmd: argparse.ArgumentParser) -> None:
    """``--strict`` and the district's name, code and expected counts (boundaries, villages)."""
    cmd.add_argument(
        "--strict",
        action="store_true",
        help="repair nothing: refuse invalid polygons and any overlap (default: repair them and list each repair)",
    )
    group = cmd.add_argument_group("the district (default: the file's district_name/district_code columns)")
    group.add_argument("--district-name", metavar="NAME", help="the district's name in English")
    group.add_argument("--district-name-hi", metavar="NAME", help="the district's name in Hindi")
    group.add_argument("--state", metavar="NAME", help="the state's name")
    group.add_argument("--district-code", metavar="CODE", help="the district's LGD code")
    group.add_argument(
        "--expected-panchayats",
        type=int,
        metavar="N",
        help="how many gram panchayats the district has (validation compares)",
    )
    group.add_argument("--expected-blocks", type=int, metavar="N", help="how many blocks it has")


def _add_service_options(cmd: argparse.ArgumentParser) -> None:
    """``--kind`` of the service points and ``--border-km`` (services)."""
    from geo.placement import BORDER_KM

    cmd.add_argument("--kind", dest="service_kind", required=True, choices=SERVICE_KINDS)
    cmd.add_argument(
        "--border-km",
        type=float,
        default=BORDER_KM,
        metavar="KM",
        help="keep points outside the district up to KM from its border, as serving border "
        f"villages (default {BORDER_KM:g}); points in no panchayat inside it are always kept",
    )


def _cmd_import(args: argparse.Namespace) -> int:
    """``import KIND FILE``: the kind's importer options from the command line, then :func:`_run_import`."""
    roles = _column_roles(args)
    if args.kind == "inspections":
        _refuse_inspection_options(args, roles)
        return _run_import(args, {"user": user_name(args)})
    _refuse_roles(args.kind, roles)
    taken = {role: column for role, column in roles.items() if role not in _NOT_TAKEN.get(args.kind, ())}
    options: dict[str, object] = {"columns": _with_col_pairs(taken, args.col)}
    if args.accept_matches is not None:
        from geo.matching import read_confirmations

        options["confirmed"] = read_confirmations(args.accept_matches)
    options |= _sheet_options(args) if args.kind in _SHEETS else _layer_options(args)
    return _run_import(args, options)


def _column_roles(args: argparse.Namespace) -> dict[str, str | None]:
    """The ``--ROLE-col`` options, each under the name the kind's importer gives the role."""
    renames = _RENAMES.get(args.kind, {})
    return {renames.get(role, role): getattr(args, f"{role}_col") for role in _ROLES}


def _refuse_inspection_options(args: argparse.Namespace, roles: dict[str, str | None]) -> None:
    """An inspections export has the form's own columns and no coordinates: any column or CRS option is an error."""
    given = [f"--{role.replace('_', '-')}-col" for role, value in roles.items() if value]
    given += [
        flag
        for flag, value in (("--col", args.col), ("--crs", args.crs), ("--accept-matches", args.accept_matches))
        if value
    ]
    if given:
        raise GeoInputError(
            f"{', '.join(given)}: not for an inspections export, whose columns are the form's own "
            "(as ODK Central or KoboToolbox name them); leave the option out"
        )


def _refuse_roles(kind: str, roles: dict[str, str | None]) -> None:
    """A column option the kind's file cannot have is an error saying why (sheets: no coordinates, …)."""
    given = [role for role in _NOT_TAKEN.get(kind, ()) if roles.get(role)]
    if not given:
        return
    if kind in _SHEETS:
        raise GeoInputError(f"--{given[0].replace('_', '-')}-col does not apply to a {kind} sheet")
    if "population" in given:
        raise GeoInputError(f"--population-col applies to villages only, not to {kind}")
    if kind == "boundaries":
        raise GeoInputError("--lat-col/--lon-col/--wkt-col do not apply to boundaries (they carry their geometry)")
    flags = ", ".join(f"--{role.replace('_', '-')}-col" for role in given)
    role = "highway" if kind == "roads" else "kind"
    raise GeoInputError(
        f"{flags}: not for a {kind} file (it carries its geometry); map the "
        f"{role} with --col {role}=COLUMN and the id with --code-col"
    )


def _with_col_pairs(roles: dict[str, str | None], pairs: list[str]) -> dict[str, str]:
    """The columns by role: the ``--ROLE-col`` options given, then each ``--col ROLE=COLUMN``."""
    columns = dict(roles)
    for pair in pairs:
        role, sep, column = pair.partition("=")
        if not sep:
            raise GeoInputError(f"--col {pair!r}: expected ROLE=COLUMN, e.g. panchayat_code=GP_LGD")
        columns[role.strip()] = column.strip()
    return {role: column for role, column in columns.items() if column}


def _sheet_options(args: argparse.Namespace) -> dict[str, object]:
    """The importer's options for a sheet of figures (status, certificates): who, and the status sheet's date."""
    if args.crs:
        raise GeoInputError(f"--crs does not apply to a {args.kind} sheet (it has no coordinates)")
    options: dict[str, object] = {"user": user_name(args)}
    if args.kind == "status":
        options["as_of"] = args.as_of
    return options


def _layer_options(args: argparse.Namespace) -> dict[str, object]:
    """The importer's options for a layer with geometry (boundaries, villages, services, roads, water)."""
    options: dict[str, object] = {"crs": args.crs, "confirm_removal": args.confirm_removal}
    if args.kind in ("boundaries", "roads", "water"):
        options["layer"] = args.layer
    if args.kind == "boundaries":
        options["level"] = args.level
    if args.kind in ("villages", "services"):
        options |= {"swap_latlon": args.swap_latlon, "replace": args.replace}
    if args.kind == "villages":
        options |= {
            "dissolve_to_panchayats": args.dissolve_to_panchayats,
            "keep_duplicate_codes": args.keep_duplicate_codes,
        }
    if args.kind in ("boundaries", "villages"):
        options |= {"district": _given_identity(args), "strict": args.strict}
    if args.kind == "services":
        options |= {"kind": args.service_kind, "border_km": args.border_km}
    return options


def _run_import(args: argparse.Namespace, options: dict[str, object]) -> int:
    """Check the file, preview the change, write names to confirm or apply it (the tail of every ``import``)."""
    from geo.importing import apply_import, import_file
    from geo.matching import write_confirmations

    store_path(args)
    store = read_store(args.store, private=True) if args.store.exists() else None
    if store is None:
        if args.kind in ("services", "status", "certificates", "inspections", "roads", "water"):
            raise GeoInputError(f"store {args.store} does not exist; import boundaries (or villages) into it first")
        progress(f"{args.store} does not exist: a new, empty store (not DEMO) will be created")
    progress(f"reading {args.file}")
    result = import_file(args.kind, store, args.file, skip_invalid=args.skip_invalid, max_rows=args.max_rows, **options)
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
        print(
            f"{len(result.pending)} name(s) need confirming: check and edit {matches} (matched_code), then run "
            f"again with --accept-matches {matches}; nothing was applied",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    if result.adds_nothing:
        rows = "submission" if args.kind == "inspections" else "row"
        print(f"nothing new: every {rows} of {args.file.name} is already in the store or left out; nothing was applied")
        return EXIT_OK
    if args.dry_run:
        print("dry run: nothing was applied")
        return EXIT_OK
    version = apply_import(args.store, result, user=user_name(args), on_wait=progress)
    print(f"applied as version {version} of {args.store} ({len(result.warnings)} warning(s) kept in its report)")
    return EXIT_OK


def _given_identity(args: argparse.Namespace) -> DistrictIdentity | None:
    """The district as the user names it on the command line (None when nothing is given)."""
    given = DistrictIdentity(
        name=args.district_name or "",
        name_hi=args.district_name_hi or "",
        state=args.state or "",
        code=args.district_code or "",
        code_kind="LGD" if args.district_code else "",
        expected_panchayats=args.expected_panchayats,
        expected_blocks=args.expected_blocks,
    )
    return None if given == DistrictIdentity() else given


def _row_limit(text: str) -> int:
    """``--max-rows``: a whole number of at least 1."""
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of rows of at least 1, got {text!r}")
    return int(text)
