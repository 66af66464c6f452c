"""The review's rules, one per indicator: every panchayat's and village's state as of a date.

Each rule is written once here and documented in ``docs/data-contract.md`` ("Indicators").
The figures (:mod:`geo.review.figures`) count these states; the map classes, gap lists,
cards and exports read them. Missing data stays missing (``<NA>``): a panchayat
without any report is *not recorded*, never counted as "no".

Rules
-----
Connectivity of the panchayat building (:func:`connectivity_class`), one class each:
    ``working``: BharatNet or JharNet is live and the latest inspection did not find
    the building offline; ``live_offline``: live, but the latest inspection found it
    offline (a finding stands until a later inspection finds it online);
    ``not_live``: a rollout stage is reported on some network but none is live
    (*service-ready* is a stage, never working); ``not_recorded``: no rollout
    report on either network.
Functional CSC and community library (:func:`register_and_review`):
    two sources speak about them: the register of service points (a CSC point's
    ``functional`` flag, a library site's category, each dated by ``status_as_of``
    or, for an opened library, its opening date) and the review's dated status
    events (``csc_functional``, ``library``). The newest dated statement wins; on
    the same day the review's event wins; a register entry that is undated, or
    dated after the as-of date, counts only where no event exists. A panchayat
    with no point in a register that the store holds counts as having none
    (undated). Nothing from either source: not recorded.
A CSC point is functional on a date when its own flag says so, unless the review
    said "not functional" for its panchayat on or after the flag's date.
Aadhaar reach (:func:`village_access` measures, :func:`geo.spatial.coverage.within_reach` decides):
    a village is beyond ``aadhaar_km`` when the geodesic distance to its nearest
    functional Aadhaar centre is greater than ``aadhaar_km`` (exactly ``aadhaar_km``
    is within). With no functional Aadhaar centre at all the distance is not
    measured (``<NA>``), not "far".
A district is accountable for its own (:func:`row_districts`):
    in a store of several districts, a village's nearest centre is sought among its
    own district's centres, and a register (CSC, library, PMGDISHA, Aadhaar) is held
    where the district holds any point of it. A store of one district is that
    district, every row of it, also a centre just across its border.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.review.status import current_status, parse_date
from geo.spatial.nearest import SERVICE_KINDS, nearest_service_within, origin_points
from geo.storage.districts import district_keys
from geo.storage.store import StoreData

__all__ = [
    "ACCESS_KINDS",
    "CONNECTIVITY_CLASSES",
    "CSC_STATES",
    "services_as_of",
    "functional_counts",
    "bhawan_points",
    "connectivity_class",
    "register_and_review",
    "effective_services",
    "row_districts",
    "village_access",
    "panchayat_indicators",
]

#: Service kinds whose nearest point is measured from every village.
ACCESS_KINDS = ("aadhaar", "csc", "pmgdisha")
#: Connectivity classes of a panchayat building, in the review's order (they add up to every panchayat).
CONNECTIVITY_CLASSES = ("working", "live_offline", "not_live", "not_recorded")
#: States of "a functional CSC" (missing: not recorded).
CSC_STATES = ("functional", "not_functional")


def services_as_of(services: gpd.GeoDataFrame, as_of: str | dt.date | None = None) -> gpd.GeoDataFrame:
    """Return the service points that existed on ``as_of`` (opened on or before it).

    Points with no opening date count as always there.
    """
    cutoff = parse_date(as_of, name="as_of")
    if cutoff is None:
        return services
    opened = services["opened"].fillna("")
    return services[(opened == "") | (opened <= cutoff)]


def functional_counts(services: gpd.GeoDataFrame) -> pd.Series:
    """How many functional service points each kind has (kinds with none are absent).

    Parameters
    ----------
    services : geopandas.GeoDataFrame
        Service points with a boolean ``functional`` column (missing: not functional).

    Returns
    -------
    pandas.Series
        Kind -> count of points whose ``functional`` flag is true.
    """
    functional = services["functional"].fillna(False).astype(bool)
    return services.loc[functional, "kind"].value_counts()


def functional_centres(services: gpd.GeoDataFrame, kind: str) -> gpd.GeoDataFrame:
    """The service points of ``kind`` whose ``functional`` flag is true (missing: not functional)."""
    functional = services["functional"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    return services[(services["kind"] == kind).to_numpy() & functional]


def bhawan_points(panchayats: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Panchayats as points: the panchayat bhawan, or the centroid where none is recorded.

    Parameters
    ----------
    panchayats : geopandas.GeoDataFrame
        The ``panchayats`` layer (EPSG:4326).

    Returns
    -------
    geopandas.GeoDataFrame
        The same rows and columns with Point geometry (EPSG:4326).
    """
    centroids = origin_points(panchayats, how="centroid").geometry
    has_bhawan = (panchayats["bhawan_lon"].notna() & panchayats["bhawan_lat"].notna()).to_numpy()
    bhawan = gpd.GeoSeries(
        gpd.points_from_xy(panchayats["bhawan_lon"], panchayats["bhawan_lat"]),
        index=panchayats.index,
        crs=panchayats.crs,
    )
    return panchayats.set_geometry(bhawan.where(has_bhawan, centroids))


