"""JharSewa certificates: each block coloured by its disposal rate (disposed / received, latest reports)."""

from __future__ import annotations

from geo.review.certificates import RATE_CLASSES
from layers.fields import BLOCK
from layers.spec import BLUE, GREY, ORANGE, VERMILION, Field, LayerSpec, LegendClass, Text

_HIGH, _MIDDLE = (round(lowest * 100) for _, lowest in RATE_CLASSES[:2])

JHARSEWA = LayerSpec(
    name="jharsewa",
    title=Text("JharSewa certificates: disposal rate", "झारसेवा प्रमाण पत्र: निष्पादन दर"),
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
        LegendClass("high", Text(f"{_HIGH} % or more disposed", f"{_HIGH} % या अधिक निष्पादित"), BLUE),
        LegendClass("middle", Text(f"{_MIDDLE}–{_HIGH} % disposed", f"{_MIDDLE}–{_HIGH} % निष्पादित"), ORANGE),
        LegendClass("low", Text(f"Under {_MIDDLE} % disposed", f"{_MIDDLE} % से कम निष्पादित"), VERMILION, marked=True),
        LegendClass("not_recorded", Text("Not reported", "रिपोर्ट नहीं"), GREY),
    ),
    popup=(
        BLOCK,
        Field("jharsewa_received", Text("Applications received", "प्राप्त आवेदन")),
        Field("jharsewa_disposed", Text("Disposed", "निष्पादित")),
        Field("jharsewa_pending", Text("Pending", "लंबित")),
        Field("jharsewa_percent", Text("Disposal rate", "निष्पादन दर"), decimals=1, unit="percent"),
        Field("jharsewa_as_of", Text("Report of", "रिपोर्ट की तिथि"), date=True),
    ),
    tooltip=BLOCK,
    style={"weight": 1, "fill_opacity": 0.7, "outline": "#333333"},
)
