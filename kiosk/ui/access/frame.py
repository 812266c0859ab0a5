"""The frame around the visitor pages: the access dock (always in the same place, inside the
reach band) and, in reach mode, the pages moved down into the band with a view-only picture
above them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPaintEvent, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from kiosk.ui import theme
from kiosk.ui.access.modes import Modes
from kiosk.ui.access.strings import t
from kiosk.ui.services import ImageLoader
from kiosk.ui.widgets import PillButton, paint_cover

MIN_REACH_AREA = 240  # px of page left above the dock for reach mode to move the pages


@dataclasses.dataclass(frozen=True)
class FrameRects:
    stack: QRect
    dock: QRect
    picture: QRect | None  # reach mode: the view-only area above the band


def frame_rects(width: int, height: int, band: tuple[int, int], dock_h: int, *,
                reach: bool, visitor: bool = True) -> FrameRects:
    """Where the pages, the dock and the reach picture go in a ``width`` x ``height`` window.

    The dock's bottom is the band's bottom (the window's bottom unless the panel is mounted
    very low), in every mode, so the access button never moves."""
    if not visitor:
        return FrameRects(QRect(0, 0, width, height), QRect(0, height, width, 0), None)
    top, bottom = band
    dock_bottom = bottom if bottom > top else height
    dock = QRect(0, dock_bottom - dock_h, width, dock_h)
    if reach and dock.top() - top >= MIN_REACH_AREA and top > 0:
        return FrameRects(QRect(0, top, width, dock.top() - top), dock, QRect(0, 0, width, top))
    return FrameRects(QRect(0, 0, width, dock.top()), dock, None)


def access_icon(size: int, colour: str) -> QPixmap:
    """The access symbol (a figure with open arms in a circle), painted: no copied artwork."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    c = QColor(colour)
    w = max(2.0, size * 0.08)
    p.setPen(QPen(c, w))
    p.setBrush(Qt.BrushStyle.NoBrush)
    r = QRectF(w, w, size - 2 * w, size - 2 * w)
    p.drawEllipse(r)
    s = r.width()
    cx, top = r.center().x(), r.top()
    p.setBrush(c)
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(QPointF(cx, top + s * 0.22), s * 0.08, s * 0.08)
    pen = QPen(c, w * 1.1)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.drawLine(QPointF(cx - s * 0.28, top + s * 0.38), QPointF(cx + s * 0.28, top + s * 0.38))
    p.drawLine(QPointF(cx, top + s * 0.38), QPointF(cx, top + s * 0.6))
    p.drawLine(QPointF(cx, top + s * 0.6), QPointF(cx - s * 0.16, top + s * 0.82))
    p.drawLine(QPointF(cx, top + s * 0.6), QPointF(cx + s * 0.16, top + s * 0.82))
    p.end()
    return pm


class AccessButton(PillButton):
    """无障碍 / Access: both languages, so a visitor finds it whatever is on screen."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent=parent)
        self.setObjectName("pill")
        self.setProperty("accessButton", True)

    def apply_metrics(self, m: theme.Metrics) -> None:
        super().apply_metrics(m)
        side = m.fpx(34)
        self.setIcon(QIcon(access_icon(side * 2, theme.palette().accent)))
        self.setIconSize(QSize(side, side))

    def retranslate(self, lang: str) -> None:
        first, second = ("en", "zh") if lang == "en" else ("zh", "en")
        self.setText(f"  {t('button', first)} · {t('button', second)}")


class AccessDock(QWidget):
    """The strip at the bottom: the access button and which modes are on."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("accessDock")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.button = AccessButton(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("muted")
        self.button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        lay = QHBoxLayout(self)
        lay.addWidget(self.button)
        lay.addWidget(self.summary)
        lay.addStretch(1)  # the button keeps its size; the rest of the strip is empty

    @staticmethod
    def height_for(m: theme.Metrics) -> int:
        return m.tap() + 2 * m.px(10)

    def apply_metrics(self, m: theme.Metrics) -> None:
        self.metrics = m
        lay = self.layout()
        assert lay is not None
        lay.setContentsMargins(m.px(28), m.px(10), m.px(28), m.px(10))
        lay.setSpacing(m.px(20))
        self.button.apply_metrics(m)
        self._fit()

    def _fit(self) -> None:
        """The summary of modes only where it fits whole beside the button."""
        m = getattr(self, "metrics", None)
        if m is None:
            return
        room = m.width - 2 * m.px(28) - m.px(20) - self.button.sizeHint().width()
        self.summary.setVisible(bool(self.summary.text())
                                and self.summary.sizeHint().width() <= room)

    def retranslate(self, lang: str, modes: Modes, *, read_aloud_problem: str = "") -> None:
        self.button.retranslate(lang)
        on = []
        if modes.text_scale > 1.01:
            on.append(t("size_150" if modes.text_scale < 1.99 else "size_200", lang))
        for flag, key in ((modes.high_contrast, "high_contrast"), (modes.reach, "reach"),
                          (modes.reduce_motion, "reduce_motion"), (modes.read_aloud, "read_aloud")):
            if flag:
                missing = key == "read_aloud" and read_aloud_problem
                on.append(t("read_aloud_missing", lang) if missing else t(key, lang))
        self.summary.setText("  ·  ".join(on))
        self._fit()


