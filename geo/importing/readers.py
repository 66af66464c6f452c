"""Read the files a district office sends: CSV/XLSX tables and GIS files, safely.

Everything a user uploads passes through here before any other code sees it:

- a size limit (:data:`MAX_FILE_BYTES`, ``max_bytes=``), a per-cell limit
  (:data:`MAX_CELL_CHARS`) and a limit on rows or features (:data:`MAX_ROWS`,
  ``max_rows=``), reached by counting while reading: a longer file is refused without
  being read to its end;
- CSV text read in chunks of rows, each cleaned before the next is parsed, so reading
  holds the file's table once, not its text several times over;
- text encodings Indian offices produce (UTF-8 with or without BOM, UTF-16 from
  Excel's "Unicode text" with or without a byte-order mark, Windows-1252), with a
  clear error if none fits;
- the format from the file's first bytes, not only its suffix;
- zip archives (zipped Shapefiles, XLSX workbooks) checked from their directory
  *before* anything is expanded: no ``../`` or absolute member paths, no links, no
  absurd uncompressed size or compression ratio (zip bombs);
- GIS layers through pyogrio, with an explicit layer choice when a file has several.

Tables come back with every column as text (codes keep their leading zeros); a CSV
cell's leading ``'`` is taken off when a formula character follows (``'=1+1`` reads
``=1+1``, see :mod:`geo.exports.cells`), so a file we wrote reads back as written; spatial
files come back with the CRS they declare (None when they declare none) — deciding
what a missing CRS means is the importer's job.
"""

from __future__ import annotations

import codecs
import csv
import os
import stat
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

import geopandas as gpd
import pandas as pd
import pyogrio

from geo.errors import GeoInputError
from geo.exports.cells import csv_untext

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_FILE_BYTES",
    "MAX_FILE_MB_ENV",
    "MAX_ZIP_RATIO",
    "MAX_UNZIPPED_BYTES",
    "MAX_ROWS",
    "MAX_ROWS_ENV",
    "TABLE_SUFFIXES",
    "SPATIAL_SUFFIXES",
    "TableRead",
    "SpatialRead",
    "read_table",
    "read_spatial",
    "list_spatial_layers",
    "max_rows_from_env",
    "max_bytes_from_env",
]

#: Largest file accepted for import by default (bytes); ``max_bytes=`` raises it.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: The environment variable that sets the app's size limit in MB (the CLI has ``--max-mb``).
MAX_FILE_MB_ENV = "PANCHAYAT_MAX_FILE_MB"
#: Longest text accepted in one cell (characters); village WKT is ~5,000.
MAX_CELL_CHARS = 1_000_000
#: Largest total uncompressed size of a zip archive (bytes).
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
#: Largest compression ratio of a zip archive (uncompressed / compressed).
MAX_ZIP_RATIO = 100
#: Most members in a zip archive.
MAX_ZIP_MEMBERS = 200
#: Most data rows (tables) or features (GIS layers) read from one file: three times a
#: whole state's villages (Jharkhand has about 32,000), checked in seconds; above it a
#: file is refused as soon as the count passes the limit, before it is read to its end.
MAX_ROWS = 100_000
#: The environment variable that sets the app's row limit (the CLI has ``--max-rows``).
MAX_ROWS_ENV = "PANCHAYAT_MAX_ROWS"

TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
SPATIAL_SUFFIXES = (".geojson", ".json", ".zip", ".gpkg", ".kml", ".shp")

_ZIP_MAGIC = b"PK\x03\x04"
_SQLITE_MAGIC = b"SQLite format 3\x00"
#: Bytes looked at to tell UTF-16 without a byte-order mark; characters checked once decoded.
_SAMPLE_BYTES, _SAMPLE_CHARS = 4096, 2000
#: Rows parsed at a time while reading a CSV (each chunk is cleaned and counted against the row limit).
_CHUNK_ROWS = 20_000
#: Bytes decoded at a time while checking a CSV's text encoding.
_BLOCK_BYTES = 1024 * 1024
_MB = 1024 * 1024


