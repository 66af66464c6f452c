"""Separate writer processes for the race tests, started quickly.

``spawn`` starts each process from scratch, importing geopandas, GDAL and the project again: ten
writers cost 45 s on two cores before any of them writes. ``forkserver`` forks each one from a
server process that imported those once, and like ``spawn`` (unlike ``fork``) the server holds no
connection, lock or thread of the test, so every writer still opens its own connections to the
store, as two people's processes do.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.context import BaseContext

#: What every writer imports; the server imports it once (the test's own module is imported per writer).
PRELOAD = ["geopandas", "psycopg", "geo.storage.store", "geo.storage.edits", "geo.importing", "cli"]


def writers() -> BaseContext:
    """The multiprocessing context the race tests start their writers from."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context
