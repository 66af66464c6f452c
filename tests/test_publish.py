from __future__ import annotations

import base64
import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from cli import main
from geo.errors import GeoInputError
from geo.formats import COMPASS, compass_point, format_bearing
from geo.text import t
from layers.markup import page_json
from layers.publish import VENDOR_DIR, compass_words, inline_assets, public_specs, publish_html, write_public_map
from layers.registry import LAYERS
from layers.view import View

CHROMIUM = Path("/usr/bin/chromium")
PUBLISHED = dt.date(2020, 12, 15)


@pytest.fixture(scope="module")
def page_html(demo_private) -> str:
    """The public page built from a store read WITH its private fields (the worst case)."""
    return publish_html(demo_private, published_on=PUBLISHED)


@pytest.fixture(scope="module")
def page_file(page_html, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("public") / "public_map.html"
    path.write_text(page_html, encoding="utf-8")
    return path


def test_page_is_self_contained(page_html):
    # nothing is loaded from outside: no script/link/img/iframe source that is not inline or a data: URL
    assert not re.findall(r'<(?:script|link|img|iframe)[^>]*\s(?:src|href)="(?!data:)', page_html)
    assert 'src="http' not in page_html and "src='http" not in page_html
    assert not re.search(r"url\((?![\"']?(?:data:|#))", page_html)  # CSS urls: data: or VML only
    assert "@import" not in page_html
    without_data = re.sub(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+", "data:", page_html)  # base64 may spell "cdn"
    assert not re.search(r"cdn|unpkg|jsdelivr|googleapis|gstatic", without_data, flags=re.I)
    # the only http(s) link in the file: Leaflet's own attribution link (a link to click, not a resource)
    assert set(re.findall(r'href="(http[^"]*)"', page_html)) == {"https://leafletjs.com"}
    # Leaflet, GeographicLib and the Devanagari web font are inline, once: one map carries both languages
    for asset in ("leaflet/leaflet.js", "geographiclib/geographiclib-geodesic.min.js"):
        assert page_html.count((VENDOR_DIR / asset).read_text(encoding="utf-8")[:300]) == 1, asset
    assert "<iframe" not in page_html and page_html.count("L.map(") == 1
    assert page_html.count("font/woff2;base64,") >= 1
    assert page_html.count("var gpDataPanchayats = ") == 1


def test_page_has_both_languages_search_and_demo_mark(page_html):
    assert page_html.startswith('<!DOCTYPE html>\n<html lang="en" data-gp-lang="en">')
    assert "<title>Jamtara district: panchayat services" in page_html
    for text in (
        "Village or panchayat…",
        "गाँव या पंचायत…",
        "DEMO DATA — not official",
        "डेमो डेटा — आधिकारिक नहीं",
        "Published 15 Dec 2020",
        "स्थिति: 10 दिसंबर 2020 तक",
        "Panchayat building connectivity",
        "पंचायत भवन की कनेक्टिविटी",
        "<dt><span class='gp-only-en' lang='en'>Panchayat buildings online, working",
        "<span class='gp-only-en' lang='en'>40 / 118",
        "कि.मी.",
    ):
        assert text in page_html or page_json(text)[1:-1] in page_html, text  # in the page or in a JSON string


def test_public_page_never_holds_private_values(page_html, demo_private):
    private = demo_private.service_private
    remarks = demo_private.status_events["remark"].replace("", pd.NA).dropna().unique()
    assert len(private) > 400 and len(remarks) >= 5
    for value in [*private["phone"], *private["operator_name"], *remarks]:
        assert value not in page_html, value
    for column in ("operator_name", "phone", "recorded_by", "p_remark"):
        assert column not in page_html
    assert all(spec.public for spec in public_specs())


def test_inline_assets_on_a_tiny_vendor_folder(tmp_path):
    (tmp_path / "lib" / "img").mkdir(parents=True)
    (tmp_path / "lib" / "a.js").write_text("var a = '</script>';")
    (tmp_path / "lib" / "a.css").write_text(".x { background: url(img/dot.png); } .y { behavior: url(#default#VML); }")
    (tmp_path / "lib" / "img" / "dot.png").write_bytes(b"\x89PNG-dot")
    doc = (
        '<head><script src="gp-inline-assets/lib/a.js"></script>'
        '<link rel="stylesheet" href="gp-inline-assets/lib/a.css"/></head>'
    )
    out = inline_assets(doc, tmp_path)
    dot = base64.b64encode(b"\x89PNG-dot").decode()
    assert out == (
        "<head><script>var a = '<\\/script>';</script>"
        f"<style>.x {{ background: url(data:image/png;base64,{dot}); }} "
        ".y { behavior: url(#default#VML); }"
        "</style></head>"
    )


def test_missing_assets_and_outside_links_are_errors(demo, tmp_path):
    with pytest.raises(GeoInputError, match=r"leaflet\.js is missing; .* run scripts/setup\.sh"):
        publish_html(demo, vendor_dir=tmp_path)
    with pytest.raises(GeoInputError, match=r"still refers to outside files \['https://cdn\.example/x\.js'\]"):
        inline_assets('<script src="https://cdn.example/x.js"></script>', VENDOR_DIR)
    with pytest.raises(GeoInputError, match="lang must be one of"):
        publish_html(demo, view=View(lang="bn"))


def test_cli_publish(tmp_path, capsys):
    out = tmp_path / "site" / "public_map"
    assert main(["publish", "--out", str(out), "--lang", "hi"]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    text = (out / "index.html").read_text(encoding="utf-8")
    assert text.startswith('<!DOCTYPE html>\n<html lang="hi" data-gp-lang="hi">')
    assert "<title>जामताड़ा जिला: पंचायत सेवाएँ एवं कनेक्टिविटी</title>" in text


def test_write_public_map_is_atomic(demo, tmp_path):
    path = write_public_map(tmp_path / "public_map.html", demo, published_on=PUBLISHED)
    assert [p.name for p in tmp_path.iterdir()] == ["public_map.html"]
    assert path.stat().st_mode & 0o044  # readable by the web server, not a 0600 temp file


# ---- what a citizen reads: directions, dates, no ids, the public fields -------------------------------------


@pytest.mark.parametrize(
    ("azimuth", "point", "en", "hi"),
    [
        (0.0, "n", "↑ north", "↑ उत्तर"),
        (22.4, "n", "↑ north", "↑ उत्तर"),
        (22.5, "ne", "↗ north-east", "↗ उत्तर-पूर्व"),  # half-way goes clockwise
        (112.5, "se", "↘ south-east", "↘ दक्षिण-पूर्व"),
        (-90.0, "w", "← west", "← पश्चिम"),  # a geodesic's azimuth runs -180..180
        (-157.6, "s", "↓ south", "↓ दक्षिण"),
        (337.4, "nw", "↖ north-west", "↖ उत्तर-पश्चिम"),
        (359.9, "n", "↑ north", "↑ उत्तर"),
    ],
)
def test_the_way_to_a_centre_reads_as_a_compass_point(azimuth, point, en, hi):
    assert compass_point(azimuth) == point
    assert (format_bearing(azimuth, "en"), format_bearing(azimuth, "hi")) == (en, hi)
    assert compass_words("hi")[COMPASS.index(point)] == hi  # what the page picks by number
    assert format_bearing(None, "hi") == "दर्ज नहीं"  # unknown is not north


def test_the_page_javascript_finds_the_same_compass_point():
    """``compassPoint`` (layers/static/public_map.js), run by Node, and geo.formats.compass_point agree."""
    source = (Path(__file__).resolve().parent.parent / "layers" / "static" / "public_map.js").read_text("utf-8")
    function = re.search(r"^    function compassPoint\(degrees\) \{.*?^    \}$", source, re.S | re.M).group(0)
    azimuths = [-180.0, -179.9, -157.5, -112.6, -67.5, -22.5, -22.4, 0.0, 22.49, 22.5, 67.4, 90.0, 179.9, 180.0]
    script = f"{function}\nconsole.log(JSON.stringify({json.dumps(azimuths)}.map(compassPoint)));"
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True, timeout=30)
    shown = json.loads(out.stdout)
    assert shown == [COMPASS.index(compass_point(a)) for a in azimuths]
    assert shown == [4, 4, 5, 5, 7, 0, 0, 0, 0, 1, 1, 2, 4, 4]  # by hand: 0 n, 1 ne, 2 e … 7 nw (247.4° is sw)


def test_the_public_fields_rule():
    """docs/data-contract.md, "What the public sees": the inspection's finding and date yes, codes and ids no."""
    panchayat = [f.column for f in LAYERS["panchayats"].fields(public=True)]
    assert {"inspection", "inspection_as_of", "connectivity"} <= set(panchayat)
    assert "lgd_code" not in panchayat and "lgd_code" in [f.column for f in LAYERS["panchayats"].fields(public=False)]
    for kind in ("csc", "aadhaar", "pmgdisha"):
        assert "id" not in [f.column for f in LAYERS[kind].fields(public=True)], kind
    assert "opened" in [f.column for f in LAYERS["aadhaar"].fields(public=True)]
    assert [f for f in LAYERS["csc"].fields(public=True) if f.column == "opened"][0].date


def test_the_public_page_shows_the_finding_and_no_code(page_html):
    for lang in ("en", "hi"):
        assert page_json(t("field.inspection", lang))[1:-1] in page_html  # the popup's label for the finding
        assert page_json(t("field.inspection_date", lang))[1:-1] in page_html
        assert page_json(t("field.lgd_code", lang))[1:-1] not in page_html
    assert page_json(t("field.id", "hi"))[1:-1] not in page_html  # "ID" in English is in base64 too
    words = json.loads(re.search(r"var gpPublic = (\{.*?\});\n", page_html).group(1))
    assert words["ui"]["en"]["toward"][7] == "↖ north-west" and words["ui"]["hi"]["toward"][0] == "↑ उत्तर"
    assert "id" not in words["ui"]["en"]  # no "ID CSC-037" line on the card
