"""A review meeting's directions: ``directions add|edit|list|close|report|export``."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import EXIT_OK, add_command, progress, read_district, store_path, user_name
from geo.review.agenda import AGENDA
from geo.review.directions import TARGETS

_VERBS = "{add,edit,list,close,report,export}"


def add_commands(
    sub: argparse._SubParsersAction, reads: argparse.ArgumentParser, writes: argparse.ArgumentParser
) -> None:
    """``directions`` and its verbs: writers on the store ``writes`` names, readers on ``reads``'."""
    directions = sub.add_parser(
        "directions",
        help="a review meeting's directions: add, correct, list with their progress measured from the data, close, "
        "export",
        description="The directions a review meeting gave: who owns each, when it is due, and its status and "
        "figure measured from the data (docs/directions.md).",
    )
    verbs = directions.add_subparsers(dest="verb", required=True, metavar=_VERBS)
    by = argparse.ArgumentParser(add_help=False)
    by.add_argument("--user", default=None, metavar="NAME", help="who makes the change (default: the login name)")
    _add_add(verbs, writes, by)
    _add_edit(verbs, writes, by)
    when = argparse.ArgumentParser(add_help=False)
    when.add_argument(
        "--as-of", metavar="DATE", help="the status on this date (DD.MM.YYYY); default: the latest reports' date"
    )
    when.add_argument("--lang", choices=("en", "hi"), default="en", help="language of the list (default en)")
    when.add_argument("--public", action="store_true", help="only the directions marked public")
    when.add_argument(
        "--district",
        metavar="NAME|CODE",
        help="only one district's directions, measured in it (default: every direction of the store)",
    )
    add_command(
        verbs,
        "list",
        _cmd_list,
        "list the directions with owner, due date, status and figure then and now",
        parents=[reads, when],
    )
    close = add_command(verbs, "close", _cmd_close, "record that the office closed a direction", parents=[writes, by])
    close.add_argument("id", type=int, metavar="ID", help="the direction's number (see `directions list`)")
    close.add_argument("--on", required=True, metavar="DATE", help="the date it was closed (DD.MM.YYYY)")
    report = add_command(
        verbs, "report", _cmd_report, "record an owner's action-taken report on a direction", parents=[writes, by]
    )
    report.add_argument("id", type=int, metavar="ID", help="the direction's number (see `directions list`)")
    report.add_argument("--text", required=True, metavar="TEXT", help="what was done, as the owner reports it")
    report.add_argument("--on", required=True, metavar="DATE", help="the date of the report (DD.MM.YYYY)")
    report.add_argument("--by", default="", metavar="WHO", help="who reports it (an office or officer)")
    export = add_command(
        verbs,
        "export",
        _cmd_export,
        "write the action-taken report: S. No., direction, owner, due date, status, action taken",
        parents=[reads, when],
    )
    export.add_argument("--out", type=Path, required=True, metavar="FILE", help=".xlsx (or .csv)")


def _add_add(verbs: argparse._SubParsersAction, writes: argparse.ArgumentParser, by: argparse.ArgumentParser) -> None:
    add = add_command(verbs, "add", _cmd_add, "add a direction of a meeting", parents=[writes, by])
    add.add_argument("--text-en", metavar="TEXT", help="the direction in English")
    add.add_argument("--text-hi", metavar="TEXT", help="the direction in Hindi")
    add.add_argument(
        "--owner", required=True, metavar="OFFICE", help="who owns it, e.g. 'District Informatics Officer'"
    )
    add.add_argument("--meeting", required=True, metavar="DATE", help="the meeting's date (DD.MM.YYYY)")
    add.add_argument("--given", metavar="DATE", help="the date it was given (default: the meeting's)")
    add.add_argument("--due", metavar="DATE", help="the due date (DD.MM.YYYY); none: never overdue")
    add.add_argument("--agenda", choices=[item.key for item in AGENDA], help="the agenda item it belongs to")
    add.add_argument("--public", action="store_true", help="shown on the public page (default: not)")
    target = add.add_argument_group("a measurable target (optional; docs/directions.md)")
    target.add_argument("--indicator", choices=tuple(TARGETS), help="what is measured")
    target.add_argument(
        "--scope",
        metavar="SCOPE",
        help="district (default), district:CODE, block:LGD or panchayats:LGD;LGD — where it is measured; without "
        "--indicator, whose the direction is",
    )
    target.add_argument("--goal", metavar="GOAL", help="all (default), '>= N%%' or '<= N' (what remains)")
    target.add_argument("--km", type=float, metavar="KM", help="aadhaar: the reach, km (default 10)")
    target.add_argument("--days", type=int, metavar="N", help="inspection: within the last N days (default 30)")


#: ``directions edit`` options -> the fields they correct.
_EDIT_OPTIONS = {
    "text_en": "text_en",
    "text_hi": "text_hi",
    "owner": "owner",
    "agenda": "agenda_item",
    "due": "due_on",
    "public": "public",
    "indicator": "target_indicator",
    "scope": "target_scope",
    "goal": "target_goal",
    "km": "target_km",
    "days": "target_days",
}


