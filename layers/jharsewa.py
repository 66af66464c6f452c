"""JharSewa certificates: each block coloured by its disposal rate (disposed / received, latest reports)."""

from __future__ import annotations

from geo.review.certificates import RATE_CLASSES
from geo.text import Text
from layers.fields import BLOCK
from layers.spec import BLUE, GREY, ORANGE, VERMILION, Field, LayerSpec, LegendClass

_HIGH, _MIDDLE = (round(lowest * 100) for _, lowest in RATE_CLASSES[:2])

JHARSEWA = LayerSpec(
    name="jharsewa",
    title=Text("layer.jharsewa.title"),
    geometry="polygon",
    source="blocks",
    build=lambda ctx: ctx.blocks.assign(
        **{
            "class": ctx.blocks["jharsewa_class"],
            "block_name": ctx.blocks["name"],
            "block_name_hi": ctx.blocks["name_hi"],
            "jharsewa_percent": ctx.blocks["jharsewa_rate"] * 100,
        }
    ),
    classes=(
        LegendClass("high", Text("layer.jharsewa.high").filled(high=_HIGH), BLUE),
        LegendClass("middle", Text("layer.jharsewa.middle").filled(middle=_MIDDLE, high=_HIGH), ORANGE),
        LegendClass("low", Text("layer.jharsewa.low").filled(middle=_MIDDLE), VERMILION, marked=True),
        LegendClass("not_recorded", Text("layer.jharsewa.not_recorded"), GREY),
    ),
    popup=(
        BLOCK,
        Field("jharsewa_received", Text("field.jharsewa_received")),
        Field("jharsewa_disposed", Text("field.jharsewa_disposed")),
        Field("jharsewa_pending", Text("field.jharsewa_pending")),
        Field("jharsewa_percent", Text("field.jharsewa_rate"), decimals=1, unit="percent"),
        Field("jharsewa_as_of", Text("field.jharsewa_as_of"), date=True),
    ),
    tooltip=BLOCK,
    style={"weight": 1, "fill_opacity": 0.7, "outline": "#333333"},
)
