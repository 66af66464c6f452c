"""The command reference, ``docs/cli.md``, written from the parser itself so it never drifts from ``--help``.

``python -m cli.reference`` writes it; ``python -m cli.reference --check`` says whether it is current (exit 1 if
not). argparse has no public way to walk a parser, so this module reads its ``_actions``, ``_action_groups`` and
``_choices_actions`` — as every argparse documentation tool does — and nothing else does.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from cli.parser import build_parser

#: Where the reference lives, beside the other documentation.
REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
#: The groups argparse makes itself (their options are listed without a group heading).
_DEFAULT_GROUPS = ("positional arguments", "options", "optional arguments")
_MARKDOWN = re.compile(r"([\\*<\[\]])")


def command_reference(parser: argparse.ArgumentParser | None = None) -> str:
    """The command reference in Markdown: every command, its help, its arguments and options with their help.

    Parameters
    ----------
    parser : argparse.ArgumentParser, optional
        The command line to describe (default: :func:`cli.build_parser`).

    Returns
    -------
    str
        Markdown that renders on any forge; the same parser always gives the same text.

    Examples
    --------
    >>> text = command_reference()
    >>> text.splitlines()[0]
    '# Command reference'
    >>> "## import villages" in text and "`--dry-run`" in text
    True
    """
    parser = parser or build_parser()
    commands = list(_commands(parser, ()))
    lines = [
        "# Command reference",
        "",
        f"Generated from the command line's parser by `python -m cli.reference`; do not edit by hand. "
        f"`{parser.prog} SUBCOMMAND --help` prints the same help in a terminal.",
        "",
        _text(parser.description or ""),
        "",
        *_store_note(),
        "",
        "## Commands",
        "",
        *(
            f"{'  ' * (len(path) - 1)}- `{' '.join(path)}` — {_text(summary)}"  # no anchors: forges slug them apart
            for path, summary, _ in commands
        ),
        "",
    ]
    for path, summary, command in commands:
        lines += _section(parser.prog, path, summary, command)
    return "\n".join(lines).rstrip("\n") + "\n"


def write_reference(path: Path | None = None) -> Path:
    """Write :func:`command_reference` to ``path`` (default ``docs/cli.md``); return the path."""
    path = path or REFERENCE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(command_reference(), encoding="utf-8")
    return path


def _store_note() -> list[str]:
    return [
        "Every command reads or writes one store: `--store`, else `$PANCHAYAT_STORE`, else `var/store.gpkg` "
        "(the app's working copy of the DEMO store), and says which on stderr. Results go to stdout or the `--out` "
        "file, progress to stderr. Exit codes: 0 done; 1 problems found (an import with errors or names to confirm, "
        "`validate` with errors, `check` finding damage), nothing changed; 2 an error, said in one sentence "
        "(`PANCHAYAT_DEBUG=1` adds the traceback).",
    ]


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], str, argparse.ArgumentParser]]:
    """Every (sub)command below ``parser``, depth first in ``--help`` order: its path, one-line help and parser."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, command in action.choices.items():
                yield (*path, name), helps.get(name, ""), command
                yield from _commands(command, (*path, name))


def _section(prog: str, path: Sequence[str], summary: str, command: argparse.ArgumentParser) -> list[str]:
    """One command's section: heading, synopsis, description and its arguments, group by group."""
    lines = [
        f"{'#' * (len(path) + 1)} {' '.join(path)}",
        "",
        f"`{' '.join([prog, *path, *_synopsis(command)])}`",
        "",
        _text(command.description or summary),
        "",
    ]
    for title, actions in _groups(command):
        lines += ([f"*{_text(title)}*", ""] if title else []) + [_argument(a, command.prog) for a in actions] + [""]
    for exclusive in command._mutually_exclusive_groups:
        options = ", ".join(f"`{a.option_strings[-1]}`" for a in exclusive._group_actions)
        lines += [f"{'Exactly' if exclusive.required else 'At most'} one of {options}.", ""]
    return lines


