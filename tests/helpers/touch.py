"""Synthesized touch for tests: real QTouchEvents through Qt's event delivery."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

_device: QPointingDevice | None = None


def device() -> QPointingDevice:
    global _device
    if _device is None:
        _device = QTest.createTouchDevice()
    return _device


def _window_point(widget: QWidget, pos: QPoint) -> tuple[QWidget, QPoint]:
    win = widget.window()
    return win, widget.mapTo(win, pos)


def tap(widget: QWidget, pos: QPoint | None = None) -> None:
    """A finger down and up at ``pos`` (default: the centre) of ``widget``."""
    pos = pos if pos is not None else widget.rect().center()
    win, p = _window_point(widget, pos)
    QTest.touchEvent(win, device(), False).press(0, p, win).commit()
    QTest.touchEvent(win, device(), False).release(0, p, win).commit()


def swipe(widget: QWidget, start: QPoint, end: QPoint, *, steps: int = 8) -> None:
    """A finger dragged from ``start`` to ``end`` (widget coordinates) and lifted."""
    win, a = _window_point(widget, start)
    _, b = _window_point(widget, end)
    QTest.touchEvent(win, device(), False).press(0, a, win).commit()
    for i in range(1, steps + 1):
        p = a + (b - a) * (i / steps)
        QTest.touchEvent(win, device(), False).move(0, p, win).commit()
    QTest.touchEvent(win, device(), False).release(0, b, win).commit()
