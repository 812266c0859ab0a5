"""访客统计: the admin screen shows the same figures as `kiosk stats`, and its export opens."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
from helpers.admin import enter_admin, tap_ready

from kiosk.stats import store
from kiosk.stats.recorder import StatsRecorder
from kiosk.stats.visits import VisitLog

REPO = Path(__file__).resolve().parents[2]


def record_visits(db_path: Path) -> None:
    t = [0.0]
    rec = StatsRecorder(store.stats_path_for(db_path), flush_s=0.05)
    log = VisitLog(rec, clock=lambda: t[0])
    for slugs in (["gc-ms", "titration-robot"], ["gc-ms"], ["robot-training-ground"]):
        log.start("zh")
        for slug in slugs:
            log.page("exhibit", slug)
            t[0] += 30
        log.end()
    assert rec.flush()
    rec.close()


def test_statistics_screen_agrees_with_kiosk_stats_and_exports(  # type: ignore[no-untyped-def]
        window, qtbot, db_path, tmp_path) -> None:
    record_visits(db_path)
    enter_admin(window, qtbot, db_path)
    shell = window.admin.shell
    screen = shell.stats
    loads = screen.loads
    tap_ready(qtbot, shell.nav["stats"])
    qtbot.wait_until(lambda: screen.loads > loads)
    r = screen.report
    assert r is not None and r.visits == 3
    assert f"{r.visits}" in screen.figures.text()
    assert screen.bar_heights(screen.plots["top_visits"]) == [2.0, 1.0, 1.0]  # gc-ms first
    assert screen.bar_heights(screen.plots["top_time"]) == [1.0, 0.5, 0.5]   # minutes
    assert sum(screen.bar_heights(screen.plots["per_day"])) == 3
    # the command prints the same figures for the same range
    done = subprocess.run([sys.executable, "-m", "kiosk", "stats", "--db", str(db_path),
                           "--config", str(tmp_path / "none.toml"), "--since", r.since,
                           "--until", r.until, "--json"], capture_output=True, text=True,
                          cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(json.dumps(r.as_dict()))
    # export onto a "stick": both files, the progress bar gone afterwards
    stick = tmp_path / "usb"
    stick.mkdir()
    screen.export_to(stick)
    qtbot.wait_until(lambda: screen.last_export is not None, timeout=10_000)
    assert not isinstance(screen.last_export, Exception), screen.last_export
    xlsx = next(stick.glob("kiosk-stats-*.xlsx"))
    wb = openpyxl.load_workbook(xlsx)
    visits = {row[0]: row[1] for row in wb["Exhibits 展项"].iter_rows(min_row=2, values_only=True)}
    assert visits == {"gc-ms": 2, "titration-robot": 1, "robot-training-ground": 1}
    assert next(stick.glob("kiosk-stats-*.csv")).stat().st_size > 0
    assert not screen.progress.isVisible()
    # a range with nothing in it says so
    screen.since.set_value(dt.date(2020, 1, 1))
    screen.until.set_value(dt.date(2020, 1, 2))
    loads = screen.loads
    screen.refresh()
    qtbot.wait_until(lambda: screen.loads > loads)
    assert screen.report is not None and screen.report.visits == 0
    assert screen.empty.isVisible()
