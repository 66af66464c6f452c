"""Every map layer by name, and the themes (sets of layers) that maps and sheets show."""

from __future__ import annotations

from dataclasses import dataclass

from geo.text import Text
from layers.aadhaar import AADHAAR_CENTRES, VILLAGE_BANDS
from layers.boundaries import BLOCKS, DISTRICT, PANCHAYATS
from layers.connectivity import BHARATNET, CONNECTIVITY, JHARNET
from layers.csc import CSC_POINTS, NO_CSC
from layers.districts import DISTRICT_NAMES, DISTRICT_OUTLINES, SHARE_LAYERS
from layers.gaps import GAPS
from layers.jharsewa import JHARSEWA
from layers.library import LIBRARY
from layers.pmgdisha import PMGDISHA
from layers.spec import LayerSpec
from layers.travel import SUGGESTED_SITES, TRAVEL_BANDS, TRAVEL_CENTRES, TRAVEL_ROADS, TRAVEL_WATER

#: Drawing order: areas first, then lines and points on top.
LAYERS: dict[str, LayerSpec] = {
    spec.name: spec
    for spec in (
        TRAVEL_BANDS,
        TRAVEL_WATER,
        JHARSEWA,
        CONNECTIVITY,
        BHARATNET,
        JHARNET,
        NO_CSC,
        LIBRARY,
        GAPS,
        PANCHAYATS,
        BLOCKS,
        DISTRICT,
        TRAVEL_ROADS,
        VILLAGE_BANDS,
        CSC_POINTS,
        PMGDISHA,
        AADHAAR_CENTRES,
        TRAVEL_CENTRES,
        SUGGESTED_SITES,
    )
}

#: Layers always drawn under a theme (boundaries and orientation).
BASE_LAYERS = ("panchayats", "blocks", "district")


@dataclass(frozen=True)
class Theme:
    """A named map: its title and the layers it draws (on top of the base layers)."""

    name: str
    title: Text
    layers: tuple[str, ...]


THEMES: dict[str, Theme] = {
    theme.name: theme
    for theme in (
        Theme("panchayats", Text("theme.panchayats"), ()),
        Theme("connectivity", Text("theme.connectivity"), ("connectivity",)),
        Theme("bharatnet", Text("theme.bharatnet"), ("bharatnet",)),
        Theme("jharnet", Text("theme.jharnet"), ("jharnet",)),
        Theme("csc", Text("theme.csc"), ("no_csc", "csc")),
        Theme("aadhaar", Text("theme.aadhaar"), ("aadhaar_distance", "aadhaar")),
        Theme("jharsewa", Text("theme.jharsewa"), ("jharsewa",)),
        Theme("library", Text("theme.library"), ("library",)),
        Theme("pmgdisha", Text("theme.pmgdisha"), ("pmgdisha",)),
        Theme("gaps", Text("theme.gaps"), ("gaps",)),
    )
}


#: The state view's layer of each theme (:mod:`layers.districts`, drawn from a
#: :class:`layers.context.StateContext`): the districts coloured by the theme's share, or outlined where it has none.
STATE_LAYERS: dict[str, LayerSpec] = {name: SHARE_LAYERS.get(name, DISTRICT_OUTLINES) for name in THEMES}
#: The state view's map while the districts' figures are worked out: their outlines and names.
STATE_OUTLINES = DISTRICT_NAMES


#: The travel-time map: drawn only from a context that carries travel times (:func:`layers.travel.with_travel`),
#: so it is not among the :data:`THEMES` every page offers.
TRAVEL = Theme(
    "travel",
    Text("theme.travel"),
    ("travel_bands", "travel_water", "travel_roads", "travel_centres", "suggested_sites"),
)


def theme(name: str) -> Theme:
    """The theme called ``name``: one of :data:`THEMES`, or :data:`TRAVEL`.

    Raises
    ------
    KeyError
        With the list of known themes, for an unknown name.
    """
    if name == TRAVEL.name:
        return TRAVEL
    if name not in THEMES:
        msg = f"unknown map layer {name!r}; choose one of: {', '.join(THEMES)}"
        raise KeyError(msg)
    return THEMES[name]


def theme_layers(name: str) -> list[LayerSpec]:
    """The layers of theme ``name`` in drawing order, base layers included.

    Raises
    ------
    KeyError
        With the list of known themes, for an unknown name.
    """
    wanted = set(theme(name).layers) | set(BASE_LAYERS)
    return [spec for key, spec in LAYERS.items() if key in wanted]
