"""District outline, block boundaries with names, and panchayat boundaries."""

from __future__ import annotations

import geopandas as gpd

from geo.text import Text
from layers.context import MapContext
from layers.fields import BLOCK, PANCHAYAT_CARD
from layers.spec import BLACK, GREY, LayerSpec, LegendClass

DISTRICT = LayerSpec(
    name="district",
    title=Text("layer.district.title"),
    geometry="polygon",
    source="district",
    build=lambda ctx: ctx.district.assign(**{"class": "district"}),
    classes=(LegendClass("district", Text("layer.district.title"), BLACK),),
    style={"weight": 3, "fill": False},
    default_on=True,
)

BLOCKS = LayerSpec(
    name="blocks",
    title=Text("layer.blocks.title"),
    geometry="polygon",
    source="blocks",
    build=lambda ctx: ctx.blocks.assign(
        **{"class": "block", "block_name": ctx.blocks["name"], "block_name_hi": ctx.blocks["name_hi"]}
    ),
    classes=(LegendClass("block", Text("layer.blocks.block"), "#444444"),),
    popup=(BLOCK,),
    label="name",
    style={"weight": 2.5, "fill": False, "dash": "6 4"},
    default_on=True,
)


def short_name(name: object, block: object) -> str:
    """A panchayat's map label: its name without a leading block name ("Testpur GP 01" -> "GP 01").

    Examples
    --------
    >>> short_name("Testpur GP 01", "Testpur"), short_name("Chalna", "Testpur"), short_name("Hill", "Hill")
    ('GP 01', 'Chalna', 'Hill')
    """
    text, prefix = str(name).strip(), str(block or "").strip()
    if prefix and text.startswith(prefix + " ") and len(text) > len(prefix) + 1:
        return text[len(prefix) + 1 :].strip()
    return text


def _panchayats(ctx: MapContext) -> gpd.GeoDataFrame:
    gps = ctx.panchayats
    blocks = ctx.blocks.set_index("lgd_code")
    short = {
        lang: [short_name(n, b) for n, b in zip(gps[column], gps["block_lgd"].map(blocks[column]), strict=True)]
        for lang, column in (("en", "name"), ("hi", "name_hi"))
    }
    return gps.assign(**{"class": "panchayat", "short": short["en"], "short_hi": short["hi"]})


PANCHAYATS = LayerSpec(
    name="panchayats",
    title=Text("layer.panchayats.title"),
    geometry="polygon",
    source="panchayats",
    build=_panchayats,
    classes=(LegendClass("panchayat", Text("layer.panchayats.panchayat"), GREY),),
    popup=PANCHAYAT_CARD,
    tooltip=PANCHAYAT_CARD[0],
    label="short",
    style={"weight": 1, "fill_opacity": 0.05, "outline": "#666666"},
    default_on=True,
)
