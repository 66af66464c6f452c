"""JharSewa certificates: applications received, disposed and pending per block and type, as of a date.

The ``certificates`` table is a history like ``status_events``: each report is a row
(block, certificate type, date, counts) and nothing is overwritten. The counts *as
of* a date are, per block and type, its latest report on or before that date (a
later ``recorded_at`` wins on the same day). Pending is as reported, or received
minus disposed where the report leaves it out. A block without any report is *not
recorded*, never 0.

The disposal rate of a block is disposed / received over its reported types; its
class (:data:`RATE_CLASSES`) colours the JharSewa map.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from geo.review.status import parse_date

__all__ = ["RATE_CLASSES", "certificates_as_of", "block_certificates", "rate_class"]

#: Disposal-rate classes of a block: (class, lowest rate), best first; below the last: "low".
RATE_CLASSES = (("high", 0.90), ("middle", 0.75), ("low", 0.0))


def certificates_as_of(certificates: pd.DataFrame, as_of: str | dt.date | None = None) -> pd.DataFrame:
    """The latest report per block and certificate type on or before ``as_of``.

    Parameters
    ----------
    certificates : pandas.DataFrame
        The store's ``certificates`` table.
    as_of : str or datetime.date, optional
        Default: every report.

    Returns
    -------
    pandas.DataFrame
        ``block_lgd``, ``certificate``, ``as_of``, ``received``, ``disposed`` and
        ``pending`` (``Int64``; pending = received − disposed where not reported).
    """
    cutoff = parse_date(as_of, name="as_of")
    chosen = certificates if cutoff is None else certificates[certificates["as_of"] <= cutoff]
    order = [c for c in ("as_of", "recorded_at", "report_id") if c in chosen]
    latest = chosen.sort_values(order, kind="stable").drop_duplicates(["block_lgd", "certificate"], keep="last")
    out = latest[["block_lgd", "certificate", "as_of", "received", "disposed", "pending"]].copy()
    for column in ("received", "disposed", "pending"):
        out[column] = out[column].astype("Int64")
    out["pending"] = out["pending"].fillna(out["received"] - out["disposed"])
    return out.sort_values(["block_lgd", "certificate"]).reset_index(drop=True)


def block_certificates(latest: pd.DataFrame, block_codes: pd.Series | list[str]) -> pd.DataFrame:
    """Per block: received, disposed, pending (sums over its reported types), the date, rate and class.

    Parameters
    ----------
    latest : pandas.DataFrame
        :func:`certificates_as_of`.
    block_codes : sequence of str
        Every block to report on; one without a report gets missing values and the
        class ``not_recorded``.

    Returns
    -------
    pandas.DataFrame
        Indexed by block LGD code: ``jharsewa_received``, ``jharsewa_disposed``,
        ``jharsewa_pending`` (``Int64``), ``jharsewa_as_of`` (latest report),
        ``jharsewa_rate`` (float, disposed / received) and ``jharsewa_class``.
    """
    codes = pd.Index([str(c) for c in block_codes], name="block_lgd")
    grouped = latest.groupby("block_lgd")
    out = pd.DataFrame(index=codes)
    for column in ("received", "disposed", "pending"):
        out[f"jharsewa_{column}"] = grouped[column].sum(min_count=1).reindex(codes).astype("Int64")
    out["jharsewa_as_of"] = grouped["as_of"].max().reindex(codes).astype("string")
    received = out["jharsewa_received"].astype("Float64")
    rate = (out["jharsewa_disposed"].astype("Float64") / received.where(received > 0)).astype(float)
    out["jharsewa_rate"] = rate.to_numpy()
    out["jharsewa_class"] = [rate_class(r) for r in rate]
    return out


def rate_class(rate: float | None) -> str:
    """The class of a disposal rate: ``high`` (≥ 90 %), ``middle`` (≥ 75 %), ``low``; ``not_recorded`` if missing.

    Examples
    --------
    >>> [rate_class(r) for r in (0.95, 0.9, 0.8, 0.1, None)]
    ['high', 'high', 'middle', 'low', 'not_recorded']
    """
    if rate is None or pd.isna(rate) or not np.isfinite(rate):
        return "not_recorded"
    return next(name for name, lowest in RATE_CLASSES if rate >= lowest)
