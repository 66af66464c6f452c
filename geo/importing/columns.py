"""Find which column of a user's file holds what: codes, names, coordinates, statuses.

Offices spell headers many ways (``Lat``, ``LATITUDE``, ``Lat_DD``, ``y``;
``geometery_in_wkt``; ``GP Name``, ``ग्राम पंचायत``). :func:`detect_columns`
guesses a mapping from *roles* (``code``, ``name``, ``lat`` ...) to columns;
:func:`resolve_columns` lays the user's overrides on top and checks them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from geo.errors import GeoInputError

if TYPE_CHECKING:
    from geo.importing.kinds import ImportKind

__all__ = [
    "ROLES",
    "KIND_ROLES",
    "DISTRICT_ROLES",
    "CENSUS_EXTRACT_ROLES",
    "normalise_header",
    "detect_columns",
    "kind_roles",
    "looks_census",
    "resolve_columns",
]

#: Every role a column can play, with the header spellings that give it away
#: (compared after :func:`normalise_header`), most specific first.
ROLES: dict[str, tuple[str, ...]] = {
    "code": (
        "lgdcode",
        "lgd",
        "lgdcodegp",
        "gplgdcode",
        "panchayatlgdcode",
        "panchayatlgd",
        "gpcode",
        "panchayatcode",
        "blocklgdcode",
        "blockcode",
        "districtcode",
        "code",
    ),
    "census_code": (
        "villagecensuscode",
        "censuscode",
        "villagecode",
        "censusvillagecode",
        "vilcode",
        "villcode",
        "villagelgdcode",
        "censuscode2011",
    ),
    "name": (
        "panchayatname",
        "gpname",
        "grampanchayat",
        "panchayat",
        "gp",
        "nameen",
        "nameenglish",
        "englishname",
        "name",
        "blockname",
        "districtname",
    ),
    "village_name": ("villagename", "village", "name", "vilname", "villname"),
    "name_hi": ("namehi", "hindiname", "namehindi", "hindi", "नाम", "पंचायत", "ग्रामपंचायत", "पंचायतकानाम"),
    "block": (
        "blockname",
        "block",
        "prakhand",
        "प्रखंड",
        "प्रखण्ड",
        "subdistrictname",
        "subdistname",
        "sdtname",
        "blockcode",
        "blocklgd",
        "blocklgdcode",
    ),
    "block_code": ("blockcode", "blocklgdcode", "blocklgd"),
    "panchayat_code": ("panchayatcode", "panchayatlgdcode", "panchayatlgd", "gpcode", "gplgdcode", "gplgd"),
    "panchayat_name": ("panchayatname", "gpname", "panchayat", "grampanchayat", "gp"),
    "lat": (
        "latitude",
        "lat",
        "latdd",
        "latdeg",
        "latdecimal",
        "ycoord",
        "ycoordinate",
        "y",
        "northing",
        "centroidlatitude",
        "gpslat",
        "gpslatitude",
        "अक्षांश",
    ),
    "lon": (
        "longitude",
        "lon",
        "long",
        "lng",
        "londd",
        "longdd",
        "londeg",
        "xcoord",
        "xcoordinate",
        "x",
        "easting",
        "centroidlongitude",
        "gpslon",
        "gpslong",
        "gpslongitude",
        "देशांतर",
    ),
    "wkt": (
        "geometryinwkt",
        "geometeryinwkt",
        "geominwkt",
        "wkt",
        "geometry",
        "geom",
        "geometrywkt",
        "the_geom",
        "thegeom",
        "shape",
    ),
    "population": ("population", "totalpopulation", "pop", "population2011", "totpop", "totp", "जनसंख्या"),
    "id": ("id", "centreid", "centerid", "cscid", "sitecode", "centrecode", "code"),
    "kind": ("kind", "servicekind", "service", "servicetype"),
    "category": ("category", "subtype", "type", "centretype", "centertype", "centrecategory", "ownership"),
    "functional": ("functional", "isfunctional", "working", "active", "status"),
    "opened": ("opened", "openedon", "dateopened", "openingdate", "startdate"),
    "operator_name": ("operatorname", "operator", "vlename", "vle", "incharge"),
    "phone": ("phone", "mobile", "mobileno", "phoneno", "contact", "contactno"),
    "remark": ("remark", "remarks", "finding", "comment", "comments", "note", "notes", "टिप्पणी"),
    "registered": ("registered", "candidatesregistered"),
    "trained": ("trained", "candidatestrained"),
    "passed": ("passed", "certified", "candidatespassed"),
    "books": ("books", "numberofbooks", "bookcount"),
    "as_of": (
        "asof",
        "asondate",
        "ason",
        "statusason",
        "statusasondate",
        "statusasof",
        "date",
        "reportdate",
        "dateofreport",
        "reportingdate",
        "statusdate",
        "inspectiondate",
        "dateofinspection",
        "तिथि",
        "दिनांक",
        "स्थितिदिनांक",
        "स्थितितिथि",
        "दिनांककीस्थिति",
        "तिथिकीस्थिति",
        "कीस्थिति",
    ),
    "bharatnet": ("bharatnet", "bharatnetstatus", "bharatnetphaseii", "bharatnetphase2", "bn", "bnstatus", "भारतनेट"),
    "jharnet": ("jharnet", "jharnetstatus", "jharnet20", "jharnet2", "झारनेट"),
    "library": ("library", "librarystatus", "communitylibrary", "पुस्तकालय"),
    "csc_functional": ("cscfunctional", "csc", "cscstatus", "pragyakendra", "प्रज्ञाकेंद्र"),
    "inspection": ("inspection", "inspectionresult", "connectivity", "foundonline", "inspectionstatus"),
    "status_as_of": (
        "statusasof",
        "statusason",
        "statusasondate",
        "statusdate",
        "functionalasof",
        "functionalason",
        "asof",
        "ason",
        "asondate",
        "checkedon",
        "verifiedon",
        "lastverified",
        "lastchecked",
        "स्थितिदिनांक",
        "स्थितितिथि",
        "दिनांककीस्थिति",
        "तिथिकीस्थिति",
        "कीस्थिति",
    ),
    "certificate": (
        "certificate",
        "certificatetype",
        "typeofcertificate",
        "certificatename",
        "service",
        "servicename",
        "type",
        "प्रमाणपत्र",
    ),
    "received": ("received", "applicationsreceived", "applicationreceived", "receipts", "totalreceived", "प्राप्त"),
    "disposed": ("disposed", "disposedof", "applicationsdisposed", "disposal", "totaldisposed", "निष्पादित", "निस्तारित"),
    "pending": ("pending", "applicationspending", "totalpending", "लंबित"),
    "district_name": ("districtname", "district", "districtnameen", "dtname", "districtn", "distname", "जिला"),
    "district_code": ("districtcode", "districtlgdcode", "districtlgd", "lgddistrictcode"),
    "district_census_code": ("districtcensuscode", "censusdistrictcode", "dtcode", "dtcensuscode"),
    "state_name": ("statename", "state", "stname", "stnm", "राज्य"),
    "highway": ("highway", "fclass", "roadclass", "class", "roadtype", "highwaytype", "category", "type"),
    "monsoon_closed": ("monsoonclosed", "closedinmonsoon", "monsoon", "seasonal", "closedinrains"),
    # a minutes' sheet: the direction in English or Hindi (each cell's script says which), who owns it, when
    "direction": (
        "direction",
        "directionen",
        "directions",
        "directiontext",
        "directiongiven",
        "decision",
        "instruction",
        "निर्देश",
        "दिशानिर्देश",
        "निर्णय",
    ),
    "direction_hi": ("directionhi", "directionhindi", "hindi", "निर्देशहिंदी", "हिंदीमेंनिर्देश"),
    "owner": (
        "owner",
        "responsible",
        "responsibleofficer",
        "actionby",
        "officer",
        "officeconcerned",
        "concernedofficer",
        "जिम्मेदार",
        "जिम्मेदारअधिकारी",
        "संबंधितपदाधिकारी",
        "पदाधिकारी",
        "कार्रवाईकर्ता",
    ),
    "meeting_date": ("meetingdate", "dateofmeeting", "meeting", "बैठककीतिथि", "बैठकदिनांक", "बैठक"),
    "given_on": ("givenon", "dategiven", "issuedon", "निर्देशकीतिथि", "निर्देशदिनांक"),
    "due_on": (
        "duedate",
        "dueon",
        "due",
        "deadline",
        "targetdate",
        "timeline",
        "नियततिथि",
        "समयसीमा",
        "लक्ष्यतिथि",
    ),
    "agenda_item": ("agendaitem", "agenda", "item", "subject", "topic", "विषय", "एजेंडा"),
    "public": ("public", "publish", "showonpublicpage", "सार्वजनिक"),
    "indicator": ("indicator", "targetindicator", "measure", "सूचक"),
    "scope": ("scope", "targetscope", "where", "area", "क्षेत्र"),
    "goal": ("goal", "targetgoal", "target", "लक्ष्य"),
}
#: Roles that name the district a file belongs to (see :mod:`geo.storage.identity`).
DISTRICT_ROLES = ("district_name", "district_code", "district_census_code", "state_name")
#: The columns of a Census-2011 village extract (``indian_village_boundaries``, a state's file
#: split by district), in its order, with the role a village import finds for each (None: not read).
#: The files an office sends come in this shape: ``import villages`` reads it as it comes.
CENSUS_EXTRACT_ROLES: dict[str, str | None] = {
    "village_id": None,
    "village_name": "village_name",
    "village_descriptive_name": None,
    "village_census_code": "census_code",
    "panchayat_name": "panchayat_name",
    "panchayat_code": "panchayat_code",
    "block_code": "block_code",
    "block_name": "block",
    "district_name": "district_name",
    "district_code": "district_code",
    "district_census_code": "district_census_code",
    "state_name": "state_name",
    "state_code": None,
    "state_census_code": None,
    "geometery_in_wkt": "wkt",
    "centroid_latitude": "lat",
    "centroid_longitude": "lon",
}

#: Roles each built-in import kind looks for, required ones first (see ``REQUIRED``); its entry in
#: :mod:`geo.importing.kinds` names them, and the functions here read the entry.
KIND_ROLES: dict[str, tuple[str, ...]] = {
    "boundaries": ("code", "name", "name_hi", "block", "block_code", *DISTRICT_ROLES),
    "villages": (
        "census_code",
        "village_name",
        "name_hi",
        "panchayat_code",
        "panchayat_name",
        "block",
        "block_code",
        "lat",
        "lon",
        "wkt",
        "population",
        *DISTRICT_ROLES,
    ),
    "services": (
        "id",
        "name",
        "name_hi",
        "kind",
        "category",
        "panchayat_code",
        "panchayat_name",
        "block",
        "lat",
        "lon",
        "functional",
        "status_as_of",
        "opened",
        "operator_name",
        "phone",
        "remark",
        "registered",
        "trained",
        "passed",
        "books",
    ),
    "status": (
        "panchayat_code",
        "panchayat_name",
        "block",
        "as_of",
        "bharatnet",
        "jharnet",
        "library",
        "csc_functional",
        "inspection",
        "remark",
    ),
    "certificates": ("block_code", "block", "certificate", "as_of", "received", "disposed", "pending"),
    "roads": ("highway", "id", "name", "monsoon_closed"),
    "water": ("kind", "id", "name", "name_hi"),
    "directions": (
        "direction",
        "direction_hi",
        "owner",
        "meeting_date",
        "given_on",
        "due_on",
        "agenda_item",
        "public",
        "indicator",
        "scope",
        "goal",
    ),
}

#: How offices head the column of a panchayat's LGD code in a status or services sheet (a villages file's
#: "LGD Code" is the village's own, so these are not in :data:`ROLES`).
PANCHAYAT_CODE_SPELLINGS = (
    *ROLES["panchayat_code"],
    "lgdcode",
    "lgd",
    "gplgdcodeno",
    "grampanchayatcode",
    "grampanchayatlgdcode",
    "पंचायतकोड",
    "ग्रामपंचायतकोड",
    "पंचायतएलजीडीकोड",
    "एलजीडीकोड",
)
#: How they head the column of its name (Hindi headers too; a services file's "नाम" is the centre's).
PANCHAYAT_NAME_SPELLINGS = (
    *ROLES["panchayat_name"],
    "पंचायतकानाम",
    "ग्रामपंचायतकानाम",
    "पंचायत",
    "ग्रामपंचायत",
    "पंचायतनाम",
    "ग्रामपंचायतनाम",
)

#: Spellings that differ by built-in import kind (a services file's "name" is the centre's, not the panchayat's);
#: its entry in :mod:`geo.importing.kinds` names them.
KIND_SPELLINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "services": {
        "name": (
            "name",
            "centrename",
            "centername",
            "nameofcentre",
            "nameofcenter",
            "nameofcsc",
            "cscname",
            "servicecentrename",
            "servicecentername",
            *(
                f"{what}{noun}"
                for what in ("aadhaar", "aadhar", "csc", "pmgdisha", "library", "bank", "branch", "postoffice", "po")
                for noun in ("centrename", "centername", "kendraname", "name")
            ),
            "vlecentrename",
            "vlecentername",
            "vlecscname",
            "cscvlecentrename",
            "centre",
            "center",
            "kendra",
            "kendraname",
            "sitename",
            "nameen",
            "englishname",
            "location",
            "address",
        ),
        "name_hi": ("namehi", "hindiname", "namehindi", "hindi", "नाम", "केंद्रकानाम", "केन्द्रकानाम", "केंद्र", "केन्द्र"),
        "panchayat_code": PANCHAYAT_CODE_SPELLINGS,
        "panchayat_name": PANCHAYAT_NAME_SPELLINGS,
    },
    "status": {"panchayat_code": PANCHAYAT_CODE_SPELLINGS, "panchayat_name": PANCHAYAT_NAME_SPELLINGS},
    "roads": {
        "id": ("osmid", "osmwayid", "wayid", "roadid", "id"),
        "name": ("name", "roadname", "nameen", "englishname"),
    },
    "water": {
        "id": ("osmid", "osmwayid", "wayid", "waterid", "id"),
        "kind": ("kind", "fclass", "water", "waterway", "natural", "watertype", "type", "class"),
        "name": ("name", "nameen", "englishname", "rivername"),
    },
}
#: Spellings of a boundary file's name and code by level, as public Census and LGD files write them.
LEVEL_SPELLINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "district": {
        "name": ("districtname", "district", "dtname", "districtn", "distname", "nameen", "englishname", "name"),
        "code": (
            "districtlgdcode",
            "lgddistrictcode",
            "districtcode",
            "lgdcode",
            "lgd",
            "dtcode",
            "censuscode",
            "dtcensuscode",
            "code",
        ),
    },
    "block": {
        "name": (
            "blockname",
            "block",
            "subdistrictname",
            "subdistname",
            "subdistrict",
            "sdtname",
            "tehsilname",
            "tehsil",
            "nameen",
            "name",
        ),
        "code": (
            "blocklgdcode",
            "lgdblockcode",
            "blockcode",
            "lgdcode",
            "lgd",
            "subdistrictcode",
            "subdistcode",
            "sdtcode",
            "subdist",
            "censuscode",
            "code",
        ),
    },
}
#: Headers of code columns that hold Census 2011 codes, not LGD codes.
CENSUS_CODE_HEADERS = frozenset(
    {
        "dtcode",
        "censuscode",
        "dtcensuscode",
        "censusdistrictcode",
        "districtcensuscode",
        "subdist",
        "subdistcode",
        "subdistrictcode",
        "sdtcode",
        "censuscode2011",
        "villagecensuscode",
        "census2011",
    }
)


def normalise_header(header: str) -> str:
    """Return ``header`` lower-cased without spaces, punctuation or a unit suffix.

    Examples
    --------
    >>> normalise_header(" Lat_DD ")
    'latdd'
    >>> normalise_header("geometery_in_wkt")
    'geometeryinwkt'
    """
    text = str(header).strip().lower()
    text = re.sub(r"\((?:deg|degrees|dd|decimal)\)", "", text)
    return re.sub(r"[\s_\-./:()\[\]#]+", "", text)


def detect_columns(columns: Sequence[str], kind: str, *, level: str | None = None) -> dict[str, str]:
    """Guess which column plays which role for an import of ``kind``.

    Parameters
    ----------
    columns : sequence of str
        The file's headers.
    kind : {"boundaries", "villages", "services", "status"}
        The import kind.
    level : {"panchayat", "block", "district"}, optional
        For boundaries: what the polygons are (a district file's ``district`` column
        is its name, not the district a panchayat belongs to).

    Returns
    -------
    dict
        Role -> column for every role found; each column is used at most once,
        the most specific spelling wins.

    Examples
    --------
    >>> detect_columns(["Village Name", "Lat_DD", "Long", "POP"], "villages")
    {'village_name': 'Village Name', 'lat': 'Lat_DD', 'lon': 'Long', 'population': 'POP'}
    """
    spec = _mapped_kind(kind)
    normal = {col: normalise_header(col) for col in columns}
    used: set[str] = set()
    found: dict[str, str] = {}
    roles = kind_roles(kind, level=level)
    spelled = dict(spec.spellings) | (LEVEL_SPELLINGS.get(level or "", {}) if kind == "boundaries" else {})
    # Pass 1: exact spellings, in the order of each role's list; pass 2: prefixes.
    for exact in (True, False):
        for role in roles:
            if role in found:
                continue
            column = _find(spelled.get(role, ROLES[role]), normal, used, exact=exact)
            if column is not None:
                found[role] = column
                used.add(column)
    return {role: found[role] for role in roles if role in found}


def kind_roles(kind: str, *, level: str | None = None) -> tuple[str, ...]:
    """The roles an import of ``kind`` (and boundary ``level``) looks for."""
    roles = _mapped_kind(kind).roles
    if kind == "boundaries" and level == "district":  # the district's own name and code are "name" and "code"
        roles = tuple(
            r
            for r in roles
            if r not in ("block", "block_code", "district_name", "district_code", "district_census_code")
        )
    return roles


def looks_census(header: str) -> bool:
    """Whether a code column's header says Census 2011 codes (``dt_code``, ``censuscode`` …), not LGD codes."""
    return normalise_header(header) in CENSUS_CODE_HEADERS


