"""Read-aloud: the focused or tapped item spoken in its own language, an exhibit's texts
paragraph by paragraph (or its recorded narration), through the window's one ``Sound``.

Speech is made by ``kiosk.media.speech`` (libespeak-ng 1.52, or the Windows voices) in the
background pool, written to a WAV in a private folder and played when it is ready; anything
newer (another item, a page change, the idle reset) makes older speech moot. Without an
engine or a voice the mode stays on and says so (``problem``); nothing fails.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Signal

from kiosk.ui.services import Background
from kiosk.ui.sound import Sound

log = logging.getLogger(__name__)

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
GLYPHS = re.compile(r"[●○←→‹›■•·]")  # drawn marks, not words


@dataclasses.dataclass(frozen=True)
class Piece:
    """One thing to say: a text in a language, or a recorded file to play."""

    text: str = ""
    lang: str = "zh"
    file: Path | None = None


def language_of(text: str, default: str) -> str:
    """Chinese if it has Chinese characters, English if it has Latin letters, else ``default``."""
    if CJK.search(text):
        return "zh"
    if LATIN.search(text):
        return "en"
    return default


def pieces_of(text: str, default: str) -> list[Piece]:
    """A label as spoken parts: bilingual labels (``无障碍 · Access``) are split at their
    separators so each part gets its own language's voice."""
    out = []
    for part in re.split(r"\s+·\s+|\n+", text):
        clean = GLYPHS.sub(" ", part).strip()
        if clean:
            out.append(Piece(clean, language_of(clean, default)))
    return out


def paragraphs(text: str) -> list[str]:
    """Content text's paragraphs (blank line = paragraph; ``- `` bullets are their own)."""
    out = []
    for para in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [ln.strip() for ln in para.split("\n") if ln.strip()]
        if lines and all(ln.startswith(("- ", "• ")) for ln in lines):
            out += [ln[2:].strip() for ln in lines]
        elif lines:
            out.append(" ".join(lines) if not CJK.search(para) else "".join(lines))
    return out


Synth = Callable[[str, str], tuple[bytes, str]]  # (text, lang) -> (WAV bytes, voice name)


def espeak_synth(text: str, lang: str) -> tuple[bytes, str]:
    """The best engine here for ``lang`` (runs in the background pool)."""
    from kiosk.media import speech

    engine = speech.engine_for(lang)
    if engine is None:
        raise speech.SpeechError(f"no speech engine for {lang!r}")
    voices = engine.voices(lang)
    voice = voices[0] if voices else None
    return engine.synthesize(text, lang, voice).wav_bytes(), f"{engine.name}:{voice}"


def engine_problem() -> str:
    """'' when both languages have a voice here, else what is missing (background pool)."""
    from kiosk.media import speech

    missing = [lang for lang in speech.LANGS if speech.engine_for(lang) is None]
    if not missing:
        return ""
    details = "; ".join(st.detail for st in speech.report() if not st.available)
    return f"no voice for {', '.join(missing)}" + (f" ({details})" if details else "")


class ReadAloud(QObject):
    """Say pieces one after another; ``say`` replaces whatever was being said."""

    started = Signal(object)    # the Piece now sounding
    problem_changed = Signal(str)

    def __init__(self, sound: Sound, parent: QObject | None = None, *,
                 synth: Synth = espeak_synth, check: Callable[[], str] = engine_problem):
        super().__init__(parent)
        self.sound = sound
        self._synth = synth
        self._check = check
        self._bg = Background(self)
        self._dir = Path(tempfile.mkdtemp(prefix="kiosk-speech-"))
        self._names = itertools.count()
        self.enabled = False
        self.problem = ""
        self.checked = False
        self.history: list[tuple[str, str, str, str]] = []  # (text, lang, voice, file) said
        self._queue: list[Piece] = []
        self._generation = 0
        self._playing: str = ""
        sound.finished.connect(self._on_finished)

    # on / off ------------------------------------------------------------------------------
    def set_enabled(self, on: bool) -> None:
        if on == self.enabled:
            return
        self.enabled = on
        if not on:
            self.stop()
        elif not self.checked:
            self._bg.submit(self._check, self._on_checked,
                            lambda exc: self._on_checked(f"speech check failed: {exc}"))

    def _on_checked(self, problem: str) -> None:
        self.checked = True
        self.problem = problem
        if self.problem:
            log.warning("read-aloud: %s", self.problem)
        self.problem_changed.emit(self.problem)

    # saying --------------------------------------------------------------------------------
    def say(self, pieces: Sequence[Piece]) -> None:
        """Stop what is being said and say ``pieces`` (nothing while the mode is off)."""
        self.stop()
        if not self.enabled:
            return
        self._queue = [p for p in pieces if p.text or p.file is not None]
        self._next()

    def say_text(self, text: str, default_lang: str) -> None:
        self.say(pieces_of(text, default_lang))

    def stop(self) -> None:
        self._generation += 1
        self._queue = []
        if self._playing and self.sound.current == self._playing:
            self.sound.stop()
        self._playing = ""

    @property
    def speaking(self) -> bool:
        return bool(self._playing) or bool(self._queue)

    def _next(self) -> None:
        if not self._queue:
            self._playing = ""
            return
        piece = self._queue.pop(0)
        gen = self._generation
        if piece.file is not None:
            self._play(gen, piece, str(piece.file), "narration")
            return
        path = self._dir / f"{next(self._names)}.wav"
        text, lang = piece.text, piece.lang

        def work() -> tuple[Path, str]:
            wav, voice = self._synth(text, lang)
            path.write_bytes(wav)
            return path, voice

        def done(result: tuple[Path, str]) -> None:
            self._play(gen, piece, str(result[0]), str(result[1]))

        def failed(exc: Exception) -> None:
            if gen == self._generation:
                self.problem = str(exc)
                self.problem_changed.emit(self.problem)
                self._next()

        self._bg.submit(work, done, failed)

    def _play(self, gen: int, piece: Piece, path: str, voice: str) -> None:
        if gen != self._generation or not self.enabled:
            return  # something newer was asked for meanwhile
        self._playing = path
        self.history.append((piece.text, piece.lang, voice, path))
        if self.sound.play(path):
            self.started.emit(piece)
        else:  # silenced (switched off, quiet hours): nothing to wait for
            self._playing = ""
            self._queue = []

    def _on_finished(self, path: str, why: str) -> None:
        if path != self._playing:
            return
        self._playing = ""
        if why == "end":
            self._next()
        else:
            self._queue = []

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self._dir, ignore_errors=True)


class TapWatcher(QObject):
    """Install on the QApplication: calls ``on_tap(widget)`` after each released touch/click."""

    def __init__(self, on_tap: Callable[[object], None], parent: QObject | None = None):
        super().__init__(parent)
        self.on_tap = on_tap

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease:
            self.on_tap(obj)
        return False
