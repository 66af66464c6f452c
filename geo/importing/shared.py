"""A village listed under several panchayats with one polygon: kept once, its land split between them.

Census-2011 extracts list a large village that several gram panchayats share (LGD's
villages "partly covered" by a panchayat: Redma North and Redma South share Redma) on
one row per panchayat, each with the village's whole polygon. The file does not draw the
line between the panchayats inside the village. The import keeps the village once (its
point, its polygon, its census code) and, to give every panchayat land of its own without
two panchayats claiming the same land, cuts the village's polygon into as many parts of
equal area as it has panchayats, by straight lines across its longer side (in metres,
UTM), and gives each panchayat the part nearest its other villages (a panchayat with no
other village takes what is left, in the file's order). The village's own panchayat is the
one whose part holds its point. Every such village is said, with its rows and the parts'
areas: the lines are the import's, not surveyed, and the panchayats' own boundaries
(``import boundaries``) replace them.

Without ``--dissolve-to-panchayats`` the store's panchayats are drawn already: the village
is kept once, in the listed panchayat its point lies in (:func:`placed_shared`). With
``--strict``, or when the rows differ in anything but their panchayat (several polygons,
other names), nothing is done here: :func:`geo.importing.parts.joined_parts` names the rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely

from geo.crs import metric_crs
from geo.importing.coordinates import inner_points
from geo.importing.keys import locate
from geo.importing.matching import name_key
from geo.importing.source import Source
from geo.importing.values import column, normalise_code
from geo.storage.validate import Problem

__all__ = ["MAX_SHARERS", "SharedVillage", "placed_shared", "shared_villages", "split_shared"]

#: The most panchayats one village is split between (their orders are all tried).
MAX_SHARERS = 6
_BISECTIONS = 60


@dataclass(frozen=True)
class SharedVillage:
    """A village the file lists under several panchayats, each row with the same polygon.

    Attributes
    ----------
    code : str
        Its census code.
    rows : tuple of int
        Its rows, one per panchayat, in the file's order.
    panchayats : tuple of str
        The panchayat code of each row.
    """

    code: str
    rows: tuple[int, ...]
    panchayats: tuple[str, ...]


def shared_villages(
    frame: pd.DataFrame, mapping: Mapping[str, str], shapes: gpd.GeoSeries | None
) -> tuple[pd.DataFrame, gpd.GeoSeries | None, list[SharedVillage]]:
    """Keep one row of each village listed under several panchayats with one polygon.

    Parameters
    ----------
    frame : pandas.DataFrame
        The file's rows (exact repeats already left out), indexed by row number.
    mapping : mapping
        Role -> column (``census_code``, ``village_name`` and ``panchayat_code`` are read).
    shapes : geopandas.GeoSeries or None
        The rows' polygons (None: points, or no repair wanted; nothing is done).

    Returns
    -------
    tuple
        The rows without the other panchayats' rows of each shared village (its first row
        kept, for now), their polygons, and the shared villages, for :func:`split_shared`.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> rows = pd.DataFrame({"code": ["7", "7"], "name": ["Redma", "Redma"], "gp": ["11", "12"]}, index=[2, 3])
    >>> shapes = gpd.GeoSeries([box(86, 24, 86.01, 24.01)] * 2, index=[2, 3], crs=4326)
    >>> kept, _, shared = shared_villages(
    ...     rows, {"census_code": "code", "village_name": "name", "panchayat_code": "gp"}, shapes)
    >>> kept.index.tolist(), shared
    ([2], [SharedVillage(code='7', rows=(2, 3), panchayats=('11', '12'))])
    """
    if shapes is None or "panchayat_code" not in mapping:
        return frame, shapes, []
    codes = column(frame, mapping["census_code"]).map(normalise_code)
    repeated = codes[(codes != "") & codes.duplicated(keep=False)]
    if repeated.empty:
        return frame, shapes, []
    names = column(frame, mapping["village_name"]).map(name_key)
    gps = column(frame, mapping["panchayat_code"]).map(normalise_code)
    shared = []
    for code, group in repeated.groupby(repeated, sort=True):
        rows = list(group.index)
        one_polygon = shapes.loc[rows].map(lambda g: g.wkb).nunique() == 1
        each_once = gps[rows].is_unique and "" not in set(gps[rows])
        if one_polygon and each_once and names[rows].nunique() == 1 and len(rows) <= MAX_SHARERS:
            shared.append(SharedVillage(str(code), tuple(rows), tuple(gps[rows])))
    others = [row for village in shared for row in village.rows[1:]]
    return frame.drop(index=others), shapes.drop(index=others), shared


def split_shared(
    frame: pd.DataFrame,
    whole: pd.DataFrame,
    mapping: Mapping[str, str],
    shapes: gpd.GeoSeries,
    shared: list[SharedVillage],
    source: Source,
) -> tuple[pd.DataFrame, gpd.GeoSeries, pd.DataFrame, gpd.GeoSeries, list[Problem], list[str]]:
    """Split each shared village's land between its panchayats; the village goes to the one holding its point.

    Parameters
    ----------
    frame : pandas.DataFrame
        The villages' rows, one per village (a shared village by its first row).
    whole : pandas.DataFrame
        The file's rows before :func:`shared_villages` (every panchayat's row of a shared village).
    mapping : mapping
        Role -> column.
    shapes : geopandas.GeoSeries
        The villages' polygons in EPSG:4326, indexed like ``frame`` (overlaps already resolved).
    shared : list of SharedVillage
        From :func:`shared_villages`.
    source : Source
        The file.

    Returns
    -------
    tuple
        The villages' rows (a shared village's row holds the cells of its panchayat's row, its
        number its first row's) and polygons, the land to dissolve into panchayats (rows and polygons: each
        panchayat's row of a shared village with its part), one warning per shared
        village and one fact for them all.
    """
    if not shared:
        return frame, shapes, frame, shapes, [], []
    firsts = [village.rows[0] for village in shared]
    crs = metric_crs(shapes.loc[firsts])
    gps = column(frame, mapping["panchayat_code"]).map(normalise_code)
    sharing = {row for village in shared for row in village.rows}
    land = shapes.drop(index=list(sharing & set(shapes.index))).to_crs(crs)
    land_of = land.groupby(gps.loc[land.index].to_numpy()).indices  # panchayat -> positions of its other villages
    nothing = shapely.GeometryCollection()
    polygons, points = shapes.loc[firsts].to_crs(crs), inner_points(shapes.loc[firsts]).to_crs(crs)
    villages = frame.copy()
    land_rows, land_parts, problems = [], [], []
    for village in shared:
        others = [
            shapely.union_all(land.iloc[land_of[gp]].to_numpy()) if gp in land_of else nothing
            for gp in village.panchayats
        ]
        parts = _parts_for(polygons[village.rows[0]], others)
        point = points[village.rows[0]]
        host = min(range(len(parts)), key=lambda i: parts[i].distance(point))
        villages.loc[village.rows[0]] = whole.loc[village.rows[host], frame.columns]
        land_rows += list(village.rows)
        land_parts += parts
        problems.append(_said(village, whole, mapping, source, host, parts))
    land_shapes = gpd.GeoSeries(land_parts, index=land_rows, crs=crs).to_crs(shapes.crs)
    kept = [row for row in villages.index if row not in sharing]
    land_frame = pd.concat([villages.loc[kept], whole.loc[land_rows, frame.columns]])
    land_geoms = pd.concat([shapes.loc[kept], land_shapes])
    listed = ", ".join(f"{v.code} (rows {', '.join(map(str, v.rows))})" for v in shared)
    what = "village is" if len(shared) == 1 else "villages are"
    fact = (
        f"{len(shared)} {what} listed under several panchayats with one polygon, each kept once, its land split "
        f"between its panchayats in parts of equal area ({len(land_rows)} parts): {listed}"
    )
    return villages, shapes, land_frame, gpd.GeoSeries(land_geoms, crs=shapes.crs), problems, [fact]


def placed_shared(
    frame: pd.DataFrame,
    whole: pd.DataFrame,
    mapping: Mapping[str, str],
    points: gpd.GeoSeries,
    shared: list[SharedVillage],
    panchayats: gpd.GeoDataFrame,
    source: Source,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Put each shared village in the one of its panchayats the store's boundaries place its point in.

    Without ``--dissolve-to-panchayats`` the store's panchayat polygons say where the
    village lies: it is kept once, under the listed panchayat its point lies in (else the
    first listed), and said.

    Parameters
    ----------
    frame, whole, mapping, shared, source
        As for :func:`split_shared`.
    points : geopandas.GeoSeries
        The villages' points (EPSG:4326), indexed like ``frame``.
    panchayats : geopandas.GeoDataFrame
        The store's panchayats.

    Returns
    -------
    tuple
        The villages' rows (a shared village's row holding its panchayat's row's cells) and
        one warning per shared village.
    """
    if not shared:
        return frame, []
    located = locate(points.loc[[v.rows[0] for v in shared]], panchayats)
    villages, problems = frame.copy(), []
    for village in shared:
        here = located[village.rows[0]]
        host = village.panchayats.index(here) if here in village.panchayats else 0
        villages.loc[village.rows[0]] = whole.loc[village.rows[host], frame.columns]
        why = (
            "the store's panchayat its point lies in"
            if here in village.panchayats
            else "the first listed: its point lies in none of them"
        )
        name = column(whole.loc[[village.rows[0]]], mapping["village_name"]).iloc[0]
        listed = ", ".join(f"{gp} (row {row})" for row, gp in zip(village.rows, village.panchayats, strict=True))
        problems.append(
            source.warning(
                village.rows[host],
                f"census code {village.code} ({name}) is listed under {len(village.rows)} panchayats with one "
                f"polygon ({listed}): kept once, in panchayat {village.panchayats[host]} ({why})",
                cause="a village listed under several panchayats with one polygon: kept once, in the panchayat its "
                "point lies in",
            )
        )
    return villages, problems


