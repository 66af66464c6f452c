"""Common Service Centres (Pragya Kendra): points, and whether each panchayat has a functional one."""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from geo.review.figures import FIGURES
from geo.text import Text
from layers.context import MapContext
from layers.fields import PANCHAYAT_CARD, SERVICE_CARD
from layers.spec import BLUE, GREY, NO_DATA, VERMILION, LayerSpec, LegendClass


def _points(ctx: MapContext) -> gpd.GeoDataFrame:
    csc = ctx.services[ctx.services["kind"] == "csc"]
    return csc.assign(**{"class": np.where(csc["functional"].astype(bool), "functional", "not_functional")})


CSC_POINTS = LayerSpec(
    name="csc",
    title=Text("layer.csc.title"),
    geometry="point",
    source="csc",
    build=_points,
    classes=(
        LegendClass("functional", Text("layer.csc.functional"), BLUE),
        LegendClass("not_functional", Text("layer.csc.not_functional"), VERMILION, marked=True),
    ),
    popup=SERVICE_CARD,
    tooltip=SERVICE_CARD[0],
    style={"radius": 6, "weight": 2, "fill_opacity": 0.9, "outline": "#ffffff", "marker": "triangle"},
    register="csc",
)


NO_CSC = LayerSpec(
    name="no_csc",
    title=Text("layer.no_csc.title"),
    geometry="polygon",
    source="panchayats",
    build=lambda ctx: ctx.panchayats.assign(**{"class": ctx.panchayats["csc"].fillna(NO_DATA).astype(str)}),
    classes=(
        LegendClass(
            "not_functional",
            FIGURES["csc_not_functional"].label,
            VERMILION,
            marked=True,
            figure="csc_not_functional",
        ),
        LegendClass("functional", FIGURES["csc_functional"].label, BLUE, figure="csc_functional"),
        LegendClass(NO_DATA, FIGURES["csc_not_recorded"].label, GREY, figure="csc_not_recorded"),
    ),
    popup=PANCHAYAT_CARD,
    tooltip=PANCHAYAT_CARD[0],
    style={"weight": 1, "fill_opacity": 0.6, "outline": "#333333"},
)
