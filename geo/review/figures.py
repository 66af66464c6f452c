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

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
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
    "FigureAreas",
    "compute_figures",
    "state_total_text",
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
    """Every figure for the district (or the state) and each block, and for each district.

    A state's figure is the sum of its districts' figures, each district's counted on its
    own rows (its own centres: a village is measured to the nearest centre of its own
    district). Where some districts did not record a figure, the state's value is the sum
    over those that did, and it reads "not recorded in 3 of 24 districts" with a note
    saying what the others hold (:meth:`text`, :meth:`note`).

    Attributes
    ----------
    values : pandas.DataFrame
        Index: ``"district"`` (the store: its one district, or the sum of its districts)
        then the block LGD codes; one ``Int64`` column per key of :data:`FIGURES`
        (missing: cannot be known).
    left_out : pandas.DataFrame
        Same shape, ``int64``: how many items each figure could not count.
    aadhaar_km : float
        The Aadhaar threshold of the two Aadhaar figures.
    aadhaar_measured : bool
        False when the store has no functional Aadhaar centre (nothing measured).
    why : pandas.DataFrame
        Same shape, object: where a value is missing, why (a key of :data:`MISSING_BY`); else None.
    districts : pandas.DataFrame
        One row per district of the store (index: its code), an ``Int64`` column per figure.
    """

    values: pd.DataFrame
    left_out: pd.DataFrame
    aadhaar_km: float
    aadhaar_measured: bool
    why: pd.DataFrame
    districts: pd.DataFrame

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
        if self._unrecorded(key, area):
            return state_total_text(value, self._unrecorded(key, area), len(self.districts), None, key, lang)[0]
        shown = format_count(value, lang)
        if FIGURES[key].of_panchayats and of_panchayats:
            shown += f" / {format_count(self.value('panchayats', area) or 0, lang)}"
        return shown

    def note(self, key: str, lang: str = "en", area: str = DISTRICT) -> str | None:
        """What the figure left out ("45 village(s) with no population recorded are not counted"), or None."""
        n = int(self.left_out.at[area, key])
        unrecorded, value = self._unrecorded(key, area), self.value(key, area)
        notes = [
            state_total_text(value, unrecorded, len(self.districts), None, key, lang)[1] if unrecorded else None,
            _LEFT_OUT[key](lang, n=format_count(n, lang), km=self.aadhaar_km) if n and key in _LEFT_OUT else None,
        ]
        return "; ".join(note for note in notes if note) or None

    def _unrecorded(self, key: str, area: str) -> int:
        """The state's districts that did not record a known state figure (0 for a district, a block)."""
        if area != DISTRICT or len(self.districts) < 2 or self.value(key, area) is None:
            return 0
        return int(self.districts[key].isna().sum())

    def title(self, key: str, lang: str = "en") -> str:
        """The figure's label in ``lang`` (threshold filled in)."""
        return FIGURES[key].title(lang, aadhaar_km=self.aadhaar_km)


@dataclass(frozen=True)
class FigureAreas:
    """The areas :func:`compute_figures` counts for, and the service registers each holds.

    Attributes
    ----------
    block_codes : sequence of str, optional
        Blocks to report on (every block, also one without panchayats); default:
        the blocks the panchayats name.
    registers : collection of str, or dict of district code to collection of str, optional
        The service kinds held (any point, whatever its date: a register that was
        supplied), for the store or per district; default: the kinds among the services.
    districts : dict of str to pandas.Series, optional
        The district of each row (:func:`geo.review.indicators.row_districts`):
        ``panchayats``, ``villages``, ``service_points`` (aligned with the three tables by
        index), ``blocks`` (indexed by block code) and ``codes`` (the districts, in order).
        Default: one district, every row.
    """

    block_codes: Sequence[str] | None = None
    registers: Collection[str] | Mapping[str, Collection[str]] | None = None
    districts: Mapping[str, pd.Series] | None = None


