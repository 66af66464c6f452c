"""Files: atomic writes (a reader never sees a half-written file) and safe file names in any script."""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
from pathlib import Path

__all__ = ["write_atomic", "safe_file_name"]

#: Names Windows reserves for devices, with or without an extension.
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"{port}{i}" for port in ("COM", "LPT") for i in range(1, 10))})
#: Zero-width non-joiner and joiner: invisible, but part of the spelling of Indic words.
_JOINERS = "\u200c\u200d"
#: A suffix kept as it is: a dot and up to 10 ASCII letters or digits (``.csv``, ``.geojson``).
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,10}$")


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


def safe_file_name(name: str, *, max_bytes: int = 120, default: str = "file") -> str:
    """Return ``name`` as a file name safe on every system, keeping the letters of any script.

    Letters, combining marks (Devanagari matras, virama, nukta …) and digits of
    any script are kept, in Unicode NFC; ``-``, ``_`` and ``.`` too. Spaces, path
    separators, Windows' reserved characters (``<>:"|?*``) and other punctuation
    become ``_`` (one for a run); control, format and bidi characters (e.g. a
    right-to-left override) are dropped, except the zero-width (non-)joiner inside
    a word. Leading and trailing ``.``, ``_`` and ``-`` go; a Windows device name
    (``CON``, ``LPT1`` …) gets a ``_``. A final ASCII suffix (``.csv``, ``.geojson``)
    is kept as it is and the stem before it is shortened to ``max_bytes`` bytes of
    UTF-8, never inside a grapheme cluster (a consonant and its matra, a conjunct
    joined by a virama).

    Parameters
    ----------
    name : str
        The wanted name, e.g. ``"Jamtara_panchayats_latest.geojson"`` (in any script).
    max_bytes : int, default 120
        Most UTF-8 bytes of the stem (at least 16).
    default : str, default "file"
        The stem when nothing of ``name`` is left.

    Returns
    -------
    str
        The safe name.

    Raises
    ------
    TypeError
        If ``name`` is not a str.
    ValueError
        If ``max_bytes`` is below 16.

    Examples
    --------
    >>> safe_file_name("../East Singhbhum: 2020/21.csv")
    'East_Singhbhum_2020_21.csv'
    >>> safe_file_name("con.txt")
    'con_.txt'
    """
    if not isinstance(name, str):
        msg = f"'name' should be a str, got {type(name).__name__}"
        raise TypeError(msg)
    if max_bytes < 16:
        msg = f"'max_bytes' should be at least 16, got {max_bytes}"
        raise ValueError(msg)
    text = unicodedata.normalize("NFC", name)
    suffix = _SUFFIX.search(text)
    stem, ext = (text[: suffix.start()], suffix.group()) if suffix else (text, "")
    stem = _shorten(_clean(stem), max_bytes)
    head, dot, rest = stem.partition(".")
    if head.upper() in _RESERVED:
        stem = _shorten(f"{head}_{dot}{rest}", max_bytes)
    return (stem or default) + ext


def _clean(stem: str) -> str:
    """Keep letters, marks, digits, ``-_.``; other visible characters become ``_``; invisible ones go."""
    out: list[str] = []
    for ch in stem:
        kind = unicodedata.category(ch)
        word = bool(out) and (unicodedata.category(out[-1])[0] in "LMN" or out[-1] in _JOINERS)
        if kind[0] in "L" or kind == "Nd" or ch in "-_.":
            out.append(ch)
        elif kind[0] == "M" or ch in _JOINERS:
            if word:  # a mark or joiner belongs to the letter before it; alone it would sit on a "_"
                out.append(ch)
        elif kind[0] != "C" or ch.isspace():  # spaces, punctuation, symbols (a tab or line end too)
            out.append("_")
    text = re.sub(r"[._-]*_[._-]*", "_", "".join(out))  # "a_.._b", "a__b" -> "a_b"
    return text.strip("._-").strip(_JOINERS).strip("._-")


def _shorten(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` UTF-8 bytes, at the end of a grapheme cluster."""
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    cut = size = 0
    for i, ch in enumerate(text):
        size += len(ch.encode("utf-8"))
        if size > max_bytes:
            break
        if _ends_cluster(text, i):
            cut = i + 1
    return text[:cut].rstrip("._-" + _JOINERS)


def _ends_cluster(text: str, i: int) -> bool:
    """Whether a grapheme cluster may end after ``text[i]``."""
    if i + 1 == len(text):
        return True
    after = text[i + 1]
    if unicodedata.category(after)[0] == "M" or after in _JOINERS:
        return False  # a matra, nukta or virama belongs to the letter before it
    return unicodedata.combining(text[i]) != 9 and text[i] != "\u200d"  # a virama (or joiner) binds the next letter
