"""A swipeable image gallery: drag with a finger (or mouse), release to snap, dots below."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEasingCurve, QEvent, QPointF, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QTouchEvent
from PySide6.QtWidgets import QWidget

from kiosk.ui import theme
from kiosk.ui.services import ImageLoader
from kiosk.ui.widgets import paint_cover


class Gallery(QWidget):
    """Shows one image at a time; ``index_changed`` fires after a swipe settles."""

    index_changed = Signal(int)
    SWIPE_FRACTION = 0.18   # of the width: a shorter drag springs back
    FLICK_PX = 40           # a fast short flick still pages

    def __init__(self, loader: ImageLoader, parent: QWidget | None = None):
        super().__init__(parent)
        self._loader = loader
        self._paths: list[Path] = []
        self._index = 0
        self._offset = 0.0          # px, positive = dragged right (towards previous)
        self._press: QPointF | None = None
        self.radius = 18.0
        self.animate = True  # reduce motion: a swipe jumps to its picture, no sliding
        self.setProperty("keyNav", True)  # left and right page it from a keyboard
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        loader.loaded.connect(lambda _p: self.update())
        self._anim = QVariantAnimation(self)
        self._anim.setDuration(220)
        self._anim.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._anim.valueChanged.connect(self._set_offset)
        self._anim.finished.connect(self._settled)
        self._target = 0

    # model ---------------------------------------------------------------------------------
    def set_images(self, paths: list[Path]) -> None:
        self._anim.stop()
        self._paths = list(paths)
        self._index = min(self._index, max(0, len(paths) - 1))
        self._offset = 0.0
        self.update()

    @property
    def index(self) -> int:
        return self._index

    def count(self) -> int:
        return len(self._paths)

    def set_index(self, index: int, *, animate: bool = False) -> None:
        index = max(0, min(index, len(self._paths) - 1)) if self._paths else 0
        if not animate or index == self._index:
            self._anim.stop()
            changed = index != self._index
            self._index, self._offset = index, 0.0
            self.update()
            if changed:
                self.index_changed.emit(index)
            return
        direction = 1 if index > self._index else -1
        self._target = index
        self._animate_to(-direction * self.width())

    # gesture -------------------------------------------------------------------------------
    def _begin(self, pos: QPointF) -> None:
        self._anim.stop()
        self._press = pos

    def _move(self, pos: QPointF) -> None:
        if self._press is None:
            return
        dx = pos.x() - self._press.x()
        at_edge = (dx > 0 and self._index == 0) or (dx < 0 and self._index >= len(self._paths) - 1)
        self._set_offset(dx * (0.3 if at_edge else 1.0))  # rubber band at the ends

    def _end(self, pos: QPointF) -> None:
        if self._press is None:
            return
        self._move(pos)
        self._press = None
        w = max(1, self.width())
        threshold = min(w * self.SWIPE_FRACTION, max(self.FLICK_PX, w * 0.08))
        if self._offset <= -threshold and self._index < len(self._paths) - 1:
            self._target = self._index + 1
            self._animate_to(-w)
        elif self._offset >= threshold and self._index > 0:
            self._target = self._index - 1
            self._animate_to(w)
        else:
            self._target = self._index
            self._animate_to(0)

    def _animate_to(self, end: float) -> None:
        self._anim.stop()
        if not self.animate:
            self._settled()
            return
        self._anim.setStartValue(float(self._offset))
        self._anim.setEndValue(float(end))
        self._anim.start()

    def _set_offset(self, value: object) -> None:
        self._offset = float(value)  # type: ignore[arg-type]
        self.update()

    def _settled(self) -> None:
        changed = self._target != self._index
        self._index, self._offset = self._target, 0.0
        self.update()
        if changed:
            self.index_changed.emit(self._index)

    def event(self, e: QEvent) -> bool:
        t = e.type()
        if t in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
                 QEvent.Type.TouchCancel):
            assert isinstance(e, QTouchEvent)
            pts = e.points()
            if not pts:
                return True
            pos = pts[0].globalPosition()  # global: a relayout mid-swipe must not jerk it
            if t == QEvent.Type.TouchBegin:
                self._begin(pos)
            elif t == QEvent.Type.TouchUpdate:
                self._move(pos)
            elif t == QEvent.Type.TouchEnd:
                self._end(pos)
            else:
                self._press = None
                self._animate_to(0)
            e.accept()
            return True
        return super().event(e)

    def mousePressEvent(self, e: QMouseEvent) -> None:
        self._begin(e.globalPosition())

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        self._move(e.globalPosition())

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        self._end(e.globalPosition())

    # painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        w, h = self.width(), self.height()
        if not self._paths:
            paint_cover(p, QRectF(0, 0, w, h), None, radius=self.radius)
            p.end()
            return
        for i in (self._index - 1, self._index, self._index + 1):
            if not 0 <= i < len(self._paths):
                continue
            x = (i - self._index) * w + self._offset
            if x <= -w or x >= w:
                continue
            img = self._loader.get(self._paths[i], self.size())
            paint_cover(p, QRectF(x, 0, w, h), img, radius=self.radius)
        if len(self._paths) > 1:
            self._paint_dots(p, w, h)
        p.end()

    def _paint_dots(self, p: QPainter, w: int, h: int) -> None:
        n = len(self._paths)
        d = max(8.0, h * 0.018)
        gap = d * 1.4
        total = n * d + (n - 1) * gap + d * 2
        x0 = (w - total) / 2 + d
        y = h - d * 2.6
        p.setPen(Qt.PenStyle.NoPen)
        plate = QColor(theme.palette().scrim)
        plate.setAlpha(max(150, theme.palette().scrim_alpha))
        p.setBrush(plate)
        p.drawRoundedRect(QRectF(x0 - d, y - d * 0.8, total, d * 2.6), d * 1.3, d * 1.3)
        for i in range(n):
            c = QColor(theme.palette().text) if i == self._index else QColor(theme.palette().muted)
            if i != self._index:
                c.setAlpha(140 if theme.palette().scrim_alpha < 255 else 255)
            p.setBrush(c)
            wdt = d * (2.2 if i == self._index else 1)
            x = x0 + i * (d + gap) - (d * 0.6 if i == self._index else 0)
            p.drawRoundedRect(QRectF(x, y, wdt, d), d / 2, d / 2)
