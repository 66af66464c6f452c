"""Office sheets as they come: their dates (day first, any spelling, date cells, serials) and imports done twice.

The tiny store (conftest ``tiny_named_store``): P1 "Kundhit" and P2 "Karmatanr" in block
B1, with BharatNet P1 live and P2 cable laid on 2020-11-12 and events up to 2020-12-10.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from tiny_district import east

from cli import main
from geo.errors import GeoInputError, StoreChanged
from geo.importing import apply_import, import_file
from geo.review.certificates import certificates_as_of
from geo.review.status import current_status
from geo.storage.store import read_store
from geo.storage.versions import list_versions

TODAY = dt.date(2020, 12, 31)


@pytest.fixture
def store(tiny_named_store: Path) -> Path:
    return tiny_named_store


def _check(store: Path, sheet: Path, what: str = "status", **options):
    if what != "services":
        options["user"] = "dio"
    return import_file(what, read_store(store, private=True), sheet, today=TODAY, **options)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _xlsx(path: Path, rows: list[list[object]], *, number_format: str | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if number_format is not None:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
            cell.number_format = number_format
    book.save(path)
    return path


# --- the date each row gets -----------------------------------------------------------------------------------------


def test_an_english_office_sheet_status_as_on_day_first(store, tmp_path):
    """The sheet the district office sent: 'Status as on' in dd.mm.yyyy (and the other ways offices write it)."""
    sheet = tmp_path / "review.csv"
    sheet.write_text(
        "Panchayat Name / पंचायत,Status as on,BharatNet / भारतनेट\n"
        "Kundhit,13.11.2020,Live\n"
        "Karmatanr,14/11/2020,Service-ready\n"
        "Kundhit,02-12-2020,Live\n"  # 2 December (day first), not 12 February
        "Karmatanr,3 Dec 2020,Live\n"
        "Kundhit,04.12.20,Live\n"
        "Karmatanr,44170,Live\n",  # a date saved as its Excel serial: 1899-12-30 + 44170 days = 2020-12-05
        encoding="utf-8",
    )
    result = _check(store, sheet)
    assert result.ok, result.text()
    assert result.columns["as_of"] == "Status as on"
    assert result.new_events[["panchayat_lgd", "value", "as_of"]].values.tolist() == [
        ["P1", "live", "2020-11-13"],
        ["P2", "service_ready", "2020-11-14"],
        ["P1", "live", "2020-12-02"],
        ["P2", "live", "2020-12-03"],
        ["P1", "live", "2020-12-04"],
        ["P2", "live", "2020-12-05"],
    ]
    assert (
        "dated from column 'Status as on': 13 Nov 2020 (1 row(s)); 14 Nov 2020 (1 row(s)); 2 Dec 2020 (1 row(s)); "
        "3 Dec 2020 (1 row(s)); 4 Dec 2020 (1 row(s)); 5 Dec 2020 (1 row(s))"
    ) in result.report.facts


def test_a_hindi_office_sheet(store, tmp_path):
    sheet = tmp_path / "समीक्षा.csv"
    sheet.write_text(
        "GP LGD Code,दिनांक,भारतनेट की स्थिति,पुस्तकालय\nP1,१३.११.२०२०,चालू,खुला\nP2,14 नवंबर 2020,केबल बिछी,स्थान चिह्नित\n",
        encoding="utf-8",
    )
    result = _check(store, sheet)
    assert result.ok, result.text()
    assert result.columns == {
        "panchayat_code": "GP LGD Code",
        "as_of": "दिनांक",
        "bharatnet": "भारतनेट की स्थिति",
        "library": "पुस्तकालय",
    }
    assert result.new_events[["panchayat_lgd", "indicator", "value", "as_of"]].values.tolist() == [
        ["P1", "bharatnet", "live", "2020-11-13"],
        ["P2", "bharatnet", "cable_laid", "2020-11-14"],
        ["P1", "library", "opened", "2020-11-13"],
        ["P2", "library", "space_identified", "2020-11-14"],
    ]


@pytest.mark.parametrize(
    "header",
    [
        "Status as on",
        "Status as on date",
        "As on",
        "As on date",
        "Date",
        "Report date",
        "दिनांक",
        "तिथि",
        "स्थिति दिनांक",
        "की स्थिति",
        "Date / दिनांक",
        "Status as on (dd.mm.yyyy)",
    ],
)
def test_the_date_column_is_found_by_its_office_names(store, tmp_path, header):
    sheet = tmp_path / "review.csv"
    sheet.write_text(f"panchayat_code,{header},bharatnet\nP1,20.11.2020,service ready\n", encoding="utf-8")
    result = _check(store, sheet)
    assert result.ok, result.text()
    assert result.new_events["as_of"].tolist() == ["2020-11-20"]


def test_an_xlsx_with_real_date_cells(store, tmp_path):
    sheet = _xlsx(
        tmp_path / "review.xlsx",
        [
            ["panchayat_code", "Status as on", "bharatnet"],
            ["P1", dt.date(2020, 11, 20), "service ready"],
            ["P2", dt.datetime(2020, 11, 21, 10, 30), "live"],
        ],
        number_format="DD.MM.YYYY",
    )
    result = _check(store, sheet)
    assert result.ok, result.text()
    assert result.new_events[["panchayat_lgd", "as_of"]].values.tolist() == [["P1", "2020-11-20"], ["P2", "2020-11-21"]]


def test_an_xlsx_with_dates_as_serial_numbers(store, tmp_path):
    """Date cells formatted "General" come out as their serial numbers (44155 is 20 November 2020)."""
    sheet = _xlsx(
        tmp_path / "review.xlsx",
        [["panchayat_code", "As on date", "bharatnet"], ["P1", 44155, "service ready"], ["P2", 44156, "live"]],
        number_format="General",
    )
    result = _check(store, sheet)
    assert result.ok, result.text()
    assert result.new_events[["panchayat_lgd", "as_of"]].values.tolist() == [["P1", "2020-11-20"], ["P2", "2020-11-21"]]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (
            "31.02.2020",
            "row 3: as_of '31.02.2020' in column 'Status as on' is not a date: February 2020 has 29 days; correct it",
        ),
        (
            "11/13/2020",
            r"row 3: as_of '11/13/2020' in column 'Status as on' is not a date: 13 is not a month \(dates "
            r"are read day first: DD.MM.YYYY\)",
        ),
        ("soon", "row 3: as_of 'soon' in column 'Status as on' is not a date; write it day first, e.g. 12.11.2020"),
        ("12.01.2021", r"row 3: as_of '12.01.2021' \(2021-01-12\) lies in the future \(after 2020-12-31\)"),
        ("36000", r"row 3: as_of '36000' \(1998-07-24\) is before 2000"),
    ],
)
def test_a_date_that_cannot_be_is_an_error_naming_the_row(store, tmp_path, cell, message):
    sheet = tmp_path / "review.csv"
    sheet.write_text(f"panchayat_code,Status as on,bharatnet\nP1,20.11.2020,live\nP2,{cell},live\n", encoding="utf-8")
    result = _check(store, sheet)
    assert [p.where for p in result.report.errors] == ["review.csv row 3"]
    assert re.search(message, str(result.report.errors[0])), result.text()


def test_12_11_2020_is_12_november(store, tmp_path):
    """A date whose US reading is also a date (11 December) is still read day first."""
    sheet = tmp_path / "review.csv"
    sheet.write_text("panchayat_code,Date,bharatnet\nP2,12/11/2020,live\n", encoding="utf-8")
    assert _check(store, sheet).new_events["as_of"].tolist() == ["2020-11-12"]


# --- a sheet without a date -----------------------------------------------------------------------------------------


def test_a_sheet_without_a_date_column_is_refused_not_dated_today(store, tmp_path):
    sheet = tmp_path / "review.csv"
    sheet.write_text("panchayat_code,bharatnet\nP1,service ready\nP2,live\n", encoding="utf-8")
    result = _check(store, sheet)
    assert [str(p) for p in result.report.errors] == [
        "ERROR: review.csv: has no date column (as_of, 'Status as on', 'As on date', 'Date', 'दिनांक' …); found: "
        "panchayat_code, bharatnet — a status counts from the date it held, so the sheet is not dated silently: give "
        "the date of the sheet (command line: --as-of DD.MM.YYYY, e.g. --as-of 12.11.2020; Data page: 'Status as "
        "on'), or add a date column, or map one (--col as_of=COLUMN)"
    ]
    dated = _check(store, sheet, as_of="20.11.2020")
    assert dated.ok, dated.text()
    assert dated.new_events[["panchayat_lgd", "as_of"]].values.tolist() == [["P1", "2020-11-20"], ["P2", "2020-11-20"]]
    assert "dated 20 Nov 2020, the date given for the sheet: 2 row(s) without a date of their own" in dated.report.facts


def test_the_date_given_dates_only_the_rows_without_one(store, tmp_path):
    sheet = tmp_path / "review.csv"
    sheet.write_text("panchayat_code,As on,bharatnet\nP1,18.11.2020,service ready\nP2,,live\n", encoding="utf-8")
    refused = _check(store, sheet)
    assert [str(p) for p in refused.report.errors] == [
        "ERROR: review.csv row 3: no as_of date in column 'As on'; write it day first (e.g. 12.11.2020), or give the "
        "date of the rows without one (--as-of DD.MM.YYYY; Data page: 'Status as on')"
    ]
    result = _check(store, sheet, as_of=dt.date(2020, 11, 20))
    assert result.new_events[["panchayat_lgd", "as_of"]].values.tolist() == [["P1", "2020-11-18"], ["P2", "2020-11-20"]]
    assert result.report.facts[1:3] == [
        "dated from column 'As on': 18 Nov 2020 (1 row(s))",
        "dated 20 Nov 2020, the date given for the sheet: 1 row(s) without a date of their own",
    ]


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("31.02.2020", r"as_of '31.02.2020' is not a date \(February 2020 has 29 days\)"),
        ("2021-01-12", r"^as_of 2021-01-12 lies in the future \(after 2020-12-31\)"),
        ("1.1.1999", r"as_of 1.1.1999 \(1999-01-01\) is before 2000"),
    ],
)
def test_a_wrong_date_given_is_refused(store, tmp_path, as_of, message):
    sheet = tmp_path / "review.csv"
    sheet.write_text("panchayat_code,bharatnet\nP1,live\n", encoding="utf-8")
    with pytest.raises(GeoInputError, match=message):
        _check(store, sheet, as_of=as_of)


def test_the_command_line_asks_for_as_of_then_uses_it(store, tmp_path, capsys):
    sheet = tmp_path / "review.csv"
    sheet.write_text("GP Name,BharatNet\nKundhit,service ready\nKarmatanr,live\n", encoding="utf-8")
    before = _sha(store)
    assert main(["import", "status", str(sheet), "--store", str(store)]) == 1
    out = capsys.readouterr()
    assert "give the date of the sheet (command line: --as-of DD.MM.YYYY, e.g. --as-of 12.11.2020" in out.out
    assert "nothing was applied" in out.err and _sha(store) == before
    assert main(["import", "status", str(sheet), "--store", str(store), "--as-of", "31.02.2020"]) == 2  # a bad option
    assert "error: as_of '31.02.2020' is not a date (February 2020 has 29 days)" in capsys.readouterr().err
    assert _sha(store) == before
    assert main(["import", "status", str(sheet), "--store", str(store), "--as-of", "20.11.2020", "--user", "dio"]) == 0
    assert "applied as version 1" in capsys.readouterr().out
    events = read_store(store, private=True).status_events.tail(2)
    assert events[["panchayat_lgd", "value", "as_of", "recorded_by"]].values.tolist() == [
        ["P1", "service_ready", "2020-11-20", "dio"],
        ["P2", "live", "2020-11-20", "dio"],
    ]


# --- importing the same rows again ------------------------------------------------------------------------------------


def test_the_same_review_sheet_twice_adds_nothing(store, tmp_path, capsys):
    sheet = tmp_path / "review.csv"
    sheet.write_text(
        "GP Name,Status as on,BharatNet\nKundhit,20.11.2020,service ready\nKarmatanr,20.11.2020,live\n",
        encoding="utf-8",
    )
    assert main(["import", "status", str(sheet), "--store", str(store), "--user", "dio"]) == 0
    capsys.readouterr()
    before, events = _sha(store), len(read_store(store).status_events)
    assert events == 9  # the tiny store's 7 and the sheet's 2
    assert main(["import", "status", str(sheet), "--store", str(store), "--user", "dio"]) == 0
    out = capsys.readouterr().out
    assert (
        "already recorded: 2 (the same value of the panchayat's indicator on the same date already in the history; "
        "not added again)"
    ) in out
    assert "0 status event(s) to append" in out
    assert "nothing new: every row of review.csv is already in the store or left out; nothing was applied" in out
    assert _sha(store) == before and list_versions(store)["version"].tolist() == [1]


def test_values_the_store_already_has_for_that_date_are_not_added_again(store, tmp_path):
    """The tiny store has P1 live and P2 cable laid on 12.11.2020: a sheet saying so adds only what is new."""
    sheet = tmp_path / "review.csv"
    sheet.write_text(
        "panchayat_code,as_of,bharatnet,library\nP1,12.11.2020,live,opened\nP2,12.11.2020,cable laid,\n",
        encoding="utf-8",
    )
    result = _check(store, sheet)
    assert result.new_events[["panchayat_lgd", "indicator", "value"]].values.tolist() == [["P1", "library", "opened"]]
    assert result.appended == 1 and not result.adds_nothing
    assert any(f.startswith("already recorded: 2 ") for f in result.report.facts)


def test_a_correction_for_the_same_date_is_appended_and_said(store, tmp_path):
    sheet = tmp_path / "review.csv"
    sheet.write_text(
        "panchayat_code,as_of,bharatnet\nP1,12.11.2020,cable laid\nP2,12.11.2020,cable laid\n", encoding="utf-8"
    )
    result = _check(store, sheet)
    assert result.ok, result.text()
    assert (
        "1 correction(s) of values already recorded for the same date (appended; the earlier value stays in the "
        "history)" in result.report.facts
    )
    assert "corrected: P1 bharatnet on 12 Nov 2020: live → cable_laid" in result.report.facts
    assert any(f.startswith("already recorded: 1 ") for f in result.report.facts)
    apply_import(store, result, user="dio")
    history = read_store(store, private=True).status_events
    p1 = history[(history["panchayat_lgd"] == "P1") & (history["indicator"] == "bharatnet")]
    assert p1[["value", "as_of"]].values.tolist() == [["live", "2020-11-12"], ["cable_laid", "2020-11-12"]]
    assert current_status(history, as_of="2020-11-30").loc["P1", "bharatnet"] == "cable_laid"
    # corrected back: the file says live again, which is not what the store now shows for that date
    sheet.write_text("panchayat_code,as_of,bharatnet\nP1,12.11.2020,live\n", encoding="utf-8")
    back = _check(store, sheet)
    assert "corrected: P1 bharatnet on 12 Nov 2020: cable_laid → live" in back.report.facts
    assert back.new_events["value"].tolist() == ["live"]


def test_one_sheet_giving_two_values_for_a_panchayat_and_date(store, tmp_path):
    sheet = tmp_path / "review.csv"
    sheet.write_text(
        "panchayat_code,as_of,bharatnet,remark\nP1,20.11.2020,live,\nP2,20.11.2020,live,\n"
        "P1,20.11.2020,cable laid,\nP2,20.11.2020,live,again\n",
        encoding="utf-8",
    )
    result = _check(store, sheet)
    assert [str(p) for p in result.report.problems if "20 Nov" in str(p)] == [
        "ERROR: review.csv row 4: gives bharatnet 'cable_laid' for panchayat P1 on 20 Nov 2020, but row 2 gives "
        "'live'; keep one",
        "WARNING: review.csv row 5: repeats row 3's bharatnet 'live' for panchayat P2 on 20 Nov 2020; recorded once",
    ]


def test_the_same_jharsewa_report_twice_adds_nothing_and_other_counts_correct_it(store, tmp_path, capsys):
    sheet = tmp_path / "jharsewa.csv"
    sheet.write_text(
        "Block LGD code,Certificate,Report date,Received,Disposed\nB1,Caste,10.12.2020,120,100\n"
        "B1,Income,10.12.2020,50,45\n",
        encoding="utf-8",
    )
    assert main(["import", "certificates", str(sheet), "--store", str(store), "--user", "dio"]) == 0
    capsys.readouterr()
    before = _sha(store)
    assert main(["import", "certificates", str(sheet), "--store", str(store), "--user", "dio"]) == 0
    out = capsys.readouterr().out
    assert (
        "already recorded: 2 (the same counts of the block and certificate type on the same date already in the "
        "history; not added again)"
    ) in out
    assert "nothing new: every row of jharsewa.csv is already in the store or left out" in out
    assert _sha(store) == before
    sheet.write_text(
        "Block LGD code,Certificate,Report date,Received,Disposed\nB1,Caste,10.12.2020,120,110\n"
        "B1,Income,10.12.2020,50,45\n",
        encoding="utf-8",
    )
    result = _check(store, sheet, "certificates")
    assert (
        "1 correction(s) of values already recorded for the same date (appended; the earlier value stays in the "
        "history)" in result.report.facts
    )
    assert (
        "corrected: block B1 caste on 10 Dec 2020: received/disposed/pending 120/100/20 → 120/110/10"
        in result.report.facts
    )
    apply_import(store, result, user="dio")
    reports = read_store(store, private=True).certificates
    assert reports[["certificate", "disposed", "pending"]].values.tolist() == [
        ["caste", 100, 20],
        ["income", 45, 5],
        ["caste", 110, 10],
    ]
    assert certificates_as_of(reports)[["certificate", "disposed"]].values.tolist() == [["caste", 110], ["income", 45]]


def test_a_sheet_applied_twice_from_one_check_adds_its_events_once(store, tmp_path):
    """Two editors check the same sheet against the same store; the second apply finds it already recorded."""
    sheet = tmp_path / "review.csv"
    sheet.write_text(
        "panchayat_code,as_of,bharatnet\nP1,20.11.2020,service ready\nP2,20.11.2020,live\n", encoding="utf-8"
    )
    first, second = _check(store, sheet), _check(store, sheet)
    assert apply_import(store, first, user="dio") == 1
    revision = _sha(store)
    with pytest.raises(
        StoreChanged, match="checked again, every row of it is now already recorded .*; nothing was applied"
    ):
        apply_import(store, second, user="asha")
    assert _sha(store) == revision
    assert len(read_store(store).status_events) == 9
    with pytest.raises(GeoInputError, match="every row of review.csv is already recorded .*; nothing to apply"):
        apply_import(store, _check(store, sheet), user="dio")


# --- a services file's status date ----------------------------------------------------------------------------------


def test_a_services_file_dates_its_flags_by_status_as_on(store, tmp_path):
    point = east(4)
    sheet = tmp_path / "csc.csv"
    sheet.write_text(
        f"CSC ID,Name,Lat,Long,Functional,Status as on\nC9,CSC nine,{point.y},{point.x},yes,05.12.2020\n",
        encoding="utf-8",
    )
    result = _check(store, sheet, "services", kind="csc")
    assert result.ok, result.text()
    assert result.columns["status_as_of"] == "Status as on"
    points = result.data.service_points.set_index("id")
    assert points.loc["C9", "status_as_of"] == "2020-12-05"


def test_a_services_file_without_a_status_date_says_its_flags_are_dated_today(store, tmp_path):
    point = east(4)
    sheet = tmp_path / "csc.csv"
    sheet.write_text(f"id,name,lat,lon,functional\nC9,CSC nine,{point.y},{point.x},no\n", encoding="utf-8")
    result = _check(store, sheet, "services", kind="csc")
    assert result.ok, result.text()
    assert (
        "no status date column ('Status as on', status_as_of …): the functional flags are dated the day of the "
        "import, 31 Dec 2020 — add the column to date them as the register does (a review event dated later "
        "still outranks them)"
    ) in result.report.facts
    assert result.data.service_points.set_index("id").loc["C9", "status_as_of"] == "2020-12-31"


def test_counts_coordinates_and_dates_in_devanagari_digits_are_read(store, tmp_path):
    """An office types ०-९ as often as 0-9: a count, a coordinate and a date in Devanagari digits read as numbers."""
    point = east(4)
    lat, lon = (f"{value:.4f}".translate(str.maketrans("0123456789", "०१२३४५६७८९")) for value in (point.y, point.x))
    sheet = tmp_path / "csc.csv"
    sheet.write_text(
        f"CSC ID,Name,Lat,Long,Functional,Status as on\nC9,CSC nine,{lat},{lon},yes,०५.१२.२०२०\n",
        encoding="utf-8",
    )
    result = _check(store, sheet, "services", kind="csc")
    assert result.ok, result.text()
    points = result.data.service_points.set_index("id")
    assert points.loc["C9", "status_as_of"] == "2020-12-05"
    assert (round(points.loc["C9"].geometry.y, 4), round(points.loc["C9"].geometry.x, 4)) == (
        round(point.y, 4),
        round(point.x, 4),
    )
    reports = tmp_path / "jharsewa.csv"
    reports.write_text(
        'Block LGD code,Certificate,Report date,Received,Disposed\nB1,Caste,१०.१२.२०२०,"१,२००",९८०\n',
        encoding="utf-8",
    )
    result = _check(store, reports, "certificates")
    assert result.ok, result.text()
    assert result.data.certificates[["received", "disposed", "pending"]].values.tolist() == [[1200, 980, 220]]


def test_the_figures_are_as_of_the_newest_dated_record_of_any_sheet(store, tmp_path):
    """Reviews up to 10 Dec and a CSC list 'Status as on' 20 Dec: the figures are as of 20 Dec, not 10 Dec."""
    from geo.formats import dates_line
    from geo.review.analysis import analyse

    assert analyse(read_store(store)).date == "2020-12-10"  # the tiny store's newest status event
    point = east(4)
    cscs = tmp_path / "csc.csv"
    cscs.write_text(
        f"CSC ID,Name,Lat,Long,Functional,Status as on\nC9,CSC nine,{point.y},{point.x},yes,20.12.2020\n",
        encoding="utf-8",
    )
    apply_import(store, _check(store, cscs, "services", kind="csc"), user="dio")
    assert dates_line(analyse(read_store(store)).date, None) == "Figures as of 20 Dec 2020"
    assert analyse(read_store(store), as_of="2020-11-30").date == "2020-11-30"  # a date asked for is that date


def test_a_list_without_functional_flags_leaves_its_points_undated(store, tmp_path):
    """An Aadhaar list (name, type, location) says the centres exist: no flag, no date, the figures' date unmoved."""
    from geo.review.analysis import analyse

    point = east(4)
    centres = tmp_path / "aadhaar.csv"
    centres.write_text(f"Centre,Type,Latitude,Longitude\nBlock HQ,Permanent,{point.y},{point.x}\n", encoding="utf-8")
    result = _check(store, centres, "services", kind="aadhaar")
    assert result.ok, result.text()
    assert not any("no status date column" in fact for fact in result.report.facts)
    assert pd.isna(result.data.service_points.set_index("name").loc["Block HQ", "status_as_of"])
    apply_import(store, result, user="dio")
    assert analyse(read_store(store)).date == "2020-12-10"  # not the import day