@dataclass(frozen=True)
class TableRead:
    """A table read from a CSV or XLSX file; every cell is text (``""`` when empty)."""

    frame: pd.DataFrame  #: indexed by the row number as Excel shows it (header = row 1)
    name: str
    encoding: str | None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SpatialRead:
    """A layer read from a GIS file, in the CRS the file declares (``crs`` None if none)."""

    frame: gpd.GeoDataFrame
    name: str
    layer: str
    notes: list[str] = field(default_factory=list)

    @property
    def crs(self) -> object:
        """The CRS the file declares, or None."""
        return self.frame.crs


def read_table(
    path: str | os.PathLike[str],
    *,
    sheet: str | None = None,
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_FILE_BYTES,
) -> TableRead:
    r"""Read a CSV (any usual delimiter and encoding) or XLSX sheet with every column as text.

    Parameters
    ----------
    path : path-like
        A ``.csv``/``.txt``/``.tsv`` or ``.xlsx`` file.
    sheet : str, optional
        The XLSX sheet; default the first.
    max_rows : int, default :data:`MAX_ROWS`
        Most data rows (blank rows not counted); reading stops and refuses the file
        as soon as it has more.
    max_bytes : int, default :data:`MAX_FILE_BYTES`
        Largest file size; a larger file is refused before it is read.

    Returns
    -------
    TableRead
        The frame (all ``str``, empty cells ``""``, stripped headers), the encoding
        used and notes (e.g. "read as Windows-1252"). A CSV cell's leading ``'``
        before a formula character is taken off (:func:`geo.exports.cells.csv_untext`).

    Raises
    ------
    GeoInputError
        If the file is missing, empty, larger than ``max_bytes``, of an unknown encoding or format,
        has no header or no data row, more than ``max_rows`` rows, a cell longer
        than :data:`MAX_CELL_CHARS`, or is a workbook that would unpack to more than
        :data:`MAX_UNZIPPED_BYTES` (or at a ratio above :data:`MAX_ZIP_RATIO`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "gp.csv"
    >>> _ = p.write_text("lgd_code,name\n0101,Chalna\n", encoding="utf-8")
    >>> read_table(p).frame["lgd_code"].tolist()
    ['0101']
    """
    _check_limit("max_rows", max_rows)
    path = _checked_file(path, max_bytes)
    head = _head(path)
    suffix = path.suffix.lower()
    if head.startswith(_ZIP_MAGIC) or suffix in (".xlsx", ".xlsm"):
        if not head.startswith(_ZIP_MAGIC):
            msg = (
                f"{path.name} is named {suffix} but is not an Excel workbook; save it again from Excel as .xlsx or .csv"
            )
            raise GeoInputError(msg)
        frame, encoding, notes = _read_xlsx(path, sheet, max_rows), None, []
    elif suffix in (".csv", ".txt", ".tsv"):
        frame, encoding, notes = _read_csv(path, max_rows)
    else:
        msg = f"{path.name}: expected a table file ({', '.join(TABLE_SUFFIXES)}), got {suffix or 'no suffix'}"
        raise GeoInputError(msg)
    frame = _with_header(frame, path.name)
    return TableRead(frame=frame, name=path.name, encoding=encoding, notes=notes)


