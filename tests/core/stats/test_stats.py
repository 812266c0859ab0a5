"""Visitor statistics: events through the real writer thread into a real SQLite file, the
figures built from them, a corrupt file, retention, exports opened again, `kiosk stats`."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from kiosk.stats import store
from kiosk.stats.export import write_csv, write_xlsx
from kiosk.stats.recorder import StatsRecorder
from kiosk.stats.report import build_report
from kiosk.stats.visits import VisitLog

REPO = Path(__file__).resolve().parents[3]
TZ = ZoneInfo("Asia/Shanghai")


class Clock:
    def __init__(self, local: str):
        self.t = dt.datetime.fromisoformat(local).replace(tzinfo=TZ).timestamp()

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def visit(log: VisitLog, clock: Clock, plan: list[tuple[str, float]], *, lang: str = "zh",
          switch: bool = False) -> None:
    """One visitor: start, then (page, seconds there) in turn, then the idle reset."""
    log.start(lang)
    for page, seconds in plan:
        name, _, slug = page.partition(":")
        log.page(name, slug)
        if switch and page.startswith("exhibit"):
            log.language("en" if lang == "zh" else "zh")
        clock.advance(seconds)
    clock.advance(90)  # idle timeout
    log.end(idle_s=90)


@pytest.fixture
def recorded(tmp_path: Path) -> tuple[Path, Clock]:
    clock = Clock("2026-12-01T09:30:00")
    path = tmp_path / "stats.db"
    rec = StatsRecorder(path, clock=clock, flush_s=0.05)
    log = VisitLog(rec, clock=clock, wall=clock)
    visit(log, clock, [("home", 5), ("exhibit:gc-ms", 40), ("home", 3),
                       ("exhibit:titration-robot", 20)])
    clock.advance(3600)  # 10:3x
    visit(log, clock, [("home", 4), ("exhibit:gc-ms", 60)], switch=True)
    clock.advance(86_400)  # the next day
    visit(log, clock, [("home", 2), ("info", 10)], lang="en")
    log.swipe("gc-ms", 1)  # after the visit ended: not counted
    assert rec.flush()
    rec.close()
    return path, clock


def test_visits_exhibits_times_and_languages(recorded: tuple[Path, Clock]) -> None:
    path, _ = recorded
    db = store.open_stats(path, readonly=True)
    r = build_report(db, since=dt.date(2026, 12, 1), until=dt.date(2026, 12, 2),
                     tz="Asia/Shanghai")
    db.close()
    assert r.visits == 3
    assert r.per_day == (("2026-12-01", 2), ("2026-12-02", 1))
    assert r.per_hour[9] == 1 and r.per_hour[10] == 2 and sum(r.per_hour) == 3
    assert r.exhibit_visits == (("gc-ms", 2), ("titration-robot", 1))
    assert r.exhibit_seconds == (("gc-ms", 100.0), ("titration-robot", 20.0))
    # lengths 68, 64 and 12 s (the idle timeout is not part of a visit): the median is 64 s
    assert r.median_visit_s == 64.0
    assert r.language_share == {"zh": round(1 / 3, 4), "en": round(2 / 3, 4)}
    assert r.counts["language"] == 1 and r.counts["page"] == 8 and r.counts["swipe"] == 0
    db = store.open_stats(path, readonly=True)
    one_day = build_report(db, since=dt.date(2026, 12, 2), until=dt.date(2026, 12, 2),
                           tz="Asia/Shanghai")
    db.close()
    assert one_day.visits == 1 and one_day.exhibit_visits == ()


def test_no_personal_data_only_these_columns(recorded: tuple[Path, Clock]) -> None:
    path, _ = recorded
    db = store.open_stats(path, readonly=True)
    cols = [c.name for c in db["events"].columns]
    kinds = {r[0] for r in db.execute("SELECT DISTINCT kind FROM events")}
    db.close()
    assert cols == ["id", "at", "visit", "kind", "target", "value"]
    assert kinds == {"visit_start", "visit_end", "page", "exhibit_time", "language"}


def test_corrupt_file_is_moved_aside_and_content_untouched(tmp_path: Path) -> None:
    content = tmp_path / "kiosk.db"
    content.write_bytes(b"the content database, not ours to touch")
    bad = store.stats_path_for(content)
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    rec = StatsRecorder(bad, flush_s=0.05)
    rec.record(1, "visit_start", "zh")
    assert rec.flush()
    rec.close()
    aside = list(tmp_path.glob("stats.db.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"SQLite format 3")
    db = store.open_stats(bad, readonly=True)
    assert db.execute("SELECT kind, target FROM events").fetchall() == [("visit_start", "zh")]
    db.close()
    assert content.read_bytes() == b"the content database, not ours to touch"


def test_retention_deletes_old_events(tmp_path: Path) -> None:
    db = store.open_stats(tmp_path / "s.db")
    now = 1_800_000_000.0
    store.write_events(db, [(now - 401 * 86_400, 1, "visit_start", "zh", 0),
                            (now - 399 * 86_400, 2, "visit_start", "zh", 0)])
    assert store.prune(db, retention_days=400, now=now) == 1
    assert [r[0] for r in db.execute("SELECT visit FROM events")] == [2]
    db.close()


def test_exports_open_again_with_the_same_figures(recorded: tuple[Path, Clock],
                                                 tmp_path: Path) -> None:
    path, _ = recorded
    db = store.open_stats(path, readonly=True)
    r = build_report(db, since=dt.date(2026, 12, 1), until=dt.date(2026, 12, 2),
                     tz="Asia/Shanghai")
    db.close()
    seen: list[float] = []
    out = write_xlsx(r, tmp_path / "usb" / "stats.xlsx", progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Summary 概要", "Days 每日", "Hours 时段", "Exhibits 展项",
                             "Time 停留"]
    days = [tuple(row) for row in wb["Days 每日"].iter_rows(min_row=2, values_only=True)]
    assert days == [("2026-12-01", 2), ("2026-12-02", 1)]
    exhibits = {row[0]: row[1] for row in wb["Time 停留"].iter_rows(min_row=2, values_only=True)}
    assert exhibits == {"gc-ms": 100.0, "titration-robot": 20.0}
    summary = {row[0]: row[1] for row in wb["Summary 概要"].iter_rows(values_only=True)}
    assert summary["visits 访问次数"] == 3
    c = write_csv(r, tmp_path / "usb" / "stats.csv")
    with open(c, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["figure", "key", "value"]
    assert ["visits_per_day", "2026-12-01", "2"] in rows
    assert ["exhibit_seconds", "gc-ms", "100.0"] in rows
    assert not list((tmp_path / "usb").glob(".*.tmp"))


def test_kiosk_stats_command(recorded: tuple[Path, Clock], tmp_path: Path) -> None:
    path, _ = recorded
    db_path = path.parent / "kiosk.db"

    def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk", "stats", "--db", str(db_path),
                               "--config", str(tmp_path / "none.toml"), *args],
                              capture_output=True, text=True, cwd=REPO, timeout=60)

    done = kiosk("--since", "2026-12-01", "--until", "2026-12-02", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["visits"] == 3 and data["exhibit_visits"] == {"gc-ms": 2, "titration-robot": 1}
    text = kiosk("--since", "2026-12-01", "--until", "2026-12-02")
    assert "visits            3" in text.stdout and "gc-ms" in text.stdout
    out = tmp_path / "out.csv"
    done = kiosk("--since", "2026-12-01", "--until", "2026-12-02", "--csv", str(out))
    assert done.returncode == 0
    assert "visits_per_day,2026-12-01,2" in out.read_text(encoding="utf-8-sig")
    bad = kiosk("--since", "2026-12-03", "--until", "2026-12-01")
    assert bad.returncode == 2 and "after --until" in bad.stderr
