"""The import kinds, one declaration each: what a kind reads and writes, its columns, its options, its words.

Every face is generated from this registry: the command line's ``import KIND`` subcommands
(:mod:`cli.imports`), the Data page's import choices and option widgets (:mod:`ui.data`), who
may import a kind (:func:`geo.storage.accounts.may_import`), the column roles looked for
(:mod:`geo.importing.columns`), :func:`geo.importing.import_file`, and the table of import kinds in
``docs/importing.md`` (``python -m geo.importing`` rewrites it; ``--check`` says whether it is
current). Adding a kind is one :class:`ImportKind` passed to :func:`register` (a
built-in kind: one more entry in :data:`_BUILT_IN`) and its import function.

This module imports only ``geo``; the faces import it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from geo.errors import GeoInputError
from geo.importing.boundaries import import_boundaries
from geo.importing.certificates import import_certificates
from geo.importing.columns import KIND_ROLES, KIND_SPELLINGS
from geo.importing.inspections import import_inspections
from geo.importing.network import import_roads, import_water
from geo.importing.options import BoundaryOptions, ServiceOptions, StatusOptions, VillageOptions
from geo.importing.result import ImportResult
from geo.importing.services import import_services
from geo.importing.status import import_status
from geo.importing.villages import import_villages
from geo.spatial.placement import BORDER_KM
from geo.storage.schema import SERVICE_KINDS

__all__ = [
    "Words",
    "Widget",
    "Option",
    "ImportKind",
    "import_kind",
    "import_kinds",
    "kind_names",
    "register",
    "registered",
    "kinds_table",
]


@dataclass(frozen=True)
class Words:
    """A text in English and Hindi."""

    en: str
    hi: str

    def __call__(self, lang: str) -> str:
        """The text in ``lang`` (``"en"`` or ``"hi"``)."""
        return self.hi if lang == "hi" else self.en


@dataclass(frozen=True)
class Widget:
    """How the Data page shows an option.

    Attributes
    ----------
    kind : str
        ``checkbox``, ``select`` (of the option's choices), ``number``, ``layer`` (the file's
        layer, when it has several), ``service_kind``, ``district`` (the district's name in
        both languages), ``date`` (a sheet's as-of date) or ``removal`` (the tick a large
        removal asks for, under the change it confirms).
    key : str
        The widget's key under the file's own (``{kind}:{file}:{key}``).
    label : Words, optional
        Its label (the widgets with their own words have none).
    bounds : tuple of float, optional
        A number's minimum, maximum and step.
    """

    kind: str
    key: str
    label: Words | None = None
    bounds: tuple[float, float, float] | None = None


@dataclass(frozen=True)
class Option:
    """One option of an import kind: a keyword of its import function, on the command line and the Data page.

    Attributes
    ----------
    name : str
        The option's name: a field of the kind's own options or of
        :class:`geo.importing.options.ImportOptions` (``swap_latlon``); options with the same
        ``part_of`` make one together (the district's name, code and counts make ``district``).
    flag : str, optional
        Its spelling on the command line (``--swap-latlon``); None: not on the command line.
    help : Words, optional
        What it does (the command line's help is the English).
    type : callable, optional
        The value's type on the command line; ``bool`` is a flag that is on when given.
    default, choices, metavar, dest, required
        As ``argparse.add_argument`` takes them (``dest`` when it differs from the flag).
    group : str, optional
        The heading of the command line's option group it belongs to.
    widget : Widget, optional
        How the Data page shows it; None: not on the Data page.
    choice_labels : mapping, optional
        Each choice's words on the Data page.
    part_of : str, optional
        The keyword this option is a part of.
    """

    name: str
    flag: str | None = None
    help: Words | None = None
    type: Callable[[str], object] | None = None
    default: object = None
    choices: tuple[str, ...] | None = None
    metavar: str | None = None
    dest: str | None = None
    required: bool = False
    group: str | None = None
    widget: Widget | None = None
    choice_labels: Mapping[str, Words] | None = None
    part_of: str | None = None


@dataclass(frozen=True)
class ImportKind:
    """One kind of file an import brings in.

    Attributes
    ----------
    name : str
        The kind (``import NAME`` on the command line).
    help : Words
        One line: what the file holds (``import --help`` shows the English).
    label : Words
        Its choice on the Data page.
    files : str
        The file formats it reads, for the docs.
    writes : tuple of str
        The store layers it writes.
    run : callable
        The import function: ``run(store, path, options) -> ImportResult``, ``options`` an
        :class:`geo.importing.options.ImportOptions`; a kind with options of its own takes
        them as ``run(store, path, options, own=...)``, an ``own`` instance.
    roles : tuple of str
        The column roles it recognises, required ones first; empty: the file's columns are its
        own (an ODK form's) and there is no column mapping.
    spellings : mapping
        The headers that mean a role for this kind only (other roles: :data:`geo.importing.columns.ROLES`).
    options : tuple of Option
        Its options, in the command line's order.
    own : type, optional
        The frozen dataclass of its own options (:mod:`geo.importing.options`); each
        option's name is a field of it or of :class:`geo.importing.options.ImportOptions`.
        None: it has none of its own.
    spatial : bool
        Read from a GIS file (features, a layer to choose), not a table.
    located : bool
        Its rows have a place: a CRS to state and a layer whose large removals need confirming
        (False: a sheet appended to the history).
    needs_store : bool
        Refused into a store that does not exist yet.
    block_editors : bool
        A block office's editor may import it (for its blocks).
    role_flags : mapping
        The command line's ``--ROLE-col`` options under the name this kind gives the role
        (``code`` -> ``census_code``).
    refused_roles : tuple of str
        The ``--ROLE-col`` options this kind's file cannot have.
    refusal : str
        Why (``{flags}`` names the options given), when the file carries its geometry.
    row_noun : str
        What one row of its file is, for messages.
    """

    name: str
    help: Words
    label: Words
    files: str
    writes: tuple[str, ...]
    run: Callable[..., ImportResult]
    roles: tuple[str, ...] = ()
    spellings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    options: tuple[Option, ...] = ()
    own: type | None = None
    spatial: bool = False
    located: bool = True
    needs_store: bool = True
    block_editors: bool = False
    role_flags: Mapping[str, str] = field(default_factory=dict)
    refused_roles: tuple[str, ...] = ()
    refusal: str = ""
    row_noun: str = "row"


_CHECKBOX = "checkbox"
_LAYER = Option(
    "layer",
    "--layer",
    Words("the layer, when the file has several", "फ़ाइल में कई परतें हों तो परत"),
    metavar="NAME",
    widget=Widget("layer", "layer", Words("Layer", "परत")),
)
_CONFIRM_REMOVAL = Option(
    "confirm_removal",
    "--confirm-removal",
    Words(
        "allow an import that removes more than 5%% of a layer's rows or people",
        "ऐसा आयात होने दें जो किसी परत की 5% से अधिक पंक्तियाँ या लोग हटाता है",
    ),
    type=bool,
    widget=Widget("removal", "confirm_removal"),
)
_SWAP = Option(
    "swap_latlon",
    "--swap-latlon",
    Words("the file's latitude/longitude are swapped", "फ़ाइल के अक्षांश/देशांतर आपस में बदले हुए हैं"),
    type=bool,
    widget=Widget(
        _CHECKBOX,
        "swap",
        Words("Latitude and longitude are swapped in the file", "फ़ाइल में अक्षांश और देशांतर आपस में बदले हुए हैं"),
    ),
)
_REPLACE = Option(
    "replace",
    "--replace",
    Words(
        "make the layer exactly the file (default: add new codes, update known ones, keep the rest)",
        "परत को ठीक यही फ़ाइल बनाएँ (सामान्यतः: नए कोड जोड़ें, मौजूदा बदलें, बाकी रखें)",
    ),
    type=bool,
    widget=Widget(
        _CHECKBOX,
        "replace",
        Words(
            "Replace: make the layer exactly this file (default: add new codes, update known ones, keep the rest)",
            "बदलें: परत को ठीक यही फ़ाइल बनाएँ (सामान्यतः: नए कोड जोड़ें, मौजूदा बदलें, बाकी रखें)",
        ),
    ),
)
_DISTRICT = "the district (default: the file's district_name/district_code columns)"
_DISTRICT_OPTIONS = (
    Option(
        "strict",
        "--strict",
        Words(
            "repair nothing: refuse invalid polygons and any overlap (default: repair them and list each repair)",
            "कुछ भी न सुधारें: अमान्य बहुभुज और हर ओवरलैप अस्वीकार करें (सामान्यतः सुधारें और हर सुधार बताएँ)",
        ),
        type=bool,
        widget=Widget(
            _CHECKBOX,
            "strict",
            Words(
                "Strict: repair nothing — refuse invalid polygons and any overlap (by default they are "
                "repaired and each repair is listed)",
                "सख़्त: कुछ भी न सुधारें — अमान्य बहुभुज और हर ओवरलैप अस्वीकार करें (सामान्यतः इन्हें सुधारा "
                "जाता है और हर सुधार सूचीबद्ध होता है)",
            ),
        ),
    ),
    Option(
        "name",
        "--district-name",
        Words("the district's name in English", "ज़िले का नाम अंग्रेज़ी में"),
        metavar="NAME",
        group=_DISTRICT,
        widget=Widget("district", "district_name"),
        part_of="district",
    ),
    Option(
        "name_hi",
        "--district-name-hi",
        Words("the district's name in Hindi", "ज़िले का नाम हिन्दी में"),
        metavar="NAME",
        group=_DISTRICT,
        part_of="district",
    ),
    Option(
        "state",
        "--state",
        Words("the state's name", "राज्य का नाम"),
        metavar="NAME",
        group=_DISTRICT,
        part_of="district",
    ),
    Option(
        "code",
        "--district-code",
        Words("the district's LGD code", "ज़िले का एलजीडी कोड"),
        metavar="CODE",
        group=_DISTRICT,
        part_of="district",
    ),
    Option(
        "expected_panchayats",
        "--expected-panchayats",
        Words(
            "how many gram panchayats the district has (validation compares)",
            "ज़िले में कितनी ग्राम पंचायतें हैं (जाँच मिलान करती है)",
        ),
        type=int,
        metavar="N",
        group=_DISTRICT,
        part_of="district",
    ),
    Option(
        "expected_blocks",
        "--expected-blocks",
        Words("how many blocks it has", "उसमें कितने प्रखंड हैं"),
        type=int,
        metavar="N",
        group=_DISTRICT,
        part_of="district",
    ),
)
#: A sheet of figures has no coordinates; a GIS layer carries its geometry.
_SHEET_REFUSES = ("lat", "lon", "wkt", "population", "name_hi")
_NETWORK_REFUSAL = (
    "{flags}: not for a {kind} file (it carries its geometry); map the {role} with --col {role}=COLUMN "
    "and the id with --code-col"
)
_NETWORK_FILES = "GeoPackage, GeoJSON, zipped Shapefile"

_BUILT_IN = (
    ImportKind(
        "boundaries",
        Words(
            "panchayat/block/district polygons (GeoJSON, zipped Shapefile, GeoPackage, KML)",
            "पंचायत/प्रखंड/ज़िले के बहुभुज (GeoJSON, ज़िप की हुई Shapefile, GeoPackage, KML)",
        ),
        Words(
            "Boundaries — panchayat, block or district polygons: GeoJSON, zipped Shapefile, GeoPackage, KML",
            "सीमाएँ — पंचायत, प्रखंड या जिले के बहुभुज: GeoJSON, ज़िप की हुई Shapefile, GeoPackage, KML",
        ),
        "GeoJSON, zipped Shapefile, GeoPackage, KML",
        ("panchayats", "blocks", "district"),
        import_boundaries,
        roles=KIND_ROLES["boundaries"],
        own=BoundaryOptions,
        options=(
            _LAYER,
            Option(
                "level",
                "--level",
                choices=("panchayat", "block", "district"),
                default="panchayat",
                widget=Widget("select", "level", Words("Level", "स्तर")),
                choice_labels={
                    "panchayat": Words("Panchayat", "पंचायत"),
                    "block": Words("Block", "प्रखंड"),
                    "district": Words("District", "जिला"),
                },
            ),
            _CONFIRM_REMOVAL,
            *_DISTRICT_OPTIONS,
        ),
        spatial=True,
        needs_store=False,
        refused_roles=("population", "lat", "lon", "wkt"),
        refusal="--lat-col/--lon-col/--wkt-col do not apply to boundaries (they carry their geometry)",
    ),
    ImportKind(
        "villages",
        Words("villages from CSV/XLSX with WKT or latitude/longitude", "WKT या अक्षांश/देशांतर वाली CSV/XLSX से गाँव"),
        Words(
            "Villages — CSV/XLSX with a WKT column or latitude/longitude", "गाँव — WKT कॉलम या अक्षांश/देशांतर वाली CSV/XLSX"
        ),
        "CSV/XLSX with WKT or latitude/longitude",
        ("villages", "panchayats"),
        import_villages,
        roles=KIND_ROLES["villages"],
        own=VillageOptions,
        options=(
            _SWAP,
            _REPLACE,
            _CONFIRM_REMOVAL,
            Option(
                "dissolve_to_panchayats",
                "--dissolve-to-panchayats",
                Words("build panchayat polygons from the village polygons", "गाँवों के बहुभुजों से पंचायत बहुभुज बनाएँ"),
                type=bool,
                widget=Widget(
                    _CHECKBOX,
                    "dissolve",
                    Words("Build panchayat polygons from the village polygons", "गाँवों के बहुभुजों से पंचायत बहुभुज बनाएँ"),
                ),
            ),
            Option(
                "keep_duplicate_codes",
                "--keep-duplicate-codes",
                Words(
                    "no longer needed: a village drawn in several parts (same code, name and panchayat) is "
                    "joined without it",
                    "अब ज़रूरी नहीं: कई भागों में बना गाँव (वही कोड, नाम और पंचायत) इसके बिना जोड़ा जाता है",
                ),
                type=bool,
            ),
            *_DISTRICT_OPTIONS,
        ),
        needs_store=False,
        role_flags={"code": "census_code", "name": "village_name"},
    ),
    ImportKind(
        "services",
        Words(
            "service points of one kind from CSV/XLSX with latitude/longitude",
            "अक्षांश/देशांतर वाली CSV/XLSX से एक प्रकार के सेवा केंद्र",
        ),
        Words(
            "Service points — one kind: CSV/XLSX with latitude/longitude",
            "सेवा केंद्र — एक प्रकार के: अक्षांश/देशांतर वाली CSV/XLSX",
        ),
        "CSV/XLSX with latitude/longitude",
        ("service_points",),
        import_services,
        roles=KIND_ROLES["services"],
        spellings=KIND_SPELLINGS["services"],
        own=ServiceOptions,
        options=(
            _SWAP,
            _REPLACE,
            _CONFIRM_REMOVAL,
            Option(
                "kind",
                "--kind",
                choices=SERVICE_KINDS,
                dest="service_kind",
                required=True,
                widget=Widget("service_kind", "kind"),
            ),
            Option(
                "border_km",
                "--border-km",
                Words(
                    "keep points outside the district up to KM from its border, as serving border villages "
                    f"(default {BORDER_KM:g}); points in no panchayat inside it are always kept",
                    "ज़िले के बाहर, उसकी सीमा से KM तक के केंद्र सीमा के गाँवों की सेवा के लिए रखें "
                    f"(सामान्यतः {BORDER_KM:g}); भीतर के किसी पंचायत में न पड़ने वाले केंद्र सदा रखे जाते हैं",
                ),
                type=float,
                default=BORDER_KM,
                metavar="KM",
                widget=Widget(
                    "number",
                    "border_km",
                    Words(
                        "Keep points outside the district up to this far from its border (km)",
                        "ज़िले की सीमा से इतनी दूरी (कि.मी.) तक बाहर के केंद्र रखें",
                    ),
                    bounds=(0.0, 200.0, 5.0),
                ),
            ),
        ),
        role_flags={"code": "id"},
        refused_roles=("population",),
    ),
    ImportKind(
        "status",
        Words(
            "a review sheet: one row per panchayat, status columns, an as-of date",
            "समीक्षा पत्रक: हर पंचायत की एक पंक्ति, स्थिति के कॉलम, तिथि",
        ),
        Words(
            "Review sheet — one row per panchayat, status columns, an as-of date",
            "समीक्षा पत्रक — हर पंचायत की एक पंक्ति, स्थिति के कॉलम, तिथि",
        ),
        "CSV/XLSX",
        ("status_events",),
        import_status,
        roles=KIND_ROLES["status"],
        spellings=KIND_SPELLINGS["status"],
        own=StatusOptions,
        options=(
            Option(
                "as_of",
                "--as-of",
                Words(
                    "the date the sheet's statuses held (day first: 12.11.2020), for the rows without a date "
                    "of their own; needed when the sheet has no date column",
                    "वह तिथि जब पत्रक की स्थितियाँ थीं (पहले दिन: 12.11.2020), बिना अपनी तिथि वाली पंक्तियों के "
                    "लिए; पत्रक में तिथि का कॉलम न हो तो ज़रूरी",
                ),
                metavar="DATE",
                widget=Widget("date", "as_of"),
            ),
        ),
        located=False,
        block_editors=True,
        role_flags={"code": "panchayat_code", "name": "panchayat_name"},
        refused_roles=_SHEET_REFUSES,
    ),
    ImportKind(
        "certificates",
        Words(
            "a JharSewa report: block, certificate type, as-of date, received, disposed, pending",
            "झारसेवा रिपोर्ट: प्रखंड, प्रमाण पत्र का प्रकार, तिथि, प्राप्त, निष्पादित, लंबित",
        ),
        Words(
            "JharSewa report — per block and certificate type: received, disposed, pending, a date",
            "झारसेवा रिपोर्ट — प्रखंड और प्रमाण पत्र के प्रकार अनुसार: प्राप्त, निष्पादित, लंबित, तिथि",
        ),
        "CSV/XLSX",
        ("certificates",),
        import_certificates,
        roles=KIND_ROLES["certificates"],
        located=False,
        block_editors=True,
        role_flags={"code": "block_code"},
        refused_roles=_SHEET_REFUSES,
    ),
    ImportKind(
        "inspections",
        Words(
            "the inspection form's submissions, exported from ODK Central (CSV) or KoboToolbox (XLSX)",
            "निरीक्षण फ़ॉर्म की प्रविष्टियाँ, ODK Central (CSV) या KoboToolbox (XLSX) से",
        ),
        Words(
            "Field inspections — the inspection form's submissions from ODK Central (CSV) or KoboToolbox (XLSX)",
            "क्षेत्र निरीक्षण — निरीक्षण फ़ॉर्म की प्रविष्टियाँ, ODK Central (CSV) या KoboToolbox (XLSX) से",
        ),
        "ODK Central CSV, KoboToolbox XLSX or CSV",
        ("inspections",),
        import_inspections,
        located=False,
        block_editors=True,
        row_noun="submission",
    ),
    ImportKind(
        "roads",
        Words(
            "the road network, replacing the store's (GeoPackage, GeoJSON, zipped Shapefile; e.g. an "
            "OpenStreetMap extract with 'highway' or 'fclass')",
            "सड़क जाल, स्टोर की सड़कों के स्थान पर (GeoPackage, GeoJSON, ज़िप की हुई Shapefile; जैसे 'highway' या "
            "'fclass' वाला OpenStreetMap का अंश)",
        ),
        Words(
            "Roads — the whole network as lines, replacing the store's: GeoPackage, GeoJSON, zipped Shapefile "
            "(e.g. an OpenStreetMap extract)",
            "सड़कें — पूरा सड़क जाल रेखाओं के रूप में, स्टोर की सड़कों के स्थान पर: GeoPackage, GeoJSON, ज़िप की "
            "हुई Shapefile (जैसे OpenStreetMap का अंश)",
        ),
        _NETWORK_FILES,
        ("roads",),
        import_roads,
        roles=KIND_ROLES["roads"],
        spellings=KIND_SPELLINGS["roads"],
        options=(_LAYER, _CONFIRM_REMOVAL),
        spatial=True,
        role_flags={"code": "id"},
        refused_roles=("population", "block", "lat", "lon", "wkt", "name_hi"),
        refusal=_NETWORK_REFUSAL.replace("{role}", "highway"),
    ),
    ImportKind(
        "water",
        Words(
            "rivers, reservoirs and ponds as polygons, replacing the store's (GeoPackage, GeoJSON, zipped Shapefile)",
            "नदियाँ, जलाशय और तालाब बहुभुज के रूप में, स्टोर के स्थान पर (GeoPackage, GeoJSON, ज़िप की हुई Shapefile)",
        ),
        Words(
            "Water — rivers, reservoirs, ponds as polygons, replacing the store's: GeoPackage, GeoJSON, zipped "
            "Shapefile",
            "जल — नदियाँ, जलाशय, तालाब बहुभुज के रूप में, स्टोर के स्थान पर: GeoPackage, GeoJSON, ज़िप की हुई Shapefile",
        ),
        _NETWORK_FILES,
        ("water",),
        import_water,
        roles=KIND_ROLES["water"],
        spellings=KIND_SPELLINGS["water"],
        options=(_LAYER, _CONFIRM_REMOVAL),
        spatial=True,
        role_flags={"code": "id"},
        refused_roles=("population", "block", "lat", "lon", "wkt"),
        refusal=_NETWORK_REFUSAL.replace("{role}", "kind"),
    ),
)
_REGISTRY: dict[str, ImportKind] = {kind.name: kind for kind in _BUILT_IN}


def import_kinds() -> tuple[ImportKind, ...]:
    """Every import kind, in the order the faces list them."""
    return tuple(_REGISTRY.values())


def kind_names() -> tuple[str, ...]:
    """The names of every import kind (``boundaries``, ``villages`` …)."""
    return tuple(_REGISTRY)


def import_kind(name: str) -> ImportKind:
    """The import kind called ``name``.

    Raises
    ------
    GeoInputError
        If there is none of that name.

    Examples
    --------
    >>> import_kind("villages").writes
    ('villages', 'panchayats')
    >>> import_kind("toilets")
    Traceback (most recent call last):
    geo.errors.GeoInputError: unknown import kind 'toilets'; expected one of boundaries, villages, services, status, \
certificates, inspections, roads, water
    """
    if name not in _REGISTRY:
        msg = f"unknown import kind {name!r}; expected one of {', '.join(_REGISTRY)}"
        raise GeoInputError(msg)
    return _REGISTRY[name]


def register(kind: ImportKind) -> None:
    """Add ``kind`` to the registry (after the built-in kinds).

    Raises
    ------
    GeoInputError
        If a kind of that name is already registered.
    """
    if kind.name in _REGISTRY:
        msg = f"import kind {kind.name!r} is already registered"
        raise GeoInputError(msg)
    _REGISTRY[kind.name] = kind


@contextlib.contextmanager
def registered(kind: ImportKind) -> Iterator[ImportKind]:
    """``kind`` in the registry for the ``with`` block, removed after it (a plug-in's or a test's kind)."""
    register(kind)
    try:
        yield kind
    finally:
        del _REGISTRY[kind.name]


#: The marks around the generated table in ``docs/importing.md``.
TABLE_START = "<!-- import kinds: generated by `python -m geo.importing`; do not edit by hand -->"
TABLE_END = "<!-- end of import kinds -->"
DOC = Path(__file__).resolve().parents[2] / "docs" / "importing.md"


def kinds_table() -> str:
    """The table of import kinds in Markdown: name, what it brings in, files, layers written, options, columns."""
    lines = [
        "| kind | what it brings in | files | writes | its own options | columns it recognises |",
        "|---|---|---|---|---|---|",
    ]
    for kind in import_kinds():
        flags = " ".join(_flag(o) for o in kind.options if o.flag) or "—"
        roles = ", ".join(f"`{r}`" for r in kind.roles) or "the form's own"
        cells = [
            f"`{kind.name}`",
            kind.help.en,
            kind.files,
            ", ".join(f"`{w}`" for w in kind.writes),
            flags,
            roles,
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def _flag(option: Option) -> str:
    """An option as the table names it: ``--level panchayat|block|district``, ``--kind csc|…`` (the choices)."""
    return f"`{option.flag} {'|'.join(option.choices)}`" if option.choices else f"`{option.flag}`"


def documented(text: str) -> str:
    """``text`` (``docs/importing.md``) with the table between its marks made from the registry."""
    head, start, rest = text.partition(TABLE_START)
    _, end, tail = rest.partition(TABLE_END)
    if not start or not end:
        msg = f"{DOC.name} has no {TABLE_START!r} … {TABLE_END!r} block"
        raise GeoInputError(msg)
    return f"{head}{TABLE_START}\n{kinds_table()}\n{TABLE_END}{tail}"
