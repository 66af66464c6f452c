"""Where a store is: a GeoPackage file's path or a PostGIS server's URL.

Every face names its store with one value (``--store``, ``$PANCHAYAT_STORE``): a path, or
``postgresql://user:password@host:port/database[?schema=NAME]``. This module tells the two
apart and says a URL without its password; it imports no database driver, so reading a
GeoPackage never loads one.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

__all__ = ["StoreLocation", "is_postgis_url", "shown_url", "shown_store", "store_location"]

#: A store as the faces name it: a GeoPackage path, or a PostGIS URL (a ``str``).
StoreLocation = Path | str
_URL_SCHEMES = ("postgresql", "postgres")


def is_postgis_url(store: str | os.PathLike[str]) -> bool:
    """Whether ``store`` names a PostGIS store (``postgresql://…``) rather than a GeoPackage file."""
    return isinstance(store, str) and urlsplit(store).scheme in _URL_SCHEMES


def shown_url(url: str) -> str:
    """``url`` as it may be shown or logged: its password replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def shown_store(store: str | os.PathLike[str]) -> str:
    """A store as it may be shown: a path as it is, a URL without its password."""
    return shown_url(store) if is_postgis_url(store) else str(store)


def store_location(text: str | os.PathLike[str]) -> StoreLocation:
    """The store ``text`` names: the URL itself for a PostGIS URL, else a :class:`pathlib.Path`.

    Examples
    --------
    >>> store_location("var/store.gpkg")
    PosixPath('var/store.gpkg')
    >>> store_location("postgresql://u@localhost/db")
    'postgresql://u@localhost/db'
    """
    return text if is_postgis_url(text) else Path(text)
