"""Writing tables for spreadsheets: CSV that Excel opens with Hindi intact, and XLSX.

:func:`table_bytes` is the one place a CSV or XLSX file is made (a test checks that
no other module writes one): a name or remark never becomes a formula there
(see :mod:`geo.exports.cells`), numbers stay numbers and get the Indian grouping.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from geo.errors import GeoInputError
from geo.exports.cells import csv_text
from geo.storage.files import write_atomic

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["TABLE_FORMATS", "table_bytes", "write_tables"]

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
    return write_atomic(target, table_bytes(tables, suffix))


def table_bytes(tables: Mapping[str, pd.DataFrame], suffix: str) -> bytes:
    """The bytes of :func:`write_tables`'s file for ``suffix`` (``.csv`` or ``.xlsx``).

    Every text, headers included, is written as text: in an XLSX as a string cell,
    in a CSV with a leading ``'`` when it could start a formula (:func:`geo.exports.cells.csv_text`).
    Numbers stay numbers; empty cells stay empty.
    """
    frames = {name: _plain(frame) for name, frame in tables.items()}
    if suffix == ".csv":
        table = (
            next(iter(frames.values()))
            if len(frames) == 1
            else pd.concat([_nullable_ints(f).assign(table=name) for name, f in frames.items()], ignore_index=True)
        )
        # CRLF rows (RFC 4180): a cell holding a carriage return is then quoted, not split into two rows.
        return _csv_safe(table).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
    buffer = io.BytesIO()
    _write_xlsx(buffer, frames)
    return buffer.getvalue()


def _nullable_ints(frame: pd.DataFrame) -> pd.DataFrame:
    """Whole-number columns as ``Int64``: stacked beside tables without them, they stay whole (25520, not 25520.0)."""
    ints = [c for c in frame.columns if pd.api.types.is_integer_dtype(frame[c].dtype)]
    return frame.astype(dict.fromkeys(ints, "Int64")) if ints else frame


def _csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Headers and text cells through :func:`geo.exports.cells.csv_text`; number and date columns as they are."""
    texts = [
        c
        for c in frame.columns
        if frame[c].dtype == object or isinstance(frame[c].dtype, (pd.StringDtype, pd.CategoricalDtype))
    ]
    out = frame.astype(dict.fromkeys(texts, object)) if texts else frame.copy()
    for column in texts:
        out[column] = out[column].map(csv_text)
    return out.set_axis([csv_text(c) for c in out.columns], axis=1)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop geometry (spreadsheets get lon/lat elsewhere) and keep a clean index."""
    if "geometry" in frame.columns:
        frame = pd.DataFrame(frame.drop(columns="geometry"))
    return frame.reset_index(drop=True)


#: Excel number formats: whole numbers in lakh/crore grouping (7,91,042; 1,00,00,000), others with one decimal.
XLSX_WHOLE = r"[>=10000000]##\,##\,##\,##0;[>=100000]##\,##\,##0;##,##0"
XLSX_DECIMAL = r"[>=10000000]##\,##\,##\,##0.0;[>=100000]##\,##\,##0.0;##,##0.0"
_LAKH = 100_000


def xlsx_number_format(values: pd.Series) -> str:
    r"""The Excel number format that writes every value of a numeric column the Indian way.

    Excel allows two conditions in a format, so one format cannot group both
    signs into lakhs and crores; the format is chosen for the column's range.
    Below a lakh (either sign) Indian and Western grouping agree, so the last
    section is plain ``##,##0`` and Excel adds the minus sign itself.

    - nothing at or below −1,00,000: crores and lakhs for positives (the common case);
    - nothing at or above 1,00,000: crores and lakhs for negatives;
    - both: lakhs for either sign, exact up to ±99,99,999.

    Examples
    --------
    >>> xlsx_number_format(pd.Series([791042, -5])) == XLSX_WHOLE
    True
    >>> print(xlsx_number_format(pd.Series([-123456, 7])))
    [<=-10000000]-##\,##\,##\,##0;[<=-100000]-##\,##\,##0;##,##0
    >>> print(xlsx_number_format(pd.Series([-123456.0, 123456.0])))
    [>=100000]##\,##\,##0.0;[<=-100000]-##\,##\,##0.0;##,##0.0
    """
    decimals = "" if pd.api.types.is_integer_dtype(values.dtype) else ".0"
    low, high = values.min(), values.max()
    if pd.isna(low) or low > -_LAKH:
        return XLSX_WHOLE if not decimals else XLSX_DECIMAL
    lakh, crore, rest = (rf"-##\,##\,##0{decimals}", rf"-##\,##\,##\,##0{decimals}", f"##,##0{decimals}")
    if high < _LAKH:
        return f"[<=-10000000]{crore};[<=-100000]{lakh};{rest}"
    return f"[>=100000]{lakh[1:]};[<=-100000]{lakh};{rest}"


def _write_xlsx(path: str | io.BytesIO, frames: Mapping[str, pd.DataFrame]) -> None:
    """One sheet per table, header frozen, columns sized; numbers stay numbers, formatted the Indian way."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in frames.items():
            sheet = name[:_SHEET_NAME_MAX]
            frame.to_excel(writer, sheet_name=sheet, index=False, freeze_panes=(1, 0))
            worksheet = writer.sheets[sheet]
            _strings_stay_strings(worksheet)
            for i, column in enumerate(frame.columns, start=1):
                dtype = frame[column].dtype
                if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
                    continue
                number_format = xlsx_number_format(frame[column])
                for (cell,) in worksheet.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell.number_format = number_format
            for column_cells in worksheet.columns:
                width = max(len(str(c.value)) if c.value is not None else 0 for c in column_cells[:200])
                worksheet.column_dimensions[column_cells[0].column_letter].width = min(max(width + 2, 8), 60)


def _strings_stay_strings(worksheet: Worksheet) -> None:
    """Make every text cell a string cell: openpyxl takes ``=…`` for a formula and ``#N/A`` for an error."""
    for row in worksheet.iter_rows():
        for cell in row:
            if cell.data_type in ("f", "e"):
                cell.data_type = "s"
