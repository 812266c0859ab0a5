"""The editor's audio guide: per language, what narration the exhibit has (recorded or
synthesized, how long), and Upload / Remove.

An upload is decoded whole in the media worker (``kiosk.media.audio.import_audio``) before it
joins the draft; a bad file is refused with its name and the reason in both languages. The
curator picks the language with the row's button, so the file may have any name. A file made
by ``kiosk narrate`` is marked *synthesized*: replace it with a recorded voice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.content.record import LANGS
from kiosk.ui.admin import widgets as w
from kiosk.ui.admin.strings import t

AUDIO_FILTER = "Sound (*.ogg *.opus *.oga *.mp3 *.wav *.OGG *.OPUS *.MP3 *.WAV)"


def mmss(ms: int) -> str:
    s = max(0, round(ms / 1000))
    return f"{s // 60}:{s % 60:02d}"


class NarrationPart(QWidget):
    """Shows and edits ``items`` (the draft's ``narrations`` JSON list) in place."""

    changed = Signal(bool)
    upload_requested = Signal(str)  # lang

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.items: list[dict[str, Any]] = []
        self.lang = "zh"
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(12)
        self.names: dict[str, Any] = {}
        self.states: dict[str, Any] = {}
        self.upload: dict[str, Any] = {}
        self.remove: dict[str, Any] = {}
        for r, lang in enumerate(LANGS):
            self.names[lang] = w.label("", "admH3", self)
            self.states[lang] = w.label("", "", self, wrap=True)
            self.upload[lang] = w.button("", "", self)
            self.remove[lang] = w.button("", "ghost", self)
            self.upload[lang].clicked.connect(
                lambda _c=False, lg=lang: self.upload_requested.emit(lg))
            self.remove[lang].clicked.connect(lambda _c=False, lg=lang: self.remove_lang(lg))
            grid.addWidget(self.names[lang], r, 0)
            grid.addWidget(self.states[lang], r, 1)
            grid.addWidget(self.upload[lang], r, 2)
            grid.addWidget(self.remove[lang], r, 3)
        grid.setColumnStretch(1, 1)

    def set_items(self, items: list[dict[str, Any]]) -> None:
        self.items = items  # the draft's own list: edits land in the draft
        self._refresh()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._refresh()

    def item(self, lang: str) -> dict[str, Any] | None:
        return next((n for n in self.items if n.get("lang") == lang), None)

    def put(self, narration: dict[str, Any]) -> None:
        """Add or replace the narration of ``narration["lang"]``."""
        self.items[:] = [n for n in self.items if n.get("lang") != narration["lang"]]
        self.items.append(narration)
        self.items.sort(key=lambda n: LANGS.index(n["lang"]))
        self._refresh()
        self.changed.emit(True)

    def remove_lang(self, lang: str) -> None:
        if self.item(lang) is None:
            return
        self.items[:] = [n for n in self.items if n.get("lang") != lang]
        self._refresh()
        self.changed.emit(True)

    def state_text(self, lang: str) -> str:
        n = self.item(lang)
        if n is None:
            return t("narr.none", self.lang)
        key = "narr.synth" if n.get("synthesized") else "narr.recorded"
        return t(key, self.lang, d=mmss(int(n.get("duration_ms") or 0)))

    def _refresh(self) -> None:
        for lang in LANGS:
            self.names[lang].setText(t(f"narr.{lang}", self.lang))
            n = self.item(lang)
            self.states[lang].setText(self.state_text(lang))
            self.states[lang].setObjectName("admMissing" if n and n.get("synthesized") else "")
            w.repolish(self.states[lang])
            self.upload[lang].setText(t("narr.replace" if n else "narr.upload", self.lang))
            self.remove[lang].setText(t("narr.remove", self.lang))
            self.remove[lang].setEnabled(n is not None)


def import_narration(path: Path, lang: str, media_dir: Path) -> dict[str, Any]:
    """Worker side of an upload: decode ``path`` whole, store it; the draft's JSON entry."""
    from kiosk.media import audio

    stored = audio.import_audio(path, media_dir=media_dir, name=path.name)
    return {"lang": lang, "file": stored.file, "duration_ms": int(stored.info.duration_s * 1000),
            "synthesized": stored.info.synthesized, "sha256": stored.sha256}


Work = Callable[[], dict[str, Any]]
