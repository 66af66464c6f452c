"""Text as data in a page: JSON for a script, escaped HTML, and page elements rendered once.

A name, remark or any other text from a file or a person reaches a page only through
:func:`page_json` (data for a script) or :func:`escape_html` (text in HTML). Neither lets
a template delimiter (``{{``, ``{%``), a tag, ``</script>`` or a JavaScript template
(``${…}``) through, so no later step — a template engine, a ``<script>`` parser, a
regular expression over the page — can read data as code.

folium's elements (branca's ``MacroElement``) render their macros and then wrap the
result in ``Element(text)``, which makes it a Jinja template again: data would be
rendered twice (``{{7*7}}`` written as ``49``). :class:`PageElement` adds the rendered
text as it is (:class:`Verbatim`) instead.
"""

from __future__ import annotations

import html
import json
import re

import jinja2
from branca.element import Element, Figure, MacroElement

__all__ = ["PageElement", "Verbatim", "escape_html", "isolate", "page_json", "page_template"]

#: Explicit bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: plain text's ``<bdi>``.
_FSI, _PDI = "\u2068", "\u2069"
#: Characters a JSON string never carries into a page as they are (``\\uXXXX`` instead): markup, template and
#: script delimiters, and the two line separators older JavaScript reads as line ends.
_JSON_ESCAPES = {c: f"\\u{ord(c):04x}" for c in "<>&'$`{}\u2028\u2029"}
_UNSAFE = re.compile("[<>&'$`\u2028\u2029]")
#: A JSON string literal (escapes included) holding a brace, or any other (kept as it is).
_JSON_STRING = re.compile(r'("[^"\\{}]*(?:\\.[^"\\{}]*)*")|"[^"\\]*(?:\\.[^"\\]*)*"')


def isolate(text: str) -> str:
    """``text`` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE when it holds bidi controls.

    A right-to-left override (U+202E) in a name is kept, but then it reorders the
    name only, never the sentence or the page around it (plain text's ``<bdi>``).
    Text without such controls comes back unchanged.

    Examples
    --------
    >>> isolate("Nala"), isolate("\u202eNala") == "\u2068\u202eNala\u2069"
    ('Nala', True)
    """
    return f"{_FSI}{text}{_PDI}" if _BIDI.search(text) else text


def escape_html(text: object) -> str:
    """``text`` as HTML text or attribute value: ``& < > " '`` and ``{ }`` as character references, isolated.

    The braces too, so that no template engine reading the page finds ``{{`` or
    ``{%`` in it (see :func:`isolate` for the bidi controls).

    Examples
    --------
    >>> escape_html("{{7*7}} <b>")
    '&#123;&#123;7*7&#125;&#125; &lt;b&gt;'
    """
    return isolate(html.escape(str(text)).replace("{", "&#123;").replace("}", "&#125;"))


def page_json(value: object) -> str:
    r"""``value`` as JSON for a page's script, every string's markup and template characters as ``\uXXXX``.

    ``< > & ' $ ` { }`` (and U+2028/U+2029) inside strings are written as escapes, so
    the text holds no ``</script>``, no ``<!--``, no ``{{``/``{%`` and no ``${``; the
    script reads the same strings. UTF-8 otherwise (Hindi in half the bytes of
    ``\u`` escapes).

    Examples
    --------
    >>> page_json({"name": "{{7*7}} </script>"})
    '{"name":"\\u007b\\u007b7*7\\u007d\\u007d \\u003c/script\\u003e"}'
    >>> json.loads(page_json({"name": "{{7*7}} </script>"}))["name"]
    '{{7*7}} </script>'
    """
    text = _UNSAFE.sub(_escaped, json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    return _JSON_STRING.sub(_braces_escaped, text)  # an object's braces stay, a string's go


def _escaped(match: re.Match[str]) -> str:
    return _JSON_ESCAPES[match.group()]


def _braces_escaped(match: re.Match[str]) -> str:
    if match.group(1) is not None:  # a string without braces
        return match.group()
    return re.sub("[{}]", _escaped, match.group())


def page_template(source: str) -> jinja2.Template:
    """A page element's template, with the filter ``|js`` (:func:`page_json`) for its data.

    No autoescape: the templates write scripts; every value in them goes through ``|js``
    or is HTML the element built with :func:`escape_html`.
    """
    return _PAGE.from_string(source)


_PAGE = jinja2.Environment(autoescape=False)
_PAGE.filters["js"] = page_json


class Verbatim(Element):
    """Rendered text in a page, as it is: never read as a template again."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Verbatim"
        self.text = text

    def render(self, **kwargs: object) -> str:
        """The text, unchanged."""
        return self.text


class PageElement(MacroElement):
    """A ``MacroElement`` whose rendered ``header``, ``html`` and ``script`` macros join the page verbatim.

    Its template is rendered once, with the element's data; branca's own
    ``render`` would make each result a template again. For a folium class
    (``Layer``, ``Map``), list this class after it: ``class _DataLayer(Layer,
    PageElement)`` puts this ``render`` under folium's own.
    """

    def render(self, **kwargs: object) -> None:
        """Add the rendered macros to the page's header, body and script; render the children."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            msg = f"{type(self).__name__} renders only inside a Figure (a folium map); add it to one first"
            raise TypeError(msg)
        for part in ("header", "html", "script"):
            macro = self._template.module.__dict__.get(part)
            if macro is not None:
                getattr(figure, part).add_child(Verbatim(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
