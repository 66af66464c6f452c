"""Exception types shared across the ``geo`` package."""

from __future__ import annotations


class GeoInputError(ValueError):
    """Bad input a user can fix.

    The message names the file/row/parameter, what was expected, what
    arrived, and what to do about it.
    """
