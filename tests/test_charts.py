"""The Planner's charts as PNG downloads: real images, Hindi drawn with a font that has its glyphs."""

from __future__ import annotations

import io
import warnings

from PIL import Image

from layers.charts import bars_png, curve_png


def _image(data: bytes) -> Image.Image:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(data))


def test_bars_and_curve_are_pngs_with_hindi_glyphs():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bars = bars_png(["जामताड़ा", "नाला", "कुंडहित"], [87.0, 96.6, 100.0], title="पहुँच में आबादी का हिस्सा",
                        axis="पहुँच (%)")
        curve = curve_png([1.0, 2.0, 5.0, 10.0], [10.0, 30.0, 30.0, 100.0], chosen_x=5.0,
                          title="हर दूरी के भीतर आबादी का हिस्सा", x_axis="दूरी (कि.मी.)", y_axis="पहुँच (%)",
                          chosen="दूरी सीमा: 5")
    assert not [w for w in caught if "missing from" in str(w.message)], [str(w.message) for w in caught]
    for image in (_image(bars), _image(curve)):
        width, height = image.size
        assert width > 800 and 350 < height < width  # 7 × 3.6 in at 150 dpi, trimmed to the drawing
