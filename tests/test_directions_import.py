"""``import directions``: a meeting's directions from a sheet, Hindi or English headers, row-named messages."""

from __future__ import annotations

import openpyxl
import pytest

from cli import main
from geo.importing import apply_import, import_file
from geo.importing.kinds import import_kind
from geo.storage.store import read_store, write_store
from geo.storage.versions import list_versions
from tests.tiny_district import tiny_store

HINDI_SHEET = (
    "क्र. सं.,निर्देश,जिम्मेदार अधिकारी,बैठक की तिथि,नियत तिथि,विषय,सार्वजनिक,सूचक,लक्ष्य\n"
    "1,सभी पंचायत भवनों में इंटरनेट,जिला सूचना विज्ञान पदाधिकारी,12.11.2020,31.03.2021,कनेक्टिविटी,हाँ,connectivity,all\n"
    "2,Pragya Kendra in every panchayat,CSC district manager,12.11.2020,31.01.2021,csc,no,CSC,>= 90%\n"
    "3,Donate books,All officers,12.11.2020,,Community libraries,,,\n"
)


@pytest.fixture
def store(tmp_path):
    return write_store(tmp_path / "store.gpkg", tiny_store())


def _sheet(tmp_path, text: str, name: str = "minutes.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(store, path, **options):
    return import_file("directions", read_store(store, private=True), path, user="dio", **options)


def test_the_kind_is_registered_as_a_sheet_appended_by_district_editors():
    kind = import_kind("directions")
    assert (kind.writes, kind.located, kind.block_editors, kind.files) == (("directions",), False, False, "CSV/XLSX")


def test_a_hindi_sheet_of_the_minutes_becomes_directions(store, tmp_path):
    result = _import(store, _sheet(tmp_path, HINDI_SHEET))
    assert result.ok, result.text()
    assert result.appended == 3
    assert result.columns == {
        "direction": "निर्देश",
        "owner": "जिम्मेदार अधिकारी",
        "meeting_date": "बैठक की तिथि",
        "due_on": "नियत तिथि",
        "agenda_item": "विषय",
        "public": "सार्वजनिक",
        "indicator": "सूचक",
        "goal": "लक्ष्य",
    }
    apply_import(store, result, user="dio")
    rows = read_store(store, private=True).directions
    shown = rows[["direction_id", "text_en", "text_hi", "given_on", "due_on", "agenda_item", "public"]].astype(object)
    assert shown.where(shown.notna(), None).values.tolist() == [
        [1, None, "सभी पंचायत भवनों में इंटरनेट", "2020-11-12", "2021-03-31", "connectivity", True],
        [2, "Pragya Kendra in every panchayat", None, "2020-11-12", "2021-01-31", "csc", False],
        [3, "Donate books", None, "2020-11-12", None, "library", False],
    ]
    assert rows["target_indicator"].tolist()[:2] == ["connectivity", "csc"]
    assert rows["target_goal"].tolist()[:2] == ["all", ">= 90%"]
    assert rows["recorded_by"].unique().tolist() == ["dio"]
    assert list_versions(store)[["who", "action", "file"]].values.tolist() == [
        ["dio", "import directions", "minutes.csv"]
    ]


def test_the_same_sheet_twice_adds_nothing(store, tmp_path):
    path = _sheet(tmp_path, HINDI_SHEET)
    apply_import(store, _import(store, path), user="dio")
    again = _import(store, path)
    assert again.adds_nothing
    assert "already recorded: 3 direction(s) of the sheet" in again.report.facts


def test_an_english_sheet_with_both_languages_in_two_columns(store, tmp_path):
    sheet = (
        "Direction,Direction (Hindi),Responsible officer,Date of meeting,Deadline,Indicator,Scope\n"
        "Inspect every panchayat,हर पंचायत का निरीक्षण,DIO,12/11/2020,31/12/2020,inspection,block:B1\n"
    )
    result = _import(store, _sheet(tmp_path, sheet))
    assert result.ok, result.text()
    assert result.data.directions[["text_en", "text_hi", "owner", "due_on", "target_scope"]].values.tolist() == [
        ["Inspect every panchayat", "हर पंचायत का निरीक्षण", "DIO", "2020-12-31", "block:B1"]
    ]


def test_an_xlsx_sheet_reads_the_same(store, tmp_path):
    book = openpyxl.Workbook()
    for row in [line.split(",") for line in HINDI_SHEET.splitlines()]:
        book.active.append(row)
    path = tmp_path / "minutes.xlsx"
    book.save(path)
    assert _import(store, path).appended == 3


BAD = (
    "Direction,Owner,Meeting date,Due date,Agenda,Public,Indicator,Scope,Goal\n"
    "Connect all,DIO,12.11.2020,31.02.2021,connectivity,yes,connectivity,block:0000,all\n"  # row 2
    ",CSC manager,12.11.2020,,csc,maybe,csc,,most\n"  # row 3
    "Books,,31.02.2020,,roads,,,,\n"  # row 4
    "Inspect,DIO,,,,,inspection,,all\n"  # row 5
    "Two,DIO,12.11.2020,01.11.2020,,,toilets,,\n"  # row 6
)


def test_every_problem_names_its_row_and_nothing_is_written(store, tmp_path):
    result = _import(store, _sheet(tmp_path, BAD, "bad.csv"))
    assert not result.ok
    assert sorted((p.row, p.message) for p in result.report.errors) == [
        (2, "block '0000' is not a block of the store; write one of B1"),
        (2, "due_on '31.02.2021' in column 'Due date' is not a date: February 2021 has 28 days; correct it"),
        (3, "goal 'most' is not a goal; write 'all', '>= N%' (e.g. '>= 90%') or '<= N' (e.g. '<= 100')"),
        (3, "public 'maybe'; expected yes or no"),
        (3, "the direction has no text; write it in English or Hindi (or both)"),
        (
            4,
            "agenda item 'roads' is not on the agenda; write one of csc, connectivity, jharsewa, aadhaar, pmgdisha, "
            "library (or its title)",
        ),
        (4, "meeting_date '31.02.2020' in column 'Meeting date' is not a date: February 2020 has 29 days; correct it"),
        (4, "the direction has no owner; name the office or officer, e.g. 'District Informatics Officer'"),
        (5, "meeting_date is empty; write the date, DD.MM.YYYY"),
        (6, "due_on 2020-11-01 is before given_on 2020-11-12; check the dates"),
        (6, "target indicator 'toilets' is not measured; write one of connectivity, csc, library, pmgdisha, aadhaar, "
         "inspection, jharsewa"),
    ]  # fmt: skip
    assert all(p.where == f"bad.csv row {p.row}" for p in result.report.errors)


def test_skip_invalid_imports_the_good_rows(store, tmp_path):
    sheet = BAD + "Good one,DIO,12.11.2020,,,,,,\n"
    result = _import(store, _sheet(tmp_path, sheet, "bad.csv"), skip_invalid=True)
    assert result.ok and result.appended == 1
    assert result.rejected["row"].tolist() == [2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Text,Who\nx,y\n", "missing a direction column; an owner column (the office or officer); a meeting date"),
        ("Direction,Owner\nx,y\n", "missing a meeting date column; found: Direction, Owner"),
        (
            "Direction,Owner,Meeting date\nहर पंचायत,DIO,12.11.2020\n",
            None,
        ),
    ],
)
def test_a_sheet_without_the_columns_is_refused_whole(store, tmp_path, text, message):
    result = _import(store, _sheet(tmp_path, text))
    if message is None:
        assert result.ok and result.data.directions["text_hi"].tolist() == ["हर पंचायत"]
        return
    (problem,) = result.report.errors
    assert problem.row is None and message in problem.message


