from __future__ import annotations

import dataclasses

import openpyxl
import pytest
from inspection_exports import form_fields
from pyxform.xls2xform import convert
from tiny_district import tiny_store

from cli import main
from geo.errors import GeoInputError
from geo.review.inspection_form import FIELDS, inspection_form_sheets, write_inspection_form
from geo.storage.store import empty_layer, write_store


def _sheet(path, name):
    rows = list(openpyxl.load_workbook(path, read_only=True)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("lang", ["both", "en", "hi"])
def test_the_form_converts_with_pyxform_without_warnings(tmp_path, lang):
    form = write_inspection_form(tmp_path / "inspection.xlsx", tiny_store(), lang=lang)
    converted = convert(xlsform=str(form))
    assert converted.warnings == []
    assert 'id="panchayat_inspection_tiny"' in converted.xform
    assert "instance('panchayat')/root/item[block= /data/place/block ]" in converted.xform


def test_panchayats_are_chosen_by_lgd_code_within_their_block(tmp_path):
    form = write_inspection_form(tmp_path / "inspection.xlsx", tiny_store())
    choices = [row for row in _sheet(form, "choices") if row["list_name"] == "panchayat"]
    assert [(c["name"], c["block"], c["label::English (en)"], c["label::Hindi (hi)"]) for c in choices] == [
        ("P2", "B1", "East GP (P2)", "पूर्व (P2)"),
        ("P1", "B1", "West GP (P1)", "पश्चिम (P1)"),
    ]
    blocks = [row for row in _sheet(form, "choices") if row["list_name"] == "block"]
    assert [(b["name"], b["label::English (en)"]) for b in blocks] == [("B1", "Block (B1)")]


def test_the_form_asks_every_question_of_the_inspection(tmp_path):
    form = write_inspection_form(tmp_path / "inspection.xlsx", tiny_store())
    leaves = dict(form_fields(form))
    assert leaves[("bhawan", "location")] == "geopoint"
    assert leaves[("connectivity", "bharatnet")] == leaves[("connectivity", "jharnet")] == "string"
    assert leaves[("connectivity", "speed_down_mbps")] == leaves[("connectivity", "speed_up_mbps")] == "decimal"
    assert leaves[("photo",)] == "binary"
    assert leaves[("inspection_date",)] == "date"
    assert {
        ("place", "panchayat"),
        ("services", "csc_functional"),
        ("services", "library"),
        ("remark",),
        ("inspector",),
        ("meta", "instanceID"),
    } <= set(leaves)
    survey = {row["name"]: row for row in _sheet(form, "survey")}
    assert survey["location"]["parameters"] == "capture-accuracy=10 warning-accuracy=50"
    assert survey["inspector"]["required"] == "yes" and survey["remark"]["required"] in ("", None)
    assert survey["bharatnet"]["label::Hindi (hi)"] == "भारतनेट कनेक्शन चालू मिला?"


def test_one_language_only_carries_that_language(tmp_path):
    form = write_inspection_form(tmp_path / "hi.xlsx", tiny_store(), lang="hi")
    survey = _sheet(form, "survey")
    assert [c for c in survey[0] if c.startswith("label")] == ["label::Hindi (hi)"]
    settings = _sheet(form, "settings")[0]
    assert settings["default_language"] == "Hindi (hi)"
    assert settings["form_title"] == "पंचायत निरीक्षण — छोटा"


def test_the_demo_form_is_labelled_demo(demo):
    title = inspection_form_sheets(demo, lang="en")["settings"][1][0]
    assert title == "Panchayat inspection — Jamtara (DEMO, not official)"


def test_the_version_changes_with_the_panchayats_and_not_otherwise():
    store = tiny_store()
    first = inspection_form_sheets(store)["settings"][1][2]
    assert inspection_form_sheets(store)["settings"][1][2] == first
    store.panchayats.loc[0, "name"] = "Renamed GP"
    assert inspection_form_sheets(store)["settings"][1][2] != first


def test_a_store_without_hindi_names_gets_english_ones(tmp_path):
    store = tiny_store()
    store.panchayats["name_hi"] = None
    choices = inspection_form_sheets(store)["choices"]
    assert ["panchayat", "P1", "West GP (P1)", "West GP (P1)", "B1"] in choices


def test_form_errors_name_what_to_do(tmp_path):
    with pytest.raises(GeoInputError, match=r"an XLSForm is an \.xlsx file \(e\.g\. --out inspection\.xlsx\)"):
        write_inspection_form(tmp_path / "form.csv", tiny_store())
    with pytest.raises(GeoInputError, match="lang should be one of en, hi, both, got 'fr'"):
        write_inspection_form(tmp_path / "form.xlsx", tiny_store(), lang="fr")
    empty = dataclasses.replace(tiny_store(), panchayats=empty_layer("panchayats"))
    with pytest.raises(GeoInputError, match="no panchayats to choose from; import the boundaries first"):
        write_inspection_form(tmp_path / "form.xlsx", empty)
    assert not (tmp_path / "form.xlsx").exists()


def test_every_field_has_a_unique_name():
    names = [f.name for f in FIELDS]
    assert len(names) == len(set(names))


def test_cli_writes_the_form(tmp_path, capsys):
    store = write_store(tmp_path / "tiny.gpkg", tiny_store())
    out = tmp_path / "inspection.xlsx"
    assert main(["inspection-form", "--store", str(store), "--lang", "en", "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    assert convert(xlsform=str(out)).warnings == []
    assert main(["inspection-form", "--store", str(store), "--out", str(tmp_path / "form.txt")]) == 2
    assert "an XLSForm is an .xlsx file" in capsys.readouterr().err
