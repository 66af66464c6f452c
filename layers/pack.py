"""The meeting pack: the PDF the District Informatics Officer circulates before the review.

A4 landscape: a cover with every agenda item's KPIs and their change since the
review compared with, and the dates; then the action-taken page of the last meeting's directions
(:mod:`layers.directions`; none when the store holds none); then one page per agenda item
(:data:`geo.review.agenda.AGENDA`) with its map (the item's layers and the outline of
what changed), its KPIs with change, its block table and the changes grouped by
block. Every number comes from the same :class:`layers.slide.Slide` as the deck
on the projector. Hindi is shaped by matplotlib ≥ 3.11 with Noto Sans Devanagari;
a DEMO store is stamped DEMO DATA on every page.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from geo.errors import GeoInputError
from geo.formats import dates_line, display_names, format_count, format_date
from geo.languages import LANG_CODES, is_hindi
from geo.review.agenda import AGENDA
from geo.review.analysis import analyse
from geo.review.progress import INDICATORS, change_phrase, class_changes, trend
from geo.review.status import parse_date, review_dates
from geo.review.summary import compare
from geo.storage.files import write_atomic
from geo.storage.store import StoreData
from geo.text import t
from layers.context import map_context
from layers.directions import action_taken_pages, draw_action_taken
from layers.markup import isolate
from layers.sheet import _RC, PRINT_SIMPLIFY_M, Ruler, draw_map, draw_watermark
from layers.slide import Slide, slide_specs
from layers.spec import Lang
from layers.view import View

__all__ = ["render_pack", "write_pack", "pack_slides"]

_W, _H = 297.0, 210.0  # A4 landscape, mm
_M = 12.0
_MM = 1 / 25.4

_PT = 25.4 / 72  # mm per point
#: The least space between two columns of an item's table (mm).
_GAP = 2.0
#: The most of an item's table the block names take; a longer name is shortened.
_NAMES_SHARE = 0.35
#: Where an item's right-hand column ends: above the map's legend (mm from the bottom).
_BOTTOM = _M + 74
#: The indent of a wrapped line of the changes (mm).
_INDENT = 2.5


def pack_slides(data: StoreData, *, view: View = View()) -> list[Slide]:
    """The pack's slides, in the view's language: every agenda item as of ``view.as_of``, compared with ``view.since``.

    ``since`` defaults to the last review before the figures' date (none: no comparison).

    Raises
    ------
    GeoInputError
        If ``since`` is not earlier than ``as_of``, or either is not a date.
    """
    lang, aadhaar_km = view.lang, view.aadhaar_km
    as_of, since = parse_date(view.as_of, name="as_of"), parse_date(view.since, name="since")
    now = analyse(data, as_of=as_of, aadhaar_km=aadhaar_km)
    reviews = review_dates(data.status_events)
    if since is None:
        earlier = [d for d in reviews if now.date is None or d < now.date]
        since = earlier[-1] if earlier else None
    elif now.date is not None and since >= now.date:
        msg = f"--since {since} must be earlier than the figures' date {now.date}"
        raise GeoInputError(msg)
    before = None if since is None else analyse(data, as_of=since, aadhaar_km=aadhaar_km)
    analyses = {
        d: analyse(data, as_of=d, aadhaar_km=aadhaar_km)
        for d in reviews
        if (now.date is None or d < now.date) and d != since
    }
    if before is not None:
        analyses[since] = before
    if now.date is not None:
        analyses[now.date] = now
    summary = compare(now, before)
    return [
        Slide(
            item,
            summary,
            None if before is None else class_changes(now, before, item.indicator),
            trend(analyses, item.figures),
            lang,
        )
        for item in AGENDA
    ]


def render_pack(data: StoreData, *, view: View = View(), prepared_on: dt.date | None = None) -> bytes:
    """Draw the meeting pack in the view's language and return the PDF bytes (see :func:`pack_slides` for the dates).

    Examples
    --------
    The DEMO pack takes some 14 s to draw (``tests/test_pack.py`` draws it):

    >>> from geo.storage.store import read_store
    >>> render_pack(read_store(), view=View(lang="hi"))[:5]  # doctest: +SKIP
    b'%PDF-'
    """
    lang = view.lang
    if lang not in LANG_CODES:
        msg = f"lang must be one of {', '.join(LANG_CODES)}, got {lang!r}"
        raise GeoInputError(msg)
    slides = pack_slides(data, view=view)
    ctx = map_context(slides[0].summary.now, simplify_m=PRINT_SIMPLIFY_M)
    pages = _Pages(
        slides,
        isolate(ctx.identity.label(lang)),
        data.is_demo,
        isolate(str(data.meta.get("dataset_name", ""))),
        prepared_on or dt.date.today(),
        lang,
    )
    directions = action_taken_pages(data, slides[0].summary.now.date, lang)  # after the cover
    pages.total += len(directions)
    buffer = io.BytesIO()
    metadata = {
        "Title": t(
            "pack.title", pages.lang, district=ctx.identity.label("en") if not is_hindi(lang) else pages.district
        ),
        "Subject": dates_line(slides[0].summary.now.date, slides[0].since, lang),
        "Creator": "panchayat GIS (layers.pack)",
    }
    with matplotlib.rc_context(_RC), PdfPages(buffer, metadata=metadata) as pdf:
        pdf.savefig(pages.cover())
        for number, chunk in enumerate(directions, start=2):
            fig = pages._figure()
            pages._frame(fig, t("direction.pack.title", lang), number)
            pdf.savefig(draw_action_taken(fig, chunk, top_mm=_H - _M - 24, page_mm=(_W, _H), lang=lang))
        for number, slide in enumerate(slides, start=2 + len(directions)):
            fig = pages.item(slide, number)
            draw_map(
                fig,
                (_M, _M + 12, 160, _H - 2 * _M - 40),
                (_M + 166, _M + 10, 107, 62),
                ctx,
                slide_specs(slide),
                lang=lang,
                theme=slide.item.theme,
            )
            pdf.savefig(fig)
    return buffer.getvalue()


def write_pack(
    path: str | os.PathLike[str], data: StoreData, *, view: View = View(), prepared_on: dt.date | None = None
) -> Path:
    """Write the meeting pack to ``path`` (a ``.pdf``), atomically; the options as for :func:`render_pack`."""
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        msg = f"the meeting pack is a PDF: name the file {target.stem}.pdf, not {target.name}"
        raise GeoInputError(msg)
    return write_atomic(target, render_pack(data, view=view, prepared_on=prepared_on))


class _Pages:
    """Draws the cover and the item pages (mm coordinates from the lower left).

    Every text is measured (:class:`layers.sheet.Ruler`) and fitted to the room it
    has — shrunk to a floor, wrapped, or, for a name longer than any line, shortened
    with an ellipsis — so no two texts on a page overprint, whatever the names.
    """

    def __init__(
        self, slides: list[Slide], district: str, is_demo: bool, dataset: str, prepared_on: dt.date, lang: Lang
    ) -> None:
        self.slides, self.district, self.is_demo, self.lang = slides, district, is_demo, lang
        self.dataset = t("pack.demo_dataset", self.lang) if is_demo else dataset
        self.prepared_on = prepared_on
        self.total = len(slides) + 1
        self.ruler = Ruler()

    def _figure(self) -> Figure:
        return Figure(figsize=(_W * _MM, _H * _MM))

    def _text(self, fig: Figure, x: float, y: float, text: str, **style: object) -> None:
        fig.text(x / _W, y / _H, text, **style)

    def _line(self, text: str, width: float, size: float, *, floor: float, weight: str = "normal") -> tuple[str, float]:
        """``text`` on one line ``width`` mm wide: shrunk down to ``floor`` pt, then shortened; and its size."""
        size = self.ruler.size_to_fit(text, width, size, floor=floor, weight=weight)
        return self.ruler.fit(text, width, size, weight=weight), size

    def _frame(self, fig: Figure, title: str, number: int) -> None:
        """Title, dates, the rule under them, the footer and the DEMO stamp."""
        summary = self.slides[0].summary
        room = _W - 2 * _M
        if self.is_demo:
            stamp = t("pack.demo", self.lang)
            self._text(
                fig,
                _W - _M,
                _H - _M,
                stamp,
                ha="right",
                va="top",
                fontsize=11,
                weight="bold",
                color="#8A1C00",
                bbox={"boxstyle": "square,pad=0.4", "facecolor": "#FFF3CD", "edgecolor": "#C00000", "linewidth": 1.2},
            )
            room -= self.ruler.width_mm(stamp, 11, weight="bold") + 8
            draw_watermark(fig, (0.5, 0.5), size=80, alpha=0.1)
        title, size = self._line(title, room, 19, floor=12, weight="bold")
        self._text(fig, _M, _H - _M, title, ha="left", va="top", fontsize=size, weight="bold")
        dates, size = self._line(
            dates_line(summary.now.date, self.slides[0].since, self.lang), _W - 2 * _M, 11, floor=8
        )
        self._text(fig, _M, _H - _M - 10, dates, ha="left", va="top", fontsize=size, color="#222222")
        fig.add_artist(Line2D([_M / _W, 1 - _M / _W], [(_H - _M - 17) / _H] * 2, color="#444444", linewidth=0.8))
        page = t("pack.page", self.lang, n=number, total=self.total)
        self._text(fig, _W - _M, _M - 4, page, ha="right", va="bottom", fontsize=8, color="#333333")
        footer = t("pack.prepared", self.lang, date=format_date(self.prepared_on, self.lang), dataset=self.dataset)
        room = _W - 2 * _M - self.ruler.width_mm(page, 8) - 6
        self._text(
            fig, _M, _M - 4, self.ruler.fit(footer, room, 7.5), ha="left", va="bottom", fontsize=7.5, color="#333333"
        )

    def _kpis(
        self, fig: Figure, slide: Slide, x: float, y: float, *, width: float, value_w: float, step: float
    ) -> float:
        """The item's KPIs from ``y`` down (value, title and change), then what they leave out; returns the y under."""
        for kpi in slide.kpis:
            self._value(fig, kpi.value, x, y, value_w - 2)
            size = 8.5 if step > 10 else 8.0
            title = self.ruler.fit(kpi.title, width - value_w, size)
            self._text(fig, x + value_w, y + 0.5, title, ha="left", va="top", fontsize=size)
            if kpi.change:
                color = "#005A8C" if kpi.good else "#A63C00" if kpi.good is False else "#333333"
                change = self.ruler.fit(kpi.change, width - value_w, size, weight="bold")
                self._text(
                    fig, x + value_w, y - 3.8, change, ha="left", va="top", fontsize=size, weight="bold", color=color
                )
            y -= step
        if slide.unrecorded:  # the breakdown's last class: the classes add up to the panchayats
            line = self.ruler.fit(slide.unrecorded, width, 8.5, weight="bold")
            self._text(fig, x, y, line, ha="left", va="top", fontsize=8.5, weight="bold", color="#333333")
            y -= 5.0
        return y

    def _value(self, fig: Figure, text: str, x: float, y: float, width: float) -> None:
        """A KPI's value: a number large (smaller if it is long); words ("not recorded") small, on two lines."""
        if any(char.isalpha() for char in text):
            for i, line in enumerate(self.ruler.wrap(text, width, 8.5, weight="bold", lines=2)):
                self._text(fig, x, y - i * 3.6, line, ha="left", va="top", fontsize=8.5, weight="bold")
            return
        value, size = self._line(text, width, 14, floor=8, weight="bold")
        self._text(fig, x, y, value, ha="left", va="top", fontsize=size, weight="bold")

    def cover(self) -> Figure:
        """The cover: every item's KPIs with change, in agenda order."""
        fig = self._figure()
        self._frame(fig, t("pack.title", self.lang, district=self.district), 1)
        subtitle, size = self._line(t("pack.subtitle", self.lang), _W - 2 * _M, 12, floor=9, weight="bold")
        self._text(fig, _M, _H - _M - 24, subtitle, ha="left", va="top", fontsize=size, weight="bold")
        columns, rows = 2, 3
        box_w, box_h = (_W - 2 * _M - 8) / columns, 44.0
        for index, slide in enumerate(self.slides):
            col, row = index // rows, index % rows
            x = _M + col * (box_w + 8)
            y = _H - _M - 34 - row * (box_h + 4)
            heading = f"{format_count(index + 1, self.lang)}. {slide.item.label(self.lang)}"
            heading, size = self._line(heading, box_w, 11.5, floor=9, weight="bold")
            self._text(fig, x, y, heading, ha="left", va="top", fontsize=size, weight="bold")
            self._kpis(fig, slide, x, y - 7.5, width=box_w, value_w=34, step=10.5)
        return fig

    def item(self, slide: Slide, number: int) -> Figure:
        """An item's page without its map (drawn into it by :func:`layers.sheet.draw_map`)."""
        fig = self._figure()
        self._frame(
            fig, f"{format_count(self.slides.index(slide) + 1, self.lang)}. {slide.item.label(self.lang)}", number
        )
        x = _M + 166
        width = _W - _M - x
        y = self._kpis(fig, slide, x, _H - _M - 22, width=width, value_w=30, step=9.5)
        for line in self.ruler.wrap(slide.change_phrase, width, 8.5, weight="bold", lines=2):
            self._text(fig, x, y, line, ha="left", va="top", fontsize=8.5, weight="bold")
            y -= 3.8
        y = self._table(fig, slide, x, y - 1.7, width, bottom=_BOTTOM)
        self._changes(fig, slide, x, y - 2, width, bottom=_BOTTOM)
        return fig

    def _table(self, fig: Figure, slide: Slide, x: float, y: float, width: float, *, bottom: float) -> float:
        """The block table above ``bottom``, every column as wide as its widest cell; returns the y under it.

        Headers wrap at spaces within their column and sit on the rule; the font
        shrinks (to 5.5 pt) until the columns fit ``width``, then the block names
        give way (shortened). Rows that do not fit above ``bottom`` give way to a
        line saying how many blocks are left out; the district's row stays.
        """
        heads = [str(head) for head in slide.table.columns]
        rows = [[str(value) for value in row] for row in slide.table.itertuples(index=False)]
        for size in (7.0, 6.5, 6.0, 5.5):
            widths = self._column_widths(heads, rows, size)
            widths[0] = min(widths[0], _NAMES_SHARE * width)
            if sum(widths) + _GAP * (len(widths) - 1) <= width:
                break
        widths[0] = max(0.0, min(widths[0], width - sum(widths[1:]) - _GAP * (len(widths) - 1)))
        widths = self._widened(heads, widths, size, width - _GAP * (len(widths) - 1))
        gap = (width - sum(widths)) / max(1, len(widths) - 1)
        rights = [x + widths[0] + sum(widths[1 : c + 1]) + gap * c for c in range(len(widths))]
        heads_lines = [self.ruler.wrap(head, widths[c], size, weight="bold") for c, head in enumerate(heads)]
        pitch = size * _PT * 1.25
        depth = max(len(lines) for lines in heads_lines)
        for c, lines in enumerate(heads_lines):
            for i, line in enumerate(lines):
                self._text(
                    fig,
                    x if c == 0 else rights[c],
                    y - (depth - len(lines) + i) * pitch,
                    line,
                    ha="left" if c == 0 else "right",
                    va="top",
                    fontsize=size,
                    weight="bold",
                )
        y -= depth * pitch + 0.7
        fig.add_artist(Line2D([x / _W, (x + width) / _W], [y / _H] * 2, color="#333333", linewidth=0.8))
        y -= 0.9
        step = size * 0.6
        fits = max(2, int((y - bottom) // step))
        if len(rows) > fits:  # the first blocks, how many more (across the table), and the district
            more = t("pack.more", self.lang, n=format_count(len(rows) - fits + 1, self.lang))
            rows = [*rows[: fits - 2], [self.ruler.fit(more, width, size)] + [""] * (len(heads) - 1), rows[-1]]
        for r, row in enumerate(rows):
            weight = "bold" if r == len(rows) - 1 else "normal"
            for c, value in enumerate(row):
                if c == 0 and any(row[1:]):
                    value = self.ruler.fit(value, widths[0], size, weight=weight)
                self._text(
                    fig,
                    x if c == 0 else rights[c],
                    y,
                    value,
                    ha="left" if c == 0 else "right",
                    va="top",
                    fontsize=size,
                    weight=weight,
                )
            y -= step
        return y

    def _column_widths(self, heads: list[str], rows: list[list[str]], size: float) -> list[float]:
        """Each column's width in mm at ``size``: its widest cell (the total row bold) or its header's widest word."""
        widths = []
        for c, head in enumerate(heads):
            cells = [
                self.ruler.width_mm(row[c], size, weight="bold" if r == len(rows) - 1 else "normal")
                for r, row in enumerate(rows)
            ]
            words = [self.ruler.width_mm(word, size, weight="bold") for word in head.split()]
            widths.append(max([*cells, *words, 0.0]))
        return widths

    def _widened(self, heads: list[str], widths: list[float], size: float, room: float) -> list[float]:
        """``widths`` with as many headers on one line as ``room`` allows, those needing least first."""
        widths = list(widths)
        heads_w = [self.ruler.width_mm(head, size, weight="bold") for head in heads]
        for c in sorted(range(1, len(heads)), key=lambda c: heads_w[c] - widths[c]):
            extra = heads_w[c] - widths[c]
            if extra > 0 and sum(widths) + extra <= room:
                widths[c] = heads_w[c]
        return widths

    def _changes(self, fig: Figure, slide: Slide, x: float, y: float, width: float, *, bottom: float) -> None:
        """The changes grouped by block, as many lines as fit above ``bottom``."""
        if slide.changes is None or slide.changes.empty or y - 4.8 - 3.6 < bottom:
            return
        self._text(fig, x, y, t("pack.changes", self.lang), ha="left", va="top", fontsize=8.5, weight="bold")
        y -= 4.8
        lines = []
        by_block = INDICATORS[slide.item.indicator].level == "block"  # the names would repeat the block's
        blocks = display_names(slide.changes["block_name"], slide.changes["block_name_hi"], self.lang)
        for label, mine in slide.changes.groupby(blocks, sort=True):
            names = display_names(mine["name"], mine["name_hi"], self.lang)
            names = "" if by_block else " — " + ", ".join(isolate(name) for name in names)
            label = isolate(label)  # a right-to-left override in a name turns the name, never the line
            phrase = change_phrase(mine, slide.item.indicator, self.lang)
            first, *rest = self.ruler.wrap(
                f"{label} ({format_count(len(mine), self.lang)}): {phrase}{names}", width, 6.5
            )
            rest = self.ruler.wrap(" ".join(rest), width - _INDENT, 6.5) if rest else []
            lines += [(first, 0.0)] + [(line, _INDENT) for line in rest]
        fits = max(0, int((y - bottom) // 3.6))
        if len(lines) > fits:
            more = t("pack.more", self.lang, n=format_count(len(lines) - fits + 1, self.lang))
            lines = [*lines[: max(0, fits - 1)], (more, 0.0)]
        for line, indent in lines:
            self._text(fig, x + indent, y, line, ha="left", va="top", fontsize=6.5)
            y -= 3.6
