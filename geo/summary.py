"""The district KPIs the review reads, overall and per block, with the change since a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.indicators import panchayat_indicators
from geo.status import parse_date
from geo.store import StoreData

__all__ = ["KPIS", "Summary", "summary", "kpi_table"]

#: KPI key -> (English label, Hindi label). The order is the order of the review.
KPIS: dict[str, tuple[str, str]] = {
    "panchayats": ("Gram panchayats", "ग्राम पंचायतें"),
    "online": ("Panchayat buildings online (BharatNet or JharNet live)", "ऑनलाइन पंचायत भवन (भारतनेट या झारनेट चालू)"),
    "bharatnet_live": ("BharatNet live", "भारतनेट चालू"),
    "jharnet_live": ("JharNet 2.0 live", "झारनेट 2.0 चालू"),
    "inspected_online": ("Found online at last inspection", "पिछले निरीक्षण में चालू मिले"),
    "inspected_offline": ("Found offline at last inspection", "पिछले निरीक्षण में बंद मिले"),
    "csc_functional": ("Panchayats with a functional CSC (Pragya Kendra)", "कार्यरत प्रज्ञा केंद्र वाली पंचायतें"),
    "library_opened": ("Community libraries opened", "खुले सामुदायिक पुस्तकालय"),
    "library_space": ("Library space identified", "पुस्तकालय हेतु स्थान चिह्नित"),
    "pmgdisha_centres": ("PMGDISHA centres", "पीएमजीदिशा केंद्र"),
    "pmgdisha_registered": ("PMGDISHA registered", "पीएमजीदिशा पंजीकृत"),
    "pmgdisha_trained": ("PMGDISHA trained", "पीएमजीदिशा प्रशिक्षित"),
    "pmgdisha_passed": ("PMGDISHA passed", "पीएमजीदिशा उत्तीर्ण"),
    "villages_beyond_aadhaar": ("Villages beyond {km:g} km of an Aadhaar centre", "आधार केंद्र से {km:g} कि.मी. से दूर गाँव"),
    "population_beyond_aadhaar": ("Population beyond {km:g} km of an Aadhaar centre", "आधार केंद्र से {km:g} कि.मी. से दूर आबादी"),
}


@dataclass(frozen=True)
class Summary:
    """KPIs of one date, optionally compared with an earlier one.

    Attributes
    ----------
    as_of, since : str or None
        The dates compared (ISO); None means "latest" / "no comparison".
    district : pandas.Series
        KPI key -> value for the whole district.
    by_block : pandas.DataFrame
        One row per block (index: block LGD code; ``name``, ``name_hi`` and a
        column per KPI).
    previous : pandas.Series or None
        District KPIs as of ``since``.
    aadhaar_km : float
        The Aadhaar reach threshold used.
    """

    as_of: str | None
    since: str | None
    district: pd.Series
    by_block: pd.DataFrame
    previous: pd.Series | None
    aadhaar_km: float

    @property
    def change(self) -> pd.Series | None:
        """District KPIs now minus as of ``since`` (None without ``since``)."""
        return None if self.previous is None else self.district - self.previous


def summary(
    data: StoreData,
    *,
    as_of: str | dt.date | None = None,
    since: str | dt.date | None = None,
    aadhaar_km: float = 10.0,
    indicators: gpd.GeoDataFrame | None = None,
) -> Summary:
    """Compute the review's KPIs.

    Parameters
    ----------
    data : StoreData
        The store's content.
    as_of : str or datetime.date, optional
        The date of the figures; default: latest.
    since : str or datetime.date, optional
        An earlier date (the previous review) to compare with.
    aadhaar_km : float, default 10
        Aadhaar reach threshold in km.
    indicators : geopandas.GeoDataFrame, optional
        :func:`geo.indicators.panchayat_indicators` for ``as_of``, if the caller
        has it already.

    Returns
    -------
    Summary

    Examples
    --------
    >>> from geo.store import read_store
    >>> s = summary(read_store(), since="2020-11-12")
    >>> int(s.district["panchayats"]), int(s.district["pmgdisha_centres"])
    (118, 135)
    """
    as_of, since = parse_date(as_of, name="as_of"), parse_date(since, name="since")
    if as_of is not None and since is not None and since > as_of:
        msg = f"since ({since}) must be earlier than as_of ({as_of})"
        raise ValueError(msg)
    if indicators is None:
        indicators = panchayat_indicators(data, as_of=as_of, aadhaar_km=aadhaar_km)
    by_block = kpi_table(indicators, by="block_lgd")
    blocks = data.blocks.set_index("lgd_code")[["name", "name_hi"]]
    by_block = blocks.join(by_block, how="left").fillna(0)
    previous = None
    if since is not None:
        previous = kpi_table(panchayat_indicators(data, as_of=since, aadhaar_km=aadhaar_km)).iloc[0]
    district = kpi_table(indicators).iloc[0]
    return Summary(as_of, since, district, by_block, previous, aadhaar_km)


def kpi_table(indicators: pd.DataFrame, *, by: str | None = None) -> pd.DataFrame:
    """Aggregate per-panchayat indicators into KPIs (one row, or one per group).

    Parameters
    ----------
    indicators : pandas.DataFrame
        Output of :func:`geo.indicators.panchayat_indicators`.
    by : str, optional
        Column to group by (e.g. ``"block_lgd"``).

    Returns
    -------
    pandas.DataFrame
        One column per key of :data:`KPIS`, integer counts.
    """
    frame = pd.DataFrame(
        {
            "panchayats": 1,
            "online": indicators["online"].astype(int),
            "bharatnet_live": (indicators["bharatnet"] == "live").fillna(False).astype(int),
            "jharnet_live": (indicators["jharnet"] == "live").fillna(False).astype(int),
            "inspected_online": (indicators["inspection"] == "online").fillna(False).astype(int),
            "inspected_offline": (indicators["inspection"] == "offline").fillna(False).astype(int),
            "csc_functional": (indicators["csc_functional"] == "yes").fillna(False).astype(int),
            "library_opened": (indicators["library"] == "opened").fillna(False).astype(int),
            "library_space": (indicators["library"] == "space_identified").fillna(False).astype(int),
            "pmgdisha_centres": indicators["pmgdisha_centres"],
            "pmgdisha_registered": indicators["pmgdisha_registered"],
            "pmgdisha_trained": indicators["pmgdisha_trained"],
            "pmgdisha_passed": indicators["pmgdisha_passed"],
            "villages_beyond_aadhaar": indicators["villages_beyond_aadhaar"],
            "population_beyond_aadhaar": indicators["population_beyond_aadhaar"],
        },
        index=indicators.index,
    )
    if by is None:
        return frame.sum().to_frame().T.astype("int64")
    return frame.groupby(indicators[by]).sum().astype("int64")
