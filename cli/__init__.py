"""The command line: ``python -m geo SUBCOMMAND [--store PATH] ...``.

A face beside the app: it may import ``geo/`` and ``layers/``; nothing in ``geo/``
imports it (``geo/__main__.py`` only hands over to :func:`main`).

Every subcommand reads (or writes) one store: ``--store``, else ``$PANCHAYAT_STORE``,
else ``var/store.gpkg`` (a working copy of the DEMO store, the same one the app
edits), and says which on stderr. Errors are one sentence on stderr and exit code
2, never a traceback (``PANCHAYAT_DEBUG=1`` adds it, for a bug report); progress
goes to stderr, results to stdout or the ``--out`` file.

Modules, by job: :mod:`cli.parser` (the whole command line), :mod:`cli.store`
(demo, validate, check, history, rollback), :mod:`cli.analysis` (summary, nearest,
gaps), :mod:`cli.access` (access, site), :mod:`cli.inspections`, :mod:`cli.imports`,
:mod:`cli.users`, :mod:`cli.exports` (export, publish), :mod:`cli.reference` (the
generated ``docs/cli.md``); :mod:`cli.common` and :mod:`cli.failures` are shared.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence

from cli.common import DEBUG_ENV, EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS
from cli.failures import failure_text
from cli.parser import build_parser

__all__ = ["DEBUG_ENV", "EXIT_ERROR", "EXIT_OK", "EXIT_PROBLEMS", "build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code.

    Every failure ends in one line on stderr and exit code 2: the message of an
    error the user can act on as it is; a full disk, a damaged or busy store said
    as such (:func:`geo.storage.check.diagnose`); anything else as an unexpected failure
    with how to report it. The traceback is printed only when ``$PANCHAYAT_DEBUG``
    is set.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return EXIT_ERROR
    except Exception as err:  # the face's last line: whatever failed is said in one sentence, never a traceback
        print(f"error: {failure_text(err, args)}", file=sys.stderr)
        if os.environ.get(DEBUG_ENV):
            traceback.print_exc()
        return EXIT_ERROR
