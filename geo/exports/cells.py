"""Spreadsheet cells that stay text: no name or remark ever runs as a formula.

Excel and LibreOffice read a CSV cell that begins with ``=``, ``+``, ``-`` or
``@`` as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``), and a tab or a
carriage return in front can hide one. Every CSV and XLSX the project writes goes
through :func:`geo.exports.tables.table_bytes`, which uses the rule here:

- CSV: a text that could start a formula gets a leading apostrophe (the OWASP
  rule), :func:`csv_text`; our reader takes it off again, :func:`csv_untext`.
- XLSX: every text is a string cell, never a formula (:mod:`geo.exports.tables`), so the
  text itself is written unchanged.

A text that is exactly a plain decimal number (``-5``, ``+3``, ``-0.25``) is left
bare in a CSV: every spreadsheet reads it as that number, so nothing can run, and an
apostrophe would show in Excel. Real numbers are never touched; an empty cell stays
empty (unknown is not zero).
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_STARTS", "csv_text", "csv_untext", "could_run"]

#: First characters that make a spreadsheet read a cell as a formula (or hide one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What may stand before a formula character and still let it run (LibreOffice can trim
#: spaces on import), and the apostrophes of an earlier quoting.
_LEAD = " '"
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def could_run(text: str) -> bool:
    r"""Whether a CSV cell holding ``text`` needs the apostrophe.

    Parameters
    ----------
    text : str
        The cell's text as it is meant to read.

    Returns
    -------
    bool
        True when ``text``, after any leading spaces and apostrophes, starts with
        one of :data:`FORMULA_STARTS` and is not a plain decimal number. Leading
        apostrophes count so that :func:`csv_untext` is the exact inverse of
        :func:`csv_text`.

    Examples
    --------
    >>> could_run('=HYPERLINK("http://x","y")'), could_run("-1+1"), could_run("\t=1")
    (True, True, True)
    >>> could_run("-5"), could_run("Chalna"), could_run("")
    (False, False, False)
    """
    core = text.lstrip(_LEAD)
    return core.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(core)


def csv_text(value: object) -> object:
    """A value as a CSV cell that no spreadsheet runs: a text that could be a formula gets a leading ``'``.

    Parameters
    ----------
    value : object
        A cell value; only ``str`` is ever changed.

    Returns
    -------
    object
        ``"'" + value`` when :func:`could_run` says so, else ``value`` itself
        (numbers, ``None`` and NaN included).

    Examples
    --------
    >>> csv_text("=1+1"), csv_text("@SUM(A1)"), csv_text("Chalna"), csv_text(-5), csv_text("-5")
    ("'=1+1", "'@SUM(A1)", 'Chalna', -5, '-5')
    """
    if isinstance(value, str) and could_run(value):
        return "'" + value
    return value


def csv_untext(text: str) -> str:
    """Undo :func:`csv_text` on a cell read from a CSV file.

    The leading ``'`` is removed only when what follows could run as a formula,
    so ``'0101`` and ``'s Hertogenbosch`` keep theirs.

    Examples
    --------
    >>> csv_untext("'=1+1"), csv_untext("'-1+1"), csv_untext("'0101"), csv_untext("=1+1")
    ('=1+1', '-1+1', "'0101", '=1+1')
    """
    if text.startswith("'") and could_run(text[1:]):
        return text[1:]
    return text
