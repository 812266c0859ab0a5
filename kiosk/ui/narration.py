"""The exhibit page's audio guide: a large 听讲解 / Listen button, then a progress bar with
elapsed/total time, pause/resume and stop while it plays.

Shown only when the exhibit has a narration in the visitor's language and the kiosk may make
a sound (``Sound.silenced``). Switching the language while it plays starts the other
language's narration from the beginning. Everything that silences the kiosk (leaving the
page, the idle reset, admin mode) goes through the window's ``Sound``; this bar only follows.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QWidget

from kiosk.content.record import Exhibit
from kiosk.ui import theme
from kiosk.ui.i18n import tr
from kiosk.ui.sound import PlayState, Sound
from kiosk.ui.widgets import PillButton


def mmss(ms: int) -> str:
    s = max(0, round(ms / 1000))
    return f"{s // 60}:{s % 60:02d}"


def speaker_icon(size: int, color: QColor) -> QIcon:
    """A loudspeaker with two sound waves, drawn (the kiosk's fonts have no emoji)."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    s = size / 24
    body = QPainterPath()
    body.moveTo(3 * s, 9 * s)
    body.lineTo(7 * s, 9 * s)
    body.lineTo(12 * s, 4.5 * s)
    body.lineTo(12 * s, 19.5 * s)
    body.lineTo(7 * s, 15 * s)
    body.lineTo(3 * s, 15 * s)
    body.closeSubpath()
    p.fillPath(body, color)
    pen = QPen(color, 2 * s)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    for r in (4.5, 8.0):
        p.drawArc(QRectF(12 * s - r * s, 12 * s - r * s, 2 * r * s, 2 * r * s), -50 * 16, 100 * 16)
    p.end()
    return QIcon(pm)


class NarrationBar(QWidget):
    """Listen / pause-resume / stop for the exhibit's narration in the visitor's language."""

    listening = Signal(bool)  # the narration of this page is playing or paused

    def __init__(self, sound: Sound | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.sound = sound
        self.exhibit: Exhibit | None = None
        self.media_dir = Path(".")
        self.lang = "zh"
        self.metrics = theme.Metrics(1920, 1080)
        self.listen_btn = PillButton(accent=True, parent=self)
        self.listen_btn.clicked.connect(self.listen)
        self.pause_btn = PillButton(parent=self)
        self.pause_btn.clicked.connect(self.toggle_pause)
        self.stop_btn = PillButton(parent=self)
        self.stop_btn.clicked.connect(self.stop)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("narrationProgress")
        self.progress.setTextVisible(True)
        self.progress.setRange(0, 1000)
        self._lay = lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.listen_btn, 0)
        lay.addWidget(self.pause_btn, 0)
        lay.addWidget(self.progress, 1)
        lay.addWidget(self.stop_btn, 0)
        if sound is not None:
            sound.progress.connect(self._on_progress)
            sound.finished.connect(self._on_finished)
            sound.state_changed.connect(lambda _s: self._update())
            sound.silenced_changed.connect(lambda _s: self._update())
        self._update()

    # model ---------------------------------------------------------------------------------
    def set_exhibit(self, exhibit: Exhibit | None, media_dir: Path) -> None:
        if exhibit is None or self.exhibit is None or exhibit.slug != self.exhibit.slug:
            self._stop_ours()
        self.exhibit, self.media_dir = exhibit, media_dir
        self._update()

    def set_language(self, lang: str) -> None:
        if lang == self.lang:
            return
        playing = self.active
        self.lang = lang
        if playing:  # the other language, from the start
            if self._path() is not None:
                self.listen()
            else:
                self._stop_ours()
        self._update()

    def apply_metrics(self, m: theme.Metrics) -> None:
        self.metrics = m
        for b in (self.listen_btn, self.pause_btn, self.stop_btn):
            b.apply_metrics(m)
        self.listen_btn.setIconSize(QSize(m.px(34), m.px(34)))
        self.listen_btn.setIcon(speaker_icon(m.px(34) * 2, QColor(theme.palette().on_accent)))
        self.progress.setFixedHeight(m.tap())
        self._lay.setSpacing(m.px(14))

    def _path(self) -> Path | None:
        n = self.exhibit.narration(self.lang) if self.exhibit is not None else None
        return self.media_dir / n.file if n is not None else None

    def _duration_ms(self) -> int:
        n = self.exhibit.narration(self.lang) if self.exhibit is not None else None
        return n.duration_ms if n is not None else 0

    @property
    def active(self) -> bool:
        """This bar's narration is what the kiosk is playing (or holding paused)."""
        s = self.sound
        return (s is not None and s.state is not PlayState.IDLE and self.exhibit is not None
                and s.current in {str(self.media_dir / n.file) for n in self.exhibit.narrations})

    # actions -------------------------------------------------------------------------------
    def listen(self) -> None:
        path = self._path()
        if self.sound is None or path is None:
            return
        self.progress.setValue(0)
        self.progress.setFormat(f"0:00 / {mmss(self._duration_ms())}")
        self.sound.play(path)
        self._update()
        self.listening.emit(self.active)

    def toggle_pause(self) -> None:
        if self.sound is None or not self.active:
            return
        if self.sound.state is PlayState.PLAYING:
            self.sound.pause()
        else:
            self.sound.resume()

    def stop(self) -> None:
        self._stop_ours()

    def _stop_ours(self) -> None:
        if self.active and self.sound is not None:
            self.sound.stop()

    def _on_progress(self, pos: int, dur: int) -> None:
        if not self.active:
            return
        total = dur or self._duration_ms()
        self.progress.setValue(int(1000 * pos / total) if total else 0)
        self.progress.setFormat(f"{mmss(pos)} / {mmss(total)}")

    def _on_finished(self, _path: str, _why: str) -> None:
        self._update()
        self.listening.emit(False)

    def _update(self) -> None:
        lang = self.lang
        has = self._path() is not None and self.sound is not None
        silenced = self.sound is None or self.sound.silenced
        self.setVisible(has and not silenced)
        active = self.active
        self.listen_btn.setVisible(not active)
        for w in (self.pause_btn, self.progress, self.stop_btn):
            w.setVisible(active)
        self.listen_btn.setText(f"{tr('listen', lang)}  {mmss(self._duration_ms())}")
        paused = active and self.sound is not None and self.sound.state is PlayState.PAUSED
        self.pause_btn.setText(tr("resume" if paused else "pause", lang))
        self.stop_btn.setText(tr("stop", lang))
