"""How the store's work grows with its size: import, validate and analyse at 1×, 2×, 4× and 8× a district.

Run from the repository root::

    python bench/state_scale.py [--scales 1 2 4 8] [--repeat 1] [--seed 25]
    python bench/state_scale.py --quick          # 1× and 2× only
    python bench/state_scale.py --scales 1 8 24 --kinds gpkg postgis

The baseline issue 25 asks for before any change to the store. For each scale a seeded
synthetic district of that many times a district (a district: 1,400 villages in 175
panchayats of 8 villages, 8 blocks) is written to a temporary folder in the shapes the
importers read: a Census-style village CSV (the extract's columns, ``geometery_in_wkt``
misspelled, a MULTIPOLYGON in degrees per village, villages 1.2 km squares on a grid whose
corners are jittered so neighbours share their edges exactly) and a CSC sheet
(``id,name,functional,lat,lon``, 1.5 centres per panchayat). Then, each in a fresh process
of the command line an office runs (``python -m geo … --store``), so that its time and peak
memory are its own:

1. ``import villages FILE --dissolve-to-panchayats`` into a store that does not exist yet;
2. ``import services FILE --kind csc`` into that store;
3. ``validate``;
4. ``summary`` (the analysis every face reads);
5. ``import villages`` of the first district again, every population one more (at 2× and
   above the file holds one district per 8 blocks, so this is one district's villages
   into a store of several: issue 25's "importing a district's villages");
6. ``import services`` of the CSC register again, every point moved about 10 m.

``--kinds gpkg postgis`` runs the same files on a GeoPackage and on a PostGIS store (the
local server of ``scripts/db.sh``, or ``--server URL``), one after the other, a table each.

Each step's wall time (``time.perf_counter``, interpreter start and imports included) and
peak resident memory (``VmHWM`` of that process's ``/proc/self/status``, read as it ends), then the size of the
store and of its history (the table ``store_changes`` inside it: the rows each import changed;
and ``<store>.versions/``, where releases before issue 25 kept a full copy per import), are printed as a
table (with ``--repeat N``, the medians of N runs, each on a new store), and per step the
growth exponent: the slope of a least-squares line through log(seconds) against
log(villages) (1.0 is linear; issue 25's goal is at most 1.1). As every step's start-up
(the interpreter, its imports, the store opened) weighs most at small scales, the same steps
are first measured on one panchayat of 8 villages (the row ``fixed``), and the exponents of
the time beyond that fixed cost are printed too.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pyproj import Transformer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.importing.columns import CENSUS_EXTRACT_ROLES  # noqa: E402

#: One district: its villages, villages per panchayat (a tile of 2 × 4 grid cells), blocks.
DISTRICT_VILLAGES = 1_400
TILE_ROWS, TILE_COLS = 2, 4
DISTRICT_BLOCKS = 8
#: CSCs per panchayat in the synthetic register.
CSC_PER_PANCHAYAT = 1.5
#: A village cell's side (metres, UTM 45N), how far each grid corner moves (share of a cell),
#: the points along each edge between two corners, and how far they bend it at most (share of a
#: cell, at the edge's middle): about 40 points per village, as in the Census-2011 extracts.
CELL_M = 1_200.0
JITTER = 0.2
EDGE_POINTS = 9
BEND = 0.08
#: The grid's south-west corner in UTM 45N (about 85.5 °E, 23.05 °N, in Jharkhand).
X0, Y0 = 350_000.0, 2_550_000.0
#: The Census extract's columns the synthetic file fills (the importer's own list), and a population.
VILLAGE_COLUMNS = (*(c for c, role in CENSUS_EXTRACT_ROLES.items() if role not in (None, "lat", "lon")), "population")
STEPS = ("import villages", "import CSCs", "validate", "summary", "a district again", "CSCs moved")


@dataclass(frozen=True)
class Run:
    """One process's wall time (s) and peak resident memory (MB)."""

    seconds: float
    peak_mb: float


@dataclass(frozen=True)
class Scale:
    """The measurements of one scale."""

    label: str
    villages: int
    panchayats: int
    cscs: int
    runs: dict[str, Run]
    store_mb: float
    history_mb: float


