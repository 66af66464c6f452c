"""Unknown is not zero, on every face: a store built from a village file and a CSC list only.

The store is what a district office has on its first day: a Census-shaped village file
(two panchayats of one block) and a register of two CSCs, one functional (in GP 1) and
one not (in GP 2) — no connectivity report, no inspection, no library, no PMGDISHA or
Aadhaar centre, no JharSewa report. By hand, every figure of a layer nobody supplied is
*not recorded* (never 0, never a class such as "found offline"), and each breakdown adds
up to the 2 panchayats with "not recorded" as a visible class:

=========================  ==========================================================
connectivity               working, found offline, not live: not recorded; not recorded 2
CSC                        functional 1, none functional 1, not recorded 0 (1 + 1 + 0 = 2)
library                    opened, space, not started: not recorded; not recorded 2
PMGDISHA, Aadhaar centres  not recorded; villages beyond 10 km: no Aadhaar centre recorded
inspected (30 days)        not recorded
=========================  ==========================================================

A second store adds a history: the review of 12 Nov 2020 reported BharatNet live in GP 1;
on 10 Dec 2020 an inspector found GP 1 offline and the library of GP 2 opened. By hand, on
10 Dec: working 0, found offline 1, not live 0, not recorded 1 (0 + 1 + 0 + 1 = 2); on
12 Nov: working 1, found offline not recorded (nobody had inspected), not live 0, not
recorded 1. So the change of "found offline", of "inspected in the last 30 days" and of
the library figures is not a number but "no … recorded by 12 Nov 2020".
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from cli import main
from geo.exports.export import export_data
from geo.importing import apply_import, import_file
from geo.review.analysis import analyse
from geo.review.summary import summary
from geo.storage.store import STORE_ENV, conform, read_store, write_store
from layers.context import map_context
from layers.folium_map import build_map, legend_rows, map_html
from layers.registry import theme_layers

ROOT = Path(__file__).resolve().parent.parent
LON0, LAT0, STEP = 85.30, 23.30, 0.02  # about 2 km squares
#: The panchayats as the village file names them; GP 1's name has Devanagari digits, as offices type them.
GP1, GP2 = "120001", "120002"
NAMES = {GP1: "Nala ०७", GP2: "Bewa 2"}
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")

#: By hand (see the module docstring), every figure as its face writes it in English.
SHOWN = {
    "working": "not recorded",
    "live_offline": "not recorded",
    "not_live": "not recorded",
    "connectivity_not_recorded": "2 / 2",
    "bharatnet_live": "not recorded",
    "jharnet_live": "not recorded",
    "inspected": "not recorded",
    "inspected_recent": "not recorded",
    "csc_functional": "1 / 2",
    "csc_not_functional": "1 / 2",
    "csc_not_recorded": "0 / 2",
    "library_opened": "not recorded",
    "library_space": "not recorded",
    "library_not_started": "not recorded",
    "library_not_recorded": "2 / 2",
    "pmgdisha_centres": "not recorded",
    "pmgdisha_registered": "not recorded",
    "pmgdisha_trained": "not recorded",
    "pmgdisha_passed": "not recorded",
    "aadhaar_centres": "not recorded",
    "villages_beyond_aadhaar": "no Aadhaar centre recorded",
    "jharsewa_received": "not recorded",
}


def _village_rows() -> list[dict[str, str]]:
    """Four villages, two per panchayat, in a row of 2 km squares (the Census extract's columns)."""
    rows = []
    for i in range(4):
        code = GP1 if i < 2 else GP2
        square = box(LON0 + i * STEP, LAT0, LON0 + (i + 1) * STEP, LAT0 + STEP)
        rows.append(
            {
                "village_census_code": f"20110013640{i + 1:02d}00",
                "village_name": f"Gaon {i + 1}",
                "panchayat_name": NAMES[code],
                "panchayat_code": code,
                "block_code": "2801",
                "block_name": "KANKE",
                "district_name": "RANCHI",
                "district_code": "364",
                "state_name": "Jharkhand",
                "geometery_in_wkt": "POLYGON(("
                + ", ".join(f"{x:.6f} {y:.6f}" for x, y in square.exterior.coords)
                + "))",
            }
        )
    return rows


def _import(store: Path, what: str, path: Path, **options: object) -> None:
    data = read_store(store, private=True) if store.exists() else None
    result = import_file(what, data, path, **options)
    assert result.ok, result.text()
    apply_import(store, result, user="test")


@pytest.fixture(scope="module")
def first_day(tmp_path_factory) -> Path:
    """The store made from the village file and the CSC list alone."""
    folder = tmp_path_factory.mktemp("first_day")
    villages = folder / "villages.csv"
    with villages.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(_village_rows()[0]))
        writer.writeheader()
        writer.writerows(_village_rows())
    store = folder / "store.gpkg"
    _import(store, "villages", villages, dissolve_to_panchayats=True)
    cscs = folder / "csc.csv"
    cscs.write_text(
        "id,name,functional,status_as_of,lat,lon\n"
        f"K1,Pragya Kendra {NAMES[GP1]},yes,2020-12-01,{LAT0 + STEP / 2},{LON0 + STEP / 2}\n"
        f"K2,Pragya Kendra Bewa,no,2020-12-01,{LAT0 + STEP / 2},{LON0 + 2.5 * STEP}\n",
        encoding="utf-8",
    )
    _import(store, "services", cscs, kind="csc")
    return store


