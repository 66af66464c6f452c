"""The import-kind registry (geo.importing.kinds): the faces it makes stay as they were; a new kind is one entry."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.parser import build_parser

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
