"""Serving a face: its first screens worked out before the first visitor, its front end compressed.

``serve.py`` and ``serve_public.py`` wrap ``app.py`` and ``public_app.py`` in a ``streamlit.App``
(``streamlit run serve.py``) with two additions to what ``streamlit run app.py`` does:

* :func:`warming`: as the server starts, a background thread imports the pages' modules and
  fills the caches every session shares (:mod:`ui.common`) with what the first screens read
  (:func:`warm_caches`), so the first visitor after a start waits as little as the second.
  A visitor who comes during the warm-up shares its work (a cached value is computed once).
* :class:`CompressedFrontEnd`: Streamlit serves its own front end (``/static/…``, ~5 MB of
  JavaScript on a first visit) and the map component's (``/component/…``) uncompressed, lest
  it compress the same files again on every request (``/app/static/`` it gzips itself).
  These files never change while the server runs, so here each is gzipped once, when first
  asked for, and kept: a first visit transfers about a quarter of the bytes. The map
  component's build files are named by their content's hash but sent without a lifetime, so
  the browser fetched its 225 KB script again for every map drawn (st_folium makes a new
  frame whenever a map changes: a pick, a theme); they are marked immutable.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import importlib
import re
import sqlite3
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit import runtime
from streamlit.components.v1.custom_component import CustomComponent
from streamlit.logger import get_logger

from geo.errors import GeoInputError

_LOG = get_logger(__name__)
#: What the server's log says once the first screens are worked out (``bench/faces.py`` waits for it).
READY = "first screens ready"
#: What each face's pages import (the warm-up imports it: the first visit finds it loaded).
PAGES = {
    "app": ("ui.data", "ui.export", "ui.card", "ui.mapview", "layers.slide", "layers.charts", "folium.plugins"),
    "public": ("ui.card", "ui.mapview", "geo.spatial.search", "folium.plugins"),
}
#: Where the files served compressed live: Streamlit's front end and custom components.
FRONT_END = ("/static/", "/component/")
#: A custom component's build files (named by their content's hash): kept by the browser for a year.
IMMUTABLE = re.compile(r"^/component/[^/]+/static/")
#: Content types worth compressing (fonts and images come compressed already).
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
#: gzip's level: 6 makes the front end 0.3 % larger than 9 in about half the time (the first visit waits for it).
GZIP_LEVEL = 6
#: Smaller responses are sent as they are (gzip's header would eat the saving).
MIN_COMPRESSED_BYTES = 1024


def warming(face: str) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """The ``lifespan`` of ``streamlit.App`` for ``face`` (``"app"`` or ``"public"``): warms up in the background.

    The server answers at once; :func:`warm` runs in a thread of its own.

    Raises
    ------
    ValueError
        For a face other than those of :data:`PAGES`.
    """
    if face not in PAGES:
        msg = f"face should be one of {sorted(PAGES)}, got {face!r}"
        raise ValueError(msg)

    @asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        threading.Thread(target=warm, args=(face,), name=f"warm-{face}", daemon=True).start()
        yield

    return lifespan


def warm(face: str) -> None:
    """Import what ``face``'s pages import, then work out its first screens (:func:`ui.warmup.warm_caches`).

    A store that cannot be read is only logged: the first visit says what is wrong, as it always does.
    """
    start = time.perf_counter()
    for module in PAGES[face]:
        importlib.import_module(module)
    register_components()
    # Imported here, with the runtime running: Streamlit's caches are made for the runtime they find.
    from ui.warmup import warm_caches

    try:
        warm_caches(public=face == "public")
    except (OSError, GeoInputError, sqlite3.Error) as err:
        _LOG.warning("the first screens were not worked out ahead (%s); the first visit will say why", err)
        return
    _LOG.info("%s in %.1f s", READY, time.perf_counter() - start)


def register_components() -> None:
    """Register with the runtime every custom component a module declared outside a page's run.

    Streamlit registers a component (``streamlit_folium``'s map) when its module is imported
    during a page's run; imported first by the warm-up thread, it would never be, and every
    map would answer "trouble loading the component" (its files 404). Registering it here is
    what that import would have done.
    """
    registry = runtime.get_instance().component_registry
    for module in list(sys.modules.values()):
        for value in list(vars(module).values()):
            if isinstance(value, CustomComponent) and registry.get_component_path(value.name) is None:
                registry.register_component(value)


class CompressedFrontEnd:
    """ASGI middleware: front-end files (under :data:`FRONT_END`) gzipped once each, then served from memory.

    Only a ``GET`` that accepts gzip, without ``Range``, of a whole (200) compressible
    response of at least :data:`MIN_COMPRESSED_BYTES`; everything else passes as it was,
    except that a component's build file (:data:`IMMUTABLE`) is marked to be kept.
    A file is kept by its path and content's digest, so a file that changed is compressed anew.
    """

    def __init__(self, app: ASGIApp, *, prefixes: tuple[str, ...] = FRONT_END) -> None:
        self.app = app
        self.prefixes = prefixes
        self._packed: dict[tuple[str, str], bytes] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; compress the response when it is a front-end file, mark a component's to be kept."""
        compress = self._applies(scope)
        immutable = scope["type"] == "http" and IMMUTABLE.match(scope["path"]) is not None
        if not compress and not immutable:
            await self.app(scope, receive, send)
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            else:  # anything else (e.g. a path to send): not ours to rewrite
                await send(message)

        await self.app(scope, receive, keep)
        if not start:
            return
        body = b"".join(chunks)
        headers = MutableHeaders(raw=list(start.get("headers", [])))
        if immutable and start["status"] == 200:
            headers["cache-control"] = "public, max-age=31536000, immutable"
        if compress and self._compressible(start["status"], headers, body):
            body = await self._packed_body(scope["path"], body)
            headers["content-encoding"] = "gzip"
            headers["content-length"] = str(len(body))
            headers.add_vary_header("Accept-Encoding")
        await send({**start, "headers": headers.raw})
        await send({"type": "http.response.body", "body": body})

    def _applies(self, scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(self.prefixes):
            return False
        headers = Headers(scope=scope)
        return "gzip" in headers.get("accept-encoding", "") and "range" not in headers

    @staticmethod
    def _compressible(status: int, headers: MutableHeaders, body: bytes) -> bool:
        kind = headers.get("content-type", "")
        return (
            status == 200
            and "content-encoding" not in headers
            and len(body) >= MIN_COMPRESSED_BYTES
            and kind.startswith(COMPRESSIBLE)
        )

    async def _packed_body(self, path: str, body: bytes) -> bytes:
        key = (path, hashlib.blake2b(body, digest_size=16).hexdigest())
        if key not in self._packed:  # compressed off the event loop, once per file
            self._packed[key] = await asyncio.to_thread(gzip.compress, body, compresslevel=GZIP_LEVEL, mtime=0)
        return self._packed[key]
