"""The district map's layers: a selected panchayat is led to its services whatever the theme."""

from __future__ import annotations

import pytest

from geo.review.analysis import analyse
from layers.context import map_context
from layers.nearest import nearest_lines
from ui.mapview import district_specs


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
