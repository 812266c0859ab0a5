"""A text in both languages: what every visitor-facing string of the content is."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh
