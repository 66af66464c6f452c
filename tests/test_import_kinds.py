"""The import-kind registry (geo.importing.kinds): the faces it makes stay as they were; a new kind is one entry."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from editors import add_editor, session_of
from streamlit.testing.v1 import AppTest
from tiny_district import east

from cli import main
from cli.parser import build_parser
from geo.errors import GeoInputError
from geo.importing import ImportResult, import_file, import_services
from geo.importing.kinds import DOC, ImportKind, Option, Widget, Words, documented, kind_names, kinds_table, registered
from geo.importing.options import ImportOptions, ServiceOptions
from geo.storage.accounts import Account
from geo.storage.store import StoreData, read_store
from ui.data import import_choices

#: Every ``import`` subcommand's help and option settings, as the hand-written parser had them.
GOLDEN = Path(__file__).parent / "golden" / "import_cli.txt"


def import_parser_dump() -> str:
    """``import --help``, each ``import KIND --help`` and each option's settings (dest, type, default, choices …)."""
    parser = build_parser()
    imp = _subcommands(parser)["import"]
    out = [imp.format_help()]
    for name, cmd in _subcommands(imp).items():
        out.append(f"==== import {name}\n{cmd.format_help()}")
        out += [
            repr(
                (
                    a.option_strings,
                    a.dest,
                    getattr(a.type, "__name__", a.type),
                    a.default,
                    a.choices,
                    a.required,
                    a.metavar,
                    a.nargs,
                    type(a).__name__,
                    a.help,
                )
            )
            for a in cmd._actions
        ]
    return "\n".join(out) + "\n"


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices


