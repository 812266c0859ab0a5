"""The secret gesture that opens the PIN pad: hold the top-left corner, then tap bottom-right.

An application event filter that only watches: it never eats an event, so visitors' taps work
as before. Touch events and the mouse events Qt synthesizes from them are both seen; the state
machine is idempotent, so seeing one press twice changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Signal
from PySide6.QtGui import QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QWidget

ZONE_PX = 120        # corner zones, in window pixels
HOLD_S = 3.0         # press and hold the top-left corner at least this long …
TAP_WITHIN_S = 3.0   # … then tap the bottom-right corner within this time

_PRESS = {QEvent.Type.TouchBegin, QEvent.Type.MouseButtonPress}
_MOVE = {QEvent.Type.TouchUpdate, QEvent.Type.MouseMove}
_RELEASE = {QEvent.Type.TouchEnd, QEvent.Type.MouseButtonRelease}


class SecretGesture(QObject):
    """Emits ``triggered`` after a ≥ 3 s hold in the top-left zone and a tap bottom-right."""

    triggered = Signal()

    def __init__(self, window: QWidget, *, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.window = window
        self.clock = clock
        self.enabled = True
        self._down_at: float | None = None   # a press that started in the top-left zone
        self._down_corner = False
        self._armed_until: float | None = None

    def reset(self) -> None:
        self._down_at = None
        self._down_corner = False
        self._armed_until = None

    def _zone(self, pos: QPoint) -> str:
        w, h = self.window.width(), self.window.height()
        if pos.x() < ZONE_PX and pos.y() < ZONE_PX:
            return "top-left"
        if pos.x() >= w - ZONE_PX and pos.y() >= h - ZONE_PX:
            return "bottom-right"
        return ""

    def _position(self, event: QEvent) -> QPoint | None:
        if isinstance(event, QTouchEvent):
            points = event.points()
            if not points:
                return None
            glob = points[0].globalPosition().toPoint()
        elif isinstance(event, QMouseEvent):
            glob = event.globalPosition().toPoint()
        else:
            return None
        return self.window.mapFromGlobal(glob)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self.enabled or kind not in _PRESS | _MOVE | _RELEASE:
            return False
        if not isinstance(obj, QWidget) or obj.window() is not self.window:
            return False
        if isinstance(event, QTouchEvent) and len(event.points()) > 1:
            self._down_at = None  # two fingers: a visitor pinching, not a curator
            return False
        pos = self._position(event)
        if pos is None:
            return False
        zone = self._zone(pos)
        now = self.clock()
        if kind in _PRESS:
            if self._down_corner:
                return False  # the same press seen again (touch, then synthesized mouse)
            self._down_corner = True
            self._down_at = now if zone == "top-left" else None
            if (zone == "bottom-right" and self._armed_until is not None
                    and now <= self._armed_until):
                self.reset()
                self.triggered.emit()
                return False
            if zone != "bottom-right":
                self._armed_until = None if zone != "top-left" else self._armed_until
        elif kind in _MOVE:
            if self._down_at is not None and zone != "top-left":
                self._down_at = None  # the finger slid out: a swipe, not a hold
        else:  # release
            if not self._down_corner:
                return False
            self._down_corner = False
            if self._down_at is not None and zone == "top-left" and now - self._down_at >= HOLD_S:
                self._armed_until = now + TAP_WITHIN_S
            self._down_at = None
        return False