def connectivity_class(status: pd.DataFrame) -> pd.Series:
    """The connectivity class of each panchayat building (see the module docstring).

    Parameters
    ----------
    status : pandas.DataFrame
        Columns ``bharatnet``, ``jharnet`` and ``inspection`` as
        :func:`geo.review.status.current_status` returns them (missing = not recorded).

    Returns
    -------
    pandas.Series
        One of :data:`CONNECTIVITY_CLASSES` per row, same index.

    Examples
    --------
    >>> status = pd.DataFrame({"bharatnet": ["live", "live", "service_ready", None],
    ...                        "jharnet": [None, "planned", None, None],
    ...                        "inspection": ["online", "offline", "online", None]})
    >>> connectivity_class(status).tolist()
    ['working', 'live_offline', 'not_live', 'not_recorded']
    """
    bharatnet = status["bharatnet"].astype("string")
    jharnet = status["jharnet"].astype("string")
    live = ((bharatnet == "live") | (jharnet == "live")).fillna(False).to_numpy(dtype=bool)
    offline = (status["inspection"].astype("string") == "offline").fillna(False).to_numpy(dtype=bool)
    reported = (bharatnet.notna() | jharnet.notna()).to_numpy(dtype=bool)
    classes = np.select(
        [live & ~offline, live & offline, reported], ["working", "live_offline", "not_live"], default="not_recorded"
    )
    return pd.Series(classes, index=status.index, dtype=object)


def register_and_review(
    review: pd.Series,
    review_as_of: pd.Series,
    register: pd.Series,
    register_as_of: pd.Series,
) -> pd.DataFrame:
    """Combine a register's statement with the review's: the newest dated one wins.

    All four series share one index (panchayats). On the same day the review wins;
    a register statement with no date (or one dated after the as-of date, passed
    here as missing) counts only where the review says nothing.

    Returns
    -------
    pandas.DataFrame
        ``value`` (missing: neither source says anything), ``as_of`` (the date of
        the deciding statement, missing when it is undated) and ``source``
        (``"review"`` or ``"register"``).

    Examples
    --------
    >>> idx = ["a", "b", "c", "d"]
    >>> out = register_and_review(
    ...     pd.Series(["no", "no", None, None], index=idx),
    ...     pd.Series(["2020-11-12", "2020-12-10", None, None], index=idx),
    ...     pd.Series(["yes", "yes", "yes", None], index=idx),
    ...     pd.Series(["2020-12-01", "2020-12-01", None, None], index=idx))
    >>> out["value"].tolist(), out["source"].tolist()
    (['yes', 'no', 'yes', <NA>], ['register', 'review', 'register', <NA>])
    """
    review = review.astype("string")
    register = register.astype("string")
    review_date = review_as_of.astype("string")
    register_date = register_as_of.astype("string")
    review_wins = review.notna() & (register.isna() | register_date.isna() | (review_date >= register_date))
    review_wins = review_wins.fillna(True).astype(bool)
    use_register = ~review_wins & register.notna()
    value = review.where(review_wins, register.where(use_register))
    as_of = review_date.where(review_wins, register_date.where(use_register))
    source = pd.Series(pd.NA, index=review.index, dtype="string")
    source[review_wins & review.notna()] = "review"
    source[use_register] = "register"
    return pd.DataFrame({"value": value.astype("string"), "as_of": as_of.astype("string"), "source": source})


