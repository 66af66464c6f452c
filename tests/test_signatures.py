"""No function in the project takes more than 8 parameters.

Long parameter lists are what a context object (:class:`layers.view.View`) or an
option object (:class:`layers.folium_map.MapOptions`, :class:`layers.sheet.SheetLayout`,
:class:`geo.spatial.access.TravelSettings`, :class:`geo.spatial.capacity.CentreColumns`,
:class:`geo.importing.options.ImportOptions`) is for.
Parameters are counted as written: positional and keyword-only ones, not ``self``
or ``cls``, not ``*args`` or ``**kwargs``; methods and nested functions included.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FACES_AND_ROOMS = ("app.py", "public_app.py", "ui", "layers", "geo", "cli")
MAX_PARAMETERS = 8


def parameter_count(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Positional and keyword-only parameters of ``node``, without a leading ``self`` or ``cls``."""
    args = node.args
    names = [arg.arg for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]]
    if names and names[0] in ("self", "cls"):
        names = names[1:]
    return len(names)


def long_signatures(source: str, where: str) -> dict[str, int]:
    """``{"<where>:<function>": count}`` for every function of ``source`` over :data:`MAX_PARAMETERS`."""
    return {
        f"{where}:{node.name}": parameter_count(node)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and parameter_count(node) > MAX_PARAMETERS
    }


def project_files() -> list[Path]:
    files: list[Path] = []
    for name in FACES_AND_ROOMS:
        path = ROOT / name
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return files


def project_long_signatures() -> dict[str, int]:
    found: dict[str, int] = {}
    for path in project_files():
        found |= long_signatures(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    return found


def test_the_scan_reads_every_room():
    rooms = {path.relative_to(ROOT).parts[0] for path in project_files()}
    assert rooms == {"app.py", "public_app.py", "ui", "layers", "geo", "cli"}


def test_no_function_takes_more_than_eight_parameters():
    found = project_long_signatures()
    assert found == {}, "use layers.view.View or an options dataclass instead of a long parameter list"


PLANTED = """
def short(a, b, c, d, e, f, g, h):
    pass

def planted(a, b, c, d, *, e, f, g, h, i):
    pass

class Page:
    def method(self, a, b, c, d, e, f, g, h):
        pass

    def crowded(self, a, b, c, d, e, f, g, h, i, *rest, **extra):
        def inner(a, b, c, d, e, f, g, h, i, j):
            pass
"""


def test_a_planted_long_signature_is_caught():
    # 9 parameters (keyword-only ones count) is one too many; self, *rest and **extra do not count.
    assert long_signatures(PLANTED, "planted.py") == {
        "planted.py:planted": 9,
        "planted.py:crowded": 9,
        "planted.py:inner": 10,
    }


@pytest.mark.parametrize(
    ("source", "count"),
    [
        ("def f(self, a): pass", 1),
        ("def f(cls, /, a, *, b): pass", 2),
        ("def f(a, b=1, *args, c, d=2, **kwargs): pass", 4),
        ("async def f(a, b, c): pass", 3),
    ],
)
def test_parameters_are_counted_as_written(source, count):
    node = ast.parse(source).body[0]
    assert parameter_count(node) == count
