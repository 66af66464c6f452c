"""Polygons of one file that overlap: a small overlap goes to the larger polygon, a large one is refused.

Village polygons of a Census extract (and panchayat polygons drawn by hand) often
claim a few square metres of the same land where two digitisers met. An overlap is
*small* when it is under both limits of the tolerance:

* :data:`OVERLAP_SHARE` (1 %) of the smaller polygon's area — taking it away changes
  no figure of that village or panchayat by more than 1 %;
* :data:`OVERLAP_M2` (1 ha) — the size below which the store already calls land
  between panchayats a sliver (:data:`geo.storage.validate.GAP_M2`), not a gap.

A small overlap is given to the larger polygon: the smaller one loses exactly the
shared land (as QGIS's "Difference" would cut it), and the report lists it. A larger
overlap is two places claiming the same land: the import is refused, naming both and
the area, for a person to correct. The largest overlap in the 16 Census-2011 district
files of Jharkhand tried so far is 115 m² (0.04 % of the smaller village); the tolerance
leaves room for that, and for nothing a person should decide. With ``strict`` no
polygon is changed: every overlap of :data:`NOISE_M2` or more is refused.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.crs import metric_crs
from geo.importing.source import Source
from geo.storage.validate import ROUNDING_M2, Problem, area_text, pairwise_overlaps

__all__ = ["OVERLAP_SHARE", "OVERLAP_M2", "NOISE_M2", "resolve_overlaps"]

#: A resolved overlap is smaller than this share of the smaller polygon's area ...
OVERLAP_SHARE = 0.01
#: ... and smaller than this (1 ha).
OVERLAP_M2 = 10_000.0
#: Overlaps smaller than this (1 m²) are rounding where two outlines meet: resolved, counted, not listed.
NOISE_M2 = ROUNDING_M2
_TOLERANCE = f"less than {OVERLAP_SHARE:.0%} of the smaller polygon and less than {OVERLAP_M2 / 1e4:g} ha"


def resolve_overlaps(
    shapes: gpd.GeoSeries, labels: pd.Series, source: Source, *, what: str, strict: bool = False
) -> tuple[gpd.GeoSeries | None, list[Problem], list[str]]:
    """Give each small overlap to the larger polygon; refuse the large ones.

    Parameters
    ----------
    shapes : geopandas.GeoSeries
        Valid polygons in EPSG:4326, indexed by row (or feature) number.
    labels : pandas.Series
        What to call each polygon in messages (e.g. ``"802345 (Rampur)"``), indexed like ``shapes``.
    source : Source
        The file.
    what : str
        What the polygons are, plural (``"villages"``, ``"panchayats"``).
    strict : bool, default False
        Change nothing: every overlap of at least :data:`NOISE_M2` is an error.

    Returns
    -------
    tuple
        The polygons (the smaller of each small overlap without the shared land; None
        when an overlap is refused), the problems (a warning per resolved overlap, an
        error per refused one) and the facts. Areas are measured in the polygons' UTM zone.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> squares = gpd.GeoSeries([box(0, 0, 1000, 1000), box(999.5, 0, 1099.5, 1000)], crs=32645)  # UTM 45N
    >>> shapes = squares.translate(500_000, 2_650_000).to_crs(4326).set_axis([2, 3])
    >>> out, problems, facts = resolve_overlaps(shapes, pd.Series(["A", "B"], index=[2, 3]), Source("v.csv"),
    ...                                         what="villages")
    >>> round(out.to_crs(32645).area.tolist()[1])  # B (100,000 m²) lost the 500 m² it shared with A
    99500
    >>> print(problems[0])
    WARNING: v.csv villages A / B: overlap 500.0 m² (0.50% of B) given to A, the larger; B lost it
    """
    if len(shapes) < 2:
        return shapes, [], []
    crs = metric_crs(shapes)
    metric = shapely.make_valid(shapes.to_crs(crs).to_numpy())
    out = shapes.to_numpy().copy()
    areas = shapely.area(metric)
    rows, names = list(shapes.index), labels.astype(str).to_numpy()
    problems: list[Problem] = []
    resolved: list[float] = []
    for i, j, area in sorted(pairwise_overlaps(metric), key=lambda p: p[2], reverse=True):
        large, small = (i, j) if areas[i] >= areas[j] else (j, i)
        share = area / areas[small]
        where = f"{source.name} {what} {names[i]} / {names[j]}"
        if share >= OVERLAP_SHARE or area >= OVERLAP_M2:
            problems.append(
                Problem(
                    "error",
                    where,
                    f"overlap {area_text(area)} ({share:.1%} of {names[small]}, the smaller): more than "
                    f"the tolerance ({_TOLERANCE}) — the two claim the same land; correct the boundaries in the file "
                    "(or in QGIS)",
                    "two polygons overlap beyond the tolerance; correct the boundaries",
                )
            )
        elif strict:
            if area >= NOISE_M2:
                problems.append(
                    Problem(
                        "error",
                        where,
                        f"overlap {area_text(area)} ({share:.2%} of {names[small]}); --strict resolves "
                        f"nothing — correct the boundaries, or import without --strict to give it to {names[large]}, "
                        "the larger",
                        "two polygons overlap; --strict resolves nothing",
                    )
                )
        else:
            before = shapely.area(metric[small])
            metric[small] = _polygonal(shapely.difference(metric[small], metric[large]))
            out[small] = _polygonal(shapely.difference(out[small], out[large]))
            lost = float(before - shapely.area(metric[small]))
            resolved.append(lost)
            if lost >= NOISE_M2:
                problems.append(
                    Problem(
                        "warning",
                        where,
                        f"overlap {area_text(lost)} ({lost / areas[small]:.2%} of {names[small]}) "
                        f"given to {names[large]}, the larger; {names[small]} lost it",
                        f"small overlap ({_TOLERANCE}) given to the larger polygon; the smaller lost it",
                        rows[small],
                    )
                )
    if any(p.severity == "error" for p in problems):
        return None, problems, []
    facts = (
        [
            f"{source.name} {what}: {len(resolved)} overlap(s) under the tolerance ({_TOLERANCE}) given to the "
            f"larger polygon, {area_text(sum(resolved))} in all"
        ]
        if resolved
        else []
    )
    return gpd.GeoSeries(out, index=shapes.index, crs=shapes.crs), problems, facts


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygons of ``geom`` (a difference may leave slivers of lines or points at shared edges)."""
    parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.make_valid(shapely.union_all(np.array(parts, dtype=object))) if parts else geom
