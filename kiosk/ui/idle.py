"""Idle detection: any touch, click or key restarts the countdown to the attract loop.

With a warning time, ``warning`` fires that long before ``idle`` (the "still there?" overlay)
and ``countdown`` ticks the seconds left; ``extend()`` (the overlay's "more time", or a touch
anywhere on it) starts the whole countdown again and fires ``warning_cancelled``. While the
warning shows, other input does not: the touch that hides the overlay must not also land on
the page under it.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

INPUT_EVENTS = {
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.KeyPress, QEvent.Type.Gesture,
}


class IdleWatcher(QObject):
    """Emits ``idle`` once after ``timeout_s`` without user input; install on the QApplication."""

    idle = Signal()
    warning = Signal(int)      # seconds left when the warning starts
    countdown = Signal(int)    # seconds left, once a second while warning
    warning_cancelled = Signal()

    def __init__(self, timeout_s: float, parent: QObject | None = None, *,
                 warning_s: float = 0.0):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expired)
        self._warn = QTimer(self)
        self._warn.setSingleShot(True)
        self._warn.timeout.connect(self._start_warning)
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self._on_tick)
        self.warning_s = warning_s
        self.warning_active = False
        self.extensions = 0
        self._last_shown = -1
        self.set_timeout(timeout_s)

    def set_timeout(self, timeout_s: float) -> None:
        self._timer.setInterval(int(timeout_s * 1000))
        if self._timer.isActive():
            self.start()

    def set_warning(self, warning_s: float) -> None:
        self.warning_s = warning_s

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def seconds_left(self) -> int:
        if not self._timer.isActive():
            return 0
        return max(0, math.ceil(self._timer.remainingTime() / 1000))

    def start(self) -> None:
        self._stop_warning()
        self._timer.start()
        if self.warning_s > 0:
            self._warn.start(max(0, self._timer.interval() - int(self.warning_s * 1000)))

    def stop(self) -> None:
        self._timer.stop()
        self._warn.stop()
        self._stop_warning()

    def is_active(self) -> bool:
        return self._timer.isActive()

    def poke(self) -> None:
        if self._timer.isActive() and not self.warning_active:
            self.start()

    def extend(self) -> None:
        """The visitor asked for more time: the full countdown again."""
        if self._timer.isActive():
            self.extensions += 1
            self.start()

    def _start_warning(self) -> None:
        if not self._timer.isActive():
            return
        self.warning_active = True
        self._last_shown = self.seconds_left()
        self.warning.emit(self._last_shown)
        self._tick.start()

    def _on_tick(self) -> None:
        left = self.seconds_left()
        if left != self._last_shown:
            self._last_shown = left
            self.countdown.emit(left)

    def _stop_warning(self) -> None:
        self._tick.stop()
        if self.warning_active:
            self.warning_active = False
            self.warning_cancelled.emit()

    def _expired(self) -> None:
        self._warn.stop()
        self._tick.stop()
        self.warning_active = False
        self.idle.emit()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.poke()
        return False
