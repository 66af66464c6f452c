"""Tables of the app's labels read by a value; the words are in the text catalogue (:mod:`geo.text`).

Map layers, legends and popup fields carry their own labels (:mod:`layers`); KPI and
gap-list titles come from :mod:`geo.review.summary` and :mod:`geo.review.gaps`; status values from
:data:`geo.storage.schema.VALUE_LABELS`. The pages' own words are the catalogue's ``ui`` section,
read with :func:`geo.text.t`.
"""

from __future__ import annotations

from geo.text import texts

#: Columns of the Planner's inspection plan (``geo.review.inspections.inspection_plan``).
PLAN_COLUMNS = texts("plan_column")

#: Column roles of an import (``geo.importing.columns.KIND_ROLES``): what a column of the file holds.
ROLE_LABELS = texts("role")
#: Kinds of service point an import can hold (``geo.storage.schema.SERVICE_KINDS``).
SERVICE_POINT_KINDS = texts("service_point_kind")
#: Column headers of the Data page's tables (the frames keep their own column names).
DATA_COLUMNS = texts("data_column")
#: Data layers of the export expander (``geo.exports.export.DATA_LAYERS``).
EXPORT_LAYERS = texts("export_layer")
#: File formats of the export expander (``geo.exports.export.DATA_FORMATS``).
EXPORT_FORMATS = texts("export_format")
#: Status indicators of the history (``geo.storage.schema.INDICATORS``) by name.
INDICATOR_LABELS = texts("indicator")
#: Service kinds the planner measures.
SERVICE_KINDS = texts("service_kind")
