"""No name or remark runs as a formula in any CSV or XLSX we write, and ours read back as written (issue 22)."""

from __future__ import annotations

import ast
import csv
import io
import sqlite3
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from tiny_district import east, tiny_store

from cli import main
from geo.errors import GeoInputError
from geo.exports.cells import csv_text, csv_untext
from geo.exports.tables import XLSX_WHOLE, table_bytes, write_tables
from geo.importing.matching import Match, read_confirmations, write_confirmations
from geo.importing.readers import read_table
from geo.review.inspection_form import write_inspection_form
from geo.storage.store import write_store

ROOT = Path(__file__).resolve().parent.parent
HYPERLINK = '=HYPERLINK("http://x","y")'

#: (text, the CSV cell we write for it) — the formula corpus and plain texts, by hand.
CORPUS = [
    ("=1+1", "'=1+1"),
    (HYPERLINK, "'" + HYPERLINK),
    ("+1+1", "'+1+1"),
    ("-1+1", "'-1+1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    (" =1", "' =1"),  # LibreOffice may trim the space on import
    ("'=1", "''=1"),  # an apostrophe of the text's own stays after reading back
    ("-", "'-"),
    ("Chalna", "Chalna"),
    ("चलना पंचायत", "चलना पंचायत"),
    ("'0101", "'0101"),  # not a formula: the apostrophe is the text's own
    ("-5", "-5"),  # a plain number is read as that number, never run: no apostrophe to show
    ("+3", "+3"),
    ("-0.25", "-0.25"),
    ("#N/A", "#N/A"),
    ("", ""),
]
TEXTS = [text for text, _ in CORPUS]


@pytest.mark.parametrize(("text", "cell"), CORPUS, ids=repr)
def test_a_text_that_could_run_gets_an_apostrophe_and_reading_takes_it_off(text, cell):
    assert csv_text(text) == cell
    assert csv_untext(cell) == text


@pytest.mark.parametrize("value", [-5, 0, 2.5, None, float("nan"), True])
def test_numbers_and_empty_cells_are_left_alone(value):
    assert csv_text(value) is value


def test_only_a_formula_character_after_the_apostrophe_is_ours_to_take_off():
    assert csv_untext("'=1+1") == "=1+1"
    assert csv_untext("'s-Hertogenbosch") == "'s-Hertogenbosch"
    assert csv_untext("'-5") == "'-5"  # we never write it: a plain number needs no apostrophe


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"name": [*TEXTS, None], "people": [-5, 0, *range(1, len(TEXTS))]})


def test_csv_cells_start_with_the_apostrophe_numbers_stay_numbers(tmp_path):
    path = write_tables(tmp_path / "t.csv", {"t": _frame().rename(columns={"people": "=people"})})
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    assert rows[0] == ["name", "'=people"]  # headers too: a rejected-rows file carries the user's
    assert [row[0] for row in rows[1:]] == [cell for _, cell in CORPUS] + [""]  # None: empty, not "None" or 0
    assert [row[1] for row in rows[1:4]] == ["-5", "0", "1"]


def test_a_carriage_return_in_a_csv_cell_does_not_split_the_row(tmp_path):
    raw = table_bytes({"t": pd.DataFrame({"name": ["a\rb"], "n": [1]})}, ".csv")
    assert raw == '\ufeffname,n\r\n"a\rb",1\r\n'.encode()