def compute_figures(
    panchayats: pd.DataFrame,
    villages: pd.DataFrame,
    services: gpd.GeoDataFrame,
    *,
    aadhaar_km: float,
    certificates: pd.DataFrame | None = None,
    as_of: str | None = None,
    areas: FigureAreas | None = None,
) -> Figures:
    """Count every figure from the per-panchayat, per-village and service tables of one date.

    Every area (each district, each block) is counted in one pass over each table. A
    district's figures are its own rows' (a centre of another district is none of its
    centres); the top row (``"district"``) of a store of several districts is the sum of
    theirs, a figure not recorded where no district recorded it.

    Parameters
    ----------
    panchayats : pandas.DataFrame
        :func:`geo.review.indicators.panchayat_indicators`.
    villages : pandas.DataFrame
        Villages with ``block_lgd``, ``population`` and ``beyond_aadhaar``.
    services : geopandas.GeoDataFrame
        :func:`geo.review.indicators.effective_services` of the date. A point without a
        panchayat counts in its district's figures only, and one whose ``setting``
        is ``outside_district`` (:mod:`geo.spatial.placement`) in none.
    aadhaar_km : float
        The Aadhaar threshold used for ``beyond_aadhaar``.
    certificates : pandas.DataFrame, optional
        :func:`geo.review.certificates.block_certificates` (indexed by block code).
    as_of : str, optional
        The figures' date (ISO), for "inspected in the last 30 days" (missing without a date).
    areas : FigureAreas, optional
        The blocks and districts to count for and the registers each holds (default: the
        blocks the panchayats name, one district, the kinds among ``services``).

    Returns
    -------
    Figures
    """
    areas = areas or FigureAreas()
    block_codes, registers, districts = areas.block_codes, areas.registers, areas.districts
    plain = {
        name: _plain(frame) for name, frame in (("gps", panchayats), ("villages", villages), ("services", services))
    }
    gps, vil, svc = plain["gps"], plain["villages"], plain["services"]
    blocks = list(block_codes) if block_codes is not None else sorted(panchayats["block_lgd"].dropna().unique())
    certs = (
        certificates
        if certificates is not None
        else pd.DataFrame(columns=["jharsewa_received", "jharsewa_disposed", "jharsewa_pending"])
    )
    keys = _District.of(gps, vil, svc, certs, districts)
    kinds = frozenset(svc["kind"].dropna()) if registers is None else registers
    held = {code: frozenset(kinds.get(code, ()) if isinstance(kinds, Mapping) else kinds) for code in keys.codes}
    measured = _measured(vil, keys)
    every = frozenset().union(*held.values())
    # A centre just across the border serves the district but is not one of its centres (geo.spatial.placement).
    own = (svc["setting"] != "outside_district").to_numpy() if "setting" in svc else np.ones(len(svc), dtype=bool)
    by_district = _Areas(
        keys.codes,
        gps=keys.gps,
        villages=keys.villages,
        services=keys.services.where(own),
        certificates=keys.certificates,
        measured=[measured.get(code, True) for code in keys.codes],
        held=[held[code] for code in keys.codes],
    )
    block_district = keys.blocks.reindex([str(code) for code in blocks])
    block_of = gps.set_index("lgd_code")["block_lgd"]
    by_block = _Areas(
        [str(code) for code in blocks],
        gps=_text(gps["block_lgd"]),
        villages=_text(vil["block_lgd"]),
        services=_text(svc["panchayat_lgd"].map(block_of)),  # a point without a panchayat is in no block
        certificates=_text(pd.Series(certs.index.astype(str), index=certs.index)),
        measured=[measured.get(code, any(measured.values())) for code in block_district],
        held=[held.get(code, every) for code in block_district],
    )
    district_values, district_left_out, district_why = by_district.figures(gps, vil, svc, certs, as_of=as_of)
    block_values, block_left_out, block_why = by_block.figures(gps, vil, svc, certs, as_of=as_of)
    top = _state_row(district_values, district_left_out, district_why)
    values = pd.concat([top[0], block_values])
    left_out = pd.concat([top[1], block_left_out])
    why = pd.concat([top[2], block_why])
    aadhaar_measured = bool(vil["beyond_aadhaar"].notna().any()) or vil.empty
    return Figures(values, left_out, float(aadhaar_km), aadhaar_measured, why, district_values)


