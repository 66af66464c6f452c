"""The public page in pieces (layers/pieces.py, layers/publish.py): the folder, its pieces, names as data.

Small frames with hand-computed areas; the DEMO store (118 panchayats in 6 blocks, 1,100
villages) for the folder; the hostile corpus (tests/hostile.py) inside a piece file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hostile import NAMES, hostile_data
from shapely.geometry import Point, Polygon, box

from geo.errors import GeoInputError
from geo.spatial.simplify import simplify_coverage
from geo.storage.demo_state import StateSize, build_demo_state
from geo.storage.identity import DistrictIdentity
from layers import publish
from layers.folium_map import coded_polygons
from layers.markup import escape_html
from layers.pieces import LEVELS, group_areas, pieces_of
from layers.publish import build_public_site, page_title, runs, write_public_map

PUBLISHED = dt.date(2020, 12, 15)
HOSTILE = "</script>{{7*7}}"
PIECE = re.compile(r'^gpPiece\("(\w+)", (\{.*\})\);\n$', flags=re.S)


@pytest.fixture(scope="module")
def site(demo_private):
    """The DEMO page as a folder's files, built from the store read WITH its private fields (the worst case)."""
    return build_public_site(demo_private, published_on=PUBLISHED)


def _words(index: str) -> dict:
    """What ``public_map.js`` reads from the first load (``var gpPublic``)."""
    return json.loads(re.search(r"var gpPublic = (\{.*?\});\n", index).group(1))


def _decoded(texts: dict) -> list[str]:
    """Texts as the page ships them (``{"plain": …}`` or front coded ``{"front": [shared, rest, …]}``), read back."""
    if "plain" in texts:
        return texts["plain"]
    out, previous = [], ""
    for shared, rest in zip(texts["front"][::2], texts["front"][1::2], strict=True):
        previous = previous[:shared] + rest
        out.append(previous)
    return out


def _piece(text: str) -> tuple[str, dict]:
    match = PIECE.match(text)
    assert match, text[:200]
    return match.group(1), json.loads(match.group(2))


# ---- geo.spatial.simplify ---------------------------------------------------------------------------------------


def test_simplify_coverage_keeps_a_shared_edge_shared():
    # two 1 km squares (UTM 45N) sharing an edge with a 3 m bump in its middle
    west = Polygon([(0, 0), (1000, 0), (1000, 500), (1003, 510), (1000, 520), (1000, 1000), (0, 1000)])
    east = Polygon([(1000, 0), (2000, 0), (2000, 1000), (1000, 1000), (1000, 520), (1003, 510), (1000, 500)])
    frame = gpd.GeoDataFrame({"name": ["W", "E"]}, geometry=[west, east], crs=32645)
    before = frame.copy()
    out = simplify_coverage(frame, tolerance_m=10)
    assert [len(g.exterior.coords) for g in out.geometry] == [5, 5]  # the bump is gone from both
    assert out.geometry[0].intersection(out.geometry[1]).length == pytest.approx(1000, abs=1e-6)  # still shared
    assert out.union_all().area == pytest.approx(2_000_000, abs=1e-3)  # no gap, no overlap
    assert out.crs == frame.crs and out["name"].tolist() == ["W", "E"]
    pd.testing.assert_frame_equal(frame, before)  # the input is unchanged
    assert len(simplify_coverage(frame, tolerance_m=0).geometry[0].exterior.coords) == 8


def test_simplify_coverage_errors():
    frame = gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1)])
    with pytest.raises(ValueError, match="the frame has no CRS"):
        simplify_coverage(frame, tolerance_m=10)
    with pytest.raises(ValueError, match=r"tolerance_m must be 0 or more metres, got -1"):
        simplify_coverage(frame.set_crs(32645), tolerance_m=-1)


# ---- layers.pieces --------------------------------------------------------------------------------------------


def test_group_areas_keeps_every_row_in_an_area():
    panchayats = pd.DataFrame({"block_lgd": ["B2", "B1", "B2", None]})
    villages = pd.DataFrame({"block_lgd": ["B1", "B3"]})
    areas = group_areas({"panchayats": panchayats, "aadhaar_distance": villages}, "block_lgd")
    assert areas.keys == ["B2", "B1", None, "B3"]  # a block not recorded is an area of its own, never dropped
    assert areas.of["panchayats"].tolist() == [0, 1, 0, 2]
    assert areas.of["aadhaar_distance"].tolist() == [1, 3]


