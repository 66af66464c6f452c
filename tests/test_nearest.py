"""Tests for geo.spatial.nearest (geodesic nearest service points)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal
from pyproj import Geod
from shapely.geometry import Point, box

import geo.spatial.nearest as nearest_mod
from geo.errors import GeoInputError
from geo.spatial.nearest import nearest_service, origin_points

GEOD = Geod(ellps="WGS84")
LON0, LAT0 = 86.80, 23.96  # near Jamtara town
BBOX = (86.47, 23.80, 87.30, 24.17)


def services_frame(
    points: list[tuple[float, float]],
    *,
    kinds: list[str] | None = None,
    functional: list[bool] | None = None,
    ids: list[str] | None = None,
) -> gpd.GeoDataFrame:
    n = len(points)
    ids = ids or [f"s{i}" for i in range(n)]
    return gpd.GeoDataFrame(
        {
            "id": ids,
            "kind": kinds or ["csc"] * n,
            "name": [f"Name {i}" for i in ids],
            "name_hi": [f"नाम {i}" for i in ids],
            "panchayat_lgd": ["p1"] * n,
            "functional": functional or [True] * n,
            "ignored_extra": range(n),
        },
        geometry=[Point(p) for p in points],
        crs="EPSG:4326",
    )


def origins_frame(points: list[tuple[float, float]], codes: list[str] | None = None) -> gpd.GeoDataFrame:
    codes = codes or [f"36{i:04d}" for i in range(len(points))]
    return gpd.GeoDataFrame(
        {"population": [100] * len(points)},
        geometry=[Point(p) for p in points],
        crs="EPSG:4326",
        index=pd.Index(codes, name="census_code"),
    )


def offset(lon: float, lat: float, azimuth: float, metres: float) -> tuple[float, float]:
    lon2, lat2, _ = GEOD.fwd(lon, lat, azimuth, metres)
    return float(lon2), float(lat2)


def random_frames(seed: int, n_origins: int, n_services: int) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    rng = np.random.default_rng(seed)
    o = rng.uniform(BBOX[:2], BBOX[2:], size=(n_origins, 2))
    s = rng.uniform(BBOX[:2], BBOX[2:], size=(n_services, 2))
    return origins_frame([tuple(p) for p in o]), services_frame([tuple(p) for p in s])


# --------------------------------------------------------------------------
# distances
# --------------------------------------------------------------------------
@pytest.mark.parametrize("azimuth", [90.0, 0.0], ids=["east", "north"])
def test_point_3km_away_is_3000m(azimuth: float) -> None:
    origins = origins_frame([(LON0, LAT0)])
    services = services_frame([offset(LON0, LAT0, azimuth, 3000.0), offset(LON0, LAT0, azimuth, 4000.0)])
    res = nearest_service(origins, services, "csc")
    assert list(res.columns) == ["nearest_id", "nearest_name", "nearest_name_hi", "nearest_dist_m"]
    assert res["nearest_id"].iloc[0] == "s0"
    assert res["nearest_name_hi"].iloc[0] == "नाम s0"
    assert res["nearest_dist_m"].iloc[0] == pytest.approx(3000.0, abs=1.0)


def test_distances_match_geodesic_reference_not_utm() -> None:
    origins, services = random_frames(1, 300, 40)
    res = nearest_service(origins, services, "csc")
    pos = pd.Index(services["id"]).get_indexer(res["nearest_id"])
    o, s = origins.geometry, services.geometry.iloc[pos]
    _, _, ref = GEOD.inv(o.x.to_numpy(), o.y.to_numpy(), s.x.to_numpy(), s.y.to_numpy())
    np.testing.assert_allclose(res["nearest_dist_m"].to_numpy(), ref, atol=1.0, rtol=0)
    # UTM 45N planar distance is not the geodesic: the grid scale factor is
    # 0.9996 at the central meridian (87E) and grows away from it, so the
    # planar figure is off by ~ -0.04 % (0.4 m per km) here.
    utm = o.to_crs(32645).distance(s.to_crs(32645).set_axis(o.index), align=False).to_numpy()
    rel = (utm - ref) / ref
    assert np.all(rel < -3e-4) and np.all(rel > -4.1e-4)
    assert np.abs(utm - ref).max() > 1.0


def test_ranking_matches_brute_force() -> None:
    origins, services = random_frames(7, 500, 200)
    res = nearest_service(origins, services, "csc", k=3)
    o = origins.get_coordinates().to_numpy()
    s = services.get_coordinates().to_numpy()
    lon1, lon2 = np.meshgrid(o[:, 0], s[:, 0], indexing="ij")
    lat1, lat2 = np.meshgrid(o[:, 1], s[:, 1], indexing="ij")
    _, _, d = GEOD.inv(lon1, lat1, lon2, lat2)
    best = np.argsort(d, axis=1)[:, :3]
    ids = services["id"].to_numpy()
    for r in range(3):
        assert (res[f"nearest_id_{r + 1}"].to_numpy() == ids[best[:, r]]).all()
        np.testing.assert_allclose(
            res[f"nearest_dist_m_{r + 1}"].to_numpy(), np.take_along_axis(d, best[:, r : r + 1], 1)[:, 0], atol=1e-6
        )


def test_colocated_services_resolved_exactly() -> None:
    # Many services at the same spot force the exactness re-query path.
    far = offset(LON0, LAT0, 45, 500)
    near = offset(LON0, LAT0, 200, 400)
    services = services_frame([far] * 12 + [near], ids=[f"far{i}" for i in range(12)] + ["near"])
    res = nearest_service(origins_frame([(LON0, LAT0), far]), services, "csc", k=2)
    assert res["nearest_id_1"].iloc[0] == "near"
    assert res["nearest_dist_m_1"].iloc[0] == pytest.approx(400.0, abs=1e-6)
    assert res["nearest_dist_m_2"].iloc[0] == pytest.approx(500.0, abs=1e-6)
    assert res["nearest_dist_m_1"].iloc[1] == 0.0


# --------------------------------------------------------------------------
# k, filters and kinds
# --------------------------------------------------------------------------
def test_k2_ordering_and_column_names() -> None:
    origins = origins_frame([(LON0, LAT0)])
    services = services_frame(
        [offset(LON0, LAT0, 10, 5000.0), offset(LON0, LAT0, 180, 1000.0), offset(LON0, LAT0, 270, 2500.0)]
    )
    res = nearest_service(origins, services, "csc", k=2)
    assert list(res.columns) == [
        "nearest_id_1", "nearest_name_1", "nearest_name_hi_1", "nearest_dist_m_1",
        "nearest_id_2", "nearest_name_2", "nearest_name_hi_2", "nearest_dist_m_2",
    ]  # fmt: skip
    assert res.iloc[0][["nearest_id_1", "nearest_id_2"]].tolist() == ["s1", "s2"]
    assert res["nearest_dist_m_1"].iloc[0] == pytest.approx(1000.0, abs=1e-3)
    assert res["nearest_dist_m_2"].iloc[0] == pytest.approx(2500.0, abs=1e-3)


def test_fewer_services_than_k_leaves_missing_slots() -> None:
    origins = origins_frame([(LON0, LAT0), (LON0 + 0.1, LAT0)])
    services = services_frame([offset(LON0, LAT0, 90, 1000.0), offset(LON0, LAT0, 0, 2000.0)])
    res = nearest_service(origins, services, "csc", k=4)
    assert res[["nearest_id_1", "nearest_id_2"]].notna().all().all()
    for slot in (3, 4):
        assert res[f"nearest_id_{slot}"].isna().all()
        assert res[f"nearest_name_hi_{slot}"].isna().all()
        assert res[f"nearest_dist_m_{slot}"].isna().all()


def test_functional_only_filters() -> None:
    origins = origins_frame([(LON0, LAT0)])
    services = services_frame(
        [offset(LON0, LAT0, 90, 1000.0), offset(LON0, LAT0, 90, 3000.0)], functional=[False, True]
    )
    assert nearest_service(origins, services, "csc")["nearest_id"].iloc[0] == "s1"
    assert nearest_service(origins, services, "csc", functional_only=False)["nearest_id"].iloc[0] == "s0"


def test_all_non_functional_raises() -> None:
    services = services_frame([(LON0, LAT0)], functional=[False])
    with pytest.raises(GeoInputError, match="functional_only=False"):
        nearest_service(origins_frame([(LON0, LAT0)]), services, "csc")


def test_kind_filter_and_list_of_kinds() -> None:
    origins = origins_frame([(LON0, LAT0)])
    services = services_frame(
        [offset(LON0, LAT0, 90, 500.0), offset(LON0, LAT0, 90, 1500.0), offset(LON0, LAT0, 90, 2500.0)],
        kinds=["csc", "bank", "post_office"],
    )
    assert nearest_service(origins, services, "bank")["nearest_id"].iloc[0] == "s1"
    res = nearest_service(origins, services, ["aadhaar", "post_office", "bank"], k=2)
    assert res.iloc[0][["nearest_id_1", "nearest_kind_1", "nearest_id_2", "nearest_kind_2"]].tolist() == [
        "s1", "bank", "s2", "post_office",
    ]  # fmt: skip


def test_missing_kind_raises_with_present_kinds() -> None:
    services = services_frame([(LON0, LAT0)], kinds=["csc"])
    with pytest.raises(GeoInputError, match=r"library.*kinds present: \['csc'\]"):
        nearest_service(origins_frame([(LON0, LAT0)]), services, "library")
    with pytest.raises(GeoInputError, match="cssc"):
        nearest_service(origins_frame([(LON0, LAT0)]), services, ["csc", "cssc"])


@pytest.mark.parametrize(
    ("kwargs", "exc"), [({"k": 0}, GeoInputError), ({"k": 1.5}, TypeError), ({"k": True}, TypeError)]
)
def test_bad_k(kwargs: dict[str, object], exc: type[Exception]) -> None:
    with pytest.raises(exc, match="k must"):
        nearest_service(origins_frame([(LON0, LAT0)]), services_frame([(LON0, LAT0)]), "csc", **kwargs)


def test_bad_types_raise_type_error() -> None:
    services = services_frame([(LON0, LAT0)])
    with pytest.raises(TypeError, match="origins must be a geopandas.GeoDataFrame"):
        nearest_service(pd.DataFrame({"x": [1]}), services, "csc")
    with pytest.raises(TypeError, match="kind must be"):
        nearest_service(origins_frame([(LON0, LAT0)]), services, 3)


# --------------------------------------------------------------------------
# CRS, geometry and frame contract
# --------------------------------------------------------------------------
def test_missing_crs_raises() -> None:
    origins = origins_frame([(LON0, LAT0)]).set_crs(None, allow_override=True)
    with pytest.raises(GeoInputError, match=r"origins has no CRS.*set_crs"):
        nearest_service(origins, services_frame([(LON0, LAT0)]), "csc")


def test_projected_inputs_are_converted() -> None:
    origins = origins_frame([(LON0, LAT0)])
    services = services_frame([offset(LON0, LAT0, 90, 3000.0)])
    res = nearest_service(origins.to_crs(32645), services.to_crs(32645), "csc")
    assert res["nearest_dist_m"].iloc[0] == pytest.approx(3000.0, abs=1e-3)


def test_polygon_origins_rejected_with_hint() -> None:
    origins = gpd.GeoDataFrame(geometry=[box(86.7, 23.9, 86.8, 24.0)], crs=4326)
    with pytest.raises(GeoInputError, match="origin_points"):
        nearest_service(origins, services_frame([(LON0, LAT0)]), "csc")


@pytest.mark.parametrize(
    ("geom", "match"),
    [
        (Point(), "empty Point geometries in rows \\['360001'\\]"),
        (None, "only non-missing Point geometries; rows \\['360001'\\]"),
        (Point(np.nan, LAT0), "outside lon -180..180 / lat -90..90 .* rows \\['360001'\\]"),
        (Point(LON0, 123.0), "outside lon -180..180 / lat -90..90 .* rows \\['360001'\\]"),
    ],
    ids=["empty", "missing", "nan", "out-of-range"],
)
def test_bad_point_rows_are_named(geom: Point | None, match: str) -> None:
    origins = origins_frame([(LON0, LAT0), (LON0, LAT0)])
    origins.loc["360001", "geometry"] = geom
    with pytest.raises(GeoInputError, match=match):
        nearest_service(origins, services_frame([(LON0, LAT0)]), "csc")
    services = services_frame([(LON0, LAT0), (LON0, LAT0)], ids=["a", "b"]).set_axis(["360000", "360001"])
    services.loc["360001", "geometry"] = geom
    with pytest.raises(GeoInputError, match="^services .*" + match):
        nearest_service(origins_frame([(LON0, LAT0)]), services, "csc")


def test_inputs_unchanged_and_index_preserved() -> None:
    origins, services = random_frames(3, 60, 10)
    origins.index = pd.Index([f"C{i:05d}" for i in range(60)][::-1], name="census_code")
    services.index = range(100, 110)
    o_copy, s_copy = origins.copy(), services.copy()
    res = nearest_service(origins, services, "csc", k=2)
    assert_geodataframe_equal(origins, o_copy)
    assert_geodataframe_equal(services, s_copy)
    assert res.index.equals(origins.index)
    assert res.index.name == "census_code"


def test_empty_origins() -> None:
    origins = origins_frame([]).iloc[:0]
    res = nearest_service(origins, services_frame([(LON0, LAT0)]), "csc")
    assert len(res) == 0 and "nearest_dist_m" in res.columns


def test_large_input_uses_sorted_parallel_path() -> None:
    # > 50k origins exercises the spatial-order and threaded code paths.
    origins, services = random_frames(11, 60_000, 300)
    res = nearest_service(origins, services, "csc")
    sample = np.random.default_rng(0).choice(len(origins), 200, replace=False)
    o = origins.get_coordinates().to_numpy()[sample]
    s = services.get_coordinates().to_numpy()
    _, _, d = GEOD.inv(
        np.repeat(o[:, 0], len(s)), np.repeat(o[:, 1], len(s)), np.tile(s[:, 0], len(o)), np.tile(s[:, 1], len(o))
    )
    d = d.reshape(len(o), len(s))
    assert (res["nearest_id"].to_numpy()[sample] == services["id"].to_numpy()[d.argmin(axis=1)]).all()
    np.testing.assert_allclose(res["nearest_dist_m"].to_numpy()[sample], d.min(axis=1), atol=1e-6)


# --------------------------------------------------------------------------
# origin_points
# --------------------------------------------------------------------------
def test_origin_points_centroid_and_passthrough() -> None:
    poly = box(86.70, 23.90, 86.90, 24.00)
    gdf = gpd.GeoDataFrame({"panchayat_lgd": ["a", "b"]}, geometry=[poly, Point(LON0, LAT0)], crs=4326, index=[10, 20])
    before = gdf.copy()
    pts = origin_points(gdf)
    assert_geodataframe_equal(gdf, before)
    assert pts.index.tolist() == [10, 20] and pts.crs.to_epsg() == 4326
    assert (pts.geom_type == "Point").all()
    assert pts.geometry.iloc[1].equals(Point(LON0, LAT0))
    expected = gpd.GeoSeries([poly], crs=4326).to_crs(32645).centroid.to_crs(4326).iloc[0]
    assert pts.geometry.iloc[0].distance(expected) < 1e-12
    assert poly.contains(origin_points(gdf, how="representative").geometry.iloc[0])


def test_origin_points_errors() -> None:
    gdf = gpd.GeoDataFrame(geometry=[box(86.7, 23.9, 86.8, 24.0)], crs=4326)
    with pytest.raises(GeoInputError, match="how must be"):
        origin_points(gdf, how="middle")  # type: ignore[arg-type]
    with pytest.raises(GeoInputError, match="no CRS"):
        origin_points(gdf.set_crs(None, allow_override=True))


# --------------------------------------------------------------------------
# k == 1 certified tolerance (chord-nearest + geodesic, exact fallback)
# --------------------------------------------------------------------------
def brute_force(origins: gpd.GeoDataFrame, services: gpd.GeoDataFrame) -> np.ndarray:
    """Geodesic distance matrix (origins x services) with pyproj.Geod."""
    o = origins.get_coordinates().to_numpy()
    s = services.get_coordinates().to_numpy()
    lon1, lon2 = np.meshgrid(o[:, 0], s[:, 0], indexing="ij")
    lat1, lat2 = np.meshgrid(o[:, 1], s[:, 1], indexing="ij")
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


def chord_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    xyz = nearest_mod._ecef(np.array([a[0], b[0]]), np.array([a[1], b[1]]))
    return float(np.linalg.norm(xyz[0] - xyz[1]))


def flipped_pair(metres: float, gap: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """Services north (``metres``) and east (``metres - gap``) of (LON0, LAT0).

    The meridian curves more than the prime vertical, so at long range the
    northern service has the shorter chord although it is ``gap`` metres
    further along the geodesic: chord ranking and geodesic ranking disagree.
    """
    north = offset(LON0, LAT0, 0.0, metres)
    east = offset(LON0, LAT0, 90.0, metres - gap)
    assert chord_m((LON0, LAT0), north) < chord_m((LON0, LAT0), east)
    return north, east


def spy_exact(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record how many origins each call of the exact path receives."""
    calls: list[int] = []
    real = nearest_mod._knn_geodesic

    def spy(o_lon: np.ndarray, *args: object) -> tuple[np.ndarray, np.ndarray]:
        calls.append(o_lon.size)
        return real(o_lon, *args)

    monkeypatch.setattr(nearest_mod, "_knn_geodesic", spy)
    return calls


