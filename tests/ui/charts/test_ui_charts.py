"""Live charts on exhibit pages: fed from a real Hub's channels, replay fallback, language,
visitor pan and the idle reset."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from helpers.clock import FakeClock
from helpers.touch import swipe
from PySide6.QtCore import QPoint

from kiosk.sensors.hub import Hub
from kiosk.ui.charts.panel import ChartsPanel
from kiosk.ui.charts.view import ChartView

INSTRUMENT_PAGES = ("gc-ms", "titration-robot", "robot-training-ground")


def panel_of(window) -> ChartsPanel:  # type: ignore[no-untyped-def]
    content = window.exhibit.charts.content
    assert isinstance(content, ChartsPanel)
    return content


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def hub_window(app, qtbot, cfg, db_path, clock) -> Iterator[tuple[object, Hub]]:  # type: ignore[no-untyped-def]
    from kiosk.ui.app import build_window
    cfg = cfg.with_overrides(sensors__replay_after_s=2.0)
    hub = Hub(cfg, clock=clock, wall=lambda: clock.now + 1.7e9)
    w = build_window(cfg, db_path, hub=hub, sync=True)
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    yield w, hub
    w.allow_close = True
    w.close()


def feed_titration(hub: Hub, clock: FakeClock, volumes: list[float], phs: list[float]) -> None:
    t = clock.now + 1.7e9
    hub.channels["titrator.volume_ml"].extend(np.full(len(volumes), t) + np.arange(len(volumes)),
                                              np.array(volumes), arrival=clock.now)
    hub.channels["titrator.ph"].extend(np.full(len(phs), t) + np.arange(len(phs)),
                                       np.array(phs), arrival=clock.now)


def test_charts_on_the_instrument_pages_only(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    for slug in INSTRUMENT_PAGES:
        window.open_exhibit(slug)
        qtbot.wait_until(lambda: window.current == "exhibit")
        panel = panel_of(window)
        qtbot.wait_until(panel.isVisible)  # a widget added to a shown page shows on the next pass
        assert panel.views
        for view in panel.views:
            # without a hub the exhibit's recording plays at once: never an empty chart
            assert any(c.xData is not None and c.xData.size > 10 for c in view.curves.values())
            assert view.status is not None and view.status.mode == "replay"
            assert "2025年7月8日" in view.badge.text()
    window.open_exhibit("yidian-branch")
    assert window.exhibit.charts.content is None
    assert not window.exhibit.charts.isVisible()


def test_hub_data_is_drawn_and_unchanged_data_is_not_redrawn(hub_window, qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    window, hub = hub_window
    hub.sources["titrator"].set_connected(True)
    window.open_exhibit("titration-robot")
    panel = panel_of(window)
    qtbot.wait_until(panel.isVisible)
    view = panel.views[0]
    volumes = [0.0, 1.0, 2.0, 3.0]
    feed_titration(hub, clock, volumes, [2.0, 2.1, 2.3, 2.6])
    assert panel.tick()
    curve = view.curves["titrator.ph"]
    assert list(curve.xData) == volumes
    assert list(curve.yData) == [2.0, 2.1, 2.3, 2.6]
    assert view.status is not None and view.status.mode == "live"
    drawn = view.redraws
    assert not panel.tick(), "same channel versions: nothing to redraw"
    assert view.redraws == drawn
    feed_titration(hub, clock, [4.0], [3.0])
    assert panel.tick() and view.redraws == drawn + 1
    assert curve.xData[-1] == 4.0
    # a hidden page neither polls nor paints
    window.show_page("home")
    qtbot.wait_until(lambda: not panel.isVisible())
    assert not panel.timer.isActive()
    feed_titration(hub, clock, [5.0], [3.2])
    assert not panel.tick()
    assert view.redraws == drawn + 1
    window.show_page("exhibit")
    qtbot.wait_until(lambda: panel.timer.isActive())
    assert curve.xData[-1] == 5.0  # caught up as soon as it is shown again


def test_badge_switches_to_replay_and_back_to_live(hub_window, qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    window, hub = hub_window
    hub.sources["titrator"].set_connected(True)
    window.open_exhibit("titration-robot")
    panel = panel_of(window)
    qtbot.wait_until(panel.isVisible)
    view = panel.views[0]
    feed_titration(hub, clock, [0.0, 0.5], [2.0, 2.05])
    clock.now += 3.2
    panel.tick()
    assert view.badge.text().startswith("● 实时") and "3 秒前" in view.badge.text()
    clock.now += 10.0  # stale: no sample for longer than 5 s
    panel.tick()
    clock.now += 2.5  # past sensors.replay_after_s
    panel.tick()
    assert view.status is not None and view.status.mode == "replay"
    assert "回放" in view.badge.text() and "2025年7月8日" in view.badge.text()
    assert view.curves["titrator.ph"].xData.size > 50  # the recording, pre-filled
    feed_titration(hub, clock, [0.0], [2.0])
    panel.tick()
    assert view.status.mode == "live" and view.badge.text().startswith("● 实时")
    assert list(view.curves["titrator.ph"].xData) == [0.0]


def test_language_switch_changes_titles_badges_and_annotations(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_exhibit("titration-robot")
    view: ChartView = panel_of(window).views[0]
    ex = window.content.snapshot.exhibit("titration-robot")
    assert view.title.text() == ex.charts[0].title.zh
    assert view.note.text().startswith("等当点")  # the recording is past its equivalence point
    assert "pKa" in view.note.text()
    window.state.toggle_language()
    qtbot.wait_until(lambda: window.state.lang == "en")
    assert view.title.text() == ex.charts[0].title.en
    assert view.note.text().startswith("Equivalence point:") and "mL, pH" in view.note.text()
    assert "Replay" in view.badge.text() and "8 Jul 2025" in view.badge.text()
    assert view.axes["bottom"].labelText.startswith("Titrant volume")
    cjk = [t for t in (view.title.text(), view.note.text(), view.badge.text())
           if any("\u4e00" <= c <= "\u9fff" for c in t)]
    assert cjk == []


def test_drag_pans_within_limits_and_reset_restores_live_range(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_exhibit("robot-training-ground")
    view = next(v for v in panel_of(window).views if v.spec.is_time)
    assert view.follow and view.vb.viewRange()[0] == pytest.approx([-30.0, 0.0])
    vp = view.plot.viewport()
    c = vp.rect().center()
    swipe(vp, c, c + QPoint(vp.width() // 3, 0))
    qtbot.wait_until(lambda: not view.follow)
    x0, _x1 = view.vb.viewRange()[0]
    assert x0 < -30.0 and x0 >= -30.0 * 1.06  # panned back in time, not past the limit
    view.zoom_at(c.toPointF(), 2.0)  # as a pinch does
    assert view.vb.viewRange()[0][1] - view.vb.viewRange()[0][0] < 20.0
    window.exhibit.reset()
    assert view.follow and view.vb.viewRange()[0] == pytest.approx([-30.0, 0.0])


def feed_first_second(hub: Hub, clock: FakeClock, instrument: str) -> dict[str, np.ndarray]:
    """The first second of a simulated run, as a live feed delivers it."""
    from kiosk.sensors.sources.simulator import simulate
    hub.sources[instrument].set_connected(True)
    block = simulate(instrument, 1.0, seed=1)
    for name, (t, v) in block.items():
        hub.channels[name].extend(t + clock.now + 1.7e9, v, arrival=clock.now)
    return {name: v for name, (_t, v) in block.items()}


def test_a_run_s_first_second_already_has_the_instrument_s_ranges(hub_window, qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    window, hub = hub_window
    feed_first_second(hub, clock, "titrator")
    window.open_exhibit("titration-robot")
    panel = panel_of(window)
    qtbot.wait_until(panel.isVisible)
    panel.tick()
    view = panel.views[0]
    assert set(view.curves["titrator.ph"].xData) == {0.0}  # conditioning: nothing dosed yet
    (x0, x1), (y0, y1) = view.vb.viewRange()
    # volume from 0 to about twice the expected equivalence (not -0.9 .. 0.9 mL), pH 0-14
    assert -1.0 < x0 <= 0.0 and x1 >= 29.0
    assert y0 <= 0.0 and y1 >= 14.0

    data = feed_first_second(hub, clock, "gcms")
    window.open_exhibit("gc-ms")
    panel = panel_of(window)
    qtbot.wait_until(panel.isVisible)
    panel.tick()
    view = panel.views[0]
    (x0, x1), (y0, y1) = view.vb.viewRange()
    tic = data["gcms.tic"]
    assert -1.0 < x0 <= 0.0 and x1 >= 30.0  # retention time fills from the left
    assert y0 <= 0.0 <= y0 + 0.03 * (y1 - y0), "abundance starts at zero"
    assert tic.max() <= y0 + 0.2 * (y1 - y0), "baseline noise stays a low line"


def test_a_new_run_clears_the_last_one(hub_window, qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    window, hub = hub_window
    hub.sources["titrator"].set_connected(True)
    window.open_exhibit("titration-robot")
    panel = panel_of(window)
    qtbot.wait_until(panel.isVisible)
    view = panel.views[0]
    from kiosk.sensors.sources.simulator import simulate
    block = simulate("titrator", 400, seed=1)
    vol = block["titrator.volume_ml"][1]
    end = int(np.argmax(np.diff(vol) < 0))  # the first sample of the second run
    feed_titration(hub, clock, list(vol[:end + 1]), list(block["titrator.ph"][1][:end + 1]))
    clock.now += 1  # the analysis runs twice a second
    panel.tick()
    assert view.findings is not None and view.findings.equivalence is not None
    assert view.eq_line.isVisible()
    clock.now += 100  # the next sample: titration starts again at 0 mL
    feed_titration(hub, clock, [0.0, 0.0], [2.1, 2.1])
    clock.now += 1
    panel.tick()
    assert set(view.curves["titrator.ph"].xData) == {0.0}
    assert not view.eq_line.isVisible() and not view.eq_dot.isVisible()
    x0, x1 = view.vb.viewRange()[0]
    assert -1.0 < x0 <= 0.0 and 29.0 <= x1 <= 40.0


def pinch(widget, dev, centre: QPoint, start: int, steps: list[int]) -> None:  # type: ignore[no-untyped-def]
    """Two fingers on ``widget`` at ``centre`` ± ``start`` px, then at ± each of ``steps``."""
    from PySide6.QtTest import QTest
    win = widget.window()
    c = widget.mapTo(win, centre)

    def at(d: int) -> tuple[QPoint, QPoint]:
        return c - QPoint(d, 0), c + QPoint(d, 0)

    a, b = at(start)
    QTest.touchEvent(win, dev, False).press(0, a, win).press(1, b, win).commit()
    for d in steps:
        a, b = at(d)
        QTest.touchEvent(win, dev, False).move(0, a, win).move(1, b, win).commit()
    QTest.touchEvent(win, dev, False).release(0, a, win).release(1, b, win).commit()


def test_two_fingers_apart_zoom_a_live_chart_about_their_centre(  # type: ignore[no-untyped-def]
        hub_window, qtbot, clock) -> None:
    from helpers.touch import device
    window, hub = hub_window
    from kiosk.sensors.sources.simulator import simulate
    hub.sources["robot"].set_connected(True)
    for name, (t, v) in simulate("robot", 40.0, seed=1).items():
        hub.channels[name].extend(t + clock.now - 40 + 1.7e9, v, arrival=clock.now)
    window.open_exhibit("robot-training-ground")
    panel = panel_of(window)
    qtbot.wait_until(panel.isVisible)
    panel.tick()
    view = next(v for v in panel.views if v.spec.is_time)
    assert view.status is not None and view.status.mode == "live"
    vp = view.plot.viewport()
    qtbot.wait_until(lambda: vp.width() > 300 and vp.height() > 150)
    (x0, x1), (y0, y1) = view.vb.viewRange()
    c = vp.rect().center()
    centre_before = view.vb.mapSceneToView(view.plot.mapToScene(c))
    dev = device()
    # two fingers 60 px apart, moving apart to 180 px in six steps: three times closer
    pinch(vp, dev, c, 30, [30 + 10 * step for step in range(1, 7)])
    (nx0, nx1), (ny0, ny1) = view.vb.viewRange()
    assert not view.follow
    assert (nx1 - nx0) == pytest.approx((x1 - x0) / 3, rel=0.05)
    assert (ny1 - ny0) < (y1 - y0) / 2
    centre_after = view.vb.mapSceneToView(view.plot.mapToScene(c))
    assert centre_after.x() == pytest.approx(centre_before.x(), abs=0.02 * (x1 - x0))
    # fingers far apart: clamped to the smallest range, not zoomed without end
    for _ in range(3):
        pinch(vp, dev, c, 10, [150])
    lx0, lx1 = view.vb.viewRange()[0]
    assert lx1 - lx0 >= 0.99 * (30 * 1.07) / 40  # minXRange: a 40th of the clamped window
    window.exhibit.reset()
    assert view.follow and view.vb.viewRange()[0] == pytest.approx([-30.0, 0.0])


def test_charts_poll_at_the_data_s_rate_not_the_screen_s(hub_window, qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    window, hub = hub_window
    rates = {}
    for slug in INSTRUMENT_PAGES:
        window.open_exhibit(slug)
        panel = panel_of(window)
        qtbot.wait_until(panel.isVisible)
        rates[slug] = panel.frame_hz
    # robot joints 20 Hz, but their 30 s chart moves a pixel only every 1/13 s at this size;
    # GC-MS 4 Hz, titration 2 Hz (polled at 4 Hz for the badges)
    joints = next(v for v in panel.views if v.spec.is_time)
    px_per_s = joints.vb.width() / joints.spec.window_s
    assert 300 <= joints.vb.width() <= 1000
    assert rates == {"robot-training-ground": pytest.approx(px_per_s), "gc-ms": 4.0,
                     "titration-robot": 4.0}
    assert panel.timer.interval() == round(1000 / px_per_s)
    window.open_exhibit("titration-robot")
    panel = panel_of(window)
    qtbot.wait_until(panel.isVisible)
    assert panel.timer.interval() == 250
    # samples arriving faster than the instrument's nominal rate (a simulator at 10x pace)
    hub.sources["titrator"].set_connected(True)
    for step in range(80):
        clock.now += 0.025
        feed_titration(hub, clock, [step * 0.01], [3.0])
        panel.tick()
    assert 30.0 <= panel.frame_hz <= 60.0
    assert panel.timer.interval() == round(1000 / panel.frame_hz)


def test_joint_samples_between_two_frames_are_drawn_in_one_redraw(hub_window, qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    window, hub = hub_window
    hub.sources["robot"].set_connected(True)
    window.open_exhibit("robot-training-ground")
    panel = panel_of(window)
    qtbot.wait_until(panel.isVisible)
    view = next(v for v in panel.views if v.spec.is_time)
    assert panel.frame_hz < 20.0  # slower than the joints' 20 Hz: samples pile up a little
    names = [f"robot.joint{i}_deg" for i in range(1, 5)]
    t0 = clock.now + 1.7e9
    for k, name in enumerate(names):  # two seconds of history
        hub.channels[name].extend(t0 + np.arange(40) * 0.05, np.full(40, 10.0 * k),
                                  arrival=clock.now)
    clock.now += 2.0
    panel.tick()
    drawn, set_data = view.redraws, dict.fromkeys(names, 0)
    for name in names:
        view.curves[name].sigPlotChanged.connect(
            lambda *_a, n=name: set_data.__setitem__(n, set_data[n] + 1))
    # three samples per joint arrive before the next frame (20 Hz data, 13 Hz frames)
    t1 = t0 + 40 * 0.05
    for k, name in enumerate(names):
        hub.channels[name].extend(t1 + np.arange(3) * 0.05, 10.0 * k + np.array([1.0, 2.0, 3.0]),
                                  arrival=clock.now)
    clock.now += 1 / panel.frame_hz
    assert panel.tick()
    assert view.redraws == drawn + 1
    assert set_data == dict.fromkeys(names, 1)  # one setData per curve for the three samples
    for k, name in enumerate(names):
        curve = view.curves[name]
        assert curve.xData[-1] == pytest.approx(0.0)  # the newest sample is "now"
        assert list(curve.yData[-3:]) == [10.0 * k + 1, 10.0 * k + 2, 10.0 * k + 3]
    assert not panel.tick()  # nothing new: no redraw
