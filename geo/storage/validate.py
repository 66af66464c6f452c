"""Check a store against the data contract and report every problem at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.crs import metric_crs
from geo.errors import GeoInputError
from geo.formats import format_count
from geo.review.directions import direction_words, directions_problems, plain_text
from geo.review.status import parse_date
from geo.spatial.placement import border_distance_m, district_outline
from geo.storage.identity import CODE_KINDS
from geo.storage.schema import INDICATOR_VALUES, LAYERS, SERVICE_KINDS
from geo.storage.store import StoreData

__all__ = [
    "Problem",
    "ValidationReport",
    "Tiling",
    "validate_store",
    "validate_change",
    "tiling_report",
    "tiling",
    "tiling_problems",
    "pairwise_overlaps",
    "area_text",
    "grouped",
]

TILING_TOLERANCE = 0.001  # 0.1 % of the district's area
SLIVER_M2 = 100.0  # overlaps and gaps smaller than this (10 m x 10 m) are digitising noise
GAP_M2 = 10_000.0  # a hole between panchayats smaller than 1 ha is a sliver, larger a gap
ROUNDING_M2 = 1.0  # overlaps and gaps under 1 m² are where two outlines' rounded coordinates meet, not land
_POLYGONAL = (3, 6)  # shapely type ids of Polygon and MultiPolygon
_INTERIORS_MEET = "T********"  # DE-9IM: the two interiors share a point (touching along an edge does not)


@dataclass(frozen=True)
class Problem:
    """One finding.

    Attributes
    ----------
    severity : {"error", "warning"}
        An error must be fixed; a warning is applied and kept.
    where : str
        The file and row or feature, or the layer and code.
    message : str
        What was found and what to do.
    cause : str
        The kind of problem, shared by every problem of that kind (e.g. "lies
        outside the store's district; check the coordinates"): grouped reports
        say it once, with the count and the first examples. Default: ``message``.
    row : int or None
        The row (or feature) number of the file it is about, when it is about one.
    """

    severity: str
    where: str
    message: str
    cause: str = ""
    row: int | None = None

    def __str__(self) -> str:
        return f"{self.severity.upper()}: {self.where}: {self.message}"

    @property
    def kind(self) -> tuple[str, str]:
        """(severity, cause): what grouped reports group by."""
        return self.severity, self.cause or self.message


@dataclass
class ValidationReport:
    """Facts about a store and the problems found in it."""

    facts: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Problems that must be fixed."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def add(self, severity: str, where: str, message: str, *, cause: str = "", row: int | None = None) -> None:
        """Record a problem."""
        self.problems.append(Problem(severity, where, message, cause, row))


def grouped(problems: list[Problem], *, examples: int = 5) -> list[str]:
    """One line per kind of problem: errors first, its count and its first ``examples``.

    A kind met once reads as the problem itself; a kind met more often reads e.g.
    ``ERROR: 12 × lies outside the store's district … — villages.csv row 2, row 5, … and 7 more``.

    Examples
    --------
    >>> ps = [Problem("error", f"f.csv row {r}", f"lat {r} is empty", "latitude is empty; write degrees", r)
    ...       for r in (2, 3, 4)] + [Problem("warning", "f.csv", "states no CRS")]
    >>> for line in grouped(ps, examples=2):
    ...     print(line)
    ERROR: 3 × latitude is empty; write degrees — f.csv row 2, f.csv row 3 and 1 more
    WARNING: f.csv: states no CRS
    """
    kinds: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        kinds.setdefault(problem.kind, []).append(problem)
    order = sorted(kinds, key=lambda kind: (kind[0] != "error", list(kinds).index(kind)))
    lines = []
    for kind in order:
        members = kinds[kind]
        if len(members) == 1:
            lines.append(str(members[0]))
            continue
        shown = ", ".join(p.where for p in members[:examples])
        more = f" and {len(members) - examples} more" if len(members) > examples else ""
        lines.append(f"{kind[0].upper()}: {len(members)} × {kind[1]} — {shown}{more}")
    return lines


def validate_store(data: StoreData) -> ValidationReport:
    """Check counts, geometry validity, tiling, containment, keys and vocabularies.

    Parameters
    ----------
    data : StoreData
        The store's content (as read by :func:`geo.storage.store.read_store`).

    Returns
    -------
    ValidationReport
        ``facts`` (counts, areas, population) and every ``problem`` found.

    Examples
    --------
    >>> from geo.storage.store import read_store
    >>> validate_store(read_store()).ok
    True
    """
    report = ValidationReport()
    _check_counts(data, report)
    _check_keys(data, report)
    _check_geometry(data, report)
    _check_tiling(data, report)
    _check_containment(data, report)
    _check_assignment(data, report)
    _check_vocabularies(data, report)
    _check_directions(data, report)
    return report


def validate_change(base: StoreData, data: StoreData, layers: tuple[str, ...]) -> ValidationReport:
    """Check what an import changes in ``layers``, and what it touches, as :func:`validate_store` checks them.

    Work in proportion to the change: the geometry of each row added or changed (or removed)
    in ``layers`` is checked; the villages and service points among them, and those that name
    or lie in a changed panchayat (found with a spatial index), are checked for lying in the
    district and in the panchayat they name. The tiling of the district by its panchayats is
    measured when the panchayats or the district change (it is the district's as a whole;
    :func:`tiling_report`); every village and service point is checked when the district
    changes. The table checks (unique and known codes, vocabularies, counts) read whole
    columns of the layers concerned and are linear. Each problem found reads as
    :func:`validate_store` states it for the same rows (a kind listed only up to its first 20
    counts within what is checked).

    Parameters
    ----------
    base, data : StoreData
        The store before and after the change. Swapped, the same rows are checked as they
        were before: the problems the change introduces are those of
        ``validate_change(base, data, layers)`` not in ``validate_change(data, base, layers)``.
    layers : tuple of str
        The layers the change writes (:data:`geo.storage.schema.LAYERS`, ``meta``).

    Returns
    -------
    ValidationReport
        The store's counts and the facts and problems of the rows checked.

    Examples
    --------
    >>> from geo.storage.store import read_store
    >>> demo = read_store()
    >>> moved = demo.villages.copy()
    >>> moved.loc[0, "geometry"] = shapely.Point(0.0, 0.0)  # off the coast of Africa
    >>> after = dataclasses.replace(demo, villages=moved)
    >>> [p.message for p in validate_change(demo, after, ("villages",)).problems]
    ['lies outside the district; check its coordinates (lat/lon swapped?)']
    """
    for argument, value in (("base", base), ("data", data)):
        if not isinstance(value, StoreData):
            msg = f"'{argument}' should be a StoreData, got {type(value).__name__}"
            raise TypeError(msg)
    unknown = [name for name in layers if name != "meta" and name not in LAYERS]
    if unknown:
        msg = f"'layers' names unknown layer(s) {', '.join(map(repr, unknown))}; the store has: {', '.join(LAYERS)}"
        raise ValueError(msg)
    report = ValidationReport()
    changed = {name: _changed_keys(base, data, name) for name in layers if name in LAYERS and LAYERS[name].key}
    _check_counts(data, report)
    _check_keys(data, report, names=_table_layers(layers))
    _check_geometry(_narrowed(data, changed, layers), report)
    if {"panchayats", "district"} & set(layers):
        _check_tiling(data, report)
    around = _around(data, changed, layers)
    _check_containment(around, report)
    _check_assignment(around, report)
    _check_vocabularies(data, report, names=set(layers))
    return report


def tiling_report(data: StoreData) -> ValidationReport:
    """How the panchayats tile the district: its facts and problems, as :func:`validate_store` states them.

    An import that changes neither the panchayats nor the district leaves these as they were
    (:func:`validate_change` does not measure them again).

    Examples
    --------
    >>> from geo.storage.store import read_store
    >>> tiling_report(read_store()).facts[-1]
    'panchayats tile the district (within 0.1 %)'
    """
    report = ValidationReport()
    _check_tiling(data, report)
    return report


def area_text(area_m2: float) -> str:
    """An area as people read it: m² under a hectare, hectares under a km², else km².

    Examples
    --------
    >>> area_text(53.14), area_text(45_000), area_text(3_228_670)
    ('53.1 m²', '4.50 ha', '3.229 km²')
    """
    if area_m2 < 10_000:
        return f"{area_m2:,.1f} m²"
    if area_m2 < 1e6:
        return f"{area_m2 / 1e4:,.2f} ha"
    return f"{area_m2 / 1e6:,.3f} km²"


def pairwise_overlaps(geoms: np.ndarray) -> list[tuple[int, int, float]]:
    """Every pair of polygons that share land, with the shared area (in the geometries' units squared).

    Parameters
    ----------
    geoms : numpy.ndarray of shapely geometries
        Valid polygons in a metric CRS (areas in m² for UTM).

    Returns
    -------
    list of (int, int, float)
        ``(i, j, area)`` with ``i < j`` for each pair whose intersection has an area,
        in index order.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> pairwise_overlaps(np.array([box(0, 0, 10, 10), box(8, 0, 20, 10), box(30, 0, 40, 10)]))
    [(0, 1, 20.0)]
    """
    left, right = gpd.GeoSeries(geoms).sindex.query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    inner = shapely.relate_pattern(geoms[left], geoms[right], _INTERIORS_MEET)  # neighbours only touch: no overlay
    left, right = left[inner], right[inner]
    areas = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    return [(int(i), int(j), float(a)) for i, j, a in zip(left, right, areas, strict=True) if a > 0]


@dataclass(frozen=True)
class Tiling:
    """How the polygons of one layer tile their outline: each figure of a tiling report, computed once.

    Every figure is in the UTM zone of the polygons (:func:`geo.crs.metric_crs`).

    Attributes
    ----------
    outline_km2 : float
        The outline's area (the district, or the polygons' union with its holes filled).
    sum_km2, union_km2 : float
        The polygons' areas added up, and the area of their union.
    overlaps : tuple of (str, str, float)
        ``(key_a, key_b, area_m2)`` for each pair of polygons sharing land, largest first.
    gaps : tuple of (float, float, float)
        ``(area_m2, lon, lat)`` for each piece of the outline that no polygon covers
        (a point inside it, in degrees), largest first. The outline's own holes are
        filled first: land a district encloses is the district's.

    Overlaps and gaps under :data:`ROUNDING_M2` are left out: coordinates rounded where
    two outlines meet, not land.
    outside_km2 : float
        The polygons' land beyond the outline.
    """

    outline_km2: float
    sum_km2: float
    union_km2: float
    overlaps: tuple[tuple[str, str, float], ...]
    gaps: tuple[tuple[float, float, float], ...]
    outside_km2: float

    @property
    def overlap_km2(self) -> float:
        """All shared land, pair by pair."""
        return sum(area for _, _, area in self.overlaps) / 1e6

    @property
    def gap_km2(self) -> float:
        """All land of the outline that no polygon covers."""
        return sum(area for area, _, _ in self.gaps) / 1e6


def tiling(polygons: gpd.GeoDataFrame, key: str, outline: gpd.GeoDataFrame | None = None) -> Tiling:
    """Measure how ``polygons`` tile ``outline``: overlaps, gaps, land outside, areas.

    Parameters
    ----------
    polygons : geopandas.GeoDataFrame
        Polygons with a CRS (e.g. panchayats), at least one.
    key : str
        Column naming each polygon (in :attr:`Tiling.overlaps`).
    outline : geopandas.GeoDataFrame, optional
        What they should tile (e.g. the district); default their own union.

    Returns
    -------
    Tiling
        Areas measured in the polygons' UTM zone.

    Examples
    --------
    >>> from shapely.affinity import translate
    >>> from shapely.geometry import box
    >>> ring = box(0, 0, 300, 300).difference(box(100, 100, 200, 200))  # a 100 m x 100 m hole
    >>> shapes = [translate(g, 500_000, 2_650_000) for g in (ring, box(250, 0, 350, 300))]  # UTM 45N
    >>> t = tiling(gpd.GeoDataFrame({"code": ["A", "B"]}, geometry=shapes, crs=32645), "code")
    >>> [(a, b, round(m2)) for a, b, m2 in t.overlaps], [round(g[0]) for g in t.gaps], round(t.outline_km2 * 1e6)
    ([('A', 'B', 15000)], [10000], 105000)
    """
    crs = metric_crs(polygons)
    metric = polygons.to_crs(crs)
    geoms = metric.geometry.make_valid().to_numpy()
    names = metric[key].astype(str).to_numpy()
    union = _coverage_union(geoms)
    if union is None:  # some share land (or their shared edges do not match): every pair, then an overlay union
        shared = pairwise_overlaps(geoms)
        union = shapely.union_all(geoms)
    else:
        shared = []
    shape = union if outline is None else outline.to_crs(crs).geometry.make_valid().union_all()
    filled = shapely.union_all(
        [shapely.Polygon(part.exterior) for part in getattr(shape, "geoms", [shape]) if part.geom_type == "Polygon"]
    )
    overlaps = sorted(
        ((names[i], names[j], area) for i, j, area in shared if area >= ROUNDING_M2),
        key=lambda o: o[2],
        reverse=True,
    )
    same = bool(shapely.equals(filled, union))  # the usual case: no overlay of two coincident outlines
    uncovered = shapely.Polygon() if same else filled.difference(union)
    pieces = [p for p in getattr(uncovered, "geoms", [uncovered]) if p.geom_type == "Polygon" and p.area >= ROUNDING_M2]
    points = gpd.GeoSeries([p.representative_point() for p in pieces], crs=crs).to_crs("EPSG:4326")
    gaps = sorted(((p.area, pt.x, pt.y) for p, pt in zip(pieces, points, strict=True)), reverse=True)
    return Tiling(
        outline_km2=filled.area / 1e6,
        sum_km2=float(shapely.area(geoms).sum()) / 1e6,
        union_km2=union.area / 1e6,
        overlaps=tuple(overlaps),
        gaps=tuple(gaps),
        outside_km2=0.0 if same else union.difference(filled).area / 1e6,
    )


def _coverage_union(geoms: np.ndarray) -> shapely.Geometry | None:
    """The union of polygons none of which share land (a linear coverage union); None when some do.

    A coverage union joins polygons along the edges they share exactly. It is kept only when it
    is valid and its area is the sum of theirs, less than half of :data:`ROUNDING_M2` apart: land
    two polygons share is counted twice in the sum and once in any valid union, so no pair shares
    :data:`ROUNDING_M2` or more. Otherwise (an overlap, or neighbours whose shared edges do not
    match vertex for vertex) it is None.
    """
    if not np.isin(shapely.get_type_id(geoms), _POLYGONAL).all():
        return None
    try:
        union = shapely.coverage_union_all(geoms)
    except shapely.errors.GEOSException:  # not a coverage
        return None
    if shapely.is_valid(union) and abs(union.area - float(shapely.area(geoms).sum())) < ROUNDING_M2 / 2:
        return union
    return None


def tiling_problems(found: Tiling, *, where: str, min_m2: float = SLIVER_M2, limit: int = 30) -> list[Problem]:
    """A warning for each overlap and each gap of at least ``min_m2`` (at most ``limit`` of each), largest first.

    Gaps under :data:`GAP_M2` (1 ha) are called slivers. Gaps are never errors:
    land no polygon covers may be a town or a forest outside every panchayat.

    Parameters
    ----------
    found : Tiling
        The figures, from :func:`tiling`.
    where : str
        What to call the layer in the messages (e.g. ``"panchayats"``).
    min_m2 : float, default :data:`SLIVER_M2`
        Smaller overlaps and gaps are counted in the figures, not listed.
    limit : int, default 30
        At most this many overlaps, and this many gaps, are listed.

    Returns
    -------
    list of Problem
        Warnings naming the two polygons of each overlap, or a point in each gap, with the area.
    """
    problems = [
        Problem(
            "warning",
            f"{where} {a} / {b}",
            f"overlap {area_text(area)}; the two claim the same land — fix the boundary in QGIS",
            "two polygons overlap (they claim the same land); fix the boundaries in QGIS",
        )
        for a, b, area in found.overlaps
        if area >= min_m2
    ][:limit]
    for area, lon, lat in [g for g in found.gaps if g[0] >= min_m2][:limit]:
        what = "sliver" if area < GAP_M2 else "gap"
        problems.append(
            Problem(
                "warning",
                f"{where} {what} near {lat:.5f} N {lon:.5f} E",
                f"{area_text(area)} belong to no polygon; close the {what} in QGIS (or ignore it if that land is "
                "outside "
                "every panchayat, e.g. a town)",
                "land between polygons belongs to none; close the gaps in QGIS (or ignore land outside every "
                "panchayat, "
                "e.g. a town)",
            )
        )
    return problems


def _check_counts(data: StoreData, report: ValidationReport) -> None:
    n_gp, n_blocks = len(data.panchayats), len(data.blocks)
    identity = data.identity
    population = data.villages["population"]
    unknown = int(population.isna().sum())
    if len(population) and unknown == len(population):
        people = "village population not recorded"
    else:
        people = f"village population {format_count(int(population.sum()))}" + (
            f" ({format_count(unknown)} village(s) with no population recorded, not counted)" if unknown else ""
        )
    report.facts += [
        f"dataset: {data.meta.get('dataset_name', '?')}" + (" — DEMO DATA" if data.is_demo else ""),
        f"district: {identity.area()}"
        + (f" ({f'{identity.code_kind} ' if identity.code_kind else ''}code {identity.code})" if identity.code else ""),
        f"{n_gp} panchayat{'s' * (n_gp != 1)}, {n_blocks} block{'s' * (n_blocks != 1)}, "
        f"{format_count(len(data.villages))} villages, "
        f"{format_count(len(data.service_points))} service points, {format_count(len(data.status_events))} "
        "status events",
        people,
    ]
    if identity.code_kind and identity.code_kind not in CODE_KINDS:
        report.add(
            "warning",
            "meta",
            f"district_code_kind {identity.code_kind!r} is not one of "
            f"{', '.join(CODE_KINDS)}; say which list the code {identity.code!r} is from",
        )
    if not identity.named:
        report.add(
            "warning",
            "meta",
            "the store does not say which district it is; titles read 'Unnamed district' "
            "— import with --district-name NAME (or a file with a district_name column)",
        )
    for count, expected, what in (
        (n_gp, identity.expected_panchayats, "panchayats"),
        (n_blocks, identity.expected_blocks, "blocks"),
    ):
        if expected is not None and count != expected:
            report.add(
                "warning",
                what,
                f"{count} {what}; {identity.label()} is recorded as having {expected} "
                "(fine if that changed: update expected_" + what + " in the store's meta)",
            )
    if len(data.district) != 1:
        report.add("error", "district", f"expected one district outline, found {len(data.district)}")


def _check_keys(data: StoreData, report: ValidationReport, *, names: set[str] | None = None) -> None:
    """Check unique and known codes in the layers ``names`` (default every one), and the codes they refer to."""
    for name, spec in LAYERS.items():
        frame = data.layer(name)
        if not spec.key or frame.empty or (names is not None and name not in names):
            continue
        key = list(spec.key)
        empty = frame[key].isna().any(axis=1)
        for row in frame.index[empty][:20]:
            report.add("error", f"{name} row {row + 1}", f"empty {'/'.join(key)}; every row needs one")
        dup = frame[key][~empty].duplicated(keep=False)
        # Villages sharing a census code (kept by the former --keep-duplicate-codes): listed, not blocking.
        severity, hint = (
            ("warning", "kept on import as asked; correct the code in the source")
            if name in ("villages", "village_boundaries")
            else ("error", "codes must be unique")
        )
        values = sorted(frame.loc[dup[dup].index, key[0]].astype(str).unique())
        for value in values[:20]:
            count = int((frame[key[0]].astype(str) == value).sum())
            report.add(severity, f"{name} {key[0]} {value}", f"duplicate code ({count} rows); {hint}")
        if len(values) > 20:
            report.add(severity, name, f"{len(values) - 20} more duplicate {key[0]}(s)")
    gp_codes = set(data.panchayats["lgd_code"])
    references = (
        ("panchayats", data.panchayats, "block_lgd", set(data.blocks["lgd_code"]), "block"),
        ("villages", data.villages, "panchayat_lgd", gp_codes, "panchayat"),
        ("service_points", data.service_points, "panchayat_lgd", gp_codes, "panchayat"),
        ("status_events", data.status_events, "panchayat_lgd", gp_codes, "panchayat"),
        ("inspections", data.inspections, "panchayat_lgd", gp_codes, "panchayat"),
    )
    for name, frame, column, known, what in references:
        if names is not None and name not in names:
            continue
        unknown = frame[column].notna() & ~frame[column].isin(known)
        for code, count in frame.loc[unknown, column].value_counts().sort_index().items():
            report.add("error", f"{name}.{column} {code}", f"{count} row(s) name a {what} that is not in the store")


def _check_geometry(data: StoreData, report: ValidationReport) -> None:
    for name in (
        "district",
        "blocks",
        "panchayats",
        "villages",
        "village_boundaries",
        "service_points",
        "roads",
        "water",
    ):
        frame = data.layer(name)
        if frame.empty:
            continue
        key = LAYERS[name].key[0] if LAYERS[name].key else "name"
        missing = frame.geometry.isna() | frame.geometry.is_empty
        for code in frame.loc[missing, key][:20]:
            report.add("error", f"{name} {code}", "has no geometry")
        invalid = ~missing & ~frame.geometry.is_valid
        for code, geom in zip(frame.loc[invalid, key], frame.geometry[invalid], strict=True):
            reason = shapely.is_valid_reason(geom)
            report.add("error", f"{name} {code}", f"invalid geometry ({reason}); repair it (QGIS: Fix geometries)")
    invalid = any("invalid geometry" in p.message for p in report.problems)
    report.facts.append("geometry has errors" if invalid else "geometry valid")


def _check_tiling(data: StoreData, report: ValidationReport) -> None:
    """Say once how the panchayats tile the district (areas, overlaps, gaps), then list the places."""
    if data.panchayats.empty:
        return
    outline = None if data.district.empty else data.district
    found = tiling(data.panchayats, "lgd_code", outline)
    within = "the district" if outline is not None else "their union"
    listed = sum(area >= SLIVER_M2 for _, _, area in found.overlaps), sum(g[0] >= SLIVER_M2 for g in found.gaps)
    report.facts.append(
        f"{within} {found.outline_km2:,.1f} km²; panchayats: sum of areas {found.sum_km2:,.1f} km², union "
        f"{found.union_km2:,.1f} km² (overlaps {found.overlap_km2:.3f} km² in {len(found.overlaps)} place(s), "
        f"{listed[0]} of at least {SLIVER_M2:,.0f} m²; gaps {found.gap_km2:.3f} km² in {len(found.gaps)} place(s), "
        f"{listed[1]} of at least {SLIVER_M2:,.0f} m²; outside {within} {found.outside_km2:.3f} km²)"
    )
    limit = TILING_TOLERANCE * found.outline_km2
    for label, value in (("overlap", found.overlap_km2), ("outside the district", found.outside_km2)):
        if value > limit:
            report.add(
                "error",
                "panchayats",
                f"panchayats do not tile the district: {label} {value:.3f} km² "
                f"(> {TILING_TOLERANCE:.1%} of the district); fix the boundaries in QGIS",
            )
    if all(v <= limit for v in (found.overlap_km2, found.gap_km2, found.outside_km2)):
        report.facts.append("panchayats tile the district (within 0.1 %)")
    report.problems.extend(tiling_problems(found, where="panchayats"))


def _check_containment(data: StoreData, report: ValidationReport) -> None:
    if data.district.empty:
        return
    crs = metric_crs(data.district)
    district = data.district.to_crs(crs).geometry.make_valid().union_all().buffer(1.0)
    shapely.prepare(district)
    villages = data.villages
    outside = ~shapely.contains(district, villages.to_crs(crs).geometry.to_numpy())
    for code in villages.loc[outside, "census_code"][:20]:
        report.add("error", f"villages {code}", "lies outside the district; check its coordinates (lat/lon swapped?)")
    outside_total = int(outside.sum()) + _check_service_placement(data, report)
    if outside_total == 0:
        report.facts.append("every village and service point lies inside the district")


def _check_service_placement(data: StoreData, report: ValidationReport) -> int:
    """Check where the service points stand; return how many stand outside the district.

    One outside that names a panchayat is an error; the others were kept on import
    as serving border villages (:mod:`geo.spatial.placement`) and are a fact, as are those
    in no panchayat inside the district (towns).
    """
    services = data.service_points
    if services.empty:
        return 0
    outline = district_outline(data.district, data.panchayats)
    dist_km = border_distance_m(services.geometry, outline) / 1000.0
    outside = (dist_km > 0).to_numpy()
    named = services["panchayat_lgd"].notna().to_numpy()
    for code in services.loc[outside & named, "id"][:20]:
        report.add(
            "error",
            f"service_points {code}",
            "lies outside the district but names a panchayat; check its coordinates (lat/lon swapped?)",
        )
    border = outside & ~named
    if border.any():
        report.facts.append(
            f"{int(border.sum())} service point(s) stand outside the district, up to "
            f"{dist_km[border].max():.1f} km from its border (kept on import as serving border "
            "villages; in no panchayat's figures)"
        )
    urban = ~outside & ~named
    if urban.any():
        report.facts.append(
            f"{int(urban.sum())} service point(s) stand in no panchayat inside the district (urban "
            "areas; in no panchayat's figures)"
        )
    return int(outside.sum())


def _check_assignment(data: StoreData, report: ValidationReport) -> None:
    """Warn about points that lie in another panchayat than the one they name."""
    if data.panchayats.empty:
        return
    gps = data.panchayats[["lgd_code", "geometry"]]
    for name, key in (("villages", "census_code"), ("service_points", "id")):
        frame = data.layer(name)
        stated = frame[frame["panchayat_lgd"].notna() & frame.geometry.notna()]
        if stated.empty:
            continue
        joined = gpd.sjoin(stated[[key, "panchayat_lgd", "geometry"]], gps, predicate="within", how="inner")
        named = (joined["panchayat_lgd"] == joined["lgd_code"]).groupby(level=0).any()  # in the one it names
        wrong = named.index[~named.to_numpy()].tolist()
        for i in wrong[:20]:
            inside = sorted(set(joined.loc[joined.index == i, "lgd_code"]))
            report.add(
                "warning",
                f"{name} {stated.at[i, key]}",
                f"names panchayat {stated.at[i, 'panchayat_lgd']} but lies in {', '.join(inside)}; "
                "check the point or the panchayat",
            )
        if len(wrong) > 20:
            report.add("warning", name, f"{len(wrong) - 20} more point(s) lie in another panchayat than stated")
    _check_unassigned_services(data, report)


def _check_unassigned_services(data: StoreData, report: ValidationReport) -> None:
    """Warn about service points kept without a panchayat that now stand in one (boundaries imported since)."""
    services = data.service_points
    without = services[services["panchayat_lgd"].isna() & services.geometry.notna()]
    if without.empty:
        return
    joined = gpd.sjoin(
        without[["id", "geometry"]], data.panchayats[["lgd_code", "geometry"]], predicate="within", how="inner"
    )
    first = joined[~joined.index.duplicated(keep="first")]
    for point_id, code in list(zip(first["id"], first["lgd_code"], strict=True))[:20]:
        report.add(
            "warning",
            f"service_points {point_id}",
            f"names no panchayat but stands in {code}; import the service file again to assign it",
        )


def _check_vocabularies(data: StoreData, report: ValidationReport, *, names: set[str] | None = None) -> None:
    """Check the kinds, indicator values and dates of the layers ``names`` (default every one)."""
    if names is not None:
        data = _narrowed(data, {}, tuple(names))
    kinds = data.service_points["kind"]
    for value, count in kinds[~kinds.isin(SERVICE_KINDS)].value_counts().items():
        report.add(
            "error", f"service_points.kind {value!r}", f"{count} row(s); expected one of {', '.join(SERVICE_KINDS)}"
        )
    events = data.status_events
    for indicator, frame in events.groupby("indicator"):
        allowed = INDICATOR_VALUES.get(str(indicator))
        if allowed is None:
            report.add(
                "error",
                f"status_events.indicator {indicator!r}",
                f"unknown; expected one of {', '.join(INDICATOR_VALUES)}",
            )
            continue
        bad = frame.loc[~frame["value"].isin(allowed), "value"]
        for value, count in bad.value_counts().items():
            report.add(
                "error", f"status_events {indicator}={value!r}", f"{count} row(s); expected one of {', '.join(allowed)}"
            )
    for column, frame, layer in (
        ("as_of", events, "status_events"),
        ("opened", data.service_points, "service_points"),
    ):
        for value in sorted(set(frame[column].dropna()) - {""}):
            if not _is_iso_date(value):
                report.add("error", f"{layer}.{column} {value!r}", "not a date; write dates as YYYY-MM-DD")


#: The date columns of a direction (stored as ``YYYY-MM-DD``: statuses compare them as text).
_DIRECTION_DATES = ("meeting_date", "given_on", "due_on", "closed_on")
#: How much of a direction's words names it in a message.
_WORDS_SHOWN = 50


def _check_directions(data: StoreData, report: ValidationReport) -> None:
    """Check each direction's fields against the store, and that each action-taken report is of one, dated after it.

    Linear in the directions, their reports and the store's units. A direction is named by its
    number and words, a report by its number and its direction's.
    """
    rows = data.directions
    names = {}
    for row in rows.to_dict("records"):
        name = _direction_name(row)
        names[row["direction_id"]] = name
        for column in _DIRECTION_DATES:
            value = plain_text(row.get(column))
            if value and not _is_iso_date(value) and _readable_date(value):
                report.add(
                    "error",
                    name,
                    f"{column} {value!r} is not stored as YYYY-MM-DD, so its status cannot be worked out; "
                    f"write it as {parse_date(value)} in the store",
                )
    for i, problems in directions_problems(rows, data).items():
        for problem in problems:
            report.add("error", _direction_name(rows.iloc[i]), problem)
    _check_direction_remarks(data, names, report)


def _check_direction_remarks(data: StoreData, names: dict[object, str], report: ValidationReport) -> None:
    """Check that each action-taken report names a direction of the store, on a date not before it was given."""
    given = {
        ident: day
        for ident, day in zip(data.directions["direction_id"], data.directions["given_on"], strict=True)
        if _is_iso_date(day)
    }
    remarks = data.direction_remarks
    has_text = "text" in remarks.columns  # a public read has no words
    for row in remarks.to_dict("records"):
        where = f"action-taken report {plain_text(row['remark_id']) or '?'}"
        ident = row["direction_id"]
        day = plain_text(row.get("reported_on"))
        if pd.isna(ident) or ident not in names:
            report.add(
                "error",
                where,
                f"reports on direction {plain_text(ident) or '(none)'}, which the store does not have; "
                "see `python -m geo directions list`, then undo the change that removed the direction "
                "(`python -m geo history`, `python -m geo rollback`) or remove the report",
            )
        elif ident in given and _is_iso_date(day) and day < given[ident]:
            report.add(
                "error",
                f"{where} on {names[ident]}",
                f"reported on {day}, before the direction was given ({given[ident]}); check the date",
            )
        if not day or not _is_iso_date(day):
            report.add("error", where, f"reported_on {day!r} is not a date; write it as YYYY-MM-DD")
        if has_text and not plain_text(row.get("text")).strip():
            report.add("error", where, "the report has no words; write what was done, or remove the report")


def _direction_name(row: dict | pd.Series) -> str:
    """How a message names a direction: its number and the start of its words."""
    words = " ".join(direction_words(row, "en").split())
    words = words if len(words) <= _WORDS_SHOWN else words[: _WORDS_SHOWN - 1].rstrip() + "…"
    return (
        f"direction {plain_text(row.get('direction_id')) or '?'} ({words!r})"
        if words
        else (f"direction {plain_text(row.get('direction_id')) or '?'}")
    )


def _readable_date(value: str) -> bool:
    try:
        parse_date(value)
    except GeoInputError:
        return False
    return True


def _is_iso_date(value: object) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


#: Layers whose rows name a panchayat or a block: checked again when the named layer changes.
_REFERRING = {"panchayats": ("villages", "service_points", "status_events", "inspections"), "blocks": ("panchayats",)}
_POINTS = {"villages": "census_code", "service_points": "id"}


def _table_layers(layers: tuple[str, ...]) -> set[str]:
    """The layers whose codes a change of ``layers`` may make duplicate or unknown."""
    names = set(layers)
    for target, referring in _REFERRING.items():
        if target in names:
            names |= set(referring)
    return names


def _changed_keys(base: StoreData, data: StoreData, name: str) -> set[str]:
    """The keys of layer ``name`` added, changed (a value or the geometry) or removed from ``base`` to ``data``.

    A key met on more than one row (on either side) counts as changed. Values are compared as
    text, geometries first by identity (an import keeps the store's own objects for the rows it
    leaves alone), then by their WKB.
    """
    old, new = base.layer(name), data.layer(name)
    if old is new:
        return set()
    key = LAYERS[name].key[0]
    before, after = pd.Index(_key_text(old[key])), pd.Index(_key_text(new[key]))
    repeated = set(before[before.duplicated()]) | set(after[after.duplicated()])
    old_once, new_once = ~before.isin(list(repeated)), ~after.isin(list(repeated))
    old_at = pd.Series(np.flatnonzero(old_once), index=before[old_once])  # key -> row number, keys met once
    new_at = pd.Series(np.flatnonzero(new_once), index=after[new_once])
    both = old_at.index.intersection(new_at.index)
    i, j = old_at.loc[both].to_numpy(), new_at.loc[both].to_numpy()
    differ = np.zeros(len(both), dtype=bool)
    for column in sorted((set(old.columns) | set(new.columns)) - {key, "geometry"}):
        if column not in old.columns or column not in new.columns:
            differ[:] = True
            break
        differ |= _key_text(old[column])[i] != _key_text(new[column])[j]
    if "geometry" in old.columns:
        a, b = old.geometry.to_numpy()[i], new.geometry.to_numpy()[j]
        other = ~differ & np.fromiter((x is not y for x, y in zip(a, b, strict=True)), bool, len(a))
        differ[other] = shapely.to_wkb(a[other]) != shapely.to_wkb(b[other])
    return set(both[differ]) | set(old_at.index.symmetric_difference(new_at.index)) | repeated


def _key_text(keys: pd.Series) -> np.ndarray:
    """Keys (or values) as text, a missing one (None, NaN, NA) as ``""``: an object array."""
    return keys.astype(object).where(keys.notna(), "").astype(str).to_numpy(dtype=object)


def _among(keys: pd.Series, chosen: set[str]) -> np.ndarray:
    """Whether each key (as text) is one of ``chosen``: a boolean array."""
    return pd.Index(_key_text(keys)).isin(list(chosen))


def _narrowed(data: StoreData, changed: dict[str, set[str]], layers: tuple[str, ...]) -> StoreData:
    """``data`` with each layer of ``layers`` cut to the rows of ``changed`` keys (every row of an unkeyed one).

    The other layers are left empty.
    """
    frames = {}
    for name, spec in LAYERS.items():
        if name == "meta":
            continue
        frame = data.layer(name)
        if name not in layers:
            frame = frame.iloc[:0]
        elif spec.key and name in changed:
            frame = frame[_among(frame[spec.key[0]], changed[name])]
        frames[name] = frame
    return dataclasses.replace(data, **frames)


def _around(data: StoreData, changed: dict[str, set[str]], layers: tuple[str, ...]) -> StoreData:
    """``data`` with the villages and service points cut to those a change of ``layers`` concerns.

    Every one when the district changes; else those changed, and those that name or lie in a
    changed panchayat (a spatial index on the points). The district and the panchayats are whole.
    """
    if "district" in layers:
        return data
    panchayats = changed.get("panchayats", set())
    polygons = data.panchayats.geometry[_among(data.panchayats["lgd_code"], panchayats)].to_numpy()
    frames = {}
    for name, key in _POINTS.items():
        frame = data.layer(name)
        keep = np.array(_among(frame[key], changed.get(name, set())), dtype=bool)
        if panchayats:
            keep |= _among(frame["panchayat_lgd"], panchayats)
            _, inside = frame.sindex.query(polygons, predicate="intersects")
            keep[inside] = True
        frames[name] = frame[keep]
    return dataclasses.replace(data, **frames)
