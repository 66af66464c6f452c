"""Common Service Centres (Pragya Kendra): points and panchayats without a functional one."""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from layers.context import MapContext
from layers.fields import PANCHAYAT_CARD, SERVICE_CARD
from layers.spec import BLUE, BLUISH_GREEN, VERMILION, LayerSpec, LegendClass, Text


def _points(ctx: MapContext) -> gpd.GeoDataFrame:
    csc = ctx.services[ctx.services["kind"] == "csc"]
    return csc.assign(**{"class": np.where(csc["functional"].fillna(False), "functional", "not_functional")})


CSC_POINTS = LayerSpec(
    name="csc",
    title=Text("CSC (Pragya Kendra)", "प्रज्ञा केंद्र (सीएससी)"),
    geometry="point",
    source="csc",
    build=_points,
    classes=(
        LegendClass("functional", Text("Functional", "कार्यरत"), BLUE),
        LegendClass("not_functional", Text("Not functional", "बंद"), VERMILION),
    ),
    popup=SERVICE_CARD,
    tooltip=SERVICE_CARD[0],
    style={"radius": 6, "weight": 2, "fill_opacity": 0.9, "outline": "#ffffff"},
)


def _no_csc(ctx: MapContext) -> gpd.GeoDataFrame:
    gps = ctx.panchayats
    has = (gps["csc_functional"] == "yes").fillna(False).to_numpy()
    return gps.assign(**{"class": np.where(has, "has_csc", "no_csc")})


NO_CSC = LayerSpec(
    name="no_csc",
    title=Text("Panchayats without a functional CSC", "बिना कार्यरत प्रज्ञा केंद्र वाली पंचायतें"),
    geometry="polygon",
    source="panchayats",
    build=_no_csc,
    classes=(
        LegendClass("no_csc", Text("No functional CSC", "कार्यरत प्रज्ञा केंद्र नहीं"), VERMILION),
        LegendClass("has_csc", Text("Has a functional CSC", "कार्यरत प्रज्ञा केंद्र है"), BLUISH_GREEN),
    ),
    popup=PANCHAYAT_CARD,
    tooltip=PANCHAYAT_CARD[0],
    style={"weight": 1, "fill_opacity": 0.6, "outline": "#333333"},
)
