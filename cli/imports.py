"""Bringing a district's own files into a store: ``import KIND FILE`` (checked, previewed, versioned)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.common import EXIT_OK, EXIT_PROBLEMS, add_command, progress, store_path, user_name
from geo.errors import GeoInputError
from geo.importing.kinds import ImportKind, Option, import_kind, import_kinds
from geo.storage.identity import DistrictIdentity
from geo.storage.location import shown_store
from geo.storage.store import read_store, store_revision

#: Bytes in one MB, as --max-mb counts them.
_MB = 1024 * 1024
#: The ``--ROLE-col`` options every kind has, as each kind's importer names the role.
_ROLES = ("code", "name", "name_hi", "block", "lat", "lon", "wkt", "population")


def add_commands(sub: argparse._SubParsersAction, writes: argparse.ArgumentParser) -> None:
    """``import KIND``, one subcommand per import kind, into the store ``writes`` names."""
    imp = sub.add_parser(
        "import",
        help="bring a district's own file into a store (checked, versioned)",
        description="Import a file into a store. Errors: nothing changes (exit 1); "
        "names to confirm: FILE.matches.csv is written (exit 1).",
    )
    kinds = imp.add_subparsers(dest="kind", required=True, metavar="KIND")
    parents = [writes, _file_options()]
    for kind in import_kinds():
        _add_kind(add_command(kinds, kind.name, _cmd_import, kind.help("en"), parents=parents), kind)


def _file_options() -> argparse.ArgumentParser:
    """The options of every import: the file, the dry run, the limits, who imports and which column is what."""
    from geo.importing.readers import MAX_FILE_BYTES, MAX_ROWS

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
    options.add_argument(
        "--max-mb",
        dest="max_bytes",
        type=_size_limit,
        default=MAX_FILE_BYTES,
        metavar="N",
        help=f"refuse a file larger than N MB (default {MAX_FILE_BYTES // _MB})",
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


def _add_kind(cmd: argparse.ArgumentParser, kind: ImportKind) -> None:
    """The options only some kinds have, on ``import KIND``, as the kind declares them."""
    groups: dict[str, argparse._ArgumentGroup] = {}
    for option in kind.options:
        if option.flag is None:
            continue
        into = cmd if option.group is None else groups.setdefault(option.group, cmd.add_argument_group(option.group))
        into.add_argument(option.flag, **_argument(option))


def _argument(option: Option) -> dict[str, object]:
    """``add_argument``'s keywords for ``option`` (a ``bool`` option is a flag; unset settings are left out)."""
    settings: dict[str, object] = {"help": option.help("en") if option.help is not None else None}
    if option.type is bool:
        return settings | {"action": "store_true"}
    given = {
        "dest": option.dest,
        "type": option.type,
        "default": option.default,
        "choices": option.choices,
        "metavar": option.metavar,
        "required": option.required or None,
    }
    return {name: value for name, value in given.items() if value is not None} | settings


def _cmd_import(args: argparse.Namespace) -> int:
    """``import KIND FILE``: the kind's importer options from the command line, then :func:`_run_import`."""
    kind = import_kind(args.kind)
    roles = _column_roles(args, kind)
    if not kind.roles:
        _refuse_inspection_options(args, roles)
        return _run_import(args, {"user": user_name(args)})
    _refuse_roles(kind, roles)
    taken = {role: column for role, column in roles.items() if role not in kind.refused_roles}
    options: dict[str, object] = {"columns": _with_col_pairs(taken, args.col)}
    if args.accept_matches is not None:
        from geo.importing.matching import read_confirmations

        options["confirmed"] = read_confirmations(args.accept_matches)
    options |= _layer_options(args) if kind.located else _sheet_options(args)
    return _run_import(args, options | _kind_options(args, kind))


def _column_roles(args: argparse.Namespace, kind: ImportKind) -> dict[str, str | None]:
    """The ``--ROLE-col`` options, each under the name the kind's importer gives the role."""
    return {kind.role_flags.get(role, role): getattr(args, f"{role}_col") for role in _ROLES}


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


def _refuse_roles(kind: ImportKind, roles: dict[str, str | None]) -> None:
    """A column option the kind's file cannot have is an error saying why (sheets: no coordinates, …)."""
    given = [role for role in kind.refused_roles if roles.get(role)]
    if not given:
        return
    if not kind.located:
        raise GeoInputError(f"--{given[0].replace('_', '-')}-col does not apply to a {kind.name} sheet")
    if "population" in given:
        raise GeoInputError(f"--population-col applies to villages only, not to {kind.name}")
    flags = ", ".join(f"--{role.replace('_', '-')}-col" for role in given)
    raise GeoInputError(kind.refusal.format(flags=flags, kind=kind.name))


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
    """The importer's options for a sheet of figures (status, certificates): who imports; it has no CRS."""
    if args.crs:
        raise GeoInputError(f"--crs does not apply to a {args.kind} sheet (it has no coordinates)")
    return {"user": user_name(args)}


def _layer_options(args: argparse.Namespace) -> dict[str, object]:
    """The importer's options for a layer with geometry (boundaries, villages, services, roads, water): its CRS."""
    return {"crs": args.crs}


def _kind_options(args: argparse.Namespace, kind: ImportKind) -> dict[str, object]:
    """The kind's own options from the command line, under the importer's keywords (the district's parts as one)."""
    options: dict[str, object] = {}
    for option in kind.options:
        if option.flag is not None and option.part_of is None:
            options[option.name] = getattr(args, option.dest or option.flag.lstrip("-").replace("-", "_"))
    if any(option.part_of == "district" for option in kind.options):
        options["district"] = _given_identity(args)
    return options


def _run_import(args: argparse.Namespace, options: dict[str, object]) -> int:
    """Check the file, preview the change, write names to confirm or apply it (the tail of every ``import``)."""
    from geo.importing import apply_import, import_file
    from geo.importing.matching import write_confirmations

    store_path(args)
    store = read_store(args.store, private=True) if store_revision(args.store) is not None else None
    if store is None:
        if import_kind(args.kind).needs_store:
            raise GeoInputError(
                f"store {shown_store(args.store)} does not exist; import boundaries (or villages) into it first"
            )
        progress(f"{shown_store(args.store)} does not exist: a new, empty store (not DEMO) will be created")
    progress(f"reading {args.file}")
    result = import_file(
        args.kind,
        store,
        args.file,
        skip_invalid=args.skip_invalid,
        max_rows=args.max_rows,
        max_bytes=args.max_bytes,
        **options,
    )
    print(result.text())
    if result.rejected is not None and len(result.rejected):
        from geo.exports.tables import write_tables

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
        rows = import_kind(args.kind).row_noun
        print(f"nothing new: every {rows} of {args.file.name} is already in the store or left out; nothing was applied")
        return EXIT_OK
    if args.dry_run:
        print("dry run: nothing was applied")
        return EXIT_OK
    version = apply_import(args.store, result, user=user_name(args), on_wait=progress)
    shown = shown_store(args.store)
    print(f"applied as version {version} of {shown} ({len(result.warnings)} warning(s) kept in its report)")
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


def _size_limit(text: str) -> int:
    """``--max-mb``: a whole number of MB of at least 1, in bytes."""
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of MB of at least 1, got {text!r}")
    return int(text) * _MB
