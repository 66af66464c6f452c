"""Writing tables for spreadsheets: CSV that Excel opens with Hindi intact, and XLSX."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from geo.errors import GeoInputError

__all__ = ["TABLE_FORMATS", "write_tables"]

TABLE_FORMATS = (".csv", ".xlsx")
_SHEET_NAME_MAX = 31  # Excel's limit


def write_tables(path: str | os.PathLike[str], tables: Mapping[str, pd.DataFrame]) -> Path:
    """Write one or more tables to ``.csv`` or ``.xlsx``, atomically.

    Parameters
    ----------
    path : path-like
        Target file; the suffix chooses the format.
    tables : mapping of str to pandas.DataFrame
        Sheet name -> table. A CSV holds a single table: with several, they are
        stacked with a ``table`` column naming each row's source.

    Returns
    -------
    pathlib.Path
        The written file. CSV is UTF-8 with a byte-order mark, so Excel shows
        Devanagari correctly; XLSX has one sheet per table with a frozen header.

    Raises
    ------
    GeoInputError
        If the suffix is not ``.csv`` or ``.xlsx``.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in TABLE_FORMATS:
        msg = f"cannot write {target.name}: expected a .csv or .xlsx file name, got {suffix or 'no suffix'!r}"
        raise GeoInputError(msg)
    frames = {name: _plain(frame) for name, frame in tables.items()}
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(fd)
    try:
        if suffix == ".csv":
            table = (
                next(iter(frames.values()))
                if len(frames) == 1
                else pd.concat([f.assign(table=name) for name, f in frames.items()], ignore_index=True)
            )
            table.to_csv(tmp_name, index=False, encoding="utf-8-sig")
        else:
            _write_xlsx(tmp_name, frames)
        os.replace(tmp_name, target)
    finally:
        Path(tmp_name).unlink(missing_ok=True)
    return target


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop geometry (spreadsheets get lon/lat elsewhere) and keep a clean index."""
    if "geometry" in frame.columns:
        frame = pd.DataFrame(frame.drop(columns="geometry"))
    return frame.reset_index(drop=True)


def _write_xlsx(path: str, frames: Mapping[str, pd.DataFrame]) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in frames.items():
            sheet = name[:_SHEET_NAME_MAX]
            frame.to_excel(writer, sheet_name=sheet, index=False, freeze_panes=(1, 0))
            worksheet = writer.sheets[sheet]
            for column_cells in worksheet.columns:
                width = max(len(str(c.value)) if c.value is not None else 0 for c in column_cells[:200])
                worksheet.column_dimensions[column_cells[0].column_letter].width = min(max(width + 2, 8), 60)
