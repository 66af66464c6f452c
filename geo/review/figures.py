"""The review's figures: one definition and one count each, for the district and every block.

Each figure counts the states that :mod:`geo.review.indicators` assigns (never a second
rule of its own), so the cards, the map legend, the gap lists, ``summary``, the
exports, the map sheets and the public pages all show the same number. The table
"Indicators" in ``docs/data-contract.md`` is the same list for people.

A figure that cannot be known is missing (``<NA>``) and shown as *not recorded*
(or, for Aadhaar reach with no centre, *no Aadhaar centre recorded*), never 0; a
figure that could count only some of its items says how many it left out.

When a figure is not recorded
-----------------------------
A figure counts what a source recorded; where the source recorded nothing for an
area (the district, or a block) by the date, the figure is not recorded there —
never 0, and its change since an earlier review is not a number but "no
inspection recorded by 12 Nov 2020" (:meth:`Figures.missing_by`). Per figure:

- ``working``, ``not_live``: no panchayat of the area has a BharatNet or JharNet
  report; ``live_offline`` also when none was inspected (nothing can have been
  found offline); ``bharatnet_live``/``jharnet_live``: no report of that network.
- ``inspected``, ``inspected_recent``: no panchayat of the area was inspected by the date.
- ``csc_functional``/``csc_not_functional``, ``library_opened``/``_space``/``_not_started``:
  no panchayat of the area has a CSC (library) state.
- ``pmgdisha_*``, ``aadhaar_centres``: the store holds no PMGDISHA (Aadhaar) centre
  at all — its register was never supplied (with a register, a block without a
  centre has 0).
- The ``*_not_recorded`` classes are always counted, so each group of
  :data:`PARTITIONS` adds up to the panchayats with "not recorded" as one of its
  classes (:meth:`Figures.breakdown`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.formats import format_count, format_date
from geo.review.status import inspected_within
from geo.text import Text, t, texts

#: The window of the ``inspected_recent`` figure, days (as :data:`geo.review.inspections.WINDOW_DAYS`).
INSPECTION_WINDOW_DAYS = 30

__all__ = [
    "Figure",
    "FIGURES",
    "PARTITIONS",
    "PUBLIC_FIGURES",
    "PUBLIC_GROUPS",
    "NO_AADHAAR",
    "MISSING_BY",
    "Figures",
    "class_counts",
    "compute_figures",
]

#: How Aadhaar reach reads when the store has no functional Aadhaar centre.
NO_AADHAAR = Text("figure.no_aadhaar")

#: Why a figure is not recorded -> what was not recorded; :meth:`Figures.missing_by` adds the date ("… by 12 Nov 2020").
MISSING_BY: dict[str, Text] = texts("figure.missing")


@dataclass(frozen=True)
class Figure:
    """One figure of the review.

    Attributes
    ----------
    key : str
        Its name in every table, export and test.
    label : geo.text.Text
        Its title; ``{km:g}`` is the Aadhaar threshold, ``{days}`` the inspection window.
    meaning : str
        The rule, in a sentence (the README's "Indicators" table says the same).
    unit : str
        What it counts: ``panchayats``, ``villages``, ``people``, ``centres`` or ``learners``.
    of_panchayats : bool
        Shown as "n / panchayats".
    lower_is_better : bool
        A fall is good news (distance gaps).
    """

    key: str
    label: Text
    meaning: str
    unit: str
    of_panchayats: bool = False
    lower_is_better: bool = False

    def title(self, lang: str = "en", *, aadhaar_km: float = 10.0) -> str:
        """The label in ``lang`` with the Aadhaar threshold (and the inspection window) filled in."""
        return self.label(lang, km=aadhaar_km, days=INSPECTION_WINDOW_DAYS)


def _figure(key: str, meaning: str, unit: str, **flags: bool) -> Figure:
    return Figure(key, texts("figure.title")[key], meaning, unit, **flags)


#: Every figure, in the review's order.
FIGURES: dict[str, Figure] = {
    f.key: f
    for f in (
        _figure("panchayats", "Panchayats in the store.", "panchayats"),
        _figure(
            "working",
            "BharatNet or JharNet live and not found offline at the latest inspection.",
            "panchayats",
            of_panchayats=True,
        ),
        _figure(
            "live_offline",
            "BharatNet or JharNet live, but the latest inspection found the building offline.",
            "panchayats",
            of_panchayats=True,
            lower_is_better=True,
        ),
        _figure(
            "not_live",
            "A rollout stage is reported but neither network is live (service-ready is not live).",
            "panchayats",
            of_panchayats=True,
            lower_is_better=True,
        ),
        _figure(
            "connectivity_not_recorded",
            "No BharatNet or JharNet report at all.",
            "panchayats",
            of_panchayats=True,
            lower_is_better=True,
        ),
        _figure(
            "bharatnet_live",
            "The latest BharatNet stage is live.",
            "panchayats",
            of_panchayats=True,
        ),
        _figure(
            "jharnet_live",
            "The latest JharNet stage is live.",
            "panchayats",
            of_panchayats=True,
        ),
        _figure(
            "inspected",
            "At least one connectivity inspection on record.",
            "panchayats",
            of_panchayats=True,
        ),
        _figure(
            "inspected_recent",
            "The latest connectivity inspection lies on one of the 30 days ending on the figures' date "
            "(geo.review.status.inspected_within; geo.review.inspections plans the visits).",
            "panchayats",
            of_panchayats=True,
        ),
        _figure(
            "csc_functional",
            "The newest dated statement, register flag or review event, says a CSC works.",
            "panchayats",
            of_panchayats=True,
        ),
        _figure(
            "csc_not_functional",
            "The newest dated statement says no CSC works (or the register has none there).",
            "panchayats",
            of_panchayats=True,
            lower_is_better=True,
        ),
        _figure(
            "csc_not_recorded",
            "Neither the register nor the review says anything.",
            "panchayats",
            of_panchayats=True,
            lower_is_better=True,
        ),
        _figure(
            "library_opened",
            "The newest dated statement, library site or review event, says opened.",
            "panchayats",
            of_panchayats=True,
        ),
        _figure(
            "library_space",
            "The newest statement says space identified.",
            "panchayats",
            of_panchayats=True,
        ),
        _figure(
            "library_not_started",
            "The newest statement says not started (or the register has no site there).",
            "panchayats",
            of_panchayats=True,
            lower_is_better=True,
        ),
        _figure(
            "library_not_recorded",
            "Neither library sites nor the review say anything.",
            "panchayats",
            of_panchayats=True,
            lower_is_better=True,
        ),
        _figure(
            "pmgdisha_centres",
            "PMGDISHA centres in the register, opened by the date.",
            "centres",
        ),
        _figure(
            "pmgdisha_registered",
            "Sum over centres that reported it.",
            "learners",
        ),
        _figure(
            "pmgdisha_trained",
            "Sum over centres that reported it.",
            "learners",
        ),
        _figure("pmgdisha_passed", "Sum over centres that reported it.", "learners"),
        _figure("villages", "Villages in the store.", "villages"),
        _figure("population", "Sum of the villages' recorded population.", "people"),
        _figure(
            "aadhaar_centres",
            "Aadhaar enrolment centres in the register, functional on the date.",
            "centres",
        ),
        _figure(
            "villages_beyond_aadhaar",
            "Geodesic distance to the nearest functional Aadhaar centre greater than the threshold.",
            "villages",
            lower_is_better=True,
        ),
        _figure(
            "population_beyond_aadhaar",
            "Recorded population of those villages.",
            "people",
            lower_is_better=True,
        ),
        _figure(
            "jharsewa_received",
            "Caste, income, residence and marriage certificates applied for: the latest report of each block "
            "and type, summed.",
            "applications",
        ),
        _figure(
            "jharsewa_disposed",
            "The same reports: applications disposed of.",
            "applications",
        ),
        _figure(
            "jharsewa_pending",
            "The same reports: pending (received − disposed where not reported).",
            "applications",
            lower_is_better=True,
        ),
    )
}

#: Figures that split the panchayats into exclusive classes (each group adds up to ``panchayats``; the last
#: class of each is "not recorded").
PARTITIONS: dict[str, tuple[str, ...]] = {
    "connectivity": ("working", "live_offline", "not_live", "connectivity_not_recorded"),
    "csc": ("csc_functional", "csc_not_functional", "csc_not_recorded"),
    "library": ("library_opened", "library_space", "library_not_started", "library_not_recorded"),
}

#: The figures the public pages show, in groups (every figure is public; these answer a citizen's questions):
#: each breakdown whole, "not recorded" included, so it adds up to the panchayats.
PUBLIC_GROUPS: tuple[tuple[str, ...], ...] = (
    PARTITIONS["connectivity"],
    PARTITIONS["csc"],
    PARTITIONS["library"],
    ("villages_beyond_aadhaar",),
)
#: :data:`PUBLIC_GROUPS`, one after the other.
PUBLIC_FIGURES = tuple(key for group in PUBLIC_GROUPS for key in group)

_LEFT_OUT = {
    "population": Text("figure.left_out.population"),
    "population_beyond_aadhaar": Text("figure.left_out.population_beyond_aadhaar"),
    **dict.fromkeys(("pmgdisha_registered", "pmgdisha_trained", "pmgdisha_passed"), Text("figure.left_out.pmgdisha")),
    **dict.fromkeys(("jharsewa_received", "jharsewa_disposed", "jharsewa_pending"), Text("figure.left_out.jharsewa")),
}
DISTRICT = "district"
#: The figure of each recorded state of the CSC and the library (their ``*_not_recorded`` counts the rest).
_STATES = {
    "csc": {"csc_functional": "functional", "csc_not_functional": "not_functional"},
    "library": {"library_opened": "opened", "library_space": "space_identified", "library_not_started": "not_started"},
}


@dataclass(frozen=True)
class Figures:
    """Every figure for the district and each block.

    Attributes
    ----------
    values : pandas.DataFrame
        Index: ``"district"`` then the block LGD codes; one ``Int64`` column per
        key of :data:`FIGURES` (missing: cannot be known).
    left_out : pandas.DataFrame
        Same shape, ``int64``: how many items each figure could not count.
    aadhaar_km : float
        The Aadhaar threshold of the two Aadhaar figures.
    aadhaar_measured : bool
        False when the store has no functional Aadhaar centre (nothing measured).
    why : pandas.DataFrame
        Same shape, object: where a value is missing, why (a key of :data:`MISSING_BY`); else None.
    """

    values: pd.DataFrame
    left_out: pd.DataFrame
    aadhaar_km: float
    aadhaar_measured: bool
    why: pd.DataFrame

    @property
    def district(self) -> pd.Series:
        """District values, figure key -> Int64 (missing: not recorded)."""
        return self.values.loc[DISTRICT]

    @property
    def by_block(self) -> pd.DataFrame:
        """Block values (index: block LGD code)."""
        return self.values.drop(index=DISTRICT)

    def known(self, key: str, area: str = DISTRICT) -> bool:
        """Whether the figure was recorded in ``area`` (its value is a number)."""
        return not pd.isna(self.values.at[area, key])

    def missing_by(self, key: str, date: str | None, lang: str = "en", area: str = DISTRICT) -> str | None:
        """Why the figure is not recorded, as of ``date``: "no inspection recorded by 12 Nov 2020"; None when known.

        The change since a review where nothing was recorded reads this, never a number.

        Examples
        --------
        >>> from geo.review.analysis import analyse
        >>> from geo.storage.store import read_store
        >>> figures = analyse(read_store(), as_of="2020-11-12").figures
        >>> figures.missing_by("inspected", "2020-11-12"), figures.missing_by("working", "2020-11-12")
        ('no inspection recorded by 12 Nov 2020', None)
        """
        if self.known(key, area):
            return None
        what = MISSING_BY[self.why.at[area, key]](lang)
        if date is None:
            return what
        return t("figure.missing_by", lang, what=what, date=format_date(date, lang))

    def breakdown(self, group: str, lang: str = "en", area: str = DISTRICT) -> list[tuple[str, str, str]]:
        """The classes of a group of :data:`PARTITIONS` as shown: (key, title, "12 / 23" or "not recorded").

        The last class is always "not recorded" and always counted, so the known
        values add up to the panchayats.
        """
        return [(key, self.title(key, lang), self.text(key, lang, area)) for key in PARTITIONS[group]]

    def value(self, key: str, area: str = DISTRICT) -> int | None:
        """One value as a plain int (None: not recorded)."""
        value = self.values.at[area, key]
        return None if pd.isna(value) else int(value)

    def text(self, key: str, lang: str = "en", area: str = DISTRICT, *, of_panchayats: bool = True) -> str:
        """The value as shown everywhere: "40 / 120", "51,196", "not recorded".

        ``of_panchayats=False`` leaves out the " / 120" (tables that show the panchayats in a column).
        """
        value = self.value(key, area)
        if value is None:
            return NO_AADHAAR(lang) if self.why.at[area, key] == "aadhaar_reach" else t("format.not_recorded", lang)
        shown = format_count(value, lang)
        if FIGURES[key].of_panchayats and of_panchayats:
            shown += f" / {format_count(self.value('panchayats', area) or 0, lang)}"
        return shown

    def note(self, key: str, lang: str = "en", area: str = DISTRICT) -> str | None:
        """What the figure left out ("45 village(s) with no population recorded are not counted"), or None."""
        n = int(self.left_out.at[area, key])
        if n == 0 or key not in _LEFT_OUT:
            return None
        return _LEFT_OUT[key](lang, n=format_count(n, lang), km=self.aadhaar_km)

    def title(self, key: str, lang: str = "en") -> str:
        """The figure's label in ``lang`` (threshold filled in)."""
        return FIGURES[key].title(lang, aadhaar_km=self.aadhaar_km)


def compute_figures(
    panchayats: pd.DataFrame,
    villages: pd.DataFrame,
    services: gpd.GeoDataFrame,
    *,
    aadhaar_km: float,
    block_codes: list[str] | pd.Index | None = None,
    certificates: pd.DataFrame | None = None,
    as_of: str | None = None,
    registers: Collection[str] | None = None,
) -> Figures:
    """Count every figure from the per-panchayat, per-village and service tables of one date.

    Parameters
    ----------
    panchayats : pandas.DataFrame
        :func:`geo.review.indicators.panchayat_indicators`.
    villages : pandas.DataFrame
        Villages with ``block_lgd``, ``population`` and ``beyond_aadhaar``.
    services : geopandas.GeoDataFrame
        :func:`geo.review.indicators.effective_services` of the date. A point without a
        panchayat counts in the district's figures only, and one whose ``setting``
        is ``outside_district`` (:mod:`geo.spatial.placement`) in none.
    aadhaar_km : float
        The Aadhaar threshold used for ``beyond_aadhaar``.
    block_codes : sequence of str, optional
        Blocks to report on (every block, also one without panchayats); default:
        the blocks the panchayats name.
    certificates : pandas.DataFrame, optional
        :func:`geo.review.certificates.block_certificates` (indexed by block code).
    as_of : str, optional
        The figures' date (ISO), for "inspected in the last 30 days" (missing without a date).
    registers : collection of str, optional
        The service kinds the store holds any point of, whatever its date (a
        register that was supplied); default: the kinds among ``services``.

    Returns
    -------
    Figures
    """
    measured = bool(villages["beyond_aadhaar"].notna().any()) or villages.empty
    held = frozenset(services["kind"].dropna()) if registers is None else frozenset(registers)
    block_of = panchayats.set_index("lgd_code")["block_lgd"]
    service_block = services["panchayat_lgd"].map(block_of)
    blocks = list(block_codes) if block_codes is not None else sorted(panchayats["block_lgd"].dropna().unique())
    certs = (
        certificates
        if certificates is not None
        else pd.DataFrame(columns=["jharsewa_received", "jharsewa_disposed", "jharsewa_pending"])
    )
    # A centre just across the border serves the district but is not one of its centres (geo.spatial.placement).
    own = services[(services["setting"] != "outside_district").to_numpy()] if "setting" in services else services
    panchayats, villages, services = (_plain(frame) for frame in (panchayats, villages, services))
    areas = {DISTRICT: (panchayats, villages, _plain(own), certs)}
    # Split each table by block once (a state has hundreds of blocks): a point without a panchayat is in none.
    parts = [
        _parts(panchayats, panchayats["block_lgd"]),
        _parts(villages, villages["block_lgd"]),
        _parts(services, service_block),
        _parts(certs, pd.Series(certs.index.astype(str), index=certs.index)),
    ]
    for code in blocks:
        areas[str(code)] = tuple(
            part.get(str(code), frame.iloc[:0]) for part, frame in zip(parts, areas[DISTRICT], strict=True)
        )
    values, left_out, why = {}, {}, {}
    for area, (gps, vil, svc, crt) in areas.items():
        values[area], left_out[area], why[area] = _area_figures(
            gps, vil, svc, crt, measured=measured, as_of=as_of, registers=held
        )
    frame = pd.DataFrame.from_dict(values, orient="index")[list(FIGURES)].astype("Int64")
    missed = pd.DataFrame.from_dict(left_out, orient="index").reindex(columns=list(FIGURES)).fillna(0).astype("int64")
    reasons = pd.DataFrame.from_dict(why, orient="index").reindex(index=frame.index, columns=list(FIGURES))
    reasons = reasons.astype(object).where(frame.isna().to_numpy(), None)
    return Figures(frame, missed, float(aadhaar_km), measured, reasons)


def class_counts(
    classes: pd.Series,
    values: Collection[str],
    *,
    unrecorded: str = "not_recorded",
) -> dict[str, int | None]:
    """Units per class, by the figures' rule: with units but none recorded, every recorded class is not recorded.

    For classes that have no figure of their own (a network's rollout stages, a
    block's disposal class, a village's distance band): counted as the figures
    count theirs, so a map legend never says 0 where nothing was recorded.

    Parameters
    ----------
    classes : pandas.Series
        One class per unit (``unrecorded`` where nothing is recorded).
    values : collection of str
        The classes to count, in order.
    unrecorded : str, default ``"not_recorded"``
        The class of units with nothing recorded (always counted).

    Returns
    -------
    dict of str to int or None
        Class -> units; None (not recorded) for every class but ``unrecorded``
        when there are units and all of them are ``unrecorded``.

    Examples
    --------
    >>> class_counts(pd.Series(["not_recorded"] * 3), ["live", "planned", "not_recorded"])
    {'live': None, 'planned': None, 'not_recorded': 3}
    >>> class_counts(pd.Series(["live", "not_recorded"]), ["live", "planned", "not_recorded"])
    {'live': 1, 'planned': 0, 'not_recorded': 1}
    """
    found = classes.astype(str).value_counts()
    silent = len(classes) > 0 and int(found.get(unrecorded, 0)) == len(classes)
    return {value: None if silent and value != unrecorded else int(found.get(value, 0)) for value in values}


# --- private helpers -----------------------------------------------------------------


def _area_figures(
    gps: pd.DataFrame,
    villages: pd.DataFrame,
    services: pd.DataFrame,
    certificates: pd.DataFrame,
    *,
    measured: bool,
    as_of: str | None,
    registers: frozenset[str],
) -> tuple[dict[str, object], dict[str, int], dict[str, str]]:
    """Every figure of one area (the district, or one block): values, items left out, why a value is missing."""
    values: dict[str, object] = {}
    left_out: dict[str, int] = {}
    why: dict[str, str] = {}

    def put(key: str, value: object, missing: str | None = None) -> None:
        """``value``, or not recorded when ``missing`` (why: a key of :data:`MISSING_BY`) is given."""
        values[key] = pd.NA if missing else value
        if missing:
            why[key] = missing

    def count(column: str, value: str) -> int:
        return int((gps[column] == value).fillna(False).sum())

    def silent(*columns: str) -> bool:
        """The area has panchayats and none of them has any of ``columns`` recorded."""
        return len(gps) > 0 and not gps[list(columns)].notna().any(axis=None)

    connectivity = "connectivity" if silent("bharatnet", "jharnet") else None
    inspection = "inspection" if silent("inspection") else None
    put("panchayats", len(gps))
    put("working", count("connectivity", "working"), connectivity)
    put("live_offline", count("connectivity", "live_offline"), connectivity or inspection)
    put("not_live", count("connectivity", "not_live"), connectivity)
    put("connectivity_not_recorded", count("connectivity", "not_recorded"))
    put("bharatnet_live", count("bharatnet", "live"), "bharatnet" if silent("bharatnet") else None)
    put("jharnet_live", count("jharnet", "live"), "jharnet" if silent("jharnet") else None)
    put("inspected", int(gps["inspection"].notna().sum()), inspection)
    recent = (
        None if as_of is None else int(inspected_within(gps["inspection_as_of"], as_of, INSPECTION_WINDOW_DAYS).sum())
    )
    put("inspected_recent", recent, inspection or ("inspection" if as_of is None else None))
    for column, states in _STATES.items():
        for key, state in states.items():
            put(key, count(column, state), column if silent(column) else None)
        put(f"{column}_not_recorded", int(gps[column].isna().sum()))
    put("villages", len(villages))

    pmg = services[services["kind"] == "pmgdisha"]
    no_pmgdisha = None if "pmgdisha" in registers else "pmgdisha"
    put("pmgdisha_centres", len(pmg), no_pmgdisha)
    for column in ("registered", "trained", "passed"):
        total, left_out[f"pmgdisha_{column}"] = _known_sum(pmg[column])
        put(f"pmgdisha_{column}", total, no_pmgdisha or ("pmgdisha_report" if pd.isna(total) else None))
    aadhaar = services[services["kind"] == "aadhaar"]
    put(
        "aadhaar_centres",
        int(aadhaar["functional"].fillna(False).astype(bool).sum()),
        None if "aadhaar" in registers else "aadhaar",
    )
    population = villages["population"]
    total, left_out["population"] = _known_sum(population)
    put("population", total, "population" if pd.isna(total) else None)
    if measured:
        far = villages["beyond_aadhaar"].fillna(False).astype(bool)
        put("villages_beyond_aadhaar", int(far.sum()))
        total, left_out["population_beyond_aadhaar"] = _known_sum(population[far])
        put("population_beyond_aadhaar", total, "population" if pd.isna(total) else None)
    else:
        put("villages_beyond_aadhaar", pd.NA, "aadhaar_reach")
        put("population_beyond_aadhaar", pd.NA, "aadhaar_reach")
    for column in ("jharsewa_received", "jharsewa_disposed", "jharsewa_pending"):
        total, left_out[column] = _known_sum(certificates[column]) if len(certificates) else (pd.NA, 0)
        put(column, total, "jharsewa" if pd.isna(total) else None)
    return values, left_out, why


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without its geometry (the figures count rows; a plain frame splits and filters faster)."""
    return pd.DataFrame(frame.drop(columns="geometry")) if "geometry" in frame else frame


def _parts(frame: pd.DataFrame, keys: pd.Series) -> dict[str, pd.DataFrame]:
    """The rows of ``frame`` by the text of ``keys`` (aligned with it); rows of a missing key in none."""
    return {str(key): part for key, part in frame.groupby(keys.to_numpy(), sort=False, dropna=True)}


def _known_sum(values: pd.Series) -> tuple[object, int]:
    """(sum of the known values — missing when there are values but none known — , how many are unknown)."""
    unknown = int(values.isna().sum())
    if len(values) and unknown == len(values):
        return pd.NA, unknown
    return int(pd.to_numeric(values, errors="coerce").fillna(0).sum()), unknown
