"""Lines from a selected panchayat or village to its nearest service points."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from geo.formats import format_km
from geo.review.indicators import functional_counts
from geo.spatial.nearest import nearest_service
from geo.text import Text
from layers.context import MapContext
from layers.spec import BLACK, BLUE, REDDISH_PURPLE, Field, LayerSpec, LegendClass

KIND_CLASSES = (
    LegendClass("aadhaar", Text("layer.nearest.aadhaar"), BLACK),
    LegendClass("csc", Text("layer.nearest.csc"), BLUE),
    LegendClass("pmgdisha", Text("layer.nearest.pmgdisha"), REDDISH_PURPLE),
)


def nearest_lines(ctx: MapContext, origin: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Lines (EPSG:4326) from ``origin``'s first point to the nearest functional point of each kind.

    Parameters
    ----------
    ctx : MapContext
    origin : geopandas.GeoDataFrame
        One row with Point geometry (a village, or a panchayat bhawan).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per kind that has a functional point: ``class`` (the kind),
        ``name`` (the service), ``dist_km`` (geodesic) and ``label`` (``label_hi`` in Hindi).
    """
    rows = []
    available = functional_counts(ctx.services).index
    start = origin.geometry.iloc[0]
    for cls in KIND_CLASSES:
        if cls.value not in available:
            continue
        near = nearest_service(origin.iloc[:1], ctx.services, cls.value).iloc[0]
        target = ctx.services.set_index("id").geometry[near["nearest_id"]]
        dist_km = float(near["nearest_dist_m"]) / 1000.0
        rows.append(
            {
                "class": cls.value,
                "name": near["nearest_name"],
                "dist_km": dist_km,
                "label": format_km(dist_km, "en"),
                "label_hi": format_km(dist_km, "hi"),
                "geometry": shapely.LineString([start, target]),
            }
        )
    return gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=["class", "name", "dist_km", "label", "label_hi", "geometry"]),
        geometry="geometry",
        crs=4326,
    )


def nearest_spec(origin: gpd.GeoDataFrame) -> LayerSpec:
    """A layer of the nearest-service lines for one selected origin."""
    return LayerSpec(
        name="nearest",
        title=Text("layer.nearest.title"),
        geometry="line",
        source="nearest",
        build=lambda ctx: nearest_lines(ctx, origin),
        classes=KIND_CLASSES,
        popup=(
            Field("name", Text("field.service_point"), name=True),
            Field("dist_km", Text("field.distance"), unit="km", decimals=2),
        ),
        tooltip=Field("label", Text("field.distance")),
        label="label",
        style={"weight": 4, "dash": "8 6"},
        default_on=True,
    )
