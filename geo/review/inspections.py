"""Which panchayats are due for an inspection, the order to visit them in, and the inspection KPI.

One definition, used by the command line (``inspection-plan``), the Planner and the Review:

- A panchayat was **inspected in the last N days** (default :data:`WINDOW_DAYS` = 30)
  as of a date when its latest ``inspection`` event on or before that date lies on one
  of the N calendar days ending on it (``as_of - (N - 1)`` … ``as_of``).
- It is **due** when it was not, or when its latest inspection found the building
  offline (it is visited again until it is found online). A panchayat never inspected
  is due.
- The **KPI** "inspected in the last 30 days: n / N" counts the first rule over the
  store's panchayats; its change compares the same count at an earlier date.

**Visiting order.** Road travel times are not in the store yet, so the due panchayats
of a block are ordered *by straight line*: a closed tour from the block headquarters
(``blocks.hq_lon/hq_lat``; the block's centre where none is recorded) through every
due panchayat bhawan (its centroid where no bhawan is recorded) and back, built by
nearest neighbour and improved by 2-opt (reversing a stretch of the tour while that
shortens it) on geodesic distances (WGS84 ellipsoid, metres) — never degrees.
**The day's list** cuts that tour into consecutive stretches of at most
:data:`VISITS_PER_DAY` (6) visits: an inspection with a GPS fix, a speed test and a
photo takes about an hour with travel, so six fill a field day; each day starts and
ends at the headquarters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import GeoInputError
from geo.formats import format_count, format_date
from geo.review.figures import INSPECTION_WINDOW_DAYS
from geo.review.indicators import bhawan_points
from geo.review.status import inspected_within, parse_date
from geo.spatial.nearest import GEOD
from geo.storage.store import StoreData
from geo.text import t, texts

__all__ = [
    "WINDOW_DAYS",
    "VISITS_PER_DAY",
    "InspectionKpi",
    "inspection_state",
    "inspection_kpi",
    "visiting_order",
    "inspection_plan",
    "due_reason",
    "find_block",
]

#: Default window of "inspected in the last N days" (days); the ``inspected_recent`` figure's.
WINDOW_DAYS = INSPECTION_WINDOW_DAYS
#: Default most visits in one day's list.
VISITS_PER_DAY = 6

#: Why a panchayat is due (``reason`` of the plan) -> how it reads (:func:`due_reason`).
_REASONS = texts("inspection.due")


def inspection_state(
    panchayats: pd.DataFrame, events: pd.DataFrame, *, as_of: str | dt.date, window_days: int = WINDOW_DAYS
) -> pd.DataFrame:
    """Each panchayat's latest inspection as of a date, whether it lies in the window, and whether the panchayat is due.

    Parameters
    ----------
    panchayats : pandas.DataFrame
        The ``panchayats`` layer (its ``lgd_code`` column).
    events : pandas.DataFrame
        The ``status_events`` table.
    as_of : str or datetime.date
        The date (YYYY-MM-DD); events after it do not count.
    window_days : int, default 30
        N of "inspected in the last N days".

    Returns
    -------
    pandas.DataFrame
        Indexed by ``lgd_code`` in the order of ``panchayats``: ``last_inspected`` (date;
        missing when never), ``finding`` (``online``/``offline``; missing when never),
        ``days_since`` (Int64), ``recent`` (bool), ``due`` (bool) and ``reason``
        (``never``, ``not_recent``, ``offline`` or missing when not due).

    Raises
    ------
    GeoInputError
        For a date that is not one, or a window under one day.

    Examples
    --------
    >>> gps = pd.DataFrame({"lgd_code": ["1", "2", "3"]})
    >>> ev = pd.DataFrame({"event_id": [1, 2], "panchayat_lgd": ["1", "2"], "indicator": ["inspection"] * 2,
    ...                    "value": ["online", "online"], "as_of": ["2020-12-01", "2020-11-01"],
    ...                    "recorded_at": ["", ""]})
    >>> state = inspection_state(gps, ev, as_of="2020-12-10")
    >>> state["days_since"].tolist(), state["due"].tolist(), state["reason"].tolist()
    ([9, 39, <NA>], [False, True, True], [<NA>, 'not_recent', 'never'])
    """
    day = _date(as_of)
    if isinstance(window_days, bool) or not isinstance(window_days, int) or window_days < 1:
        msg = f"window_days should be a whole number of days, 1 or more, got {window_days!r}"
        raise GeoInputError(msg)
    chosen = events[(events["indicator"] == "inspection") & (events["as_of"] <= day.isoformat())]
    latest = (
        chosen.sort_values(["as_of", "recorded_at", "event_id"], kind="stable")
        .drop_duplicates("panchayat_lgd", keep="last")
        .set_index("panchayat_lgd")
    )
    codes = pd.Index(panchayats["lgd_code"].astype(str), name="lgd_code")
    out = pd.DataFrame(index=codes)
    out["last_inspected"] = latest["as_of"].reindex(codes).astype("string")
    out["finding"] = latest["value"].reindex(codes).astype("string")
    since = [pd.NA if pd.isna(d) else (day - dt.date.fromisoformat(d)).days for d in out["last_inspected"]]
    out["days_since"] = pd.array(since, dtype="Int64")
    out["recent"] = inspected_within(out["last_inspected"], day, window_days).to_numpy()
    offline = (out["finding"] == "offline").fillna(False).astype(bool)
    out["due"] = ~out["recent"] | offline
    reason = np.where(
        out["last_inspected"].isna(), "never", np.where(~out["recent"], "not_recent", np.where(offline, "offline", ""))
    )
    out["reason"] = pd.array([r or pd.NA for r in reason], dtype="string")
    return out


@dataclass(frozen=True)
class InspectionKpi:
    """The Review's figure "inspected in the last N days: n / N" and its change.

    Attributes
    ----------
    inspected : int or None
        Panchayats inspected in the window ending on ``as_of``; None when no
        inspection at all was recorded by then (not recorded, never 0).
    panchayats : int
        Panchayats in the store.
    before : int or None
        The same count at ``since`` (None without an earlier date, or when no
        inspection was recorded by then: a first inspection is no rise from 0).
    as_of, since : str or None
        The dates (ISO).
    window_days : int
        N.
    """

    inspected: int | None
    panchayats: int
    before: int | None
    as_of: str
    since: str | None
    window_days: int

    @property
    def change(self) -> int | None:
        """``inspected - before`` (None without an earlier date, or when either is not recorded)."""
        return None if self.before is None or self.inspected is None else self.inspected - self.before

    def text(self, lang: str = "en") -> str:
        """The text "76 / 118", or "not recorded" when no inspection was recorded by the date."""
        if self.inspected is None:
            return t("format.not_recorded", lang)
        return f"{format_count(self.inspected, lang)} / {format_count(self.panchayats, lang)}"

    def label(self, lang: str = "en") -> str:
        """The figure's title, "Inspected in the last 30 days", with this window."""
        return t("figure.title.inspected_recent", lang, days=self.window_days)


