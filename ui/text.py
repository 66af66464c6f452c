"""Every label of the app's own interface, in English and Hindi.

Map layers, legends and popup fields carry their own labels (:mod:`layers`); KPI and
gap-list titles come from :mod:`geo.summary` and :mod:`geo.gaps`; status values from
:data:`geo.schema.VALUE_LABELS`. This module holds the rest.
"""

from __future__ import annotations

from layers.spec import Lang, Text

UI: dict[str, Text] = {
    "app_title": Text("Jamtara panchayat GIS", "जामताड़ा पंचायत जीआईएस"),
    "language": Text("Language / भाषा", "भाषा / Language"),
    "demo": Text(
        "DEMO DATA — a generated district for trying the app; not official figures.",
        "डेमो डेटा — ऐप आज़माने के लिए बनाया गया काल्पनिक जिला; आधिकारिक आंकड़े नहीं।",
    ),
    # pages
    "page_review": Text("Review", "समीक्षा"),
    "page_planner": Text("Planner", "योजना"),
    "page_public": Text("Public map", "सार्वजनिक मानचित्र"),
    "review_title": Text("District e-Governance review — Jamtara", "ई-गवर्नेंस समीक्षा — जामताड़ा"),
    "planner_title": Text("Coverage planner", "कवरेज योजना"),
    "public_title": Text("Jamtara: digital services in every panchayat", "जामताड़ा: हर पंचायत में डिजिटल सेवाएँ"),
    "public_intro": Text(
        "Where Pragya Kendra (CSC), Aadhaar and PMGDISHA centres are, and how internet connectivity and "
        "community libraries are rolling out in the 118 gram panchayats. Click a panchayat on the map or search it.",
        "प्रज्ञा केंद्र (सीएससी), आधार और पीएमजीदिशा केंद्र कहाँ हैं, और 118 ग्राम पंचायतों में इंटरनेट कनेक्टिविटी "
        "व सामुदायिक पुस्तकालय कहाँ तक पहुँचे हैं। मानचित्र पर पंचायत क्लिक करें या उसे खोजें।",
    ),
    # review
    "as_of": Text("Figures as of", "आंकड़े इस तिथि तक"),
    "latest": Text("Latest reports", "नवीनतम रिपोर्ट"),
    "since": Text("Compare with the review of", "इस समीक्षा से तुलना"),
    "no_earlier_review": Text("No earlier review to compare with.", "तुलना के लिए कोई पिछली समीक्षा नहीं।"),
    "presentation": Text("Presentation mode", "प्रस्तुति मोड"),
    "presentation_help": Text(
        "Hides the sidebar and Streamlit's menus; switch off here to get them back.",
        "साइडबार और मेनू छिपाता है; वापस पाने के लिए यहीं बंद करें।",
    ),
    "map_theme": Text("Map", "मानचित्र"),
    "osm": Text("OpenStreetMap background (needs internet)", "ओपनस्ट्रीटमैप पृष्ठभूमि (इंटरनेट आवश्यक)"),
    "by_block": Text("Block by block", "प्रखंडवार"),
    "district": Text("District", "जिला"),
    "block": Text("Block", "प्रखंड"),
    "changes_title": Text("What changed since {since}", "{since} से क्या बदला"),
    "no_changes": Text("No status changed between these dates.", "इन तिथियों के बीच कोई स्थिति नहीं बदली।"),
    "panchayat": Text("Panchayat", "पंचायत"),
    "indicator": Text("Indicator", "संकेतक"),
    "before": Text("Before", "पहले"),
    "after": Text("Now", "अब"),
    "reported_on": Text("Reported on", "रिपोर्ट तिथि"),
    "progress": Text("Direction", "दिशा"),
    "forward": Text("▲ forward", "▲ आगे"),
    "back": Text("▼ back", "▼ पीछे"),
    "first_report": Text("first report", "पहली रिपोर्ट"),
    "no_report": Text("no report", "रिपोर्ट नहीं"),
    # planner
    "service_kind": Text("Service", "सेवा"),
    "threshold": Text("Distance threshold (km)", "दूरी सीमा (कि.मी.)"),
    "coverage_title": Text(
        "Villages within {km:g} km of a functional {kind}", "कार्यरत {kind} से {km:g} कि.मी. के भीतर गाँव"
    ),
    "coverage_share": Text("Population covered", "पहुँच में आबादी"),
    "villages": Text("Villages", "गाँव"),
    "covered": Text("Villages covered", "पहुँच में गाँव"),
    "population": Text("Population", "जनसंख्या"),
    "population_covered": Text("Population covered", "पहुँच में आबादी"),
    "share_covered": Text("Share covered (%)", "पहुँच (%)"),
    "uncovered_title": Text(
        "Villages beyond {km:g} km of a functional {kind}", "कार्यरत {kind} से {km:g} कि.मी. से दूर गाँव"
    ),
    "village": Text("Village", "गाँव"),
    "nearest": Text("Nearest", "निकटतम"),
    "distance_km": Text("Distance (km)", "दूरी (कि.मी.)"),
    "gaps_title": Text(
        "Gap lists of the review (Aadhaar: {km:g} km)", "समीक्षा की कमियों की सूचियाँ (आधार: {km:g} कि.मी.)"
    ),
    "no_gap": Text("None — no panchayat on this list.", "कोई नहीं — इस सूची में कोई पंचायत नहीं।"),
    "download_csv": Text("Download tables (CSV)", "तालिकाएँ डाउनलोड करें (CSV)"),
    "download_xlsx": Text("Download tables (XLSX)", "तालिकाएँ डाउनलोड करें (XLSX)"),
    "search": Text(
        "Search a panchayat (English or Hindi name, or LGD code)", "पंचायत खोजें (अंग्रेज़ी या हिन्दी नाम, या एलजीडी कोड)"
    ),
    "search_pick": Text("Matching panchayats", "मिलती पंचायतें"),
    "no_match": Text("No panchayat matches “{query}”.", "“{query}” से मेल खाती कोई पंचायत नहीं।"),
    "click_hint": Text("Click a panchayat on the map, or search for it, to see its card.",
                       "कार्ड देखने के लिए मानचित्र पर पंचायत क्लिक करें या उसे खोजें।"),
    "card_title": Text("{name} gram panchayat", "{name} ग्राम पंचायत"),
    "value": Text("Value", "मान"),
    "nearest_services": Text(
        "Nearest service points (from the panchayat bhawan)", "निकटतम सेवा केंद्र (पंचायत भवन से)"
    ),
    "service_point": Text("Service point", "सेवा केंद्र"),
    "rank": Text("Rank", "क्रम"),
    "history": Text("Status history", "स्थिति का इतिहास"),
    "date": Text("Date", "तिथि"),
    "source": Text("Source", "स्रोत"),
    "editor_slot": Text("Editing: sign in on the Data page", "संपादन: डेटा पृष्ठ पर साइन इन करें"),
}

#: Status indicators of the history (``geo.schema.INDICATORS``) by name.
INDICATOR_LABELS: dict[str, Text] = {
    "bharatnet": Text("BharatNet", "भारतनेट"),
    "jharnet": Text("JharNet 2.0", "झारनेट 2.0"),
    "library": Text("Community library", "सामुदायिक पुस्तकालय"),
    "csc_functional": Text("Functional CSC", "कार्यरत प्रज्ञा केंद्र"),
    "inspection": Text("Connectivity inspection", "कनेक्टिविटी निरीक्षण"),
}

#: Service kinds the planner measures.
SERVICE_KINDS: dict[str, Text] = {
    "aadhaar": Text("Aadhaar enrolment centre", "आधार पंजीकरण केंद्र"),
    "csc": Text("CSC (Pragya Kendra)", "प्रज्ञा केंद्र (सीएससी)"),
    "pmgdisha": Text("PMGDISHA centre", "पीएमजीदिशा केंद्र"),
}


def text(key: str, lang: Lang, **values: object) -> str:
    """The UI string ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    Raises
    ------
    KeyError
        For an unknown key (a typo in the app, caught by the page tests).
    """
    label = UI[key](lang)
    return label.format(**values) if values else label
