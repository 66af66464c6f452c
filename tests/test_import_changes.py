"""What an import would change (:func:`geo.importing.changes.layer_changes`), row by row, on the tiny district."""

from __future__ import annotations

import dataclasses

import pandas as pd
import shapely
from tiny_district import tiny_store

from geo.importing.changes import layer_changes
from geo.storage.store import conform


def _villages_after(moves: dict[str, float], **columns: dict[str, object]) -> pd.DataFrame:
    """The tiny district's villages V1-V4, some moved east by ``moves`` degrees, some cells set by ``columns``."""
    villages = tiny_store().villages.copy()
    east = villages["census_code"].map(moves).fillna(0.0).to_numpy()
    xy = shapely.get_coordinates(villages.geometry.to_numpy()) + [[d, 0.0] for d in east]  # one point a village
    villages = villages.set_geometry(shapely.points(xy), crs=4326)
    for column, values in columns.items():
        for code, value in values.items():
            villages.loc[villages["census_code"] == code, column] = value
    return conform("villages", villages)


def test_a_move_under_a_centimetre_is_unchanged_and_a_larger_one_changed():
    before = tiny_store()
    # V1 moves 1e-9 degrees (0.1 mm: rounds to the same 1e-7 grid cell), V2 1e-4 (about 10 m), V3 gains 5 people
    after = dataclasses.replace(
        before, villages=_villages_after({"V1": 1e-9, "V2": 1e-4}, population={"V3": 305}), revision=None
    )
    (change,) = layer_changes(before, after, ("villages",))
    assert change.changed == ("V2", "V3")
    assert change.unchanged == 2  # V1 and V4
    assert change.added == change.removed == ()
    assert (change.people_before, change.people_after) == (1_000, 1_005)


def test_a_cell_emptied_is_listed_as_cleared_and_its_row_changed():
    before = tiny_store()
    after = dataclasses.replace(before, villages=_villages_after({}, name_hi={"V2": None, "V4": ""}), revision=None)
    (change,) = layer_changes(before, after, ("villages",))
    assert change.changed == ("V2", "V4")
    assert change.cleared == (("name_hi", ("V2", "V4")),)