def _add_edit(verbs: argparse._SubParsersAction, writes: argparse.ArgumentParser, by: argparse.ArgumentParser) -> None:
    edit = add_command(
        verbs,
        "edit",
        _cmd_edit,
        "correct a direction's words, owner, due date or target (an empty value removes an optional one)",
        parents=[writes, by],
    )
    edit.add_argument("id", type=int, metavar="ID", help="the direction's number (see `directions list`)")
    edit.add_argument("--text-en", metavar="TEXT", help="the direction in English")
    edit.add_argument("--text-hi", metavar="TEXT", help="the direction in Hindi")
    edit.add_argument("--owner", metavar="OFFICE", help="who owns it")
    edit.add_argument("--agenda", metavar="ITEM", help="the agenda item it belongs to ('' for none)")
    edit.add_argument("--due", metavar="DATE", help="the due date (DD.MM.YYYY; '' for none)")
    edit.add_argument("--public", choices=("yes", "no"), help="shown on the public page")
    edit.add_argument("--indicator", metavar="WHAT", help="what is measured ('' for no target)")
    edit.add_argument("--scope", metavar="SCOPE", help="district, block:LGD or panchayats:LGD;LGD")
    edit.add_argument("--goal", metavar="GOAL", help="all, '>= N%%' or '<= N'")
    edit.add_argument("--km", metavar="KM", help="aadhaar: the reach, km")
    edit.add_argument("--days", metavar="N", help="inspection: within the last N days")


def _cmd_edit(args: argparse.Namespace) -> int:
    from geo.storage.direction_edits import edit_direction

    changes = {
        field: getattr(args, option) for option, field in _EDIT_OPTIONS.items() if getattr(args, option) is not None
    }
    if "public" in changes:
        changes["public"] = changes["public"] == "yes"
    changed = edit_direction(store_path(args), args.id, changes, user=user_name(args))
    if not changed:
        print(f"direction {args.id}: nothing to change")
        return EXIT_OK
    for field, (old, new) in changed.items():
        print(f"direction {args.id}: {field} {old!r} -> {new!r}")
    return EXIT_OK


def _cmd_add(args: argparse.Namespace) -> int:
    from geo.storage.direction_edits import add_directions

    row = {
        "meeting_date": args.meeting,
        "given_on": args.given or args.meeting,
        "due_on": args.due,
        "agenda_item": args.agenda,
        "text_en": args.text_en,
        "text_hi": args.text_hi,
        "owner": args.owner,
        "public": args.public,
        "target_indicator": args.indicator,
        "target_scope": args.scope,
        "target_goal": args.goal,
        "target_km": args.km,
        "target_days": args.days,
    }
    (ident,) = add_directions(store_path(args), [row], user=user_name(args))
    print(f"added direction {ident}")
    return EXIT_OK


def _cmd_close(args: argparse.Namespace) -> int:
    from geo.storage.direction_edits import close_direction

    close_direction(store_path(args), args.id, closed_on=args.on, user=user_name(args))
    print(f"closed direction {args.id}")
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from geo.storage.direction_edits import report_action

    remark = report_action(
        store_path(args), args.id, args.text, reported_on=args.on, reported_by=args.by, user=user_name(args)
    )
    print(f"recorded report {remark} on direction {args.id} (marked as reported)")
    return EXIT_OK


def _progress(args: argparse.Namespace):  # noqa: ANN202 - (data, day, list of DirectionProgress)
    import datetime as dt

    from geo.review.directions import directions_on
    from geo.review.status import latest_data_date, parse_date

    # --district: its directions only, those whose target lies in it (geo.review.directions.direction_districts)
    data = read_district(args, private=not args.public)
    day = parse_date(args.as_of, name="--as-of") or latest_data_date(data) or dt.date.today().isoformat()
    progress(f"measuring {len(data.directions):,} direction(s) as of {day}")
    return data, day, directions_on(data, day, public_only=args.public)


def _cmd_list(args: argparse.Namespace) -> int:
    from geo.formats import format_date
    from geo.text import t

    data, day, found = _progress(args)
    lang = args.lang
    title = "DEMO DATA — not official. " if data.is_demo else ""
    print(f"{title}Directions as of {format_date(day)}: {len(found)}")
    for p in found:
        print(
            f"{p.direction_id:>3}. [{p.status_label(lang)}] {p.text(lang)} — {p.owner}, "
            f"{t('direction.column.due_on', lang)} {format_date(p.due_on, lang)}"
        )
        print(f"     {p.action_taken(data, lang)}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from geo.exports.tables import write_tables
    from geo.review.directions import action_taken_table

    data, day, found = _progress(args)
    table = action_taken_table(found, data, args.lang)
    sheet = "action taken " + day
    print(write_tables(args.out, {sheet: table}))
    return EXIT_OK
