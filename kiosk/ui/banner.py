"""Scheduled messages on the visitor pages: the slim strip above home, exhibit and info pages,
and the large welcome band painted at the top of the attract loop. Both languages always show:
the visitor's first, the other beside or below it."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.content.messages import Message
from kiosk.ui import theme

NOTICE_BG = "#2B4A74"


def _colours(welcome: bool) -> tuple[QColor, QColor]:
    """(background, text) of a welcome or a notice in the current palette."""
    pal = theme.palette()
    if welcome:
        return QColor(pal.accent2), QColor(pal.on_accent)
    if pal is theme.HIGH_CONTRAST:  # inverse: a band that stands out on the black page
        return QColor(pal.text), QColor(pal.bg)
    return QColor(NOTICE_BG), QColor(pal.text)


def _font(px: int, bold: bool = False) -> QFont:
    f = QFont(theme.FONT_FAMILY)
    f.setPixelSize(px)
    f.setBold(bold)
    return f


def ordered(message: Message, lang: str) -> tuple[str, str]:
    other = "en" if lang == "zh" else "zh"
    return message.text.get(lang), message.text.get(other)


class MessageStrip(QWidget):
    """One line across the top of the visitor pages: the current welcome, else the notice."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.message: Message | None = None
        self.lang = "zh"
        self.metrics = theme.Metrics(1920, 1080)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.hide()

    def set_message(self, message: Message | None, lang: str, m: theme.Metrics) -> None:
        self.message, self.lang, self.metrics = message, lang, m
        self.setFixedHeight(self._height(m))
        self.update()

    @staticmethod
    def _height(m: theme.Metrics) -> int:
        return max(m.px(60), m.fpx(28) * 3 // 2 + m.px(16))  # large text: a taller strip

    def sizeHint(self) -> QSize:
        return QSize(400, self._height(self.metrics))

    def texts(self) -> list[str]:
        return list(ordered(self.message, self.lang)) if self.message else []

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.message is None:
            return
        m = self.metrics
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        welcome = self.message.kind == "welcome"
        bg, fg = _colours(welcome)
        p.fillRect(self.rect(), bg)
        first, second = ordered(self.message, self.lang)
        pad = m.px(40)
        r = QRectF(self.rect()).adjusted(pad, 0, -pad, 0)
        p.setPen(fg)
        fm2 = QFontMetrics(_font(m.fpx(22)))
        p.setFont(_font(m.fpx(28), True))
        fm = p.fontMetrics()
        # the visitor's language first, at most 60 % of the line unless the other one leaves
        # it more (large text would otherwise cut it)
        room = max(int(r.width() * 0.6),
                   int(r.width()) - fm2.horizontalAdvance(second) - m.px(28))
        # (a little over the advance: elidedText cuts a text given exactly its own advance)
        first_w = min(fm.horizontalAdvance(first) + m.px(6), room)
        p.drawText(QRectF(r.left(), r.top(), first_w, r.height()),
                   Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                   fm.elidedText(first, Qt.TextElideMode.ElideRight, first_w))
        p.setFont(_font(m.fpx(22)))
        rest = QRectF(r.left() + first_w + m.px(28), r.top(), r.width() - first_w - m.px(28),
                      r.height())
        p.drawText(rest, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                   fm2.elidedText(second, Qt.TextElideMode.ElideRight, int(rest.width())))
        p.end()


def welcome_height(m: theme.Metrics, message: Message | None) -> int:
    """How much of the attract loop's top the band takes (0 without a message)."""
    if message is None:
        return 0
    return m.px(230) if message.kind == "welcome" else m.px(64)


def paint_attract_band(p: QPainter, width: int, m: theme.Metrics, message: Message,
                       lang: str) -> None:
    """The top of the attract loop: a welcome in large type, or a notice as a slim band."""
    h = welcome_height(m, message)
    first, second = ordered(message, lang)
    pad = m.px(64)
    p.save()
    bg, fg = _colours(message.kind == "welcome")
    if message.kind == "welcome":
        g = QLinearGradient(0, 0, width, 0)
        g.setColorAt(0, bg)
        g.setColorAt(1, bg.darker(125))
        p.fillRect(QRectF(0, 0, width, h), g)
        p.setPen(fg)
        p.setFont(_font(m.px(72), True))
        fm = p.fontMetrics()
        p.drawText(QRectF(pad, m.px(26), width - 2 * pad, m.px(104)),
                   Qt.AlignmentFlag.AlignCenter,
                   fm.elidedText(first, Qt.TextElideMode.ElideRight, width - 2 * pad))
        p.setFont(_font(m.px(40)))
        fm = p.fontMetrics()
        p.drawText(QRectF(pad, m.px(136), width - 2 * pad, m.px(64)),
                   Qt.AlignmentFlag.AlignCenter,
                   fm.elidedText(second, Qt.TextElideMode.ElideRight, width - 2 * pad))
    else:
        p.fillRect(QRectF(0, 0, width, h), bg)
        p.setPen(fg)
        p.setFont(_font(m.px(28), True))
        text = f"{first}   ·   {second}"
        p.drawText(QRectF(pad, 0, width - 2 * pad, h), Qt.AlignmentFlag.AlignCenter,
                   p.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width - 2 * pad))
    p.restore()
