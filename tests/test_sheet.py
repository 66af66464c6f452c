from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from cli import main
from geo.errors import GeoInputError
from geo.review.analysis import analyse
from layers.context import map_context
from layers.registry import THEMES
from layers.sheet import PRINT_SIMPLIFY_M, SheetLayout, render_map_sheet, write_map_sheet
from layers.view import View
from tests.tiny_district import tiny_store

pytestmark = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils (pdfinfo, pdftotext)")

EXPORTED = dt.date(2020, 12, 15)
PT_PER_MM = 72 / 25.4


@pytest.fixture(scope="module")
def ctx(demo):
    return map_context(analyse(demo), simplify_m=PRINT_SIMPLIFY_M)


def _pdf(tmp_path: Path, blob: bytes) -> Path:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(blob)
    return path


def _info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def _text(path: Path, page: int | None = None) -> str:
    """pdftotext, with Devanagari clusters de-duplicated.

    matplotlib's ToUnicode map gives every glyph of a shaped Devanagari cluster
    the cluster's whole text, so pdftotext repeats clusters ("जाजामताताड़ाड़ा" for
    "जामताड़ा"); the page itself is shaped correctly. Collapse immediate repeats
    within Devanagari runs before searching.
    """
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(
        ["pdftotext", *pages, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"([\u0900-\u097F]+?)\1+", r"\1", out)


@pytest.mark.parametrize(
    ("paper", "landscape", "size_mm"),
    [("A4", False, (210, 297)), ("A4", True, (297, 210)), ("A3", False, (297, 420)), ("A3", True, (420, 297))],
)
def test_pdf_page_size(demo, ctx, tmp_path, paper, landscape, size_mm):
    layout = SheetLayout(paper=paper, landscape=landscape)
    path = _pdf(tmp_path, render_map_sheet(demo, "library", layout=layout, ctx=ctx))
    width, height = (float(v) for v in re.findall(r"[\d.]+", _info(path)["Page size"])[:2])
    assert width == pytest.approx(size_mm[0] * PT_PER_MM, abs=0.5)
    assert height == pytest.approx(size_mm[1] * PT_PER_MM, abs=0.5)


def test_english_pdf_has_title_legend_and_demo_mark(demo, ctx, tmp_path):
    path = _pdf(tmp_path, render_map_sheet(demo, "connectivity", ctx=ctx, exported_on=EXPORTED))
    text = _text(path)
    for expected in (
        "Panchayat building connectivity",  # title
        "Jamtara district, Jharkhand",  # subtitle: area
        "status as of 10 Dec 2020 (latest report)",  # subtitle: as-of date
        "Panchayat buildings online, working (40)",  # legend label with its count: the figure
        "Live, but found offline at the latest inspection (18)",
        "Not live yet (60)",
        "DeGS), Jamtara",
        "Block boundary",
        "DEMO DATA",
        "Exported on 15 Dec 2020",
        "Source: DEMO district (synthetic, not official)",
        "Fatehpur",
        "Narayanpur",  # block names on the map and in the table
        "km",
    ):
        assert expected in text, expected
    assert _info(path)["Pages"].strip() == "1"
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "NotoSans-Regular" in fonts


def test_hindi_pdf_has_hindi_text_and_devanagari_font(demo, ctx, tmp_path):
    path = _pdf(tmp_path, render_map_sheet(demo, "connectivity", view=View(lang="hi"), ctx=ctx, exported_on=EXPORTED))
    text = _text(path)
    for expected in (
        "पंचायत भवनों की कनेक्टिविटी",
        "जामताड़ा",
        "करमाटांड़",
        "अभी चालू नहीं (60)",
        "प्रखंड सीमा",
        "संकेत",
        "निर्यात तिथि: 15 दिसंबर 2020",
        "कि.मी.",
        "डेमो डेटा",
        "DEMO DATA",
    ):
        assert expected in text, expected
    for english in ("Legend", "Exported", "Block boundary", "Not live"):
        assert english not in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansDevanagari" in fonts


def test_devanagari_digits_sheet_writes_every_number_in_them(demo, ctx, tmp_path):
    devanagari = View(lang="hi-u-nu-deva")
    path = _pdf(tmp_path, render_map_sheet(demo, "connectivity", view=devanagari, ctx=ctx, exported_on=EXPORTED))
    text = _text(path)
    # by hand: 60 not live; exported 15 Dec 2020; the status date 10 Dec 2020; the scale bar in km
    # (_text folds repeated Devanagari runs, so २०२० reads २० there)
    for expected in ("अभी चालू नहीं (६०)", "निर्यात तिथि: १५ दिसंबर २०", "स्थिति: १० दिसंबर २०", "कि.मी.", "पैमाना १ : "):
        assert expected in text, expected
    # the only 0-9 digits left are names of things (WGS 84, EPSG:32645, A4 paper), never a count or a date
    assert set(re.findall(r"[0-9]+", text)) <= {"84", "32645", "4"}, sorted(set(re.findall(r"[0-9]+", text)))


@pytest.mark.parametrize(("paper", "landscape", "dpi"), [("A4", False, 300), ("A3", True, 150)])
def test_png_pixels_match_paper_and_dpi(demo, ctx, paper, landscape, dpi):
    blob = render_map_sheet(
        demo, "aadhaar", layout=SheetLayout(fmt="png", paper=paper, landscape=landscape, dpi=dpi), ctx=ctx
    )
    width_mm, height_mm = {"A4": (210, 297), "A3": (297, 420)}[paper]
    if landscape:
        width_mm, height_mm = height_mm, width_mm
    image = Image.open(io.BytesIO(blob))
    assert image.format == "PNG"
    assert image.width == pytest.approx(width_mm / 25.4 * dpi, abs=1)
    assert image.height == pytest.approx(height_mm / 25.4 * dpi, abs=1)


def test_map_book_has_a_district_page_and_one_per_block(demo, ctx, tmp_path):
    path = _pdf(tmp_path, render_map_sheet(demo, "gaps", layout=SheetLayout(per_block=True), ctx=ctx))
    assert _info(path)["Pages"].strip() == "7"
    assert "Jamtara district, Jharkhand" in _text(path, 1)
    assert "Fatehpur block, Jamtara district" in _text(path, 2)  # blocks in alphabetical order
    assert "Page 7 of 7" in _text(path, 7) and "Narayanpur block" in _text(path, 7)


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_theme_draws_with_its_legend(demo, ctx, theme, tmp_path):
    from layers.registry import theme_layers

    path = _pdf(tmp_path, render_map_sheet(demo, theme, ctx=ctx))
    text = _text(path)
    assert THEMES[theme].title("en") in text
    for spec in theme_layers(theme):
        for cls in spec.classes:
            label = spec.class_label(cls, "en", ctx)
            assert label in text, (spec.name, label)


def test_real_store_has_no_demo_mark(tmp_path):
    path = _pdf(tmp_path, render_map_sheet(tiny_store(), "csc"))
    text = _text(path)
    assert "DEMO" not in text and "Tiny district ·" in text and "Source: tiny." in text
    assert "Jamtara" not in text and "Jharkhand" not in text  # nothing of the demo district on another's sheet


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"theme": "roads"}, "theme must be one of panchayats, connectivity, .* got 'roads'"),
        ({"fmt": "svg"}, "fmt must be 'png' or 'pdf', got 'svg'"),
        ({"paper": "letter"}, "paper must be A4 or A3, got 'LETTER'"),
        ({"lang": "bn"}, "lang must be one of en, hi, hi-u-nu-deva, got 'bn'"),
        ({"dpi": 20}, "dpi must be a whole number from 50 to 600, got 20"),
        ({"fmt": "png", "per_block": True}, "a map book .* is a multi-page PDF"),
        ({"theme": "roads", "dpi": 2000}, "theme must be .*; dpi must be"),  # every problem at once
    ],
)
def test_errors_name_the_parameter(demo, options, match):
    options = {"theme": "csc", **options}
    theme = options.pop("theme")
    views = {"lang": options.pop("lang")} if "lang" in options else {}
    with pytest.raises(GeoInputError, match=match):
        render_map_sheet(demo, theme, layout=SheetLayout(**options), view=View(**views))


