"""What an import is told besides its file: the options every kind takes, and each kind's own.

Every import function has the one shape ``run(store, path, options)``, or
``run(store, path, options, own)`` for a kind with options of its own: ``options`` is an
:class:`ImportOptions` (which column is what, the names confirmed, the file's CRS or
layer, who records it …), ``own`` the kind's own object (:class:`VillageOptions`,
:class:`ServiceOptions`, :class:`BoundaryOptions`, :class:`StatusOptions`). The faces
pass options by name (:func:`geo.importing.import_file`'s keywords, each kind's
:class:`geo.importing.kinds.Option`); :func:`split_options` sorts them into the two.

This module imports only ``geo``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pandas as pd

from geo.importing.readers import MAX_FILE_BYTES, MAX_ROWS
from geo.spatial.placement import BORDER_KM
from geo.storage.identity import DistrictIdentity

__all__ = [
    "ImportOptions",
    "VillageOptions",
    "ServiceOptions",
    "BoundaryOptions",
    "StatusOptions",
    "split_options",
]


@dataclass(frozen=True)
class ImportOptions:
    """What every import may be told: how to read the file, where it lies, who records it.

    A kind reads the settings that apply to it (a sheet of figures has no CRS; a layer
    with geometry has no recorder); the faces offer each kind only its own.

    Attributes
    ----------
    columns : mapping, optional
        Role -> column overrides (``census_code``, ``lat``, ``panchayat_code`` …; each
        kind's roles are :data:`geo.importing.columns.KIND_ROLES`).
    confirmed : pandas.DataFrame, optional
        Confirmations of fuzzy names (:func:`geo.importing.matching.read_confirmations`).
    layer : str, optional
        The layer of a GIS file to read when it has several.
    crs : str or int, optional
        The file's CRS when it declares none or a wrong one (e.g. ``"EPSG:32645"``).
    confirm_removal : bool, default False
        Allow a replacement that removes more than 5 % of a layer's rows or people.
    user : str, default "import"
        Who records a sheet's rows (``recorded_by``).
    recorded_at : str, optional
        When (ISO 8601, UTC); default now.
    today : datetime.date, optional
        The day of the import (the date of rows that have none; the latest date a row
        may have); default today.
    account_blocks : collection of str, optional
        The blocks the importing account may import for (a block office's editor);
        None: every block.
    skip_rows : frozenset of int
        Rows (or features) to leave out (``skip_invalid`` in :func:`geo.importing.import_file`).
    max_rows : int, default :data:`geo.importing.readers.MAX_ROWS`
        Refuse a file of more rows (or features) than this, before reading it to its end.
    max_bytes : int, default :data:`geo.importing.readers.MAX_FILE_BYTES`
        Refuse a larger file (bytes) before reading it.

    Examples
    --------
    >>> ImportOptions(crs="EPSG:32645").crs
    'EPSG:32645'
    """

    columns: Mapping[str, str | None] | None = None
    confirmed: pd.DataFrame | None = None
    layer: str | None = None
    crs: str | int | None = None
    confirm_removal: bool = False
    user: str = "import"
    recorded_at: str | None = None
    today: dt.date | None = None
    account_blocks: Collection[str] | None = None
    skip_rows: frozenset[int] = frozenset()
    max_rows: int = MAX_ROWS
    max_bytes: int = MAX_FILE_BYTES


@dataclass(frozen=True)
class VillageOptions:
    """A village import's own options (:func:`geo.importing.import_villages`).

    Attributes
    ----------
    dissolve_to_panchayats : bool, default False
        Build panchayat polygons by dissolving the village polygons by panchayat code
        (they replace the store's panchayats); missing blocks and district outline are
        derived too.
    swap_latlon : bool, default False
        The latitude and longitude columns are swapped in the file; swap them back.
    keep_duplicate_codes : bool, default False
        No longer needed (a warning says so): rows with the same census code, name and
        panchayat are one village drawn in several parts and are joined.
    strict : bool, default False
        Repair nothing: an invalid polygon, a ring left open or any overlap between
        village polygons is an error. By default they are repaired and listed.
    district : geo.storage.identity.DistrictIdentity, optional
        The district's name, state, code and expected counts as the user gives them
        (``--district-name`` …); they win over the file's own columns.
    replace : bool, default False
        Make the villages exactly the file. By default the file's villages are added
        (new census codes) or updated (known ones) and every other village is kept.
    """

    dissolve_to_panchayats: bool = False
    swap_latlon: bool = False
    keep_duplicate_codes: bool = False
    strict: bool = False
    district: DistrictIdentity | None = None
    replace: bool = False


@dataclass(frozen=True)
class ServiceOptions:
    """A service-point import's own options (:func:`geo.importing.import_services`).

    Attributes
    ----------
    kind : str
        The service kind of every point (:data:`geo.storage.schema.SERVICE_KINDS`).
    swap_latlon : bool, default False
        The latitude and longitude columns are swapped in the file; swap them back.
    replace : bool, default False
        Make this kind's points exactly the file. By default the file's points are
        added (new ids) or updated (known ones) and every other point is kept.
    border_km : float, default :data:`geo.spatial.placement.BORDER_KM`
        Keep points outside the district up to this far from its border, km.

    Examples
    --------
    >>> ServiceOptions("csc").border_km == BORDER_KM
    True
    """

    kind: str
    swap_latlon: bool = False
    replace: bool = False
    border_km: float = BORDER_KM


@dataclass(frozen=True)
class BoundaryOptions:
    """A boundary import's own options (:func:`geo.importing.import_boundaries`).

    Attributes
    ----------
    level : {"panchayat", "block", "district"}
        What the polygons are.
    district : geo.storage.identity.DistrictIdentity, optional
        As for :class:`VillageOptions`.
    strict : bool, default False
        Repair nothing: an invalid polygon or any overlap between the file's polygons
        is an error. By default they are repaired, each listed.
    """

    level: str = "panchayat"
    district: DistrictIdentity | None = None
    strict: bool = False


@dataclass(frozen=True)
class StatusOptions:
    """A review sheet's own option (:func:`geo.importing.import_status`).

    Attributes
    ----------
    as_of : str or datetime.date, optional
        The date the sheet's statuses held (day first: ``12.11.2020``), for the rows
        without a date of their own; needed when the sheet has no date column.
    """

    as_of: str | dt.date | None = None


_SHARED = frozenset(f.name for f in dataclasses.fields(ImportOptions))


def split_options(given: Mapping[str, object], own: type | None) -> tuple[ImportOptions, object | None]:
    """Options given by name, sorted into an :class:`ImportOptions` and the kind's own object.

    Parameters
    ----------
    given : mapping
        Option name -> value (the names of :class:`ImportOptions`' fields and of ``own``'s).
    own : type, optional
        The kind's own options class; None: the kind has none.

    Returns
    -------
    tuple
        The shared options, and the kind's own (None when ``own`` is None).

    Raises
    ------
    TypeError
        If an option is neither shared nor the kind's own.

    Examples
    --------
    >>> shared, own = split_options({"crs": "EPSG:32645", "kind": "csc"}, ServiceOptions)
    >>> shared.crs, own.kind
    ('EPSG:32645', 'csc')
    >>> split_options({"kind": "csc"}, None)
    Traceback (most recent call last):
    TypeError: unexpected import option(s) 'kind'; this kind takes none of its own
    """
    shared = ImportOptions(**{name: value for name, value in given.items() if name in _SHARED})
    rest = {name: value for name, value in given.items() if name not in _SHARED}
    if own is None:
        if rest:
            msg = f"unexpected import option(s) {', '.join(map(repr, rest))}; this kind takes none of its own"
            raise TypeError(msg)
        return shared, None
    return shared, own(**rest)
