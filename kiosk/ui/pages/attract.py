"""The attract loop: hero images cross-fade behind a clear "touch to start".

Each exhibit shows its hero picture; an exhibit's gallery videos follow it as slides of their
own, played once, muted, in place of the picture (its poster until the first frame). A video
that fails is logged and skipped, then and in later rounds: the loop never shows a black or
frozen screen."""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHideEvent,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

from kiosk.content.record import Exhibit, Media
from kiosk.ui import theme
from kiosk.ui.i18n import category_label, tr
from kiosk.ui.pages.base import Page
from kiosk.ui.services import ImageLoader
from kiosk.ui.video import VideoPlayer
from kiosk.ui.widgets import LogoMark, PillButton, paint_cover

VIDEO_SLIDE_MAX_MS = 30_000  # a long video gives the floor back to the pictures after this


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
        self.video: VideoPlayer | None = None   # made when the first video slide comes
        self._failed: set[str] = set()
        self._video_cap = QTimer(self)
        self._video_cap.setSingleShot(True)
        self._video_cap.setInterval(VIDEO_SLIDE_MAX_MS)
        self._video_cap.timeout.connect(self.advance)

    def set_interval(self, seconds: float) -> None:
        self._rotate.setInterval(int(seconds * 1000))

    def _slides(self) -> list[tuple[Exhibit, Media]]:
        """Every exhibit's hero, each followed by the exhibit's videos that still play."""
        out = []
        for e in self.snapshot.exhibits:
            if e.hero is None:
                continue
            out.append((e, e.hero))
            out += [(e, m) for m in e.media if m.kind == "video"
                    and str(self.snapshot.video_path(m)) not in self._failed]
        return out

    def _heroes(self) -> list[Exhibit]:
        """The exhibit of each slide (its title is painted over it)."""
        return [e for e, _m in self._slides()]

    def advance(self) -> None:
        slides = self._slides()
        if len(slides) < 2:
            return
        self.index = (self.index + 1) % len(slides)
        self._anim.start()
        self._start_slide()

    def current_slide(self) -> tuple[Exhibit, Media] | None:
        slides = self._slides()
        return slides[self.index % len(slides)] if slides else None

    def _start_slide(self) -> None:
        """A video slide plays (and holds the loop until it ends); a picture waits its turn."""
        slide = self.current_slide()
        if slide is None or slide[1].kind != "video" or not self.isVisible():
            if self.video is not None:
                self.video.stop()
            self._video_cap.stop()
            if self.isVisible():
                self._rotate.start()
            return
        if self.video is None:
            self.video = VideoPlayer(None, self)  # no Sound: always muted
            self.video.frame_ready.connect(self.update)
            self.video.ended.connect(self.advance)
            self.video.failed.connect(self._video_failed)
        self._rotate.stop()
        self._video_cap.start()
        self.video.open(self.snapshot.video_path(slide[1]), loop=False)
        self.video.play()

    def _video_failed(self, path: str) -> None:
        self._failed.add(path)
        slides = self._slides()
        self.index = self.index % len(slides) if slides else 0  # the failed slide is gone
        self._start_slide()
        self.update()

    def _on_fade(self, v: object) -> None:
        self._fade = float(v)  # type: ignore[arg-type]
        self.update()

    def _on_pulse(self, v: object) -> None:
        self._pulse = float(v)  # type: ignore[arg-type]
        self.update(self._prompt_rect().toAlignedRect().adjusted(-20, -20, 20, 20))

    def reset(self) -> None:
        self.index = 0
        self._fade = 1.0
        self._start_slide()

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
        self._pulse_anim.start()
        super().showEvent(e)
        self._start_slide()

    def hideEvent(self, e: QHideEvent) -> None:
        self._rotate.stop()
        self._video_cap.stop()
        if self.video is not None:
            self.video.close()
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
        w, h = m.px(620), m.px(120)
        return QRectF((self.width() - w) / 2, self.height() - h - m.px(90), w, h)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        r = QRectF(self.rect())
        m = self.metrics
        slides = self._slides()
        heroes = [e for e, _m in slides]
        p.fillRect(r, QColor(theme.BG))
        if slides:
            cur, cur_m = slides[self.index % len(slides)]
            prev, prev_m = slides[(self.index - 1) % len(slides)]
            if self._fade < 1.0:
                paint_cover(p, r, self._img(prev_m), placeholder=theme.accent_for(prev.category))
                p.setOpacity(self._fade)
            frame = self.video.image if (cur_m.kind == "video" and self.video is not None
                                         and self.video.playing) else None
            paint_cover(p, r, frame if frame is not None else self._img(cur_m),
                        placeholder=theme.accent_for(cur.category))
            p.setOpacity(1.0)
        # legibility: darken the bottom and the top-left where text sits
        g = QLinearGradient(QPointF(0, r.height() * 0.35), QPointF(0, r.height()))
        g.setColorAt(0, QColor(8, 18, 35, 0))
        g.setColorAt(1, QColor(8, 18, 35, 235))
        p.fillRect(r, g)
        g2 = QLinearGradient(QPointF(0, 0), QPointF(0, r.height() * 0.3))
        g2.setColorAt(0, QColor(8, 18, 35, 200))
        g2.setColorAt(1, QColor(8, 18, 35, 0))
        p.fillRect(r, g2)
        self._paint_brand(p, m)
        if heroes:
            self._paint_title(p, m, heroes[self.index % len(heroes)])
        self._paint_prompt(p, m)
        p.end()

    def _img(self, media: Media):  # type: ignore[no-untyped-def]
        return self._loader.get(self.snapshot.media_path(media), self.size())

    def _font(self, px: int, bold: bool = False) -> QFont:
        f = QFont(theme.FONT_FAMILY)
        f.setPixelSize(px)
        f.setBold(bold)
        return f

    def _paint_brand(self, p: QPainter, m: theme.Metrics) -> None:
        x = m.px(48) + m.px(64) + m.px(20)
        p.setPen(QColor(theme.TEXT))
        p.setFont(self._font(m.px(34), True))
        p.drawText(QRectF(x, m.px(44), self.width() * 0.6, m.px(44)),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   self.snapshot.text("name", self.lang))
        p.setPen(QColor(theme.MUTED))
        p.setFont(self._font(m.px(20)))
        p.drawText(QRectF(x, m.px(88), self.width() * 0.6, m.px(30)),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   self.snapshot.text("tagline", self.lang))

    def _paint_title(self, p: QPainter, m: theme.Metrics, exhibit: object) -> None:
        pad = m.px(64)
        base = self._prompt_rect().top() - m.px(60)
        chip = category_label(exhibit.category, self.lang)  # type: ignore[attr-defined]
        p.setFont(self._font(m.px(22), True))
        p.setPen(theme.accent_for(exhibit.category))  # type: ignore[attr-defined]
        p.drawText(QRectF(pad, base - m.px(150), self.width() - 2 * pad, m.px(34)),
                   Qt.AlignmentFlag.AlignLeft, chip)
        p.setPen(QColor(theme.TEXT))
        p.setFont(self._font(m.px(64), True))
        p.drawText(QRectF(pad, base - m.px(112), self.width() - 2 * pad, m.px(84)),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   exhibit.title.get(self.lang))  # type: ignore[attr-defined]
        p.setPen(QColor("#D5DEEA"))
        p.setFont(self._font(m.px(26)))
        p.drawText(QRectF(pad, base - m.px(24), self.width() - 2 * pad, m.px(40)),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   p.fontMetrics().elidedText(exhibit.summary.get(self.lang),  # type: ignore[attr-defined]
                                              Qt.TextElideMode.ElideRight,
                                              int(self.width() - 2 * pad)))

    def _paint_prompt(self, p: QPainter, m: theme.Metrics) -> None:
        rect = self._prompt_rect()
        glow = QColor(theme.ACCENT)
        glow.setAlpha(int(40 + 70 * self._pulse))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(glow)
        grow = m.px(10) * self._pulse
        p.drawRoundedRect(rect.adjusted(-grow, -grow, grow, grow),
                          rect.height() / 2 + grow, rect.height() / 2 + grow)
        p.setBrush(QColor(theme.ACCENT))
        p.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        p.setPen(QColor(theme.BG))
        first, second = ("zh", "en") if self.lang == "zh" else ("en", "zh")
        p.setFont(self._font(m.px(36), True))
        top = QRectF(rect.left(), rect.top() + m.px(12), rect.width(), rect.height() * 0.5)
        p.drawText(top, Qt.AlignmentFlag.AlignCenter, tr("touch_to_start", first))
        p.setFont(self._font(m.px(24)))
        bottom = QRectF(rect.left(), rect.center().y() + m.px(2), rect.width(), rect.height() * 0.4)
        p.drawText(bottom, Qt.AlignmentFlag.AlignCenter, tr("touch_to_start", second))
