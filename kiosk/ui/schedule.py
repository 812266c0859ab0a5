"""The showroom's wall clock for the visitor pages: publish windows and scheduled messages.

``ScheduleClock`` knows the local time (``engage.timezone``) through an injectable clock and
fires ``changed`` at the next minute at which a window opens or closes or a message starts or
ends (checked at least once a minute, so a changed system clock is caught too). Nothing
restarts: the window re-filters its snapshot and the banners follow.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.content.messages import Clock, boundaries, local_now, seconds_until, system_clock

log = logging.getLogger(__name__)
DEFAULT_TZ = "Asia/Shanghai"
MAX_WAIT_S = 60.0


def checked_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("engage.timezone: unknown time zone %r; using %s", name, DEFAULT_TZ)
        return DEFAULT_TZ
    return name


class ScheduleClock(QObject):
    changed = Signal()

    def __init__(self, tz: str = DEFAULT_TZ, clock: Clock = system_clock,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.tz = checked_timezone(tz)
        self.clock = clock
        self._times: list[str | None] = []
        self._last = self.now_local()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.tick)

    def now_local(self) -> str:
        return local_now(self.clock, self.tz)

    def set_times(self, times: list[str | None]) -> None:
        """The local times at which what visitors see may change; re-arms the timer."""
        self._times = list(times)
        self._arm()

    def set_clock(self, clock: Clock) -> None:
        self.clock = clock
        self.tick()

    def tick(self) -> None:
        """Check now (the timer calls it; tests with an injected clock call it too)."""
        now = self.now_local()
        if now != self._last:
            self._last = now
            self.changed.emit()
        self._arm()

    def _arm(self) -> None:
        nxt = boundaries(self._times, self.now_local())
        wait = MAX_WAIT_S if nxt is None else seconds_until(nxt, self.clock, self.tz)
        self._timer.start(int(max(0.2, min(MAX_WAIT_S, wait)) * 1000))

    def stop(self) -> None:
        self._timer.stop()
