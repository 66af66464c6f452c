"""Boundaries an import makes: panchayats dissolved from villages, missing blocks and district outline derived.

Each function returns the new store content, the layers it replaces, and the
problems and facts it found.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.importing.matching import name_key
from geo.importing.source import Source
from geo.importing.values import column, normalise_code
from geo.storage.schema import STORE_CRS
from geo.storage.store import StoreData, conform
from geo.storage.validate import Problem

__all__ = ["Outlines", "dissolve", "derive_outlines", "with_boundaries", "block_codes"]

Outcome = tuple[StoreData | None, tuple[str, ...], list[Problem], list[str]]


@dataclasses.dataclass(frozen=True)
class Outlines:
    """A file's polygons as an import read them, feature by feature (one index).

    Attributes
    ----------
    codes, names, name_hi : pandas.Series
        Each polygon's code, name and Hindi name.
    geoms : geopandas.GeoSeries
        The polygons, in the store's CRS (EPSG:4326).
    """

    codes: pd.Series
    names: pd.Series
    name_hi: pd.Series
    geoms: gpd.GeoSeries


def dissolve(
    store: StoreData,
    frame: pd.DataFrame,
    mapping: Mapping[str, str],
    polygons: gpd.GeoSeries,
    source: Source,
    *,
    villages: int | None = None,
) -> Outcome:
    """Panchayat polygons as the union of their villages' polygons (by panchayat code); blocks and district derived.

    ``frame`` and ``polygons`` are the land of each panchayat: a village's row, or a
    panchayat's part of a village several share (:mod:`geo.importing.shared`);
    ``villages`` is how many villages that land is (default: a row each).
    """
    problems: list[Problem] = []
    gp_codes = column(frame, mapping["panchayat_code"]).map(normalise_code)
    if len(gp_codes) and (gp_codes == "").all():
        return None, (), [_no_panchayat_codes(store, gp_codes, mapping, source)], []
    problems += [
        source.error(
            row,
            "no panchayat code; every village needs one to be dissolved into panchayats",
            cause="no panchayat code to dissolve by",
        )
        for row, code in gp_codes.items()
        if not code
    ]
    rows = pd.DataFrame(
        {
            "code": gp_codes,
            "name": column(frame, mapping.get("panchayat_name")),
            "block": column(frame, mapping.get("block")),
            "block_code": column(frame, mapping.get("block_code")).map(normalise_code),
        }
    )
    for code, group in rows.groupby("code", sort=True):
        spelled = sorted(set(group["name"]) - {""})
        if len(spelled) > 1:
            problems.append(
                source.file_warning(
                    f"named {', '.join(map(repr, spelled))}; using {group['name'].iloc[0]!r} (first row)",
                    where=f"panchayat {code}",
                    cause="a panchayat is spelled several ways; the first row's is used",
                )
            )
    # One block per block name; its code: the block_code of its first row.
    block_key = rows["block"].where(rows["block"] != "", rows["block_code"])
    block_of_name: dict[str, str] = {}
    for block, group in rows.groupby(block_key, sort=False):
        codes = group["block_code"][group["block_code"] != ""]
        counts = codes.value_counts()
        chosen = codes.iloc[0] if len(codes) else str(block)
        block_of_name[str(block)] = chosen
        if len(counts) > 1:
            spread = ", ".join(f"{c} in {n} rows" for c, n in counts.sort_index().items())
            problems.append(
                source.file_warning(
                    f"appears with {len(counts)} block codes ({spread}); using {chosen}, "
                    "the code of its first row — check which is right",
                    where=f"block {block}",
                )
            )
    if any(p.severity == "error" for p in problems):
        return None, (), problems, []
    village = gpd.GeoDataFrame(
        {"code": gp_codes, "block": block_key.map(block_of_name)}, geometry=polygons, crs=STORE_CRS
    )
    dissolved = village.dissolve("code", aggfunc="first", sort=True)
    firsts = rows.groupby("code", sort=True).first()
    panchayats = gpd.GeoDataFrame(
        {
            "lgd_code": dissolved.index.astype(str),
            "name": firsts.loc[dissolved.index, "name"].to_numpy(),
            "name_hi": "",
            "block_lgd": dissolved["block"].replace("", None).to_numpy(),
        },
        geometry=dissolved.geometry.make_valid().to_numpy(),
        crs=STORE_CRS,
    )
    spans = village.groupby("code")["block"].nunique()
    problems += [
        source.file_warning(
            "has villages in more than one block; took the block of its first village",
            where=f"panchayat {code}",
            cause="a panchayat's villages lie in several blocks",
        )
        for code in spans[spans > 1].index
    ]
    counted = len(frame) if villages is None else villages
    facts = [
        f"dissolved {counted:,} village polygons into {len(panchayats)} panchayats (by {mapping['panchayat_code']!r})"
    ]
    data = dataclasses.replace(store, panchayats=conform("panchayats", panchayats))
    data, derived, more = derive_outlines(
        data, block_names=dict(zip(block_of_name.values(), block_of_name, strict=True))
    )
    return data, ("panchayats", *derived), problems, facts + more


def _no_panchayat_codes(store: StoreData, gp_codes: pd.Series, mapping: Mapping[str, str], source: Source) -> Problem:
    """The one error of a file none of whose rows gives a panchayat code: nothing to dissolve, and what to do."""
    rows = gp_codes.index
    span = f"row {rows[0]}" if len(rows) == 1 else f"rows {rows.min()}–{rows.max()}"
    whose = f", villages of {store.identity.label()}" if store.identity.named else ""
    every = "its one row" if len(rows) == 1 else f"all {len(rows):,} rows"
    return source.file_error(
        f"no row gives a panchayat code: column {mapping['panchayat_code']!r} is empty in {every} "
        f"({span}{whose}), so there is nothing to dissolve into panchayats — fill in each village's panchayat code, "
        "or import the file without --dissolve-to-panchayats into a store that has the district's panchayat "
        "boundaries (each village then goes to the panchayat its point lies in)",
        cause="no panchayat code in any row: nothing to dissolve into panchayats",
    )


def derive_outlines(data: StoreData, *, block_names: Mapping[str, str]) -> tuple[StoreData, tuple[str, ...], list[str]]:
    """Derive missing blocks (by ``block_lgd``) and the district outline from the panchayats; say so."""
    layers: tuple[str, ...] = ()
    facts = []
    gps = data.panchayats
    if data.blocks.empty and gps["block_lgd"].notna().any():
        grouped = gps[gps["block_lgd"].notna()].dissolve("block_lgd", sort=True)
        blocks = gpd.GeoDataFrame(
            {
                "lgd_code": grouped.index.astype(str),
                "name": [block_names.get(c, c).title() for c in grouped.index],
                "name_hi": "",
                "hq_lon": np.nan,
                "hq_lat": np.nan,
            },
            geometry=grouped.geometry.make_valid().to_numpy(),
            crs=STORE_CRS,
        )
        data = dataclasses.replace(data, blocks=conform("blocks", blocks))
        layers += ("blocks",)
        listed = ", ".join(f"{n} ({c})" for c, n in zip(blocks["lgd_code"], blocks["name"], strict=True))
        facts.append(f"the store had no blocks: derived {len(blocks)} block outline(s) from the panchayats: {listed}")
    if data.district.empty and not gps.empty:
        data = dataclasses.replace(data, district=_derived_district(data, gps.geometry))
        layers += ("district",)
        facts.append(
            f"the store had no district outline: derived it as the union of the {len(gps)} panchayats "
            f"(land they enclose included) and named it {data.identity.label()}"
        )
    return data, layers, facts


def with_boundaries(
    store: StoreData, level: str, outlines: Outlines, frame: pd.DataFrame, mapping: Mapping[str, str], source: Source
) -> Outcome:
    """The store with the file's polygons (``outlines``) as its ``level`` layer (and missing outlines derived)."""
    codes, names, name_hi, geoms = outlines.codes, outlines.names, outlines.name_hi, outlines.geoms
    if level == "district":
        if len(codes) != 1:
            return (
                None,
                (),
                [
                    source.file_error(
                        f"has {len(codes)} features; a district import needs exactly one "
                        "outline (dissolve it in QGIS first)"
                    )
                ],
                [],
            )
        district = gpd.GeoDataFrame(
            {"lgd_code": codes, "name": names, "name_hi": name_hi}, geometry=geoms, crs=STORE_CRS
        )
        return dataclasses.replace(store, district=conform("district", district)), ("district",), [], []
    if level == "block":
        old = store.blocks.set_index("lgd_code")
        blocks = gpd.GeoDataFrame(
            {
                "lgd_code": codes,
                "name": names,
                "name_hi": name_hi,
                "hq_lon": codes.map(old["hq_lon"]) if not old.empty else np.nan,
                "hq_lat": codes.map(old["hq_lat"]) if not old.empty else np.nan,
            },
            geometry=geoms,
            crs=STORE_CRS,
        )
        data = dataclasses.replace(store, blocks=conform("blocks", blocks))
        data, derived, facts = derive_outlines(data, block_names={})
        if store.district.empty and "district" not in derived:
            data = dataclasses.replace(data, district=_derived_district(data, blocks.geometry))
            facts.append("the store had no district outline: derived it as the union of the blocks")
            derived = (*derived, "district")
        return data, ("blocks", *derived), [], facts
    block_lgd, block_names, problems = block_codes(store, frame, mapping, codes, source)
    if block_lgd is None or any(p.severity == "error" for p in problems):
        return None, (), problems, []
    old = store.panchayats.set_index("lgd_code")
    panchayats = gpd.GeoDataFrame(
        {
            "lgd_code": codes,
            "name": names,
            "name_hi": name_hi,
            "block_lgd": block_lgd,
            "bhawan_lon": codes.map(old["bhawan_lon"]) if not old.empty else np.nan,
            "bhawan_lat": codes.map(old["bhawan_lat"]) if not old.empty else np.nan,
        },
        geometry=geoms,
        crs=STORE_CRS,
    )
    data = dataclasses.replace(store, panchayats=conform("panchayats", panchayats))
    data, derived, facts = derive_outlines(data, block_names=block_names)
    return data, ("panchayats", *derived), problems, facts