def _parts_for(polygon: shapely.Geometry, others: list[shapely.Geometry]) -> list[shapely.Geometry]:
    """``polygon`` cut into ``len(others)`` parts of equal area, the i-th part for the panchayat of ``others[i]``.

    Parts are given in the order that puts them nearest (centroid to land) the panchayats'
    other land (an empty geometry: no other land, anywhere will do); the first such order
    in the file's order wins a tie.
    """
    strips = equal_strips(polygon, len(others))
    centres = [strip.centroid for strip in strips]

    def cost(order: tuple[int, ...]) -> float:
        return sum(0.0 if others[i].is_empty else centres[s].distance(others[i]) for i, s in enumerate(order))

    best = min(itertools.permutations(range(len(strips))), key=cost)
    return [strips[s] for s in best]


def equal_strips(polygon: shapely.Geometry, n: int) -> list[shapely.Geometry]:
    """``polygon`` cut into ``n`` parts of equal area by lines across its longer side (west to east, or south to north).

    Parameters
    ----------
    polygon : shapely.Geometry
        A polygon in a metric CRS.
    n : int
        How many parts (at least 1).

    Returns
    -------
    list of shapely.Geometry
        The parts, west to east (a polygon wider than tall) or south to north.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> [round(p.area) for p in equal_strips(box(0, 0, 300, 100), 3)], equal_strips(box(0, 0, 300, 100), 3)[0].bounds
    ([10000, 10000, 10000], (0.0, 0.0, 100.0, 100.0))
    """
    west, south, east, north = polygon.bounds
    across = east - west >= north - south
    low, high = (west, east) if across else (south, north)

    def below(at: float) -> shapely.Geometry:
        box = (west, south, at, north) if across else (west, south, east, at)
        return shapely.clip_by_rect(polygon, *box)

    cuts = [low]
    for k in range(1, n):
        target, lo, hi = polygon.area * k / n, cuts[-1], high
        for _ in range(_BISECTIONS):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if below(mid).area < target else (lo, mid)
        cuts.append((lo + hi) / 2)
    cuts.append(high)
    parts = []
    for start, end in itertools.pairwise(cuts):
        box = (start, south, end, north) if across else (west, start, east, end)
        parts.append(shapely.make_valid(shapely.clip_by_rect(polygon, *box)))
    return parts


