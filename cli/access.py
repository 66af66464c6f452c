"""Travel time and where to open centres: ``access`` and ``site``, with their travel and capacity options."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from cli.common import EXIT_OK, add_command, progress, read_data
from geo.errors import GeoInputError
from geo.storage.schema import SERVICE_KINDS
from geo.storage.store import StoreData

if TYPE_CHECKING:
    from geo.review.analysis import Analysis
    from geo.spatial.access import Access


def add_commands(sub: argparse._SubParsersAction, reads: argparse.ArgumentParser) -> None:
    """``access`` and ``site``, reading the store ``reads`` names."""
    _add_access(sub, reads)
    _add_site(sub, reads)


def _add_access(sub: argparse._SubParsersAction, reads: argparse.ArgumentParser) -> None:
    access = add_command(
        sub,
        "access",
        _cmd_access,
        "travel time to the nearest functional centre of a kind, on a "
        "grid: a GeoTIFF of minutes and the people within 15/30/60/120 minutes per block and panchayat",
        parents=[reads],
    )
    access.add_argument("--kind", required=True, choices=SERVICE_KINDS)
    _add_travel_options(access)
    access.add_argument("--as-of", metavar="DATE", help="centres as they were on this date; default latest")
    access.add_argument("--out", type=Path, required=True, metavar="FILE.tif", help="the minutes, a GeoTIFF (COG)")
    access.add_argument(
        "--nearest-out",
        type=Path,
        metavar="FILE.tif",
        help="also: which centre is nearest per cell (GeoTIFF of 1…n, and FILE.csv naming each)",
    )
    access.add_argument(
        "--bands-out",
        type=Path,
        metavar="FILE",
        help="also: isochrone bands ≤15, 15–30, 30–60, 60–120, >120 min as polygons (.gpkg, .geojson)",
    )
    access.add_argument(
        "--population-raster",
        type=Path,
        metavar="FILE.tif",
        help="also: a population GeoTIFF (WorldPop, GHSL; any CRS), reprojected keeping totals, "
        "and how its people within each time differ from the villages'",
    )
    access.add_argument(
        "--capacity",
        metavar="N|AxD",
        help="each centre serves at most N people (or A a day × D days, e.g. 40x30), nearest first "
        "by travel time (capacity-aware coverage); adds served/unserved per panchayat",
    )
    access.add_argument(
        "--capacity-csv",
        type=Path,
        metavar="CSV",
        help="capacity per centre instead: columns id, capacity (empty: unlimited)",
    )
    access.add_argument(
        "--capacity-minutes",
        type=float,
        default=60.0,
        metavar="M",
        help="with a capacity: a centre serves people at most M minutes away (default 60)",
    )
    access.add_argument(
        "--table",
        type=Path,
        metavar="FILE",
        help="also: people within 15/30/60/120 min per district, block and panchayat, and every "
        "village's minutes (.csv or .xlsx)",
    )


def _add_site(sub: argparse._SubParsersAction, reads: argparse.ArgumentParser) -> None:
    site = add_command(
        sub,
        "site",
        _cmd_site,
        "suggest where to open new centres of a kind: the k sites covering the "
        "most people not yet within reach (proven optimal), or the fewest covering everyone",
        parents=[reads],
    )
    site.add_argument("--kind", required=True, choices=SERVICE_KINDS)
    site.add_argument(
        "--k",
        type=int,
        metavar="K",
        help="new sites to open (maximal covering); omit for the "
        "fewest sites that cover everyone a candidate can reach (set covering)",
    )
    within = site.add_mutually_exclusive_group(required=True)
    within.add_argument("--radius-km", type=float, metavar="R", help="within reach: at most this geodesic distance")
    within.add_argument(
        "--minutes",
        type=float,
        metavar="M",
        help="within reach: at most this travel time on the grid (see the travel options)",
    )
    site.add_argument(
        "--among",
        choices=("bhawans", "villages", "grid"),
        default="bhawans",
        help="candidates: bhawans of panchayats without a functional centre (default), any village, "
        "or the points of a square grid (--grid-km) inside the panchayats",
    )
    site.add_argument("--grid-km", type=float, default=2.0, metavar="KM", help="the grid's spacing (default 2 km)")
    site.add_argument("--one-per-panchayat", action="store_true", help="at most one new site per panchayat")
    site.add_argument("--as-of", metavar="DATE", help="centres as they were on this date (YYYY-MM-DD); default latest")
    _add_travel_options(site)
    site.add_argument("--out", type=Path, required=True, metavar="FILE", help=".csv or .xlsx")


def _add_travel_options(parser: argparse.ArgumentParser) -> None:
    travel = parser.add_argument_group("travel time")
    travel.add_argument(
        "--scenario",
        choices=("dry", "monsoon"),
        default="dry",
        help="season's speeds: dry (default) or monsoon (slower; roads marked closed left out)",
    )
    network = travel.add_mutually_exclusive_group()
    network.add_argument(
        "--roads",
        type=Path,
        metavar="FILE",
        help="road lines with a 'highway' class (GeoPackage, GeoJSON, zipped Shapefile) instead of "
        "the store's roads; with neither, on foot everywhere",
    )
    network.add_argument("--on-foot", action="store_true", help="leave the roads out: walking everywhere")
    travel.add_argument(
        "--water",
        type=Path,
        metavar="FILE",
        help="rivers and water bodies, crossed only by roads, instead of the store's water",
    )
    travel.add_argument(
        "--speeds",
        type=Path,
        metavar="CSV",
        help="speed table: columns class, kmh, one road class a row, and optionally off_road "
        "(walking); replaces the scenario's table",
    )
    travel.add_argument(
        "--dem",
        type=Path,
        metavar="FILE.tif",
        help="elevation: off-road walking slows on slopes (Tobler's hiking function)",
    )
    travel.add_argument("--cell-m", type=float, default=100.0, metavar="M", help="cell size (default 100 m)")


def _measure(args: argparse.Namespace, data: StoreData, result: Analysis, kind: str) -> Access:
    """Travel time to ``kind`` as the travel options say (the store's roads and water unless files replace them)."""
    from geo.importing.readers import read_table
    from geo.spatial.access import SCENARIOS, TravelSettings, measure_access, speed_table

    scenario = SCENARIOS[args.scenario]
    if args.speeds is not None:
        scenario = scenario.with_table(*speed_table(read_table(args.speeds).frame, args.speeds.name))
    roads = (
        _layer_in_4326(args.roads) if args.roads is not None else data.roads.iloc[:0] if args.on_foot else data.roads
    )
    water = _layer_in_4326(args.water) if args.water is not None else data.water
    progress(
        f"travel time to functional {kind} centres on {args.cell_m:g} m cells, {scenario.label()}"
        + (f", {len(roads):,} roads" if len(roads) else ", on foot (no roads)")
        + (f", {len(water):,} water bodies" if len(water) else "")
        + (f", slopes from {args.dem.name}" if args.dem is not None else "")
    )
    return measure_access(
        result.villages,
        result.panchayats,
        result.services,
        result.district,
        kind,
        roads=roads,
        water=water,
        settings=TravelSettings(scenario=scenario, cell_m=args.cell_m, dem=args.dem),
    )


def _cmd_access(args: argparse.Namespace) -> int:

    from geo.exports.export import analysis_layer_bytes, format_for_path
    from geo.exports.tables import write_tables
    from geo.formats import format_count, format_percent
    from geo.review.analysis import analyse
    from geo.spatial.access import (
        THRESHOLDS_MIN,
        isochrone_bands,
        nearest_id_raster,
        people_within_areas,
        village_minutes,
        write_minutes,
    )
    from geo.spatial.population import write_geotiff
    from geo.storage.files import write_atomic

    data = read_data(args)
    result = analyse(data, as_of=args.as_of)
    access = _measure(args, data, result, args.kind)
    table = people_within_areas(access, result.blocks)
    title = "DEMO DATA — not official. " if result.is_demo else ""
    print(
        f"{title}{result.identity.label('en')}: people within reach of a functional {args.kind} centre by travel "
        f"time ({access.scenario.label()}" + (", on foot: no roads given)" if access.on_foot else ")")
    )
    whole = table.iloc[0]
    print(f"  {'':<22}" + "".join(f"{f'≤ {t} min':>22}" for t in THRESHOLDS_MIN))
    for row in table[table["level"].isin(["district", "block"])].itertuples():
        name = "District" if row.level == "district" else row.name
        cells = [
            f"{format_count(getattr(row, f'within_{t}_min'))} ({format_percent(getattr(row, f'share_{t}_min'))})"
            for t in THRESHOLDS_MIN
        ]
        print(f"  {name:<22}" + "".join(f"{c:>22}" for c in cells))
    print(f"  of {format_count(whole['population'])} people in villages with a recorded population")
    if whole["villages_not_counted"]:
        print(f"  {format_count(whole['villages_not_counted'])} villages without a population not counted")
    if whole["not_reached"]:
        print(f"  {format_count(whole['not_reached'])} people no centre can reach (cut off by water)")
    print(write_minutes(args.out, access))
    if args.nearest_out is not None:
        values, legend = nearest_id_raster(access)
        print(write_geotiff(args.nearest_out, access.grid, values, nodata=0, dtype="int32"))
        print(write_tables(args.nearest_out.with_suffix(".csv"), {"nearest": legend}))
    if args.bands_out is not None:
        fmt = format_for_path(args.bands_out)
        bands = isochrone_bands(access, clip=result.district)
        blob = analysis_layer_bytes(
            result, "travel_bands", f"{access.description}, in bands of minutes", {"travel_bands": bands}, fmt
        )
        print(write_atomic(args.bands_out, blob))
    tables = {"people_within": table}
    if args.population_raster is not None:
        tables["raster_comparison"] = _raster_comparison(args.population_raster, access, result)
    if args.capacity is not None or args.capacity_csv is not None:
        tables |= _capacity_tables(args, access, result)
    if args.table is not None:
        print(write_tables(args.table, {**tables, "villages": village_minutes(access)}))
    return EXIT_OK


def _capacity_tables(args: argparse.Namespace, access: Access, result: Analysis) -> dict[str, pd.DataFrame]:
    """Capacity-aware coverage as --capacity or --capacity-csv say: printed; tables per panchayat and centre."""
    from geo.formats import format_count, format_percent
    from geo.importing.readers import read_table
    from geo.spatial.capacity import capacity_coverage, summarise_coverage

    centres = access.centres.copy()
    if args.capacity_csv is not None:
        table = read_table(args.capacity_csv).frame
        if not {"id", "capacity"} <= set(table.columns):
            msg = f"{args.capacity_csv.name} needs the columns id and capacity, got {list(table.columns)}"
            raise GeoInputError(msg)
        unknown = sorted(set(table["id"]) - set(centres["id"].astype(str)))
        if unknown:
            msg = (
                f"{args.capacity_csv.name}: {', '.join(unknown[:5])} are not functional {args.kind} centres "
                "of the store; correct the ids or leave those rows out"
            )
            raise GeoInputError(msg)
        given = pd.to_numeric(table.set_index("id")["capacity"], errors="coerce")
        centres["capacity"] = centres["id"].astype(str).map(given)
        unlimited = int(centres["capacity"].isna().sum())
        if unlimited:
            progress(f"{unlimited:,} centres have no capacity in {args.capacity_csv.name}: unlimited")
    else:
        centres["capacity"] = _capacity_value(args.capacity)
    answer = capacity_coverage(
        centres, access.villages, access.grid, access.speed_kmh, max_minutes=args.capacity_minutes
    )
    share = answer.served / answer.people if answer.people else None
    print(
        f"  with capacity: served {format_count(round(answer.served))} of {format_count(round(answer.people))} "
        f"({format_percent(share)}) within {args.capacity_minutes:g} min; {format_count(round(answer.unserved))} "
        f"unserved, of whom {format_count(round(answer.unserved_out_of_reach))} beyond {args.capacity_minutes:g} min"
        + (f"; {answer.villages_not_counted:,} villages not counted" if answer.villages_not_counted else "")
    )
    gps = result.panchayats.set_index("lgd_code")
    by_gp = summarise_coverage(answer, "panchayat_lgd").reset_index()
    by_gp.insert(1, "panchayat_name", by_gp["panchayat_lgd"].map(gps["name"]))
    by_gp = by_gp.sort_values("unserved", ascending=False, kind="stable")
    counts = ["people", "served", "unserved", "unserved_out_of_reach"]
    by_gp[counts] = by_gp[counts].round().astype("int64")
    per_centre = pd.DataFrame(answer.centres.drop(columns="geometry"))
    keep = [
        c
        for c in (
            "centre_id",
            "name",
            "order",
            "capacity",
            "served",
            "capacity_left",
            "villages_served",
            "farthest_min",
        )
        if c in per_centre
    ]
    return {"capacity_by_panchayat": by_gp, "capacity_by_centre": per_centre[keep]}


def _raster_comparison(path: Path, access: Access, result: Analysis) -> pd.DataFrame:
    """People within each time by the villages and by an imported population raster, printed and as a table."""
    from geo.formats import format_count
    from geo.spatial.access import THRESHOLDS_MIN
    from geo.spatial.population import compare_coverage, population_surface, read_population_raster

    raster, report = read_population_raster(path, access.grid, result.district)
    villages, _ = population_surface(access.grid, access.villages)
    table = compare_coverage(villages, raster, access.minutes, THRESHOLDS_MIN)
    print(report.summary())
    for row in table.itertuples():
        print(
            f"  within {row.threshold_min:g} min: {format_count(round(row.village_people))} by villages "
            f"({row.village_share_pct:.1f} %) · {format_count(round(row.raster_people))} by {path.name} "
            f"({row.raster_share_pct:.1f} %) · {row.difference_people:+,.0f} ({row.difference_pct:+.1f} %)"
        )
    return table


def _capacity_value(text: str) -> float:
    """``"1200"`` or ``"40x30"`` (a day × days) as people; an error saying how to write it."""
    parts = text.lower().replace("×", "x").split("x")
    try:
        values = [float(part) for part in parts]
    except ValueError:
        values = []
    if len(values) not in (1, 2) or not all(np.isfinite(v) and v > 0 for v in values):
        msg = f"--capacity should be people (e.g. 1200) or a day × days (e.g. 40x30), got {text!r}"
        raise GeoInputError(msg)
    return float(np.prod(values))


def _layer_in_4326(path: Path | None) -> gpd.GeoDataFrame | None:
    """A GIS file's layer in EPSG:4326 (None without a path); a file with no CRS is an error naming it."""
    from geo.importing.readers import read_spatial

    if path is None:
        return None
    frame = read_spatial(path).frame
    if frame.crs is None:
        msg = f"{path.name} has no CRS; set it in QGIS (Layer ▸ Set CRS) and save it again"
        raise GeoInputError(msg)
    return frame.to_crs(4326)


def _cmd_site(args: argparse.Namespace) -> int:
    from geo.exports.tables import write_tables
    from geo.formats import format_count
    from geo.review.analysis import analyse
    from geo.review.indicators import functional_centres
    from geo.spatial.access import within_travel
    from geo.spatial.siting import candidate_sites, maximal_covering, set_covering, within_km

    data = read_data(args)
    result = analyse(data, as_of=args.as_of)
    services = result.services
    existing = functional_centres(services, args.kind)
    candidates = candidate_sites(
        result.panchayats, result.villages, services, args.kind, among=args.among, grid_km=args.grid_km
    )
    if args.minutes is None:
        reach = within_km(args.radius_km)
    else:
        reach = within_travel(_measure(args, data, result, args.kind), args.minutes)
    progress(
        f"{len(candidates):,} candidate sites ({args.among}), {len(existing):,} functional {args.kind} "
        f"centres kept, {len(result.villages):,} villages"
    )
    if args.k is None:
        answer = set_covering(result.villages, candidates, existing, reach=reach)
        how = f"fewest new sites so that everyone a candidate can reach is within {reach.text()}"
    else:
        answer = maximal_covering(
            result.villages, candidates, existing, k=args.k, reach=reach, one_per_panchayat=args.one_per_panchayat
        )
        how = f"{args.k} new sites covering the most people within {reach.text()}"
    sites = answer.table()
    title = "DEMO DATA — not official. " if result.is_demo else ""
    print(f"{title}{result.identity.label('en')}: {how} ({reach.how})")
    print(
        f"  covered now {format_count(answer.covered_before)} of {format_count(answer.people)} people; "
        f"with these sites {format_count(answer.covered_after)}"
        + (f"; {format_count(answer.unreachable)} beyond every candidate" if args.k is None else "")
        + (
            f"; {answer.villages_not_counted:,} villages without a population not counted"
            if answer.villages_not_counted
            else ""
        )
    )
    print(
        f"  {'proven optimal (HiGHS)' if answer.optimal else f'not proven optimal: gap {answer.gap:.2%}'}"
        + (
            f"; greedy covers {format_count(answer.covered_before + int(answer.greedy['people_newly_covered'].sum()))}"
            if args.k is not None
            else ""
        )
    )
    for row in sites.itertuples():
        print(f"  {row.rank:3d}. {row.name} ({row.id}) +{format_count(row.people_newly_covered)}")
    print(write_tables(args.out, {"sites": sites}))
    return EXIT_OK