def block_codes(
    store: StoreData, frame: pd.DataFrame, mapping: Mapping[str, str], codes: pd.Series, source: Source
) -> tuple[pd.Series | None, dict[str, str], list[Problem]]:
    """The block of each panchayat: its block LGD code, else its block name as the store spells it."""
    if "block_code" in mapping:
        values = column(frame, mapping["block_code"]).map(normalise_code)
        names = dict(zip(values, column(frame, mapping.get("block")), strict=True)) if "block" in mapping else {}
        return values.replace("", None), {k: v for k, v in names.items() if v}, []
    if "block" not in mapping:
        if not store.panchayats.empty:
            return codes.map(store.panchayats.set_index("lgd_code")["block_lgd"]), {}, []
        return (
            pd.Series([None] * len(codes), index=codes.index, dtype=object),
            {},
            [source.file_warning("no block column; the panchayats are stored without a block (--block-col)")],
        )
    values = column(frame, mapping["block"])
    if store.blocks.empty:
        normal = values.map(lambda v: normalise_code(v) or None)
        return (
            normal,
            {v: v for v in normal.dropna()},
            [
                source.file_warning(
                    "the file names blocks but gives no block LGD codes; blocks are stored with their names as codes "
                    "until "
                    "you import blocks with codes (--level block)"
                )
            ],
        )
    known_codes = set(store.blocks["lgd_code"].astype(str))
    by_key = {}
    for code, block_name, block_hi in zip(
        store.blocks["lgd_code"], store.blocks["name"], store.blocks["name_hi"], strict=True
    ):
        by_key[name_key(block_name)] = str(code)
        if isinstance(block_hi, str) and block_hi:
            by_key.setdefault(name_key(block_hi), str(code))
    listed = ", ".join(f"{n} ({c})" for c, n in zip(store.blocks["lgd_code"], store.blocks["name"], strict=True))
    out, problems = [], []
    for row, value in values.items():
        code = normalise_code(value)
        if code in known_codes:
            out.append(code)
        elif name_key(value) in by_key:
            out.append(by_key[name_key(value)])
        else:
            problems.append(
                source.error(
                    row,
                    f"block {value!r} is not a block of the store ({listed}); write it as "
                    "in the store or use the block's LGD code",
                    cause=f"block is not a block of the store ({listed})",
                )
            )
            out.append(None)
    return pd.Series(out, index=values.index, dtype=object), {}, problems


def _derived_district(data: StoreData, parts: gpd.GeoSeries) -> gpd.GeoDataFrame:
    """A district outline as the union of ``parts`` with its holes filled, named and coded from the store's identity.

    Land the parts enclose but none covers (a town, a forest outside every panchayat)
    is the district's: validation lists it as gaps between panchayats.
    """
    identity = data.identity
    code = identity.code if identity.code_kind == "LGD" else None
    union = parts.make_valid().union_all()
    filled = shapely.union_all(
        [shapely.Polygon(p.exterior) for p in getattr(union, "geoms", [union]) if p.geom_type == "Polygon"]
    )
    outline = gpd.GeoDataFrame(
        {"lgd_code": [code], "name": [identity.name or None], "name_hi": [identity.name_hi or None]},
        geometry=[filled],
        crs=STORE_CRS,
    )
    return conform("district", outline)