def test_write_map_sheet_takes_the_format_from_the_suffix(demo, ctx, tmp_path):
    path = write_map_sheet(tmp_path / "out" / "map.png", demo, "pmgdisha", layout=SheetLayout(dpi=50), ctx=ctx)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(GeoInputError, match=r"cannot tell the map format of map\.svg: expected a \.png or \.pdf"):
        write_map_sheet(tmp_path / "map.svg", demo, "pmgdisha")
    message = r"fmt is 'png' but the file name map\.pdf says otherwise; name it map\.png"
    with pytest.raises(GeoInputError, match=message):
        write_map_sheet(tmp_path / "map.pdf", demo, "pmgdisha", layout=SheetLayout(fmt="png"))


def test_cli_export_map(tmp_path, capsys):
    out = tmp_path / "book.pdf"
    argv = [
        "export",
        "map",
        "--layer",
        "library",
        "--paper",
        "a3",
        "--landscape",
        "--lang",
        "hi",
        "--per-block",
        "--out",
        str(out),
    ]
    assert main(argv) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert _info(out)["Pages"].strip() == "7"
    assert main(["export", "map", "--layer", "roads", "--out", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert "error: theme must be one of panchayats" in err and "Traceback" not in err


def test_legend_columns_break_between_layers():
    from layers.sheet import _split_legend

    rows = [
        ("title", None, "A"),
        *[("class", None, i) for i in range(3)],
        ("title", None, "B"),
        ("class", None, 3),
        ("title", None, "C"),
        *[("class", None, i) for i in range(4, 7)],
    ]
    first, second = _split_legend(rows, 2)
    assert [r[2] for r in first] == ["A", 0, 1, 2, "B", 3] and [r[2] for r in second] == ["C", 4, 5, 6]
    assert _split_legend(rows, 1) == [rows]
