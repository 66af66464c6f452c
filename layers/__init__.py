"""Map layers: declarative specs and their renderers (folium for the app)."""