def _said(
    village: SharedVillage,
    whole: pd.DataFrame,
    mapping: Mapping[str, str],
    source: Source,
    host: int,
    parts: list[shapely.Geometry],
) -> Problem:
    """The warning on a shared village's row: its panchayats, the parts' areas, where it was kept."""
    names = column(whole.loc[list(village.rows)], mapping.get("panchayat_name"))
    name = column(whole.loc[[village.rows[0]]], mapping["village_name"]).iloc[0]
    each = ", ".join(
        f"{gp}{' ' + names[row] if names[row] else ''} (row {row}) {parts[i].area / 1e6:.2f} km²"
        for i, (row, gp) in enumerate(zip(village.rows, village.panchayats, strict=True))
    )
    return source.warning(
        village.rows[host],
        f"census code {village.code} ({name}) is listed under {len(village.rows)} panchayats with one polygon: "
        f"kept once, in panchayat {village.panchayats[host]} (its point lies in that part); its land split between "
        f"them in parts of equal area: {each} — the lines are the import's, not surveyed: import the panchayats' "
        "own boundaries (import boundaries) to replace them",
        cause="a village listed under several panchayats with one polygon: kept once, its land split between them in "
        "parts of equal area (lines drawn by the import) — import the panchayats' boundaries to replace them",
    )
