from __future__ import annotations

import pandas as pd
import pytest

from geo.review.analysis import analyse
from geo.review.gaps import GAP_LISTS
from geo.review.status import status_changes
from geo.review.summary import summary
from geo.spatial.coverage import coverage
from layers.context import map_context
from ui.tables import (
    BLOCK_FIGURES,
    block_table,
    changes_table,
    coverage_table,
    gap_view,
    uncovered_villages,
    value_label,
)


@pytest.fixture(scope="module")
def ctx(demo):
    return map_context(analyse(demo))


def test_value_label_in_both_languages():
    assert value_label("library", "space_identified", "en") == "Space identified"
    assert value_label("library", "space_identified", "hi") == "स्थान चिह्नित"
    assert value_label("bharatnet", pd.NA, "en") == "not recorded"
    assert value_label("bharatnet", None, "hi") == "दर्ज नहीं"


def test_block_table_rows_add_up_to_the_district(demo):
    result = summary(demo)
    table = block_table(result, "hi")
    assert table.columns[0] == "प्रखंड"
    numbers = table.iloc[:, 1:].map(lambda text: int(text.replace(",", "")))
    assert numbers.iloc[:-1].sum().tolist() == numbers.iloc[-1].tolist()
    assert table.iloc[-1, 1:5].tolist() == ["118", "40", "18", "60"]  # by hand from the demo
    assert list(table.columns[1:]) == [result.figures.title(k, "hi") for k in BLOCK_FIGURES]
    assert table.iloc[-1, 0] == "जिला" and "नाला" in table.iloc[:, 0].tolist()


def test_changes_table_is_localized(demo, ctx):
    changes = status_changes(demo.status_events, since="2020-11-12")
    before = changes.copy()
    table = changes_table(changes, ctx, "en")
    pd.testing.assert_frame_equal(changes, before)
    assert len(table) == len(changes) > 0
    forward = changes[changes["progress"] == 1].iloc[0]
    gp = ctx.panchayats.set_index("lgd_code").loc[forward["panchayat_lgd"]]
    row = table[
        (table["Panchayat"] == gp["name"])
        & (table["Before"] == value_label(forward["indicator"], forward["before"], "en"))
    ]
    assert "▲ forward" in row["Direction"].tolist()
    assert set(table["Indicator"]) <= {
        "BharatNet",
        "JharNet 2.0",
        "Community library",
        "Functional CSC",
        "Connectivity inspection",
    }


def test_coverage_and_uncovered_villages_agree(ctx):
    result = coverage(ctx.villages, ctx.services, "aadhaar", 10.0, group_by="block_lgd")
    table = coverage_table(result, ctx, "en")
    uncovered = uncovered_villages(result, ctx, "en")
    assert table.iloc[-1]["Block"] == "District"
    assert table.iloc[-1]["Villages"] - table.iloc[-1]["Villages covered"] == len(uncovered)
    assert table.iloc[:-1]["Villages"].sum() == len(ctx.villages)
    assert (uncovered["Distance (km)"] > 10).all()
    assert uncovered["Population"].map(lambda text: int(text.replace(",", ""))).is_monotonic_decreasing
    assert len(uncovered) == ctx.figures.value("villages_beyond_aadhaar")  # the Planner's list is the figure


@pytest.mark.parametrize("key", list(GAP_LISTS))
def test_gap_views_keep_every_row(ctx, key):
    view = gap_view(key, ctx, "hi")
    assert len(view) == len(ctx.gap_lists[key])
    assert view.columns[0] in {"पंचायत", "गाँव"}
    if len(view):
        assert view["स्थिति"].str.len().min() > 0


def test_tables_are_shown_the_indian_way_and_stay_numbers():
    from ui.tables import shown

    frame = pd.DataFrame(
        {
            "Block": ["A", "B"],
            "Population": pd.array([172280, None], dtype="Int64"),
            "Share covered (%)": [96.63, 87.0],
            "Villages": [12, 3],
        }
    )
    html = shown(frame, "en").to_html()
    assert "1,72,280" in html and "not recorded" in html  # lakh grouping; missing is not 0 or nan
    assert "96.6" in html and "87.0" in html and "96.63" not in html  # one decimal, every row alike
    assert frame["Population"].dtype == "Int64" and frame["Villages"].tolist() == [12, 3]  # data untouched
    assert "दर्ज नहीं" in shown(frame, "hi").to_html()
    devanagari = shown(frame, "hi-u-nu-deva").to_html()
    assert "१,७२,२८०" in devanagari and "९६.६" in devanagari and "दर्ज नहीं" in devanagari
    assert "1,72,280" not in devanagari
