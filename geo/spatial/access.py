"""Travel time to the nearest functional service, for every village and panchayat: the review's minutes.

:func:`measure_access` builds a :class:`geo.spatial.travel.Grid` over the district (100 m
cells by default), a speed surface from the roads and water of a *scenario*
(:data:`SCENARIOS`: ``dry`` uses :data:`geo.spatial.travel.DEFAULT_SPEEDS_KMH`, ``monsoon``
:data:`geo.spatial.travel.MONSOON_SPEEDS_KMH`, a slower walk, and leaves out the roads marked
``monsoon_closed``), and the minutes from every cell to the nearest functional centre
of a kind (:func:`geo.spatial.travel.travel_minutes`).

The written definitions, used by every face:

* **A village's minutes** to a kind are the minutes of the cell its point lies in;
  a panchayat's are those of its bhawan's cell (its centroid where no bhawan is
  recorded), as the straight-line figures measure from the bhawan.
* **People within N minutes** are the recorded population of the villages whose
  minutes are at most N (inclusive, :func:`geo.spatial.travel.within_minutes`); a village
  no centre can reach is beyond every threshold; villages with no recorded
  population are not counted, and the figure says how many (unknown is not zero).
* Water (rivers, reservoirs) is impassable except where a road crosses it (a
  bridge). A cell holding a village, a bhawan or a centre is dry land even when a
  water polygon covers it: the polygons are coarser than the settlements.

The grid's outputs: :func:`isochrone_bands` (polygons of ≤ 15, 15–30, 30–60,
60–120 and > 120 minutes) and :func:`nearest_id_raster` (which centre is nearest,
per cell) for GeoTIFFs and the map.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from rasterio import features
from scipy import sparse

from geo.crs import metric_crs
from geo.errors import GeoInputError
from geo.formats import format_count
from geo.review.indicators import bhawan_points, functional_centres
from geo.spatial.population import write_geotiff
from geo.spatial.siting import Reach
from geo.spatial.terrain import combine_walk, slope_walk_kmh
from geo.spatial.travel import (
    DEFAULT_SPEEDS_KMH,
    MONSOON_SPEEDS_KMH,
    MONSOON_WALK_KMH,
    WALK_KMH,
    Grid,
    minutes_between,
    speed_surface,
    travel_minutes,
    within_minutes,
)
from geo.storage.schema import STORE_CRS
from geo.text import Text, t, texts

__all__ = [
    "BANDS_MIN",
    "BEYOND_TITLES",
    "OFF_ROAD",
    "SCENARIOS",
    "THRESHOLDS_MIN",
    "Access",
    "Beyond",
    "Scenario",
    "TravelSettings",
    "band_label",
    "beyond_minutes",
    "beyond_title",
    "isochrone_bands",
    "measure_access",
    "minutes_curve",
    "nearest_id_raster",
    "people_within_areas",
    "speed_table",
    "village_minutes",
    "within_travel",
    "write_minutes",
]

#: The thresholds the review reports people within, minutes.
THRESHOLDS_MIN = (15, 30, 60, 120)
#: Upper limits of the isochrone bands, minutes (a last band holds everything beyond).
BANDS_MIN = (15, 30, 60, 120)
#: The speed table's row for walking where no road runs.
OFF_ROAD = "off_road"


@dataclass(frozen=True)
class Scenario:
    """Speeds for one season.

    Attributes
    ----------
    key : str
        ``"dry"`` or ``"monsoon"`` (or ``"custom"`` for a user's table).
    name : geo.text.Text
        Its name (``access.scenario.<key>`` in the catalogue).
    speeds_kmh : mapping of str to float
        Speed per road class (OpenStreetMap ``highway``).
    walk_kmh : float
        Off-road walking.
    closed_roads_out : bool
        Leave out the roads marked ``monsoon_closed``.
    """

    key: str
    name: Text
    speeds_kmh: Mapping[str, float]
    walk_kmh: float
    closed_roads_out: bool

    def label(self, lang: str = "en") -> str:
        """The scenario's name in ``lang``."""
        return self.name(lang)

    def with_table(self, speeds_kmh: Mapping[str, float], walk_kmh: float | None) -> Scenario:
        """The same season with a user's speed table (its off-road row, if any, replacing the walk)."""
        return Scenario(
            self.key,
            self.name,
            dict(speeds_kmh),
            self.walk_kmh if walk_kmh is None else walk_kmh,
            self.closed_roads_out,
        )


SCENARIOS: dict[str, Scenario] = {
    "dry": Scenario("dry", Text("access.scenario.dry"), DEFAULT_SPEEDS_KMH, WALK_KMH, closed_roads_out=False),
    "monsoon": Scenario(
        "monsoon", Text("access.scenario.monsoon"), MONSOON_SPEEDS_KMH, MONSOON_WALK_KMH, closed_roads_out=True
    ),
}


@dataclass(frozen=True)
class TravelSettings:
    """How travel time is measured: the season, the grid and the ground's slopes.

    Attributes
    ----------
    scenario : Scenario or {"dry", "monsoon"}
        The season's speeds (a key of :data:`SCENARIOS`, or a user's table).
    cell_m : float
        The grid's cell size, metres.
    neighbours : {4, 8}
        Moves on the grid (:func:`geo.spatial.travel.travel_minutes`).
    dem : path-like, optional
        An elevation GeoTIFF: off-road walking slows on slopes (Tobler's hiking
        function, :func:`geo.spatial.terrain.slope_walk_kmh`), flat ground at the scenario's walk.
    """

    scenario: Scenario | str = "dry"
    cell_m: float = 100.0
    neighbours: int = 8
    dem: str | os.PathLike[str] | None = None


@dataclass(frozen=True)
class Access:
    """Minutes to the nearest functional centre of one kind, on a grid and for every village and panchayat.

    Attributes
    ----------
    kind : str
    scenario : Scenario
    grid : geo.spatial.travel.Grid
    speed_kmh : numpy.ndarray
        The speed surface used (0: impassable).
    minutes : numpy.ndarray
        Per cell; ``inf`` where no centre can be reached.
    nearest : numpy.ndarray
        Per cell, the position in ``centres`` of the nearest one (-1: none).
    centres : geopandas.GeoDataFrame
        The functional centres measured to (EPSG:4326).
    villages : geopandas.GeoDataFrame
        The villages with ``minutes`` (float; missing where unreachable), ``reached``
        (bool) and ``via_id`` (the nearest centre's id).
    panchayats : geopandas.GeoDataFrame
        The panchayats (polygons) with the same three columns, from the bhawan.
    roads_used : int
        Road lines in the speed surface (0: on foot only).
    water_used : int
        Water polygons in it.
    """

    kind: str
    scenario: Scenario
    grid: Grid
    speed_kmh: np.ndarray
    minutes: np.ndarray
    nearest: np.ndarray
    centres: gpd.GeoDataFrame
    villages: gpd.GeoDataFrame
    panchayats: gpd.GeoDataFrame
    roads_used: int
    water_used: int

    @property
    def on_foot(self) -> bool:
        """No roads were given: everyone walks."""
        return self.roads_used == 0

    @property
    def description(self) -> str:
        """What the minutes measure, for files' descriptions."""
        return f"travel time to the nearest functional {self.kind} centre, {self.scenario.label()}"


def speed_table(table: pd.DataFrame, name: str) -> tuple[dict[str, float], float | None]:
    """A user's speed table: rows of ``class`` and ``kmh``; an ``off_road`` row sets the walk.

    Parameters
    ----------
    table : pandas.DataFrame
        As read from the CSV/XLSX (text cells).
    name : str
        The file's name, for messages.

    Returns
    -------
    speeds : dict of str to float
    walk_kmh : float or None
        The ``off_road`` row's speed, None without one.

    Raises
    ------
    GeoInputError
        Without the two columns, for a speed that is not above 0 (rows named), or a class listed twice.

    Examples
    --------
    >>> speed_table(pd.DataFrame({"class": ["track", "off_road"], "kmh": ["8", "4"]}), "speeds.csv")
    ({'track': 8.0}, 4.0)
    """
    if not {"class", "kmh"} <= set(table.columns):
        msg = f"{name} needs the columns class and kmh (one road class a row), got {list(table.columns)}"
        raise GeoInputError(msg)
    classes = table["class"].astype("string").str.strip()
    kmh = pd.to_numeric(table["kmh"], errors="coerce")
    bad = [int(i) + 2 for i in np.flatnonzero(~(kmh > 0).to_numpy())]  # spreadsheet rows: 1 is the header
    if bad:
        msg = f"{name}: rows {bad[:5]} have no speed above 0 km/h in 'kmh'; write e.g. 30"
        raise GeoInputError(msg)
    twice = sorted(set(classes[classes.duplicated()].dropna()))
    if twice:
        msg = f"{name}: the classes {', '.join(twice)} are listed twice; keep one row each"
        raise GeoInputError(msg)
    speeds = dict(zip(classes.astype(str), kmh.astype(float), strict=True))
    return {c: v for c, v in speeds.items() if c != OFF_ROAD}, speeds.get(OFF_ROAD)


def measure_access(
    villages: gpd.GeoDataFrame,
    panchayats: gpd.GeoDataFrame,
    services: gpd.GeoDataFrame,
    district: gpd.GeoDataFrame,
    kind: str,
    *,
    roads: gpd.GeoDataFrame | None = None,
    water: gpd.GeoDataFrame | None = None,
    settings: TravelSettings = TravelSettings(),
) -> Access:
    """Minutes from every cell, village and panchayat to the nearest functional centre of ``kind``.

    Parameters
    ----------
    villages, panchayats, services, district : geopandas.GeoDataFrame
        An analysis' frames (EPSG:4326); ``services`` with ``kind`` and ``functional``
        as of the review's date (:func:`geo.review.indicators.effective_services`).
    kind : str
    roads : geopandas.GeoDataFrame, optional
        Lines with ``highway`` (and optionally ``monsoon_closed``); none: on foot.
    water : geopandas.GeoDataFrame, optional
        Rivers and water bodies.
    settings : TravelSettings
        The season, the cell size, the moves and an optional elevation model
        (default: dry season, 100 m cells, 8 neighbours, flat).

    Returns
    -------
    Access

    Raises
    ------
    GeoInputError
        With no functional centre of ``kind``, an unknown scenario, or road classes with no speed.
    """
    season = _scenario(settings.scenario)
    dem = settings.dem
    centres = functional_centres(services, kind)
    if centres.empty:
        msg = f"no functional {kind} centre is recorded, so there is no travel time to measure"
        raise GeoInputError(msg)
    if roads is not None and season.closed_roads_out and "monsoon_closed" in roads:
        roads = roads[~roads["monsoon_closed"].astype("boolean").fillna(False).to_numpy(dtype=bool)]
    roads = roads if roads is not None and len(roads) else None
    water = water if water is not None and len(water) else None
    bhawans = bhawan_points(panchayats)
    extent = pd.concat([district.geometry, centres.geometry, villages.geometry, bhawans.geometry]).to_frame("geometry")
    extent = gpd.GeoDataFrame(extent, geometry="geometry", crs=STORE_CRS)
    grid = Grid.covering(extent, metric_crs(district if len(district) else extent), settings.cell_m)
    speed = speed_surface(grid, roads, speeds_kmh=season.speeds_kmh, walk_kmh=season.walk_kmh, barriers=water)
    if dem is not None:
        speed = combine_walk(speed, slope_walk_kmh(dem, grid, flat_kmh=season.walk_kmh), walk_kmh=season.walk_kmh)
    settled = [grid.cell_of(points) for points in (villages, bhawans, centres)]
    rows = np.concatenate([r for r, _ in settled])
    cols = np.concatenate([c for _, c in settled])
    inside = rows >= 0
    dry = speed[rows[inside], cols[inside]] <= 0
    speed[rows[inside][dry], cols[inside][dry]] = season.walk_kmh  # a settlement's cell is dry land
    minutes, nearest = travel_minutes(grid, speed, centres, neighbours=settings.neighbours)
    ids = centres["id"].astype(str).to_numpy()
    return Access(
        kind=kind,
        scenario=season,
        grid=grid,
        speed_kmh=speed,
        minutes=minutes,
        nearest=nearest,
        centres=centres,
        villages=_with_minutes(villages, grid, minutes, nearest, ids),
        panchayats=_with_minutes(panchayats, grid, minutes, nearest, ids, at=bhawans),
        roads_used=0 if roads is None else len(roads),
        water_used=0 if water is None else len(water),
    )


def people_within_areas(
    access: Access, blocks: pd.DataFrame, *, thresholds_min: Sequence[float] = THRESHOLDS_MIN
) -> pd.DataFrame:
    """People within each threshold for the district, each block and each panchayat.

    Parameters
    ----------
    access : Access
    blocks : pandas.DataFrame
        The blocks (``lgd_code``, ``name``, ``name_hi``).
    thresholds_min : sequence of float

    Returns
    -------
    pandas.DataFrame
        One row per area in the order district, blocks, panchayats: ``level``
        (``district``/``block``/``panchayat``), ``lgd_code``, ``name``, ``name_hi``,
        ``block_lgd``, ``population`` (recorded, counted), ``within_<N>_min`` and
        ``share_<N>_min`` (of the counted population; missing when none is
        counted), ``not_reached`` (people no centre reaches) and ``villages_not_counted``.
    """
    villages = pd.DataFrame(access.villages.drop(columns="geometry"))
    population = pd.to_numeric(villages["population"], errors="coerce")
    minutes = villages["minutes"].to_numpy(dtype=float)
    minutes = np.where(np.isnan(minutes), np.inf, minutes)
    columns = {
        "population": population.fillna(0.0),
        "not_reached": population.where(~villages["reached"], 0.0),
        "villages_not_counted": population.isna().astype(int),
    }
    for threshold in thresholds_min:
        columns[_within(threshold)] = population.where(within_minutes(minutes, threshold), 0.0)
    sums = pd.DataFrame(columns).fillna(0.0)
    sums["panchayat_lgd"] = villages["panchayat_lgd"].astype(str).to_numpy()
    sums["block_lgd"] = villages["block_lgd"].astype(str).to_numpy()
    gps = pd.DataFrame(access.panchayats.drop(columns="geometry"))
    per_gp = sums.drop(columns="block_lgd").groupby("panchayat_lgd").sum().reindex(gps["lgd_code"].astype(str))
    per_block = sums.drop(columns="panchayat_lgd").groupby("block_lgd").sum().reindex(blocks["lgd_code"].astype(str))
    whole = sums.drop(columns=["panchayat_lgd", "block_lgd"]).sum().to_frame().T
    frames = [
        whole.assign(level="district", lgd_code="district", name=None, name_hi=None, block_lgd=None),
        per_block.fillna(0.0)
        .reset_index(names="lgd_code")
        .assign(level="block", name=blocks["name"].to_numpy(), name_hi=blocks["name_hi"].to_numpy(), block_lgd=None),
        per_gp.fillna(0.0)
        .reset_index(names="lgd_code")
        .assign(
            level="panchayat",
            name=gps["name"].to_numpy(),
            name_hi=gps["name_hi"].to_numpy(),
            block_lgd=gps["block_lgd"].astype(str).to_numpy(),
        ),
    ]
    table = pd.concat(frames, ignore_index=True)
    counts = ["population", "not_reached", "villages_not_counted", *(_within(t) for t in thresholds_min)]
    table[counts] = table[counts].round().astype("int64")
    for threshold in thresholds_min:
        share = table[_within(threshold)] / table["population"].where(table["population"] > 0)
        table[f"share_{threshold:g}_min"] = share.astype("Float64")
    order = [
        "level",
        "lgd_code",
        "name",
        "name_hi",
        "block_lgd",
        "population",
        *(c for t in thresholds_min for c in (_within(t), f"share_{t:g}_min")),
        "not_reached",
        "villages_not_counted",
    ]
    return table[order]


#: The travel-time figures' titles per kind, ``{n}`` the minutes.
BEYOND_TITLES: dict[str, Text] = texts("access.beyond")


@dataclass(frozen=True)
class Beyond:
    """Villages and people beyond a travel time of the nearest functional centre of a kind.

    Attributes
    ----------
    kind : str
    threshold_min : float
    villages : int
        Villages beyond it (unreached ones included).
    population : int
        Their recorded population.
    not_counted : int
        Of those villages, how many have no population recorded.
    """

    kind: str
    threshold_min: float
    villages: int
    population: int
    not_counted: int

    def title(self, lang: str = "en") -> str:
        """The text "Villages beyond 60 min of an Aadhaar centre" in ``lang``."""
        return beyond_title(self.kind, self.threshold_min, lang)

    def note(self, lang: str = "en") -> str | None:
        """What the population left out, or None."""
        if not self.not_counted:
            return None
        return t("access.beyond_left_out", lang, n=format_count(self.not_counted, lang))


def beyond_title(kind: str, threshold_min: float, lang: str = "en") -> str:
    """The title of the figure "villages beyond ``threshold_min`` of a ``kind`` centre", even where none is measured.

    Examples
    --------
    >>> beyond_title("aadhaar", 60), beyond_title("toilets", 15)
    ('Villages beyond 60 min of an Aadhaar centre', 'Villages beyond 15 min')
    """
    return BEYOND_TITLES.get(kind, Text("access.beyond_any"))(lang, n=threshold_min)


def beyond_minutes(access: Access, threshold_min: float) -> Beyond:
    """Villages (and their people) more than ``threshold_min`` minutes from the nearest centre.

    A village at exactly the threshold is within it; one no centre reaches is beyond any.
    """
    villages = access.villages
    minutes = villages["minutes"].to_numpy(dtype=float)
    beyond = ~within_minutes(np.where(np.isnan(minutes), np.inf, minutes), threshold_min)
    population = pd.to_numeric(villages["population"], errors="coerce")[beyond]
    return Beyond(
        kind=access.kind,
        threshold_min=threshold_min,
        villages=int(beyond.sum()),
        population=int(population.sum()),
        not_counted=int(population.isna().sum()),
    )


def minutes_curve(access: Access, thresholds_min: Sequence[float] = tuple(range(5, 125, 5))) -> pd.DataFrame:
    """The share of people within each travel time (the coverage curve, :func:`people_within_areas`' rule).

    Returns
    -------
    pandas.DataFrame
        ``minutes``, ``people_within`` (int) and ``share`` (of the counted population;
        missing when none is counted), one row per threshold.
    """
    villages = access.villages
    population = pd.to_numeric(villages["population"], errors="coerce")
    minutes = villages["minutes"].to_numpy(dtype=float)
    minutes = np.where(np.isnan(minutes), np.inf, minutes)
    counted = float(population.sum())
    within = [int(round(population.where(within_minutes(minutes, t), 0.0).sum())) for t in thresholds_min]
    share = [w / counted if counted > 0 else None for w in within]
    return pd.DataFrame(
        {"minutes": list(thresholds_min), "people_within": within, "share": pd.array(share, dtype="Float64")}
    )


def village_minutes(access: Access) -> pd.DataFrame:
    """Every village's minutes (one decimal) and nearest centre beside its straight-line km, for tables."""
    villages = pd.DataFrame(access.villages.drop(columns="geometry"))
    columns = [
        c
        for c in (
            "census_code",
            "name",
            "name_hi",
            "panchayat_lgd",
            "panchayat_name",
            "block_name",
            "population",
            f"{access.kind}_dist_km",
        )
        if c in villages
    ]
    return villages[columns].assign(minutes=villages["minutes"].round(1), nearest_id=villages["via_id"])


def write_minutes(path: str | os.PathLike[str], access: Access) -> Path:
    """The minutes as a cloud-optimised GeoTIFF, −1 (nodata) where no centre can be reached."""
    minutes = access.minutes
    return write_geotiff(path, access.grid, np.where(np.isfinite(minutes), minutes, -1.0), nodata=-1.0)


def isochrone_bands(
    access: Access, bands_min: Sequence[float] = BANDS_MIN, *, clip: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """The cells within each band of minutes as polygons (EPSG:4326), nearest band first; cut to ``clip`` if given.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per band that holds any cell: ``band`` (0 for the first), ``low_min``,
        ``high_min`` (``inf`` for the last), ``label`` and ``label_hi``
        ("≤ 15 min", "15–30 min", "> 120 min"), ``area_km2``; geometry MultiPolygon.
        A band holds the cells with ``low < minutes ≤ high`` (the first from 0).
    """
    edges = [float(b) for b in bands_min]
    minutes = access.minutes
    band = np.full(minutes.shape, 255, dtype=np.uint8)
    reached = np.isfinite(minutes)
    band[reached] = len(edges)
    for position, edge in reversed(list(enumerate(edges))):
        band[reached & within_minutes(minutes, edge)] = position
    rows = []
    for geometry, value in features.shapes(band, mask=band != 255, transform=access.grid.transform, connectivity=4):
        rows.append((int(value), shapely.geometry.shape(geometry)))
    frame = gpd.GeoDataFrame(pd.DataFrame(rows, columns=["band", "geometry"]), geometry="geometry", crs=access.grid.crs)
    if frame.empty:
        return gpd.GeoDataFrame(
            {"band": [], "low_min": [], "high_min": [], "label": [], "label_hi": [], "area_km2": []},
            geometry=gpd.GeoSeries([], crs=STORE_CRS),
        )
    merged = frame.dissolve(by="band").reset_index()
    if clip is not None and len(clip):
        outline = shapely.union_all(clip.to_crs(access.grid.crs).geometry.to_numpy())
        merged = merged.set_geometry(shapely.intersection(merged.geometry.to_numpy(), outline), crs=access.grid.crs)
        merged = merged[~merged.geometry.is_empty].reset_index(drop=True)
    merged["area_km2"] = (merged.geometry.area / 1e6).round(2)
    lows = [0.0, *edges]
    highs = [*edges, np.inf]
    merged["low_min"] = [lows[b] for b in merged["band"]]
    merged["high_min"] = [highs[b] for b in merged["band"]]
    labels = [band_label(lows[b], highs[b]) for b in merged["band"]]
    merged["label"] = [label("en") for label in labels]
    merged["label_hi"] = [label("hi") for label in labels]
    merged = merged.set_geometry(shapely.force_2d(merged.geometry.to_numpy()), crs=access.grid.crs)
    return merged[["band", "low_min", "high_min", "label", "label_hi", "area_km2", "geometry"]].to_crs(STORE_CRS)


def nearest_id_raster(access: Access) -> tuple[np.ndarray, pd.DataFrame]:
    """Which centre is nearest, per cell: int32 values 1…n (0: none reached) and the table of what each means."""
    values = (access.nearest + 1).astype(np.int32)
    table = pd.DataFrame(
        {
            "value": np.arange(1, len(access.centres) + 1, dtype=np.int32),
            "id": access.centres["id"].astype(str).to_numpy(),
            "name": access.centres["name"].to_numpy() if "name" in access.centres else None,
        }
    )
    return values, table


def within_travel(access: Access, threshold_min: float) -> Reach:
    """Covered within ``threshold_min`` minutes of travel on ``access``'s grid and speeds (for ``geo.spatial.siting``).

    A site on an impassable cell (a grid point in a river) or off the grid covers no one.
    """
    if (
        isinstance(threshold_min, bool)
        or not isinstance(threshold_min, int | float)
        or not np.isfinite(threshold_min)
        or threshold_min <= 0
    ):
        msg = f"the travel time should be minutes above 0, got {threshold_min!r}"
        raise GeoInputError(msg)

    def pairs(origins: gpd.GeoDataFrame, sites: gpd.GeoDataFrame) -> sparse.csr_matrix:
        if not len(origins) or not len(sites):
            return sparse.csr_matrix((len(origins), len(sites)), dtype=bool)
        rows, cols = access.grid.cell_of(sites)
        usable = (rows >= 0) & (access.speed_kmh[np.maximum(rows, 0), np.maximum(cols, 0)] > 0)
        covered = np.zeros((len(origins), len(sites)), dtype=bool)
        if usable.any():
            minutes = minutes_between(access.grid, access.speed_kmh, sites[usable], origins, limit_min=threshold_min)
            covered[:, usable] = within_minutes(minutes, threshold_min).T
        return sparse.csr_matrix(covered)

    how = f"travel time, {access.scenario.label()}" + (", on foot" if access.on_foot else "")
    return Reach(float(threshold_min), "min", pairs, how)


def _scenario(scenario: Scenario | str) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    if scenario not in SCENARIOS:
        msg = f"unknown scenario {scenario!r}; choose one of {', '.join(SCENARIOS)}"
        raise GeoInputError(msg)
    return SCENARIOS[scenario]


def _with_minutes(
    frame: gpd.GeoDataFrame,
    grid: Grid,
    minutes: np.ndarray,
    nearest: np.ndarray,
    ids: np.ndarray,
    *,
    at: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """``frame`` with the minutes, reach and nearest centre id of the cell of each row (or of ``at``'s point)."""
    rows, cols = grid.cell_of(frame if at is None else at)
    inside = rows >= 0
    found = np.full(len(frame), np.inf)
    found[inside] = minutes[rows[inside], cols[inside]]
    via = np.full(len(frame), -1, dtype=np.int64)
    via[inside] = nearest[rows[inside], cols[inside]]
    reached = np.isfinite(found)
    out = frame.copy()
    out["minutes"] = np.where(reached, found, np.nan)
    out["reached"] = reached
    out["via_id"] = pd.array(np.where(via >= 0, ids[np.maximum(via, 0)], None), dtype="string")
    return out


def _within(threshold: float) -> str:
    return f"within_{threshold:g}_min"


def band_label(low: float, high: float) -> Text:
    """A band's label: "≤ 15 min", "15–30 min", "> 120 min" (``low`` 0, ``high`` inf)."""
    key = "access.band.up_to" if low == 0 else "access.band.over" if np.isinf(high) else "access.band.between"
    return Text(key).filled(low=low, high=high)
