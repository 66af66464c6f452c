"""The Planner's charts as PNG downloads: real images, Hindi drawn with a font that has its glyphs."""

from __future__ import annotations

import io
import warnings

from PIL import Image

from layers.charts import bars_figure, bars_png, curve_figure, curve_png


def _image(data: bytes) -> Image.Image:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(data))


def test_bars_and_curve_are_pngs_with_hindi_glyphs():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bars = bars_png(["जामताड़ा", "नाला", "कुंडहित"], [87.0, 96.6, 100.0], title="पहुँच में आबादी का हिस्सा", axis="पहुँच (%)")
        curve = curve_png(
            [1.0, 2.0, 5.0, 10.0],
            [10.0, 30.0, 30.0, 100.0],
            chosen_x=5.0,
            title="हर दूरी के भीतर आबादी का हिस्सा",
            x_axis="दूरी (कि.मी.)",
            y_axis="पहुँच (%)",
            chosen="दूरी सीमा: 5",
        )
    assert not [w for w in caught if "missing from" in str(w.message)], [str(w.message) for w in caught]
    for image in (_image(bars), _image(curve)):
        width, height = image.size
        assert width > 800 and 350 < height < width  # 7 × 3.6 in at 150 dpi, trimmed to the drawing


def _texts(fig) -> list[str]:
    """Every text of the chart: bar values, tick numbers (written at draw time), titles."""
    fig.canvas.draw()
    ax = fig.axes[0]
    texts = [*ax.texts, *ax.get_xticklabels(), *ax.get_yticklabels()]
    return [t.get_text() for t in texts if t.get_text()]


def test_chart_numbers_are_the_formatters_in_the_language_digits():
    english = _texts(bars_figure(["A", "B"], [87.04, 96.65], title="t", axis="a"))
    assert "87.0" in english and "96.7" in english and "100" in english  # bar values one decimal (half up); ticks
    devanagari = _texts(bars_figure(["A", "B"], [87.04, 96.65], title="t", axis="a", lang="hi-u-nu-deva"))
    assert "८७.०" in devanagari and "९६.७" in devanagari and "१००" in devanagari
    curve = _texts(
        curve_figure(
            [1.0, 10.0], [10.0, 100.0], chosen_x=5.0, title="t", x_axis="x", y_axis="y", chosen="c", lang="hi-u-nu-deva"
        )
    )
    assert "६०" in curve and "१०" in curve and not any(ch.isascii() and ch.isdigit() for text in curve for ch in text)
