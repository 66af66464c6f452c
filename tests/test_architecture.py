"""The core stays pure: geo/ imports no face, no layers/, no streamlit or folium — at any depth, even inside a function.

The one exception is ``geo/__main__.py``: it only hands over to the command line (``python -m geo``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GEO = ROOT / "geo"
CLI = ROOT / "cli"
#: What the core never imports: the faces (the app, the public app, ui/, the command line), layers/, the web map.
FORBIDDEN = {"streamlit", "streamlit_folium", "folium", "branca", "layers", "ui", "cli", "app", "public_app"}
#: ``python -m geo``: the hand-over to the command line, the one module of geo/ that imports a face.
HAND_OVER = GEO / "__main__.py"
#: What the command line, a face beside the app, never imports: the app's own faces and streamlit.
NOT_FOR_THE_CLI = {"streamlit", "streamlit_folium", "ui", "app", "public_app"}


def imported_modules(source: str, package: str) -> set[str]:
    """Every module ``source`` imports, anywhere in it (functions, classes, ``if`` blocks), as absolute names.

    Parameters
    ----------
    source : str
        A module's Python source.
    package : str
        The package the module belongs to (``"geo.importing"``), to resolve relative imports.

    Returns
    -------
    set of str
        Dotted module names; ``from . import x`` counts as ``package.x``.
    """
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module, node.level, package)
            found |= {base} if node.module else {_join(base, alias.name) for alias in node.names}
    return found


def _absolute(module: str | None, level: int, package: str) -> str:
    """``from ..x import y`` as seen from ``package``: the absolute name of ``..x`` (beyond the top: just ``x``)."""
    if not level:
        return module or ""
    parts = package.split(".") if package else []
    base = ".".join(parts[: max(len(parts) - (level - 1), 0)])
    return _join(base, module or "")


def _join(base: str, name: str) -> str:
    return ".".join(part for part in (base, name) if part)


def forbidden_in(source: str, package: str, forbidden: set[str] = FORBIDDEN) -> set[str]:
    """The imports of ``source`` whose top-level package is in ``forbidden``."""
    return {name for name in imported_modules(source, package) if name.split(".")[0] in forbidden}


def _package(path: Path) -> str:
    """The dotted package a module file belongs to (``geo/importing/kinds.py`` → ``geo.importing``)."""
    return ".".join(path.relative_to(ROOT).parent.parts)


def _ident(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("module", sorted(set(GEO.rglob("*.py")) - {HAND_OVER}), ids=_ident)
def test_geo_imports_no_face_layers_or_web_map(module):
    found = forbidden_in(module.read_text(encoding="utf-8"), _package(module))
    assert not found, f"{_ident(module)} imports {sorted(found)}"


def test_python_m_geo_only_hands_over_to_the_command_line():
    assert imported_modules(HAND_OVER.read_text(encoding="utf-8"), "geo") == {"cli"}


@pytest.mark.parametrize("module", sorted(CLI.rglob("*.py")), ids=_ident)
def test_the_command_line_imports_no_other_face(module):
    found = forbidden_in(module.read_text(encoding="utf-8"), _package(module), NOT_FOR_THE_CLI)
    assert not found, f"{_ident(module)} imports {sorted(found)}"


def test_the_checker_finds_an_import_hidden_inside_a_function():
    source = "import pandas as pd\n\n\ndef draw(data):\n    from layers.sheet import write_map_sheet\n\n    return 1\n"
    assert forbidden_in(source, "geo") == {"layers.sheet"}


@pytest.mark.parametrize(
    ("source", "package", "found"),
    [
        ("class Page:\n    def show(self):\n        import streamlit as st\n", "geo", {"streamlit"}),
        ("if True:\n    import folium.plugins\n", "geo.importing", {"folium.plugins"}),
        ("try:\n    from cli import main\nexcept ImportError:\n    pass\n", "geo", {"cli"}),
        ("def f():\n    from .. import layers\n", "geo", {"layers"}),
        ("def f():\n    from ...ui.text import t\n", "geo.importing", {"ui.text"}),
        ("from . import store\nfrom .store import read_store\nfrom ..formats import DIGITS\n", "geo.importing", set()),
        ("import geopandas\nfrom geo.clip import clip\nfrom geo.layered import x\n", "geo", set()),
    ],
)
def test_the_checker_sees_every_depth_and_relative_imports(source, package, found):
    assert forbidden_in(source, package) == found


def test_the_core_is_grouped_in_named_sub_packages():
    """At most 15 modules at geo/'s top level; every sub-package says what it holds."""
    top = sorted(p.name for p in (ROOT / "geo").glob("*.py"))
    assert len(top) <= 15, top
    packages = [p for p in (ROOT / "geo").iterdir() if (p / "__init__.py").is_file()]
    assert {p.name for p in packages} >= {"storage", "importing", "spatial", "review", "exports"}
    for package in packages:
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc.split()) >= 8, f"geo/{package.name}/__init__.py needs a docstring saying what it holds"


