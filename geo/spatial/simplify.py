"""Lighter outlines for a map: polygons simplified together, so neighbours keep their shared edges.

A map of a state draws thousands of outlines, each of some forty points; at the zoom that
shows them all, most of those points fall within one pixel. :func:`simplify_coverage`
drops them in a metric CRS (a tolerance in metres), with shapely's coverage
simplification: an edge two polygons share is simplified once, so no gap or overlap
opens between neighbours.
"""

from __future__ import annotations

import geopandas as gpd
import shapely

from geo.crs import metric_crs

__all__ = ["simplify_coverage"]


def simplify_coverage(frame: gpd.GeoDataFrame, *, tolerance_m: float) -> gpd.GeoDataFrame:
    """A copy of ``frame`` whose polygons are simplified together, shared edges kept shared.

    Parameters
    ----------
    frame : GeoDataFrame
        Polygons that tile an area without overlaps (panchayats, blocks, a district), any CRS.
    tolerance_m : float
        How far (metres) a simplified edge may stray from the original; 0 returns a copy.

    Returns
    -------
    GeoDataFrame
        The same rows and columns in ``frame``'s CRS; the input is not changed. Empty or
        missing geometries stay as they are.

    Raises
    ------
    ValueError
        For a negative tolerance, or a frame with no CRS.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> squares = gpd.GeoDataFrame(geometry=[box(0, 0, 1000, 1000), box(1000, 0, 2000, 1000)], crs=32645)
    >>> [len(g.exterior.coords) for g in simplify_coverage(squares, tolerance_m=10).geometry]
    [5, 5]
    """
    if not tolerance_m >= 0:
        msg = f"tolerance_m must be 0 or more metres, got {tolerance_m!r}"
        raise ValueError(msg)
    if frame.crs is None:
        msg = "the frame has no CRS; set one before simplifying (store frames are EPSG:4326)"
        raise ValueError(msg)
    out = frame.copy()
    shapes = frame.geometry.notna() & ~frame.geometry.is_empty
    if tolerance_m == 0 or not shapes.any():
        return out
    metric = frame.geometry[shapes].to_crs(metric_crs(frame))
    simplified = shapely.coverage_simplify(metric.to_numpy(), tolerance_m)
    out.loc[shapes, out.geometry.name] = gpd.GeoSeries(simplified, index=metric.index, crs=metric.crs).to_crs(frame.crs)
    return out
