"""The Planner's charts as PNG files (matplotlib, Devanagari shaped), for planners to paste into a note.

The page draws the same data with Vega-Lite; these are the downloads. Drawn on a
``Figure`` inside ``rc_context`` like the map sheets: no pyplot, no global state.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from geo.formats import format_number
from layers.sheet import _RC, shortened
from layers.spec import BLUE, VERMILION

_SIZE_IN = (7.0, 3.6)
_DPI = 150
#: Longest bar label (characters; longer ones end in "…"): the PNG keeps its size whatever the names.
_LABEL_CHARS = 32


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=_DPI, bbox_inches="tight")
    return buffer.getvalue()


def _in_digits(ax: Axes, lang: str, *, y: bool) -> None:
    """Tick numbers written by :func:`geo.formats.format_number`, in the language's digits."""
    ticks = FuncFormatter(lambda value, _: format_number(value, lang, decimals=0))
    ax.xaxis.set_major_formatter(ticks)
    if y:
        ax.yaxis.set_major_formatter(ticks)


def bars_figure(labels: Sequence[str], percents: Sequence[float], *, title: str, axis: str, lang: str = "en") -> Figure:
    """Horizontal bars of a share per label (0–100 %), highest on top, each with its value written."""
    order = sorted(range(len(labels)), key=lambda i: percents[i])
    fig = Figure(figsize=_SIZE_IN)
    ax = fig.add_subplot()
    bars = ax.barh(range(len(order)), [percents[i] for i in order], color=BLUE)
    ax.set_yticks(range(len(order)), [shortened(labels[i], _LABEL_CHARS) for i in order])  # two alike stay two
    ax.bar_label(bars, labels=[format_number(percents[i], lang) for i in order], padding=3, fontsize=8)
    ax.set_xlim(0, 105)
    _in_digits(ax, lang, y=False)
    ax.set_xlabel(axis)
    ax.set_title(title, loc="left", fontsize=10, weight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def curve_figure(
    xs: Sequence[float],
    percents: Sequence[float],
    *,
    chosen_x: float,
    title: str,
    x_axis: str,
    y_axis: str,
    chosen: str,
    lang: str = "en",
) -> Figure:
    """The coverage curve (share within each distance or travel time) with the chosen one as a dashed line."""
    fig = Figure(figsize=_SIZE_IN)
    ax = fig.add_subplot()
    ax.plot(xs, percents, color=BLUE, marker="o", markersize=3)
    ax.axvline(chosen_x, color=VERMILION, linestyle="--", linewidth=1.5, label=chosen)
    ax.set_ylim(0, 100)
    ax.set_xlim(0, max(xs) * 1.03)
    _in_digits(ax, lang, y=True)
    ax.set_xlabel(x_axis)
    ax.set_ylabel(y_axis)
    ax.set_title(title, loc="left", fontsize=10, weight="bold")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def bars_png(labels: Sequence[str], percents: Sequence[float], *, title: str, axis: str, lang: str = "en") -> bytes:
    """:func:`bars_figure` as PNG bytes."""
    with matplotlib.rc_context(_RC):
        return _png(bars_figure(labels, percents, title=title, axis=axis, lang=lang))


def curve_png(
    xs: Sequence[float],
    percents: Sequence[float],
    *,
    chosen_x: float,
    title: str,
    x_axis: str,
    y_axis: str,
    chosen: str,
    lang: str = "en",
) -> bytes:
    """:func:`curve_figure` as PNG bytes."""
    with matplotlib.rc_context(_RC):
        return _png(
            curve_figure(
                xs, percents, chosen_x=chosen_x, title=title, x_axis=x_axis, y_axis=y_axis, chosen=chosen, lang=lang
            )
        )