def test_tolerance_constant_is_documented() -> None:
    assert nearest_mod.NEAREST_TOL_M == 0.5
    assert "within :data:`NEAREST_TOL_M` (0.5 m)" in (nearest_service.__doc__ or "")


def test_near_tie_5cm_reports_true_minimum_within_tolerance(monkeypatch: pytest.MonkeyPatch) -> None:
    # District scale: two services 2 km away whose geodesic distances differ by 5 cm.
    a, b = offset(LON0, LAT0, 30.0, 2000.05), offset(LON0, LAT0, 250.0, 2000.0)
    services = services_frame([a, b])
    origins = origins_frame([(LON0, LAT0)])
    calls = spy_exact(monkeypatch)
    res = nearest_service(origins, services, "csc")
    d = brute_force(origins, services)[0]
    assert calls == []  # fast path: geodesic - chord is ~1e-5 m here
    assert abs(res["nearest_dist_m"].iloc[0] - d.min()) <= nearest_mod.NEAREST_TOL_M
    assert res["nearest_id"].iloc[0] == "s1"  # the 5 cm tie is still resolved correctly
    assert res["nearest_dist_m"].iloc[0] == pytest.approx(2000.0, abs=1e-6)


def test_near_tie_where_chord_ranking_flips(monkeypatch: pytest.MonkeyPatch) -> None:
    # At 200 km chord and geodesic rankings disagree for a 5 cm gap.
    north, east = flipped_pair(200_000.0, 0.05)
    services = services_frame([north, east], ids=["north", "east"])
    origins = origins_frame([(LON0, LAT0)])
    d = brute_force(origins, services)[0]
    assert d[1] < d[0] < d[1] + 0.06

    # Default tolerance: geodesic - chord is ~25 m > 0.5 m, so the exact path
    # runs and the geodesically-nearest service is reported.
    calls = spy_exact(monkeypatch)
    res = nearest_service(origins, services, "csc")
    assert calls == [1]
    assert res["nearest_id"].iloc[0] == "east"
    assert res["nearest_dist_m"].iloc[0] == pytest.approx(d[1], abs=1e-6)

    # With the tolerance raised above 25 m the single chord query is accepted:
    # the chord-nearest service is reported with its own exact geodesic, which
    # is still within the tolerance (in fact within 5 cm) of the true minimum.
    monkeypatch.setattr(nearest_mod, "NEAREST_TOL_M", 50.0)
    res = nearest_service(origins, services, "csc")
    assert calls == [1]
    assert res["nearest_id"].iloc[0] == "north"
    assert res["nearest_dist_m"].iloc[0] == pytest.approx(d[0], abs=1e-6)
    assert 0.0 < res["nearest_dist_m"].iloc[0] - d.min() <= 0.06


