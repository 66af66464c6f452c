"""Every label of the app's own interface, in English and Hindi.

Map layers, legends and popup fields carry their own labels (:mod:`layers`); KPI and
gap-list titles come from :mod:`geo.review.summary` and :mod:`geo.review.gaps`; status values from
:data:`geo.storage.schema.VALUE_LABELS`. This module holds the rest.
"""

from __future__ import annotations

from geo.formats import fill
from geo.importing.kinds import import_kinds
from layers.spec import Lang, Text

UI: dict[str, Text] = {
    "app_title": Text("{district} panchayat GIS", "{district} पंचायत जीआईएस"),
    "language": Text("Language / भाषा", "भाषा / Language"),
    "demo": Text(
        "DEMO DATA — a generated district for trying the app; not official figures.",
        "डेमो डेटा — ऐप आज़माने के लिए बनाया गया काल्पनिक जिला; आधिकारिक आंकड़े नहीं।",
    ),
    # pages
    "page_review": Text("Review", "समीक्षा"),
    "page_planner": Text("Planner", "योजना"),
    "page_public": Text("Public map", "सार्वजनिक मानचित्र"),
    "review_title": Text("District e-Governance review — {district}", "ई-गवर्नेंस समीक्षा — {district}"),
    "planner_title": Text("Coverage planner", "कवरेज योजना"),
    "public_title": Text("{district}: digital services in every panchayat", "{district}: हर पंचायत में डिजिटल सेवाएँ"),
    "public_intro": Text(
        "Where Pragya Kendra (CSC), Aadhaar and PMGDISHA centres are, and how internet connectivity and "
        "community libraries are rolling out in the {panchayats} gram panchayats. Click a panchayat on the map or "
        "search it.",
        "प्रज्ञा केंद्र (सीएससी), आधार और पीएमजीदिशा केंद्र कहाँ हैं, और {panchayats} ग्राम पंचायतों में इंटरनेट "
        "कनेक्टिविटी व सामुदायिक पुस्तकालय कहाँ तक पहुँचे हैं। मानचित्र पर पंचायत क्लिक करें या उसे खोजें।",
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
    "agenda": Text("Present the agenda", "एजेंडा प्रस्तुत करें"),
    "agenda_help": Text(
        "Choose an item to present: one screen per agenda item, PageDown/PageUp or the arrow keys move on; "
        "✕ comes back here.",
        "प्रस्तुति के लिए मद चुनें: हर मद की एक स्क्रीन, PageDown/PageUp या तीर कुंजियों से आगे-पीछे; ✕ से वापस।",
    ),
    "demo_short": Text("DEMO DATA — not official", "डेमो डेटा — आधिकारिक नहीं"),
    "deck_prev": Text("Previous item (PageUp, ←)", "पिछला मद (PageUp, ←)"),
    "deck_next": Text("Next item (PageDown, →)", "अगला मद (PageDown, →)"),
    "deck_exit": Text("Leave the presentation", "प्रस्तुति से बाहर"),
    "map_theme": Text("Map", "मानचित्र"),
    "osm": Text("OpenStreetMap background (needs internet)", "ओपनस्ट्रीटमैप पृष्ठभूमि (इंटरनेट आवश्यक)"),
    "by_block": Text("Block by block", "प्रखंडवार"),
    "district": Text("District", "जिला"),
    "block": Text("Block", "प्रखंड"),
    "changes_title": Text("What changed since {since}", "{since} से क्या बदला"),
    "timeline": Text("States at each review", "हर समीक्षा पर स्थिति"),
    "trend_title": Text("Trend across the reviews", "समीक्षाओं में रुझान"),
    "trend_item": Text("Agenda item", "एजेंडा विषय"),
    "trend_one_date": Text(
        "Only one review date in the store: no trend yet.", "स्टोर में केवल एक समीक्षा तिथि है: अभी कोई रुझान नहीं।"
    ),
    "trend_not_recorded": Text("Not recorded on {dates}.", "{dates} को दर्ज नहीं।"),
    "every_change": Text("Every status change, panchayat by panchayat ({n})", "हर स्थिति-परिवर्तन, पंचायतवार ({n})"),
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
    # planner
    "no_service_points": Text(
        "The store has no functional {kind} yet: import them on the Data page to see coverage.",
        "डेटा भंडार में अभी कोई कार्यरत {kind} नहीं है: कवरेज देखने के लिए उन्हें डेटा पेज पर आयात करें।",
    ),
    "service_kind": Text("Service", "सेवा"),
    "threshold": Text("Distance threshold (km)", "दूरी सीमा (कि.मी.)"),
    "coverage_title": Text(
        "Villages within {km:g} km of a functional {kind}", "कार्यरत {kind} से {km:g} कि.मी. के भीतर गाँव"
    ),
    "coverage_share": Text("Population covered", "पहुँच में आबादी"),
    "share_left_out": Text(
        "Share of the recorded population; {n} village(s) with no population recorded are not counted.",
        "दर्ज आबादी का हिस्सा; जनसंख्या दर्ज न होने से {n} गाँव नहीं गिने गए।",
    ),
    "villages": Text("Villages", "गाँव"),
    "covered": Text("Villages covered", "पहुँच में गाँव"),
    "population": Text("Population", "जनसंख्या"),
    "population_covered": Text("Population covered", "पहुँच में आबादी"),
    "share_covered": Text("Share covered (%)", "पहुँच (%)"),
    "chart_by_block": Text("Share of people covered, per block", "पहुँच में आबादी का हिस्सा, प्रखंडवार"),
    "chart_curve": Text(
        "Share of people within each distance (the chosen one marked)",
        "हर दूरी के भीतर आबादी का हिस्सा (चुनी गई दूरी चिह्नित)",
    ),
    "distance_axis": Text("Distance (km)", "दूरी (कि.मी.)"),
    "chart_data": Text("Chart data (CSV)", "चार्ट का डेटा (CSV)"),
    "review_reach": Text("Reach by", "पहुँच का माप"),
    "review_reach_km": Text("{km:g} km", "{km:g} कि.मी."),
    "review_reach_min": Text("{n} min", "{n} मिनट"),
    "review_minutes_how": Text(
        "Travel time, dry season, on the store's roads.", "यात्रा समय, सूखा मौसम, स्टोर की सड़कों पर।"
    ),
    "no_service_points_short": Text("no centre recorded", "कोई केंद्र दर्ज नहीं"),
    "card_travel": Text("By travel time from the bhawan (dry season): {parts}", "भवन से यात्रा समय (सूखा मौसम): {parts}"),
    # the Planner's Access panel (travel time)
    "access_title": Text("Travel time to the nearest functional {kind}", "निकटतम कार्यरत {kind} तक यात्रा समय"),
    "access_season": Text("Season", "मौसम"),
    "access_threshold": Text("Within (minutes)", "इतने मिनट के भीतर"),
    "minutes": Text("{n} min", "{n} मिनट"),
    "minutes_axis": Text("Travel time (minutes)", "यात्रा समय (मिनट)"),
    "access_sites": Text("New sites to suggest", "सुझाए जाने वाले नए स्थान"),
    "access_how": Text(
        "{scenario}: {network}{water}; cells of {cell} m; a village's minutes are those of its point's cell, "
        "from the nearest functional centre.",
        "{scenario}: {network}{water}; {cell} मीटर के खाने, गाँव का समय उसके बिंदु के खाने से निकटतम कार्यरत केंद्र तक।",
    ),
    "access_on_foot": Text("on foot everywhere (the store has no roads)", "हर जगह पैदल (स्टोर में सड़कें नहीं)"),
    "access_roads": Text(
        "{n} roads at their class's speed, walking elsewhere", "{n} सड़कें अपनी श्रेणी की गति से, बाकी जगह पैदल"
    ),
    "access_water": Text(", {n} rivers and water bodies crossed only by a road", ", {n} नदियाँ व जलाशय केवल सड़क से पार"),
    "access_within": Text("People within {n} min", "{n} मिनट के भीतर आबादी"),
    "access_beyond": Text("Villages beyond {n} min", "{n} मिनट से दूर गाँव"),
    "access_not_reached": Text(
        "{n} people no centre can reach (cut off by water).", "{n} लोगों तक कोई केंद्र नहीं पहुँचता (पानी से कटे)।"
    ),
    "access_sites_add": Text("{k} new sites would add", "{k} नए स्थान जोड़ेंगे"),
    "access_optimal": Text("Sites: proven optimal (HiGHS).", "स्थान: सिद्ध सर्वोत्तम (HiGHS)।"),
    "access_gap": Text("Sites: not proven optimal, gap {gap}.", "स्थान: सर्वोत्तम सिद्ध नहीं, अंतर {gap}।"),
    "access_within_col": Text("≤ {n} min", "≤ {n} मिनट"),
    "access_share_col": Text("≤ {n} min (%)", "≤ {n} मिनट (%)"),
    "access_curve": Text(
        "Share of people within each travel time (the chosen one marked)",
        "हर यात्रा समय के भीतर आबादी का हिस्सा (चुना गया समय चिह्नित)",
    ),
    "access_sites_title": Text(
        "{k} suggested new sites: most people newly within {minutes} min",
        "{k} सुझाए गए नए स्थान: {minutes} मिनट के भीतर सबसे अधिक नए लोग",
    ),
    "access_no_sites": Text(
        "No candidate site brings anyone new within reach.", "कोई भी संभावित स्थान किसी नए व्यक्ति को पहुँच में नहीं लाता।"
    ),
    "access_rank": Text("Rank", "क्रम"),
    "access_site": Text("Site (panchayat bhawan)", "स्थान (पंचायत भवन)"),
    "access_new_people": Text("People newly within reach", "नए पहुँच में आए लोग"),
    "access_total_people": Text("People within reach, in all", "कुल पहुँच में लोग"),
    "access_greedy": Text(
        "Adding the best site one at a time would reach {greedy} new people; the optimum {optimal}.",
        "एक-एक कर सबसे अच्छा स्थान जोड़ने से {greedy} नए लोग; सर्वोत्तम से {optimal}।",
    ),
    "access_more": Text("Capacity of the centres, and a population raster", "केंद्रों की क्षमता, और जनसंख्या रास्टर"),
    "access_capacity_title": Text(
        "People served when each centre has a capacity (within {n} min)",
        "हर केंद्र की क्षमता होने पर सेवित लोग ({n} मिनट के भीतर)",
    ),
    "access_capacity_day": Text("People a centre serves a day (0: no limit)", "एक केंद्र प्रतिदिन कितने लोग (0: असीमित)"),
    "access_capacity_days": Text("Days", "दिन"),
    "access_capacity_hint": Text(
        "Give a daily capacity: each centre, largest first, then serves the nearest people "
        "by travel time until it is full (AccessMod's geographic coverage).",
        "दैनिक क्षमता दें: हर केंद्र यात्रा समय से निकटतम लोगों को भरने तक सेवा देगा।",
    ),
    "access_served": Text("People served", "सेवित लोग"),
    "access_unserved": Text(
        "{unserved} not served, of whom {far} are beyond {n} min of every centre.",
        "{unserved} सेवा से वंचित, जिनमें {far} हर केंद्र से {n} मिनट से दूर।",
    ),
    "access_served_col": Text("Served", "सेवित"),
    "access_unserved_col": Text("Not served", "वंचित"),
    "access_raster_title": Text("Compare with a population raster", "जनसंख्या रास्टर से तुलना"),
    "access_raster_upload": Text(
        "Population GeoTIFF (people per pixel: WorldPop, GHSL; any CRS)",
        "जनसंख्या GeoTIFF (प्रति पिक्सेल लोग: WorldPop, GHSL; कोई भी CRS)",
    ),
    "access_raster_report": Text(
        "{name}: {people} people in the district on the grid (totals kept; corrected by {correction} %).",
        "{name}: ग्रिड पर जिले में {people} लोग (कुल संरक्षित; सुधार {correction} %)।",
    ),
    "access_by_villages": Text("People within, by villages", "भीतर लोग, गाँवों से"),
    "access_by_raster": Text("People within, by {name}", "भीतर लोग, {name} से"),
    "access_difference": Text("Difference (raster − villages)", "अंतर (रास्टर − गाँव)"),
    "access_difference_pct": Text("Difference (%)", "अंतर (%)"),
    "access_download_tif": Text("Minutes (GeoTIFF)", "मिनट (GeoTIFF)"),
    "access_download_bands": Text("Bands (GeoPackage)", "पट्टियाँ (GeoPackage)"),
    "access_download_sheet": Text("Map sheet (PDF)", "मानचित्र शीट (PDF)"),
    "access_map_title": Text("Travel time to the nearest {kind}, {scenario}", "निकटतम {kind} तक यात्रा समय, {scenario}"),
    "chart_png": Text("Chart (PNG)", "चार्ट (PNG)"),
    "uncovered_title": Text(
        "Villages beyond {km:g} km of a functional {kind}", "कार्यरत {kind} से {km:g} कि.मी. से दूर गाँव"
    ),
    "village": Text("Village", "गाँव"),
    "nearest": Text("Nearest", "निकटतम"),
    "distance_km": Text("Distance (km)", "दूरी (कि.मी.)"),
    "detail": Text("What is true", "स्थिति"),
    "population_unrecorded": Text("Villages without population (not counted)", "बिना दर्ज जनसंख्या वाले गाँव (नहीं गिने)"),
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
    "public_find": Text("Find your village or panchayat", "अपना गाँव या पंचायत खोजें"),
    "public_find_hint": Text("Its name in English or Hindi, or its code", "हिंदी या अंग्रेज़ी में नाम, या कोड"),
    "public_no_place": Text("No village or panchayat matches “{query}”.", "“{query}” से मेल खाता कोई गाँव या पंचायत नहीं।"),
    "public_pick": Text("{n} places match — choose yours", "{n} स्थान मिले — अपना चुनें"),
    "public_panchayat_in": Text("{name} — panchayat, {within} block", "{name} — पंचायत, {within} प्रखंड"),
    "public_village_in": Text("{name} — village, {within}", "{name} — गाँव, {within}"),
    "public_nearest": Text("Nearest centres to {place}", "{place} से निकटतम केंद्र"),
    "public_no_centre": Text("No functional centre recorded", "कोई कार्यरत केंद्र दर्ज नहीं"),
    "public_straight": Text(
        "Distances in a straight line; the way by road is longer.", "दूरी सीधी रेखा में है; सड़क से रास्ता लंबा होगा।"
    ),
    "no_match": Text("No panchayat matches “{query}”.", "“{query}” से मेल खाती कोई पंचायत नहीं।"),
    "click_hint": Text(
        "Click a panchayat on the map, or search for it, to see its card.",
        "कार्ड देखने के लिए मानचित्र पर पंचायत क्लिक करें या उसे खोजें।",
    ),
    "card_title": Text("{name} gram panchayat", "{name} ग्राम पंचायत"),
    "value": Text("Value", "मान"),
    "nearest_services": Text("Nearest service points (from the panchayat bhawan)", "निकटतम सेवा केंद्र (पंचायत भवन से)"),
    "service_point": Text("Service point", "सेवा केंद्र"),
    "rank": Text("Rank", "क्रम"),
    "history": Text("Status history", "स्थिति का इतिहास"),
    "date": Text("Date", "तिथि"),
    "source": Text("Source", "स्रोत"),
    # editing on the panchayat card
    "editor_signin_hint": Text(
        "Editors can record this panchayat's status after signing in (here or on the Data page).",
        "संपादक साइन इन करके (यहाँ या डेटा पृष्ठ पर) इस पंचायत की स्थिति दर्ज कर सकते हैं।",
    ),
    "editor_signin": Text("Sign in to edit", "संपादन के लिए साइन इन करें"),
    "edit_status": Text("Record a status", "स्थिति दर्ज करें"),
    "remark": Text("Remark (private)", "टिप्पणी (निजी)"),
    "recorded_by": Text("Recorded by", "दर्ज करने वाले"),
    # editor sign-in (ui/editor.py)
    "editing_as": Text("Signed in as **{name}** ({scope})", "साइन इन: **{name}** ({scope})"),
    "role_admin": Text("administrator", "व्यवस्थापक"),
    "role_editor": Text("editor", "संपादक"),
    "blocks_only": Text("block {blocks} only", "केवल प्रखंड {blocks}"),
    "sign_out": Text("Sign out", "साइन आउट"),
    "no_accounts": Text(
        "Read-only: this store has no editor accounts yet. An administrator adds the first one on the server with "
        "`python -m geo users add NAME --role admin` (then editors with `--role editor`, a block office with "
        "`--block CODE`).",
        "केवल देखने हेतु: इस डेटा भंडार में अभी कोई संपादक खाता नहीं है। व्यवस्थापक सर्वर पर पहला खाता "
        "`python -m geo users add NAME --role admin` से बनाएँ (फिर संपादक `--role editor` से, प्रखंड कार्यालय "
        "`--block CODE` से)।",
    ),
    "password_replaced": Text(
        "The shared editor password is no longer used: each editor signs in with an account "
        "(`python -m geo users add`). Remove `editor_password_hash` from the secrets and "
        "`PANCHAYAT_EDITOR_PASSWORD_HASH` from the environment.",
        "साझा संपादक पासवर्ड अब उपयोग नहीं होता: हर संपादक अपने खाते से साइन इन करता है "
        "(`python -m geo users add`)। secrets से `editor_password_hash` और पर्यावरण से "
        "`PANCHAYAT_EDITOR_PASSWORD_HASH` हटा दें।",
    ),
    "account_name": Text("Account name", "खाते का नाम"),
    "password": Text("Password", "पासवर्ड"),
    "sign_in": Text("Sign in", "साइन इन करें"),
    "sign_in_not_recognised": Text(
        "That name and password were not recognised; check both and try again.",
        "यह नाम और पासवर्ड पहचाने नहीं गए; दोनों जाँचकर फिर प्रयास करें।",
    ),
    "sign_in_locked": Text(
        "Too many failed attempts for this name: it is locked for {minutes} more minute(s) (until {until} UTC). "
        "Try again then, or ask an administrator to set a new password.",
        "इस नाम के लिए बहुत अधिक असफल प्रयास: यह {minutes} मिनट और ({until} UTC तक) के लिए बंद है। "
        "तब फिर प्रयास करें, या व्यवस्थापक से नया पासवर्ड सेट करवाएँ।",
    ),
    "sign_in_disabled": Text(
        "This account is disabled; ask an administrator.", "यह खाता निष्क्रिय है; व्यवस्थापक से संपर्क करें।"
    ),
    "signed_out_idle": Text(
        "You were signed out after {minutes} minutes without activity; sign in again.",
        "{minutes} मिनट तक कोई गतिविधि न होने पर आपको साइन आउट कर दिया गया; फिर से साइन इन करें।",
    ),
    "signed_out_disabled": Text(
        "You were signed out: your account was disabled.", "आपको साइन आउट कर दिया गया: आपका खाता निष्क्रिय कर दिया गया है।"
    ),
    "not_your_block": Text(
        "Your account records statuses for block {blocks} only.", "आपका खाता केवल प्रखंड {blocks} की स्थिति दर्ज करता है।"
    ),
    "block_office_imports": Text(
        "Your account imports review sheets, JharSewa reports and inspections for its own blocks; boundaries, "
        "villages, service points and networks are imported by the district's editors.",
        "आपका खाता अपने प्रखंडों की समीक्षा शीट, झारसेवा रिपोर्ट और निरीक्षण आयात करता है; सीमाएँ, गाँव, सेवा केंद्र "
        "और नेटवर्क जिले के संपादक आयात करते हैं।",
    ),
    "rollback_admins": Text(
        "Only an administrator can roll the store back.", "डेटा भंडार को पूर्व स्थिति में केवल व्यवस्थापक लौटा सकते हैं।"
    ),
    "store_busy": Text(
        "Another change to this store (an import, a rollback or a save) is being written; waiting…",
        "इस डेटा भंडार में एक और बदलाव (आयात, पूर्व स्थिति या सहेजना) लिखा जा रहा है; प्रतीक्षा करें…",
    ),
    # status editor (ui/editor.py)
    "status": Text("Status", "स्थिति"),
    "status_as_of": Text(
        "As of (date the status held / inspection date)", "तिथि (जिस दिन यह स्थिति थी / निरीक्षण की तिथि)"
    ),
    "save": Text("Save", "सहेजें"),
    "saved_event": Text("Saved as event {event}.", "घटना {event} के रूप में सहेजा गया।"),
    "no_events": Text("No status recorded yet.", "अभी तक कोई स्थिति दर्ज नहीं।"),
    "recent_changes": Text("Recent changes (newest first)", "हाल के बदलाव (नवीनतम पहले)"),
    "undo": Text("Undo", "पूर्ववत करें"),
    "undone": Text(
        "Undone: event {event} restores the previous value.", "पूर्ववत किया गया: घटना {event} पिछला मान वापस लाती है।"
    ),
    # data page (ui/data.py)
    "page_data": Text("Data (editors)", "डेटा (संपादक)"),
    "data_title": Text("Data — import, history, rollback", "डेटा — आयात, इतिहास, पूर्व स्थिति"),
    "store_caption": Text("Store: {path}", "डेटा भंडार: {path}"),
    "store_missing": Text(
        " (does not exist yet: an import creates it, not DEMO)", " (अभी मौजूद नहीं: आयात करने पर बनेगा, डेमो से नहीं)"
    ),
    "tab_import": Text("Import a file", "फ़ाइल आयात करें"),
    "tab_versions": Text("Versions", "संस्करण"),
    "file_holds": Text("What the file holds", "फ़ाइल में क्या है"),
    "file": Text("File", "फ़ाइल"),
    "upload_hint": Text(
        "Upload a file to see what it would change. Nothing is written until you press Apply.",
        'फ़ाइल अपलोड करें और देखें कि वह क्या बदलेगी। "लागू करें" दबाने तक कुछ भी सहेजा नहीं जाता।',
    ),
    "file_too_big": Text(
        "{name} is {mb:,.1f} MB; the limit is {limit:,.0f} MB — split the file.",
        "{name} {mb:,.1f} MB की है; सीमा {limit:,.0f} MB है — फ़ाइल को विभाजित करें।",
    ),
    "columns_options": Text("Columns and options", "कॉलम और विकल्प"),
    "none_choice": Text("(none)", "(कोई नहीं)"),
    "skip_invalid": Text(
        "Import the valid rows and leave out the rows with errors (listed, with their reasons)",
        "सही पंक्तियाँ आयात करें और त्रुटि वाली पंक्तियाँ छोड़ दें (कारण सहित सूची)",
    ),
    "would_change": Text("What the import would change", "आयात से क्या बदलेगा"),
    "confirm_removal": Text("Yes, remove them: {removed}", "हाँ, इन्हें हटाएँ: {removed}"),
    "standing": Text(
        "The store already has {n} warning(s) of its own, not from this file (`python -m geo validate` lists them).",
        "डेटा भंडार में पहले से {n} चेतावनियाँ हैं, जो इस फ़ाइल से नहीं हैं (`python -m geo validate` उन्हें दिखाता है)।",
    ),
    "rows_left_out": Text(
        "{n} row(s) with errors are left out; download them with their reasons.",
        "त्रुटि वाली {n} पंक्तियाँ छोड़ी गईं; उन्हें कारण सहित डाउनलोड करें।",
    ),
    "download_rejected": Text("Download the rows left out (CSV)", "छोड़ी गई पंक्तियाँ डाउनलोड करें (CSV)"),
    "district_name_en": Text(
        "District name (English), if the file does not say it", "जिले का नाम (अंग्रेज़ी), यदि फ़ाइल में नहीं है"
    ),
    "district_name_hi": Text("District name (Hindi)", "जिले का नाम (हिन्दी)"),
    "file_crs": Text(
        "CRS of the file, if it states none or a wrong one (e.g. EPSG:32645)",
        "फ़ाइल का सीआरएस, यदि फ़ाइल में नहीं है या गलत है (जैसे EPSG:32645)",
    ),
    "file_errors": Text(
        "The file has errors: nothing can be applied. Fix them and upload it again.",
        "फ़ाइल में त्रुटियाँ हैं: कुछ भी लागू नहीं किया जा सकता। उन्हें सुधारकर फिर से अपलोड करें।",
    ),
    "confirm_first": Text(
        "Confirm or correct the names above, then apply.", "ऊपर दिए नामों की पुष्टि करें या उन्हें सुधारें, फिर लागू करें।"
    ),
    "apply": Text("Apply", "लागू करें"),
    "applied": Text(
        "Applied as version {version} ({warnings} warning(s) kept in its report).",
        "संस्करण {version} के रूप में लागू किया गया ({warnings} चेतावनी उसकी रिपोर्ट में दर्ज)।",
    ),
    "no_store_yet": Text("The store does not exist yet.", "डेटा भंडार अभी मौजूद नहीं है।"),
    "no_versions": Text(
        "No versions yet: every import and rollback makes one.",
        "अभी कोई संस्करण नहीं: हर आयात और पूर्व स्थिति बहाली से एक नया संस्करण बनता है।",
    ),
    "version": Text("Version", "संस्करण"),
    "version_report": Text("Report of version {version}", "संस्करण {version} की रिपोर्ट"),
    "no_report_text": Text("(no report)", "(कोई रिपोर्ट नहीं)"),
    "rollback_sure": Text(
        "Restore the store as it was just before version {version} (the current state is kept as a new version)",
        "डेटा भंडार को संस्करण {version} से ठीक पहले की स्थिति में लौटाएँ (वर्तमान स्थिति एक नए संस्करण के रूप में सुरक्षित रहेगी)",
    ),
    "rollback": Text("Roll back", "पूर्ववत करें"),
    "rolled_back": Text(
        "Restored to before version {version}; the state before the rollback is version {new}.",
        "संस्करण {version} से पहले की स्थिति बहाल की गई; बहाली से पहले की स्थिति संस्करण {new} है।",
    ),
    "check_title": Text(
        "Check: {errors} error(s), {warnings} warning(s), {pending} name(s) to confirm",
        "जाँच: {errors} त्रुटि, {warnings} चेतावनी, पुष्टि हेतु {pending} नाम",
    ),
    "severity": Text("Severity", "गंभीरता"),
    "where": Text("Where", "कहाँ"),
    "what_to_do": Text("What to do", "क्या करें"),
    "confirm_hint": Text(
        "Names that are not an exact match: tick what is right, or type the right LGD code.",
        "जो नाम पूरी तरह मेल नहीं खाते: सही पर निशान लगाएँ, या सही एलजीडी कोड लिखें।",
    ),
    "use_matches": Text("Use these matches", "ये मिलान अपनाएँ"),
    # failures (ui/common.py show_failure): what happened, what it changed, what to do
    "failure_unexpected": Text(
        "Something unexpected went wrong at {time} UTC. Nothing was changed by it: a change to the store is written "
        "whole or not at all (the Versions tab of the Data page lists every change applied). Reload the page; if it "
        "happens again, tell the administrator the time — the details are in the server's log.",
        "{time} UTC पर कुछ अनपेक्षित गड़बड़ी हुई। इससे कुछ नहीं बदला: डेटा भंडार में हर बदलाव पूरा लिखा जाता है या "
        'बिल्कुल नहीं (डेटा पेज का "संस्करण" टैब हर लागू बदलाव दिखाता है)। पेज दोबारा खोलें; फिर भी ऐसा हो तो '
        "प्रशासक को यह समय बताएँ — पूरा विवरण सर्वर के लॉग में है।",
    ),
    "failure_disk_full": Text(
        "The server's disk is full: nothing was written, the store is as it was. Ask the administrator to free some "
        "space, then try again.",
        "सर्वर की डिस्क भर गई है: कुछ नहीं लिखा गया, डेटा भंडार पहले जैसा है। प्रशासक से जगह खाली करवाएँ, फिर दोबारा प्रयास करें।",
    ),
    "failure_damaged": Text(
        "The store {store} is damaged ({detail}), so it cannot be read. Nothing was changed. Ask the administrator "
        "to run `python -m geo check --store` {store}: it says how to get back to the last good version.",
        "डेटा भंडार {store} क्षतिग्रस्त है ({detail}), इसलिए पढ़ा नहीं जा सकता। कुछ नहीं बदला। प्रशासक से "
        "`python -m geo check --store` {store} चलवाएँ: यह बताता है कि अंतिम सही संस्करण पर कैसे लौटें।",
    ),
    "failure_busy": Text(
        "The store is busy: another program (QGIS, an import on the command line) is writing to it. Nothing was "
        "changed; try again in a minute.",
        "डेटा भंडार व्यस्त है: कोई दूसरा प्रोग्राम (QGIS, कमांड लाइन से आयात) उसमें लिख रहा है। कुछ नहीं बदला; एक "
        "मिनट बाद दोबारा प्रयास करें।",
    ),
    "failure_denied": Text(
        "The app is not allowed to read or write the store {store}. Nothing was changed; ask the administrator to "
        "check the file's owner and permissions.",
        "ऐप को डेटा भंडार {store} पढ़ने या लिखने की अनुमति नहीं है। कुछ नहीं बदला; प्रशासक से फ़ाइल के स्वामी और अनुमतियाँ जँचवाएँ।",
    ),
    "failure_missing": Text(
        "The store {store} does not exist. Nothing was changed. If it was there before, ask the administrator to run "
        "`python -m geo check --store` {store}: it finds the snapshots left to restore. A new store is made by "
        "importing boundaries on the Data page.",
        "डेटा भंडार {store} मौजूद नहीं है। कुछ नहीं बदला। यदि यह पहले था, तो प्रशासक से "
        "`python -m geo check --store` {store} चलवाएँ: यह बहाली के लिए बचे स्नैपशॉट ढूँढता है। नया डेटा भंडार डेटा "
        "पेज पर सीमाएँ आयात करके बनता है।",
    ),
    "failure_public": Text(
        "The map cannot be shown right now (at {time} UTC). Nothing was changed. Please try again later.",
        "मानचित्र अभी नहीं दिखाया जा सकता ({time} UTC)। कुछ नहीं बदला। कृपया बाद में फिर प्रयास करें।",
    ),
    # export expander (ui/export.py)
    "export": Text("Export / डाउनलोड", "डाउनलोड / Export"),
    "export_pack": Text("Meeting pack (PDF)", "बैठक पुस्तिका (PDF)"),
    "export_pack_help": Text(
        "A4 landscape: a cover with every KPI, then one page per agenda item, with the dates chosen above.",
        "A4 आड़ा: सभी मुख्य आंकड़ों वाला मुखपृष्ठ, फिर हर मद का एक पृष्ठ, ऊपर चुनी तिथियों के साथ।",
    ),
    "export_sheet": Text("Map sheet", "मानचित्र शीट"),
    "paper": Text("Paper", "कागज़"),
    "landscape": Text("Landscape", "आड़ा (लैंडस्केप)"),
    "sheet_format": Text("Format", "प्रारूप"),
    "map_book": Text("Map book (one page per block)", "मानचित्र पुस्तिका (हर प्रखंड का एक पृष्ठ)"),
    "map_book_pdf_only": Text("A map book is a PDF only.", "मानचित्र पुस्तिका केवल PDF में बनती है।"),
    "prepare": Text("Prepare", "तैयार करें"),
    "preparing": Text("Preparing the file…", "फ़ाइल तैयार हो रही है…"),
    "download": Text("Download {name}", "{name} डाउनलोड करें"),
    "export_data": Text("Data (public fields only)", "डेटा (केवल सार्वजनिक फ़ील्ड)"),
    "data_layer": Text("Layer", "परत"),
    "data_format": Text("File format", "फ़ाइल प्रारूप"),
    # inspections (Planner, Data page)
    "inspections_title": Text("Inspections due", "बाकी निरीक्षण"),
    "inspections_block": Text("Block", "प्रखंड"),
    "inspections_date": Text("Plan for", "योजना की तिथि"),
    "inspections_per_day": Text("Visits per day", "प्रतिदिन निरीक्षण"),
    "inspections_summary": Text(
        "{due} of {total} panchayats due: not inspected in the last {days} days, or found offline at the last "
        "inspection.",
        "{total} में से {due} पंचायतों का निरीक्षण बाकी: पिछले {days} दिनों में निरीक्षण नहीं हुआ, या पिछले निरीक्षण में बंद मिलीं।",
    ),
    "inspections_order": Text(
        "Visiting order by straight line from the block HQ (not yet by road); each day starts at the HQ and ends "
        "there.",
        "प्रखंड मुख्यालय से सीधी दूरी के अनुसार क्रम (अभी सड़क से नहीं); हर दिन मुख्यालय से शुरू और वहीं समाप्त।",
    ),
    "inspections_order_centre": Text(
        "Visiting order by straight line from the block's centre (no HQ recorded; not yet by road).",
        "प्रखंड के केंद्र से सीधी दूरी के अनुसार क्रम (मुख्यालय दर्ज नहीं; अभी सड़क से नहीं)।",
    ),
    "inspections_none": Text("No panchayat of this block is due.", "इस प्रखंड की किसी पंचायत का निरीक्षण बाकी नहीं।"),
    "inspections_download": Text("Download the plan (CSV)", "योजना डाउनलोड करें (CSV)"),
    "nothing_new": Text(
        "Nothing new: every row of this file is already recorded in the store or left out; nothing to apply.",
        "कुछ नया नहीं: इस फ़ाइल की हर पंक्ति पहले से दर्ज है या छोड़ी गई; लागू करने को कुछ नहीं।",
    ),
    "sheet_as_of": Text(
        "Status as on (the date the sheet's statuses held)", "स्थिति दिनांक (पत्रक की स्थिति जिस तिथि की है)"
    ),
    "sheet_as_of_column": Text(
        "Dates come from column {column}, read day first (12.11.2020 is 12 November); the date above is used only "
        "for rows whose date cell is empty.",
        "तिथियाँ कॉलम {column} से ली जाती हैं, दिन पहले पढ़कर (12.11.2020 यानी 12 नवंबर); ऊपर की तिथि केवल उन "
        "पंक्तियों के लिए है जिनकी तिथि खाली है।",
    ),
    "sheet_as_of_needed": Text(
        "The sheet has no date column: enter the date its statuses held above. Nothing is dated without it, not "
        "even with today's date.",
        "पत्रक में तिथि का कॉलम नहीं है: पत्रक की स्थिति जिस तिथि की है, वह ऊपर दर्ज करें। उसके बिना कुछ भी "
        "दिनांकित नहीं होता, आज की तिथि से भी नहीं।",
    ),
}

#: Columns of the Planner's inspection plan (``geo.review.inspections.inspection_plan``).
PLAN_COLUMNS: dict[str, Text] = {
    "day": Text("Day", "दिन"),
    "visit": Text("Visit", "क्रम"),
    "panchayat": Text("Panchayat", "पंचायत"),
    "lgd_code": Text("LGD code", "एलजीडी कोड"),
    "why": Text("Why due", "कारण"),
    "leg_km": Text("From the previous stop (km)", "पिछले पड़ाव से (कि.मी.)"),
    "from_hq_km": Text("From the HQ (km)", "मुख्यालय से (कि.मी.)"),
}

#: The built-in import kinds' choices on the Data page (each kind's ``label`` in :mod:`geo.importing.kinds`).
IMPORT_KIND_LABELS: dict[str, Text] = {kind.name: Text(kind.label.en, kind.label.hi) for kind in import_kinds()}

#: Column roles of an import (``geo.importing.columns.KIND_ROLES``): what a column of the file holds.
ROLE_LABELS: dict[str, Text] = {
    "code": Text("LGD code", "एलजीडी कोड"),
    "highway": Text("Road class (OSM highway)", "सड़क की श्रेणी (OSM highway)"),
    "monsoon_closed": Text("Closed in the monsoon", "बरसात में बंद"),
    "roads:id": Text("Road ID (e.g. osm_id)", "सड़क आईडी (जैसे osm_id)"),
    "water:id": Text("Water body ID (e.g. osm_id)", "जल निकाय आईडी (जैसे osm_id)"),
    "water:kind": Text("Kind (river, reservoir, pond)", "प्रकार (नदी, जलाशय, तालाब)"),
    "census_code": Text("Census village code", "जनगणना ग्राम कोड"),
    "name": Text("Name (English)", "नाम (अंग्रेज़ी)"),
    "village_name": Text("Village name", "गाँव का नाम"),
    "name_hi": Text("Name (Hindi)", "नाम (हिन्दी)"),
    "block": Text("Block", "प्रखंड"),
    "block_code": Text("Block LGD code", "प्रखंड एलजीडी कोड"),
    "panchayat_code": Text("Panchayat LGD code", "पंचायत एलजीडी कोड"),
    "panchayat_name": Text("Panchayat name", "पंचायत का नाम"),
    "lat": Text("Latitude", "अक्षांश"),
    "lon": Text("Longitude", "देशांतर"),
    "wkt": Text("Geometry (WKT)", "ज्यामिति (WKT)"),
    "population": Text("Population", "जनसंख्या"),
    "id": Text("Centre ID", "केंद्र आईडी"),
    "kind": Text("Service kind", "सेवा का प्रकार"),
    "category": Text("Category", "श्रेणी"),
    "functional": Text("Functional", "कार्यरत"),
    "opened": Text("Opened on", "शुरू होने की तिथि"),
    "operator_name": Text("Operator (private)", "संचालक (निजी)"),
    "phone": Text("Phone (private)", "फ़ोन (निजी)"),
    "remark": Text("Remark (private)", "टिप्पणी (निजी)"),
    "registered": Text("PMGDISHA registered", "पीएमजीदिशा पंजीकृत"),
    "trained": Text("PMGDISHA trained", "पीएमजीदिशा प्रशिक्षित"),
    "passed": Text("PMGDISHA passed", "पीएमजीदिशा उत्तीर्ण"),
    "books": Text("Library books", "पुस्तकालय की पुस्तकें"),
    "as_of": Text("As-of date", "तिथि"),
    "bharatnet": Text("BharatNet", "भारतनेट"),
    "jharnet": Text("JharNet 2.0", "झारनेट 2.0"),
    "library": Text("Community library", "सामुदायिक पुस्तकालय"),
    "csc_functional": Text("Functional CSC", "कार्यरत प्रज्ञा केंद्र"),
    "inspection": Text("Connectivity inspection", "कनेक्टिविटी निरीक्षण"),
    "status_as_of": Text("Functional flag as of", "कार्यरत स्थिति की तिथि"),
    "district_name": Text("District name", "जिले का नाम"),
    "district_code": Text("District LGD code", "जिला एलजीडी कोड"),
    "district_census_code": Text("District Census code", "जिला जनगणना कोड"),
    "state_name": Text("State", "राज्य"),
    "certificate": Text("Certificate type", "प्रमाण पत्र का प्रकार"),
    "received": Text("Applications received", "प्राप्त आवेदन"),
    "disposed": Text("Applications disposed", "निष्पादित आवेदन"),
    "pending": Text("Applications pending", "लंबित आवेदन"),
}

#: Kinds of service point an import can hold (``geo.storage.schema.SERVICE_KINDS``).
SERVICE_POINT_KINDS: dict[str, Text] = {
    "csc": Text("CSC (Pragya Kendra)", "प्रज्ञा केंद्र (सीएससी)"),
    "aadhaar": Text("Aadhaar enrolment centre", "आधार पंजीकरण केंद्र"),
    "pmgdisha": Text("PMGDISHA centre", "पीएमजीदिशा केंद्र"),
    "library": Text("Community library", "सामुदायिक पुस्तकालय"),
    "bank": Text("Bank / banking correspondent", "बैंक / बैंक मित्र"),
    "post_office": Text("Post office", "डाकघर"),
}

#: Column headers of the Data page's tables (the frames keep their own column names).
DATA_COLUMNS: dict[str, Text] = {
    # problems of an import
    "severity": Text("Severity", "गंभीरता"),
    "where": Text("Where", "कहाँ"),
    "what to do": Text("What to do", "क्या करें"),
    "count": Text("Count", "संख्या"),
    # names to confirm
    "accept": Text("Accept", "स्वीकारें"),
    "source_name": Text("Name in the file", "फ़ाइल में नाम"),
    "block": Text("Block", "प्रखंड"),
    "matched_code": Text("LGD code", "एलजीडी कोड"),
    "matched_name": Text("Matched name", "मिलता नाम"),
    "score": Text("Score", "अंक"),
    "status": Text("Match", "मिलान"),
    "candidates": Text("Candidates", "संभावित नाम"),
    "rows": Text("Rows", "पंक्तियाँ"),
    # version log
    "version": Text("Version", "संस्करण"),
    "at": Text("When (UTC)", "कब (UTC)"),
    "who": Text("Who", "किसने"),
    "action": Text("Action", "कार्य"),
    "file": Text("File", "फ़ाइल"),
    "state": Text("State", "स्थिति"),
    "problems": Text("Warnings", "चेतावनियाँ"),
}

#: Data layers of the export expander (``geo.exports.export.DATA_LAYERS``).
EXPORT_LAYERS: dict[str, Text] = {
    "panchayats": Text("Gram panchayats (polygons, every indicator)", "ग्राम पंचायतें (बहुभुज, सभी संकेतक)"),
    "services": Text("Service points", "सेवा केंद्र"),
    "villages": Text("Villages (nearest centres, km)", "गाँव (निकटतम केंद्र, कि.मी.)"),
    "gaps": Text("Gap lists of the review", "समीक्षा की कमियों की सूचियाँ"),
    "blocks": Text("Blocks (review KPIs)", "प्रखंड (समीक्षा के संकेतक)"),
}

#: File formats of the export expander (``geo.exports.export.DATA_FORMATS``).
EXPORT_FORMATS: dict[str, Text] = {
    "geojson": Text("GeoJSON", "GeoJSON"),
    "gpkg": Text("GeoPackage (QGIS)", "GeoPackage (QGIS)"),
    "kml": Text("KML (Google Earth)", "KML (गूगल अर्थ)"),
    "shp": Text("Shapefile (zip)", "Shapefile (ज़िप)"),
    "csv": Text("CSV (Excel-readable)", "CSV (एक्सेल में खुलने वाली)"),
    "xlsx": Text("Excel (XLSX)", "एक्सेल (XLSX)"),
}

#: Status indicators of the history (``geo.storage.schema.INDICATORS``) by name.
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
    return fill(label, lang, **values) if values else label
