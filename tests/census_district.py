"""A raw Census-2011 village file of a district no test names elsewhere, built by hand.

"Zedpur" (made up; Census 2011 district code 990, Jharkhand) lies near 86.0 °E 23.05 °N,
in UTM 45N. Its villages are squares laid out in metres there (x from 400,000 m,
y from 2,550,000 m), written as WKT in degrees with the Census extract's own columns
(``geometery_in_wkt`` misspelled, codes as ``2901.00000000``, no population, no CRS).

=====  =========  =========  ==========================================  ==============
row    code       village    polygon (metres east / north of the origin)  panchayat
=====  =========  =========  ==========================================  ==============
2      900101     Alpha      [0, 1000] x [0, 1000]                        770001 Amra
3      900102     Beta       [1000, 2000] x [0, 1000] (part 1)            770001 Amra
4      900102     Beta       [3000, 3500] x [0, 500] (part 2)             770001 Amra
5      900201     Gamma      [1998, 3000] x [0, 1000]                     770002 Bela
6      900202     Delta      a bowtie over [6000, 7000] x [0, 1000]       770002 Bela
7      900203     Epsilon    [3000, 5000] x [1000, 3000] less a hole      770002 Bela
                             [3500, 4000] x [1500, 2000]
8      900204     Zeta       [5000, 6000] x [0, 1000], ring left open     770002 Bela
9      900101     Alpha      row 2 again, exactly                         770001 Amra
=====  =========  =========  ==========================================  ==============

Worked out by hand: Beta is one village of 1.25 km² (its two parts joined); Gamma
(1.002 km²) and Beta share a 2 m x 1000 m strip, 2,000 m², 0.2 % of Gamma, the
smaller: Gamma loses it and keeps 1.000 km². The bowtie is repaired into its two
triangles (0.25 km² each, 0.5 km²); Zeta's ring is closed (1 km²). Six villages;
Amra 1 + 1.25 = 2.25 km², Bela 1 + 0.5 + 3.75 + 1 = 6.25 km²; their union 8.5 km²
encloses one gap, Epsilon's hole of 0.25 km² (25 ha): the district is 8.75 km².
"""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import Polygon, box

from geo.importing.columns import CENSUS_EXTRACT_ROLES

#: The real file's columns, in its order (those the village import reads).
COLUMNS = [column for column, role in CENSUS_EXTRACT_ROLES.items() if role]
X0, Y0 = 400_000.0, 2_550_000.0
PANCHAYATS = {"770001": "Amra", "770002": "Bela"}


def shape(*coords: tuple[float, float]) -> Polygon:
    """A polygon from (east, north) metres relative to the origin, kept as drawn (not made valid)."""
    return Polygon([(X0 + x, Y0 + y) for x, y in coords])


def square(west: float, south: float, east: float, north: float) -> Polygon:
    """An axis-aligned rectangle in metres relative to the origin."""
    return box(X0 + west, Y0 + south, X0 + east, Y0 + north)


def wkt(geom: Polygon) -> str:
    """The polygon in degrees (EPSG:4326) as WKT, to about a millimetre."""
    degrees = gpd.GeoSeries([geom], crs=32645).to_crs(4326).iloc[0]
    return shapely.to_wkt(degrees, rounding_precision=10)


def row(code: str, name: str, gp: str, geometry: str, **cells: str) -> dict[str, str]:
    """One row as the Census extract writes it (Zedpur, block KESAR)."""
    values = {
        "village_census_code": code,
        "village_name": name,
        "panchayat_name": PANCHAYATS.get(gp, gp),
        "panchayat_code": gp,
        "block_code": "2901.00000000",
        "block_name": "KESAR",
        "district_name": "ZEDPUR",
        "district_code": "990",
        "district_census_code": "990",
        "state_name": "Jharkhand",
        "geometery_in_wkt": geometry,
        "centroid_latitude": "23.06",
        "centroid_longitude": "86.05",
    }
    return values | cells


def zedpur_rows() -> list[dict[str, str]]:
    """The rows of the docstring's table (row 2 first)."""
    epsilon = square(3000, 1000, 5000, 3000).difference(square(3500, 1500, 4000, 2000))
    zeta = wkt(square(5000, 0, 6000, 1000))
    open_ring = zeta.replace("POLYGON ((", "").rstrip(")").split(", ")[:-1]  # its last point (the first) left out
    return [
        row("900101", "Alpha", "770001", wkt(square(0, 0, 1000, 1000))),
        row("900102", "Beta", "770001", wkt(square(1000, 0, 2000, 1000))),
        row("900102", "Beta", "770001", wkt(square(3000, 0, 3500, 500))),
        row("900201", "Gamma", "770002", wkt(square(1998, 0, 3000, 1000))),
        row("900202", "Delta", "770002", wkt(shape((6000, 0), (7000, 1000), (7000, 0), (6000, 1000), (6000, 0)))),
        row("900203", "Epsilon", "770002", wkt(epsilon)),
        row("900204", "Zeta", "770002", f"POLYGON (({', '.join(open_ring)}))"),
        row("900101", "Alpha", "770001", wkt(square(0, 0, 1000, 1000))),
    ]


def write_census(path: Path, rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> Path:
    """Write ``rows`` as a Census extract CSV."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path
