"""One agenda item of the review as shown: its KPIs with change and trend, its block table, its map layers.

A :class:`Slide` gathers what the meeting deck (``ui/deck.py``) and the meeting
pack (:mod:`layers.pack`) both show, from the one analysis: the figures of
:mod:`geo.review.figures`, the changes of :mod:`geo.review.progress`, the item of
:mod:`geo.review.agenda`. :func:`slide_html` renders its side panel for the deck (every
text HTML-escaped, :func:`layers.markup.escape_html`); :func:`slide_specs` the layers of its map.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from geo.formats import display_names, format_change, format_count, format_date, format_percent
from geo.review.agenda import AgendaItem, column_label
from geo.review.figures import FIGURES
from geo.review.progress import INDICATORS, block_changes, change_phrase
from geo.review.summary import Summary
from geo.text import t
from layers.changes import change_spec
from layers.markup import escape_html
from layers.registry import theme_layers
from layers.spec import Lang, LayerSpec
from layers.static import asset

__all__ = ["Kpi", "Slide", "slide_html", "slide_specs", "changes_html", "SLIDE_CSS", "CHANGES_CSS"]


@dataclass(frozen=True)
class Kpi:
    """One figure of a slide, as it reads.

    ``good`` is True/False when the change is good/bad news, None for no change or none known.
    """

    key: str
    title: str
    value: str
    change: str
    good: bool | None
    note: str | None
    trend: tuple[tuple[str, int | None], ...]


@dataclass(frozen=True)
class Slide:
    """An agenda item with the figures of one date, compared with an earlier review.

    Attributes
    ----------
    item : geo.review.agenda.AgendaItem
    summary : geo.review.summary.Summary
        The analysis of the date (and of the review compared with, if any).
    changes : pandas.DataFrame or None
        :func:`geo.review.progress.class_changes` for the item's indicator (None: no comparison).
    trend : pandas.DataFrame
        :func:`geo.review.progress.trend` of the item's figures over the review dates.
    lang : {"en", "hi"}
    """

    item: AgendaItem
    summary: Summary
    changes: pd.DataFrame | None
    trend: pd.DataFrame
    lang: Lang = "en"

    @property
    def since(self) -> str | None:
        """The date compared with (None: no comparison)."""
        return self.summary.since

    @cached_property
    def kpis(self) -> list[Kpi]:
        """The item's figures: value, change since the review, what they left out, the trend.

        Where the review compared with had nothing recorded, the change says so
        ("no inspection recorded by 12 Nov 2020"), never a number.
        """
        figures = self.summary.figures
        out = []
        for key in self.item.figures:
            delta = self.summary.delta(key)
            good = None if not delta else (delta < 0) == FIGURES[key].lower_is_better
            shown = self.summary.change_note(key, self.lang) or format_change(delta, self.lang)
            if shown and delta:
                shown = f"{shown} {t('slide.since', self.lang, date=format_date(self.since, self.lang))}"
            trend = (
                tuple((str(d), None if pd.isna(v) else int(v)) for d, v in self.trend[key].items())
                if key in self.trend
                else ()
            )
            out.append(
                Kpi(
                    key,
                    figures.title(key, self.lang),
                    figures.text(key, self.lang),
                    shown,
                    good,
                    figures.note(key, self.lang),
                    trend,
                )
            )
        return out

    @property
    def unrecorded(self) -> str | None:
        """The text "Connectivity not recorded: 4 / 23" — the breakdown's class its KPIs leave out — or None.

        Shown under the KPIs on the deck, the pack's cover and page, so the classes add up to the panchayats.
        """
        key = self.item.unrecorded
        if key is None:
            return None
        figures = self.summary.figures
        return f"{figures.title(key, self.lang)}: {figures.text(key, self.lang)}"

    @property
    def change_phrase(self) -> str:
        """The text "Since 12 Nov 2020: 15 now working · 18 now found offline" (or that there is no earlier review)."""
        if self.changes is None:
            return t("slide.no_review", self.lang)
        phrase = change_phrase(self.changes, self.item.indicator, self.lang)
        return t("slide.changes", self.lang, date=format_date(self.since, self.lang), phrase=phrase)

    @cached_property
    def table(self) -> pd.DataFrame:
        """The block table as text: one row per block then the district; a column per figure, and changes.

        Cells read "40" or "40 (+7)"; "not recorded" where unknown. The ``Changed``
        column counts the units whose class changed (absent without a comparison).
        """
        now = self.summary.now
        figures = now.figures
        blocks = now.blocks.sort_values("name")
        names = display_names(blocks["name"], blocks["name_hi"], self.lang)
        areas = [(str(code), label) for code, label in zip(blocks["lgd_code"], names, strict=True)]
        areas.append(("district", t("slide.district", self.lang)))
        change = self.summary.change
        block_change = self.summary.block_change
        rows = []
        for code, label in areas:
            row = {t("slide.block", self.lang): label}
            delta = None if change is None else change if code == "district" else block_change.loc[code]
            for key in self.item.table:
                head = column_label(key, self.lang, aadhaar_km=now.aadhaar_km)
                if key == "jharsewa_rate":
                    row[head] = self._rate(code)
                    continue
                text = figures.text(key, self.lang, code, of_panchayats=False)
                value = None if delta is None else delta[key]
                if value is not None and not pd.isna(value) and int(value):
                    text += f" ({format_change(int(value), self.lang)})"
                row[head] = text
            rows.append(row)
        table = pd.DataFrame(rows)
        if self.changes is not None:
            level = INDICATORS[self.item.indicator].level
            per_block = block_changes(self.changes, self.item.indicator, [c for c, _ in areas[:-1]], self.lang)
            counts = [int(per_block.at[c, "changed"]) for c, _ in areas[:-1]] + [len(self.changes)]
            if level == "block":
                counts[:-1] = [int(n > 0) for n in counts[:-1]]
            table[t("slide.changed", self.lang)] = [format_count(n, self.lang) for n in counts]
        return table

    def _rate(self, code: str) -> str:
        blocks = self.summary.now.blocks.set_index("lgd_code")
        if code == "district":
            figures = self.summary.figures
            received, disposed = figures.value("jharsewa_received"), figures.value("jharsewa_disposed")
            share = None if not received or disposed is None else disposed / received
        else:
            share = blocks.at[code, "jharsewa_rate"]
        return format_percent(None if share is None or pd.isna(share) else float(share), self.lang)


def slide_specs(slide: Slide) -> list[LayerSpec]:
    """The layers of the slide's map: its theme's, and the outline of what changed (with a comparison)."""
    specs = theme_layers(slide.item.theme)
    if slide.changes is not None:
        level = INDICATORS[slide.item.indicator].level
        specs.append(change_spec(slide.changes["lgd_code"].astype(str), slide.since, level=level))
    return specs


def _sparkline(points: tuple[tuple[str, int | None], ...], lang: Lang) -> str:
    """A small bar chart of a figure over the review dates, bars from zero (nothing with under two known).

    Plain HTML (the page sanitises SVG away): one bar per date, its date and value
    in its title; a date not recorded is a gap.
    """
    known = [v for _, v in points if v is not None]
    if len(known) < 2:
        return ""
    high = max(known) or 1
    missing = t("format.not_recorded", lang)
    bars = []
    for date, value in points:
        label = escape_html(f"{format_date(date, lang)}: {missing if value is None else format_count(value, lang)}")
        height = 0 if value is None else max(2, round(30 * value / high))
        bars.append(f"<span class='gp-bar' style='height:{height}px' title='{label}'></span>")
    summary = escape_html(_trend_text(points, lang))
    return f"<span class='gp-spark' role='img' aria-label='{summary}'>{''.join(bars)}</span>"


def _trend_text(points: tuple[tuple[str, int | None], ...], lang: Lang) -> str:
    missing = t("format.not_recorded", lang)
    return " → ".join(f"{format_date(d, lang)}: {missing if v is None else format_count(v, lang)}" for d, v in points)


def slide_html(slide: Slide) -> str:
    """The slide's side panel: KPI tiles (value, change, trend), the change in words, the block table."""
    lang = slide.lang
    tiles = []
    for kpi in slide.kpis:
        mood = "" if kpi.good is None else " gp-good" if kpi.good else " gp-bad"
        note = f"<div class='gp-kpi-note'>{escape_html(kpi.note)}</div>" if kpi.note else ""
        change = f"<div class='gp-kpi-change{mood}'>{escape_html(kpi.change)}</div>" if kpi.change else ""
        tiles.append(
            f"<div class='gp-kpi' data-kpi='{kpi.key}'><div class='gp-kpi-value'>{escape_html(kpi.value)}</div>"
            f"<div class='gp-kpi-text'><div class='gp-kpi-title'>{escape_html(kpi.title)}</div>{change}{note}</div>"
            f"{_sparkline(kpi.trend, lang)}</div>"
        )
    table = slide.table
    head = "".join(f"<th>{escape_html(str(c))}</th>" for c in table.columns)
    body = "".join(
        "<tr"
        + (" class='gp-total'" if i == len(table) - 1 else "")
        + ">"
        + "".join(f"<td>{_cell(v)}</td>" for v in row)
        + "</tr>"
        for i, row in enumerate(table.itertuples(index=False))
    )
    unrecorded = f"<div class='gp-kpi-unrecorded'>{escape_html(slide.unrecorded)}</div>" if slide.unrecorded else ""
    return (
        f"<div class='gp-slide'><div class='gp-kpis'>{''.join(tiles)}</div>{unrecorded}"
        f"<div class='gp-change'>{escape_html(slide.change_phrase)}</div>"
        f"<table class='gp-blocks'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _cell(value: object) -> str:
    """A table cell: the change in brackets drawn smaller; "not recorded" greyed."""
    text = escape_html(str(value))
    if text in (t("format.not_recorded", "en"), t("format.not_recorded", "hi")):
        return f"<span class='gp-na'>{text}</span>"
    if text.endswith(")") and " (" in text:
        number, change = text.split(" (", 1)
        return f"<span class='gp-num'>{number}</span> <span class='gp-delta'>({change}</span>"
    return f"<span class='gp-num'>{text}</span>"


#: The side panel's look (the deck injects it once).
SLIDE_CSS = asset("slide.css")


def changes_html(item: AgendaItem, changes: pd.DataFrame, lang: Lang) -> str:
    """The changes of one agenda item grouped by block: counts first, then the names.

    "Testpur (6): 3 now working · 3 now found offline — GP 01, GP 05, …" per block,
    under the item's title and its district phrase; blocks without a change are
    left out. Every name is HTML-escaped.
    """
    rows = []
    blocks = display_names(changes["block_name"], changes["block_name_hi"], lang)
    for label, mine in changes.groupby(blocks, sort=True):
        phrase = change_phrase(mine, item.indicator, lang)
        names = ", ".join(escape_html(n) for n in display_names(mine["name"], mine["name_hi"], lang))
        rows.append(
            f"<li><b>{escape_html(str(label))}</b> ({format_count(len(mine), lang)}): "
            f"{escape_html(phrase)} — <span class='gp-names'>{names}</span></li>"
        )
    total = change_phrase(changes, item.indicator, lang)
    return (
        f"<div class='gp-changes' data-item='{item.key}'><div class='gp-changes-title'>"
        f"{escape_html(item.label(lang))}: {escape_html(total)}</div><ul>{''.join(rows)}</ul></div>"
    )


#: The grouped change list's look.
CHANGES_CSS = asset("changes.css")
