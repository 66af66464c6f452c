"""The store's own commands: ``demo``, ``validate``, ``check``, ``history``, ``rollback``, ``copy``."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import EXIT_OK, EXIT_PROBLEMS, add_command, local_store, progress, store_path, user_name
from geo.errors import GeoInputError
from geo.storage.location import shown_store
from geo.storage.store import DEMO_STORE, read_store


def add_demo(sub: argparse._SubParsersAction) -> None:
    """``demo``: regenerate the DEMO store, or write the DEMO state."""
    demo = add_command(sub, "demo", _cmd_demo, "regenerate the deterministic DEMO store")
    demo.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"where to write (default: the shipped {DEMO_STORE.name}; required with --state); never over a store "
        "of real data",
    )
    demo.add_argument(
        "--state",
        action="store_true",
        help="write the DEMO state instead: 24 synthetic districts, 263 blocks, 4,345 panchayats, about 32,000 "
        "villages with their boundaries, services and two reviews of history (deterministic, under a minute)",
    )


def add_checks(sub: argparse._SubParsersAction, reads: argparse.ArgumentParser) -> None:
    """``validate`` (the data contract) and ``check`` (the file, its history and snapshots)."""
    add_command(
        sub,
        "validate",
        _cmd_validate,
        "check the store against the data contract and list every problem",
        parents=[reads],
    )
    add_command(
        sub,
        "check",
        _cmd_check,
        "check that the store's file, layers, history and snapshots are intact; if "
        "not, say how to get back to the last good version (exit 1)",
        parents=[reads],
    )


def add_versions(sub: argparse._SubParsersAction, writes: argparse.ArgumentParser) -> None:
    """``history`` and ``rollback``: the store's versions."""
    add_command(sub, "history", _cmd_history, "list the store's versions (imports, rollbacks)", parents=[writes])
    rollback = add_command(
        sub, "rollback", _cmd_rollback, "restore the store as it was before VERSION", parents=[writes]
    )
    rollback.add_argument("version", type=int, metavar="VERSION")
    rollback.add_argument("--user", default=None, metavar="NAME")


def add_copy(sub: argparse._SubParsersAction) -> None:
    """``copy``: a whole store from a GeoPackage or PostGIS to the other (or the same) kind."""
    copy = add_command(
        sub,
        "copy",
        _cmd_copy,
        "copy a whole store (layers, history, accounts) between a GeoPackage file and a PostGIS database",
    )
    copy.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="STORE",
        help="the store to copy: a GeoPackage path or postgresql://user:password@host:port/database[?schema=NAME]",
    )
    copy.add_argument(
        "--to", dest="target", required=True, metavar="STORE", help="where to copy it (a path or a URL, as --from)"
    )
    copy.add_argument(
        "--replace", action="store_true", help="write over a target that already holds a store (its content is lost)"
    )
    copy.add_argument("--user", default=None, metavar="NAME", help="who copies (default: your login name)")


def _cmd_demo(args: argparse.Namespace) -> int:
    from geo.storage.demo import write_demo
    from geo.storage.demo_state import write_demo_state

    if args.state and args.out is None:
        msg = "demo --state needs --out PATH (e.g. --out state.gpkg); the shipped DEMO store is the district's"
        raise GeoInputError(msg)
    target = args.out or DEMO_STORE
    if target.exists() and not read_store(target).is_demo:
        msg = (
            f"{target} holds a store of real data (meta.is_demo is not true); the DEMO is never written over it "
            "— choose another --out"
        )
        raise GeoInputError(msg)
    if args.state:
        progress(f"generating the DEMO state into {target}")
        print(write_demo_state(target))
    else:
        progress(f"generating the DEMO district into {target}")
        print(write_demo(target))
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from geo.storage.validate import validate_store

    data = read_store(store_path(args))
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
    from geo.storage.check import check_store

    found = check_store(local_store(args, reads="a GeoPackage file, its history and snapshots"))
    print(found.text())
    return EXIT_OK if found.intact else EXIT_PROBLEMS


def _cmd_history(args: argparse.Namespace) -> int:
    from geo.storage.versions import list_versions

    log = list_versions(store_path(args))
    if log.empty:
        print(f"{shown_store(args.store)} has no versions yet (imports and rollbacks create them)")
        return EXIT_OK
    table = log[["version", "at", "who", "action", "file", "state", "problems"]]
    table = table.rename(columns={"problems": "warnings"})
    print(table.to_string(index=False))
    print("rollback VERSION restores the store as it was just before that version")
    return EXIT_OK


def _cmd_rollback(args: argparse.Namespace) -> int:
    from geo.storage.check import ensure_restorable
    from geo.storage.versions import rollback

    ensure_restorable(store_path(args), args.version)
    new = rollback(args.store, args.version, user=user_name(args), on_wait=progress)
    shown = shown_store(args.store)
    print(f"restored {shown} to before version {args.version}; the state before the rollback is version {new}")
    return EXIT_OK


def _cmd_copy(args: argparse.Namespace) -> int:
    from geo.storage.location import shown_store
    from geo.storage.postgis import copy_store

    progress(f"copying {shown_store(args.source)} to {shown_store(args.target)}")
    report = copy_store(args.source, args.target, user=user_name(args), replace=args.replace)
    for line in report.lines():
        print(line)
    return EXIT_OK
