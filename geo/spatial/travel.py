"""Travel time to the nearest service on a grid: speeds from roads, barriers, and a shortest-path search.

A :class:`Grid` covers an area in a metric CRS with square cells (default 100 m).
:func:`speed_surface` gives every cell a speed in km/h: walking off-road
(:data:`WALK_KMH`), the speed of the fastest road class that crosses it
(:data:`DEFAULT_SPEEDS_KMH`, an OpenStreetMap ``highway`` table the user may
replace, e.g. with a monsoon one), and 0 (impassable) on barriers such as rivers
— unless a road crosses them there: a bridge.

:func:`travel_minutes` finds, for every cell, the minutes to the nearest source
(a service point) and which source that is, with scikit-image's
:class:`skimage.graph.MCP_Geometric` (Dijkstra's algorithm on the grid itself, all
sources at once, no graph held): crossing from one cell's centre to a neighbour's (4
or 8 neighbours) takes the distance between the centres at the mean pace of the two
cells (half the way in each). Which source is nearest comes from the search's
traceback by pointer jumping (every cell's ancestor twice as far up, until each
points at its source). :func:`minutes_between` searches one origin at a time with
:func:`scipy.sparse.csgraph.dijkstra` on :func:`travel_graph`, the same moves as a
sparse matrix. Minutes are float64; :func:`within_minutes`
compares them with a threshold to a nanominute, so a cell at exactly 60 minutes
is within 60.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
from affine import Affine
from pyproj import CRS
from rasterio import features
from scipy import sparse
from scipy.sparse.csgraph import dijkstra
from skimage.graph import MCP_Geometric

from geo.errors import GeoInputError

__all__ = [
    "DEFAULT_SPEEDS_KMH",
    "MONSOON_SPEEDS_KMH",
    "MONSOON_WALK_KMH",
    "WALK_KMH",
    "Grid",
    "minutes_between",
    "speed_surface",
    "travel_graph",
    "travel_minutes",
    "within_minutes",
]

#: Walking off-road, km/h.
WALK_KMH = 5.0
#: Dry-season speeds by OpenStreetMap ``highway`` class, km/h (a district replaces them with its own table).
DEFAULT_SPEEDS_KMH: dict[str, float] = {
    "motorway": 80.0,
    "motorway_link": 60.0,
    "trunk": 70.0,
    "trunk_link": 50.0,
    "primary": 70.0,
    "primary_link": 50.0,
    "secondary": 50.0,
    "secondary_link": 40.0,
    "tertiary": 30.0,
    "tertiary_link": 30.0,
    "unclassified": 20.0,
    "residential": 20.0,
    "living_street": 10.0,
    "service": 15.0,
    "track": 10.0,
    "path": 5.0,
    "footway": 5.0,
}
#: Walking off-road in the rains (fields waterlogged, paths slippery), km/h.
MONSOON_WALK_KMH = 3.0
#: Monsoon speeds, km/h: paved roads slower, earth roads and tracks barely passable. Roads the store marks
#: ``monsoon_closed`` are left out altogether in that scenario (see :mod:`geo.spatial.access`).
MONSOON_SPEEDS_KMH: dict[str, float] = {
    "motorway": 70.0,
    "motorway_link": 50.0,
    "trunk": 60.0,
    "trunk_link": 40.0,
    "primary": 55.0,
    "primary_link": 40.0,
    "secondary": 35.0,
    "secondary_link": 30.0,
    "tertiary": 20.0,
    "tertiary_link": 20.0,
    "unclassified": 10.0,
    "residential": 12.0,
    "living_street": 6.0,
    "service": 8.0,
    "track": 4.0,
    "path": 3.0,
    "footway": 3.0,
}
_TOLERANCE_MIN = 1e-9


@dataclass(frozen=True)
class Grid:
    """Square cells over an area, in a metric CRS.

    Attributes
    ----------
    crs : pyproj.CRS
        A projected CRS in metres (e.g. the district's UTM zone).
    west, north : float
        The grid's top-left corner, metres.
    cell_m : float
        The side of a cell, metres.
    rows, cols : int
    """

    crs: CRS
    west: float
    north: float
    cell_m: float
    rows: int
    cols: int

    @classmethod
    def covering(cls, frame: gpd.GeoDataFrame, crs: object, cell_m: float = 100.0) -> Grid:
        """The grid of ``cell_m`` cells in ``crs`` (metric) covering ``frame``'s extent."""
        metric = CRS.from_user_input(crs)
        if not metric.is_projected or metric.axis_info[0].unit_name not in ("metre", "meter"):
            msg = f"the grid's CRS must be projected in metres (e.g. a UTM zone), got {metric.name}"
            raise GeoInputError(msg)
        if not np.isfinite(cell_m) or cell_m <= 0:
            msg = f"cell_m should be a size in metres above 0, got {cell_m!r}"
            raise GeoInputError(msg)
        west, south, east, north = frame.to_crs(metric).total_bounds
        # a little slack: an extent of exactly n cells, reprojected, is n cells and not n + 1
        cols = max(1, int(np.ceil((east - west) / cell_m - 1e-9)))
        rows = max(1, int(np.ceil((north - south) / cell_m - 1e-9)))
        return cls(metric, float(west), float(north), float(cell_m), rows, cols)

    @property
    def transform(self) -> Affine:
        """The affine transform from (col, row) to metres (rasterio's convention)."""
        return Affine(self.cell_m, 0.0, self.west, 0.0, -self.cell_m, self.north)

    def cell_of(self, points: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
        """The (row, col) of each point's cell; -1 where a point lies outside the grid."""
        xy = points.to_crs(self.crs).geometry
        col = np.floor((xy.x.to_numpy() - self.west) / self.cell_m).astype(np.int64)
        row = np.floor((self.north - xy.y.to_numpy()) / self.cell_m).astype(np.int64)
        outside = (row < 0) | (row >= self.rows) | (col < 0) | (col >= self.cols)
        return np.where(outside, -1, row), np.where(outside, -1, col)


def speed_surface(
    grid: Grid,
    roads: gpd.GeoDataFrame | None = None,
    *,
    speeds_kmh: Mapping[str, float] = DEFAULT_SPEEDS_KMH,
    class_column: str = "highway",
    walk_kmh: float = WALK_KMH,
    barriers: gpd.GeoDataFrame | None = None,
) -> np.ndarray:
    """Speed in km/h of every cell of ``grid`` (0: impassable).

    Parameters
    ----------
    grid : Grid
    roads : geopandas.GeoDataFrame, optional
        Lines with ``class_column`` (any CRS; converted to the grid's). A cell takes the
        speed of the fastest road touching it.
    speeds_kmh : mapping of str to float
        Speed per road class.
    class_column : str
        The column naming each road's class.
    walk_kmh : float
        Speed where no road runs.
    barriers : geopandas.GeoDataFrame, optional
        Rivers, water bodies: impassable except where a road crosses (a bridge).

    Returns
    -------
    numpy.ndarray
        ``grid.rows × grid.cols`` float64.

    Raises
    ------
    GeoInputError
        For road classes missing from ``speeds_kmh`` (all named), or a missing class column.
    """
    speed = np.full((grid.rows, grid.cols), float(walk_kmh))
    shape = (grid.rows, grid.cols)
    if barriers is not None and len(barriers):
        blocked = features.rasterize(
            barriers.to_crs(grid.crs).geometry,
            out_shape=shape,
            transform=grid.transform,
            fill=0,
            default_value=1,
            all_touched=True,
            dtype="uint8",
        )
        speed[blocked == 1] = 0.0
    if roads is not None and len(roads):
        if class_column not in roads:
            msg = f"the roads have no {class_column!r} column naming their class (e.g. OpenStreetMap's 'highway')"
            raise GeoInputError(msg)
        classes = roads[class_column].astype("string")
        unknown = sorted(set(classes.dropna()) - set(speeds_kmh))
        if unknown or classes.isna().any():
            named = ", ".join(repr(c) for c in unknown) + (" and roads with no class" if classes.isna().any() else "")
            msg = f"no speed for road class {named}; add them to the speed table (class, km/h) or leave those roads out"
            raise GeoInputError(msg)
        road_speed = classes.map(speeds_kmh).to_numpy(dtype=float)
        order = np.argsort(road_speed, kind="stable")  # the fastest burnt last: it wins where roads meet
        lines = roads.to_crs(grid.crs).geometry.to_numpy()[order]
        burnt = features.rasterize(
            zip(lines, road_speed[order], strict=True),
            out_shape=shape,
            transform=grid.transform,
            fill=0.0,
            all_touched=True,
            dtype="float64",
        )
        on_road = burnt > 0
        speed[on_road] = np.maximum(burnt[on_road], np.where(speed[on_road] > 0, speed[on_road], 0.0))
    return speed


def travel_minutes(
    grid: Grid, speed_kmh: np.ndarray, sources: gpd.GeoDataFrame, *, neighbours: int = 8
) -> tuple[np.ndarray, np.ndarray]:
    """Minutes from every cell to the nearest of ``sources``, and which source.

    Parameters
    ----------
    grid : Grid
    speed_kmh : numpy.ndarray
        :func:`speed_surface` of ``grid``.
    sources : geopandas.GeoDataFrame
        Points (any CRS): the services. A source outside the grid or on an impassable
        cell is an error naming it.
    neighbours : {4, 8}
        Moves to the cells beside (4) or also diagonal (8).

    Returns
    -------
    minutes : numpy.ndarray
        float64, ``inf`` where no source can be reached.
    nearest : numpy.ndarray
        int64 position in ``sources`` of the nearest one, -1 where none can be reached.
    """
    _check_neighbours(grid, speed_kmh, neighbours)
    rows, cols = _passable_cells(grid, speed_kmh, sources, "sources")
    # scikit-image walks arrays in Fortran order: the transposed view of our row-major array
    # is one, so it is searched in place (no copy); (col, row) there is (row, col) here
    search = MCP_Geometric(_cell_minutes(speed_kmh, grid.cell_m).T, fully_connected=neighbours == 8)
    minutes, steps = search.find_costs(list(zip(cols.tolist(), rows.tolist(), strict=True)))
    moves = np.asarray(search.offsets, dtype=np.int64)  # (d_col, d_row) of the move into a cell
    del search  # its copies of the grid go before the nearest sources are found
    nearest = _nearest_source(steps.T.ravel(), moves[:, 1] * grid.cols + moves[:, 0], rows * grid.cols + cols)
    return minutes.T, nearest.reshape(grid.rows, grid.cols)


def _cell_minutes(speed_kmh: np.ndarray, cell_m: float) -> np.ndarray:
    """Minutes to cross each cell at its speed (``inf`` where impassable), in one float64 array."""
    minutes = np.full(speed_kmh.shape, np.inf)
    np.divide(60.0 * cell_m / 1000.0, speed_kmh, out=minutes, where=speed_kmh > 0)
    return minutes


def _nearest_source(steps: np.ndarray, shifts: np.ndarray, source_cells: np.ndarray) -> np.ndarray:
    """Per cell (row-major), the position of the source its shortest path starts from; -1 where none.

    Parameters
    ----------
    steps : numpy.ndarray
        scikit-image's traceback per cell: the index of the move that reached it, -1 at a
        source, -2 where not reached.
    shifts : numpy.ndarray
        Per move, how far it shifts a cell's row-major index.
    source_cells : numpy.ndarray
        Each source's cell (row-major index); two in one cell: the first listed wins.

    Returns
    -------
    numpy.ndarray
        int64 positions in ``source_cells``.
    """
    n = steps.size
    index = np.int32 if n < np.iinfo(np.int32).max else np.int64
    # a source or an unreached cell is its own parent: steps -1 and -2 read the two zeros at the end
    parent = np.arange(n, dtype=index)
    parent -= np.concatenate([shifts, [0, 0]]).astype(index)[steps]
    grandparent = np.empty_like(parent)
    while True:  # pointer jumping: each pass doubles how far up every cell points, so log2(longest path) passes
        np.take(parent, parent, out=grandparent)
        if np.array_equal(grandparent, parent):
            break
        parent, grandparent = grandparent, parent
    del grandparent
    cells, first = np.unique(source_cells, return_index=True)
    label = np.full(n, -1, dtype=np.int64)
    label[cells] = first
    return label[parent]


def minutes_between(
    grid: Grid,
    speed_kmh: np.ndarray,
    origins: gpd.GeoDataFrame,
    targets: gpd.GeoDataFrame,
    *,
    neighbours: int = 8,
    limit_min: float = np.inf,
    chunk: int = 32,
) -> np.ndarray:
    """Minutes from each of ``origins`` to each of ``targets`` on the grid (a dense matrix).

    One Dijkstra search per origin (``chunk`` at a time, so memory stays at ``chunk``
    grids of float64), stopped at ``limit_min``. Moves cost the same both ways, so the
    minutes from a to b are those from b to a.

    Parameters
    ----------
    grid : Grid
    speed_kmh : numpy.ndarray
        :func:`speed_surface` of ``grid``.
    origins : geopandas.GeoDataFrame
        Points (any CRS) on passable cells inside the grid (else an error naming them).
    targets : geopandas.GeoDataFrame
        Points (any CRS); a target outside the grid is never reached.
    neighbours : {4, 8}
    limit_min : float
        Searches stop here: farther targets read ``inf``.
    chunk : int
        Origins searched together.

    Returns
    -------
    numpy.ndarray
        ``len(origins) × len(targets)`` float64 minutes, ``inf`` where not reached.
    """
    _check_neighbours(grid, speed_kmh, neighbours)
    rows, cols = _passable_cells(grid, speed_kmh, origins, "origins")
    target_rows, target_cols = grid.cell_of(targets)
    inside = target_rows >= 0
    target_cells = (target_rows * grid.cols + target_cols)[inside]
    graph = travel_graph(speed_kmh, grid.cell_m, neighbours)
    cells = rows * grid.cols + cols
    out = np.full((len(cells), len(target_rows)), np.inf)
    limit = limit_min + _TOLERANCE_MIN if np.isfinite(limit_min) else np.inf
    for start in range(0, len(cells), chunk):
        part = dijkstra(graph, directed=True, indices=cells[start : start + chunk], limit=limit)
        out[start : start + chunk, inside] = part[:, target_cells]
    return out


def within_minutes(minutes: np.ndarray, threshold_min: float) -> np.ndarray:
    """Cells within ``threshold_min`` minutes (inclusive, to a nanominute: float sums of steps are not exact)."""
    return minutes <= threshold_min + _TOLERANCE_MIN


def travel_graph(speed_kmh: np.ndarray, cell_m: float, neighbours: int = 8) -> sparse.csr_matrix:
    """The grid's cells (row-major) and moves to their 4 or 8 neighbours, each weighted by its minutes.

    A move from one cell's centre to a neighbour's costs its length at the mean pace of
    the two cells; impassable cells (speed 0) have no moves. Every move is held in both
    directions (the same cost each way), so search it with ``directed=True``: scipy then
    needs no undirected copy. The matrix is built row by row in column order (no sort),
    with 32-bit indices.
    """
    rows, cols = speed_kmh.shape
    n = rows * cols
    with np.errstate(divide="ignore"):
        pace = np.where(speed_kmh > 0, 60.0 / speed_kmh, np.inf)  # minutes per km
    steps = (
        [(-1, 0), (0, -1), (0, 1), (1, 0)]
        if neighbours == 4
        else [(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)]
    )  # ascending column index
    weights = np.full((n, len(steps)), np.inf)
    for k, (d_row, d_col) in enumerate(steps):
        here = (slice(max(0, -d_row), rows - max(0, d_row)), slice(max(0, -d_col), cols - max(0, d_col)))
        there = (slice(max(0, d_row), rows + min(0, d_row)), slice(max(0, d_col), cols + min(0, d_col)))
        length = cell_m / 1000.0 * (np.sqrt(2.0) if d_row and d_col else 1.0)
        block = np.full((rows, cols), np.inf)
        block[here] = length * (pace[here] + pace[there]) / 2.0
        weights[:, k] = block.ravel()
    ok = np.isfinite(weights)
    offsets = np.array([d_row * cols + d_col for d_row, d_col in steps], dtype=np.int32)
    indices = (np.arange(n, dtype=np.int32)[:, None] + offsets)[ok]
    indptr = np.concatenate([[0], np.cumsum(ok.sum(axis=1))]).astype(np.int32)
    return sparse.csr_matrix((weights[ok], indices, indptr), shape=(n, n))


def _check_neighbours(grid: Grid, speed_kmh: np.ndarray, neighbours: int) -> None:
    if neighbours not in (4, 8):
        msg = f"neighbours should be 4 or 8, got {neighbours!r}"
        raise GeoInputError(msg)
    if speed_kmh.shape != (grid.rows, grid.cols):
        msg = f"speed_kmh has shape {speed_kmh.shape}, the grid {(grid.rows, grid.cols)}"
        raise GeoInputError(msg)


def _passable_cells(
    grid: Grid, speed_kmh: np.ndarray, points: gpd.GeoDataFrame, what: str
) -> tuple[np.ndarray, np.ndarray]:
    """The (row, col) of each point's cell; an error naming the points outside the grid or on impassable cells."""
    rows, cols = grid.cell_of(points)
    bad = (rows < 0) | (speed_kmh[np.maximum(rows, 0), np.maximum(cols, 0)] <= 0)
    if bad.any():
        labels = ", ".join(str(label) for label in points.index[bad][:5])
        msg = f"{what} {labels} lie outside the grid or on an impassable cell; move them or widen the grid"
        raise GeoInputError(msg)
    return rows, cols
