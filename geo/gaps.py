"""The review's gap lists: where the rollout has not reached yet, biggest first."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd

from geo.indicators import panchayat_indicators, village_access
from geo.store import StoreData

__all__ = ["GAP_LISTS", "gaps", "gaps_table"]

#: Gap list key -> (English title, Hindi title).
GAP_LISTS: dict[str, tuple[str, str]] = {
    "no_functional_csc": ("Panchayats with no functional CSC", "बिना कार्यरत प्रज्ञा केंद्र वाली पंचायतें"),
    "not_connected": ("Panchayat buildings not connected", "इंटरनेट से न जुड़े पंचायत भवन"),
    "offline_on_inspection": ("Found offline at last inspection", "निरीक्षण में बंद मिले"),
    "library_not_opened": ("Community library not opened", "सामुदायिक पुस्तकालय नहीं खुला"),
    "far_from_aadhaar": ("Villages beyond {km:g} km of an Aadhaar centre", "आधार केंद्र से {km:g} कि.मी. से दूर गाँव"),
}

_GP_COLUMNS = ["lgd_code", "name", "name_hi", "block_lgd", "block_name", "population"]


def gaps(
    data: StoreData,
    *,
    as_of: str | dt.date | None = None,
    aadhaar_km: float = 10.0,
    indicators: gpd.GeoDataFrame | None = None,
    villages: gpd.GeoDataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Compute every gap list of the review.

    Parameters
    ----------
    data : StoreData
        The store's content.
    as_of : str or datetime.date, optional
        Status as of this date; default: latest.
    aadhaar_km : float, default 10
        Villages farther than this (geodesic km) from a functional Aadhaar centre
        are listed.
    indicators, villages : geopandas.GeoDataFrame, optional
        :func:`panchayat_indicators` and :func:`village_access` for ``as_of``, if
        the caller has them already.

    Returns
    -------
    dict of str to pandas.DataFrame
        Keyed like :data:`GAP_LISTS`. Panchayat lists carry ``lgd_code``, names,
        block, ``population`` (affected) and a ``detail``; the village list carries
        ``census_code``, names, panchayat, block, ``population`` and
        ``aadhaar_dist_km``. Each is sorted by population affected, largest first.
    """
    if villages is None:
        villages = village_access(data, as_of=as_of, kinds=("aadhaar",))
    if indicators is None:
        indicators = panchayat_indicators(data, as_of=as_of, aadhaar_km=aadhaar_km, villages=villages)
    gp = pd.DataFrame(indicators.drop(columns="geometry"))

    no_csc = gp[gp["csc_functional"].fillna("no") != "yes"].assign(
        detail=lambda f: f["csc_points"].astype(str) + " CSC point(s), none functional"
    )
    bharat_live = gp["bharatnet"] == "live"
    jhar_live = gp["jharnet"] == "live"
    not_connected = gp[~(bharat_live & jhar_live).fillna(False)].assign(
        detail=lambda f: [
            _connection_detail(b, j) for b, j in zip(f["bharatnet"].fillna("no report"), f["jharnet"].fillna("no report"), strict=True)
        ],
    )
    offline = gp[gp["inspection"] == "offline"].assign(
        detail=lambda f: "inspected " + f["inspection_as_of"].fillna("?")
    )
    library = gp[gp["library"].fillna("not_started") != "opened"].assign(
        detail=lambda f: f["library"].fillna("no report")
    )
    far = villages[villages["aadhaar_dist_km"].isna() | (villages["aadhaar_dist_km"] > aadhaar_km)]
    far = pd.DataFrame(far.drop(columns="geometry")).assign(
        panchayat_name=lambda f: f["panchayat_lgd"].map(gp.set_index("lgd_code")["name"]),
        block_name=lambda f: f["panchayat_lgd"].map(gp.set_index("lgd_code")["block_name"]),
        aadhaar_dist_km=lambda f: f["aadhaar_dist_km"].round(2),
    )
    far_columns = ["census_code", "name", "name_hi", "panchayat_lgd", "panchayat_name", "block_name",
                   "population", "aadhaar_dist_km", "aadhaar_name"]
    lists = {
        "no_functional_csc": no_csc[[*_GP_COLUMNS, "detail"]],
        "not_connected": not_connected[[*_GP_COLUMNS, "bharatnet", "jharnet", "online", "detail"]],
        "offline_on_inspection": offline[[*_GP_COLUMNS, "bharatnet", "jharnet", "inspection_as_of", "detail"]],
        "library_not_opened": library[[*_GP_COLUMNS, "detail"]],
        "far_from_aadhaar": far[far_columns],
    }
    return {
        key: frame.sort_values(["population", frame.columns[0]], ascending=[False, True]).reset_index(drop=True)
        for key, frame in lists.items()
    }


def gaps_table(lists: dict[str, pd.DataFrame], *, aadhaar_km: float = 10.0) -> pd.DataFrame:
    """Stack the gap lists into one long table (for a single CSV sheet).

    Returns
    -------
    pandas.DataFrame
        Columns ``gap``, ``gap_title``, ``code``, ``name``, ``name_hi``,
        ``block_name``, ``population``, ``detail``.
    """
    parts = []
    for key, frame in lists.items():
        title = GAP_LISTS[key][0].format(km=aadhaar_km)
        code = frame["census_code"] if "census_code" in frame else frame["lgd_code"]
        detail = (
            frame["aadhaar_dist_km"].map(lambda d: f"{d:.2f} km to nearest Aadhaar centre")
            if key == "far_from_aadhaar"
            else frame["detail"]
        )
        parts.append(
            pd.DataFrame(
                {"gap": key, "gap_title": title, "code": code, "name": frame["name"], "name_hi": frame["name_hi"],
                 "block_name": frame["block_name"], "population": frame["population"], "detail": detail}
            )
        )
    return pd.concat(parts, ignore_index=True)


def _connection_detail(bharatnet: str, jharnet: str) -> str:
    return f"BharatNet: {bharatnet}; JharNet: {jharnet}"
