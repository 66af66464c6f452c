"""The state view's map: every district outlined and coloured by the chosen theme's share.

A store of several districts opens on its districts, not on its thousands of panchayats:
one outline per district (simplified together, shared edges kept shared), coloured by
the share its own figures give (:func:`geo.review.summary.by_district`) — the panchayats
online and working, the villages beyond Aadhaar reach … — with the district's name and
figures in its tooltip and popup. The layers are declared here like every other
(:class:`layers.spec.LayerSpec`), one per theme, and drawn from a :class:`StateContext`
instead of a district's :class:`layers.context.MapContext`; the registry lists them as
:data:`layers.registry.STATE_LAYERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import geopandas as gpd
import pandas as pd

from geo.review.figures import FIGURES
from geo.spatial.locate import panchayat_at
from geo.spatial.simplify import simplify_coverage
from geo.storage.store import StoreData
from geo.text import Text
from layers.context import StateContext
from layers.spec import BLUE, GREY, ORANGE, SKY_BLUE, VERMILION, Field, LayerSpec, LegendClass

__all__ = [
    "STATE_SIMPLIFY_M",
    "Share",
    "SHARES",
    "BANDS",
    "state_context",
    "district_at",
    "share_classes",
    "DISTRICT_OUTLINES",
    "DISTRICT_NAMES",
    "SHARE_LAYERS",
]

#: Outline simplification of the state view, metres: a state fills the screen at about 1 km a pixel.
STATE_SIMPLIFY_M = 250.0


@dataclass(frozen=True)
class Share:
    """What a theme's district colour says: figure ``figure`` out of figure ``of``, in per cent.

    Attributes
    ----------
    figure, of : str
        Keys of :data:`geo.review.figures.FIGURES`.
    label : Text
        The popup's label of ``figure`` (default: the figure's title).
    """

    figure: str
    of: str
    label: Text | None = None

    @property
    def lower_is_better(self) -> bool:
        """Whether a high share is bad news (villages beyond reach)."""
        return FIGURES[self.figure].lower_is_better

    def field_label(self) -> Text:
        """The popup's label of :attr:`figure`."""
        return self.label or FIGURES[self.figure].label


#: The share each theme colours the districts by (themes not listed draw the outlines alone).
SHARES: dict[str, Share] = {
    "connectivity": Share("working", "panchayats"),
    "bharatnet": Share("bharatnet_live", "panchayats"),
    "jharnet": Share("jharnet_live", "panchayats"),
    "csc": Share("csc_functional", "panchayats"),
    "aadhaar": Share("villages_beyond_aadhaar", "villages", Text("field.beyond_aadhaar")),
    "library": Share("library_opened", "panchayats"),
    "pmgdisha": Share("pmgdisha_passed", "pmgdisha_registered"),
    "jharsewa": Share("jharsewa_disposed", "jharsewa_received"),
}

#: The share bands, per cent: (class, lowest share in it), highest first; below the last: ``low``.
BANDS: tuple[tuple[str, int], ...] = (("high", 75), ("upper", 50), ("lower", 25))
_NOT_RECORDED = "not_recorded"


def state_context(
    data: StoreData,
    table: pd.DataFrame | None = None,
    *,
    aadhaar_km: float = 10.0,
    simplify_m: float = STATE_SIMPLIFY_M,
) -> StateContext:
    """The districts of ``data`` joined with their figures, simplified for the state view.

    Parameters
    ----------
    data : StoreData
        A store of one or more districts (its ``districts`` layer, EPSG:4326).
    table : pandas.DataFrame, optional
        :func:`geo.review.summary.by_district` of ``data`` (index: district code). None: the
        districts' codes and names alone (:data:`DISTRICT_NAMES` draws them while the figures
        are worked out).
    aadhaar_km : float, default 10
        The Aadhaar threshold ``table`` was computed at.
    simplify_m : float, default :data:`STATE_SIMPLIFY_M`
        Outline tolerance in metres (:func:`geo.spatial.simplify.simplify_coverage`).

    Returns
    -------
    StateContext

    Raises
    ------
    ValueError
        When ``table`` does not hold a row for every district of ``data``.
    """
    codes = data.district_codes()
    if table is None:
        names = {lang: [data.district_label(code, lang) for code in codes] for lang in ("en", "hi")}
        table = pd.DataFrame({"name": names["en"], "name_hi": names["hi"]}, index=codes)
    missing = [code for code in codes if code not in table.index]
    if missing:
        msg = f"table has no row for district(s) {', '.join(missing)}; expected by_district of the same store"
        raise ValueError(msg)
    outlines = simplify_coverage(data.districts[["lgd_code", "geometry"]], tolerance_m=simplify_m)
    figures = table.loc[codes].reset_index(drop=True)
    joined = pd.concat([outlines.reset_index(drop=True), figures], axis=1)
    districts = gpd.GeoDataFrame(joined, geometry="geometry", crs=data.districts.crs)
    return StateContext(districts=districts, is_demo=data.is_demo, aadhaar_km=aadhaar_km)