class ReachPicture(QWidget):
    """Reach mode's upper area: the page's picture and a note that everything is below.
    View-only: nothing here reacts to a touch."""

    def __init__(self, loader: ImageLoader, parent: QWidget | None = None):
        super().__init__(parent)
        self._loader = loader
        self.path: Path | None = None
        self.title = ""
        self.note = ""
        self.metrics = theme.Metrics(1920, 1080)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        loader.loaded.connect(lambda _p: self.update())

    def set_picture(self, path: Path | None, title: str, note: str) -> None:
        self.path, self.title, self.note = path, title, note
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        pal = theme.palette()
        m = self.metrics
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        r = QRectF(self.rect())
        p.fillRect(r, QColor(pal.bg))
        img = self._loader.get(self.path, self.size()) if self.path else None
        paint_cover(p, r, img, placeholder=QColor(pal.card))
        # the note sits on a plate at the bottom of the picture, just above the pages
        font = QFont(theme.FONT_FAMILY)
        font.setPixelSize(m.fpx(26))
        font.setBold(True)
        p.setFont(font)
        fm = p.fontMetrics()
        pad = m.px(28)
        lines = [s for s in (self.title, self.note) if s]
        h = len(lines) * fm.lineSpacing() + 2 * m.px(16)
        plate = QRectF(0, r.bottom() - h, r.width(), h)
        bg = QColor(pal.scrim)
        bg.setAlpha(pal.scrim_alpha)
        p.fillRect(plate, bg)
        y = plate.top() + m.px(16)
        for i, line in enumerate(lines):
            p.setPen(QColor(pal.text if i == 0 and self.title else pal.muted))
            p.drawText(QRectF(pad, y, r.width() - 2 * pad, fm.lineSpacing()),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(line, Qt.TextElideMode.ElideRight, int(r.width() - 2 * pad)))
            y += fm.lineSpacing()
        p.end()


class VisitorFrame(QWidget):
    """Holds the page area (the page stack under the message strip), the dock and the reach
    picture; lays them out from the rects."""

    access_clicked = Signal()

    def __init__(self, area: QWidget, loader: ImageLoader, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("visitorFrame")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.area = area
        area.setParent(self)
        self.dock = AccessDock(self)
        self.dock.button.clicked.connect(self.access_clicked)
        self.picture = ReachPicture(loader, self)
        self.picture.hide()
        self.band = (0, 0)
        self.dock_h = 0
        self.reach = False
        self.visitor = True

    def configure(self, *, band: tuple[int, int], dock_h: int, reach: bool, visitor: bool) -> None:
        self.band, self.dock_h, self.reach, self.visitor = band, dock_h, reach, visitor
        self._place()

    def rects(self, width: int | None = None, height: int | None = None) -> FrameRects:
        return frame_rects(width or self.width(), height or self.height(), self.band,
                           self.dock_h, reach=self.reach, visitor=self.visitor)

    def _place(self) -> None:
        r = self.rects()
        self.area.setGeometry(r.stack)
        self.dock.setGeometry(r.dock)
        self.dock.setVisible(self.visitor and r.dock.height() > 0)
        if r.picture is not None:
            self.picture.setGeometry(r.picture)
            self.picture.show()
        else:
            self.picture.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()
