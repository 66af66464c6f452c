"""A state in one store: districts above blocks (schema version 6, geo.storage.districts).

Two made-up districts of Jharkhand, written as the Census extract writes them (its columns,
``geometery_in_wkt`` misspelled, codes as ``2901.00000000``), 1 km x 1 km village squares
laid out in UTM 45N metres (x east of 400,000 m, y north of 2,550,000 m):

==========  ====  ==========================  ==========================  =========================
district    code  blocks (Census code)        panchayats (block)          villages (panchayat, x km)
==========  ====  ==========================  ==========================  =========================
ALPUR       901   9011 Anand, 9012 Basant      P1, P2 (9011), P3 (9012)    A1 (P1, 0-1), A2 (P1, 1-2),
                                                                          A3 (P2, 2-3), A4 (P3, 3-4)
BEPUR       902   9021 Chandan, 9022 Dhani     Q1, Q2 (9021), Q3 (9022)    B1 (Q1, 10-11), B2 (Q1, 11-12),
                                                                          B3 (Q2, 12-13), B4 (Q3, 13-14),
                                                                          B5 (Q3, 14-15)
==========  ====  ==========================  ==========================  =========================

By hand: Alpur has 2 blocks, 3 panchayats, 4 villages (4 km²); Bepur 2 blocks, 3 panchayats,
5 villages (5 km²); the store of both: 2 districts, 4 blocks, 6 panchayats, 9 villages.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from census_district import COLUMNS, square, wkt, write_census

from geo.errors import GeoInputError
from geo.importing import apply_import, import_file
from geo.review.summary import by_district, summary
from geo.storage.store import read_store, write_store

#: district -> (Census code, {block code: block name}, [(village, panchayat, block code, west km)]).
DISTRICTS = {
    "ALPUR": (
        "901",
        {"9011": "ANAND", "9012": "BASANT"},
        [("A1", "P1", "9011", 0), ("A2", "P1", "9011", 1), ("A3", "P2", "9011", 2), ("A4", "P3", "9012", 3)],
    ),
    "BEPUR": (
        "902",
        {"9021": "CHANDAN", "9022": "DHANI"},
        [
            ("B1", "Q1", "9021", 10),
            ("B2", "Q1", "9021", 11),
            ("B3", "Q2", "9021", 12),
            ("B4", "Q3", "9022", 13),
            ("B5", "Q3", "9022", 14),
        ],
    ),
}


def census_rows(district: str) -> list[dict[str, str]]:
    """The rows of ``district`` as the Census extract writes them."""
    code, blocks, villages = DISTRICTS[district]
    return [
        {
            "village_census_code": village,
            "village_name": f"Village {village}",
            "panchayat_name": f"Panchayat {gp}",
            "panchayat_code": gp,
            "block_code": f"{block}.00000000",
            "block_name": blocks[block],
            "district_name": district,
            "district_code": code,
            "district_census_code": code,
            "state_name": "Jharkhand",
            "geometery_in_wkt": wkt(square(west * 1000, 0, west * 1000 + 1000, 1000)),
            "centroid_latitude": "23.06",
            "centroid_longitude": "86.05",
        }
        for village, gp, block, west in villages
    ]


def imported(store, path, **options):
    """Import ``path`` (villages, dissolved to panchayats) into ``store`` and apply it; return the result."""
    data = read_store(store, private=True) if store.exists() else None
    result = import_file("villages", data, path, dissolve_to_panchayats=True, **options)
    assert result.ok, result.text()
    apply_import(store, result, user="test")
    return result


@pytest.fixture(scope="module")
def two_districts(tmp_path_factory):
    """A store of Alpur, then Bepur imported into it, and the second import's result (read only: copy to change)."""
    folder = tmp_path_factory.mktemp("state")
    store = folder / "state.gpkg"
    imported(store, write_census(folder / "alpur.csv", census_rows("ALPUR")))
    return store, imported(store, write_census(folder / "bepur.csv", census_rows("BEPUR")))