def grid_shape(villages: int) -> tuple[int, int]:
    """Rows and columns of panchayat tiles (2 × 4 cells) for about ``villages`` villages, near square on the ground."""
    tiles = math.ceil(villages / (TILE_ROWS * TILE_COLS))
    tile_rows = max(1, round(math.sqrt(tiles * TILE_COLS / TILE_ROWS)))
    return tile_rows, math.ceil(tiles / tile_rows)


def village_rows(villages: int, rng: np.random.Generator) -> list[dict[str, str]]:
    """The village CSV's rows for about ``villages`` villages (a whole number of panchayats), one per grid cell.

    Panchayats are tiles of 2 × 4 cells, numbered column by column; blocks are runs of
    consecutive panchayats (vertical bands); the tiles of the last column may be fewer.
    """
    tiles = math.ceil(villages / (TILE_ROWS * TILE_COLS))
    tile_rows, tile_cols = grid_shape(villages)
    rows, cols = tile_rows * TILE_ROWS, tile_cols * TILE_COLS
    corners, along_rows, along_cols = _grid_lines(rows, cols, rng)
    blocks = max(1, round(villages * DISTRICT_BLOCKS / DISTRICT_VILLAGES))
    population = rng.integers(150, 4_000, size=tiles * TILE_ROWS * TILE_COLS)
    out = []
    for tile in range(tiles):
        tile_col, tile_row = divmod(tile, tile_rows)
        block = tile * blocks // tiles
        district = block // DISTRICT_BLOCKS  # 8 blocks a district: a file of the scale's districts
        for k in range(TILE_ROWS * TILE_COLS):
            r = tile_row * TILE_ROWS + k // TILE_COLS
            c = tile_col * TILE_COLS + k % TILE_COLS
            ring = np.concatenate(
                [
                    corners[r, c, None],
                    along_rows[r, c],
                    corners[r, c + 1, None],
                    along_cols[r, c + 1],
                    corners[r + 1, c + 1, None],
                    along_rows[r + 1, c, ::-1],
                    corners[r + 1, c, None],
                    along_cols[r, c, ::-1],
                    corners[r, c, None],
                ]
            )
            coords = ", ".join(f"{x:.8f} {y:.8f}" for x, y in ring)
            number = tile * TILE_ROWS * TILE_COLS + k
            cells = {
                "village_census_code": f"{800_000 + number}",
                "village_name": f"Gaon {number + 1}",
                "panchayat_name": f"Panchayat {tile + 1}",
                "panchayat_code": f"{500_000 + tile}",
                "block_code": f"{9_000 + block}.00000000",
                "block_name": f"BLOCK {block + 1}",
                "district_name": "BENCHPUR" if blocks <= DISTRICT_BLOCKS else f"BENCHPUR {district + 1}",
                "district_code": f"{700 + district}",
                "district_census_code": f"{700 + district}",
                "state_name": "Jharkhand",
                "population": str(population[number]),
                "geometery_in_wkt": f"MULTIPOLYGON ((({coords})))",
            }
            out.append({column: cells[column] for column in VILLAGE_COLUMNS})
    return out


