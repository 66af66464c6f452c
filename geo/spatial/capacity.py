"""Capacity-aware geographic coverage: each centre serves the nearest people by travel time until it is full.

This is WHO AccessMod's *geographic coverage* analysis on villages. Every centre
has a *capacity*, the people it can serve in the period (e.g. Aadhaar enrolments a
day × working days); a missing capacity is unlimited. Demand is the villages'
``population``; a village whose population is not recorded is not counted (unknown
is not zero), and the result says how many were left out.

The centres are processed one after another (:func:`capacity_coverage` documents the
order: by default by capacity, largest and unlimited first, as AccessMod does). Each
centre in turn takes the people not yet served, village by village in increasing
travel time from itself, within the maximum travel time (inclusive, to a nanominute:
:func:`geo.spatial.travel.within_minutes`), until its capacity is used. The village at which
a centre fills up is served in part; the rest of its people stay for the centres
after it. Villages at the same travel time from a centre are taken in the villages'
order (their position in the input), so the answer is deterministic; AccessMod, on a
population raster, would instead split the last ring in proportion.

Travel times come from :func:`geo.spatial.travel.minutes_between` (one Dijkstra search per
centre, stopped at the maximum time), asked for ``chunk`` centres at a time in the
processing order: memory stays at ``chunk`` grids plus ``chunk × villages`` minutes,
however many centres there are. A village no centre reaches within the maximum time
(``inf``: too far, cut off by a river, on an impassable cell) is unserved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import GeoInputError
from geo.spatial.nearest import origin_points
from geo.spatial.travel import Grid, minutes_between, within_minutes

__all__ = ["CapacityResult", "CentreColumns", "capacity_coverage", "summarise_coverage"]


@dataclass(frozen=True)
class CentreColumns:
    """How to read the centres' table: their capacities, their order and their names.

    Attributes
    ----------
    capacity : str or None
        The centres' column of capacities, people in the period (e.g. 40 a day × 30
        days = 1200); a missing value is unlimited. ``None``: every centre unlimited.
    order_by : str, optional
        The centres' column giving the processing order (a priority: smallest first
        with ``ascending``). By default the centres go by capacity, largest first,
        unlimited ones before all others (AccessMod's default). Ties, in either case,
        go in the centres' order (their position in the input).
    ascending : bool
        With ``order_by``: smallest value first (``True``) or largest first.
    id_column : str
        The centres' column naming them (``centre_id`` in the result); their index
        labels when there is no such column.
    """

    capacity: str | None = "capacity"
    order_by: str | None = None
    ascending: bool = True
    id_column: str = "id"


@dataclass(frozen=True)
class CapacityResult:
    """Who each centre serves, and who is left.

    Attributes
    ----------
    villages : geopandas.GeoDataFrame
        The villages (same index, columns, geometry and CRS as given) with
        ``counted`` (population recorded), ``served`` and ``unserved`` (people; NaN
        when not counted), ``centre_id`` (the centre that served most of the village,
        the earlier processed on a tie; missing when none served it), ``travel_min``
        (minutes to that centre), and ``nearest_min`` (minutes to the nearest centre,
        full or not; NaN when none is within ``max_minutes``).
    centres : geopandas.GeoDataFrame
        The centres (same index, columns, geometry and CRS) with ``centre_id``,
        ``order`` (1 = processed first), ``capacity`` (people; NaN = unlimited),
        ``served``, ``capacity_left`` (NaN when unlimited), ``villages_served`` (villages
        it served at least one person of) and ``farthest_min`` (travel time to the
        farthest of them; NaN when it served none).
    allocations : pandas.DataFrame
        One row per (village, centre) pair with people served, in processing order:
        ``village`` (the village's index label), ``centre_id``, ``travel_min``, ``people``.
    max_minutes : float
        The maximum travel time (inclusive).
    people : float
        The counted population.
    served, unserved : float
        People served and not; ``served + unserved == people``.
    unserved_out_of_reach : float
        The unserved people no centre reaches within ``max_minutes`` (the rest of
        ``unserved`` were within reach of centres that were full).
    capacity : float
        The centres' total capacity (``inf`` when any is unlimited); ``served <= capacity``.
    villages_not_counted : int
        Villages left out because their population is not recorded.
    """

    villages: gpd.GeoDataFrame
    centres: gpd.GeoDataFrame
    allocations: pd.DataFrame
    max_minutes: float
    people: float
    served: float
    unserved: float
    unserved_out_of_reach: float
    capacity: float
    villages_not_counted: int


def capacity_coverage(
    centres: gpd.GeoDataFrame,
    villages: gpd.GeoDataFrame,
    grid: Grid,
    speed_kmh: np.ndarray,
    *,
    max_minutes: float,
    columns: CentreColumns = CentreColumns(),
    neighbours: int = 8,
    chunk: int = 32,
) -> CapacityResult:
    """Serve the villages from capacity-limited centres, nearest people first, within ``max_minutes``.

    Parameters
    ----------
    centres : geopandas.GeoDataFrame
        Points (any CRS; converted to the grid's) on passable cells of ``grid``.
    villages : geopandas.GeoDataFrame
        Villages (any CRS; polygons stand at their centroid) with ``population``;
        missing or non-numeric population: not counted.
    grid : geo.spatial.travel.Grid
        Covering the centres and the counted villages.
    speed_kmh : numpy.ndarray
        :func:`geo.spatial.travel.speed_surface` of ``grid``, km/h.
    max_minutes : float
        The maximum travel time, minutes, inclusive (a village at exactly this time is
        served); ``inf`` for no limit.
    columns : CentreColumns
        The centres' columns of capacities, processing order and names (default:
        ``capacity``, largest first, ``id``).
    neighbours : {4, 8}
        Moves on the grid (:func:`geo.spatial.travel.minutes_between`).
    chunk : int
        Centres whose travel times are computed together (bounds the memory).

    Returns
    -------
    CapacityResult

    Raises
    ------
    TypeError
        When ``centres`` or ``villages`` is not a GeoDataFrame.
    GeoInputError
        For every problem found, together: no ``population`` column, negative
        populations, a capacity column that is absent or holds negative or non-numeric
        values, an absent ``order_by`` column or missing values in it, duplicate centre
        ids, centres outside the grid or on impassable cells, counted villages outside
        the grid, a bad ``max_minutes`` or ``chunk``.

    Examples
    --------
    A row of 7 cells of 100 m walked at 5 km/h (1.2 minutes a cell): centre A (room for
    100 people) at the west end, B (unlimited) at the east end, a village of 80 people
    in each cell between them.

    >>> from pyproj import CRS
    >>> from shapely.geometry import Point
    >>> grid = Grid(CRS.from_epsg(32645), 500_000.0, 2_650_000.0, 100.0, 1, 7)
    >>> at = [Point(500_050.0 + 100.0 * col, 2_649_950.0) for col in range(7)]
    >>> centres = gpd.GeoDataFrame({"id": ["A", "B"], "capacity": [100, None]}, geometry=[at[0], at[6]],
    ...                            crs=32645)
    >>> villages = gpd.GeoDataFrame({"population": [80] * 5}, geometry=at[1:6], crs=32645)
    >>> result = capacity_coverage(centres, villages, grid, np.full((1, 7), 5.0), max_minutes=3.6)
    >>> result.villages["served"].tolist()  # B (unlimited) first: its 3 nearest; then A, full part-way
    [80.0, 20.0, 80.0, 80.0, 80.0]
    >>> result.villages["centre_id"].tolist()
    ['A', 'A', 'B', 'B', 'B']
    >>> result.centres[["order", "served", "capacity_left"]].values.tolist()
    [[2.0, 100.0, 0.0], [1.0, 240.0, nan]]
    """
    _check_frames(centres, villages)
    problems: list[str] = []
    population, counted = _population(villages, problems)
    cap = _capacities(centres, columns.capacity, problems)
    ids = _centre_ids(centres, columns.id_column, problems)
    _check_limits(max_minutes, chunk, problems)
    key = _order_key(centres, columns.order_by, columns.capacity, cap, problems)
    centre_points = origin_points(centres) if len(centres) else centres
    demand_points = origin_points(villages[counted]) if counted.any() else villages[counted]
    if not problems:
        _check_on_grid(grid, speed_kmh, centre_points, demand_points, ids, problems)
    if problems:
        raise GeoInputError("; ".join(problems))

    if columns.order_by is None:
        order = np.lexsort((np.arange(len(cap)), -cap))  # largest (inf: unlimited) first, then input order
    else:
        rank = key.rank(method="dense").to_numpy(dtype=float)
        order = np.lexsort((np.arange(len(cap)), rank if columns.ascending else -rank))
    reach = _Reach(grid, speed_kmh, float(max_minutes), neighbours, int(chunk))
    queue = _Queue(ids, cap, order)
    allocation = _allocate(reach, centre_points, demand_points, population[counted], queue)
    return _result(centres, villages, queue, counted, population, allocation, reach.max_minutes)


def summarise_coverage(result: CapacityResult, by: str | Sequence[str] = "panchayat_lgd") -> pd.DataFrame:
    """People served and unserved per group of villages (panchayat, block…).

    Parameters
    ----------
    result : CapacityResult
        From :func:`capacity_coverage`.
    by : str or sequence of str
        The villages' grouping column(s), e.g. ``"panchayat_lgd"``, ``"block_lgd"`` or
        ``["block_lgd", "panchayat_lgd"]``. Villages with no group form their own (NaN) row.

    Returns
    -------
    pandas.DataFrame
        Indexed by the group, sorted: ``villages``, ``villages_not_counted``,
        ``people``, ``served``, ``unserved``, ``unserved_out_of_reach`` (people) and
        ``served_share`` (served / people; NaN where no one is counted).

    Raises
    ------
    TypeError
        When ``result`` is not a :class:`CapacityResult`.
    GeoInputError
        When the villages have no such column.

    Examples
    --------
    >>> frame = gpd.GeoDataFrame({"panchayat_lgd": ["p1", "p1", "p2"], "counted": [True, True, False],
    ...                           "population": [10, 30, None], "served": [10.0, 5.0, np.nan],
    ...                           "unserved": [0.0, 25.0, np.nan], "nearest_min": [1.0, np.nan, np.nan]})
    >>> empty = pd.DataFrame()
    >>> result = CapacityResult(frame, empty, empty, 10.0, 40.0, 15.0, 25.0, 25.0, 15.0, 1)
    >>> table = summarise_coverage(result)
    >>> table.loc["p1", ["villages", "people", "served", "unserved", "served_share"]].tolist()
    [2.0, 40.0, 15.0, 25.0, 0.375]
    >>> table.loc["p2", ["villages", "villages_not_counted", "people"]].tolist()
    [1.0, 1.0, 0.0]
    """
    if not isinstance(result, CapacityResult):
        msg = f"'result' should be a CapacityResult (from capacity_coverage), got {type(result).__name__}"
        raise TypeError(msg)
    columns = [by] if isinstance(by, str) else list(by)
    missing = [column for column in columns if column not in result.villages]
    if missing or not columns:
        named = ", ".join(repr(column) for column in missing) or "(none given)"
        msg = f"the villages have no grouping column {named}; use e.g. 'panchayat_lgd' or 'block_lgd'"
        raise GeoInputError(msg)
    villages = result.villages
    counted = villages["counted"].to_numpy(dtype=bool)
    people = np.where(counted, pd.to_numeric(villages["population"], errors="coerce"), 0.0)
    unserved = villages["unserved"].fillna(0.0).to_numpy(dtype=float)
    frame = pd.DataFrame(
        {
            "villages": 1,
            "villages_not_counted": (~counted).astype(np.int64),
            "people": people,
            "served": villages["served"].fillna(0.0).to_numpy(dtype=float),
            "unserved": unserved,
            "unserved_out_of_reach": np.where(villages["nearest_min"].isna().to_numpy(), unserved, 0.0),
        },
        index=villages.index,
    )
    for column in columns:
        frame[column] = villages[column].to_numpy()
    table = frame.groupby(columns if len(columns) > 1 else columns[0], dropna=False, sort=True).sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        table["served_share"] = np.where(table["people"] > 0, table["served"] / table["people"], np.nan)
    return table


class _Reach(NamedTuple):
    """How far the centres reach: the grid, its speeds, the limit and how times are computed."""

    grid: Grid
    speed_kmh: np.ndarray
    max_minutes: float
    neighbours: int
    chunk: int


class _Queue(NamedTuple):
    """The centres by position: their names, capacities (``inf``: unlimited) and processing order."""

    ids: pd.Series
    cap: np.ndarray
    order: np.ndarray


@dataclass(frozen=True)
class _Allocation:
    """What the centres did, by position (centres in input order, counted villages in input order)."""

    served: np.ndarray  # counted villages: people served
    best_centre: np.ndarray  # counted villages: the centre that served most, -1 for none
    best_min: np.ndarray  # minutes to it
    nearest_min: np.ndarray  # counted villages: minutes to the nearest centre (inf beyond the limit)
    centre_served: np.ndarray  # centres: people served
    centre_villages: np.ndarray  # centres: villages served
    centre_farthest: np.ndarray  # centres: minutes to the farthest village served (NaN: none)
    pairs: pd.DataFrame  # village position, centre position, travel_min, people


def _allocate(
    reach: _Reach,
    centre_points: gpd.GeoDataFrame,
    demand_points: gpd.GeoDataFrame,
    population: np.ndarray,
    queue: _Queue,
) -> _Allocation:
    """Each centre in the queue's order takes the nearest people not yet served, until it is full."""
    grid, speed_kmh, max_minutes, neighbours, chunk = reach
    cap, order = queue.cap, queue.order
    n_villages, n_centres = len(population), len(cap)
    remaining = population.astype(float)
    served = np.zeros(n_villages)
    best_centre = np.full(n_villages, -1, dtype=np.int64)
    best_people = np.zeros(n_villages)
    best_min = np.full(n_villages, np.nan)
    nearest_min = np.full(n_villages, np.inf)
    centre_served = np.zeros(n_centres)
    centre_villages = np.zeros(n_centres, dtype=np.int64)
    centre_farthest = np.full(n_centres, np.nan)
    pairs: list[pd.DataFrame] = []
    for start in range(0, n_centres if n_villages else 0, chunk):
        block = order[start : start + chunk]
        minutes = minutes_between(
            grid,
            speed_kmh,
            centre_points.iloc[block],
            demand_points,
            neighbours=neighbours,
            limit_min=max_minutes,
            chunk=chunk,
        )
        for j, row in zip(block, minutes, strict=True):
            near = np.isfinite(row) & within_minutes(row, max_minutes)  # inf is never reached, even with no limit
            nearest_min = np.minimum(nearest_min, np.where(near, row, np.inf))
            reach = np.flatnonzero(near & (remaining > 0))
            reach = reach[np.argsort(row[reach], kind="stable")]  # nearest first; ties in village order
            want = remaining[reach]
            if np.isfinite(cap[j]):
                before = np.cumsum(want) - want  # people the nearer villages take first
                take = np.clip(cap[j] - before, 0.0, want)
            else:
                take = want
            gets = take > 0
            reach, take = reach[gets], take[gets]
            remaining[reach] -= take
            served[reach] += take
            better = take > best_people[reach]  # strictly more: a tie stays with the earlier centre
            best_people[reach[better]] = take[better]
            best_centre[reach[better]] = j
            best_min[reach[better]] = row[reach[better]]
            centre_served[j] = take.sum()
            centre_villages[j] = len(reach)
            if len(reach):
                centre_farthest[j] = row[reach].max()
                pairs.append(pd.DataFrame({"village": reach, "centre": j, "travel_min": row[reach], "people": take}))
    columns = {"village": np.int64, "centre": np.int64, "travel_min": float, "people": float}
    frame = (
        pd.concat(pairs, ignore_index=True)
        if pairs
        else pd.DataFrame({name: np.array([], dtype=dtype) for name, dtype in columns.items()})
    )
    return _Allocation(
        served, best_centre, best_min, nearest_min, centre_served, centre_villages, centre_farthest, frame
    )


def _result(
    centres: gpd.GeoDataFrame,
    villages: gpd.GeoDataFrame,
    queue: _Queue,
    counted: np.ndarray,
    population: np.ndarray,
    allocation: _Allocation,
    max_minutes: float,
) -> CapacityResult:
    ids, cap, order = queue
    id_values = ids.to_numpy(dtype=object)
    positions = np.flatnonzero(counted)
    out = villages.copy()
    out["counted"] = counted
    out["served"] = np.nan
    out["unserved"] = np.nan
    out.loc[counted, "served"] = allocation.served
    out.loc[counted, "unserved"] = population[counted] - allocation.served
    best = np.full(len(villages), -1, dtype=np.int64)
    best[positions] = allocation.best_centre
    out["centre_id"] = pd.Series(
        np.where(best >= 0, id_values[np.maximum(best, 0)] if len(id_values) else None, None),
        index=villages.index,
        dtype=object,
    )
    out["travel_min"] = np.nan
    out.loc[counted, "travel_min"] = allocation.best_min
    out["nearest_min"] = np.nan
    out.loc[counted, "nearest_min"] = np.where(np.isfinite(allocation.nearest_min), allocation.nearest_min, np.nan)

    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(1, len(order) + 1)
    unlimited = ~np.isfinite(cap)
    frame = centres.copy()
    frame["centre_id"] = id_values
    frame["order"] = rank
    frame["capacity"] = np.where(unlimited, np.nan, cap)
    frame["served"] = allocation.centre_served
    frame["capacity_left"] = np.where(unlimited, np.nan, np.maximum(cap - allocation.centre_served, 0.0))
    frame["villages_served"] = allocation.centre_villages
    frame["farthest_min"] = allocation.centre_farthest

    pairs = allocation.pairs
    allocations = pd.DataFrame(
        {
            "village": villages.index[positions[pairs["village"].to_numpy()]],
            "centre_id": id_values[pairs["centre"].to_numpy()] if len(pairs) else np.array([], dtype=object),
            "travel_min": pairs["travel_min"].to_numpy(),
            "people": pairs["people"].to_numpy(),
        }
    )
    people = float(population[counted].sum())
    served = float(allocation.served.sum())
    out_of_reach = ~np.isfinite(allocation.nearest_min)
    return CapacityResult(
        villages=out,
        centres=frame,
        allocations=allocations,
        max_minutes=max_minutes,
        people=people,
        served=served,
        unserved=people - served,
        unserved_out_of_reach=float((population[counted] - allocation.served)[out_of_reach].sum()),
        capacity=float(cap.sum()) if len(cap) else 0.0,
        villages_not_counted=int((~counted).sum()),
    )


def _check_frames(centres: object, villages: object) -> None:
    for name, frame in (("centres", centres), ("villages", villages)):
        if not isinstance(frame, gpd.GeoDataFrame):
            msg = f"'{name}' should be a GeoDataFrame, got {type(frame).__name__}"
            raise TypeError(msg)


def _population(villages: gpd.GeoDataFrame, problems: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Population (float) and whether it is recorded; negative ones are a problem."""
    if "population" not in villages:
        problems.append("the villages have no 'population' column; coverage weighs villages by their people")
        return np.zeros(len(villages)), np.zeros(len(villages), dtype=bool)
    population = pd.to_numeric(villages["population"], errors="coerce").to_numpy(dtype=float)
    counted = np.isfinite(population)
    negative = counted & (population < 0)
    if negative.any():
        problems.append(f"villages {_labels(villages.index[negative])} have a negative population")
    return np.where(counted, population, 0.0), counted


def _capacities(centres: gpd.GeoDataFrame, column: str | None, problems: list[str]) -> np.ndarray:
    """Capacities as float, ``inf`` where missing (unlimited)."""
    if column is None:
        return np.full(len(centres), np.inf)
    if column not in centres:
        problems.append(
            f"the centres have no {column!r} column of capacities (people in the period; "
            "leave a cell empty for unlimited, or pass CentreColumns(capacity=None) for all unlimited)"
        )
        return np.full(len(centres), np.inf)
    raw = centres[column]
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    text = np.isnan(values) & raw.notna().to_numpy()
    if text.any():
        shown = ", ".join(
            f"{label}: {value!r}" for label, value in zip(centres.index[text][:5], raw[text][:5], strict=False)
        )
        problems.append(f"capacities that are not numbers ({shown}); give people in the period, e.g. 1200")
    negative = values < 0
    if negative.any():
        problems.append(f"centres {_labels(centres.index[negative])} have a negative capacity")
    return np.where(np.isnan(values), np.inf, values)


def _centre_ids(centres: gpd.GeoDataFrame, id_column: str, problems: list[str]) -> pd.Series:
    ids = centres[id_column] if id_column in centres else pd.Series(centres.index, index=centres.index)
    duplicated = ids[ids.duplicated(keep=False)].unique()
    if len(duplicated):
        problems.append(f"centre ids {_labels(pd.Index(duplicated))} are used twice; each centre needs its own id")
    return ids


def _order_key(
    centres: gpd.GeoDataFrame, order_by: str | None, capacity: str | None, cap: np.ndarray, problems: list[str]
) -> pd.Series:
    if order_by is None:
        return pd.Series(dtype=float)
    if order_by == capacity:
        return pd.Series(cap, index=centres.index)  # unlimited: the largest
    if order_by not in centres:
        problems.append(f"the centres have no {order_by!r} column to order them by")
        return pd.Series(dtype=float)
    key = centres[order_by]
    if key.isna().any():
        problems.append(f"centres {_labels(centres.index[key.isna().to_numpy()])} have no {order_by!r} to order by")
    return key


def _check_limits(max_minutes: object, chunk: object, problems: list[str]) -> None:
    if (
        isinstance(max_minutes, bool)
        or not isinstance(max_minutes, int | float | np.integer | np.floating)
        or np.isnan(max_minutes)
        or max_minutes < 0
    ):
        problems.append(f"max_minutes should be a travel time in minutes, 0 or more, got {max_minutes!r}")
    if isinstance(chunk, bool) or not isinstance(chunk, int | np.integer) or chunk < 1:
        problems.append(f"chunk should be a whole number of centres, 1 or more, got {chunk!r}")


def _check_on_grid(
    grid: Grid,
    speed_kmh: np.ndarray,
    centre_points: gpd.GeoDataFrame,
    demand_points: gpd.GeoDataFrame,
    ids: pd.Series,
    problems: list[str],
) -> None:
    """All centres on passable cells and all counted villages inside the grid, else each named."""
    if np.shape(speed_kmh) != (grid.rows, grid.cols):
        problems.append(f"speed_kmh has shape {np.shape(speed_kmh)}, the grid {(grid.rows, grid.cols)}")
        return
    if len(centre_points):
        rows, cols = grid.cell_of(centre_points)
        bad = (rows < 0) | (speed_kmh[np.maximum(rows, 0), np.maximum(cols, 0)] <= 0)
        if bad.any():
            problems.append(
                f"centres {_labels(pd.Index(ids[bad]))} lie outside the grid or on an impassable "
                "cell; move them or widen the grid"
            )
    if len(demand_points):
        rows, _ = grid.cell_of(demand_points)
        if (rows < 0).any():
            problems.append(
                f"villages {_labels(demand_points.index[rows < 0])} lie outside the grid; build the "
                "grid over all villages and centres (Grid.covering)"
            )


def _labels(labels: pd.Index) -> str:
    shown = ", ".join(str(label) for label in labels[:5])
    return shown + (f" and {len(labels) - 5} more" if len(labels) > 5 else "")
