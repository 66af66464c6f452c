"""What a reader sees of Markdown that :func:`ui.common.md` escaped: the backslashes and word joiners gone."""

from __future__ import annotations

import re

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def as_shown(markdown: str) -> str:
    r"""The text Streamlit shows for ``markdown`` made of plain words and :func:`ui.common.md` output.

    Examples
    --------
    >>> as_shown("store \\/tmp\\/a\\.gpkg \\:\u2060red")
    'store /tmp/a.gpkg :red'
    """
    return _ESCAPED.sub(r"\1", markdown).replace("\u2060", "")