def test_xlsx_text_is_a_string_cell_never_a_formula(tmp_path):
    frame = _frame().rename(columns={"people": "=people"})
    sheet = openpyxl.load_workbook(write_tables(tmp_path / "t.xlsx", {"t": frame}))["t"]
    assert _formulas(sheet) == []
    assert [(c.value, c.data_type) for c in sheet[1]] == [("name", "s"), ("=people", "s")]
    names = [c.value for (c,) in sheet.iter_rows(min_row=2, max_col=1)]
    # XML reads a carriage return as a line feed; empty text and None are both an empty cell
    assert names == [*TEXTS[:6], "\n=1", *TEXTS[7:-1], None, None]
    assert {c.data_type for (c,) in sheet.iter_rows(min_row=2, max_row=len(TEXTS) - 1, max_col=1)} == {"s"}
    assert sheet["A19"].value == "#N/A" and sheet["A19"].data_type == "s"  # text, not Excel's error value
    assert (sheet["B2"].value, sheet["B2"].data_type, sheet["B2"].number_format) == (-5, "n", XLSX_WHOLE)
    assert (sheet["B3"].value, sheet["B3"].data_type) == (0, "n")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_our_file_reads_back_as_written(tmp_path, suffix):
    """As written, trimmed as every cell :func:`geo.importing.readers.read_table` reads."""
    frame = pd.DataFrame({"name": TEXTS, "n": range(len(TEXTS))})
    table = read_table(write_tables(tmp_path / f"t{suffix}", {"t": frame})).frame
    assert table["name"].tolist() == [
        "=1+1",
        HYPERLINK,
        "+1+1",
        "-1+1",
        "@SUM(A1)",
        "=1",
        "=1",
        "=cmd|' /C calc'!A0",
        "=1",
        "'=1",
        "-",
        "Chalna",
        "चलना पंचायत",
        "'0101",
        "-5",
        "+3",
        "-0.25",
        "#N/A",
        "",
    ]


def test_a_hand_made_csv_with_quoted_formulas_reads_the_formula_text(tmp_path):
    path = tmp_path / "gp.csv"
    path.write_text("'=name,lgd_code\n'=1+1,'0101\n'-1+1,0102\n", encoding="utf-8")
    table = read_table(path).frame
    assert table.columns.tolist() == ["=name", "lgd_code"]
    assert table.to_dict("list") == {"=name": ["=1+1", "-1+1"], "lgd_code": ["'0101", "0102"]}


# --- every writer -----------------------------------------------------------------------


