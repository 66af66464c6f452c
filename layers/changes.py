"""A thick outline around the units whose state changed since the chosen review.

The units and their count come from :func:`geo.review.progress.class_changes`; the legend
reads "Changed since 12 Nov 2020 (33)".
"""

from __future__ import annotations

import functools
from collections.abc import Collection

import geopandas as gpd

from geo.formats import format_date
from geo.text import Text
from layers.context import MapContext
from layers.fields import BLOCK, GP_NAME
from layers.spec import BLACK, LayerSpec, LegendClass


def change_spec(codes: Collection[str], since: str, *, level: str = "panchayat") -> LayerSpec:
    """A layer outlining the panchayats (or blocks) with LGD codes ``codes``.

    Parameters
    ----------
    codes : collection of str
        The changed units (``lgd_code``).
    since : str
        The date compared with (ISO), read as the office writes it ("12 Nov 2020") in the legend's language.
    level : {"panchayat", "block"}
    """
    wanted = {str(c) for c in codes}

    def build(ctx: MapContext) -> gpd.GeoDataFrame:
        units = ctx.blocks if level == "block" else ctx.panchayats
        chosen = units[units["lgd_code"].astype(str).isin(wanted)]
        if level == "block":
            chosen = chosen.assign(block_name=chosen["name"], block_name_hi=chosen["name_hi"])
        return chosen.assign(**{"class": "changed"})

    label = Text("layer.changes.title").filled(since=functools.partial(format_date, since))
    return LayerSpec(
        name="changes",
        title=label,
        geometry="polygon",
        source="changes",
        build=build,
        classes=(LegendClass("changed", label, BLACK),),
        tooltip=BLOCK if level == "block" else GP_NAME,
        style={"weight": 4.5, "fill": False},
        default_on=True,
        counted=True,
    )
