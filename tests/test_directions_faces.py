"""The directions on the faces: the deck's opening slide, the pack's action-taken page, the CLI, the Data page.

One truth: on the DEMO, every face shows each direction with the same status and figure
(``geo.review.directions.directions_on``); a hostile text comes out as that text everywhere.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cli import main
from geo.storage.direction_edits import add_directions
from geo.storage.store import DEMO_STORE, STORE_ENV, read_store
from geo.storage.versions import list_versions

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 90
#: A direction's text no renderer may read as template, markup, formula or mathtext.
HOSTILE = '{{7*7}} </script><b>x</b> =HYPERLINK("x") $x$'
#: By hand from the DEMO on 10 Dec 2020 (`directions list --as-of 10.12.2020`): id -> status, figure.
DEMO_LINES = {
    1: ("on track", "40 of 118 panchayats in the district working, was 33 when given"),
    2: ("on track", "100 of 118 panchayats in the district with a functional Pragya Kendra, was 92 when given"),
    3: (
        "not started",
        "60 villages beyond 10 km of an Aadhaar centre in the district (goal ≤ 0), was 60 when given",
    ),
    4: (
        "on track",
        "2,666 certificate applications pending in the district (goal ≤ 2,000), was 5,425 when given",
    ),
    5: ("on track", "76 of 118 panchayats in the district inspected in the last 30 days, not recorded when given"),
    6: ("action reported", ""),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A copy of the DEMO store, named by $PANCHAYAT_STORE for the app under test."""
    path = tmp_path_factory.mktemp("dirfaces") / "store.gpkg"
    shutil.copyfile(DEMO_STORE, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(STORE_ENV, str(path))
        yield path


def _deck(slide: str, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    at.session_state["lang"] = lang
    at.query_params["slide"] = slide
    at.run()
    assert not at.exception, at.exception
    return at


def _html(at: AppTest) -> str:
    return " ".join(h.value for h in at.get("html"))


def _slide_lines(page: str) -> dict[int, tuple[str, str]]:
    """Each direction's status word and figure, as the slide's HTML says them (unescaped)."""
    lines = {}
    for found in re.finditer(r"<li class='gp-dir-line' data-direction='(\d+)'>(.*?)</li>", page, re.S):
        body = found.group(2)
        status = re.search(r"</span> (.*?)</span>", body).group(1)
        figure = re.search(r"<span class='gp-dir-figure'>(.*?)</span>", body)
        lines[int(found.group(1))] = (html.unescape(status), html.unescape(figure.group(1)) if figure else "")
    return lines


def _cli_lines(store: Path, capsys, *extra: str) -> dict[int, tuple[str, str]]:
    assert main(["directions", "list", "--store", str(store), "--as-of", "10.12.2020", *extra]) == 0
    out = capsys.readouterr().out.splitlines()[1:]
    lines = {}
    for head, detail in zip(out[::2], out[1::2], strict=True):
        number, status = re.match(r"\s*(\d+)\. \[(.*?)\]", head).groups()
        lines[int(number)] = (status, detail.strip())
    return lines


def test_the_deck_opens_with_the_last_meetings_directions(store):
    at = _deck("directions")
    page = _html(at)
    assert "Directions from the last meeting" in page
    assert "given 12 Nov 2020; status as of 10 Dec 2020" in page
    assert _slide_lines(page) == DEMO_LINES
    assert "<span class='gp-dir-owner'>CSC district manager</span> · Due date 31 Jan 2021" in page
    assert at.query_params["slide"] == "directions"
    # the map shows the chosen direction's short panchayats: connectivity, 118 - 40 not working
    assert at.selectbox(key="deck_direction_map").value == 3  # the first measurable one, by default
    at.selectbox(key="deck_direction_map").set_value(1).run()
    legend = _html(at)
    assert "Still short of the target" in legend and "(78)" in legend
    at.button(key="deck_next").click().run()
    assert at.query_params["slide"] == "csc" and "1/6 · " in _html(at)
    # the CSC slide lists its own direction
    assert "Directions on this item" in _html(at) and "Run a Pragya Kendra (CSC) in every panchayat" in _html(at)
    at.button(key="deck_prev").click().run()
    assert at.query_params["slide"] == "directions"


def test_the_opening_slide_in_hindi(store):
    page = _html(_deck("directions", "hi"))
    assert "पिछली बैठक के निर्देश" in page
    assert "सभी पंचायतों में प्रज्ञा केंद्र का संचालन सुनिश्चित करें" in page
    assert "प्रगति पर" in page  # on track


def _pack_text(store: Path, out: Path) -> str:
    """The action-taken page of the store's pack since 2020-11-12 (see :func:`_action_taken_text`)."""
    pdf = out / "pack.pdf"
    assert main(["export", "pack", "--store", str(store), "--since", "2020-11-12", "--out", str(pdf)]) == 0
    return _action_taken_text(pdf)


def _action_taken_text(pdf: Path) -> str:
    """The pack's action-taken page as drawn (``pdftotext -raw``: the order drawn), whitespace as single spaces."""
    raw = subprocess.run(
        ["pdftotext", "-raw", "-f", "2", "-l", "2", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    raw = raw.removeprefix("DEMO DATA — not official\n")  # the page's DEMO stamp, drawn first
    assert raw.startswith("Action taken on the directions of the last meeting")
    return re.sub(r"\s+", " ", raw)


#: The DEMO's rows of the action-taken page, by hand: S. No., text, owner, due date, status (shape, word), action.
PACK_ROWS = [
    "1 Make an Aadhaar for everyone who has none, at the permanent enrolment centres of the block headquarters "
    "UIDAI nodal officer 31 Mar 2021 ○ not started " + DEMO_LINES[3][1],
    "2 Dispose of as many caste, income, residence and marriage certificate applications as possible (JharSewa) "
    "e-District Manager 31 Dec 2020 ◐ on track " + DEMO_LINES[4][1],
    "3 Inspect every panchayat so that its network connectivity is ensured District Informatics Officer (NIC) "
    "31 Dec 2020 ◐ on track " + DEMO_LINES[5][1],
    "4 Run a Pragya Kendra (CSC) in every panchayat CSC district manager 31 Jan 2021 ◐ on track " + DEMO_LINES[2][1],
    "5 Connect every block and panchayat building (panchayat bhawan) to the internet, JharNet 2.0 and BharatNet "
    "Phase-II, as soon as possible District Informatics Officer (NIC) 31 Mar 2021 ◐ on track " + DEMO_LINES[1][1],
    "6 Donate books to the community libraries being opened in all 118 panchayats All officers present "
    "31 Dec 2020 ◆ action reported action reported 5 Dec 2020",  # the report's words are private; its date is not
]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
def test_one_truth_the_slide_the_pack_and_the_cli_say_the_same_status_and_figure(store, demo_packs, capsys):
    slide = _slide_lines(_html(_deck("directions")))
    cli = _cli_lines(store, capsys)
    page = _action_taken_text(demo_packs["en"])  # the DEMO's pack since 2020-11-12, drawn once (conftest)
    assert slide == DEMO_LINES
    for number, (status, figure) in DEMO_LINES.items():
        assert cli[number][0] == status
        assert cli[number][1] == figure or not figure  # measured: the CLI's line is the figure (no report yet)
    assert cli[6][1] == (
        "reported 5 Dec 2020: Books collected from the district offices and sent to the block libraries (DEMO report)"
    )
    for row in PACK_ROWS:
        assert row in page


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
def test_a_hostile_direction_is_that_text_on_the_slide_the_pack_and_the_cli(tmp_path, capsys, monkeypatch):
    store = tmp_path / "store.gpkg"
    shutil.copyfile(DEMO_STORE, store)
    monkeypatch.setenv(STORE_ENV, str(store))
    row = {
        "meeting_date": "12.11.2020",
        "given_on": "12.11.2020",
        "due_on": "31.12.2020",
        "agenda_item": "csc",
        "text_en": HOSTILE,
        "owner": "$\\alpha$ =SUM(A1)",
        "public": True,
    }
    (ident,) = add_directions(store, [row], user="test")
    at = _deck("directions")
    page = _html(at)
    assert f"<span class='gp-dir-text'>{'&#123;&#123;7*7&#125;&#125; &lt;/script&gt;&lt;b&gt;x&lt;/b&gt;'}" in page
    assert "</script><b>" not in page.split("<div class='gp-dir-slide'>")[1]
    body = re.search(rf"data-direction='{ident}'>(.*?)</li>", page, re.S).group(1)
    text = html.unescape(re.search(r"<span class='gp-dir-text'>(.*?)</span>", body).group(1))
    assert text == HOSTILE
    assert html.unescape(re.search(r"<span class='gp-dir-owner'>(.*?)</span>", body).group(1)) == "$\\alpha$ =SUM(A1)"
    assert main(["directions", "list", "--store", str(store), "--as-of", "10.12.2020"]) == 0
    assert f"{ident}. [not recorded] {HOSTILE} — $\\alpha$ =SUM(A1), Due date 31 Dec 2020" in capsys.readouterr().out
    pack = _pack_text(store, tmp_path)
    assert f"{HOSTILE} $\\alpha$ =SUM(A1) 31 Dec 2020 ◌ not recorded no action reported" in pack
    assert "49" not in re.findall(r"\d+", pack)


# ---- the Data page's editor ------------------------------------------------------------------------


def _data_page(store: str) -> None:
    from pathlib import Path

    from ui.data import render

    render(Path(store))


def _viewer_panel(store: str) -> None:
    from pathlib import Path

    from ui.directions import directions_panel

    directions_panel(Path(store), None)


def _listed(at: AppTest) -> list[int]:
    tables = [d.value for d in at.dataframe if "#" in d.value.columns]
    assert len(tables) == 1
    return tables[0]["#"].tolist()


def _measured_in(block: str, words: str) -> dict:
    return {
        "meeting_date": "12.11.2020",
        "given_on": "12.11.2020",
        "due_on": "31.03.2021",
        "agenda_item": "connectivity",
        "text_en": words,
        "owner": "BDO",
        "target_indicator": "connectivity",
        "target_scope": f"block:{block}",
        "target_goal": "all",
    }


def test_an_editor_adds_a_direction_and_it_is_listed(demo_copy):
    from editors import add_editor, session_of

    add_editor(demo_copy, "Asha")
    at = AppTest.from_function(_data_page, args=(str(demo_copy),), default_timeout=TIMEOUT_S)
    at.session_state["editor_session"] = session_of("Asha")
    at.run()
    assert not at.exception, at.exception
    assert _listed(at) == [1, 2, 3, 4, 5, 6]
    at.text_area(key="direction_text_en").input("Open the library at {{7*7}} Nala")
    at.text_input(key="direction_owner").input("District Education Officer")
    at.date_input(key="direction_meeting").set_value(dt.date(2020, 12, 10))
    at.date_input(key="direction_due").set_value(dt.date(2021, 1, 31))
    at.selectbox(key="direction_agenda").select("library")
    at.button(key="direction_save").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Direction 7 saved as a version of the store."]
    at.run()
    assert _listed(at) == [1, 2, 3, 4, 5, 6, 7]
    added = read_store(demo_copy).directions.set_index("direction_id").loc[7]
    assert (added["text_en"], added["owner"], added["due_on"]) == (
        "Open the library at {{7*7}} Nala",
        "District Education Officer",
        "2021-01-31",
    )
    assert list_versions(demo_copy)["who"].iloc[-1] == "Asha"


def test_a_direction_without_owner_is_refused_naming_the_problem(demo_copy):
    from editors import add_editor, session_of

    add_editor(demo_copy, "Asha")
    at = AppTest.from_function(_data_page, args=(str(demo_copy),), default_timeout=TIMEOUT_S)
    at.session_state["editor_session"] = session_of("Asha")
    at.run()
    at.text_area(key="direction_text_en").input("Something")
    at.date_input(key="direction_meeting").set_value(dt.date(2020, 12, 10))
    at.button(key="direction_save").click().run()
    assert "the direction has no owner" in at.error[0].value
    assert len(read_store(demo_copy).directions) == 6  # nothing written


def test_a_viewer_sees_the_list_without_the_forms(demo_copy):
    at = AppTest.from_function(_viewer_panel, args=(str(demo_copy),), default_timeout=TIMEOUT_S).run()
    assert not at.exception, at.exception
    assert _listed(at) == [1, 2, 3, 4, 5, 6]
    assert len(at.button) == 0 and len(at.text_area) == 0


def test_a_block_office_sees_and_edits_only_its_blocks_directions(demo_copy):
    from editors import add_editor, session_of

    add_directions(
        demo_copy, [_measured_in("9902", "Connect Nala"), _measured_in("9903", "Connect Kundhit")], user="test"
    )
    add_editor(demo_copy, "nala.bdo", blocks=("9902",))
    at = AppTest.from_function(_data_page, args=(str(demo_copy),), default_timeout=TIMEOUT_S)
    at.session_state["editor_session"] = session_of("nala.bdo")
    at.run()
    assert not at.exception, at.exception
    assert _listed(at) == [7]  # Nala's; not Kundhit's (8), nor the six district-wide ones
    assert at.selectbox(key="direction_report_id").options == ["7. Connect Nala"]
    assert at.selectbox(key="direction_block").options == ["9902"]
    at.text_area(key="direction_report_text").input("Two bhawans connected")
    at.date_input(key="direction_report_on").set_value(dt.date(2020, 12, 5))
    at.button(key="direction_report_save").click().run()
    assert [s.value for s in at.success] == ["Report recorded on direction 7."]
    remarks = read_store(demo_copy, private=True).direction_remarks
    assert remarks[remarks["direction_id"] == 7]["text"].tolist() == ["Two bhawans connected"]


def test_a_block_office_sees_a_list_of_panchayats_only_when_all_are_its_own(demo_copy):
    from geo.storage.accounts import Account
    from ui.directions import visible_to

    panchayats = read_store(demo_copy).panchayats
    nala = panchayats[panchayats["block_lgd"].astype(str) == "9902"]["lgd_code"].astype(str).tolist()[:2]
    kundhit = panchayats[panchayats["block_lgd"].astype(str) == "9903"]["lgd_code"].astype(str).tolist()[:1]
    rows = [_measured_in("9902", "Nala's two"), _measured_in("9902", "Nala's and one of Kundhit's")]
    rows[0]["target_scope"] = "panchayats:" + ";".join(nala)
    rows[1]["target_scope"] = "panchayats:" + ";".join(nala + kundhit)
    add_directions(demo_copy, rows, user="test")
    office = Account("nala.bdo", "editor", ("9902",), "2020-01-01", "test")
    seen = visible_to(office, read_store(demo_copy))
    assert seen["direction_id"].tolist() == [7]
    assert len(visible_to(None, read_store(demo_copy))) == 8  # no account: every direction, to read


# ---- in a real browser ------------------------------------------------------------------------------

#: Sizes of the opening slide's parts in the page: every text's font size, the list's box, whether the page scrolls.
SLIDE_JS = """() => {
    const list = document.querySelector('.gp-dir-slide');
    const texts = [...list.querySelectorAll('.gp-dir-text, .gp-dir-figure, .gp-dir-owner, .gp-dir-status')];
    const main = document.querySelector('[data-testid="stMain"]');
    return {sizes: texts.map(e => parseFloat(getComputedStyle(e).fontSize)), box: list.getBoundingClientRect().toJSON(),
            scrolls: main.scrollHeight > main.clientHeight + 1, lines: list.querySelectorAll('li').length};
}"""


@pytest.mark.browser
def test_the_opening_slide_is_legible_and_fits_at_1024x768(tmp_path):
    from conftest import CHROMIUM, running_streamlit

    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium (scripts/setup.sh --test installs it)")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with running_streamlit("app.py", tmp_path) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page(viewport={"width": 1024, "height": 768})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1:") else r.abort())
        page.goto(f"{url}/review?slide=directions&lang=en")
        page.wait_for_selector(".gp-dir-slide li", timeout=90_000)
        page.wait_for_timeout(1500)  # the layout settles
        shown = page.evaluate(SLIDE_JS)
        page.screenshot(path=tmp_path / "directions_1024x768.png")
        browser.close()
    assert shown["lines"] == 6
    assert min(shown["sizes"]) >= 20  # body text 20 px or more on a 1024×768 projector
    box = shown["box"]
    assert box["x"] >= 0 and box["y"] >= 0 and box["right"] <= 1024 and box["bottom"] <= 768
    assert not shown["scrolls"]


#: The boxes (page px) of a deck map's frame and of the directions list, whether the list scrolls within itself,
#: and the district outline's height in the map (frame px).
MAP_BOX_JS = """(frame) => {
    const map = document.querySelector(frame), list = document.querySelector('.gp-dir-slide');
    const box = e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height].map(Math.round); };
    return {map: box(map), list: list && box(list), clipped: !!list && list.scrollHeight > list.clientHeight + 1};
}"""
OUTLINE_JS = """() => {
    let height = null;
    map_div.eachLayer(l => { if (l.feature === gpDataDistrict.features[0]) {
        const b = l.getBounds(), point = corner => map_div.latLngToContainerPoint(corner);
        height = point(b.getSouthEast()).y - point(b.getNorthWest()).y;
    } });
    return height;
}"""


def _map_boxes(page, url: str, slide: str, frame: str) -> tuple[dict, float]:
    """The slide's boxes (:data:`MAP_BOX_JS`) and its district's height in the map, once the map has drawn."""
    page.goto(f"{url}/review?slide={slide}&lang=en")
    page.wait_for_selector(frame, timeout=90_000)
    inner = page.locator(frame).element_handle().content_frame()
    inner.wait_for_function("typeof gpDataDistrict !== 'undefined' && typeof map_div !== 'undefined'", timeout=60_000)
    page.wait_for_timeout(1500)  # the layout settles
    return page.evaluate(MAP_BOX_JS, frame), inner.evaluate(OUTLINE_JS)


@pytest.mark.browser
def test_the_opening_slides_map_is_the_districts_shape_and_stacked_an_agenda_slides_size(tmp_path):
    """Beside the list (1024×768) the map is the district's shape, no letterbox; stacked (a window of half the
    width, 512×768) it is as large as an agenda slide's map and the list is whole, the page scrolling instead.
    Before: 243×160 beside the list with the district 127 px high; stacked 493×160, the list cut at 648 px."""
    from conftest import CHROMIUM, running_streamlit

    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium (scripts/setup.sh --test installs it)")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    frame = '.st-key-{} iframe[title="streamlit_folium.st_folium"]'
    with running_streamlit("app.py", tmp_path) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page(viewport={"width": 1024, "height": 768})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1:") else r.abort())
        beside, district_px = _map_boxes(page, url, "directions", frame.format("deck_dir_map"))
        page.set_viewport_size({"width": 512, "height": 768})
        stacked, _ = _map_boxes(page, url, "directions", frame.format("deck_dir_map"))
        agenda, _ = _map_boxes(page, url, "csc", frame.format("deck_map"))
        browser.close()
    assert district_px / beside["map"][3] >= 0.85, (district_px, beside)  # the frame is the district's shape
    assert not beside["clipped"] and beside["list"][1] + beside["list"][3] <= 768, beside  # six directions shown
    assert stacked["map"][2:] == agenda["map"][2:], (stacked, agenda)  # stacked: an agenda slide's map
    assert stacked["map"][3] >= 240, stacked
    assert not stacked["clipped"], stacked  # the whole list, the page scrolling


def test_an_editor_corrects_a_direction_on_the_data_page(demo_copy):
    from editors import add_editor, session_of

    add_editor(demo_copy, "Asha")
    at = AppTest.from_function(_data_page, args=(str(demo_copy),), default_timeout=TIMEOUT_S)
    at.session_state["editor_session"] = session_of("Asha")
    at.run()
    at.selectbox(key="direction_correct_id").select(3).run()
    assert at.text_input(key="direction_correct_3_owner").value == "UIDAI nodal officer"  # the chosen one's
    at.text_input(key="direction_correct_3_owner").input("UIDAI regional office =SUM(A1)")
    at.date_input(key="direction_correct_3_due").set_value(dt.date(2021, 4, 30))
    at.button(key="direction_correct_3_save").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Direction 3 corrected: owner, due_on."]
    row = read_store(demo_copy).directions.set_index("direction_id").loc[3]
    assert (row["owner"], row["due_on"]) == ("UIDAI regional office =SUM(A1)", "2021-04-30")
    assert list_versions(demo_copy)[["who", "action"]].iloc[-1].tolist() == [
        "Asha",
        "directions edit 3 (owner, due_on)",
    ]
