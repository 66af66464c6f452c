"""layers.markup: data in a page never becomes markup, template or script, and a page element renders once."""

from __future__ import annotations

import json

import folium
import pytest
from branca.element import Element

from layers.markup import PageElement, Verbatim, escape_html, isolate, page_json, page_template


def test_page_json_writes_every_delimiter_of_a_string_as_an_escape():
    text = page_json({"name": "<>&'$`{}\u2028"})
    assert text == '{"name":"\\u003c\\u003e\\u0026\\u0027\\u0024\\u0060\\u007b\\u007d\\u2028"}'
    assert json.loads(text) == {"name": "<>&'$`{}\u2028"}


def test_page_json_keeps_the_structure_and_every_value():
    value = {"a{": ['"{{7*7}}"', "\\{", "</script><!--", "जामताड़ा"], "n": [1, 2.5, None, True], "o": {"p": {}}}
    text = page_json(value)
    assert json.loads(text) == value
    assert text.startswith('{"a\\u007b":') and text.endswith(',"o":{"p":{}}}')  # the objects' own braces stay
    assert "{{" not in text and "</" not in text and "<!--" not in text and "जामताड़ा" in text  # UTF-8, not \u


def test_escape_html_escapes_markup_quotes_and_braces():
    assert escape_html("{{7*7}} <b>'\"&") == "&#123;&#123;7*7&#125;&#125; &lt;b&gt;&#x27;&quot;&amp;"
    assert escape_html(12) == "12"


def test_isolate_wraps_only_text_with_bidi_controls():
    assert isolate("Nala GP 07") == "Nala GP 07"
    assert isolate("\u202eNala") == "\u2068\u202eNala\u2069"
    assert escape_html("\u202e<b>") == "\u2068\u202e&lt;b&gt;\u2069"


class _Value(PageElement):
    _template = page_template("{% macro script(this, kwargs) %}var gpValue = {{ this.value|js }};{% endmacro %}")

    def __init__(self, value: str) -> None:
        super().__init__()
        self.value = value


def test_a_page_element_is_rendered_once_with_its_data():
    fmap = folium.Map(tiles=None)
    fmap.add_child(_Value("{% if x %}{{7*7}}"))
    page = fmap.get_root().render()  # branca's own render would read the value as a template (and fail here)
    assert 'var gpValue = "\\u007b% if x %\\u007d\\u007b\\u007b7*7\\u007d\\u007d";' in page


def test_a_page_element_outside_a_map_says_where_it_belongs():
    with pytest.raises(TypeError, match="_Value renders only inside a Figure"):
        _Value("x").render()


def test_verbatim_text_is_never_a_template():
    assert Verbatim("{{7*7}} {% if x %}").render() == "{{7*7}} {% if x %}"
    assert isinstance(Verbatim(""), Element)
