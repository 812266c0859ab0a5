"""Axis and style helpers: the kiosk's dark theme on pyqtgraph, readable tick labels."""

from __future__ import annotations

import html
import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

from kiosk.ui import theme

SERIES_COLORS = theme.NORMAL.series  # the normal theme's; charts read theme.palette().series


class KioskAxis(pg.AxisItem):
    """Compact tick labels: 600000 reads '600k' in English and '60万' in Chinese."""

    def __init__(self, orientation: str, **kwargs: object) -> None:
        super().__init__(orientation, **kwargs)
        self.lang = "zh"
        self._title: tuple[str, str, int] | None = None  # text, colour, pixel size asked for
        self._shown: tuple[str, int] | None = None

    def set_title(self, text: str, *, color: str, px: int) -> None:
        """The axis title, made smaller (to 70 %) and then elided when it is longer than the
        axis: "Total ion current (counts)" beside a short plot lost its end otherwise."""
        self._title = (text, color, px)
        self._shown = None
        self._fit_title()

    def resizeEvent(self, ev: object = None) -> None:
        self._fit_title()
        super().resizeEvent(ev)

    def _fit_title(self) -> None:
        if getattr(self, "_title", None) is None:  # pyqtgraph resizes the axis in __init__
            return
        assert self._title is not None
        text, color, px = self._title
        along = self.size().height() if self.orientation in ("left", "right") else \
            self.size().width()
        room = int(along) - 8
        size = px
        if room > 40:
            font = QFont(theme.FONT_FAMILY)
            font.setPixelSize(size)
            while size > max(11, round(px * 0.7)) and \
                    QFontMetrics(font).horizontalAdvance(text) > room:
                size -= 1
                font.setPixelSize(size)
            text = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, room)
        if (text, size) != self._shown:
            self._shown = (text, size)
            self.setLabel(html.escape(text), color=color,
                          **{"font-size": f"{size}px", "font-family": theme.FONT_FAMILY})

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
    if isinstance(axis, KioskAxis):
        axis.set_title(label, color=color, px=round(px * 1.05))
    else:
        axis.setLabel(label, color=color, **{"font-size": f"{round(px * 1.05)}px",
                                             "font-family": theme.FONT_FAMILY})