def district_at(ctx: StateContext, lon: float, lat: float) -> str | None:
    """The code of the district drawn under a point (a click on the state map, degrees); None outside every one."""
    return panchayat_at(ctx.districts, lon, lat)  # any polygons with an ``lgd_code`` in EPSG:4326


def share_classes(figure: pd.Series, of: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The share ``figure`` / ``of`` in per cent (missing where either is, or ``of`` is 0) and its band.

    Examples
    --------
    >>> figure, of = pd.Series([3, 1, None, 2], dtype="Int64"), pd.Series([4, 4, 4, 0], dtype="Int64")
    >>> percent, bands = share_classes(figure, of)
    >>> percent.tolist(), bands.tolist()
    ([75.0, 25.0, None, None], ['high', 'lower', 'not_recorded', 'not_recorded'])
    """
    whole = of.astype("Float64")
    percent = (figure.astype("Float64") * 100 / whole.where(whole > 0)).astype(object)
    percent = percent.where(pd.notna(percent), None)
    bands = [
        _NOT_RECORDED if value is None else next((name for name, low in BANDS if value >= low), "low")
        for value in percent
    ]
    return percent, pd.Series(bands, index=figure.index, dtype=object)


def _share_frame(share: Share) -> Callable[[StateContext], gpd.GeoDataFrame]:
    """The layer builder of ``share``: the districts with its per cent (``share_percent``) and band (``class``)."""

    def build(ctx: StateContext) -> gpd.GeoDataFrame:
        percent, bands = share_classes(ctx.districts[share.figure], ctx.districts[share.of])
        return ctx.districts.assign(**{"class": bands, "share_percent": percent})

    return build


#: Share band colours, good news to bad (a high share of villages beyond reach is bad news).
_GOOD_TO_BAD = (BLUE, SKY_BLUE, ORANGE, VERMILION)
_STYLE = {"weight": 1.5, "fill_opacity": 0.7, "outline": "#333333"}

DISTRICT_NAME = Field("name", Text("field.district"), column_hi="name_hi", name=True)
DISTRICT_NAME_OTHER = Field("name_hi", Text("field.name_other"), column_hi="name", name=True)
DISTRICT_FIELDS = (
    DISTRICT_NAME,
    DISTRICT_NAME_OTHER,
    Field("lgd_code", Text("field.district_code")),
    Field("blocks", Text("field.blocks")),
    Field("panchayats", Text("field.panchayats")),
    Field("villages", Text("field.villages")),
)


def _band_labels() -> list[tuple[str, Text]]:
    """Each band of :data:`BANDS` and the one below them, with its label ("75 % or more", "50–75 %" … "Under 25 %")."""
    (top, lowest), *rest = BANDS
    labels = [(top, Text("layer.districts.high").filled(low=lowest))]
    for name, low in rest:
        labels.append((name, Text("layer.districts.band").filled(low=low, high=lowest)))
        lowest = low
    return [*labels, ("low", Text("layer.districts.low").filled(high=lowest))]


def _share_spec(theme: str, share: Share) -> LayerSpec:
    colors = _GOOD_TO_BAD[::-1] if share.lower_is_better else _GOOD_TO_BAD
    classes = tuple(
        LegendClass(name, label, color, marked=color == VERMILION)
        for (name, label), color in zip(_band_labels(), colors, strict=True)
    )
    of = () if share.of in {"panchayats", "villages"} else (Field(share.of, FIGURES[share.of].label),)
    return LayerSpec(
        name=f"districts_{theme}",
        title=Text(f"layer.districts.{theme}"),
        geometry="polygon",
        source="districts",
        build=_share_frame(share),
        classes=(*classes, LegendClass(_NOT_RECORDED, Text("legend.not_recorded"), GREY)),
        popup=(
            *DISTRICT_FIELDS,
            Field(share.figure, share.field_label()),
            *of,
            Field("share_percent", Text("field.share"), decimals=0, unit="percent"),
        ),
        tooltip=DISTRICT_NAME,
        label="name",
        style=_STYLE,
        default_on=True,
    )


#: The districts drawn as outlines, for a theme with no share (the panchayats, the gap lists).
DISTRICT_OUTLINES = LayerSpec(
    name="districts",
    title=Text("layer.districts.title"),
    geometry="polygon",
    source="districts",
    build=lambda ctx: ctx.districts.assign(**{"class": "district"}),
    classes=(LegendClass("district", Text("layer.districts.district"), GREY),),
    popup=DISTRICT_FIELDS,
    tooltip=DISTRICT_NAME,
    label="name",
    style={"weight": 1.5, "fill_opacity": 0.1, "outline": "#333333"},
    default_on=True,
)

#: The districts' outlines and names alone: the state map while the districts' figures are worked out.
DISTRICT_NAMES = replace(DISTRICT_OUTLINES, name="district_names", popup=DISTRICT_FIELDS[:3])

#: The districts coloured by each theme's share (:data:`SHARES`), by theme.
SHARE_LAYERS: dict[str, LayerSpec] = {theme: _share_spec(theme, share) for theme, share in SHARES.items()}
