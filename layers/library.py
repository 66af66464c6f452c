"""Community-library rollout in every panchayat (the register of sites and the review, combined)."""

from __future__ import annotations

from geo.text import Text
from layers.fields import PANCHAYAT_CARD
from layers.spec import BLUE, NO_DATA, ORANGE, VERMILION, LayerSpec, classify_status, status_classes

LIBRARY = LayerSpec(
    name="library",
    title=Text("layer.library.title"),
    geometry="polygon",
    source="panchayats",
    build=lambda ctx: ctx.panchayats.assign(**{"class": classify_status(ctx.panchayats["library"])}),
    classes=status_classes(
        "library",
        (VERMILION, ORANGE, BLUE),
        {
            "not_started": "library_not_started",
            "space_identified": "library_space",
            "opened": "library_opened",
            NO_DATA: "library_not_recorded",
        },
    ),
    popup=PANCHAYAT_CARD,
    tooltip=PANCHAYAT_CARD[0],
    style={"weight": 1, "fill_opacity": 0.7, "outline": "#333333"},
)
