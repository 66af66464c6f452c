"""Popup fields shared by several layers (one definition, many layers)."""

from __future__ import annotations

from geo.review.figures import FIGURES, NO_AADHAAR
from geo.spatial.placement import SETTINGS
from geo.text import Text
from layers.spec import Field, status_labels

GP_NAME = Field("name", Text("field.panchayat"), column_hi="name_hi", name=True)
# The name in the other language: Hindi on the English map, English on the Hindi map.
GP_NAME_HI = Field("name_hi", Text("field.name_other"), column_hi="name", name=True)
# Which fields a public face shows is decided here, by ``public`` (docs/data-contract.md, "What the public sees"):
# codes and ids are keys for the data, not words for a citizen; an inspection's finding and its date are public.
GP_CODE = Field("lgd_code", Text("field.lgd_code"), public=False)
BLOCK = Field("block_name", Text("field.block"), column_hi="block_name_hi", name=True)
POPULATION = Field("population", Text("field.population"))
CONNECTIVITY = Field(
    "connectivity",
    Text("field.connectivity"),
    values={
        "working": FIGURES["working"].label,
        "live_offline": FIGURES["live_offline"].label,
        "not_live": FIGURES["not_live"].label,
        "not_recorded": FIGURES["connectivity_not_recorded"].label,
    },
)
BHARATNET = Field("bharatnet", Text("field.bharatnet"), values=status_labels("bharatnet"))
JHARNET = Field("jharnet", Text("field.jharnet"), values=status_labels("jharnet"))
# What the latest inspection found (a word of a fixed list) and when: public. Its remark, the inspector and
# the photo stay in the store (they are never columns of the map's frames).
INSPECTION = Field("inspection", Text("field.inspection"), values=status_labels("inspection"), public=True)
INSPECTION_DATE = Field("inspection_as_of", Text("field.inspection_date"), date=True, public=True)
CSC = Field(
    "csc",
    Text("field.csc"),
    values={"functional": Text("field.yes"), "not_functional": Text("field.no")},
)
CSC_POINTS = Field("csc_functional_points", Text("field.csc_points"))
LIBRARY = Field("library", Text("field.library"), values=status_labels("library"))
PMGDISHA_CENTRES = Field("pmgdisha_centres", Text("field.pmgdisha_centres"))
BEYOND_AADHAAR = Field("villages_beyond_aadhaar", Text("field.beyond_aadhaar"), missing=NO_AADHAAR)

PANCHAYAT_CARD = (
    GP_NAME,
    GP_NAME_HI,
    GP_CODE,
    BLOCK,
    POPULATION,
    CONNECTIVITY,
    BHARATNET,
    JHARNET,
    INSPECTION,
    INSPECTION_DATE,
    CSC,
    CSC_POINTS,
    LIBRARY,
    PMGDISHA_CENTRES,
    BEYOND_AADHAAR,
)

SERVICE_NAME = Field("name", Text("field.name"), column_hi="name_hi", name=True)
SERVICE_NAME_HI = Field("name_hi", Text("field.name_other"), column_hi="name", name=True)
SERVICE_ID = Field("id", Text("field.id"), public=False)
FUNCTIONAL = Field("functional", Text("field.functional"))
OPENED = Field("opened", Text("field.opened"), date=True)
# A centre in a town or across the border is shown as such, never silently in a panchayat (geo.spatial.placement).
SETTING = Field("setting", Text("field.setting"), values=SETTINGS)
SERVICE_CARD = (SERVICE_NAME, SERVICE_NAME_HI, SERVICE_ID, FUNCTIONAL, OPENED, SETTING)
