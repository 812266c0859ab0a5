"""An exhibit's chart panel: its charts, the frame timer that feeds them, live or replay.

Ingest never waits for painting: sources write into channels whenever data arrives; a timer
at the screen rate looks at the channels' versions and redraws only charts whose data changed,
and only while the panel is on screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QWidget

from kiosk.charts.spec import ChartSpec
from kiosk.content.queries import Text
from kiosk.sensors.channels import CHANNELS, Channel, ChannelSpec
from kiosk.sensors.fallback import OFFLINE, HubLike, ReplayFallback
from kiosk.sensors.recordings import Recording
from kiosk.ui import theme
from kiosk.ui.charts.view import ChartView

FRAME_HZ = 60  # the most the screen needs
MIN_POLL_HZ = 4  # badges ("3 s ago") and the replay switch still move on slow feeds
BADGE_EVERY_S = 0.25


class OfflineHub:
    """A hub with no sources, for ``kiosk shot`` and tests: every channel is offline, so the
    charts play the exhibit's recording."""

    def __init__(self, known: Mapping[str, ChannelSpec] = CHANNELS, *,
                 clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time) -> None:
        self.clock, self.wall = clock, wall
        self.channels: dict[str, Channel] = {n: Channel(s, clock=clock) for n, s in known.items()}

    def states(self, names: Iterable[str], now: float | None = None) -> dict[str, str]:
        return dict.fromkeys(names, OFFLINE)


class ChartsPanel(QWidget):
    """The charts of one exhibit, side by side when there is room, else stacked."""

    def __init__(self, charts: Sequence[tuple[Text, ChartSpec]], *, hub: HubLike | None,
                 recordings: Sequence[Recording] | Callable[[], Sequence[Recording]],
                 replay_after_s: float = 8.0, known: Mapping[str, ChannelSpec] = CHANNELS,
                 frame_hz: float | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.hub: HubLike = hub if hub is not None else OfflineHub(known)
        clock: Callable[[], float] = getattr(self.hub, "clock", time.monotonic)
        wall: Callable[[], float] = getattr(self.hub, "wall", time.time)
        self.clock = clock
        self.wall = wall
        # without a hub there is nothing to wait for: the recording plays at once
        self.replay_after_s = replay_after_s if hub is not None else 0.0
        # a callable is asked again until it has recordings (they may load after the page)
        self._lookup = recordings if callable(recordings) else None
        self.views = [ChartView(title, spec, known=known, parent=self) for title, spec in charts]
        self.fallbacks: list[ReplayFallback] = []
        self._set_recordings(recordings() if callable(recordings) else recordings)
        self.frames = 0  # ticks that redrew at least one chart
        self._next_badges = 0.0
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        for v in self.views:
            self._box.addWidget(v, 1)
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        # polled at the data's own rate (the instruments' nominal rate, or faster if samples
        # arrive faster), never faster than the screen; a fixed ``frame_hz`` overrides it
        self._fixed_hz = frame_hz
        self._nominal_hz = [max([MIN_POLL_HZ, *(known[c].expected_hz for c in spec.channels
                                                if c in known)]) for _t, spec in charts]
        self.frame_hz = 0.0
        self._set_rate(frame_hz if frame_hz is not None else self._wanted_hz([0.0] * len(charts)))
        self.timer.timeout.connect(self.tick)

    def _set_recordings(self, recordings: Sequence[Recording]) -> None:
        self.recordings = tuple(recordings)
        self.fallbacks = [ReplayFallback(v.spec.channels, self.recordings,
                                         replay_after_s=self.replay_after_s,
                                         prefill_s=v.spec.prefill_s, clock=self.clock,
                                         wall=self.wall) for v in self.views]

    # --- the frame loop ---------------------------------------------------------------------
    def tick(self, now: float | None = None) -> bool:
        """Poll the channels once; redraw charts whose data changed. True if any redrew."""
        if not self.isVisible():
            return False
        now = self.clock() if now is None else now
        badges = now >= self._next_badges
        if badges:
            self._next_badges = now + BADGE_EVERY_S
            if self._lookup is not None and not self.recordings:
                found = self._lookup()
                if found:
                    self._set_recordings(found)
        drew = False
        observed = [0.0] * len(self.views)
        for i, (view, fallback) in enumerate(zip(self.views, self.fallbacks, strict=True)):
            status = fallback.poll(self.hub, now)
            drew |= view.show_status(status, now)
            if badges:
                for ch in status.channels.values():
                    meter = getattr(ch, "rate_meter", None)
                    if meter is not None:
                        observed[i] = max(observed[i], float(meter.rate(now)))
        if badges and self._fixed_hz is None:
            self._set_rate(self._wanted_hz(observed))
        if drew:
            self.frames += 1
        return drew

    def _wanted_hz(self, observed: Sequence[float]) -> float:
        """The poll rate: each chart's data rate (nominal, or faster if samples arrive faster),
        as far as its redraws still show something new (``ChartView.redraw_hz``)."""
        return max([MIN_POLL_HZ, *(v.redraw_hz(max(nominal, seen)) for v, nominal, seen
                                   in zip(self.views, self._nominal_hz, observed, strict=True))])

    def _set_rate(self, hz: float) -> None:
        hz = min(FRAME_HZ, max(MIN_POLL_HZ, hz))
        if abs(hz - self.frame_hz) > 0.1 * max(hz, self.frame_hz):
            self.frame_hz = hz
            self.timer.setInterval(max(1, round(1000 / hz)))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._apply_scale()
        self.tick()  # the first paint already shows data
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    # --- visitor-facing ---------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        for v in self.views:
            v.set_language(lang)

    def reset(self) -> None:
        for v in self.views:
            v.reset()

    # --- layout -----------------------------------------------------------------------------
    def _apply_scale(self) -> None:
        win = self.window()
        m = getattr(win, "metrics", None)
        if not isinstance(m, theme.Metrics):
            m = theme.Metrics(max(1, win.width()), max(1, win.height()))
        unit, scale = m.unit, m.text_scale
        name = theme.palette().name
        for v in self.views:
            if v.palette_name != name:
                v.text_scale = scale
                v.apply_theme()
            elif abs(v.unit - unit) > 1e-3 or abs(v.text_scale - scale) > 1e-3:
                v.apply_scale(unit, scale)
        self._box.setSpacing(round(16 * unit))

    def restyle(self) -> None:
        """The window's modes changed (text size, theme): follow them now."""
        self._apply_scale()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # two charts side by side only when each still gets a reasonably wide plot
        w, h = event.size().width(), event.size().height()
        wide = len(self.views) < 2 or w >= 1.9 * h * min(len(self.views), 2) / 2 * 1.2
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self._box.direction() != direction:
            self._box.setDirection(direction)
        self._apply_scale()
