"""The attract loop: hero images cross-fade behind a clear "touch to start"."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import (
    QAbstractAnimation,
    QEasingCurve,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHideEvent,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

from kiosk.ui import theme
from kiosk.ui.i18n import category_label, tr
from kiosk.ui.pages.base import Page
from kiosk.ui.services import ImageLoader
from kiosk.ui.widgets import LogoMark, PillButton, paint_cover


class AttractPage(Page):
    name = "attract"
    start = Signal()
    language = Signal()

    def __init__(self, loader: ImageLoader, *, interval_s: float = 6.0,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._loader = loader
        loader.loaded.connect(lambda _p: self.update())
        self.index = 0
        self._fade = 1.0
        self._pulse = 0.0
        self._rotate = QTimer(self)
        self._rotate.setInterval(int(interval_s * 1000))
        self._rotate.timeout.connect(self.advance)
        self._anim = QVariantAnimation(self)
        self._anim.setDuration(1200)
        self._anim.setStartValue(0.0)
        self._anim.setEndValue(1.0)
        self._anim.setEasingCurve(QEasingCurve.Type.InOutQuad)
        self._anim.valueChanged.connect(self._on_fade)
        self._pulse_anim = QVariantAnimation(self)
        self._pulse_anim.setDuration(2400)
        self._pulse_anim.setKeyValueAt(0, 0.0)
        self._pulse_anim.setKeyValueAt(0.5, 1.0)
        self._pulse_anim.setKeyValueAt(1, 0.0)
        self._pulse_anim.setLoopCount(-1)
        self._pulse_anim.valueChanged.connect(self._on_pulse)
        self.logo = LogoMark(self)
        self.lang_btn = PillButton(accent=True, parent=self)
        self.lang_btn.clicked.connect(self.language)

    def apply_metrics(self, m: theme.Metrics) -> None:
        # a poster, read from afar: its text grows to 150 % at most, or nothing would fit
        super().apply_metrics(dataclasses.replace(m, text_scale=min(m.text_scale, 1.5)))

    def set_interval(self, seconds: float) -> None:
        self._rotate.setInterval(int(seconds * 1000))

    def _heroes(self) -> list:
        return [e for e in self.snapshot.exhibits if e.hero is not None]

    def advance(self) -> None:
        heroes = self._heroes()
        if len(heroes) < 2:
            return
        self.index = (self.index + 1) % len(heroes)
        if self.reduce_motion:  # the next picture at once: no cross-fade
            self._fade = 1.0
            self.update()
        else:
            self._anim.start()

    def set_reduce_motion(self, on: bool) -> None:
        super().set_reduce_motion(on)
        if on:
            self._anim.stop()
            self._pulse_anim.stop()
            self._fade, self._pulse = 1.0, 0.5  # a still glow, no pulse
        elif self.isVisible():
            self._pulse_anim.start()
        self.update()

    @property
    def animating(self) -> bool:
        """Whether anything on the page moves by itself now (reduce motion: never)."""
        running = QAbstractAnimation.State.Running
        return self._anim.state() == running or self._pulse_anim.state() == running

    def reach_picture(self) -> tuple[Path | None, str]:
        heroes = self._heroes()
        if not heroes or heroes[self.index % len(heroes)].hero is None:
            return None, ""
        cur = heroes[self.index % len(heroes)]
        return self.snapshot.media_path(cur.hero), cur.title.get(self.lang)

    def _on_fade(self, v: object) -> None:
        self._fade = float(v)  # type: ignore[arg-type]
        self.update()

    def _on_pulse(self, v: object) -> None:
        self._pulse = float(v)  # type: ignore[arg-type]
        self.update(self._prompt_rect().toAlignedRect().adjusted(-20, -20, 20, 20))

    def reset(self) -> None:
        self.index = 0
        self._fade = 1.0

    def refresh(self) -> None:
        self.lang_btn.setText(tr("lang_toggle", self.lang))
        self._layout_children()
        self.update()

    def visible_texts(self) -> list[str]:
        heroes = self._heroes()
        texts = [self.snapshot.text("name", self.lang), tr("touch_to_start", "zh"),
                 tr("touch_to_start", "en")]
        if heroes:
            texts.append(heroes[self.index % len(heroes)].title.get(self.lang))
        return texts

    def showEvent(self, e: QShowEvent) -> None:
        self._rotate.start()
        if not self.reduce_motion:
            self._pulse_anim.start()
        super().showEvent(e)

    def hideEvent(self, e: QHideEvent) -> None:
        self._rotate.stop()
        self._pulse_anim.stop()
        self._anim.stop()
        self._fade = 1.0
        super().hideEvent(e)

    def resizeEvent(self, e: object) -> None:
        self._layout_children()

    def _layout_children(self) -> None:
        m = self.metrics
        pad = m.px(48)
        self.logo.setGeometry(pad, pad, m.px(64), m.px(64))
        self.lang_btn.apply_metrics(m)
        self.lang_btn.adjustSize()
        self.lang_btn.move(self.width() - pad - self.lang_btn.width(), pad)

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        self.start.emit()

    def _prompt_rect(self) -> QRectF:
        m = self.metrics
        w = min(self.width() - 2 * m.px(48), max(m.px(620), m.fpx(560)))
        h = max(m.px(120), m.fpx(36) + m.fpx(24) + m.px(44))
        return QRectF((self.width() - w) / 2, self.height() - h - m.px(90), w, h)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        r = QRectF(self.rect())
        m = self.metrics
        heroes = self._heroes()
        pal = theme.palette()
        p.fillRect(r, QColor(pal.bg))
        if heroes:
            cur = heroes[self.index % len(heroes)]
            prev = heroes[(self.index - 1) % len(heroes)]
            if self._fade < 1.0:
                paint_cover(p, r, self._img(prev), placeholder=theme.accent_for(prev.category))
                p.setOpacity(self._fade)
            paint_cover(p, r, self._img(cur), placeholder=theme.accent_for(cur.category))
            p.setOpacity(1.0)
        # legibility: where text sits (the top band and from the title down) the picture is
        # under a plate at least scrim_alpha opaque: the contrast the theme test computes
        top_text, title_top = self._text_zones(m)
        scrim = QColor(pal.scrim)

        def at(alpha: int) -> QColor:
            c = QColor(scrim)
            c.setAlpha(alpha)
            return c

        h = max(1.0, r.height())
        a, b = min(1.0, top_text / h), max(0.0, title_top / h)
        g = QLinearGradient(QPointF(0, 0), QPointF(0, h))
        g.setColorAt(0, at(max(pal.scrim_alpha, 215)))
        g.setColorAt(a, at(pal.scrim_alpha))
        if b - a > 0.2:  # the picture shows clear between the two text zones
            g.setColorAt(a + 0.08, at(0))
            g.setColorAt(b - 0.1, at(0))
        g.setColorAt(b, at(pal.scrim_alpha))
        g.setColorAt(1, at(max(pal.scrim_alpha, 235)))
        p.fillRect(r, g)
        self._paint_brand(p, m)
        if heroes:
            self._paint_title(p, m, heroes[self.index % len(heroes)])
        self._paint_prompt(p, m)
        p.end()

    def _img(self, exhibit: object):  # type: ignore[no-untyped-def]
        hero = exhibit.hero  # type: ignore[attr-defined]
        return self._loader.get(self.snapshot.media_path(hero), self.size()) if hero else None

    def _text_zones(self, m: theme.Metrics) -> tuple[float, float]:
        """The bottom of the brand lines and the top of the exhibit title block."""
        return m.px(48) + m.fpx(74) + m.px(12), self._title_top(m) - m.px(16)

    def _title_block(self, m: theme.Metrics) -> list[tuple[QFont, str, str, int]]:
        """(font, text, colour role, max lines) from the top: chip, title, summary."""
        heroes = self._heroes()
        if not heroes:
            return []
        e = heroes[self.index % len(heroes)]
        return [(self._font(m.fpx(22), True), category_label(e.category, self.lang), "chip", 1),
                (self._font(m.fpx(64), True), e.title.get(self.lang), "text", 3),
                (self._font(m.fpx(26)), e.summary.get(self.lang), "body", 2)]

    def _block_heights(self, m: theme.Metrics) -> list[int]:
        """Each block's height; on a short page the summary, then the title, give up lines
        so the block never reaches the brand."""
        width = int(self.width() - 2 * m.px(64))
        block = self._title_block(m)
        needs, spacings = [], []
        for font, text, _role, _lines in block:
            fm = QFontMetrics(font)
            needs.append(fm.boundingRect(0, 0, width, 100_000,
                                         int(Qt.TextFlag.TextWordWrap), text).height())
            spacings.append(fm.lineSpacing())
        caps = [lines for *_, lines in block]
        room = self._prompt_rect().top() - m.px(40) - self._brand_bottom(m) - m.px(16)
        # what gives way, in order: summary lines, the chip, title lines; at last all of it
        # (a short attract page in reach mode: the title shows in the picture above)
        steps = [(2, 1), (2, 0), (0, 0), (1, 2), (1, 1)]
        while True:
            heights = [min(n, s * c) for n, s, c in zip(needs, spacings, caps, strict=True)]
            shown = [h for h in heights if h > 0]
            if not block or sum(shown) + m.px(10) * len(shown) <= room:
                return heights
            if not steps:
                return [0] * len(block)
            i, c = steps.pop(0)
            caps[i] = min(caps[i], c)

    def _brand_bottom(self, m: theme.Metrics) -> float:
        return m.px(44) + m.fpx(74) + m.px(4)

    def _title_top(self, m: theme.Metrics) -> float:
        gap = m.px(10)
        heights = [h for h in self._block_heights(m) if h > 0]
        return self._prompt_rect().top() - m.px(40) - sum(heights) - gap * len(heights)

    def title_rects(self) -> list[QRectF]:
        """Where the chip, title and summary are drawn (for the layout audit)."""
        m = self.metrics
        y = self._title_top(m)
        out = []
        for h in self._block_heights(m):
            out.append(QRectF(m.px(64), y, self.width() - 2 * m.px(64), h))
            if h > 0:
                y += h + m.px(10)
        return out

    def brand_rect(self) -> QRectF:
        m = self.metrics
        x = m.px(48) + m.px(64) + m.px(20)
        return QRectF(x, m.px(44), self.lang_btn.x() - m.px(24) - x, m.fpx(74) + m.px(4))

    def _font(self, px: int, bold: bool = False) -> QFont:
        f = QFont(theme.FONT_FAMILY)
        f.setPixelSize(px)
        f.setBold(bold)
        return f

    def _paint_brand(self, p: QPainter, m: theme.Metrics) -> None:
        pal = theme.palette()
        r = self.brand_rect()
        p.setPen(QColor(pal.text))
        p.setFont(self._font(m.fpx(34), True))
        p.drawText(QRectF(r.left(), r.top(), r.width(), m.fpx(44)),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   p.fontMetrics().elidedText(self.snapshot.text("name", self.lang),
                                              Qt.TextElideMode.ElideRight, int(r.width())))
        p.setPen(QColor(pal.muted))
        p.setFont(self._font(m.fpx(20)))
        p.drawText(QRectF(r.left(), r.top() + m.fpx(44), r.width(), m.fpx(30)),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   p.fontMetrics().elidedText(self.snapshot.text("tagline", self.lang),
                                              Qt.TextElideMode.ElideRight, int(r.width())))

    def _paint_title(self, p: QPainter, m: theme.Metrics, exhibit: object) -> None:
        pal = theme.palette()
        colours = {"chip": theme.accent_for(exhibit.category),  # type: ignore[attr-defined]
                   "text": QColor(pal.text), "body": QColor(pal.body)}
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                    | Qt.TextFlag.TextWordWrap)
        for rect, (font, text, role, _lines) in zip(self.title_rects(), self._title_block(m),
                                                     strict=True):
            if rect.height() <= 0:
                continue
            p.setFont(font)
            p.setPen(colours[role])
            p.drawText(rect, flags, text)

    def _paint_prompt(self, p: QPainter, m: theme.Metrics) -> None:
        rect = self._prompt_rect()
        pal = theme.palette()
        glow = QColor(pal.accent)
        glow.setAlpha(int(40 + 70 * self._pulse))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(glow)
        grow = m.px(10) * self._pulse
        p.drawRoundedRect(rect.adjusted(-grow, -grow, grow, grow),
                          rect.height() / 2 + grow, rect.height() / 2 + grow)
        p.setBrush(QColor(pal.accent))
        p.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        p.setPen(QColor(pal.on_accent))
        first, second = ("zh", "en") if self.lang == "zh" else ("en", "zh")
        p.setFont(self._font(m.fpx(36), True))
        top = QRectF(rect.left(), rect.top() + m.px(12), rect.width(), rect.height() * 0.5)
        p.drawText(top, Qt.AlignmentFlag.AlignCenter, tr("touch_to_start", first))
        p.setFont(self._font(m.fpx(24)))
        bottom = QRectF(rect.left(), rect.center().y() + m.px(2), rect.width(), rect.height() * 0.4)
        p.drawText(bottom, Qt.AlignmentFlag.AlignCenter, tr("touch_to_start", second))
