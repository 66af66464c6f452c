"""The public map as one self-contained static HTML file, for the district website.

:func:`publish_html` builds the app's Leaflet map (:func:`layers.folium_map.build_map`)
twice, in English and in Hindi, from the public layers with their public popup
fields only, and inlines everything a browser needs: Leaflet's JavaScript and CSS
(its images as ``data:`` URLs) and the Noto Sans Devanagari web font (``data:``
URLs in the ``@font-face`` rules), all from ``static/vendor`` (installed by
``scripts/setup.sh`` from the npm registry). No CDN, no tiles, no server: the file
opens from disk with no network.

The page is a small shell holding two ``<iframe srcdoc>`` maps, one per
language, stacked; the language buttons on the map switch between them and keep
the view. A search box finds a panchayat by its English or Hindi name (or LGD
code), zooms to it and opens its card.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import mimetypes
import os
import re
from collections.abc import Sequence
from pathlib import Path

from branca.element import MacroElement
from jinja2 import Template

from geo.analysis import analyse
from geo.errors import GeoInputError
from geo.figures import PUBLIC_FIGURES
from geo.files import write_atomic
from geo.store import StoreData
from layers.context import MapContext, map_context
from layers.folium_map import build_map, map_html
from layers.registry import LAYERS
from layers.spec import LANGS, Lang, LayerSpec, Text

__all__ = ["VENDOR_DIR", "public_specs", "publish_html", "write_public_map", "inline_assets"]

#: The vendored browser assets (``scripts/setup.sh`` installs them).
VENDOR_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor"
_ASSETS = "gp-inline-assets"  # placeholder asset base, replaced by inline content

_UI = {
    "title": Text("{district} district: panchayat services and connectivity",
                  "{district} जिला: पंचायत सेवाएँ एवं कनेक्टिविटी"),
    "as_of": Text("Status as of {date}", "स्थिति: {date} तक"),
    "search": Text("Find a panchayat…", "पंचायत खोजें…"),
    "search_label": Text("Search panchayats by name or LGD code", "नाम या एलजीडी कोड से पंचायत खोजें"),
    "none": Text("No panchayat found", "कोई पंचायत नहीं मिली"),
    "note": Text("Public map: service locations and rollout only; no personal details. Published {date}.",
                 "सार्वजनिक मानचित्र: केवल सेवा केंद्र और प्रगति; कोई व्यक्तिगत विवरण नहीं। प्रकाशित {date}।"),
    "language": Text("Language", "भाषा"),
}
_LANG_NAMES = {"en": "English", "hi": "हिन्दी"}


def public_specs() -> list[LayerSpec]:
    """The layers offered on the public page (``spec.public``), in drawing order."""
    return [spec for spec in LAYERS.values() if spec.public]


def publish_html(
    data: StoreData,
    *,
    lang: Lang = "en",
    as_of: str | dt.date | None = None,
    aadhaar_km: float = 10.0,
    ctx: MapContext | None = None,
    published_on: dt.date | None = None,
    vendor_dir: str | os.PathLike[str] = VENDOR_DIR,
) -> str:
    """Build the self-contained public map page.

    Parameters
    ----------
    data : StoreData
        The store's content; private fields never reach the page (the map
        context drops them, and only public layers and public fields are drawn).
    lang : {"en", "hi"}
        The language shown first; both are in the file.
    as_of : str or datetime.date, optional
        Status as of this date; default latest.
    aadhaar_km : float, default 10
        Aadhaar reach threshold for the distance bands and gaps.
    ctx : MapContext, optional
        A context the caller already has for the same ``as_of`` and ``aadhaar_km``.
    published_on : datetime.date, optional
        Date printed on the page; default today.
    vendor_dir : path-like
        Where Leaflet and the fonts are (default ``static/vendor``).

    Returns
    -------
    str
        One HTML document with every script, style, font and data inlined.

    Raises
    ------
    GeoInputError
        For an unknown language or missing vendored assets.
    """
    if lang not in LANGS:
        msg = f"lang must be one of {LANGS}, got {lang!r}"
        raise GeoInputError(msg)
    vendor = _check_vendor(Path(vendor_dir))
    if ctx is None:
        ctx = map_context(analyse(data, as_of=as_of, aadhaar_km=aadhaar_km))
    published = (published_on or dt.date.today()).isoformat()
    specs = public_specs()
    documents = {}
    for code in LANGS:
        fmap = build_map(ctx, specs, lang=code, public=True, asset_base=_ASSETS)
        fmap.add_child(_PublicControls(ctx, lang=code, published=published))
        documents[code] = inline_assets(map_html(fmap), vendor)
    return _shell(documents, first=lang, title=_UI["title"](lang).format(district=ctx.identity.label(lang)))


def write_public_map(path: str | os.PathLike[str], data: StoreData, **options: object) -> Path:
    """Write :func:`publish_html` to a file, atomically; returns the path."""
    return write_atomic(Path(path), publish_html(data, **options).encode("utf-8"))  # type: ignore[arg-type]


def inline_assets(document: str, vendor_dir: str | os.PathLike[str] = VENDOR_DIR) -> str:
    """Replace the map's links to vendored assets with their content.

    ``<script src=".../leaflet.js">`` becomes an inline script, ``<link href=...css>``
    an inline ``<style>`` whose ``url(...)`` references (images, fonts) become
    ``data:`` URLs.

    Raises
    ------
    GeoInputError
        If an asset is missing or a reference to an outside resource is left.
    """
    vendor = Path(vendor_dir)
    prefix = re.escape(_ASSETS)

    def script(match: re.Match[str]) -> str:
        text = _read_asset(vendor / match.group(1)).decode("utf-8")
        return "<script>" + text.replace("</script", "<\\/script") + "</script>"

    def style(match: re.Match[str]) -> str:
        path = vendor / match.group(1)
        css = _read_asset(path).decode("utf-8")
        return "<style>" + _inline_urls(css, path.parent) + "</style>"

    document = re.sub(rf'<script[^>]*\ssrc="{prefix}/([^"]+)"[^>]*>\s*</script>', script, document)
    document = re.sub(rf'<link[^>]*\shref="{prefix}/([^"]+)"[^>]*>', style, document)
    left = sorted(set(re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(?!data:)([^"]*)"', document)))
    if _ASSETS in document or left:
        msg = f"the public map still refers to outside files {left or [_ASSETS]}; expected every asset inlined"
        raise GeoInputError(msg)
    return document


def _inline_urls(css: str, folder: Path) -> str:
    def data_url(match: re.Match[str]) -> str:
        ref = match.group(2)
        if ref.startswith(("data:", "#")):
            return match.group(0)
        path = folder / ref
        guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        mime = "font/woff2" if path.suffix == ".woff2" else guessed
        return f"url(data:{mime};base64,{base64.b64encode(_read_asset(path)).decode('ascii')})"

    return re.sub(r"url\((['\"]?)([^)'\"]+)\1\)", data_url, css)


def _read_asset(path: Path) -> bytes:
    if not path.is_file():
        msg = (
            f"{path} is missing; expected the vendored Leaflet and fonts in static/vendor — "
            "run scripts/setup.sh (it installs them from the npm registry)"
        )
        raise GeoInputError(msg)
    return path.read_bytes()


def _check_vendor(vendor: Path) -> Path:
    for part in ("leaflet/leaflet.js", "leaflet/leaflet.css", "fonts/fonts.css"):
        _read_asset(vendor / part)
    return vendor



def _shell(documents: dict[str, str], *, first: Lang, title: str) -> str:
    """Two stacked iframes (one per language) and the switch between them."""
    frames = "\n".join(
        f"<iframe id='gp-map-{code}' title='{_LANG_NAMES[code]}' lang='{code}' "
        f"class='{'gp-on' if code == first else ''}' srcdoc='{_attr(doc)}'></iframe>"
        for code, doc in documents.items()
    )
    return f"""<!DOCTYPE html>
