"""Importing a district's roads and water (rivers, reservoirs, ponds) from a GIS file; each replaces its layer.

A road network is one whole, not a list of events: the file becomes the store's
``roads`` (or ``water``) layer. The report says what that replaces ("replaces the
store's 126 roads with the file's 1,204"), and a replacement that removes more than
5 % of the layer's rows needs ``confirm_removal`` — the preview is shown first, as
for boundaries.

Inputs are GeoPackage, GeoJSON or a zipped Shapefile, e.g. an OpenStreetMap extract:
its ``highway`` (or Geofabrik's ``fclass``) column gives a road's class, kept as the
file writes it (lower-cased) — the speed table of the access analysis decides what
a class is worth, so classes it does not know are kept and listed. A road without a
class is an error naming the feature (leave it out with ``skip_invalid``): the
access analysis cannot give it a speed. Ids come from an ``osm_id``/``id`` column
when there is one, else they are numbered in file order (``road-000001``,
``water-000001``: the same file gives the same ids).
"""

from __future__ import annotations

import dataclasses
import os

import geopandas as gpd
import pandas as pd
import shapely

from geo.formats import format_count
from geo.importing.apply import base_store, finish
from geo.importing.columns import resolve_columns
from geo.importing.coordinates import store_extent, to_store_crs
from geo.importing.keys import repeats, shared_codes
from geo.importing.options import ImportOptions
from geo.importing.readers import read_spatial
from geo.importing.result import ImportResult
from geo.importing.source import Source
from geo.importing.values import column, describe, markup_warnings, normalise_code, without_controls
from geo.storage.schema import STORE_CRS
from geo.storage.store import StoreData, conform
from geo.storage.validate import Problem, ValidationReport

__all__ = ["import_roads", "import_water"]

_LINES = ("LineString", "MultiLineString")
_AREAS = ("Polygon", "MultiPolygon")
_CLOSED = {"yes", "y", "true", "1", "closed", "हाँ", "हां"}
_OPEN = {"no", "n", "false", "0", "open", "नहीं"}
_LIST_LIMIT = 20


def import_roads(
    store: StoreData | None,
    path: str | os.PathLike[str],
    options: ImportOptions = ImportOptions(),
) -> ImportResult:
    """Import road centrelines from a GIS file; they replace the store's ``roads``.

    Parameters
    ----------
    store : StoreData or None
        The current store read with ``private=True`` (None: a new, empty store).
    path : path-like
        GeoPackage, GeoJSON or zipped Shapefile of lines (LineString or MultiLineString).
    options : ImportOptions, optional
        What every import takes; a road file reads ``layer`` (when the file has several),
        ``columns`` (roles ``highway``: the road class, ``id``, ``name``,
        ``monsoon_closed``), ``crs`` (when the file states none or a wrong one, e.g.
        ``"EPSG:32645"``; a file that states none is refused without it),
        ``confirm_removal`` (a replacement removing more than 5 % of the store's roads),
        ``skip_rows`` (features), ``max_rows`` and ``max_bytes``.

    Returns
    -------
    ImportResult
        Without errors: the store with the file's roads in EPSG:4326, stored as
        MultiLineString; ``highway`` lower-cased as the file writes it.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> from geo.importing import new_store
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "roads.geojson"
    >>> _ = p.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature",
    ...     "properties": {"highway": "track"},
    ...     "geometry": {"type": "LineString", "coordinates": [[86.80, 23.95], [86.81, 23.95]]}}]}))
    >>> result = import_roads(new_store(), p)
    >>> result.data.roads[["id", "highway"]].values.tolist()
    [['road-000001', 'track']]
    """
    return _import_layer("roads", store, path, options)


