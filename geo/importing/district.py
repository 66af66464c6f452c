"""Which district an imported file is about: its own columns, the user's options, the store's name."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pandas as pd

from geo.importing.columns import DISTRICT_ROLES, looks_census, normalise_header
from geo.importing.matching import name_key
from geo.importing.source import Source
from geo.importing.values import column, display_name, normalise_code
from geo.storage.districts import district_identity
from geo.storage.identity import IDENTITY_KEYS, DistrictIdentity
from geo.storage.store import StoreData
from geo.storage.validate import Problem

__all__ = ["NEW_STORE_NAME", "file_identity", "code_kind_of", "with_identity", "district_rows", "store_district"]

#: The dataset name of a new store until it knows its district.
NEW_STORE_NAME = "District store"


def file_identity(
    frame: pd.DataFrame,
    mapping: Mapping[str, str],
    source: Source,
) -> tuple[DistrictIdentity, list[Problem]]:
    """The district the file's own columns name (``district_name``, ``district_code`` …), if one.

    A code carries the list it is from as the file says it, never assumed: a
    ``district_census_code`` column (or ``dt_code``) holds Census 2011 codes and wins
    over a ``district_code`` column; a code column whose header says LGD holds LGD
    codes; a bare ``district_code`` is stored without a kind. A district *name* that
    is a number (``350``) is taken as a code, not a name, and the user is asked for
    the name; a code that is not a number (``Jharkhand``) is not used.

    Examples
    --------
    >>> rows = pd.DataFrame({"district_name": ["RANCHI"], "district_code": ["365"], "district_census_code": ["364"]})
    >>> found, _ = file_identity(rows, {r: r for r in rows.columns}, Source("v.csv"))
    >>> found.name, found.code, found.code_kind
    ('Ranchi', '364', 'Census 2011')
    """
    values: dict[str, str] = {}
    problems = []
    for role in DISTRICT_ROLES:
        if role not in mapping:
            continue
        values_of = column(frame, mapping[role])
        if role not in ("district_name", "state_name"):
            values_of = values_of.map(normalise_code)
        counts = values_of[values_of != ""].value_counts()
        if len(counts) > 1:
            listed = ", ".join(f"{v} ({n} rows)" for v, n in counts.head(4).items())
            problems.append(
                source.file_warning(
                    f"column {mapping[role]!r} names {len(counts)} different values ({listed}); the district is not "
                    "taken "
                    "from it — pass --district-name (and --district-code) if needed"
                )
            )
        elif len(counts) == 1:
            values[role] = str(counts.index[0])
    for role in ("district_code", "district_census_code"):
        if role in values and not values[role].isdigit():
            problems.append(
                source.file_warning(
                    f"column {mapping[role]!r} holds {values.pop(role)!r}, which is not "
                    "a code (codes are numbers); the district's code is not taken from it"
                )
            )
    name = values.get("district_name", "")
    code, kind = _file_code(values, mapping)
    if name.isdigit():
        named_as = (
            "the district's code, as the file gives no other"
            if not code
            else (f"a code, not a name (the file's {kind + ' ' if kind else ''}district code is {code})")
        )
        problems.append(
            source.file_warning(
                f"column {mapping['district_name']!r} holds {name!r}, a number: taken as {named_as}; the district is "
                "left unnamed — pass --district-name NAME (the Data page: District name) to name it"
            )
        )
        code, name = code or name, ""
    identity = DistrictIdentity(
        name=display_name(name),
        state=display_name(values.get("state_name", "")),
        code=code,
        code_kind=kind if code else "",
    )
    return identity, problems


def _file_code(values: Mapping[str, str], mapping: Mapping[str, str]) -> tuple[str, str]:
    """The district's code and the list it is from (``""``: the file does not say)."""
    if values.get("district_census_code"):
        return values["district_census_code"], "Census 2011"
    if not values.get("district_code"):
        return "", ""
    return values["district_code"], code_kind_of(mapping["district_code"])


def code_kind_of(header: str) -> str:
    """The list a code column's header names: ``"LGD"``, ``"Census 2011"``, or ``""`` when it names none.

    Examples
    --------
    >>> code_kind_of("District LGD Code"), code_kind_of("dt_code"), code_kind_of("district_code")
    ('LGD', 'Census 2011', '')
    """
    if "lgd" in normalise_header(header):
        return "LGD"
    return "Census 2011" if looks_census(header) else ""