@pytest.mark.parametrize("n_near", [0, 60_000], ids=["serial", "sorted-parallel"])
def test_long_distance_origins_take_exact_fallback(monkeypatch: pytest.MonkeyPatch, n_near: int) -> None:
    # Origins 300 km or more from every service, where geodesic - chord is
    # ~85 m, must be resolved by the exact path; origins inside the district
    # (n_near of them, enough for the sorted, threaded path) must not be.
    rng = np.random.default_rng(5)
    north, east = flipped_pair(300_000.0, 0.2)  # chord ranking wrong from (LON0, LAT0)
    far = [offset(LON0, LAT0, az, 300_000.0) for az in (135.0, 180.0, 225.0)]
    if n_near:
        cluster = [tuple(p) for p in rng.uniform(BBOX[:2], BBOX[2:], size=(40, 2))]
        services = services_frame(cluster + [north, east], ids=[f"c{i}" for i in range(40)] + ["north", "east"])
        near = [tuple(p) for p in rng.uniform(BBOX[:2], BBOX[2:], size=(n_near, 2))]
        origins = origins_frame(far + near)
    else:
        services = services_frame([north, east], ids=["north", "east"])
        origins = origins_frame(far + [(LON0, LAT0)])
    calls = spy_exact(monkeypatch)
    res = nearest_service(origins, services, "csc")
    n_far = 3 if n_near else 4
    assert calls == [n_far]
    d = brute_force(origins.iloc[:n_far], services)
    ids = services["id"].to_numpy()
    assert (res["nearest_id"].to_numpy()[:n_far] == ids[d.argmin(axis=1)]).all()
    np.testing.assert_allclose(res["nearest_dist_m"].to_numpy()[:n_far], d.min(axis=1), atol=1e-6, rtol=0)
    if not n_near:
        assert res["nearest_id"].iloc[3] == "east"  # not the chord-nearest "north"


