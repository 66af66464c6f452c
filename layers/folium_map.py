"""Render layer specs as a folium (Leaflet) map that works with no internet.

Leaflet's JavaScript and CSS come from ``static/vendor`` (installed from the npm
registry at set-up; Streamlit serves it at ``/app/static/vendor``), not from a CDN,
and there is no tile layer unless asked for: the district's own layers are the
basemap. Every user-provided text reaches the page as data (:mod:`layers.markup`):
JSON with its markup and template characters escaped, shown HTML-escaped; each
element's template is rendered once. The page's own scripts and styles are
``layers/static/map.js``, ``map.css`` and ``legend.css``; each element here adds one
line that calls them with its data.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from folium.map import Layer
from pyproj import Transformer

from geo.formats import display_names
from geo.languages import LANG_CODES, language_of, localize_digits
from geo.text import Text, t
from layers.context import MapContext, StateContext
from layers.markup import PageElement, Verbatim, escape_html, page_json, page_template
from layers.spec import LANGS, Field, Lang, LayerSpec, count_text
from layers.static import asset, inline_script

#: Where the browser finds the vendored assets when Streamlit serves the app.
STREAMLIT_ASSETS = "/app/static/vendor"
OSM = "osm"

#: Coordinate decimals on the map (1e-5 degree, about 1 m).
_DECIMALS = 5

_DEMO = Text("layer.map.demo")


@dataclass(frozen=True)
class MapOptions:
    """How a map page looks: its size, its controls, its tiles and where it finds its assets.

    Attributes
    ----------
    tiles : {None, "osm"}
        No tiles (works offline) or OpenStreetMap tiles (needs internet).
    asset_base : str
        URL prefix of the vendored Leaflet and fonts.
    height : int or str
        Map height in px (or a CSS length such as ``"100%"``: the frame's height).
    collapsed : bool
        Fold the layer switcher into an icon (small projector screens); the
        legend stays open.
    legend : bool
        Draw the legend in the map's corner; False where the page shows it beside
        the map (:func:`legend_html`), so it never covers the district.
    switcher : bool
        Offer the layer switcher.
    fill_frame : bool
        The map fills the height of its frame (the page sizes the frame to the window).
    legend_folded : bool
        The corner legend starts folded under a "Legend" button (phones).
    coded_shapes : bool
        Polygons ship as whole steps (:func:`coded_polygons`), a third of the GeoJSON text
        (the static public page).
    zoom_buttons : bool
        Leaflet's + and − buttons; False on the deck, where they would sit over the
        district's west edge (the wheel, a double click and the keys still zoom).
    demo_badge : bool
        Mark a map of DEMO data with the badge in its corner; False where the page marks
        it beside the map (the deck's title), so the badge never covers the district.
    deferred : frozenset of str
        Sources whose rows the page loads later, in pieces (the static public page,
        :mod:`layers.pieces`): their layers start empty, with the property names
        (:func:`property_keys`) and legend counts of all their rows.
    """

    tiles: str | None = None
    asset_base: str = STREAMLIT_ASSETS
    height: int | str = 720
    collapsed: bool = False
    legend: bool = True
    switcher: bool = True
    fill_frame: bool = False
    legend_folded: bool = False
    coded_shapes: bool = False
    demo_badge: bool = True
    zoom_buttons: bool = True
    deferred: frozenset[str] = frozenset()


def build_map(
    ctx: MapContext | StateContext,
    specs: Sequence[LayerSpec],
    *,
    lang: Lang = "en",
    langs: Sequence[Lang] | None = None,
    public: bool = False,
    visible: Iterable[str] | None = None,
    frames: Mapping[str, gpd.GeoDataFrame] | None = None,
    options: MapOptions = MapOptions(),
) -> folium.Map:
    """Build a Leaflet map of ``specs`` over the district.

    Parameters
    ----------
    ctx : MapContext or StateContext
        Display data (see :func:`layers.context.map_context`; a state's districts:
        :func:`layers.districts.state_context`).
    specs : sequence of LayerSpec
        Layers in drawing order (first drawn lowest).
    lang : {"en", "hi"}
        Language of every label, legend and popup.
    langs : sequence of {"en", "hi"}, optional
        Every language the page carries (default: ``lang`` only). With more than
        one, every label, legend, popup, tooltip and the scale bar are in the page
        once per language, ``lang`` shown first, and ``window.gpSetLang(code)``
        switches them in place (the static public page) — one map, one copy of
        the data.
    public : bool
        Leave out private popup fields (the public page).
    visible : iterable of str, optional
        Names of layers switched on; default: each spec's ``default_on``.
    frames : mapping of str to GeoDataFrame, optional
        :func:`layer_frames` of ``specs``, when the page has them already (e.g. for
        a legend beside the map); default: computed here.
    options : MapOptions
        The page's size, controls, tiles and asset location (default: 720 px high,
        no tiles, legend in the corner, layer switcher open), how its data ships.

    Returns
    -------
    folium.Map
        Layers sharing a ``source`` share one GeoJSON object in the page.
    """
    langs = _check_langs(lang, langs)
    shown = {s.name for s in specs if s.default_on} if visible is None else set(visible)
    bounds = ctx.district.total_bounds
    fmap = _ZoomableMap(
        location=[(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2],
        zoom_start=10,
        tiles=None,
        prefer_canvas=True,
        zoom_snap=0,  # fractional zoom: the district fills the map, whatever the map's size
        zoom_control=options.zoom_buttons,
        height=options.height,
    )
    fmap.default_js = [("leaflet", f"{options.asset_base}/leaflet/leaflet.js")]
    fmap.default_css = [
        ("leaflet_css", f"{options.asset_base}/leaflet/leaflet.css"),
        ("fonts", f"{options.asset_base}/fonts/fonts.css"),
    ]
    if options.tiles == OSM:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", control=True).add_to(fmap)
    fmap.add_child(_MapScript())
    fit_view(fmap, (bounds[0], bounds[1], bounds[2], bounds[3]), padding_px=FIT_PADDING_PX)
    fmap.add_child(_Languages(langs))
    frames = add_layers(fmap, ctx, specs, langs=langs, public=public, shown=shown, frames=frames, options=options)
    if options.switcher:
        folium.LayerControl(collapsed=options.collapsed, position="topright").add_to(fmap)
    if options.legend:
        fmap.add_child(
            _Legend(
                specs,
                shown,
                {code: legend_rows(specs, frames, ctx, code) for code in langs},
                folded=options.legend_folded,
                corner="bottomleft" if options.legend_folded else legend_corner(ctx.district.geometry.union_all()),
            )
        )
    fmap.add_child(_MetricScale(langs))
    demo_label = in_languages(_DEMO, langs) if ctx.is_demo and options.demo_badge else ""
    fmap.add_child(_PageStyle(demo_label=demo_label, fill_frame=options.fill_frame))
    return fmap


class _ZoomableMap(folium.Map, PageElement):
    """A folium map whose page lets people zoom it (WCAG 1.4.4).

    folium's page header says ``maximum-scale=1.0, user-scalable=no``, which stops a
    phone's pinch-zoom of the text; this map's header says ``initial-scale=1`` only.
    """

    def render(self, **kwargs: object) -> None:
        super().render(**kwargs)
        header = self.get_root().header
        rendered = header._children.get(self.get_name())
        if rendered is not None:
            text = re.sub(r'<meta name="viewport"[^>]*>', _VIEWPORT, rendered.render(), count=1)
            header.add_child(Verbatim(text), name=self.get_name())


_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />'


def _check_langs(lang: Lang, langs: Sequence[Lang] | None) -> tuple[Lang, ...]:
    """The page's languages, ``lang`` first; a ValueError naming what arrived if one is unknown."""
    given = (lang,) if langs is None else (lang, *(code for code in langs if code != lang))
    for code in given:
        if code not in LANG_CODES:
            msg = f"lang must be one of {LANG_CODES}, got {code!r}"
            raise ValueError(msg)
    return given


def in_languages(text: Callable[[str], str] | Mapping[str, str], langs: Sequence[Lang]) -> str:
    """HTML of a text in the page's languages: escaped, one ``gp-only-<lang>`` span each when several.

    The page shows the spans of its current language only (``_PageStyle``).
    """
    texts = {code: text(code) if callable(text) else text[code] for code in langs}
    if len(langs) == 1:
        return escape_html(texts[langs[0]])
    return "".join(f"<span class='gp-only-{code}' lang='{code}'>{escape_html(texts[code])}</span>" for code in langs)


def layer_frames(ctx: MapContext | StateContext, specs: Sequence[LayerSpec]) -> dict[str, gpd.GeoDataFrame]:
    """The rows each layer draws, by layer name (what the map and its legend counts read)."""
    return {spec.name: spec.frame(ctx) for spec in specs}


def add_layers(
    fmap: folium.Map,
    ctx: MapContext | StateContext,
    specs: Sequence[LayerSpec],
    *,
    langs: Sequence[Lang] = ("en",),
    public: bool = False,
    shown: Iterable[str] = (),
    frames: Mapping[str, gpd.GeoDataFrame] | None = None,
    options: MapOptions = MapOptions(),
) -> dict[str, gpd.GeoDataFrame]:
    """Add ``specs`` to ``fmap`` in ``langs``; return the frame each layer drew (by layer name; ``frames`` if given).

    ``options``: how the data ships (:attr:`MapOptions.coded_shapes`, :attr:`MapOptions.deferred`).
    """
    shown = set(shown)
    frames = layer_frames(ctx, specs) if frames is None else dict(frames)
    later = {spec.name for spec in specs if spec.source in options.deferred}
    drawn = {name: frame.iloc[:0] if name in later else frame for name, frame in frames.items()}
    variables, keys = {}, {}
    for source, members in by_source(specs).items():
        variable = "gpData" + "".join(part.title() for part in source.split("_"))
        keys[source] = property_keys(members, frames, langs=langs, public=public)
        data = source_json(members, drawn, langs=langs, keys=keys[source], coded_shapes=options.coded_shapes)
        fmap.add_child(_Source(variable, data))
        variables[source] = variable
    for spec in specs:
        fmap.add_child(
            _DataLayer(
                spec,
                variables[spec.source],
                drawn[spec.name],
                keys[spec.source],
                langs=langs,
                public=public,
                show=spec.name in shown,
                priority=(label_rank(spec, frames[spec.name]), label_order(frames[spec.name])),
            )
        )
    return frames


def by_source(specs: Sequence[LayerSpec]) -> dict[str, list[LayerSpec]]:
    """The layers drawn from each source (one GeoJSON object in the page), in drawing order."""
    sources: dict[str, list[LayerSpec]] = {}
    for spec in specs:
        sources.setdefault(spec.source, []).append(spec)
    return sources


class LegendRow(NamedTuple):
    """One legend entry: the class's colour, its label with the count, and whether it is marked."""

    color: str
    label: str
    marked: bool = False


def legend_rows(
    specs: Sequence[LayerSpec], frames: dict[str, gpd.GeoDataFrame], ctx: MapContext | StateContext, lang: Lang
) -> dict[str, list[LegendRow]]:
    """Legend entries per layer, e.g. ("#D55E00", "Not live yet (60)", False).

    Layers of one class (boundaries) carry no count unless counted (change
    outlines). The counts are :meth:`layers.spec.LayerSpec.counts`: a class's
    figure, else the rows of each class in the frame the layer drew — "not
    recorded" where nothing was.
    """
    rows: dict[str, list[LegendRow]] = {}
    for spec in specs:
        counts = spec.counts(frames[spec.name], ctx) if spec.is_counted else {}
        rows[spec.name] = [
            LegendRow(
                c.color,
                spec.class_label(c, lang, ctx) + (f" ({count_text(counts[c.value], lang)})" if counts else ""),
                c.marked,
            )
            for c in spec.classes
        ]
    return rows


def legend_html(
    specs: Sequence[LayerSpec], rows_of: dict[str, list[LegendRow]], lang: Lang, shown: set[str] | None = None
) -> str:
    """The legend as HTML (every text escaped): layers with classes first, top layer first, then boundaries.

    The map draws it in a corner; the meeting deck beside the map. ``shown`` hides
    the other layers' entries (they appear when switched on); default: all shown.
    """
    ordered = sorted(reversed(specs), key=lambda spec: len(spec.classes) == 1 and not spec.is_counted)
    blocks, single = [], []
    for spec in ordered:
        style = spec.resolved_style()
        outline = spec.geometry == "polygon" and not style["fill"]  # drawn as a line: the swatch is its line
        border = f"{max(1.0, min(style['weight'], 4.5)):g}px {'dashed' if style['dash'] else 'solid'}"
        shape = f" gp-shape-{style['marker']}" if spec.geometry == "point" else ""
        entries = "".join(
            f"<div class='gp-legend-row'>{_swatch(spec.geometry, shape, row, outline, border)}"
            f"{escape_html(row.label)}</div>"
            for row in rows_of[spec.name]
        )
        display = "" if shown is None or spec.name in shown else " style='display:none'"
        if len(spec.classes) == 1:
            single.append(f"<div data-legend='{spec.name}'{display}>{entries}</div>")
        else:  # a group that folds away on a click on its title
            blocks.append(
                f"<details open data-legend='{spec.name}'{display}><summary class='gp-legend-title'>"
                f"{escape_html(spec.title(lang))}</summary>{entries}</details>"
            )
    if single and blocks:  # one-class layers (boundaries, centres) under a title of their own
        blocks.append(
            f"<details open><summary class='gp-legend-title'>{escape_html(_ALSO(lang))}</summary>"
            f"{''.join(single)}</details>"
        )
    else:
        blocks += single
    return "".join(blocks)


#: The folded legend's button.
_LEGEND = Text("layer.map.legend")
#: The legend's last group: the layers of one class each.
_ALSO = Text("layer.map.also")


def _swatch(geometry: str, shape: str, row: LegendRow, outline: bool, border: str) -> str:
    """A legend swatch as the map draws the class: its fill, its outline, or a point of its shape."""
    marked = " gp-marked" if row.marked else ""
    if shape == " gp-shape-triangle":  # CSS borders cannot outline a clipped box: a glyph, outlined when marked
        return f"<span class='gp-swatch gp-swatch-point{shape}{marked}' style='color:{row.color}'>▲</span>"
    style = f"background:transparent;border:{border} {row.color}" if outline else f"background:{row.color}"
    return f"<span class='gp-swatch gp-swatch-{geometry}{shape}{marked}' style='{style}'></span>"


#: The legend's look, shared by the map's corner legend and the deck's legend beside the map.
LEGEND_CSS = asset("legend.css")


def map_html(fmap: folium.Map) -> str:
    """The complete HTML document of a map (for size checks and static pages)."""
    return fmap.get_root().render()


#: Which property holds a field's text in a language: ``keys[(repr(field), lang)]`` (fields hold dicts: no hash).
PropKeys = dict[tuple[str, str], str]


def property_keys(
    members: list[LayerSpec], frames: Mapping[str, gpd.GeoDataFrame], *, langs: Sequence[Lang], public: bool
) -> PropKeys:
    """Which property holds each shown field's text in each language, for layers sharing a source.

    ``p_<column>`` (:meth:`layers.spec.Field.column_for`), or ``p_<column>_<lang>`` where a
    language writes the column differently in ``frames`` (e.g. a status in Hindi). Decided
    once from all the rows, so that a page's pieces (:mod:`layers.pieces`) use the same names.
    """
    _check_shared_rows(members, frames)
    texts: dict[str, list[str]] = {}
    keys: PropKeys = {}
    for spec in members:
        for field in _shown_fields(spec, public=public):
            for code in langs:
                if (repr(field), code) in keys:
                    continue
                values = field.texts(frames[spec.name], code)
                key = "p_" + field.column_for(code)
                if key in texts and texts[key] != values:
                    key = f"{key}_{code}"
                texts.setdefault(key, values)
                keys[(repr(field), code)] = key
    return keys


def _check_shared_rows(members: list[LayerSpec], frames: Mapping[str, gpd.GeoDataFrame]) -> None:
    first = frames[members[0].name]
    for spec in members[1:]:
        if not frames[spec.name].index.equals(first.index):
            msg = f"layers {members[0].name!r} and {spec.name!r} share source {spec.source!r} but not their rows"
            raise ValueError(msg)


def source_json(
    members: list[LayerSpec],
    frames: Mapping[str, gpd.GeoDataFrame],
    *,
    langs: Sequence[Lang],
    keys: PropKeys,
    coded_shapes: bool = False,
) -> str:
    """The rows of layers sharing a source, as compact JSON text (columns, not one object per feature).

    ``props`` holds one list per property: ``c_<layer>`` (class) and, under the names
    ``keys`` gives (:func:`property_keys`), the display text (HTML-escaped) of every
    tooltip and popup column of the member layers in each of ``langs``. A property
    with few distinct values (classes, centre names, statuses) is sent once in
    ``gp_lookup[<property>]`` and its list holds positions there; a property whose
    positions equal another's ships none (``same``: it reads the other's); a column
    of texts that share their starts ships front-coded (``front``, :func:`front_coded`).
    Points ship as one flat list of (lon, lat) steps (``dxy``, :func:`delta_coded`);
    with ``coded_shapes``, polygons too (``shapes``, :func:`coded_polygons`); other shapes
    as GeoJSON ``geometries``. The
    page expands it into a GeoJSON FeatureCollection (``gpSource`` in ``layers/static/map.js``);
    the layers read every property through the lookup (``value(f, k)`` in ``GpDataLayer``).
    """
    _check_shared_rows(members, frames)
    first = frames[members[0].name]
    props: dict[str, list] = {}
    for spec in members:
        props["c_" + spec.name] = frames[spec.name]["class"].astype(str).tolist()
        fields = {repr(field): field for field in _shown_fields(spec, public=False)}  # ``keys`` says which are shown
        for (field_repr, code), key in keys.items():
            if field_repr in fields and key not in props:
                props[key] = [escape_html(text) for text in fields[field_repr].texts(frames[spec.name], code)]
    lookup: dict[str, list[str]] = {}
    same: dict[str, str] = {}
    front: list[str] = []
    patterns: dict[tuple[int, ...], str] = {}
    for name in list(props):
        values = props[name]
        distinct = list(dict.fromkeys(values))
        if len(distinct) * 2 < len(values):  # few distinct values: each ships once, the rows carry its number
            number = {value: i for i, value in enumerate(distinct)}
            rows = tuple(number[value] for value in values)
            lookup[name] = distinct
            if rows in patterns:  # the same rows as another property (a class and its label, one per language)
                same[name] = patterns[rows]
                del props[name]
            else:
                patterns[rows] = name
                props[name] = list(rows)
        elif (coded := front_coded(values)) is not None:
            props[name] = coded
            front.append(name)
    geometries = shapely.transform(first.geometry.to_numpy(), lambda xy: np.round(xy, _DECIMALS))
    collection: dict[str, object] = {"n": len(first), "props": props, "gp_lookup": lookup}
    if same:
        collection["same"] = same
    if front:
        collection["front"] = front
    if len(first) and all(shapely.get_type_id(geometries) == 0):  # every row a Point
        collection["dxy"] = delta_coded(shapely.get_coordinates(geometries).ravel(), _DECIMALS)
    elif coded_shapes and (shapes := coded_polygons(geometries, _DECIMALS)) is not None:
        collection["shapes"] = shapes
    else:
        collection["geometries"] = [geom.__geo_interface__ for geom in geometries]
    return page_json(collection)


def front_coded(values: list) -> list | None:
    """Texts as [shared, rest, …]: the length of the start each shares with the one before, and the rest.

    Names listed in order share their starts ("Nala GP 01 village 01", "…02"), so this
    ships them in a fraction of the bytes; the page rebuilds them (``gpFrontDecoded``). None
    when it would not save a tenth, or a text holds characters outside the Basic
    Multilingual Plane (the page counts UTF-16 units).
    """
    if not values or not all(isinstance(v, str) for v in values) or any(max(v, default=" ") > "\uffff" for v in values):
        return None
    coded: list = []
    previous = ""
    for value in values:
        shared = len(os.path.commonprefix([previous, value]))
        coded += [shared, value[shared:]]
        previous = value
    plain = len(json.dumps(values, ensure_ascii=False))
    return coded if len(json.dumps(coded, ensure_ascii=False)) < 0.9 * plain else None


def delta_coded(xy: Sequence[float] | np.ndarray, decimals: int) -> list[int]:
    """Flat (x, y, x, y, …) coordinates as whole steps of ``10**-decimals`` from the point before.

    Points listed in order lie near each other, so their steps are short numbers
    (about half the characters of the coordinates); the page adds them up again
    (``gpDeltaDecoded``), exactly: the sums are whole numbers.

    Examples
    --------
    >>> delta_coded([86.12345, 23.5, 86.12347, 23.49999], 5)
    [8612345, 2350000, 2, -1]
    """
    steps = np.rint(np.asarray(xy, dtype=float) * 10**decimals).astype(np.int64)
    if len(steps) > 2:
        steps[2:] = steps[2:] - steps[:-2].copy()
    return [int(v) for v in steps]


def coded_polygons(geometries: np.ndarray, decimals: int) -> dict[str, list] | None:
    """Polygons as whole steps: ``{"dxy": steps, "parts": per row its polygons' ring lengths}``.

    Every ring's points but its last (the first again) go into one flat list of (x, y)
    steps (:func:`delta_coded`); ``parts`` holds per row a list per polygon of its rings'
    point counts, or None for a missing or empty shape. The page rebuilds MultiPolygons
    (``gpShapesDecoded``). None when a row is neither a Polygon nor a MultiPolygon.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> coded_polygons(np.array([box(0, 0, 1, 1), None]), 0)
    {'dxy': [1, 0, 0, 1, -1, 0, 0, -1], 'parts': [[[4]], None]}
    """
    if not np.isin(shapely.get_type_id(geometries), (-1, 3, 6)).all():  # missing, Polygon, MultiPolygon
        return None
    parts: list[list[list[int]] | None] = []
    coords: list[np.ndarray] = []
    for geom in geometries:
        if geom is None or geom.is_empty:
            parts.append(None)
            continue
        polygons = []
        for polygon in getattr(geom, "geoms", [geom]):
            rings = [np.asarray(ring.coords)[:-1, :2] for ring in (polygon.exterior, *polygon.interiors)]
            polygons.append([len(ring) for ring in rings])
            coords += rings
        parts.append(polygons)
    flat = np.concatenate(coords).ravel() if coords else np.empty(0)
    return {"dxy": delta_coded(flat, decimals), "parts": parts}


def _shown_fields(spec: LayerSpec, *, public: bool) -> list[Field]:
    fields = list(spec.fields(public=public))
    if spec.tooltip is not None and spec.tooltip not in fields:
        fields.append(spec.tooltip)
    return fields


class _Source(PageElement):
    """Declares one GeoJSON object in the page, shared by several layers."""

    _template = page_template(
        "{% macro script(this, kwargs) %}var {{ this.variable }} = gpSource({{ this.data }}, {{ this.decimals }});\n"
        "{% endmacro %}"
    )

    def __init__(self, variable: str, data: str) -> None:
        super().__init__()
        self._name = "GpSource"
        self.decimals = _DECIMALS
        self.variable = variable
        self.data = data


#: The margin around the district when a map opens on it, px (small: the district fills the map).
FIT_PADDING_PX = 8


def fit_view(fmap: folium.Map, bounds: Sequence[float], *, padding_px: int = 0) -> None:
    """Open ``fmap`` on ``bounds`` (west, south, east, north; degrees), without a zoom animation.

    No animation: one still running when the user (or a search) moves the map would
    snap the view back at its end. A map laid out in a frame smaller than the padding
    (Streamlit draws a frame before it sizes it) waits for its first size: fitting
    then would give Leaflet a negative size and a view of NaN. Until someone moves
    the map, it fits again whenever its frame changes size.
    """
    fmap.add_child(_FitView(bounds, padding_px))


def map_aspect(bounds: Sequence[float]) -> float:
    """Width over height of ``bounds`` (west, south, east, north; degrees) as the map draws them (Web Mercator).

    A map box of this aspect ratio fits the bounds exactly: the page sizes the deck's
    map with it, so the district fills the map's height as well as its width.

    Examples
    --------
    >>> round(map_aspect((0, 0, 2, 1)), 4)  # 2° of longitude over 1° of latitude at the equator
    1.9999
    """
    west, south, east, north = (float(v) for v in bounds)
    if not (east > west and north > south):
        msg = f"bounds must be (west, south, east, north) with east > west and north > south, got {tuple(bounds)}"
        raise ValueError(msg)
    x0, y0, x1, y1 = _MERCATOR.transform_bounds(west, south, east, north)
    return (x1 - x0) / (y1 - y0)


_MERCATOR = Transformer.from_crs(4326, 3857, always_xy=True)


class _FitView(PageElement):
    _template = page_template(
        "{% macro script(this, kwargs) %}gpFitView({{ this._parent.get_name() }}, {{ this.bounds|js }}, "
        "{{ this.padding|js }});\n{% endmacro %}"
    )

    def __init__(self, bounds: Sequence[float], padding_px: int) -> None:
        super().__init__()
        self._name = "FitView"
        west, south, east, north = (round(float(v), 6) for v in bounds)
        self.bounds = [[south, west], [north, east]]
        self.padding = int(padding_px)


class _MapScript(PageElement):
    """The map's own scripts (``layers/static/map.js``), before every element that calls them.

    ``gpFrontDecoded`` and ``gpDeltaDecoded`` (read by the data sources), ``gpSource``,
    ``GpDataLayer`` and ``GpShapeMarker`` (a layer's style ``marker`` draws a point as a
    circle, square, diamond or triangle, so services read by shape as well as colour),
    and one function per element below. A script of its own (streamlit-folium inserts
    the page header as HTML, where a script would not run).
    """

    _template = page_template("{% macro script(this, kwargs) %}{{ this.js }}{% endmacro %}")

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapScript"
        self.js = inline_script("map.js")


class _Languages(PageElement):
    """The page's language (``window.gpLang``) and, with several, ``window.gpSetLang(code)``.

    Switching sets ``data-gp-lang`` and ``lang`` on the document (CSS then shows
    that language's spans, see :func:`in_languages`), closes the open popup (it
    would keep the old language) and fires ``gplang`` on the map for what redraws
    (the scale bar, the labels' decluttering, the page's own controls).
    """

    _template = page_template(
        "{% macro script(this, kwargs) %}gpLanguages({{ this._parent.get_name() }}, {{ this.langs|js }});\n"
        "{% endmacro %}"
    )

    def __init__(self, langs: Sequence[Lang]) -> None:
        super().__init__()
        self._name = "Languages"
        self.langs = list(langs)


class _DataLayer(Layer, PageElement):
    """One switchable layer drawn from a shared source, styled by its classes."""

    _template = page_template(
        "{% macro script(this, kwargs) %}var {{ this.get_name() }} = GpDataLayer({{ this.variable }}, "
        "{{ this.options|js }});\n{% endmacro %}"
    )

    def __init__(
        self,
        spec: LayerSpec,
        variable: str,
        frame: gpd.GeoDataFrame,
        keys: PropKeys,
        *,
        langs: Sequence[Lang],
        public: bool,
        show: bool,
        priority: tuple[int, Sequence[int]] = (0, ()),
    ) -> None:
        super().__init__(name=_layer_name(spec, langs), overlay=True, control=True, show=show)
        self._name = "GpLayer"
        self.variable = variable
        polygon = spec.geometry == "polygon"
        style = spec.resolved_style()
        fields = {
            code: [[keys[(repr(f), code)], escape_html(f.label(code))] for f in spec.fields(public=public)]
            for code in langs
        }
        tooltip = {code: keys[(repr(spec.tooltip), code)] for code in langs} if spec.tooltip is not None else None
        # Outline-only polygons take no clicks: on a canvas Leaflet hit-tests a polygon's
        # inside even when it is not filled, so the district outline would swallow
        # every click meant for the panchayats under it.
        interactive = not (polygon and not style["fill"])
        self.options = {
            "name": spec.name,
            "key": "c_" + spec.name,
            "colors": spec.colors(),
            "marked": spec.marked(),
            "style": style,
            "fields": fields,
            "tooltip": tooltip,
            "first": langs[0],
            "interactive": interactive,
            "hover": polygon and interactive,
        }
        if spec.label:
            self.options["langs"] = list(langs)
            self.options["labels"] = layer_labels(spec, frame, langs)
            rank, order = priority  # whose labels stay where two collide: label_rank, label_order
            self.options["rank"] = rank
            self.options["order"] = list(order)


def label_order(frame: gpd.GeoDataFrame) -> list[int]:
    """Each row's place among its layer's labels where two collide (0: kept first): the most populous first.

    Rows of unknown population come last; equal ones in the frame's order (all of them
    without a ``population`` column).

    Examples
    --------
    >>> label_order(gpd.GeoDataFrame({"population": [10, None, 30, 20]}, geometry=[None] * 4))
    [2, 3, 0, 1]
    """
    if "population" not in frame:
        return list(range(len(frame)))
    population = pd.to_numeric(frame["population"], errors="coerce").fillna(-1).to_numpy(dtype=float)
    places = np.empty(len(frame), dtype=int)
    places[np.argsort(-population, kind="stable")] = np.arange(len(frame))
    return places.tolist()


def label_rank(spec: LayerSpec, frame: gpd.GeoDataFrame) -> int:
    """Whose labels the page keeps where two collide, lowest first (``gpDeclutter`` in ``layers/static/map.js``).

    A point's or a line's label first (a selection's distances, a suggested site's rank:
    few, and what the map is showing), then the areas', larger areas first: a layer of
    fewer rows (blocks: 6) before one of more (panchayats: 118).

    Examples
    --------
    >>> from layers.boundaries import BLOCKS
    >>> label_rank(BLOCKS, gpd.GeoDataFrame(geometry=[None] * 6))
    7
    """
    return 0 if spec.geometry != "polygon" else 1 + len(frame)


def layer_labels(spec: LayerSpec, frame: gpd.GeoDataFrame, langs: Sequence[Lang]) -> list[list]:
    """A labelled layer's labels: ``[lat, lon, text in each of langs (HTML-escaped)]`` per row of ``frame``.

    A polygon's label sits on its representative point, a line's at its middle.
    """
    points = (
        frame.geometry.representative_point()
        if spec.geometry == "polygon"
        else shapely.line_interpolate_point(frame.geometry.to_numpy(), 0.5, normalized=True)  # label spot
        if spec.geometry == "line"
        else frame.geometry
    )
    hindi = frame[f"{spec.label}_hi"] if f"{spec.label}_hi" in frame else None
    texts = zip(*(display_names(frame[spec.label], hindi, code).map(escape_html) for code in langs), strict=True)
    return [[round(p.y, 5), round(p.x, 5), *text] for p, text in zip(points, texts, strict=True)]


def _layer_name(spec: LayerSpec, langs: Sequence[Lang]) -> str:
    """The name shown in the layer switcher (escaped: Leaflet inserts it as HTML)."""
    return f"<span data-layer='{spec.name}'>{in_languages(spec.title, langs)}</span>"


#: The map's corners, in the order a legend prefers them (Leaflet's control positions).
CORNERS = ("bottomleft", "bottomright", "topright", "topleft")


def legend_corner(outline: shapely.Geometry, *, share: tuple[float, float] = (0.3, 0.45)) -> str:
    """The corner of the map whose legend-sized box covers least of the district: a Leaflet position.

    The map box is taken as the outline's bounds in Web Mercator (the map's CRS: the map
    opens fitted to them); a legend in a corner covers ``share`` (width, height) of it.
    Ties go to the earlier corner of :data:`CORNERS` (bottom left first).

    Parameters
    ----------
    outline : shapely geometry
        The district's outline, EPSG:4326 (degrees).
    share : (float, float)
        The legend's width and height as shares of the map's, each in (0, 1].

    Returns
    -------
    {"bottomleft", "bottomright", "topright", "topleft"}

    Examples
    --------
    >>> from shapely.geometry import Polygon
    >>> legend_corner(Polygon([(0, 0), (1, 0), (0, 1)]))  # a triangle: its top right is empty
    'topright'
    """
    if not all(0 < v <= 1 for v in share):
        msg = f"share must be a (width, height) pair of shares in (0, 1], got {share!r}"
        raise ValueError(msg)
    shape = shapely.transform(outline, lambda xy: np.column_stack(_MERCATOR.transform(xy[:, 0], xy[:, 1])))
    west, south, east, north = shape.bounds
    w, h = (east - west) * share[0], (north - south) * share[1]
    boxes = {
        "bottomleft": shapely.box(west, south, west + w, south + h),
        "bottomright": shapely.box(east - w, south, east, south + h),
        "topright": shapely.box(east - w, north - h, east, north),
        "topleft": shapely.box(west, north - h, west + w, north),
    }
    covered = {corner: shape.intersection(boxes[corner]).area for corner in CORNERS}
    return min(CORNERS, key=covered.__getitem__)


class _Legend(PageElement):
    """A legend that is always visible and follows the layer switcher."""

    _template = page_template(
        "{% macro script(this, kwargs) %}{{ this._parent.get_name() }}.gpLegendCorner = {{ this.corner|js }};\n"
        "gpLegend({{ this._parent.get_name() }}, {{ this.html|js }});\n{% endmacro %}"
    )

    def __init__(
        self,
        specs: Sequence[LayerSpec],
        shown: set[str],
        rows_of: dict[str, dict[str, list[LegendRow]]],
        *,
        folded: bool = False,
        corner: str = "bottomleft",
    ) -> None:
        super().__init__()
        self._name = "Legend"
        self.corner = corner
        if len(rows_of) == 1:
            ((lang, rows),) = rows_of.items()
            self.html = legend_html(specs, rows, lang, shown)
        else:  # one legend per language, the page's language shown
            self.html = "".join(
                f"<div class='gp-only-{code}' lang='{code}'>{legend_html(specs, rows, code, shown)}</div>"
                for code, rows in rows_of.items()
            )
        if folded:
            self.html = (
                f"<details class='gp-legend-fold'><summary class='gp-legend-toggle'>"
                f"{in_languages(_LEGEND, list(rows_of))}</summary>{self.html}</details>"
            )


#: Scale-bar units by language: (metres, kilometres).
SCALE_UNITS: dict[str, tuple[str, str]] = {code: (t("unit.scale_m", code), t("unit.scale_km", code)) for code in LANGS}
#: The ten digits as a language code writes them (the scale bar's numbers are written in the browser).
_DIGITS = {code: localize_digits("0123456789", code) for code in LANG_CODES}


class _MetricScale(PageElement):
    """Leaflet's scale bar, metric only, its units and digits in the map's language."""

    _template = page_template(
        "{% macro script(this, kwargs) %}(function() { var unitsOf = {{ this.units|js }}, first = {{ this.first|js }}; "
        "gpMetricScale({{ this._parent.get_name() }}, unitsOf, first); })();\n{% endmacro %}"
    )

    def __init__(self, langs: Sequence[Lang]) -> None:
        super().__init__()
        self._name = "MetricScale"
        self.first = langs[0]
        self.units = {code: (*SCALE_UNITS[language_of(code)], _DIGITS[code]) for code in langs}


class _PageStyle(PageElement):
    """Fonts, label and legend styles, the background, and the DEMO DATA badge."""

    _template = page_template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
        "{% macro script(this, kwargs) %}{% if this.demo_label %}gpDemoBadge({{ this._parent.get_name() }}, "
        "{{ this.demo_label|js }});\n{% endif %}gpDeclutter({{ this._parent.get_name() }});\n{% endmacro %}"
    )

    def __init__(self, *, demo_label: str, fill_frame: bool = False) -> None:
        """``demo_label`` is HTML (:func:`in_languages`), empty for a real district's store."""
        super().__init__()
        self._name = "PageStyle"
        self.demo_label = demo_label
        self.css = asset("map.css") + asset("legend.css") + (asset("map_fill.css") if fill_frame else "")
