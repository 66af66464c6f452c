"""An update import never erases by accident: an empty cell keeps the stored value, ``(clear)`` clears it.

The tiny district's villages (census code, name, Hindi name, population) are
V1 v3w क 100, V2 v8w ख 200, V3 v3e ग 300, V4 v8e घ 400 (1,000 people); its CSC C2
"CSC east (closed)" is not functional.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tiny_district import east, tiny_store

from cli import main
from geo.importing import ServiceOptions, VillageOptions, apply_import, import_services, import_villages
from geo.importing.updates import is_clear_marker
from geo.storage.store import StoreData, read_store, write_store


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.gpkg"
    write_store(path, tiny_store())
    return path


def private(store: Path) -> StoreData:
    return read_store(store, private=True)


def villages_file(folder: Path, rows: str, header: str = "census_code,village_name,name_hi,lat,lon,population") -> Path:
    """A villages CSV; each row's point is where the store has the village (V1 at 3 km west …)."""
    where = {"V1": east(-3), "V2": east(-8), "V3": east(3), "V4": east(8), "V9": east(5)}
    lines = [header]
    for row in rows.strip().splitlines():
        code, rest = row.split(",", 1)
        point = where[code]
        cells = rest.split(",")
        lines.append(",".join([code, *cells[:-1], f"{point.y}", f"{point.x}", cells[-1]]))
    path = folder / "villages.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def villages_of(result) -> pd.DataFrame:
    frame = pd.DataFrame(result.data.villages.drop(columns="geometry"))
    return frame.set_index("census_code").sort_index()


def test_an_update_with_empty_cells_keeps_the_stored_values(store, tmp_path):
    path = villages_file(tmp_path, "V3,,,\nV2,,,250")  # V3 as the store has it; V2 with a new population only
    result = import_villages(private(store), path)
    assert result.ok, result.text()
    villages = villages_of(result)
    assert villages.loc["V3", ["name", "name_hi", "population"]].tolist() == ["v3e", "ग", 300]
    assert villages.loc["V2", ["name", "name_hi", "population"]].tolist() == ["v8w", "ख", 250]
    (change,) = result.changes
    assert (change.changed, change.unchanged, change.cleared) == (("V2",), 3, ())
    assert (change.people_before, change.people_after) == (1000, 1050)


def test_a_file_without_the_optional_columns_keeps_them(store, tmp_path):
    path = villages_file(tmp_path, "V1,West village,", header="census_code,village_name,lat,lon,x")
    result = import_villages(private(store), path)
    assert result.ok, result.text()
    assert villages_of(result).loc["V1", ["name", "name_hi", "population"]].tolist() == ["West village", "क", 100]
    assert "village population is stored as not recorded for new villages (the store's keep theirs)" in result.text()


def test_the_clear_marker_clears_an_optional_field_and_the_preview_says_so(store, tmp_path):
    path = villages_file(tmp_path, "V1,,(हटाएँ),(Clear)\nV4,,( clear ),")
    result = import_villages(private(store), path)
    assert result.ok, result.text()
    villages = villages_of(result)
    assert villages.loc["V1", "name"] == "v3w" and pd.isna(villages.loc["V1", "name_hi"])
    assert pd.isna(villages.loc["V1", "population"]) and villages.loc["V4", "population"] == 400
    (change,) = result.changes
    assert change.cleared == (("name_hi", ("V1", "V4")), ("population", ("V1",)))
    assert change.text() == (
        "villages: 0 added, 2 changed, 0 removed, 2 unchanged (4 → 4; people 1,000 → 900 (1 village not recorded)); "
        "changed: V1, V4; clears name_hi of 2 villages: V1, V4; clears population of 1 village: V1"
    )


def test_clearing_a_required_field_is_refused_naming_the_row(store, tmp_path):
    path = villages_file(tmp_path, "V2,,,\nV3,(clear),,")
    result = import_villages(private(store), path)
    assert not result.ok and result.data is None
    assert [str(p) for p in result.report.errors] == [
        "ERROR: villages.csv row 3: '(clear)' in column 'village_name': the village name cannot be cleared — every "
        "village needs one; write it, or leave the cell empty to keep the stored one"
    ]