def test_two_texts_of_one_language_in_a_row_are_refused(store, tmp_path):
    sheet = "Direction,Direction Hindi,Owner,Meeting date\nConnect,Connect all,DIO,12.11.2020\n"
    (problem,) = _import(store, _sheet(tmp_path, sheet)).report.errors
    assert (problem.row, problem.message) == (
        2,
        "two English texts of the direction; keep one, or write the other language in the other column",
    )


def test_markup_in_a_direction_is_text_and_warned_about(store, tmp_path):
    sheet = "Direction,Owner,Meeting date\n<script>alert(1)</script> connect,DIO,12.11.2020\n"
    result = _import(store, _sheet(tmp_path, sheet))
    assert result.ok
    assert [p.row for p in result.warnings] == [2]
    assert result.data.directions["text_en"].tolist() == ["<script>alert(1)</script> connect"]


def test_the_command_line_imports_and_refuses_a_map_option(capsys, store, tmp_path):
    path = _sheet(tmp_path, HINDI_SHEET)
    assert main(["import", "directions", str(path), "--store", str(store), "--user", "dio"]) == 0
    assert "applied as version 1" in capsys.readouterr().out
    assert main(["import", "directions", str(path), "--store", str(store), "--code-col", "x"]) == 2
    assert "error: --code-col does not apply to a directions sheet" in capsys.readouterr().err
