"""What every face passes down to a renderer: the language and the dates of the figures.

A :class:`View` travels, whole, from a face (a page of the app, the public page, a
command) to the renderers of :mod:`layers` (the map sheet, the meeting pack, the
public page): one value instead of ``lang``, ``as_of``, ``since`` and ``aadhaar_km``
threaded through every signature. The store itself travels beside it (its identity
and demo flag are the store's own); how a page looks (paper, size, controls) is an
option object of its renderer (:class:`layers.sheet.SheetLayout`,
:class:`layers.folium_map.MapOptions`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from layers.spec import Lang

__all__ = ["View"]


@dataclass(frozen=True)
class View:
    """The language and the dates one output shows.

    A plain carrier: each renderer checks the values it uses and names the bad one.

    Attributes
    ----------
    lang : {"en", "hi", "hi-u-nu-deva"}
        Language of every text.
    as_of : str or datetime.date, optional
        The figures' date (YYYY-MM-DD); None: the latest.
    since : str or datetime.date, optional
        The earlier review the figures are compared with; None: the renderer's default.
    aadhaar_km : float
        Aadhaar reach threshold, km (the distance bands and the gaps).

    Examples
    --------
    >>> View(lang="hi", as_of="2020-12-10")
    View(lang='hi', as_of='2020-12-10', since=None, aadhaar_km=10.0)
    """

    lang: Lang = "en"
    as_of: str | dt.date | None = None
    since: str | dt.date | None = None
    aadhaar_km: float = 10.0
