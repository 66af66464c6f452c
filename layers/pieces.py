"""The static public page in pieces: one script per area and level, loaded when the map needs it.

A state's public page carries thousands of panchayat outlines and tens of thousands of
villages; in one file that is 15 MB before the map shows anything. So the first load
(``index.html``, :mod:`layers.publish`) holds the outlines of the top levels (simplified,
:func:`geo.spatial.simplify.simplify_coverage`), the centres and the search index, and each
*area* (:func:`group_areas`: a block today) has two pieces: its panchayats and centres
(``a<n>p``), and its villages (``a<n>v``). A piece is a script that calls one fixed loader with JSON data::

    gpPiece("a3p", {"sources": {...}, "labels": {...}, "places": [...], "near": {...}});

so the page works from disk (``file://``, where a browser blocks ``fetch()`` of local
files): ``layers/static/public_map.js`` adds ``<script src="pieces/a3p.js">`` when the
user zooms into the area or chooses a place in it. Every name is JSON data
(:func:`layers.markup.page_json`), never script or markup.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.spatial.simplify import simplify_coverage
from layers.folium_map import PropKeys, by_source, layer_labels, source_json
from layers.markup import page_json
from layers.spec import Lang, LayerSpec

__all__ = [
    "AREA_COLUMN",
    "LEVELS",
    "Areas",
    "Piece",
    "group_areas",
    "level_sources",
    "piece_script",
    "pieces_of",
    "simplified_frames",
]

#: The column whose values are the areas of the pieces. Blocks today; a store of several
#: districts will group by district.
AREA_COLUMN = "block_lgd"
#: The levels of a piece: its letter and the layers whose sources' rows it carries; the first one's rows are
#: the places of the search (panchayats, villages).
LEVELS: dict[str, tuple[str, ...]] = {"p": ("panchayats", "csc", "pmgdisha", "aadhaar"), "v": ("aadhaar_distance",)}
#: How far (metres) simplified outlines may stray: the first load's top levels (about a pixel at zoom 10,
#: a state's or a district's first view), and the panchayats of a piece (a pixel at zoom 13).
OUTLINE_TOLERANCE_M = 150.0
PANCHAYAT_TOLERANCE_M = 10.0


@dataclass(frozen=True)
class Areas:
    """The areas of a page and the area of each row.

    Attributes
    ----------
    keys : list
        The grouping column's values, in the order they first appear; a missing value
        (not recorded) is an area of its own, never dropped.
    of : dict of str to numpy.ndarray
        Per frame name, the area number (position in ``keys``) of each row.
    """

    keys: list
    of: dict[str, np.ndarray]


@dataclass(frozen=True)
class Piece:
    """One piece file: an area's rows of one level.

    Attributes
    ----------
    name : str
        ``a<area number><level>``, e.g. ``"a3p"``: the file ``pieces/a3p.js``; never a
        value from the store, so no name can reach a file path.
    level : str
        A key of :data:`LEVELS`.
    rows : dict of str to numpy.ndarray
        Per layer of the level, the positions of the piece's rows in its frame.
    """

    name: str
    level: str
    rows: dict[str, np.ndarray]


def group_areas(frames: Mapping[str, gpd.GeoDataFrame], column: str) -> Areas:
    """The areas of ``frames`` by ``column``: each value once, and each row's area.

    Parameters
    ----------
    frames : mapping of str to GeoDataFrame
        Frames by name; every one must hold ``column``.
    column : str
        The grouping column (e.g. ``"block_lgd"``; ``"district_lgd"`` for a state).

    Returns
    -------
    Areas
        Values in the order they first appear (frame by frame, row by row).

    Raises
    ------
    ValueError
        Naming the frames that lack ``column``.

    Examples
    --------
    >>> pan = pd.DataFrame({"block_lgd": ["B2", "B1", "B2"]})
    >>> vil = pd.DataFrame({"block_lgd": ["B1", None]})
    >>> areas = group_areas({"panchayats": pan, "villages": vil}, "block_lgd")
    >>> areas.keys, areas.of["villages"].tolist()
    (['B2', 'B1', None], [1, 2])
    """
    missing = [name for name, frame in frames.items() if column not in frame]
    if missing:
        msg = f"cannot group the page into areas: {missing} have no column {column!r}"
        raise ValueError(msg)
    values = pd.concat([frame[column].astype(object) for frame in frames.values()], ignore_index=True)
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    keys = [None if pd.isna(value) else value for value in uniques]
    of, start = {}, 0
    for name, frame in frames.items():
        of[name] = codes[start : start + len(frame)]
        start += len(frame)
    return Areas(keys=keys, of=of)


def pieces_of(areas: Areas) -> list[Piece]:
    """Every piece of ``areas`` that holds rows: area by area, panchayats before villages.

    ``areas`` must group the frames of every layer in :data:`LEVELS`.
    """
    pieces = []
    for number in range(len(areas.keys)):
        for level, names in LEVELS.items():
            rows = {name: np.flatnonzero(areas.of[name] == number) for name in names}
            if any(len(found) for found in rows.values()):
                pieces.append(Piece(name=f"a{number}{level}", level=level, rows=rows))
    return pieces


def simplified_frames(
    frames: Mapping[str, gpd.GeoDataFrame], specs: Sequence[LayerSpec], tolerances_m: Mapping[str, float]
) -> dict[str, gpd.GeoDataFrame]:
    """``frames`` (by layer name) with the polygons of each source in ``tolerances_m`` simplified once, together.

    The layers of one source share their rows, so they share the simplified shapes too.
    """
    out = dict(frames)
    for source, members in by_source(specs).items():
        if source not in tolerances_m:
            continue
        shapes = simplify_coverage(frames[members[0].name], tolerance_m=tolerances_m[source]).geometry
        for spec in members:
            out[spec.name] = frames[spec.name].set_geometry(shapes.to_numpy(), crs=shapes.crs)
    return out


def level_sources(specs: Sequence[LayerSpec]) -> dict[str, dict[str, list[LayerSpec]]]:
    """Per level of :data:`LEVELS`, per source its layers carry, the layers drawn from it (they share its rows)."""
    sources = by_source(specs)
    source_of = {spec.name: spec.source for spec in specs}
    return {level: {source_of[name]: sources[source_of[name]] for name in names} for level, names in LEVELS.items()}


def piece_script(
    piece: Piece,
    sources: Mapping[str, Sequence[LayerSpec]],
    frames: Mapping[str, gpd.GeoDataFrame],
    *,
    keys: Mapping[str, PropKeys],
    langs: Sequence[Lang],
    extra: Mapping[str, object],
) -> str:
    """The text of ``pieces/<piece.name>.js``: one call of ``gpPiece`` with the piece's data as JSON.

    ``sources`` holds, per source of the level (:func:`level_sources`), the piece's rows
    as the page's sources are written (:func:`layers.folium_map.source_json`), under the
    property names of all the rows (``keys`` by source: :func:`layers.folium_map.property_keys`,
    as the first load's empty layers read them); ``labels`` the labels of its labelled
    layers; ``extra`` what else the page reads from the piece (its places and their
    nearest centres).
    """
    data: dict[str, object] = {"sources": {}, "labels": {}}
    for source, members in sources.items():
        positions = next(piece.rows[spec.name] for spec in members if spec.name in piece.rows)
        rows = {spec.name: frames[spec.name].iloc[positions] for spec in members}
        data["sources"][source] = json.loads(  # type: ignore[index]
            source_json(list(members), rows, langs=langs, keys=keys[source], coded_shapes=True)
        )
        for spec in members:
            if spec.label:
                data["labels"][spec.name] = layer_labels(spec, rows[spec.name], langs)  # type: ignore[index]
    return f"gpPiece({page_json(piece.name)}, {page_json({**data, **extra})});\n"
