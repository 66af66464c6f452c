"""The districts of a store: a state above them, blocks below them.

A store holds one district or several (schema version 6, layer ``districts``, keyed by
the district's code; ``blocks.district_lgd`` says whose each block is). A store of an
earlier version reads as one district: its ``district`` outline and the identity in
``meta`` (:mod:`geo.storage.identity`) become that district's row, and every block
is its block (:func:`filled_districts`); it gains the layer on its next write.

Every figure of one district is the same function on the store restricted to it
(:func:`restricted`): one truth for a district, a state, a block.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.storage.identity import IDENTITY_KEYS, DistrictIdentity

if TYPE_CHECKING:
    from geo.storage.store import StoreData

__all__ = ["filled_districts", "district_identity", "district_keys", "restricted", "with_district", "district_key"]

#: ``meta`` keys that describe the state, kept when a store holds several districts.
STATE_KEYS = ("state_name", "state_name_hi")


def district_key(identity: DistrictIdentity, outline_code: str = "") -> str:
    """The key of a district in the ``districts`` layer: its code, else the outline's, else its name's slug.

    Examples
    --------
    >>> district_key(DistrictIdentity(name="Bokaro", code="355")), district_key(DistrictIdentity(name="Bokaro"))
    ('355', 'bokaro')
    """
    return identity.code or outline_code or identity.slug


def filled_districts(data: StoreData) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The ``districts`` and ``blocks`` of ``data``, a store of one district kept as it always was.

    A store of at most one district, with outlines or blocks, is that district: its row
    is built from ``meta``'s identity (else the ``district`` row's name and code) and the
    ``district`` outline, so it follows them as an import changes them (and a store of
    an earlier schema version, with no ``districts`` layer, reads so); every block is then
    that district's. A store of several districts keeps its rows as they are.

    Returns
    -------
    tuple of geopandas.GeoDataFrame
        ``districts`` and ``blocks`` (the given frames themselves when nothing changes).
    """
    from geo.storage.store import conform

    districts, blocks = data.districts, data.blocks
    if not all(isinstance(f, gpd.GeoDataFrame) for f in (data.district, blocks, districts)):
        return districts, blocks  # not layers of the contract: writing them says so (store.conform)
    if len(districts) <= 1 and not (data.district.empty and blocks.empty and data.panchayats.empty):
        row = _only_row(data)
        if len(districts) == 0 or not _same_row(districts, row):  # built only when it changed: replace() is frequent
            districts = conform("districts", gpd.GeoDataFrame(row, geometry="geometry", crs="EPSG:4326"))
    if "district_lgd" not in blocks.columns:
        blocks = blocks.assign(district_lgd=pd.Series(pd.NA, index=blocks.index, dtype="string"))
    if len(districts) == 1:
        code = districts["lgd_code"].iloc[0]
        if (blocks["district_lgd"].astype(object) != code).any():
            blocks = blocks.assign(district_lgd=pd.Series(code, index=blocks.index, dtype="string"))
    return districts, blocks


def _only_row(data: StoreData) -> dict[str, list]:
    """The one district of a store of one district (every store written before schema version 6), as columns."""
    first = data.district.iloc[0] if len(data.district) else {}

    def attribute(column: str) -> str:
        value = first.get(column) if len(data.district) else None
        return "" if value is None or pd.isna(value) else str(value)

    identity = DistrictIdentity.from_meta(
        data.meta, fallback_name=attribute("name"), fallback_name_hi=attribute("name_hi")
    )
    parts = data.district.geometry.to_numpy()
    outline = parts[0] if len(parts) == 1 else (shapely.union_all(parts) if len(parts) else None)
    return {
        "lgd_code": [district_key(identity, attribute("lgd_code"))],
        "code_kind": [identity.code_kind or None],
        "name": [identity.name or None],
        "name_hi": [identity.name_hi or None],
        "state_name": [identity.state or None],
        "geometry": [outline],
    }


def _same_row(districts: gpd.GeoDataFrame, row: dict[str, list]) -> bool:
    """Whether the one row of ``districts`` already is ``row`` (text as text, the outline coordinate for coordinate)."""
    have = districts.iloc[0]
    for column, (value,) in row.items():
        old = have[column]
        if column == "geometry":
            if not (old is value or (old is not None and value is not None and shapely.equals_exact(old, value, 0))):
                return False
        elif (None if pd.isna(old) else str(old)) != value:
            return False
    return True


