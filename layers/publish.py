"""The public map as a static page for the district website: a folder, or one self-contained file.

:func:`build_public_site` builds the app's Leaflet map (:func:`layers.folium_map.build_map`)
once, carrying English and Hindi (the language buttons switch in place), from the
public layers with their public popup fields only, and inlines everything a
browser needs: Leaflet's JavaScript and CSS (its images as ``data:`` URLs), the
Noto Sans Devanagari web font (``data:`` URLs in the ``@font-face`` rules) and
GeographicLib's geodesic (for "nearest to my location"), all from
``static/vendor`` (installed by ``scripts/setup.sh`` from the npm registry). No CDN,
no tiles, no server: the page opens from disk with no network.

A state's page would be too large to load at once, so ``index.html`` holds the first view
(the block and district outlines simplified, the legend, the figures, the search index of
the panchayats and, up to :data:`INDEX_VILLAGES`, of the villages) and the panchayats,
villages and centres come in pieces (:mod:`layers.pieces`), loaded as the map needs them
(a state's villages' search index when the search box is first used);
:func:`write_public_map` writes the folder, :func:`publish_html` one file with every piece
inside (a district's page).

On top of the map (``layers/static/public_map.js``, ``public_map.css``): a search for a village or
panchayat (:mod:`geo.spatial.search`'s rule, run in the page), and for the place chosen or
the device's location the nearest functional CSC, Aadhaar and PMGDISHA centre
(:func:`geo.spatial.places.nearest_centres`), listed with their distance and drawn as lines.
"""

from __future__ import annotations

import base64
import datetime as dt
import mimetypes
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import GeoInputError
from geo.formats import COMPASS, dates_line, format_bearing, format_date, name_digits
from geo.review.analysis import analyse
from geo.review.figures import PUBLIC_FIGURES
from geo.spatial.places import CITIZEN_KINDS, nearest_centres
from geo.spatial.search import FUZZY_MIN, FUZZY_TWO, STOP_WORDS
from geo.storage.identity import DistrictIdentity
from geo.storage.store import StoreData
from geo.text import t, texts
from layers.aadhaar import VILLAGE_BANDS
from layers.context import MapContext, map_context
from layers.folium_map import (
    SCALE_UNITS,
    MapOptions,
    build_map,
    delta_coded,
    front_coded,
    in_languages,
    layer_frames,
    map_html,
    property_keys,
)
from layers.markup import PageElement, escape_html, isolate, page_json, page_template
from layers.nearest import KIND_CLASSES
from layers.pieces import (
    AREA_COLUMN,
    LEVELS,
    OUTLINE_TOLERANCE_M,
    PANCHAYAT_TOLERANCE_M,
    Areas,
    group_areas,
    level_sources,
    piece_script,
    pieces_of,
    simplified_frames,
)
from layers.registry import LAYERS
from layers.selection import SELECTED
from layers.spec import LANGS, Lang, LayerSpec
from layers.static import asset, inline_script
from layers.view import View

__all__ = [
    "VENDOR_DIR",
    "PublicSite",
    "build_public_site",
    "compass_words",
    "inline_assets",
    "page_title",
    "public_specs",
    "publish_html",
    "write_public_map",
]

#: The vendored browser assets (``scripts/setup.sh`` installs them).
VENDOR_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor"
_ASSETS = "gp-inline-assets"  # placeholder asset base, replaced by inline content
#: The web fonts the public page carries: the Devanagari letters only. Latin text takes the device's own
#: sans-serif (every device has one; not every device has Devanagari); the Latin files would add 45 KB.
PUBLIC_FONTS = ("noto-sans-devanagari-devanagari-400-",)

