"""The data contract: layers of the store, their columns, types and vocabularies.

This module is the single source of truth for what a store holds; ``docs/data-contract.md``
documents the same contract for people. Every layer with geometry is in EPSG:4326.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geo.text import Text, texts

STORE_CRS = "EPSG:4326"

SERVICE_KINDS = ("csc", "aadhaar", "pmgdisha", "library", "bank", "post_office")
INDICATORS = ("bharatnet", "jharnet", "library", "csc_functional", "inspection")

#: Allowed values per status indicator, in rollout order (first = least progress).
INDICATOR_VALUES: dict[str, tuple[str, ...]] = {
    "bharatnet": ("not_started", "cable_laid", "service_ready", "live"),
    "jharnet": ("planned", "installed", "live"),
    "library": ("not_started", "space_identified", "opened"),
    "csc_functional": ("no", "yes"),
    "inspection": ("offline", "online"),
}

#: Labels of the indicator values as people read them (legends, tables, exports), in rollout order.
VALUE_LABELS: dict[str, dict[str, Text]] = {
    "bharatnet": texts("value.bharatnet"),
    "jharnet": texts("value.jharnet"),
    "library": texts("value.library"),
    "csc_functional": texts("value.csc_functional"),
    "inspection": texts("value.inspection"),
}


@dataclass(frozen=True)
class LayerSpec:
    """One layer (or table) of the store.

    Attributes
    ----------
    name : str
        Layer name inside the GeoPackage.
    columns : dict[str, str]
        Column name -> kind: ``"str"``, ``"int"``, ``"float"``, ``"bool"`` or
        ``"date"`` (ISO ``YYYY-MM-DD`` text) or ``"datetime"`` (ISO text, UTC).
    geometry : str or None
        Geometry type (``"MultiPolygon"``, ``"MultiLineString"``, ``"Point"``) or None for a plain table.
    key : tuple of str
        Columns that identify a row; unique within the layer.
    private : tuple of str
        Columns never shown on the public page or in public exports.
    optional : tuple of str
        Columns that may be missing or empty in a valid store.
    since : str
        The schema version that brought the layer: a store of an earlier version
        reads it as empty, and gains it on its next write.
    """

    name: str
    columns: dict[str, str]
    geometry: str | None
    key: tuple[str, ...] = ()
    private: tuple[str, ...] = ()
    optional: tuple[str, ...] = field(default=())
    since: str = "1"


LAYERS: dict[str, LayerSpec] = {
    spec.name: spec
    for spec in (
        LayerSpec(
            "district",
            {"lgd_code": "str", "name": "str", "name_hi": "str"},
            "MultiPolygon",
            optional=("lgd_code", "name", "name_hi"),  # a derived outline may not know them (meta names the district)
        ),
        LayerSpec(
            "districts",
            {"lgd_code": "str", "code_kind": "str", "name": "str", "name_hi": "str", "state_name": "str"},
            "MultiPolygon",
            key=("lgd_code",),
            # a district named only by a code (a Census file's ``350``) has no name; the state may be unknown
            optional=("code_kind", "name", "name_hi", "state_name"),
            since="6",
        ),
        LayerSpec(
            "blocks",
            {
                "lgd_code": "str",
                "name": "str",
                "name_hi": "str",
                "hq_lon": "float",
                "hq_lat": "float",
                "district_lgd": "str",
            },
            "MultiPolygon",
            key=("lgd_code",),
            optional=("district_lgd",),  # a store of schema version 5 or earlier: its one district's
        ),
        LayerSpec(
            "panchayats",
            {
                "lgd_code": "str",
                "name": "str",
                "name_hi": "str",
                "block_lgd": "str",
                "bhawan_lon": "float",
                "bhawan_lat": "float",
            },
            "MultiPolygon",
            key=("lgd_code",),
            optional=("name_hi", "bhawan_lon", "bhawan_lat"),
        ),
        LayerSpec(
            "villages",
            {
                "census_code": "str",
                "name": "str",
                "name_hi": "str",
                "panchayat_lgd": "str",
                "population": "int",
            },
            "Point",
            key=("census_code",),
            optional=("name_hi", "population"),
        ),
        LayerSpec(
            "village_boundaries",
            {"census_code": "str"},
            "MultiPolygon",
            key=("census_code",),
        ),
        LayerSpec(
            "service_points",
            {
                "id": "str",
                "kind": "str",
                "category": "str",
                "name": "str",
                "name_hi": "str",
                "panchayat_lgd": "str",
                "functional": "bool",
                "status_as_of": "date",
                "opened": "date",
                "registered": "int",
                "trained": "int",
                "passed": "int",
                "books": "int",
            },
            "Point",
            key=("id",),
            # panchayat_lgd is empty for a point in no panchayat: in a town, or just across the border
            # (geo.spatial.placement)
            optional=(
                "category",
                "name_hi",
                "panchayat_lgd",
                "functional",
                "status_as_of",
                "opened",
                "registered",
                "trained",
                "passed",
                "books",
            ),
        ),
        LayerSpec(
            "service_private",
            {"id": "str", "operator_name": "str", "phone": "str", "remark": "str"},
            None,
            key=("id",),
            private=("operator_name", "phone", "remark"),
            optional=("operator_name", "phone", "remark"),
        ),
        LayerSpec(
            "status_events",
            {
                "event_id": "int",
                "panchayat_lgd": "str",
                "indicator": "str",
                "value": "str",
                "as_of": "date",
                "source": "str",
                "remark": "str",
                "recorded_by": "str",
                "recorded_at": "datetime",
            },
            None,
            key=("event_id",),
            private=("remark", "recorded_by"),
            optional=("source", "remark"),
        ),
        LayerSpec(
            "certificates",
            {
                "report_id": "int",
                "block_lgd": "str",
                "certificate": "str",
                "as_of": "date",
                "received": "int",
                "disposed": "int",
                "pending": "int",
                "source": "str",
                "recorded_by": "str",
                "recorded_at": "datetime",
            },
            None,
            key=("report_id",),
            private=("recorded_by",),
            optional=("received", "disposed", "pending", "source"),
            since="3",
        ),
        LayerSpec(
            "inspections",
            {
                "submission_id": "str",
                "panchayat_lgd": "str",
                "inspected_on": "date",
                "bharatnet": "str",
                "jharnet": "str",
                "down_mbps": "float",
                "up_mbps": "float",
                "csc_functional": "str",
                "library": "str",
                "gps_lon": "float",
                "gps_lat": "float",
                "gps_accuracy_m": "float",
                "bhawan_dist_m": "float",
                "flags": "str",
                "review_state": "str",
                "submitted_at": "datetime",
                "form_version": "str",
                "source": "str",
                "inspector": "str",
                "submitter": "str",
                "remark": "str",
                "photo": "str",
                "recorded_by": "str",
                "recorded_at": "datetime",
            },
            None,
            key=("submission_id",),
            private=("inspector", "submitter", "remark", "photo", "recorded_by"),
            optional=(
                "bharatnet",
                "jharnet",
                "down_mbps",
                "up_mbps",
                "csc_functional",
                "library",
                "gps_lon",
                "gps_lat",
                "gps_accuracy_m",
                "bhawan_dist_m",
                "flags",
                "review_state",
                "submitted_at",
                "form_version",
                "source",
                "inspector",
                "submitter",
                "remark",
                "photo",
            ),
            since="4",
        ),
        LayerSpec(
            "roads",
            {"id": "str", "highway": "str", "name": "str", "monsoon_closed": "bool"},
            "MultiLineString",
            key=("id",),
            optional=("name", "monsoon_closed"),
            since="5",
        ),
        LayerSpec(
            "water",
            {"id": "str", "name": "str", "name_hi": "str", "kind": "str"},
            "MultiPolygon",
            key=("id",),
            optional=("name", "name_hi"),
            since="5",
        ),
        LayerSpec(
            "directions",
            {
                "direction_id": "int",
                "meeting_date": "date",
                "agenda_item": "str",
                "text_en": "str",
                "text_hi": "str",
                "owner": "str",
                "given_on": "date",
                "due_on": "date",
                "public": "bool",
                "closed_on": "date",
                "target_indicator": "str",
                "target_scope": "str",
                "target_goal": "str",
                "target_km": "float",
                "target_days": "int",
                "recorded_by": "str",
                "recorded_at": "datetime",
            },
            None,
            key=("direction_id",),
            private=("recorded_by",),
            # a direction in one language only, with no agenda item, due date or measurable target
            optional=(
                "agenda_item",
                "text_en",
                "text_hi",
                "due_on",
                "public",
                "closed_on",
                "target_indicator",
                "target_scope",
                "target_goal",
                "target_km",
                "target_days",
            ),
            since="7",
        ),
        LayerSpec(
            "direction_remarks",
            {
                "remark_id": "int",
                "direction_id": "int",
                "reported_on": "date",
                "text": "str",
                "reported_by": "str",
                "recorded_by": "str",
                "recorded_at": "datetime",
            },
            None,
            key=("remark_id",),
            private=("text", "reported_by", "recorded_by"),
            optional=("reported_by",),
            since="7",
        ),
        LayerSpec("meta", {"key": "str", "value": "str"}, None, key=("key",)),
    )
}

#: JharSewa certificate types (``certificates.certificate``) and their names.
CERTIFICATE_TYPES: dict[str, Text] = texts("value.certificate")

#: Columns never shown to the public, by layer.
PRIVATE_FIELDS: dict[str, tuple[str, ...]] = {name: spec.private for name, spec in LAYERS.items() if spec.private}

#: Keys every store's ``meta`` table carries (the district's identity, :mod:`geo.storage.identity`, is optional).
META_KEYS = ("dataset_name", "is_demo", "created", "source_notes", "schema_version")
#: 2: ``service_points.status_as_of`` (the date of the register's functional flag / library category).
#: 3: ``certificates`` (JharSewa applications received / disposed / pending per block, type and date).
#: 4: ``inspections`` (field-inspection submissions from ODK Central / KoboToolbox, keyed by their instanceID).
#: 5: ``roads`` (lines with their OpenStreetMap ``highway`` class) and ``water`` (rivers, reservoirs, ponds).
#: 6: ``districts`` (every district of the store, keyed by its code) and ``blocks.district_lgd``; a store of an
#:    earlier version reads as one district (:mod:`geo.storage.districts`).
#: 7: ``directions`` (a review meeting's directions: owner, due date, an optional measurable target) and
#:    ``direction_remarks`` (the owners' dated action-taken reports); :mod:`geo.review.directions`.
SCHEMA_VERSION = "7"

#: What an inspector found of a network at the panchayat bhawan (``inspections.bharatnet`` / ``.jharnet``).
NETWORK_FINDINGS: dict[str, Text] = texts("value.network_finding")

#: Kinds of ``water`` polygons the demo and the documentation use (an import keeps the file's own words).
WATER_KINDS: dict[str, Text] = texts("value.water")
