"""The app as a room should get it: ``streamlit run serve.py`` (what ``streamlit run app.py`` serves, faster).

The same pages as ``app.py``, with their first screens worked out as the server starts and
Streamlit's front end sent gzipped (:mod:`ui.serving`). Every ``streamlit run`` option
applies (``--server.port 8600``).
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware

from ui.serving import CompressedFrontEnd, warming

app = st.App("app.py", lifespan=warming("app"), middleware=[Middleware(CompressedFrontEnd)])
