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
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--fleet", action="store_true",
                       help="on the author: the whole showroom (every kiosk's hourly figures)")
    scope.add_argument("--kiosk", metavar="ID",
                       help="on the author: one kiosk's figures (kiosk id, site/id or name)")
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


def _fleet(args: argparse.Namespace, cfg: settings.Config, since: dt.date, until: dt.date,
           tz: str) -> tuple[object, dict[str, object], str] | int:
    """The showroom's or one kiosk's report from the author's ``fleet/fleet-stats.db``."""
    from kiosk.stats import fleetstore

    path = fleetstore.fleet_stats_path(paths.db_path(args.db).parent)
    if not path.exists():
        print(f"kiosk stats: {path}: no fleet statistics (only the author collects them, "
              "from the kiosks' hourly reports)", file=sys.stderr)
        return 2
    db = fleetstore.open_fleet_stats(path, readonly=True)
    try:
        site = cfg["fleet.site"] if cfg["fleet.enabled"] else None
        known = fleetstore.kiosks(db, site)
        extra: dict[str, object] = {}
        if args.kiosk:
            hits = [k for k in known if args.kiosk in (k.kiosk, k.key, k.name)]
            if len(hits) != 1:
                names = ", ".join(k.key for k in (hits or known)) or "none yet"
                print(f"kiosk stats: --kiosk {args.kiosk!r}: "
                      f"{'ambiguous' if hits else 'unknown'} (kiosks: {names})", file=sys.stderr)
                return 2
            k = hits[0]
            report = fleetstore.fleet_report(db, since=since, until=until, tz=tz, site=k.site,
                                             kiosk=k.kiosk)
            extra["scope"] = {"kiosk": k.key, "name": k.name}
            title = f"kiosk {k.key}" + (f" ({k.name})" if k.name else "")
        else:
            report = fleetstore.fleet_report(db, since=since, until=until, tz=tz, site=site)
            labels = {k.key: k.name for k in known}
            per = fleetstore.visits_by_kiosk(db, since=since, until=until, tz=tz, site=site)
            extra["scope"] = {"site": site or "all"}
            extra["per_kiosk"] = {key: {"name": labels.get(key, ""), "visits": n}
                                  for key, n in per}
            title = f"showroom {site or '(all sites)'}, {len(known)} kiosks"
        last = fleetstore.last_hour(db, site)
    finally:
        db.close()
    if last:
        from zoneinfo import ZoneInfo
        end = dt.datetime.fromtimestamp(last + 3600, ZoneInfo(tz))
        extra["complete_until"] = end.isoformat(timespec="minutes")
    return report, extra, title


def run(args: argparse.Namespace) -> int:
    from kiosk.stats import store
    from kiosk.stats.export import write_csv
    from kiosk.stats.report import Report, build_report

    cfg = settings.load(args.config)
    tz = cfg["engage.timezone"]
    since, until = date_range(args.since, args.until, tz)
    if since > until:
        print(f"kiosk stats: --since {since} is after --until {until}", file=sys.stderr)
        return 2
    if args.fleet or args.kiosk:
        got = _fleet(args, cfg, since, until, tz)
        if isinstance(got, int):
            return got
        fleet_report, extra, title = got
        assert isinstance(fleet_report, Report)
        if args.json:
            print(json.dumps(fleet_report.as_dict() | extra, ensure_ascii=False, indent=1))
        elif args.csv:
            write_csv(fleet_report, args.csv)
            print(f"kiosk stats: {args.csv} ({title}: {fleet_report.visits} visits, "
                  f"{since} – {until})")
        else:
            print(f"{title}\n" + format_report(fleet_report))
            per = extra.get("per_kiosk")
            if isinstance(per, dict) and per:
                print("visits per kiosk")
                for key, v in per.items():
                    print(f"  {key:<28} {v['visits']}  {v['name']}")
            if "complete_until" in extra:
                print(f"kiosks report hourly: complete up to {extra['complete_until']}")
        return 0
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
