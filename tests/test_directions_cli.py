"""``python -m geo directions add|list|close|report|export`` on a small store with hand-known progress.

The store is ``tests/tiny_district.py`` (panchayats P1, P2 of block B1): connectivity working in
1 of 2 panchayats on 12 Nov 2020 and in 2 of 2 on 10 Dec 2020; a functional CSC in 0, then 1.
"""

from __future__ import annotations

import openpyxl
import pytest

from cli import main
from geo.storage.store import read_store, write_store
from geo.storage.versions import list_versions
from tests.tiny_district import tiny_store


@pytest.fixture
def store(tmp_path):
    return str(write_store(tmp_path / "store.gpkg", tiny_store()))


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _add_two(capsys, store: str) -> None:
    common = ("--store", store, "--meeting", "12.11.2020", "--user", "dio")
    code, out, _ = _run(
        capsys,
        "directions", "add", *common,
        "--text-en", "Connect every panchayat bhawan", "--text-hi", "हर पंचायत भवन जोड़ें",
        "--owner", "District Informatics Officer", "--due", "31.12.2020", "--agenda", "connectivity",
        "--indicator", "connectivity", "--goal", "all",
    )  # fmt: skip
    assert (code, out) == (0, "added direction 1\n")
    code, out, _ = _run(
        capsys,
        "directions", "add", *common,
        "--text-en", "=1+2 Pragya Kendra in every panchayat", "--owner", "CSC district manager",
        "--due", "01.12.2020", "--indicator", "csc", "--scope", "block:B1", "--public",
    )  # fmt: skip
    assert (code, out) == (0, "added direction 2\n")


def test_add_then_list_with_status_and_figure_then_and_now(capsys, store):
    _add_two(capsys, store)
    code, out, err = _run(capsys, "directions", "list", "--store", store, "--as-of", "10.12.2020")
    assert code == 0, err
    assert out.splitlines() == [
        "Directions as of 10 Dec 2020: 2",
        "  2. [overdue] =1+2 Pragya Kendra in every panchayat — CSC district manager, Due date 1 Dec 2020",
        "     1 of 2 panchayats in Block with a functional Pragya Kendra, was 0 when given",
        "  1. [done] Connect every panchayat bhawan — District Informatics Officer, Due date 31 Dec 2020",
        "     2 of 2 panchayats in the district working, was 1 when given",
    ]
    code, out, _ = _run(capsys, "directions", "list", "--store", store, "--as-of", "12.11.2020", "--lang", "hi")
    assert (
        out.splitlines()[3] == "  1. [शुरू नहीं] हर पंचायत भवन जोड़ें — District Informatics Officer, नियत तिथि 31 दिसंबर 2020"
    )
    assert [v.who for v in list_versions(store).itertuples()] == ["dio", "dio"]


def test_the_latest_reports_date_is_the_default(capsys, store):
    _add_two(capsys, store)
    _, out, err = _run(capsys, "directions", "list", "--store", store)
    assert out.startswith("Directions as of 10 Dec 2020: 2\n")
    assert "measuring 2 direction(s) as of 2020-12-10" in err


def test_public_lists_only_directions_marked_public(capsys, store):
    _add_two(capsys, store)
    _, out, _ = _run(capsys, "directions", "list", "--store", store, "--as-of", "10.12.2020", "--public")
    assert out.splitlines()[0] == "Directions as of 10 Dec 2020: 1"
    assert "Connect every" not in out and "Pragya Kendra in every panchayat" in out


def test_report_and_close_are_versions_by_their_user(capsys, store):
    _add_two(capsys, store)
    code, out, _ = _run(
        capsys, "directions", "report", "1", "--store", store, "--text", "BSNL asked for 2 links", "--on",
        "01.12.2020", "--by", "DIO", "--user", "dio",
    )  # fmt: skip
    assert (code, out) == (0, "recorded report 1 on direction 1 (marked as reported)\n")
    code, out, _ = _run(capsys, "directions", "close", "1", "--store", store, "--on", "11.12.2020", "--user", "dc")
    assert (code, out) == (0, "closed direction 1\n")
    log = list_versions(store)
    assert log[["who", "action"]].values.tolist()[2:] == [["dio", "directions report 1"], ["dc", "directions close 1"]]
    assert read_store(store).directions["closed_on"].tolist()[0] == "2020-12-11"


