"""The review's rules and figures.

Indicators (one rule each), figures, one analysis per store and date, the comparison with an
earlier review, gap lists, the agenda, progress, the status history, JharSewa certificates and
inspections (the form and who is due). Imports only ``geo`` (never a face, ``layers``,
streamlit or folium).
"""
