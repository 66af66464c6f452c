"""The district a store describes: its name, state, code and expected counts, kept in ``meta``.

Nothing in the code names a district: every title, sheet, page, file name and
message takes the district from the store. An import fills the identity from the
file's own columns (``district_name``, ``district_code``, ``state_name`` …) or from
the options the user gives (``--district-name``); the DEMO generator sets its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from geo.languages import is_hindi
from geo.storage.files import safe_file_name
from geo.text import Text, t

__all__ = ["DistrictIdentity", "IDENTITY_KEYS", "CODE_KINDS", "UNNAMED"]

#: Most UTF-8 bytes of the district in a file name (21 Devanagari letters), leaving room for the rest.
_STEM_BYTES = 64
#: ``meta`` keys of the identity (all optional; a store without them is simply unnamed).
IDENTITY_KEYS = (
    "district_name",
    "district_name_hi",
    "state_name",
    "state_name_hi",
    "district_code",
    "district_code_kind",
    "expected_panchayats",
    "expected_blocks",
)
#: What a ``district_code`` is.
CODE_KINDS = ("LGD", "Census 2011", "DEMO")
#: How an unnamed district is called.
UNNAMED = Text("store.unnamed_district")


@dataclass(frozen=True)
class DistrictIdentity:
    """Who the store is about.

    Attributes
    ----------
    name, name_hi : str
        The district's name in English and Hindi (``""`` when not recorded).
    state, state_hi : str
        The state's name in English and Hindi.
    code : str
        The district's code; ``code_kind`` says which list it is from
        (:data:`CODE_KINDS`), as the file or the user said it — ``""`` when
        neither did (a bare ``district_code`` column is not assumed to be LGD).
    expected_panchayats, expected_blocks : int or None
        How many the district has, when the office has said so; validation
        compares the store with them.
    districts : int
        How many districts the store holds (more than one: the names are the state's,
        :meth:`of_districts`).
    """

    name: str = ""
    name_hi: str = ""
    state: str = ""
    state_hi: str = ""
    code: str = ""
    code_kind: str = ""
    expected_panchayats: int | None = None
    expected_blocks: int | None = None
    districts: int = 1

    @classmethod
    def from_meta(
        cls, meta: Mapping[str, str], *, fallback_name: str = "", fallback_name_hi: str = "", fallback_code: str = ""
    ) -> DistrictIdentity:
        """Read the identity from a store's ``meta`` (fallbacks: the district layer's own attributes)."""

        def text(key: str, default: str = "") -> str:
            value = meta.get(key)
            return str(value).strip() if value is not None and str(value).strip() else default

        def count(key: str) -> int | None:
            value = text(key)
            return int(value) if value.isdigit() else None

        return cls(
            name=text("district_name", fallback_name),
            name_hi=text("district_name_hi", fallback_name_hi),
            state=text("state_name"),
            state_hi=text("state_name_hi"),
            code=text("district_code", fallback_code),
            code_kind=text("district_code_kind"),
            expected_panchayats=count("expected_panchayats"),
            expected_blocks=count("expected_blocks"),
        )

    @classmethod
    def of_districts(cls, count: int, *, state: str = "", state_hi: str = "") -> DistrictIdentity:
        """A store of ``count`` districts: named by its state, else "State (N districts)".

        Examples
        --------
        >>> DistrictIdentity.of_districts(2, state="Jharkhand").area(), DistrictIdentity.of_districts(3).label()
        ('2 districts, Jharkhand', 'State (3 districts)')
        """
        return cls(
            name=state or t("store.unnamed_state", "en", count=count),
            name_hi=state_hi or t("store.unnamed_state", "hi", count=count),
            state=state,
            state_hi=state_hi,
            districts=count,
        )

    def to_meta(self) -> dict[str, str]:
        """The identity as ``meta`` entries (empty values left out)."""
        values = {
            "district_name": self.name,
            "district_name_hi": self.name_hi,
            "state_name": self.state,
            "state_name_hi": self.state_hi,
            "district_code": self.code,
            "district_code_kind": self.code_kind,
            "expected_panchayats": "" if self.expected_panchayats is None else str(self.expected_panchayats),
            "expected_blocks": "" if self.expected_blocks is None else str(self.expected_blocks),
        }
        return {key: value for key, value in values.items() if value}

    @property
    def named(self) -> bool:
        """Whether the store records the district's name (in either language)."""
        return bool(self.name or self.name_hi)

    def label(self, lang: str = "en") -> str:
        """The district's name in ``lang`` (the other language's, or "Unnamed district", when missing)."""
        if is_hindi(lang):
            return self.name_hi or self.name or UNNAMED(lang)
        return self.name or self.name_hi or UNNAMED(lang)

    def state_label(self, lang: str = "en") -> str:
        """The state's name in ``lang`` (``""`` when not recorded)."""
        return (self.state_hi or self.state) if is_hindi(lang) else (self.state or self.state_hi)

    def area(self, lang: str = "en") -> str:
        """E.g. "Ranchi district, Jharkhand" (no state when not recorded; "Unnamed district" when unnamed)."""
        state = self.state_label(lang)
        if self.districts > 1:
            many = t("store.districts", lang, count=self.districts)
            return t("store.districts_in_state", lang, districts=many, state=state) if state else self.label(lang)
        if not self.named:
            return f"{self.label(lang)}, {state}" if state else self.label(lang)
        return t("store.district_in_state" if state else "store.district", lang, district=self.label(lang), state=state)

    @property
    def slug(self) -> str:
        """A file-name stem for the district (``"east_singhbhum"``; ``"district"`` when unnamed or not Latin)."""
        ascii_name = unicodedata.normalize("NFKD", self.name).encode("ascii", "ignore").decode("ascii")
        slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")
        return slug or "district"

    @property
    def file_stem(self) -> str:
        """The district in export file names: the slug of a Latin name, else the name as written.

        ``"east_singhbhum"``; the Hindi name when the store names the district only in
        Hindi (Devanagari letters and matras kept, see :func:`geo.storage.files.safe_file_name`,
        at most 64 bytes); ``"district"`` when unnamed.
        """
        if self.slug != "district" or not self.named:
            return self.slug
        return safe_file_name(self.name or self.name_hi, max_bytes=_STEM_BYTES, default="district")
