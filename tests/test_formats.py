"""The one formatter (geo.formats): lakh grouping, one decimal, dates, Devanagari digits, and its JavaScript copy."""

import json
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from geo.formats import (
    dates_line,
    display_name,
    display_names,
    format_change,
    format_count,
    format_date,
    format_km,
    format_minutes,
    format_number,
    format_percent,
    name_digits,
    pick,
)
from geo.languages import DEVANAGARI_DIGITS, is_hindi
from geo.review.gaps import gap_detail
from geo.text import Text
from layers.spec import Field

ROOT = Path(__file__).resolve().parent.parent
DEVA = DEVANAGARI_DIGITS


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (791042, "7,91,042"),
        (10**7, "1,00,00,000"),
        (51196, "51,196"),
        (999, "999"),
        (0, "0"),
        (-1234567, "-12,34,567"),
        (123456789, "12,34,56,789"),
    ],
)
def test_counts_in_lakh_and_crore(value, expected):
    assert format_count(value) == expected
    assert format_count(value, "hi") == expected  # Hindi with the digits 0-9 writes them the same


def test_hindi_with_devanagari_digits():
    assert format_count(791042, DEVA) == "७,९१,०४२"
    assert format_count(10**7, DEVA) == "१,००,००,०००"
    assert format_percent(0.966, DEVA) == "९६.६ %"
    assert format_km(12.34, DEVA) == "१२.३ कि.मी."
    assert format_minutes(42, DEVA) == "४२ मिनट"
    assert format_date("2020-12-10", DEVA) == "१० दिसंबर २०२०"
    assert format_change(-1200, DEVA) == "−१,२००"
    assert dates_line("2020-12-10", "2020-11-12", DEVA) == "आंकड़े १० दिसंबर २०२० तक · १२ नवंबर २०२० की समीक्षा से तुलना"
    # the words are Hindi's, digits or not
    assert format_percent(None, DEVA) == "दर्ज नहीं" and format_change(0, DEVA) == "कोई बदलाव नहीं"
    assert is_hindi(DEVA) and is_hindi("hi") and not is_hindi("en")
    assert pick(("now", "अब"), DEVA) == "अब"


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (0.966, "96.6 %"),
        (0.87, "87.0 %"),
        (1.0, "100.0 %"),
        (0.0, "0.0 %"),
        (0.0025, "0.3 %"),
        (0.00049, "0.0 %"),
    ],
)
def test_percentages_have_one_decimal(share, expected):
    assert format_percent(share) == expected


def test_missing_is_not_recorded_never_zero_or_nan():
    for missing in (None, float("nan"), pd.NA):
        assert format_percent(missing) == "not recorded"
        assert format_km(missing, "hi") == "दर्ज नहीं"
        assert format_number(missing) == "not recorded"
        assert format_minutes(missing) == "not recorded"
    assert format_date(None) == "not recorded" and format_date("", DEVA) == "दर्ज नहीं"


def test_halves_round_up_as_people_do():
    # 0.25 and 0.75 are exact in binary: Python's round() would give 0.2 and 0.8 (half to even)
    assert [format_number(v) for v in (0.25, 0.75, 2.5, 0.05)] == ["0.3", "0.8", "2.5", "0.1"]
    assert format_number(2.5, decimals=0) == "3" and format_minutes(42.5) == "43 min"
    # 0.15 is 0.1499999… in binary, so it goes down, as it does in JavaScript's toFixed
    assert format_number(0.15) == "0.1"


def test_dates_as_the_office_writes_them():
    assert format_date("2020-12-10") == "10 Dec 2020"
    assert format_date("2020-12-10", "hi") == "10 दिसंबर 2020"
    assert format_date("2021-01-05T10:00:00") == "5 Jan 2021"