#: The piece of the functional centres (one for the whole page): loaded when a place is chosen or the
#: device's location is asked for.
CENTRES_PIECE = "centres"
#: The folder of the pieces, beside ``index.html``.
PIECES_FOLDER = "pieces"
#: The piece of the villages' search index (their codes, names, panchayats and areas): loaded when the search box
#: is first used, on a page of more villages than :data:`INDEX_VILLAGES`.
PLACES_PIECE = "places"
#: The most villages whose search index the first load carries (a district's 1,100-2,500; a state's 32,000
#: are a piece of their own, :data:`PLACES_PIECE`). The panchayats' names are always in the first load.
INDEX_VILLAGES = 2500
#: The most panchayats and villages the page loads for one view: the pieces of the areas in view load when
#: the rows in view (an area's rows by the share of its box in view) are no more (a district's 120
#: panchayats and 1,400 villages load at once; a state's load as one zooms in).
PIECE_BUDGET = [400, 2500]

_UI = texts("public")
_LANG_NAMES = {code: t("language.name", code) for code in LANGS}


def public_specs() -> list[LayerSpec]:
    """The layers offered on the public page (``spec.public``), in drawing order."""
    return [spec for spec in LAYERS.values() if spec.public]


class PublicSite(NamedTuple):
    """The public page as files: ``index.html`` and, by name, the scripts of ``pieces/`` (:mod:`layers.pieces`)."""

    index: str
    pieces: dict[str, str]


def build_public_site(
    data: StoreData,
    *,
    view: View = View(),
    ctx: MapContext | None = None,
    published_on: dt.date | None = None,
    vendor_dir: str | os.PathLike[str] = VENDOR_DIR,
    inline: bool = False,
) -> PublicSite:
    """Build the public map page: its first load and its pieces.

    Parameters
    ----------
    data : StoreData
        The store's content; private fields never reach the page (the map
        context drops them, and only public layers and public fields are drawn).
    view : View
        The language shown first (both are in the page), the status date (``as_of``;
        default latest) and the Aadhaar reach threshold for the distance bands and gaps.
    ctx : MapContext, optional
        A context the caller already has for the view's ``as_of`` and ``aadhaar_km``.
    published_on : datetime.date, optional
        Date printed on the page; default today.
    vendor_dir : path-like
        Where Leaflet and the fonts are (default ``static/vendor``).
    inline : bool
        Every piece inside ``index.html``, loaded with it (one self-contained file, no
        ``pieces``); default: the pieces apart, loaded as the map needs them.

    Returns
    -------
    PublicSite
        ``index.html`` with every script, style, font and the first load's data inlined
        (the top-level outlines, the search index), and the pieces' scripts by name.

    Raises
    ------
    GeoInputError
        For an unknown language or missing vendored assets.
    """
    lang = view.lang
    if lang not in LANGS:
        msg = f"lang must be one of {LANGS}, got {lang!r}"
        raise GeoInputError(msg)
    vendor = _check_vendor(Path(vendor_dir))
    if ctx is None:
        ctx = map_context(analyse(data, as_of=view.as_of, aadhaar_km=view.aadhaar_km))
    published = published_on or dt.date.today()
    specs = public_specs()
    levels = level_sources(specs)
    frames = simplified_frames(
        layer_frames(ctx, specs),
        specs,
        {
            LAYERS["blocks"].source: OUTLINE_TOLERANCE_M,
            LAYERS["district"].source: OUTLINE_TOLERANCE_M,
            LAYERS[LEVELS["p"][0]].source: PANCHAYAT_TOLERANCE_M,
        },
    )
    fmap = build_map(
        ctx,
        specs,
        lang=lang,
        langs=LANGS,
        public=True,
        frames=frames,
        options=MapOptions(
            asset_base=_ASSETS,
            collapsed=True,
            fill_frame=True,
            legend_folded=True,
            coded_shapes=True,
            deferred=frozenset(source for sources in levels.values() for source in sources),
        ),
    )
    fmap.default_js = [*fmap.default_js, ("geodesic", f"{_ASSETS}/geographiclib/geographiclib-geodesic.min.js")]
    words, pieces = _page_data(ctx, frames, first=lang, published=published, inline=inline)
    page = _PublicPage(words, list(pieces.values()) if inline else [])
    fmap.add_child(page)
    fmap.get_root().title = escape_html(words["ui"][lang]["title"])
    document = map_html(fmap).replace("<html>", f'<html lang="{lang}" data-gp-lang="{lang}">', 1)
    index = inline_assets(document, vendor, fonts=PUBLIC_FONTS)
    return PublicSite(index=index, pieces={} if inline else pieces)


