"""Travel time over a grid too large for one search: tile by tile, each with a halo around it.

A state's 100 m grid is 8 million cells (≈ 530 MB for one search); a country's is ≈ 330
million. :func:`travel_minutes_tiled` searches each tile of ``tile_cells`` × ``tile_cells``
cells together with a border of ``halo_cells`` around it (the people of a tile may be nearest
to a centre across its edge), from the sources inside that window, and keeps the tile's own
cells. Memory is that of one window, whatever the grid's size, and the tiles are independent
(one per worker of a cluster, see ``docs/national.md``).

The answer is exact for a cell whose shortest path stays inside its window: certainly so
when its minutes are at most the time to cross the halo at the grid's highest speed
(:func:`exact_within`). Beyond that a tiled cell may read more minutes than the whole grid
gives (its best path leaves the window), never fewer.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from geo.spatial.travel import Grid, travel_minutes

__all__ = ["travel_minutes_tiled", "exact_within"]


def travel_minutes_tiled(
    grid: Grid,
    speed_kmh: np.ndarray,
    sources: gpd.GeoDataFrame,
    *,
    tile_cells: int,
    halo_cells: int,
    neighbours: int = 8,
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`geo.spatial.travel.travel_minutes`, searched tile by tile with a halo.

    Parameters
    ----------
    grid, speed_kmh, sources, neighbours
        As for :func:`geo.spatial.travel.travel_minutes`.
    tile_cells : int
        The side of a tile, in cells.
    halo_cells : int
        The border searched around each tile, in cells.

    Returns
    -------
    minutes : numpy.ndarray
        float64, ``inf`` where no source inside a cell's window can be reached.
    nearest : numpy.ndarray
        int64 position in ``sources``, -1 where none.
    """
    if tile_cells < 1 or halo_cells < 0:
        msg = f"tile_cells should be at least 1 and halo_cells at least 0, got {tile_cells} and {halo_cells}"
        raise ValueError(msg)
    minutes = np.full((grid.rows, grid.cols), np.inf)
    nearest = np.full((grid.rows, grid.cols), -1, dtype=np.int64)
    rows, cols = grid.cell_of(sources)
    for top in range(0, grid.rows, tile_cells):
        for left in range(0, grid.cols, tile_cells):
            r0, c0 = max(0, top - halo_cells), max(0, left - halo_cells)
            r1 = min(grid.rows, top + tile_cells + halo_cells)
            c1 = min(grid.cols, left + tile_cells + halo_cells)
            inside = np.flatnonzero((rows >= r0) & (rows < r1) & (cols >= c0) & (cols < c1))
            if inside.size == 0:
                continue
            window = Grid(
                grid.crs, grid.west + c0 * grid.cell_m, grid.north - r0 * grid.cell_m, grid.cell_m, r1 - r0, c1 - c0
            )
            found, which = travel_minutes(window, speed_kmh[r0:r1, c0:c1], sources.iloc[inside], neighbours=neighbours)
            tile = np.s_[top : min(grid.rows, top + tile_cells), left : min(grid.cols, left + tile_cells)]
            own = np.s_[top - r0 : tile[0].stop - r0, left - c0 : tile[1].stop - c0]
            minutes[tile] = found[own]
            nearest[tile] = np.where(which[own] >= 0, inside[np.maximum(which[own], 0)], -1)
    return minutes, nearest


def exact_within(grid: Grid, speed_kmh: np.ndarray, halo_cells: int) -> float:
    """Minutes up to which a tiled answer equals the whole grid's: the time to cross the halo at top speed.

    A path of at most these minutes covers at most ``halo_cells`` cells, so from any cell of a
    tile it stays inside the tile's window.
    """
    top = float(np.max(speed_kmh))
    return 60.0 * halo_cells * grid.cell_m / 1000.0 / top if top > 0 else 0.0
