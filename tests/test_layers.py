"""The folium renderer's output: counts, offline assets, escaping, Hindi legends, payload size."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import geopandas as gpd
import pandas as pd
import pytest
from hostile import map_source
from shapely.geometry import Point, Polygon, box

from geo.review.analysis import analyse
from layers.boundaries import BLOCKS, PANCHAYATS
from layers.context import map_context
from layers.folium_map import (
    MapOptions,
    build_map,
    delta_coded,
    front_coded,
    label_order,
    label_rank,
    layer_labels,
    legend_corner,
    map_aspect,
    map_html,
)
from layers.nearest import nearest_spec
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


def test_map_aspect_is_the_bounds_width_over_height_as_the_map_draws_them():
    # at the equator 2° of longitude is 2 x 111,319.49 m; 0°-1° of latitude is
    # 6378137 x ln(tan(45.5°)) = 111,325.14 m in Web Mercator: 222,638.98 / 111,325.14 = 1.99990
    assert map_aspect((0, 0, 2, 1)) == pytest.approx(1.99990, abs=1e-5)
    # 1° x 1° about 60° N: 111,319.49 m wide, 6378137 x (ln tan(75.25°) - ln tan(74.75°)) = 222,658.8 m tall
    assert map_aspect((0, 59.5, 1, 60.5)) == pytest.approx(0.49996, abs=1e-5)  # about cos 60° = 0.5
    with pytest.raises(ValueError, match=r"east > west and north > south, got \(2, 0, 0, 1\)"):
        map_aspect((2, 0, 0, 1))


def test_the_legend_goes_to_the_corner_the_outline_leaves_most_free():
    # the triangle x + y <= 1 covers its bottom-left corner box (0.3 x 0.45) whole, 0.045 of the bottom right's,
    # 0.09 of the top left's and nothing of the top right's
    assert legend_corner(Polygon([(0, 0), (1, 0), (0, 1)])) == "topright"
    assert legend_corner(Polygon([(0, 0), (1, 0), (1, 1)])) == "topleft"  # its mirror image
    assert legend_corner(box(0, 0, 1, 1)) == "bottomleft"  # a square leaves no corner free: the first corner
    l_shape = Polygon([(0, 0), (1, 0), (1, 1), (0.6, 1), (0.6, 0.5), (0, 0.5)])  # the top left quarter cut away
    assert legend_corner(l_shape) == "topleft"
    with pytest.raises(
        ValueError, match=r"share must be a \(width, height\) pair of shares in \(0, 1\], got \(0, 0.5\)"
    ):
        legend_corner(box(0, 0, 1, 1), share=(0, 0.5))


def test_the_corner_legend_sits_where_the_district_leaves_room(ctx):
    page = map_html(build_map(ctx, theme_layers("panchayats")))
    corner = legend_corner(ctx.district.geometry.union_all())
    assert re.search(rf'map_[0-9a-f]+\.gpLegendCorner = "{corner}";\ngpLegend\(map_[0-9a-f]+, ', page)
    folded = map_html(build_map(ctx, theme_layers("panchayats"), options=MapOptions(legend_folded=True)))
    assert re.search(
        r'map_[0-9a-f]+\.gpLegendCorner = "bottomleft";\ngpLegend\(', folded
    )  # a phone's folded legend button


def test_labels_are_kept_most_populous_first_and_unknown_last():
    frame = gpd.GeoDataFrame(
        {"short": ["a", "b", "c", "d"], "population": pd.array([10, None, 30, 20], dtype="Int64")},
        geometry=[Point(86.1, 23.1), Point(86.2, 23.2), Point(86.3, 23.3), Point(86.4, 23.4)],
        crs=4326,
    )
    assert label_order(frame) == [2, 3, 0, 1]  # c (30) first, then d (20), a (10), b (not recorded)
    assert label_order(frame.assign(population=[5, 5, 5, 5])) == [0, 1, 2, 3]  # ties: the frame's order
    assert label_order(frame.drop(columns="population")) == [0, 1, 2, 3]
    assert frame["population"].tolist()[1] is pd.NA  # the input is unchanged
    labels = layer_labels(PANCHAYATS, frame, ["en"])
    assert [label[2] for label in labels] == ["a", "b", "c", "d"]  # the labels stay in the rows' order


def test_label_ranks_put_a_selections_distances_then_blocks_then_panchayats_first(ctx):
    lines = nearest_spec(gpd.GeoDataFrame(geometry=[Point(86.8, 23.95)], crs=4326))
    assert label_rank(lines, ctx.panchayats.iloc[:3]) == 0
    assert label_rank(BLOCKS, ctx.blocks) == 7  # 6 blocks
    assert label_rank(PANCHAYATS, ctx.panchayats) == 119  # 118 panchayats
    page = map_html(build_map(ctx, [PANCHAYATS, BLOCKS]))
    options = [json.loads(m) for m in re.findall(r"GpDataLayer\(gpData\w+, (\{.*\})\);", page)]
    assert [o["rank"] for o in options] == [119, 7]
    populations = ctx.panchayats["population"].tolist()
    most = populations.index(max(populations))
    assert options[0]["order"][most] == 0 and sorted(options[0]["order"]) == list(range(118))


def test_the_zoom_buttons_can_be_left_off(ctx):
    assert '"zoomControl": true' in map_html(build_map(ctx, theme_layers("panchayats")))
    bare = map_html(build_map(ctx, theme_layers("panchayats"), options=MapOptions(zoom_buttons=False)))
    assert '"zoomControl": false' in bare and '"zoomControl": true' not in bare


def test_the_demo_badge_stays_off_a_map_whose_page_marks_the_demo_itself(ctx):
    assert ctx.is_demo
    assert "gpDemoBadge(" in map_html(build_map(ctx, theme_layers("panchayats")))
    assert "gpDemoBadge(" not in map_html(
        build_map(ctx, theme_layers("panchayats"), options=MapOptions(demo_badge=False))
    )
