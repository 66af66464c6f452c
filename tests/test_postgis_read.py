"""The commands that read a store give the same output from a PostGIS store as from its GeoPackage.

The DEMO store is copied to the session's PostGIS database (``postgis_url``, tests/postgis.py)
once; ``summary``, ``gaps`` and ``export data`` then run against the GeoPackage and against the
URL, and their outputs must be identical apart from what :func:`masked` hides by hand: the
export's timestamp (``2026-12-03 15:37 UTC``), the store's name and the output folder. The
commands that write refuse a URL in one sentence and change nothing; the URL's password
appears in no output.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl
import pytest

from cli import main
from geo.storage.location import shown_store, store_location
from geo.storage.postgis import copy_store, read_extras
from geo.storage.store import DEMO_STORE, STORE_ENV, read_store

#: The one thing an export writes that changes from run to run: when it was exported (the "about" sheet, a CSV's note).
TIMESTAMP = re.compile(r"\b\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\b")
#: What a refused write says (the rest names the command and how to work meanwhile).
REFUSED = "which on a server store"


@pytest.fixture(scope="module")
def server_store(postgis_url: str) -> str:
    """The DEMO store copied to a schema of its own in the session's PostGIS database."""
    url = f"{postgis_url}{'&' if '?' in postgis_url else '?'}schema=r_{uuid.uuid4().hex[:12]}"
    copy_store(str(DEMO_STORE), url, user="test")
    return url


def password(url: str) -> str:
    """The URL's password (the test database's has one: ``scripts/db.sh`` generates it)."""
    found = urlsplit(url).password
    assert found, "the test server's URL has no password, so these tests could not see it leak"
    return found