@pytest.mark.parametrize(
    ("seed", "bbox", "n_services"),
    [(21, BBOX, 400), (22, (70.0, 8.0, 90.0, 30.0), 30)],
    ids=["district", "subcontinent-sparse"],
)
def test_random_k1_within_tolerance_of_brute_force(seed: int, bbox: tuple[float, ...], n_services: int) -> None:
    rng = np.random.default_rng(seed)
    o = rng.uniform(bbox[:2], bbox[2:], size=(1500, 2))
    s = rng.uniform(bbox[:2], bbox[2:], size=(n_services, 2))
    origins, services = origins_frame([tuple(p) for p in o]), services_frame([tuple(p) for p in s])
    res = nearest_service(origins, services, "csc")
    d = brute_force(origins, services)
    ids = services["id"].to_numpy()
    got = res["nearest_dist_m"].to_numpy()
    tol = nearest_mod.NEAREST_TOL_M
    # Distances: always within the tolerance of the brute-force minimum, and
    # exactly the geodesic to the reported service.
    assert np.all(got - d.min(axis=1) <= tol) and np.all(got >= d.min(axis=1) - 1e-6)
    pos = pd.Index(ids).get_indexer(res["nearest_id"])
    np.testing.assert_allclose(got, d[np.arange(len(d)), pos], atol=1e-6, rtol=0)
    # Ids: equal except where the two candidates are within the tolerance.
    best = d.argmin(axis=1)
    differ = pos != best
    assert np.all(d[differ, pos[differ]] - d[differ, best[differ]] < tol)