def district_identity(row: pd.Series, meta: dict[str, str]) -> DistrictIdentity:
    """The identity of one row of ``districts`` (the state's Hindi name from ``meta``)."""

    def text(column: str) -> str:
        value = row.get(column)
        return "" if value is None or pd.isna(value) else str(value)

    code = text("lgd_code")
    return DistrictIdentity(
        name=text("name"),
        name_hi=text("name_hi"),
        state=text("state_name") or meta.get("state_name", ""),
        state_hi=meta.get("state_name_hi", ""),
        code=code if code.isdigit() else "",
        code_kind=text("code_kind") if code.isdigit() else "",
    )


def district_keys(data: StoreData) -> dict[str, pd.Series]:
    """The district each row of the blocks, panchayats, villages and service points belongs to.

    The one rule of whose a row is (:func:`restricted` keeps a district's rows by it, and the
    analysis of a store of several districts measures each district on its own rows by it): a
    block is its ``district_lgd``'s, a panchayat its block's, and a village or service point its
    panchayat's, or, with no panchayat, the district whose outline covers it (the first in the
    layer's order where outlines overlap).

    Returns
    -------
    dict of str to pandas.Series
        Layer name (``blocks``, ``panchayats``, ``villages``, ``service_points``) -> the
        district code of each row (``string``, aligned with the layer; missing: of no district).
    """
    block_district = _lookup(data.blocks["lgd_code"], data.blocks["district_lgd"])
    panchayats = data.panchayats["block_lgd"].astype(object).map(block_district).astype("string")
    gp_district = _lookup(data.panchayats["lgd_code"], panchayats)
    return {
        "blocks": data.blocks["district_lgd"].astype("string"),
        "panchayats": panchayats,
        "villages": _placed(data.villages, gp_district, data.districts),
        "service_points": _placed(data.service_points, gp_district, data.districts),
    }


def _lookup(keys: pd.Series, values: pd.Series) -> pd.Series:
    """``values`` indexed by ``keys`` (as objects; the first row of a repeated key)."""
    table = pd.Series(values.to_numpy(), index=pd.Index(keys.astype(object).to_numpy()))
    return table[~table.index.duplicated()]


def _placed(frame: gpd.GeoDataFrame, gp_district: pd.Series, districts: gpd.GeoDataFrame) -> pd.Series:
    """The district of each row of ``frame``: its panchayat's, or with none the district whose outline covers it."""
    unplaced = frame["panchayat_lgd"].isna().to_numpy()
    keys = frame["panchayat_lgd"].astype(object).map(gp_district).astype("string")
    outlines = districts.geometry.to_numpy()
    usable = np.flatnonzero(~(pd.isna(outlines) | shapely.is_empty(outlines)))
    if unplaced.any() and len(usable):
        rows = np.flatnonzero(unplaced)
        hits, found = shapely.STRtree(outlines[usable]).query(frame.geometry.to_numpy()[rows], predicate="covered_by")
        order = np.lexsort((found, hits))  # by row, then by the districts' order
        first = np.unique(hits[order], return_index=True)
        codes = districts["lgd_code"].astype("string").to_numpy()[usable]
        keys.iloc[rows[first[0]]] = codes[found[order][first[1]]]
    return keys


def _masks(data: StoreData, code: str) -> dict[str, pd.Series]:
    """Per layer, which rows belong to district ``code`` (:func:`district_keys`)."""
    keys = {name: (key == code).fillna(False).to_numpy(dtype=bool) for name, key in district_keys(data).items()}
    blocks, panchayats = keys["blocks"], keys["panchayats"]
    block_codes = set(data.blocks.loc[blocks, "lgd_code"])
    gp_codes = set(data.panchayats.loc[panchayats, "lgd_code"])

    def of_panchayat(frame: pd.DataFrame) -> pd.Series:
        return frame["panchayat_lgd"].astype(object).isin(gp_codes)

    villages, points = keys["villages"], keys["service_points"]
    return {
        "blocks": blocks,
        "panchayats": panchayats,
        "villages": villages,
        "village_boundaries": data.village_boundaries["census_code"]
        .astype(object)
        .isin(set(data.villages.loc[villages, "census_code"])),
        "service_points": points,
        "service_private": data.service_private["id"].astype(object).isin(set(data.service_points.loc[points, "id"])),
        "status_events": of_panchayat(data.status_events),
        "inspections": of_panchayat(data.inspections),
        "certificates": data.certificates["block_lgd"].astype(object).isin(block_codes),
    }