<html lang="{first}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
  html, body {{ margin: 0; padding: 0; height: 100%; overflow: hidden; background: #f4f1ea; }}
  iframe {{ position: absolute; inset: 0; width: 100%; height: 100%; border: 0;
            visibility: hidden; z-index: 1; }}
  iframe.gp-on {{ visibility: visible; z-index: 2; }}
</style>
</head>
<body>
{frames}
<script>
(function() {{
  function show(code, view) {{
    var shown = document.getElementById("gp-map-" + code);
    if (!shown) return;
    document.querySelectorAll("iframe").forEach(function(f) {{ f.classList.toggle("gp-on", f === shown); }});
    document.documentElement.lang = code;
    if (view && shown.contentWindow) shown.contentWindow.postMessage({{gpView: view}}, "*");
  }}
  window.addEventListener("message", function(e) {{
    if (e.data && typeof e.data.gpLang === "string") show(e.data.gpLang, e.data.view);
  }});
}})();
</script>
</body>
</html>
"""


def _attr(text: str) -> str:
    """Escape for a single-quoted HTML attribute (``&`` and ``'``; ``<`` and ``"`` may stay)."""
    return text.replace("&", "&amp;").replace("'", "&#39;")


class _PublicControls(MacroElement):
    """Title, as-of date, panchayat search and the language switch, as a Leaflet control."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
            .folium-map { height: 100vh !important; }
            .gp-public { background: rgba(255,255,255,0.96); padding: 8px 10px; border-radius: 6px;
                box-shadow: 0 1px 4px rgba(0,0,0,0.35); max-width: 340px; font-size: 14px; line-height: 1.35; }
            .gp-public h1 { font-size: 17px; margin: 0 0 2px; }
            .gp-public .gp-asof, .gp-public .gp-note { color: #444; font-size: 12px; margin: 0 0 6px; }
            .gp-public .gp-figures { display: grid; grid-template-columns: 1fr auto; gap: 1px 8px; margin: 0 0 6px;
                font-size: 12px; }
            .gp-public .gp-figures dd { margin: 0; font-weight: 700; text-align: right; white-space: nowrap; }
            .gp-public input { width: 100%; box-sizing: border-box; font: inherit; padding: 5px 7px;
                border: 1px solid #888; border-radius: 4px; }
            .gp-public ul { list-style: none; margin: 4px 0 0; padding: 0; max-height: 220px; overflow-y: auto; }
            .gp-public li { padding: 3px 6px; cursor: pointer; border-radius: 3px; }
            .gp-public li:hover, .gp-public li:focus { background: #e6f0fa; outline: none; }
            .gp-public .gp-lang { margin-top: 6px; display: flex; gap: 6px; align-items: center; }
            .gp-public button { font: inherit; padding: 2px 10px; border: 1px solid #0072B2; border-radius: 4px;
                background: #fff; color: #0072B2; cursor: pointer; }
            .gp-public button[aria-pressed="true"] { background: #0072B2; color: #fff; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function(map) {
            var ui = {{ this.ui|tojson }};
            var index = {{ this.index|tojson }};
            window.gpMap = map;
            var control = L.control({position: 'topleft'});
            control.onAdd = function() {
                var div = L.DomUtil.create('div', 'gp-public');
                var h1 = L.DomUtil.create('h1', '', div); h1.textContent = ui.title;
                var asof = L.DomUtil.create('p', 'gp-asof', div); asof.textContent = ui.as_of;
                var figures = L.DomUtil.create('dl', 'gp-figures', div);
                ui.figures.forEach(function(f) {
                    var dt = L.DomUtil.create('dt', '', figures); dt.textContent = f[0];
                    var dd = L.DomUtil.create('dd', '', figures); dd.textContent = f[1];
                });
                var input = L.DomUtil.create('input', '', div);
                input.type = 'search'; input.placeholder = ui.search; input.setAttribute('aria-label', ui.search_label);
                var list = L.DomUtil.create('ul', '', div);
                var langs = L.DomUtil.create('div', 'gp-lang', div);
                var label = L.DomUtil.create('span', '', langs); label.textContent = ui.language + ':';
                ui.langs.forEach(function(l) {
                    var b = L.DomUtil.create('button', '', langs);
                    b.type = 'button'; b.textContent = l[1]; b.setAttribute('lang', l[0]);
                    b.setAttribute('aria-pressed', l[0] === ui.lang ? 'true' : 'false');
                    b.addEventListener('click', function() {
                        var c = map.getCenter();
                        window.parent.postMessage({gpLang: l[0], view: [c.lat, c.lng, map.getZoom()]}, '*');
                    });
                });
                var note = L.DomUtil.create('p', 'gp-note', div); note.textContent = ui.note;
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);

                function norm(s) { return (s || '').normalize('NFC').toLowerCase().replace(/\\s+/g, ' ').trim(); }
                function matches(q) {
                    return index.filter(function(r) {
                        return r[0] === q || norm(r[1]).indexOf(q) >= 0 || norm(r[2]).indexOf(q) >= 0;
                    }).slice(0, 12);
                }
                function go(r) {
                    map.fitBounds([[r[5], r[6]], [r[7], r[8]]], {maxZoom: 13});
                    var target = null;
                    map.eachLayer(function(layer) {
                        var p = layer.feature && layer.feature.properties;
                        if (!target && p && p.p_lgd_code === r[0] && layer.getPopup && layer.getPopup()) target = layer;
                    });
                    if (target) target.openPopup(L.latLng(r[9], r[10]));
                    list.innerHTML = '';
                    input.value = ui.lang === 'hi' ? r[2] : r[1];
                }
                function render() {
                    var q = norm(input.value);
                    list.innerHTML = '';
                    if (q.length < 2) return [];
                    var hits = matches(q);
                    if (!hits.length) {
                        var li = L.DomUtil.create('li', '', list); li.textContent = ui.none; return hits;
                    }
                    hits.forEach(function(r) {
                        var li = L.DomUtil.create('li', '', list);
                        li.tabIndex = 0;
                        li.textContent = ui.lang === 'hi' ? r[2] + ' — ' + r[4] : r[1] + ' (' + r[2] + ') — ' + r[3];
                        li.addEventListener('click', function() { go(r); });
                        li.addEventListener('keydown', function(e) { if (e.key === 'Enter') go(r); });
                    });
                    return hits;
                }
                input.addEventListener('input', render);
                input.addEventListener('keydown', function(e) {
                    if (e.key === 'Enter') { var hits = render(); if (hits.length) go(hits[0]); }
                });
                window.gpSearch = function(text) {
                    input.value = text; var hits = render(); if (hits.length) go(hits[0]); return hits.length;
                };
                return div;
            };
            control.addTo(map);
            window.addEventListener('message', function(e) {
                var v = e.data && e.data.gpView;
                if (v) map.setView([v[0], v[1]], v[2], {animate: false});
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, ctx: MapContext, *, lang: Lang, published: str) -> None:
        super().__init__()
        self._name = "PublicControls"
        self.ui = {key: text(lang) for key, text in _UI.items()}
        self.ui["title"] = self.ui["title"].format(district=ctx.identity.label(lang))
        self.ui["as_of"] = self.ui["as_of"].format(date=ctx.analysis.date or "–")
        self.ui["figures"] = [[ctx.figures.title(key, lang), ctx.figures.text(key, lang)] for key in PUBLIC_FIGURES]
        self.ui["note"] = self.ui["note"].format(date=published)
        self.ui["lang"] = lang
        self.ui["langs"] = [[code, _LANG_NAMES[code]] for code in LANGS]
        self.index = _search_index(ctx)


def _search_index(ctx: MapContext) -> list[Sequence[object]]:
    """Per panchayat: code, name, Hindi name, block, Hindi block, bounds (S, W, N, E), label point (lat, lon)."""
    gps = ctx.panchayats
    bounds = gps.geometry.bounds.round(5)
    points = gps.geometry.representative_point()
    rows = []
    for i, (_, gp) in enumerate(gps.iterrows()):
        b = bounds.iloc[i]
        rows.append([
            html.escape(str(gp["lgd_code"])), str(gp["name"]), str(gp.get("name_hi") or ""),
            str(gp.get("block_name") or ""), str(gp.get("block_name_hi") or ""),
            b["miny"], b["minx"], b["maxy"], b["maxx"], round(points.iloc[i].y, 5), round(points.iloc[i].x, 5),
        ])
    return rows


