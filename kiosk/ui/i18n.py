"""The visitor pages' names for the one string table (``kiosk.ui.texts``)."""

from __future__ import annotations

from kiosk.ui.texts import LANGS, TEXTS, category_label, text

STRINGS = TEXTS  # one table: visitor and curator texts together
tr = text

__all__ = ["LANGS", "STRINGS", "category_label", "tr"]
