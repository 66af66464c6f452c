"""The analysis of places.

Nearest service points and coverage, travel time on a grid, capacity, siting new centres,
population surfaces, the review's minutes per village, terrain, user rasters, every place's
nearest centres, where a point stands, finding a panchayat, the one search rule. Imports only
``geo`` (never a face, ``layers``, streamlit or folium).
"""
