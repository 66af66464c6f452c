"""Data exports for other offices: GeoJSON, GeoPackage, KML, zipped Shapefile, CSV and XLSX.

Two steps, both pure:

1. :func:`export_tables` turns the store into the tables a planner asks for
   (``panchayats`` with every current indicator, ``services``, ``villages`` with
   their nearest-service distances, the ``gaps`` lists, ``blocks`` with their
   KPIs), each a frame in EPSG:4326.
2. :func:`export_data` encodes them in one file format and returns the bytes
   (for a download button); :func:`write_export` writes them to a file atomically
   (for the command line).

Exports are **public by default**: every column of
:data:`geo.storage.schema.PRIVATE_FIELDS` (phone numbers, operator names, remarks, who
recorded what) is dropped, and ``service_private`` is never read, unless
``include_private=True`` (for editors, and only from a store read with
``read_store(path, private=True)``).

Tables built on the DEMO store carry a ``data_note`` column reading
``DEMO DATA — not official``, and every format that has a place for metadata
(XLSX ``about`` sheet, GeoPackage ``about`` table and layer descriptions, GeoJSON
and KML descriptions, a ``README.txt`` in the Shapefile zip) says so too.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import tempfile
import warnings
import zipfile
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from geo.errors import GeoInputError
from geo.exports.tables import write_tables
from geo.review.analysis import Analysis, analyse
from geo.review.figures import PUBLIC_FIGURES
from geo.review.gaps import gap_title
from geo.review.status import parse_date
from geo.storage.files import write_atomic
from geo.storage.schema import PRIVATE_FIELDS, SERVICE_KINDS, STORE_CRS
from geo.storage.store import StoreData
from geo.text import t

__all__ = [
    "DATA_LAYERS",
    "DATA_FORMATS",
    "FORMAT_SUFFIXES",
    "SHAPEFILE_FIELDS",
    "PRIVATE_EXPORT_COLUMNS",
    "DEMO_NOTE",
    "export_tables",
    "export_data",
    "write_export",
    "analysis_layer_bytes",
    "format_for_path",
    "shapefile_fields",
]

#: Data layers of ``export data --layer`` and what each holds.
DATA_LAYERS: dict[str, str] = {
    "panchayats": "gram panchayat polygons with every current indicator",
    "services": "service points (CSC, Aadhaar, PMGDISHA, library, bank, post office)",
    "villages": "village points with the nearest Aadhaar, CSC and PMGDISHA centre and distance (km)",
    "gaps": "the review's gap lists, one table each (panchayat polygons / village points)",
    "blocks": "block polygons with the review's KPIs",
}

#: Format -> file suffix.
FORMAT_SUFFIXES: dict[str, str] = {
    "geojson": ".geojson",
    "gpkg": ".gpkg",
    "kml": ".kml",
    "shp": ".zip",
    "csv": ".csv",
    "xlsx": ".xlsx",
}
DATA_FORMATS = tuple(FORMAT_SUFFIXES)
_SUFFIX_FORMATS = {suffix: fmt for fmt, suffix in FORMAT_SUFFIXES.items()} | {".shp": "shp", ".json": "geojson"}

DEMO_NOTE = "DEMO DATA — not official"

#: Columns that only ``include_private=True`` exports carry: the store's private
#: columns plus ``inspection_finding`` (the private remark of the last inspection).
PRIVATE_EXPORT_COLUMNS: frozenset[str] = frozenset(
    {column for columns in PRIVATE_FIELDS.values() for column in columns} | {"inspection_finding"}
)

#: Export column -> Shapefile (dBase) field name, at most 10 characters. Stable:
#: other offices' QGIS projects and scripts rely on these names, so change them
#: only with a note in docs/exports.md. Every exported column must be listed here.
SHAPEFILE_FIELDS: dict[str, str] = {
    # shared
    "table": "table",
    "data_note": "data_note",
    "lgd_code": "lgd_code",
    "name": "name",
    "name_hi": "name_hi",
    "block_lgd": "block_lgd",
    "district_lgd": "dist_lgd",
    "block_name": "block_name",
    "block_name_hi": "blk_nm_hi",
    "panchayat_lgd": "gp_lgd",
    "panchayat_name": "gp_name",
    "panchayat_name_hi": "gp_name_hi",
    "population": "population",
    "population_unrecorded": "pop_unrec",
    "lon": "lon",
    "lat": "lat",
    # panchayats
    "bhawan_lon": "bhawan_lon",
    "bhawan_lat": "bhawan_lat",
    "bharatnet": "bharatnet",
    "bharatnet_as_of": "bnet_date",
    "jharnet": "jharnet",
    "jharnet_as_of": "jnet_date",
    "inspection": "inspection",
    "inspection_as_of": "insp_date",
    "inspection_finding": "insp_find",
    "connectivity": "connect",
    "csc": "csc",
    "csc_as_of": "csc_date",
    "csc_source": "csc_src",
    "csc_points": "csc_points",
    "csc_functional_points": "csc_func_n",
    "library": "library",
    "library_as_of": "lib_date",
    "library_source": "lib_src",
    "library_books": "lib_books",
    "villages": "villages",
    "villages_beyond_aadhaar": "vil_far_aa",
    "population_beyond_aadhaar": "pop_far_aa",
    "population_beyond_aadhaar_unrecorded": "pop_far_un",
    "aadhaar_max_km": "aa_max_km",
    "pmgdisha_centres": "pmg_centre",
    "pmgdisha_registered": "pmg_regd",
    "pmgdisha_trained": "pmg_trnd",
    "pmgdisha_passed": "pmg_passed",
    "gap_list": "gap_list",
    "gaps": "gaps",
    # services
    "id": "id",
    "kind": "kind",
    "category": "category",
    "setting": "setting",
    "functional": "functional",
    "status_as_of": "status_dt",
    "opened": "opened",
    "registered": "registered",
    "trained": "trained",
    "passed": "passed",
    "books": "books",
    "operator_name": "operator",
    "phone": "phone",
    "remark": "remark",
    # villages
    "census_code": "census_cd",
    "beyond_aadhaar": "far_aa",
    "aadhaar_id": "aa_id",
    "aadhaar_name": "aa_name",
    "aadhaar_name_hi": "aa_name_hi",
    "aadhaar_dist_km": "aa_km",
    "csc_id": "csc_id",
    "csc_name": "csc_name",
    "csc_name_hi": "csc_nm_hi",
    "csc_dist_km": "csc_km",
    "pmgdisha_id": "pmg_id",
    "pmgdisha_name": "pmg_name",
    "pmgdisha_name_hi": "pmg_nm_hi",
    "pmgdisha_dist_km": "pmg_km",
    # blocks (the figures of geo.review.figures)
    "hq_lon": "hq_lon",
    "hq_lat": "hq_lat",
    "panchayats": "panchayats",
    "working": "working",
    "live_offline": "live_off",
    "not_live": "not_live",
    "connectivity_not_recorded": "conn_unrec",
    "bharatnet_live": "bnet_live",
    "jharnet_live": "jnet_live",
    "inspected": "inspected",
    "inspected_recent": "insp_30d",
    "aadhaar_centres": "aa_centres",
    "csc_functional": "csc_func",
    "csc_not_functional": "csc_nofunc",
    "csc_not_recorded": "csc_unrec",
    "library_opened": "lib_opened",
    "library_space": "lib_space",
    "library_not_started": "lib_nostrt",
    "library_not_recorded": "lib_unrec",
    "pmgdisha_registered_unreported": "pmg_reg_un",
    "pmgdisha_trained_unreported": "pmg_trn_un",
    "pmgdisha_passed_unreported": "pmg_pas_un",
    "jharsewa_received": "js_recd",
    "jharsewa_disposed": "js_disp",
    "jharsewa_pending": "js_pend",
    "jharsewa_as_of": "js_date",
    "jharsewa_rate": "js_rate",
    "jharsewa_class": "js_class",
    # gaps
    "detail": "detail",
}

_XLSX_CELL_MAX = 32_767
_WKT_DECIMALS = 7  # 1e-7 degree, about 1 cm
_DIST_DECIMALS = 3  # km, to the metre


# --- public functions --------------------------------------------------------------


def export_tables(
    data: StoreData,
    layer: str,
    *,
    include_private: bool = False,
    as_of: str | dt.date | None = None,
    aadhaar_km: float = 10.0,
    kind: str | None = None,
    analysis: Analysis | None = None,
) -> dict[str, gpd.GeoDataFrame | pd.DataFrame]:
    """Build the tables of one export layer.

    Parameters
    ----------
    data : StoreData
        The store's content (:func:`geo.storage.store.read_store`).
    layer : str
        One of :data:`DATA_LAYERS`.
    include_private : bool, default False
        Keep private columns (operator names, phone numbers, remarks, the last
        inspection's finding). Needs a store read with ``private=True``.
    as_of : str or datetime.date, optional
        Status and service points as of this date; default: latest.
    aadhaar_km : float, default 10
        Aadhaar reach threshold (km) for indicators, KPIs and gap lists.
    kind : str, optional
        For ``layer="services"``: only this service kind.
    analysis : geo.review.analysis.Analysis, optional
        The store's analysis for ``as_of`` and ``aadhaar_km``, when the caller has it (the app caches one).

    Returns
    -------
    dict of str to GeoDataFrame
        Table name -> frame in EPSG:4326, one key per table (several for
        ``gaps``: ``gap_<list>``). Points carry ``lon``/``lat`` columns too.

    Raises
    ------
    GeoInputError
        For an unknown layer or kind, or ``include_private`` on a public read.

    Examples
    --------
    >>> from geo.storage.store import read_store
    >>> data = read_store()
    >>> tables = export_tables(data, "panchayats")
    >>> list(tables), len(tables["panchayats"]) == len(data.panchayats)
    (['panchayats'], True)
    """
    _check_layer(layer)
    if kind is not None and layer != "services":
        msg = (
            f"kind={kind!r} filters the services layer only, but layer is {layer!r}; "
            "drop --kind or use --layer services"
        )
        raise GeoInputError(msg)
    if kind is not None and kind not in SERVICE_KINDS:
        msg = f"kind must be one of {', '.join(SERVICE_KINDS)}, got {kind!r}"
        raise GeoInputError(msg)
    if include_private and not _has_private(data):
        msg = (
            "include_private=True needs a store read with its private fields "
            "(read_store(path, private=True)); this one was read without them"
        )
        raise GeoInputError(msg)
    result = analysis if analysis is not None else analyse(data, as_of=as_of, aadhaar_km=aadhaar_km)
    builders = {
        "panchayats": lambda: {"panchayats": _panchayats(result, data, include_private)},
        "services": lambda: {"services": _services(result, data, kind, include_private)},
        "villages": lambda: {"villages": _villages(result)},
        "gaps": lambda: _gaps(result),
        "blocks": lambda: {"blocks": _blocks(result)},
    }
    tables = builders[layer]()
    if data.is_demo:
        tables = {name: frame.assign(data_note=DEMO_NOTE) for name, frame in tables.items()}
    if not include_private:
        tables = {
            name: frame.drop(columns=[c for c in frame.columns if c in PRIVATE_EXPORT_COLUMNS])
            for name, frame in tables.items()
        }
    return {name: _geometry_last(frame) for name, frame in tables.items()}


def export_data(
    data: StoreData,
    layer: str,
    fmt: str,
    *,
    include_private: bool = False,
    as_of: str | dt.date | None = None,
    aadhaar_km: float = 10.0,
    kind: str | None = None,
    analysis: Analysis | None = None,
) -> bytes:
    """Export one layer in one file format and return the file's bytes.

    Parameters
    ----------
    data : StoreData
        The store's content.
    layer : str
        One of :data:`DATA_LAYERS`.
    fmt : str
        One of :data:`DATA_FORMATS`: ``geojson`` (one FeatureCollection; several
        tables are stacked with a ``table`` column), ``gpkg`` (one layer per
        table plus an ``about`` table), ``kml`` (one folder per table; placemark
        name = ``name``, description = an HTML table of the fields), ``shp`` (a
        zip with ``.shp/.shx/.dbf/.prj/.cpg`` per table, field names from
        :data:`SHAPEFILE_FIELDS`, and ``README.txt``), ``csv`` (UTF-8 with BOM;
        geometry as ``wkt``; several tables stacked with a ``table`` column) or
        ``xlsx`` (a sheet per table with frozen header, plus ``about``).
    include_private, as_of, aadhaar_km, kind, analysis
        As for :func:`export_tables`.

    Returns
    -------
    bytes
        The file content. Coordinates are EPSG:4326 (longitude, latitude).

    Raises
    ------
    GeoInputError
        For an unknown layer, format or kind.

    Examples
    --------
    >>> from geo.storage.store import read_store
    >>> blob = export_data(read_store(), "blocks", "geojson")
    >>> blob[:1]
    b'{'
    """
    fmt = _check_format(fmt)
    _check_layer(layer)
    result = (
        analysis
        if analysis is not None
        else analyse(data, as_of=parse_date(as_of, name="as_of"), aadhaar_km=aadhaar_km)
    )
    tables = export_tables(data, layer, include_private=include_private, kind=kind, analysis=result)
    about = _about(result, f"{layer}: {DATA_LAYERS[layer]}", include_private=include_private)
    return _file_bytes(layer, tables, fmt, about)


def analysis_layer_bytes(
    result: Analysis, name: str, description: str, tables: Mapping[str, gpd.GeoDataFrame], fmt: str
) -> bytes:
    """A derived layer (e.g. travel-time bands) as a file of ``fmt``, with the same ``about`` as every export.

    Parameters
    ----------
    result : Analysis
        The analysis the layer comes from (district, date, DEMO label, headline figures).
    name : str
        The layer's file name stem.
    description : str
        What the layer is, written into the file's description.
    tables : mapping of str to geopandas.GeoDataFrame
        Table name -> frame (EPSG:4326).
    fmt : str
        One of :data:`DATA_FORMATS`.
    """
    return _file_bytes(
        name, tables, _check_format(fmt), _about(result, f"{name}: {description}", include_private=False)
    )


def _file_bytes(name: str, tables: Mapping[str, gpd.GeoDataFrame], fmt: str, about: Mapping[str, str]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="gp-export-") as tmp:
        target = Path(tmp) / f"{name}{FORMAT_SUFFIXES[fmt]}"
        _WRITERS[fmt](target, tables, about)
        return target.read_bytes()


def write_export(
    path: str | os.PathLike[str],
    data: StoreData,
    layer: str,
    fmt: str | None = None,
    **options: object,
) -> Path:
    """Export one layer to a file, atomically (a temporary file renamed into place).

    Parameters
    ----------
    path : path-like
        Target file.
    data, layer
        As for :func:`export_data`.
    fmt : str, optional
        One of :data:`DATA_FORMATS`; default: from the suffix of ``path``
        (``.zip`` or ``.shp`` means a zipped Shapefile).
    **options
        ``include_private``, ``as_of``, ``aadhaar_km``, ``kind`` for :func:`export_data`.

    Returns
    -------
    pathlib.Path
        The written file.
    """
    target = Path(path)
    fmt = format_for_path(target) if fmt is None else _check_format(fmt)
    suffix_fmt = _SUFFIX_FORMATS.get(target.suffix.lower())
    if suffix_fmt is not None and suffix_fmt != fmt:
        msg = (
            f"format is {fmt!r} but the file name {target.name} says {suffix_fmt!r}; "
            f"name it {target.stem}{FORMAT_SUFFIXES[fmt]}"
        )
        raise GeoInputError(msg)
    if fmt == "shp" and target.suffix.lower() != ".zip":
        msg = (
            f"a Shapefile export is a zip of .shp/.shx/.dbf/.prj/.cpg files, so {target.name} should end in .zip; "
            f"use e.g. {target.stem}_shp.zip"
        )
        raise GeoInputError(msg)
    blob = export_data(data, layer, fmt, **options)  # type: ignore[arg-type]
    return write_atomic(target, blob)


def format_for_path(path: str | os.PathLike[str]) -> str:
    """The export format a file name asks for (``.shp`` and ``.zip`` mean ``shp``).

    Raises
    ------
    GeoInputError
        For a suffix no format writes.
    """
    suffix = Path(path).suffix.lower()
    by_suffix = _SUFFIX_FORMATS
    if suffix not in by_suffix:
        msg = (
            f"cannot tell the format of {Path(path).name}: expected a suffix among "
            f"{', '.join(sorted(by_suffix))}, got {suffix or 'none'}; or pass --format"
        )
        raise GeoInputError(msg)
    return by_suffix[suffix]


def shapefile_fields(columns: list[str] | pd.Index) -> dict[str, str]:
    """Map export columns to their Shapefile field names.

    Raises
    ------
    GeoInputError
        If a column has no entry in :data:`SHAPEFILE_FIELDS` (add one there).
    """
    missing = [c for c in columns if c != "geometry" and c not in SHAPEFILE_FIELDS]
    if missing:
        msg = f"columns {missing} have no Shapefile field name; add them to geo.exports.export.SHAPEFILE_FIELDS"
        raise GeoInputError(msg)
    return {c: SHAPEFILE_FIELDS[c] for c in columns if c != "geometry"}


# --- tables --------------------------------------------------------------------------


def _panchayats(result: Analysis, data: StoreData, include_private: bool) -> gpd.GeoDataFrame:
    gps = result.panchayats.copy()
    if include_private:
        gps["inspection_finding"] = gps["lgd_code"].map(_inspection_findings(data.status_events, result.as_of))
    return gps


def _inspection_findings(events: pd.DataFrame, as_of: str | None) -> pd.Series:
    """The remark of each panchayat's latest inspection (private)."""
    chosen = events[events["indicator"] == "inspection"]
    if as_of is not None:
        chosen = chosen[chosen["as_of"] <= as_of]
    latest = chosen.sort_values(["as_of", "recorded_at", "event_id"], kind="stable").drop_duplicates(
        "panchayat_lgd", keep="last"
    )
    return latest.set_index("panchayat_lgd")["remark"]


def _services(result: Analysis, data: StoreData, kind: str | None, include_private: bool) -> gpd.GeoDataFrame:
    services = result.services
    if kind is not None:
        services = services[services["kind"] == kind]
    services = _with_places(services, result)
    if include_private:
        private = data.service_private.set_index("id")[list(PRIVATE_FIELDS["service_private"])]
        services = services.join(private, on="id")
    return _with_lonlat(services.reset_index(drop=True))


def _villages(result: Analysis) -> gpd.GeoDataFrame:
    villages = result.villages.copy()
    dist = [c for c in villages.columns if c.endswith("_dist_km")]
    villages[dist] = villages[dist].round(_DIST_DECIMALS)
    return _with_lonlat(villages.reset_index(drop=True))


def _gaps(result: Analysis) -> dict[str, gpd.GeoDataFrame]:
    tables = {}
    for key, frame in result.gaps.items():
        table = gpd.GeoDataFrame(frame, geometry="geometry", crs=STORE_CRS)
        tables[f"gap_{key}"] = _with_lonlat(table) if "census_code" in frame else table
    return tables


def _blocks(result: Analysis) -> gpd.GeoDataFrame:
    figures = result.figures
    left_out = figures.left_out.drop(index="district")
    extra = pd.DataFrame(
        {
            "population_unrecorded": left_out["population"],
            "population_beyond_aadhaar_unrecorded": left_out["population_beyond_aadhaar"],
            **{f"pmgdisha_{c}_unreported": left_out[f"pmgdisha_{c}"] for c in ("registered", "trained", "passed")},
        }
    )
    by_block = figures.by_block.drop(columns=result.blocks.columns, errors="ignore")  # JharSewa counts: the same
    blocks = result.blocks.join(by_block, on="lgd_code").join(extra, on="lgd_code")
    return blocks[[c for c in blocks.columns if c != "geometry"] + ["geometry"]]


def _with_places(frame: gpd.GeoDataFrame, result: Analysis) -> gpd.GeoDataFrame:
    """Add panchayat and block names next to ``panchayat_lgd``."""
    gps = result.panchayats.set_index("lgd_code")
    frame = frame.copy()
    frame["panchayat_name"] = frame["panchayat_lgd"].map(gps["name"])
    frame["block_lgd"] = frame["panchayat_lgd"].map(gps["block_lgd"])
    frame["block_name"] = frame["panchayat_lgd"].map(gps["block_name"])
    return frame


def _with_lonlat(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return frame.assign(lon=frame.geometry.x.round(_WKT_DECIMALS), lat=frame.geometry.y.round(_WKT_DECIMALS))


def _geometry_last(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    columns = [c for c in frame.columns if c != "geometry"] + ["geometry"]
    return gpd.GeoDataFrame(frame[columns].reset_index(drop=True), geometry="geometry", crs=STORE_CRS)


def _has_private(data: StoreData) -> bool:
    private_cols = PRIVATE_FIELDS.get("status_events", ())
    return all(c in data.status_events.columns for c in private_cols) and len(data.service_private) > 0


# --- formats -------------------------------------------------------------------------


def _about(result: Analysis, layer: str, *, include_private: bool) -> dict[str, str]:
    """What the file is: the district, its date, privacy, and the review's headline figures."""
    about = {
        "dataset": result.dataset,
        "district": result.identity.area("en")
        + (f" (code {result.identity.code}, {result.identity.code_kind})" if result.identity.code else ""),
        "demo": DEMO_NOTE if result.is_demo else "no",
        "layer": layer,
        "as_of": result.as_of or f"latest ({result.date or 'no report yet'})",
        "aadhaar_km": f"{result.aadhaar_km:g}",
        "exported": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "crs": "EPSG:4326 (longitude, latitude, WGS84)",
        "privacy": "includes PRIVATE fields (editors only)" if include_private else "public fields only",
    }
    for key in PUBLIC_FIGURES:
        note = result.figures.note(key)
        about[f"figure: {result.figures.title(key)}"] = result.figures.text(key) + (f" ({note})" if note else "")
    about["source_notes"] = result.source_notes
    return about


def _about_text(about: Mapping[str, str]) -> str:
    return "\n".join(f"{key}: {value}" for key, value in about.items())


def _write_geojson(target: Path, tables: Mapping[str, gpd.GeoDataFrame], about: Mapping[str, str]) -> None:
    frame = _stacked(tables)
    pyogrio.write_dataframe(
        frame,
        target,
        driver="GeoJSON",
        layer=target.stem,
        layer_options={
            "RFC7946": "YES",
            "DESCRIPTION": _about_text(about),
            "COORDINATE_PRECISION": str(_WKT_DECIMALS + 2),
        },
    )


def _write_gpkg(target: Path, tables: Mapping[str, gpd.GeoDataFrame], about: Mapping[str, str]) -> None:
    demo = f" ({DEMO_NOTE})" if about["demo"] != "no" else ""
    for name, frame in tables.items():
        title = (
            gap_title(name[4:], aadhaar_km=float(about["aadhaar_km"]))
            if name.startswith("gap_")
            else DATA_LAYERS.get(name, name)
        )
        pyogrio.write_dataframe(
            frame,
            target,
            driver="GPKG",
            layer=name,
            append=target.exists(),
            geometry_type=_geometry_type(frame),
            layer_options={"IDENTIFIER": name, "DESCRIPTION": f"{title}{demo}"},
        )
    pyogrio.write_dataframe(
        pd.DataFrame({"key": list(about), "value": list(about.values())}),
        target,
        driver="GPKG",
        layer="about",
        append=True,
    )


def _write_kml(target: Path, tables: Mapping[str, gpd.GeoDataFrame], about: Mapping[str, str]) -> None:
    driver = "LIBKML" if "LIBKML" in pyogrio.list_drivers(write=True) else "KML"
    for number, (name, frame) in enumerate(tables.items()):
        code = _code_column(frame)
        placemarks = gpd.GeoDataFrame(
            {"Name": _kml_names(frame), "Description": _kml_descriptions(frame), code: frame[code].astype(str)},
            geometry=frame.geometry.to_numpy(),
            crs=STORE_CRS,
        )
        options = {}
        if number == 0:
            options = {"NAME": about["dataset"], "DESCRIPTION": _about_text(about)} if driver == "LIBKML" else {}
        pyogrio.write_dataframe(
            placemarks,
            target,
            driver=driver,
            layer=name,
            append=number > 0,
            dataset_options=options or None,
            **({"NameField": "Name", "DescriptionField": "Description"} if driver == "KML" else {}),
        )


def _geometry_type(frame: gpd.GeoDataFrame) -> str:
    """The table's geometry type, also when it has no row (an empty gap list is still a polygon layer)."""
    if len(frame):
        return "Point" if (frame.geom_type == "Point").all() else "MultiPolygon"
    return "MultiPolygon" if "lgd_code" in frame else "Point"


def _code_column(frame: pd.DataFrame) -> str:
    """The column that identifies a row: LGD code, Census code or service point id."""
    return next(c for c in ("lgd_code", "census_code", "id") if c in frame)


def _kml_names(frame: pd.DataFrame) -> list[str]:
    """Placemark names: ``name / name_hi (code)``."""
    code = _code_column(frame)
    names = frame["name"].astype("string").fillna("")
    if "name_hi" in frame:
        hindi = frame["name_hi"].astype("string").fillna("")
        names = names.where(hindi == "", names + " / " + hindi)
    return (names + " (" + frame[code].astype(str) + ")").tolist()


def _kml_descriptions(frame: pd.DataFrame) -> list[str]:
    """An HTML table of every field (values HTML-escaped), one per row."""
    columns = [c for c in frame.columns if c != "geometry"]
    rows = []
    for record in frame[columns].itertuples(index=False, name=None):
        cells = "".join(
            f"<tr><th>{html.escape(c)}</th><td>{html.escape(_text(v))}</td></tr>"
            for c, v in zip(columns, record, strict=True)
        )
        rows.append(f"<table>{cells}</table>")
    return rows


def _write_shp(target: Path, tables: Mapping[str, gpd.GeoDataFrame], about: Mapping[str, str]) -> None:
    folder = target.parent / "shp"
    folder.mkdir()
    lines = [_about_text(about), "", "Shapefile field names (dBase allows 10 characters):"]
    for name, frame in tables.items():
        fields = shapefile_fields(frame.columns)
        # Shapefiles hold one geometry type; a table of points stays points.
        pyogrio.write_dataframe(
            frame.rename(columns=fields),
            folder / f"{name}.shp",
            driver="ESRI Shapefile",
            layer_options={"ENCODING": "UTF-8"},
        )
        lines += [f"  {name}.shp:"] + [f"    {short:<10}  {long}" for long, short in fields.items()]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.iterdir()):
            archive.write(part, part.name)
        archive.writestr("README.txt", "\n".join(lines) + "\n")


def _write_csv(target: Path, tables: Mapping[str, gpd.GeoDataFrame], about: Mapping[str, str]) -> None:
    write_tables(target, {"table": _with_wkt(_stacked(tables))})


def _write_xlsx(target: Path, tables: Mapping[str, gpd.GeoDataFrame], about: Mapping[str, str]) -> None:
    sheets: dict[str, pd.DataFrame] = {"about": pd.DataFrame({"key": list(about), "value": list(about.values())})}
    for name, frame in tables.items():
        table = _with_wkt(frame)
        if table["wkt"].str.len().max() > _XLSX_CELL_MAX:
            warnings.warn(f"{name}: geometry too detailed for an Excel cell; the wkt column is left out", stacklevel=3)
            table = table.drop(columns="wkt")
        sheets[name] = table
    write_tables(target, sheets)


def _stacked(tables: Mapping[str, gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    if len(tables) == 1:
        return next(iter(tables.values()))
    parts = [frame.assign(table=name) for name, frame in tables.items()]
    stacked = pd.concat(parts, ignore_index=True)
    return _geometry_last(stacked[["table"] + [c for c in stacked.columns if c != "table"]])


def _with_wkt(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    wkt = shapely.to_wkt(frame.geometry.to_numpy(), rounding_precision=_WKT_DECIMALS, trim=True)
    return pd.DataFrame(frame.drop(columns="geometry")).assign(wkt=wkt)


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return t("format.not_recorded", "en")
    return str(value)


_WRITERS = {
    "geojson": _write_geojson,
    "gpkg": _write_gpkg,
    "kml": _write_kml,
    "shp": _write_shp,
    "csv": _write_csv,
    "xlsx": _write_xlsx,
}


# --- checks and files ----------------------------------------------------------------


def _check_layer(layer: object) -> None:
    if layer not in DATA_LAYERS:
        msg = f"layer must be one of {', '.join(DATA_LAYERS)}, got {layer!r}"
        raise GeoInputError(msg)


def _check_format(fmt: object) -> str:
    key = str(fmt).lower().lstrip(".")
    if key not in FORMAT_SUFFIXES:
        msg = f"format must be one of {', '.join(DATA_FORMATS)}, got {fmt!r}"
        raise GeoInputError(msg)
    return key
