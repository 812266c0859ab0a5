"""Small touch widgets shared by the pages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QWidget,
)

from kiosk.ui import theme
from kiosk.ui.i18n import tr
from kiosk.ui.services import ImageLoader


def layout_of(widget: QWidget) -> QLayout:
    """The layout ``widget`` was built with (Qt's signature allows none)."""
    lay = widget.layout()
    if lay is None:
        raise RuntimeError(f"{type(widget).__name__} has no layout")
    return lay


def host_of(widget: QWidget) -> QWidget:
    """The parent an overlay (toast, PIN pad) was made on."""
    host = widget.parentWidget()
    if host is None:
        raise RuntimeError(f"{type(widget).__name__} has no parent")
    return host


def clear_layout(lay: QLayout) -> None:
    """Take every item out of ``lay``; their widgets are deleted later, by the event loop."""
    while lay.count():
        item = lay.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


class PillButton(QPushButton):
    """A rounded button with a touch-sized minimum height; never depends on hover."""

    def __init__(self, text: str = "", *, accent: bool = False, parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setObjectName("pillAccent" if accent else "pill")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumHeight(theme.MIN_TAP)
        self.setMinimumWidth(theme.MIN_TAP)

    def apply_metrics(self, m: theme.Metrics) -> None:
        self.setFixedHeight(m.tap())
        self.setMinimumWidth(m.tap())


def paint_cover(p: QPainter, rect: QRectF, img: QPixmapLike | None, *, radius: float = 0,
                placeholder: QColor | None = None) -> None:
    """Draw ``img`` filling ``rect`` (cropped, centred), with rounded corners."""
    p.save()
    if radius:
        path = QPainterPath()
        path.addRoundedRect(rect, radius, radius)
        p.setClipPath(path)
    if img is None or img.isNull():
        grad = QLinearGradient(rect.topLeft(), rect.bottomRight())
        base = placeholder or QColor(theme.palette().card)
        grad.setColorAt(0, base.lighter(130))
        grad.setColorAt(1, base.darker(160))
        p.fillRect(rect, grad)
    else:
        iw, ih = img.width(), img.height()
        scale = max(rect.width() / iw, rect.height() / ih)
        sw, sh = rect.width() / scale, rect.height() / scale
        src = QRectF((iw - sw) / 2, (ih - sh) / 2, sw, sh)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        p.drawImage(rect, img, src)
    p.restore()


QPixmapLike = QImage  # what the image loader hands out


class CoverImage(QWidget):
    """An image that fills its box (async decoded), with optional rounded corners."""

    def __init__(self, loader: ImageLoader, *, radius: float = 0, parent: QWidget | None = None):
        super().__init__(parent)
        self._loader = loader
        self._path: Path | None = None
        self.radius = radius
        self.tint: QColor | None = None
        loader.loaded.connect(self._on_loaded)

    def set_path(self, path: Path | None) -> None:
        self._path = path
        self.update()

    def _on_loaded(self, path: str) -> None:
        if self._path is not None and path == str(self._path):
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        img = self._loader.get(self._path, self.size()) if self._path else None
        paint_cover(p, QRectF(self.rect()), img, radius=self.radius, placeholder=self.tint)
        p.end()


class ClampLabel(QLabel):
    """Word-wrapped text cut to ``max_lines`` with an ellipsis (QLabel alone cannot)."""

    def __init__(self, object_name: str, max_lines: int = 3, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.max_lines = max_lines
        self.clamp = max_lines  # max_lines = 0: every line shows (large text)
        self.setWordWrap(True)

    def set_unclamped(self, unclamped: bool) -> None:
        """Large text: no ellipsis, every line shows and the label grows."""
        self.max_lines = 0 if unclamped else self.clamp
        self.updateGeometry()
        self.update()

    def _lines_for(self, width: int) -> int:
        if self.max_lines:
            return self.max_lines
        return max(1, self._layout_lines(max(1, width), 10_000))

    def _layout_lines(self, width: int, limit: int) -> int:
        layout = QTextLayout(self.text(), self.font())
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(opt)
        layout.beginLayout()
        n = 0
        while n < limit:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            n += 1
        layout.endLayout()
        return n

    def sizeHint(self) -> QSize:
        h = self.fontMetrics().lineSpacing() * self._lines_for(self.width())
        return QSize(super().sizeHint().width(), h)

    def minimumSizeHint(self) -> QSize:
        return QSize(40, self.fontMetrics().lineSpacing() * self._lines_for(self.width()))

    def heightForWidth(self, width: int) -> int:
        return self.fontMetrics().lineSpacing() * self._lines_for(width)

    def truncated(self) -> bool:
        """Whether the text needs more lines than show (for the no-truncation audit)."""
        shown = self.height() // max(1, self.fontMetrics().lineSpacing())
        return self._layout_lines(max(1, self.width()), 10_000) > shown

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setPen(self.palette().color(self.foregroundRole()))
        fm = self.fontMetrics()
        layout = QTextLayout(self.text(), self.font())
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(opt)
        layout.beginLayout()
        lines: list[tuple[int, int]] = []  # (start, length) of each line
        limit = self.max_lines or 10_000
        while len(lines) < limit:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(self.width())
            lines.append((line.textStart(), line.textLength()))
        layout.endLayout()
        y = fm.ascent()
        text = self.text()
        for i, (start, length) in enumerate(lines):
            chunk = text[start:start + length].rstrip("\n")
            if i == len(lines) - 1 and start + length < len(text):
                chunk = fm.elidedText(text[start:], Qt.TextElideMode.ElideRight, self.width())
            p.drawText(0, y, chunk)
            y += fm.lineSpacing()
        p.end()


class Chip(QLabel):
    """A small coloured label, e.g. an exhibit's category (painted: no per-widget style sheet,
    which would cost a style recomputation per chip)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chip")
        self._color = QColor(theme.palette().accent)

    def set_color(self, color: QColor) -> None:
        self._color = QColor(color)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        bg = QColor(self._color)
        bg.setAlpha(theme.palette().chip_alpha)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        # high contrast: an outline in the chip's colour instead of a tinted fill
        p.setPen(self._color if bg.alpha() == 0 else Qt.PenStyle.NoPen)
        p.setBrush(bg)
        p.drawRoundedRect(r, r.height() / 2, r.height() / 2)
        p.setPen(self._color)
        p.setFont(self.font())
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, self.text())
        p.end()


class Tappable(QWidget):
    """Emits ``tapped`` on a press and release inside it with little movement (touch or mouse)."""

    tapped = Signal()
    SLOP = 24

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._press: QPointF | None = None
        self.pressed = False
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, e: QMouseEvent) -> None:
        # global positions: a relayout between press and release must not turn a tap into a drag
        self._press = e.globalPosition()
        self.pressed = True
        self.update()

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        start, self._press = self._press, None
        self.pressed = False
        self.update()
        if start is None or not self.rect().contains(e.position().toPoint()):
            return
        d = e.globalPosition() - start
        if abs(d.x()) + abs(d.y()) <= self.SLOP:
            self.tapped.emit()


class LogoMark(QWidget):
    """The kiosk's own mark: an instrument dial with a rising trace, painted (no copied logo)."""

    def sizeHint(self) -> QSize:
        return QSize(48, 48)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        s = min(self.width(), self.height())
        r = QRectF((self.width() - s) / 2 + 2, (self.height() - s) / 2 + 2, s - 4, s - 4)
        grad = QLinearGradient(r.topLeft(), r.bottomRight())
        pal = theme.palette()
        grad.setColorAt(0, QColor(pal.accent))
        grad.setColorAt(1, QColor(pal.category("branch")))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(grad)
        p.drawRoundedRect(r, s * 0.26, s * 0.26)
        pen = p.pen()
        pen.setStyle(Qt.PenStyle.SolidLine)
        pen.setColor(QColor(pal.bg))
        pen.setWidthF(max(2.0, s * 0.08))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        path = QPainterPath()
        pts = [(0.18, 0.72), (0.38, 0.70), (0.50, 0.62), (0.58, 0.30), (0.66, 0.62), (0.82, 0.66)]
        path.moveTo(r.left() + pts[0][0] * r.width(), r.top() + pts[0][1] * r.height())
        for x, y in pts[1:]:
            path.lineTo(r.left() + x * r.width(), r.top() + y * r.height())
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        p.end()


class TopBar(QWidget):
    """Brand on the left; back/home, info and the language toggle on the right."""

    back = Signal()
    info = Signal()
    language = Signal()

    def __init__(self, *, show_back: bool, show_info: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("topbar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        lay = QHBoxLayout(self)
        self.logo = LogoMark(self)
        self.brand = QLabel(self)
        self.brand.setObjectName("brand")
        self.brand_sub = QLabel(self)
        self.brand_sub.setObjectName("brandSub")
        names = QWidget(self)
        nl = QHBoxLayout(names)
        nl.setContentsMargins(0, 0, 0, 0)
        nl.setSpacing(14)
        nl.addWidget(self.brand, 0, Qt.AlignmentFlag.AlignVCenter)
        nl.addWidget(self.brand_sub, 0, Qt.AlignmentFlag.AlignVCenter)
        nl.addStretch(1)
        self.back_btn = PillButton(parent=self)
        self.back_btn.clicked.connect(self.back)
        self.back_btn.setVisible(show_back)
        self.info_btn = PillButton(parent=self)
        self.info_btn.clicked.connect(self.info)
        self.info_btn.setVisible(show_info)
        self.lang_btn = PillButton(accent=True, parent=self)
        self.lang_btn.setObjectName("pillAccent")
        self.lang_btn.clicked.connect(self.language)
        lay.addWidget(self.back_btn)
        lay.addWidget(self.logo)
        lay.addWidget(names, 1)
        lay.addWidget(self.info_btn)
        lay.addWidget(self.lang_btn)

    _metrics = theme.Metrics(1920, 1080)

    def apply_metrics(self, m: theme.Metrics) -> None:
        self._metrics = m
        pad = m.px(28)
        layout_of(self).setContentsMargins(pad, m.px(14), pad, m.px(14))
        layout_of(self).setSpacing(m.px(18))
        self.logo.setFixedSize(m.px(52), m.px(52))
        for b in (self.back_btn, self.info_btn, self.lang_btn):
            b.apply_metrics(m)
        self._fit_names(m)

    def _fit_names(self, m: theme.Metrics) -> None:
        """The buttons always keep their full labels: the brand line gives way (the subline
        first, then the name; the logo stays)."""
        buttons = [b for b in (self.back_btn, self.info_btn, self.lang_btn) if not b.isHidden()]
        spacing = m.px(18)
        used = sum(b.sizeHint().width() for b in buttons) + m.px(52) + 2 * m.px(28)
        avail = m.width - used - spacing * (len(buttons) + 1)
        brand = self.brand.sizeHint().width()
        sub = self.brand_sub.sizeHint().width()
        self.brand.setVisible(brand <= avail)
        self.brand_sub.setVisible(not m.portrait and m.width >= 1500 and not m.large
                                  and brand + 14 + sub <= avail)

    def retranslate(self, lang: str, brand: str, brand_sub: str) -> None:
        self.brand.setText(brand)
        self.brand_sub.setText(brand_sub)
        self.back_btn.setText("←  " + tr("back", lang))
        self.info_btn.setText(tr("info", lang))
        self.lang_btn.setText(tr("lang_toggle", lang))
        self._fit_names(self._metrics)


class DragScroll(QObject):
    """Finger-drag scrolling for a form: every press reaches its button or field at once.

    QScroller (the visitors' kinetic scrolling) holds presses back to tell taps from drags,
    and on a form full of buttons the first tap after a screen change could be lost. Here the
    press goes through; only when the finger has moved past SLOP does the drag become a scroll,
    and then its release is swallowed so the button under the finger does not fire.
    """

    SLOP = 18

    def __init__(self, area: QScrollArea):
        super().__init__(area)
        self.area = area
        self._start: QPointF | None = None
        self._start_value = 0
        self.dragging = False
        self.enabled = True
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def _inside(self, obj: QObject) -> bool:
        vp = self.area.viewport()
        return isinstance(obj, QWidget) and (obj is vp or vp.isAncestorOf(obj))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self.enabled:
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            if self._start is None and self._inside(obj) and self.area.isVisible():
                self._start = event.globalPosition()
                self._start_value = self.area.verticalScrollBar().value()
                self.dragging = False
        elif kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            if self._start is None or not event.buttons():
                return False
            dy = event.globalPosition().y() - self._start.y()
            if not self.dragging and abs(dy) > self.SLOP:
                self.dragging = True
                for b in self.area.findChildren(QAbstractButton):
                    if b.isDown():
                        b.setDown(False)
            if self.dragging:
                self.area.verticalScrollBar().setValue(int(self._start_value - dy))
                return True
        elif kind == QEvent.Type.MouseButtonRelease:
            was_dragging = self.dragging
            self._start, self.dragging = None, False
            return was_dragging and self._inside(obj)
        return False
