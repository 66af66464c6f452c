"""What every command shares: exit codes, the store it reads, progress on stderr, how a command is registered."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from geo.errors import GeoInputError
from geo.storage.location import StoreLocation, is_postgis_url, shown_store, shown_url, store_location
from geo.storage.store import STORE_ENV, StoreData, read_store, working_store
from geo.text import t

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
        type=store_location,
        default=None,
        metavar="PATH|URL",
        help="the store: a GeoPackage file or a PostGIS server's postgresql://user:password@host:port/database"
        f"[?schema=NAME] (default: ${STORE_ENV}, else var/store.gpkg, the app's working store)",
    )
    return common


def writer_store_option() -> argparse.ArgumentParser:
    """``--store`` of the commands that write a store or its accounts (a parent parser)."""
    store = argparse.ArgumentParser(add_help=False)
    store.add_argument(
        "--store",
        type=store_location,
        default=None,
        metavar="PATH",
        help=f"the GeoPackage store (default: ${STORE_ENV}, else var/store.gpkg); an import into a path that "
        "does not exist creates a new, empty store (not DEMO); a PostGIS server store is not written yet",
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


def store_path(args: argparse.Namespace) -> StoreLocation:
    """The store of this command (``--store``, ``$PANCHAYAT_STORE`` or the working store), said on stderr.

    A GeoPackage's path, or a PostGIS URL (said without its password).
    """
    if args.store is None:
        configured = os.environ.get(STORE_ENV)
        args.store = configured if configured and is_postgis_url(configured) else working_store(configured)
        origin = f"${STORE_ENV}" if configured else "the working store; set --store or $" + STORE_ENV
        progress(f"store: {shown_store(args.store)} ({origin})")
    else:
        progress(f"store: {shown_store(args.store)}")
    return args.store


def local_store(args: argparse.Namespace, *, reads: str) -> Path:
    """The command's store, which must be a GeoPackage file (``check`` reads the file itself).

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.
    reads : str
        What the command reads that only a GeoPackage has ("a GeoPackage file, its history and snapshots").

    Raises
    ------
    GeoInputError
        For a PostGIS URL, in one sentence: why, and how to check a copy.
    """
    store = store_path(args)
    if is_postgis_url(store):
        msg = (
            f"`python -m geo {args.command}` reads {reads}, which on a server store ({shown_url(store)}) does not "
            "apply: the database keeps its tables consistent itself; nothing was changed — to check a copy, copy it "
            "to a GeoPackage (`python -m geo copy --from URL --to work.gpkg`) and run the command with "
            "--store work.gpkg"
        )
        raise GeoInputError(msg)
    return store


def read_data(args: argparse.Namespace, *, private: bool = False) -> StoreData:
    """The command's store, read; a DEMO store is said as such on stderr."""
    data = read_store(store_path(args), private=private)
    if data.is_demo:
        progress(t("cli.demo_state" if len(data.districts) > 1 else "cli.demo_district", "en"))
    return data


def district_option(command: argparse.ArgumentParser, help_text: str) -> None:
    """``--district NAME|CODE``: the command works on the store restricted to that district."""
    command.add_argument("--district", metavar="NAME|CODE", help=help_text)


def read_district(args: argparse.Namespace, *, private: bool = False) -> StoreData:
    """The command's store (:func:`read_data`), restricted to ``--district`` when given.

    A district's own layers, figures, directions and reports (:meth:`StoreData.only_district`);
    a name or code the store does not hold is a :class:`GeoInputError` listing its districts.
    """
    data = read_data(args, private=private)
    return data.only_district(data.find_district(args.district)) if args.district else data


def user_name(args: argparse.Namespace) -> str:
    """Who runs the command: ``--user``, else the login name."""
    import getpass

    return args.user or getpass.getuser() or "cli"