def _formulas(sheet) -> list[str]:
    return [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def _csv_cells(path: Path) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")) for cell in row]


def _hostile_store(path: Path) -> Path:
    data = tiny_store()
    data.panchayats["name"] = [HYPERLINK, "+1+1"]
    data.service_points["name"] = ["@SUM(A1)", "-1+1", "=cmd|' /C calc'!A0"]
    write_store(path, data)
    return path


def test_done_when_a_service_named_hyperlink_exports_as_text(demo_copy, tmp_path, capsys):
    with sqlite3.connect(demo_copy) as db:
        db.execute("UPDATE service_points SET name = ? WHERE rowid = 1", (HYPERLINK,))
    xlsx, sheet_csv = tmp_path / "s.xlsx", tmp_path / "s.csv"
    for out in (xlsx, sheet_csv):
        assert main(["export", "data", "--store", str(demo_copy), "--layer", "services", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["about", "services"] and [_formulas(s) for s in book] == [[], []]
    assert (book["services"]["D1"].value, book["services"]["D2"].value) == ("name", HYPERLINK)
    assert book["services"]["D2"].data_type == "s"
    rows = list(csv.DictReader(io.StringIO(sheet_csv.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0]["name"] == "'" + HYPERLINK
    assert read_table(sheet_csv).frame["name"].iloc[0] == HYPERLINK


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["nearest", "--kind", "csc", "--level", "panchayat"], {"'" + HYPERLINK, "'+1+1", "'-1+1"}),
        (["gaps"], {"'+1+1"}),
        (["inspection-plan", "--block", "B1"], {"'" + HYPERLINK, "'+1+1"}),
        (["site", "--kind", "csc", "--k", "1", "--radius-km", "5"], {"'+1+1"}),
    ],
    ids=["nearest", "gaps", "inspection-plan", "site"],
)
def test_every_command_line_table_writes_names_as_text(tmp_path, argv, expected, capsys):
    store = _hostile_store(tmp_path / "tiny.gpkg")
    csv_out, xlsx_out = tmp_path / "out.csv", tmp_path / "out.xlsx"
    for out in (csv_out, xlsx_out):
        assert main([*argv, "--store", str(store), "--out", str(out)]) == 0
    cells = _csv_cells(csv_out)
    assert expected <= set(cells)
    assert not set(cells) & {HYPERLINK, "+1+1", "-1+1", "@SUM(A1)", "=cmd|' /C calc'!A0"}
    book = openpyxl.load_workbook(xlsx_out)
    assert [_formulas(s) for s in book] == [[] for _ in book.sheetnames]
    texts = {c.value for s in book for row in s.iter_rows() for c in row if c.data_type == "s"}
    assert {cell[1:] for cell in expected} <= texts


def test_the_inspection_form_lists_a_formula_named_panchayat_as_text(tmp_path):
    data = tiny_store()
    data.panchayats["name"] = [HYPERLINK, "+1+1"]
    book = openpyxl.load_workbook(write_inspection_form(tmp_path / "form.xlsx", data, lang="en"))
    assert book.sheetnames == ["survey", "choices", "settings"]
    assert [_formulas(s) for s in book] == [[], [], []]
    labels = {c.value: c.data_type for (c,) in book["choices"].iter_rows(min_col=3, max_col=3)}
    assert labels[f"{HYPERLINK} (P1)"] == labels["+1+1 (P2)"] == "s"


def test_confirmations_write_names_as_text_and_read_back_the_same(tmp_path):
    pending = [
        Match(HYPERLINK, "-1+1", "fuzzy", None, 91.0, candidates=[("P1", "@SUM(A1)", 91.0)], rows=[2]),
        Match("Chalna", "", "ambiguous", None, 80.0, candidates=[("P2", "+1+1", 80.0)], rows=[3]),
    ]
    path = write_confirmations(pending, tmp_path / "status.csv.matches.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    assert [(r["source_name"], r["block"], r["matched_name"]) for r in rows] == [
        ("'" + HYPERLINK, "'-1+1", "'@SUM(A1)"),
        ("Chalna", "", ""),
    ]  # ambiguous: no name chosen for the user
    assert read_confirmations(path).to_dict("list") == {
        "source_name": [HYPERLINK],
        "block": ["-1+1"],
        "matched_code": ["P1"],
    }


def test_confirmations_are_a_csv_file(tmp_path):
    with pytest.raises(GeoInputError, match=r"cannot write status\.txt: expected a \.csv or \.xlsx"):
        write_confirmations([], tmp_path / "status.txt")


def test_the_rejected_rows_keep_the_users_text_as_text(tmp_path, capsys):
    store = _hostile_store(tmp_path / "tiny.gpkg")
    good = east(3)
    sheet = tmp_path / "villages.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["census_code", "village_name", "latitude", "longitude", "population", "=x"],
                ["G1", "Good", good.y, good.x, 10, ""],
                ["B1", HYPERLINK, "north", good.x, 10, "-1+1"],
            ]
        )
    assert main(["import", "villages", str(sheet), "--store", str(store), "--skip-invalid"]) == 0
    rejected = tmp_path / "villages.csv.rejected.csv"
    rows = list(csv.reader(io.StringIO(rejected.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0][:7] == ["row", "census_code", "village_name", "latitude", "longitude", "population", "'=x"]
    assert rows[1][:7] == ["3", "B1", "'" + HYPERLINK, "north", str(good.x), "10", "'-1+1"]


# --- no writer around the one gateway ------------------------------------------------------

#: The one module that makes CSV and XLSX files.
GATEWAY = ROOT / "geo" / "exports" / "tables.py"
#: Names that write a spreadsheet: pandas, openpyxl, the csv module.
WRITING = {"to_csv", "to_excel", "ExcelWriter", "Workbook", "DictWriter", "writerow", "writerows"}
SPREADSHEET_LIBRARIES = {"openpyxl", "xlsxwriter", "xlwt", "odf", "pyexcel"}
#: Readers may open a workbook: the only name of openpyxl they use.
READERS = {ROOT / "geo" / "importing" / "readers.py": {"load_workbook"}}


def _sources() -> list[Path]:
    folders = [ROOT / name for name in ("geo", "cli", "layers", "ui", "bench", "scripts")]
    return sorted([*ROOT.glob("*.py"), *(p for folder in folders for p in folder.rglob("*.py"))])


def _bypasses(source: str, *, reader: set[str] | None = None) -> list[str]:
    """What in ``source`` writes a spreadsheet other than through :func:`geo.exports.tables.table_bytes`."""
    tree = ast.parse(source)
    assigned: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(ast.unparse(node.value))
    found = []
    for node in ast.walk(tree):
        name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
        if name in WRITING:
            found.append(f"line {node.lineno}: {name}")
        elif isinstance(node, ast.Attribute) and node.attr == "writer" and getattr(node.value, "id", "") == "csv":
            found.append(f"line {node.lineno}: csv.writer")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            names = {a.name for a in node.names} if isinstance(node, ast.ImportFrom) else set()
            for module in modules:
                if module.split(".")[0] in SPREADSHEET_LIBRARIES and (reader is None or not names <= reader):
                    found.append(f"line {node.lineno}: import {module}")
        elif reader is not None and name is not None and getattr(node, "value", None) is not None:
            if getattr(node.value, "id", "") == "openpyxl" and name not in reader:
                found.append(f"line {node.lineno}: openpyxl.{name}")
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "download_button":
            found += _download_bypass(node, assigned)
    return found


def _download_bypass(call: ast.Call, assigned: dict[str, list[str]]) -> list[str]:
    """A download of a ``.csv``/``.xlsx`` file name whose bytes do not come from ``table_bytes``."""
    keywords = {k.arg: k.value for k in call.keywords}
    name = keywords.get("file_name")
    data = keywords.get("data", call.args[1] if len(call.args) > 1 else None)
    if name is None or data is None or not any(s in ast.unparse(name) for s in (".csv", ".xlsx")):
        return []
    sources = assigned.get(data.id, []) if isinstance(data, ast.Name) else [ast.unparse(data)]
    if sources and all("table_bytes" in s for s in sources):
        return []
    return [f"line {call.lineno}: download_button {ast.unparse(name)}"]


@pytest.mark.parametrize("module", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_spreadsheet_goes_through_the_one_writer(module):
    if module == GATEWAY:
        return
    found = _bypasses(module.read_text(encoding="utf-8"), reader=READERS.get(module))
    assert found == [], f"{module.relative_to(ROOT)} writes a CSV/XLSX itself ({found}); use tables.table_bytes"


@pytest.mark.parametrize(
    "source",
    [
        "frame.to_csv(path, index=False)",
        "frame.to_excel(path)",
        "import openpyxl\nbook = openpyxl.Workbook()",
        "from openpyxl import Workbook",
        "import csv\ncsv.writer(handle).writerow(row)",
        "st.download_button('x', frame.to_string().encode(), file_name='rows.csv')",
        "st.download_button('x', data=blob, file_name=f'{stem}.xlsx')",
        "blob = frame.to_string().encode()\nst.download_button('x', blob, file_name=f'{stem}.csv')",
    ],
)
def test_the_check_finds_a_writer_that_goes_around(source):
    assert _bypasses(source) != []


def test_the_check_lets_the_one_writer_and_the_reader_through():
    assert _bypasses("st.download_button('x', data=table_bytes(t, '.csv'), file_name=f'{stem}.csv')") == []
    assert _bypasses("blob = table_bytes(t, '.csv')\nst.download_button('x', blob, file_name=f'{stem}.csv')") == []
    assert _bypasses("import openpyxl\nopenpyxl.load_workbook(p)", reader={"load_workbook"}) == []
    assert _bypasses("import openpyxl\nopenpyxl.Workbook()", reader={"load_workbook"}) != []
