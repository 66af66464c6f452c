"""The store and its history.

The data contract (``schema``), reading and writing a store (``store``; a GeoPackage path or
a PostGIS URL, told apart by ``location``; the server store and copies in ``postgis``), versions and
rollback (``versions``; the rows each write changed and their undo, ``history``), integrity
checks, accounts, status edits, atomic files, the district's identity, validation against the
contract and the DEMO generators (a district, a state). Imports only ``geo`` (never a face,
``layers``, streamlit or folium).
"""
