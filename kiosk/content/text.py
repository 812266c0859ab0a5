"""A text in both languages (the record's ``Text``, importable without the record's name)."""

from __future__ import annotations

from kiosk.content.record import Text

__all__ = ["Text"]