def inspection_kpi(
    panchayats: pd.DataFrame,
    events: pd.DataFrame,
    *,
    as_of: str | dt.date,
    since: str | dt.date | None = None,
    window_days: int = WINDOW_DAYS,
) -> InspectionKpi:
    """Count the panchayats inspected in the last ``window_days`` days, as of a date and (optionally) an earlier one.

    Parameters
    ----------
    panchayats, events
        The ``panchayats`` layer and the ``status_events`` table.
    as_of : str or datetime.date
        The date of the figure.
    since : str or datetime.date, optional
        The earlier date (the last review) for the change.
    window_days : int, default 30
        N.

    Returns
    -------
    InspectionKpi

    Examples
    --------
    >>> gps = pd.DataFrame({"lgd_code": ["1", "2"]})
    >>> ev = pd.DataFrame({"event_id": [1], "panchayat_lgd": ["1"], "indicator": ["inspection"],
    ...                    "value": ["offline"], "as_of": ["2020-12-01"], "recorded_at": [""]})
    >>> kpi = inspection_kpi(gps, ev, as_of="2020-12-10", since="2020-11-12")
    >>> kpi.inspected, kpi.panchayats, kpi.before, kpi.change  # nothing was inspected by 12 Nov: no change
    (1, 2, None, None)
    >>> inspection_kpi(gps, ev, as_of="2020-11-30").text()
    'not recorded'
    """

    def recent(day: str | dt.date) -> int | None:
        state = inspection_state(panchayats, events, as_of=day, window_days=window_days)
        return int(state["recent"].sum()) if state["last_inspected"].notna().any() else None

    before = None if since is None else recent(since)
    return InspectionKpi(
        recent(as_of),
        len(panchayats),
        before,
        _date(as_of).isoformat(),
        None if since is None else _date(since).isoformat(),
        window_days,
    )


