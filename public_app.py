"""The panchayat GIS — the public, read-only map on its own.

``streamlit run public_app.py`` serves only the Public map page: the Review and
Planner pages (and any upload or editing page) are not registered, so they cannot
be reached at all. A failure says only that the map cannot be shown now: no path
or command of the server reaches the public (:data:`ui.common.PUBLIC_FACE`).
"""

from __future__ import annotations

import streamlit as st

from geo.text import t
from ui.common import PUBLIC_FACE, failures_shown, home_page, lang, sidebar_controls, store_identity

st.session_state[PUBLIC_FACE] = True
with failures_shown():
    st.set_page_config(
        page_title=t("ui.public_title", lang(), district=store_identity().label(lang())),
        layout="wide",
        initial_sidebar_state="collapsed",
    )
    sidebar_controls()
    public = st.Page("ui/public.py", title=t("ui.page_public", lang()), url_path="public")
    st.navigation([home_page(public), public]).run()