LAYERS_DIR = ROOT / "layers"


def module_name(path: Path) -> str:
    """The dotted name of a module file (``layers/static/__init__.py`` → ``layers.static``)."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(sources: dict[str, tuple[str, str]]) -> dict[str, set[str]]:
    """Module -> the modules among ``sources`` it imports, anywhere in it (``if TYPE_CHECKING:`` blocks too).

    Parameters
    ----------
    sources : dict
        Module name -> (its source, its package).

    Returns
    -------
    dict
        Each module's imports of the others: ``from layers.spec import Text`` is an edge to
        ``layers.spec``, ``from layers import spec`` too (the longest name that is a module).
    """
    graph: dict[str, set[str]] = {}
    for name, (source, package) in sources.items():
        targets = {_longest_module(imported, sources) for imported in _imported_names(source, package)}
        graph[name] = {target for target in targets if target and target != name}
    return graph


def _imported_names(source: str, package: str) -> set[str]:
    """:func:`imported_modules`, and each name a ``from … import`` takes (``from layers import spec``)."""
    names = imported_modules(source, package)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            base = _absolute(node.module, node.level, package)
            names |= {_join(base, alias.name) for alias in node.names}
    return names


def _longest_module(imported: str, modules: dict[str, object]) -> str | None:
    parts = imported.split(".")
    return next((".".join(parts[:n]) for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in modules), None)


def import_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of ``graph`` as the modules along it, the first repeated at the end; ``[]`` when it has none."""
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> list[str]:
        if name in path:
            return [*path[path.index(name) :], name]
        if name in done:
            return []
        for target in sorted(graph.get(name, ())):
            cycle = visit(target, [*path, name])
            if cycle:
                return cycle
        done.add(name)
        return []

    for start in sorted(graph):
        cycle = visit(start, [])
        if cycle:
            return cycle
    return []


def layers_sources() -> dict[str, tuple[str, str]]:
    return {
        module_name(path): (path.read_text(encoding="utf-8"), _package(path))
        for path in sorted(LAYERS_DIR.rglob("*.py"))
    }


def test_the_layers_import_one_another_without_a_circle():
    """layers/'s modules import one another in one direction, counting imports in functions and type-checking blocks."""
    graph = import_graph(layers_sources())
    assert "layers.spec" in graph["layers.fields"]  # the graph is read, not empty
    cycle = import_cycle(graph)
    assert cycle == [], "layers/ imports in a circle: " + " → ".join(cycle)


PLANTED_CIRCLE = {
    "pkg.context": (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.travel import TravelLayers\n",
        "pkg",
    ),
    "pkg.travel": ("from pkg.context import MapContext\nfrom pkg import fields\n", "pkg"),
    "pkg.fields": ("from .spec import Text\n", "pkg"),
    "pkg.spec": ("import math\n", "pkg"),
}


def test_a_circle_through_a_type_checking_import_is_named():
    graph = import_graph(PLANTED_CIRCLE)
    assert graph == {
        "pkg.context": {"pkg.travel"},
        "pkg.travel": {"pkg.context", "pkg.fields"},
        "pkg.fields": {"pkg.spec"},
        "pkg.spec": set(),
    }
    assert import_cycle(graph) == ["pkg.context", "pkg.travel", "pkg.context"]
    assert import_cycle({**graph, "pkg.context": set()}) == []
    assert import_cycle({"a": {"b"}, "b": {"c"}, "c": {"b"}}) == ["b", "c", "b"]
