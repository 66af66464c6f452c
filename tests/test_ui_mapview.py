"""The district map's layers (a selected panchayat is led to its services whatever the theme), legend and shape."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from geo.review.analysis import analyse
from layers.context import map_context
from layers.folium_map import map_html
from layers.nearest import nearest_lines
from ui.mapview import district_map_and_legend, district_specs, map_shape


@pytest.fixture(scope="module")
def ctx(demo):
    return map_context(analyse(demo))


def _code(ctx, name: str) -> str:
    return ctx.panchayats.loc[ctx.panchayats["name"] == name, "lgd_code"].item()


@pytest.mark.parametrize("theme", ["connectivity", "aadhaar", "pmgdisha"])
def test_a_selection_adds_its_bhawan_lines_and_every_service_they_lead_to(ctx, theme):
    code = _code(ctx, "Nala GP 03")
    names = [spec.name for spec in district_specs(ctx, theme=theme, public=False, selected=code)[0]]
    assert {"selection", "nearest", "bhawan", "aadhaar", "csc", "pmgdisha"} <= set(names)
    assert len(names) == len(set(names))  # a theme's own service layer is not added twice
    assert names[-1] == "bhawan"  # drawn last: on top of the lines that start there


def test_no_selection_draws_the_theme_and_the_boundaries_only(ctx):
    specs, origin = district_specs(ctx, theme="connectivity", public=False)
    assert origin is None
    assert [spec.name for spec in specs] == ["connectivity", "panchayats", "blocks", "district"]


def test_every_line_starts_at_the_bhawan_and_ends_on_a_functional_service(ctx):
    code = _code(ctx, "Nala GP 03")
    specs, origin = district_specs(ctx, theme="connectivity", public=False, selected=code)
    bhawan = next(spec for spec in specs if spec.name == "bhawan").frame(ctx).geometry.iloc[0]
    lines = nearest_lines(ctx, origin)
    functional = ctx.services[ctx.services["functional"].astype(bool)]
    for line, kind in zip(lines.geometry, lines["class"], strict=True):
        start, end = line.coords[0], line.coords[-1]
        assert start == bhawan.coords[0]
        ends = functional[(functional["kind"] == kind)].geometry
        assert any(point.coords[0] == end for point in ends), kind


def test_a_legend_beside_the_map_carries_the_demo_badge_instead_of_the_map(ctx):
    fmap, legend = district_map_and_legend(ctx, theme="connectivity", lang="hi", public=False)
    assert not re.search(r"gpDemoBadge\(\w+,", map_html(fmap))  # no badge over the district
    assert "<span class='gp-demo'>डेमो डेटा — आधिकारिक नहीं</span>" in legend
    body = legend.split("</style>", 1)[1]
    assert body.index("gp-demo'>") < body.index("gp-legend-title")  # above the legend


def _real(ctx):
    """``ctx`` as a real district's (its analysis not marked DEMO)."""
    return replace(ctx, analysis=replace(ctx.analysis, is_demo=False))


def test_a_real_districts_legend_has_no_demo_badge(ctx):
    _, legend = district_map_and_legend(_real(ctx), theme="connectivity", lang="en", public=False)
    body = legend.split("</style>", 1)[1]
    assert "gp-demo" not in body and "DEMO" not in body


def test_map_shape_gives_the_districts_aspect_and_at_most_a_height():
    # 2° by 1° at the equator is 1.9999 wide for 1 high in Web Mercator; the fit's margin (1.06) leaves 1.8867
    assert map_shape((0, 0, 2, 1), "box") == ".st-key-box iframe { aspect-ratio: 1.8867; }"
    assert map_shape((0, 0, 2, 1), "box", max_height_px=620) == (
        ".st-key-box iframe { aspect-ratio: 1.8867; max-height: 620px; }"
    )