def effective_services(
    services: gpd.GeoDataFrame,
    events: pd.DataFrame,
    *,
    as_of: str | dt.date | None = None,
) -> gpd.GeoDataFrame:
    """Service points that existed on ``as_of``, with their ``functional`` flag as of that date.

    A CSC point whose panchayat the review reported "not functional" on or after
    the date of the point's own flag (or whose flag is undated, or dated after
    ``as_of``) is not functional. Other points keep their flag; a missing flag is
    not functional.

    Returns
    -------
    geopandas.GeoDataFrame
        A new frame (EPSG:4326) with ``functional`` as a plain bool.
    """
    cutoff = parse_date(as_of, name="as_of")
    out = services_as_of(services, cutoff).copy()
    flag = out["functional"].fillna(False).astype(bool)
    csc = (out["kind"] == "csc").to_numpy()
    if csc.any() and len(events):
        review = current_status(events[events["indicator"] == "csc_functional"], as_of=cutoff)
        said_no = review["csc_functional"] == "no"
        no_since = review["csc_functional_as_of"].where(said_no)
        stated = out["panchayat_lgd"].map(no_since).astype("string")
        flag_date = _known_date(out["status_as_of"], cutoff)
        overruled = stated.notna() & (flag_date.isna() | (stated >= flag_date))
        flag = flag & ~(overruled.fillna(False).astype(bool) & csc)
    out["functional"] = flag.to_numpy(dtype=bool)
    return out


def row_districts(data: StoreData) -> dict[str, pd.Series]:
    """The district each panchayat, village and service point of ``data`` is counted in.

    A store of several districts: :func:`geo.storage.districts.district_keys` (a row of
    no district is counted in none). A store of one district (or none yet): every row is
    that district's, also a point just across its border.

    Returns
    -------
    dict of str to pandas.Series
        ``panchayats``, ``villages``, ``service_points`` and ``blocks``: the district
        code of each row (``string``, aligned with the layer).
    """
    if len(data.districts) > 1:
        return district_keys(data)
    code = data.district_codes()[0] if len(data.districts) else ""
    return {
        name: pd.Series(code, index=frame.index, dtype="string")
        for name, frame in (
            ("panchayats", data.panchayats),
            ("villages", data.villages),
            ("service_points", data.service_points),
            ("blocks", data.blocks),
        )
    }


def village_access(
    data: StoreData,
    services: gpd.GeoDataFrame,
    *,
    kinds: tuple[str, ...] = ACCESS_KINDS,
    districts: dict[str, pd.Series] | None = None,
) -> gpd.GeoDataFrame:
    """Villages with the nearest functional service point of each kind, in their own district.

    Parameters
    ----------
    data : StoreData
        The store's content (villages, panchayats).
    services : geopandas.GeoDataFrame
        :func:`effective_services` for the date (rows of ``data.service_points``, same index).
    kinds : tuple of str, default ``("aadhaar", "csc", "pmgdisha")``
        Service kinds to measure. A kind with no functional point in a village's
        district is not measured there: its columns are missing, never a distance.
    districts : dict of str to pandas.Series, optional
        :func:`row_districts` of ``data`` (computed when not given).

    Returns
    -------
    geopandas.GeoDataFrame
        The villages (EPSG:4326, same index) plus ``block_lgd`` and, per kind,
        ``<kind>_id``, ``<kind>_name``, ``<kind>_name_hi`` and ``<kind>_dist_km``
        (geodesic km).
    """
    districts = row_districts(data) if districts is None else districts
    villages = data.villages.copy()
    villages["block_lgd"] = villages["panchayat_lgd"].map(data.panchayats.set_index("lgd_code")["block_lgd"])
    available = functional_counts(services).index
    service_groups = districts["service_points"].reindex(services.index)
    for kind in kinds:
        if kind in available and len(villages):
            near = nearest_service_within(
                villages, services, kind, origin_groups=districts["villages"], service_groups=service_groups
            )
            villages[f"{kind}_id"] = near["nearest_id"].astype("string")
            villages[f"{kind}_name"] = near["nearest_name"].astype("string")
            villages[f"{kind}_name_hi"] = near["nearest_name_hi"].astype("string")
            villages[f"{kind}_dist_km"] = near["nearest_dist_m"].to_numpy(dtype=float) / 1000.0
        else:
            for column in ("id", "name", "name_hi"):
                villages[f"{kind}_{column}"] = pd.Series(pd.NA, index=villages.index, dtype="string")
            villages[f"{kind}_dist_km"] = np.nan
    return villages


