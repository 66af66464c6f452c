"""The deterministic DEMO state: many synthetic districts in one store, for trying a state on one server.

Nothing here is official. By default the state has as many districts (24), blocks (263)
and gram panchayats (4,345) as Jharkhand, and about 32,500 villages; every place is
numbered, not named ("DEMO 03", "Block 03-04", "GP 03-04-12"), and every store made here
carries ``meta.is_demo = "true"``.

The state is laid out on a grid of village cells in UTM 45N (metres): a jittered
lattice, so every cell is a quadrilateral whose corners its neighbours share. The
cells inside an irregular outline are taken in the order of a Hilbert curve (which
keeps consecutive cells together) and dealt out in that order to the villages of
panchayat after panchayat, block after block, district after district. A panchayat
is the union of its villages' cells, a block of its panchayats', a district of its
blocks': shared edges are the same coordinates, so every level tiles the one above
it exactly. Geometry is stored in EPSG:4326.

The work is vectorised (numpy, shapely arrays): the full state builds in seconds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from geo.storage.demo import CREATED, REVIEW_DATES, _largest_remainder, _to_store
from geo.storage.identity import DistrictIdentity
from geo.storage.schema import INDICATOR_VALUES, SCHEMA_VERSION, STORE_CRS
from geo.storage.store import StoreData, empty_layer, write_store
from geo.text import t

__all__ = ["SEED", "StateSize", "StatePlan", "plan_state", "build_demo_state", "write_demo_state"]

SEED = 4345
#: Side of one village cell, in metres: 32,500 cells of 2.4 km² cover about Jharkhand's 79,716 km².
CELL_M = 1_550.0
#: Where the state lies (lon, lat): the middle of Jharkhand.
STATE_CENTRE = (85.6, 23.6)
#: The outline is this much wider (east-west) than high.
ASPECT = 1.25
#: How far a lattice corner moves from its place, as a share of a cell's side (below 0.25 every cell stays convex).
JITTER = 0.2
METRIC_CRS = "EPSG:32645"
#: The Hindi/English languages every name is written in (catalogue codes).
_LANGS = (("name", "en"), ("name_hi", "hi"))
#: Status rollouts drawn for each panchayat at the first review, and the chance to move one stage by the second.
_STAGES = {
    "bharatnet": (0.2, 0.3, 0.3, 0.2),
    "jharnet": (0.55, 0.3, 0.15),
    "library": (0.45, 0.35, 0.2),
}
_ADVANCE = 0.35
_INSPECTION_REMARKS = ("ONT faulty", "No power backup at bhawan", "Fibre cut near village", "Router not configured")
#: JharSewa applications a block of 300 km² receives per certificate type by the first review.
_CERTIFICATES = {"caste": 900, "income": 1400, "residence": 1100, "marriage": 120}


@dataclass(frozen=True)
class StateSize:
    """How big the DEMO state is.

    Attributes
    ----------
    districts, blocks, panchayats : int
        How many of each (at least one block per district and one panchayat per block;
        at most 99 of each below its parent, as the two-digit codes allow).
    villages_per_panchayat : tuple of int
        The fewest and most villages of one panchayat (drawn uniformly in between).
    """

    districts: int = 24
    blocks: int = 263
    panchayats: int = 4_345
    villages_per_panchayat: tuple[int, int] = (4, 11)

    def __post_init__(self) -> None:
        """Refuse a size the codes cannot number."""
        low, high = self.villages_per_panchayat
        problems = [
            f"districts {self.districts} (expected 1 to 99)" * (not 1 <= self.districts <= 99),
            f"blocks {self.blocks} (expected between districts and 99 per district)"
            * (not self.districts <= self.blocks <= 99 * self.districts),
            f"panchayats {self.panchayats} (expected between blocks and 99 per block)"
            * (not self.blocks <= self.panchayats <= 99 * self.blocks),
            f"villages_per_panchayat {self.villages_per_panchayat} (expected 1 <= low <= high <= 99)"
            * (not 1 <= low <= high <= 99),
        ]
        if any(problems):
            msg = "StateSize: " + "; ".join(p for p in problems if p)
            raise ValueError(msg)


@dataclass(frozen=True)
class StatePlan:
    """The state's places without geometry: codes, names, parents, in the order they are laid out.

    Attributes
    ----------
    districts, blocks, panchayats, villages : pandas.DataFrame
        One row per place: ``lgd_code`` (``census_code`` for villages), ``name``,
        ``name_hi``, the parent's code (``district_lgd``, ``block_lgd``,
        ``panchayat_lgd``) and ``population`` for villages. Villages are in
        panchayat order, panchayats in block order, blocks in district order.
    """

    districts: pd.DataFrame
    blocks: pd.DataFrame
    panchayats: pd.DataFrame
    villages: pd.DataFrame


def plan_state(size: StateSize | None = None, seed: int = SEED) -> StatePlan:
    """Count, number and name the places of the DEMO state (no geometry: cheap at full size).

    Parameters
    ----------
    size : StateSize, optional
        Default: the full state (24 districts, 263 blocks, 4,345 panchayats).
    seed : int, default :data:`SEED`

    Returns
    -------
    StatePlan

    Examples
    --------
    >>> plan = plan_state(StateSize(districts=2, blocks=3, panchayats=5, villages_per_panchayat=(2, 2)))
    >>> len(plan.blocks), len(plan.villages), plan.panchayats["lgd_code"].iloc[0], plan.districts["name"].iloc[1]
    (3, 10, '9010101', 'DEMO 02')
    """
    size = size or StateSize()
    if not isinstance(size, StateSize):
        msg = f"'size' should be a StateSize, got {type(size).__name__}"
        raise TypeError(msg)
    rng = _stream(seed, 0)
    gp_per_district = _split(size.panchayats, size.districts, rng)
    # Blocks beyond the first of each district, in proportion to its panchayats beyond the first: never
    # more blocks than panchayats, as a share of at most gp - 1 is rounded to at most gp - 1.
    more_blocks = size.blocks - size.districts
    blocks_per_district = 1 + _largest_remainder(
        (gp_per_district - 1) * more_blocks / max(1, size.panchayats - size.districts), more_blocks
    )
    gp_per_block = np.concatenate(
        [_split(int(gps), int(n), rng) for gps, n in zip(gp_per_district, blocks_per_district, strict=True)]
    )
    low, high = size.villages_per_panchayat
    villages_per_gp = rng.integers(low, high + 1, size=size.panchayats)
    if max(blocks_per_district.max(), gp_per_block.max()) > 99:
        msg = f"StateSize {size}: more than 99 blocks in a district or panchayats in a block; add districts or blocks"
        raise ValueError(msg)

    districts = _level(pd.Series([f"{900 + n}" for n in range(1, size.districts + 1)]), None, "demo.state_district")
    blocks = _level(_child_codes(districts["lgd_code"], blocks_per_district), "district_lgd", "demo.state_block")
    panchayats = _level(_child_codes(blocks["lgd_code"], gp_per_block), "block_lgd", "demo.state_panchayat")
    villages = _level(_child_codes(panchayats["lgd_code"], villages_per_gp), "panchayat_lgd", "demo.state_village")
    villages = villages.rename(columns={"lgd_code": "census_code"})
    weights = _stream(seed, 2).lognormal(mean=np.log(800.0), sigma=0.8, size=len(villages))
    villages["population"] = np.maximum(20, weights.round()).astype(np.int64)
    return StatePlan(districts=districts, blocks=blocks, panchayats=panchayats, villages=villages)


def build_demo_state(size: StateSize | None = None, seed: int = SEED) -> StoreData:
    """Generate the DEMO state: every layer, tiled exactly, with services and two reviews of history.

    Parameters
    ----------
    size : StateSize, optional
        Default: the full state (24 districts, 263 blocks, 4,345 panchayats, about 32,500 villages).
    seed : int, default :data:`SEED`
        The same seed (and size) gives the same state.

    Returns
    -------
    StoreData
        All layers in EPSG:4326 (village points and their boundaries, panchayats, blocks
        carrying ``district_lgd``, the ``districts`` outlines and their union as the
        ``district`` outline), service points, status events, certificates;
        ``meta.is_demo == "true"``. No roads or water.

    Examples
    --------
    >>> data = build_demo_state(StateSize(districts=2, blocks=3, panchayats=5, villages_per_panchayat=(2, 2)))
    >>> len(data.districts), len(data.panchayats), len(data.village_boundaries), data.is_demo
    (2, 5, 10, True)
    """
    plan = plan_state(size, seed)
    villages = plan.villages
    quads = _village_cells(len(villages), _stream(seed, 1))
    village_cells = shapely.polygons(np.concatenate([quads, quads[:, :1]], axis=1))
    where = _stream(seed, 6).uniform(0.25, 0.75, size=(2, len(quads)))  # where in its cell each village stands
    village_points = shapely.points(_inside(quads, where[0], where[1]))
    gp_shapes = _dissolved(village_cells, villages["panchayat_lgd"])
    block_shapes = _dissolved(gp_shapes, plan.panchayats["block_lgd"])
    district_shapes = _dissolved(block_shapes, plan.blocks["district_lgd"])

    bhawans = village_points[_main_villages(villages, villages["panchayat_lgd"])]
    hq_rows = _main_villages(villages, villages["panchayat_lgd"].str[:-2])
    gps = _with_lonlat(plan.panchayats, bhawans, "bhawan")
    blocks = _with_lonlat(plan.blocks, village_points[hq_rows], "hq")
    services = _service_points(villages, quads, village_points, gps, blocks, hq_rows, _stream(seed, 3))
    events = _status_events(gps["lgd_code"], _has_functional_csc(gps, services), _stream(seed, 4))
    services = pd.concat([services, _library_sites(gps, events, bhawans)], ignore_index=True)
    n_services = len(services)
    private = pd.DataFrame(
        {
            "id": services["id"],
            "operator_name": [f"Operator {i:05d} (demo)" for i in range(1, n_services + 1)],
            "phone": [f"+91-9{i // 100_000:04d}-{i % 100_000:05d}" for i in range(1, n_services + 1)],
            "remark": "",
        }
    )
    state_outline = shapely.coverage_union_all(district_shapes)
    districts = plan.districts.assign(code_kind="DEMO", state_name=t("demo.state_name", "en"))
    n_districts = len(districts)
    meta = {
        "dataset_name": t("demo.state_dataset", "en", districts=n_districts),
        "is_demo": "true",
        "created": CREATED,
        "source_notes": (
            f"Generated by python -m geo demo --state with seed {seed}. Every place, boundary, village, "
            "population, service point and status is synthetic; the numbers of districts, blocks and "
            "panchayats are Jharkhand's, nothing else is."
        ),
        "schema_version": SCHEMA_VERSION,
        "state_name": t("demo.state_name", "en"),
        "state_name_hi": t("demo.state_name", "hi"),
    }
    if n_districts == 1:  # a store of one district is named by its meta (geo.storage.districts)
        only = districts.iloc[0]
        meta |= DistrictIdentity(
            name=only["name"], name_hi=only["name_hi"], code=only["lgd_code"], code_kind="DEMO"
        ).to_meta()
    return StoreData(
        meta=meta,
        district=_to_store(pd.DataFrame({"lgd_code": [None], "name": [None], "name_hi": [None]}), [state_outline]),
        districts=_to_store(districts, district_shapes),
        blocks=_to_store(blocks, block_shapes),
        panchayats=_to_store(gps, gp_shapes),
        villages=_to_store(villages, village_points),
        village_boundaries=_to_store(villages[["census_code"]], village_cells),
        service_points=_to_store(services.drop(columns="geometry"), services["geometry"]),
        service_private=private,
        status_events=events,
        certificates=_certificates(blocks["lgd_code"], shapely.area(block_shapes), _stream(seed, 5)),
        roads=empty_layer("roads"),
        water=empty_layer("water"),
    )


def write_demo_state(path: str | os.PathLike[str], *, seed: int = SEED, size: StateSize | None = None) -> Path:
    """Generate the DEMO state and write it as a reproducible GeoPackage.

    Parameters
    ----------
    path : path-like
        Where to write; an existing file is replaced whole.
    seed : int, default :data:`SEED`
    size : StateSize, optional
        Default: the full state.

    Returns
    -------
    pathlib.Path
        The written file (byte-for-byte the same for the same seed and size).
    """
    return write_store(path, build_demo_state(size, seed), fresh_file=True, timestamp=CREATED)


# --- places: counts, codes and names ---------------------------------------------------


def _stream(seed: int, part: int) -> np.random.Generator:
    """The random stream of one part of the state: changing one part leaves the others as they were."""
    return np.random.default_rng([seed, part])


def _split(total: int, parts: int, rng: np.random.Generator) -> np.ndarray:
    """``parts`` integers of at least 1, within about ±15 % of each other, adding up to ``total``."""
    weights = rng.uniform(0.85, 1.15, size=parts)
    return 1 + _largest_remainder(weights / weights.sum() * (total - parts), total - parts)


def _child_codes(parents: pd.Series, counts: np.ndarray) -> pd.DataFrame:
    """``counts[i]`` children of each parent, coded parent code + a two-digit number: ``code``, ``parent``."""
    parent = np.repeat(parents.to_numpy(dtype=object), counts)
    number = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts) + 1
    return pd.DataFrame({"code": [f"{p}{n:02d}" for p, n in zip(parent, number, strict=True)], "parent": parent})


def _level(codes: pd.Series | pd.DataFrame, parent_column: str | None, key: str) -> pd.DataFrame:
    """One level of places: codes, their English and Hindi names from catalogue ``key``, their parent."""
    frame = codes if isinstance(codes, pd.DataFrame) else pd.DataFrame({"code": codes, "parent": None})
    code = frame["code"].astype(str)
    # The numbers of a place from its district down: "901"+"04"+"12" reads "01-04-12".
    parts = [code.str[1:3]] + [code.str[i : i + 2] for i in range(3, len(code.iloc[0]), 2)]
    number = parts[0].str.cat(parts[1:], sep="-") if len(parts) > 1 else parts[0]
    out = pd.DataFrame({"lgd_code": code})
    for column, lang in _LANGS:
        out[column] = _filled(key, lang, "number", number)
    if parent_column:
        out[parent_column] = frame["parent"].astype(str).to_numpy()
    return out


def _filled(key: str, lang: str, placeholder: str, values: pd.Series) -> pd.Series:
    """``t(key, lang, placeholder=value)`` for every value, the catalogue read once (a text value goes in as it is)."""
    before, after = t(key, lang, **{placeholder: "\x00"}).split("\x00")
    return before + values.astype(str).reset_index(drop=True) + after


# --- geometry --------------------------------------------------------------------------


def _village_cells(count: int, rng: np.random.Generator) -> np.ndarray:
    """The corners (``count`` x 4 x 2, metres, counter-clockwise) of ``count`` cells of the state, in Hilbert order."""
    rows = int(np.ceil(np.sqrt(count / ASPECT) * 1.4)) + 4
    cols = int(np.ceil(rows * ASPECT))
    harmonics = [(k, a, rng.uniform(0, 2 * np.pi)) for k, a in ((2, 0.06), (3, 0.08), (5, 0.05), (7, 0.03))]
    col, row = np.meshgrid(np.arange(cols), np.arange(rows))
    col, row = col.ravel(), row.ravel()
    dx, dy = (col + 0.5 - cols / 2) / ASPECT, row + 0.5 - rows / 2
    angle = np.arctan2(dy, dx)
    radius = 1.0 + sum(a * np.cos(k * angle + phase) for k, a, phase in harmonics)
    inside = np.argsort(np.hypot(dx, dy) / radius, kind="stable")[:count]
    order = 1 << int(np.ceil(np.log2(max(rows, cols))))
    chosen = inside[np.argsort(_hilbert_index(col[inside], row[inside], order), kind="stable")]
    centre_x, centre_y = Transformer.from_crs(STORE_CRS, METRIC_CRS, always_xy=True).transform(*STATE_CENTRE)
    nodes = np.stack(
        np.meshgrid(np.arange(cols + 1) - cols / 2, np.arange(rows + 1) - rows / 2), axis=-1
    ) + rng.uniform(-JITTER, JITTER, size=(rows + 1, cols + 1, 2))
    nodes = nodes * CELL_M + np.array([centre_x, centre_y])
    c, r = col[chosen], row[chosen]
    return np.stack([nodes[r, c], nodes[r, c + 1], nodes[r + 1, c + 1], nodes[r + 1, c]], axis=1)


def _hilbert_index(x: np.ndarray, y: np.ndarray, order: int) -> np.ndarray:
    """The position of each cell (x, y) along the Hilbert curve filling an ``order`` x ``order`` grid (a power of 2)."""
    x, y = x.astype(np.int64), y.astype(np.int64)
    index = np.zeros_like(x)
    s = order // 2
    while s > 0:
        rx, ry = (x & s) > 0, (y & s) > 0
        index += s * s * ((3 * rx.astype(np.int64)) ^ ry.astype(np.int64))
        flip = ~ry & rx
        x, y = np.where(flip, order - 1 - x, x), np.where(flip, order - 1 - y, y)
        x, y = np.where(~ry, y, x), np.where(~ry, x, y)
        s //= 2
    return index


def _inside(quads: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Points at (u, v) of each cell, 0-1 across and up it (bilinear): inside the cell for 0 < u, v < 1."""
    a, b, c, d = (quads[:, i] for i in range(4))
    u, v = u[:, None], v[:, None]
    return (1 - u) * (1 - v) * a + u * (1 - v) * b + u * v * c + (1 - u) * v * d


