"""Travel time to the nearest centre: isochrone bands, the centres measured to, and suggested new sites.

These layers draw a :class:`TravelLayers` carried by the map context
(:func:`with_travel`); without one they are empty. The bands' colours run from pale
(near) to dark red (far), so the far places stand out and the order survives
greyscale print and colour-blind viewing.
"""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import pandas as pd

from geo.spatial.access import BANDS_MIN, Access, band_label, isochrone_bands
from geo.storage.schema import STORE_CRS
from geo.text import Text
from layers.context import MapContext, TravelLayers
from layers.fields import SERVICE_CARD
from layers.spec import BLACK, BLUE, SKY_BLUE, Field, LayerSpec, LegendClass

#: Near to far: ColorBrewer YlOrRd, five classes (luminance falls with every step).
BAND_COLOURS = ("#FFFFB2", "#FECC5C", "#FD8D3C", "#F03B20", "#BD0026")


def with_travel(
    ctx: MapContext,
    access: Access,
    title: Text,
    *,
    sites: gpd.GeoDataFrame | None = None,
    roads: gpd.GeoDataFrame | None = None,
    water: gpd.GeoDataFrame | None = None,
) -> MapContext:
    """``ctx`` with ``access``' bands (cut to the district), centres, ``sites`` and network for the travel layers."""

    def frame(given: gpd.GeoDataFrame | None, part: str) -> gpd.GeoDataFrame:
        if given is None or given.empty:
            return gpd.GeoDataFrame({c: [] for c in _COLUMNS[part]}, geometry=gpd.GeoSeries([], crs=STORE_CRS))
        return given.to_crs(STORE_CRS)

    layers = TravelLayers(
        bands=isochrone_bands(access, clip=ctx.district),
        centres=access.centres.to_crs(STORE_CRS),
        sites=frame(sites, "sites"),
        roads=frame(roads, "roads"),
        water=frame(water, "water"),
        title=title,
    )
    return dataclasses.replace(ctx, travel=layers)


#: The columns each part's popups read (an empty layer still has them).
_COLUMNS = {
    "bands": ("band", "label", "label_hi", "area_km2"),
    "centres": ("id", "name", "name_hi"),
    "sites": ("rank", "id", "name", "name_hi", "people_newly_covered"),
    "roads": ("highway", "name"),
    "water": ("name", "name_hi"),
}


def _frame(ctx: MapContext, part: str, cls: object) -> gpd.GeoDataFrame:
    if ctx.travel is None:  # not computed: an empty layer
        columns = {column: pd.Series([], dtype=object) for column in (*_COLUMNS[part], "class")}
        return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=STORE_CRS))
    frame = getattr(ctx.travel, part)
    return frame.assign(**{"class": cls(frame) if callable(cls) else cls})


TRAVEL_BANDS = LayerSpec(
    name="travel_bands",
    title=Text("layer.travel_bands.title"),
    geometry="polygon",
    source="travel_bands",
    build=lambda ctx: _frame(ctx, "bands", lambda frame: frame["band"].astype(int).astype(str)),
    classes=tuple(
        LegendClass(str(i), band_label(low, high), colour, marked=i == len(BANDS_MIN))
        for i, (low, high, colour) in enumerate(
            zip((0, *BANDS_MIN), (*BANDS_MIN, float("inf")), BAND_COLOURS, strict=True)
        )
    ),
    popup=(
        Field("label", Text("field.travel_time"), column_hi="label_hi"),
        Field("area_km2", Text("field.area_km2"), decimals=1),
    ),
    tooltip=Field("label", Text("field.travel_time"), column_hi="label_hi"),
    style={"weight": 0, "fill_opacity": 0.7, "outline": "#ffffff"},
    default_on=True,
    public=False,
    counted=False,
)

#: Main roads drawn bolder than local ones.
_MAIN_ROADS = frozenset({"motorway", "trunk", "primary", "secondary"})

TRAVEL_WATER = LayerSpec(
    name="travel_water",
    title=Text("layer.travel_water.title"),
    geometry="polygon",
    source="travel_water",
    build=lambda ctx: _frame(ctx, "water", "water"),
    classes=(LegendClass("water", Text("layer.travel_water.water"), SKY_BLUE),),
    popup=(Field("name", Text("field.name"), column_hi="name_hi", name=True),),
    tooltip=Field("name", Text("field.name"), column_hi="name_hi", name=True),
    style={"weight": 1, "fill_opacity": 0.9},
    default_on=True,
    public=False,
    counted=False,
)

TRAVEL_ROADS = LayerSpec(
    name="travel_roads",
    title=Text("layer.travel_roads.title"),
    geometry="line",
    source="travel_roads",
    build=lambda ctx: _frame(
        ctx, "roads", lambda frame: ["main" if c in _MAIN_ROADS else "local" for c in frame["highway"].astype(str)]
    ),
    classes=(
        LegendClass("main", Text("layer.travel_roads.main"), "#444444"),
        LegendClass("local", Text("layer.travel_roads.local"), "#888888"),
    ),
    popup=(Field("name", Text("field.road"), name=True), Field("highway", Text("field.road_class"))),
    style={"weight": 2},
    default_on=True,
    public=False,
    counted=False,
)

TRAVEL_CENTRES = LayerSpec(
    name="travel_centres",
    title=Text("layer.travel_centres.title"),
    geometry="point",
    source="travel_centres",
    build=lambda ctx: _frame(ctx, "centres", "centre"),
    classes=(LegendClass("centre", Text("layer.travel_centres.centre"), BLACK),),
    popup=SERVICE_CARD[:3],
    tooltip=SERVICE_CARD[0],
    style={"radius": 8, "weight": 3, "fill_opacity": 1.0, "outline": "#ffffff", "marker": "square"},
    default_on=True,
    public=False,
)

SUGGESTED_SITES = LayerSpec(
    name="suggested_sites",
    title=Text("layer.suggested_sites.title"),
    geometry="point",
    source="suggested_sites",
    build=lambda ctx: _frame(ctx, "sites", "site").pipe(lambda f: f.assign(rank_label=f["rank"].astype(str))),
    classes=(LegendClass("site", Text("layer.suggested_sites.site"), BLUE),),
    popup=(
        Field("rank", Text("field.rank")),
        Field("name", Text("field.site"), column_hi="name_hi", name=True),
        Field("people_newly_covered", Text("field.people_newly_covered")),
    ),
    tooltip=Field("name", Text("field.suggested_site"), column_hi="name_hi", name=True),
    label="rank_label",
    style={"radius": 10, "weight": 3, "fill_opacity": 1.0, "outline": "#ffffff", "marker": "diamond"},
    default_on=True,
    public=False,
    counted=True,
)
