"""How long a large or hostile upload keeps the Data page busy.

Run from the repository root::

    python bench/hostile_upload.py [--rows 100000] [--over 1000000] [--repeat 1]

Cases (each a file built in a temporary folder, then read as the Data page reads it):

* ``at-limit``   -- a villages CSV of ``--rows`` rows (points in the DEMO district):
  the page's column read (:func:`geo.importing.readers.read_table`) and its check
  (:func:`geo.importing.import_file` into the DEMO store), timed apart.
* ``over-limit`` -- a villages CSV of ``--over`` rows: how long until it is answered
  (refused when ``--over`` passes the row limit).
* ``xlsx-bomb``  -- a workbook whose sheet is 1 GB of identical rows deflated to ~1 MB.
* ``rerun``      -- what a rerun of the page costs for the ``at-limit`` file now
  that the check is kept in the session: the SHA-256 of its bytes.

Wall-clock and CPU (process) seconds are printed per case, best of ``--repeat``;
on a shared machine the CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.errors import GeoInputError  # noqa: E402
from geo.importing import import_file  # noqa: E402
from geo.importing.readers import read_table  # noqa: E402
from geo.storage.store import DEMO_STORE, read_store  # noqa: E402

BBOX = (86.60, 23.85, 87.20, 24.10)  # inside the DEMO district, lon/lat degrees


def villages_csv(path: Path, rows: int, seed: int = 1) -> Path:
    """A villages CSV of ``rows`` rows: code, name, lat, lon, population."""
    rng = random.Random(seed)
    lines = ["census_code,village_name,latitude,longitude,population"]
    lines += [
        f"{900000 + i},Gaon {i},{rng.uniform(BBOX[1], BBOX[3]):.5f},{rng.uniform(BBOX[0], BBOX[2]):.5f},"
        f"{rng.randint(50, 5000)}"
        for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def xlsx_bomb(path: Path, unpacked_mb: int = 1024) -> Path:
    """A real workbook whose sheet holds ``unpacked_mb`` MB of identical rows (about 40 million), deflated ~1000:1."""
    import pandas as pd

    from geo.exports.tables import table_bytes

    plain = path.with_name("plain.xlsx")
    plain.write_bytes(table_bytes({"villages": pd.DataFrame({"code": pd.Series([], dtype="string")})}, ".xlsx"))
    row = b'<row><c t="n"><v>1</v></c></row>'
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info.filename, src.read(info))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            block = row * ((1 << 20) // len(row))
            for _ in range(unpacked_mb):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    return path


def timed(repeat: int, func: Callable[[], object]) -> tuple[float, float, str]:
    """Best wall and CPU seconds of ``repeat`` calls, and what the last call gave (or the error it raised)."""
    wall = cpu = float("inf")
    outcome = ""
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        try:
            result = func()
            outcome = f"ok ({type(result).__name__})"
        except GeoInputError as err:
            outcome = f"refused: {str(err)[:110]}…"
        wall, cpu = min(wall, time.perf_counter() - w0), min(cpu, time.process_time() - c0)
    return wall, cpu, outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the at-limit CSV (default 100,000)")
    parser.add_argument("--over", type=int, default=1_000_000, help="rows of the over-limit CSV (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--cases", nargs="+", default=["at-limit", "over-limit", "xlsx-bomb", "rerun"])
    args = parser.parse_args()
    store = read_store(DEMO_STORE, private=True)
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as tmp:
        folder = Path(tmp)
        at_limit = villages_csv(folder / "villages.csv", args.rows)
        runs: dict[str, Callable[[], object]] = {
            f"at-limit ({args.rows:,} rows), column read": lambda: read_table(at_limit),
            f"at-limit ({args.rows:,} rows), check": lambda: import_file("villages", store, at_limit),
            "rerun (hash of the at-limit file)": lambda: hashlib.sha256(at_limit.read_bytes()).hexdigest(),
        }
        if "over-limit" in args.cases:
            over = villages_csv(folder / "state.csv", args.over)
            runs[f"over-limit ({args.over:,} rows)"] = lambda: read_table(over)
        if "xlsx-bomb" in args.cases:
            bomb = xlsx_bomb(folder / "bomb.xlsx")
            runs[f"xlsx-bomb (1 GB in {bomb.stat().st_size / 1e6:.1f} MB)"] = lambda: read_table(bomb)
        for name, func in runs.items():
            if name.split(" ")[0] not in args.cases:
                continue
            wall, cpu, outcome = timed(args.repeat, func)
            print(f"{name}: {wall:6.2f} s wall, {cpu:6.2f} s CPU — {outcome}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
