"""Aadhaar enrolment centres and the distance from every village to the nearest one."""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from geo.review.figures import NO_AADHAAR
from geo.text import Text
from layers.context import MapContext
from layers.fields import SERVICE_CARD
from layers.spec import BLACK, BLUE, GREY, NO_DATA, ORANGE, VERMILION, Field, LayerSpec, LegendClass

CATEGORY = Field(
    "category",
    Text("field.category"),
    values={
        "permanent_block_hq": Text("layer.aadhaar.category_permanent_block_hq"),
        "bank": Text("layer.aadhaar.category_bank"),
        "post_office": Text("layer.aadhaar.category_post_office"),
    },
)


def _centres(ctx: MapContext) -> gpd.GeoDataFrame:
    """Aadhaar centres: permanent (the demo's ``permanent_block_hq``, an office list's "Permanent") or other."""
    aadhaar = ctx.services[ctx.services["kind"] == "aadhaar"]
    category = aadhaar["category"].astype("string").str.strip().str.lower()
    permanent = category.str.startswith("permanent").fillna(False).to_numpy(dtype=bool)
    return aadhaar.assign(**{"class": np.where(permanent, "permanent", "other")})


AADHAAR_CENTRES = LayerSpec(
    name="aadhaar",
    title=Text("layer.aadhaar.title"),
    geometry="point",
    source="aadhaar",
    build=_centres,
    classes=(
        LegendClass("permanent", Text("layer.aadhaar.permanent"), BLACK),
        LegendClass("other", Text("layer.aadhaar.other"), "#555555"),
    ),
    popup=(*SERVICE_CARD[:3], CATEGORY, *SERVICE_CARD[3:]),
    tooltip=SERVICE_CARD[0],
    style={"radius": 9, "weight": 3, "fill_opacity": 1.0, "outline": "#ffffff", "marker": "square"},
    default_on=True,
    register="aadhaar",
)


def _bands(ctx: MapContext) -> gpd.GeoDataFrame:
    """Near (half the threshold), within, beyond (the analysis' ``beyond_aadhaar``), not measured."""
    villages = ctx.villages
    km = villages["aadhaar_dist_km"].to_numpy(dtype=float)
    beyond = villages["beyond_aadhaar"]
    classes = np.select(
        [beyond.isna().to_numpy(), beyond.fillna(False).to_numpy(dtype=bool), km <= ctx.aadhaar_km / 2],
        [NO_DATA, "beyond", "near"],
        default="within",
    )
    return villages.assign(**{"class": classes})


VILLAGE_BANDS = LayerSpec(
    name="aadhaar_distance",
    title=Text("layer.aadhaar_distance.title"),
    geometry="point",
    source="aadhaar_distance",
    build=_bands,
    classes=(
        LegendClass("near", Text("layer.aadhaar_distance.near"), BLUE),
        LegendClass("within", Text("layer.aadhaar_distance.within"), ORANGE),
        LegendClass(
            "beyond",
            Text("layer.aadhaar_distance.beyond"),
            VERMILION,
            marked=True,
            figure="villages_beyond_aadhaar",
        ),
        LegendClass(NO_DATA, NO_AADHAAR, GREY),
    ),
    popup=(
        Field("name", Text("field.village"), column_hi="name_hi", name=True),
        Field("population", Text("field.population")),
        Field(
            "aadhaar_name",
            Text("field.nearest_aadhaar"),
            column_hi="aadhaar_name_hi",
            name=True,
            missing=NO_AADHAAR,
        ),
        Field("aadhaar_dist_km", Text("field.distance"), unit="km", decimals=1, missing=NO_AADHAAR),
    ),
    tooltip=Field("name", Text("field.village"), column_hi="name_hi", name=True),
    style={"radius": 3, "weight": 0, "fill_opacity": 0.85},
)
