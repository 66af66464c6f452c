"""Connectivity of panchayat buildings: BharatNet, JharNet 2.0 and "online" combined."""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from layers.context import MapContext
from layers.fields import PANCHAYAT_CARD
from layers.spec import (
    BLUISH_GREEN,
    ORANGE,
    REDDISH_PURPLE,
    SKY_BLUE,
    VERMILION,
    LayerSpec,
    LegendClass,
    Text,
    classify_status,
    status_classes,
)

_STYLE = {"weight": 1, "fill_opacity": 0.7, "outline": "#333333"}

BHARATNET = LayerSpec(
    name="bharatnet",
    title=Text("BharatNet Phase-II", "भारतनेट फेज-II"),
    geometry="polygon",
    source="panchayats",
    build=lambda ctx: ctx.panchayats.assign(**{"class": classify_status(ctx.panchayats["bharatnet"])}),
    classes=status_classes("bharatnet", (VERMILION, ORANGE, SKY_BLUE, BLUISH_GREEN)),
    popup=PANCHAYAT_CARD,
    tooltip=PANCHAYAT_CARD[0],
    style=_STYLE,
)

JHARNET = LayerSpec(
    name="jharnet",
    title=Text("JharNet 2.0", "झारनेट 2.0"),
    geometry="polygon",
    source="panchayats",
    build=lambda ctx: ctx.panchayats.assign(**{"class": classify_status(ctx.panchayats["jharnet"])}),
    classes=status_classes("jharnet", (VERMILION, SKY_BLUE, BLUISH_GREEN)),
    popup=PANCHAYAT_CARD,
    tooltip=PANCHAYAT_CARD[0],
    style=_STYLE,
)


def _online(ctx: MapContext) -> gpd.GeoDataFrame:
    """Live and working / live but found offline / not live yet."""
    gps = ctx.panchayats
    offline = (gps["inspection"] == "offline").fillna(False).to_numpy()
    online = gps["online"].to_numpy(dtype=bool)
    classes = np.where(online & offline, "live_offline", np.where(online, "online", "not_live"))
    return gps.assign(**{"class": classes})


CONNECTIVITY = LayerSpec(
    name="connectivity",
    title=Text("Panchayat building online", "पंचायत भवन ऑनलाइन"),
    geometry="polygon",
    source="panchayats",
    build=_online,
    classes=(
        LegendClass("online", Text("Online (BharatNet or JharNet live)", "ऑनलाइन (भारतनेट या झारनेट चालू)"), BLUISH_GREEN),
        LegendClass(
            "live_offline", Text("Live, but offline at last inspection", "चालू, पर निरीक्षण में बंद मिला"), REDDISH_PURPLE
        ),
        LegendClass("not_live", Text("Not connected yet", "अभी नहीं जुड़ा"), VERMILION),
    ),
    popup=PANCHAYAT_CARD,
    tooltip=PANCHAYAT_CARD[0],
    style=_STYLE,
    default_on=True,
)