def list_spatial_layers(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> list[str]:
    """Return the layer names of a GIS file (a zipped Shapefile lists its ``.shp`` files).

    Raises
    ------
    GeoInputError
        As :func:`read_spatial` for files it cannot open safely (or larger than ``max_bytes``).
    """
    path = _checked_file(path, max_bytes)
    with tempfile.TemporaryDirectory(prefix="geo-import-") as tmp:
        source = _spatial_source(path, Path(tmp))
        return _layers_of(source, path.name)


def read_spatial(
    path: str | os.PathLike[str],
    *,
    layer: str | None = None,
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_FILE_BYTES,
) -> SpatialRead:
    """Read one layer of a GeoJSON, zipped Shapefile, GeoPackage or KML file.

    Parameters
    ----------
    path : path-like
        The file; a Shapefile must come zipped with its ``.shx``/``.dbf``/``.prj``.
    layer : str, optional
        Which layer, when the file has more than one (required then).
    max_rows : int, default :data:`MAX_ROWS`
        Most features; a layer with more is refused (from the count the file
        declares when it has one, else after reading one feature more).
    max_bytes : int, default :data:`MAX_FILE_BYTES`
        Largest file size; a larger file is refused before it is read.

    Returns
    -------
    SpatialRead
        The layer as a GeoDataFrame in the CRS the file declares (None if none);
        non-geometry columns as text.

    Raises
    ------
    GeoInputError
        If the file is missing, empty, larger than ``max_bytes``, a hostile or broken archive, has
        several layers and no ``layer`` was given, more than ``max_rows`` features,
        or cannot be read.
    """
    _check_limit("max_rows", max_rows)
    path = _checked_file(path, max_bytes)
    with tempfile.TemporaryDirectory(prefix="geo-import-") as tmp:
        source = _spatial_source(path, Path(tmp))
        layers = _layers_of(source, path.name)
        if layer is None:
            if len(layers) > 1:
                msg = (
                    f"{path.name} has {len(layers)} layers ({', '.join(layers)}); "
                    "choose one with --layer NAME (or the layer box on the Data page)"
                )
                raise GeoInputError(msg)
            layer = layers[0]
        elif layer not in layers:
            msg = f"{path.name} has no layer {layer!r}; it has: {', '.join(layers)}"
            raise GeoInputError(msg)
        try:
            declared = int(pyogrio.read_info(source, layer=layer)["features"])  # -1: the driver cannot tell cheaply
            if declared > max_rows:
                raise GeoInputError(_too_many(path.name, max_rows, "feature", f"layer {layer!r} has {declared:,}"))
            frame = pyogrio.read_dataframe(source, layer=layer, max_features=max_rows + 1)
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as err:
            msg = f"{path.name}: cannot read layer {layer!r} ({err}); open it in QGIS and save it as GeoPackage"
            raise GeoInputError(msg) from err
        if len(frame) > max_rows:
            found = f"layer {layer!r} has {max_rows + 1:,} or more"
            raise GeoInputError(_too_many(path.name, max_rows, "feature", found))
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.isna().all():
        msg = f"{path.name} layer {layer!r} has no geometry; expected polygons or points"
        raise GeoInputError(msg)
    if frame.empty:
        msg = f"{path.name} layer {layer!r} has no features; expected at least one"
        raise GeoInputError(msg)
    attrs = [c for c in frame.columns if c != frame.geometry.name]
    out = frame.copy()
    for col in attrs:
        out[col] = out[col].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    out = out.rename(columns={c: str(c).strip() for c in attrs})
    cells = pd.DataFrame(out[[str(c).strip() for c in attrs]])
    cells.index = pd.RangeIndex(1, len(cells) + 1)  # features as QGIS numbers them
    _check_cells(cells, path.name, unit="feature")
    return SpatialRead(frame=out, name=path.name, layer=layer)


def max_rows_from_env(environ: Mapping[str, str]) -> int:
    """Return the row limit set in ``environ`` (e.g. ``os.environ``) as :data:`MAX_ROWS_ENV`, else :data:`MAX_ROWS`.

    Raises
    ------
    GeoInputError
        If the variable is set to something else than a whole number of at least 1.

    Examples
    --------
    >>> max_rows_from_env({"PANCHAYAT_MAX_ROWS": "250,000"})
    250000
    >>> max_rows_from_env({})
    100000
    """
    return _whole_from_env(environ, MAX_ROWS_ENV, "rows", "250000") or MAX_ROWS


def max_bytes_from_env(environ: Mapping[str, str]) -> int:
    """Return the size limit set in ``environ`` as :data:`MAX_FILE_MB_ENV` (MB), in bytes; else :data:`MAX_FILE_BYTES`.

    Raises
    ------
    GeoInputError
        If the variable is set to something else than a whole number of MB of at least 1.

    Examples
    --------
    >>> max_bytes_from_env({"PANCHAYAT_MAX_FILE_MB": "200"}) == 200 * 1024 * 1024
    True
    >>> max_bytes_from_env({}) == MAX_FILE_BYTES
    True
    """
    return _whole_from_env(environ, MAX_FILE_MB_ENV, "MB", "200") * _MB or MAX_FILE_BYTES


# --- private helpers -------------------------------------------------------------------


def _whole_from_env(environ: Mapping[str, str], name: str, unit: str, example: str) -> int:
    """The whole number the variable ``name`` holds (``,`` and ``_`` between digits allowed); 0 when unset."""
    raw = environ.get(name, "").strip()
    if not raw:
        return 0
    digits = raw.replace(",", "").replace("_", "")
    if not digits.isascii() or not digits.isdigit() or int(digits) < 1:
        msg = f"{name}={raw!r}: expected a whole number of {unit}, e.g. {name}={example}"
        raise GeoInputError(msg)
    return int(digits)


def _check_limit(name: str, limit: object) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int):
        msg = f"{name!r} should be an int, got {type(limit).__name__}"
        raise TypeError(msg)
    if limit < 1:
        msg = f"{name!r} should be at least 1, got {limit}"
        raise ValueError(msg)