def resolve_columns(
    columns: Sequence[str],
    kind: str,
    overrides: Mapping[str, str | None] | None = None,
    *,
    source: str = "the file",
    level: str | None = None,
) -> dict[str, str]:
    """Return the detected mapping with ``overrides`` applied and checked.

    Parameters
    ----------
    columns : sequence of str
        The file's headers.
    kind : str
        The import kind (see :mod:`geo.importing.kinds`).
    overrides : mapping, optional
        Role -> column chosen by the user; a value of None or ``""`` drops the role.
    source : str
        The file's name, for messages.

    Raises
    ------
    GeoInputError
        If an override names an unknown role or a column the file does not have.
    """
    mapping = detect_columns(columns, kind, level=level)
    for role, column in (overrides or {}).items():
        if role not in (roles := _mapped_kind(kind).roles):
            msg = f"unknown column role {role!r} for a {kind} import; expected one of {', '.join(roles)}"
            raise GeoInputError(msg)
        if column is None or column == "":
            mapping.pop(role, None)
            continue
        if column not in columns:
            msg = f"{source} has no column {column!r} (asked for {role}); its columns are: {', '.join(columns)}"
            raise GeoInputError(msg)
        for other, col in list(mapping.items()):
            if col == column and other != role:
                del mapping[other]
        mapping[role] = column
    return mapping


def _mapped_kind(kind: str) -> ImportKind:
    """The import kind ``kind`` of the registry, if its file has columns to map (an ODK export's are its own)."""
    from geo.importing.kinds import import_kinds  # the registry imports the importers, which import this module

    mapped = {spec.name: spec for spec in import_kinds() if spec.roles}
    if kind not in mapped:
        msg = f"unknown import kind {kind!r}; expected one of {', '.join(mapped)}"
        raise GeoInputError(msg)
    return mapped[kind]


def _find(spellings: Iterable[str], normal: Mapping[str, str], used: set[str], *, exact: bool) -> str | None:
    for spelling in spellings:
        for col, norm in normal.items():
            if col in used:
                continue
            if norm == spelling if exact else (len(spelling) >= 4 and norm.startswith(spelling)):
                return col
    return None