def state_total_text(
    total: int | None, unrecorded: int, districts: int, panchayats: int | None, key: str, lang: str = "en"
) -> tuple[str, str | None]:
    """A state's figure as the faces show it: its value ("1,299 / 4,345", "not recorded in 3 of 24 districts"), a note.

    Parameters
    ----------
    total : int or None
        The sum over the districts that recorded the figure (None: none did).
    unrecorded, districts : int
        The districts that did not record it, and all of them.
    panchayats : int or None
        The state's panchayats, shown after a figure of panchayats ("/ 4,345"); None: not shown.
    key : str
        The figure (:data:`FIGURES`).
    lang : str, default "en"

    Returns
    -------
    tuple of str and str or None
        The value, and what the districts that recorded it hold ("1,020 in the 21
        district(s) that recorded it"; None when every district, or none, recorded it).

    Examples
    --------
    >>> state_total_text(1020, 3, 24, 4345, "working")
    ('not recorded in 3 of 24 districts', '1,020 in the 21 district(s) that recorded it')
    >>> state_total_text(1299, 0, 24, 4345, "working")
    ('1,299 / 4,345', None)
    """
    if total is None:
        return t("format.not_recorded", lang), None
    if unrecorded:
        note = t("figure.recorded_in", lang, value=format_count(total, lang), n=districts - unrecorded)
        return t("figure.not_recorded_in", lang, n=unrecorded, districts=districts), note
    shown = format_count(total, lang)
    if FIGURES[key].of_panchayats and panchayats is not None:
        shown += f" / {format_count(panchayats, lang)}"
    return shown, None


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


@dataclass(frozen=True)
class _District:
    """The district of each row of the tables (``string``; missing: of no district), and the districts in order."""

    codes: list[str]
    gps: pd.Series
    villages: pd.Series
    services: pd.Series
    certificates: pd.Series
    blocks: pd.Series

    @classmethod
    def of(
        cls,
        gps: pd.DataFrame,
        villages: pd.DataFrame,
        services: pd.DataFrame,
        certificates: pd.DataFrame,
        districts: Mapping[str, pd.Series] | None,
    ) -> _District:
        """The districts given (:func:`geo.review.indicators.row_districts`), else one: every row."""
        if districts is None:
            tables = {"gps": gps, "villages": villages, "services": services, "certificates": certificates}
            one = {name: pd.Series(DISTRICT, index=frame.index, dtype="string") for name, frame in tables.items()}
            blocks = pd.Series(DISTRICT, index=pd.Index(gps["block_lgd"].dropna().unique()), dtype="string")
            return cls([DISTRICT], **one, blocks=blocks)
        blocks = _text(districts["blocks"])
        blocks.index = blocks.index.astype(str)
        found = [*blocks.dropna(), *_text(districts["panchayats"]).dropna()]
        codes = list(dict.fromkeys([*_text(districts.get("codes", pd.Series(dtype="string"))).dropna(), *found]))
        return cls(
            codes or [""],
            gps=_text(districts["panchayats"]).reindex(gps.index),
            villages=_text(districts["villages"]).reindex(villages.index),
            services=_text(districts["service_points"]).reindex(services.index),
            certificates=_text(pd.Series(certificates.index.astype(str), index=certificates.index).map(blocks)),
            blocks=blocks,
        )


def _measured(villages: pd.DataFrame, keys: _District) -> dict[str, bool]:
    """Per district: whether Aadhaar reach was measured (a village with a distance, or no village at all)."""
    known = villages["beyond_aadhaar"].notna().groupby(keys.villages.to_numpy(), dropna=True).any()
    return {code: bool(known.get(code, True)) for code in keys.codes}


