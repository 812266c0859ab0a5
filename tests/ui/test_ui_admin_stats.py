"""访客统计: the admin screen shows the same figures as `kiosk stats`, and its export opens."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

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


def _hours_of(stats_path: Path) -> list[Any]:
    from kiosk.stats import hourly
    db = store.open_stats(stats_path, readonly=True)
    try:
        return [hourly.aggregate_hour(db, h)
                for h in hourly.final_hours(db, after=0, now=time.time())]
    finally:
        db.close()


def test_the_author_picks_this_kiosk_the_showroom_or_one_kiosk(  # type: ignore[no-untyped-def]
        window, qtbot, db_path, tmp_path) -> None:
    """On the fleet's author: 本机 / 全展厅 / each kiosk, from a real fleet-stats.db."""
    from helpers.fleet import write_visits

    from kiosk.stats import fleetstore, hourly

    record_visits(db_path)  # this kiosk's own three visits
    h = hourly.hour_of(time.time()) - 2 * 3600
    lobby, gcms = tmp_path / "lobby-stats.db", tmp_path / "gcms-stats.db"
    write_visits(lobby, [(h + 10, ["gc-ms"], "zh", 30.0), (h + 300, ["gc-ms"], "en", 60.0)])
    write_visits(gcms, [(h + 20, ["titration-robot"], "en", 40.0)])
    fleet = fleetstore.fleet_stats_path(tmp_path / "author")
    fdb = fleetstore.open_fleet_stats(fleet)
    fleetstore.store_hours(fdb, "yidian", "lobby", _hours_of(lobby), name="大厅 Lobby", now=1.0)
    fdb.close()
    listeners: list[Any] = []
    enter_admin(window, qtbot, db_path)
    shell = window.admin.shell
    screen = shell.stats
    screen.set_fleet(fleet, site="yidian", subscribe=listeners.append)
    loads = screen.loads
    tap_ready(qtbot, shell.nav["stats"])
    qtbot.wait_until(lambda: screen.loads > loads)
    seg = screen.scope_seg
    assert screen.scope_box.isVisible() and seg is not None
    assert seg.keys == ["local", "site", "kiosk:yidian/lobby"]
    assert [seg.buttons[k].text() for k in seg.keys] == ["本机", "全展厅", "大厅 Lobby"]
    assert screen.report is not None and screen.report.visits == 3   # this kiosk
    assert not screen.fleet_note.isVisible()

    def pick(key: str) -> None:
        before = screen.loads
        tap_ready(qtbot, screen.scope_seg.buttons[key])  # type: ignore[union-attr]
        qtbot.wait_until(lambda: screen.loads > before and screen.loaded is not None
                         and screen.loaded.scope == key)

    pick("site")
    assert screen.report is not None and screen.report.visits == 2
    assert "大厅 Lobby 2" in screen.fleet_note.text() and "截至" in screen.fleet_note.text()
    # a second kiosk reports: the open screen reloads and offers it
    fdb = fleetstore.open_fleet_stats(fleet)
    fleetstore.store_hours(fdb, "yidian", "gcms", _hours_of(gcms), now=2.0)
    fdb.close()
    loads = screen.loads
    for cb in listeners:
        cb()
    qtbot.wait_until(lambda: screen.loads > loads and screen.report is not None
                     and screen.report.visits == 3)
    assert screen.scope_seg is not None
    assert screen.scope_seg.keys == ["local", "site", "kiosk:yidian/gcms", "kiosk:yidian/lobby"]
    assert screen.scope_seg.value == "site"
    assert screen.bar_heights(screen.plots["top_visits"]) == [2.0, 1.0]  # gc-ms, titration
    assert "大厅 Lobby 2  ·  gcms 1" in screen.fleet_note.text()
    pick("kiosk:yidian/gcms")
    assert screen.report is not None and screen.report.visits == 1
    assert dict(screen.report.exhibit_visits) == {"titration-robot": 1}
    assert screen.report.language_share["en"] == 1.0
    # in English, and the export names its scope
    shell.toggle_language.emit()
    qtbot.wait_until(lambda: screen.scope_seg is not None
                     and screen.scope_seg.buttons["site"].text() == "Whole showroom")
    assert "complete up to" in screen.fleet_note.text()
    stick = tmp_path / "usb"
    stick.mkdir()
    screen.export_to(stick)
    qtbot.wait_until(lambda: screen.last_export is not None, timeout=10_000)
    assert not isinstance(screen.last_export, Exception), screen.last_export
    assert next(stick.glob("kiosk-stats-gcms-*.xlsx"))
    pick("local")
    assert screen.report is not None and screen.report.visits == 3
    assert not screen.fleet_note.isVisible()


def test_the_first_range_ends_today_in_the_kiosks_time_zone(app, qtbot, cfg, db_path) -> None:  # type: ignore[no-untyped-def]
    """17:30 UTC on 1 December is already 2 December in Shanghai: the screen's first range
    must end there (it ended on the PC's date, and today's visits fell outside it)."""
    from kiosk.ui.app import build_window

    w = build_window(cfg, db_path, sync=True,
                     clock=lambda: dt.datetime(2026, 12, 1, 17, 30, tzinfo=dt.UTC))
    qtbot.addWidget(w)
    assert w.schedule.tz == "Asia/Shanghai"
    screen = w.admin.shell.stats
    assert (screen.since.value, screen.until.value) == (dt.date(2026, 11, 26),
                                                        dt.date(2026, 12, 2))
    w.admin.shutdown()
    w.allow_close = True
    w.close()