def test_group_areas_names_the_frames_without_the_column():
    with pytest.raises(ValueError, match=r"\['villages'\] have no column 'district_lgd'"):
        group_areas(
            {"panchayats": pd.DataFrame({"district_lgd": [1]}), "villages": pd.DataFrame({"x": [1]})}, "district_lgd"
        )


def test_pieces_of_areas():
    frames = {name: pd.DataFrame({"block_lgd": []}) for names in LEVELS.values() for name in names}
    frames["panchayats"] = pd.DataFrame({"block_lgd": ["B1", "B2", "B1"]})
    frames["aadhaar_distance"] = pd.DataFrame({"block_lgd": ["B1", "B1"]})
    pieces = pieces_of(group_areas(frames, "block_lgd"))
    assert [piece.name for piece in pieces] == ["a0p", "a0v", "a1p"]  # B2 has no villages: no piece a1v
    assert pieces[0].rows["panchayats"].tolist() == [0, 2] and pieces[1].rows["aadhaar_distance"].tolist() == [0, 1]


def test_coded_polygons_and_runs():
    square = box(86.0, 23.0, 86.00002, 23.00001)  # corners in 1e-5 degree steps
    hole = Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (2, 1), (2, 2)]])
    coded = coded_polygons(np.array([square, None, hole]), 5)
    assert coded["parts"] == [[[4]], None, [[4, 3]]]
    assert coded["dxy"][:8] == [8600002, 2300000, 0, 1, -2, 0, 0, -1]
    assert coded_polygons(np.array([Point(0, 0)]), 5) is None  # not a polygon: GeoJSON as before
    assert runs([]) == [] and runs([2, 2, 0]) == [2, 2, 0, 1]


# ---- the folder ---------------------------------------------------------------------------------------------


def test_the_first_load_holds_the_index_and_the_pieces_the_rest(site):
    # 6 blocks: a panchayat piece and a village piece each, and the centres' table
    assert sorted(site.pieces) == sorted([f"a{n}{level}" for n in range(6) for level in "pv"] + ["centres"])
    words = json.loads(re.search(r"var gpPublic = (\{.*?\});\n", site.index).group(1))
    places = words["places"]
    assert places["n_panchayats"] == 118 and len(places["name"]["front"]) == 2 * (118 + 1_100)  # every place
    assert sum(places["area"][1::2]) == 118 + 1_100 and sorted(set(places["area"][::2])) == [0, 1, 2, 3, 4, 5]
    assert [count[0] for count in words["areas"]["count"]] == [
        len(_piece(site.pieces[f"a{n}p"])[1]["place"]) for n in range(6)
    ]
    assert sum(count[1] for count in words["areas"]["count"]) == 1_100
    assert "centres" not in words and "near" not in places  # they come with the pieces
    assert 'gpPiece("a0p"' not in site.index  # nothing of a piece is in the first load
    assert site.index.count('var gpDataPanchayats = gpSource({"n":0,') == 1  # its layers start empty


def test_a_piece_carries_its_rows_and_their_nearest_centres(site, demo):
    name, piece = _piece(site.pieces["a0p"])
    assert name == "a0p" and set(piece) == {"sources", "labels", "place", "near", "dxy"}
    panchayats = piece["sources"]["panchayats"]
    assert panchayats["n"] == len(piece["place"]) == len(piece["labels"]["panchayats"])
    assert len(piece["near"]["csc"]) == 2 * panchayats["n"]  # (centre, metres) per panchayat
    first = demo.panchayats.iloc[0]  # Jamtara GP 01, the first panchayat of the first block
    assert piece["place"][0] == 0 and html.unescape(piece["labels"]["panchayats"][0][2]) == "GP 01"
    assert first["block_lgd"] == demo.panchayats["block_lgd"].iloc[piece["place"]].unique().item()


