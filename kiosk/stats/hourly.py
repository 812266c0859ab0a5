"""Hourly aggregates: what a fleet kiosk tells the author about its visitors, never raw events.

One aggregate per kiosk and hour (the UTC hour a visit *started* in, epoch seconds, a multiple
of 3600): how many visits, their total and median length, the distribution of visit lengths in
whole seconds (so that medians over many hours and kiosks stay exact to the second), visits and
seconds per exhibit, the language each visit ended in, and the interaction counts. No visit
numbers, no times finer than the hour, nothing about a person.

:func:`report_from_hours` turns any set of them (one kiosk, a whole showroom) into the same
:class:`~kiosk.stats.report.Report` the local statistics screen shows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from kiosk.stats.report import (
    COUNTED,
    Report,
    _bounds,
    collect,
    empty_days,
    language_share,
    ranked,
)

HOUR = 3600
# an hour is final once every visit that started in it has ended, or this long after its end
# (a kiosk that crashed mid-visit leaves a visit that never ends)
OPEN_VISIT_LIMIT_S = 3600.0


@dataclasses.dataclass(frozen=True)
class HourAggregate:
    hour: int                          # epoch seconds of the hour's start (UTC, % 3600 == 0)
    visits: int
    visit_s: float                     # total length of the visits that ended
    median_visit_s: float
    lengths: dict[int, int]            # whole seconds -> visits that long
    exhibit_visits: dict[str, int]     # slug -> visits that opened it
    exhibit_s: dict[str, float]        # slug -> seconds spent on it
    languages: dict[str, int]          # the language each visit ended in -> visits
    counts: dict[str, int]             # page, language, swipe, chart, narration, qr


def hour_of(at: float) -> int:
    return int(at // HOUR) * HOUR


def aggregate_hour(db: Database, hour: int) -> HourAggregate:
    """The aggregate of the visits that started in ``[hour, hour + 3600)``."""
    f = collect(db, hour, hour + HOUR)
    lengths: dict[int, int] = {}
    for s in f.lengths:
        lengths[round(s)] = lengths.get(round(s), 0) + 1
    langs: dict[str, int] = {}
    for lang in f.final_language.values():
        langs[lang] = langs.get(lang, 0) + 1
    return HourAggregate(
        hour=hour, visits=len(f.starts), visit_s=round(sum(f.lengths), 1),
        median_visit_s=round(statistics.median(f.lengths), 1) if f.lengths else 0.0,
        lengths=dict(sorted(lengths.items())),
        exhibit_visits={s: len(v) for s, v in sorted(f.exhibit_visits.items())},
        exhibit_s={s: round(v, 1) for s, v in sorted(f.exhibit_seconds.items())},
        languages=dict(sorted(langs.items())), counts=dict(f.counts))


def final_hours(db: Database, *, after: int, now: float) -> list[int]:
    """The hours after ``after`` that had visits and are over: each visit that started in them
    has ended (or ``OPEN_VISIT_LIMIT_S`` passed since the hour's end). Oldest first."""
    conn = db.conn
    rows = conn.execute(
        "SELECT s.at, EXISTS(SELECT 1 FROM events e WHERE e.kind = 'visit_end' "
        "AND e.visit = s.visit) FROM events s WHERE s.kind = 'visit_start' AND s.at >= ? "
        "AND s.at < ?", [max(0, after + HOUR), hour_of(now)]).fetchall()
    hours: dict[int, bool] = {}
    for at, ended in rows:
        h = hour_of(at)
        hours[h] = hours.get(h, True) and bool(ended)
    return sorted(h for h, done in hours.items()
                  if h > after and (done or now >= h + HOUR + OPEN_VISIT_LIMIT_S))


def median_of(lengths: dict[int, int]) -> float:
    """The median of a length distribution (whole seconds -> visits)."""
    total = sum(lengths.values())
    if not total:
        return 0.0
    keys = sorted(lengths)

    def nth(i: int) -> int:  # the i-th length, 0-based
        seen = 0
        for k in keys:
            seen += lengths[k]
            if i < seen:
                return k
        return keys[-1]
    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def report_from_hours(hours: Iterable[HourAggregate], *, since: dt.date, until: dt.date,
                      tz: str) -> Report:
    """The report of the hours that fall in ``since`` .. ``until`` (local dates of ``tz``)."""
    zone = ZoneInfo(tz)
    lo, hi = _bounds(since, until, zone)
    days = empty_days(since, until)
    per_hour = [0] * 24
    visits = 0
    lengths: dict[int, int] = {}
    ex_visits: dict[str, float] = {}
    ex_seconds: dict[str, float] = {}
    langs: dict[str, int] = {}
    counts = dict.fromkeys(COUNTED, 0)
    for a in hours:
        if not lo <= a.hour < hi or not a.visits:
            continue
        local = dt.datetime.fromtimestamp(a.hour, zone)
        days[local.date().isoformat()] = days.get(local.date().isoformat(), 0) + a.visits
        per_hour[local.hour] += a.visits
        visits += a.visits
        for k, n in a.lengths.items():
            lengths[k] = lengths.get(k, 0) + n
        for s, n in a.exhibit_visits.items():
            ex_visits[s] = ex_visits.get(s, 0) + n
        for s, v in a.exhibit_s.items():
            ex_seconds[s] = ex_seconds.get(s, 0.0) + v
        for lang, n in a.languages.items():
            langs[lang] = langs.get(lang, 0) + n
        for kind, n in a.counts.items():
            if kind in counts:
                counts[kind] += n
    return Report(
        since=since.isoformat(), until=until.isoformat(), visits=visits,
        median_visit_s=round(median_of(lengths), 1), per_day=tuple(sorted(days.items())),
        per_hour=tuple(per_hour),
        exhibit_visits=tuple((s, int(n)) for s, n in ranked(ex_visits)),
        exhibit_seconds=ranked(ex_seconds, digits=1), language_share=language_share(langs),
        counts=counts)
