"""One video on screen (gallery or attract loop): decoded by QtMultimedia, its frames handed
to the painter as QImages, muted unless a visitor unmutes it.

The gallery and the attract loop paint the frames themselves (rounded corners, swipes and
cross-fades stay theirs) and show the poster until the first frame arrives. A video that
fails at run time is logged and reported through ``failed``: the caller shows the poster or
moves on, never a black or frozen picture. Unmuting goes through the window's ``Sound``
(``claim``), so a narration and a video never sound at once.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QImage

from kiosk.ui.multimedia import settle_disconnect_notify
from kiosk.ui.sound import Sound

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoFrame, QVideoSink

log = logging.getLogger(__name__)

LOOP_BELOW_MS = 60_000     # shorter videos loop; longer ones play once and stop on their end
STALL_MS = 4_000           # playing but no new frame this long: treated as a failure


class VideoPlayer(QObject):
    frame_ready = Signal()
    failed = Signal(str)        # the file, after logging why
    ended = Signal()
    muted_changed = Signal(bool)

    def __init__(self, sound: Sound | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.sound = sound
        self.path: Path | None = None
        self.image: QImage | None = None
        self.frames = 0                # frames received since play()
        self.started_at = 0.0
        self._player: QMediaPlayer | None = None
        self._sink: QVideoSink | None = None
        self._audio: QAudioOutput | None = None
        self._muted = True
        self._playing = False
        self._failed = False
        self._last_frame = 0.0
        self._watch = QTimer(self)
        self._watch.setInterval(1000)
        self._watch.timeout.connect(self._check_stall)
        if sound is not None:
            sound.volume_changed.connect(lambda _v: self._apply_volume())

    def _ensure(self) -> QMediaPlayer:
        if self._player is None:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoSink

            self._player = QMediaPlayer(self)
            self._sink = QVideoSink(self)
            self._audio = QAudioOutput(self)
            self._player.setVideoSink(self._sink)
            self._player.setAudioOutput(self._audio)
            settle_disconnect_notify(self._player, self._sink, self._audio)
            self._sink.videoFrameChanged.connect(self._on_frame)
            self._player.errorOccurred.connect(self._on_error)
            self._player.mediaStatusChanged.connect(self._on_status)
            self._apply_volume()
        return self._player

    # control -------------------------------------------------------------------------------
    def open(self, path: Path, *, duration_ms: int = 0, loop: bool | None = None) -> None:
        """Load ``path`` (shown from its first frame on ``play``); loops when short, unless
        ``loop`` says otherwise."""
        if self.path == path:
            return
        self.stop()
        player = self._ensure()
        self.path, self.image, self._failed = path, None, False
        from PySide6.QtMultimedia import QMediaPlayer

        if loop is None:
            loop = 0 < duration_ms < LOOP_BELOW_MS
        loops = QMediaPlayer.Loops.Infinite if loop else 1
        player.setLoops(loops)
        player.setSource(QUrl.fromLocalFile(str(path)))

    def play(self) -> None:
        if self.path is None or self._failed:
            return
        self.frames, self.started_at = 0, time.monotonic()
        self._last_frame = self.started_at
        self._ensure().play()
        self._playing = True
        self._watch.start()

    def pause(self) -> None:
        if self._player is not None and self._playing:
            self._player.pause()
        self._playing = False
        self._watch.stop()
        self.set_muted(True)

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()
        self._playing = False
        self._watch.stop()
        self.set_muted(True)

    def close(self) -> None:
        """Forget the file (the next ``open`` of it loads it again)."""
        self.stop()
        self.path, self.image = None, None

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def has_failed(self) -> bool:
        return self._failed

    # sound ---------------------------------------------------------------------------------
    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        if not muted and (self.sound is None or not self.sound.claim(self._released)):
            muted = True  # silenced kiosk (off, quiet hours): the video stays muted
        if muted and self.sound is not None:
            self.sound.unclaim(self._released)
        if muted != self._muted:
            self._muted = muted
            self._apply_volume()
            self.muted_changed.emit(muted)

    def _released(self) -> None:
        """Something else took the sound (a narration, the idle reset): mute."""
        if not self._muted:
            self._muted = True
            self._apply_volume()
            self.muted_changed.emit(True)

    def _apply_volume(self) -> None:
        if self._audio is not None:
            vol = 0.0 if self._muted or self.sound is None else self.sound.volume
            self._audio.setMuted(vol == 0.0)
            self._audio.setVolume(vol)

    # events --------------------------------------------------------------------------------
    def _on_frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid() or not self._playing:
            return
        image = frame.toImage()
        if image.isNull():
            return
        self.image = image
        self.frames += 1
        self._last_frame = time.monotonic()
        self.frame_ready.emit()

    def _fail(self, why: str) -> None:
        if self._failed:
            return
        self._failed = True
        log.warning("video %s skipped: %s", self.path, why)
        self.stop()
        self.image = None
        self.failed.emit(str(self.path))

    def _on_error(self, _error: object, message: str) -> None:
        self._fail(message or "decoder error")

    def _on_status(self, status: object) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._fail("cannot be played")
        elif status == QMediaPlayer.MediaStatus.EndOfMedia:
            self._playing = False
            self._watch.stop()
            self.ended.emit()

    def _check_stall(self) -> None:
        if self._playing and time.monotonic() - self._last_frame > STALL_MS / 1000:
            self._fail(f"no new picture for {STALL_MS // 1000} s")
