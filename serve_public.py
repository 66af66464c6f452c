"""The public map as a public deployment should serve it: ``streamlit run serve_public.py``.

The same page as ``public_app.py``, with its first screen worked out as the server starts
and Streamlit's front end sent gzipped (:mod:`ui.serving`).
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware

from ui.serving import CompressedFrontEnd, warming

app = st.App("public_app.py", lifespan=warming("public"), middleware=[Middleware(CompressedFrontEnd)])