@dataclass(frozen=True)
class _Areas:
    """Areas (districts, or blocks) and the area of each row of each table, counted in one pass per figure."""

    codes: list[str]
    gps: pd.Series
    villages: pd.Series
    services: pd.Series
    certificates: pd.Series
    measured: list[bool]
    held: list[frozenset[str]]

    def total(self, values: object, keys: pd.Series) -> np.ndarray:
        """The sum of ``values`` (aligned with ``keys``) per area, 0 for an area with no row."""
        sums = pd.Series(np.asarray(values), index=keys.index).groupby(keys.to_numpy(), dropna=True).sum()
        return sums.reindex(self.codes, fill_value=0).to_numpy(dtype="int64")

    def known_sum(self, values: pd.Series, keys: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per area: the sum of the known values, how many are unknown, and whether all of some are unknown."""
        unknown = values.isna().to_numpy(dtype=bool)
        rows = self.total(np.ones(len(values), dtype="int64"), keys)
        missing = self.total(unknown.astype("int64"), keys)
        numbers = pd.to_numeric(values, errors="coerce").fillna(0).round().astype("int64")
        return self.total(numbers.to_numpy(), keys), missing, (rows > 0) & (missing == rows)

    def figures(
        self, gps: pd.DataFrame, villages: pd.DataFrame, services: pd.DataFrame, certificates: pd.DataFrame, *,
        as_of: str | None,
    ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:  # fmt: skip
        """Every figure of every area: values (Int64), items left out (int64), why a value is missing (object)."""
        n = len(self.codes)
        values: dict[str, np.ndarray] = {}
        left_out: dict[str, np.ndarray] = {}
        why: dict[str, np.ndarray] = {}
        nothing = np.full(n, None, dtype=object)

        def put(key: str, value: np.ndarray, missing: np.ndarray = nothing) -> None:
            """``value`` per area, not recorded where ``missing`` names why (a key of :data:`MISSING_BY`)."""
            absent = pd.notna(missing).astype(bool)
            values[key] = pd.array(np.where(absent, 0, value), dtype="Int64")
            values[key][absent] = pd.NA
            why[key] = missing

        def reason(mask: np.ndarray, name: str, otherwise: np.ndarray = nothing) -> np.ndarray:
            return np.where(mask, name, otherwise).astype(object)

        def count(column: str, value: str) -> np.ndarray:
            return self.total((gps[column] == value).fillna(False).to_numpy(dtype=bool), self.gps)

        panchayats = self.total(np.ones(len(gps), dtype="int64"), self.gps)

        def silent(*columns: str) -> np.ndarray:
            """The area has panchayats and none of them has any of ``columns`` recorded."""
            return (panchayats > 0) & (self.total(gps[list(columns)].notna().any(axis=1), self.gps) == 0)

        connectivity = reason(silent("bharatnet", "jharnet"), "connectivity")
        inspection = reason(silent("inspection"), "inspection")
        put("panchayats", panchayats)
        put("working", count("connectivity", "working"), connectivity)
        put(
            "live_offline",
            count("connectivity", "live_offline"),
            reason(pd.notna(connectivity), "connectivity", inspection),
        )
        put("not_live", count("connectivity", "not_live"), connectivity)
        put("connectivity_not_recorded", count("connectivity", "not_recorded"))
        put("bharatnet_live", count("bharatnet", "live"), reason(silent("bharatnet"), "bharatnet"))
        put("jharnet_live", count("jharnet", "live"), reason(silent("jharnet"), "jharnet"))
        put("inspected", self.total(gps["inspection"].notna(), self.gps), inspection)
        if as_of is None:
            put("inspected_recent", np.zeros(n, dtype="int64"), np.full(n, "inspection", dtype=object))
        else:
            recent = inspected_within(gps["inspection_as_of"], as_of, INSPECTION_WINDOW_DAYS)
            put("inspected_recent", self.total(recent.to_numpy(dtype=bool), self.gps), inspection)
        for column, states in _STATES.items():
            quiet = reason(silent(column), column)
            for key, state in states.items():
                put(key, count(column, state), quiet)
            put(f"{column}_not_recorded", self.total(gps[column].isna(), self.gps))
        put("villages", self.total(np.ones(len(villages), dtype="int64"), self.villages))

        def not_held(kind: str) -> np.ndarray:
            return reason(np.array([kind not in kinds for kinds in self.held], dtype=bool), kind)

        pmg = (services["kind"] == "pmgdisha").to_numpy(dtype=bool)
        put("pmgdisha_centres", self.total(pmg, self.services), not_held("pmgdisha"))
        for column in ("registered", "trained", "passed"):
            total, left_out[f"pmgdisha_{column}"], unknown = self.known_sum(services[column][pmg], self.services[pmg])
            no_report = reason(unknown, "pmgdisha_report")
            put(f"pmgdisha_{column}", total, reason(pd.notna(not_held("pmgdisha")), "pmgdisha", no_report))
        aadhaar = (services["kind"] == "aadhaar").fillna(False).to_numpy(dtype=bool)
        functional = services["functional"].fillna(False).astype(bool).to_numpy(dtype=bool)
        put("aadhaar_centres", self.total(aadhaar & functional, self.services), not_held("aadhaar"))
        population = villages["population"]
        total, left_out["population"], unknown = self.known_sum(population, self.villages)
        put("population", total, reason(unknown, "population"))
        measured = np.array(self.measured, dtype=bool)
        far = villages["beyond_aadhaar"].fillna(False).astype(bool).to_numpy(dtype=bool)
        unmeasured = reason(~measured, "aadhaar_reach")
        put("villages_beyond_aadhaar", self.total(far, self.villages), unmeasured)
        total, missed, unknown = self.known_sum(population[far], self.villages[far])
        left_out["population_beyond_aadhaar"] = np.where(measured, missed, 0)
        put("population_beyond_aadhaar", total, reason(~measured, "aadhaar_reach", reason(unknown, "population")))
        reports = self.total(np.ones(len(certificates), dtype="int64"), self.certificates)
        for column in ("jharsewa_received", "jharsewa_disposed", "jharsewa_pending"):
            total, missed, unknown = self.known_sum(certificates[column], self.certificates)
            left_out[column] = np.where(reports > 0, missed, 0)
            put(column, total, reason(unknown | (reports == 0), "jharsewa"))
        index = pd.Index(self.codes)
        frame = pd.DataFrame(values, index=index)[list(FIGURES)]
        missed = pd.DataFrame(left_out, index=index).reindex(columns=list(FIGURES)).fillna(0).astype("int64")
        reasons = pd.DataFrame(why, index=index, dtype=object)[list(FIGURES)]
        return frame, missed, reasons.where(frame.isna().to_numpy(), None)


def _state_row(
    values: pd.DataFrame, left_out: pd.DataFrame, why: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The top row: the one district's figures, or of several the sum of theirs (missing where none recorded)."""
    if len(values) == 1:
        return values.set_axis([DISTRICT]), left_out.set_axis([DISTRICT]), why.set_axis([DISTRICT])
    total = values.sum(min_count=1).astype("Int64").to_frame(DISTRICT).T.astype("Int64")
    missed = left_out.sum().to_frame(DISTRICT).T.astype("int64")
    first = why.bfill().iloc[[0]].set_axis([DISTRICT])  # why, where no district recorded it: the first's reason
    return total, missed, first.where(total.isna().to_numpy(), None)


def _text(values: pd.Series) -> pd.Series:
    """Codes as text (``string``; missing stays missing)."""
    return values.astype(object).where(values.notna(), None).map(lambda v: v if v is None else str(v)).astype("string")


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without its geometry (the figures count rows; a plain frame splits and filters faster)."""
    return pd.DataFrame(frame.drop(columns="geometry")) if "geometry" in frame else frame
