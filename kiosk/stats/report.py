"""The figures curators report: visits per day and per hour, top exhibits by visits and time,
language share, median visit length, for a range of local dates (``engage.timezone``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database


@dataclasses.dataclass(frozen=True)
class Report:
    since: str                                   # local dates, inclusive
    until: str
    visits: int
    median_visit_s: float
    per_day: tuple[tuple[str, int], ...]         # every date of the range, zeros included
    per_hour: tuple[int, ...]                    # 24 counts of visit starts, local hours
    exhibit_visits: tuple[tuple[str, int], ...]  # slug, visits that opened it; most first
    exhibit_seconds: tuple[tuple[str, float], ...]  # slug, time spent; most first
    language_share: dict[str, float]             # the language each visit ended in
    counts: dict[str, int]                       # page views, swipes, chart touches, …

    def as_dict(self) -> dict[str, Any]:
        return {
            "since": self.since, "until": self.until, "visits": self.visits,
            "median_visit_s": self.median_visit_s,
            "per_day": dict(self.per_day), "per_hour": list(self.per_hour),
            "exhibit_visits": dict(self.exhibit_visits),
            "exhibit_seconds": dict(self.exhibit_seconds),
            "language_share": self.language_share, "counts": self.counts,
        }

    def rows(self) -> list[tuple[str, str, float]]:
        """The report as (figure, key, value) rows: the CSV form."""
        out: list[tuple[str, str, float]] = [
            ("summary", "visits", self.visits),
               ("summary", "median_visit_s", self.median_visit_s)]
        out += [("count", k, v) for k, v in sorted(self.counts.items())]
        out += [("visits_per_day", d, n) for d, n in self.per_day]
        out += [("visits_per_hour", f"{h:02d}", n) for h, n in enumerate(self.per_hour)]
        out += [("exhibit_visits", s, n) for s, n in self.exhibit_visits]
        out += [("exhibit_seconds", s, v) for s, v in self.exhibit_seconds]
        out += [("language_share", k, v) for k, v in sorted(self.language_share.items())]
        return out


def _bounds(since: dt.date, until: dt.date, tz: ZoneInfo) -> tuple[float, float]:
    start = dt.datetime.combine(since, dt.time(), tz).timestamp()
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tz).timestamp()
    return start, end


@dataclasses.dataclass
class Facts:
    """What the events say about the visits that started in ``[lo, hi)``: the one reading of
    the events behind both the local report and the fleet's hourly aggregates."""

    starts: list[tuple[int, float, str]]        # visit, epoch start, language at the start
    lengths: list[float]                        # visit lengths (visits that ended)
    exhibit_visits: dict[str, set[int]]         # slug -> the visits that opened it
    exhibit_seconds: dict[str, float]           # slug -> time spent
    final_language: dict[int, str]              # the language each visit ended in
    counts: dict[str, int]                      # page views, swipes, chart touches, ...


COUNTED = ("page", "language", "swipe", "chart", "narration", "qr")


def collect(db: Database, lo: float, hi: float) -> Facts:
    """Read the events of every visit that started at ``lo <= at < hi`` (their other events
    may run past ``hi``: a visit belongs to the hour and the day it started in)."""
    conn = db.conn
    starts = [(int(v), float(at), str(lang)) for v, at, lang in conn.execute(
        "SELECT visit, at, target FROM events WHERE kind = 'visit_start' AND at >= ? AND at < ? "
        "ORDER BY at", [lo, hi]).fetchall()]
    visits = {v: lang for v, _at, lang in starts}
    lo_v = min(visits) if visits else 0
    hi_v = max(visits) if visits else -1

    def of_visits(sql: str) -> list[Any]:
        # ``+kind``: found by the visit index (a few visits), not by kind (the whole file)
        return conn.execute(sql, [lo_v, hi_v]).fetchall()

    lengths = [float(r[1]) for r in of_visits("SELECT visit, value FROM events WHERE +kind = "
                                              "'visit_end' AND visit BETWEEN ? AND ?")
               if r[0] in visits]
    ex_visits: dict[str, set[int]] = {}
    for v, target in of_visits("SELECT visit, target FROM events WHERE +kind = 'page' AND "
                               "visit BETWEEN ? AND ? AND target LIKE 'exhibit:%'"):
        if v in visits:
            ex_visits.setdefault(target.split(":", 1)[1], set()).add(v)
    ex_seconds: dict[str, float] = {}
    for v, target, value in of_visits("SELECT visit, target, value FROM events WHERE +kind = "
                                      "'exhibit_time' AND visit BETWEEN ? AND ?"):
        if v in visits:
            ex_seconds[target] = ex_seconds.get(target, 0.0) + value
    final = dict(visits)
    for v, target in of_visits("SELECT visit, target FROM events WHERE +kind = 'language' AND "
                               "visit BETWEEN ? AND ? ORDER BY at, id"):
        if v in final:
            final[v] = target
    counts = dict.fromkeys(COUNTED, 0)
    for v, kind in of_visits("SELECT visit, kind FROM events WHERE visit BETWEEN ? AND ? AND "
                             "+kind IN ('page', 'language', 'swipe', 'chart', 'narration', "
                             "'qr')"):
        if v in visits:
            counts[kind] += 1
    return Facts(starts, lengths, ex_visits, ex_seconds, final, counts)


def language_share(counts: dict[str, int]) -> dict[str, float]:
    """Visits per final language as shares (zh and en always present)."""
    share = dict.fromkeys(("zh", "en"), 0.0)
    for lang, n in counts.items():
        share[lang] = share.get(lang, 0.0) + n
    total = sum(counts.values())
    if total:
        share = {k: round(n / total, 4) for k, n in share.items()}
    return share


def ranked(values: dict[str, float], *, digits: int | None = None) -> tuple[Any, ...]:
    """Most first, then by slug."""
    items = ((s, round(v, digits) if digits is not None else v) for s, v in values.items())
    return tuple(sorted(items, key=lambda x: (-x[1], x[0])))


def empty_days(since: dt.date, until: dt.date) -> dict[str, int]:
    return {(since + dt.timedelta(days=i)).isoformat(): 0 for i in range((until - since).days + 1)}


def build_report(db: Database, *, since: dt.date, until: dt.date, tz: str) -> Report:
    """Every figure for visits that started between ``since`` and ``until`` (local dates)."""
    zone = ZoneInfo(tz)
    lo, hi = _bounds(since, until, zone)
    f = collect(db, lo, hi)
    days = empty_days(since, until)
    hours = [0] * 24
    for _v, at, _lang in f.starts:
        local = dt.datetime.fromtimestamp(at, zone)
        days[local.date().isoformat()] = days.get(local.date().isoformat(), 0) + 1
        hours[local.hour] += 1
    langs: dict[str, int] = {}
    for lang in f.final_language.values():
        langs[lang] = langs.get(lang, 0) + 1
    return Report(
        since=since.isoformat(), until=until.isoformat(), visits=len(f.starts),
        median_visit_s=round(statistics.median(f.lengths), 1) if f.lengths else 0.0,
        per_day=tuple(sorted(days.items())), per_hour=tuple(hours),
        exhibit_visits=ranked({s: len(v) for s, v in f.exhibit_visits.items()}),
        exhibit_seconds=ranked(f.exhibit_seconds, digits=1),
        language_share=language_share(langs), counts=f.counts)
