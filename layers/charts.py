"""The Planner's charts as PNG files (matplotlib, Devanagari shaped), for planners to paste into a note.

The page draws the same data with Vega-Lite; these are the downloads. Drawn on a
``Figure`` inside ``rc_context`` like the map sheets: no pyplot, no global state.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib
from matplotlib.figure import Figure

from layers.sheet import _RC
from layers.spec import BLUE, VERMILION

_SIZE_IN = (7.0, 3.6)
_DPI = 150


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=_DPI, bbox_inches="tight")
    return buffer.getvalue()


def bars_png(labels: Sequence[str], percents: Sequence[float], *, title: str, axis: str) -> bytes:
    """Horizontal bars of a share per label (0–100 %), highest on top, each with its value written."""
    order = sorted(range(len(labels)), key=lambda i: percents[i])
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=_SIZE_IN)
        ax = fig.add_subplot()
        bars = ax.barh([labels[i] for i in order], [percents[i] for i in order], color=BLUE)
        ax.bar_label(bars, labels=[f"{percents[i]:.1f}" for i in order], padding=3, fontsize=8)
        ax.set_xlim(0, 105)
        ax.set_xlabel(axis)
        ax.set_title(title, loc="left", fontsize=10, weight="bold")
        ax.spines[["top", "right"]].set_visible(False)
        return _png(fig)


def curve_png(xs: Sequence[float], percents: Sequence[float], *, chosen_x: float, title: str, x_axis: str,
              y_axis: str, chosen: str) -> bytes:
    """The coverage curve (share within each distance or travel time) with the chosen one as a dashed line."""
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=_SIZE_IN)
        ax = fig.add_subplot()
        ax.plot(xs, percents, color=BLUE, marker="o", markersize=3)
        ax.axvline(chosen_x, color=VERMILION, linestyle="--", linewidth=1.5, label=chosen)
        ax.set_ylim(0, 100)
        ax.set_xlim(0, max(xs) * 1.03)
        ax.set_xlabel(x_axis)
        ax.set_ylabel(y_axis)
        ax.set_title(title, loc="left", fontsize=10, weight="bold")
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        ax.grid(alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        return _png(fig)
