"""The meeting's directions on the faces: the deck's opening slide, its map layer and the pack's page.

Every line is built from :func:`geo.review.directions.directions_on` (status, figure then and
now, the units still short of the target), the one truth ``python -m geo directions list``
prints too. A direction's text, owner and reports are data: in HTML they pass through
:func:`layers.markup.escape_html`; on paper they are drawn with mathtext off
(:data:`layers.sheet._RC`), so ``$x$`` or ``{{7*7}}`` is printed as it is written.

A status reads without colour: each has a shape of its own beside its word
(:data:`STATUS_MARKS`), so the slide and the page read the same on a greyscale projector
or a photocopy.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from geo.formats import format_count, format_date
from geo.review.directions import (
    STATUS_LABELS,
    TARGETS,
    DirectionProgress,
    action_taken_table,
    directions_on,
    plain_text,
)
from geo.storage.store import StoreData
from geo.text import Text, t
from layers.context import MapContext
from layers.fields import GP_NAME
from layers.markup import escape_html
from layers.spec import LayerSpec, LegendClass

__all__ = [
    "STATUS_MARKS",
    "DirectionLine",
    "direction_lines",
    "opening_slide_html",
    "item_directions_html",
    "short_spec",
    "first_measurable",
    "action_taken_pages",
    "action_taken_chunks",
    "draw_action_taken",
]


@dataclass(frozen=True)
class StatusMark:
    """How a status looks: a shape (reads in greyscale) and a colour (dark enough for white text beside it)."""

    shape: str
    colour: str


#: Each status's shape and colour: a filled circle is done, a triangle overdue, a hollow circle not
#: started, a half circle on track, a diamond reported, a dotted circle not recorded.
STATUS_MARKS: dict[str, StatusMark] = {
    "overdue": StatusMark("▲", "#B2182B"),
    "not_started": StatusMark("○", "#8C510A"),
    "on_track": StatusMark("◐", "#2166AC"),
    "reported": StatusMark("◆", "#5E3C99"),
    "not_recorded": StatusMark("◌", "#555555"),
    "done": StatusMark("●", "#1B7837"),
}
#: The colour of the panchayats still short of a direction's target on the map (no class fill uses it).
SHORT = "#D55E00"


@dataclass(frozen=True)
class DirectionLine:
    """One direction as every face writes it (the strings compared across faces).

    Attributes
    ----------
    number : int
        Its ``direction_id`` (``directions list`` names it so).
    text, owner, due, status, figure : str
        Its words, owner, due date (project formatter), status word, figure then and now
        ("" when not measurable).
    action_taken : str
        The figure and the latest report (the pack's column).
    status_key : str
        One of :data:`geo.review.directions.STATUSES`.
    agenda_item : str
        Its agenda item's key ("" for none).
    """

    number: int
    text: str
    owner: str
    due: str
    status: str
    figure: str
    action_taken: str
    status_key: str
    agenda_item: str


def direction_lines(progress: Sequence[DirectionProgress], data: StoreData, lang: str = "en") -> list[DirectionLine]:
    """The lines of ``progress`` in ``lang``, in its order (overdue first)."""
    return [
        DirectionLine(
            p.direction_id,
            p.text(lang),
            plain_text(p.row.get("owner")),
            format_date(plain_text(p.row.get("due_on")) or None, lang),
            p.status_label(lang),
            p.figure(data, lang),
            p.action_taken(data, lang),
            p.status,
            plain_text(p.row.get("agenda_item")),
        )
        for p in progress
    ]


def _status_html(line: DirectionLine) -> str:
    mark = STATUS_MARKS[line.status_key]
    return (
        f"<span class='gp-dir-status' style='border-color:{mark.colour};color:{mark.colour}'>"
        f"<span class='gp-dir-shape' aria-hidden='true'>{mark.shape}</span> {escape_html(line.status)}</span>"
    )


def _line_html(line: DirectionLine, lang: str) -> str:
    due = t("direction.column.due_on", lang)
    figure = f"<span class='gp-dir-figure'>{escape_html(line.figure)}</span> · " if line.figure else ""
    return (
        f"<li class='gp-dir-line' data-direction='{line.number}'>{_status_html(line)} "
        f"<span class='gp-dir-text'>{escape_html(line.text)}</span>"
        f"<div class='gp-dir-who'>{figure}<span class='gp-dir-owner'>{escape_html(line.owner)}</span>"
        f" · {escape_html(due)} {escape_html(line.due)}</div></li>"
    )


def opening_slide_html(lines: Sequence[DirectionLine], lang: str = "en") -> str:
    """The deck's opening slide: one line per direction (status word and shape, text, owner, due date, figure).

    Examples
    --------
    >>> line = DirectionLine(1, "{{7*7}}", "DIO", "31 Mar 2021", "on track", "", "", "on_track", "csc")
    >>> "&#123;&#123;7*7&#125;&#125;" in opening_slide_html([line])
    True
    """
    if not lines:
        return f"<p class='gp-dir-none'>{escape_html(t('direction.slide.none', lang))}</p>"
    return f"<ol class='gp-dir-list'>{''.join(_line_html(line, lang) for line in lines)}</ol>"


def item_directions_html(lines: Sequence[DirectionLine], item_key: str, lang: str = "en") -> str:
    """An agenda slide's own directions (its ``agenda_item``), as short lines; "" when it has none."""
    mine = [line for line in lines if line.agenda_item == item_key]
    if not mine:
        return ""
    rows = "".join(
        f"<li>{_status_html(line)} <span class='gp-dir-text'>{escape_html(line.text)}</span></li>" for line in mine
    )
    head = escape_html(t("direction.slide.item_head", lang))
    return f"<div class='gp-dir-item'><div class='gp-dir-item-head'>{head}</div><ul>{rows}</ul></div>"


def first_measurable(progress: Sequence[DirectionProgress], chosen: int | None = None) -> DirectionProgress | None:
    """The direction whose short units the map shows: ``chosen`` (an id) when measurable, else the first measurable."""
    measurable = [p for p in progress if p.measurable]
    picked = [p for p in measurable if p.direction_id == chosen]
    return (picked or measurable or [None])[0]


def short_spec(progress: DirectionProgress) -> LayerSpec:
    """A layer outlining the panchayats still short of ``progress``'s target (a block target: its blocks' panchayats).

    Thick dark outlines with a light fill, so the short ones read on a greyscale projector too.
    """
    codes = set(progress.short)
    block_level = TARGETS[plain_text(progress.row.get("target_indicator"))].level == "block"
    title = Text("direction.slide.short_layer")

    def build(ctx: MapContext) -> gpd.GeoDataFrame:
        column = "block_lgd" if block_level else "lgd_code"
        rows = ctx.panchayats[ctx.panchayats[column].astype(str).isin(codes)]
        return rows.assign(**{"class": "short"})

    return LayerSpec(
        name="direction_short",
        title=title,
        geometry="polygon",
        source="direction_short",
        build=build,
        classes=(LegendClass("short", title, SHORT),),
        tooltip=GP_NAME,
        style={"weight": 4, "fill_opacity": 0.25},
        default_on=True,
        counted=True,
    )


# ---- the pack's action-taken page ----------------------------------------------------------------

#: The columns of the pack's table: key, width (mm), characters a line holds.
_COLUMNS = (
    ("serial", 12.0, 5),
    ("direction", 78.0, 46),
    ("owner", 40.0, 22),
    ("due_on", 24.0, 12),
    ("status", 30.0, 15),
    ("action_taken", 89.0, 54),
)
#: Height of one line of the table (mm) and of the page's table area (mm, below the title).
_LINE_MM = 4.0
_TABLE_MM = 150.0
_FONT = 8.5


def _cells(row: pd.Series) -> list[list[str]]:
    out = []
    for (_, _, chars), value in zip(_COLUMNS, row.tolist(), strict=True):
        text = str(value)
        out.append(textwrap.wrap(text, chars, break_long_words=True, break_on_hyphens=False) or [""])
    return out


def action_taken_pages(data: StoreData, as_of: str | None, lang: str = "en") -> list[pd.DataFrame]:
    """The pack's action-taken table of the directions given by ``as_of``, cut into pages (none: no page).

    The rows of :func:`geo.review.directions.action_taken_table`, the one table
    ``python -m geo directions export`` writes.
    """
    if as_of is None or data.directions.empty:
        return []
    progress = directions_on(data, as_of)
    return action_taken_chunks(action_taken_table(progress, data, lang)) if progress else []


def action_taken_chunks(table: pd.DataFrame) -> list[pd.DataFrame]:
    """``table`` (:func:`geo.review.directions.action_taken_table`) cut into pages: every row on one page.

    No row is dropped; a table with no rows is one page saying so.
    """
    chunks: list[pd.DataFrame] = []
    start, used = 0, 0.0
    for i in range(len(table)):
        height = (max(len(c) for c in _cells(table.iloc[i])) + 0.6) * _LINE_MM
        if used + height > _TABLE_MM - 2 * _LINE_MM and i > start:
            chunks.append(table.iloc[start:i])
            start, used = i, 0.0
        used += height
    chunks.append(table.iloc[start:])
    return chunks


def _status_by_label(lang: str) -> dict[str, str]:
    return {label(lang): key for key, label in STATUS_LABELS.items()}


def draw_action_taken(
    fig: Figure, chunk: pd.DataFrame, *, top_mm: float, page_mm: tuple[float, float], lang: str
) -> Figure:
    """Draw the action-taken table ``chunk`` onto ``fig`` (a page framed by the pack), from ``top_mm`` down.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The page (``page_mm`` wide and high), drawn with mathtext off.
    chunk : pandas.DataFrame
        Rows of :func:`geo.review.directions.action_taken_table` (its headers in ``lang``).
    top_mm : float
        Where the table starts, mm from the bottom.
    page_mm : (float, float)
        The page's width and height, mm.
    lang : str
        The language (the serial numbers' digits; the note on an empty table).
    """
    width, height = page_mm
    x0 = (width - sum(w for _, w, _ in _COLUMNS)) / 2

    def text(x: float, y: float, value: str, **style: object) -> None:
        fig.text(x / width, y / height, value, ha="left", va="baseline", fontsize=_FONT, **style)

    def rule(y: float, weight: float) -> None:
        fig.add_artist(Line2D([x0 / width, 1 - x0 / width], [y / height] * 2, color="#444444", linewidth=weight))

    y = top_mm - _LINE_MM
    x = x0
    for header, (_, w, _) in zip(chunk.columns, _COLUMNS, strict=True):
        text(x + 1, y, str(header), weight="bold")
        x += w
    y -= 0.4 * _LINE_MM
    rule(y, 0.8)
    if chunk.empty:
        text(x0 + 1, y - _LINE_MM, t("direction.slide.none", lang))
    for _, row in chunk.iterrows():
        cells = _cells(row.set_axis(range(len(row))))
        cells[0] = [format_count(int(row.iloc[0]), lang)]
        status = _status_by_label(lang).get(str(row.iloc[4]))
        if status is not None:
            cells[4][0] = f"{STATUS_MARKS[status].shape} {cells[4][0]}"
        x = x0
        for lines, (key, w, _) in zip(cells, _COLUMNS, strict=True):
            for k, line in enumerate(lines):  # one text per line, on the row's baselines: nothing overprints
                text(x + 1, y - (k + 1) * _LINE_MM, line, weight="bold" if key == "status" else "normal")
            x += w
        y -= (max(len(c) for c in cells) + 0.6) * _LINE_MM
        rule(y, 0.4)
    return fig
