"""The meeting pack: a cover, the action-taken page and one page per agenda item, checked with pdfinfo/pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cli import main

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def packs(demo_packs) -> dict[str, Path]:
    """The DEMO pack in English, Hindi and Hindi with Devanagari digits, since 2020-11-12 (conftest's, drawn once)."""
    return demo_packs


def test_a_cover_the_action_taken_page_and_one_a4_landscape_page_per_agenda_item(packs):
    info = subprocess.run(["pdfinfo", str(packs["en"])], check=True, capture_output=True, text=True).stdout
    assert "Pages:           8" in info  # the DEMO has directions: their action-taken page after the cover
    assert "841.89 x 595.276 pts (A4)" in info  # landscape: wider than tall
    pages = _pages(packs["en"])
    assert len(pages) == 8
    cover = pages[0]
    assert "District e-Governance review — Jamtara" in cover
    assert "Figures as of 10 Dec 2020 · compared with the review of 12 Nov 2020" in cover
    assert "DEMO DATA" in cover
    # by hand from the demo: 40 working (+7), 23,622 JharSewa applications received (+2,515)
    assert "40 / 118" in cover and "+7 since 12 Nov 2020" in cover
    assert "23,622" in cover and "+2,515 since 12 Nov 2020" in cover
    titles = [
        "1. CSC / Pragya Kendra",
        "2. Connectivity: JharNet 2.0 and BharatNet",
        "3. JharSewa certificates",
        "4. Aadhaar enrolment",
        "5. PMGDISHA digital literacy",
        "6. Community libraries",
    ]
    assert "Action taken on the directions of the last meeting" in pages[1] and "Page 2 of 8" in pages[1]
    for page, title in zip(pages[2:], titles, strict=True):
        assert title in page
        assert "DEMO DATA" in page and "Page " in page
    connectivity = pages[3]
    assert "Since 12 Nov 2020: 15 now working · 18 now found offline" in connectivity
    assert "Changed since 12 Nov 2020 (33)" in connectivity  # the legend of the change outline
    assert "What changed, block by block" in connectivity
    jharsewa = pages[4]
    assert "88.7 %" in jharsewa  # the district's disposal rate: 20,956 / 23,622


def test_the_hindi_pack_is_in_hindi(packs):
    # pdftotext repeats the glyphs of shaped Devanagari clusters, so words are not compared here (the
    # shaping is checked by eye on the rendered pages); the font and the script are.
    fonts = subprocess.run(["pdffonts", str(packs["hi"])], check=True, capture_output=True, text=True).stdout
    assert "NotoSansDevanagari" in fonts
    pages = _pages(packs["hi"])
    assert len(pages) == 8
    for page in pages:
        assert sum("\u0900" <= ch <= "\u097f" for ch in page) > 50
        assert "DEMO DATA" in page
    assert "English" not in pages[0] and "District e-Governance" not in pages[0]
    assert "23,622" in pages[0] and "2020" in pages[0]


def test_the_pack_with_devanagari_digits_writes_every_count_and_date_in_them(packs):
    pages = _pages(packs["hi-u-nu-deva"])
    assert len(pages) == 8
    # a direction's own words are data, kept as the minutes wrote them ("सभी 118 पंचायतों"): not the pack's digits
    pages[1] = pages[1].replace("118", "")
    # by hand, as in English: 23,622 applications received; the page numbers; the item numbers
    assert "२३,६२२" in pages[0] and "23,622" not in pages[0]
    for page in pages:
        digits = {ch for ch in page if ch.isascii() and ch.isdigit()}
        assert digits <= {"2", "0", "4"}, digits  # only "JharNet 2.0" (a name) and "A4" (the paper)


def test_a_pack_that_is_not_a_pdf_or_compares_with_a_later_date_is_refused(tmp_path, session_store, capsys):
    assert main(["export", "pack", "--store", str(session_store), "--out", str(tmp_path / "p.png")]) == 2
    assert "the meeting pack is a PDF: name the file p.pdf" in capsys.readouterr().err
    assert (
        main(
            ["export", "pack", "--store", str(session_store), "--since", "2020-12-10", "--out", str(tmp_path / "p.pdf")]
        )
        == 2
    )
    assert "must be earlier than the figures' date 2020-12-10" in capsys.readouterr().err
    assert not (tmp_path / "p.pdf").exists()
