"""Field inspections: ``inspection-plan`` (who is due, in visiting order) and ``inspection-form`` (the XLSForm)."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import EXIT_OK, add_command, progress, read_data


def add_commands(sub: argparse._SubParsersAction, reads: argparse.ArgumentParser) -> None:
    """``inspection-plan`` and ``inspection-form``, reading the store ``reads`` names."""
    plan = add_command(
        sub,
        "inspection-plan",
        _cmd_inspection_plan,
        "list a block's panchayats due for inspection, in visiting order from the block HQ, day by day",
        parents=[reads],
    )
    plan.add_argument("--block", required=True, metavar="BLOCK", help="the block's LGD code or name (English or Hindi)")
    plan.add_argument(
        "--as-of",
        metavar="DATE",
        help="the day of the plan (YYYY-MM-DD); default: the latest reports' date, as the Review",
    )
    plan.add_argument(
        "--days",
        type=int,
        default=30,
        metavar="N",
        help="due when not inspected in the last N days (default 30) or found offline last time",
    )
    plan.add_argument("--per-day", type=int, default=6, metavar="K", help="most visits in one day's list (default 6)")
    plan.add_argument("--out", type=Path, required=True, metavar="FILE", help=".csv or .xlsx")

    form = add_command(
        sub,
        "inspection-form",
        _cmd_inspection_form,
        "write the inspection form (XLSForm) for ODK Central / KoboToolbox, listing the store's panchayats",
        parents=[reads],
    )
    form.add_argument("--lang", choices=("both", "en", "hi"), default="both", help="label languages (default both)")
    form.add_argument("--out", type=Path, required=True, metavar="FILE", help="an .xlsx file, e.g. inspection.xlsx")


def _cmd_inspection_plan(args: argparse.Namespace) -> int:
    import datetime as dt

    from geo.exports.tables import write_tables
    from geo.formats import format_count, format_date, format_km
    from geo.review.inspections import due_reason, inspection_kpi, inspection_plan, inspection_state
    from geo.review.status import latest_data_date

    data = read_data(args)
    as_of = args.as_of or latest_data_date(data) or dt.date.today().isoformat()
    plan = inspection_plan(data, args.block, as_of=as_of, window_days=args.days, per_day=args.per_day)
    block = data.blocks.set_index(data.blocks["lgd_code"].astype(str)).loc[plan.attrs["block"], "name"]
    state = inspection_state(data.panchayats, data.status_events, as_of=as_of, window_days=args.days)
    days_since = state["days_since"]
    why = [due_reason(r.reason, r.last_inspected, days_since.get(r.lgd_code)) for r in plan.itertuples()]
    start = "the block HQ" if plan.attrs["start"] == "HQ" else "the block's centre (no HQ recorded)"
    title = "DEMO DATA — not official. " if data.is_demo else ""
    print(
        f"{title}Inspection plan for {block} block as of {format_date(plan.attrs['as_of'])}: "
        f"{format_count(len(plan))} of {format_count(plan.attrs['panchayats'])} panchayats due (not inspected in "
        f"the last {args.days} days, or found offline at the last inspection)"
    )
    print(
        f"Visiting order by straight line from {start} (not yet by road); "
        f"at most {args.per_day} visits a day, each day from the HQ and back"
    )
    for day, visits in plan.groupby("day", sort=True):
        print(f"Day {day}:")
        for r in visits.itertuples():
            print(
                f"  {r.visit:>3}. {r.name} ({r.lgd_code}) — {why[r.Index]} — {format_km(r.leg_km)} "
                f"{'from the HQ' if r.visit == visits['visit'].iloc[0] else 'on'}"
            )
    kpi = inspection_kpi(data.panchayats, data.status_events, as_of=as_of, window_days=args.days)
    print(f"{kpi.label()}: {kpi.text()}" + ("" if kpi.inspected is None else " panchayats of the district"))
    table = plan.assign(why=why, ordered_by=f"straight line (geodesic) from {start}")
    print(write_tables(args.out, {"inspection_plan": table}))
    return EXIT_OK


def _cmd_inspection_form(args: argparse.Namespace) -> int:
    from geo.review.inspection_form import write_inspection_form

    data = read_data(args)
    progress(f"writing the inspection form for {len(data.panchayats):,} panchayats in {len(data.blocks):,} blocks")
    print(write_inspection_form(args.out, data, lang=args.lang))
    progress("upload it to ODK Central (Forms ▸ New) or KoboToolbox (Deploy ▸ Import an XLSForm) as it is")
    return EXIT_OK
