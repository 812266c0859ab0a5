"""``kiosk stats``: the visitor figures for a date range (the admin Statistics screen's)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from kiosk import paths, settings


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a date YYYY-MM-DD") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", type=_date, default=None,
                        help="first day, YYYY-MM-DD (default: 30 days before --until)")
    parser.add_argument("--until", type=_date, default=None,
                        help="last day, YYYY-MM-DD (default: today, local time)")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the figures as JSON")
    out.add_argument("--csv", type=Path, metavar="OUT",
                     help="write the figures to a CSV file (figure, key, value)")


def date_range(since: dt.date | None, until: dt.date | None, tz: str) -> tuple[dt.date, dt.date]:
    from zoneinfo import ZoneInfo

    until = until or dt.datetime.now(ZoneInfo(tz)).date()
    since = since or until - dt.timedelta(days=29)
    return since, until


def format_report(r: object) -> str:
    from kiosk.stats.report import Report

    assert isinstance(r, Report)
    lines = [f"visitor statistics {r.since} – {r.until}",
             f"visits            {r.visits}",
             f"median visit      {r.median_visit_s:.0f} s",
             "language share    " + ", ".join(f"{k} {v:.0%}" for k, v in
                                            sorted(r.language_share.items())),
             "events            " + ", ".join(f"{k} {v}" for k, v in sorted(r.counts.items())),
             "top exhibits (visits)"]
    lines += [f"  {slug:<28} {n}" for slug, n in r.exhibit_visits[:10]]
    lines.append("top exhibits (time)")
    lines += [f"  {slug:<28} {s:.0f} s" for slug, s in r.exhibit_seconds[:10]]
    lines.append("visits per day")
    lines += [f"  {d}  {n}" for d, n in r.per_day if n]
    lines.append("visits per hour of day")
    lines += [f"  {h:02d}:00  {n}" for h, n in enumerate(r.per_hour) if n]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from kiosk.stats import store
    from kiosk.stats.export import write_csv
    from kiosk.stats.report import build_report

    cfg = settings.load(args.config)
    tz = cfg["engage.timezone"]
    since, until = date_range(args.since, args.until, tz)
    if since > until:
        print(f"kiosk stats: --since {since} is after --until {until}", file=sys.stderr)
        return 2
    path = store.stats_path_for(paths.db_path(args.db))
    if not path.exists():
        print(f"kiosk stats: {path}: no statistics yet (the kiosk writes them as visitors "
              "come)", file=sys.stderr)
        return 2
    db = store.open_stats(path, readonly=True)
    try:
        report = build_report(db, since=since, until=until, tz=tz)
    finally:
        db.close()
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    elif args.csv:
        write_csv(report, args.csv)
        print(f"kiosk stats: {args.csv} ({report.visits} visits, {since} – {until})")
    else:
        print(format_report(report))
    return 0
