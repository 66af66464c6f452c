"""Errors a user can act on.

Every message names the file, row, feature or parameter, what was expected, what
arrived and what to do. The faces (CLI and app) show ``str(err)`` and nothing else.
"""

from __future__ import annotations


class GeoInputError(ValueError):
    """Bad input a user can fix (a file, a value, a parameter)."""


class StoreError(GeoInputError):
    """The store is missing, unreadable or does not follow the data contract."""


class StoreChanged(GeoInputError):
    """The store changed between an import's check and its apply, and the file now checks differently."""
