"""PMGDISHA digital-literacy centres with their registered / trained / passed counts."""

from __future__ import annotations

from geo.text import Text
from layers.fields import SERVICE_CARD, SETTING
from layers.spec import REDDISH_PURPLE, Field, LayerSpec, LegendClass

PMGDISHA = LayerSpec(
    name="pmgdisha",
    title=Text("layer.pmgdisha.title"),
    geometry="point",
    source="pmgdisha",
    build=lambda ctx: ctx.services[ctx.services["kind"] == "pmgdisha"].assign(**{"class": "centre"}),
    classes=(LegendClass("centre", Text("layer.pmgdisha.centre"), REDDISH_PURPLE),),
    popup=(
        *SERVICE_CARD[:3],
        Field("registered", Text("field.registered")),
        Field("trained", Text("field.trained")),
        Field("passed", Text("field.passed")),
        SETTING,
    ),
    tooltip=SERVICE_CARD[0],
    style={"radius": 5, "weight": 1, "fill_opacity": 0.9, "outline": "#ffffff", "marker": "diamond"},
    register="pmgdisha",
)
