"""The kiosk's one sound output: one player per window, one sound at a time.

Everything that makes a sound goes through the window's ``Sound``: exhibit narrations,
read-aloud (``play`` a WAV made by ``kiosk.media.speech``), and videos whose visitor tapped
"unmute" (``claim``, so a narration stops the video's sound and the other way round).
``audio.enabled``, ``audio.volume`` and ``audio.quiet_hours`` are applied here, so no caller
needs to know them.

QtMultimedia (and its FFmpeg plugin) loads on the first ``play`` or ``prewarm``, not at start:
the first page paints sooner.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal

from kiosk.media import quiet_hours
from kiosk.settings import Config
from kiosk.ui.multimedia import settle_disconnect_notify

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

log = logging.getLogger(__name__)

QUIET_CHECK_MS = 20_000


class PlayState(enum.Enum):
    IDLE = "idle"
    PLAYING = "playing"
    PAUSED = "paused"


class Sound(QObject):
    """QMediaPlayer + QAudioOutput behind a small API; see the module docs."""

    started = Signal(str)              # path
    progress = Signal(int, int)        # position ms, duration ms (0 while unknown)
    finished = Signal(str, str)        # path, why: "end" | "stopped" | "error"
    state_changed = Signal(str)        # PlayState value
    silenced_changed = Signal(bool)    # off, or quiet hours began/ended
    volume_changed = Signal(float)     # effective linear volume 0..1 (0 when silenced)

    def __init__(self, cfg: Config, parent: QObject | None = None, *,
                 clock: Callable[[], dt.time] | None = None):
        super().__init__(parent)
        self._clock = clock or (lambda: dt.datetime.now().time())
        self._enabled = True
        self._volume = 80
        self._quiet: quiet_hours.Ranges = ()
        self._player: QMediaPlayer | None = None
        self._output: QAudioOutput | None = None
        self._path = ""
        self._state = PlayState.IDLE
        self._release: Callable[[], None] | None = None
        self._silenced = False
        self._timer = QTimer(self)
        self._timer.setInterval(QUIET_CHECK_MS)
        self._timer.timeout.connect(self._check_silenced)
        self.apply(cfg)

    # settings ------------------------------------------------------------------------------
    def update(self, values: dict[str, Any]) -> None:
        """Change some ``audio.*`` values (a curator's, from the settings screen)."""
        self.apply(self._cfg.with_overrides(**{k.replace(".", "__"): v
                                              for k, v in values.items()}))

    def apply(self, cfg: Config) -> None:
        """Take ``audio.*`` from ``cfg`` (start-up, and each curator change)."""
        self._cfg = cfg
        self._enabled = bool(cfg["audio.enabled"])
        self._volume = int(cfg["audio.volume"])
        try:
            self._quiet = quiet_hours.parse(cfg["audio.quiet_hours"])
        except ValueError as exc:
            log.warning("audio.quiet_hours: %s; no quiet hours", exc)
            self._quiet = ()
        if self._quiet:
            self._timer.start()
        else:
            self._timer.stop()
        self._check_silenced(force=True)
        self._apply_volume()

    @property
    def silenced(self) -> bool:
        """No sound now: switched off, volume 0 or quiet hours."""
        return (not self._enabled or self._volume == 0
                or quiet_hours.is_quiet(self._quiet, self._clock()))

    @property
    def volume(self) -> float:
        """The effective linear volume 0..1 that players should use."""
        return 0.0 if self.silenced else self._volume / 100

    def _check_silenced(self, force: bool = False) -> None:
        now = self.silenced
        if now == self._silenced and not force:
            return
        changed = now != self._silenced
        self._silenced = now
        if now:
            self.stop()
            if self._release is not None:
                self._take_back()
        self._apply_volume()
        if changed:
            log.info("sound %s", "silenced" if now else "on")
            self.silenced_changed.emit(now)

    def _apply_volume(self) -> None:
        if self._output is not None:
            self._output.setVolume(self.volume)
        self.volume_changed.emit(self.volume)

    # the player ----------------------------------------------------------------------------
    def prewarm(self) -> None:
        """Load QtMultimedia and make the player now (after the first paint), not on a tap."""
        self._ensure_player()

    def _ensure_player(self) -> QMediaPlayer:
        if self._player is None:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

            self._output = QAudioOutput(self)
            self._output.setVolume(self.volume)
            self._player = QMediaPlayer(self)
            self._player.setAudioOutput(self._output)
            self._player.positionChanged.connect(self._on_position)
            self._player.mediaStatusChanged.connect(self._on_status)
            self._player.errorOccurred.connect(self._on_error)
            settle_disconnect_notify(self._output, self._player)
        return self._player

    @property
    def state(self) -> PlayState:
        return self._state

    @property
    def current(self) -> str:
        """The file playing or paused ('' when idle)."""
        return self._path if self._state is not PlayState.IDLE else ""

    def position_ms(self) -> int:
        return int(self._player.position()) if self._player is not None else 0

    def duration_ms(self) -> int:
        return int(self._player.duration()) if self._player is not None else 0

    def play(self, path: Path | str) -> bool:
        """Play ``path`` from the start, stopping whatever sounded; False when silenced."""
        if self.silenced:
            log.info("sound silenced: not playing %s", path)
            return False
        self.stop()
        self._take_back()
        player = self._ensure_player()
        self._path = str(path)
        player.setSource(QUrl.fromLocalFile(self._path))
        player.play()
        self._set_state(PlayState.PLAYING)
        log.info("sound: playing %s", Path(self._path).name)
        self.started.emit(self._path)
        return True

    def pause(self) -> None:
        if self._state is PlayState.PLAYING and self._player is not None:
            self._player.pause()
            self._set_state(PlayState.PAUSED)

    def resume(self) -> None:
        if self._state is PlayState.PAUSED and self._player is not None and not self.silenced:
            self._player.play()
            self._set_state(PlayState.PLAYING)

    def stop(self) -> None:
        """Stop the sound playing or paused (no-op when idle)."""
        self._finish("stopped")

    def claim(self, release: Callable[[], None]) -> bool:
        """Another player (an unmuted video) wants to sound: the narration stops, and
        ``release`` is called when something else plays. False when silenced."""
        if self.silenced:
            return False
        self.stop()
        self._take_back()
        self._release = release
        return True

    def unclaim(self, release: Callable[[], None]) -> None:
        if self._release == release:  # bound methods: equal, not identical
            self._release = None

    def _take_back(self) -> None:
        release, self._release = self._release, None
        if release is not None:
            release()

    def _finish(self, why: str) -> None:
        if self._state is PlayState.IDLE:
            return
        path = self._path
        self._set_state(PlayState.IDLE)
        if self._player is not None:
            # pause(), not stop(): with Qt 6.11.3's FFmpeg backend, stop() tears the audio
            # renderer down on the GUI thread, which has been seen to block in QThread::wait
            # while another player (an unmuted video) is sounding; a paused player is silent
            # and the next play() replaces the source anyway
            self._player.pause()
        log.info("sound: %s %s", why, Path(path).name)
        self.finished.emit(path, why)

    def _set_state(self, state: PlayState) -> None:
        if state is not self._state:
            self._state = state
            self.state_changed.emit(state.value)

    def _on_position(self, pos: int) -> None:
        if self._state is not PlayState.IDLE and self._player is not None:
            self.progress.emit(int(pos), int(self._player.duration()))

    def _on_status(self, status: object) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.EndOfMedia and self._state is not PlayState.IDLE:
            self._finish("end")
        elif status == QMediaPlayer.MediaStatus.InvalidMedia and self._state is not PlayState.IDLE:
            log.warning("sound: cannot play %s", self._path)
            self._finish("error")

    def _on_error(self, _error: object, message: str) -> None:
        if self._state is not PlayState.IDLE:
            log.warning("sound: %s: %s", self._path, message)
            self._finish("error")
