"""Printable map sheets (PDF, PNG) drawn with matplotlib from the same layer specs as the app.

A sheet is one page at paper size (A4 or A3, portrait or landscape): title and
subtitle (map theme, area, as-of date), the map in UTM 45N (EPSG:32645, so the
scale bar is true), the legend with every class of the theme's layers (colours,
labels and counts from :mod:`layers`), a scale bar in km, a north arrow, block
names, the date of export, a data-source line and, whenever the store is the
DEMO store, a **DEMO DATA** stamp and watermark. Every text is in English or
Hindi (``lang``); Hindi is shaped by matplotlib ≥ 3.11 (libraqm) with the Noto
Sans Devanagari font (Debian ``fonts-noto-core``).

A *map book* (``per_block=True``, PDF only) has a district page and one page per
block, zoomed to the block with the rest of the district greyed out.

The figures are built with :class:`matplotlib.figure.Figure` and a local
``rc_context``: no pyplot, no global state, safe to call from the app.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, PathPatch, Rectangle
from matplotlib.textpath import TextPath
from matplotlib.transforms import Affine2D

from geo.crs import metric_crs
from geo.errors import GeoInputError
from geo.formats import dates_line, display_name, display_names, format_count, format_date
from geo.languages import LANG_CODES, localize_digits
from geo.review.analysis import analyse
from geo.storage.files import write_atomic
from geo.storage.store import StoreData
from geo.text import t
from layers.context import MapContext, map_context
from layers.registry import BASE_LAYERS, THEMES, TRAVEL, theme_layers
from layers.registry import theme as theme_of
from layers.spec import Lang, LayerSpec, count_text
from layers.view import View

__all__ = [
    "PAPER_MM",
    "SHEET_FORMATS",
    "SheetLayout",
    "render_map_sheet",
    "write_map_sheet",
    "sheet_format",
    "draw_map",
    "shortened",
    "Ruler",
    "draw_watermark",
]

#: Paper sizes in mm (width, height), portrait.
PAPER_MM: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
SHEET_FORMATS = ("png", "pdf")
DEFAULT_DPI = 150
DPI_RANGE = (50, 600)
#: Boundary simplification for print (finer than the screen's 60 m).
PRINT_SIMPLIFY_M = 20.0

FONTS = ["Noto Sans", "Noto Sans Devanagari", "DejaVu Sans"]
_MM = 1 / 25.4
_MARGIN_MM = 12.0
_PT_PER_PX = 0.6  # the app's line widths and marker radii are screen px; on paper a little finer


@dataclass(frozen=True)
class _Page:
    """One page of a sheet: the area shown and its labels."""

    area: str
    focus: gpd.GeoDataFrame | None  # the block (EPSG:32645) a book page zooms to; None: the district


@dataclass(frozen=True)
class SheetLayout:
    """How a map sheet is printed: its file format, paper, orientation, resolution and pages.

    Attributes
    ----------
    fmt : {"pdf", "png"}, optional
        PDF keeps geometry and text as vectors; PNG is rendered at ``dpi``. None:
        PDF (:func:`write_map_sheet`: the file's suffix).
    paper : {"A4", "A3"}
    landscape : bool, default False
    dpi : int, optional
        PNG resolution, 50–600 (default 150; 300 for print).
    per_block : bool, default False
        A map book: a district page, then one page per block (PDF only).
    """

    fmt: str | None = None
    paper: str = "A4"
    landscape: bool = False
    dpi: int | None = None
    per_block: bool = False


def render_map_sheet(
    data: StoreData,
    theme: str,
    *,
    layout: SheetLayout = SheetLayout(),
    view: View = View(),
    ctx: MapContext | None = None,
    exported_on: dt.date | None = None,
) -> bytes:
    """Draw a map sheet of one theme and return the PNG or PDF bytes.

    Parameters
    ----------
    data : StoreData
        The store's content (public read is enough: sheets show no private field).
    theme : str
        A map theme of :data:`layers.registry.THEMES` (``panchayats``,
        ``connectivity``, ``bharatnet``, ``jharnet``, ``csc``, ``aadhaar``,
        ``library``, ``pmgdisha``, ``gaps``), or ``travel`` with a ``ctx`` from
        :func:`layers.travel.with_travel`.
    layout : SheetLayout
        Format, paper, orientation, resolution and pages (default: one A4 portrait PDF page).
    view : View
        The sheet's language (every text on it), the status date (``as_of``; default
        latest) and the Aadhaar reach threshold (the ``aadhaar`` and ``gaps`` themes).
    ctx : MapContext, optional
        A context the caller already has for the view's ``as_of`` and
        ``aadhaar_km`` (the app caches one); built from ``data`` otherwise.
    exported_on : datetime.date, optional
        The export date printed on the sheet; default today.

    Returns
    -------
    bytes
        The PDF or PNG file. A PNG is (paper mm / 25.4 × dpi) pixels.

    Raises
    ------
    GeoInputError
        For an unknown theme, format, paper, language or dpi, or a map book as PNG.

    Examples
    --------
    A DEMO sheet takes some 11 s to draw (``tests/test_sheet.py`` draws them):

    >>> from geo.storage.store import read_store
    >>> pdf = render_map_sheet(read_store(), "connectivity", view=View(lang="hi"))  # doctest: +SKIP
    >>> pdf[:5]  # doctest: +SKIP
    b'%PDF-'
    """
    lang, per_block = view.lang, layout.per_block
    asked = "pdf" if layout.fmt is None else layout.fmt
    fmt, paper, dpi = _check(
        theme, asked, layout.paper, layout.dpi, lang, per_block, travel=ctx is not None and ctx.travel is not None
    )
    if ctx is None:
        ctx = map_context(analyse(data, as_of=view.as_of, aadhaar_km=view.aadhaar_km), simplify_m=PRINT_SIMPLIFY_M)
    specs = theme_layers(theme)
    crs = metric_crs(ctx.district if len(ctx.district) else ctx.panchayats)
    frames = {spec.name: spec.frame(ctx).to_crs(crs) for spec in specs}
    district = ctx.identity.label(lang)
    pages = [_Page(ctx.identity.area(lang), None)]
    if per_block:
        blocks = ctx.blocks.to_crs(crs)
        for _, block in blocks.sort_values("name").iterrows():
            area = t("sheet.block_area", lang).format(
                block=display_name(block["name"], block["name_hi"], lang), district=district
            )
            pages.append(_Page(area, blocks[blocks["lgd_code"] == block["lgd_code"]]))
    sheet = _Sheet(
        ctx=ctx,
        crs=crs,
        theme=theme,
        specs=specs,
        frames=frames,
        paper=paper,
        landscape=layout.landscape,
        lang=lang,
        exported_on=exported_on or dt.date.today(),
        total_pages=len(pages),
    )
    buffer = io.BytesIO()
    with matplotlib.rc_context(_RC):
        if fmt == "png":
            fig = sheet.draw(pages[0], 1)
            fig.savefig(buffer, format="png", dpi=dpi)
        else:
            with PdfPages(buffer, metadata=sheet.pdf_metadata()) as pdf:
                for number, page in enumerate(pages, start=1):
                    pdf.savefig(sheet.draw(page, number), dpi=dpi)
    return buffer.getvalue()


def draw_map(
    fig: Figure,
    map_box: tuple[float, float, float, float],
    legend_box: tuple[float, float, float, float],
    ctx: MapContext,
    specs: Sequence[LayerSpec],
    *,
    lang: Lang,
    theme: str,
    layout: SheetLayout = SheetLayout(landscape=True),
) -> None:
    """Draw ``specs`` (a theme's layers and any extra, e.g. change outlines) into boxes of a page.

    The map, with block names, scale bar and north arrow, fills ``map_box``; its
    legend (every class, with counts) ``legend_box``; both (x, y, width, height) in
    mm from the page's lower left, on the page of ``layout`` (paper, orientation;
    default A4 landscape). For pages composed elsewhere (the meeting pack).
    """
    paper, landscape = layout.paper, layout.landscape
    crs = metric_crs(ctx.district if len(ctx.district) else ctx.panchayats)
    frames = {spec.name: spec.frame(ctx).to_crs(crs) for spec in specs}
    sheet = _Sheet(
        ctx=ctx,
        crs=crs,
        theme=theme,
        specs=list(specs),
        frames=frames,
        paper=paper,
        landscape=landscape,
        lang=lang,
        exported_on=dt.date.today(),
        total_pages=1,
    )
    width, height = sheet.size_mm
    if fig.get_figwidth() * 25.4 < width - 1 or fig.get_figheight() * 25.4 < height - 1:
        msg = f"the figure is smaller than {paper}{' landscape' if landscape else ''}"
        raise ValueError(msg)
    page = _Page(ctx.identity.area(lang), None)
    sheet._map(fig.add_axes(sheet._fraction(map_box)), page, map_box)
    entries = sheet._legend_entries()
    columns = 1 if len(entries) * sheet._row_h <= legend_box[3] else 2
    sheet._legend(fig, legend_box, entries, columns)


def write_map_sheet(
    path: str | os.PathLike[str],
    data: StoreData,
    theme: str,
    *,
    layout: SheetLayout = SheetLayout(),
    view: View = View(),
    ctx: MapContext | None = None,
    exported_on: dt.date | None = None,
) -> Path:
    """Draw a map sheet into a file, atomically; the layout's ``fmt`` defaults to the file's suffix.

    Parameters
    ----------
    path : path-like
        Target ``.pdf`` or ``.png`` file.
    data, theme, layout, view, ctx, exported_on
        As for :func:`render_map_sheet`.

    Returns
    -------
    pathlib.Path
        The written file.
    """
    target = Path(path)
    fmt = str(sheet_format(target) if layout.fmt is None else layout.fmt).lower()
    if target.suffix.lower().lstrip(".") in SHEET_FORMATS and target.suffix.lower().lstrip(".") != fmt:
        msg = f"fmt is {fmt!r} but the file name {target.name} says otherwise; name it {target.stem}.{fmt}"
        raise GeoInputError(msg)
    sheet = render_map_sheet(data, theme, layout=replace(layout, fmt=fmt), view=view, ctx=ctx, exported_on=exported_on)
    return write_atomic(target, sheet)


def sheet_format(path: str | os.PathLike[str]) -> str:
    """``"pdf"`` or ``"png"`` from a file name.

    Raises
    ------
    GeoInputError
        For another suffix.
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in SHEET_FORMATS:
        msg = (
            f"cannot tell the map format of {Path(path).name}: expected a .png or .pdf file name, "
            f"got {suffix or 'none'!r}"
        )
        raise GeoInputError(msg)
    return suffix