def visiting_order(start: tuple[float, float], points: gpd.GeoSeries) -> list[int]:
    """A short closed tour from ``start`` through every point and back, by straight line (geodesic).

    Nearest neighbour from ``start``, then 2-opt: a stretch of the tour is reversed
    while that makes the tour shorter, until no reversal does.

    Parameters
    ----------
    start : tuple of float
        (longitude, latitude) of the start and end (EPSG:4326, degrees).
    points : geopandas.GeoSeries
        The places to visit (Points; converted to EPSG:4326 if in another CRS).

    Returns
    -------
    list of int
        Positions in ``points``, in visiting order.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> visiting_order((86.80, 23.95), gpd.GeoSeries([Point(86.86, 23.95), Point(86.82, 23.95),
    ...                                               Point(86.77, 23.95)], crs=4326))
    [1, 0, 2]
    """
    if not isinstance(points, gpd.GeoSeries) or points.crs is None:
        msg = f"'points' should be a GeoSeries with a CRS, got {type(points).__name__}"
        raise TypeError(msg)
    if len(points) == 0:
        return []
    wgs = points.to_crs(4326)
    lon = np.concatenate([[start[0]], wgs.x.to_numpy()])
    lat = np.concatenate([[start[1]], wgs.y.to_numpy()])
    a, b = np.meshgrid(np.arange(len(lon)), np.arange(len(lon)), indexing="ij")
    dist = GEOD.inv(lon[a.ravel()], lat[a.ravel()], lon[b.ravel()], lat[b.ravel()])[2].reshape(a.shape)
    tour = [0]
    left = set(range(1, len(lon)))
    while left:
        here = tour[-1]
        nearest = min(left, key=lambda j: (dist[here, j], j))
        tour.append(nearest)
        left.remove(nearest)
    return [i - 1 for i in _two_opt(tour, dist)[1:]]


def inspection_plan(
    data: StoreData, block: str, *, as_of: str | dt.date, window_days: int = WINDOW_DAYS, per_day: int = VISITS_PER_DAY
) -> pd.DataFrame:
    """The due panchayats of a block, in visiting order from its headquarters, split into days.

    Parameters
    ----------
    data : StoreData
        The store.
    block : str
        The block's LGD code or name (English or Hindi, any case).
    as_of : str or datetime.date
        The date the plan is for.
    window_days : int, default 30
        N of "inspected in the last N days".
    per_day : int, default 6
        Most visits in one day's list.

    Returns
    -------
    pandas.DataFrame
        One row per due panchayat: ``visit`` (1, 2 …), ``day``, ``lgd_code``, ``name``,
        ``name_hi``, ``last_inspected``, ``finding``, ``reason``, ``leg_km`` (straight
        line from the previous stop, or from the headquarters for a day's first visit),
        ``from_hq_km``, ``lon``, ``lat``. Its ``attrs`` hold ``block``, ``start``
        (``"HQ"`` or ``"block centre"``), ``as_of`` and ``by`` (``"straight line"``).

    Raises
    ------
    GeoInputError
        For an unknown block, a bad date or a ``per_day`` under 1.
    """
    if isinstance(per_day, bool) or not isinstance(per_day, int) or per_day < 1:
        msg = f"per_day should be a whole number of visits, 1 or more, got {per_day!r}"
        raise GeoInputError(msg)
    code = find_block(data.blocks, block)
    row = data.blocks.set_index(data.blocks["lgd_code"].astype(str)).loc[code]
    if pd.notna(row["hq_lon"]) and pd.notna(row["hq_lat"]):
        start, origin = (float(row["hq_lon"]), float(row["hq_lat"])), "HQ"
    else:
        centre = row.geometry.representative_point()
        start, origin = (centre.x, centre.y), "block centre"
    gps = data.panchayats[data.panchayats["block_lgd"].astype(str) == code].reset_index(drop=True)
    state = inspection_state(gps, data.status_events, as_of=as_of, window_days=window_days)
    due = bhawan_points(gps[state["due"].to_numpy()].reset_index(drop=True))
    order = visiting_order(start, due.geometry)
    visits = due.iloc[order].reset_index(drop=True)
    days = np.arange(len(visits)) // per_day + 1
    lon, lat = visits.geometry.x.to_numpy(), visits.geometry.y.to_numpy()
    first = np.arange(len(visits)) % per_day == 0
    previous_lon = np.where(first, start[0], np.roll(lon, 1))
    previous_lat = np.where(first, start[1], np.roll(lat, 1))
    leg = GEOD.inv(previous_lon, previous_lat, lon, lat)[2] if len(visits) else np.array([])
    from_hq = (
        GEOD.inv(np.full(len(lon), start[0]), np.full(len(lat), start[1]), lon, lat)[2] if len(visits) else np.array([])
    )
    chosen = state.loc[visits["lgd_code"].astype(str)]
    plan = pd.DataFrame(
        {
            "visit": np.arange(1, len(visits) + 1),
            "day": days,
            "lgd_code": visits["lgd_code"].astype(str).to_numpy(),
            "name": visits["name"].to_numpy(),
            "name_hi": visits["name_hi"].to_numpy(),
            "last_inspected": chosen["last_inspected"].to_numpy(),
            "finding": chosen["finding"].to_numpy(),
            "reason": chosen["reason"].to_numpy(),
            "leg_km": np.round(leg / 1000, 1),
            "from_hq_km": np.round(from_hq / 1000, 1),
            "lon": np.round(lon, 6),
            "lat": np.round(lat, 6),
        }
    )
    plan.attrs.update(
        {
            "block": code,
            "start": origin,
            "as_of": _date(as_of).isoformat(),
            "by": "straight line",
            "window_days": window_days,
            "panchayats": len(gps),
        }
    )
    return plan