def publish_html(data: StoreData, **options: object) -> str:
    """The public map page as one self-contained HTML document: :func:`build_public_site` with every piece inline.

    For a district; a state's page is a folder (:func:`write_public_map`).
    """
    return build_public_site(data, inline=True, **options).index  # type: ignore[arg-type]


def write_public_map(folder: str | os.PathLike[str], data: StoreData, **options: object) -> Path:
    """Write :func:`build_public_site` as a folder: ``index.html`` and ``pieces/``; returns the folder.

    The folder is written beside its place and then moved there, so a reader never meets a
    half-written page; a folder of an earlier page is replaced.

    Raises
    ------
    GeoInputError
        If ``folder`` is a file or a folder that holds something else than a public page.
    """
    target = Path(folder)
    if target.exists() and not _is_public_page(target):
        what = "a file" if not target.is_dir() else "a folder that is not a published public page"
        msg = (
            f"{target} is {what}; publish writes a folder (index.html and pieces/) and would replace it — "
            "give a new folder name, e.g. --out public_map"
        )
        raise GeoInputError(msg)
    site = build_public_site(data, **options)  # type: ignore[arg-type]
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        (staging / PIECES_FOLDER).mkdir()
        (staging / "index.html").write_text(site.index, encoding="utf-8")
        for name, text in site.pieces.items():
            (staging / PIECES_FOLDER / f"{name}.js").write_text(text, encoding="utf-8")
        for path in (staging, staging / PIECES_FOLDER):
            path.chmod(0o755)  # readable by the web server, not a 0700 temporary folder
        if target.exists():
            _replace(target, staging)
        else:
            staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target


def _replace(target: Path, staging: Path) -> None:
    """Move ``staging`` to ``target``, an earlier page; if that fails, the earlier page is put back."""
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    target.rename(old / target.name)
    try:
        staging.rename(target)
    except OSError:
        (old / target.name).rename(target)
        raise
    finally:
        if not (old / target.name).exists() or target.exists():
            shutil.rmtree(old, ignore_errors=True)


def _is_public_page(folder: Path) -> bool:
    """Whether ``folder`` holds a page :func:`write_public_map` wrote (and nothing else)."""
    return folder.is_dir() and {p.name for p in folder.iterdir()} <= {"index.html", PIECES_FOLDER}


