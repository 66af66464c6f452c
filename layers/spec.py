"""Declarative map layers: what to draw, from which data, in which colours, with which labels.

A :class:`LayerSpec` is renderer-neutral. The folium map of the app
(:mod:`layers.folium_map`), the printed map sheet and the static public page all
draw from the same specs, so colours, classes and legends never drift apart.
Colours come from the Okabe–Ito palette (colour-blind safe, readable on a projector).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import geopandas as gpd
import pandas as pd

from geo.formats import format_count, format_date, format_number, name_digits
from geo.languages import is_hindi, localize_digits
from geo.review.figures import DISTRICT, class_counts
from geo.storage.schema import INDICATOR_VALUES, VALUE_LABELS
from geo.text import Text, t

if TYPE_CHECKING:
    from layers.context import MapContext, StateContext

#: A language code (:data:`geo.languages.LANG_CODES`): English, Hindi, Hindi with Devanagari digits.
Lang = Literal["en", "hi", "hi-u-nu-deva"]
#: The languages a bilingual page carries (the public map switches between them in place).
LANGS: tuple[Lang, ...] = ("en", "hi")

# Okabe–Ito, plus a neutral grey for "not recorded".
VERMILION, ORANGE, SKY_BLUE, BLUISH_GREEN = "#D55E00", "#E69F00", "#56B4E9", "#009E73"
BLUE, REDDISH_PURPLE, YELLOW, BLACK, GREY = "#0072B2", "#CC79A7", "#F0E442", "#000000", "#BBBBBB"
#: The class of rows whose value is not recorded.
NO_DATA = "not_recorded"


#: How a value that is not recorded reads.
NOT_RECORDED_TEXT = Text("format.not_recorded")
#: Units, each written after its number.
UNITS: dict[str, Text] = {"km": Text("unit.km"), "percent": Text("unit.percent")}


@dataclass(frozen=True)
class Field:
    """A column shown in a popup or tooltip.

    ``public=False`` keeps it off the public page and out of public exports;
    ``column_hi`` is read instead of ``column`` in Hindi (e.g. ``name_hi``);
    ``unit`` is a key of :data:`UNITS`; ``missing`` is what a missing value
    reads (default "not recorded"); ``date`` values are ISO dates written as the
    office writes them ("27 Nov 2020", the month in the reader's language). A ``name`` is shown as
    every face shows names (:func:`geo.formats.name_digits`: its digits in the
    reader's; empty reads "not recorded"; in Hindi, where the ``column_hi`` name
    is empty, the ``column`` one).
    """

    column: str
    label: Text
    public: bool = True
    unit: str = ""
    decimals: int | None = None
    values: Mapping[str, Text] | None = None
    column_hi: str | None = None
    missing: Text | None = None
    date: bool = False
    name: bool = False

    def column_for(self, lang: Lang) -> str:
        """The column to read in ``lang``."""
        return self.column_hi if is_hindi(lang) and self.column_hi else self.column

    def texts(self, frame: pd.DataFrame, lang: Lang = "en") -> list[str]:
        """The field of every row of ``frame`` as shown (not yet HTML-escaped)."""
        values = frame[self.column_for(lang)]
        if self.name and self.column_for(lang) != self.column:
            blank = values.isna() | (values.astype("string").str.strip() == "")
            values = values.astype(object).where(~blank.fillna(True).to_numpy(dtype=bool), frame[self.column])
        return [self.format(v, lang) for v in values]

    def format(self, value: object, lang: Lang = "en") -> str:
        """Format one value for display (not yet HTML-escaped); missing reads "not recorded"."""
        if (
            value is None
            or value is pd.NA
            or (isinstance(value, float) and math.isnan(value))
            or (self.name and not str(value).strip())
        ):
            return (self.missing or NOT_RECORDED_TEXT)(lang)
        if self.name:
            return name_digits(str(value), lang)
        if hasattr(value, "item"):  # numpy scalars
            value = value.item()
        if self.values is not None and str(value) in self.values:
            return self.values[str(value)](lang)
        if isinstance(value, bool):
            return "✓" if value else "✗"
        if self.date:
            return format_date(str(value), lang)
        unit = UNITS[self.unit](lang) if self.unit else ""
        if self.decimals is not None and isinstance(value, int | float):
            return f"{format_number(value, lang, decimals=self.decimals)}{unit}"
        if isinstance(value, int):
            return f"{format_count(value, lang)}{unit}"
        return f"{value}{unit}"


@dataclass(frozen=True)
class LegendClass:
    """One class of a layer: the value it stands for, its label and colour.

    ``marked`` classes do not rely on hue alone (colour-blind viewers, greyscale
    print): areas get a dark dashed outline on screen and hatching in print,
    points a black ring. ``figure`` names the figure of :mod:`geo.review.figures` the
    class's count is (its legend count is that figure, "not recorded" where it is).
    """

    value: str
    label: Text
    color: str
    marked: bool = False
    figure: str | None = None


@dataclass(frozen=True)
class LayerSpec:
    """A map layer.

    Attributes
    ----------
    name : str
        Identifier used by the app, the CLI (``--layer``) and tests.
    title : Text
        Shown in the layer switcher and above its legend.
    geometry : {"polygon", "point", "line"}
    source : str
        Layers with the same source draw the same rows (e.g. every panchayat
        choropleth), so renderers can ship the geometry once.
    build : callable
        ``build(ctx) -> GeoDataFrame`` (EPSG:4326): the rows to draw (from a district's
        :class:`~layers.context.MapContext`, or a state's :class:`~layers.context.StateContext`), with a
        ``class`` column holding a :class:`LegendClass` value for each row.
    classes : tuple of LegendClass
        The legend, in order.
    popup : tuple of Field
        Shown on click; private fields are dropped on the public page.
    tooltip : Field, optional
        Shown on hover.
    label : str, optional
        Column drawn as a permanent text label (e.g. block names); in Hindi its
        ``<label>_hi`` column when the frame has one.
    style : dict
        Renderer-neutral style: ``weight`` (line width, px), ``fill_opacity``,
        ``radius`` (points, px), ``outline`` (stroke colour; default: class colour),
        ``dash`` (e.g. ``"4 4"``), ``fill`` (False for outlines only).
    default_on : bool
        Switched on when the map opens.
    public : bool
        Offered on the public page.
    counted : bool
        The legend counts the rows of each class; default: when there are several
        classes (boundaries carry no count, change outlines do).
    register : str, optional
        The service kind whose points the layer draws: where the store holds no
        point of it (the register was never supplied) its counts are not recorded.
    """

    name: str
    title: Text
    geometry: Literal["polygon", "point", "line"]
    source: str
    build: Callable[[MapContext | StateContext], gpd.GeoDataFrame]
    classes: tuple[LegendClass, ...]
    popup: tuple[Field, ...] = ()
    tooltip: Field | None = None
    label: str | None = None
    style: dict = field(default_factory=dict)
    default_on: bool = False
    public: bool = True
    counted: bool | None = None
    register: str | None = None

    @property
    def is_counted(self) -> bool:
        """Whether the legend shows a count per class."""
        return len(self.classes) > 1 if self.counted is None else self.counted

    def colors(self) -> dict[str, str]:
        """Class value -> colour."""
        return {c.value: c.color for c in self.classes}

    def marked(self) -> list[str]:
        """The values of the classes drawn with a mark besides their colour."""
        return [c.value for c in self.classes if c.marked]

    def resolved_style(self) -> dict:
        """The style with every key set: what each renderer draws (defaults filled in).

        Keys: ``weight``, ``fill_opacity``, ``fill``, ``radius``, ``outline``
        (None: the class colour), ``dash`` (None: solid), ``marker``
        (``"circle"``, ``"square"`` or ``"diamond"``).
        """
        polygon = self.geometry == "polygon"
        line = self.geometry == "line"
        return {
            "weight": self.style.get("weight", 1),
            "fill_opacity": self.style.get("fill_opacity", 0.6 if polygon else 0.9),
            "fill": self.style.get("fill", not line),
            "radius": self.style.get("radius", 5),
            "outline": None if line else self.style.get("outline"),
            "dash": self.style.get("dash"),
            "marker": self.style.get("marker", "circle"),
        }

    def fields(self, *, public: bool) -> tuple[Field, ...]:
        """Popup fields to show (public ones only when ``public``)."""
        return tuple(f for f in self.popup if f.public or not public)

    def frame(self, ctx: MapContext | StateContext) -> gpd.GeoDataFrame:
        """Build the layer's rows and check every row has a known class."""
        frame = self.build(ctx)
        unknown = set(frame["class"].astype(str)) - set(self.colors())
        if unknown:
            msg = f"layer {self.name!r}: rows with unknown class(es) {sorted(unknown)}"
            raise ValueError(msg)
        return frame

    def class_label(self, cls: LegendClass, lang: Lang, ctx: MapContext | StateContext) -> str:
        """A class's legend label in ``lang``, thresholds filled in (``{km:g}``, ``{half:g}``).

        Every digit of a label is a number ("0–5 km", "90 % or more"), so all are written in the language's digits.
        """
        return localize_digits(cls.label(lang).format(km=ctx.aadhaar_km, half=ctx.aadhaar_km / 2), lang)

    def counts(
        self, frame: gpd.GeoDataFrame, ctx: MapContext | StateContext, area: str = DISTRICT
    ) -> dict[str, int | None]:
        """The legend's count of each class of a built frame (the rows of ``area``); None: not recorded.

        A class with a ``figure`` counts as that figure of ``area``; the others as
        :func:`geo.review.figures.class_counts` counts the frame's rows (none recorded:
        not recorded). A layer of a ``register`` the store never held counts nothing.
        """
        if self.register is not None and self.register not in ctx.analysis.registers:
            return {c.value: None for c in self.classes}
        rows = class_counts(frame["class"], [c.value for c in self.classes], unrecorded=NO_DATA)
        return {c.value: ctx.figures.value(c.figure, area) if c.figure else rows[c.value] for c in self.classes}


def status_classes(
    indicator: str,
    colors: tuple[str, ...],
    figures: Mapping[str, str] | None = None,
) -> tuple[LegendClass, ...]:
    """Legend classes for a status indicator, in rollout order, plus "not recorded".

    ``figures`` maps a value (and :data:`NO_DATA`) to the figure its count is.
    """
    values = INDICATOR_VALUES[indicator]
    figures = figures or {}
    classes = [
        LegendClass(v, VALUE_LABELS[indicator][v], c, figure=figures.get(v))
        for v, c in zip(values, colors, strict=True)
    ]
    return (*classes, LegendClass(NO_DATA, Text("legend.not_recorded"), GREY, figure=figures.get(NO_DATA)))


def count_text(count: int | None, lang: Lang) -> str:
    """A legend's or table's count: "12", or "not recorded"."""
    return t("format.not_recorded", lang) if count is None else format_count(count, lang)


def status_labels(indicator: str) -> dict[str, Text]:
    """Display labels of a status indicator's values (for :class:`Field` ``values``)."""
    return dict(VALUE_LABELS[indicator])


def classify_status(values: pd.Series) -> pd.Series:
    """Status values as legend classes: missing -> ``"no_data"``."""
    return values.astype("string").fillna(NO_DATA).astype(str)
