"""Popup fields shared by several layers (one definition, many layers)."""

from __future__ import annotations

from geo.review.figures import FIGURES, NO_AADHAAR
from geo.spatial.placement import SETTINGS
from layers.spec import Field, Text, status_labels

GP_NAME = Field("name", Text("Panchayat", "पंचायत"), column_hi="name_hi", name=True)
# The name in the other language: Hindi on the English map, English on the Hindi map.
GP_NAME_HI = Field("name_hi", Text("Name (Hindi)", "नाम (अंग्रेज़ी)"), column_hi="name", name=True)
GP_CODE = Field("lgd_code", Text("LGD code", "एलजीडी कोड"))
BLOCK = Field("block_name", Text("Block", "प्रखंड"), column_hi="block_name_hi", name=True)
POPULATION = Field("population", Text("Population", "जनसंख्या"))
CONNECTIVITY = Field(
    "connectivity",
    Text("Connectivity", "कनेक्टिविटी"),
    values={
        "working": FIGURES["working"].label,
        "live_offline": FIGURES["live_offline"].label,
        "not_live": FIGURES["not_live"].label,
        "not_recorded": FIGURES["connectivity_not_recorded"].label,
    },
)
BHARATNET = Field("bharatnet", Text("BharatNet", "भारतनेट"), values=status_labels("bharatnet"))
JHARNET = Field("jharnet", Text("JharNet 2.0", "झारनेट 2.0"), values=status_labels("jharnet"))
INSPECTION = Field("inspection", Text("Latest inspection", "अंतिम निरीक्षण"), values=status_labels("inspection"))
INSPECTION_DATE = Field("inspection_as_of", Text("Inspected on", "निरीक्षण तिथि"), date=True)
CSC = Field(
    "csc",
    Text("Functional CSC", "कार्यरत प्रज्ञा केंद्र"),
    values={"functional": Text("Yes", "हाँ"), "not_functional": Text("No", "नहीं")},
)
CSC_POINTS = Field("csc_functional_points", Text("Functional CSC points", "कार्यरत प्रज्ञा केंद्र (संख्या)"))
LIBRARY = Field("library", Text("Community library", "सामुदायिक पुस्तकालय"), values=status_labels("library"))
PMGDISHA_CENTRES = Field("pmgdisha_centres", Text("PMGDISHA centres", "पीएमजीदिशा केंद्र"))
BEYOND_AADHAAR = Field(
    "villages_beyond_aadhaar", Text("Villages beyond Aadhaar reach", "आधार पहुँच से बाहर गाँव"), missing=NO_AADHAAR
)

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

SERVICE_NAME = Field("name", Text("Name", "नाम"), column_hi="name_hi", name=True)
SERVICE_NAME_HI = Field("name_hi", Text("Name (Hindi)", "नाम (अंग्रेज़ी)"), column_hi="name", name=True)
SERVICE_ID = Field("id", Text("ID", "आईडी"))
FUNCTIONAL = Field("functional", Text("Functional", "कार्यरत"))
OPENED = Field("opened", Text("Opened", "आरंभ"))
# A centre in a town or across the border is shown as such, never silently in a panchayat (geo.spatial.placement).
SETTING = Field("setting", Text("Stands", "स्थान"), values={key: Text(*label) for key, label in SETTINGS.items()})
SERVICE_CARD = (SERVICE_NAME, SERVICE_NAME_HI, SERVICE_ID, FUNCTIONAL, OPENED, SETTING)