def test_a_second_district_is_added_beside_the_first(two_districts):
    store, result = two_districts
    data = read_store(store)
    assert "adds district Bepur (5 villages) beside Alpur" in result.report.facts
    assert data.district_codes() == ["901", "902"]
    assert data.districts[["lgd_code", "code_kind", "name", "state_name"]].values.tolist() == [
        ["901", "Census 2011", "Alpur", "Jharkhand"],
        ["902", "Census 2011", "Bepur", "Jharkhand"],
    ]
    assert data.blocks.set_index("lgd_code")["district_lgd"].to_dict() == {
        "9011": "901",
        "9012": "901",
        "9021": "902",
        "9022": "902",
    }
    assert (len(data.panchayats), len(data.villages)) == (6, 9)
    assert data.district_of_panchayat("Q3") == "902" and data.district_of_block("9011") == "901"
    assert data.district_of_panchayat("nowhere") is None
    # named by the state; the outline is the union of both (4 + 5 km²)
    assert (data.district_name(), data.identity.area(), data.identity.area("hi")) == (
        "Jharkhand",
        "2 districts, Jharkhand",
        "Jharkhand के 2 जिले",
    )
    assert data.meta["dataset_name"] == "Jharkhand store"
    assert round(float(data.district.to_crs(32645).area.iloc[0])) == 9_000_000


def test_the_first_district_is_untouched_by_the_second(two_districts, tmp_path):
    store, _ = two_districts
    only_alpur = tmp_path / "alpur_only.gpkg"
    imported(only_alpur, write_census(tmp_path / "alpur.csv", census_rows("ALPUR")))
    alone, together = read_store(only_alpur), read_store(store).only_district("901")
    for layer in ("blocks", "panchayats", "villages", "village_boundaries"):
        assert (
            getattr(together, layer)
            .drop(columns="geometry")
            .sort_values(getattr(together, layer).columns[0])
            .reset_index(drop=True)
            .equals(
                getattr(alone, layer)
                .drop(columns="geometry")
                .sort_values(getattr(alone, layer).columns[0])
                .reset_index(drop=True)
            )
        ), layer


def test_only_district_restricts_every_layer(two_districts):
    data = read_store(two_districts[0])
    bepur = data.only_district(data.find_district("bepur"))
    assert (len(bepur.districts), len(bepur.blocks), len(bepur.panchayats), len(bepur.villages)) == (1, 2, 3, 5)
    assert sorted(bepur.villages["census_code"]) == ["B1", "B2", "B3", "B4", "B5"]
    assert (bepur.district_name(), bepur.identity.code, bepur.identity.area()) == (
        "Bepur",
        "902",
        "Bepur district, Jharkhand",
    )
    assert data.find_district("901") == "901"
    with pytest.raises(GeoInputError, match=r"no district 'Ranchi'; its districts: Alpur \(901\), Bepur \(902\)"):
        data.find_district("Ranchi")
    with pytest.raises(GeoInputError, match=r"no district '903'"):
        data.only_district("903")


def test_figures_per_district_are_the_figures_of_the_district_alone(two_districts):
    data = read_store(two_districts[0])
    table = by_district(data)
    assert list(table.index) == ["901", "902"]
    assert table[["name", "blocks", "panchayats", "villages"]].values.tolist() == [
        ["Alpur", 2, 3, 4],
        ["Bepur", 2, 3, 5],
    ]
    assert table["population"].isna().all()  # no population in a Census extract: not recorded, never 0
    whole = summary(data).figures
    assert (whole.value("panchayats"), whole.value("villages")) == (6, 9)
    assert summary(data.only_district("902")).figures.value("villages") == 5


