"""The served faces: the front end gzipped once per file, and the first screens worked out as the server starts."""

from __future__ import annotations

import asyncio
import gzip
import time
import urllib.request

import pytest
from conftest import running_streamlit

from ui.serving import MIN_COMPRESSED_BYTES, READY, CompressedFrontEnd, warming

#: 3,000 bytes of JavaScript that gzip shrinks to well under a tenth.
SCRIPT = b"function f(){return 1}\n" * 130


class FrontEnd:
    """A stand-in for Streamlit's server: answers every request with ``body``; counts the requests."""

    def __init__(self, body: bytes = SCRIPT, *, status: int = 200, kind: str = "application/javascript") -> None:
        self.body, self.status, self.kind, self.calls = body, status, kind, 0

    async def __call__(self, scope, receive, send) -> None:
        self.calls += 1
        headers = [(b"content-type", self.kind.encode()), (b"content-length", str(len(self.body)).encode())]
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": self.body})


def _get(app, path: str = "/static/js/index.abc123.js", **headers: str) -> tuple[dict[str, str], bytes]:
    """The response's headers and body (as sent) for a GET of ``path``."""
    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "headers": [(name.replace("_", "-").encode(), value.encode()) for name, value in headers.items()],
    }
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
    return {k.decode(): v.decode() for k, v in start["headers"]}, body


def test_a_front_end_file_is_gzipped_once_then_served_from_memory(monkeypatch):
    inner = FrontEnd()
    app = CompressedFrontEnd(inner)
    compressions = []
    real = gzip.compress
    monkeypatch.setattr(gzip, "compress", lambda *a, **k: compressions.append(1) or real(*a, **k))
    for _ in range(2):
        headers, body = _get(app, accept_encoding="gzip, deflate, br")
        assert headers["content-encoding"] == "gzip"
        assert headers["vary"] == "Accept-Encoding"
        assert int(headers["content-length"]) == len(body) < len(SCRIPT) / 10
        assert gzip.decompress(body) == SCRIPT
    assert inner.calls == 2 and len(compressions) == 1


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("/component/streamlit_folium.st_folium/static/js/main.521860b0.js", True),  # named by its hash
        ("/component/streamlit_folium.st_folium/index.html", False),
    ],
)
def test_a_components_files_are_gzipped_and_its_build_is_kept(path, kept):
    headers, body = _get(CompressedFrontEnd(FrontEnd()), path, accept_encoding="gzip")
    assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == SCRIPT
    assert (headers.get("cache-control") == "public, max-age=31536000, immutable") is kept
    headers, body = _get(CompressedFrontEnd(FrontEnd()), path)  # a browser that takes no gzip: kept all the same
    assert "content-encoding" not in headers and body == SCRIPT
    assert ("cache-control" in headers) is kept
    gone = CompressedFrontEnd(FrontEnd(status=404, kind="text/plain"))
    assert "cache-control" not in _get(gone, path, accept_encoding="gzip")[0]  # a missing file is not kept


def test_a_changed_file_is_compressed_anew():
    inner = FrontEnd()
    app = CompressedFrontEnd(inner)
    _get(app, accept_encoding="gzip")
    inner.body = SCRIPT + b"// changed\n"
    assert gzip.decompress(_get(app, accept_encoding="gzip")[1]) == SCRIPT + b"// changed\n"


