"""Connectivity of panchayat buildings: the one connectivity class, and each network's rollout stage."""

from __future__ import annotations

from geo.review.figures import FIGURES
from geo.text import Text
from layers.fields import PANCHAYAT_CARD
from layers.spec import (
    BLUE,
    GREY,
    ORANGE,
    SKY_BLUE,
    VERMILION,
    LayerSpec,
    LegendClass,
    classify_status,
    status_classes,
)

_STYLE = {"weight": 1, "fill_opacity": 0.7, "outline": "#333333"}

BHARATNET = LayerSpec(
    name="bharatnet",
    title=Text("layer.bharatnet.title"),
    geometry="polygon",
    source="panchayats",
    build=lambda ctx: ctx.panchayats.assign(**{"class": classify_status(ctx.panchayats["bharatnet"])}),
    classes=status_classes("bharatnet", (VERMILION, ORANGE, SKY_BLUE, BLUE), {"live": "bharatnet_live"}),
    popup=PANCHAYAT_CARD,
    tooltip=PANCHAYAT_CARD[0],
    style=_STYLE,
)

JHARNET = LayerSpec(
    name="jharnet",
    title=Text("layer.jharnet.title"),
    geometry="polygon",
    source="panchayats",
    build=lambda ctx: ctx.panchayats.assign(**{"class": classify_status(ctx.panchayats["jharnet"])}),
    classes=status_classes("jharnet", (VERMILION, SKY_BLUE, BLUE), {"live": "jharnet_live"}),
    popup=PANCHAYAT_CARD,
    tooltip=PANCHAYAT_CARD[0],
    style=_STYLE,
)

#: The connectivity classes of :func:`geo.review.indicators.connectivity_class`, labelled like their figures.
CONNECTIVITY_CLASSES = (
    LegendClass("working", FIGURES["working"].label, BLUE, figure="working"),
    LegendClass("live_offline", FIGURES["live_offline"].label, VERMILION, marked=True, figure="live_offline"),
    LegendClass("not_live", FIGURES["not_live"].label, ORANGE, figure="not_live"),
    LegendClass("not_recorded", FIGURES["connectivity_not_recorded"].label, GREY, figure="connectivity_not_recorded"),
)

CONNECTIVITY = LayerSpec(
    name="connectivity",
    title=Text("layer.connectivity.title"),
    geometry="polygon",
    source="panchayats",
    build=lambda ctx: ctx.panchayats.assign(**{"class": ctx.panchayats["connectivity"].astype(str)}),
    classes=CONNECTIVITY_CLASSES,
    popup=PANCHAYAT_CARD,
    tooltip=PANCHAYAT_CARD[0],
    style=_STYLE,
    default_on=True,
)
