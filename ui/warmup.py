"""The first screens of the app's store worked out ahead, into the caches every session shares (:mod:`ui.common`).

Called by the server as it starts (:func:`ui.serving.warm`), never by a page.
"""

from __future__ import annotations

from geo.review.agenda import AGENDA
from geo.review.status import latest_data_date
from ui.common import (
    PLANNER_KIND,
    PLANNER_KM,
    default_since,
    is_state_view,
    load_access,
    load_context,
    load_coverage,
    load_curve,
    load_places,
    load_progress,
    load_review_dates,
    load_state_context,
    load_state_outlines,
    load_store,
    load_summary,
    load_trend,
    store_key,
    store_path,
)
from ui.text import SERVICE_KINDS


def warm_caches(*, public: bool = False) -> None:
    """Fill the shared caches with what the first screens of the app's store read, as of the latest reports.

    A store of several districts: the state view's map (outlines, then the districts'
    figures). A district: the Review's cards and map (the analyses now and at the review
    compared), every deck screen (its changes and trend), the public page's places and
    the Planner's coverage and its minutes to each kind of centre (a panchayat's card). With ``public``,
    only what the public page reads.
    """
    key = store_key(store_path())
    data = load_store(key)
    if is_state_view(key, data):
        load_state_outlines(key)
        if not public:
            load_state_context(key, None)
        return
    context = load_context(key, None)
    load_places(key, None)
    if public:
        return
    reviews = load_review_dates(key)
    since = default_since(reviews, latest_data_date(data))
    load_summary(key, None, since)
    for item in AGENDA:
        load_trend(key, None, item.figures)
        if since is not None:
            load_progress(key, None, since, item.indicator)
    load_coverage(key, PLANNER_KIND, PLANNER_KM)
    load_curve(key, PLANNER_KIND)
    for kind in SERVICE_KINDS:
        if kind in context.analysis.functional_kinds:
            load_access(key, kind, "dry")
