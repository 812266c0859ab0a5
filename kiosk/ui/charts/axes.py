"""Axis and style helpers: the kiosk's dark theme on pyqtgraph, readable tick labels."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QFont

from kiosk.ui import theme

SERIES_COLORS = theme.NORMAL.series  # the normal theme's; charts read theme.palette().series


class KioskAxis(pg.AxisItem):
    """Compact tick labels: 600000 reads '600k' in English and '60万' in Chinese."""

    def __init__(self, orientation: str, **kwargs: object) -> None:
        super().__init__(orientation, **kwargs)
        self.lang = "zh"

    def tickStrings(self, values: list[float], scale: float,
                    spacing: float) -> list[str]:
        big = max((abs(v) for v in values), default=0.0)
        if big < 1e4:
            return super().tickStrings(values, scale, spacing)
        if self.lang == "zh":
            div, suffix = (1e8, "亿") if big >= 1e8 else (1e4, "万")
        else:
            div, suffix = (1e6, "M") if big >= 1e6 else (1e3, "k")
        digits = max(0, -math.floor(math.log10(spacing / div))) if spacing > 0 else 0
        return [f"{v / div:.{min(digits, 3)}f}{suffix}" if v else "0" for v in values]


def style_axis(axis: pg.AxisItem, *, px: int, label: str, color: str | None = None) -> None:
    pal = theme.palette()
    color = color or pal.muted
    font = QFont(theme.FONT_FAMILY)
    font.setPixelSize(px)
    axis.setTickFont(font)
    axis.setPen(pg.mkPen(pal.card_line, width=1))
    axis.setTextPen(pg.mkPen(pal.muted))
    axis.setStyle(tickTextOffset=max(4, px // 3), tickLength=-max(4, px // 3))
    axis.setLabel(label, color=color, **{"font-size": f"{round(px * 1.05)}px",
                                         "font-family": theme.FONT_FAMILY})