def panchayat_indicators(
    data: StoreData,
    services: gpd.GeoDataFrame,
    villages: gpd.GeoDataFrame,
    *,
    as_of: str | dt.date | None = None,
    aadhaar_km: float = 10.0,
    districts: dict[str, pd.Series] | None = None,
) -> gpd.GeoDataFrame:
    """Every indicator of the review, one row per panchayat.

    Parameters
    ----------
    data : StoreData
        The store's content.
    services : geopandas.GeoDataFrame
        :func:`effective_services` for ``as_of``.
    villages : geopandas.GeoDataFrame
        :func:`village_access` for the same services, with ``beyond_aadhaar``
        (see :func:`geo.review.analysis.analyse`).
    as_of : str or datetime.date, optional
        Status as of this date; default: latest.
    aadhaar_km : float, default 10
        The Aadhaar reach threshold (km).
    districts : dict of str to pandas.Series, optional
        :func:`row_districts` of ``data`` (computed when not given): a register counts
        where the panchayat's district holds it.

    Returns
    -------
    geopandas.GeoDataFrame
        Panchayat polygons (EPSG:4326) with ``block_name``/``block_name_hi``;
        ``bharatnet``, ``jharnet``, ``inspection`` and their ``_as_of`` dates;
        ``connectivity`` (:data:`CONNECTIVITY_CLASSES`); ``csc``
        (:data:`CSC_STATES` or missing), ``csc_as_of``, ``csc_source``,
        ``csc_points``, ``csc_functional_points``; ``library``, ``library_as_of``,
        ``library_source``, ``library_books`` (the counts of a register the panchayat's
        district never held — no CSC, library or PMGDISHA point at all — are missing, not 0);
        ``villages``, ``population`` and
        ``population_unrecorded`` (villages without a population);
        ``villages_beyond_aadhaar``, ``population_beyond_aadhaar``,
        ``population_beyond_aadhaar_unrecorded``, ``aadhaar_max_km``;
        ``pmgdisha_centres`` and ``pmgdisha_registered``/``_trained``/``_passed``.
        Counts that cannot be known are missing (``<NA>``).
    """
    if not aadhaar_km > 0:
        msg = f"aadhaar_km must be a positive distance in km, got {aadhaar_km!r}"
        raise ValueError(msg)
    cutoff = parse_date(as_of, name="as_of")
    districts = row_districts(data) if districts is None else districts
    gps = data.panchayats.copy()
    blocks = data.blocks.set_index("lgd_code")
    gps["block_name"] = gps["block_lgd"].map(blocks["name"])
    gps["block_name_hi"] = gps["block_lgd"].map(blocks["name_hi"])
    status = current_status(data.status_events, gps["lgd_code"], as_of=cutoff)
    codes = gps["lgd_code"]
    for column in ("bharatnet", "jharnet", "inspection"):
        gps[column] = codes.map(status[column]).astype("string")
        gps[f"{column}_as_of"] = codes.map(status[f"{column}_as_of"]).astype("string")
    gps["connectivity"] = connectivity_class(gps).to_numpy()

    places = _Places(districts["panchayats"], districts["service_points"].reindex(services.index))
    csc = _csc_state(services, status, codes, cutoff, places)
    library = _library_state(services, status, codes, cutoff, places)
    for name, frame in (("csc", csc), ("library", library)):
        gps[name] = pd.array(frame["value"], dtype="string")
        gps[f"{name}_as_of"] = pd.array(frame["as_of"], dtype="string")
        gps[f"{name}_source"] = pd.array(frame["source"], dtype="string")
    # Registers supplied, whatever their dates: held where the panchayat's district holds any point of one.
    held = _held_registers(data.service_points, districts["service_points"], districts["panchayats"])
    points = services[services["kind"] == "csc"].groupby("panchayat_lgd")
    gps["csc_points"] = _held(_count(codes, points.size()), held["csc"])
    gps["csc_functional_points"] = _held(_count(codes, points["functional"].sum()), held["csc"])
    books = services[services["kind"] == "library"]
    gps["library_books"] = _held(_sum_known(codes, books["books"], books["panchayat_lgd"]), held["library"])

    measured = _measured(villages, districts["villages"], districts["panchayats"])
    gps = gps.join(_village_figures(villages, codes, measured), on="lgd_code")
    pmg = services[services["kind"] == "pmgdisha"]
    gps["pmgdisha_centres"] = _held(_count(codes, pmg.groupby("panchayat_lgd").size()), held["pmgdisha"])
    for column in ("registered", "trained", "passed"):
        gps[f"pmgdisha_{column}"] = _held(_sum_known(codes, pmg[column], pmg["panchayat_lgd"]), held["pmgdisha"])
    return gps


# --- private helpers ------------------------------------------------------------------


