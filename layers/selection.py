"""The panchayat selected in the app (by a click or a search): its outline and its bhawan."""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd

from geo.review.indicators import bhawan_points
from geo.text import Text
from layers.context import MapContext
from layers.fields import GP_NAME
from layers.spec import Field, LayerSpec, LegendClass

#: The selection's colour: a dark magenta that no class fill uses, with contrast on white and on the fills.
SELECTED = "#AA3377"


def selection_spec(lgd_code: str) -> LayerSpec:
    """A layer outlining the panchayat with LGD code ``lgd_code`` (no rows if unknown)."""
    return LayerSpec(
        name="selection",
        title=Text("layer.selection.title"),
        geometry="polygon",
        source="selection",
        build=lambda ctx: ctx.panchayats[ctx.panchayats["lgd_code"] == lgd_code].assign(**{"class": "selected"}),
        classes=(LegendClass("selected", Text("layer.selection.title"), SELECTED),),
        tooltip=GP_NAME,
        style={"weight": 5, "fill": False},
        default_on=True,
    )


def bhawan_spec(lgd_code: str) -> LayerSpec:
    """The point the nearest-service lines of panchayat ``lgd_code`` start from.

    Its bhawan where recorded, else its centroid (:func:`geo.review.indicators.bhawan_points`).
    """
    return _start_spec(
        "bhawan",
        Text("layer.bhawan.title"),
        lambda ctx: bhawan_points(ctx.panchayats[ctx.panchayats["lgd_code"] == lgd_code]),
        GP_NAME,
    )


def origin_spec(origin: gpd.GeoDataFrame) -> LayerSpec:
    """The chosen village (one Point row, EPSG:4326, with ``name``/``name_hi``), where its nearest lines start."""
    return _start_spec(
        "origin",
        Text("layer.origin.title"),
        lambda ctx: origin,
        Field("name", Text("field.village"), column_hi="name_hi", name=True),
    )


def _start_spec(name: str, what: Text, build: Callable[[MapContext], gpd.GeoDataFrame], tooltip: Field) -> LayerSpec:
    """A white point ringed in the selection's colour, where the nearest-service lines start."""
    return LayerSpec(
        name=name,
        title=what,
        geometry="point",
        source=name,
        build=lambda ctx: build(ctx).assign(**{"class": "start"}),
        classes=(LegendClass("start", Text("layer.start.legend").filled(what=what), "#FFFFFF"),),
        tooltip=tooltip,
        style={"radius": 8, "weight": 3, "fill_opacity": 1.0, "outline": SELECTED},
        default_on=True,
    )