def inline_assets(
    document: str, vendor_dir: str | os.PathLike[str] = VENDOR_DIR, *, fonts: tuple[str, ...] | None = None
) -> str:
    """Replace the map's links to vendored assets with their content.

    ``<script src=".../leaflet.js">`` becomes an inline script, ``<link href=...css>``
    an inline ``<style>`` whose ``url(...)`` references (images, fonts) become
    ``data:`` URLs. With ``fonts`` (file name starts, e.g. :data:`PUBLIC_FONTS`),
    only the ``@font-face`` rules of those files are kept.

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
        if fonts is not None:
            css = re.sub(
                r"(/\*[^*]*\*/\s*)?@font-face\s*\{[^}]*\}",
                lambda rule: rule.group(0) if any(f"url(./{start}" in rule.group(0) for start in fonts) else "",
                css,
            )
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
    for part in (
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "fonts/fonts.css",
        "geographiclib/geographiclib-geodesic.min.js",
    ):
        _read_asset(vendor / part)
    return vendor


class _PublicPage(PageElement):
    """The page's own controls (``layers/static/public_map.js``, ``public_map.css``) and the data they read.

    ``data`` holds, per language, the interface's words; the places
    (:func:`geo.spatial.places.nearest_centres`: names, the block or panchayat they are in,
    the area whose pieces hold them; past :data:`INDEX_VILLAGES` villages, theirs are the piece
    :data:`PLACES_PIECE`); the areas (bounds, how many panchayats and villages)
    and where their pieces are; the search rule's constants. The functional centres (kind,
    id, names, opening date, position) are a piece of their own (:data:`CENTRES_PIECE`), and
    each place's point and nearest
    centres (per kind the centre's position in ``centres`` and its distance in metres, -1
    where none) come with the piece that holds it. ``pieces`` are the pieces' scripts when
    they are inline. Names reach the page as JSON and are inserted as text, never as HTML.
    """

    _template = page_template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
        "{% macro script(this, kwargs) %}var gpPublic = {{ this.words|js }};\n"
        "var gpMapObject = {{ this._parent.get_name() }};\n{{ this.js }}{{ this.pieces }}{% endmacro %}"
    )

    def __init__(self, words: dict[str, object], pieces: list[str]) -> None:
        super().__init__()
        self._name = "PublicPage"
        self.css = asset("public_map.css")
        self.js = inline_script("public_map.js")
        self.words = words
        self.pieces = "".join(pieces)


def runs(values: list[int]) -> list[int]:
    """Numbers as [value, how many times in a row, …]: the places of one panchayat or area follow each other.

    The page expands them again (``runsDecoded`` in ``public_map.js``).

    Examples
    --------
    >>> runs([4, 4, 4, 7, 4])
    [4, 3, 7, 1, 4, 1]
    """
    coded: list[int] = []
    for value in values:
        if coded and coded[-2] == value:
            coded[-1] += 1
        else:
            coded += [value, 1]
    return coded


def _texts(values: list[str]) -> dict[str, list]:
    """Texts as the page reads them: ``{"front": …}`` where front coding saves, else ``{"plain": …}``."""
    coded = front_coded(values)
    return {"plain": values} if coded is None else {"front": coded}


def _codes(values: list[str]) -> dict[str, list]:
    """Codes as the page reads them: ``{"steps": …}`` from one number to the next, else as :func:`_texts`.

    Steps where every code is a whole number written plainly (no leading zero, at most 15
    digits: exact in JavaScript): sorted codes differ by little.

    Examples
    --------
    >>> _codes(["990101", "990102", "990201"]), _codes(["0101", "x"])
    ({'steps': [990101, 1, 99]}, {'plain': ['0101', 'x']})
    """
    if values and all(re.fullmatch(r"[1-9][0-9]{0,14}", value) for value in values):
        numbers = [int(value) for value in values]
        return {"steps": [numbers[0]] + [b - a for a, b in zip(numbers, numbers[1:], strict=False)]}
    return _texts(values)


def compass_words(lang: Lang) -> list[str]:
    """The page's directions in ``lang``, point by point of :data:`geo.formats.COMPASS` (the page picks by number).

    Examples
    --------
    >>> compass_words("en")[:3]
    ['↑ north', '↗ north-east', '→ east']
    """
    return [format_bearing(45.0 * number, lang) for number in range(len(COMPASS))]


def page_title(identity: DistrictIdentity, lang: Lang) -> str:
    """The page's title in ``lang``: the district's, or on a store of several districts the state's and how many.

    Examples
    --------
    >>> page_title(DistrictIdentity(name="Nala"), "en")
    'Nala district: panchayat services and connectivity'
    >>> page_title(DistrictIdentity.of_districts(2, state="Jharkhand"), "en")
    'Jharkhand, 2 districts: panchayat services and connectivity'
    >>> page_title(DistrictIdentity.of_districts(3), "en")
    'State (3 districts): panchayat services and connectivity'
    """
    if identity.districts <= 1:
        return _UI["title"](lang).format(district=isolate(identity.label(lang)))
    state = identity.state_label(lang)
    if not state:  # "State (3 districts)"
        return t("public_title.districts", lang, districts=isolate(identity.label(lang)))
    districts = t("store.districts", lang, count=identity.districts)
    return t("public_title.state", lang, state=isolate(state), districts=districts)


def _as_of(date: str | None, lang: Lang) -> str:
    """The text "Status as of 10 Dec 2020", or that no dated report is recorded yet."""
    return dates_line(None, None, lang) if date is None else _UI["as_of"](lang).format(date=format_date(date, lang))


def _shown(names: pd.Series, lang: Lang) -> list[str]:
    """Names as the page shows them in ``lang`` (:func:`geo.formats.name_digits`), empty where none is recorded.

    The page searches them too: the search reads any digits, so nothing is lost.
    """
    return [name_digits(str(name), lang) for name in names.fillna("")]


def _page_data(
    ctx: MapContext, frames: dict[str, gpd.GeoDataFrame], *, first: Lang, published: dt.date, inline: bool
) -> tuple[dict[str, object], dict[str, str]]:
    """What ``public_map.js`` reads (see :class:`_PublicPage`), and the pieces' scripts by name."""
    analysis = ctx.analysis
    west, south, east, north = (float(v) for v in ctx.district.total_bounds)
    words = {code: {key: text(code) for key, text in _UI.items()} for code in LANGS}
    for code in LANGS:
        words[code]["title"] = page_title(ctx.identity, code)
        words[code]["km"] = SCALE_UNITS[code][1]
        for cls in KIND_CLASSES:
            words[code][f"kind_{cls.value}"] = cls.label(code)
        words[code]["toward"] = compass_words(code)
    figures = analysis.figures
    about = (
        f"<summary>{in_languages(_UI['about'], LANGS)}</summary>"
        f"<p>{in_languages({c: _as_of(analysis.date, c) for c in LANGS}, LANGS)}"
        "</p><dl class='gp-figures'>"
        + "".join(
            f"<dt>{in_languages({c: figures.title(key, c) for c in LANGS}, LANGS)}</dt>"
            f"<dd>{in_languages({c: figures.text(key, c) for c in LANGS}, LANGS)}</dd>"
            for key in PUBLIC_FIGURES
        )
        + "</dl><p>"
        + in_languages({c: _UI["note"](c).format(date=format_date(published, c)) for c in LANGS}, LANGS)
        + "</p>"
    )
    places = nearest_centres(analysis.panchayats, analysis.villages, analysis.services)
    services = analysis.services
    centres = services[services["functional"].fillna(False).astype(bool) & services["kind"].isin(CITIZEN_KINDS)]
    position = {str(sid): i for i, sid in enumerate(centres["id"])}
    near = {}
    for kind in CITIZEN_KINDS:  # centre's position, whole metres (geo's geodesic, within 0.5 m)
        pairs = []
        for sid, metres in zip(places[f"{kind}_id"], places[f"{kind}_dist_m"], strict=True):
            found = not pd.isna(sid) and str(sid) in position
            pairs.append((position[str(sid)], round(float(metres))) if found else (-1, -1))
        near[kind] = pairs
    # Opening dates ship once each per language; a date reads the same in every language's list position.
    opened = {code: ["" if pd.isna(v) else format_date(v, code) for v in centres["opened"]] for code in LANGS}
    dates = {code: list(dict.fromkeys(texts)) for code, texts in opened.items()}
    date_number = {text: i for i, text in enumerate(dates["en"])}
    colours = {cls.value: cls.color for cls in KIND_CLASSES}
    areas = group_areas(_area_frames(frames), AREA_COLUMN)
    place_of, area_of = _place_rows(places, frames, areas)
    pieces = _pieces(frames, areas, place_of, near, places.geometry)
    table = {  # the centres' piece: what the card and "nearest to me" read
        "kind": runs([CITIZEN_KINDS.index(kind) for kind in centres["kind"]]),  # numbers into "kinds"
        "id": _texts(centres["id"].astype(str).tolist()),
        "name": _texts(_shown(centres["name"], "en")),
        "name_hi": _texts(_shown(centres["name_hi"], "hi")),
        "opened": [date_number[text] for text in opened["en"]],
        "dates": dates,
        "dxy": delta_coded([v for p in centres.geometry for v in (p.y, p.x)], 6),  # 0.1 m: measured from
    }
    pieces[CENTRES_PIECE] = f"gpPiece({page_json(CENTRES_PIECE)}, {page_json(table)});\n"
    n_panchayats = int((places["kind"] == "panchayat").sum())
    first_places = n_panchayats if len(places) - n_panchayats > INDEX_VILLAGES else len(places)
    if first_places < len(places):
        villages = _place_table(places.iloc[first_places:], area_of[first_places:])
        pieces[PLACES_PIECE] = f"gpPiece({page_json(PLACES_PIECE)}, {page_json(villages)});\n"
    return {
        "ui": words,
        "title_html": in_languages({c: words[c]["title"] for c in LANGS}, LANGS),
        "ui_html": {key: in_languages(_UI[key], LANGS) for key in ("search_label", "locate")},
        "about_html": about,
        "langs": [[code, _LANG_NAMES[code]] for code in LANGS],
        "first": first,
        "selected": SELECTED,
        "village_layer": VILLAGE_BANDS.name,
        "bounds": [[round(south, 5), round(west, 5)], [round(north, 5), round(east, 5)]],
        "kinds": [[kind, colours[kind], LAYERS[kind].resolved_style()["marker"] or "circle"] for kind in CITIZEN_KINDS],
        "search": {"stop": sorted(STOP_WORDS), "fuzzy_min": FUZZY_MIN, "fuzzy_two": FUZZY_TWO},
        "places": {
            "n_panchayats": n_panchayats,
            **_place_table(places.iloc[:first_places], area_of[:first_places]),
        },
        "areas": _areas_data(frames, areas),
        "pieces": {
            "folder": None if inline else f"{PIECES_FOLDER}/",
            "layers": {
                source: [spec.name for spec in members]
                for sources in level_sources(public_specs()).values()
                for source, members in sources.items()
            },
            "places": {level: next(iter(sources)) for level, sources in level_sources(public_specs()).items()},
            "order": [spec.name for spec in public_specs()],
            "budget": PIECE_BUDGET,
            "centres": CENTRES_PIECE,
            "index": PLACES_PIECE if first_places < len(places) else None,
        },
    }, pieces


