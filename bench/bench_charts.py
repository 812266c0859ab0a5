"""Chart frame cost and latency, offscreen.

chart_p99_frame_ms: 4 channels at 10 kHz with a 60 s window (600,000 points each) on a
1280x720 chart; a frame is everything the UI thread does for it: fold in the new samples,
update the curves, paint. chart_p99_ratio: against the same chart holding 5,000 points.
sample_to_paint_p99_frames: from a sample's arrival to the paint that shows it, in 60 Hz frames.
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QImage

from kiosk.charts.spec import ChartSpec
from kiosk.content.store import Text
from kiosk.sensors.channels import Channel, ChannelSpec
from kiosk.ui.app import make_application
from kiosk.ui.charts.panel import ChartsPanel

RATE_HZ = 10_000
WINDOW_S = 60.0
FRAME_S = 1 / 60
FRAMES = 240
NAMES = tuple(f"bench.ch{i}" for i in range(4))
T0 = 1.7e9


class BenchHub:
    """Channels that are always live, on a clock the bench advances frame by frame."""

    def __init__(self, rate_hz: float, capacity: int) -> None:
        self.now = 0.0
        self.clock = lambda: self.now
        self.wall = lambda: T0 + self.now
        self.known = {n: ChannelSpec(n, "V", rate_hz, n, n, window_s=WINDOW_S) for n in NAMES}
        self.channels = {n: Channel(s, capacity=capacity, clock=self.clock)
                         for n, s in self.known.items()}
        self.rate = rate_hz
        self.sent = 0.0  # seconds of signal delivered

    def states(self, names: object, now: float | None = None) -> dict[str, str]:
        return dict.fromkeys(NAMES, "live")

    def feed(self, seconds: float) -> None:
        n0 = round(self.sent * self.rate)
        n1 = round((self.sent + seconds) * self.rate)
        t = np.arange(n0, n1, dtype=np.float64) / self.rate
        for k, ch in enumerate(self.channels.values()):
            v = np.sin(2 * np.pi * (0.2 + 0.15 * k) * t) + 0.08 * np.random.standard_normal(t.size)
            ch.extend(T0 + t, v, arrival=self.now)
        self.sent += seconds


def make_panel(hub: BenchHub) -> ChartsPanel:
    spec = ChartSpec(x="time", y=NAMES, window_s=WINDOW_S)
    panel = ChartsPanel([(Text("基准", "Benchmark"), spec)], hub=hub,  # type: ignore[arg-type]
                        recordings=(), known=hub.known, frame_hz=60)
    panel.timer.setInterval(1_000_000)  # frames are driven by the bench, not the timer
    panel.resize(1280, 720)
    panel.show()
    return panel


def frame_times(rate_hz: float, points: int) -> np.ndarray:
    hub = BenchHub(rate_hz, capacity=points)
    hub.feed(WINDOW_S)  # a full window first
    panel = make_panel(hub)
    img = QImage(panel.size(), QImage.Format.Format_ARGB32_Premultiplied)
    out = []
    for i in range(FRAMES + 20):
        hub.now += FRAME_S
        hub.feed(FRAME_S)
        t0 = time.perf_counter()
        panel.tick()
        panel.render(img)
        if i >= 20:  # warm-up: first layouts, font caches
            out.append(time.perf_counter() - t0)
    panel.close()
    panel.deleteLater()
    return np.array(out)


class PaintWatch(QObject):
    def __init__(self, on_paint: object) -> None:
        super().__init__()
        self.on_paint = on_paint

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.on_paint()  # type: ignore[operator]
        return False


def sample_to_paint_frames(app: object, seconds: float = 4.0) -> np.ndarray:
    """Real event loop: a feeder every 2 ms, the panel's own 60 Hz timer, real paints."""
    hub = BenchHub(RATE_HZ, capacity=int(RATE_HZ * WINDOW_S))
    start = time.perf_counter()
    hub.clock = lambda: time.perf_counter() - start
    hub.feed(WINDOW_S)
    panel = make_panel(hub)
    panel.timer.setInterval(round(FRAME_S * 1000))
    arrivals: list[float] = []  # arrival time of each batch
    in_tick: list[int] = [0]  # batches folded in by the latest tick
    latencies: list[float] = []
    shown = [0]
    last_fed = [time.perf_counter()]

    def feed() -> None:
        now = time.perf_counter()
        hub.now = now - start
        hub.feed(now - last_fed[0])
        last_fed[0] = now
        arrivals.append(now)

    tick = panel.tick

    def counted_tick(now: float | None = None) -> bool:
        n = len(arrivals)
        drew = tick(now)
        if drew:
            in_tick[0] = n
        return drew

    panel.tick = counted_tick  # type: ignore[method-assign]

    def painted() -> None:
        now = time.perf_counter()
        for a in arrivals[shown[0]:in_tick[0]]:
            latencies.append(now - a)
        shown[0] = max(shown[0], in_tick[0])

    watch = PaintWatch(painted)
    panel.views[0].plot.viewport().installEventFilter(watch)
    feeder = QTimer()
    feeder.setInterval(2)
    feeder.timeout.connect(feed)
    feeder.start()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.0005)
    feeder.stop()
    panel.close()
    return np.ceil(np.array(latencies) / FRAME_S)


def main() -> None:
    app = make_application(offscreen=True)
    big = frame_times(RATE_HZ, int(RATE_HZ * WINDOW_S))
    small = frame_times(5000 / WINDOW_S, 5000)
    p99_big = float(np.percentile(big, 99) * 1e3)
    p99_small = float(np.percentile(small, 99) * 1e3)
    print(f"chart_p99_frame_ms: {p99_big:.2f}")
    print(f"chart_p99_ratio: {p99_big / p99_small:.2f}")
    print(f"chart_median_frame_ms: {np.median(big) * 1e3:.2f}")
    frames = sample_to_paint_frames(app)
    p99 = float(np.percentile(frames, 99)) if frames.size else float("nan")
    print(f"sample_to_paint_p99_frames: {p99:.0f}")


if __name__ == "__main__":
    main()