def _synopsis(command: argparse.ArgumentParser) -> list[str]:
    """What a command line needs: the required options, ``[options]`` when there are others, the positionals."""
    shown = [a for a in command._actions if a.help != argparse.SUPPRESS and not _is_help(a)]
    needed = [f"{a.option_strings[-1]} {_value(a)}" for a in shown if a.option_strings and a.required]
    optional = ["[options]"] if any(a.option_strings and not a.required for a in shown) else []
    return needed + optional + [_value(a) for a in shown if not a.option_strings]


def _groups(command: argparse.ArgumentParser) -> list[tuple[str, list[argparse.Action]]]:
    """The arguments by group, as ``--help`` lists them; argparse's own groups make one list without a title."""
    groups: dict[str, list[argparse.Action]] = {}
    for group in command._action_groups:
        title = "" if group.title in _DEFAULT_GROUPS else group.title or ""
        actions = [a for a in group._group_actions if a.help != argparse.SUPPRESS and not _is_help(a)]
        groups.setdefault(title, []).extend(actions)
    return [(title, actions) for title, actions in groups.items() if actions]


def _is_help(action: argparse.Action) -> bool:
    return isinstance(action, argparse._HelpAction)


def _argument(action: argparse.Action, prog: str) -> str:
    """One list item: the argument as typed, whether it is required, its default and its help."""
    if isinstance(action, argparse._SubParsersAction):
        names = ", ".join(f"`{name}`" for name in action.choices)
        return f"- `{_signature(action)}` — one of {names}"
    notes = [note for note in (_required(action), _default(action)) if note]
    head = f"- `{_signature(action)}`" + (f" ({'; '.join(notes)})" if notes else "")
    return head + (f" — {_text(_help(action, prog))}" if action.help else "")


def _signature(action: argparse.Action) -> str:
    """The argument as ``--help`` writes it: ``--out FILE``, ``--kind {csc,aadhaar}``, ``FILE``, ``--dry-run``."""
    if not action.option_strings:
        return _value(action)
    flags = ", ".join(action.option_strings)
    return flags if action.nargs == 0 else f"{flags} {_value(action)}"


def _value(action: argparse.Action) -> str:
    """What follows the option (or stands for the argument): its metavar, else its choices, else its name."""
    if isinstance(action.metavar, str):
        return action.metavar
    if action.choices is not None:
        return "{" + ",".join(str(choice) for choice in action.choices) + "}"
    return action.dest.upper()


def _required(action: argparse.Action) -> str:
    if action.option_strings and action.required:
        return "required"
    repeatable = isinstance(action, argparse._AppendAction) and "repeatable" not in (action.help or "")
    return "repeatable" if repeatable else ""


def _default(action: argparse.Action) -> str:
    """``default: X`` for a plain default the help does not already state (never a path: it names a checkout)."""
    default = action.default
    if isinstance(default, bool) or not isinstance(default, str | int | float) or "default" in (action.help or ""):
        return ""
    return f"default: {default:g}" if isinstance(default, float) else f"default: {default}"


def _help(action: argparse.Action, prog: str) -> str:
    """The help as argparse prints it (``%%`` is ``%``; ``%(default)s`` and the like filled in)."""
    text = action.help or ""
    if "%" not in text:
        return text
    params = {**vars(action), "prog": prog}
    if action.choices is not None:
        params["choices"] = ", ".join(str(choice) for choice in action.choices)
    return text % params


def _text(text: str) -> str:
    """Plain text for Markdown: what would read as emphasis, HTML or a link is escaped."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``docs/cli.md``, or with ``--check`` say whether it is current (exit 1 when it is not)."""
    parser = argparse.ArgumentParser(prog="python -m cli.reference", description=main.__doc__)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when docs/cli.md is stale")
    args = parser.parse_args(argv)
    if not args.check:
        print(write_reference())
        return 0
    current = REFERENCE.is_file() and REFERENCE.read_text(encoding="utf-8") == command_reference()
    print(f"{REFERENCE} is {'current' if current else 'stale: run python -m cli.reference'}", file=sys.stderr)
    return 0 if current else 1


if __name__ == "__main__":
    raise SystemExit(main())