def _place_table(places: pd.DataFrame, area_of: list[int]) -> dict[str, object]:
    """Places (rows of :func:`geo.spatial.places.nearest_centres`) as the search reads them.

    Their codes, names as shown, the block or panchayat each is in (``within``: numbers into
    ``within_names``, the distinct pairs of English and Hindi names, in order) and the area
    whose pieces hold each (``area_of``, one per row); numbers as :func:`runs`.
    """
    pairs = list(zip(places["within"], places["within_hi"], strict=True))
    within = list(dict.fromkeys(pairs))
    number = {pair: i for i, pair in enumerate(within)}
    return {
        "code": _codes(places["code"].astype(str).tolist()),
        "name": _texts(_shown(places["name"], "en")),
        "name_hi": _texts(_shown(places["name_hi"], "hi")),
        "within": runs([number[pair] for pair in pairs]),
        "within_names": {
            "en": _texts([name_digits(en, "en") for en, _ in within]),
            "hi": _texts([name_digits(hi, "hi") for _, hi in within]),
        },
        "area": runs(area_of),
    }


def _place_rows(
    places: gpd.GeoDataFrame, frames: dict[str, gpd.GeoDataFrame], areas: Areas
) -> tuple[dict[str, np.ndarray], list[int]]:
    """Per level, the place number of each row of its frame (-1: not a place); and each place's area number.

    A panchayat is its ``lgd_code`` in the panchayats' frame, a village its ``census_code`` in the villages'.
    """
    code_column = {"p": "lgd_code", "v": "census_code"}
    kind = {"p": "panchayat", "v": "village"}
    place_of: dict[str, np.ndarray] = {}
    area_of = np.full(len(places), -1)
    for level, (frame_name, *_) in LEVELS.items():
        number = {code: i for i, code in places.loc[places["kind"] == kind[level], "code"].astype(str).items()}
        rows = np.array([number.get(str(code), -1) for code in frames[frame_name][code_column[level]]], dtype=int)
        place_of[level] = rows
        found = rows >= 0
        area_of[rows[found]] = areas.of[frame_name][found]
    return place_of, [int(v) for v in area_of]