def test_faces_write_the_digits_of_their_language_code():
    row = pd.Series({"csc_points": 12, "csc_as_of": "2020-12-10", "csc_source": "review"})
    assert gap_detail("no_functional_csc", row, "en") == "12 CSC points, none functional since 10 Dec 2020 (review)"
    assert "१२" in gap_detail("no_functional_csc", row, DEVA) and "१० दिसंबर २०२०" in gap_detail(
        "no_functional_csc", row, DEVA
    )
    population = Field("population", Text("field.population"))
    distance = Field("dist_km", Text("field.distance"), unit="km", decimals=1)
    assert population.format(172280, "en") == "1,72,280" and population.format(172280, DEVA) == "१,७२,२८०"
    assert distance.format(1234.25, "en") == "1,234.3 km" and distance.format(3.25, DEVA) == "३.३ कि.मी."


def _js_km(metres: list[float]) -> list[str]:
    """The public page's own ``km()`` (layers/static/public_map.js), run by Node on ``metres``."""
    source = (ROOT / "layers" / "static" / "public_map.js").read_text(encoding="utf-8")
    km = re.search(r"^    function km\(metres\) \{.*?^    \}$", source, re.S | re.M).group(0)
    script = f"function ui(key) {{ return key; }}\n{km}\nconsole.log(JSON.stringify({json.dumps(metres)}.map(km)));"
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True, timeout=30)
    return json.loads(out.stdout)


def test_public_page_javascript_writes_km_as_format_km():
    metres = [0, 49.9, 50, 250, 750, 1250, 1049.99, 9950, 12345.6, 99999, 150000, 999950, 1234567, 123456789]
    shown = [text.replace("\u00a0", " ") for text in _js_km(metres)]  # the page keeps number and unit together
    assert shown == [format_km(m / 1000) for m in metres]
    # by hand: half up, lakh grouping
    assert shown[3:6] == ["0.3 km", "0.8 km", "1.3 km"] and shown[-2:] == ["1,234.6 km", "1,23,456.8 km"]


# --- names: digits in the reader's script (geo.formats.name_digits, display_name) -----------------------


@pytest.mark.parametrize(
    ("name", "lang", "shown"),
    [
        ("Nala ०७", "en", "Nala 07"),  # Devanagari digits in a Latin name, for an English reader
        ("Nala ०७", "hi", "Nala 07"),  # plain Hindi writes its numbers 0-9: its names' digits too
        ("नाला 07", "hi-u-nu-deva", "नाला ०७"),  # Hindi with Devanagari digits
        ("नाला ०७", "hi-u-nu-deva", "नाला ०७"),
        ("GP-12/ब", "hi-u-nu-deva", "GP-१२/ब"),
        ("গ্রাম ৩", "en", "গ্রাম 3"),  # any script's digits (Bengali ৩), letters untouched
        ("Kundahit", "hi-u-nu-deva", "Kundahit"),
    ],
)
def test_a_names_digits_are_written_in_the_readers_script(name, lang, shown):
    assert name_digits(name, lang) == shown


def test_a_name_is_shown_in_the_readers_language_where_recorded():
    assert display_name("Nala ०७", "नाला ०७", "en") == "Nala 07"
    assert display_name("Nala ०७", "नाला ०७", "hi") == "नाला 07"
    assert display_name("Nala 07", "नाला 07", DEVA) == "नाला ०७"
    assert display_name("Nala 07", "", DEVA) == "Nala ०७"  # no Hindi name recorded: the English one
    assert display_name("Nala 07", None, "hi") == "Nala 07"
    assert display_name(None, float("nan"), "en") == "not recorded"
    assert display_names(pd.Series(["Bewa 2", "Nala ०७"]), pd.Series(["", "नाला ०७"]), DEVA).tolist() == [
        "Bewa २",
        "नाला ०७",
    ]


def test_a_name_field_of_a_popup_reads_the_same_rule():
    field = Field("name", Text("field.panchayat"), column_hi="name_hi", name=True)
    frame = pd.DataFrame({"name": ["Nala ०७", "Bewa 2", ""], "name_hi": ["नाला ०७", None, ""]})
    assert field.texts(frame, "en") == ["Nala 07", "Bewa 2", "not recorded"]
    assert field.texts(frame, DEVA) == ["नाला ०७", "Bewa २", "दर्ज नहीं"]
    assert frame["name"].tolist() == ["Nala ०७", "Bewa 2", ""]  # the stored names are not changed
