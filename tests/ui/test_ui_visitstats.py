"""Visitor statistics from the real window: synthesized touch, real idle resets, a real
statistics file written by the recorder's thread, read back by the report."""

from __future__ import annotations

import datetime as dt

import pyqtgraph as pg
from helpers.clock import FakeClock
from helpers.touch import swipe, tap
from PySide6.QtCore import QPoint

from kiosk.stats import store
from kiosk.stats.recorder import StatsRecorder
from kiosk.stats.report import build_report
from kiosk.stats.visits import VisitLog
from kiosk.ui.visitstats import VisitTracker


def test_three_visits_with_idle_resets_between(app, window, qtbot, db_path) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    path = store.stats_path_for(db_path)
    recorder = StatsRecorder(path, flush_s=0.05)
    tracker = VisitTracker(window, VisitLog(recorder, clock=clock))
    tracker.install(app)  # as kiosk run does: chart touches are seen application-wide
    def idle_reset() -> None:
        # the visitor walks away: a real idle timeout, short here (and only here, so that a
        # busy machine never resets a visit in the middle)
        window.idle.set_timeout(0.3)
        window.idle.start()
        clock.now += 0.3
        qtbot.wait_until(lambda: window.current == "attract", timeout=5000)
        window.idle.set_timeout(90)

    def open_card(slug: str) -> None:
        tap(window.home.card(slug))
        qtbot.wait_until(lambda: window.current == "exhibit")
        g = window.exhibit.gallery  # laid out at its final size before a finger swipes it
        qtbot.wait_until(lambda: g.isVisible() and g.width() >= 400 and g.height() >= 200)

    # visit 1: GC-MS 30 s (one swipe), back, titration robot 12 s
    tap(window.attract)
    qtbot.wait_until(lambda: window.current == "home")
    open_card("gc-ms")
    g = window.exhibit.gallery
    y = g.height() // 2
    swipe(g, QPoint(int(g.width() * 0.8), y), QPoint(int(g.width() * 0.2), y))
    qtbot.wait_until(lambda: g.index == 1, timeout=5000)  # the spring-back has settled
    clock.now += 30
    tap(window.exhibit.topbar.back_btn)
    qtbot.wait_until(lambda: window.current == "home")
    open_card("titration-robot")
    clock.now += 12
    idle_reset()
    # visit 2: switches to English, robot training ground 45 s, a touch on its chart
    clock.now += 600
    tap(window.attract)
    qtbot.wait_until(lambda: window.current == "home")
    tap(window.home.topbar.lang_btn)
    qtbot.wait_until(lambda: window.state.lang == "en")
    open_card("robot-training-ground")
    tap(window.exhibit.charts)  # wherever it lands in the region: a title, a gap, a plot
    chart = window.exhibit.charts.findChild(pg.PlotWidget)
    tap(chart.viewport())  # right on a plot (it takes the touch for pinch and pan)
    tap(window.exhibit.topbar)  # not a chart
    clock.now += 45
    idle_reset()
    # visit 3: only the info page
    clock.now += 600
    tap(window.attract)
    qtbot.wait_until(lambda: window.current == "home")
    tap(window.home.topbar.info_btn)
    qtbot.wait_until(lambda: window.current == "info")
    clock.now += 20
    idle_reset()
    qtbot.wait(50)  # the reset's own changes are taken after the event: let them pass
    tracker.remove(app)
    assert recorder.flush()
    recorder.close()
    db = store.open_stats(path, readonly=True)
    today = dt.date.today()
    r = build_report(db, since=today - dt.timedelta(days=1), until=today + dt.timedelta(days=1),
                     tz="Asia/Shanghai")
    kinds = db.execute("SELECT visit, kind, target FROM events ORDER BY id").fetchall()
    db.close()
    assert r.visits == 3, kinds
    assert dict(r.exhibit_visits) == {"gc-ms": 1, "titration-robot": 1,
                                      "robot-training-ground": 1}
    assert dict(r.exhibit_seconds) == {"gc-ms": 30.0, "titration-robot": 12.0,
                                       "robot-training-ground": 45.0}
    assert (r.counts["swipe"], r.counts["language"], r.counts["chart"]) == (1, 1, 2), kinds
    assert r.language_share == {"zh": round(2 / 3, 4), "en": round(1 / 3, 4)}
    # lengths: 42 s, 45 s and 20 s (the idle timeout is not counted): median 42 s
    assert r.median_visit_s == 42.0
    assert r.counts["qr"] >= 3  # two exhibit codes, and the info page's card and apply code
    visits = sorted({v for v, _k, _t in kinds})
    assert len(visits) == 3


def test_a_touch_counts_on_the_visible_part_of_a_widget_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QWidget

    from kiosk.ui.visitstats import on_widget

    window = QWidget()
    qtbot.addWidget(window)
    window.resize(400, 300)
    column = QWidget(window)  # a scrolling column's viewport: 200 px high
    column.setGeometry(0, 0, 400, 200)
    target = QWidget(column)  # half of it scrolled below the viewport
    target.setGeometry(0, 100, 400, 200)
    overlay = QWidget(window)  # a panel over the left part
    overlay.setGeometry(QRect(0, 0, 100, 300))
    window.show()
    qtbot.waitExposed(window)

    def at(x: int, y: int) -> bool:
        return on_widget(target, window, window.mapToGlobal(QPoint(x, y)))

    assert at(200, 150)          # on the target, in view
    assert not at(200, 250)      # on the target, but scrolled out of the column
    assert not at(200, 50)       # above the target
    assert not at(50, 150)       # under the overlay
    overlay.hide()
    assert at(50, 150)
