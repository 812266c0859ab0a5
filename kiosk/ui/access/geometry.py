"""The panel in millimetres: touch-target size and the band a seated visitor can reach.

Pure arithmetic (no Qt): pixels ↔ millimetres from the panel's physical size, and heights
above the floor from its mounting height.
"""

from __future__ import annotations

import dataclasses
import math

from kiosk.settings import Config

MM_PER_INCH = 25.4


@dataclasses.dataclass(frozen=True)
class PanelGeometry:
    """A ``width_px`` x ``height_px`` picture, mounted with its bottom edge ``mount_mm`` above
    the floor."""

    width_px: int
    height_px: int
    diagonal_in: float = 32.0
    height_mm_override: float = 0.0
    mount_mm: float = 1000.0
    reach_low_mm: float = 380.0
    reach_high_mm: float = 1220.0
    min_target_mm: float = 20.0

    @classmethod
    def from_config(cls, cfg: Config, width_px: int, height_px: int) -> PanelGeometry:
        return cls(width_px, height_px, diagonal_in=cfg["access.panel_diagonal_in"],
                   height_mm_override=cfg["access.panel_height_mm"],
                   mount_mm=cfg["access.mount_height_mm"],
                   reach_low_mm=cfg["access.reach_low_mm"],
                   reach_high_mm=cfg["access.reach_high_mm"],
                   min_target_mm=cfg["access.min_target_mm"])

    @property
    def mm_per_px(self) -> float:
        if self.height_mm_override > 0:
            return self.height_mm_override / max(1, self.height_px)
        return self.diagonal_in * MM_PER_INCH / math.hypot(self.width_px, self.height_px)

    @property
    def height_mm(self) -> float:
        return self.height_px * self.mm_per_px

    def px(self, mm: float) -> int:
        return math.ceil(mm / self.mm_per_px)

    @property
    def min_target_px(self) -> int:
        return self.px(self.min_target_mm)

    def floor_mm(self, y_px: float) -> float:
        """Height above the floor of the window row ``y_px`` (0 = top)."""
        return self.mount_mm + (self.height_px - y_px) * self.mm_per_px

    def band_px(self) -> tuple[int, int]:
        """Rows (top, bottom) of the window that lie inside the reach band, clipped to the
        picture; top == bottom when none does."""
        top = self.height_px - (self.reach_high_mm - self.mount_mm) / self.mm_per_px
        bottom = self.height_px - (self.reach_low_mm - self.mount_mm) / self.mm_per_px
        t = max(0, min(self.height_px, math.ceil(top)))
        b = max(0, min(self.height_px, math.floor(bottom)))
        return t, max(t, b)

    def in_band(self, top_px: float, bottom_px: float) -> bool:
        t, b = self.band_px()
        return top_px >= t and bottom_px <= b