def masked(text: str, store: str | Path, folder: Path) -> str:
    """``text`` with the timestamp, the store's shown name and the output folder replaced by placeholders."""
    text = TIMESTAMP.sub("TIME", text)
    return text.replace(shown_store(store), "STORE").replace(str(folder), "OUT")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``python -m geo ARGV``."""
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def both(
    argv: list[str], server_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[dict[str, Path], str]:
    """Run ``argv`` (``{out}`` for its output folder) on the GeoPackage and on the server; assert the same output.

    Returns the output folder of each (``gpkg``, ``server``) and the server's standard output.
    """
    outputs = {}
    folders = {}
    for name, store in (("gpkg", str(DEMO_STORE)), ("server", server_store)):
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        code, out, err = run([part.format(out=folder) for part in argv] + ["--store", store], capsys)
        assert code == 0, err
        assert password(server_store) not in out + err
        outputs[name] = (masked(out, store, folder), masked(err, store, folder))
        folders[name] = folder
    assert outputs["server"] == outputs["gpkg"]
    return folders, out


def cells(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet's cell values, the export's timestamp masked."""
    book = openpyxl.load_workbook(path)
    return {
        sheet.title: [
            [TIMESTAMP.sub("TIME", v) if isinstance(v, str) else v for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        for sheet in book.worksheets
    }


def test_read_store_reads_a_url_as_the_file_it_was_copied_from(server_store, demo):
    data = read_store(server_store)
    assert data.meta == demo.meta
    assert len(data.panchayats) == 118 and len(data.villages) == 1100
    assert data.panchayats["lgd_code"].tolist() == demo.panchayats["lgd_code"].tolist()
    assert data.revision == 1  # the copy is the server store's first write


def test_a_url_is_kept_as_text_and_shown_without_its_password():
    url = "postgresql://editor:s3cret-pw@db.example:5432/state?schema=jamtara"
    assert store_location(url) == url
    assert store_location("postgresql.gpkg") == Path("postgresql.gpkg")
    assert shown_store(url) == "postgresql://editor:***@db.example:5432/state?schema=jamtara"
    assert shown_store(Path("var/store.gpkg")) == "var/store.gpkg"


def test_summary_is_the_same_on_both_stores(server_store, tmp_path, capsys):
    _, out = both(["summary", "--since", "2020-11-12"], server_store, tmp_path, capsys)
    assert out.startswith("DEMO DATA — not official. Jamtara district, Jharkhand")
    assert "40 / 118" in out and "7,91,042" in out


def test_gaps_are_the_same_on_both_stores(server_store, tmp_path, capsys):
    folders, _ = both(["gaps", "--out", "{out}/gaps.csv"], server_store, tmp_path, capsys)
    text = (folders["server"] / "gaps.csv").read_bytes()
    assert text == (folders["gpkg"] / "gaps.csv").read_bytes()
    assert text.count(b"\n") > 1  # a header and rows, not an empty list
    folders, _ = both(["gaps", "--out", "{out}/gaps.xlsx"], server_store, tmp_path, capsys)
    assert cells(folders["server"] / "gaps.xlsx") == cells(folders["gpkg"] / "gaps.xlsx")


@pytest.mark.parametrize("layer", ["panchayats", "services", "villages"])
def test_export_data_is_the_same_on_both_stores(layer, server_store, tmp_path, capsys):
    argv = ["export", "data", "--layer", layer, "--out"]
    folders, _ = both([*argv, f"{{out}}/{layer}.csv"], server_store, tmp_path, capsys)
    csv = (folders["server"] / f"{layer}.csv").read_text(encoding="utf-8")
    assert TIMESTAMP.sub("TIME", csv) == TIMESTAMP.sub("TIME", (folders["gpkg"] / f"{layer}.csv").read_text("utf-8"))
    rows = {"panchayats": 118, "villages": 1100}
    if layer in rows:
        assert len(csv.strip().splitlines()) == rows[layer] + 1  # a header and every row
    folders, _ = both([*argv, f"{{out}}/{layer}.xlsx"], server_store, tmp_path, capsys)
    server, gpkg = cells(folders["server"] / f"{layer}.xlsx"), cells(folders["gpkg"] / f"{layer}.xlsx")
    assert server == gpkg
    assert ["exported", "TIME"] in server["about"]  # the one masked cell is there, masked


def test_the_store_named_by_the_environment_may_be_a_url(server_store, monkeypatch, capsys):
    monkeypatch.setenv(STORE_ENV, server_store)
    code, out, err = run(["validate"], capsys)
    assert code == 0 and "OK; 0 warning(s)" in out and "118 panchayats, 6 blocks" in out
    assert f"… store: {shown_store(server_store)} ($PANCHAYAT_STORE)" in err
    assert password(server_store) not in out + err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["check"], "`python -m geo check` reads a GeoPackage file"),
    ],
)
def test_check_of_a_server_store_refuses_in_one_sentence(argv, says, server_store, capsys):
    before = read_store(server_store, private=True).revision, read_extras(server_store)
    argv = [*argv, "--store", server_store]
    code, out, err = run(argv, capsys)
    assert code == 2 and out == ""
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and says in lines[0] and REFUSED in lines[0] and "nothing was changed" in lines[0]
    assert "python -m geo copy --from URL --to work.gpkg" in lines[0]
    assert "Traceback" not in err and password(server_store) not in err
    after = read_store(server_store, private=True).revision, read_extras(server_store)
    assert after[0] == before[0]
    assert after[1].versions.equals(before[1].versions) and after[1].accounts.equals(before[1].accounts)


def test_a_wrong_password_is_never_printed(server_store, capsys):
    parts = urlsplit(server_store)
    wrong = parts._replace(netloc=f"{parts.username}:Wr0ng-Pa55word@{parts.hostname}:{parts.port}").geturl()
    code, out, err = run(["summary", "--store", wrong], capsys)
    assert code == 2 and out == ""
    assert "cannot connect to the PostGIS server" in err and "nothing was read or written" in err
    assert "Wr0ng-Pa55word" not in err and f"{parts.username}:***@" in err