def due_reason(reason: object, last_inspected: object, days_since: object = None, lang: str = "en") -> str:
    """Why a panchayat is due, in words ("last inspected 16 Nov 2020, 24 days ago").

    Examples
    --------
    >>> due_reason("offline", "2020-11-16"), due_reason("never", None)
    ('found offline on 16 Nov 2020', 'never inspected')
    """
    if reason is None or pd.isna(reason) or reason not in _REASONS:
        return ""
    days = "" if days_since is None else str(days_since)  # as given, not in the reader's digits
    return _REASONS[str(reason)](lang, date=format_date(last_inspected, lang), days=days)


def find_block(blocks: pd.DataFrame, block: str) -> str:
    """The LGD code of the block named ``block`` (its code, or its English or Hindi name in any case).

    Raises
    ------
    GeoInputError
        Naming the store's blocks, when none matches.
    """
    text = str(block).strip().casefold()
    for row in blocks.itertuples():
        names = {str(row.lgd_code), str(row.name), str(row.name_hi)}
        if text in {n.strip().casefold() for n in names if n and n != "None"}:
            return str(row.lgd_code)
    listed = ", ".join(f"{r.name} ({r.lgd_code})" for r in blocks.sort_values("name").itertuples())
    msg = f"block {block!r} is not a block of the store; choose one of: {listed or 'none (import the blocks first)'}"
    raise GeoInputError(msg)


def _date(value: str | dt.date) -> dt.date:
    day = parse_date(value, name="as_of")
    if day is None:
        msg = "as_of is required: the date of the plan or the figure (YYYY-MM-DD)"
        raise GeoInputError(msg)
    return dt.date.fromisoformat(day)


def _two_opt(tour: list[int], dist: np.ndarray) -> list[int]:
    """Improve a closed tour (``tour[0]`` fixed, returning to it) by 2-opt until no reversal shortens it."""
    route = [*tour, tour[0]]
    improved = True
    while improved:
        improved = False
        for i in range(1, len(route) - 2):
            for j in range(i + 1, len(route) - 1):
                before = dist[route[i - 1], route[i]] + dist[route[j], route[j + 1]]
                after = dist[route[i - 1], route[j]] + dist[route[i], route[j + 1]]
                if after < before - 1e-6:
                    route[i : j + 1] = route[i : j + 1][::-1]
                    improved = True
    return route[:-1]
