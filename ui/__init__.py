"""The app's pages and what they share (the only package besides the entry points that imports streamlit)."""