@pytest.fixture(scope="module")
def with_history(first_day, tmp_path_factory) -> Path:
    """The first-day store plus a review on 12 Nov 2020 and an inspection and a library report on 10 Dec 2020."""
    data = read_store(first_day, private=True)
    events = pd.DataFrame(
        [
            (1, GP1, "bharatnet", "live", "2020-11-12"),
            (2, GP1, "inspection", "offline", "2020-12-10"),
            (3, GP2, "library", "opened", "2020-12-10"),
        ],
        columns=["event_id", "panchayat_lgd", "indicator", "value", "as_of"],
    ).assign(source="test", remark="", recorded_by="t", recorded_at=lambda f: f["as_of"] + "T12:00:00Z")
    path = tmp_path_factory.mktemp("history") / "store.gpkg"
    write_store(path, dataclasses.replace(data, status_events=conform("status_events", events)))
    return path


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


# --- the core: figures, breakdowns, changes ------------------------------------------------------------


def test_every_figure_of_a_layer_never_supplied_is_not_recorded(first_day):
    figures = analyse(read_store(first_day)).figures
    assert {key: figures.text(key) for key in SHOWN} == SHOWN
    # the block's figures are the district's (one block)
    block = figures.by_block.index[0]
    assert {key: figures.text(key, area=block) for key in SHOWN} == SHOWN


def test_the_breakdowns_add_up_with_not_recorded_as_a_class(first_day, with_history):
    first = analyse(read_store(first_day)).figures
    assert [(key, text) for key, _, text in first.breakdown("csc")] == [
        ("csc_functional", "1 / 2"),
        ("csc_not_functional", "1 / 2"),
        ("csc_not_recorded", "0 / 2"),
    ]
    assert [text for _, _, text in first.breakdown("connectivity")] == ["not recorded"] * 3 + ["2 / 2"]
    now = analyse(read_store(with_history)).figures
    before = analyse(read_store(with_history), as_of="2020-11-12").figures
    # by hand: 10 Dec 0 + 1 + 0 + 1 = 2; 12 Nov 1 + (not recorded) + 0 + 1 = 2
    assert [now.value(k) for k in ("working", "live_offline", "not_live", "connectivity_not_recorded")] == [0, 1, 0, 1]
    assert [before.value(k) for k in ("working", "live_offline", "not_live", "connectivity_not_recorded")] == [
        1,
        None,
        0,
        1,
    ]
    assert [
        now.value(k) for k in ("library_opened", "library_space", "library_not_started", "library_not_recorded")
    ] == [1, 0, 0, 1]


