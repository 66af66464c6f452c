"""The pages' own JavaScript, CSS and HTML, in files that linters and a browser's devtools read.

Renderers read them with :func:`asset` (once each) and add the page's data beside
them as JSON (:func:`layers.markup.page_json`); a file here is fixed text, never a
template that data is rendered into. ``npx biome check layers/static`` lints and
format-checks them (``tests/test_static.py``).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

__all__ = ["asset", "inline_script"]


@cache
def asset(name: str) -> str:
    """The text of ``layers/static/<name>``, read once.

    Examples
    --------
    >>> asset("legend.css").startswith("/*")
    True
    """
    return files(__name__).joinpath(name).read_text(encoding="utf-8")


def inline_script(name: str) -> str:
    """``layers/static/<name>`` for a ``<script>`` element: no ``</script`` closes it early."""
    return asset(name).replace("</script", "<\\/script")
