"""Another district, built the way an office would: its own files imported into a new store.

"Testpur" (a made-up district, LGD code 999001, in Jharkhand) lies near 83.8 °E 24.2 °N,
in UTM zone 44N, not the demo's 45N. Five panchayats of 4 km x 4 km sit in a row from
west to east: G1-G3 in block K1, G4-G5 in block K2. One village at the centre of each
(populations 100-500), the Aadhaar centre in G1's village, so the villages lie 0, 4, 8,
12 and 16 km from it.

What the files say, and the figures worked out by hand (latest, Aadhaar threshold 10 km):

=====  ==========================  ===========  =====================================  ==========
panch  connectivity                class        CSC (register / review)                library
=====  ==========================  ===========  =====================================  ==========
G1     BharatNet live, found online working      C1 yes (12-01)                  -> yes opened
G2     BharatNet live, found offline live_offline C2 no (12-01)                  -> no  space
G3     JharNet live                working      C3 yes (12-01), review no 12-15 -> no  not started
G4     BharatNet service-ready     not_live     no point, review yes 12-10      -> yes not recorded
G5     nothing                     not_recorded no point, no review             -> no  not recorded
=====  ==========================  ===========  =====================================  ==========

working 2, live but found offline 1, not live 1 (and 1 not recorded: 2 + 1 + 1 + 1 = 5);
functional CSC 2; libraries opened 1; villages beyond 10 km of an Aadhaar centre 2 (G4's
at 12 km and G5's at 16 km; population 400 + 500 = 900).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyogrio
from pyproj import Geod
from shapely.geometry import box

from geo.importing import apply_import, import_file
from geo.storage.store import read_store

ORIGIN = (83.80, 24.20)  # lon, lat of G1's west edge, mid-height
SIDE_KM = 4.0
GEOD = Geod(ellps="WGS84")

#: The figures of the docstring's table.
EXPECTED = {
    "working": 2,
    "live_offline": 1,
    "not_live": 1,
    "connectivity_not_recorded": 1,
    "csc_functional": 2,
    "library_opened": 1,
    "villages_beyond_aadhaar": 2,
    "population_beyond_aadhaar": 900,
    "panchayats": 5,
}


def _east(km: float, north_km: float = 0.0) -> tuple[float, float]:
    lon, lat, _ = GEOD.fwd(*ORIGIN, 90.0, km * 1000)
    if north_km:
        lon, lat, _ = GEOD.fwd(lon, lat, 0.0 if north_km > 0 else 180.0, abs(north_km) * 1000)
    return lon, lat


def village_point(i: int) -> tuple[float, float]:
    """(lon, lat) of the village of panchayat G<i+1> (the centre of its square)."""
    return _east(SIDE_KM * i + SIDE_KM / 2)


def write_files(folder: Path) -> dict[str, Path]:
    """The district's boundary, village, service and review files, as an office would have them."""
    folder.mkdir(parents=True, exist_ok=True)
    squares = []
    for i in range(5):
        west, south = _east(SIDE_KM * i, -SIDE_KM / 2)
        east, north = _east(SIDE_KM * (i + 1), SIDE_KM / 2)
        squares.append(box(west, south, east, north))
    boundaries = gpd.GeoDataFrame(
        {
            "LGD Code": [f"G{i}" for i in range(1, 6)],
            "GP Name": [f"Gram {i}" for i in range(1, 6)],
            "Block Code": ["K1", "K1", "K1", "K2", "K2"],
            "Block Name": ["Kalyan", "Kalyan", "Kalyan", "Kesar", "Kesar"],
            "District Name": "TESTPUR",
            "District Code": "999001",
            "State Name": "Jharkhand",
        },
        geometry=squares,
        crs=4326,
    )
    files = {"boundaries": folder / "panchayats.geojson"}
    pyogrio.write_dataframe(boundaries, files["boundaries"], driver="GeoJSON")
    rows = ["census_code,village_name,panchayat_code,latitude,longitude,population"]
    for i in range(5):
        lon, lat = village_point(i)
        rows.append(f"T{i + 1},Village {i + 1},G{i + 1},{lat:.7f},{lon:.7f},{100 * (i + 1)}")
    files["villages"] = folder / "villages.csv"
    files["villages"].write_text("\n".join(rows) + "\n", encoding="utf-8")
    lon, lat = village_point(0)
    files["aadhaar"] = folder / "aadhaar.csv"
    files["aadhaar"].write_text(
        f"id,name,category,lat,lon\nAA1,Aadhaar Kendra Gram 1,permanent_block_hq,{lat},{lon}\n", encoding="utf-8"
    )
    rows = ["id,name,functional,status_as_of,lat,lon"]
    for number, (i, functional) in enumerate(((0, "yes"), (1, "no"), (2, "yes")), start=1):
        lon, lat = _east(SIDE_KM * i + 1.0)  # 1 km into the panchayat, on its mid line
        rows.append(f"C{number},Pragya Kendra Gram {i + 1},{functional},2020-12-01,{lat:.7f},{lon:.7f}")
    files["csc"] = folder / "csc.csv"
    files["csc"].write_text("\n".join(rows) + "\n", encoding="utf-8")
    files["status"] = folder / "review.csv"
    files["status"].write_text(
        "panchayat_code,as_of,bharatnet,jharnet,library,csc_functional,inspection\n"
        "G1,2020-12-10,live,,opened,,online\n"
        "G2,2020-12-10,live,,space identified,,offline\n"
        "G3,2020-12-10,,live,not started,,\n"
        "G3,2020-12-15,,,,no,\n"
        "G4,2020-12-10,service-ready,,,yes,\n",
        encoding="utf-8",
    )
    return files


def build_store(folder: Path) -> Path:
    """Import the files into a new store, one checked and versioned import each, as the CLI would."""
    files = write_files(folder)
    store = folder / "testpur.gpkg"
    steps = [
        ("boundaries", files["boundaries"], {}),
        ("villages", files["villages"], {}),
        ("services", files["aadhaar"], {"kind": "aadhaar"}),
        ("services", files["csc"], {"kind": "csc"}),
        ("status", files["status"], {}),
    ]
    for kind, path, options in steps:
        data = read_store(store, private=True) if store.exists() else None
        result = import_file(kind, data, path, **options)
        assert result.ok, result.text()
        apply_import(store, result, user="test")
    return store
