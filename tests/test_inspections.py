from __future__ import annotations

import dataclasses
import itertools

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box
from tiny_district import GEOD, ORIGIN, east, tiny_store

from cli import main
from geo.errors import GeoInputError
from geo.review.inspections import (
    due_reason,
    find_block,
    inspection_kpi,
    inspection_plan,
    inspection_state,
    visiting_order,
)
from geo.storage.store import conform, write_store


def _at(east_km: float, north_km: float) -> Point:
    """The point east_km east and north_km north of the origin (geodesic steps)."""
    lon, lat = east(east_km).x, east(east_km).y
    lon, lat, _ = GEOD.fwd(lon, lat, 0.0 if north_km >= 0 else 180.0, abs(north_km) * 1000)
    return Point(lon, lat)


def _events(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(i + 1, code, "inspection", value, day, "") for i, (code, value, day) in enumerate(rows)],
        columns=["event_id", "panchayat_lgd", "indicator", "value", "as_of", "recorded_at"],
    )


GPS = pd.DataFrame({"lgd_code": ["A", "B", "C", "D", "E"]})
EVENTS = _events(
    [
        ("A", "online", "2020-11-11"),  # 29 days before 10 Dec: within the last 30 days
        ("B", "online", "2020-11-10"),  # 30 days before: not
        ("C", "offline", "2020-12-09"),  # recent, but found offline: due
        ("D", "offline", "2020-11-20"),
        ("D", "online", "2020-12-01"),  # found online since: not due
        ("E", "online", "2020-12-20"),  # after the date: does not count
    ]
)


def test_the_last_30_days_are_the_30_calendar_days_ending_on_the_date():
    state = inspection_state(GPS, EVENTS, as_of="2020-12-10")
    assert state["recent"].tolist() == [True, False, True, True, False]
    assert state["due"].tolist() == [False, True, True, False, True]
    assert state["reason"].tolist() == [pd.NA, "not_recent", "offline", pd.NA, "never"]
    assert state["days_since"].tolist() == [29, 30, 1, 9, pd.NA]
    assert state.loc["D", ["last_inspected", "finding"]].tolist() == ["2020-12-01", "online"]
    assert pd.isna(state.loc["E", "last_inspected"])  # never inspected by then: not recorded, not a date of 0
    assert inspection_state(GPS, EVENTS, as_of="2020-12-10", window_days=31)["recent"].tolist()[:2] == [True, True]


def test_the_kpi_counts_n_of_n_and_its_change():
    kpi = inspection_kpi(GPS, EVENTS, as_of="2020-12-10", since="2020-11-15")
    assert (kpi.inspected, kpi.panchayats, kpi.before, kpi.change) == (3, 5, 2, 1)
    assert kpi.label() == "Inspected in the last 30 days" and kpi.label("hi") == "पिछले 30 दिनों में निरीक्षित"
    assert inspection_kpi(GPS, EVENTS, as_of="2020-12-10").change is None


def test_visits_along_a_line_go_out_one_way_and_come_back_the_other():
    points = gpd.GeoSeries([east(4), east(-3), east(2), east(6)], crs=4326)
    # From the HQ at the origin: 2 km east, 4, 6, then the one 3 km west (18 km in all; as short as any).
    assert visiting_order(ORIGIN, points) == [2, 0, 3, 1]


def test_two_opt_removes_the_crossing_nearest_neighbour_leaves():
    places = [(3, 6), (4, -3), (-2, 2), (2, 3), (5, -3)]  # km east, km north of the HQ
    points = [_at(*p) for p in places]

    def length(order):
        stops = [Point(ORIGIN), *(points[i] for i in order), Point(ORIGIN)]
        return sum(GEOD.inv(a.x, a.y, b.x, b.y)[2] for a, b in itertools.pairwise(stops))

    nearest_neighbour = [2, 3, 0, 1, 4]  # by hand: (-2, 2), then (2, 3), (3, 6), (4, -3), (5, -3)
    best = min(length(order) for order in itertools.permutations(range(len(points))))
    order = visiting_order(ORIGIN, gpd.GeoSeries(points, crs=4326))
    assert length(nearest_neighbour) == pytest.approx(26_000, abs=1)
    assert length(order) == pytest.approx(best, abs=0.01) == pytest.approx(25_102, abs=1)
    assert order in ([2, 0, 3, 4, 1], [1, 4, 3, 0, 2])


def _block_store():
    """Four panchayats of block B1 (HQ at the origin) with bhawans 2, 4 and 6 km east and 3 km west; P5 elsewhere."""
    data = tiny_store()
    utm = gpd.GeoSeries([Point(ORIGIN)], crs=4326).to_crs(32645).iloc[0]
    cells = gpd.GeoSeries(
        [
            box(utm.x + x0 * 1000, utm.y - 5000, utm.x + x1 * 1000, utm.y + 5000)
            for x0, x1 in ((1, 3), (3, 5), (5, 7), (-5, -1), (-9, -5))
        ],
        crs=32645,
    ).to_crs(4326)
    bhawans = [east(2), east(4), east(6), east(-3), east(-7)]
    panchayats = gpd.GeoDataFrame(
        {
            "lgd_code": ["P1", "P2", "P3", "P4", "P5"],
            "name": ["Two", "Four", "Six", "West", "Far"],
            "name_hi": ["दो", "चार", "छह", "पश्चिम", "दूर"],
            "block_lgd": ["B1", "B1", "B1", "B1", "B2"],
            "bhawan_lon": [p.x for p in bhawans],
            "bhawan_lat": [p.y for p in bhawans],
        },
        geometry=list(cells),
        crs=4326,
    )
    blocks = pd.concat(
        [data.blocks, data.blocks.assign(lgd_code="B2", name="Other", name_hi="दूसरा", hq_lon=None, hq_lat=None)],
        ignore_index=True,
    )
    events = pd.DataFrame(
        [(1, "P2", "inspection", "online", "2020-12-01"), (2, "P3", "inspection", "offline", "2020-12-05")],
        columns=["event_id", "panchayat_lgd", "indicator", "value", "as_of"],
    ).assign(source="t", remark="", recorded_by="t", recorded_at="2020-12-05T00:00:00Z")
    return dataclasses.replace(
        data,
        panchayats=conform("panchayats", panchayats),
        blocks=conform("blocks", gpd.GeoDataFrame(blocks, crs=4326)),
        status_events=conform("status_events", events),
        villages=data.villages.iloc[0:0],
        service_points=data.service_points.iloc[0:0],
    )