def test_piece_files_carry_every_name_as_data():
    site = build_public_site(hostile_data(), published_on=PUBLISHED)
    text = site.pieces["a0p"]  # the block of every hostile panchayat
    assert "</script" not in text.lower() and "{{" not in text and "{%" not in text and "${" not in text
    _, piece = _piece(text)
    labels = [html.unescape(label[2]) for label in piece["labels"]["panchayats"]]
    props = piece["sources"]["panchayats"]["props"]
    shown = {html.unescape(v) for key, values in props.items() if key.startswith("p_name") for v in values}
    for key, name in NAMES.items():
        assert html.unescape(escape_html(name)) in shown, key  # the popup's text: the name as written
    assert len(labels) == piece["sources"]["panchayats"]["n"]
    assert not any("<" in label[2] or "{" in label[2] for label in piece["labels"]["panchayats"])  # escaped text


def test_write_public_map_writes_a_folder_and_replaces_only_its_own(demo, tmp_path):
    out = write_public_map(tmp_path / "public_map", demo, published_on=PUBLISHED)
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "pieces"]
    assert len(list((out / "pieces").iterdir())) == 13 and (out / "pieces" / "a5v.js").stat().st_mode & 0o044
    write_public_map(out, demo, published_on=PUBLISHED)  # a page published again replaces the old one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public_map"]  # nothing half-written left beside it
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "minutes.txt").write_text("keep me")
    with pytest.raises(GeoInputError, match=r"notes is a folder that is not a published public page"):
        write_public_map(tmp_path / "notes", demo)
    (tmp_path / "old.html").write_text("<html>")
    with pytest.raises(GeoInputError, match=r"old\.html is a file; publish writes a folder"):
        write_public_map(tmp_path / "old.html", demo)
    assert (tmp_path / "notes" / "minutes.txt").read_text() == "keep me"
    assert (tmp_path / "old.html").read_text() == "<html>"


def test_a_deferred_source_starts_empty_with_the_names_and_counts_of_all_its_rows(demo):
    from geo.review.analysis import analyse
    from layers.context import map_context
    from layers.folium_map import MapOptions, build_map, map_html
    from layers.registry import LAYERS

    ctx = map_context(analyse(demo))
    specs = [LAYERS["connectivity"], LAYERS["panchayats"], LAYERS["blocks"]]
    whole = map_html(build_map(ctx, specs, langs=("en", "hi")))
    later = map_html(build_map(ctx, specs, langs=("en", "hi"), options=MapOptions(deferred=frozenset({"panchayats"}))))
    assert 'var gpDataPanchayats = gpSource({"n":0,' in later and '"n":118,' in whole
    assert re.search(r'var gpDataBlocks = gpSource\(\{"n":6,', later)  # the other sources as they were

    def options(page: str) -> list[dict]:
        found = re.findall(r"GpDataLayer\(gpDataPanchayats, (\{.*?\})\);\n", page)
        return [{k: v for k, v in json.loads(text).items() if k != "labels"} for text in found]

    assert len(options(whole)) == 2 and options(later) == options(
        whole
    )  # the same property names, so the pieces' rows read the same
    legend = re.compile(r"gpLegend\(\w+, (\".*?\")\);\n")
    assert legend.search(later).group(1) == legend.search(whole).group(1)  # every count, of all the rows


# ---- a state's page: the villages' search index in a piece, the title of several districts ------------------


@pytest.fixture(scope="module")
def two_districts():
    """A DEMO state of 2 districts of 1 block, 2 panchayats and 3 villages each; its fifth village's name hostile."""
    data = build_demo_state(StateSize(districts=2, blocks=2, panchayats=4, villages_per_panchayat=(3, 3)))
    villages = data.villages.copy()
    villages.loc[villages["census_code"] == "901010202", "name"] = HOSTILE  # Village 01-01-02-02, of GP 01-01-02
    return dataclasses.replace(data, villages=villages)


