"""What every layer draws from: one analysis (:mod:`geo.review.analysis`) with display-ready geometry.

A state's districts, drawn by the state view (:mod:`layers.districts`), come in a
:class:`StateContext` instead: their outlines and their figures.

The layers only style what the analysis says: classes are the analysis' own
columns, counts are its rows. Boundaries are simplified here for display
(shared edges stay shared) and private columns never reach a layer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely

from geo.crs import metric_crs
from geo.review.analysis import Analysis
from geo.review.figures import Figures
from geo.storage.identity import DistrictIdentity
from geo.storage.schema import PRIVATE_FIELDS, STORE_CRS

#: Display simplification: tolerance in metres, then coordinates rounded to ~1 m.
SIMPLIFY_M = 60.0
GRID_DEG = 1e-5


@dataclass(frozen=True)
class TravelLayers:
    """What the travel layers (:mod:`layers.travel`) draw (EPSG:4326 frames).

    Attributes
    ----------
    bands : geopandas.GeoDataFrame
        :func:`geo.spatial.access.isochrone_bands`.
    centres : geopandas.GeoDataFrame
        The functional centres the minutes are measured to.
    sites : geopandas.GeoDataFrame
        Suggested new sites (:attr:`geo.spatial.siting.SitingResult.sites`), possibly empty.
    roads, water : geopandas.GeoDataFrame
        The network the minutes were measured on (empty when on foot / no water).
    title : callable
        What is measured, in a language: ``title(lang) -> str`` (a :class:`layers.spec.Text`:
        "Travel time to the nearest Aadhaar centre, dry season").
    """

    bands: gpd.GeoDataFrame
    centres: gpd.GeoDataFrame
    sites: gpd.GeoDataFrame
    roads: gpd.GeoDataFrame
    water: gpd.GeoDataFrame
    title: Callable[[str], str]


@dataclass(frozen=True)
class MapContext:
    """Display-ready frames (EPSG:4326, simplified) of one analysis, for the layer builders.

    Attributes
    ----------
    analysis : geo.review.analysis.Analysis
        The analysis drawn (its figures are the map's counts).
    panchayats : geopandas.GeoDataFrame
        The analysis' panchayats (indicators, classes, gap membership), simplified.
    villages : geopandas.GeoDataFrame
        The analysis' villages (distances, Aadhaar reach).
    services : geopandas.GeoDataFrame
        Service points that existed on the date, functional as of then; public columns only.
    blocks, district : geopandas.GeoDataFrame
        Boundaries, simplified like the panchayats.
    travel : TravelLayers, optional
        Travel-time bands, centres and suggested sites for the ``travel`` theme
        (:func:`layers.travel.with_travel`); None: not computed.
    """

    analysis: Analysis
    panchayats: gpd.GeoDataFrame
    villages: gpd.GeoDataFrame
    services: gpd.GeoDataFrame
    blocks: gpd.GeoDataFrame
    district: gpd.GeoDataFrame
    travel: TravelLayers | None = None

    @property
    def figures(self) -> Figures:
        """The analysis' figures."""
        return self.analysis.figures

    @property
    def gap_lists(self) -> dict[str, pd.DataFrame]:
        """The analysis' gap lists."""
        return self.analysis.gaps

    @property
    def as_of(self) -> str | None:
        """The date asked for (None: latest)."""
        return self.analysis.as_of

    @property
    def aadhaar_km(self) -> float:
        """The Aadhaar reach threshold, km."""
        return self.analysis.aadhaar_km

    @property
    def is_demo(self) -> bool:
        """Whether the store is the DEMO district."""
        return self.analysis.is_demo

    @property
    def identity(self) -> DistrictIdentity:
        """The district drawn."""
        return self.analysis.identity


@dataclass(frozen=True)
class StateContext:
    """What the state view's layers draw from: the districts with their figures, display-ready.

    Attributes
    ----------
    districts : geopandas.GeoDataFrame
        EPSG:4326, simplified: ``lgd_code``, ``name``, ``name_hi``, ``blocks`` and a column per
        figure (Int64, missing: not recorded), as :func:`geo.review.summary.by_district` gives them
        (:func:`layers.districts.state_context`).
    is_demo : bool
        Whether the store is the DEMO state (the map says so).
    aadhaar_km : float
        The Aadhaar threshold of the figures, km.
    """

    districts: gpd.GeoDataFrame
    is_demo: bool = False
    aadhaar_km: float = 10.0

    @property
    def district(self) -> gpd.GeoDataFrame:
        """The area the map opens on: every district (what :func:`layers.folium_map.build_map` fits)."""
        return self.districts


def map_context(analysis: Analysis, *, simplify_m: float = SIMPLIFY_M) -> MapContext:
    """Prepare an analysis for drawing.

    Parameters
    ----------
    analysis : geo.review.analysis.Analysis
        The store's analysis at one date.
    simplify_m : float, default 60
        Boundary simplification tolerance in metres; shared edges stay shared
        (coverage simplification), so neighbours neither overlap nor gap. 0 keeps
        the stored geometry.

    Returns
    -------
    MapContext
    """
    services = analysis.services
    services = services.drop(columns=[c for c in PRIVATE_FIELDS.get("service_points", ()) if c in services])
    return MapContext(
        analysis=analysis,
        panchayats=_simplified(analysis.panchayats, simplify_m),
        villages=analysis.villages,
        services=services,
        blocks=_simplified(analysis.blocks, simplify_m),
        district=_simplified(analysis.district, simplify_m),
    )


def _simplified(frame: gpd.GeoDataFrame, tolerance_m: float) -> gpd.GeoDataFrame:
    """Simplify polygons for display, keeping shared edges shared, and snap to ~1 m."""
    if tolerance_m <= 0 or frame.empty:
        return frame
    crs = metric_crs(frame)
    metric = frame.geometry.to_crs(crs).make_valid()
    simple = gpd.GeoSeries(shapely.coverage_simplify(metric.to_numpy(), tolerance_m), index=frame.index, crs=crs)
    snapped = shapely.set_precision(simple.to_crs(STORE_CRS).to_numpy(), GRID_DEG)
    return frame.set_geometry(gpd.GeoSeries(snapped, index=frame.index, crs=STORE_CRS))