def test_import_commands_are_byte_identical_to_the_hand_written_parser(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert import_parser_dump() == GOLDEN.read_text(encoding="utf-8")


# A demo kind, declared here and nowhere else: public toilets as service-like points.


@dataclass(frozen=True)
class ToiletOptions:
    """The toilets' own option."""

    swap_latlon: bool = False


def import_toilets(
    store: StoreData | None,
    path: str | os.PathLike[str],
    options: ImportOptions = ImportOptions(),
    *,
    own: ToiletOptions = ToiletOptions(),
) -> ImportResult:
    """Public toilets from a table with latitude/longitude (the demo keeps them as ``library`` service points)."""
    return import_services(store, path, options, own=ServiceOptions("library", swap_latlon=own.swap_latlon))


TOILETS = ImportKind(
    "toilets",
    Words(
        "public toilets as points from CSV/XLSX with latitude/longitude", "अक्षांश/देशांतर वाली CSV/XLSX से सार्वजनिक शौचालय"
    ),
    Words("Public toilets — CSV/XLSX with latitude/longitude", "सार्वजनिक शौचालय — अक्षांश/देशांतर वाली CSV/XLSX"),
    "CSV/XLSX",
    ("service_points",),
    import_toilets,
    roles=("id", "name", "lat", "lon"),
    own=ToiletOptions,
    options=(
        Option(
            "swap_latlon",
            "--swap-latlon",
            Words("the toilets' latitude/longitude are swapped", "शौचालयों के अक्षांश/देशांतर आपस में बदले हुए हैं"),
            type=bool,
            widget=Widget(
                "checkbox", "swap", Words("Latitude and longitude are swapped", "अक्षांश और देशांतर आपस में बदले हुए हैं")
            ),
        ),
        Option(
            "confirm_removal",
            "--confirm-removal",
            Words("allow a large removal", "बड़ा हटाना होने दें"),
            type=bool,
            widget=Widget("removal", "confirm_removal"),
        ),
    ),
    role_flags={"code": "id"},
    refused_roles=("population", "wkt"),
    refusal="{flags}: not for a {kind} file (give --lat-col and --lon-col)",
)


@pytest.fixture
def toilets() -> Iterator[ImportKind]:
    with registered(TOILETS) as kind:
        yield kind
    assert "toilets" not in kind_names()


def toilets_csv(tmp_path: Path) -> Path:
    """Two toilets in panchayat P2 of the tiny district, 3 and 7 km east of its origin."""
    rows = [
        f"{code},{name},{point.y},{point.x}"
        for code, name, point in (("T1", "Bus stand", east(3)), ("T2", "Market", east(7)))
    ]
    path = tmp_path / "toilets.csv"
    path.write_text("\n".join(["ID,Name,Latitude,Longitude", *rows]) + "\n", encoding="utf-8")
    return path


def library_points(store: Path) -> list[tuple[str, str]]:
    points = read_store(store).service_points
    points = points[points["kind"] == "library"]
    return sorted(zip(points["id"].astype(str), points["name"], strict=True))


def test_a_registered_kind_is_a_command_with_its_help_and_options(toilets, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit, match="0"):
        main(["import", "--help"])
    assert "    toilets     public toilets as points from CSV/XLSX with latitude/longitude\n" in (
        capsys.readouterr().out
    )
    with pytest.raises(SystemExit, match="0"):
        main(["import", "toilets", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: python -m geo import toilets [-h] [--store PATH]")
    assert "  --swap-latlon         the toilets' latitude/longitude are swapped\n" in out
    assert "--replace" not in out and "--kind" not in out


def test_a_registered_kind_imports_a_file_from_the_command_line(toilets, tiny_named_store, tmp_path, capsys):
    source = toilets_csv(tmp_path)
    assert main(["import", "toilets", str(source), "--store", str(tiny_named_store), "--user", "asha"]) == 0
    assert "applied as version 1 of" in capsys.readouterr().out
    assert library_points(tiny_named_store) == [("T1", "Bus stand"), ("T2", "Market")]
    assert main(["import", "toilets", str(source), "--store", str(tiny_named_store), "--wkt-col", "Name"]) == 2
    assert "--wkt-col: not for a toilets file (give --lat-col and --lon-col)" in capsys.readouterr().err


def test_without_the_registration_the_kind_is_unknown(tiny_named_store, tmp_path, capsys):
    assert "toilets" not in kind_names()
    with pytest.raises(GeoInputError, match="unknown import kind 'toilets'; expected one of boundaries, villages"):
        import_file("toilets", None, toilets_csv(tmp_path))
    with pytest.raises(SystemExit, match="2"):
        main(["import", "toilets", "x.csv"])
    assert "invalid choice: 'toilets'" in capsys.readouterr().err


def data_page(store: str) -> None:
    from pathlib import Path

    from ui.data import render

    render(Path(store))


def toilets_page(store: str, source: str) -> None:
    from pathlib import Path

    from ui.data import import_panel

    import_panel(Path(store), Path(source), user="asha", kind="toilets")


def test_a_registered_kind_is_a_choice_of_the_data_page_with_its_widgets(toilets, tiny_named_store, tmp_path):
    add_editor(tiny_named_store, "asha")
    at = AppTest.from_function(data_page, args=(str(tiny_named_store),), default_timeout=30)
    at.session_state["editor_session"] = session_of("asha")
    at.run()
    assert not at.exception
    assert at.selectbox(key="data_kind_en").options[-1] == "Public toilets — CSV/XLSX with latitude/longitude"
    assert import_choices(Account("nala.bdo", "editor", ("B1",), "", "test")) == [
        "status",
        "certificates",
        "inspections",
    ]

    at = AppTest.from_function(
        toilets_page, args=(str(tiny_named_store), str(toilets_csv(tmp_path))), default_timeout=30
    ).run()
    assert not at.exception
    assert at.checkbox(key="toilets:toilets.csv:swap").label == "Latitude and longitude are swapped"
    mapped = {s.key.rsplit(":", 1)[1]: s.value for s in at.selectbox if s.key.startswith("toilets:toilets.csv:col:")}
    assert mapped == {"id": "ID", "name": "Name", "lat": "Latitude", "lon": "Longitude"}
    at.button(key="toilets:toilets.csv:apply").click().run()
    assert not at.exception
    assert library_points(tiny_named_store) == [("T1", "Bus stand"), ("T2", "Market")]


def test_the_table_of_import_kinds_in_the_docs_is_current():
    text = DOC.read_text(encoding="utf-8")
    assert documented(text) == text, "docs/importing.md is stale: run python -m geo.importing"
    assert "| `roads` | the road network, replacing the store's" in text
    stale = text.replace("`--level panchayat\\|block\\|district`", "`--level`")
    assert stale != text and documented(stale) == text


def test_a_registered_kind_is_a_row_of_the_docs_table(toilets):
    assert kinds_table().splitlines()[-1] == (
        "| `toilets` | public toilets as points from CSV/XLSX with latitude/longitude | CSV/XLSX | `service_points` "
        "| `--swap-latlon` `--confirm-removal` | `id`, `name`, `lat`, `lon` |"
    )


def test_a_docs_page_without_the_marks_is_refused():
    with pytest.raises(GeoInputError, match="importing.md has no '<!-- import kinds"):
        documented("# Importing\n")