@pytest.fixture(scope="module")
def state_site(two_districts):
    """Its page, with the first load carrying the names of at most 11 villages (it has 12)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(publish, "INDEX_VILLAGES", 11)
        return build_public_site(two_districts, published_on=PUBLISHED)


def test_a_state_s_first_load_holds_the_panchayats_names_and_no_village_s(state_site):
    words = _words(state_site.index)
    places = words["places"]
    assert places["n_panchayats"] == 4
    assert _decoded(places["name"]) == ["GP 01-01-01", "GP 01-01-02", "GP 02-01-01", "GP 02-01-02"]
    assert places["code"] == {"steps": [9010101, 1, 9999, 1]}  # 9010101, 9010102, 9020101, 9020102
    assert _decoded(places["within_names"]["en"]) == ["Block 01-01", "Block 02-01"]
    assert places["within"] == [0, 2, 1, 2] and places["area"] == [0, 2, 1, 2]  # two blocks: two areas
    assert words["pieces"]["index"] == "places" and "places" in state_site.pieces
    assert not re.search(r"(Village|ग्राम) 0\d-", state_site.index)  # not one village's name, in either language
    assert "901010101" not in state_site.index and "7*7" not in state_site.index


def test_the_villages_index_piece_holds_every_village_as_data(state_site):
    text = state_site.pieces["places"]
    assert "</script" not in text.lower() and "{{" not in text and "${" not in text
    name, index = _piece(text)
    assert name == "places" and set(index) == {"code", "name", "name_hi", "within", "within_names", "area"}
    names = _decoded(index["name"])
    assert len(names) == 12 and names[:4] == [
        "Village 01-01-01-01",
        "Village 01-01-01-02",
        "Village 01-01-01-03",
        "Village 01-01-02-01",
    ]
    assert names[4] == HOSTILE  # arrives as that text: never script, never a template
    assert names[11] == "Village 02-01-02-03" and _decoded(index["name_hi"])[11] == "ग्राम 02-01-02-03"
    assert index["code"] == {"steps": [901010101, 1, 1, 98, 1, 1, 999898, 1, 1, 98, 1, 1]}
    assert _decoded(index["within_names"]["en"]) == ["GP 01-01-01", "GP 01-01-02", "GP 02-01-01", "GP 02-01-02"]
    assert index["within"] == [0, 3, 1, 3, 2, 3, 3, 3]  # each panchayat's three villages
    assert index["area"] == [0, 6, 1, 6]  # a village is in its panchayat's block


def test_the_villages_index_stays_in_the_first_load_up_to_its_budget(two_districts):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(publish, "INDEX_VILLAGES", 12)  # as many as the store has
        site = build_public_site(two_districts, published_on=PUBLISHED)
    words = _words(site.index)
    assert words["pieces"]["index"] is None and "places" not in site.pieces
    assert len(_decoded(words["places"]["name"])) == 16 and _decoded(words["places"]["name"])[8] == HOSTILE
    assert "</script>{" not in site.index and "7*7" in site.index  # the name as escaped JSON text
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(publish, "INDEX_VILLAGES", 11)
        one_file = build_public_site(two_districts, published_on=PUBLISHED, inline=True).index
    assert one_file.count('gpPiece("places", ') == 1  # one self-contained file: the piece inside it


def test_the_title_names_the_state_and_its_districts_or_the_district(state_site, site):
    ui = _words(state_site.index)["ui"]
    assert ui["en"]["title"] == "DEMO state (synthetic), 2 districts: panchayat services and connectivity"
    assert ui["hi"]["title"] == "डेमो राज्य (काल्पनिक) के 2 जिले: पंचायत सेवाएँ एवं कनेक्टिविटी"
    assert "<title>DEMO state (synthetic), 2 districts: panchayat" in state_site.index
    assert "DEMO DATA — not official" in state_site.index and "डेमो डेटा — आधिकारिक नहीं" in state_site.index
    one = _words(site.index)["ui"]
    assert one["en"]["title"] == "Jamtara district: panchayat services and connectivity"
    assert one["hi"]["title"] == "जामताड़ा जिला: पंचायत सेवाएँ एवं कनेक्टिविटी"
    assert "DEMO DATA — not official" in site.index
    unnamed = DistrictIdentity.of_districts(3)  # no state recorded: a state all the same, never "3 districts" alone
    assert page_title(unnamed, "hi") == "राज्य (3 जिले): पंचायत सेवाएँ एवं कनेक्टिविटी"
    assert page_title(unnamed, "en") == "State (3 districts): panchayat services and connectivity"
