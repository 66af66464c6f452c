from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from cli import main
from geo.errors import GeoInputError
from layers.markup import page_json
from layers.publish import VENDOR_DIR, inline_assets, public_specs, publish_html, write_public_map
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
