"""What every command shares: exit codes, the store it reads, progress on stderr, how a command is registered."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from geo.storage.store import STORE_ENV, StoreData, read_store, working_store

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2
#: Set (e.g. ``PANCHAYAT_DEBUG=1``) to see the traceback of a failure, for a bug report.
DEBUG_ENV = "PANCHAYAT_DEBUG"

#: What a command does with the parsed command line; returns the exit code.
Handler = Callable[[argparse.Namespace], int]


def reader_store_option() -> argparse.ArgumentParser:
    """``--store`` of the commands that read a store (a parent parser)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--store",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"the GeoPackage store (default: ${STORE_ENV}, else var/store.gpkg, the app's working store)",
    )
    return common


def writer_store_option() -> argparse.ArgumentParser:
    """``--store`` of the commands that write a store or its accounts (a parent parser)."""
    store = argparse.ArgumentParser(add_help=False)
    store.add_argument(
        "--store",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"the store (default: ${STORE_ENV}, else var/store.gpkg); an import into a path that "
        "does not exist creates a new, empty store (not DEMO)",
    )
    return store


def add_command(
    subparsers: argparse._SubParsersAction,
    name: str,
    handler: Handler,
    help_text: str,
    *,
    parents: Sequence[argparse.ArgumentParser] = (),
) -> argparse.ArgumentParser:
    """Register subcommand ``name`` running ``handler``, with ``help_text`` as help and description."""
    cmd = subparsers.add_parser(name, parents=list(parents), help=help_text, description=help_text)
    cmd.set_defaults(handler=handler)
    return cmd


def progress(message: str) -> None:
    """Say on stderr what the command is doing (results go to stdout or a file)."""
    print(f"… {message}", file=sys.stderr, flush=True)


def store_path(args: argparse.Namespace) -> Path:
    """The store of this command (``--store``, ``$PANCHAYAT_STORE`` or the working store), said on stderr."""
    if args.store is None:
        configured = os.environ.get(STORE_ENV)
        args.store = working_store(configured)
        origin = f"${STORE_ENV}" if configured else "the working store; set --store or $" + STORE_ENV
        progress(f"store: {args.store} ({origin})")
    else:
        progress(f"store: {args.store}")
    return args.store


def read_data(args: argparse.Namespace, *, private: bool = False) -> StoreData:
    """The command's store, read; a DEMO store is said as such on stderr."""
    data = read_store(store_path(args), private=private)
    if data.is_demo:
        progress("DEMO DATA: synthetic district, not official figures")
    return data


def user_name(args: argparse.Namespace) -> str:
    """Who runs the command: ``--user``, else the login name."""
    import getpass

    return args.user or getpass.getuser() or "cli"