def _grid_lines(rows: int, cols: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The grid's corners and the points along its edges, as (lon, lat) in degrees, shared by neighbouring villages.

    Returns ``corners`` (rows + 1, cols + 1, 2), the points of the edge from corner (i, j) to
    (i, j + 1) ``along_rows[i, j]`` (rows + 1, cols, EDGE_POINTS, 2) and from (i, j) to
    (i + 1, j) ``along_cols[i, j]`` (rows, cols + 1, EDGE_POINTS, 2). Inner corners move up
    to :data:`JITTER` of a cell; inner edges bend across themselves up to :data:`BEND` of a
    cell at their middle, hardly near their ends, so no village crosses itself or a
    neighbour. The outline is straight.
    """
    shift = rng.uniform(-JITTER, JITTER, size=(rows + 1, cols + 1, 2))
    shift[[0, -1], :, 1] = 0.0
    shift[:, [0, -1], 0] = 0.0
    gx, gy = np.meshgrid(np.arange(cols + 1, dtype=float), np.arange(rows + 1, dtype=float))
    corners = np.stack([gx + shift[..., 0], gy + shift[..., 1]], axis=-1)
    t = np.arange(1, EDGE_POINTS + 1) / (EDGE_POINTS + 1)
    envelope = BEND * (2 * np.minimum(t, 1 - t)) ** 2
    along_rows = corners[:, :-1, None] + t[:, None] * (corners[:, 1:, None] - corners[:, :-1, None])
    bend = rng.uniform(-1.0, 1.0, size=along_rows.shape[:-1]) * envelope
    bend[[0, -1]] = 0.0
    along_rows[..., 1] += bend
    along_cols = corners[:-1, :, None] + t[:, None] * (corners[1:, :, None] - corners[:-1, :, None])
    bend = rng.uniform(-1.0, 1.0, size=along_cols.shape[:-1]) * envelope
    bend[:, [0, -1]] = 0.0
    along_cols[..., 0] += bend
    to_degrees = Transformer.from_crs(32645, 4326, always_xy=True)

    def degrees(cells: np.ndarray) -> np.ndarray:
        lon, lat = to_degrees.transform(X0 + cells[..., 0] * CELL_M, Y0 + cells[..., 1] * CELL_M)
        return np.stack([lon, lat], axis=-1)

    return degrees(corners), degrees(along_rows), degrees(along_cols)


def csc_rows(villages: int, rng: np.random.Generator) -> list[dict[str, str]]:
    """The CSC sheet's rows: seeded points inside the full rows of the grid, 1.5 per panchayat, 80 % functional."""
    tiles = math.ceil(villages / (TILE_ROWS * TILE_COLS))
    tile_rows, tile_cols = grid_shape(villages)
    count = round(tiles * CSC_PER_PANCHAYAT)
    width_m = (tiles // tile_rows) * TILE_COLS * CELL_M  # the columns of whole tiles
    height_m = tile_rows * TILE_ROWS * CELL_M
    east = X0 + rng.uniform(0.5 * CELL_M, width_m - 0.5 * CELL_M, count)
    north = Y0 + rng.uniform(0.5 * CELL_M, height_m - 0.5 * CELL_M, count)
    lon, lat = Transformer.from_crs(32645, 4326, always_xy=True).transform(east, north)
    functional = rng.random(count) < 0.8
    return [
        {
            "id": f"CSC{i + 1:05d}",
            "name": f"Pragya Kendra {i + 1}",
            "functional": "yes" if functional[i] else "no",
            "lat": f"{lat[i]:.6f}",
            "lon": f"{lon[i]:.6f}",
        }
        for i in range(count)
    ]


def _moved(row: dict[str, str]) -> dict[str, str]:
    """A CSC row with its point moved about 10 m north-east (every row of the register changes)."""
    return row | {"lat": f"{float(row['lat']) + 0.0001:.6f}", "lon": f"{float(row['lon']) + 0.0001:.6f}"}


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """Write ``rows`` (all with the same keys) as a CSV at ``path``, through the project's one table writer."""
    import pandas as pd

    from geo.exports.tables import write_tables

    return write_tables(path, {path.stem: pd.DataFrame(rows)})


#: What the child runs: ``python -m geo ARGV``, then its own peak resident size (``VmHWM`` of
#: ``/proc/self/status``, kB) written to the file named first. ``ru_maxrss`` would not do: a child
#: counts the pages of the bench it was forked from (over 500 MB once the 24× rows are built).
_PEAK_REPORTING = """
import re, runpy, sys
from pathlib import Path
peak_file = sys.argv.pop(1)
sys.argv[0] = "geo"
try:
    runpy.run_module("geo", run_name="__main__", alter_sys=True)
finally:
    status = Path("/proc/self/status").read_text()
    Path(peak_file).write_text(re.search(r"^VmHWM:\\s+(\\d+) kB", status, re.M).group(1))
"""


def run_geo(args: list[str], log: Path) -> Run:
    """Run ``python -m geo ARGS`` from the repository root; its time and its own peak memory. Exit 2 stops the bench."""
    peak_file = log.with_suffix(".peak")
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        command = [sys.executable, "-c", _PEAK_REPORTING, str(peak_file), *args]
        code = subprocess.run(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, check=False).returncode
    seconds = time.perf_counter() - started
    if code not in (0, 1):
        tail = "\n".join(log.read_text(encoding="utf-8").splitlines()[-15:])
        msg = f"python -m geo {' '.join(args)} exited {code}:\n{tail}"
        raise SystemExit(msg)
    if code == 1:
        print(f"  (exit 1, problems found: see {log.name})", file=sys.stderr)
    return Run(seconds, int(peak_file.read_text(encoding="utf-8")) / 1024)


def size_mb(path: Path) -> float:
    """Bytes in ``path`` (a file, or every file under a folder), in MB; 0 when absent."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6
    return path.stat().st_size / 1e6 if path.exists() else 0.0


def history_mb(store: Path) -> float:
    """MB the store's history takes: its change rows inside the store (SQLite's pages) and any snapshot folder."""
    import sqlite3

    from geo.storage.history import CHANGES_TABLE

    with contextlib.closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as con:
        (pages,) = con.execute(
            "SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name IN (?, ?)",
            (CHANGES_TABLE, f"{CHANGES_TABLE}_revision"),
        ).fetchone()
    return pages / 1e6 + size_mb(store.with_name(f"{store.name}.versions"))


def measure(label: str, size: int, folder: Path, seed: int, repeat: int = 1, *, server: str | None = None) -> Scale:
    """Write the files of ``size`` villages in ``folder``; ``repeat`` times, the four steps on a new store; medians.

    With ``server`` (a PostGIS URL) each store is a new schema of that database instead of a GeoPackage.
    """
    rng = np.random.default_rng([seed, size])
    villages = village_rows(size, rng)
    cscs = csc_rows(size, rng)
    village_csv = write_csv(folder / f"villages_{size}.csv", villages)
    csc_csv = write_csv(folder / f"csc_{size}.csv", cscs)
    first = villages[0]["district_code"]  # its villages again, each with one more person
    again = [row | {"population": str(int(row["population"]) + 1)} for row in villages if row["district_code"] == first]
    district_csv = write_csv(folder / f"district_again_{size}.csv", again)
    moved_csv = write_csv(folder / f"csc_moved_{size}.csv", [_moved(row) for row in cscs])
    tries: list[dict[str, Run]] = []
    for attempt in range(repeat):
        store = folder / f"store_{size}_{attempt}.gpkg" if server is None else _new_schema(server, size, attempt)
        commands = {
            "import villages": [
                "import",
                "villages",
                str(village_csv),
                "--dissolve-to-panchayats",
                "--store",
                str(store),
            ],
            "import CSCs": ["import", "services", str(csc_csv), "--kind", "csc", "--store", str(store)],
            "validate": ["validate", "--store", str(store)],
            "summary": ["summary", "--store", str(store)],
            "a district again": ["import", "villages", str(district_csv), "--store", str(store)],
            "CSCs moved": ["import", "services", str(moved_csv), "--kind", "csc", "--store", str(store)],
        }
        runs = {}
        for step, args in commands.items():
            runs[step] = run_geo(args, folder / f"{step.replace(' ', '_')}_{size}_{attempt}.log")
            print(f"  {label}: {step} {runs[step].seconds:.2f} s, {runs[step].peak_mb:.0f} MB", file=sys.stderr)
        tries.append(runs)
    return Scale(
        label=label,
        villages=len(villages),
        panchayats=len({row["panchayat_code"] for row in villages}),
        cscs=len(cscs),
        runs={step: _median([runs[step] for runs in tries]) for step in STEPS},
        store_mb=_server_mb(store) if server else size_mb(store) + size_mb(store.with_name(f"{store.name}-wal")),
        history_mb=_server_mb(store, CHANGES) if server else history_mb(store),
    )


#: The history's table (rows each write changed), measured apart from the store.
CHANGES = "store_changes"


def _new_schema(server: str, size: int, attempt: int) -> str:
    """A store URL in a schema of its own on ``server`` (dropped at the end of the run: :func:`_drop_schemas`)."""
    return f"{server}{'&' if '?' in server else '?'}schema=bench_{os.getpid()}_{size}_{attempt}"


def _server_mb(url: str, table: str | None = None) -> float:
    """MB a server store takes on disk (tables, indexes, TOAST), or one of its tables."""
    import psycopg

    from geo.storage.postgis import store_target

    conninfo, schema = store_target(url)
    with psycopg.connect(conninfo) as con:
        (total,) = con.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r' "
            "AND (%s::text IS NULL OR c.relname = %s)",
            [schema, table, table],
        ).fetchone()
    return int(total) / 1e6


def _drop_schemas(server: str) -> None:
    """Drop the schemas this run made."""
    import psycopg

    with psycopg.connect(server.split("?")[0], autocommit=True) as con:
        names = con.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", [f"bench_{os.getpid()}_%"])
        for (name,) in names.fetchall():
            con.execute(f'DROP SCHEMA "{name}" CASCADE')


def _server_url() -> str:
    """The project's local PostGIS server (``scripts/db.sh start``: installs and starts it if needed)."""
    done = subprocess.run(["bash", str(ROOT / "scripts" / "db.sh"), "start"], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the PostGIS server could not be started: {done.stderr.strip()[-300:]}")
    return done.stdout.strip()


def _median(runs: list[Run]) -> Run:
    """The median time and the median peak memory of ``runs``."""
    return Run(float(np.median([r.seconds for r in runs])), float(np.median([r.peak_mb for r in runs])))


def growth_exponent(sizes: list[float], seconds: list[float]) -> float:
    """The slope of the least-squares line through (log size, log seconds): 1.0 grows linearly."""
    slope, _ = np.polyfit(np.log(sizes), np.log(seconds), 1)
    return float(slope)


def table(results: list[Scale], fixed: Scale) -> str:
    """The results as a Markdown table (the fixed cost first), then the growth exponents of each step's time."""
    head = ["scale", "villages", "panchayats", "CSCs"]
    head += [f"{step} s / MB" for step in STEPS] + ["store MB", "history MB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in [fixed, *results]:
        cells = [r.label, f"{r.villages:,}", f"{r.panchayats:,}", f"{r.cscs:,}"]
        cells += [f"{r.runs[s].seconds:.2f} / {r.runs[s].peak_mb:.0f}" for s in STEPS]
        cells += [f"{r.store_mb:.1f}", f"{r.history_mb:.2f}"]
        lines.append("| " + " | ".join(cells) + " |")
    if len(results) > 1:
        sizes = [r.villages for r in results]
        total, beyond = [], []
        for step in STEPS:
            seconds = [r.runs[step].seconds for r in results]
            extra = [t - fixed.runs[step].seconds for t in seconds]
            total.append(f"{step} {growth_exponent(sizes, seconds):.2f}")
            fit = f"{growth_exponent(sizes, extra):.2f}" if min(extra) > 0 else "n/a (within the noise)"
            beyond.append(f"{step} {fit}")
        lines += ["", "growth exponent of time (goal ≤ 1.1): " + ", ".join(total)]
        lines += ["of time beyond the fixed cost (one panchayat's): " + ", ".join(beyond)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 2, 4, 8], help="multiples of a district")
    parser.add_argument("--quick", action="store_true", help="1× and 2× only")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each scale (a new store each); medians shown")
    parser.add_argument("--seed", type=int, default=25)
    parser.add_argument(
        "--kinds",
        nargs="+",
        choices=("gpkg", "postgis"),
        default=["gpkg"],
        help="the kinds of store, measured side by side (postgis: the local server of scripts/db.sh, or --server URL)",
    )
    parser.add_argument("--server", help="a PostGIS URL whose role may create schemas (default: scripts/db.sh start)")
    args = parser.parse_args(argv)
    scales = [1, 2] if args.quick else sorted(set(args.scales))
    if scales[0] < 1:
        parser.error(f"--scales must be whole multiples of a district (1 or more), got {scales[0]}")
    if args.repeat < 1:
        parser.error(f"--repeat must be 1 or more, got {args.repeat}")
    server = (args.server or _server_url()) if "postgis" in args.kinds else None
    tables = []
    with tempfile.TemporaryDirectory(prefix="state_scale_") as tmp:
        startup = run_geo(["--help"], Path(tmp) / "help.log")
        try:
            for kind in args.kinds:  # each kind runs the same files, one after the other
                on = server if kind == "postgis" else None
                fixed = measure("fixed", TILE_ROWS * TILE_COLS, Path(tmp), args.seed, args.repeat, server=on)
                results = [
                    measure(f"{scale}×", scale * DISTRICT_VILLAGES, Path(tmp), args.seed, args.repeat, server=on)
                    for scale in scales
                ]
                tables.append(f"### {kind}\n\n" + table(results, fixed))
        finally:
            if server is not None:
                _drop_schemas(server)
    print("\n\n".join(tables))
    print(f"\npython -m geo --help alone: {startup.seconds:.2f} s, {startup.peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