def import_water(
    store: StoreData | None,
    path: str | os.PathLike[str],
    options: ImportOptions = ImportOptions(),
) -> ImportResult:
    """Import water polygons (rivers, reservoirs, ponds) from a GIS file; they replace the store's ``water``.

    A river drawn as a line must be given its width first (QGIS: Vector ▸ Geoprocessing ▸ Buffer).

    Parameters
    ----------
    store : StoreData or None
        The current store read with ``private=True`` (None: a new, empty store).
    path : path-like
        GeoPackage, GeoJSON or zipped Shapefile of polygons.
    options : ImportOptions, optional
        As for :func:`import_roads`; the ``columns`` roles are ``kind`` (river, reservoir,
        pond …; OpenStreetMap's ``fclass``, ``water`` or ``natural``), ``id``, ``name``,
        ``name_hi``.

    Returns
    -------
    ImportResult
        Without errors: the store with the file's water in EPSG:4326, as MultiPolygon;
        ``kind`` lower-cased as the file writes it.
    """
    return _import_layer("water", store, path, options)


# --- private helpers -------------------------------------------------------------------


def _import_layer(
    what: str,
    store: StoreData | None,
    path: str | os.PathLike[str],
    options: ImportOptions,
) -> ImportResult:
    """The shared steps of a roads or water import (``what`` is the layer and the kind)."""
    base = base_store(store)
    read = read_spatial(path, layer=options.layer, max_rows=options.max_rows, max_bytes=options.max_bytes)
    frame = read.frame.set_axis(pd.RangeIndex(1, len(read.frame) + 1))
    frame = frame.drop(index=[r for r in options.skip_rows if r in frame.index])
    source = Source(read.name, "feature")
    frame, cleaned = without_controls(frame, source)
    attrs = [c for c in frame.columns if c != frame.geometry.name]
    mapping = resolve_columns(attrs, what, options.columns, source=read.name)
    report = ValidationReport()
    report.facts.append(
        f"{read.name} layer {read.layer!r}: {len(frame):,} feature(s); columns used: {describe(mapping)}"
    )
    report.problems += cleaned
    result = ImportResult(what, read.name, None, report, columns=mapping)
    required = "highway" if what == "roads" else "kind"
    if required not in mapping:
        example = "OpenStreetMap's 'highway' or 'fclass'" if what == "roads" else "river, reservoir, pond"
        report.problems.append(
            source.file_error(
                f"no {required} column ({example}); found: {', '.join(attrs) or 'no attribute columns'} — name one "
                f"with --col {required}=COLUMN, or choose it on the Data page"
            )
        )
    ids = column(frame, mapping.get("id")).map(normalise_code)
    report.problems += _geometry_problems(frame.geometry, ids, source, _LINES if what == "roads" else _AREAS)
    if frame.crs is None and options.crs is None:
        report.problems.append(
            source.file_error(
                "states no CRS; expected EPSG:4326 or the metric CRS it was drawn in — set it in QGIS (Layer ▸ Set "
                "CRS) "
                "and save the file again, or pass --crs (e.g. --crs EPSG:32645)"
            )
        )
    values = column(frame, mapping.get(required)).str.lower()
    if required in mapping:
        report.problems += [
            source.error(
                row,
                f"has no {required} in column {mapping[required]!r}; "
                + (
                    "give it its road class (e.g. track, unclassified) or leave it out "
                    "(--skip-invalid): the access analysis needs a class for its speed"
                    if what == "roads"
                    else "say what it is (river, reservoir, pond …)"
                ),
                cause=f"no {required}",
            )
            for row, value in values.items()
            if not value
        ]
    if not report.ok:
        return result
    keep, found = repeats(frame, mapping, source, geometry=frame.geometry)
    report.problems += found
    frame, ids, values = frame[keep], ids[keep], values[keep]
    geoms, found, facts = to_store_crs(frame.geometry, options.crs, source, store_extent(base))
    report.problems += found
    report.facts += facts
    if geoms is None:
        return result
    geoms = gpd.GeoSeries(shapely.force_2d(geoms.to_numpy()), index=geoms.index, crs=STORE_CRS)
    if "id" in mapping:
        report.problems += [
            source.error(
                row,
                f"no id in column {mapping['id']!r}; give every feature one, or map no id column to number them",
                cause="no id",
            )
            for row, value in ids.items()
            if not value
        ]
        report.problems += shared_codes(ids, source, "id", severity="error")
    else:
        ids = pd.Series(
            [f"{what[:-1] if what == 'roads' else what}-{n:06d}" for n in range(1, len(frame) + 1)], index=frame.index
        )
        report.facts.append(
            f"no id column: ids {ids.iloc[0]} … numbered in the file's order (the same on every "
            "import of the same file)"
        )
    names = column(frame, mapping.get("name"))
    report.problems += markup_warnings(names, source, "name")
    attributes = {"id": ids, required: values, "name": names.replace("", None)}
    if what == "roads":
        attributes["monsoon_closed"], found = _closed(frame, mapping.get("monsoon_closed"), source)
        report.problems += found
        report.facts.append(_classes_fact(values))
    else:
        attributes["name_hi"] = column(frame, mapping.get("name_hi")).replace("", None)
    if not report.ok:
        return result
    new = conform(what, gpd.GeoDataFrame(attributes, geometry=geoms, crs=STORE_CRS))
    before = len(base.layer(what))
    noun = "roads" if what == "roads" else "water features"
    report.facts.append(
        f"mode: the file is the whole layer — replaces the store's {format_count(before)} {noun} "
        f"with the file's {format_count(len(new))}"
        if before
        else f"mode: the store has no {noun} yet; the file's {format_count(len(new))} become its {what}"
    )
    data = dataclasses.replace(base, **{what: new})
    return finish(result, base, data, (what,), confirm_removal=options.confirm_removal)


