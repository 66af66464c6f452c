"""A thick outline around the panchayat selected in the app (by a click or a search)."""

from __future__ import annotations

from layers.fields import GP_NAME
from layers.spec import BLACK, LayerSpec, LegendClass, Text


def selection_spec(lgd_code: str) -> LayerSpec:
    """A layer outlining the panchayat with LGD code ``lgd_code`` (no rows if unknown)."""
    return LayerSpec(
        name="selection",
        title=Text("Selected panchayat", "चयनित पंचायत"),
        geometry="polygon",
        source="selection",
        build=lambda ctx: ctx.panchayats[ctx.panchayats["lgd_code"] == lgd_code].assign(**{"class": "selected"}),
        classes=(LegendClass("selected", Text("Selected panchayat", "चयनित पंचायत"), BLACK),),
        tooltip=GP_NAME,
        style={"weight": 5, "fill": False},
        default_on=True,
    )
