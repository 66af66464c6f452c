"""Core of the panchayat infrastructure GIS: pure functions on GeoDataFrames and plain values (no face).

Sub-packages by job: ``storage`` (the store and its history), ``importing`` (office files as
they come), ``spatial`` (nearest, coverage, travel time, siting), ``review`` (the review's rules
and figures) and ``exports``; at the top, errors, formats, dates and CRS choice. The command
line is ``cli/`` (``python -m geo`` hands over to it).
"""