def _too_many(name: str, limit: int, unit: str, found: str) -> str:
    """The message for a file over the row limit: the file, what was found, the limit and how to raise it."""
    return (
        f"{name} has more than {limit:,} {unit}s ({found}); the limit is {limit:,} {unit}s — split the file "
        f"(e.g. one file per block), or raise the limit: --max-rows N for python -m geo import, "
        f"{MAX_ROWS_ENV}=N for the app"
    )


def _checked_file(path: str | os.PathLike[str], max_bytes: int) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        msg = f"'path' should be a file path, got {type(path).__name__}"
        raise TypeError(msg)
    path = Path(path)
    if not path.is_file():
        msg = f"{path} does not exist or is not a file; check the name and folder"
        raise GeoInputError(msg)
    size = path.stat().st_size
    if size == 0:
        msg = f"{path.name} is empty (0 bytes); expected a header row and data — export it again"
        raise GeoInputError(msg)
    _check_limit("max_bytes", max_bytes)
    if size > max_bytes:
        msg = (
            f"{path.name} is {_size(size, exact=False)}; the limit is {_size(max_bytes)} — split it "
            "(e.g. one file per block) or remove unused columns, or raise the limit: "
            f"--max-mb N for python -m geo import, {MAX_FILE_MB_ENV}=N for the app"
        )
        raise GeoInputError(msg)
    return path


def _size(n: int, *, exact: bool = True) -> str:
    """A size as a message gives it: ``900 bytes``, ``51.0 MB``; ``exact``: ``50 MB`` for a whole number of MB."""
    if n < _MB:
        return f"{n:,} bytes"
    return f"{n // _MB:,} MB" if exact and n % _MB == 0 else f"{n / _MB:,.1f} MB"


def _head(path: Path, n: int = 64) -> bytes:
    with path.open("rb") as handle:
        return handle.read(n)


@dataclass(frozen=True)
class _Text:
    """What one pass over a text file decoded with ``codec`` found."""

    codec: str
    first_line: str  #: the header line, without a byte-order mark
    sample: str  #: the first characters (at least :data:`_SAMPLE_CHARS` when the file has them)
    lines: int  #: line ends: pandas ends a row at "\n" or "\r"
    blank: bool  #: nothing but white space
    printable: bool  #: every character printable (only checked when asked)


