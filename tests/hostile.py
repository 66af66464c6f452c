"""The hostile-name corpus: names that would be code, markup, math or a formula wherever text were not data.

:func:`hostile_store` writes them into a copy of the DEMO store — as names of
panchayats, villages, service points and blocks, as the district's name, as a
remark and as who recorded an event — for the tests that run every face over it
(``tests/test_hostile.py``). A payload that runs sets ``window.__pwned`` (and
opens a dialog), so a browser test can tell.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from geo.storage.store import DEMO_STORE, StoreData, read_store, write_store

#: The corpus, by what each would be if it were not text.
NAMES: dict[str, str] = {
    "jinja": "{{7*7}}",
    "jinja_tag": "{% if x %}",
    "script": "</script><script>window.__pwned=1;alert(1)</script>",
    "js_template": "${7*7}",
    "js_replace": "$& $' $$",
    "math": "$x^2$",
    "js_url": "javascript:alert(1)",
    "formula": "=1+1",
    "rtl": "\u202eNala GP 99",
    "long": "W" * 10_000,
    "emoji": "📡 Panchayat 🎉",
    "img": '<img src=x onerror="window.__pwned=1;alert(1)">',
    "directive": ":red[Nala] :material/home: :smile:",
}
#: Names a store cannot hold (GDAL ends a text at a NUL): they are tested through an import.
CONTROL_NAME = "Na\x00la\x1b GP"
#: Names that read as a spreadsheet formula: the CSV/XLSX writers' own rule (geo.exports.tables), tested there.
FORMULA_LIKE = ("formula",)
#: The district's name in the hostile store.
DISTRICT = "{% if x %}{{7*7}} $x^2$ <i>D</i>"
#: Block names (six blocks in the DEMO store); the first is the block of every hostile panchayat.
BLOCK_NAMES = ("js_replace", "jinja_tag", "script", "math", "rtl", "long")
#: The service kinds whose functional centres carry the corpus in turn (the public page's).
_KINDS = ("csc", "aadhaar", "pmgdisha")
#: The remark and the recorder of the hostile store's first status events.
REMARK = NAMES["img"] + " " + NAMES["math"]
RECORDED_BY = NAMES["jinja"] + " " + NAMES["script"]


def village_name(key: str) -> str:
    """The hostile village name of corpus entry ``key`` (not the panchayat's: a search finds each once)."""
    return f"{NAMES[key]} village"


def hostile_data() -> StoreData:
    """The DEMO store (with its private columns) carrying the corpus; the first rows of each layer renamed.

    Panchayat ``i`` (in store order) and functional centre ``i`` (CSC, Aadhaar,
    PMGDISHA in turn) are named ``list(NAMES.values())[i]`` in English and Hindi, village ``i`` :func:`village_name`;
    the blocks :data:`BLOCK_NAMES`; the district :data:`DISTRICT`.
    """
    data = read_store(DEMO_STORE, private=True)
    names = list(NAMES.values())
    count = len(names)
    panchayats = data.panchayats.copy()
    panchayats.loc[panchayats.index[:count], ["name", "name_hi"]] = [[n, n] for n in names]
    villages = data.villages.copy()
    villages.loc[villages.index[:count], ["name", "name_hi"]] = [[village_name(k)] * 2 for k in NAMES]
    services = data.service_points.copy()
    working = services["functional"].fillna(False).astype(bool)
    per_kind = [services.index[working & (services["kind"] == kind)][: -(-count // 3)] for kind in _KINDS]
    functional = [index for trio in zip(*per_kind, strict=True) for index in trio][:count]  # CSC, Aadhaar, PMGDISHA …
    services.loc[functional, ["name", "name_hi"]] = [[n, n] for n in names]
    blocks = data.blocks.copy()
    blocks.loc[blocks.index[: len(BLOCK_NAMES)], ["name", "name_hi"]] = [[NAMES[k]] * 2 for k in BLOCK_NAMES]
    events = data.status_events.copy()
    events.loc[events.index[:count], ["remark", "recorded_by"]] = [REMARK, RECORDED_BY]
    meta = {**data.meta, "district_name": DISTRICT, "district_name_hi": DISTRICT}
    return StoreData(
        **{
            **vars(data),
            "meta": meta,
            "panchayats": panchayats,
            "villages": villages,
            "service_points": services,
            "blocks": blocks,
            "status_events": events,
        }
    )


def hostile_store(path: Path) -> Path:
    """Write :func:`hostile_data` to ``path`` (a GeoPackage); returns the path."""
    return write_store(path, hostile_data())


def panchayat_codes(data: StoreData) -> dict[str, str]:
    """Corpus key -> the LGD code of the panchayat carrying that name."""
    return dict(zip(NAMES, data.panchayats["lgd_code"].iloc[: len(NAMES)], strict=True))


def as_frame() -> pd.DataFrame:
    """The corpus as a table (key, name), e.g. for an import file."""
    return pd.DataFrame({"key": list(NAMES), "name": list(NAMES.values())})


def map_source(page: str, variable: str) -> dict:
    """A source of the page as GeoJSON, decoded as its docstring says (``layers.folium_map._collection``)."""
    match = re.search(rf"var {variable} = gpSource\((\{{.*?\}}), \d+\);\n", page, flags=re.S)
    assert match, f"{variable} not in the page"
    data = json.loads(match.group(1))
    lookup = data.get("gp_lookup", {})
    props = dict(data["props"])
    for name in data.get("front", []):  # [shared, rest, ...]
        texts, text = [], ""
        for shared, rest in zip(props[name][::2], props[name][1::2], strict=True):
            text = text[:shared] + rest
            texts.append(text)
        props[name] = texts
    for name, other in data.get("same", {}).items():
        props[name] = props[other]
    props = {k: [lookup[k][v] for v in values] if k in lookup else values for k, values in props.items()}
    if "dxy" in data:
        xy = np.cumsum(np.array(data["dxy"], dtype=np.int64).reshape(-1, 2), axis=0) / 1e5
        geometries = [{"type": "Point", "coordinates": list(xy[i])} for i in range(data["n"])]
    else:
        geometries = data["geometries"]
    features = [{"geometry": g, "properties": {k: v[i] for k, v in props.items()}} for i, g in enumerate(geometries)]
    return {"features": features, "raw": data}
