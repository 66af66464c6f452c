"""The panchayat GIS — the Streamlit app: Review, Planner, Data (editors) and Public map.

Run with ``streamlit run app.py`` (or ``bash scripts/app.sh``). Every page has its own
address (``/review``, ``/planner``, ``/data``, ``/public``); ``/`` opens the Review. A public deployment
runs ``public_app.py`` instead, which registers the Public map page only (no Data
page, no sign-in). Any failure of a page is said as a message, never a traceback
(:func:`ui.common.failures_shown`).
"""

from __future__ import annotations

import streamlit as st

from geo.text import t
from ui.common import failures_shown, home_page, lang, sidebar_controls, store_identity

with failures_shown():
    st.set_page_config(page_title=t("ui.app_title", lang(), district=store_identity().label(lang())), layout="wide")
    sidebar_controls()
    review = st.Page("ui/review.py", title=t("ui.page_review", lang()), url_path="review")
    pages = [
        review,
        st.Page("ui/planner.py", title=t("ui.page_planner", lang()), url_path="planner"),
        st.Page("ui/data.py", title=t("ui.page_data", lang()), url_path="data"),
        st.Page("ui/public.py", title=t("ui.page_public", lang()), url_path="public"),
    ]
    st.navigation([home_page(review), *pages]).run()
