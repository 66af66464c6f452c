"""The meeting pack never overprints: every word on every page has a box of its own, inside the page.

The words' boxes come from pdfplumber. The packs: the DEMO district in English and Hindi,
another district (``tests/other_district.py``), the two-panchayat store
(``tests/tiny_district.py``) and the hostile-name corpus (``tests/hostile.py``) with, in
Hindi, a spreadsheet formula and a 120-character Devanagari name for blocks.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import pdfplumber
import pytest
from conftest import PACK_SINCE
from hostile import DISTRICT, NAMES, hostile_data
from matplotlib.figure import Figure
from other_district import build_store
from tiny_district import tiny_store

from geo.storage.store import DEMO_STORE, StoreData, read_store
from layers.pack import render_pack
from layers.sheet import shortened
from layers.view import View

#: Two boxes may touch (share this much, in pt) without overprinting.
TOUCH_PT = 0.5
#: A Devanagari block name of 120 characters (15 times "करमटाँड़": क र म ट ा ँ ड ़).
LONG_HINDI = "करमटाँड़" * 15
FORMULA = '=HYPERLINK("http://example.com","click")'


@dataclass(frozen=True)
class Word:
    """A word on a page: its text and box in pt (x from the left, top and bottom from the top)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def page_words(page: pdfplumber.page.Page) -> list[Word]:
    """The page's words, in the order they were written.

    A space, a new line, a gap or a step back starts a new word, so two texts that
    overprint are two words even on one line (pdfplumber's own word finder would
    merge them). Format characters (bidi controls, joiners) draw nothing and are
    left out; a mark may reach back over its letter by a point.
    """
    words: list[Word] = []
    current: list[dict] = []

    def close() -> None:
        if current:
            words.append(
                Word(
                    "".join(c["text"] for c in current),
                    min(c["x0"] for c in current),
                    max(c["x1"] for c in current),
                    min(c["top"] for c in current),
                    max(c["bottom"] for c in current),
                )
            )
            current.clear()

    for char in page.chars:
        if char["text"].isspace():
            close()
            continue
        if all(unicodedata.category(ch) == "Cf" for ch in char["text"]):
            continue
        if current:
            last = current[-1]
            new_line = abs(char["top"] - last["top"]) > 1.0
            if new_line or char["x0"] > last["x1"] + 1.0 or char["x0"] < last["x0"] - 1.0:
                close()
        current.append(char)
    close()
    return words


