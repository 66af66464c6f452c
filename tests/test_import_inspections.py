from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from inspection_exports import kobo_xlsx, odk_central_csv
from tiny_district import GEOD, east, tiny_store

from cli import main
from geo.importing import apply_import, import_file
from geo.importing.inspections import inspection_columns
from geo.review.inspection_form import write_inspection_form
from geo.storage.store import read_store, write_store

TODAY = dt.date(2020, 12, 31)
#: The bhawans: P1's 5 km west of the origin, P2's 5 km east.
BHAWAN = {"P1": east(-5), "P2": east(5)}


def _north(point, metres):
    lon, lat, _ = GEOD.fwd(point.x, point.y, 0.0, metres)
    return lat, lon


@pytest.fixture
def store(tmp_path) -> Path:
    data = tiny_store()
    data.panchayats["bhawan_lon"] = [BHAWAN["P1"].x, BHAWAN["P2"].x]
    data.panchayats["bhawan_lat"] = [BHAWAN["P1"].y, BHAWAN["P2"].y]
    return write_store(tmp_path / "tiny.gpkg", data)


@pytest.fixture
def form(tmp_path, store) -> Path:
    return write_inspection_form(tmp_path / "inspection.xlsx", read_store(store))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Three submissions: P2 at its bhawan, 600 m north of it (flagged), and P1 rejected in review.
SUBMISSIONS = [
    {
        "id": "uuid:0a1",
        "block": "B1",
        "panchayat": "P2",
        "location": (*_north(BHAWAN["P2"], 20), 151.0, 6.5),
        "bharatnet": "no",
        "jharnet": "yes",
        "speed_down_mbps": "12.5",
        "speed_up_mbps": "3.1",
        "csc_functional": "yes",
        "library": "opened",
        "photo": "1607581234567.jpg",
        "remark": "ONT replaced",
        "inspector": "Ravi Kumar",
        "inspection_date": "2020-12-09",
        "review": "approved",
        "submitter": "ravi.k",
    },
    {
        "id": "uuid:0b2",
        "block": "B1",
        "panchayat": "P2",
        "location": (*_north(BHAWAN["P2"], 600), 150.0, 8.0),
        "bharatnet": "no",
        "jharnet": "not_installed",
        "csc_functional": "no",
        "library": "space_identified",
        "inspector": "Sita Devi",
        "inspection_date": "2020-12-11",
        "review": "hasIssues",
    },
    {
        "id": "uuid:0c3",
        "block": "B1",
        "panchayat": "P1",
        "location": (*_north(BHAWAN["P1"], 0), 150.0, 5.0),
        "bharatnet": "yes",
        "jharnet": "no",
        "csc_functional": "yes",
        "library": "opened",
        "inspector": "Sita Devi",
        "inspection_date": "2020-12-11",
        "review": "rejected",
    },
]


def test_an_odk_central_export_appends_one_event_per_indicator(tmp_path, store, form):
    export = odk_central_csv(form, tmp_path / "panchayat_inspection.csv", SUBMISSIONS)
    result = import_file(
        "inspections",
        read_store(store, private=True),
        export,
        user="dio",
        today=TODAY,
        recorded_at="2020-12-31T10:00:00Z",
    )
    assert result.ok, result.text()
    assert "panchayat_inspection.csv: 3 submission(s), exported from ODK Central" in result.report.facts
    events = result.new_events[["panchayat_lgd", "indicator", "value", "as_of", "source"]].values.tolist()
    assert events == [
        ["P2", "inspection", "online", "2020-12-09", "inspection uuid:0a1"],
        ["P2", "csc_functional", "yes", "2020-12-09", "inspection uuid:0a1"],
        ["P2", "library", "opened", "2020-12-09", "inspection uuid:0a1"],
        ["P2", "inspection", "offline", "2020-12-11", "inspection uuid:0b2"],
        ["P2", "csc_functional", "no", "2020-12-11", "inspection uuid:0b2"],
        ["P2", "library", "space_identified", "2020-12-11", "inspection uuid:0b2"],
    ]
    assert (
        result.new_events["remark"].iloc[0] == "BharatNet: not working; JharNet: working; speed 12.5/3.1 Mbps — "
        "ONT replaced"
    )
    assert result.new_events["remark"].iloc[3] == "BharatNet: not working; JharNet: not installed"
    rows = result.new_inspections.set_index("submission_id")
    assert rows.loc[
        "uuid:0a1",
        [
            "bharatnet",
            "jharnet",
            "down_mbps",
            "up_mbps",
            "gps_accuracy_m",
            "inspector",
            "submitter",
            "photo",
            "review_state",
        ],
    ].tolist() == ["no", "yes", 12.5, 3.1, 6.5, "Ravi Kumar", "ravi.k", "1607581234567.jpg", "approved"]
    assert rows.loc["uuid:0b2", ["down_mbps", "remark", "photo"]].isna().all()  # not asked: missing, never 0
    assert "uuid:0c3" not in rows.index  # rejected in review
    assert any("row 4: was rejected in review (rejected); left out" in str(p) for p in result.warnings)

    version = apply_import(store, result, user="dio")
    after = read_store(store, private=True)
    assert version == 1
    assert after.status_events.tail(6)["value"].tolist() == [
        "online",
        "yes",
        "opened",
        "offline",
        "no",
        "space_identified",
    ]
    assert after.status_events.tail(6)["recorded_by"].eq("dio").all()
    assert len(after.status_events) == 7 + 6  # appended, nothing overwritten
    assert after.inspections["submission_id"].tolist() == ["uuid:0a1", "uuid:0b2"]


