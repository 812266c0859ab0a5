"""The attract loop: hero images cross-fade behind a clear "touch to start".

Each exhibit shows its hero picture; an exhibit's gallery videos follow it as slides of their
own, played once, muted, in place of the picture (its poster until the first frame). A video
that fails is logged and skipped, then and in later rounds: the loop never shows a black or
frozen screen."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QHideEvent,
    QImage,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

from kiosk.content.messages import Message
from kiosk.content.queries import Exhibit
from kiosk.content.record import Media
from kiosk.ui import theme
from kiosk.ui.banner import paint_attract_band, welcome_height
from kiosk.ui.i18n import category_label, tr
from kiosk.ui.pages.base import Page
from kiosk.ui.services import ImageLoader
from kiosk.ui.video import VideoPlayer
from kiosk.ui.widgets import LogoMark, PillButton, paint_cover

FRAME_HZ = 20  # the pulse: a 2.4 s glow moves under 5 % of its swing a frame (no steps seen)
FADE_HZ = 60  # the cross-fade (1.2 s in every interval): frames are two blits
PULSE_S = 2.4
FADE_S = 1.2
VIDEO_SLIDE_MAX_MS = 30_000  # a long video gives the floor back to the pictures after this


def wants_full_damage() -> bool:
    """Whether each frame should repaint the whole window: some Wayland compositors
    (wlroots' software renderer, cage's headless output) show only the last frame's damage,
    so a page that repaints just its pulsing button would be black around it."""
    return QGuiApplication.platformName().startswith("wayland")


class AttractPage(Page):
    """Hero images cross-fade behind the "touch to start" prompt.

    Each hero's still frame (picture, shading, brand, title) is rendered once into a pixmap;
    a frame of the loop is then one blit plus the prompt, and only the prompt's rectangle is
    repainted between cross-fades (the whole window on Wayland, see ``wants_full_damage``).
    """

    name = "attract"
    start = Signal()
    language = Signal()

    def __init__(self, loader: ImageLoader, *, interval_s: float = 6.0,
                 parent: QWidget | None = None):
        super().__init__(parent)
        # opaque: the window's styled background is never painted beneath this page
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._loader = loader
        loader.loaded.connect(self._on_image)
        self.index = 0
        self._fade = 1.0
        self._pulse = 0.0
        self._fade_from: float | None = None  # clock time the current cross-fade started
        self._layers: dict[int, QPixmap] = {}  # hero index → its still frame at this size
        self._overlays: dict[int, QPixmap] = {}  # slide → shading, brand and title (video)
        self._plate: tuple[tuple[object, ...], QPixmap, QPointF] | None = None  # the prompt
        self._slides_snap: object = None  # the snapshot, failures and mode they were made for
        self._slides_key: tuple[int, bool] | None = None
        self._slides_list: list[tuple[Exhibit, Media]] = []
        self._last_video_frame = -1.0  # clock time (s) of the last video frame painted
        self.full_damage = wants_full_damage()
        self.frames = 0  # frames of the loop, for tests and benchmarks
        self._clock = QElapsedTimer()
        self._rotate = QTimer(self)
        self._rotate.setInterval(int(interval_s * 1000))
        self._rotate.timeout.connect(self.advance)
        self._frame = QTimer(self)
        self._frame.setInterval(round(1000 / FRAME_HZ))
        self._frame.timeout.connect(self._on_frame)
        self.message: Message | None = None  # a scheduled welcome (or notice) on top
        self.logo = LogoMark(self)
        self.lang_btn = PillButton(accent=True, parent=self)
        self.lang_btn.clicked.connect(self.language)
        self.video: VideoPlayer | None = None   # made when the first video slide comes
        self._failed: set[str] = set()
        self._video_cap = QTimer(self)
        self._video_cap.setSingleShot(True)
        self._video_cap.setInterval(VIDEO_SLIDE_MAX_MS)
        self._video_cap.timeout.connect(self.advance)

    def apply_metrics(self, m: theme.Metrics) -> None:
        # a poster, read from afar: its text grows to 150 % at most, or nothing would fit
        super().apply_metrics(dataclasses.replace(m, text_scale=min(m.text_scale, 1.5)))

    def set_message(self, message: Message | None) -> None:
        self.message = message
        self._forget_frames()  # the band is part of every still frame
        self._layout_children()
        self.update()

    def _forget_frames(self) -> None:
        """Drop the rendered still frames and overlays (their content or size changed)."""
        self._layers.clear()
        self._overlays.clear()

    def _top(self) -> int:
        return welcome_height(self.metrics, self.message)

    def set_interval(self, seconds: float) -> None:
        self._rotate.setInterval(int(seconds * 1000))

    def _slides(self) -> list[tuple[Exhibit, Media]]:
        """Every exhibit's hero, each followed by the exhibit's videos that still play (none in
        reduce-motion: a moving picture is the attract animation a visitor asked to be spared).

        Asked several times a frame: worked out again only when the snapshot, the failed
        videos or reduce-motion changed."""
        key = (len(self._failed), self.reduce_motion)
        if self._slides_snap is self.snapshot and self._slides_key == key:
            return self._slides_list
        out = []
        for e in self.snapshot.exhibits:
            if e.hero is None:
                continue
            out.append((e, e.hero))
            if self.reduce_motion:
                continue
            out += [(e, m) for m in e.media if m.kind == "video"
                    and str(self.snapshot.video_path(m)) not in self._failed]
        self._slides_snap, self._slides_key, self._slides_list = self.snapshot, key, out
        return out

    def _heroes(self) -> list[Exhibit]:
        """The exhibit of each slide (its title is painted over it)."""
        return [e for e, _m in self._slides()]

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
            self.video.frame_ready.connect(self._on_video_frame)
            self.video.ended.connect(self.advance)
            self.video.failed.connect(self._video_failed)
        self._rotate.stop()
        self._video_cap.start()
        self.video.open(self.snapshot.video_path(slide[1]), loop=False)
        self.video.play()

    def _on_video_frame(self) -> None:
        self._last_video_frame = self._clock.elapsed() / 1000 if self._clock.isValid() else 0.0
        self._repaint()

    def _video_failed(self, path: str) -> None:
        self._failed.add(path)
        self._forget_frames()  # slide numbers moved
        slides = self._slides()
        self.index = self.index % len(slides) if slides else 0  # the failed slide is gone
        self._start_slide()
        self.update()

    def _video_frame(self) -> QImage | None:
        slide = self.current_slide()
        if (slide is not None and slide[1].kind == "video" and self.video is not None
                and self.video.playing and self.video.image is not None):
            return self.video.image
        return None

    @property
    def fading(self) -> bool:
        return self._fade_from is not None

    def advance(self) -> None:
        heroes = self._heroes()
        if len(heroes) < 2:
            return
        self.index = (self.index + 1) % len(heroes)
        if self.reduce_motion:  # the next picture at once: no cross-fade
            self._fade = 1.0
            self._fade_from = None
            self._forget_frames()
            self._start_slide()
            self.update()
            return
        self._fade = 0.0
        self._fade_from = self._clock.elapsed() / 1000 if self._clock.isValid() else 0.0
        self._frame.setInterval(round(1000 / FADE_HZ))
        keep = {self.index % len(heroes), (self.index - 1) % len(heroes)}
        for i in set(self._layers) - keep:
            del self._layers[i]
        for i in set(self._overlays) - {self.index % len(heroes)}:
            del self._overlays[i]
        self._start_slide()
        self.update()

    def set_reduce_motion(self, on: bool) -> None:
        super().set_reduce_motion(on)
        if on:
            self._frame.stop()  # no pulse, no fade: nothing repaints by itself
            self._fade, self._fade_from, self._pulse = 1.0, None, 0.5  # a still glow
        elif self.isVisible():
            self._frame.start()
        self._forget_frames()
        self._start_slide()  # a video slide gone (or back): the loop goes on from a picture
        self.update()

    @property
    def animating(self) -> bool:
        """Whether anything on the page moves by itself now (reduce motion: never)."""
        return self._frame.isActive() or self._fade_from is not None

    def reach_picture(self) -> tuple[Path | None, str]:
        heroes = self._heroes()
        cur = heroes[self.index % len(heroes)] if heroes else None
        if cur is None or cur.hero is None:
            return None, ""
        return self.snapshot.media_path(cur.hero), cur.title.get(self.lang)

    def _repaint(self) -> None:
        """This page, and on Wayland the whole window too: the access dock under the page is
        in the frame the compositor shows, and a frame that did not repaint it shows it black.
        The page is updated itself: a window's update leaves out its opaque children (Qt
        subtracts them from the dirty region), so ``window().update()`` alone never repainted
        the page, and cage showed it black until the first video slide."""
        self.update()
        if self.full_damage:
            self.window().update()

    def _on_frame(self) -> None:
        t = self._clock.elapsed() / 1000
        self._pulse = 0.5 - 0.5 * math.cos(2 * math.pi * t / PULSE_S)
        self.frames += 1
        if self._fade_from is not None:
            x = min(1.0, (t - self._fade_from) / FADE_S)
            self._fade = 2 * x * x if x < 0.5 else 1 - (-2 * x + 2) ** 2 / 2  # in-out quad
            if x >= 1.0:
                self._fade_from = None
                self._frame.setInterval(round(1000 / FRAME_HZ))
                self._drop_hidden_layer()
            self._repaint()
        elif 0.0 <= t - self._last_video_frame < 0.1:
            pass  # a playing video repaints the page, the prompt with it, at its own rate
        elif self.full_damage:
            self._repaint()
        else:
            self.update(self._prompt_rect().toAlignedRect().adjusted(-20, -20, 20, 20))

    def _drop_hidden_layer(self) -> None:
        heroes = self._heroes()
        if heroes:
            cur = self.index % len(heroes)
            for i in [i for i in self._layers if i != cur]:
                del self._layers[i]

    def _on_image(self, _path: str) -> None:
        self._forget_frames()  # a picture arrived: frames drawn with a placeholder are redone
        self.update()

    def reset(self) -> None:
        self.index = 0
        self._fade = 1.0
        self._fade_from = None
        self._start_slide()

    def refresh(self) -> None:
        self.lang_btn.setText(tr("lang_toggle", self.lang))
        self._forget_frames()
        self._layout_children()
        self.update()

    def visible_texts(self) -> list[str]:
        heroes = self._heroes()
        texts = [self.snapshot.text("name", self.lang), tr("touch_to_start", "zh"),
                 tr("touch_to_start", "en")]
        if heroes:
            texts.append(heroes[self.index % len(heroes)].title.get(self.lang))
        if self.message is not None:
            texts += [self.message.text.zh, self.message.text.en]
        return texts

    def showEvent(self, e: QShowEvent) -> None:
        self.full_damage = wants_full_damage()
        self._clock.start()
        self._last_video_frame = -1.0  # the clock starts again from 0
        self._rotate.start()
        if not self.reduce_motion:  # no pulse, no fades: the frame clock stays off
            self._frame.start()
        super().showEvent(e)
        self._start_slide()

    def hideEvent(self, e: QHideEvent) -> None:
        self._rotate.stop()
        self._frame.stop()
        self._frame.setInterval(round(1000 / FRAME_HZ))
        self._video_cap.stop()
        if self.video is not None:
            self.video.close()
        self._fade = 1.0
        self._fade_from = None
        self._forget_frames()  # full-screen pixmaps are not kept while visitors browse
        super().hideEvent(e)

    def resizeEvent(self, e: object) -> None:
        self._forget_frames()
        self._layout_children()

    def _layout_children(self) -> None:
        m = self.metrics
        pad = m.px(48)
        top = self._top() + pad
        self.logo.setGeometry(pad, top, m.px(64), m.px(64))
        self.lang_btn.apply_metrics(m)
        self.lang_btn.adjustSize()
        self.lang_btn.move(self.width() - pad - self.lang_btn.width(), top)

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        self.start.emit()

    def _prompt_rect(self) -> QRectF:
        m = self.metrics
        w = min(self.width() - 2 * m.px(48), max(m.px(620), m.fpx(560)))
        h = max(m.px(120), m.fpx(36) + m.fpx(24) + m.px(44))
        return QRectF((self.width() - w) / 2, self.height() - h - m.px(90), w, h)

    def _layer(self, i: int) -> QPixmap:
        """Hero ``i``'s still frame at the page's size, rendered once."""
        layer = self._layers.get(i)
        if layer is not None and layer.size() == self.size() * self.devicePixelRatioF():
            return layer
        dpr = self.devicePixelRatioF()
        pm = QPixmap(self.size() * dpr)
        pm.setDevicePixelRatio(dpr)
        p = QPainter(pm)
        self._paint_still(p, i)
        p.end()
        self._layers[i] = pm  # with a placeholder until the picture decodes (then redone)
        return pm

    def _paint_still(self, p: QPainter, i: int, frame: QImage | None = None) -> bool:
        """Picture (or a video ``frame``), shading, brand and title of slide ``i``; False
        while the picture decodes."""
        complete = self._paint_picture(p, i, frame)
        self._paint_overlay(p, i)
        return complete

    def _paint_picture(self, p: QPainter, i: int, frame: QImage | None = None) -> bool:
        """Slide ``i``'s picture (or a video ``frame``) filling the page."""
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        r = QRectF(self.rect())
        slides = self._slides()
        p.fillRect(r, QColor(theme.palette().bg))
        if not slides:
            return True
        hero, media = slides[i % len(slides)]
        img = frame if frame is not None else self._img(media)
        paint_cover(p, r, img, placeholder=theme.accent_for(hero.category))
        return img is not None

    def _shade_zones(self, i: int) -> tuple[float, float]:
        """Where the scrim over slide ``i`` is clear: from the first to the second fraction of
        the height (an empty range when the text zones leave no clear band)."""
        heroes = self._heroes()
        top_text, title_top = self._text_zones(self.metrics,
                                               heroes[i % len(heroes)] if heroes else None)
        h = max(1.0, float(self.height()))
        a, b = min(1.0, top_text / h), max(0.0, title_top / h)
        return (a + 0.08, b - 0.1) if b - a > 0.2 else (0.0, 0.0)

    def _overlay(self, i: int) -> QPixmap:
        """Slide ``i``'s shading, brand and title on a transparent pixmap, rendered once: a
        video frame is then the frame plus one blit, not the text laid out again."""
        pm = self._overlays.get(i)
        dpr = self.devicePixelRatioF()
        if pm is not None and pm.size() == self.size() * dpr:
            return pm
        pm = QPixmap(self.size() * dpr)
        pm.setDevicePixelRatio(dpr)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        self._paint_overlay(p, i)
        p.end()
        self._overlays[i] = pm
        return pm

    def _paint_overlay(self, p: QPainter, i: int) -> None:
        """Shading, brand, welcome band and title of slide ``i``."""
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        r = QRectF(self.rect())
        m = self.metrics
        heroes = self._heroes()
        pal = theme.palette()
        # legibility: where text sits (the top band and from the title down) the picture is
        # under a plate at least scrim_alpha opaque: the contrast the theme test computes
        top_text, title_top = self._text_zones(m, heroes[i % len(heroes)] if heroes else None)
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
        if self.message is not None:
            paint_attract_band(p, self.width(), m, self.message, self.lang)
        if heroes:
            self._paint_title(p, m, heroes[i % len(heroes)])

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        heroes = self._heroes()
        n = max(1, len(heroes))
        if self._fade < 1.0 and len(heroes) > 1:
            p.drawPixmap(0, 0, self._layer((self.index - 1) % n))
            p.setOpacity(self._fade)
        frame = self._video_frame()
        if frame is not None:  # a playing video: its frame under the same shading and title
            i = self.index % n
            self._paint_picture(p, i, frame)
            overlay = self._overlay(i)
            clear_from, clear_to = self._shade_zones(i)
            h, dpr = self.height(), overlay.devicePixelRatio()
            # the clear band between the text zones is transparent: only the strips above and
            # below it are blended
            for y0, y1 in ((0.0, clear_from * h), (clear_to * h, h)) if clear_to > clear_from \
                    else ((0.0, float(h)),):
                top, bottom = math.floor(y0), math.ceil(y1)
                if bottom > top:
                    p.drawPixmap(QRectF(0, top, self.width(), bottom - top), overlay,
                                 QRectF(0, top * dpr, overlay.width(), (bottom - top) * dpr))
        else:
            p.drawPixmap(0, 0, self._layer(self.index % n))
        p.setOpacity(1.0)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self._paint_prompt(p, self.metrics)
        p.end()

    def _img(self, media: Media) -> QImage | None:
        return self._loader.get(self.snapshot.media_path(media), self.size())

    def _text_zones(self, m: theme.Metrics, exhibit: object = None) -> tuple[float, float]:
        """The bottom of the brand lines and the top of the exhibit title block."""
        return (self._top() + m.px(48) + m.fpx(74) + m.px(12),
                self._title_top(m, exhibit) - m.px(16))

    def _title_block(self, m: theme.Metrics, exhibit: object = None
                     ) -> list[tuple[QFont, str, str, int]]:
        """(font, text, colour role, max lines) from the top: chip, title, summary of
        ``exhibit`` (default: the current slide's)."""
        heroes = self._heroes()
        if not heroes:
            return []
        e: Any = exhibit if exhibit is not None else heroes[self.index % len(heroes)]
        return [(self._font(m.fpx(22), True), category_label(e.category, self.lang), "chip", 1),
                (self._font(m.fpx(64), True), e.title.get(self.lang), "text", 3),
                (self._font(m.fpx(26)), e.summary.get(self.lang), "body", 2)]

    def _block_heights(self, m: theme.Metrics, exhibit: object = None) -> list[int]:
        """Each block's height; on a short page the summary, then the title, give up lines
        so the block never reaches the brand."""
        width = int(self.width() - 2 * m.px(64))
        block = self._title_block(m, exhibit)
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
        return self._top() + m.px(44) + m.fpx(74) + m.px(4)

    def _title_top(self, m: theme.Metrics, exhibit: object = None) -> float:
        gap = m.px(10)
        heights = [h for h in self._block_heights(m, exhibit) if h > 0]
        return self._prompt_rect().top() - m.px(40) - sum(heights) - gap * len(heights)

    def title_rects(self, exhibit: object = None) -> list[QRectF]:
        """Where the chip, title and summary are drawn (for the layout audit)."""
        m = self.metrics
        y = self._title_top(m, exhibit)
        out = []
        for h in self._block_heights(m, exhibit):
            out.append(QRectF(m.px(64), y, self.width() - 2 * m.px(64), h))
            if h > 0:
                y += h + m.px(10)
        return out

    def brand_rect(self) -> QRectF:
        m = self.metrics
        x = m.px(48) + m.px(64) + m.px(20)
        return QRectF(x, self._top() + m.px(44), self.lang_btn.x() - m.px(24) - x,
                      m.fpx(74) + m.px(4))

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
        for rect, (font, text, role, _lines) in zip(self.title_rects(exhibit),
                                                     self._title_block(m, exhibit),
                                                     strict=True):
            if rect.height() <= 0:
                continue
            p.setFont(font)
            p.setPen(colours[role])
            p.drawText(rect, flags, text)

    def _paint_prompt(self, p: QPainter, m: theme.Metrics) -> None:
        """The pulsing glow, then the plate with its text (rendered once, see ``_plate``)."""
        rect = self._prompt_rect()
        pal = theme.palette()
        glow = QColor(pal.accent)
        glow.setAlpha(int(40 + 70 * self._pulse))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(glow)
        grow = m.px(10) * self._pulse
        p.drawRoundedRect(rect.adjusted(-grow, -grow, grow, grow),
                          rect.height() / 2 + grow, rect.height() / 2 + grow)
        pm, at = self._plate_pixmap(rect)
        p.drawPixmap(at, pm)

    def _plate_pixmap(self, rect: QRectF) -> tuple[QPixmap, QPointF]:
        """The prompt's plate and text, rendered once per size, language, palette and text
        scale, and where to blit it (a whole pixel: the plate keeps its sub-pixel place)."""
        m, pal, dpr = self.metrics, theme.palette(), self.devicePixelRatioF()
        key = (rect.getRect(), dpr, self.lang, pal.name, pal.accent, pal.on_accent,
               m.unit, m.text_scale, tr("touch_to_start", "zh"), tr("touch_to_start", "en"))
        if self._plate is not None and self._plate[0] == key:
            return self._plate[1], self._plate[2]
        at = QPointF(math.floor(rect.left()) - 1, math.floor(rect.top()) - 1)
        size = QSize(math.ceil(rect.right()) + 1 - int(at.x()),
                     math.ceil(rect.bottom()) + 1 - int(at.y()))
        pm = QPixmap(size * dpr)
        pm.setDevicePixelRatio(dpr)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.translate(-at)
        self._paint_plate(p, m, rect)
        p.end()
        self._plate = (key, pm, at)
        return pm, at

    def _paint_plate(self, p: QPainter, m: theme.Metrics, rect: QRectF) -> None:
        pal = theme.palette()
        p.setPen(Qt.PenStyle.NoPen)
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
