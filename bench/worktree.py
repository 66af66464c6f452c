"""A checkout of an earlier revision beside this one, for the before/after benchmarks."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def worktree_at(revision: str, folder: Path) -> Iterator[Path]:
    """A ``git worktree`` of ``revision`` in ``folder/before``, with this checkout's ``static/vendor``.

    The vendored Leaflet and fonts are not in git (``scripts/setup.sh`` installs them), so
    they are copied in. The worktree is removed afterwards, whatever happened.
    """
    tree = folder / "before"
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(tree), revision], cwd=ROOT, check=True, capture_output=True
    )
    try:
        (tree / "static").mkdir(exist_ok=True)
        shutil.copytree(ROOT / "static" / "vendor", tree / "static" / "vendor")
        yield tree
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