def test_a_gps_600_m_north_of_the_bhawan_is_flagged_with_its_distance(tmp_path, store, form):
    export = odk_central_csv(form, tmp_path / "export.csv", SUBMISSIONS[:2])
    result = import_file("inspections", read_store(store, private=True), export, user="dio", today=TODAY)
    rows = result.new_inspections.set_index("submission_id")
    assert rows.loc["uuid:0a1", "bhawan_dist_m"] == pytest.approx(20.0, abs=0.01)
    assert pd.isna(rows.loc["uuid:0a1", "flags"])
    assert rows.loc["uuid:0b2", "bhawan_dist_m"] == pytest.approx(600.0, abs=0.01)
    assert rows.loc["uuid:0b2", "flags"] == "GPS 600 m from the recorded bhawan of P2 (more than 500 m)"
    flagged = [str(p) for p in result.warnings if "bhawan" in p.message]
    assert flagged == [
        "WARNING: export.csv row 3: GPS 600 m from the recorded bhawan of P2 (more than 500 m) — check "
        "where the inspection was made, or the bhawan's location; imported and flagged"
    ]
    assert result.ok  # flagged, not dropped


def test_gps_outside_the_panchayat_or_inaccurate_is_flagged(tmp_path, store, form):
    far = dict(SUBMISSIONS[0], id="uuid:far", panchayat="P1", location=(*_north(BHAWAN["P2"], 0), 150.0, 80.0))
    export = odk_central_csv(form, tmp_path / "export.csv", [far])
    result = import_file("inspections", read_store(store, private=True), export, user="dio", today=TODAY)
    flags = result.new_inspections["flags"].iloc[0].split("; ")
    assert flags == [
        "GPS 10,000 m from the recorded bhawan of P1 (more than 500 m)",
        "GPS lies outside panchayat P1",
        "GPS accuracy 80 m is worse than 50 m",
    ]
    assert result.new_inspections["bhawan_dist_m"].iloc[0] == pytest.approx(10_000, abs=1)


def test_a_kobotoolbox_export_with_labels_imports_the_same_events(tmp_path, store, form):
    labelled = [
        {
            "id": "0a1",
            "block": "Block (B1)",
            "panchayat": "East GP (P2)",
            "location": (*_north(BHAWAN["P2"], 20), 151.0, 6.5),
            "bharatnet": "Not working",
            "jharnet": "Working",
            "speed_down_mbps": 12.5,
            "csc_functional": "Yes",
            "library": "Opened",
            "photo": "bhawan.jpg",
            "inspector": "Ravi Kumar",
            "inspection_date": dt.date(2020, 12, 9),
            "review": "validation_status_approved",
        },
        {
            "id": "0b2",
            "block": "B1",
            "panchayat": "P1",
            "location": (*_north(BHAWAN["P1"], 0), 150.0, 4.0),
            "bharatnet": "no",
            "jharnet": "no",
            "csc_functional": "no",
            "library": "not_started",
            "inspector": "Sita",
            "inspection_date": dt.date(2020, 12, 10),
            "review": "validation_status_on_hold",
        },
        {
            "id": "0c3",
            "block": "B1",
            "panchayat": "P1",
            "location": (*_north(BHAWAN["P1"], 0), 150.0, 4.0),
            "bharatnet": "yes",
            "jharnet": "no",
            "csc_functional": "yes",
            "library": "opened",
            "inspector": "Sita",
            "inspection_date": dt.date(2020, 12, 10),
            "review": "validation_status_not_approved",
        },
    ]
    export = kobo_xlsx(form, tmp_path / "kobo.xlsx", labelled)
    result = import_file("inspections", read_store(store, private=True), export, user="dio", today=TODAY)
    assert result.ok, result.text()
    assert "kobo.xlsx: 3 submission(s), exported from KoboToolbox" in result.report.facts
    assert result.new_events[["panchayat_lgd", "indicator", "value", "as_of"]].values.tolist() == [
        ["P2", "inspection", "online", "2020-12-09"],
        ["P2", "csc_functional", "yes", "2020-12-09"],
        ["P2", "library", "opened", "2020-12-09"],
        ["P1", "inspection", "offline", "2020-12-10"],
        ["P1", "csc_functional", "no", "2020-12-10"],
        ["P1", "library", "not_started", "2020-12-10"],
    ]
    rows = result.new_inspections.set_index("submission_id")
    assert rows.index.tolist() == ["uuid:0a1", "uuid:0b2"]  # not approved = rejected; on hold kept
    assert rows.loc["uuid:0a1", "photo"] == "https://kc.kobotoolbox.org/media/original?media_file=bhawan.jpg"
    assert rows.loc["uuid:0a1", "bhawan_dist_m"] == pytest.approx(20.0, abs=0.01)
    assert rows.loc["uuid:0a1", "submitted_at"] == "2020-12-10T11:30:05"


