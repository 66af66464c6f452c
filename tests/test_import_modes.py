"""Imports that never lose data silently: update by key, --replace with a preview and a confirmation,
one message for a replacement that would break references, grouped problems, stable ids, --skip-invalid."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from streamlit.testing.v1 import AppTest

from cli import main
from geo.importing import apply_import, import_file
from geo.storage.store import DEMO_STORE, read_store


@pytest.fixture
def demo_store(tmp_path) -> Path:
    path = tmp_path / "demo.gpkg"
    shutil.copyfile(DEMO_STORE, path)
    return path


def two_villages(tmp_path: Path, demo) -> Path:
    """Two new villages (codes N1, N2, 1,000 people each) inside two demo panchayats."""
    points = demo.panchayats.geometry.iloc[[0, 1]].representative_point()
    rows = [f"N{i},New village {i},{p.y:.6f},{p.x:.6f},1000" for i, p in enumerate(points, start=1)]
    path = tmp_path / "two_villages.csv"
    path.write_text(
        "census_code,village_name,latitude,longitude,population\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    return path


def test_a_partial_villages_file_adds_by_default(demo_store, demo, tmp_path, capsys):
    sheet = two_villages(tmp_path, demo)
    assert main(["import", "villages", str(sheet), "--store", str(demo_store)]) == 0
    out = capsys.readouterr().out
    assert (
        "change: villages: 2 added, 0 changed, 0 removed, 1,100 unchanged (1,100 → 1,102; "
        "people 7,91,042 → 7,93,042); added: N1, N2"
    ) in out
    villages = read_store(demo_store).villages
    assert len(villages) == 1_102 and int(villages["population"].sum()) == 793_042


def test_replace_is_refused_with_the_numbers_until_confirmed(demo_store, demo, tmp_path, capsys):
    sheet = two_villages(tmp_path, demo)
    before = demo_store.read_bytes()
    assert main(["import", "villages", str(sheet), "--store", str(demo_store), "--replace"]) == 1
    out = capsys.readouterr().out
    assert "would remove 1,100 of 1,100 villages and 7,91,042 of 7,91,042 people (more than 5%)" in out
    assert "--confirm-removal" in out and demo_store.read_bytes() == before
    assert main(["import", "villages", str(sheet), "--store", str(demo_store), "--replace", "--dry-run"]) == 1
    assert main(["import", "villages", str(sheet), "--store", str(demo_store), "--replace", "--confirm-removal"]) == 0
    assert len(read_store(demo_store).villages) == 2


def test_one_boundary_into_the_district_says_the_real_cause(demo_store, demo, tmp_path, capsys):
    one = tmp_path / "one.geojson"
    pyogrio.write_dataframe(
        demo.panchayats.iloc[[0]][["lgd_code", "name", "block_lgd", "geometry"]], one, driver="GeoJSON"
    )
    before = demo_store.read_bytes()
    assert main(["import", "boundaries", str(one), "--store", str(demo_store)]) == 1
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert len(lines) <= 10, out
    cause = next(line for line in lines if line.startswith("ERROR"))
    assert "the file has 1 panchayat; replacing the store's 118 would leave" in cause
    assert "pointing at 117 panchayats missing from the file" in cause
    assert demo_store.read_bytes() == before


def test_a_census_district_outline_imports_in_one_run(demo, tmp_path):
    outline = gpd.GeoDataFrame(
        {"dt_code": ["362"], "district": ["DUMKA"], "st_code": ["20"], "year": ["2011"], "st_nm": ["Jharkhand"]},
        geometry=[demo.district.geometry.iloc[0]],
        crs=4326,
    )
    path = tmp_path / "district.geojson"
    pyogrio.write_dataframe(outline, path, driver="GeoJSON")
    result = import_file("boundaries", None, path, level="district")
    assert result.ok, result.text()
    assert result.columns["code"] == "dt_code" and result.columns["name"] == "district"
    assert "codes in column 'dt_code' look like Census 2011 codes, not LGD codes" in result.text()
    identity = result.data.identity
    assert (identity.name, identity.code, identity.code_kind, identity.state) == (
        "Dumka",
        "362",
        "Census 2011",
        "Jharkhand",
    )


def test_the_same_services_file_twice_gives_the_same_ids(demo_store, demo, tmp_path, capsys):
    points = demo.panchayats.geometry.iloc[[3, 4]].representative_point()
    sheet = tmp_path / "cscs.csv"
    sheet.write_text(
        "name,lat,lon\n" + "".join(f"New Kendra {i},{p.y:.6f},{p.x:.6f}\n" for i, p in enumerate(points)),
        encoding="utf-8",
    )
    assert main(["import", "services", str(sheet), "--kind", "csc", "--store", str(demo_store)]) == 0
    first = capsys.readouterr().out
    assert "2 added, 0 changed, 0 removed, 158 unchanged" in first
    ids = set(read_store(demo_store).service_points["id"]) - set(demo.service_points["id"])
    assert len(ids) == 2 and all(i.startswith("CSC-") and len(i) == 12 for i in ids)
    assert main(["import", "services", str(sheet), "--kind", "csc", "--store", str(demo_store)]) == 0
    second = capsys.readouterr().out
    assert "0 added, 0 changed, 0 removed, 160 unchanged" in second
    assert set(read_store(demo_store).service_points["id"]) - set(demo.service_points["id"]) == ids


def test_problems_are_grouped_by_cause(demo_store, tmp_path):
    rows = "".join(f"F{i},Far {i},28.6,77.{i:02d},10\n" for i in range(30))
    sheet = tmp_path / "far.csv"
    sheet.write_text("census_code,village_name,latitude,longitude,population\n" + rows, encoding="utf-8")
    result = import_file("villages", read_store(demo_store, private=True), sheet)
    assert len(result.report.errors) == 30
    errors = [line for line in result.text().splitlines() if line.startswith("ERROR")]
    assert errors == [
        f"ERROR: 30 × lies outside the store's district ({_box(result.text())}); check the "
        "coordinates — far.csv row 2, far.csv row 3, far.csv row 4, far.csv row 5, far.csv row 6 and "
        "25 more"
    ]
    assert len(result.text(full=True).splitlines()) > 30  # the version report keeps every one


def _box(text: str) -> str:
    start = text.index("(about")
    return text[start + 1 : text.index(")", start)]


def test_the_stores_own_warnings_are_one_line(tmp_path):
    real = Path("/work/shared/data/real/jamtara_block_villages_2011.csv")
    if not real.exists():
        pytest.skip("needs ../shared/data/real")
    store = tmp_path / "real.gpkg"
    apply_import(store, import_file("villages", None, real, dissolve_to_panchayats=True), user="t")
    data = read_store(store, private=True)
    chalna = data.panchayats.set_index("lgd_code").loc["113765"].geometry.representative_point()
    sheet = tmp_path / "csc.csv"
    sheet.write_text(f"id,name,lat,lon\nK1,Chalna CSC,{chalna.y},{chalna.x}\n", encoding="utf-8")
    result = import_file("services", data, sheet, kind="csc")
    assert result.ok and result.warnings == []
    text = result.text()
    assert f"the store already has {len(result.standing)} warning(s) of its own, not from this file" in text
    assert len(result.standing) >= 17 and "belong to no polygon" not in text


def test_skip_invalid_imports_the_good_rows_and_writes_the_rest(demo_store, demo, tmp_path, capsys):
    point = demo.panchayats.geometry.iloc[0].representative_point()
    sheet = tmp_path / "mixed.csv"
    sheet.write_text(
        "census_code,village_name,latitude,longitude,population\n"
        f"G1,Good one,{point.y},{point.x},10\n"
        f"B1,Bad latitude,north,{point.x},10\n"
        f"G2,Good two,{point.y},{point.x},many\n",
        encoding="utf-8",
    )
    before = demo_store.read_bytes()
    assert main(["import", "villages", str(sheet), "--store", str(demo_store)]) == 1
    assert demo_store.read_bytes() == before  # without the flag an error refuses the file
    capsys.readouterr()
    assert main(["import", "villages", str(sheet), "--store", str(demo_store), "--skip-invalid"]) == 0
    captured = capsys.readouterr()
    assert "2 row(s) left out (--skip-invalid)" in captured.out
    rejected = pd.read_csv(tmp_path / "mixed.csv.rejected.csv", encoding="utf-8-sig")
    assert rejected["row"].tolist() == [3, 4] and rejected["census_code"].tolist() == ["B1", "G2"]
    assert "lat in column 'latitude' 'north' is not a number" in rejected["reason"].iloc[0]
    assert "population 'many'" in rejected["reason"].iloc[1]
    assert set(read_store(demo_store).villages["census_code"]) >= {"G1"}
    assert len(read_store(demo_store).villages) == 1_101


def import_villages_page(store: str, source: str) -> None:
    from pathlib import Path

    from ui.data import import_panel

    import_panel(Path(store), Path(source), user="tester", kind="villages")


def test_the_data_page_previews_and_needs_the_tick_for_a_large_removal(demo_store, demo, tmp_path):
    sheet = two_villages(tmp_path, demo)
    at = AppTest.from_function(import_villages_page, args=(str(demo_store), str(sheet)), default_timeout=60).run()
    assert not at.exception, at.exception
    assert any("villages: 2 added, 0 changed, 0 removed, 1,100 unchanged" in t.value for t in at.text)
    at.checkbox(key="villages:two_villages.csv:replace").check().run()
    assert not at.exception
    assert any("would remove 1,100 of 1,100 villages" in str(row) for row in at.dataframe[0].value["what to do"])
    assert not [b for b in at.button if b.key == "villages:two_villages.csv:apply"]
    at.checkbox(key="villages:two_villages.csv:confirm_removal").check().run()
    assert not at.exception
    at.button(key="villages:two_villages.csv:apply").click().run()
    assert not at.exception, at.exception
    assert len(read_store(demo_store).villages) == 2


def test_a_replacement_that_would_leave_a_direction_scoped_to_a_missing_block_is_refused(demo_store, demo, tmp_path):
    assert main(["directions", "edit", "1", "--scope", "block:9906", "--store", str(demo_store)]) == 0
    five = tmp_path / "five_blocks.geojson"  # every block but Fatehpur (9906), which direction 1 is measured in
    pyogrio.write_dataframe(
        demo.blocks[demo.blocks["lgd_code"] != "9906"][["lgd_code", "name", "geometry"]], five, driver="GeoJSON"
    )
    result = import_file("boundaries", read_store(demo_store, private=True), five, level="block")
    cause = next(p.message for p in result.report.problems if p.severity == "error")
    assert "the file has 5 blocks; replacing the store's 6 would leave" in cause
    assert "1 directions pointing at 1 blocks missing from the file (e.g. 9906)" in cause
    assert "python -m geo directions edit ID --scope" in cause