def _dissolved(parts: np.ndarray, group: pd.Series) -> np.ndarray:
    """The union of each run of consecutive ``parts`` of one ``group`` (groups come in order), as one array."""
    codes = group.to_numpy()
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    ends = np.r_[starts[1:], len(codes)]
    return np.array([shapely.coverage_union_all(parts[s:e]) for s, e in zip(starts, ends, strict=True)], dtype=object)


def _runs(codes: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of equal consecutive ``codes`` starts, and how long it is."""
    values = codes.to_numpy()
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    return starts, np.diff(np.r_[starts, len(values)])


def _main_villages(villages: pd.DataFrame, group: pd.Series) -> np.ndarray:
    """The row of the most populous village of each run of ``group`` (ties: the first), in run order."""
    starts, counts = _runs(group)
    population = villages["population"].to_numpy()
    return np.array([s + int(np.argmax(population[s : s + n])) for s, n in zip(starts, counts, strict=True)])


def _with_lonlat(places: pd.DataFrame, points: np.ndarray, prefix: str) -> pd.DataFrame:
    """``places`` with ``{prefix}_lon`` / ``{prefix}_lat``: ``points`` (metres, one per place) in degrees."""
    lonlat = gpd.GeoSeries(points, crs=METRIC_CRS).to_crs(STORE_CRS)
    return places.assign(
        **{f"{prefix}_lon": lonlat.x.round(6).to_numpy(), f"{prefix}_lat": lonlat.y.round(6).to_numpy()}
    )


# --- services and status history --------------------------------------------------------


def _points_in(
    quads: np.ndarray, starts: np.ndarray, counts: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """For each (start, count): a random village of rows start..start+count-1 and a random point inside its cell."""
    village = starts + np.floor(rng.random(len(starts)) * counts).astype(np.int64)
    uv = rng.uniform(0.1, 0.9, size=(2, len(starts)))
    return village, shapely.points(_inside(quads[village], uv[0], uv[1]))


def _service_frame(kind: str, category: object, key: str, places: pd.DataFrame, **columns: object) -> pd.DataFrame:
    """Service points of one ``kind``, named from catalogue ``key`` after the place each stands in."""
    frame = pd.DataFrame(
        {
            "id": [f"{kind.upper()}-{i:05d}" for i in range(1, len(places) + 1)],
            "kind": kind,
            "category": category,
            "name": _filled(key, "en", "place", places["name"]),
            "name_hi": _filled(key, "hi", "place", places["name_hi"]),
        }
    )
    return frame.assign(**columns)


def _service_points(
    villages: pd.DataFrame,
    quads: np.ndarray,
    village_points: np.ndarray,
    gps: pd.DataFrame,
    blocks: pd.DataFrame,
    hq_rows: np.ndarray,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """CSCs, Aadhaar centres and PMGDISHA centres (geometry in metres): each inside a village of its panchayat.

    ``hq_rows`` are the villages of the block HQs (one per block, in block order).
    """
    gp_starts, gp_counts = _runs(villages["panchayat_lgd"])
    block_starts, block_counts = _runs(villages["panchayat_lgd"].str[:-2])
    gp_of_village = villages["panchayat_lgd"].to_numpy()
    frames = []

    # CSCs (Pragya Kendra): 0-3 per panchayat, 1.5 on average, 85 % functional.
    per_gp = rng.choice(4, size=len(gps), p=(0.1, 0.4, 0.4, 0.1))
    host = np.repeat(np.arange(len(gps)), per_gp)
    village, points = _points_in(quads, gp_starts[host], gp_counts[host], rng)
    n = len(host)
    frames.append(
        _service_frame(
            "csc",
            "pragya_kendra",
            "demo.state_csc",
            gps.iloc[host],
            panchayat_lgd=gp_of_village[village],
            functional=rng.random(n) < 0.85,
            status_as_of=REVIEW_DATES[-1],
            opened=[f"20{y}-{m:02d}-01" for y, m in zip(rng.integers(16, 21, n), rng.integers(1, 13, n), strict=True)],
            geometry=points,
        )
    )
    # Aadhaar: a permanent centre at every block HQ, and bank-branch and post-office centres (1.3 a block).
    aadhaar_hq = _service_frame(
        "aadhaar",
        "permanent_block_hq",
        "demo.state_aadhaar_hq",
        blocks,
        panchayat_lgd=gp_of_village[hq_rows],
        functional=True,
        opened="2018-04-01",
        geometry=village_points[hq_rows],
    )
    extra = np.repeat(np.arange(len(blocks)), rng.poisson(1.3, size=len(blocks)))
    village, points = _points_in(quads, block_starts[extra], block_counts[extra], rng)
    at_bank = rng.random(len(extra)) < 0.6
    host_gps = gps.set_index("lgd_code").loc[gp_of_village[village]].reset_index()
    bank = _service_frame("aadhaar", "bank", "demo.state_aadhaar_bank", host_gps)
    post = _service_frame("aadhaar", "post_office", "demo.state_aadhaar_post_office", host_gps)
    aadhaar_more = pd.concat([bank.loc[at_bank], post.loc[~at_bank]]).sort_index()
    aadhaar = pd.concat(
        [
            aadhaar_hq,
            aadhaar_more.assign(
                panchayat_lgd=gp_of_village[village],
                functional=rng.random(len(extra)) < 0.9,
                opened="2019-07-01",
                geometry=points,
            ),
        ],
        ignore_index=True,
    )
    frames.append(aadhaar.assign(id=[f"AADHAAR-{i:05d}" for i in range(1, len(aadhaar) + 1)]))
    # PMGDISHA: 0-2 centres per panchayat, with their registered, trained and passed candidates.
    host = np.repeat(np.arange(len(gps)), rng.choice(3, size=len(gps), p=(0.15, 0.55, 0.3)))
    village, points = _points_in(quads, gp_starts[host], gp_counts[host], rng)
    registered = 150 + rng.poisson(230, size=len(host))
    trained = registered - rng.binomial(registered, 0.01)
    frames.append(
        _service_frame(
            "pmgdisha",
            "pmgdisha_centre",
            "demo.state_pmgdisha",
            gps.iloc[host],
            panchayat_lgd=gp_of_village[village],
            functional=True,
            opened="2019-10-01",
            registered=registered,
            trained=trained,
            passed=rng.binomial(trained, 0.54),
            geometry=points,
        )
    )
    return pd.concat(frames, ignore_index=True)


def _has_functional_csc(gps: pd.DataFrame, services: pd.DataFrame) -> np.ndarray:
    """Whether each panchayat has a functional CSC."""
    functional = services.loc[(services["kind"] == "csc") & services["functional"].astype(bool), "panchayat_lgd"]
    return gps["lgd_code"].isin(set(functional)).to_numpy()


def _status_events(codes: pd.Series, has_csc: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Two reviews of every panchayat, drawn for all panchayats at once (as geo.storage.demo does one by one).

    Each rollout (bharatnet, jharnet, library) gets a stage at the first review and, with
    chance :data:`_ADVANCE`, the next stage at the second; ``csc_functional`` says whether the
    panchayat has a functional CSC (15 % of those said "no" first and "yes" a month later);
    80 % of the connected panchayats were inspected between the reviews.
    """
    first, second = REVIEW_DATES
    codes = codes.to_numpy(dtype=object)
    n = len(codes)
    parts: list[pd.DataFrame] = []

    def record(mask: np.ndarray, indicator: str, value: object, as_of: object, remark: object = "") -> None:
        parts.append(
            pd.DataFrame(
                {
                    "panchayat_lgd": codes[mask],
                    "indicator": indicator,
                    "value": np.broadcast_to(np.asarray(value, dtype=object), (n,))[mask],
                    "as_of": np.broadcast_to(np.asarray(as_of, dtype=object), (n,))[mask],
                    "remark": np.broadcast_to(np.asarray(remark, dtype=object), (n,))[mask],
                }
            )
        )

    everyone = np.ones(n, dtype=bool)
    latest = {}
    for indicator, p in _STAGES.items():
        values = np.array(INDICATOR_VALUES[indicator], dtype=object)
        level = rng.choice(len(values), size=n, p=p)
        advance = (level < len(values) - 1) & (rng.random(n) < _ADVANCE)
        record(everyone, indicator, values[level], first)
        record(advance, indicator, values[np.minimum(level + 1, len(values) - 1)], second)
        latest[indicator] = level + advance
    late = has_csc & (rng.random(n) < 0.15)
    record(everyone, "csc_functional", np.where(has_csc & ~late, "yes", "no"), first)
    record(late, "csc_functional", "yes", second)
    connected = (latest["bharatnet"] >= 2) | (latest["jharnet"] >= 1)
    inspected = connected & (rng.random(n) < 0.8)
    online = rng.random(n) < 0.55
    day = np.array([f"2020-11-{d}" for d in rng.integers(16, 30, n)], dtype=object)
    remark = np.where(online, "Connection working", np.array(_INSPECTION_REMARKS, dtype=object)[rng.integers(0, 4, n)])
    record(inspected, "inspection", np.where(online, "online", "offline"), day, remark)
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.sort_values(["as_of", "panchayat_lgd", "indicator"], kind="stable").reset_index(drop=True)
    frame["source"] = "DEMO review sheet " + frame["as_of"]
    frame["recorded_by"] = "demo-generator"
    frame["recorded_at"] = frame["as_of"] + "T18:00:00Z"
    frame.insert(0, "event_id", np.arange(1, len(frame) + 1))
    return frame[
        ["event_id", "panchayat_lgd", "indicator", "value", "as_of", "source", "remark", "recorded_by", "recorded_at"]
    ]


def _library_sites(gps: pd.DataFrame, events: pd.DataFrame, bhawans: np.ndarray) -> pd.DataFrame:
    """A community-library site at the bhawan of every panchayat that has space or a library (metres)."""
    library = events[events["indicator"] == "library"].drop_duplicates("panchayat_lgd", keep="last")
    library = library.set_index("panchayat_lgd").reindex(gps["lgd_code"])
    has = (library["value"] != "not_started").to_numpy()
    opened = (library["value"] == "opened").to_numpy()[has]
    as_of = library["as_of"].to_numpy()[has]
    sites = gps.loc[has].reset_index(drop=True)
    return _service_frame(
        "library",
        np.where(opened, "opened", "space_identified"),
        "demo.state_library",
        sites,
        panchayat_lgd=sites["lgd_code"].to_numpy(),
        functional=opened,
        status_as_of=as_of,
        opened=np.where(opened, as_of, None),
        books=np.where(opened, 150 + (np.arange(len(sites)) * 37) % 400, 0),
        geometry=bhawans[has],
    )


def _certificates(block_codes: pd.Series, block_area_m2: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """JharSewa reports of both reviews per block and certificate type: applications since 1 April.

    A block of 300 km² receives :data:`_CERTIFICATES` applications by the first review; by
    the second 12 % more arrive and 30-80 % of those pending are disposed of.
    """
    blocks = np.repeat(block_codes.to_numpy(dtype=object), len(_CERTIFICATES))
    certificate = np.tile(np.array(list(_CERTIFICATES), dtype=object), len(block_codes))
    typical = np.tile(np.array(list(_CERTIFICATES.values()), dtype=float), len(block_codes))
    typical = typical * np.repeat(block_area_m2 / 1e6 / 300, len(_CERTIFICATES))
    received = rng.poisson(typical)
    disposed = np.floor(received * rng.uniform(0.55, 0.97, len(typical))).astype(np.int64)
    received_2 = received + rng.poisson(typical * 0.12)
    disposed_2 = disposed + np.floor((received_2 - disposed) * rng.uniform(0.3, 0.8, len(typical))).astype(np.int64)
    frames = [
        pd.DataFrame(
            {
                "block_lgd": blocks,
                "certificate": certificate,
                "as_of": as_of,
                "received": got,
                "disposed": done,
                "pending": got - done,
                "source": f"DEMO JharSewa report {as_of}",
                "recorded_by": "demo-generator",
                "recorded_at": f"{as_of}T18:00:00Z",
            }
        )
        for as_of, got, done in zip(REVIEW_DATES, (received, received_2), (disposed, disposed_2), strict=True)
    ]
    frame = pd.concat(frames, ignore_index=True).sort_values(["block_lgd", "certificate", "as_of"], kind="stable")
    frame.insert(0, "report_id", np.arange(1, len(frame) + 1))
    return frame.reset_index(drop=True)
