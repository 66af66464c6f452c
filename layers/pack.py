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
import textwrap
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
from layers.sheet import _RC, PRINT_SIMPLIFY_M, draw_map, shortened
from layers.slide import Slide, slide_specs
from layers.spec import Lang
from layers.view import View

__all__ = ["render_pack", "write_pack", "pack_slides"]

_W, _H = 297.0, 210.0  # A4 landscape, mm
_M = 12.0
_MM = 1 / 25.4

#: Longest block name in an item's table (characters; longer ones end in "…").
_NAME_CHARS = 24


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
    >>> from geo.storage.store import read_store
    >>> render_pack(read_store(), view=View(lang="hi"))[:5]
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
        ctx.identity.label(lang),
        data.is_demo,
        data.meta.get("dataset_name", ""),
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


def _value(text: str) -> tuple[str, float]:
    """A KPI's value and font size: a number large; words ("not recorded") smaller, wrapped to its column."""
    if not any(char.isalpha() for char in text):
        return text, 14.0
    return textwrap.fill(text, 18), 8.5


class _Pages:
    """Draws the cover and the item pages (mm coordinates from the lower left)."""

    def __init__(
        self, slides: list[Slide], district: str, is_demo: bool, dataset: str, prepared_on: dt.date, lang: Lang
    ) -> None:
        self.slides, self.district, self.is_demo, self.lang = slides, district, is_demo, lang
        self.dataset = t("pack.demo_dataset", self.lang) if is_demo else dataset
        self.prepared_on = prepared_on
        self.total = len(slides) + 1

    def _figure(self) -> Figure:
        return Figure(figsize=(_W * _MM, _H * _MM))

    def _text(self, fig: Figure, x: float, y: float, text: str, **style: object) -> None:
        fig.text(x / _W, y / _H, text, **style)

    def _frame(self, fig: Figure, title: str, number: int) -> None:
        """Title, dates, the rule under them, the footer and the DEMO stamp."""
        summary = self.slides[0].summary
        self._text(fig, _M, _H - _M, title, ha="left", va="top", fontsize=19, weight="bold")
        self._text(
            fig,
            _M,
            _H - _M - 10,
            dates_line(summary.now.date, self.slides[0].since, self.lang),
            ha="left",
            va="top",
            fontsize=11,
            color="#222222",
        )
        fig.add_artist(Line2D([_M / _W, 1 - _M / _W], [(_H - _M - 17) / _H] * 2, color="#444444", linewidth=0.8))
        footer = t("pack.prepared", self.lang, date=format_date(self.prepared_on, self.lang), dataset=self.dataset)
        self._text(fig, _M, _M - 4, footer, ha="left", va="bottom", fontsize=7.5, color="#333333")
        self._text(
            fig,
            _W - _M,
            _M - 4,
            t("pack.page", self.lang, n=number, total=self.total),
            ha="right",
            va="bottom",
            fontsize=8,
            color="#333333",
        )
        if self.is_demo:
            self._text(
                fig,
                _W - _M,
                _H - _M,
                t("pack.demo", self.lang),
                ha="right",
                va="top",
                fontsize=11,
                weight="bold",
                color="#8A1C00",
                bbox={"boxstyle": "square,pad=0.4", "facecolor": "#FFF3CD", "edgecolor": "#C00000", "linewidth": 1.2},
            )
            self._text(
                fig,
                _W / 2,
                _H / 2,
                "DEMO DATA",
                ha="center",
                va="center",
                rotation=28,
                fontsize=80,
                color="#C00000",
                alpha=0.1,
                weight="bold",
                zorder=50,
            )

    def cover(self) -> Figure:
        """The cover: every item's KPIs with change, in agenda order."""
        fig = self._figure()
        self._frame(fig, t("pack.title", self.lang, district=self.district), 1)
        self._text(
            fig, _M, _H - _M - 24, t("pack.subtitle", self.lang), ha="left", va="top", fontsize=12, weight="bold"
        )
        columns, rows = 2, 3
        box_w, box_h = (_W - 2 * _M - 8) / columns, 44.0
        for index, slide in enumerate(self.slides):
            col, row = index // rows, index % rows
            x = _M + col * (box_w + 8)
            y = _H - _M - 34 - row * (box_h + 4)
            heading = f"{format_count(index + 1, self.lang)}. {slide.item.label(self.lang)}"
            self._text(fig, x, y, heading, ha="left", va="top", fontsize=11.5, weight="bold")
            for k, kpi in enumerate(slide.kpis):
                line_y = y - 7.5 - k * 10.5
                value, size = _value(kpi.value)
                self._text(fig, x, line_y, value, ha="left", va="top", fontsize=size, weight="bold")
                self._text(fig, x + 34, line_y + 0.6, shortened(kpi.title, 62), ha="left", va="top", fontsize=8.5)
                if kpi.change:
                    color = "#005A8C" if kpi.good else "#A63C00" if kpi.good is False else "#333333"
                    self._text(
                        fig,
                        x + 34,
                        line_y - 4.2,
                        kpi.change,
                        ha="left",
                        va="top",
                        fontsize=8.5,
                        weight="bold",
                        color=color,
                    )
            if slide.unrecorded:  # the breakdown's last class: the classes add up to the panchayats
                self._text(
                    fig,
                    x,
                    y - 7.5 - len(slide.kpis) * 10.5,
                    slide.unrecorded,
                    ha="left",
                    va="top",
                    fontsize=8.5,
                    weight="bold",
                    color="#333333",
                )
        return fig

    def item(self, slide: Slide, number: int) -> Figure:
        """An item's page without its map (drawn into it by :func:`layers.sheet.draw_map`)."""
        fig = self._figure()
        self._frame(
            fig, f"{format_count(self.slides.index(slide) + 1, self.lang)}. {slide.item.label(self.lang)}", number
        )
        x = _M + 166
        y = _H - _M - 22
        for kpi in slide.kpis:
            value, size = _value(kpi.value)
            self._text(fig, x, y, value, ha="left", va="top", fontsize=size, weight="bold")
            self._text(fig, x + 30, y + 0.4, shortened(kpi.title, 58), ha="left", va="top", fontsize=8)
            if kpi.change:
                color = "#005A8C" if kpi.good else "#A63C00" if kpi.good is False else "#333333"
                self._text(
                    fig, x + 30, y - 3.8, kpi.change, ha="left", va="top", fontsize=8, weight="bold", color=color
                )
            y -= 9.5
        if slide.unrecorded:
            self._text(fig, x, y, slide.unrecorded, ha="left", va="top", fontsize=8.5, weight="bold", color="#333333")
            y -= 5.0
        self._text(fig, x, y, textwrap.fill(slide.change_phrase, 70), ha="left", va="top", fontsize=8.5, weight="bold")
        y -= 9 if len(slide.change_phrase) > 70 else 5.5
        y = self._table(fig, slide, x, y, _W - _M - x)
        self._changes(fig, slide, x, y - 2, bottom=_M + 74)
        return fig

    def _table(self, fig: Figure, slide: Slide, x: float, y: float, width: float) -> float:
        """The block table, columns as wide as their longest text; returns the y under it."""
        table = slide.table
        table = table.assign(**{table.columns[0]: table.iloc[:, 0].map(lambda name: shortened(name, _NAME_CHARS))})
        heads = [textwrap.fill(str(head), 11) for head in table.columns]
        longest = [
            max([len(line) for line in head.splitlines()] + [len(str(v)) for v in table.iloc[:, c]])
            for c, head in enumerate(heads)
        ]
        size = 7.0
        char_mm = 0.19 * size  # about the width of a digit at ``size`` pt
        while sum(longest) * char_mm + 2 * len(longest) > width and size > 5.5:
            size -= 0.5
            char_mm = 0.19 * size
        gap = max(2.0, (width - sum(longest) * char_mm) / len(longest))
        edges, right = [], x
        for c, n in enumerate(longest):  # the left edge of the first column, the right edge of the others
            edges.append(x if c == 0 else right + n * char_mm + gap)
            right = x + longest[0] * char_mm if c == 0 else edges[-1]
        for c, head in enumerate(heads):
            self._text(
                fig,
                edges[c],
                y,
                head,
                ha="left" if c == 0 else "right",
                va="top",
                fontsize=size,
                weight="bold",
                linespacing=1.0,
            )
        y -= 7.0
        fig.add_artist(Line2D([x / _W, (x + width) / _W], [(y + 0.8) / _H] * 2, color="#333333", linewidth=0.8))
        for r, row in enumerate(table.itertuples(index=False)):
            total = r == len(table) - 1
            for c, value in enumerate(row):
                self._text(
                    fig,
                    edges[c],
                    y,
                    str(value),
                    ha="left" if c == 0 else "right",
                    va="top",
                    fontsize=size,
                    weight="bold" if total else "normal",
                )
            y -= 4.2
        return y

    def _changes(self, fig: Figure, slide: Slide, x: float, y: float, *, bottom: float) -> None:
        """The changes grouped by block, as many lines as fit above ``bottom``."""
        if slide.changes is None or slide.changes.empty:
            return
        self._text(fig, x, y, t("pack.changes", self.lang), ha="left", va="top", fontsize=8.5, weight="bold")
        y -= 4.8
        lines = []
        by_block = INDICATORS[slide.item.indicator].level == "block"  # the names would repeat the block's
        blocks = display_names(slide.changes["block_name"], slide.changes["block_name_hi"], self.lang)
        for label, mine in slide.changes.groupby(blocks, sort=True):
            names = "" if by_block else " — " + ", ".join(display_names(mine["name"], mine["name_hi"], self.lang))
            phrase = change_phrase(mine, slide.item.indicator, self.lang)
            lines += textwrap.wrap(
                f"{label} ({format_count(len(mine), self.lang)}): {phrase}{names}", 92, subsequent_indent="   "
            )
        fits = max(0, int((y - bottom) // 3.6))
        shown = (
            lines
            if len(lines) <= fits
            else [*lines[: max(0, fits - 1)], t("pack.more", self.lang, n=len(lines) - fits + 1)]
        )
        for line in shown:
            self._text(fig, x, y, line, ha="left", va="top", fontsize=6.5)
            y -= 3.6
