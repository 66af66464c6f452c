"""Every district file of a folder imported into a fresh store of its own: imported or refused, and why.

Run from the repository root::

    python bench/real_districts.py FOLDER [--together A.csv B.csv] [--out DIR]

Each ``FOLDER/*.csv`` (a Census-2011 village extract, one district a file, as
``/work/realdata/districts/`` holds Jharkhand's) is imported as an office would,
``import villages FILE --dissolve-to-panchayats`` into a store that does not exist yet
(:func:`geo.importing.import_file`, then :func:`geo.importing.apply_import`), in this process.
For each file one line: its rows, the villages and panchayats stored (``-`` when refused), the
seconds the import took (reading, checking and writing the store; wall and this process's
CPU, the steadier figure on a shared machine), and then every problem
of the report by its cause, with its count: the errors that refused it, or the warnings
(repairs) it was imported with.

``--together A B`` also imports the two files one after the other into one store and
prints its districts with their panchayat and village counts (issue 25's "two real
districts in one store").

The files are never part of the repository (nor of a test): the tests build small files
reproducing each problem found here (``tests/test_import_real_districts.py``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.importing import apply_import, import_file  # noqa: E402
from geo.storage.store import read_store  # noqa: E402


@dataclass(frozen=True)
class Outcome:
    """One file's import into a fresh store."""

    name: str
    rows: int
    villages: int | None
    panchayats: int | None
    seconds: float
    cpu_seconds: float
    causes: list[tuple[str, str, int]]

    @property
    def imported(self) -> bool:
        """Whether the store was written."""
        return self.villages is not None


def import_one(path: Path, store: Path) -> Outcome:
    """Import ``path`` (villages, dissolved to panchayats) into the new store ``store``; time it."""
    start, cpu = time.perf_counter(), time.process_time()
    result = import_file("villages", None, path, dissolve_to_panchayats=True)
    if result.ok:
        apply_import(store, result, user="bench")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    causes = Counter((p.severity, p.cause or p.message) for p in result.report.problems)
    rows = next(int(f.split(": ")[1].split(" ")[0].replace(",", "")) for f in result.report.facts if " row(s);" in f)
    if not result.ok:
        return Outcome(path.name, rows, None, None, seconds, cpu, [(s, c, n) for (s, c), n in causes.items()])
    data = read_store(store)
    return Outcome(
        path.name,
        rows,
        len(data.villages),
        len(data.panchayats),
        seconds,
        cpu,
        [(s, c, n) for (s, c), n in causes.items()],
    )


def together(paths: list[Path], store: Path) -> list[str]:
    """Import ``paths`` one after the other into ``store``; each district's name, panchayats and villages."""
    for path in paths:
        data = read_store(store, private=True) if store.exists() else None
        result = import_file("villages", data, path, dissolve_to_panchayats=True)
        if not result.ok:
            return [f"{path.name}: refused", result.text()]
        apply_import(store, result, user="bench")
    data = read_store(store)
    lines = [f"{data.meta['dataset_name']}: {len(data.districts)} districts"]
    for code in data.district_codes():
        part = data.only_district(code)
        lines.append(
            f"  {data.district_label(code)} ({code}): {len(part.blocks)} blocks, {len(part.panchayats)} panchayats, "
            f"{len(part.villages)} villages"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run every file of the folder; print one line per file, then its causes."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--together", nargs=2, metavar="FILE")
    parser.add_argument("--out", type=Path, help="keep the stores here (default: a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        outcomes = []
        for path in sorted(args.folder.glob("*.csv")):
            store = out / f"{path.stem}.gpkg"
            store.unlink(missing_ok=True)
            outcomes.append(outcome := import_one(path, store))
            state = "imported" if outcome.imported else "REFUSED"
            counts = f"{outcome.villages} villages, {outcome.panchayats} GPs" if outcome.imported else "-"
            print(
                f"{outcome.name:26} {outcome.rows:5} rows  {state:8} {counts:26} {outcome.seconds:6.1f} s "
                f"({outcome.cpu_seconds:.1f} s CPU)"
            )
            for severity, cause, n in outcome.causes:
                print(f"    {severity}: {n} x {cause}")
        refused = [o.name for o in outcomes if not o.imported]
        print(f"{len(outcomes) - len(refused)} of {len(outcomes)} imported; refused: {', '.join(refused) or 'none'}")
        if args.together:
            store = out / "together.gpkg"
            store.unlink(missing_ok=True)
            print("\n".join(together([args.folder / name for name in args.together], store)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
