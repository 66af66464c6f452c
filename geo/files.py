"""Atomic file writes: a reader never sees a half-written file."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike[str], blob: bytes) -> Path:
    """Write ``blob`` to ``path`` atomically: a temporary file beside it, renamed into place.

    A reader never sees a half-written file, and a failure leaves the old file
    intact. The new file gets the usual permissions (the process umask).

    Returns
    -------
    pathlib.Path
        The written file.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    try:
        with open(tmp, "xb") as handle:
            handle.write(blob)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