def test_the_plan_lists_a_blocks_due_panchayats_in_visiting_order_day_by_day():
    plan = inspection_plan(_block_store(), "block", as_of="2020-12-10", per_day=2)
    # P2 was found online 9 days ago: not due. P1 and P4 were never inspected, P3 was found offline.
    assert plan[["visit", "day", "lgd_code", "reason"]].values.tolist() == [
        [1, 1, "P1", "never"],
        [2, 1, "P3", "offline"],
        [3, 2, "P4", "never"],
    ]
    assert plan["leg_km"].tolist() == [2.0, 4.0, 3.0]  # a day's first visit is from the HQ
    assert plan["from_hq_km"].tolist() == [2.0, 6.0, 3.0]
    assert plan.attrs == {
        "block": "B1",
        "start": "HQ",
        "as_of": "2020-12-10",
        "by": "straight line",
        "window_days": 30,
        "panchayats": 4,
    }


def test_a_block_without_a_recorded_hq_starts_from_its_centre():
    plan = inspection_plan(_block_store(), "B2", as_of="2020-12-10")
    assert plan["lgd_code"].tolist() == ["P5"] and plan.attrs["start"] == "block centre"


def test_blocks_are_found_by_code_or_name_in_either_script():
    blocks = _block_store().blocks
    assert [find_block(blocks, b) for b in ("B1", " BLOCK ", "दूसरा")] == ["B1", "B1", "B2"]
    with pytest.raises(
        GeoInputError,
        match=r"block 'Nala' is not a block of the store; choose one of: Block \(B1\), "
        r"Other \(B2\)",
    ):
        find_block(blocks, "Nala")


def test_bad_parameters_say_what_is_expected():
    data = _block_store()
    with pytest.raises(GeoInputError, match="per_day should be a whole number of visits, 1 or more, got 0"):
        inspection_plan(data, "B1", as_of="2020-12-10", per_day=0)
    with pytest.raises(GeoInputError, match="window_days should be a whole number of days, 1 or more, got 0"):
        inspection_state(GPS, EVENTS, as_of="2020-12-10", window_days=0)
    with pytest.raises(GeoInputError, match=r"as_of '10-13-2020' is not a date \(13 is not a month"):
        inspection_kpi(GPS, EVENTS, as_of="10-13-2020")
    with pytest.raises(TypeError, match="'points' should be a GeoSeries with a CRS"):
        visiting_order(ORIGIN, [Point(ORIGIN)])


def test_due_reasons_in_words():
    assert due_reason("not_recent", "2020-11-10", 30) == "last inspected 10 Nov 2020, 30 days ago"
    assert due_reason("offline", "2020-12-09", lang="hi") == "9 दिसंबर 2020 को बंद मिला"
    assert due_reason("never", None, lang="hi") == "कभी निरीक्षण नहीं हुआ"
    assert due_reason(pd.NA, None) == ""


def test_cli_writes_the_plan_and_says_it_is_by_straight_line(tmp_path, capsys):
    store = write_store(tmp_path / "store.gpkg", _block_store())
    out = tmp_path / "plan.csv"
    assert (
        main(
            [
                "inspection-plan",
                "--store",
                str(store),
                "--block",
                "Block",
                "--as-of",
                "2020-12-10",
                "--per-day",
                "2",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "Inspection plan for Block block as of 10 Dec 2020: 3 of 4 panchayats due" in printed
    assert "Visiting order by straight line from the block HQ (not yet by road)" in printed
    assert "Day 2:\n    3. West (P4) — never inspected — 3.0 km from the HQ" in printed
    assert "Inspected in the last 30 days: 2 / 5 panchayats of the district" in printed
    table = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert table["lgd_code"].tolist() == ["P1", "P3", "P4"]
    assert table["why"].tolist() == ["never inspected", "found offline on 5 Dec 2020", "never inspected"]
    assert table["ordered_by"].iloc[0] == "straight line (geodesic) from the block HQ"
    assert main(["inspection-plan", "--store", str(store), "--block", "Nala", "--out", str(out)]) == 2
    assert "error: block 'Nala' is not a block of the store" in capsys.readouterr().err


def test_the_kpi_is_the_figure_every_face_shows(demo):
    """One rule (geo.review.status.inspected_within): the Review's KPI, summary and the exports read the same 76.

    The demo's inspections all fall on 10 Dec 2020: by 12 Nov nothing was inspected, which is not recorded
    (never 0), so there is no change to show.
    """
    from geo.review.analysis import analyse

    latest, before = analyse(demo), analyse(demo, as_of="2020-11-12")
    kpi = inspection_kpi(demo.panchayats, demo.status_events, as_of=latest.date, since=before.date)
    assert latest.figures.value("inspected_recent") == kpi.inspected == 76
    assert before.figures.value("inspected_recent") is None and kpi.before is None and kpi.change is None
    assert kpi.text() == "76 / 118"