def _pieces(
    frames: dict[str, gpd.GeoDataFrame],
    areas: Areas,
    place_of: dict[str, np.ndarray],
    near: dict[str, list[tuple[int, int]]],
    points: gpd.GeoSeries,
) -> dict[str, str]:
    """The pieces' scripts by name (:func:`layers.pieces.piece_script`), with their places and nearest centres.

    ``place`` gives each row of the level's places (its first source) its place number (-1: none);
    ``near`` (per kind) and ``dxy`` (the point measured from, :func:`layers.folium_map.delta_coded`
    lat, lon) those places' values, in that order.
    """
    levels = level_sources(public_specs())
    keys = {
        source: property_keys(members, frames, langs=LANGS, public=True)
        for sources in levels.values()
        for source, members in sources.items()
    }
    scripts = {}
    for piece in pieces_of(areas):
        rows = place_of[piece.level][piece.rows[LEVELS[piece.level][0]]]
        found = rows[rows >= 0]
        extra = {
            "place": [int(i) for i in rows],
            "near": {kind: [v for i in found for v in pairs[i]] for kind, pairs in near.items()},
            "dxy": delta_coded([v for p in points.iloc[found] for v in (p.y, p.x)], 5),
        }
        scripts[piece.name] = piece_script(piece, levels[piece.level], frames, keys=keys, langs=LANGS, extra=extra)
    return scripts