def _geometry_problems(
    geoms: gpd.GeoSeries,
    ids: pd.Series,
    source: Source,
    allowed: tuple[str, ...],
) -> list[Problem]:
    """An error for every feature without geometry or of another type than ``allowed``, naming it."""
    expected = "a line (LineString or MultiLineString)" if allowed == _LINES else "a polygon (area)"
    problems = []
    for row, geom in geoms.items():
        named = f" (id {ids[row]})" if ids[row] else ""
        if geom is None or geom.is_empty:
            problems.append(
                source.error(
                    row,
                    f"{named.strip() + ' ' if named else ''}has no geometry; draw it or remove the feature",
                    cause="has no geometry",
                )
            )
        elif geom.geom_type not in allowed:
            hint = (
                " — a river drawn as a line needs its width first (QGIS: Buffer)"
                if allowed == _AREAS and geom.geom_type in _LINES
                else ""
            )
            problems.append(
                source.error(
                    row,
                    f"{named.strip() + ' ' if named else ''}is a {geom.geom_type}; expected {expected}{hint}",
                    cause=f"is not {expected}",
                )
            )
        if len(problems) >= _LIST_LIMIT:
            break
    return problems


def _closed(frame: pd.DataFrame, name: str | None, source: Source) -> tuple[pd.Series, list[Problem]]:
    """``monsoon_closed`` as yes/no (empty cells, or no column, are unknown)."""
    if name is None:
        return pd.Series([pd.NA] * len(frame), index=frame.index, dtype="boolean"), []
    out, problems = [], []
    for row, raw in column(frame, name).items():
        text = raw.lower()
        out.append(True if text in _CLOSED else False if text in _OPEN else None)
        if text and out[-1] is None:
            problems.append(
                source.error(
                    row,
                    f"monsoon_closed {raw!r} in column {name!r}; expected yes or no",
                    cause="monsoon_closed is not yes or no",
                )
            )
    return pd.Series(out, index=frame.index, dtype="boolean"), problems


def _classes_fact(classes: pd.Series) -> str:
    """The road classes of the file, and those the default speed table does not know (kept as they are)."""
    from geo.spatial.travel import DEFAULT_SPEEDS_KMH

    counts = classes[classes != ""].value_counts()
    listed = ", ".join(f"{c} {format_count(int(n))}" for c, n in counts.items())
    unknown = [c for c in counts.index if c not in DEFAULT_SPEEDS_KMH]
    fact = f"road classes: {listed}"
    if unknown:
        fact += (
            f"; not in the default speed table, kept as they are: {', '.join(unknown)} — give them a speed in "
            "the access analysis's table, or it refuses them"
        )
    return fact