def test_the_same_submission_imported_twice_adds_nothing(tmp_path, store, form, capsys):
    export = odk_central_csv(form, tmp_path / "export.csv", SUBMISSIONS)
    assert main(["import", "inspections", str(export), "--store", str(store), "--user", "dio"]) == 0
    assert "applied as version 1" in capsys.readouterr().out
    before = _sha(store)
    events = len(read_store(store).status_events)
    assert main(["import", "inspections", str(export), "--store", str(store), "--user", "dio"]) == 0
    out = capsys.readouterr().out
    assert "already recorded: 2 submission(s) (the same instanceID is in the store), left out: rows 2, 3" in out
    assert "nothing new: every submission of export.csv is already in the store or left out" in out
    assert _sha(store) == before
    assert len(read_store(store).status_events) == events
    # The same submission in a KoboToolbox export (its _uuid without "uuid:") is the same submission.
    again = kobo_xlsx(form, tmp_path / "kobo.xlsx", [dict(SUBMISSIONS[0], id="0a1", review="")])
    result = import_file("inspections", read_store(store, private=True), again, user="dio", today=TODAY)
    assert result.adds_nothing


def test_a_submission_repeated_in_one_file_counts_once(tmp_path, store, form):
    export = odk_central_csv(form, tmp_path / "export.csv", [SUBMISSIONS[0], dict(SUBMISSIONS[0], remark="later")])
    result = import_file("inspections", read_store(store, private=True), export, user="dio", today=TODAY)
    assert result.new_inspections["submission_id"].tolist() == ["uuid:0a1"]
    assert "1 row(s) repeat an earlier submission's instanceID and are left out: rows 3" in result.text()


def test_a_file_that_is_no_export_gets_a_specific_message_and_the_store_stays_byte_identical(tmp_path, store, capsys):
    sheet = tmp_path / "review.csv"
    sheet.write_text("GP,date,BharatNet\nP1,2020-12-10,yes\n", encoding="utf-8")
    before = _sha(store)
    assert main(["import", "inspections", str(sheet), "--store", str(store), "--user", "dio"]) == 1
    out = capsys.readouterr().out
    assert (
        "ERROR: review.csv: is not an ODK Central or KoboToolbox export of the inspection form: it has no "
        "KEY/SubmissionDate (ODK Central) and no _uuid/_submission_time (KoboToolbox) column; found: GP, date, "
        "BharatNet"
    ) in out
    assert _sha(store) == before


def test_an_export_of_another_form_names_the_missing_columns(tmp_path, store):
    sheet = tmp_path / "other.csv"
    sheet.write_text("SubmissionDate,name,age,KEY\n2020-12-10,a,3,uuid:1\n", encoding="utf-8")
    result = import_file("inspections", read_store(store, private=True), sheet, user="dio", today=TODAY)
    assert not result.ok
    message = str(result.report.errors[0])
    assert message.startswith(
        "ERROR: other.csv: is a ODK Central export but lacks the panchayat (place-panchayat / "
        "place/panchayat); the date of inspection (inspection_date); the BharatNet finding"
    )
    assert "python -m geo inspection-form" in message


