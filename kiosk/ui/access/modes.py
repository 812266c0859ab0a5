"""The visitor's accessibility modes: what is on now, the curator's defaults, the idle reset."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.settings import Config

TEXT_SCALES = (1.0, 1.5, 2.0)


@dataclasses.dataclass(frozen=True)
class Modes:
    text_scale: float = 1.0
    high_contrast: bool = False
    reach: bool = False
    reduce_motion: bool = False
    read_aloud: bool = False

    @classmethod
    def from_config(cls, cfg: Config) -> Modes:
        return cls().with_values({f"access.{f.name}": cfg[f"access.{f.name}"]
                                  for f in dataclasses.fields(cls)})

    def with_values(self, values: Mapping[str, Any]) -> Modes:
        """These modes with ``access.<mode>`` settings values applied (others are ignored)."""
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            key = f"access.{f.name}"
            if key not in values:
                continue
            if f.name == "text_scale":  # the nearest of the panel's sizes
                changes[f.name] = min(TEXT_SCALES, key=lambda s: abs(s - float(values[key])))
            else:
                changes[f.name] = bool(values[key])
        return dataclasses.replace(self, **changes)

    def names(self) -> list[str]:
        """The modes that are on, as ``kiosk shot --mode`` spells them."""
        out = []
        if self.text_scale > 1.01:
            out.append("large-text" if self.text_scale < 1.99 else "large-text-200")
        for flag, name in ((self.high_contrast, "high-contrast"), (self.reach, "reach"),
                           (self.reduce_motion, "reduce-motion"), (self.read_aloud, "read-aloud")):
            if flag:
                out.append(name)
        return out


class AccessModes(QObject):
    """The modes in force; ``changed`` fires with the new ``Modes`` whenever one changes."""

    changed = Signal(object)

    def __init__(self, defaults: Modes, parent: QObject | None = None):
        super().__init__(parent)
        self.defaults = defaults
        self._modes = defaults

    @property
    def modes(self) -> Modes:
        return self._modes

    def set(self, **changes: object) -> None:
        new = dataclasses.replace(self._modes, **changes)  # type: ignore[arg-type]
        if new != self._modes:
            self._modes = new
            self.changed.emit(new)

    def toggle(self, name: str) -> None:
        self.set(**{name: not getattr(self._modes, name)})

    def cycle_text_scale(self) -> None:
        now = self._modes.text_scale
        i = TEXT_SCALES.index(now) if now in TEXT_SCALES else 0
        self.set(text_scale=TEXT_SCALES[(i + 1) % len(TEXT_SCALES)])

    def set_defaults(self, defaults: Modes) -> None:
        """The curator's new defaults: they take effect at the next idle reset."""
        self.defaults = defaults

    def reset(self) -> None:
        """Back to the curator's defaults (the idle reset)."""
        if self._modes != self.defaults:
            self._modes = self.defaults
            self.changed.emit(self.defaults)
