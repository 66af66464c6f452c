"""The pages' JavaScript, CSS and HTML live in ``layers/static``, linted as what they are, never in Python strings."""

from __future__ import annotations

import ast
import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from geo.review.analysis import analyse
from layers.context import map_context
from layers.folium_map import build_map, map_html
from layers.publish import publish_html
from layers.registry import theme_layers
from layers.static import asset, inline_script

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "layers" / "static"
BIOME = ROOT / "node_modules" / ".bin" / "biome"
#: Folders that hold no project code: tests (their pages are fixtures), installed packages, vendored assets.
SKIPPED = {"tests", "node_modules", "static", "var", "__pycache__"}
#: The most lines of another language a Python string may hold (a line or two of glue is fine).
MOST_LINES = 5

#: Signs of another language in a string: a script, a style rule, an HTML element.
_FOREIGN = re.compile(
    r"\bfunction\s*\w*\s*\(|=>|\b(?:var|let|const)\s+\w+\s*="  # JavaScript
    r"|[^\s{}][^{}\n]*\{[^{}]*?[\w-]+\s*:[^{};]+;[^{}]*\}"  # a CSS rule: selector { property: value; }
    r"|<(?:div|span|script|style|table|tr|td|th|ul|ol|li|p|a|h[1-6]|html|head|body|svg|details|button)\b",  # HTML
    re.IGNORECASE,
)


def _text(node: ast.expr) -> str | None:
    """The text of a string expression: a literal, an f-string or ``+`` of them (values as ``X``)."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        return "".join(_text(part) or "X" for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        if left is None and right is None:
            return None
        return (left or "X") + (right or "X")
    return None


def _docstrings(tree: ast.Module) -> set[int]:
    """The ids of the docstring nodes of ``tree`` (prose that may name a function)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def foreign_strings(source: str) -> list[tuple[int, int]]:
    """(line, lines of text) of each string in ``source`` holding over :data:`MOST_LINES` lines of another language."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    inner: set[int] = set()  # parts of a larger string expression, judged as that whole
    found = []
    for node in ast.walk(tree):
        if id(node) in skip or id(node) in inner:
            continue
        text = _text(node) if isinstance(node, ast.expr) else None
        if text is None:
            continue
        inner |= {id(child) for child in ast.walk(node) if child is not node}
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > MOST_LINES and _FOREIGN.search(text):
            found.append((node.lineno, len(lines)))
    return found


def _project_modules() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not any(part in SKIPPED or part.startswith(".") for part in path.relative_to(ROOT).parts[:-1])
    )


def test_no_python_string_holds_another_language():
    found = {
        f"{path.relative_to(ROOT)}:{line}": count
        for path in _project_modules()
        for line, count in foreign_strings(path.read_text(encoding="utf-8"))
    }
    assert found == {}, f"strings of JavaScript/CSS/HTML over {MOST_LINES} lines (move them to layers/static): {found}"


def test_project_modules_are_scanned():
    scanned = {str(path.relative_to(ROOT)) for path in _project_modules()}
    assert {"app.py", "public_app.py", "layers/folium_map.py", "ui/deck.py", "geo/storage/store.py"} <= scanned
    assert not any(name.startswith(("tests/", ".venv/", "node_modules/")) for name in scanned)


PLANTED = '''
"""A module docstring may say function, var x = 1, and { a: b; } over
many
lines
of
prose
here."""
SCRIPT = """
(function() {
  var x = 1;
  x += 1;
  x += 2;
  return x;
})();
"""
STYLE = """
.gp-a { color: red; }
.gp-b { color: blue; }
.gp-c { color: green; }
.gp-d { margin: 0; }
.gp-e { padding: 0; }
.gp-f { border: none; }
"""
PAGE = f"""
<div class='a'>
<span>{name}</span>
</div>
<div class='b'>
<span>{name}</span>
</div>
"""
SPLIT = """
.gp-a { color: red; }
.gp-b { color: blue; }
.gp-c { height: calc(100vh - """ + str(138) + """px); }
.gp-d { margin: 0; }
.gp-e { padding: 0; }
.gp-f { border: none; }
"""
FIVE = """
var a = 1;
var b = 2;
var c = 3;
var d = 4;
var e = 5;
"""
PROSE = """
Six lines of words
with a colon: here;
and nothing else
in them
at all
really
"""
GLUE = ("{% macro script(this, kwargs) %}var {{ this.variable }} = gpSource({{ this.data }}, 5);\\n"
        "{% endmacro %}")
'''


def test_planted_foreign_strings_are_found():
    found = foreign_strings(PLANTED)
    lines = PLANTED.splitlines()
    names = [lines[line - 1].split(" =")[0] for line, _ in found]
    # by hand: the script (6 lines), the style (6), the f-string page (6), the style joined by "+" around a value (6)
    assert names == ["SCRIPT", "STYLE", "PAGE", "SPLIT"], found
    assert [count for _, count in found] == [6, 6, 6, 6]


def test_five_lines_of_glue_and_prose_pass():
    assert foreign_strings('A = """\nvar a = 1;\nvar b = 2;\nvar c = 3;\nvar d = 4;\nvar e = 5;\n"""') == []
    docstring = 'def f():\n    """Six\n    lines\n    naming\n    a function (x)\n    here\n    too."""'
    assert foreign_strings(docstring) == []


def test_assets_are_read_from_layers_static():
    assert asset("map.js") == (STATIC / "map.js").read_text(encoding="utf-8")
    assert "window.gpSource = function" in asset("map.js")
    assert "</script" not in inline_script("map.js") and "</script" not in inline_script("public_map.js")
    with pytest.raises(FileNotFoundError, match="nothing.js"):
        asset("nothing.js")


def test_pages_carry_their_static_files(demo):
    streamlit_map = map_html(build_map(map_context(analyse(demo)), theme_layers("connectivity")))
    public = publish_html(demo, published_on=dt.date(2020, 12, 15))  # self-contained: every file inline
    for page in (streamlit_map, public):
        assert page.count(inline_script("map.js")) == 1
        assert page.count(asset("map.css") + asset("legend.css")) == 1
    assert asset("map_fill.css") not in streamlit_map and asset("map_fill.css") in public
    assert public.count(inline_script("public_map.js")) == 1 and public.count(asset("public_map.css")) == 1
    assert "layers/static" not in public and "public_map.js" not in streamlit_map


@pytest.mark.skipif(
    not BIOME.exists(), reason="node_modules/.bin/biome is missing: scripts/setup.sh installs it (npm ci)"
)
def test_static_files_pass_biome():
    result = subprocess.run(
        [str(BIOME), "check", "--colors=off", "layers/static"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"Checked (\d+) files", result.stdout + result.stderr), result.stdout + result.stderr
