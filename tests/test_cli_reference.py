"""docs/cli.md is what the parser says: written by cli.reference, never stale, never edited by hand."""

from __future__ import annotations

import argparse

import cli.reference as reference
from cli.reference import REFERENCE, command_reference


def _toy_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="toy", description="A toy command line.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    greet = sub.add_parser("greet", help="say hello", description="Say hello to someone, loudly or not.")
    greet.add_argument("file", metavar="FILE", help="where to write")
    greet.add_argument("--name", required=True, help="whom to greet")
    greet.add_argument("--times", type=int, default=2, metavar="N")
    greet.add_argument("--loud", action="store_true", help="more than 50%% louder")
    greet.add_argument("--tag", action="append", default=[], metavar="TAG")
    style = greet.add_argument_group("style")
    colour = style.add_mutually_exclusive_group()
    colour.add_argument("--colour", choices=("red", "blue"), help="a *bright* colour <b>")
    colour.add_argument("--plain", action="store_true")
    users = sub.add_parser("users", help="accounts")
    verbs = users.add_subparsers(dest="verb", required=True, metavar="VERB")
    verbs.add_parser("list", help="list them")
    return parser


def test_the_reference_of_a_toy_parser_reads_as_written_by_hand():
    assert command_reference(_toy_parser()).split("## Commands\n", 1)[1] == (
        "\n"
        "- `greet` — say hello\n"
        "- `users` — accounts\n"
        "  - `users list` — list them\n"
        "\n"
        "## greet\n"
        "\n"
        "`toy greet --name NAME [options] FILE`\n"
        "\n"
        "Say hello to someone, loudly or not.\n"
        "\n"
        "- `FILE` — where to write\n"
        "- `--name NAME` (required) — whom to greet\n"
        "- `--times N` (default: 2)\n"
        "- `--loud` — more than 50% louder\n"
        "- `--tag TAG` (repeatable)\n"
        "\n"
        "*style*\n"
        "\n"
        "- `--colour {red,blue}` — a \\*bright\\* colour \\<b>\n"
        "- `--plain`\n"
        "\n"
        "At most one of `--colour`, `--plain`.\n"
        "\n"
        "## users\n"
        "\n"
        "`toy users VERB`\n"
        "\n"
        "accounts\n"
        "\n"
        "- `VERB` — one of `list`\n"
        "\n"
        "### users list\n"
        "\n"
        "`toy users list`\n"
        "\n"
        "list them\n"
    )


def test_docs_cli_md_is_what_the_generator_writes():
    assert REFERENCE.read_text(encoding="utf-8") == command_reference(), (
        "docs/cli.md is stale: run `python -m cli.reference` and commit docs/cli.md"
    )


def test_the_reference_names_every_import_kind_and_the_store_option():
    text = command_reference()
    for kind in ("boundaries", "villages", "services", "status", "certificates", "inspections", "roads", "water"):
        assert f"\n### import {kind}\n\n`python -m geo import {kind} " in text
    assert "- `--confirm-removal` — allow an import that removes more than 5% of a layer's rows or people" in text
    assert "\n## passwd\n\n`python -m geo passwd`\n\nreplaced by accounts: see `users add`\n" in text


def test_check_says_stale_until_the_reference_is_written(tmp_path, monkeypatch, capsys):
    target = tmp_path / "docs" / "cli.md"
    monkeypatch.setattr(reference, "REFERENCE", target)
    assert reference.main(["--check"]) == 1
    assert "stale: run python -m cli.reference" in capsys.readouterr().err
    assert reference.main([]) == 0
    assert reference.main(["--check"]) == 0
    target.write_text(target.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    assert reference.main(["--check"]) == 1
