"""The one text catalogue (geo/text.toml): both languages everywhere, every key used, nothing outside it."""

from __future__ import annotations

import ast
import functools
import re
import string
from pathlib import Path

import pytest

from geo.formats import format_date
from geo.text import LANGUAGES, Text, catalogue, t, texts

ROOT = Path(__file__).resolve().parent.parent
#: The code that shows text: the core, the layers, the faces and the command line.
CODE = sorted(
    [
        *(ROOT / "geo").rglob("*.py"),
        *(ROOT / "layers").rglob("*.py"),
        *(ROOT / "ui").rglob("*.py"),
        *(ROOT / "cli").rglob("*.py"),
        ROOT / "app.py",
        ROOT / "public_app.py",
    ]
)
DEVANAGARI = re.compile("[\u0900-\u097f]")
#: Modules whose Hindi is recognition data, not text shown: what an office's file may say.
RECOGNITION = {
    "geo/formats.py": "its examples: numbers and names as they read in Devanagari digits",
    "geo/languages.py": "the Devanagari digits numbers are written in (its examples show them)",
    "geo/dates.py": "month names and digits offices write dates with",
    "geo/importing/columns.py": "the header spellings of the offices' sheets",
    "geo/importing/values.py": "the value words of the offices' sheets (चालू, कार्यरत …)",
    "geo/storage/demo.py": "the DEMO district's place names (data, not interface)",
    "geo/importing/certificates.py": "certificate types as the JharSewa reports write them (जाति, आय, प्रमाण पत्र)",
    "geo/importing/inspections.py": "the answers an inspection form's export holds (हाँ, नहीं)",
    "geo/importing/matching.py": "the suffixes offices add to panchayat names (ग्राम पंचायत, ग्रा0 पं0, प्रखंड)",
    "geo/importing/network.py": "the yes/no words of a road file's monsoon-closed column (हाँ, नहीं)",
    "geo/importing/services.py": "the words a sheet names a service kind with (प्रज्ञा केंद्र, आधार, डाकघर …)",
    "geo/importing/status.py": "the date headers a review sheet may carry (दिनांक)",
    "geo/importing/updates.py": "the marker an office writes in a cell to clear a value ((हटाएँ))",
    "geo/importing/villages.py": "the clear marker a cell may hold ((हटाएँ)), as geo.importing.updates reads it",
    "geo/spatial/coverage.py": "its example's data: a centre's Hindi name as a file gives it",
    "geo/spatial/locate.py": "its examples: Hindi place names and a query typed in Devanagari",
    "geo/spatial/nearest.py": "its example's data: a centre's Hindi name as a file gives it",
    "geo/spatial/places.py": "its example's data: the Hindi names of a panchayat, a village and a centre",
    "geo/spatial/search.py": "words a place name may carry (ग्रा.पं., गाँव), digits a query is read with",
}


def _trees() -> dict[str, ast.AST]:
    return {str(path.relative_to(ROOT)): ast.parse(path.read_text(encoding="utf-8")) for path in CODE}


TREES = _trees()


def _named() -> tuple[set[str], set[str], set[str]]:
    """Keys named as the first argument of t/Text/texts, the heads of f-string keys and sections, every string."""
    keys, heads, constants = set(), set(), set()
    for tree in TREES.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args):
                continue
            name, first = node.func.id, node.args[0]
            if name not in {"t", "Text", "texts"}:
                continue
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                if name == "texts":
                    heads.add(first.value + ".")
                else:
                    keys.add(first.value)
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                heads.add(first.values[0].value)
    return keys, heads, constants


KEYS, HEADS, CONSTANTS = _named()


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_entry_has_both_languages_and_the_same_placeholders():
    assert len(catalogue()) > 300
    for key, entry in catalogue().items():
        assert set(entry) == set(LANGUAGES), key
        assert all(isinstance(entry[code], str) and entry[code].strip() for code in LANGUAGES), key
        assert _fields(entry["en"]) == _fields(entry["hi"]), key


def test_every_key_the_code_names_is_in_the_catalogue():
    missing = sorted(key for key in KEYS if key not in catalogue())
    assert not missing, f"keys named in the code but not in geo/text.toml: {missing}"
    for head in HEADS:
        assert any(key.startswith(head) for key in catalogue()), f"no entry under {head!r}"


def test_every_entry_is_used():
    unused = sorted(
        key for key in catalogue() if key not in CONSTANTS and not any(key.startswith(head) for head in HEADS)
    )
    assert not unused, f"entries of geo/text.toml no code names: {unused}"


def test_hindi_is_written_only_in_the_catalogue():
    with_hindi = {path for path in TREES if DEVANAGARI.search((ROOT / path).read_text(encoding="utf-8"))}
    assert with_hindi <= set(RECOGNITION), f"Hindi outside the catalogue in {sorted(with_hindi - set(RECOGNITION))}"
    stale = sorted(set(RECOGNITION) - with_hindi)
    assert not stale, f"no Hindi left in {stale}: take them off RECOGNITION"


@pytest.mark.parametrize("lang", ["en", "hi", "hi-u-nu-deva"])
def test_one_translator_fills_placeholders_in_the_readers_digits(lang):
    digits = "१२" if lang == "hi-u-nu-deva" else "12"
    assert digits in t("ui.file_too_big", lang, name="a.csv", mb=12.0, limit=50.0)
    assert Text("ui.page_review")(lang) == t("ui.page_review", lang)
    assert t("ui.page_review", "en") == "Review" and t("ui.page_review", "hi") == "समीक्षा"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "90 % or more disposed · Changed since 12 Nov 2020 · Changed since Not reported"),
        ("hi", "90 % या अधिक निष्पादित · 12 नवंबर 2020 से बदले · रिपोर्ट नहीं से बदले"),
        ("hi-u-nu-deva", "९० % या अधिक निष्पादित · १२ नवंबर २०२० से बदले · रिपोर्ट नहीं से बदले"),
    ],
)
def test_a_text_with_bound_values_reads_them_in_the_language_it_is_read_in(lang, expected):
    high = Text("layer.jharsewa.high").filled(high=90)
    dated = Text("layer.changes.title").filled(since=functools.partial(format_date, "2020-11-12"))
    labelled = Text("layer.changes.title").filled(since=Text("layer.jharsewa.not_recorded"))
    assert f"{high(lang)} · {dated(lang)} · {labelled(lang)}" == expected
    assert high == Text("layer.jharsewa.high", (("high", 90),)) and high != Text("layer.jharsewa.high")


def test_a_section_reads_as_a_table_and_an_unknown_key_is_refused():
    roles = texts("role")
    assert roles["lat"]("en") == "Latitude" and roles["lat"]("hi") == "अक्षांश"
    with pytest.raises(KeyError):
        t("ui.no_such_key", "en")
    with pytest.raises(KeyError):
        texts("no_such_section")