def with_identity(
    store: StoreData,
    found: DistrictIdentity,
    given: DistrictIdentity | None,
    source: Source,
) -> tuple[StoreData, bool, list[Problem], list[str]]:
    """The store with its district identity: what the user gave, else the store's own, else the file's.

    Returns
    -------
    tuple
        The store, whether its ``meta`` changed, the problems (a file naming another
        district than the store's is a warning; the store keeps its name) and the facts.
    """
    current = store.identity
    chosen = current if current.named else found
    problems: list[Problem] = []
    facts: list[str] = []
    if current.named and found.named and name_key(found.name) != name_key(current.name):
        problems.append(
            source.file_warning(
                f"the file names district {found.name!r}"
                + (f" (code {found.code})" if found.code else "")
                + f" but the store is {current.label()!r}; the store keeps its name — is this the right file? (pass "
                "--district-name to rename the store)"
            )
        )
    elif current.named and found.named:  # the same district: fill what the store lacks
        chosen = dataclasses.replace(
            current,
            **{
                f: getattr(found, f)
                for f in ("state", "code", "code_kind")
                if not getattr(current, f) and getattr(found, f)
            },
        )
    if given is not None:
        chosen = dataclasses.replace(
            chosen,
            **{
                f.name: getattr(given, f.name)
                for f in dataclasses.fields(given)
                if getattr(given, f.name) not in ("", None)
            },
        )
    if chosen == DistrictIdentity.from_meta(store.meta):
        return store, False, problems, facts
    if chosen.named and not current.named:
        origin = "as given" if given is not None and given.named else "from the file's columns"
        kind = f"{chosen.code_kind} " if chosen.code_kind else ""
        facts.append(
            f"district: {chosen.area()}" + (f" ({kind}code {chosen.code})" if chosen.code else "") + f" — {origin}"
        )
    meta = {k: v for k, v in store.meta.items() if k not in IDENTITY_KEYS} | chosen.to_meta()
    if chosen.named and meta.get("dataset_name", "") in ("", NEW_STORE_NAME):
        meta["dataset_name"] = f"{chosen.label()} district store"
    return dataclasses.replace(store, meta=meta), True, problems, facts


def district_rows(
    frame: pd.DataFrame, mapping: Mapping[str, str], source: Source
) -> tuple[list[pd.Index], list[Problem]]:
    """The rows of each district a file names, in the file's order (one group when it names one or none).

    A row's district is its Census district code, else its district code, else its
    district name. In a file of several districts, a row naming none is an error.

    Examples
    --------
    >>> rows = pd.DataFrame({"district_name": ["DEOGHAR", "DHANBAD", "Deoghar"]}, index=[2, 3, 4])
    >>> groups, _ = district_rows(rows, {"district_name": "district_name"}, Source("v.csv"))
    >>> [list(g) for g in groups]
    [[2, 4], [3]]
    """
    roles = [r for r in ("district_census_code", "district_code", "district_name") if r in mapping]
    if not roles:
        return [frame.index], []
    key = pd.Series("", index=frame.index, dtype=object)
    for role in roles:
        values = column(frame, mapping[role])
        values = values.map(name_key) if role == "district_name" else values.map(normalise_code)
        key = key.where(key != "", values)
    named = key[key != ""]
    if named.nunique() <= 1:
        return [frame.index], []
    problems = [
        source.error(
            row,
            f"names no district in {', '.join(repr(mapping[r]) for r in roles)}, in a file of "
            f"{named.nunique()} districts; fill it in or remove the row",
            cause="names no district, in a file of several districts",
        )
        for row in key.index[key == ""]
    ]
    return [named.index[named == value] for value in named.unique()], problems


def store_district(store: StoreData, found: DistrictIdentity) -> str | None:
    """The code of the store's district that ``found`` names (by code, else by name); None: another district.

    A district the file does not name (no code, no name) is the store's when it holds one.
    """
    if len(store.districts) == 1 and not (found.named or found.code):
        return store.district_codes()[0]
    only = district_identity(store.districts.iloc[0], store.meta) if len(store.districts) == 1 else None
    if only is not None and not (only.named or only.code):
        return store.district_codes()[0]  # a store of no name nor code takes the file's district (with_identity)
    for code in store.district_codes():
        row = store.districts.loc[store.districts["lgd_code"].astype(object) == code].iloc[0]
        mine = district_identity(row, store.meta)
        if found.code and mine.code:
            if found.code == mine.code:
                return code
            continue
        if found.named and mine.named and name_key(found.name or found.name_hi) == name_key(mine.name or mine.name_hi):
            return code
    return None