def test_a_change_since_a_date_with_nothing_recorded_is_said_never_a_number(with_history):
    s = summary(read_store(with_history), since="2020-11-12")
    assert (s.delta("working"), s.change_note("working")) == (-1, None)
    assert (s.delta("live_offline"), s.change_note("live_offline")) == (None, "no inspection recorded by 12 Nov 2020")
    assert (s.delta("inspected_recent"), s.change_note("inspected_recent")) == (
        None,
        "no inspection recorded by 12 Nov 2020",
    )
    assert s.change_note("library_opened") == "no library status recorded by 12 Nov 2020"
    assert s.change_note("library_opened", "hi") == "12 नवंबर 2020 तक पुस्तकालय की स्थिति दर्ज नहीं"
    assert s.change_note("pmgdisha_centres") is None  # not recorded now either: nothing to compare


def test_summary_on_the_command_line(first_day, with_history, capsys):
    assert main(["summary", "--store", str(first_day)]) == 0
    lines = capsys.readouterr().out.splitlines()
    for title in (
        "Community libraries opened",
        "PMGDISHA centres",
        "Live, but found offline at the latest inspection",
        "Inspected in the last 30 days",
        "JharNet 2.0 live",
    ):
        line = next(line for line in lines if line.strip().startswith(title))
        assert re.fullmatch(rf"\s*{re.escape(title)}\s+not recorded\s*", line), line
    assert main(["summary", "--store", str(with_history), "--since", "2020-11-12"]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.strip().startswith("Inspected in the last 30 days"))
    assert "1 / 2" in line and "no inspection recorded by 12 Nov 2020" in line and "+1" not in line


# --- the app ---------------------------------------------------------------------------------------------


