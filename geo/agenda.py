"""The review meeting's agenda: its items in the order the DeGS review takes them.

Each item names the figures it shows (:data:`geo.figures.FIGURES`), the columns of
its block table, the map theme it draws (a key of ``layers.registry.THEMES``) and
the indicator whose change since the last review is marked on its map
(:data:`geo.progress.INDICATORS`). The deck, the Review page and the meeting pack
all read this one list.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AgendaItem", "AGENDA", "agenda_item"]


@dataclass(frozen=True)
class AgendaItem:
    """One item of the review.

    Attributes
    ----------
    key : str
        Its name in URLs (``?slide=csc``), the CLI and tests.
    title : tuple of str
        (English, Hindi).
    figures : tuple of str
        The two or three figures of its slide, most important first.
    table : tuple of str
        The figures of its block table (``jharsewa_rate`` is the block's disposal rate).
    theme : str
        The map theme of its slide.
    indicator : str
        The indicator whose changed units its map marks.
    """

    key: str
    title: tuple[str, str]
    figures: tuple[str, ...]
    table: tuple[str, ...]
    theme: str
    indicator: str

    def label(self, lang: str = "en") -> str:
        """The title in ``lang``."""
        return self.title[1 if lang == "hi" else 0]


#: The agenda, in the order of the review.
AGENDA: tuple[AgendaItem, ...] = (
    AgendaItem("csc", ("CSC / Pragya Kendra", "प्रज्ञा केंद्र (सीएससी)"),
               ("csc_functional", "csc_not_functional", "csc_not_recorded"),
               ("csc_functional", "csc_not_functional", "csc_not_recorded"), "csc", "csc"),
    AgendaItem("connectivity", ("Connectivity: JharNet 2.0 and BharatNet", "कनेक्टिविटी: झारनेट 2.0 और भारतनेट"),
               ("working", "live_offline", "not_live"),
               ("working", "live_offline", "not_live", "inspected"), "connectivity", "connectivity"),
    AgendaItem("jharsewa", ("JharSewa certificates", "झारसेवा प्रमाण पत्र"),
               ("jharsewa_received", "jharsewa_disposed", "jharsewa_pending"),
               ("jharsewa_received", "jharsewa_disposed", "jharsewa_pending", "jharsewa_rate"), "jharsewa",
               "jharsewa"),
    AgendaItem("aadhaar", ("Aadhaar enrolment", "आधार पंजीकरण"),
               ("villages_beyond_aadhaar", "population_beyond_aadhaar", "aadhaar_centres"),
               ("aadhaar_centres", "villages_beyond_aadhaar", "population_beyond_aadhaar"), "aadhaar", "aadhaar"),
    AgendaItem("pmgdisha", ("PMGDISHA digital literacy", "पीएमजीदिशा डिजिटल साक्षरता"),
               ("pmgdisha_centres", "pmgdisha_registered", "pmgdisha_passed"),
               ("pmgdisha_centres", "pmgdisha_registered", "pmgdisha_trained", "pmgdisha_passed"), "pmgdisha",
               "pmgdisha"),
    AgendaItem("library", ("Community libraries", "सामुदायिक पुस्तकालय"),
               ("library_opened", "library_space", "library_not_started"),
               ("library_opened", "library_space", "library_not_started", "library_not_recorded"), "library",
               "library"),
)


def agenda_item(key: str) -> AgendaItem:
    """The agenda item ``key``.

    Raises
    ------
    KeyError
        Naming the known items, for an unknown key.

    Examples
    --------
    >>> agenda_item("library").figures[0]
    'library_opened'
    """
    for item in AGENDA:
        if item.key == key:
            return item
    msg = f"unknown agenda item {key!r}; choose one of: {', '.join(item.key for item in AGENDA)}"
    raise KeyError(msg)
