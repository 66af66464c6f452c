"""The whole command line: every subcommand, in the order ``--help`` lists them."""

from __future__ import annotations

import argparse

from cli import access, analysis, directions, exports, imports, inspections, store, users
from cli.common import reader_store_option, writer_store_option


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser: each parsed subcommand carries its ``handler``.

    Returns
    -------
    argparse.ArgumentParser
        ``python -m geo``, with every subcommand; ``parse_args(...).handler(args)`` runs one.
    """
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="Panchayat infrastructure GIS for a district: store, analysis and reports.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    reads, writes = reader_store_option(), writer_store_option()
    store.add_demo(sub)
    analysis.add_commands(sub, reads)
    store.add_checks(sub, reads)
    access.add_commands(sub, reads)
    inspections.add_commands(sub, reads)
    directions.add_commands(sub, reads, writes)
    imports.add_commands(sub, writes)
    store.add_versions(sub, writes)
    store.add_copy(sub)
    users.add_commands(sub, writes)
    exports.add_commands(sub, reads)
    return parser
