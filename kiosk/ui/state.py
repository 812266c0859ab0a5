"""The visitor session: language and the things an idle reset puts back."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class UiState(QObject):
    language_changed = Signal(str)
    reset_requested = Signal()

    def __init__(self, default_language: str = "zh", parent: QObject | None = None):
        super().__init__(parent)
        self.default_language = default_language
        self._lang = default_language

    @property
    def lang(self) -> str:
        return self._lang

    def set_language(self, lang: str) -> None:
        if lang != self._lang:
            self._lang = lang
            self.language_changed.emit(lang)

    def toggle_language(self) -> None:
        self.set_language("en" if self._lang == "zh" else "zh")

    def reset(self) -> None:
        """Back to a fresh visitor: default language, every page scrolled and paged to the start."""
        self.set_language(self.default_language)
        self.reset_requested.emit()