def overprints(words: list[Word]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes share more than :data:`TOUCH_PT` in both directions."""
    found = []
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            wide = min(a.x1, b.x1) - max(a.x0, b.x0)
            high = min(a.bottom, b.bottom) - max(a.top, b.top)
            if wide > TOUCH_PT and high > TOUCH_PT:
                found.append((a.text, b.text))
    return found


def off_page(words: list[Word], page: pdfplumber.page.Page) -> list[str]:
    """Words reaching outside the page by more than :data:`TOUCH_PT`."""
    return [
        w.text
        for w in words
        if w.x0 < -TOUCH_PT or w.top < -TOUCH_PT or w.x1 > page.width + TOUCH_PT or w.bottom > page.height + TOUCH_PT
    ]


def layout_problems(pdf: bytes) -> dict[int, dict[str, list]]:
    """Per page (from 1) with a problem: the words that overprint and the words off the page."""
    problems = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            words = page_words(page)
            found = {"overprint": overprints(words), "off_page": off_page(words, page)}
            if any(found.values()):
                problems[number] = found
    return problems


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return ["".join(c["text"] for c in page.chars) for page in document.pages]


# --- the checker catches what it is for ---------------------------------------------------


def _pdf(*texts: tuple[float, float, str, float]) -> bytes:
    """A 100 x 50 pt page with ``(x, y, text, size)`` written at x, y pt from the lower left."""
    fig = Figure(figsize=(100 / 72, 50 / 72))
    for x, y, text, size in texts:
        fig.text(x / 100, y / 50, text, fontsize=size, family="DejaVu Sans")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="pdf")
    return buffer.getvalue()


def test_the_checker_finds_a_header_printed_over_a_number_and_a_word_off_the_page():
    # "km" 2 pt above "18,498" at 7 pt: their boxes (7 pt high) share 5 pt of height
    problems = layout_problems(_pdf((10, 20, "18,498", 7), (12, 22, "km", 7), (90, 40, "Kendra)", 7)))
    assert problems == {1: {"overprint": [("18,498", "km")], "off_page": ["Kendra)"]}}


def test_the_checker_lets_words_of_one_line_and_lines_apart_be():
    # one line of three words, and a second line 10 pt lower (boxes 7 pt high: 3 pt apart)
    assert layout_problems(_pdf((5, 30, "Villages beyond 10", 7), (5, 20, "18,498", 7))) == {}


# --- the packs ---------------------------------------------------------------------------


def _hostile_with_hindi_names() -> StoreData:
    """The hostile store; in Hindi the first block reads as a formula, the last is 120 Devanagari characters."""
    data = hostile_data()
    blocks = data.blocks.copy()
    blocks.loc[blocks.index[0], "name_hi"] = FORMULA
    blocks.loc[blocks.index[-1], "name_hi"] = LONG_HINDI
    return StoreData(**{**vars(data), "blocks": blocks})


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, StoreData]:
    return {
        "demo": read_store(DEMO_STORE),
        "other": read_store(build_store(tmp_path_factory.mktemp("other"))),
        "tiny": tiny_store(),
        "hostile": _hostile_with_hindi_names(),
    }


def _pack(data: StoreData, lang: str, since: str | None) -> bytes:
    return render_pack(data, view=View(lang=lang, since=since), prepared_on=dt.date(2026, 12, 3))


@pytest.fixture(scope="module")
def packs(stores, demo_packs) -> Callable[[str, str, str | None], bytes]:
    """The pack of a store of :func:`stores` in a language, drawn once for the module (each takes seconds).

    The DEMO's packs since 2020-11-12 are conftest's :func:`demo_packs` (drawn once for the test session).
    """
    drawn = {("demo", lang, PACK_SINCE): path.read_bytes() for lang, path in demo_packs.items()}

    def pack(store: str, lang: str, since: str | None) -> bytes:
        if (store, lang, since) not in drawn:
            drawn[(store, lang, since)] = _pack(stores[store], lang, since)
        return drawn[(store, lang, since)]

    return pack


@pytest.mark.parametrize(
    ("store", "lang", "since"),
    [
        ("demo", "en", "2020-11-12"),
        ("demo", "hi", "2020-11-12"),
        ("other", "en", None),
        ("tiny", "hi", None),
        ("hostile", "en", "2020-11-12"),
        ("hostile", "hi", "2020-11-12"),
    ],
)
def test_no_two_words_of_the_pack_overprint_and_every_word_is_on_its_page(packs, store, lang, since):
    pdf = packs(store, lang, since)
    assert layout_problems(pdf) == {}


def _with_extra_blocks(data: StoreData, count: int) -> StoreData:
    """``data`` with ``count`` more blocks ("Extra block 0" …), each over a real one, with no panchayat."""
    blocks = data.blocks
    extra = pd.concat([blocks.iloc[[i % len(blocks)]] for i in range(count)], ignore_index=True)
    extra["lgd_code"] = [f"9{i:03d}" for i in range(count)]
    extra["name"] = [f"Extra block {i}" for i in range(count)]
    extra["name_hi"] = [f"अतिरिक्त प्रखंड {i}" for i in range(count)]
    more = gpd.GeoDataFrame(pd.concat([blocks, extra], ignore_index=True), geometry="geometry", crs=blocks.crs)
    return StoreData(**{**vars(data), "blocks": more})


def test_a_block_table_too_long_for_its_page_says_how_many_blocks_it_leaves_out(stores):
    # 6 + 14 = 20 blocks: more rows than the room above the legend holds
    pdf = _pack(_with_extra_blocks(stores["demo"], 14), "en", "2020-11-12")
    assert layout_problems(pdf) == {}
    names = ["Fatehpur", "Jamtara", "Karmatanr", "Kundhit", "Nala", "Narayanpur"] + [
        f"Extra block {i}" for i in range(14)
    ]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[3]  # connectivity, after the cover and the action-taken page
        # the table's column right of the map (map: 12-172 mm)
        lines = page.crop((495, 0, page.width, page.height)).extract_text().splitlines()
    rows = [line for line in lines if re.match(rf"({'|'.join(names)}) \d", line)]
    more = [int(m.group(1)) for line in lines if (m := re.fullmatch(r"… and (\d+) more", line))]
    assert len(more) == 1 and 0 < more[0] < 20
    assert len(rows) + more[0] == 20  # every block is a row or counted in "… and N more"
    assert any(line.startswith("District 40 (+7)") for line in lines)  # the district's row stays


def test_hostile_names_are_printed_as_written(packs):
    pages = page_texts(packs("hostile", "en", "2020-11-12"))
    assert len(pages) == 8  # the cover, the action-taken page, six agenda items
    cover = pages[0]
    assert f"District e-Governance review — {DISTRICT}" in cover
    table = pages[2]  # the first agenda item (page 2 is the action-taken page)
    for name in (NAMES["math"], NAMES["js_replace"], NAMES["jinja_tag"]):
        assert name in table
    assert "WWWWWWWWWW" in table and "W" * 100 not in table  # the 10,000 W: shortened, with its ellipsis
    assert "x2" not in table.replace("$x^2$", "")  # no mathtext anywhere: "$x^2$" never became x²


def test_a_formula_name_is_printed_as_text_in_the_hindi_pack(packs):
    pages = page_texts(packs("hostile", "hi", "2020-11-12"))
    assert '=HYPERLINK("http://' in pages[2]  # printed from its first character on (a name too long ends in …)


def test_a_long_devanagari_name_is_shortened_between_letters_never_inside_one():
    # क र म ा ट ा ं ड ़: a cut after 3 characters would part म from its ा, so it moves back to कर
    assert shortened("करमाटांड़", 4) == "कर…"
    assert shortened("करमाटांड़", 5) == "करमा…"
    # प ् र ख ं ड: प्र is one letter (a virama joins प and र)
    assert shortened("प्रखंड", 5) == "प्र…"
    assert shortened("प्रखंड", 3) == "…"
    assert len(LONG_HINDI) == 120 and shortened(LONG_HINDI, 120) == LONG_HINDI
    assert shortened(LONG_HINDI, 12) == "करमटाँड़करम…"  # 11 characters end before ट: between two letters
    assert shortened(LONG_HINDI, 6) == "करम…"  # 5 would keep ट's ा without its ँ: back to before ट