def _app(store: Path, monkeypatch, *, lang: str = "en", slide: str | None = None) -> AppTest:
    monkeypatch.setenv(STORE_ENV, str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.session_state["lang"] = lang
    if slide:
        at.query_params["slide"] = slide
    at.run()
    assert not at.exception, at.exception
    return at


def test_review_cards_and_block_table(first_day, monkeypatch):
    at = _app(first_day, monkeypatch)
    cards = {m.label: m.value for m in at.metric}
    assert cards == {
        "Panchayat buildings online, working": "not recorded",
        "Live, but found offline at the latest inspection": "not recorded",
        "Not live yet": "not recorded",
        "Connectivity not recorded": "2 / 2",  # the class that makes the row add up to the panchayats
        "Inspected in the last 30 days": "not recorded",
        "Panchayats with a functional CSC (Pragya Kendra)": "1 / 2",
        "Community libraries opened": "not recorded",
        "Villages beyond 10 km of an Aadhaar centre": "no Aadhaar centre recorded",
        "PMGDISHA centres": "not recorded",
        "PMGDISHA passed": "not recorded",
    }
    assert "Library status not recorded: 2 / 2" in [c.value for c in at.caption]
    assert "**Figures as of 1 Dec 2020**" in [m.value for m in at.markdown]  # the CSC list's 'status as of' date
    district = at.table[0].value.iloc[-1].tolist()
    assert district == [
        "District",
        "2",
        "not recorded",
        "not recorded",
        "not recorded",
        "2",
        "1",
        "not recorded",
        "not recorded",
        "not recorded",
        "no Aadhaar centre recorded",
    ]


def test_review_cards_since_a_review_with_nothing_recorded(with_history, monkeypatch):
    at = _app(with_history, monkeypatch)
    cards = {m.label: (m.value, m.delta) for m in at.metric}
    assert cards["Panchayat buildings online, working"] == ("0 / 2", "-1")
    assert cards["Live, but found offline at the latest inspection"] == ("1 / 2", "")  # never "+1"
    assert cards["Inspected in the last 30 days"] == ("1 / 2", "")
    assert cards["Community libraries opened"] == ("1 / 2", "")
    captions = [c.value for c in at.caption]
    assert captions.count("no inspection recorded by 12 Nov 2020") == 2
    assert "no library status recorded by 12 Nov 2020 · Library status not recorded: 1 / 2" in captions


@pytest.mark.parametrize(
    ("slide", "tiles", "legend"),
    [
        (
            "connectivity",
            ["not recorded", "not recorded", "not recorded"],
            ["Panchayat buildings online, working (not recorded)", "Connectivity not recorded (2)"],
        ),
        ("library", ["not recorded", "not recorded", "not recorded"], ["Opened (not recorded)", "Not recorded (2)"]),
        ("pmgdisha", ["not recorded", "not recorded", "not recorded"], []),
        (
            "aadhaar",
            ["no Aadhaar centre recorded", "no Aadhaar centre recorded", "not recorded"],
            ["Permanent centre (not recorded)", "over 10 km (not recorded)"],
        ),
    ],
)
def test_deck(first_day, monkeypatch, slide, tiles, legend):
    at = _app(first_day, monkeypatch, slide=slide)
    page = " ".join(h.value for h in at.get("html"))
    assert re.findall(r"<div class='gp-kpi-value'>(.*?)</div>", page) == tiles
    for row in legend:
        assert f">{row}</div>" in page, row
    assert not re.search(r">0 / 2<", page)  # no class reads 0 of the panchayats here
    if slide in ("connectivity", "library"):
        total = {"connectivity": "Connectivity not recorded: 2 / 2", "library": "Library status not recorded: 2 / 2"}
        assert f"<div class='gp-kpi-unrecorded'>{total[slide]}</div>" in page


def test_planner_card_and_gap_lists(first_day, monkeypatch):
    monkeypatch.setenv(STORE_ENV, str(first_day))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("ui/planner.py")
    at.session_state["planner_gp"] = GP1
    at.session_state["planner_section"] = "gaps"
    at.run()
    assert not at.exception, at.exception
    card = dict(at.dataframe[0].value.itertuples(index=False, name=None))
    assert card["Panchayat"] == "Nala 07"  # its digits as English writes them; the store keeps "Nala ०७"
    assert (card["PMGDISHA centres"], card["PMGDISHA passed"], card["Library books"]) == ("not recorded",) * 3
    assert (card["Functional CSC"], card["CSC points (all)"], card["Connectivity"]) == (
        "Yes",
        "1",
        "Connectivity not recorded",
    )
    tabs = [t.label for t in at.tabs if "(" in t.label]
    assert "Live, but found offline at the latest inspection (not recorded)" in tabs
    assert "Panchayat buildings not live yet (not recorded)" in tabs
    assert "Community library not opened (not recorded)" in tabs
    assert "Panchayats with no functional CSC (1)" in tabs
    # a list that cannot be known says why, instead of "none on this list"
    infos = [i.value for i in at.info]
    assert "no BharatNet or JharNet report recorded by 1 Dec 2020" in infos
    assert "no library status recorded by 1 Dec 2020" in infos


def test_public_page(first_day, monkeypatch):
    monkeypatch.setenv(STORE_ENV, str(first_day))
    at = AppTest.from_file(str(ROOT / "public_app.py"), default_timeout=90).run()
    assert not at.exception, at.exception
    cards = [(m.label, m.value) for m in at.metric]
    assert cards == [
        ("Panchayat buildings online, working", "not recorded"),
        ("Live, but found offline at the latest inspection", "not recorded"),
        ("Not live yet", "not recorded"),
        ("Connectivity not recorded", "2 / 2"),
        ("Panchayats with a functional CSC (Pragya Kendra)", "1 / 2"),
        ("Panchayats with no functional CSC", "1 / 2"),
        ("CSC status not recorded", "0 / 2"),
        ("Community libraries opened", "not recorded"),
        ("Library space identified", "not recorded"),
        ("Library not started", "not recorded"),
        ("Library status not recorded", "2 / 2"),
        ("Villages beyond 10 km of an Aadhaar centre", "no Aadhaar centre recorded"),
    ]


# --- paper and files ------------------------------------------------------------------------------------


@needs_pdftotext
def test_the_meeting_pack(first_day, with_history, tmp_path):
    pdf = tmp_path / "pack.pdf"
    assert main(["export", "pack", "--store", str(first_day), "--out", str(pdf)]) == 0
    cover, *pages = _pdf_text(pdf).split("\f")[:-1]
    assert "Figures as of 1 Dec 2020" in cover
    assert "Connectivity not recorded: 2 / 2" in cover and "Library status not recorded: 2 / 2" in cover
    # by hand: the one "0 / 2" of the cover is "CSC status not recorded"; everything nobody supplied says so
    assert len(re.findall(r"(?<![\d,])0 ?/ ?2\b", cover)) == 1
    assert cover.count("not recorded") >= 13
    library = next(p for p in pages if "6. Community libraries" in p)
    assert "Opened (not recorded)" in library and "Not recorded (2)" in library
    pdf = tmp_path / "history.pdf"
    assert main(["export", "pack", "--store", str(with_history), "--since", "2020-11-12", "--out", str(pdf)]) == 0
    cover, *pages = _pdf_text(pdf).split("\f")[:-1]
    assert "no inspection recorded by 12 Nov 2020" in cover and "−1 since 12 Nov 2020" in cover
    assert "+1 since" not in cover
    connectivity = next(p for p in pages if "2. Connectivity" in p)
    assert "Kanke (1): 1 now found offline — Nala 07" in connectivity  # the name as English writes it


@needs_pdftotext
def test_the_map_sheet(first_day, tmp_path):
    pdf = tmp_path / "library.pdf"
    assert main(["export", "map", "--store", str(first_day), "--layer", "library", "--out", str(pdf)]) == 0
    text = re.sub(r"\s+", " ", _pdf_text(pdf))
    assert "Opened (not recorded)" in text and "Not recorded (2)" in text
    assert "– not recorded" in text  # the block table's cells say it through a key, never 0
    assert "status as of 1 Dec 2020 (latest report)" in text  # the CSC list's date; never "as of –"


def test_the_legends_count_as_the_figures(first_day):
    ctx = map_context(analyse(read_store(first_day)))
    rows = {}
    for theme in ("connectivity", "library", "csc", "aadhaar", "bharatnet", "jharnet"):
        specs = theme_layers(theme)
        frames = {spec.name: spec.frame(ctx) for spec in specs}
        rows |= {
            name: [row.label for row in entries] for name, entries in legend_rows(specs, frames, ctx, "en").items()
        }
    assert rows["connectivity"] == [
        "Panchayat buildings online, working (not recorded)",
        "Live, but found offline at the latest inspection (not recorded)",
        "Not live yet (not recorded)",
        "Connectivity not recorded (2)",
    ]
    assert rows["no_csc"] == [
        "Panchayats with no functional CSC (1)",
        "Panchayats with a functional CSC (Pragya Kendra) (1)",
        "CSC status not recorded (0)",
    ]
    assert rows["csc"] == ["Functional (1)", "Not functional (1)"]
    assert rows["bharatnet"][-1] == "Not recorded (2)" and rows["bharatnet"][0].endswith("(not recorded)")
    assert rows["aadhaar"] == [
        "Permanent centre (not recorded)",
        "Other centre (bank, post office, camp) (not recorded)",
    ]


def test_exports_say_not_recorded_in_the_about_table_and_leave_the_columns_empty(first_day):
    data = read_store(first_day)
    about = pd.read_excel(io.BytesIO(export_data(data, "blocks", "xlsx")), sheet_name="about")
    about = dict(zip(about["key"], about["value"], strict=True))
    assert about["figure: Community libraries opened"] == "not recorded"
    assert about["figure: Live, but found offline at the latest inspection"] == "not recorded"
    assert about["figure: Connectivity not recorded"] == "2 / 2"
    assert about["figure: Library status not recorded"] == "2 / 2"
    blocks = pd.read_csv(io.BytesIO(export_data(data, "blocks", "csv")), encoding="utf-8-sig")
    assert (
        blocks[["working", "live_offline", "library_opened", "pmgdisha_centres", "inspected_recent", "aadhaar_centres"]]
        .isna()
        .all(axis=None)
    )
    assert blocks[["connectivity_not_recorded", "library_not_recorded", "csc_functional"]].iloc[0].tolist() == [2, 2, 1]
    gps = pd.read_csv(io.BytesIO(export_data(data, "panchayats", "csv")), encoding="utf-8-sig", dtype={"lgd_code": str})
    assert gps[["pmgdisha_centres", "pmgdisha_passed", "library_books"]].isna().all(axis=None)
    assert gps.set_index("lgd_code")["csc_points"].to_dict() == {GP1: 1, GP2: 1}
    assert gps.set_index("lgd_code").at[GP1, "name"] == "Nala ०७"  # exports keep the name as it came


# --- names: digits in the reader's script -----------------------------------------------------------


@pytest.mark.parametrize(("lang", "shown"), [("en", "Nala 07"), ("hi", "Nala 07"), ("hi-u-nu-deva", "Nala ०७")])
def test_map_labels_and_popups_write_a_names_digits_as_the_reader_does(first_day, lang, shown):
    ctx = map_context(analyse(read_store(first_day)))
    page = map_html(build_map(ctx, theme_layers("connectivity"), lang=lang))
    other = "Nala ०७" if shown == "Nala 07" else "Nala 07"
    assert shown in page and other not in page


def test_the_planner_card_in_devanagari_digits(first_day, monkeypatch):
    monkeypatch.setenv(STORE_ENV, str(first_day))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.session_state["lang"] = "hi-u-nu-deva"
    at.run()
    at.switch_page("ui/planner.py")
    at.session_state["planner_gp"] = GP2
    at.run()
    assert not at.exception, at.exception
    # no Hindi name recorded: the English one, its digits in Devanagari ("Bewa 2" is stored)
    assert at.subheader[0].value == "Bewa २ ग्राम पंचायत"
    nearest = at.dataframe[1].value
    assert nearest.iloc[:, 2].tolist() == ["Pragya Kendra Nala ०७"]  # the one functional CSC


def test_the_review_page_and_the_pack_date_and_compare_alike_when_a_list_is_newer_than_the_review(
    first_day, tmp_path, monkeypatch
):
    """A review of 12 Nov and a CSC list dated 1 Dec: the page, like the pack, is as of 1 Dec against 12 Nov."""
    data = read_store(first_day, private=True)
    events = pd.DataFrame(
        [(1, GP1, "bharatnet", "live", "2020-11-12"), (2, GP2, "bharatnet", "not_started", "2020-11-12")],
        columns=["event_id", "panchayat_lgd", "indicator", "value", "as_of"],
    ).assign(source="test", remark="", recorded_by="t", recorded_at=lambda f: f["as_of"] + "T12:00:00Z")
    store = tmp_path / "store.gpkg"
    write_store(store, dataclasses.replace(data, status_events=conform("status_events", events)))
    line = "Figures as of 1 Dec 2020 · compared with the review of 12 Nov 2020"
    at = _app(store, monkeypatch)
    assert f"**{line}**" in [m.value for m in at.markdown]
    pdf = tmp_path / "pack.pdf"
    assert main(["export", "pack", "--store", str(store), "--out", str(pdf)]) == 0
    assert line in _pdf_text(pdf)
