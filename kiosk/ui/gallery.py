"""A swipeable gallery: drag with a finger (or mouse), release to snap, dots below.

Items are pictures; an item may also be a video (``set_videos``): its poster shows until the
first frame, then it plays in place, muted, with a tap-to-unmute button; it pauses when
swiped away or hidden, loops when short, and falls back to its poster if it fails."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEasingCurve, QEvent, QPointF, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import (
    QColor,
    QHideEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QShowEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QWidget

from kiosk.ui import theme
from kiosk.ui.i18n import tr
from kiosk.ui.services import ImageLoader
from kiosk.ui.sound import Sound
from kiosk.ui.video import VideoPlayer
from kiosk.ui.widgets import paint_cover

TAP_SLOP_PX = 12


class Gallery(QWidget):
    """Shows one image at a time; ``index_changed`` fires after a swipe settles."""

    index_changed = Signal(int)
    SWIPE_FRACTION = 0.18   # of the width: a shorter drag springs back
    FLICK_PX = 40           # a fast short flick still pages

    def __init__(self, loader: ImageLoader, parent: QWidget | None = None, *,
                 sound: Sound | None = None):
        super().__init__(parent)
        self._loader = loader
        self._paths: list[Path] = []
        self._videos: dict[int, tuple[Path, int]] = {}   # index -> (video file, duration ms)
        self._sound = sound
        self._video: VideoPlayer | None = None
        self._press_local: QPointF | None = None
        self.lang = "zh"
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
        self._videos = {}
        self._index = min(self._index, max(0, len(paths) - 1))
        self._offset = 0.0
        self._sync_video()
        self.update()

    def set_videos(self, videos: dict[int, tuple[Path, int]]) -> None:
        """Which items are videos: index -> (file, duration ms); their pictures are posters."""
        self._videos = dict(videos)
        self._sync_video()

    @property
    def video(self) -> VideoPlayer | None:
        """The player of the video item on screen (None on a picture)."""
        return self._video if self._index in self._videos and self._video is not None else None

    def _sync_video(self) -> None:
        """Play the current item if it is a video (and the gallery is on screen), else pause."""
        item = self._videos.get(self._index)
        if item is None or not self.isVisible():
            if self._video is not None:
                self._video.pause()
            return
        if self._video is None:
            self._video = VideoPlayer(self._sound, self)
            self._video.frame_ready.connect(self.update)
            self._video.failed.connect(lambda _p: self.update())
            self._video.muted_changed.connect(lambda _m: self.update())
        path, duration = item
        if self._video.path != path:
            self._video.open(path, duration_ms=duration)
        if not self._video.has_failed:
            self._video.play()

    def showEvent(self, e: QShowEvent) -> None:
        super().showEvent(e)
        self._sync_video()

    def hideEvent(self, e: QHideEvent) -> None:
        if self._video is not None:
            self._video.stop()  # leaving the page: the next visit starts the video afresh
        super().hideEvent(e)

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
            self._sync_video()
            self.update()
            if changed:
                self.index_changed.emit(index)
            return
        direction = 1 if index > self._index else -1
        self._target = index
        self._animate_to(-direction * self.width())

    # gesture -------------------------------------------------------------------------------
    def _begin(self, pos: QPointF, local: QPointF | None = None) -> None:
        self._anim.stop()
        self._press = pos
        self._press_local = local

    def _move(self, pos: QPointF) -> None:
        if self._press is None:
            return
        dx = pos.x() - self._press.x()
        at_edge = (dx > 0 and self._index == 0) or (dx < 0 and self._index >= len(self._paths) - 1)
        self._set_offset(dx * (0.3 if at_edge else 1.0))  # rubber band at the ends

    def _end(self, pos: QPointF) -> None:
        if self._press is None:
            return
        tapped = (pos - self._press).manhattanLength() < TAP_SLOP_PX
        self._move(pos)
        self._press = None
        local, self._press_local = self._press_local, None
        if tapped and local is not None and self._sound_button().contains(local):
            self._offset = 0.0
            self.toggle_sound()
            return
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
        self._sync_video()
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
                self._begin(pos, pts[0].position())
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
        self._begin(e.globalPosition(), e.position())

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
            video = self._video
            if (i == self._index and i in self._videos and video is not None
                    and video.image is not None and not video.has_failed):
                img = video.image  # the playing frame; the poster until the first one
            paint_cover(p, QRectF(x, 0, w, h), img, radius=self.radius)
        if self.video is not None and not self.video.has_failed and abs(self._offset) < 1:
            self._paint_sound_button(p)
        if len(self._paths) > 1:
            self._paint_dots(p, w, h)
        p.end()

    # the tap-to-unmute button of a video ---------------------------------------------------
    def _sound_button(self) -> QRectF:
        if self.video is None or self.video.has_failed:
            return QRectF()
        d = max(float(theme.MIN_TAP), self.height() * 0.13)
        m = d * 0.3
        return QRectF(self.width() - d - m, m, d, d)

    def toggle_sound(self) -> None:
        """Unmute the video on screen (the narration stops), or mute it again."""
        if self.video is not None:
            self.video.set_muted(not self.video.muted)
            self.update()

    def _paint_sound_button(self, p: QPainter) -> None:
        assert self._video is not None
        r = self._sound_button()
        p.save()
        pal = theme.palette()
        high = pal is theme.HIGH_CONTRAST  # an opaque plate with a ring: 3:1 on any picture
        plate = QColor(pal.scrim)
        plate.setAlpha(255 if high else 170)
        p.setPen(QPen(QColor(pal.control_line), 2) if high else Qt.PenStyle.NoPen)
        p.setBrush(plate)
        p.drawEllipse(r)
        s = r.width() / 24
        ox, oy = r.left(), r.top()
        body = QPainterPath()
        for i, (x, y) in enumerate(((6, 10), (9, 10), (13, 6.5), (13, 17.5), (9, 14), (6, 14))):
            pt = QPointF(ox + x * s, oy + y * s)
            body.moveTo(pt) if i == 0 else body.lineTo(pt)
        body.closeSubpath()
        p.fillPath(body, QColor(pal.text))
        pen = QPen(QColor(pal.text), 1.8 * s)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        if self._video.muted:  # a cross: tap to hear it
            p.drawLine(QPointF(ox + 15.5 * s, oy + 9.5 * s), QPointF(ox + 20 * s, oy + 14.5 * s))
            p.drawLine(QPointF(ox + 20 * s, oy + 9.5 * s), QPointF(ox + 15.5 * s, oy + 14.5 * s))
        else:
            p.drawArc(QRectF(ox + 10 * s, oy + 8 * s, 8 * s, 8 * s), -50 * 16, 100 * 16)
        p.restore()

    def sound_button_text(self) -> str:
        """What the button does, for tests and screen readers."""
        if self.video is None:
            return ""
        return tr("unmute" if self.video.muted else "mute", self.lang)

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
