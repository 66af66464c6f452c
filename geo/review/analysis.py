"""One analysis of a store at one date: what every face of the app reads.

:func:`analyse` computes, once, the service points as they stood on the date
(with their functional flags as of then), every village's nearest service and
Aadhaar reach, every panchayat's indicators (:mod:`geo.review.indicators`), the figures
(:mod:`geo.review.figures`) and the gap lists (:mod:`geo.review.gaps`). The Review cards, the
map classes and legend counts, the Planner's gap lists, ``summary``, the data
exports, the map sheets and the public pages all take their numbers from an
:class:`Analysis`, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.review.certificates import block_certificates, certificates_as_of
from geo.review.figures import FigureAreas, Figures, compute_figures
from geo.review.gaps import MAP_GAPS, gap_lists
from geo.review.indicators import (
    effective_services,
    functional_counts,
    panchayat_indicators,
    row_districts,
    village_access,
)
from geo.review.status import latest_data_date, parse_date
from geo.spatial.coverage import within_reach
from geo.spatial.placement import point_settings
from geo.storage.identity import DistrictIdentity
from geo.storage.store import StoreData, as_store_data

__all__ = ["Analysis", "analyse"]


@dataclass(frozen=True)
class Analysis:
    """Everything the review shows for one store and one date.

    Attributes
    ----------
    identity : geo.storage.identity.DistrictIdentity
        The district the store describes.
    is_demo : bool
        The store holds the generated DEMO district.
    dataset, source_notes : str
        The store's ``meta.dataset_name`` and ``meta.source_notes``.
    as_of : str or None
        The date asked for (ISO); None means "latest reports".
    date : str or None
        The date the figures hold: ``as_of``, or with "latest" the newest
        status event (None when the store has none).
    aadhaar_km : float
        Aadhaar reach threshold, km.
    panchayats : geopandas.GeoDataFrame
        :func:`geo.review.indicators.panchayat_indicators` plus ``gap_list`` (the
        map's gap lists the panchayat is on, ``;``-joined) and ``gaps`` (their number).
    villages : geopandas.GeoDataFrame
        Villages with ``block_lgd``, panchayat and block names, the nearest
        Aadhaar, CSC and PMGDISHA centre (``<kind>_id``, ``_name``, ``_name_hi``,
        ``_dist_km``) and ``beyond_aadhaar`` (missing: not measured).
    services : geopandas.GeoDataFrame
        Service points that existed on the date, ``functional`` as of then, and
        ``setting``: where each stands (:func:`geo.spatial.placement.point_settings`: in a
        panchayat, in no panchayat inside the district, or outside it).
    blocks : geopandas.GeoDataFrame
        The store's blocks (EPSG:4326) with their JharSewa figures
        (:func:`geo.review.certificates.block_certificates`).
    district : geopandas.GeoDataFrame
        The district outline (EPSG:4326).
    figures : geo.review.figures.Figures
        Every figure, district and per block.
    gaps : dict of str to geopandas.GeoDataFrame
        :func:`geo.review.gaps.gap_lists`.
    certificates : pandas.DataFrame
        The latest JharSewa report per block and type (:func:`geo.review.certificates.certificates_as_of`).
    registers : frozenset of str
        The service kinds the store holds any point of (a register that was supplied),
        whatever the points' dates: without one, its counts are not recorded, not 0.
    """

    identity: DistrictIdentity
    is_demo: bool
    dataset: str
    source_notes: str
    as_of: str | None
    date: str | None
    aadhaar_km: float
    panchayats: gpd.GeoDataFrame
    villages: gpd.GeoDataFrame
    services: gpd.GeoDataFrame
    blocks: gpd.GeoDataFrame
    district: gpd.GeoDataFrame
    figures: Figures
    gaps: dict[str, gpd.GeoDataFrame]
    certificates: pd.DataFrame
    registers: frozenset[str]

    @property
    def functional_kinds(self) -> pd.Index:
        """Service kinds with at least one functional point on the date."""
        return functional_counts(self.services).index


def analyse(
    data: StoreData | str | os.PathLike[str],
    *,
    as_of: str | dt.date | None = None,
    aadhaar_km: float = 10.0,
) -> Analysis:
    """Analyse a store as of a date.

    Parameters
    ----------
    data : StoreData or path-like
        The store's content (a public read is enough), or the path of a store.
    as_of : str or datetime.date, optional
        Status and service points as of this date; default: latest.
    aadhaar_km : float, default 10
        Villages farther than this (geodesic km) from a functional Aadhaar centre
        are beyond reach.

    Returns
    -------
    Analysis

    Raises
    ------
    ValueError
        If ``aadhaar_km`` is not a positive distance.
    geo.errors.GeoInputError
        If ``as_of`` is not a date.

    Examples
    --------
    >>> from geo.storage.store import read_store, DEMO_STORE
    >>> result = analyse(read_store(DEMO_STORE), as_of="2020-12-10")
    >>> classes = ("working", "live_offline", "not_live", "connectivity_not_recorded")
    >>> sum(result.figures.value(c) for c in classes) == result.figures.value("panchayats") == len(result.panchayats)
    True
    """
    if isinstance(aadhaar_km, bool) or not isinstance(aadhaar_km, int | float) or not aadhaar_km > 0:
        msg = f"aadhaar_km must be a positive distance in km, got {aadhaar_km!r}"
        raise ValueError(msg)
    data = as_store_data(data)
    cutoff = parse_date(as_of, name="as_of")
    registers = frozenset(data.service_points["kind"].dropna().astype(str))
    districts = row_districts(data)
    services = effective_services(data.service_points, data.status_events, as_of=cutoff)
    services = services.assign(setting=point_settings(services, data.district, data.panchayats).astype("string"))
    villages = _villages(data, services, float(aadhaar_km), districts)
    gps = panchayat_indicators(data, services, villages, as_of=cutoff, aadhaar_km=aadhaar_km, districts=districts)
    lists = gap_lists(gps, villages)
    gps = _with_gap_membership(gps, lists)
    latest = certificates_as_of(data.certificates, cutoff)
    per_block = block_certificates(latest, data.blocks["lgd_code"])
    blocks = data.blocks.join(per_block, on="lgd_code")
    date = cutoff or latest_data_date(data)
    figures = compute_figures(
        gps,
        villages,
        services,
        aadhaar_km=float(aadhaar_km),
        certificates=per_block,
        as_of=date,
        areas=FigureAreas(
            block_codes=data.blocks["lgd_code"].tolist(),
            registers=_registers(data, districts),
            districts={
                **districts,
                "blocks": pd.Series(
                    districts["blocks"].to_numpy(), index=data.blocks["lgd_code"].astype(str).to_numpy()
                ),
                "codes": pd.Series(data.district_codes(), dtype="string"),
            },
        ),
    )
    return Analysis(
        identity=data.identity,
        is_demo=data.is_demo,
        dataset=data.meta.get("dataset_name", ""),
        source_notes=data.meta.get("source_notes", ""),
        as_of=cutoff,
        date=date,
        aadhaar_km=float(aadhaar_km),
        panchayats=gps,
        villages=villages,
        services=services,
        blocks=blocks,
        district=data.district,
        figures=figures,
        gaps=lists,
        certificates=latest,
        registers=registers,
    )


def _registers(data: StoreData, districts: dict[str, pd.Series]) -> dict[str, frozenset[str]]:
    """The service kinds each district holds any point of, whatever its date (the registers it supplied)."""
    pairs = pd.DataFrame(
        {"district": districts["service_points"].to_numpy(), "kind": data.service_points["kind"].to_numpy()}
    ).dropna()
    return {str(code): frozenset(kinds.astype(str)) for code, kinds in pairs.groupby("district")["kind"]}


def _villages(
    data: StoreData, services: gpd.GeoDataFrame, aadhaar_km: float, districts: dict[str, pd.Series]
) -> gpd.GeoDataFrame:
    """Villages with distances (to their own district's centres), Aadhaar reach, their panchayat and block."""
    villages = village_access(data, services, districts=districts)
    villages["beyond_aadhaar"] = ~within_reach(villages["aadhaar_dist_km"], aadhaar_km)
    gps = data.panchayats.set_index("lgd_code")
    blocks = data.blocks.set_index("lgd_code")
    villages["panchayat_name"] = villages["panchayat_lgd"].map(gps["name"])
    villages["panchayat_name_hi"] = villages["panchayat_lgd"].map(gps["name_hi"])
    villages["block_name"] = villages["block_lgd"].map(blocks["name"])
    villages["block_name_hi"] = villages["block_lgd"].map(blocks["name_hi"])
    return villages


def _with_gap_membership(gps: gpd.GeoDataFrame, lists: dict[str, pd.DataFrame]) -> gpd.GeoDataFrame:
    """Add ``gap_list`` (the map's gap lists a panchayat is on) and ``gaps`` (how many)."""
    members: dict[str, list[str]] = {}
    for key in MAP_GAPS:
        column = "panchayat_lgd" if key == "far_from_aadhaar" else "lgd_code"
        for code in pd.unique(lists[key][column].dropna()):
            members.setdefault(str(code), []).append(key)
    out = gps.copy()
    out["gap_list"] = out["lgd_code"].map(lambda c: ";".join(members.get(str(c), [])))
    out["gaps"] = out["lgd_code"].map(lambda c: len(members.get(str(c), []))).astype("int64")
    return out