def test_summary_command_prints_a_row_per_district(two_districts, capsys):
    from cli import main

    store, _ = two_districts
    assert main(["summary", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 districts, Jharkhand — Jharkhand store")
    rows = [line.split() for line in out.splitlines() if line.strip().startswith(("Alpur", "Bepur"))]
    assert [row[:5] for row in rows] == [["Alpur", "901", "2", "3", "not"], ["Bepur", "902", "2", "3", "not"]]
    assert main(["summary", "--store", str(store), "--district", "Alpur"]) == 0
    one = capsys.readouterr().out
    assert one.startswith("Alpur district, Jharkhand")
    assert "Bepur" not in one
    assert main(["summary", "--store", str(store), "--district", "Ranchi"]) != 0
    assert "no district 'Ranchi'; its districts: Alpur (901), Bepur (902)" in capsys.readouterr().err


def test_gaps_of_one_district_list_its_panchayats_alone(two_districts, tmp_path, capsys):
    from cli import main

    out = tmp_path / "gaps.csv"
    assert main(["gaps", "--store", str(two_districts[0]), "--district", "Bepur", "--out", str(out)]) == 0
    listed = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    # nothing is recorded in a Census extract: every panchayat of Bepur, none of Alpur, is "not recorded"
    assert sorted(listed.loc[listed["gap"] == "not_recorded", "code"]) == ["Q1", "Q2", "Q3"]


def test_a_file_of_two_districts_is_split_into_both(tmp_path):
    store = tmp_path / "state.gpkg"
    both = write_census(tmp_path / "both.csv", census_rows("ALPUR") + census_rows("BEPUR"))
    result = imported(store, both)
    assert "2 districts: Alpur (4 villages), Bepur (5 villages)" in result.report.facts
    data = read_store(store)
    assert data.district_codes() == ["901", "902"]
    assert [len(data.only_district(c).villages) for c in data.district_codes()] == [4, 5]


def test_a_row_naming_no_district_in_a_file_of_two_is_an_error(tmp_path):
    rows = census_rows("ALPUR") + census_rows("BEPUR")
    for column in ("district_name", "district_code", "district_census_code"):
        rows[1][column] = ""
    result = import_file("villages", None, write_census(tmp_path / "both.csv", rows), dissolve_to_panchayats=True)
    assert not result.ok
    assert [(p.where, p.severity) for p in result.report.errors] == [("both.csv row 3", "error")]
    assert "names no district in 'district_census_code', 'district_code', 'district_name', in a file of 2" in (
        result.report.errors[0].message
    )


def test_reimporting_a_district_updates_it_alone(two_districts, tmp_path):
    store = Path(shutil.copyfile(two_districts[0], tmp_path / "state.gpkg"))
    rows = census_rows("BEPUR")
    rows[0]["village_name"] = "Renamed"
    result = imported(store, write_census(tmp_path / "bepur2.csv", rows))
    assert "district Bepur (5 villages, updated); the store's others: Alpur" in result.report.facts
    data = read_store(store)
    assert data.villages.set_index("census_code").loc["B1", "name"] == "Renamed"
    assert (len(data.districts), len(data.panchayats), len(data.villages)) == (2, 6, 9)


def test_a_village_outside_its_own_district_is_still_refused(tmp_path):
    store = tmp_path / "alpur.gpkg"
    imported(store, write_census(tmp_path / "alpur.csv", census_rows("ALPUR")))
    far = [{**census_rows("ALPUR")[0], "census_code": "A9"} | {"village_census_code": "A9", "panchayat_code": "P1"}]
    far[0]["geometery_in_wkt"] = "POLYGON ((77.2 28.6, 77.21 28.6, 77.21 28.61, 77.2 28.61, 77.2 28.6))"  # Delhi
    points = tmp_path / "far.csv"
    write_census(points, far)
    result = import_file("villages", read_store(store, private=True), points, dissolve_to_panchayats=True)
    assert not result.ok
    assert "coordinates do not fall in the store's district in degrees (about 22.6–23.5 °N" in (
        result.report.errors[0].message
    )


def test_a_file_naming_no_district_into_a_store_of_two_is_refused(two_districts, tmp_path):
    store, _ = two_districts
    rows = census_rows("ALPUR")
    path = write_census(tmp_path / "plain.csv", rows, [c for c in COLUMNS if not c.startswith("district")])
    result = import_file("villages", read_store(store, private=True), path, dissolve_to_panchayats=True)
    assert not result.ok
    assert "names no district, and the store holds 2 (Alpur, Bepur)" in result.report.errors[0].message
    assert result.report.errors[0].where == "plain.csv"


def test_a_store_of_schema_version_5_reads_as_one_district(demo_private, tmp_path):
    path = tmp_path / "old.gpkg"
    write_store(path, demo_private)
    with contextlib.closing(sqlite3.connect(path)) as con:  # as version 5 wrote it: no districts, no district_lgd
        con.execute("DROP TABLE districts")
        con.execute("DELETE FROM gpkg_contents WHERE table_name = 'districts'")
        con.execute("DELETE FROM gpkg_geometry_columns WHERE table_name = 'districts'")
        con.execute("ALTER TABLE blocks DROP COLUMN district_lgd")
        con.commit()
    old = read_store(path)
    assert old.districts.drop(columns="geometry").values.tolist() == [
        ["999", "DEMO", "Jamtara", "जामताड़ा", "Jharkhand"]
    ]
    assert set(old.blocks["district_lgd"]) == {"999"} and len(old.blocks) == 6
    assert old.districts.geometry.iloc[0].equals(old.district.geometry.iloc[0])
    assert (old.district_name(), old.district_name("hi"), old.only_district("999") is old) == (
        "Jamtara",
        "जामताड़ा",
        True,
    )
    write_store(path, read_store(path, private=True))  # the next write brings the new layout
    with contextlib.closing(sqlite3.connect(path)) as con:
        assert con.execute("SELECT lgd_code, name FROM districts").fetchall() == [("999", "Jamtara")]
        assert con.execute("SELECT DISTINCT district_lgd FROM blocks").fetchall() == [("999",)]


def test_review_and_planner_choose_a_district_only_when_there_are_several(two_districts, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from geo.storage.store import STORE_ENV
    from geo.text import t

    root = Path(__file__).resolve().parent.parent
    monkeypatch.setenv(STORE_ENV, str(two_districts[0]))
    at = AppTest.from_file(str(root / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    chooser = at.sidebar.selectbox(key="district_choice")
    assert chooser.options == ["All districts", "Alpur", "Bepur"]
    assert at.title[0].value == t("ui.review_title", "en", district="Jharkhand")
    chooser.set_value("902").run()
    assert not at.exception, at.exception
    assert at.title[0].value == t("ui.review_title", "en", district="Bepur")
    at.switch_page("ui/planner.py").run()
    assert not at.exception, at.exception
    assert at.sidebar.selectbox(key="district_choice").value == "902"
    monkeypatch.setenv(STORE_ENV, str(read_demo_copy(two_districts[0].parent)))
    one = AppTest.from_file(str(root / "app.py"), default_timeout=60)
    one.run()
    assert not one.exception, one.exception
    assert [box.key for box in one.sidebar.selectbox if box.key == "district_choice"] == []


def read_demo_copy(folder: Path) -> Path:
    """A copy of the DEMO store (one district) in ``folder``."""
    from geo.storage.store import DEMO_STORE

    return Path(shutil.copyfile(DEMO_STORE, folder / "demo.gpkg"))


def test_a_point_in_no_panchayat_belongs_to_the_district_it_stands_in(two_districts):
    import dataclasses

    import geopandas as gpd
    from shapely.geometry import Point

    from geo.storage.store import conform

    data = read_store(two_districts[0], private=True)
    inside_bepur = data.villages.set_index("census_code").geometry["B3"]  # in panchayat Q2, but not said so
    points = gpd.GeoDataFrame(
        {
            "id": ["X1", "X2", "X3"],
            "kind": "csc",
            "name": ["In Bepur", "In Delhi", "Of P1"],
            "panchayat_lgd": [None, None, "P1"],
        },
        geometry=[inside_bepur, Point(77.2, 28.6), Point(0, 0)],
        crs="EPSG:4326",
    )
    data = dataclasses.replace(data, service_points=conform("service_points", points))
    assert list(data.only_district("902").service_points["id"]) == ["X1"]
    assert list(data.only_district("901").service_points["id"]) == ["X3"]  # by its panchayat, wherever drawn
    assert len(data.service_points) == 3  # the whole store keeps the one of no district
