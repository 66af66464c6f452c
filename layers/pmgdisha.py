"""PMGDISHA digital-literacy centres with their registered / trained / passed counts."""

from __future__ import annotations

from layers.fields import SERVICE_CARD, SETTING
from layers.spec import REDDISH_PURPLE, Field, LayerSpec, LegendClass, Text

PMGDISHA = LayerSpec(
    name="pmgdisha",
    title=Text("PMGDISHA centres", "पीएमजीदिशा केंद्र"),
    geometry="point",
    source="pmgdisha",
    build=lambda ctx: ctx.services[ctx.services["kind"] == "pmgdisha"].assign(**{"class": "centre"}),
    classes=(LegendClass("centre", Text("PMGDISHA centre", "पीएमजीदिशा केंद्र"), REDDISH_PURPLE),),
    popup=(
        *SERVICE_CARD[:3],
        Field("registered", Text("Registered", "पंजीकृत")),
        Field("trained", Text("Trained", "प्रशिक्षित")),
        Field("passed", Text("Passed", "उत्तीर्ण")),
        SETTING,
    ),
    tooltip=SERVICE_CARD[0],
    style={"radius": 5, "weight": 1, "fill_opacity": 0.9, "outline": "#ffffff", "marker": "diamond"},
    register="pmgdisha",
)