def _known_on_the_day(
    register: pd.DataFrame, stated: pd.Series, cutoff: str | None
) -> tuple[pd.DataFrame, set[str]] | None:
    """A register's rows as known on ``cutoff``: a statement dated after that day was not yet known then.

    The one step of every register rule (the CSC flags, the library sites): a row whose
    statement is dated after the day is left out, and its panchayat reads not recorded
    (not "none") unless another of its rows was known; a register none of whose rows
    was known on the day says nothing of that day.

    Parameters
    ----------
    register : pandas.DataFrame
        The register's rows (``panchayat_lgd`` each).
    stated : pandas.Series
        The date of each row's statement (ISO text, aligned with ``register``; missing: undated).
    cutoff : str, optional
        The day asked for (YYYY-MM-DD); None: the latest, everything known.

    Returns
    -------
    tuple or None
        The rows known on the day, with their statement's date as ``date`` (text; missing:
        undated), and the panchayats with a row known only later; None when the register
        has no row known on the day (none at all, or every one dated after it).
    """
    date = _known_date(stated, cutoff)
    later = (stated.notna() & date.isna()).to_numpy(dtype=bool)  # stated after the day: not yet known
    if later.all():
        return None
    unknown = set(register.loc[later, "panchayat_lgd"].dropna())
    return register[~later].assign(date=date[~later]), unknown


def _known_date(dates: pd.Series, cutoff: str | None) -> pd.Series:
    """Dates as text; missing where undated or after ``cutoff`` (not yet known on that day)."""
    text = dates.astype("string")
    return text if cutoff is None else text.where(text <= cutoff)


@dataclass(frozen=True)
class _Places:
    """The district of each panchayat (aligned with the panchayats) and service point (with the services)."""

    panchayats: pd.Series
    services: pd.Series

    def holding(self, rows: pd.Index) -> np.ndarray:
        """Per panchayat: whether its district has one of the service points ``rows`` (a register it holds)."""
        return self.panchayats.isin(set(self.services.loc[rows].dropna())).to_numpy(dtype=bool)


def _held_registers(points: pd.DataFrame, point_districts: pd.Series, gp_districts: pd.Series) -> dict[str, np.ndarray]:
    """Per service kind: whether each panchayat's district holds any point of that kind (whatever its date)."""
    pairs = pd.DataFrame({"kind": points["kind"].astype("string").to_numpy(), "district": point_districts.to_numpy()})
    by_kind = pairs.dropna().groupby("kind")["district"].agg(set)
    return {kind: gp_districts.isin(by_kind.get(kind, set())).to_numpy(dtype=bool) for kind in SERVICE_KINDS}


def _measured(villages: pd.DataFrame, village_districts: pd.Series, gp_districts: pd.Series) -> np.ndarray:
    """Per panchayat: whether Aadhaar reach was measured in its district (a centre there, or no village to measure)."""
    frame = pd.DataFrame(
        {"district": village_districts.to_numpy(), "known": villages["beyond_aadhaar"].notna().to_numpy(dtype=bool)}
    )
    known = frame.groupby("district")["known"].any()
    unmeasured = set(known.index[~known.to_numpy(dtype=bool)])
    return (~gp_districts.isin(unmeasured)).to_numpy(dtype=bool)


def _held(counts: pd.Series, register_held: np.ndarray) -> pd.Series:
    """Counts from a register (``Int64``): missing where the panchayat's district never held that register."""
    counts = counts.astype("Int64")
    return counts.where(register_held, pd.NA)


def _count(codes: pd.Series, per_gp: pd.Series) -> pd.Series:
    """Counts per panchayat (0 where a panchayat has none)."""
    return codes.map(per_gp).fillna(0).astype("int64")


def _sum_known(codes: pd.Series, values: pd.Series, gp_of: pd.Series) -> pd.Series:
    """Sum of the known values per panchayat: 0 with no row, missing when every row is unknown."""
    frame = pd.DataFrame({"gp": gp_of.to_numpy(), "value": pd.array(values, dtype="Float64")})
    grouped = frame.groupby("gp")["value"]
    total = grouped.sum(min_count=1)
    rows = grouped.size()
    out = codes.map(total).astype("Float64")
    has_rows = codes.map(rows).fillna(0) > 0
    out = out.where(has_rows | out.notna(), 0)
    return out.round().astype("Int64")