def test_bad_answers_are_errors_naming_row_and_column_and_nothing_changes(tmp_path, store, form, capsys):
    bad = [
        dict(SUBMISSIONS[0], id="uuid:1", panchayat="P9"),
        dict(SUBMISSIONS[0], id="uuid:2", inspection_date="10/13/2020"),
        dict(SUBMISSIONS[0], id="uuid:3", speed_down_mbps="fast"),
        dict(SUBMISSIONS[0], id="uuid:4", bharatnet="maybe"),
        dict(SUBMISSIONS[0], id="uuid:5", inspection_date="2021-01-05"),
        dict(SUBMISSIONS[0], id=""),
    ]
    export = odk_central_csv(form, tmp_path / "export.csv", bad)
    result = import_file("inspections", read_store(store, private=True), export, user="dio", today=TODAY)
    errors = [str(p) for p in result.report.errors]
    assert errors == [
        "ERROR: export.csv row 7: has no instanceID in column 'KEY'; export the submissions again (every submission "
        "has one)",
        "ERROR: export.csv row 2: panchayat 'P9' in column 'place-panchayat' is not a panchayat of the store (2); the "
        "form lists the store's LGD codes — make the form again (`python -m geo inspection-form`) if the panchayats "
        "changed",
        "ERROR: export.csv row 3: inspection date '10/13/2020' in column 'inspection_date' is not a date: 13 is not a "
        "month (dates are read day first: DD.MM.YYYY); correct it",
        "ERROR: export.csv row 6: inspection date '2021-01-05' lies in the future (after 2020-12-31); correct it",
        "ERROR: export.csv row 5: bharatnet 'maybe' in column 'connectivity-bharatnet' is not an answer of the form; "
        "expected yes, no or not_installed",
        "ERROR: export.csv row 4: speed (Mbps) 'fast' in column 'connectivity-speed_down_mbps' is not a number of 0 "
        "or more",
    ]
    before = _sha(store)
    assert main(["import", "inspections", str(export), "--store", str(store), "--user", "dio"]) == 1
    assert "nothing was applied" in capsys.readouterr().err
    assert _sha(store) == before


def test_column_options_do_not_apply_to_an_export(tmp_path, store, form, capsys):
    export = odk_central_csv(form, tmp_path / "export.csv", SUBMISSIONS[:1])
    assert (
        main(["import", "inspections", str(export), "--store", str(store), "--code-col", "GP", "--crs", "EPSG:32645"])
        == 2
    )
    assert "error: --code-col, --crs: not for an inspections export" in capsys.readouterr().err


def test_a_store_of_schema_3_gains_the_inspections_table_in_the_same_transaction(tmp_path, store, form):
    with sqlite3.connect(store) as con:  # as a store written before schema 4: no inspections table
        con.execute("DROP TABLE inspections")
        con.execute("DELETE FROM gpkg_contents WHERE table_name = 'inspections'")
    assert read_store(store).inspections.empty
    export = odk_central_csv(form, tmp_path / "export.csv", SUBMISSIONS[:1])
    result = import_file("inspections", read_store(store, private=True), export, user="dio", today=TODAY)
    apply_import(store, result, user="dio")
    assert read_store(store).inspections["submission_id"].tolist() == ["uuid:0a1"]


def test_the_inspector_remark_photo_and_submitter_stay_private(tmp_path, store, form):
    export = odk_central_csv(form, tmp_path / "export.csv", SUBMISSIONS[:1])
    apply_import(
        store, import_file("inspections", read_store(store, private=True), export, user="dio", today=TODAY), user="dio"
    )
    public = read_store(store)
    assert {"inspector", "remark", "photo", "submitter", "recorded_by"}.isdisjoint(public.inspections.columns)
    text = public.inspections.to_csv() + public.status_events.to_csv()
    for secret in ("Ravi Kumar", "ravi.k", "ONT replaced", "1607581234567.jpg"):
        assert secret not in text
    private = read_store(store, private=True).inspections.iloc[0]
    assert (private["inspector"], private["remark"], private["photo"]) == (
        "Ravi Kumar",
        "ONT replaced",
        "1607581234567.jpg",
    )


def test_both_layouts_are_recognised_from_their_headers():
    odk = inspection_columns(
        ["SubmissionDate", "bhawan-location-Latitude", "bhawan-location-Longitude", "bhawan-location-Accuracy", "KEY"]
    )
    assert odk == (
        "ODK Central",
        {
            "id": "KEY",
            "submitted_at": "SubmissionDate",
            "location:lat": "bhawan-location-Latitude",
            "location:lon": "bhawan-location-Longitude",
            "location:accuracy": "bhawan-location-Accuracy",
        },
    )
    kobo = inspection_columns(["_uuid", "_bhawan/location_latitude", "_bhawan/location_longitude", "bhawan/location"])
    assert kobo == (
        "KoboToolbox",
        {
            "id": "_uuid",
            "location:lat": "_bhawan/location_latitude",
            "location:lon": "_bhawan/location_longitude",
            "location": "bhawan/location",
        },
    )
    assert inspection_columns(["name", "date"]) == ("", {})
