"""Paint soak (issue 3, item 9): an exhibit's live charts painted 20,000 times offscreen with
data arriving between paints: no crash, RSS growth under 5 MB, references to None never fall
(the PySide6 6.12.0 crash) and grow less than one per paint.

References to None do grow today, by a binding-level leak outside the kiosk's code:
pyqtgraph's PlotDataItem.setData on PySide6 6.11.3 leaks one reference to None per call
(``test_pyqtgraph_set_data_keeps_none_refcount`` reproduces it in a few lines); it is pinned
as a strict xfail so that the fixed release shows up as an XPASS.
"""

from __future__ import annotations

import gc
import sys

import numpy as np
import psutil
import pytest
from helpers.clock import FakeClock
from PySide6.QtGui import QImage

from kiosk.sensors.hub import Hub
from kiosk.ui.charts.panel import ChartsPanel

PAINTS = 20_000
WARMUP = 1_000


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_live_charts_painted_20000_times(app, qtbot, cfg, db_path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ui.app import build_window
    clock = FakeClock()
    hub = Hub(cfg, clock=clock, wall=lambda: clock.now + 1.7e9)
    hub.sources["robot"].set_connected(True)
    window = build_window(cfg, db_path, hub=hub, sync=True)
    qtbot.addWidget(window)
    # a small window keeps 20,000 paints within a couple of minutes; the work per frame
    # (folding in samples, curves, analysis, badge) is the same as full size
    window.resize(800, 450)
    window.show()
    qtbot.waitExposed(window)
    window.open_exhibit("robot-training-ground")
    panel = window.exhibit.charts.content
    assert isinstance(panel, ChartsPanel)
    qtbot.wait_until(panel.isVisible)
    panel.timer.stop()  # the soak drives the frames itself
    img = QImage(panel.size(), QImage.Format.Format_ARGB32_Premultiplied)
    joints = [hub.channels[f"robot.joint{i}_deg"] for i in range(1, 5)]
    rate, episode = hub.channels["robot.success_rate"], hub.channels["robot.episode"]
    proc = psutil.Process()
    base_none = rss0 = 0
    for i in range(PAINTS + WARMUP):
        if i == WARMUP:  # caches, fonts and buffers have reached their size
            gc.collect()
            base_none, rss0 = sys.getrefcount(None), proc.memory_info().rss
        clock.now += 0.05
        t = clock.now + 1.7e9
        for k, ch in enumerate(joints):
            ch.append(t, 30.0 * np.sin(t * (0.5 + 0.2 * k)))
        if i % 20 == 0:
            ep = float(i // 20 % 600 + 1)
            episode.append(t, ep)
            rate.append(t, 100.0 * (1 - np.exp(-ep / 90.0)))
        panel.tick()
        panel.render(img)
        if i % 2000 == 0:
            window.state.toggle_language()  # texts re-laid out now and then, as visitors do
    gc.collect()
    assert panel.frames >= PAINTS
    none_growth = sys.getrefcount(None) - base_none
    rss_growth = proc.memory_info().rss - rss0
    window.allow_close = True
    window.close()
    assert rss_growth < 5 * 2**20, f"RSS grew by {rss_growth / 2**20:.1f} MB"
    # the fatal direction (PySide6 6.12.0) is a falling count: None would be freed and abort
    assert none_growth > -1000, f"references to None fell by {-none_growth}"
    # a rising count is pyqtgraph's setData leak (pinned below): 6,277 measured here, one per
    # curve update; a leak per paint or per sample would pass 10,000 and fail this
    assert none_growth < PAINTS // 2, f"references to None grew by {none_growth}"
    print(f"paint soak: {PAINTS} paints, RSS {rss_growth / 2**20:+.2f} MB, "
          f"None refs {none_growth:+d}")


@pytest.mark.xfail(strict=True, reason="PySide6 6.11.3 + pyqtgraph 0.14: PlotDataItem.setData "
                   "leaks a reference to None per call")
def test_pyqtgraph_set_data_keeps_none_refcount(app) -> None:  # type: ignore[no-untyped-def]
    import pyqtgraph as pg
    plot = pg.PlotWidget()
    curve = plot.plot()
    x = np.arange(100.0)
    for i in range(100):
        curve.setData(x, np.sin(x + i))
    gc.collect()
    before = sys.getrefcount(None)
    for i in range(5000):
        curve.setData(x, np.sin(x + i))
    gc.collect()
    growth = sys.getrefcount(None) - before
    plot.close()
    plot.deleteLater()
    assert abs(growth) < 500, f"references to None grew by {growth} over 5000 setData calls"