def _text_of(path: Path, name: str) -> tuple[_Text, str, list[str]]:
    """Find a text file's encoding among those Indian offices' software writes, one block at a time.

    Returns what the file's text holds, the encoding as a reader names it and notes.
    """
    head = _head(path, _SAMPLE_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _scan(path, "utf-16")
        if text is not None:
            return text, "utf-16", []
    bare = _bomless_utf16(head)
    if bare is not None:
        text = _scan(path, bare)
        if text is None or not _printable(text.sample[:_SAMPLE_CHARS]):
            msg = (
                f"{name} looks like UTF-16 text without a byte-order mark ({bare.upper()}), but does not read as "
                "such; in Excel use Save As ▸ 'CSV UTF-8 (Comma delimited)'"
            )
            raise GeoInputError(msg)
        return text, bare, []
    text = _scan(path, "utf-8-sig")
    if text is not None:
        return text, "utf-8", []
    text = _scan(path, "cp1252", printable=True)
    if text is not None and text.printable:
        note = (
            f"{name} is not UTF-8; read it as Windows-1252 (Excel's 'CSV' on Windows) — "
            "check accented names, and save as 'CSV UTF-8' next time"
        )
        return text, "cp1252", [note]
    msg = (
        f"{name}: cannot read the text — it is not UTF-8, UTF-16 or Windows-1252 "
        "(or not a text file at all); in Excel use Save As ▸ 'CSV UTF-8 (Comma delimited)'"
    )
    raise GeoInputError(msg)


def _scan(path: Path, codec: str, *, printable: bool = False) -> _Text | None:
    """Decode the file with ``codec`` block by block, keeping only its first line and counts; None if it fails."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    head, headed, newlines, returns, blank, readable = "", False, 0, 0, True, True
    try:
        with path.open("rb") as handle:
            while True:
                raw = handle.read(_BLOCK_BYTES)
                text = decoder.decode(raw, final=not raw)
                newlines, returns = newlines + text.count("\n"), returns + text.count("\r")
                blank = blank and not text.strip()
                readable = readable and (not printable or _printable(text))
                if not headed:  # a first line longer than 4 blocks is no header: its start is enough
                    head += text
                    headed = _has_a_line(head) or len(head) >= 4 * _BLOCK_BYTES
                if not raw:
                    break
    except UnicodeDecodeError:
        return None
    lines = head.lstrip("\ufeff").splitlines()
    return _Text(codec, lines[0] if lines else "", head, max(newlines, returns), blank, readable)


def _has_a_line(text: str) -> bool:
    """Whether ``text`` holds a whole first line (its end included)."""
    parts = text.lstrip("\ufeff").splitlines(keepends=True)
    return len(parts) > 1 or (len(parts) == 1 and parts[0].splitlines()[0] != parts[0])


def _bomless_utf16(raw: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when the first bytes are UTF-16 without a byte-order mark, else None.

    A table's delimiters, digits and line ends are ASCII: in UTF-16 each has a zero
    byte, after it (LE) or before it (BE). UTF-8 and Windows-1252 text has none.
    """
    sample = raw[: min(len(raw), _SAMPLE_BYTES) // 2 * 2]
    zeros_odd, zeros_even = sample[1::2].count(0), sample[0::2].count(0)
    units = len(sample) // 2
    most, least = max(zeros_odd, zeros_even), min(zeros_odd, zeros_even)
    if units == 0 or most < max(2, units // 20) or least * 10 > most:
        return None
    return "utf-16-le" if zeros_odd > zeros_even else "utf-16-be"


def _printable(text: str) -> bool:
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def _read_csv(path: Path, max_rows: int) -> tuple[pd.DataFrame, str, list[str]]:
    """Read a CSV file in chunks of :data:`_CHUNK_ROWS` rows, each cleaned before the next is parsed."""
    text, encoding, notes = _text_of(path, path.name)
    if text.blank:
        msg = f"{path.name} holds only blank space; expected a header row and data"
        raise GeoInputError(msg)
    try:
        delimiter = csv.Sniffer().sniff(text.first_line, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    try:
        with pd.read_csv(
            path,
            encoding=text.codec,
            sep=delimiter,
            dtype=object,
            keep_default_na=False,
            engine="c",
            skipinitialspace=True,
            chunksize=_CHUNK_ROWS,
        ) as chunks:
            frame = _table_of(chunks, path.name, max_rows, f"{text.lines:,} lines", untext=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as err:
        msg = f"{path.name}: not a readable CSV table ({err}); open it in Excel and save it as 'CSV UTF-8'"
        raise GeoInputError(msg) from err
    header = next(csv.reader([text.first_line], delimiter=delimiter, skipinitialspace=True), [])
    if len(header) == len(frame.columns):
        frame.columns = header  # pandas renames a repeated header to "name.1"; keep what the file says
    frame.columns = [csv_untext(str(c)) for c in frame.columns]
    return frame, encoding, notes


def _table_of(chunks: Iterable[pd.DataFrame], name: str, max_rows: int, found: str, *, untext: bool) -> pd.DataFrame:
    """Join a table's chunks as text, without blank rows, refusing it as soon as it has more than ``max_rows`` rows.

    Each chunk's cells are stripped (and, for a CSV, ``untext``: taken out of their
    formula quotes, :func:`geo.exports.cells.csv_untext`) and checked against
    :data:`MAX_CELL_CHARS` before the next chunk is read; rows are numbered as Excel
    shows them (the header is row 1, blank rows counted).
    """
    parts, rows, start = [], 0, 2
    for chunk in chunks:
        cells = _cells_of(chunk, untext=untext).set_axis(pd.RangeIndex(start, start + len(chunk)))
        start += len(chunk)
        kept = cells.loc[(cells != "").any(axis=1)]
        rows += len(kept)
        if rows > max_rows:
            raise GeoInputError(_too_many(name, max_rows, "row", found))
        _check_cells(kept, name)
        parts.append(kept)
    return pd.concat(parts) if len(parts) > 1 else parts[0]


def _cells_of(chunk: pd.DataFrame, *, untext: bool) -> pd.DataFrame:
    """The chunk's cells as stripped text (``""`` when missing), out of their formula quotes when ``untext``."""

    def cell(value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        text = str(value)
        return (csv_untext(text) if untext else text).strip()

    return chunk.astype(object).map(cell)


def _read_xlsx(path: Path, sheet: str | None, max_rows: int) -> pd.DataFrame:
    import openpyxl

    fix = "save it again from Excel as .xlsx, or as 'CSV UTF-8'"
    with _open_zip(path, fix=fix) as archive:
        _check_archive(archive, path, fix=fix)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        msg = f"{path.name} is not a readable Excel workbook ({err}); save it again from Excel as .xlsx"
        raise GeoInputError(msg) from err
    try:
        if sheet is not None and sheet not in book.sheetnames:
            msg = f"{path.name} has no sheet {sheet!r}; it has: {', '.join(book.sheetnames)}"
            raise GeoInputError(msg)
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows, spans = [], f"the sheet spans {ws.max_row:,} rows" if ws.max_row else "more rows follow"
        for values in ws.iter_rows(values_only=True):
            row = ["" if v is None else _cell_text(v) for v in values]
            if any(v.strip() for v in row):
                rows.append(row)
                if len(rows) > max_rows + 1:  # the header and one row more than the limit
                    raise GeoInputError(_too_many(path.name, max_rows, "row", spans))
    finally:
        book.close()
    if not rows:
        msg = f"{path.name}: the sheet is empty; expected a header row and data"
        raise GeoInputError(msg)
    header = [str(h) for h in rows[0]]
    width = len(header)
    body = [(r + [""] * width)[:width] for r in rows[1:]]
    return _table_of([pd.DataFrame(body, columns=header, dtype=object)], path.name, max_rows, spans, untext=False)


def _cell_text(value: object) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _with_header(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """The table with its header checked and stripped, refused when it has no data row."""
    columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    if not columns or all(c == "" or c.startswith("Unnamed:") for c in columns):
        msg = f"{name}: no header row; expected column names in row 1 (e.g. lgd_code, name)"
        raise GeoInputError(msg)
    dupes = sorted({c for c in columns if columns.count(c) > 1})
    if dupes:
        msg = f"{name}: column name(s) {', '.join(dupes)} appear more than once in row 1; rename them"
        raise GeoInputError(msg)
    if frame.empty:
        msg = f"{name} has a header row but no data rows; expected one row per feature from row 2"
        raise GeoInputError(msg)
    frame.columns = columns
    return frame


def _check_cells(frame: pd.DataFrame, name: str, *, unit: str = "row") -> None:
    for i, col in enumerate(frame.columns):
        lengths = frame.iloc[:, i].map(len)
        if len(lengths) and lengths.max() > MAX_CELL_CHARS:
            row, shown = int(lengths.idxmax()), str(col).strip().lstrip("\ufeff")
            msg = (
                f"{name} {unit} {row} column {shown!r}: a cell of {int(lengths.max()):,} characters; "
                f"the limit is {MAX_CELL_CHARS:,} — the file is damaged or holds something else than this table"
            )
            raise GeoInputError(msg)


def _spatial_source(path: Path, tmp: Path) -> Path:
    """Return a path pyogrio can open: the file itself or the extracted Shapefile folder."""
    head = _head(path)
    suffix = path.suffix.lower()
    if head.startswith(_ZIP_MAGIC):
        return _extract_zip(path, tmp)
    if suffix == ".zip":
        msg = f"{path.name} is named .zip but is not a zip archive; zip the .shp, .shx, .dbf and .prj files again"
        raise GeoInputError(msg)
    if suffix == ".gpkg" and not head.startswith(_SQLITE_MAGIC):
        msg = f"{path.name} is named .gpkg but is not a GeoPackage; export the layer again from QGIS"
        raise GeoInputError(msg)
    if suffix in (".geojson", ".json", ".kml"):
        text = head.lstrip(b"\xef\xbb\xbf").lstrip()
        expected = b"{" if suffix != ".kml" else b"<"
        if not text.startswith(expected):
            what = "GeoJSON (text starting with '{')" if expected == b"{" else "KML (XML)"
            msg = f"{path.name} is named {suffix} but does not look like {what}; export it again"
            raise GeoInputError(msg)
    if suffix == ".shp":
        missing = [s for s in (".shx", ".dbf") if not path.with_suffix(s).exists()]
        if missing:
            msg = f"{path.name}: a Shapefile needs its {', '.join(missing)} beside it; send all parts zipped together"
            raise GeoInputError(msg)
    if suffix not in SPATIAL_SUFFIXES:
        msg = f"{path.name}: expected a GIS file ({', '.join(SPATIAL_SUFFIXES)}), got {suffix or 'no suffix'}"
        raise GeoInputError(msg)
    return path


def _extract_zip(path: Path, dest: Path) -> Path:
    """Check every member of a zip archive, then extract it into ``dest``."""
    with _open_zip(path, fix="zip the Shapefile parts again") as archive:
        members = _check_archive(archive, path, fix="send the Shapefile parts themselves, zipped again")
        shps = [i.filename for i in members if i.filename.lower().endswith(".shp") and not i.is_dir()]
        others = [i.filename for i in members if i.filename.lower().endswith((".gpkg", ".geojson", ".kml"))]
        if not shps and not others:
            listed = ", ".join(i.filename for i in members[:10]) or "nothing"
            msg = f"{path.name} holds no .shp file ({listed}); zip the .shp, .shx, .dbf and .prj together"
            raise GeoInputError(msg)
        budget = MAX_UNZIPPED_BYTES
        for info in members:
            if info.is_dir():
                continue
            target = dest / PurePosixPath(info.filename)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as src, target.open("wb") as out:
                while chunk := src.read(1024 * 1024):
                    budget -= len(chunk)
                    if budget < 0:
                        msg = f"{path.name} unpacks to more than it declares; refused as a possible zip bomb"
                        raise GeoInputError(msg)
                    out.write(chunk)
    if shps:
        for shp in shps:
            stem = dest / PurePosixPath(shp)
            missing = [s for s in (".shx", ".dbf") if not any(stem.with_suffix(x).exists() for x in (s, s.upper()))]
            if missing:
                msg = f"{path.name}: {shp} lacks its {', '.join(missing)}; zip all parts of the Shapefile together"
                raise GeoInputError(msg)
        folders = {(dest / PurePosixPath(s)).parent for s in shps}
        return next(iter(folders)) if len(folders) == 1 else dest / PurePosixPath(shps[0])
    return dest / PurePosixPath(others[0])


def _open_zip(path: Path, *, fix: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile as err:
        msg = f"{path.name} is a damaged zip archive ({err}); {fix}"
        raise GeoInputError(msg) from err


def _check_archive(archive: zipfile.ZipFile, path: Path, *, fix: str) -> list[zipfile.ZipInfo]:
    """Check a zip archive from its directory alone, before anything is expanded; return its members.

    Refused: too many members, a member path outside the archive or a link, and
    a total uncompressed size above :data:`MAX_UNZIPPED_BYTES` or a compression
    ratio above :data:`MAX_ZIP_RATIO` (zip bombs). Python's :mod:`zipfile` never
    expands a member beyond the size the directory declares, so these sizes bound
    what any reader of the archive (pyogrio, openpyxl) can unpack.
    """
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        msg = f"{path.name} holds {len(members):,} files; the limit is {MAX_ZIP_MEMBERS} — {fix}"
        raise GeoInputError(msg)
    for info in members:
        _check_member(info, path.name)
    total = sum(info.file_size for info in members)
    packed = max(1, path.stat().st_size)
    if total > MAX_UNZIPPED_BYTES or (total > 1024 * 1024 and total / packed > MAX_ZIP_RATIO):
        msg = (
            f"{path.name} would unpack to {total / 1024**2:,.0f} MB from {packed / 1024**2:,.2f} MB "
            f"(ratio {total / packed:,.0f}:1; limits {MAX_UNZIPPED_BYTES / 1024**2:,.0f} MB and "
            f"{MAX_ZIP_RATIO}:1); refused as a possible zip bomb — {fix}"
        )
        raise GeoInputError(msg)
    return members


def _check_member(info: zipfile.ZipInfo, name: str) -> None:
    member = info.filename
    posix, windows = PurePosixPath(member), PureWindowsPath(member)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or member.startswith(("/", "\\")):
        msg = (
            f"{name}: member {member!r} has an absolute path; refused (the archive may be hostile) — "
            "zip the files alone"
        )
        raise GeoInputError(msg)
    if ".." in posix.parts or ".." in windows.parts:
        msg = f"{name}: member {member!r} points outside the archive ('..'); refused (the archive may be hostile)"
        raise GeoInputError(msg)
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        msg = f"{name}: member {member!r} is a symbolic link; refused — zip the files themselves"
        raise GeoInputError(msg)


def _layers_of(source: Path, name: str) -> list[str]:
    try:
        listed = pyogrio.list_layers(source)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as err:
        msg = f"{name}: not a readable GIS file ({err}); open it in QGIS and export it as GeoPackage or GeoJSON"
        raise GeoInputError(msg) from err
    layers = [str(row[0]) for row in listed]
    if not layers:
        msg = f"{name} holds no layer; expected polygons or points"
        raise GeoInputError(msg)
    return layers
