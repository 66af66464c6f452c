"""The review's figures at one date, compared with an earlier review: district and per block."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from geo.review.analysis import Analysis, analyse
from geo.review.figures import DISTRICT, FIGURES, Figures
from geo.review.figures import state_total_text as figure_text
from geo.review.status import parse_date
from geo.storage.store import StoreData, as_store_data

__all__ = ["Summary", "summary", "compare", "by_district", "state_totals", "state_total_text"]


@dataclass(frozen=True)
class Summary:
    """Figures of one analysis, optionally compared with an earlier one.

    Attributes
    ----------
    now : geo.review.analysis.Analysis
        The analysis of the date looked at.
    before : geo.review.analysis.Analysis or None
        The analysis of the earlier date (the last review), or None.
    """

    now: Analysis
    before: Analysis | None

    @property
    def figures(self) -> Figures:
        """The figures of :attr:`now`."""
        return self.now.figures

    @property
    def as_of(self) -> str | None:
        """The date asked for (None: latest)."""
        return self.now.as_of

    @property
    def since(self) -> str | None:
        """The earlier date compared with (None: no comparison)."""
        return None if self.before is None else self.before.as_of

    @property
    def aadhaar_km(self) -> float:
        """The Aadhaar reach threshold used."""
        return self.now.aadhaar_km

    @property
    def district(self) -> pd.Series:
        """District figures now, figure key -> Int64 (missing: not recorded)."""
        return self.now.figures.district

    @property
    def previous(self) -> pd.Series | None:
        """District figures as of :attr:`since`."""
        return None if self.before is None else self.before.figures.district

    @cached_property
    def change(self) -> pd.Series | None:
        """District figures now minus before; missing where either is not recorded."""
        return None if self.previous is None else (self.district - self.previous)

    @cached_property
    def block_change(self) -> pd.DataFrame | None:
        """Block figures now minus before (index: block LGD code); missing where either is not recorded."""
        if self.before is None:
            return None
        now = self.now.figures.by_block
        return now - self.before.figures.by_block.reindex(index=now.index, columns=now.columns)

    def delta(self, key: str, area: str = DISTRICT) -> int | None:
        """The change of figure ``key`` in ``area`` since :attr:`since`; None without a comparison or a known pair.

        Examples
        --------
        >>> from geo.storage.store import read_store
        >>> s = summary(read_store(), since="2020-11-12")
        >>> s.delta("working"), s.delta("inspected_recent")  # no inspection was recorded by 12 Nov 2020
        (7, None)
        """
        if self.before is None:
            return None
        now, before = self.now.figures.value(key, area), self.before.figures.value(key, area)
        return None if now is None or before is None else now - before

    def change_note(self, key: str, lang: str = "en", area: str = DISTRICT) -> str | None:
        """Why a figure known now has no change: "no inspection recorded by 12 Nov 2020"; else None.

        Every face shows this instead of a change where the earlier review had
        nothing recorded (a first report is not a rise from 0).

        Examples
        --------
        >>> from geo.storage.store import read_store
        >>> summary(read_store(), since="2020-11-12").change_note("inspected_recent")
        'no inspection recorded by 12 Nov 2020'
        """
        if self.before is None or not self.now.figures.known(key, area):
            return None
        return self.before.figures.missing_by(key, self.since, lang, area)

    @property
    def by_block(self) -> pd.DataFrame:
        """One row per block (index: block LGD code): ``name``, ``name_hi`` and a column per figure."""
        names = self.now.blocks.set_index("lgd_code")[["name", "name_hi"]]
        return names.join(self.now.figures.by_block, how="left")[["name", "name_hi", *FIGURES]]


def compare(now: Analysis, before: Analysis | None) -> Summary:
    """A :class:`Summary` of two analyses of the same store (``before`` earlier, or None)."""
    if before is not None and now.as_of is not None and before.as_of is not None and before.as_of > now.as_of:
        msg = f"since ({before.as_of}) must be earlier than as_of ({now.as_of})"
        raise ValueError(msg)
    return Summary(now, before)


def summary(
    data: StoreData | str | os.PathLike[str],
    *,
    as_of: str | dt.date | None = None,
    since: str | dt.date | None = None,
    aadhaar_km: float = 10.0,
) -> Summary:
    """Compute the review's figures, and the change since an earlier date.

    Parameters
    ----------
    data : StoreData or path-like
        The store's content, or the path of a store to read.
    as_of : str or datetime.date, optional
        The date of the figures; default: latest.
    since : str or datetime.date, optional
        An earlier date (the previous review) to compare with.
    aadhaar_km : float, default 10
        Aadhaar reach threshold in km.

    Returns
    -------
    Summary

    Examples
    --------
    >>> from geo.storage.store import read_store
    >>> data = read_store()
    >>> s = summary(data, since="2020-11-12")
    >>> s.figures.value("panchayats") == len(data.panchayats), s.previous is not None
    (True, True)
    """
    data = as_store_data(data)
    as_of, since = parse_date(as_of, name="as_of"), parse_date(since, name="since")
    if as_of is not None and since is not None and since > as_of:
        msg = f"since ({since}) must be earlier than as_of ({as_of})"
        raise ValueError(msg)
    now = analyse(data, as_of=as_of, aadhaar_km=aadhaar_km)
    before = None if since is None else analyse(data, as_of=since, aadhaar_km=aadhaar_km)
    return Summary(now, before)


def by_district(
    data: StoreData | str | os.PathLike[str],
    *,
    as_of: str | dt.date | None = None,
    aadhaar_km: float = 10.0,
    analysis: Analysis | None = None,
) -> pd.DataFrame:
    """The review's figures of each district of a store, from one analysis of the whole store.

    Parameters
    ----------
    data : StoreData or path-like
        The store's content, or the path of a store to read.
    as_of : str or datetime.date, optional
        The date of the figures; default: latest.
    aadhaar_km : float, default 10
        Aadhaar reach threshold in km.
    analysis : geo.review.analysis.Analysis, optional
        :func:`~geo.review.analysis.analyse` of ``data`` already made (``as_of`` and
        ``aadhaar_km`` are then its own); default: made here.

    Returns
    -------
    pandas.DataFrame
        One row per district (index: its code): ``name``, ``name_hi``, ``blocks``
        and a column per figure (``panchayats``, ``villages`` … :data:`geo.review.figures.FIGURES`; Int64,
        missing where not recorded). A district's figures are its own rows'
        (:attr:`Figures.districts <geo.review.figures.Figures.districts>`: a village's nearest
        Aadhaar centre is sought in its own district), the same as :func:`summary` of
        :meth:`StoreData.only_district <geo.storage.store.StoreData.only_district>` gives,
        and :func:`state_totals` of this table is the whole store's :func:`summary`.
    """
    data = as_store_data(data)
    if analysis is None:
        analysis = analyse(data, as_of=parse_date(as_of, name="as_of"), aadhaar_km=aadhaar_km)
    figures = analysis.figures
    codes = data.district_codes()
    blocks = data.blocks["district_lgd"].astype("string").value_counts()
    table = pd.DataFrame(
        {
            "name": [data.district_label(code, "en") for code in codes],
            "name_hi": [data.district_label(code, "hi") for code in codes],
            "blocks": [int(blocks.get(code, 0)) for code in codes],
        },
        index=pd.Index(codes, name="lgd_code"),
    )
    return table.join(figures.districts.reindex(codes).astype("Int64"))


def state_totals(table: pd.DataFrame) -> pd.DataFrame:
    """Each figure of a :func:`by_district` table summed over its districts, and where it is not recorded.

    The one definition of a state's figure: the sum of its districts' rows. A district
    that did not record a figure adds nothing to its ``total`` but is counted in
    ``not_recorded``, so a face says "not recorded in 3 of 24 districts", never a
    smaller number as if it were the state's.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`by_district`: one row per district, an ``Int64`` column per figure of
        :data:`geo.review.figures.FIGURES` (missing: not recorded).

    Returns
    -------
    pandas.DataFrame
        One row per figure (index: its key, in :data:`~geo.review.figures.FIGURES` order):
        ``total`` (Int64, the sum over the districts that recorded it; missing where none
        did), ``not_recorded`` (int64, the districts that did not) and ``districts`` (int64,
        the table's rows).

    Raises
    ------
    ValueError
        When ``table`` lacks a figure's column (it is not a :func:`by_district` table).

    Examples
    --------
    >>> table = pd.DataFrame({key: pd.array([2, 3], dtype="Int64") for key in FIGURES})
    >>> table["population"] = pd.array([100, None], dtype="Int64")
    >>> totals = state_totals(table)
    >>> totals.loc["panchayats"].tolist(), totals.loc["population"].tolist()
    ([5, 0, 2], [100, 1, 2])
    """
    missing = [key for key in FIGURES if key not in table.columns]
    if missing:
        msg = f"table has no column for figure(s) {', '.join(missing)}; expected a by_district table"
        raise ValueError(msg)
    values = table[list(FIGURES)].astype("Int64")
    recorded = values.notna().sum()
    totals = pd.DataFrame(
        {
            "total": values.sum(min_count=1).astype("Int64"),
            "not_recorded": (len(values) - recorded).astype("int64"),
            "districts": len(values),
        },
        index=pd.Index(list(FIGURES), name="figure"),
    )
    return totals.astype({"districts": "int64"})


def state_total_text(totals: pd.DataFrame, key: str, lang: str = "en") -> tuple[str, str | None]:
    """A state total as a card shows it: the value ("1,299 / 4,345", "not recorded in 3 of 24 districts") and a note.

    The note says what the districts that recorded the figure hold ("1,020 in the 21
    districts that recorded it"); None when every district recorded it, or none did.

    Examples
    --------
    >>> table = pd.DataFrame({key: pd.array([2, None], dtype="Int64") for key in FIGURES})
    >>> state_total_text(state_totals(table), "working")
    ('not recorded in 1 of 2 districts', '2 in the 1 district(s) that recorded it')
    >>> state_total_text(state_totals(table.fillna(1)), "working")
    ('3 / 3', None)
    """
    row = totals.loc[key]
    total, panchayats = row["total"], totals.at["panchayats", "total"]
    return figure_text(
        None if pd.isna(total) else int(total),
        int(row["not_recorded"]),
        int(row["districts"]),
        None if pd.isna(panchayats) else int(panchayats),
        key,
        lang,
    )