# --- drawing -------------------------------------------------------------------------

#: A block table's cell that is not recorded (explained under the table: too narrow for the words).
_UNRECORDED_CELL = "–"
#: Longest name drawn on the map (characters; longer ones end in "…").
_LABEL_CHARS = 40
#: Longest block name in the table beside the map (its column is 26 mm wide: twelve W at 8 pt).
_TABLE_NAME_CHARS = 12

_RC = {
    "text.parse_math": False,  # names are text: "$x^2$" is printed as it is written, never as mathtext
    "font.family": FONTS,
    "pdf.fonttype": 42,  # embedded TrueType: selectable, searchable text
    "axes.linewidth": 0.6,
    "savefig.facecolor": "white",
}


@dataclass
class _Sheet:
    ctx: MapContext
    crs: str
    theme: str
    specs: list[LayerSpec]
    frames: dict[str, gpd.GeoDataFrame]
    paper: str
    landscape: bool
    lang: Lang
    exported_on: dt.date
    total_pages: int
    ruler: Ruler = field(default_factory=lambda: Ruler())

    @property
    def size_mm(self) -> tuple[float, float]:
        width, height = PAPER_MM[self.paper]
        return (height, width) if self.landscape else (width, height)

    @property
    def scale(self) -> float:
        """Font and symbol scale: A3 text a quarter larger than A4."""
        return 1.25 if self.paper == "A3" else 1.0

    def pdf_metadata(self) -> dict[str, str]:
        district = self.ctx.identity.label("en")
        return {
            "Title": self.title(),
            "Subject": self.subtitle(self.ctx.identity.area(self.lang)),
            "Creator": f"{district} panchayat GIS (layers.sheet)",
        }

    def title(self) -> str:
        if self.theme == TRAVEL.name and self.ctx.travel is not None:
            return self.ctx.travel.title(self.lang)
        return theme_of(self.theme).title(self.lang)

    def subtitle(self, area: str) -> str:
        if self.ctx.as_of:
            date = format_date(self.ctx.as_of, self.lang)
        elif self.ctx.analysis.date:
            date = t("sheet.latest", self.lang, date=format_date(self.ctx.analysis.date, self.lang))
        else:  # no dated report at all: no date to name
            return f"{area} · {dates_line(None, None, self.lang)}"
        return t("sheet.subtitle", self.lang, area=area, date=date)

    # layout ---------------------------------------------------------------------------

    def draw(self, page: _Page, number: int) -> Figure:
        width, height = self.size_mm
        s = self.scale
        fig = Figure(figsize=(width * _MM, height * _MM))
        header_h = 29 * s
        footer_h = 17 * s
        top = height - _MARGIN_MM
        self._header(fig, page, top)
        body_top = top - header_h
        body_bottom = _MARGIN_MM + footer_h
        entries = self._legend_entries()
        if self.landscape:
            legend_w = 78 * s
            map_box = (_MARGIN_MM, body_bottom, width - 2 * _MARGIN_MM - legend_w - 6, body_top - body_bottom)
            legend_box = (width - _MARGIN_MM - legend_w, body_bottom, legend_w, body_top - body_bottom)
            columns = 1 if len(entries) * self._row_h <= legend_box[3] else 2
        else:
            columns = 2
            legend_h = (max(len(c) for c in _split_legend(entries, columns)) + 1.5) * self._row_h
            map_w = width - 2 * _MARGIN_MM
            bounds = self._bounds(page)
            aspect = (bounds[2] - bounds[0]) / (bounds[3] - bounds[1])
            map_h = min(body_top - body_bottom - legend_h - 6, map_w / aspect * 1.02)
            map_box = (_MARGIN_MM, body_top - map_h, map_w, map_h)
            legend_box = (_MARGIN_MM, body_top - map_h - 6 - legend_h, map_w, legend_h)
        ax = fig.add_axes(self._fraction(map_box))
        self._map(ax, page, map_box)
        used_h = self._legend(fig, legend_box, entries, columns)
        table_h = (len(self.frames["blocks"]) + 2.6) * self._row_h
        if self.landscape:
            table_box = (legend_box[0], legend_box[1] + legend_box[3] - used_h - table_h - 4, legend_box[2], table_h)
        else:
            table_box = (legend_box[0], legend_box[1] - 4 - table_h, min(legend_box[2], 120 * s), table_h)
        if table_box[1] >= body_bottom:  # only where it fits
            self._block_table(fig, table_box, page)
        self._footer(fig, number)
        if self.ctx.is_demo:
            draw_watermark(fig, self._point(map_box[0] + map_box[2] / 2, map_box[1] + map_box[3] / 2), size=64 * s)
        return fig

    @property
    def _row_h(self) -> float:
        return 5.4 * self.scale

    def _fraction(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        width, height = self.size_mm
        x, y, w, h = box
        return (x / width, y / height, w / width, h / height)

    def _point(self, x_mm: float, y_mm: float) -> tuple[float, float]:
        width, height = self.size_mm
        return (x_mm / width, y_mm / height)

    def _header(self, fig: Figure, page: _Page, top: float) -> None:
        s = self.scale
        fig.text(*self._point(_MARGIN_MM, top), self.title(), ha="left", va="top", fontsize=20 * s, weight="bold")
        fig.text(
            *self._point(_MARGIN_MM, top - 11 * s),
            self.subtitle(page.area),
            ha="left",
            va="top",
            fontsize=11.5 * s,
            color="#333333",
        )
        width, _ = self.size_mm
        y = top - 25 * s
        if self.ctx.is_demo:  # a tab sitting on the header rule, right-aligned
            fig.text(
                *self._point(width - _MARGIN_MM - 1, y + 1.6 * s),
                t("sheet.demo_stamp", self.lang),
                ha="right",
                va="bottom",
                fontsize=10 * s,
                weight="bold",
                color="#8A1C00",
                bbox={"boxstyle": "square,pad=0.4", "facecolor": "#FFF3CD", "edgecolor": "#C00000", "linewidth": 1.2},
            )
        fig.add_artist(
            Line2D(
                [_MARGIN_MM / width, 1 - _MARGIN_MM / width], [y / self.size_mm[1]] * 2, color="#444444", linewidth=0.8
            )
        )

    def _footer(self, fig: Figure, number: int) -> None:
        s = self.scale
        width, _ = self.size_mm
        demo = self.ctx.is_demo
        dataset = t("sheet.demo_dataset", self.lang) if demo else self.ctx.analysis.dataset
        source = t(
            "sheet.source", self.lang, dataset=dataset, district=self.ctx.identity.label(self.lang), crs=self.crs
        )
        fig.text(
            *self._point(_MARGIN_MM, _MARGIN_MM + 6 * s),
            source,
            ha="left",
            va="bottom",
            fontsize=7 * s,
            color="#333333",
            wrap=True,
        )
        right = t("sheet.exported", self.lang, date=format_date(self.exported_on, self.lang))
        if self.total_pages > 1:
            right += "   ·   " + t("sheet.page", self.lang, n=number, total=self.total_pages)
        fig.text(
            *self._point(width - _MARGIN_MM, _MARGIN_MM),
            right,
            ha="right",
            va="bottom",
            fontsize=8 * s,
            color="#333333",
        )
        if demo:
            fig.text(
                *self._point(_MARGIN_MM, _MARGIN_MM),
                t("sheet.demo_stamp", self.lang),
                ha="left",
                va="bottom",
                fontsize=8 * s,
                weight="bold",
                color="#8A1C00",
            )

    # the map --------------------------------------------------------------------------

    def _bounds(self, page: _Page) -> tuple[float, float, float, float]:
        shape = self.frames["district"] if page.focus is None else page.focus
        minx, miny, maxx, maxy = shape.total_bounds
        pad = 0.04 * max(maxx - minx, maxy - miny)
        return (minx - pad, miny - pad, maxx + pad, maxy + pad)

    def _map(self, ax: Axes, page: _Page, box: tuple[float, float, float, float]) -> None:
        minx, miny, maxx, maxy = self._bounds(page)
        box_aspect = box[2] / box[3]
        dx, dy = maxx - minx, maxy - miny
        if dx / dy > box_aspect:
            grow = dx / box_aspect - dy
            miny, maxy = miny - grow / 2, maxy + grow / 2
        else:
            grow = dy * box_aspect - dx
            minx, maxx = minx - grow / 2, maxx + grow / 2
        ax.set_xlim(minx, maxx)
        ax.set_ylim(miny, maxy)
        ax.set_aspect("equal", adjustable="box")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor("white")
        m_per_mm = (maxx - minx) / box[2]
        for zorder, spec in enumerate(self.specs, start=2):
            self._draw_layer(ax, spec, self.frames[spec.name], zorder, m_per_mm)
        if page.focus is not None:
            outside = shapely.box(minx, miny, maxx, maxy).difference(page.focus.union_all())
            gpd.GeoSeries([outside], crs=self.crs).plot(ax=ax, color="#E6E6E6", alpha=0.78, linewidth=0, zorder=40)
            page.focus.boundary.plot(ax=ax, color="#000000", linewidth=1.6 * self.scale, zorder=41)
        self._labels(ax, page, m_per_mm)
        ax.set_xlabel("")
        ax.set_ylabel("")
        for spine in ax.spines.values():  # the frame stays on top of the scale bar's backing
            spine.set_zorder(100)
        ax.set_xlim(minx, maxx)
        ax.set_ylim(miny, maxy)
        self._scale_bar(ax, m_per_mm, box)
        self._north_arrow(ax)

    def _draw_layer(self, ax: Axes, spec: LayerSpec, frame: gpd.GeoDataFrame, zorder: int, m_per_mm: float) -> None:
        if frame.empty:
            return
        style = _style(spec)
        colors = spec.colors()
        s = self.scale
        if spec.geometry == "polygon":
            if style["fill"]:
                face = frame["class"].astype(str).map(colors).tolist()
                edge = style["outline"] or face
                frame.plot(ax=ax, facecolor=face, edgecolor="none", alpha=style["fill_opacity"], zorder=zorder)
                frame.boundary.plot(ax=ax, color=edge, linewidth=style["weight"] * _PT_PER_PX * 0.7, zorder=zorder)
                marked = frame[frame["class"].astype(str).isin(spec.marked()).to_numpy()]
                if len(marked):  # not by hue alone: hatched (greyscale print, colour-blind readers)
                    marked.plot(ax=ax, facecolor="none", edgecolor="#000000", hatch="////", linewidth=0, zorder=zorder)
            else:
                line = {
                    "color": next(iter(colors.values())),
                    "linewidth": style["weight"] * _PT_PER_PX * s,
                    "zorder": zorder + 20,
                }
                if style["dash"]:
                    line["linestyle"] = (0, tuple(float(v) * 0.6 for v in str(style["dash"]).split()))
                frame.boundary.plot(ax=ax, **line)
        elif spec.geometry == "point":
            xy = shapely.get_coordinates(frame.geometry.to_numpy())
            classes = frame["class"].astype(str)
            face = classes.map(colors).to_numpy()
            size = (2 * style["radius"] * _PT_PER_PX * s) ** 2
            marked = classes.isin(spec.marked()).to_numpy()
            edge = np.where(marked, "#000000", style["outline"] or face)  # marked: a black ring
            widths = np.where(marked, 0.9, max(style["weight"], 0.3) * 0.3)
            ax.scatter(
                xy[:, 0],
                xy[:, 1],
                s=size,
                c=face,
                marker=style["marker"],
                alpha=style["fill_opacity"],
                edgecolors=edge,
                linewidths=widths,
                zorder=zorder + 30,
            )
        else:  # lines
            frame.plot(
                ax=ax,
                color=frame["class"].astype(str).map(colors).tolist(),
                linewidth=style["weight"] * _PT_PER_PX * s,
                zorder=zorder + 30,
            )

    def _labels(self, ax: Axes, page: _Page, m_per_mm: float) -> None:
        """Block names (and a book page's panchayat names), each inside the map and clear of the others.

        The block's name is placed first; a panchayat's name that would cover a
        placed one, the scale bar or the north arrow moves up or down a line, or is
        left out when no place is free (the block table names every block).
        """
        s = self.scale
        placed = self._furniture(ax, m_per_mm)
        blocks = self.frames["blocks"]
        focus = None if page.focus is None else page.focus["lgd_code"].iloc[0]
        if focus is not None:
            blocks = blocks[blocks["lgd_code"] == focus]  # the others are greyed out
        blocks = blocks.iloc[np.argsort(-blocks.geometry.area.to_numpy(), kind="stable")]  # large blocks first
        for point, name in zip(
            blocks.geometry.representative_point(),
            display_names(blocks["name"], blocks["name_hi"], self.lang),
            strict=True,
        ):
            style = {"fontsize": 13 * s, "weight": "bold", "color": "#000000", "zorder": 61}
            self._label(ax, point, name, style, placed, m_per_mm, halo=3 * s)
        if page.focus is not None:
            gps = self.frames["panchayats"]
            inside = gps[gps["block_lgd"] == focus]
            names = display_names(inside["name"], inside["name_hi"], self.lang)
            for point, text in zip(inside.geometry.representative_point(), names, strict=True):
                style = {"fontsize": 6.5 * s, "weight": "normal", "color": "#111111", "zorder": 60}
                self._label(ax, point, text, style, placed, m_per_mm, halo=2 * s)

    def _furniture(self, ax: Axes, m_per_mm: float) -> list[tuple[float, float, float, float]]:
        """The boxes (x0, y0, x1, y1 in map metres) of the scale bar and the north arrow: no label goes there."""
        (xmin, xmax), (ymin, ymax) = ax.get_xlim(), ax.get_ylim()
        s = self.scale
        width_km = (xmax - xmin) / 1000
        length_km = max((k for k in (1, 2, 5, 10, 15, 20, 25, 50, 100) if k <= width_km / 4), default=1)
        bar = (xmin, ymin, xmin + length_km * 1000 + 30 * m_per_mm * s, ymin + 16 * m_per_mm * s)
        north = (xmin + 0.92 * (xmax - xmin), ymin + 0.76 * (ymax - ymin), xmax, ymin + 0.96 * (ymax - ymin))
        return [bar, north]

    def _label(
        self,
        ax: Axes,
        point: shapely.Point,
        text: str,
        style: dict,
        placed: list[tuple[float, float, float, float]],
        m_per_mm: float,
        *,
        halo: float,
    ) -> None:
        """Write ``text`` at ``point``, or a line above or below it, inside the map and clear of ``placed``."""
        (xmin, xmax), (ymin, ymax) = ax.get_xlim(), ax.get_ylim()
        size = style["fontsize"]
        pad = 1.5 * m_per_mm
        text = self.ruler.fit(shortened(text, _LABEL_CHARS), (xmax - xmin) / m_per_mm - 4, size, weight=style["weight"])
        half_w = self.ruler.width_mm(text, size, weight=style["weight"]) * m_per_mm / 2 + halo * 0.18 * m_per_mm
        half_h = size * 25.4 / 72 * 0.75 * m_per_mm  # the line's box: a little more than the size
        x = min(max(point.x, xmin + pad + half_w), xmax - pad - half_w)
        for step in (0, 1, -1, 2, -2):
            y = min(max(point.y + step * 2 * half_h, ymin + pad + half_h), ymax - pad - half_h)
            box = (x - half_w, y - half_h, x + half_w, y + half_h)
            if not any(_overlap(box, other) for other in placed):
                placed.append(box)
                ax.text(
                    x,
                    y,
                    text,
                    ha="center",
                    va="center",
                    path_effects=[patheffects.withStroke(linewidth=halo, foreground="white")],
                    **style,
                )
                return

    def _scale_bar(self, ax: Axes, m_per_mm: float, box: tuple[float, float, float, float]) -> None:
        s = self.scale
        xmin, xmax = ax.get_xlim()
        ymin, _ = ax.get_ylim()
        width_km = (xmax - xmin) / 1000
        length_km = max((k for k in (1, 2, 5, 10, 15, 20, 25, 50, 100) if k <= width_km / 4), default=1)
        x0 = xmin + 6 * m_per_mm
        y0 = ymin + 8 * m_per_mm
        bar_h = 1.6 * m_per_mm * s
        length = length_km * 1000
        ax.add_patch(
            Rectangle(
                (x0 - 2.5 * m_per_mm, y0 - 6.5 * m_per_mm * s),
                length + 20 * m_per_mm * s,
                15 * m_per_mm * s,
                facecolor="white",
                edgecolor="none",
                alpha=0.85,
                zorder=70,
            )
        )
        for i in range(4):
            ax.add_patch(
                Rectangle(
                    (x0 + i * length / 4, y0),
                    length / 4,
                    bar_h,
                    facecolor="black" if i % 2 == 0 else "white",
                    edgecolor="black",
                    linewidth=0.6,
                    zorder=71,
                )
            )
        for value, x in ((0, x0), (length_km / 2, x0 + length / 2), (length_km, x0 + length)):
            text = localize_digits(f"{value:g}", self.lang) + (
                f" {t('sheet.km', self.lang)}" if value == length_km else ""
            )
            ax.text(
                x,
                y0 + bar_h + 0.8 * m_per_mm,
                text,
                ha="center" if value != length_km else "left",
                va="bottom",
                fontsize=7.5 * s,
                zorder=72,
            )
        ratio = round((xmax - xmin) / (box[2] / 1000), -3)
        scale = t(
            "sheet.scale", self.lang, one=1, n=format_count(int(ratio), self.lang), paper=self.paper
        )  # 1 : 3,86,000
        ax.text(x0, y0 - 1.2 * m_per_mm, scale, ha="left", va="top", fontsize=6.5 * s, color="#333333", zorder=72)

    def _north_arrow(self, ax: Axes) -> None:
        s = self.scale
        x, y = 0.955, 0.86
        ax.add_patch(
            FancyArrow(
                x,
                y,
                0,
                0.08,
                width=0.006 * s,
                head_width=0.03 * s,
                head_length=0.045,
                length_includes_head=True,
                transform=ax.transAxes,
                color="black",
                zorder=72,
            )
        )
        ax.text(
            x,
            y - 0.01,
            t("sheet.north", self.lang),
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=12 * s,
            weight="bold",
            zorder=72,
            path_effects=[patheffects.withStroke(linewidth=3, foreground="white")],
        )

    # the legend -----------------------------------------------------------------------

    def _legend_entries(self) -> list[tuple[str, LayerSpec | None, object]]:
        """Rows of the legend: ("title", None, text) or ("class", spec, LegendClass) in reading order."""
        rows: list[tuple[str, LayerSpec | None, object]] = []
        for spec in reversed(self.specs):  # top layer first, as in the app's legend
            if spec.name in BASE_LAYERS:
                continue
            rows.append(("title", None, spec.title(self.lang)))
            rows += [("class", spec, c) for c in spec.classes]
        rows.append(("title", None, t("sheet.boundaries", self.lang)))
        for name in ("district", "blocks", "panchayats"):
            spec = next(sp for sp in self.specs if sp.name == name)
            rows += [("class", spec, c) for c in spec.classes]
        return rows

    def _legend(self, fig: Figure, box: tuple[float, float, float, float], entries: Sequence, columns: int) -> float:
        """Draw the legend in ``box`` (mm); return the height it used (mm)."""
        s = self.scale
        lax = fig.add_axes(self._fraction(box))
        lax.set_xlim(0, box[2])
        lax.set_ylim(0, box[3])
        lax.set_axis_off()
        row_h = self._row_h
        lax.text(0, box[3], t("sheet.legend", self.lang), ha="left", va="top", fontsize=11 * s, weight="bold")
        column_w = box[2] / columns
        label_w = column_w - 9 * s - 1.5
        # one size for every label on one line: the largest at which all that can fit do
        labels = [self._class_text(spec, item) for kind, spec, item in entries if kind == "class"]
        sizes = [self.ruler.size_to_fit(text, label_w, 8.5 * s, floor=7 * s) for text in labels]
        size = min([z for z, text in zip(sizes, labels, strict=True) if self.ruler.fits(text, label_w, z)] or [8.5 * s])
        y_start = box[3] - 1.4 * row_h
        lowest = y_start
        for col, rows in enumerate(_split_legend(entries, columns)):
            y = y_start
            for kind, spec, item in rows:
                x = col * column_w
                if kind == "title":
                    title = str(item)
                    title_size = self.ruler.size_to_fit(title, column_w - 1.5, 9 * s, floor=7 * s, weight="bold")
                    title = self.ruler.fit(title, column_w - 1.5, title_size, weight="bold")
                    lax.text(x, y - row_h / 2, title, ha="left", va="center", fontsize=title_size, weight="bold")
                else:
                    self._swatch(lax, spec, item, x + 1, y - row_h / 2, row_h)
                    label, label_size = self._legend_label(spec, item, label_w, size)
                    lax.text(
                        x + 9 * s, y - row_h / 2, label, ha="left", va="center", fontsize=label_size, linespacing=1.0
                    )
                y -= row_h
            lowest = min(lowest, y)
        return box[3] - lowest

    def _class_text(self, spec: LayerSpec, item: object) -> str:
        """A class's legend text: its label and, for a counted layer, the count ("Not live yet (60)")."""
        count = self._count(spec, item.value)  # type: ignore[attr-defined]
        label = spec.class_label(item, self.lang, self.ctx)
        return label if count is None else f"{label} ({count})"

    def _legend_label(self, spec: LayerSpec, item: object, width_mm: float, size: float) -> tuple[str, float]:
        """A class's text fitted to its row: one line at the legend's ``size``, else two lines at 6.5 pt.

        The count is always shown whole; a label too long even for two lines loses
        the end of its words (an ellipsis), never its count.
        """
        text = self._class_text(spec, item)
        if self.ruler.fits(text, width_mm, size):
            return text, size
        count = self._count(spec, item.value)  # type: ignore[attr-defined]
        label, suffix = spec.class_label(item, self.lang, self.ctx), "" if count is None else f" ({count})"
        size = 6.5 * self.scale
        lines = self.ruler.wrap(label + suffix, width_mm, size)
        if len(lines) > 2 or not lines[-1].endswith(suffix):
            first = self.ruler.wrap(label, width_mm, size)[0]
            rest = " ".join(label.split()[len(first.split()) :])
            room = width_mm - self.ruler.width_mm(suffix, size)
            lines = [first, self.ruler.fit(rest, room, size) + suffix]
        return "\n".join(lines), size

    def _primary(self) -> LayerSpec | None:
        """The theme's main layer (lowest thematic layer), counted per block in the table."""
        return next((spec for spec in self.specs if spec.name not in BASE_LAYERS), None)

    def _block_table(self, fig: Figure, box: tuple[float, float, float, float], page: _Page) -> None:
        """Counts per block of the main layer's classes (colour swatches as column heads) and a total."""
        s = self.scale
        spec = self._primary() or next(sp for sp in self.specs if sp.name == "panchayats")
        frame = self.frames[spec.name]
        if spec.source == "blocks":  # a block-level layer: each block counts once, under its class
            block_of = frame["lgd_code"]
        elif "block_lgd" in frame:
            block_of = frame["block_lgd"]
        else:
            block_of = frame["panchayat_lgd"].map(self.ctx.panchayats.set_index("lgd_code")["block_lgd"])
        block_of = block_of.astype(str).to_numpy()
        blocks = self.frames["blocks"].sort_values("name")
        lax = fig.add_axes(self._fraction(box))
        lax.set_xlim(0, box[2])
        lax.set_ylim(0, box[3])
        lax.set_axis_off()
        row_h = self._row_h
        title = t("sheet.by_block", self.lang, layer=spec.title(self.lang))
        lax.text(0, box[3], title, ha="left", va="top", fontsize=9 * s, weight="bold")
        name_w = 26 * s
        col_w = min(11 * s, (box[2] - name_w) / (len(spec.classes) + 1))
        y = box[3] - 1.6 * row_h
        for i, cls in enumerate(spec.classes):
            x = name_w + i * col_w + col_w / 2
            self._swatch(lax, spec, cls, x - 3 * s, y - row_h / 2, row_h)
        lax.text(
            name_w + len(spec.classes) * col_w + col_w / 2,
            y - row_h / 2,
            t("sheet.total", self.lang),
            ha="center",
            va="center",
            fontsize=7.5 * s,
            weight="bold",
        )
        focus = None if page.focus is None else page.focus["lgd_code"].iloc[0]
        unrecorded = False
        for _, block in blocks.iterrows():
            y -= row_h
            weight = "bold" if block["lgd_code"] == focus else "normal"
            lax.text(
                0,
                y - row_h / 2,
                shortened(display_name(block["name"], block["name_hi"], self.lang), _TABLE_NAME_CHARS),
                ha="left",
                va="center",
                fontsize=8 * s,
                weight=weight,
            )
            code = str(block["lgd_code"])
            counts = list(spec.counts(frame[block_of == code], self.ctx, area=code).values())
            known = [n for n in counts if n is not None]  # "not recorded" is a class: the known ones add up
            cells = [*counts, sum(known) if known else None]
            unrecorded = unrecorded or None in cells
            for i, n in enumerate(cells):
                last = i == len(cells) - 1
                lax.text(
                    name_w + i * col_w + col_w / 2,
                    y - row_h / 2,
                    _UNRECORDED_CELL if n is None else format_count(n, self.lang),
                    ha="center",
                    va="center",
                    fontsize=8 * s,
                    weight="bold" if last else weight,
                    color="#000000" if n or last else "#999999",
                )
            lax.add_line(
                Line2D(
                    [0, name_w + (len(spec.classes) + 1) * col_w],
                    [y - row_h, y - row_h],
                    color="#CCCCCC",
                    linewidth=0.4,
                )
            )
        if unrecorded:
            lax.text(
                0,
                y - 1.6 * row_h,
                f"{_UNRECORDED_CELL} {t('format.not_recorded', self.lang)}",
                ha="left",
                va="center",
                fontsize=7.5 * s,
                color="#333333",
            )

    def _count(self, spec: LayerSpec, value: str) -> str | None:
        """The legend's count of a class as text ("12", "not recorded"); None: the layer is not counted."""
        if spec.name in BASE_LAYERS or not spec.is_counted:
            return None
        return count_text(spec.counts(self.frames[spec.name], self.ctx)[value], self.lang)

    def _swatch(self, lax: Axes, spec: LayerSpec, item: object, x: float, y: float, row_h: float) -> None:
        s = self.scale
        style = _style(spec)
        color = item.color  # type: ignore[attr-defined]
        w, h = 6 * s, row_h * 0.62
        marked = getattr(item, "marked", False)
        if spec.geometry == "polygon" and style["fill"]:
            lax.add_patch(
                Rectangle((x, y - h / 2), w, h, facecolor=color, alpha=style["fill_opacity"], edgecolor="none")
            )
            lax.add_patch(
                Rectangle((x, y - h / 2), w, h, facecolor="none", edgecolor=style["outline"] or color, linewidth=0.6)
            )
            if marked:
                lax.add_patch(
                    Rectangle((x, y - h / 2), w, h, facecolor="none", edgecolor="#000000", hatch="////", linewidth=0)
                )
        elif spec.geometry == "point":
            size = (2 * style["radius"] * _PT_PER_PX * s) ** 2
            lax.scatter(
                [x + w / 2],
                [y],
                s=size,
                c=[color],
                marker=style["marker"],
                edgecolors="#000000" if marked else style["outline"] or color,
                linewidths=0.9 if marked else 0.5,
            )
        else:
            line = {"color": color, "linewidth": style["weight"] * _PT_PER_PX * s}
            if style["dash"]:
                line["linestyle"] = (0, tuple(float(v) * 0.6 for v in str(style["dash"]).split()))
            lax.add_line(Line2D([x, x + w], [y, y], **line))


def draw_watermark(fig: Figure, centre: tuple[float, float], *, size: float, alpha: float = 0.13) -> None:
    """DEMO DATA across ``centre`` (figure fractions), faint and tilted, drawn as outlines.

    Outlines, not text: the watermark lies under the page's words by design, and
    copying or searching the page finds only those words (the DEMO stamps say
    DEMO DATA as text).
    """
    path = TextPath((0, 0), "DEMO DATA", size=size, prop=FontProperties(family=FONTS, weight="bold"))
    box = path.get_extents()
    place = (
        Affine2D()
        .translate(-(box.x0 + box.x1) / 2, -(box.y0 + box.y1) / 2)
        .rotate_deg(28)
        .scale(1 / 72)  # points to inches
        .translate(centre[0] * fig.get_figwidth(), centre[1] * fig.get_figheight())
    )
    patch = PathPatch(path, transform=place + fig.dpi_scale_trans, facecolor="#C00000", edgecolor="none")
    patch.set(alpha=alpha, zorder=50)
    fig.add_artist(patch)


def shortened(text: object, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis, for a name in a box of its own on paper.

    A name as long as a file gives it (thousands of characters) still leaves the
    page laid out; the exports keep it whole. The cut never parts a letter from
    its matra, nukta or virama (it moves back to the start of the cluster).

    Examples
    --------
    >>> shortened("Kundhit", 18), shortened("Karmatanr-Vidyasagar", 12)
    ('Kundhit', 'Karmatanr-V…')
    >>> shortened("\u0915\u0930\u092e\u093e\u091f\u093e\u0902\u0921\u093c", 4)  # Karmatanr: never a matra alone
    '\u0915\u0930…'
    """
    value = str(text)
    return value if len(value) <= width else _cut(value, width - 1) + "…"


def _cut(text: str, n: int) -> str:
    """The first ``n`` characters of ``text`` or fewer, ending between two grapheme clusters, without end spaces."""
    n = max(0, min(n, len(text)))
    while 0 < n < len(text) and not _cluster_ends(text, n):
        n -= 1
    return text[:n].rstrip()


def _cluster_ends(text: str, n: int) -> bool:
    """Whether a cluster ends before ``text[n]``: not before a mark (matra, nukta, virama), nor after a virama."""
    if unicodedata.category(text[n])[0] == "M" or text[n] in "\u200c\u200d":
        return False
    return unicodedata.combining(text[n - 1]) != 9 and text[n - 1] != "\u200d"


#: The font size texts are measured at (widths scale with the size; a large one keeps the pixels fine).
_PROBE_PT = 100.0


class Ruler:
    """Widths of one-line texts on paper in mm, measured with matplotlib's own layout (Devanagari shaped).

    One per drawing (it keeps the widths it measured). Texts are never parsed as
    mathtext: a ``$`` is measured as the character it is.

    Examples
    --------
    >>> ruler = Ruler()
    >>> round(ruler.width_mm("Nala", 20) / ruler.width_mm("Nala", 10), 6)
    2.0
    >>> ruler.fit("Karmatanr Vidyasagar", 20, 8)
    'Karmatanr Vi…'
    """

    def __init__(self) -> None:
        self._renderer = FigureCanvasAgg(Figure()).get_renderer()
        self._widths: dict[tuple[str, str], float] = {}

    def width_mm(self, text: str, size: float, *, weight: str = "normal") -> float:
        """The width of ``text`` (one line) at ``size`` pt in mm.

        Widths add up at spaces (they are the glyphs' advances), so each word is
        measured once and a line is the sum of its words and spaces.
        """
        words = text.split(" ")
        spaces = (len(words) - 1) * self._word(" ", weight)
        return (sum(self._word(word, weight) for word in words) + spaces) * size

    def _word(self, word: str, weight: str) -> float:
        """The width of ``word`` in mm per pt."""
        key = (word, weight)
        if key not in self._widths:
            font = FontProperties(family=FONTS, size=_PROBE_PT, weight=weight)
            width, _, _ = self._renderer.get_text_width_height_descent(word, font, ismath=False) if word else (0, 0, 0)
            self._widths[key] = width / self._renderer.dpi * 25.4 / _PROBE_PT
        return self._widths[key]

    def fits(self, text: str, width_mm: float, size: float, *, weight: str = "normal") -> bool:
        """Whether ``text`` (one line) at ``size`` pt is at most ``width_mm`` wide."""
        return self.width_mm(text, size, weight=weight) <= width_mm

    def fit(self, text: str, width_mm: float, size: float, *, weight: str = "normal") -> str:
        """``text`` as it is if it fits ``width_mm``, else the longest start of it that fits with an ellipsis."""
        if self.fits(text, width_mm, size, weight=weight):
            return text
        low, high = 0, len(text)  # the longest cut that fits lies in [low, high)
        while high - low > 1:
            middle = (low + high) // 2
            if self.fits(_cut(text, middle) + "…", width_mm, size, weight=weight):
                low = middle
            else:
                high = middle
        return _cut(text, low) + "…"

    def size_to_fit(self, text: str, width_mm: float, size: float, *, floor: float, weight: str = "normal") -> float:
        """The largest size from ``size`` down to ``floor`` (half points) at which ``text`` fits ``width_mm``."""
        while size > floor and not self.fits(text, width_mm, size, weight=weight):
            size = max(floor, size - 0.5)
        return size

    def wrap(
        self, text: str, width_mm: float, size: float, *, weight: str = "normal", lines: int | None = None
    ) -> list[str]:
        """``text`` broken into lines at most ``width_mm`` wide, at spaces; a word wider than a line is shortened.

        With ``lines``, at most that many: the last one ends in an ellipsis when text is left over.
        """
        out: list[str] = []
        for word in text.split():
            if out and self.fits(f"{out[-1]} {word}", width_mm, size, weight=weight):
                out[-1] = f"{out[-1]} {word}"
            else:
                out.append(self.fit(word, width_mm, size, weight=weight))
        if lines is not None and len(out) > lines:
            out = [*out[: lines - 1], self.fit(" ".join(out[lines - 1 :]), width_mm, size, weight=weight)]
        return out or [""]


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether two boxes (x0, y0, x1, y1) share more than an edge."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _split_legend(entries: Sequence, columns: int) -> list[list]:
    """Split legend rows into columns at layer boundaries (a title starts a group), as evenly as possible."""
    if columns <= 1 or len(entries) < 2:
        return [list(entries)]
    starts = [i for i, entry in enumerate(entries) if entry[0] == "title" and i > 0]
    if not starts:
        middle = math.ceil(len(entries) / 2)
        return [list(entries[:middle]), list(entries[middle:])]
    cut = min(starts, key=lambda i: (max(i, len(entries) - i), -i))  # ties: the first column longer
    return [list(entries[:cut]), list(entries[cut:])]


def _style(spec: LayerSpec) -> dict:
    """The spec's resolved style, with the marker as a matplotlib marker code."""
    style = spec.resolved_style()
    style["marker"] = {"square": "s", "diamond": "D", "triangle": "^"}.get(style["marker"], "o")
    return style


def _check(
    theme: str, fmt: str, paper: str, dpi: int | None, lang: str, per_block: bool, *, travel: bool
) -> tuple[str, str, int]:
    problems = []
    if theme == TRAVEL.name and not travel:
        problems.append("the travel theme draws travel times: pass a ctx from layers.travel.with_travel")
    elif theme not in THEMES and theme != TRAVEL.name:
        problems.append(f"theme must be one of {', '.join(THEMES)}, got {theme!r}")
    fmt = str(fmt).lower()
    if fmt not in SHEET_FORMATS:
        problems.append(f"fmt must be 'png' or 'pdf', got {fmt!r}")
    paper = str(paper).upper()
    if paper not in PAPER_MM:
        problems.append(f"paper must be A4 or A3, got {paper!r}")
    if lang not in LANG_CODES:
        problems.append(f"lang must be one of {', '.join(LANG_CODES)}, got {lang!r}")
    if dpi is None:
        dpi = DEFAULT_DPI
    elif isinstance(dpi, bool) or not isinstance(dpi, int | np.integer) or not DPI_RANGE[0] <= dpi <= DPI_RANGE[1]:
        problems.append(f"dpi must be a whole number from {DPI_RANGE[0]} to {DPI_RANGE[1]}, got {dpi!r}")
    if per_block and fmt == "png":
        problems.append("a map book (per_block) is a multi-page PDF; ask for fmt='pdf' (--format pdf / a .pdf file)")
    if problems:
        raise GeoInputError("; ".join(problems))
    return fmt, paper, int(dpi)
