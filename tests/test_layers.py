"""The folium renderer's output: counts, offline assets, escaping, Hindi legends, payload size."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from hostile import map_source

from geo.review.analysis import analyse
from layers.context import map_context
from layers.folium_map import MapOptions, build_map, delta_coded, front_coded, map_html
from layers.registry import LAYERS, theme_layers
from layers.selection import selection_spec

EVIL_GP = "<img src=x onerror=alert(1)>"
EVIL_VILLAGE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def ctx(demo):
    return map_context(analyse(demo))


@pytest.fixture(scope="module")
def full_html(ctx) -> str:
    return map_html(build_map(ctx, list(LAYERS.values())))


def test_panchayat_source_holds_118_features(full_html):
    features = map_source(full_html, "gpDataPanchayats")["features"]
    assert len(features) == 118
    assert {f["geometry"]["type"] for f in features} <= {"Polygon", "MultiPolygon"}


def test_assets_are_local_no_cdn(full_html):
    sources = re.findall(r'<script[^>]+src="([^"]+)"', full_html) + re.findall(r'<link[^>]+href="([^"]+)"', full_html)
    assert sources, "the page loads Leaflet from somewhere"
    assert all(src.startswith("/app/static/vendor/") for src in sources), sources
    assert "cdn" not in " ".join(sources).lower()
    assert "tile.openstreetmap" not in full_html


def test_osm_tiles_only_when_asked(ctx):
    page = map_html(build_map(ctx, theme_layers("panchayats"), options=MapOptions(tiles="osm")))
    assert "tile.openstreetmap.org" in page


def test_payload_of_the_full_map_is_under_300_kb(full_html):
    assert len(full_html.encode("utf-8")) < 300_000  # every layer at once; a theme's map is smaller


def test_scale_bar_is_metric_in_the_map_language(ctx):
    english = map_html(build_map(ctx, theme_layers("panchayats")))
    hindi = map_html(build_map(ctx, theme_layers("panchayats"), lang="hi"))
    devanagari = map_html(build_map(ctx, theme_layers("panchayats"), lang="hi-u-nu-deva"))
    assert "{imperial: false, metric: true}" in english and 'var unitsOf = {"en":["m","km","0123456789"]}' in english
    units = json.loads(re.search(r"var unitsOf = (\{.*?\}),", hindi).group(1))
    assert units == {"hi": ["मी.", "कि.मी.", "0123456789"]}
    units = json.loads(re.search(r"var unitsOf = (\{.*?\}),", devanagari).group(1))
    assert units == {"hi-u-nu-deva": ["मी.", "कि.मी.", "०१२३४५६७८९"]}
    assert "control.scale()" not in english  # Leaflet's own bar would add miles and feet


def test_user_text_is_escaped_in_popups_tooltips_and_labels(demo):
    panchayats = demo.panchayats.copy()
    panchayats.loc[0, "name"] = EVIL_GP
    villages = demo.villages.copy()
    villages.loc[0, "name"] = EVIL_VILLAGE
    evil = map_context(analyse(replace(demo, panchayats=panchayats, villages=villages)))
    page = map_html(
        build_map(
            evil,
            [LAYERS["panchayats"], LAYERS["aadhaar_distance"], selection_spec("990101")],
            visible=["panchayats", "aadhaar_distance", "selection"],
        )
    )
    assert EVIL_GP not in page
    assert EVIL_VILLAGE not in page
    assert "<img" not in page and "</script><script>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in [
        f["properties"]["p_name"] for f in map_source(page, "gpDataPanchayats")["features"]
    ]
    village_names = [f["properties"]["p_name"] for f in map_source(page, "gpDataAadhaarDistance")["features"]]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in village_names


def _legend(page: str) -> str:
    match = re.search(r"gpLegend\(\w+, (\".*?\")\);\n", page)
    assert match, "no legend in the page"
    return json.loads(match.group(1))


def test_legend_counts_are_the_figures(ctx):
    legend = _legend(map_html(build_map(ctx, theme_layers("connectivity"))))
    figures = ctx.figures
    for key in ("working", "live_offline", "not_live"):
        assert f"{figures.title(key)} ({figures.value(key)})" in legend
    assert "Panchayat buildings online, working (40)" in legend  # by hand from the demo
    hindi = _legend(map_html(build_map(ctx, theme_layers("aadhaar"), lang="hi")))
    assert "10 कि.मी. से अधिक (60)" in hindi and "0–5 कि.मी." in hindi


def test_a_class_property_ships_once(ctx):
    page = map_html(build_map(ctx, theme_layers("connectivity")))
    source = map_source(page, "gpDataPanchayats")
    raw = source["raw"]
    assert sorted(raw["gp_lookup"]["c_connectivity"]) == ["live_offline", "not_live", "working"]
    assert {type(v) for v in raw["props"]["c_connectivity"]} == {int}
    assert "features" not in raw and "type" not in raw  # columns: no per-feature keys in the payload
    decoded = source["features"]
    assert sum(f["properties"]["c_connectivity"] == "working" for f in decoded) == 40


def test_legend_and_layer_names_in_hindi(ctx):
    page = map_html(build_map(ctx, theme_layers("connectivity"), lang="hi"))
    legend = _legend(page)
    assert "जिला सीमा" in legend and "ग्राम पंचायत" in legend and "प्रखंड सीमा" in legend
    assert "District boundary" not in legend
    badge = re.search(r"gpDemoBadge\(\w+, (\".*?\")\);", page)
    assert json.loads(badge.group(1)) == "डेमो डेटा — आधिकारिक नहीं"
    english = _legend(map_html(build_map(ctx, theme_layers("connectivity"), lang="en")))
    assert "District boundary" in english and "जिला सीमा" not in english


def test_layer_switcher_folds_into_an_icon_when_collapsed(ctx):
    assert '"collapsed": false' in map_html(build_map(ctx, theme_layers("panchayats")))
    folded = build_map(ctx, theme_layers("panchayats"), options=MapOptions(collapsed=True))
    assert '"collapsed": true' in map_html(folded)


def test_only_filled_or_point_layers_take_clicks(ctx):
    """On a canvas an unfilled outline would swallow the clicks meant for the panchayats under it."""
    page = map_html(build_map(ctx, theme_layers("csc")))  # no_csc, panchayats, blocks, district, csc
    calls = re.findall(r"= GpDataLayer\((\w+), (\{.*\})\);", page)
    takes_clicks = [(source, "true" if json.loads(options)["interactive"] else "false") for source, options in calls]
    assert takes_clicks == [
        ("gpDataPanchayats", "true"),
        ("gpDataPanchayats", "true"),
        ("gpDataBlocks", "false"),
        ("gpDataDistrict", "false"),
        ("gpDataCsc", "true"),
    ]


def test_front_and_delta_coding_by_hand():
    assert front_coded(["Nala GP 01 village 01", "Nala GP 01 village 02", "Nala GP 02 village 01"]) == [
        0,
        "Nala GP 01 village 01",
        20,
        "2",
        9,
        "2 village 01",
    ]
    assert front_coded(["Kita", "Dumka", "Nala"]) is None  # nothing shared: plain texts are shorter
    assert front_coded(["😀 a village", "😀 a village 2", "😀 a village 3"]) is None  # outside the BMP
    assert front_coded([1, 2]) is None
    assert delta_coded([86.1, 23.9, 86.10001, 23.89998, 86.2, 24.0], 5) == [8610000, 2390000, 1, -2, 9999, 10002]
