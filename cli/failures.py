"""How a failure reads on the command line: one sentence, what it changed (nothing), what to do."""

from __future__ import annotations

import argparse

from cli.common import DEBUG_ENV
from geo.storage.location import is_postgis_url, shown_store

#: Subcommands that write the store (the others only read it).
_WRITERS = ("import", "rollback")

#: What a failure of each kind (:func:`geo.storage.check.diagnose`) says on the command line.
_FAILURE_TEXTS = {
    "disk_full": (
        "the disk is full ({detail}); nothing was written — the store and any earlier output file are as "
        "they were; free some space and run it again"
    ),
    "damaged": (
        "store {store} is damaged: {detail}; nothing was changed — run `python -m geo check --store {store}` "
        "to see what is wrong and how to get back to the last good version"
    ),
    "busy": (
        "store {store} is busy: another program (the app, QGIS, another command) is writing to it ({detail}); "
        "nothing was changed — try again in a minute"
    ),
    "denied": (
        "no permission to read or write {store} ({detail}); nothing was changed — check the file's owner and "
        "permissions"
    ),
}


def failure_text(err: Exception, args: argparse.Namespace) -> str:
    """One sentence on a failure: what happened, what it changed (nothing), what to do."""
    from geo.storage.check import diagnose

    given = getattr(args, "store", None)
    on_file = given is not None and not is_postgis_url(given)  # a server's failures are said by its own errors
    failure = diagnose(err, store=given if on_file else None)
    store = None if given is None else shown_store(given)  # a URL never with its password
    detail = failure.detail
    if failure.kind == "input":
        return detail
    if failure.kind in _FAILURE_TEXTS:
        return _FAILURE_TEXTS[failure.kind].format(detail=detail, store=store or "the file")
    command = " ".join(
        str(part)
        for part in (
            args.command,
            getattr(args, "kind", None) if args.command == "import" else getattr(args, "what", None),
        )
        if part
    )
    changed = (
        f"a change to the store is written whole or not at all: `python -m geo history --store {store}` shows "
        "whether it was applied"
        if args.command in _WRITERS
        else "the store was not changed"
    )
    return (
        f"`python -m geo {command}` failed unexpectedly ({detail}); {changed}. This is a bug: run the command "
        f"again with {DEBUG_ENV}=1 and send its output to the app's maintainers"
    )