def test_export_writes_the_offices_sheet_with_text_cells(capsys, store, tmp_path):
    _add_two(capsys, store)
    _run(capsys, "directions", "report", "1", "--store", store, "--text", "@SUM(A1) links asked", "--on", "01.12.2020")
    out_file = tmp_path / "atr.xlsx"
    code, out, _ = _run(
        capsys, "directions", "export", "--store", store, "--as-of", "10.12.2020", "--out", str(out_file)
    )
    assert (code, out) == (0, f"{out_file}\n")
    sheet = openpyxl.load_workbook(out_file).active
    assert sheet.title == "action taken 2020-12-10"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        ["S. No.", "Direction", "Owner", "Due date", "Status", "Action taken"],
        [
            1,
            "=1+2 Pragya Kendra in every panchayat",
            "CSC district manager",
            "1 Dec 2020",
            "overdue",
            "1 of 2 panchayats in Block with a functional Pragya Kendra, was 0 when given",
        ],
        [
            2,
            "Connect every panchayat bhawan",
            "District Informatics Officer",
            "31 Dec 2020",
            "done",
            "2 of 2 panchayats in the district working, was 1 when given · reported 1 Dec 2020: @SUM(A1) links asked",
        ],
    ]
    assert {cell.data_type for row in sheet.iter_rows(min_col=2) for cell in row} == {"s"}  # no formula cell


def test_export_in_hindi(capsys, store, tmp_path):
    _add_two(capsys, store)
    out_file = tmp_path / "atr.xlsx"
    _run(
        capsys,
        "directions",
        "export",
        "--store",
        store,
        "--as-of",
        "10.12.2020",
        "--lang",
        "hi",
        "--out",
        str(out_file),
    )
    sheet = openpyxl.load_workbook(out_file).active
    assert [c.value for c in sheet[1]] == ["क्र. सं.", "निर्देश", "जिम्मेदार अधिकारी", "नियत तिथि", "स्थिति", "की गई कार्रवाई"]
    assert [c.value for c in sheet[3]][:5] == [
        2,
        "हर पंचायत भवन जोड़ें",
        "District Informatics Officer",
        "31 दिसंबर 2020",
        "पूर्ण",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["add", "--owner", "DIO", "--meeting", "12.11.2020", "--indicator", "csc", "--scope", "block:B9"],
            "error: nothing was added — direction 1: the direction has no text; write it in English or Hindi "
            "(or both); direction 1: block 'B9' is not a block of the store; write one of B1",
        ),
        (
            ["add", "--text-en", "x", "--owner", "DIO", "--meeting", "12.11.2020", "--goal", ">= 50%"],
            "error: nothing was added — direction 1: target_goal given without target_indicator; name the "
            "indicator too",
        ),
        (["close", "4", "--on", "01.12.2020"], "error: the store has no direction 4; its directions: none yet"),
        (["list", "--as-of", "31.02.2020"], "error: --as-of '31.02.2020' is not a date"),
    ],
)
def test_mistakes_end_in_one_sentence_and_change_nothing(capsys, store, argv, message):
    code, out, err = _run(capsys, "directions", argv[0], "--store", store, *argv[1:])
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
    assert list_versions(store).empty


def test_edit_corrects_a_direction_and_its_status_follows(capsys, store):
    _add_two(capsys, store)
    code, out, err = _run(
        capsys, "directions", "edit", "2", "--store", store, "--due", "31.12.2020", "--public", "no", "--user", "ddc"
    )
    assert code == 0, err
    assert out.splitlines() == [
        "direction 2: due_on '2020-12-01' -> '2020-12-31'",
        "direction 2: public True -> False",
    ]
    _, out, _ = _run(capsys, "directions", "list", "--store", store, "--as-of", "10.12.2020")
    assert "  2. [on track] =1+2 Pragya Kendra in every panchayat — CSC district manager, Due date 31 Dec 2020" in (
        out.splitlines()
    )  # no longer overdue: due later, and moved since given (0 -> 1 of 2)
    code, out, _ = _run(capsys, "directions", "edit", "2", "--store", store, "--due", "31.12.2020")
    assert (code, out) == (0, "direction 2: nothing to change\n")
    code, _, err = _run(capsys, "directions", "edit", "2", "--store", store, "--goal", "lots")
    assert code != 0 and "direction 2 was not changed — goal 'lots' is not a goal" in err
    assert [v.action for v in list_versions(store).itertuples()][-1] == "directions edit 2 (due_on, public)"
    _, out, _ = _run(capsys, "directions", "list", "--store", store, "--public", "--as-of", "10.12.2020")
    assert out.splitlines()[0] == "Directions as of 10 Dec 2020: 0"  # no longer public
