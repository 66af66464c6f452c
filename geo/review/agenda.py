"""The review meeting's agenda: its items in the order the DeGS review takes them.

Each item names the figures it shows (:data:`geo.review.figures.FIGURES`), the columns of
its block table, the map theme it draws (a key of ``layers.registry.THEMES``) and
the indicator whose change since the last review is marked on its map
(:data:`geo.review.progress.INDICATORS`). The deck, the Review page and the meeting pack
all read this one list.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.formats import fill, pick
from geo.review.figures import PARTITIONS

__all__ = ["AgendaItem", "AGENDA", "COLUMN_LABELS", "agenda_item", "column_label"]


@dataclass(frozen=True)
class AgendaItem:
    """One item of the review.

    Attributes
    ----------
    key : str
        Its name in URLs (``?slide=csc``), the CLI and tests.
    title : tuple of str
        (English, Hindi).
    short : tuple of str
        (English, Hindi) one word for the agenda strip.
    figures : tuple of str
        The two or three figures of its slide, most important first.
    table : tuple of str
        The figures of its block table (``jharsewa_rate`` is the block's disposal rate).
    theme : str
        The map theme of its slide.
    indicator : str
        The indicator whose changed units its map marks.
    """

    @property
    def unrecorded(self) -> str | None:
        """The "not recorded" class of the breakdown its figures are classes of, when they leave it out.

        Shown with them, so the breakdown adds up to the panchayats on every face.

        Examples
        --------
        >>> agenda_item("connectivity").unrecorded, agenda_item("csc").unrecorded
        ('connectivity_not_recorded', None)
        """
        for classes in PARTITIONS.values():
            if self.figures[0] in classes and classes[-1] not in self.figures:
                return classes[-1]
        return None

    key: str
    title: tuple[str, str]
    short: tuple[str, str]
    figures: tuple[str, ...]
    table: tuple[str, ...]
    theme: str
    indicator: str

    def label(self, lang: str = "en") -> str:
        """The title in ``lang``."""
        return pick(self.title, lang)

    def short_label(self, lang: str = "en") -> str:
        """The one-word title in ``lang``."""
        return pick(self.short, lang)


#: The agenda, in the order of the review.
AGENDA: tuple[AgendaItem, ...] = (
    AgendaItem(
        "csc",
        ("CSC / Pragya Kendra", "प्रज्ञा केंद्र (सीएससी)"),
        ("CSC", "प्रज्ञा केंद्र"),
        ("csc_functional", "csc_not_functional", "csc_not_recorded"),
        ("csc_functional", "csc_not_functional", "csc_not_recorded"),
        "csc",
        "csc",
    ),
    AgendaItem(
        "connectivity",
        ("Connectivity: JharNet 2.0 and BharatNet", "कनेक्टिविटी: झारनेट 2.0 और भारतनेट"),
        ("Connectivity", "कनेक्टिविटी"),
        ("working", "live_offline", "not_live"),
        ("working", "live_offline", "not_live", "connectivity_not_recorded", "inspected"),
        "connectivity",
        "connectivity",
    ),
    AgendaItem(
        "jharsewa",
        ("JharSewa certificates", "झारसेवा प्रमाण पत्र"),
        ("JharSewa", "झारसेवा"),
        ("jharsewa_received", "jharsewa_disposed", "jharsewa_pending"),
        ("jharsewa_received", "jharsewa_disposed", "jharsewa_pending", "jharsewa_rate"),
        "jharsewa",
        "jharsewa",
    ),
    AgendaItem(
        "aadhaar",
        ("Aadhaar enrolment", "आधार पंजीकरण"),
        ("Aadhaar", "आधार"),
        ("villages_beyond_aadhaar", "population_beyond_aadhaar", "aadhaar_centres"),
        ("aadhaar_centres", "villages_beyond_aadhaar", "population_beyond_aadhaar"),
        "aadhaar",
        "aadhaar",
    ),
    AgendaItem(
        "pmgdisha",
        ("PMGDISHA digital literacy", "पीएमजीदिशा डिजिटल साक्षरता"),
        ("PMGDISHA", "पीएमजीदिशा"),
        ("pmgdisha_centres", "pmgdisha_registered", "pmgdisha_passed"),
        ("pmgdisha_centres", "pmgdisha_registered", "pmgdisha_trained", "pmgdisha_passed"),
        "pmgdisha",
        "pmgdisha",
    ),
    AgendaItem(
        "library",
        ("Community libraries", "सामुदायिक पुस्तकालय"),
        ("Libraries", "पुस्तकालय"),
        ("library_opened", "library_space", "library_not_started"),
        ("library_opened", "library_space", "library_not_started", "library_not_recorded"),
        "library",
        "library",
    ),
)


#: Short column heads of the agenda's block tables (English, Hindi); ``jharsewa_rate`` is not a count.
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "csc_functional": ("Functional CSC", "कार्यरत"),
    "csc_not_functional": ("None functional", "कार्यरत नहीं"),
    "csc_not_recorded": ("Not recorded", "दर्ज नहीं"),
    "working": ("Working", "चालू"),
    "live_offline": ("Found offline", "बंद मिले"),
    "not_live": ("Not live", "चालू नहीं"),
    "connectivity_not_recorded": ("Not recorded", "दर्ज नहीं"),
    "inspected": ("Inspected", "निरीक्षित"),
    "jharsewa_received": ("Received", "प्राप्त"),
    "jharsewa_disposed": ("Disposed", "निष्पादित"),
    "jharsewa_pending": ("Pending", "लंबित"),
    "jharsewa_rate": ("Disposed %", "निष्पादन %"),
    "aadhaar_centres": ("Centres", "केंद्र"),
    "villages_beyond_aadhaar": ("Villages beyond {km:g} km", "{km:g} कि.मी. से दूर गाँव"),
    "population_beyond_aadhaar": ("People beyond {km:g} km", "{km:g} कि.मी. से दूर आबादी"),
    "pmgdisha_centres": ("Centres", "केंद्र"),
    "pmgdisha_registered": ("Registered", "पंजीकृत"),
    "pmgdisha_trained": ("Trained", "प्रशिक्षित"),
    "pmgdisha_passed": ("Passed", "उत्तीर्ण"),
    "library_opened": ("Opened", "खुले"),
    "library_space": ("Space identified", "स्थान चिह्नित"),
    "library_not_started": ("Not started", "शुरू नहीं"),
    "library_not_recorded": ("Not recorded", "दर्ज नहीं"),
}


def column_label(key: str, lang: str = "en", *, aadhaar_km: float = 10.0) -> str:
    """The short head of column ``key`` of a block table.

    Examples
    --------
    >>> column_label("villages_beyond_aadhaar", aadhaar_km=5)
    'Villages beyond 5 km'
    """
    return fill(pick(COLUMN_LABELS[key], lang), lang, km=aadhaar_km)


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
