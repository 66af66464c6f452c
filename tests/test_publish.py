from __future__ import annotations

import base64
import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from geo.cli import main
from geo.errors import GeoInputError
from layers.publish import VENDOR_DIR, inline_assets, public_specs, publish_html, write_public_map

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
    # Leaflet and the Devanagari web font are inline
    leaflet = (VENDOR_DIR / "leaflet" / "leaflet.js").read_text(encoding="utf-8")
    in_srcdoc = leaflet[:300].replace("&", "&amp;").replace("'", "&#39;")  # as escaped in the iframe's srcdoc
    assert page_html.count(in_srcdoc) == 2  # Leaflet inline, once per language's map
    assert page_html.count("font/woff2;base64,") == 2 * 6  # 6 font files, in each language's map
    assert len(page_html.encode()) < 4_000_000


def test_page_has_both_languages_search_and_demo_mark(page_html):
    assert page_html.startswith("<!DOCTYPE html>") and "<title>Jamtara district: panchayat services" in page_html
    assert "id='gp-map-en'" in page_html and "id='gp-map-hi'" in page_html
    for text in ("Find a panchayat", "पंचायत खोजें", "DEMO DATA — not official", "डेमो डेटा — आधिकारिक नहीं",
                 "Published 2020-12-15", "स्थिति: 2020-12-10 तक", "Panchayat building connectivity",
                 "पंचायत भवन की कनेक्टिविटी", '["Panchayat buildings online, working", "40 / 118"]'):
        assert text in page_html or json.dumps(text)[1:-1] in page_html, text  # as is, or in a JSON string


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
    doc = ('<head><script src="gp-inline-assets/lib/a.js"></script>'
           '<link rel="stylesheet" href="gp-inline-assets/lib/a.css"/></head>')
    out = inline_assets(doc, tmp_path)
    dot = base64.b64encode(b"\x89PNG-dot").decode()
    assert out == ("<head><script>var a = '<\\/script>';</script>"
                   f"<style>.x {{ background: url(data:image/png;base64,{dot}); }} "
                   ".y { behavior: url(#default#VML); }"
                   "</style></head>")


def test_missing_assets_and_outside_links_are_errors(demo, tmp_path):
    with pytest.raises(GeoInputError, match=r"leaflet\.js is missing; .* run scripts/setup\.sh"):
        publish_html(demo, vendor_dir=tmp_path)
    with pytest.raises(GeoInputError, match=r"still refers to outside files \['https://cdn\.example/x\.js'\]"):
        inline_assets('<script src="https://cdn.example/x.js"></script>', VENDOR_DIR)
    with pytest.raises(GeoInputError, match="lang must be one of"):
        publish_html(demo, lang="bn")


def test_cli_publish(tmp_path, capsys):
    out = tmp_path / "site" / "public_map.html"
    assert main(["publish", "--out", str(out), "--lang", "hi"]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith('<!DOCTYPE html>\n<html lang="hi">') and "lang='hi' class='gp-on'" in text


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")
def test_static_page_opens_offline_in_chromium(page_file):
    from playwright.sync_api import sync_playwright

    outside, errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})

            def route(request_route):  # no network: only the file itself and inline data
                url = request_route.request.url
                if url.startswith(("file:", "data:", "about:")):
                    request_route.continue_()
                else:
                    outside.append(url)
                    request_route.abort()

            page.route("**/*", route)
            page.on("pageerror", lambda err: errors.append(str(err)))
            page.goto(page_file.as_uri())
            english = page.frame("gp-map-en")
            hindi = page.frame("gp-map-hi")
            english.wait_for_function("window.gpMap !== undefined")
            hindi.wait_for_function("window.gpMap !== undefined")
            assert english.evaluate("gpDataPanchayats.features.length") == 118
            drawn = english.evaluate(
                """() => { const codes = new Set(); let polygons = 0;
                    gpMap.eachLayer(l => { const p = l.feature && l.feature.properties;
                        if (l instanceof L.Polygon && p && 'c_panchayats' in p && l._parts.length) {
                            polygons++; codes.add(p.p_lgd_code); } });
                    return [polygons, codes.size]; }"""
            )
            assert drawn[1] == 118 and drawn[0] % 118 == 0 and drawn[0] >= 118  # each visible panchayat layer
            assert english.evaluate("document.fonts.check('16px \"Noto Sans Devanagari\"', 'नाला')")

            # search by Hindi name in the English map: zooms in and opens the card
            assert english.evaluate("gpSearch('नाला ग्रा.पं. ०३')") == 1
            english.wait_for_selector(".leaflet-popup-content")
            assert "Nala GP 03" in english.inner_text(".leaflet-popup-content")
            english.wait_for_function("gpMap.getZoom() >= 12")  # the search zooms with an animation

            # the language switch shows the Hindi map, at the same place
            english.click("button[lang=hi]")
            page.wait_for_function("document.documentElement.lang === 'hi'")
            assert "gp-on" in page.get_attribute("#gp-map-hi", "class")
            hindi.wait_for_function("gpMap.getZoom() >= 12")
            assert "पंचायत खोजें" in hindi.inner_html(".gp-public")
        finally:
            browser.close()
    assert outside == [] and errors == []


def test_write_public_map_is_atomic(demo, tmp_path):
    path = write_public_map(tmp_path / "public_map.html", demo, published_on=PUBLISHED)
    assert [p.name for p in tmp_path.iterdir()] == ["public_map.html"]
    assert path.stat().st_mode & 0o044  # readable by the web server, not a 0600 temp file