def restricted(data: StoreData, code: str) -> StoreData:
    """``data`` restricted to district ``code``: its blocks, panchayats, villages, points and histories.

    Service points and villages in no panchayat are the district's when they lie inside
    its outline; roads and water are those that reach it; directions are those whose target
    lies in it (:func:`geo.review.directions.district_directions`). ``meta`` names the district.
    """
    import dataclasses

    from geo.review.directions import district_directions

    masks = _masks(data, code)
    row = data.districts.loc[data.districts["lgd_code"].astype(object) == code]
    frames = {name: getattr(data, name).loc[mask].reset_index(drop=True) for name, mask in masks.items()}
    area = row.geometry.iloc[0]
    for name in ("roads", "water"):
        frame = getattr(data, name)
        if area is not None and len(frame):
            frame = frame.loc[shapely.intersects(area, frame.geometry.to_numpy())].reset_index(drop=True)
        frames[name] = frame
    frames["directions"], frames["direction_remarks"] = district_directions(data, code)
    identity = district_identity(row.iloc[0], data.meta)
    district = gpd.GeoDataFrame(
        {"lgd_code": [identity.code or None], "name": [identity.name or None], "name_hi": [identity.name_hi or None]},
        geometry=row.geometry.to_numpy(),
        crs=row.crs,
    )
    meta = {k: v for k, v in data.meta.items() if k not in IDENTITY_KEYS or k in STATE_KEYS} | identity.to_meta()
    return dataclasses.replace(data, meta=meta, district=district, districts=row.reset_index(drop=True), **frames)


def with_district(data: StoreData, part: StoreData) -> StoreData:
    """``data`` with the one district of ``part`` added, or put in place of the district of the same code.

    The other districts' rows are kept as they are. Roads and water stay ``data``'s (a
    network is imported whole). The ``district`` outline becomes the union of every
    district's; with several districts ``meta`` keeps only the state of the identity.

    Raises
    ------
    ValueError
        If ``part`` does not hold exactly one district.
    """
    import dataclasses

    from geo.storage.store import conform

    if len(part.districts) != 1:
        msg = f"'part' should hold exactly one district, got {len(part.districts)}"
        raise ValueError(msg)
    code = str(part.districts["lgd_code"].iloc[0])
    masks = _masks(data, code)
    frames = {name: _joined(name, getattr(data, name).loc[~mask], getattr(part, name)) for name, mask in masks.items()}
    frames["districts"] = _joined(
        "districts", data.districts.loc[data.districts["lgd_code"].astype(object) != code], part.districts
    )
    districts = frames["districts"]
    meta = dict(data.meta)
    if len(districts) > 1:
        meta = {k: v for k, v in meta.items() if k not in IDENTITY_KEYS or k in STATE_KEYS}
        states = set(districts["state_name"].dropna())
        if "state_name" not in meta and len(states) == 1:
            meta["state_name"] = states.pop()
        outline = gpd.GeoDataFrame(
            {"lgd_code": [None], "name": [None], "name_hi": [None]},
            geometry=[shapely.union_all(districts.geometry.dropna().to_numpy())],
            crs=districts.crs,
        )
    else:
        meta |= part.meta
        outline = part.district
    return dataclasses.replace(data, meta=meta, district=conform("district", outline), **frames)


def _joined(name: str, kept: pd.DataFrame, added: pd.DataFrame) -> pd.DataFrame:
    """The rows kept and the rows added, as one frame of layer ``name``."""
    from geo.storage.store import conform

    frame = pd.concat([kept, added], ignore_index=True)
    if isinstance(kept, gpd.GeoDataFrame):
        frame = gpd.GeoDataFrame(frame, geometry="geometry", crs=kept.crs)
    return conform(name, frame)
