"""Tables and data exports.

Spreadsheet cells that stay text, CSV/XLSX tables and GIS exports. Imports only ``geo`` (never
a face, ``layers``, streamlit or folium).
"""
