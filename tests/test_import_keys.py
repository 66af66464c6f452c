"""Codes first: a row that gives a panchayat's LGD code is taken by the code; names only where no code is given.

The tiny store's panchayats are P1 "Kundhit" (कुंडहित, west of 86.80 E) and P2
"Karmatanr" (करमाटांड़, east). Sheets are written as offices write them: ``LGD Code``,
``GP Code``, ``पंचायत कोड``, ``ग्राम पंचायत कोड`` next to a name column.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from tiny_district import east, tiny_store

from geo.importing import ServiceOptions, import_services, import_status
from geo.importing.columns import detect_columns
from geo.storage.store import StoreData

P1_POINT = east(-3)  # inside P1 (west)


@pytest.fixture
def store() -> StoreData:
    data = tiny_store()
    gps = data.panchayats.assign(name=["Kundhit", "Karmatanr"], name_hi=["कुंडहित", "करमाटांड़"])
    return dataclasses.replace(data, panchayats=gps)


def sheet(tmp_path: Path, text: str, name: str = "review.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def panchayat_per_row(result) -> list[str]:
    return result.new_events["panchayat_lgd"].tolist()


@pytest.mark.parametrize(
    ("headers", "code", "name"),
    [
        (["Sl No", "GP Name", "LGD Code", "As on Date", "BharatNet"], "LGD Code", "GP Name"),
        (["S.No.", "Gram Panchayat", "LGD", "Date", "BharatNet"], "LGD", "Gram Panchayat"),
        (["Panchayat", "GP Code", "as_of", "bharatnet"], "GP Code", "Panchayat"),
        (["lgd_code", "panchayat_name", "as_of", "bharatnet"], "lgd_code", "panchayat_name"),
        (["क्रम", "ग्राम पंचायत", "पंचायत कोड", "दिनांक", "भारतनेट"], "पंचायत कोड", "ग्राम पंचायत"),
        (["ग्राम पंचायत कोड", "पंचायत का नाम", "दिनांक", "भारतनेट"], "ग्राम पंचायत कोड", "पंचायत का नाम"),
    ],
)
def test_office_headers_of_a_panchayat_code_are_found_in_status_and_services_sheets(headers, code, name):
    assert detect_columns(headers, "status")["panchayat_code"] == code
    assert detect_columns(headers, "status")["panchayat_name"] == name
    assert detect_columns([*headers, "Centre Name", "Latitude", "Longitude"], "services")["panchayat_code"] == code


@pytest.mark.parametrize(
    ("headers", "name", "operator"),
    [
        (["Sl. No.", "VLE Centre Name", "GP Name", "LGD Code", "Type", "Functional"], "VLE Centre Name", None),
        (["Centre", "Type", "Latitude", "Longitude", "Block"], "Centre", None),
        (["Kendra", "VLE Name", "Latitude", "Longitude"], "Kendra", "VLE Name"),
        (["Centre Type", "VLE Name", "Latitude", "Longitude"], None, "VLE Name"),  # the operator is no centre name
    ],
)
def test_how_offices_head_a_centres_name(headers, name, operator):
    found = detect_columns(headers, "services")
    assert (found.get("name"), found.get("operator_name")) == (name, operator)


def test_a_villages_files_lgd_code_is_not_taken_for_its_panchayats():
    # In a villages file "LGD Code" is the village's own code: never read as the panchayat's.
    assert "panchayat_code" not in detect_columns(["LGD Code", "village_name", "lat", "lon"], "villages")


def test_an_english_sheet_lands_each_row_by_its_code(store, tmp_path):
    path = sheet(
        tmp_path,
        "Sl No,GP Name,LGD Code,As on Date,BharatNet\n"
        "1,Kundahit,P1,2020-12-10,live\n"  # misspelt name, right code: P1, nothing to confirm
        "2,Karmatanr,P1,2020-12-11,cable_laid\n"  # the name is P2's, the code P1's: P1, listed
        # no code: by name, P2
        "3,Karmatanr,,2020-12-10,live\n",
    )
    result = import_status(store, path)
    assert result.report.ok, result.text()
    assert panchayat_per_row(result) == ["P1", "P1", "P2"]
    assert result.pending == []
    (warning,) = result.warnings
    assert warning.where == "review.csv row 3"
    assert warning.message == (
        "code P1 is Kundhit (P1) but the name 'Karmatanr' is Karmatanr (P2); stored in "
        "Kundhit (P1) by its code — correct the code or the name in the sheet"
    )


def test_a_hindi_sheet_lands_each_row_by_its_code(store, tmp_path):
    path = sheet(
        tmp_path,
        "क्रम,ग्राम पंचायत,पंचायत कोड,दिनांक,भारतनेट\n"
        "1,कुंडीत,P1,2020-12-10,live\n"  # misspelt in Hindi, right code
        "2,करमाटांड़,P2,2020-12-10,live\n"  # code and name agree
        "3,करमाटांड़,P1,2020-12-11,live\n"  # disagree: stored by the code, listed
        # a name of no panchayat: stored by the code, listed
        "4,Dumka,P2,2020-12-11,live\n",
    )
    result = import_status(store, path)
    assert result.report.ok, result.text()
    assert panchayat_per_row(result) == ["P1", "P2", "P1", "P2"]
    assert result.pending == []
    messages = {w.where: w.message for w in result.warnings}
    assert messages == {
        "review.csv row 4": "code P1 is Kundhit (P1) but the name 'करमाटांड़' is Karmatanr (P2); stored in Kundhit "
        "(P1) by its code — correct the code or the name in the sheet",
        "review.csv row 5": "code P2 is Karmatanr (P2) but the name 'Dumka' is no panchayat of the store; stored in "
        "Karmatanr (P2) by its code — correct the code or the name in the sheet",
    }


def test_a_misspelt_name_without_a_code_still_goes_to_confirmation(store, tmp_path):
    path = sheet(tmp_path, "GP Name,LGD Code,As on Date,BharatNet\nKundahit,,2020-12-10,live\n")
    result = import_status(store, path)
    assert [(m.source_name, m.status, m.candidates[0][0]) for m in result.pending] == [("Kundahit", "fuzzy", "P1")]


def test_an_unknown_code_is_an_error_even_with_a_good_name(store, tmp_path):
    path = sheet(tmp_path, "GP Name,LGD Code,As on Date,BharatNet\nKundhit,P9,2020-12-10,live\n")
    result = import_status(store, path)
    (error,) = result.report.errors
    assert error.where == "review.csv row 2"
    assert error.message.startswith("panchayat code 'P9' is not in the store (2 panchayats)")
    assert "its name 'Kundhit' is not used when a code is given" in error.message


def test_a_row_with_neither_code_nor_name_is_an_error(store, tmp_path):
    path = sheet(tmp_path, "GP Name,LGD Code,As on Date,BharatNet\nKundhit,P1,2020-12-10,live\n,,2020-12-10,live\n")
    result = import_status(store, path)
    (error,) = result.report.errors
    assert (error.where, error.message) == ("review.csv row 3", "no panchayat code or name; every row needs one")


def test_a_services_sheet_with_an_lgd_code_column_needs_no_name_confirmation(store, tmp_path):
    path = sheet(
        tmp_path,
        f"Centre Name,GP Name,LGD Code,Latitude,Longitude\nCSC Kundhit,Kundahit,P1,{P1_POINT.y},{P1_POINT.x}\n",
        name="csc.csv",
    )
    result = import_services(store, path, own=ServiceOptions("csc"))
    assert result.ok, result.text()
    assert result.pending == [] and result.warnings == []
    new = result.data.service_points.set_index("name").loc["CSC Kundhit"]
    assert new["panchayat_lgd"] == "P1"
