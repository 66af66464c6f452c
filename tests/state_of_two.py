"""A store of two districts made by hand, each measured to its own centres: distances easy to check by hand."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import box
from tiny_district import ORIGIN, east

from geo.storage.store import StoreData, conform, empty_layer

#: x (km east of the origin, along 23.95 N) of each place of the two-district store (:func:`two_districts`).
STATE_X_KM = {"AA": -14.5, "VA1": -0.5, "VA2": -12.5, "AB": 5.5, "VB1": 8.5, "VB2": 19.5, "CB": 8.5}


def two_districts(*, demo: bool = False) -> StoreData:
    """Alpur (901, panchayat PA, 20 km x 10 km west of the origin) and Bepur (902, PB, the same east of it).

    Each district's own Aadhaar centre: AA at x = -14.5 km (Alpur), AB at x = +5.5 km (Bepur).
    Villages (population): VA1 (100) at -0.5 km is 14 km from AA but 6 km from Bepur's AB;
    VA2 (200) at -12.5 km, 2 km from AA; VB1 (300) at 8.5 km, 3 km from AB; VB2 (400) at
    19.5 km, 14 km from AB. By hand, each district measured to its own centre (10 km): Alpur
    has 1 village beyond (VA1, 100 people), Bepur 1 (VB2, 400): the state 2 villages, 500
    people. (Measured to any centre, VA1 would be within reach: 1 village, 400 people.)
    Only Alpur reported connectivity (PA live: 1 working), only Bepur holds a CSC register
    (CB, functional): working is not recorded in Bepur, the CSC figures not in Alpur.
    """
    utm = gpd.GeoSeries(gpd.points_from_xy([ORIGIN[0]], [ORIGIN[1]]), crs=4326).to_crs(32645).iloc[0]
    west, east_half = (
        gpd.GeoSeries([box(utm.x + a, utm.y - 5_000, utm.x + b, utm.y + 5_000)], crs=32645).to_crs(4326).iloc[0]
        for a, b in ((-20_000, 0), (0, 20_000))
    )

    def layer(name, rows, geometry):
        return conform(name, gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geometry, crs=4326))

    districts = layer(
        "districts",
        {"lgd_code": ["901", "902"], "code_kind": "lgd", "name": ["Alpur", "Bepur"], "name_hi": ["अलपुर", "बेपुर"]},
        [west, east_half],
    )
    blocks = layer(
        "blocks",
        {
            "lgd_code": ["BA", "BB"],
            "name": ["Anand", "Basant"],
            "name_hi": ["आनंद", "बसंत"],
            "district_lgd": ["901", "902"],
            "hq_lon": None,
            "hq_lat": None,
        },
        [west, east_half],
    )
    panchayats = layer(
        "panchayats",
        {
            "lgd_code": ["PA", "PB"],
            "name": ["Pa", "Pb"],
            "name_hi": ["पा", "पब"],
            "block_lgd": ["BA", "BB"],
            "bhawan_lon": None,
            "bhawan_lat": None,
        },
        [west, east_half],
    )
    names = ["VA1", "VA2", "VB1", "VB2"]
    villages = layer(
        "villages",
        {"census_code": names, "name": names, "name_hi": names, "panchayat_lgd": ["PA", "PA", "PB", "PB"],
         "population": [100, 200, 300, 400]},
        [east(STATE_X_KM[v]) for v in names],
    )  # fmt: skip
    services = layer(
        "service_points",
        {"id": ["AA", "AB", "CB"], "kind": ["aadhaar", "aadhaar", "csc"], "name": ["AA", "AB", "CB"],
         "name_hi": ["अ", "ब", "स"], "panchayat_lgd": ["PA", "PB", "PB"], "functional": True},
        [east(STATE_X_KM[s]) for s in ("AA", "AB", "CB")],
    )  # fmt: skip
    events = conform(
        "status_events",
        pd.DataFrame(
            {"event_id": [1], "panchayat_lgd": ["PA"], "indicator": ["bharatnet"], "value": ["live"],
             "as_of": ["2020-12-10"], "source": "test", "remark": "", "recorded_by": "t",
             "recorded_at": ["2020-12-10T12:00:00Z"]}
        ),
    )  # fmt: skip
    outline = layer("district", {"lgd_code": [None], "name": [None], "name_hi": [None]}, [west.union(east_half)])
    meta = {"dataset_name": "two districts", "is_demo": "true" if demo else "false", "created": "2020-11-01T00:00:00Z",
            "source_notes": "test", "state_name": "Jharkhand", "schema_version": "6"}  # fmt: skip
    return StoreData(
        meta=meta, district=outline, blocks=blocks, panchayats=panchayats, villages=villages,
        village_boundaries=empty_layer("village_boundaries"), service_points=services,
        service_private=empty_layer("service_private"), status_events=events, districts=districts,
    )  # fmt: skip
