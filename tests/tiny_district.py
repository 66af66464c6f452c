"""A hand-made two-panchayat store with distances that are easy to check by hand.

Panchayat P1 is the 10 km x 10 km square west of 86.80 E, P2 the one east of it
(both south of 24.0 N, built in UTM 45N). The Aadhaar centre A1 stands at the
origin O (86.80 E, 23.95 N); villages lie 3, 8 and 12 km due east or west of it.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from pyproj import Geod
from shapely.geometry import Point, box

from geo.storage.store import StoreData, conform, empty_layer

GEOD = Geod(ellps="WGS84")
ORIGIN = (86.80, 23.95)


def east(km: float) -> Point:
    """The point ``km`` kilometres due east (negative: west) of the origin."""
    azimuth = 90.0 if km >= 0 else 270.0
    lon, lat, _ = GEOD.fwd(*ORIGIN, azimuth, abs(km) * 1000)
    return Point(lon, lat)


def squares_east(origin: tuple[float, float], first_km: float, count: int) -> gpd.GeoSeries:
    """``count`` 10 km x 10 km squares side by side eastwards, the first ``first_km`` east of ``origin``.

    Built in UTM 45N, centred north-south on the origin, returned in EPSG:4326.
    """
    utm = gpd.GeoSeries([Point(origin)], crs=4326).to_crs(32645).iloc[0]
    west = utm.x + first_km * 1000
    return gpd.GeoSeries(
        [box(west + 10_000 * i, utm.y - 5_000, west + 10_000 * (i + 1), utm.y + 5_000) for i in range(count)],
        crs=32645,
    ).to_crs(4326)


def store_of(
    name: str,
    *,
    district: gpd.GeoDataFrame,
    blocks: gpd.GeoDataFrame,
    panchayats: gpd.GeoDataFrame,
    villages: gpd.GeoDataFrame,
    services: gpd.GeoDataFrame | None = None,
    events: pd.DataFrame | None = None,
) -> StoreData:
    """A store (not DEMO, created 2020-11-01, schema version 2) of these layers; the others empty."""
    meta = {
        "dataset_name": name,
        "is_demo": "false",
        "created": "2020-11-01T00:00:00Z",
        "source_notes": "test",
        "schema_version": "2",
    }
    return StoreData(
        meta=meta,
        district=conform("district", district),
        blocks=conform("blocks", blocks),
        panchayats=conform("panchayats", panchayats),
        villages=conform("villages", villages),
        village_boundaries=empty_layer("village_boundaries"),
        service_points=empty_layer("service_points") if services is None else conform("service_points", services),
        service_private=empty_layer("service_private"),
        status_events=empty_layer("status_events") if events is None else conform("status_events", events),
    )


def tiny_store() -> StoreData:
    squares = squares_east(ORIGIN, -10, 2)
    panchayats = gpd.GeoDataFrame(
        {
            "lgd_code": ["P1", "P2"],
            "name": ["West GP", "East GP"],
            "name_hi": ["पश्चिम", "पूर्व"],
            "block_lgd": ["B1", "B1"],
            "bhawan_lon": [None, None],
            "bhawan_lat": [None, None],
        },
        geometry=list(squares),
        crs=4326,
    )
    blocks = gpd.GeoDataFrame(
        {"lgd_code": ["B1"], "name": ["Block"], "name_hi": ["प्रखंड"], "hq_lon": [ORIGIN[0]], "hq_lat": [ORIGIN[1]]},
        geometry=[squares.union_all()],
        crs=4326,
    )
    district = gpd.GeoDataFrame(
        {"lgd_code": ["D"], "name": ["Tiny"], "name_hi": ["छोटा"]}, geometry=[squares.union_all()], crs=4326
    )
    villages = gpd.GeoDataFrame(
        {
            "census_code": ["V1", "V2", "V3", "V4"],
            "name": ["v3w", "v8w", "v3e", "v8e"],
            "name_hi": ["क", "ख", "ग", "घ"],
            "panchayat_lgd": ["P1", "P1", "P2", "P2"],
            "population": [100, 200, 300, 400],
        },
        geometry=[east(-3), east(-8), east(3), east(8)],
        crs=4326,
    )
    services = gpd.GeoDataFrame(
        {
            "id": ["A1", "C1", "C2"],
            "kind": ["aadhaar", "csc", "csc"],
            "category": ["permanent_block_hq", "", ""],
            "name": ["Aadhaar HQ", "CSC west", "CSC east (closed)"],
            "name_hi": ["आधार", "सीएससी", "सीएससी"],
            "panchayat_lgd": ["P2", "P1", "P2"],
            "functional": [True, True, False],
            "opened": ["2018-01-01", "2020-12-01", ""],
        },
        geometry=[east(0.001), east(-8), east(3)],
        crs=4326,
    )
    events = pd.DataFrame(
        [
            (1, "P1", "bharatnet", "live", "2020-11-12"),
            (2, "P2", "bharatnet", "cable_laid", "2020-11-12"),
            (3, "P1", "csc_functional", "no", "2020-11-12"),
            (4, "P1", "csc_functional", "yes", "2020-12-10"),
            (5, "P2", "csc_functional", "no", "2020-11-12"),
            (6, "P1", "library", "opened", "2020-12-10"),
            (7, "P2", "jharnet", "live", "2020-12-10"),
        ],
        columns=["event_id", "panchayat_lgd", "indicator", "value", "as_of"],
    ).assign(source="test", remark="", recorded_by="t", recorded_at=lambda f: f["as_of"] + "T12:00:00Z")
    return store_of(
        "tiny",
        district=district,
        blocks=blocks,
        panchayats=panchayats,
        villages=villages,
        services=services,
        events=events,
    )
