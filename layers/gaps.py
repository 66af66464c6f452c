"""Coverage gaps: how many of the review's gap lists a panchayat is on."""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from geo.review.gaps import gap_title
from geo.text import Text
from layers.context import MapContext
from layers.fields import PANCHAYAT_CARD
from layers.spec import GREY, NO_DATA, Field, LayerSpec, LegendClass


def _gaps(ctx: MapContext) -> gpd.GeoDataFrame:
    """Each panchayat's number of gaps; with none found but an indicator not recorded, not "no gap"."""
    gps = ctx.panchayats
    count = np.minimum(gps["gaps"].to_numpy(), 4).astype(str).astype(object)
    unrecorded = gps["lgd_code"].isin(ctx.gap_lists["not_recorded"]["lgd_code"]).to_numpy()
    count[(count == "0") & unrecorded] = NO_DATA

    def titles(lang: str) -> list[str]:
        return [
            "; ".join(gap_title(k, lang, aadhaar_km=ctx.aadhaar_km) for k in keys.split(";")) if keys else "–"
            for keys in gps["gap_list"]
        ]

    return gps.assign(**{"class": count, "gap_titles": titles("en"), "gap_titles_hi": titles("hi")})


GAPS = LayerSpec(
    name="gaps",
    title=Text("layer.gaps.title"),
    geometry="polygon",
    source="panchayats",
    build=_gaps,
    classes=(
        LegendClass("0", Text("layer.gaps.none"), "#FFFFFF"),
        LegendClass("1", Text("layer.gaps.one"), "#FDD49E"),
        LegendClass("2", Text("layer.gaps.two"), "#FC8D59"),
        LegendClass("3", Text("layer.gaps.three"), "#D7301F"),
        LegendClass("4", Text("layer.gaps.four_or_more"), "#7F0000"),
        LegendClass(NO_DATA, Text("layer.gaps.not_recorded"), GREY),
    ),
    popup=(
        *PANCHAYAT_CARD[:5],
        Field("gap_titles", Text("field.gaps"), column_hi="gap_titles_hi"),
    ),
    tooltip=PANCHAYAT_CARD[0],
    style={"weight": 1, "fill_opacity": 0.75, "outline": "#333333"},
)