@pytest.mark.parametrize(
    ("inner", "path", "headers"),
    [
        (FrontEnd(), "/static/js/index.abc123.js", {}),  # the browser does not take gzip
        (FrontEnd(), "/static/js/index.abc123.js", {"accept_encoding": "br"}),
        (FrontEnd(), "/static/js/index.abc123.js", {"accept_encoding": "gzip", "range": "bytes=0-99"}),
        (FrontEnd(), "/app/static/vendor/leaflet/leaflet.js", {"accept_encoding": "gzip"}),  # Streamlit gzips it
        (FrontEnd(), "/review", {"accept_encoding": "gzip"}),  # a page, not a front-end file
        (FrontEnd(b"x" * (MIN_COMPRESSED_BYTES - 1)), "/static/js/small.js", {"accept_encoding": "gzip"}),
        (FrontEnd(kind="font/woff2"), "/static/media/font.woff2", {"accept_encoding": "gzip"}),  # compressed already
        (FrontEnd(status=404, kind="text/plain"), "/static/js/gone.js", {"accept_encoding": "gzip"}),
    ],
)
def test_anything_else_passes_as_it_was(inner, path, headers):
    sent_headers, body = _get(CompressedFrontEnd(inner), path, **headers)
    assert "content-encoding" not in sent_headers
    assert body == inner.body and sent_headers["content-length"] == str(len(inner.body))


def test_warming_names_the_faces_it_knows():
    with pytest.raises(ValueError, match=r"face should be one of \['app', 'public'\], got 'admin'"):
        warming("admin")


def test_the_warm_up_works_out_what_the_first_screens_read(monkeypatch, demo_copy):
    import streamlit as st

    import ui.common as common
    from ui.warmup import warm_caches

    analysed, measured = [], []
    analyse, measure_access = common.analyse, common.measure_access
    monkeypatch.setattr(common, "analyse", lambda *a, **k: analysed.append(k["as_of"]) or analyse(*a, **k))
    monkeypatch.setattr(common, "measure_access", lambda *a, **k: measured.append(a[4]) or measure_access(*a, **k))
    monkeypatch.setenv(common.STORE_ENV, str(demo_copy))
    st.cache_data.clear()
    st.cache_resource.clear()
    warm_caches()
    # the DEMO's reviews are on 12 Nov and 10 Dec 2020, its latest reports of 10 Dec: the Review compares with 12 Nov
    assert sorted(analysed, key=str) == ["2020-11-12", "2020-12-10", None]
    assert sorted(measured) == ["aadhaar", "csc", "pmgdisha"]
    key = common.store_key(demo_copy)
    since = common.default_since(common.load_review_dates(key), "2020-12-10")
    assert since == "2020-11-12"
    summary = common.load_summary(key, None, since)  # the Review's cards: nothing more is worked out
    common.load_context(key, None)
    for kind in ("aadhaar", "csc", "pmgdisha"):  # a panchayat's card on the Planner
        common.load_access(key, kind, "dry")
    assert len(analysed) == 3 and len(measured) == 3
    assert summary.now.date == "2020-12-10"


def test_the_review_compared_until_one_is_chosen():
    from ui.common import default_since

    assert default_since([], "2020-12-10") is None
    assert default_since(["2020-11-12"], None) == "2020-11-12"


@pytest.mark.parametrize(
    ("entry", "script", "face"), [("serve.py", "app.py", "app"), ("serve_public.py", "public_app.py", "public")]
)
def test_streamlit_serves_each_entry_as_an_app_around_its_script(entry, script, face):
    import ast
    from pathlib import Path

    from streamlit.web.server.app_discovery import discover_asgi_app

    path = Path(__file__).resolve().parent.parent / entry
    found = discover_asgi_app(path)  # what `streamlit run serve.py` looks for
    assert found.is_asgi_app and found.app_name == "app"
    (app,) = [
        node
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "App"
    ]
    lifespan = next(k.value for k in app.keywords if k.arg == "lifespan")
    assert app.args[0].value == script and lifespan.func.id == "warming" and lifespan.args[0].value == face


@pytest.mark.parametrize("entry", ["serve.py", "serve_public.py"])
def test_the_map_component_is_served_after_the_warm_up(entry, tmp_path):
    """The warm-up imports ``streamlit_folium`` outside a page's run: its files must still be served, not 404."""
    with running_streamlit(entry, tmp_path) as url:
        log, deadline = tmp_path / "streamlit.log", time.monotonic() + 120
        while READY not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        with urllib.request.urlopen(f"{url}/component/streamlit_folium.st_folium/index.html", timeout=10) as answer:
            assert answer.status == 200 and b"<html" in answer.read().lower()
