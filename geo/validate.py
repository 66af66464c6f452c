"""Check a store against the data contract and report every problem at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import shapely

from geo.schema import (
    EXPECTED_BLOCKS,
    EXPECTED_PANCHAYATS,
    INDICATOR_VALUES,
    LAYERS,
    METRIC_CRS,
    SERVICE_KINDS,
)
from geo.store import StoreData

__all__ = ["Problem", "ValidationReport", "validate_store"]

TILING_TOLERANCE = 0.001  # 0.1 % of the district's area


@dataclass(frozen=True)
class Problem:
    """One finding: ``severity`` is ``"error"`` (must be fixed) or ``"warning"``."""

    severity: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity.upper()}: {self.where}: {self.message}"


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

    def add(self, severity: str, where: str, message: str) -> None:
        """Record a problem."""
        self.problems.append(Problem(severity, where, message))


def validate_store(data: StoreData) -> ValidationReport:
    """Check counts, geometry validity, tiling, containment, keys and vocabularies.

    Parameters
    ----------
    data : StoreData
        The store's content (as read by :func:`geo.store.read_store`).

    Returns
    -------
    ValidationReport
        ``facts`` (counts, areas, population) and every ``problem`` found.

    Examples
    --------
    >>> from geo.store import read_store
    >>> validate_store(read_store()).ok
    True
    """
    report = ValidationReport()
    _check_counts(data, report)
    _check_keys(data, report)
    _check_geometry(data, report)
    _check_tiling(data, report)
    _check_containment(data, report)
    _check_vocabularies(data, report)
    return report


def _check_counts(data: StoreData, report: ValidationReport) -> None:
    n_gp, n_blocks = len(data.panchayats), len(data.blocks)
    population = int(data.villages["population"].fillna(0).sum())
    report.facts += [
        f"dataset: {data.meta.get('dataset_name', '?')}" + (" — DEMO DATA" if data.is_demo else ""),
        f"{n_gp} panchayats, {n_blocks} blocks, {len(data.villages):,} villages, "
        f"{len(data.service_points):,} service points, {len(data.status_events):,} status events",
        f"village population {population:,}",
    ]
    if n_gp != EXPECTED_PANCHAYATS:
        report.add("warning", "panchayats", f"{n_gp} panchayats; Jamtara has {EXPECTED_PANCHAYATS} (fine if the district changed)")
    if n_blocks != EXPECTED_BLOCKS:
        report.add("warning", "blocks", f"{n_blocks} blocks; Jamtara has {EXPECTED_BLOCKS}")
    if len(data.district) != 1:
        report.add("error", "district", f"expected one district outline, found {len(data.district)}")


def _check_keys(data: StoreData, report: ValidationReport) -> None:
    for name, spec in LAYERS.items():
        frame = data.layer(name)
        if not spec.key or frame.empty:
            continue
        key = list(spec.key)
        empty = frame[key].isna().any(axis=1)
        for row in frame.index[empty][:20]:
            report.add("error", f"{name} row {row + 1}", f"empty {'/'.join(key)}; every row needs one")
        dup = frame[key][~empty].duplicated(keep=False)
        for value in sorted(frame.loc[dup[dup].index, key[0]].astype(str).unique())[:20]:
            report.add("error", f"{name} {key[0]} {value}", "duplicate code; codes must be unique")
    gp_codes = set(data.panchayats["lgd_code"])
    references = (
        ("panchayats", data.panchayats, "block_lgd", set(data.blocks["lgd_code"]), "block"),
        ("villages", data.villages, "panchayat_lgd", gp_codes, "panchayat"),
        ("service_points", data.service_points, "panchayat_lgd", gp_codes, "panchayat"),
        ("status_events", data.status_events, "panchayat_lgd", gp_codes, "panchayat"),
    )
    for name, frame, column, known, what in references:
        unknown = frame[column].notna() & ~frame[column].isin(known)
        for code, count in frame.loc[unknown, column].value_counts().sort_index().items():
            report.add("error", f"{name}.{column} {code}", f"{count} row(s) name a {what} that is not in the store")


def _check_geometry(data: StoreData, report: ValidationReport) -> None:
    for name in ("district", "blocks", "panchayats", "villages", "village_boundaries", "service_points"):
        frame = data.layer(name)
        if frame.empty:
            continue
        key = LAYERS[name].key[0]
        missing = frame.geometry.isna() | frame.geometry.is_empty
        for code in frame.loc[missing, key][:20]:
            report.add("error", f"{name} {code}", "has no geometry")
        invalid = ~missing & ~frame.geometry.is_valid
        for code, geom in zip(frame.loc[invalid, key], frame.geometry[invalid], strict=True):
            reason = shapely.is_valid_reason(geom)
            report.add("error", f"{name} {code}", f"invalid geometry ({reason}); repair it (QGIS: Fix geometries)")
    report.facts.append("geometry valid" if not any("invalid geometry" in p.message for p in report.problems) else "geometry has errors")


def _check_tiling(data: StoreData, report: ValidationReport) -> None:
    if data.panchayats.empty or data.district.empty:
        return
    gps = data.panchayats.to_crs(METRIC_CRS).geometry.make_valid()
    district = data.district.to_crs(METRIC_CRS).geometry.make_valid().union_all()
    union = gps.union_all()
    sum_km2, union_km2, district_km2 = gps.area.sum() / 1e6, union.area / 1e6, district.area / 1e6
    overlap_km2 = sum_km2 - union_km2
    gap_km2 = district.difference(union).area / 1e6
    outside_km2 = union.difference(district).area / 1e6
    report.facts.append(
        f"district {district_km2:,.1f} km²; panchayats: sum of areas {sum_km2:,.1f} km², "
        f"union {union_km2:,.1f} km² (overlaps {overlap_km2:.3f} km², gaps {gap_km2:.3f} km², "
        f"outside the district {outside_km2:.3f} km²)"
    )
    limit = TILING_TOLERANCE * district_km2
    for label, value in (("overlap", overlap_km2), ("gaps", gap_km2), ("outside the district", outside_km2)):
        if value > limit:
            report.add(
                "error",
                "panchayats",
                f"panchayats do not tile the district: {label} {value:.3f} km² "
                f"(> {TILING_TOLERANCE:.1%} of the district); fix the boundaries in QGIS",
            )
    if all(v <= limit for v in (overlap_km2, gap_km2, outside_km2)):
        report.facts.append("panchayats tile the district (within 0.1 %)")


def _check_containment(data: StoreData, report: ValidationReport) -> None:
    if data.district.empty:
        return
    district = data.district.to_crs(METRIC_CRS).geometry.make_valid().union_all().buffer(1.0)
    shapely.prepare(district)
    outside_total = 0
    for name, key in (("villages", "census_code"), ("service_points", "id")):
        frame = data.layer(name)
        pts = frame.to_crs(METRIC_CRS).geometry
        outside = ~shapely.contains(district, pts.to_numpy())
        outside_total += int(outside.sum())
        for code in frame.loc[outside, key][:20]:
            report.add("error", f"{name} {code}", "lies outside the district; check its coordinates (lat/lon swapped?)")
    if outside_total == 0:
        report.facts.append("every village and service point lies inside the district")


def _check_vocabularies(data: StoreData, report: ValidationReport) -> None:
    kinds = data.service_points["kind"]
    for value, count in kinds[~kinds.isin(SERVICE_KINDS)].value_counts().items():
        report.add("error", f"service_points.kind {value!r}", f"{count} row(s); expected one of {', '.join(SERVICE_KINDS)}")
    events = data.status_events
    for indicator, frame in events.groupby("indicator"):
        allowed = INDICATOR_VALUES.get(str(indicator))
        if allowed is None:
            report.add("error", f"status_events.indicator {indicator!r}", f"unknown; expected one of {', '.join(INDICATOR_VALUES)}")
            continue
        bad = frame.loc[~frame["value"].isin(allowed), "value"]
        for value, count in bad.value_counts().items():
            report.add("error", f"status_events {indicator}={value!r}", f"{count} row(s); expected one of {', '.join(allowed)}")
    for column, frame, layer in (
        ("as_of", events, "status_events"),
        ("opened", data.service_points, "service_points"),
    ):
        for value in sorted(set(frame[column].dropna()) - {""}):
            if not _is_iso_date(value):
                report.add("error", f"{layer}.{column} {value!r}", "not a date; write dates as YYYY-MM-DD")


def _is_iso_date(value: object) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True