def _csc_state(
    services: gpd.GeoDataFrame, status: pd.DataFrame, codes: pd.Series, cutoff: str | None, places: _Places
) -> pd.DataFrame:
    """The CSC rule: the register's flags against the review's ``csc_functional`` events."""
    yes, no = CSC_STATES
    csc = services[services["kind"] == "csc"]
    register = pd.Series(pd.NA, index=codes.index, dtype="string")
    register_as_of = pd.Series(pd.NA, index=codes.index, dtype="string")
    known = _known_on_the_day(csc, csc["status_as_of"], cutoff)
    if known is not None:
        rows, unknown = known
        by_gp = rows.groupby("panchayat_lgd")
        any_functional = by_gp["functional"].any()
        register = codes.map(any_functional.map({True: yes, False: no})).astype("string")
        none = ~(register.notna() | codes.isin(unknown)).to_numpy(dtype=bool) & places.holding(rows.index)
        register = register.mask(none, no)  # in the district's register, no point: none
        register_as_of = codes.map(by_gp["date"].max()).astype("string")
    review = codes.map(status["csc_functional"].map({"yes": yes, "no": no}))
    review_as_of = codes.map(status["csc_functional_as_of"])
    return register_and_review(review, review_as_of, register, register_as_of)


def _library_state(
    services: gpd.GeoDataFrame, status: pd.DataFrame, codes: pd.Series, cutoff: str | None, places: _Places
) -> pd.DataFrame:
    """The library rule: library sites (opened / space identified) against the review's ``library`` events."""
    sites = services[services["kind"] == "library"]
    register = pd.Series(pd.NA, index=codes.index, dtype="string")
    register_as_of = pd.Series(pd.NA, index=codes.index, dtype="string")
    opened = (sites["category"] == "opened").fillna(False).to_numpy(dtype=bool)
    stated = sites["status_as_of"].astype("string").where(~opened, sites["opened"].astype("string"))
    known = _known_on_the_day(sites.assign(is_open=opened), stated, cutoff)
    if known is not None:
        rows, unknown = known
        frame = pd.DataFrame(
            {
                "gp": rows["panchayat_lgd"].to_numpy(),
                "opened": rows["is_open"].to_numpy(),
                "date": rows["date"].to_numpy(),
            }
        )
        stage = frame.groupby("gp")["opened"].any().map({True: "opened", False: "space_identified"})
        register = codes.map(stage).astype("string")
        none = ~(register.notna() | codes.isin(unknown)).to_numpy(dtype=bool) & places.holding(rows.index)
        register = register.mask(none, "not_started")  # in the district's register, no site here
        # The date of the statement that decides the stage: the latest opened site, else the latest site.
        deciding = frame[frame["opened"] == frame.groupby("gp")["opened"].transform("max")]
        register_as_of = codes.map(deciding.groupby("gp")["date"].max()).astype("string")
    review = codes.map(status["library"])
    review_as_of = codes.map(status["library_as_of"])
    return register_and_review(review, review_as_of, register, register_as_of)


def _village_figures(villages: gpd.GeoDataFrame, codes: pd.Series, measured: np.ndarray) -> pd.DataFrame:
    """Population and Aadhaar reach per panchayat, unknown kept unknown (``measured``: per panchayat)."""
    out = pd.DataFrame(index=pd.Index(codes, name="lgd_code"))
    gp = villages["panchayat_lgd"]
    population = villages["population"].astype("Int64")
    known = population.notna()
    out["villages"] = _count(codes, villages.groupby(gp).size()).to_numpy()
    out["population"] = _sum_known(codes, population, gp).to_numpy()
    out["population_unrecorded"] = _count(codes, (~known).groupby(gp).sum()).to_numpy()
    far = villages["beyond_aadhaar"].fillna(False).astype(bool)
    # No functional Aadhaar centre in the panchayat's district: nothing measured, not "none far".
    beyond = pd.array(_count(codes, far.groupby(gp).sum()).to_numpy(), dtype="Int64")
    out["villages_beyond_aadhaar"] = pd.Series(beyond, index=out.index).where(measured, pd.NA)
    people = pd.array(_sum_known(codes, population[far], gp[far]).to_numpy(), dtype="Int64")
    out["population_beyond_aadhaar"] = pd.Series(people, index=out.index).where(measured, pd.NA)
    unrecorded = _count(codes, (far & ~known).groupby(gp).sum()).to_numpy()
    out["population_beyond_aadhaar_unrecorded"] = np.where(measured, unrecorded, 0)
    out["aadhaar_max_km"] = codes.map(villages.groupby(gp)["aadhaar_dist_km"].max()).astype(float).round(2).to_numpy()
    return out
