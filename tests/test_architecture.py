"""The core stays pure: geo/ never imports streamlit, folium or (but for the CLI face) layers/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GEO = Path(__file__).resolve().parent.parent / "geo"
FORBIDDEN = {"streamlit", "folium", "streamlit_folium", "branca", "layers", "app"}
FACES = {"cli.py", "__main__.py"}  # the command line may call layers/ (map sheets, public page)


@pytest.mark.parametrize("module", sorted(GEO.rglob("*.py")), ids=lambda p: p.name)
def test_geo_imports_no_ui(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    forbidden = FORBIDDEN - {"layers"} if module.name in FACES else FORBIDDEN
    assert not imported & forbidden, f"{module.name} imports {imported & forbidden}"