def test_a_new_village_with_an_empty_name_is_an_error(store, tmp_path):
    path = villages_file(tmp_path, "V3,,,\nV9,,,50")
    result = import_villages(private(store), path)
    assert [str(p) for p in result.report.errors] == [
        "ERROR: villages.csv row 3: no village name in column 'village_name'; a new village needs one"
    ]


def test_replace_takes_the_file_as_it_is(store, tmp_path):
    path = villages_file(tmp_path, "V1,v3w,,\nV2,v8w,ख,200\nV3,v3e,ग,300\nV4,v8e,घ,400")
    result = import_villages(private(store), path, own=VillageOptions(replace=True))
    assert result.ok, result.text()
    assert pd.isna(villages_of(result).loc["V1", "population"])
    assert result.changes[0].cleared == (("name_hi", ("V1",)), ("population", ("V1",)))


def test_the_update_applied_and_previewed_on_the_command_line(store, tmp_path, capsys):
    path = villages_file(tmp_path, "V3,,(clear),")
    assert main(["import", "villages", str(path), "--store", str(store), "--user", "dio"]) == 0
    assert "clears name_hi of 1 village: V3" in capsys.readouterr().out
    stored = read_store(store).villages.set_index("census_code")
    assert stored.loc["V3", "name"] == "v3e" and pd.isna(stored.loc["V3", "name_hi"])
    assert stored.loc["V3", "population"] == 300


# --- service points -------------------------------------------------------------------------


def csc_file(folder: Path, header: str, *rows: str) -> Path:
    path = folder / "csc.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def points_of(result) -> pd.DataFrame:
    return pd.DataFrame(result.data.service_points.drop(columns="geometry")).set_index("id").sort_index()


def test_a_register_without_the_functional_column_keeps_a_closed_centre_closed(store, tmp_path):
    c2 = east(3)
    path = csc_file(tmp_path, "id,name,lat,lon", f"C2,,{c2.y},{c2.x}")
    result = import_services(private(store), path, own=ServiceOptions("csc"))
    assert result.ok, result.text()
    points = points_of(result)
    assert points.loc["C2", ["name", "name_hi", "functional"]].tolist() == ["CSC east (closed)", "सीएससी", False]
    assert points.loc["C2", "opened"] == ""  # as the store has it
    assert pd.isna(points.loc["C2", "status_as_of"])  # the flag's date stays with the flag
    assert result.changes[0].changed == ()


def test_private_cells_are_kept_or_cleared_one_by_one(store, tmp_path):
    c1 = east(-8)
    first = csc_file(
        tmp_path,
        "id,name,lat,lon,operator_name,phone,remark",
        f"C1,CSC west,{c1.y},{c1.x},Ram,98765 43210,near the school",
    )
    apply_import(store, import_services(private(store), first, own=ServiceOptions("csc")), user="dio")
    update = csc_file(tmp_path, "id,name,lat,lon,operator_name,phone,remark", f"C1,,{c1.y},{c1.x},,(clear),")
    result = import_services(private(store), update, own=ServiceOptions("csc"))
    assert result.ok, result.text()
    kept = result.data.service_private.set_index("id")
    assert kept.loc["C1", "operator_name"] == "Ram" and kept.loc["C1", "remark"] == "near the school"
    assert pd.isna(kept.loc["C1", "phone"])
    assert "clears phone of 1 csc point: C1" in result.changes[0].text()


def test_clearing_a_points_name_is_refused(store, tmp_path):
    c1 = east(-8)
    path = csc_file(tmp_path, "id,name,lat,lon", f"C1,(हटाएं),{c1.y},{c1.x}")
    result = import_services(private(store), path, own=ServiceOptions("csc"))
    assert [str(p) for p in result.report.errors] == [
        "ERROR: csc.csv row 2: '(हटाएं)' in column 'name': the name cannot be cleared — every service point needs "
        "one; write it, or leave the cell empty to keep the stored one"
    ]


@pytest.mark.parametrize(
    ("cell", "marker"),
    [
        ("(clear)", True),
        ("(CLEAR)", True),
        (" (हटाएँ) ", True),
        ("(हटाएं)", True),
        ("clear", False),
        ("", False),
        ("(clear) me", False),
    ],
)
def test_the_clear_marker(cell, marker):
    assert is_clear_marker(cell) is marker