def _area_frames(frames: dict[str, gpd.GeoDataFrame]) -> dict[str, gpd.GeoDataFrame]:
    """The frames of the pieces' layers, each with :data:`layers.pieces.AREA_COLUMN`.

    A centre takes the area of the panchayat it is in (none recorded: an area of its own).
    """
    panchayats = frames[LEVELS["p"][0]]
    area_of = dict(zip(panchayats["lgd_code"].astype(str), panchayats[AREA_COLUMN], strict=True))
    out = {}
    for names in LEVELS.values():
        for name in names:
            frame = frames[name]
            if AREA_COLUMN not in frame:
                frame = frame.assign(**{AREA_COLUMN: frame["panchayat_lgd"].astype(str).map(area_of)})
            out[name] = frame
    return out


def _areas_data(frames: dict[str, gpd.GeoDataFrame], areas: Areas) -> dict[str, list]:
    """Per area: its bounds ([south, west, north, east], degrees), places per level, levels it has pieces of."""
    bounds, counts = [], []
    has = {piece.name for piece in pieces_of(areas)}
    for number in range(len(areas.keys)):
        shapes = pd.concat([frames[name].geometry[areas.of[name] == number] for name in areas.of])
        west, south, east, north = (round(float(v), 5) for v in shapes.total_bounds)
        bounds.append([south, west, north, east])
        counts.append([int((areas.of[names[0]] == number).sum()) for names in LEVELS.values()])
    levels = [[level for level in LEVELS if f"a{number}{level}" in has] for number in range(len(areas.keys))]
    return {"bounds": bounds, "count": counts, "has": ["".join(found) for found in levels]}
